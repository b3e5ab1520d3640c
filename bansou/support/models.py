"""Support records (支援記録, カルテ): one row per contact with a business."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.businesses.models import Business
from bansou.businesses.records import BusinessRecord
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import Organization, TenantModel

from .choices import Channel, Theme
from .querysets import SupportRecordQuerySet
from .text import search_text_of

# The narrative fields, in the order of the カルテ form; the knowledge search covers them and
# the next action (issue 3, "Knowledge search").
NARRATIVE_FIELDS = ("condition", "issues", "analysis", "support", "approach")
SEARCHED_FIELDS = (*NARRATIVE_FIELDS, "next_action")
# Dates and fiscal years are those of the chamber, whatever timezone a request activated.
LOCAL_TZ = ZoneInfo("Asia/Tokyo")


def derived_fields(occurred_at, searched: list[str]) -> tuple:
    """(occurred_on, fiscal_year, search_text) of a record: its day and 年度 in Asia/Tokyo,
    and the normalised text of SEARCHED_FIELDS (given in that order) for the search index.

    save() keeps them through refresh_derived(); the bulk import computes them with this
    same function for rows it inserts without building a model instance.
    """
    occurred_on = timezone.localtime(occurred_at, LOCAL_TZ).date()
    return occurred_on, fiscal_year(occurred_on), search_text_of(*searched)


def _organization_without_index() -> models.ForeignKey:
    """TenantModel.organization without its single-column index (a composite index leads
    with the column, which serves its lookups and PROTECT's checks)."""
    return models.ForeignKey(
        Organization, on_delete=models.PROTECT, verbose_name=_("organization"), db_index=False
    )


class SupportRecord(BusinessRecord):
    territory_date_fields = ("occurred_on",)

    # The inherited foreign keys, without their single-column indexes: each column leads a
    # composite index in Meta, which serves its lookups and PROTECT's checks (an import of
    # 100,000 records builds five indexes instead of eight).
    organization = _organization_without_index()
    business = models.ForeignKey(
        Business,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("business"),
        db_index=False,
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff in charge"),
        db_index=False,
    )
    occurred_at = models.DateTimeField(_("date and time"))
    # False when the time of day was not known: occurred_at then holds the day's local
    # midnight only to sort and count, and the time is shown nowhere.
    time_known = models.BooleanField(_("time known"), default=True, db_default=True)
    # Derived in save() from occurred_at in Asia/Tokyo, so lists and counts filter in SQL.
    occurred_on = models.DateField(_("date"), editable=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    # The narrative fields carry the カルテ's own headings (業況, 現状の課題, 分析内容, 支援内容,
    # 支援対応方法) as their Japanese translations; the context keeps "analysis" apart from the
    # analysis app's msgid.
    condition = models.TextField(pgettext_lazy("support record", "business condition"), blank=True)
    issues = models.TextField(pgettext_lazy("support record", "current issues"), blank=True)
    analysis = models.TextField(pgettext_lazy("support record", "analysis"), blank=True)
    support = models.TextField(pgettext_lazy("support record", "support given"), blank=True)
    approach = models.TextField(
        pgettext_lazy("support record", "approach"),
        blank=True,
        help_text=_("How the dialogue was led and whether the owner was convinced."),
    )
    next_action = models.TextField(_("next action"), blank=True)
    next_action_due = models.DateField(_("next action due"), null=True, blank=True)
    next_action_done = models.BooleanField(_("next action done"), default=False)
    # The searched fields in the normal form of support.text (kept in save(); the full-text
    # index of migration 0002 is built over this column).
    search_text = models.TextField(editable=False, default="")

    objects = SupportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(
                "organization", models.F("occurred_at").desc(), name="support_org_when_idx"
            ),
            # The business leads and the organization follows, so that SQLite (without
            # ANALYZE statistics) prefers this index to support_org_when_idx for a business's
            # timeline instead of walking the whole chamber in date order.
            models.Index(
                "business",
                "organization",
                models.F("occurred_at").desc(),
                name="support_business_when_idx",
            ),
            # "Mine" in the list and the start page's recent records, for the same reason.
            models.Index(
                "staff",
                "organization",
                models.F("occurred_at").desc(),
                name="support_staff_when_idx",
            ),
            # A fiscal year's records newest first without a sort (list and search filters).
            models.Index(
                "organization",
                "fiscal_year",
                models.F("occurred_at").desc(),
                name="support_fy_when_idx",
            ),
            models.Index(
                fields=["staff", "next_action_done", "next_action_due"],
                name="support_next_action_idx",
            ),
            # The dashboard's counts recount the days and businesses a write touched
            # (dashboard.counts): one more equality column than support_fy_when_idx, so that
            # SQLite (without ANALYZE statistics) reads that day's or business's records of
            # the year instead of walking the chamber's whole fiscal year.
            models.Index(
                fields=["organization", "fiscal_year", "occurred_on"], name="support_fy_day_idx"
            ),
            models.Index(
                fields=["organization", "fiscal_year", "business"], name="support_fy_business_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_action_due__isnull=True)
                | models.Q(next_action_due__gte=models.F("occurred_on")),
                name="support_next_action_after_occurrence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business} {self.occurred_on} {self.get_channel_display()}"

    @property
    def when(self):
        """What pages show: the date and time, or the date alone when the time is unknown."""
        if self.time_known:
            return self.occurred_at
        return timezone.localtime(self.occurred_at, LOCAL_TZ).date()

    @property
    def narrative(self) -> list[tuple[str, str]]:
        """(label, text) of the five narrative fields, in the order of the カルテ."""
        return [(self._meta.get_field(f).verbose_name, getattr(self, f)) for f in NARRATIVE_FIELDS]

    def refresh_derived(self) -> None:
        self.occurred_on, self.fiscal_year, self.search_text = derived_fields(
            self.occurred_at, [getattr(self, f) for f in SEARCHED_FIELDS]
        )

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "occurred_on",
                "fiscal_year",
                "search_text",
            }
        super().save(*args, **kwargs)


class SupportRecordTheme(TenantModel):
    # support_theme_idx leads with the organization, support_theme_unique with the record.
    organization = _organization_without_index()
    record = models.ForeignKey(
        SupportRecord,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("record"),
        db_index=False,
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)

    class Meta:
        verbose_name = _("support theme")
        verbose_name_plural = _("support themes")
        ordering = ["record", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["record", "theme"], name="support_theme_unique"),
        ]
        indexes = [
            models.Index(fields=["organization", "theme", "record"], name="support_theme_idx"),
        ]

    def __str__(self) -> str:
        return self.get_theme_display()
