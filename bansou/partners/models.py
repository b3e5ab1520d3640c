"""チーム・かわビズ (plan §11): partner organizations, their referrals (支援要請), experts, and
the expert dispatch cases with their visits (事前ヒアリング, 元気アシスト, 超・元気アシスト …).

A referral and a visit are countable records about a business (BusinessRecord): the evaluation
counts them per fiscal year and filters them by district, territory and size like the others
(record kinds `referral` and `expert_visit`). A dispatch case is the work that follows an
accepted referral; its visits are numbered, 0 being the coordinator's pre-hearing, and a
programme's cap bounds the numbers (rules.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.businesses.models import Business
from bansou.businesses.records import BusinessRecord
from bansou.core.versioning import VersionedModel
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel

from .querysets import CaseQuerySet, DispatchRecordQuerySet, ReferralQuerySet


class PartnerKind(models.TextChoices):
    FINANCIAL = "financial", _("Financial institution")
    PROFESSIONAL = "professional", _("Professional body")
    DIAGNOSIS = "diagnosis", _("SME consultants' association")
    MUNICIPALITY = "municipality", _("Municipality")
    SUPPORT_AGENCY = "support_agency", _("Support agency")
    NEIGHBOUR = "neighbour", _("Neighbouring chamber")


class Partner(VersionedModel, TenantModel):
    """連携機関: a bank, professional body or public body of Team KawaBiz."""

    name = models.CharField(_("partner name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    joined_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PartnerContact(VersionedModel, TenantModel):
    """A person to call at a partner (the branch's 担当者, the association's office)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("contact name"), max_length=100)
    title = models.CharField(_("branch and title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ExpertKind(models.TextChoices):
    PERSON = "person", _("Person")
    FIRM = "firm", _("Firm")
    PARTNER_BODY = "partner_body", _("Partner body")


class Specialty(models.TextChoices):
    SME_CONSULTANT = "sme_consultant", _("SME management consultant")
    TAX = "tax", _("Tax accountant")
    LABOUR = "labour", _("Labour and social security attorney")
    ADMIN_SCRIVENER = "admin_scrivener", _("Administrative scrivener")
    LAWYER = "lawyer", _("Lawyer")
    JUDICIAL_SCRIVENER = "judicial_scrivener", _("Judicial scrivener")
    IT = "it", _("IT coordinator")
    DESIGN = "design", _("Designer")
    PR = "pr", _("Public relations (former journalist)")
    FINANCE = "finance", _("Finance")
    OTHER = "other", _("Other")


class Expert(VersionedModel, TenantModel):
    """専門家: dispatched to businesses; may sign in (Role.EXPERT) to read their cases."""

    name = models.CharField(_("expert name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ExpertKind.choices, default=ExpertKind.PERSON
    )
    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices)
    specialty_detail = models.CharField(_("fields of expertise"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("partner"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profile",
        verbose_name=_("user account"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class DispatchProgramme(VersionedModel, TenantModel):
    """A dispatch menu of the chamber: 元気アシスト (≤5), 超・元気アシスト (≤10), other menus."""

    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("programme name"), max_length=100)
    # The highest visit number a case may book under this programme; none: no cap.
    max_visits = models.PositiveSmallIntegerField(_("visit cap"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("dispatch programme")
        verbose_name_plural = _("dispatch programmes")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="dispatch_programme_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Referral(BusinessRecord):
    """支援要請: a partner asks the chamber to support one business with a need.

    `staff` is the chamber's staff member in charge (whoever took the request, then the one the
    coordinator assigns). Accepted referrals are the 連携支援件数 of the partner's year.
    """

    territory_date_fields = ("referred_on",)

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner")
    )
    partner_contact = models.CharField(_("requested by"), max_length=200, blank=True)
    need = models.TextField(_("need"))
    referred_on = models.DateField(_("requested on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.RECEIVED,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="referral_fy_idx"),
            models.Index(fields=["organization", "status"], name="referral_status_idx"),
            models.Index(fields=["business", "-referred_on"], name="referral_biz_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} → {self.business}"

    def refresh_derived(self) -> None:
        self.fiscal_year = fiscal_year(self.referred_on)

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Issue resolved")
    PLAN = "plan", _("Plan drawn up")
    FINANCING = "financing", _("Financing arranged")
    OTHER_MENU = "other_menu", _("Handed over to another menu")
    WITHDRAWN = "withdrawn", _("Withdrawn by the business")


class DispatchCase(VersionedModel, TenantModel):
    """専門家派遣の案件: the dispatch that follows an accepted referral (or the chamber's own)."""

    referral = models.OneToOneField(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("referral"),
    )
    business = models.ForeignKey(
        Business,
        on_delete=models.PROTECT,
        related_name="dispatch_cases",
        verbose_name=_("business"),
    )
    need = models.TextField(_("need"))
    opened_on = models.DateField(_("opened on"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coordinator"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff in charge"),
    )
    expert = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("expert"),
    )
    programme = models.ForeignKey(
        DispatchProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("dispatch programme"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step by"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    closed_on = models.DateField(_("case closed on"), null=True, blank=True)
    # Raised by every booking before it counts the visits: the write that serializes two
    # bookings of the same case (services.book_visit), on SQLite as on PostgreSQL.
    bookings = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispatch case")
        verbose_name_plural = _("dispatch cases")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status"], name="case_status_idx"),
            models.Index(fields=["business"], name="case_business_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.business} ({self.opened_on:%Y-%m-%d})"


class VisitStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    DONE = "done", _("Done")


class DispatchVisit(BusinessRecord):
    """One visit of a case: number 0 is the pre-hearing, 1… the programme's visits.

    `staff` is the chamber's accompanying staff member (the coordinator at a pre-hearing).
    """

    territory_date_fields = ("visited_on",)

    case = models.ForeignKey(
        DispatchCase, on_delete=models.CASCADE, related_name="visits", verbose_name=_("case")
    )
    number = models.PositiveSmallIntegerField(_("visit number"))
    is_pre_hearing = models.BooleanField(_("pre-hearing"), default=False, editable=False)
    programme = models.ForeignKey(
        DispatchProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dispatch programme"),
    )
    visited_on = models.DateField(_("visit date"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    expert = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("expert"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.BOOKED
    )
    work_done = models.TextField(_("what was done"), blank=True)
    report = models.TextField(_("expert's report"), blank=True)
    # Kept in the database, like the other records: served only through the case's access check.
    report_file = models.BinaryField(_("report file"), null=True, blank=True, editable=True)
    report_file_name = models.CharField(_("report file name"), max_length=200, blank=True)
    report_file_type = models.CharField(max_length=100, blank=True)
    analysis = models.ForeignKey(
        "analysis.BusinessAnalysis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("analysis or diagnosis report"),
    )
    business_plan = models.ForeignKey(
        "business_plans.BusinessPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("action plan or business plan"),
    )

    objects = DispatchRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert visit")
        verbose_name_plural = _("expert visits")
        ordering = ["case", "number"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="visit_fy_idx"),
            models.Index(fields=["organization", "status", "visited_on"], name="visit_next_idx"),
            models.Index(fields=["business", "-visited_on"], name="visit_biz_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="visit_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.case.business} #{self.number}"

    def refresh_derived(self) -> None:
        self.fiscal_year = fiscal_year(self.visited_on)
        self.is_pre_hearing = self.number == 0

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)
