"""A user belongs to one organization and holds one role in it."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.organizations.models import Organization


class Role(models.TextChoices):
    ADVISOR = "advisor", _("Advisor")
    LEAD_ADVISOR = "lead_advisor", _("Lead advisor")
    COORDINATOR = "coordinator", _("Coordinator")
    STAFF = "staff", _("Staff")
    COMMITTEE = "committee", _("Committee member")
    EXPERT = "expert", _("Expert")
    ADMIN = "admin", _("Administrator")
    # A member IT vendor of the DX matching (plan §12①): sees only the needs sent to it.
    VENDOR = "vendor", _("IT vendor")


class User(AbstractUser):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organization"),
        help_text=_("Empty only for the operator's superuser."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def has_capability(self, capability) -> bool:
        """Whether this user holds a capability of the permissions table (core/permissions.py)."""
        from bansou.core.permissions import has_capability

        return has_capability(self, capability)

    # Shorthands of the table for the most asked questions.
    @property
    def can_read_records(self) -> bool:
        return self.has_capability("records_read")

    @property
    def can_write_records(self) -> bool:
        return self.has_capability("records_write")

    @property
    def is_org_admin(self) -> bool:
        """The chamber's administrator: manages its users and settings in the admin site."""
        return self.organization_id is not None and self.has_capability("settings_manage")


def __getattr__(name: str):
    """RECORD_WRITERS / RECORD_READERS of round 1, now read from the permissions table."""
    legacy = {"RECORD_WRITERS": "records_write", "RECORD_READERS": "records_read"}
    if name not in legacy:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from bansou.core.permissions import roles_with

    return roles_with(legacy[name])
