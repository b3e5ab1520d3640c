"""Per-user API tokens: only a hash is stored; the token itself is shown once, when created."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.organizations.models import TenantModel


class ApiTokenQuerySet(models.QuerySet):
    def of_user(self, user) -> "ApiTokenQuerySet":
        """A user's own tokens (the page lists and revokes nobody else's)."""
        return self.filter(organization=user.organization_id, user=user)

    def usable(self, now=None) -> "ApiTokenQuerySet":
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(TenantModel):
    """A token acts as its user: same role, same chamber, same visibility as the pages."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the program using it.")
    )
    # SHA-256 of the whole token (hex): a token is 256 random bits, so a fast hash is enough
    # (nothing to guess as with a password) and the lookup is one indexed equality.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, shown in the list so that a user can tell their tokens apart.
    prefix = models.CharField(_("beginning of the token"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
