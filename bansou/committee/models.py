"""The evaluation committee's meeting, who sat on it, what it said and decided, and the
frozen report that closing the meeting publishes."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.core.versioning import VersionedModel
from bansou.organizations.models import TenantModel

from .querysets import MeetingQuerySet


class Grade(models.TextChoices):
    # DOMAIN §2: A–E. A chamber with other bands still grades within these letters.
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"


class MeetingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("committee", "Open")
    CLOSED = "closed", pgettext_lazy("committee", "Closed")


class CommitteeMeeting(VersionedModel, TenantModel):
    """評価委員会: the yearly meeting that grades one fiscal year of a development plan."""

    plan = models.ForeignKey(
        "evaluation.DevelopmentPlan",
        on_delete=models.PROTECT,
        related_name="committee_meetings",
        verbose_name=_("development plan"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year evaluated"),
        help_text=_("The committee usually meets after the year it evaluates has ended."),
    )
    held_at = models.DateTimeField(_("held at"))
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    secretariat = models.TextField(
        _("secretariat"),
        blank=True,
        help_text=_("e.g. 事務局6人（内、川口市経済部産業労働政策課1人）"),
    )
    status = models.CharField(
        pgettext_lazy("committee", "status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.OPEN,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-fiscal_year", "-held_at", "-pk"]
        constraints = [
            # One evaluation per plan and year: the published report must be unambiguous.
            models.UniqueConstraint(
                fields=["plan", "fiscal_year"], name="committee_meeting_plan_year"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "fiscal_year", "status"], name="committee_meeting_fy"
            )
        ]

    def __str__(self) -> str:
        return str(_("Evaluation committee for FY%(year)s") % {"year": self.fiscal_year})

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class CommitteeMember(TenantModel):
    """評価委員会委員: a member present at the meeting, with the title printed in the report."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=pgettext_lazy("committee", "meeting"),
    )
    name = models.CharField(pgettext_lazy("committee", "name"), max_length=100)
    title = models.CharField(
        pgettext_lazy("committee", "title"),
        max_length=200,
        help_text=_("e.g. 中小企業支援委員会 委員長"),
    )
    is_chair = models.BooleanField(pgettext_lazy("committee", "chair"), default=False)
    order = models.PositiveSmallIntegerField(pgettext_lazy("committee", "order"), default=0)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["meeting", "-is_chair", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.name}"


class Opinion(TenantModel):
    """主な意見: an opinion on the whole plan (no section) or on one numbered section."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="opinions",
        verbose_name=pgettext_lazy("committee", "meeting"),
    )
    section_number = models.PositiveSmallIntegerField(
        pgettext_lazy("committee", "section"),
        null=True,
        blank=True,
        help_text=_("Empty for an opinion on the whole plan."),
    )
    text = models.TextField(pgettext_lazy("committee", "opinion"))
    order = models.PositiveSmallIntegerField(pgettext_lazy("committee", "order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("committee", "opinion")
        verbose_name_plural = pgettext_lazy("committee", "opinions")
        # The overall opinions first on every database (PostgreSQL sorts NULL last).
        ordering = [
            "meeting",
            models.F("section_number").asc(nulls_first=True),
            "order",
            "pk",
        ]

    def __str__(self) -> str:
        return self.text[:50]


class GradeDecision(VersionedModel, TenantModel):
    """The committee confirms the computed grade of a section, or overrides it with a reason."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=pgettext_lazy("committee", "meeting"),
    )
    section_number = models.PositiveSmallIntegerField(pgettext_lazy("committee", "section"))
    computed_grade = models.CharField(
        _("computed grade"), max_length=1, choices=Grade.choices, blank=True
    )
    decided_grade = models.CharField(_("decided grade"), max_length=1, choices=Grade.choices)
    reason = models.TextField(pgettext_lazy("committee", "reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("grade decision")
        verbose_name_plural = _("grade decisions")
        ordering = ["meeting", "section_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "section_number"], name="committee_decision_section"
            ),
            # An override without a reason cannot be published (issue: "with a reason").
            models.CheckConstraint(
                condition=models.Q(decided_grade=models.F("computed_grade")) | ~models.Q(reason=""),
                name="committee_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section_number}: {self.decided_grade}"

    @property
    def is_override(self) -> bool:
        return self.decided_grade != self.computed_grade


class Snapshot(TenantModel):
    """The report as it stood when the meeting closed; the public page and files read only this,
    so later edits of records cannot change what was published."""

    meeting = models.OneToOneField(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="snapshot",
        verbose_name=pgettext_lazy("committee", "meeting"),
    )
    result = models.JSONField(pgettext_lazy("committee", "report"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self) -> str:
        return str(self.meeting)
