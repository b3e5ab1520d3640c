"""One row per event worth answering for later: a change, an export, a login, a view.

Append-only from the product: an entry is inserted once and never updated; the only deletion
is retention (`bansou purge_audit`, BANSOU_AUDIT_RETENTION_DAYS) through `purge_before`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.organizations.models import Organization

# Actions that record access rather than change (left out of an object's change history).
ACCESS_ACTIONS = (
    r"(\.(viewed|exported)|^accounts\.user\.(logged_in|logged_out|login_failed|locked_out))$"
)


def _flatten(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [text for v in value.values() for text in _flatten(v)]
    if isinstance(value, list | tuple):
        return [text for v in value for text in _flatten(v)]
    return [str(value)]


def search_text(entry: "AuditEntry") -> str:
    """What the free-text search looks in: the object, the user and every value changed."""
    parts = [entry.target_repr, entry.actor_name, *_flatten(entry.changes)]
    return "\n".join(p for p in parts if p)[:10000]


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        """The object's change history: its changes, not who read or downloaded it."""
        return self.filter(
            organization=obj.organization_id,
            target_type=obj._meta.label_lower,
            target_id=obj.pk,
        ).changes()

    def changes(self) -> "AuditEntryQuerySet":
        """Entries that record a change, without logins, views and downloads."""
        return self.exclude(action__regex=ACCESS_ACTIONS)

    def for_organization(self, organization_id: int) -> "AuditEntryQuerySet":
        return self.filter(organization=organization_id)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for entry in objs:
            entry.fill_context()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    def delete(self):
        raise AppendOnlyError("audit entries are deleted only by retention (purge_before)")

    def move_to_organization(self, organization) -> int:
        """Re-home entries when two chambers merge (organizations.merge): the history of what
        moves moves with it. The content of an entry is never changed."""
        return models.QuerySet.update(self, organization=organization)

    def purge_before(self, moment) -> int:
        """Delete the entries older than `moment` (retention only); returns how many."""
        old = self.filter(created_at__lt=moment)
        # AuditEntry has no reverse relations: this is one DELETE, no collector.
        return old._raw_delete(old.db)


class AuditEntry(models.Model):
    """An action with a namespaced code, e.g. `businesses.business.updated`.

    The organization is empty only for operator-level events that belong to no chamber (a login
    failure with an unknown name, the operator's own login). The target is empty for events
    about no single object (an export names its model in target_type).
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("organization"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # No database constraint and no cascade: deleting a user must not rewrite the trail;
    # actor_name keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    # {field name: {"label": verbose name, "old": value, "new": value}}, values as display text;
    # other events keep their facts under plain keys (an export's rows and filters).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # The object and every value in changes as plain text, for the audit page's free-text
    # search (JSON text differs by database: SQLite escapes non-ASCII characters).
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["organization", "target_type", "target_id", "-created_at"],
                name="audit_target_idx",
            ),
            # The audit page: the chamber's newest first, optionally by user or action.
            models.Index(fields=["organization", "-created_at", "-id"], name="audit_org_time_idx"),
            models.Index(
                fields=["organization", "actor", "-created_at", "-id"], name="audit_org_actor_idx"
            ),
            models.Index(
                fields=["organization", "action", "-created_at", "-id"], name="audit_org_action_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only")
        self.fill_context()
        super().save(*args, **kwargs)

    def fill_context(self) -> None:
        """The user's name (kept if the user is deleted) and the request's client address,
        for entries built directly (imports bulk-create theirs)."""
        from .context import client_address

        actor = self._state.fields_cache.get("actor")
        if not self.actor_name and actor is not None:
            self.actor_name = actor.get_username()
        if self.ip_address is None:
            self.ip_address = client_address()
        if not self.search_text:
            self.search_text = search_text(self)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are deleted only by retention")

    @property
    def verb(self) -> str:
        return self.action.rsplit(".", 1)[-1]
