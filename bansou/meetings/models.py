"""The plan's own meetings, publications and staff development (plan §3②, §9, §10, §11).

None of these records is about one business: the evaluation counts them as records
(engine/kinds.py, `business_field=None`). Each has its day and the fiscal year of that day.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bansou.core.versioning import VersionedModel
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel
from bansou.support.choices import Theme


class MeetingKind(models.TextChoices):
    STEERING = "steering", _("Steering council / committee in charge")  # 運営協議会/担当委員会
    PARTNER_BANKS = "partner_banks", _("Partnership meeting (financial institutions)")
    PARTNER_PROFESSIONALS = "partner_professionals", _("Partnership meeting (professional bodies)")
    BANK_TRAINING = "bank_training", _("Joint training of financial institutions' staff")
    PROFESSIONAL_EXCHANGE = "professional_exchange", _("Exchange meeting of professional bodies")
    BRIEFING = "briefing", _("Programme briefing")
    REGIONAL_LIAISON = "regional_liaison", _("Regional liaison meeting")
    COORDINATOR = "coordinator", _("Monthly coordinator meeting")
    INDUSTRY_EXCHANGE = "industry_exchange", _("Exchange with the city's main industry bodies")
    BANK_LIAISON = "bank_liaison", _("Liaison meeting with the city's financial institutions")
    CITY_LIAISON = "city_liaison", _("Liaison with the city and its industry promotion agency")
    TEAM_REPORT = "team_report", _("Team Kawabiz partnership report meeting")
    EVALUATION_COMMITTEE = "evaluation_committee", _("Evaluation committee")
    OTHER = "other", _("Other")


class Meeting(VersionedModel, TenantModel):
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    participants = models.TextField(
        _("participating organizations"), blank=True, help_text=_("One organization a line.")
    )
    head_count = models.PositiveSmallIntegerField(_("head count"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # The evaluation committee is modelled in bansou/committee: the register links to it.
    committee_meeting = models.ForeignKey(
        "committee.CommitteeMeeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee meeting"),
    )
    # The monthly coordinator meeting's pack: the progress table of its month, frozen.
    progress_pack = models.JSONField(
        _("progress pack"), null=True, blank=True, encoder=DjangoJSONEncoder, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "-held_on"], name="meeting_org_held_idx"),
            models.Index(fields=["organization", "fiscal_year", "kind"], name="meeting_fy_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.held_on)
        super().save(*args, **kwargs)


def private_storage() -> FileSystemStorage:
    """Attached files live under var/uploads and are only served through a view that checks
    the reader's chamber and capability (never from a public URL)."""
    return FileSystemStorage(location=settings.VAR_DIR / "uploads")


def meeting_file_path(instance, filename: str) -> str:
    return f"meetings/{instance.organization_id}/{instance.meeting_id}/{filename}"


class MeetingFile(TenantModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="files", verbose_name=_("meeting")
    )
    file = models.FileField(
        _("file"), upload_to=meeting_file_path, storage=private_storage, max_length=300
    )
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.name


class ReviewDecision(VersionedModel, TenantModel):
    """見直し: what a coordinator meeting decided for a row of its pack that asked for one."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("meeting")
    )
    row_key = models.CharField(_("plan row"), max_length=60)
    row_title = models.CharField(_("row title"), max_length=300)
    change = models.TextField(_("what changes"))
    responsible = models.CharField(_("who"), max_length=100)
    due_on = models.DateField(_("by when"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "row_key"], name="review_meeting_row")
        ]

    def __str__(self) -> str:
        return f"{self.row_title}: {self.change[:40]}"


class PublicationKind(models.TextChoices):
    SURVEY_RESULT = "survey_result", _("Survey result")
    ECONOMIC_REPORT = "economic_report", _("Kawaguchi economic report")
    FOLLOWCALL_RESULT = "followcall_result", _("Follow-call and visit survey result")
    COMMITTEE_REPORT = "committee_report", _("Evaluation committee report")
    OTHER = "other", _("Other")


class Medium(models.TextChoices):
    WEBSITE = "website", _("Website")
    NEWSLETTER = "newsletter", _("Chamber newsletter")
    PRESS = "press", _("Press")
    OTHER = "other", _("Other")


class Publication(VersionedModel, TenantModel):
    kind = models.CharField(_("kind"), max_length=30, choices=PublicationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(
        _("subject"), max_length=100, blank=True, help_text=_("e.g. the survey published.")
    )
    medium = models.CharField(_("medium"), max_length=20, choices=Medium.choices)
    published_on = models.DateField(_("published on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    url = models.URLField(_("page address"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year", "kind"], name="publication_fy_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url or reverse("meetings:publications")

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.published_on)
        super().save(*args, **kwargs)


class ConferenceFormat(models.TextChoices):
    CASE_STUDY = "case_study", _("Case study")
    GROUP_DISCUSSION = "group_discussion", _("Group discussion")


class Conference(VersionedModel, TenantModel):
    """小規模支援カンファレンス: staff study support cases together (plan §10①)."""

    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(_("format"), max_length=20, choices=ConferenceFormat.choices)
    held_on = models.DateField(_("held on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    summary = models.TextField(_("what was learnt"), blank=True)
    records = models.ManyToManyField(
        "support.SupportRecord", blank=True, related_name="+", verbose_name=_("cases discussed")
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attendees")
    )

    class Meta:
        verbose_name = _("support conference")
        verbose_name_plural = _("support conferences")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organization", "fiscal_year"], name="conference_fy_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:conference_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.held_on)
        super().save(*args, **kwargs)


class TrainingKind(models.TextChoices):
    DX_IT = "dx_it", _("DX / IT training (compulsory)")
    EXTERNAL = "external", _("External training")
    INTERNAL = "internal", _("Internal study session")


class Training(VersionedModel, TenantModel):
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attendees")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organization", "fiscal_year"], name="training_fy_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:staffdev")

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.held_on)
        super().save(*args, **kwargs)


class OjtPair(VersionedModel, TenantModel):
    """OJT: an experienced advisor accompanies a newer one on real cases (plan §10)."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("mentor"),
    )  # fmt: skip
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("trainee"),
    )  # fmt: skip
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("OJT pair")
        verbose_name_plural = _("OJT pairs")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.trainee}"


class GuidePage(TenantModel):
    """経営支援の手引き: one page per consultation theme; its text lives in versions."""

    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    current = models.ForeignKey(
        "GuideVersion", on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")
        ordering = ["theme"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "theme"], name="guide_page_theme")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class GuideVersion(TenantModel):
    """Each save of a guide page is a new version; earlier ones stay readable."""

    page = models.ForeignKey(
        GuidePage, on_delete=models.CASCADE, related_name="versions", verbose_name=_("guide page")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("saved by"),
    )  # fmt: skip
    saved_at = models.DateTimeField(_("saved at"))
    saved_on = models.DateField(_("saved on"), editable=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="guide_version_number")
        ]
        indexes = [models.Index(fields=["organization", "fiscal_year"], name="guide_fy_idx")]

    def __str__(self) -> str:
        return f"{self.title}（v{self.number}）"

    def get_absolute_url(self) -> str:
        url = reverse("meetings:guide_page", kwargs={"theme": self.page.theme})
        return f"{url}?version={self.number}"

    def save(self, *args, **kwargs):
        from django.utils import timezone

        from bansou.support.models import LOCAL_TZ

        self.saved_on = timezone.localtime(self.saved_at, LOCAL_TZ).date()
        self.fiscal_year = fiscal_year(self.saved_on)
        super().save(*args, **kwargs)
