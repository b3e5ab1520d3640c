"""One row per change to a tracked object; rows are never edited or deleted by the product."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.organizations.models import TenantModel


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(
            organization=obj.organization_id,
            target_type=obj._meta.label_lower,
            target_id=obj.pk,
        )


class AuditEntry(TenantModel):
    """An action with a namespaced code, e.g. `businesses.business.updated`."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("object type"), max_length=100)
    target_id = models.BigIntegerField(_("object id"))
    target_repr = models.CharField(_("object"), max_length=200)
    # {field name: {"label": verbose name, "old": value, "new": value}}, values as display text.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["organization", "target_type", "target_id", "-created_at"],
                name="audit_target_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"

    @property
    def verb(self) -> str:
        return self.action.rsplit(".", 1)[-1]
