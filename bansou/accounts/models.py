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


# Who may read and write a business's records. Committee members read aggregates only;
# experts read only the businesses assigned to them (see Business.objects.for_user).
RECORD_WRITERS = frozenset(
    {Role.ADVISOR, Role.LEAD_ADVISOR, Role.COORDINATOR, Role.STAFF, Role.ADMIN}
)
RECORD_READERS = RECORD_WRITERS | {Role.EXPERT}


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

    @property
    def can_read_records(self) -> bool:
        return self.organization_id is not None and self.role in RECORD_READERS

    @property
    def can_write_records(self) -> bool:
        return self.organization_id is not None and self.role in RECORD_WRITERS

    @property
    def is_org_admin(self) -> bool:
        return self.organization_id is not None and self.role == Role.ADMIN
