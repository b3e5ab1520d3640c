"""Business-conditions surveys (景況調査, plan §3): definitions, items, rounds and answers.

A Survey is run by the chamber on a cadence over a panel of businesses of the register; each
run is a SurveyRound for one period (2024Q2, 2024-05). A business answers a round once
(SurveyResponse) with one SurveyAnswer per item: plus / neutral / minus / not applicable for
a three-choice item, or text for a free-text item (経営課題). The DI arithmetic is in di.py;
report.py aggregates in the database.

A round counts for the plan (record kind `survey_round`) in the fiscal year of its
publication (`published_on`), or while unpublished in the fiscal year in which it was
conducted (`conducted_on`): "実施・公開回数" is counted when the result goes on the web site.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.businesses.models import Business
from bansou.core.versioning import VersionedModel
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel

from . import di


class SurveyCode(models.TextChoices):
    """The codes of the surveys plan §1 ① counts (a chamber may add others)."""

    SME = "sme", _("SME business conditions survey")
    LOBO = "lobo", _("LOBO survey")
    CLOSEUP = "closeup", _("Close-up city business conditions survey")
    URGENT = "urgent", _("Urgent questionnaire")
    FOLLOW_CALL = "follow-call", _("Follow-call and visit survey")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly (calendar quarters)")
    AS_NEEDED = "as_needed", _("As needed")
    CONTINUOUS = "continuous", _("Continuous (follow calls and visits)")


class Basis(models.TextChoices):
    YEAR_ON_YEAR = "yoy", _("Compared with the same period last year")
    PERIOD_ON_PERIOD = "pop", _("Compared with the previous period")
    LEVEL = "level", _("Level this period")


class ItemKind(models.TextChoices):
    CHOICE = "choice", _("Three choices")
    TEXT = "text", _("Free text")


class Channel(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")
    FAX = "fax", _("Fax or e-mail")
    LINK = "link", _("Response link")
    IMPORT = "import", _("Imported file")
    SUPPORT = "support", _("Support record (follow call)")


class Survey(VersionedModel, TenantModel):
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("survey name"), max_length=200)
    cadence = models.CharField(_("cadence"), max_length=20, choices=Cadence.choices)
    panel_size = models.PositiveIntegerField(_("panel size"), default=0)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    panel = models.ManyToManyField(Business, blank=True, related_name="+", verbose_name=_("panel"))

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="survey_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period_cadence(self) -> str | None:
        """What parse_period accepts: months, quarters, or either for the other cadences."""
        return {Cadence.MONTHLY: "monthly", Cadence.QUARTERLY: "quarterly"}.get(self.cadence)


class SurveyItem(VersionedModel, TenantModel):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="items", verbose_name=_("survey")
    )
    name = models.CharField(_("item"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices, default="choice")
    plus_word = models.CharField(_("plus answer"), max_length=20, blank=True)
    neutral_word = models.CharField(_("neutral answer"), max_length=20, blank=True)
    minus_word = models.CharField(_("minus answer"), max_length=20, blank=True)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, default="yoy")
    # Whether a rising DI is good news (業況, 売上) or bad (仕入単価 上昇, 従業員 過剰).
    favourable_when_rising = models.BooleanField(_("a rising DI is favourable"), default=True)
    group = models.CharField(_("item group"), max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="survey_item_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_choice(self) -> bool:
        return self.kind == ItemKind.CHOICE

    @property
    def words(self) -> tuple[str, str, str]:
        return (self.plus_word, self.neutral_word, self.minus_word)

    def side_of(self, word: str) -> str | None:
        return di.side_of(word, *self.words)

    def word_of(self, side: str) -> str:
        if side == di.NOT_APPLICABLE:
            return di.NOT_APPLICABLE_WORDS[0]
        return dict(zip(di.SIDES, self.words, strict=True)).get(side, "")


class SurveyRound(VersionedModel, TenantModel):
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("survey")
    )
    # The survey's code, kept here for the evaluation's rules (`where: {survey: sme}`).
    survey_code = models.CharField(
        _("survey"), max_length=40, choices=SurveyCode.choices, editable=False
    )
    period = models.CharField(_("period"), max_length=10)
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    conducted_on = models.DateField(_("conducted on"))
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # What the evaluation counts by: published_on, else conducted_on (kept by save()).
    counted_on = models.DateField(_("counted on"), editable=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    commentary = models.TextField(_("staff commentary"), blank=True)
    # The entry in the chamber's publications register (meetings.Publication) while the round
    # is published: publishing records it, unpublishing withdraws it (services.py).
    publication = models.OneToOneField(
        "meetings.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_round",
        editable=False,
        verbose_name=_("publications register entry"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["survey", "-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="survey_round_fy_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["survey", "period"], name="survey_round_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.period}"

    def refresh_derived(self) -> None:
        self.survey_code = self.survey.code
        if not self.published:
            self.published_on = None
        self.counted_on = self.published_on or self.conducted_on
        self.fiscal_year = fiscal_year(self.counted_on)

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)


class SurveyResponse(TenantModel):
    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round")
    )
    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="+", verbose_name=_("business")
    )
    # The business's JSIC division when it answered: DIs by industry stay as published.
    industry = models.CharField(_("industry"), max_length=1, blank=True)
    channel = models.CharField(
        pgettext_lazy("survey", "channel"), max_length=10, choices=Channel.choices
    )
    support_record = models.ForeignKey(
        "support.SupportRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support record"),
    )
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    responded_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["round", "business"], name="survey_response_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.business_id}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    item = models.ForeignKey(
        SurveyItem, on_delete=models.CASCADE, related_name="answers", verbose_name=_("item")
    )
    side = models.CharField(_("answer"), max_length=8, blank=True)  # di.PLUS … di.NOT_APPLICABLE
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="survey_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.side or self.text[:20]}"
