"""The plan definition: 経営発達支援計画, its amendments, sections, rows and yearly targets."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.lib.eras import fiscal_year
from bansou.organizations.models import Department, TenantModel


class GradeBasis(models.TextChoices):
    # DOMAIN §2: a section is graded from its rate, from its subsections' grade points, or
    # (all rows 実施/連携) from whether every row was carried out.
    RATE = "rate", _("Rate (Σ actual / Σ target)")
    SUBSECTIONS = "subsections", _("Subsections' grade points")
    QUALITATIVE = "qualitative", _("Carried out (qualitative)")


class ItemRole(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    OUTCOME = "outcome", _("Outcome")
    QUALITATIVE = "qualitative", _("Qualitative")


class ItemSource(models.TextChoices):
    RULE = "rule", _("Counted from records by a rule")
    MANUAL = "manual", _("Entered by hand")
    CARRIED_OUT = "carried_out", _("Carried out or not")


class TargetKind(models.TextChoices):
    NUMBER = "number", _("Number")
    AS_NEEDED = "as_needed", _("As needed (随時)")
    # 「2回以上」: a floor; evaluated as the number (the report sums 2 into its 18回).
    AT_LEAST = "at_least", _("At least (以上)")
    NONE = "none", _("None")


NUMERIC_TARGETS = (TargetKind.NUMBER, TargetKind.AT_LEAST)


class DevelopmentPlan(TenantModel):
    """経営発達支援計画: a state-accredited plan of one chamber, usually three fiscal years."""

    code = models.SlugField(
        _("code"), max_length=60, help_text=_("Stable identifier used in the plan file.")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on (as accredited)"),
        help_text=_("Amendments may shorten or extend the period; see the amendments."),
    )
    summary = models.TextField(_("summary"), blank=True)
    # What the committee's report prints from the plan (plan file key `report`): the overview
    # block (経営発達支援計画の概要) and the sections' parenthetical descriptions.
    report_texts = models.JSONField(_("texts of the report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        ordering = ["organization", "-starts_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="evaluation_plan_code")
        ]

    def __str__(self) -> str:
        return self.title

    def effective_ends_on(self) -> date:
        """The end of the period in force: the last amendment that changed it wins."""
        for amendment in sorted(
            self.amendments.all(), key=lambda a: (a.amended_on, a.pk or 0), reverse=True
        ):
            if amendment.ends_on:
                return amendment.ends_on
        return self.ends_on

    def section_description(self, number: int) -> str:
        return str((self.report_texts.get("section_descriptions") or {}).get(str(number), ""))

    def fiscal_years(self) -> list[int]:
        """Fiscal years the plan covers after amendments (the ones that may be evaluated)."""
        return list(range(fiscal_year(self.starts_on), fiscal_year(self.effective_ends_on()) + 1))


class PlanAmendment(TenantModel):
    """計画変更: when, why and what changed. A year is evaluated against the targets in force."""

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("plan")
    )
    amended_on = models.DateField(_("amended on"))
    reason = models.TextField(_("reason"))
    changes = models.TextField(_("what changed"))
    ends_on = models.DateField(
        _("new end of the period"), null=True, blank=True, help_text=_("Empty if unchanged.")
    )

    class Meta:
        verbose_name = _("plan amendment")
        verbose_name_plural = _("plan amendments")
        ordering = ["plan", "amended_on", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} ({self.amended_on})"


class PlanSection(TenantModel):
    """A numbered section of the plan (1–10), or a subsection of one (section 6's three)."""

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subsections",
        verbose_name=_("section"),
    )
    key = models.SlugField(_("key"), max_length=60)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    grade_basis = models.CharField(
        _("graded by"), max_length=12, choices=GradeBasis.choices, default=GradeBasis.RATE
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "parent_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="evaluation_section_key")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class PlanItem(TenantModel):
    """A row of the plan: an activity with its target, an outcome under it, or a qualitative row."""

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    section = models.ForeignKey(
        PlanSection, on_delete=models.CASCADE, related_name="items", verbose_name=_("section")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("activity"),
        help_text=_("For an outcome row: the activity row it belongs to."),
    )
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=10, blank=True, help_text=_("e.g. ① or ア"))
    title = models.CharField(_("title"), max_length=200)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    baseline = models.CharField(_("baseline (現状)"), max_length=60, blank=True)
    publication = models.CharField(_("how results are published"), max_length=100, blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=ItemRole.choices, default=ItemRole.ACTIVITY
    )
    source = models.CharField(
        _("actual from"), max_length=12, choices=ItemSource.choices, default=ItemSource.MANUAL
    )
    # Validated by bansou.evaluation.engine.rules.parse_rule before it is stored.
    rule = models.JSONField(_("rule"), null=True, blank=True)
    qualitative_label = models.CharField(
        _("word shown when carried out"),
        max_length=10,
        blank=True,
        help_text=_("For qualitative rows: 実施, 連携 …"),
    )
    survey_item = models.CharField(
        _("survey item code"),
        max_length=30,
        blank=True,
        help_text=_("Item of the national implementation survey (調査票A) this row reports."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["plan", "section__number", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="evaluation_item_key")]

    def __str__(self) -> str:
        return self.title


class PlanItemTarget(TenantModel):
    """A row's target for one fiscal year; an amendment may replace it (the latest is in force)."""

    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan row")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    amendment = models.ForeignKey(
        PlanAmendment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("set by amendment"),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["item", "fiscal_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "fiscal_year"],
                condition=models.Q(amendment__isnull=True),
                name="evaluation_target_original",
            ),
            models.UniqueConstraint(
                fields=["item", "fiscal_year", "amendment"], name="evaluation_target_amended"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["number", "at_least"], value__isnull=False)
                | ~models.Q(kind__in=["number", "at_least"]) & models.Q(value__isnull=True),
                name="evaluation_target_value_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.fiscal_year}"
