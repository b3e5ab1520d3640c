"""The motivation questionnaire (versioned), the checks recorded with it and their answers."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.businesses.records import BusinessRecord
from bansou.core.versioning import VersionedModel
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel
from bansou.support.choices import Channel

from .querysets import MotivationCheckQuerySet

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Rank(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class Questionnaire(VersionedModel, TenantModel):
    """The chamber's やる気度 questionnaire; its wording and weights live in versions."""

    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["organization", "pk"]
        constraints = [
            # One questionnaire in use per chamber: new checks always know which one to use.
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_active=True),
                name="questionnaire_one_active",
            )
        ]

    def __str__(self) -> str:
        return self.name


class QuestionnaireVersion(TenantModel):
    """A frozen set of items and rank thresholds; edits make a new version (copy-on-write)
    so that a check keeps the meaning of the score it was given."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("questionnaire"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    rank_a_min = models.DecimalField(
        _("rank A from (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )
    rank_b_min = models.DecimalField(
        _("rank B from (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )
    rank_c_min = models.DecimalField(
        _("rank C from (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=models.Q(is_current=True),
                name="questionnaire_version_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(rank_a_min__gte=models.F("rank_b_min"))
                & models.Q(rank_b_min__gte=models.F("rank_c_min"))
                & models.Q(rank_c_min__gte=0)
                & models.Q(rank_a_min__lte=100),
                name="questionnaire_version_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def thresholds(self):
        from .scoring import Thresholds

        return Thresholds(a=self.rank_a_min, b=self.rank_b_min, c=self.rank_c_min)


class QuestionnaireItem(TenantModel):
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("version"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("questionnaire item")
        verbose_name_plural = _("questionnaire items")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="questionnaire_item_order"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=5), name="questionnaire_item_weight"
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__gte=1), name="questionnaire_item_max_points"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class MotivationCheck(BusinessRecord):
    """経営意欲確認: one questionnaire filled in with a business owner on one day."""

    territory_date_fields = ("checked_on",)

    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name=_("questionnaire version"),
    )
    checked_on = models.DateField(_("checked on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.VISIT
    )
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1)
    rank = models.CharField(_("rank"), max_length=1, choices=Rank.choices)
    priority = models.BooleanField(
        _("priority"),
        default=False,
        help_text=_("The advisor raises the priority by judgement; give the reason."),
    )
    priority_reason = models.TextField(_("reason for the priority"), blank=True)
    note = models.TextField(_("note"), blank=True)
    # A check imported from an old sheet that kept only the total: no answers, the score as
    # the sheet gave it (its rank from the version's thresholds).
    total_only = models.BooleanField(_("imported total score"), default=False)

    objects = MotivationCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("motivation check")
        verbose_name_plural = _("motivation checks")
        ordering = ["-checked_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="motivation_fy_idx"),
            models.Index(fields=["business", "-checked_on"], name="motivation_business_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="motivation_score_range"
            ),
            models.CheckConstraint(
                condition=models.Q(priority=False) | ~models.Q(priority_reason=""),
                name="motivation_priority_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business} {self.checked_on} {self.rank}"

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.checked_on)
        super().save(*args, **kwargs)


class MotivationAnswer(TenantModel):
    # Not named `check`: a field of that name would hide Model.check() (Django models.E020).
    motivation_check = models.ForeignKey(
        MotivationCheck,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("motivation check"),
    )
    item = models.ForeignKey(
        QuestionnaireItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["motivation_check", "item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["motivation_check", "item"], name="motivation_answer_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.points}"
