"""Programmes (支援事業) the chamber runs, the businesses taking part, and what came of it.

One Programme model serves every programme of every chamber (ブランド認定制度, 商品券加盟店,
店舗診断, i-mise大賞, 動画配信支援 …): its kind says what the plan's rules may count. A
business's Participation, its Deals (成約) and NewTradingPartners (新規取引先) are countable
records (BusinessRecord). Monthly sales (MonthlySales) are facts about the business; the
"月商5%以上増加" outcome of a participation is computed from them (sales.py) and stored as a
SalesOutcome row, recomputed whenever the sales or the participation change (services.py),
so that the evaluation counts it with one aggregate like every other kind.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.businesses.models import Business
from bansou.businesses.records import BusinessRecord, BusinessRecordQuerySet
from bansou.core.versioning import VersionedModel
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import Department, TenantModel


class ProgrammeKind(models.TextChoices):
    BRAND_CERTIFICATION = "brand_certification", _("Brand certification")
    VIDEO_PRODUCTION = "video_production", _("Video production support")
    EXHIBITION = "exhibition", _("Exhibition")
    MATCHMAKING = "matchmaking", _("Matchmaking meeting")
    VOUCHER = "voucher", _("Gift voucher member stores")
    CASHLESS = "cashless", _("Cashless promotion")
    STORE_DIAGNOSIS = "store_diagnosis", _("Store diagnosis by experts")
    IMISE_AWARD = "imise_award", _("i-mise award")
    VIDEO_STREAMING = "video_streaming", _("Video streaming support")
    JOINT_PRESS = "joint_press", _("Joint press conference")
    PRESS_RELEASE = "press_release", _("Press release support")
    SNS = "sns", _("SNS support")
    JOINT_DEVELOPMENT = "joint_development", _("Joint product development")
    TALENT_COLLEGE = "talent_college", _("Industrial talent college")
    SIDE_JOB_TALENT = "side_job_talent", _("Side-job talent")
    REGIONAL_EVENT = "regional_event", _("Regional event")
    SDGS = "sdgs", _("SDGs management")
    OTHER = "other", _("Other")


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    MEMBER = "member", _("Member store")
    CERTIFIED = "certified", _("Certified")
    CANDIDATE = "candidate", _("Candidate")
    WINNER = "winner", _("Winner")
    MATCHED = "matched", _("Matched")
    REGISTERED = "registered", _("Registered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SalesSource(models.TextChoices):
    REPORT = "report", _("The business's report")
    VOUCHER = "voucher", _("Voucher data")
    STAFF = "staff", _("Entered by staff")


class ProgrammeQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)


class Programme(VersionedModel, TenantModel):
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(pgettext_lazy("programme", "programme name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ProgrammeKind.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    first_fiscal_year = models.PositiveSmallIntegerField(_("first fiscal year"))
    last_fiscal_year = models.PositiveSmallIntegerField(
        _("last fiscal year"), null=True, blank=True
    )
    # Exhibitions and matchmaking meetings are events (bansou/events): linked, not copied.
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="programmes", verbose_name=_("events")
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="programme_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def runs_in(self, fy: int) -> bool:
        return self.first_fiscal_year <= fy and (
            self.last_fiscal_year is None or fy <= self.last_fiscal_year
        )


class Participation(BusinessRecord):
    """A business taking part in a programme, from `started_on`, with its status."""

    territory_date_fields = ("started_on",)

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("programme"),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ParticipationStatus.choices, default="in_progress"
    )
    # i-mono / i-waza, VR, YouTube, 電子商品券 …: the programme's own sub-division.
    category = models.CharField(_("category"), max_length=60, blank=True)
    # The plan counts a cashless participation only when the store went cashless (別表1 ※).
    went_cashless = models.BooleanField(_("went cashless"), default=False)
    note = models.TextField(_("note"), blank=True)

    objects = BusinessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        ordering = ["-started_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="prog_part_fy_idx"),
            models.Index(fields=["programme", "fiscal_year"], name="prog_part_prog_fy_idx"),
            models.Index(fields=["business", "-started_on"], name="prog_part_biz_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.business}"

    def refresh_derived(self) -> None:
        self.fiscal_year = fiscal_year(self.started_on)

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)


class _Outcome(BusinessRecord):
    """Abstract: an outcome of one participation (its programme copied for one-table counts)."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="+", verbose_name=_("participation")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)

    objects = BusinessRecordQuerySet.as_manager()

    class Meta:
        abstract = True


class Deal(_Outcome):
    """成約: a deal closed through the programme."""

    territory_date_fields = ("closed_on",)

    counterparty = models.CharField(_("counterparty"), max_length=200)
    closed_on = models.DateField(_("closed on"))
    amount = models.DecimalField(
        _("amount (yen)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-closed_on", "pk"]
        indexes = [models.Index(fields=["organization", "fiscal_year"], name="prog_deal_fy_idx")]

    def __str__(self) -> str:
        return self.counterparty

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.closed_on)
        super().save(*args, **kwargs)


class NewTradingPartner(_Outcome):
    """新規取引先: a trading partner gained through the programme."""

    territory_date_fields = ("started_on",)

    name = models.CharField(_("trading partner"), max_length=200)
    started_on = models.DateField(_("trading since"))

    class Meta:
        verbose_name = _("new trading partner")
        verbose_name_plural = _("new trading partners")
        ordering = ["-started_on", "pk"]
        indexes = [models.Index(fields=["organization", "fiscal_year"], name="prog_ntp_fy_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.started_on)
        super().save(*args, **kwargs)


class MonthlySales(TenantModel):
    """A business's sales of one calendar month (月商), in yen."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="+", verbose_name=_("business")
    )
    month = models.DateField(_("month"))  # the first day of the month
    amount = models.DecimalField(_("sales (yen)"), max_digits=14, decimal_places=0)
    source = models.CharField(_("source"), max_length=20, choices=SalesSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("monthly sales")
        verbose_name_plural = _("monthly sales")
        ordering = ["business", "month"]
        constraints = [
            models.UniqueConstraint(fields=["business", "month"], name="monthly_sales_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} {self.month:%Y-%m}"


class SalesResult(models.TextChoices):
    INCREASED = "increased", _("Up 5% or more")
    NOT_INCREASED = "not_increased", _("Not up 5%")
    INCOMPLETE = "incomplete", _("Months missing")
    NO_BASE = "no_base", _("No sales a year earlier")


class SalesOutcome(_Outcome):
    """月商5%以上増加 of one participation, computed by sales.compare_sales (never typed).

    Kept current by services.recompute_sales_outcomes on every write of the business's sales
    or participations; a full recompute gives the same rows (tested).
    """

    territory_date_fields = ("first_month",)

    first_month = models.DateField(_("first month compared"))
    last_month = models.DateField(_("last month compared"))
    months_compared = models.PositiveSmallIntegerField(_("months compared"))
    before_total = models.DecimalField(
        _("sales a year earlier"), max_digits=16, decimal_places=0, null=True
    )
    after_total = models.DecimalField(
        _("sales after the start"), max_digits=16, decimal_places=0, null=True
    )
    change_percent = models.DecimalField(_("change (%)"), max_digits=9, decimal_places=1, null=True)
    missing_months = models.JSONField(_("missing months"), default=list)
    result = models.CharField(_("result"), max_length=20, choices=SalesResult.choices)
    increased = models.BooleanField(_("monthly sales up 5% or more"), default=False)

    class Meta:
        verbose_name = _("sales outcome")
        verbose_name_plural = _("sales outcomes")
        ordering = ["-first_month", "pk"]
        indexes = [models.Index(fields=["organization", "fiscal_year"], name="prog_sales_fy_idx")]
        constraints = [
            models.UniqueConstraint(fields=["participation"], name="sales_outcome_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.participation_id} {self.result}"
