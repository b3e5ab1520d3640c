"""Demand surveys (需要動向調査, plan §4): a questionnaire about one business's product.

A DemandSurvey asks consumers about one product or service of a business of the register, at
an exhibition (川口市市産品フェア), among a crowdfunding's supporters (before and after the
return) or among e-voucher users. Visitors answer on a public form reached by a short code
(/q/<code>/, printed as a QR code on the booth's A4 sheet); an advisor interviewing at the booth
fills in the same form while signed in (marked as entered by staff).

A survey counts for the plan (record kind `demand_survey`, section 2 ① and ③) in the fiscal
year of `completed_on`: the day the feedback was given to the business (`feedback_on`), once
the survey holds at least its target number of responses (the plan's 50). A survey below its
target, or without feedback, is not completed and has no fiscal year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.businesses.records import BusinessRecord, BusinessRecordQuerySet
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel

SHORT_CODE_LENGTH = 8


class SurveyChannel(models.TextChoices):
    EXHIBITION = "exhibition", _("Exhibition visitors")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding supporters")
    VOUCHER = "voucher", _("E-voucher users")
    OTHER = "other", pgettext_lazy("demand survey channel", "Other")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("demand survey", "Draft")
    OPEN = "open", pgettext_lazy("demand survey", "Accepting answers")
    CLOSED = "closed", pgettext_lazy("demand survey", "Closed")


class Phase(models.TextChoices):
    """A crowdfunding's question sets: before the return is received, and after."""

    ALWAYS = "", pgettext_lazy("question phase", "Every answer")
    BEFORE = "before", pgettext_lazy("question phase", "Before the return")
    AFTER = "after", pgettext_lazy("question phase", "After the return")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Five-point scale")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


def private_storage():
    from bansou.meetings.models import private_storage as storage

    return storage()


def analysis_file_path(instance, filename: str) -> str:
    return f"demand/{instance.organization_id}/{instance.pk}/{filename}"


class DemandSurvey(BusinessRecord):
    territory_date_fields = ("completed_on", "opens_on")

    product_name = models.CharField(_("product or service"), max_length=200)
    channel = models.CharField(_("survey channel"), max_length=20, choices=SurveyChannel.choices)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    intro = models.TextField(_("message to respondents"), blank=True)
    target_responses = models.PositiveIntegerField(_("target responses"), default=50)
    max_responses = models.PositiveIntegerField(_("response cap"), default=300)
    opens_on = models.DateField(_("answers accepted from"))
    closes_on = models.DateField(_("answers accepted until"), null=True, blank=True)
    asks_personal_data = models.BooleanField(_("ask for name and contact"), default=False)
    status = models.CharField(
        pgettext_lazy("demand survey", "status"),
        max_length=10,
        choices=SurveyStatus.choices,
        default=SurveyStatus.DRAFT,
    )
    # Which question set the public form shows now (crowdfunding: before, then after).
    current_phase = models.CharField(
        _("question set shown"), max_length=10, choices=Phase.choices, blank=True, default=""
    )
    short_code = models.CharField(_("short code"), max_length=12, unique=True, editable=False)
    # Kept by save() from the responses (never trusted from a stale form).
    response_count = models.PositiveIntegerField(_("responses"), default=0, editable=False)
    # The feedback to the business with the expert's analysis.
    feedback_on = models.DateField(_("feedback given on"), null=True, blank=True)
    expert = models.ForeignKey(
        "partners.Expert",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("expert who analysed"),
    )
    analysis = models.TextField(_("expert's analysis"), blank=True)
    analysis_file = models.FileField(
        _("analysis file"),
        upload_to=analysis_file_path,
        storage=private_storage,
        max_length=300,
        blank=True,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), null=True, blank=True, editable=False
    )
    # The business's plans that cite this survey (事業計画への反映).
    plans = models.ManyToManyField(
        "business_plans.BusinessPlan",
        blank=True,
        related_name="demand_surveys",
        verbose_name=_("business plans citing it"),
    )

    objects = BusinessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("demand survey")
        verbose_name_plural = _("demand surveys")
        ordering = ["-opens_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="demand_survey_fy_idx"),
            models.Index(fields=["business", "-opens_on"], name="demand_survey_biz_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.business} {self.product_name}"

    @property
    def target_reached(self) -> bool:
        return self.response_count >= self.target_responses

    def refresh_derived(self) -> None:
        if self.pk is not None:
            self.response_count = DemandResponse.objects.filter(survey_id=self.pk).count()
        self.completed_on = self.feedback_on if self.feedback_on and self.target_reached else None
        self.fiscal_year = fiscal_year(self.completed_on) if self.completed_on else None

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"], "response_count", "completed_on", "fiscal_year",
            }  # fmt: skip
        super().save(*args, **kwargs)


class Question(TenantModel):
    survey = models.ForeignKey(
        DemandSurvey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("answer type"), max_length=10, choices=QuestionKind.choices)
    low_label = models.CharField(_("label of 1"), max_length=40, blank=True)
    high_label = models.CharField(_("label of 5"), max_length=40, blank=True)
    # Choices, one per line (single and multiple choice).
    options = models.TextField(_("choices"), blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    phase = models.CharField(
        _("question set"), max_length=10, choices=Phase.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class DemandResponse(TenantModel):
    survey = models.ForeignKey(
        DemandSurvey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    phase = models.CharField(_("question set"), max_length=10, blank=True, default="")
    staff_entered = models.BooleanField(_("entered by staff"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # Flood limits: HMAC of the address and of the device cookie (never the address itself).
    address_hash = models.CharField(max_length=64, blank=True, db_index=True)
    device_hash = models.CharField(max_length=64, blank=True)
    respondent_name = models.CharField(_("respondent's name"), max_length=100, blank=True)
    respondent_contact = models.CharField(_("respondent's contact"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demand survey response")
        verbose_name_plural = _("demand survey responses")
        ordering = ["survey", "pk"]
        indexes = [
            models.Index(fields=["survey", "device_hash"], name="demand_resp_device_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One answer: a scale value, one chosen option (a multiple choice has one row per option
    chosen), or a text."""

    response = models.ForeignKey(
        DemandResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    scale = models.PositiveSmallIntegerField(_("scale value"), null=True, blank=True)
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "scale"], name="demand_answer_q_idx")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.scale or self.choice or self.text[:20]}"
