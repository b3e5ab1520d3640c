"""The follow-up lists as files: the plans of the current tab, or the by-advisor summary."""

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext as _

from bansou.business_plans.models import BusinessPlan
from bansou.core.exports import DateStyle, Exporter, format_date

from . import lists, rules
from .forms import FollowUpFilterForm, Tab
from .rules import FollowUpGroup

CHUNK = 2000


def _tab_label(tab: str) -> str:
    return str(dict(FollowUpFilterForm.TABS).get(tab, _("Follow-ups")))


class FollowUpPlanExporter(Exporter):
    """The plans of one tab (all, due this week, overdue, reports missing), as the list orders."""

    filename_stem = "follow-ups"

    def __init__(self, queryset, *, date_style=DateStyle.WAREKI, today: date, tab: str = Tab.ALL):
        super().__init__(queryset, date_style=date_style)
        self.today = today
        self.tab = tab

    def sheet_title(self) -> str:
        return _tab_label(self.tab)

    def header(self) -> list[str]:
        meta = BusinessPlan._meta

        def label(name: str) -> str:
            return str(meta.get_field(name).verbose_name)

        return [
            _("plan ID"),
            _("business ID"),
            _("business"),
            label("title"),
            label("kind"),
            label("staff"),
            label("follow_up_group"),
            label("follow_up_due"),
            _("Overdue"),
            label("last_reported_on"),
            label("next_report_due"),
            _("Reports missing"),
        ]

    def rows(self) -> Iterator[list]:
        yes, no = _("Yes"), _("No")
        awaiting = _("awaiting first report")
        plans = self.queryset.select_related("business", "staff").order_by(*lists.ROW_ORDER)
        for plan in plans.iterator(chunk_size=CHUNK):
            plan: BusinessPlan
            yield [
                plan.pk,
                plan.business_id,
                plan.business.name,
                plan.title,
                plan.get_kind_display(),
                str(plan.staff),
                plan.get_follow_up_group_display() if plan.follow_up_group else awaiting,
                format_date(plan.follow_up_due, self.date_style),
                yes if rules.is_overdue(plan.follow_up_due, self.today) else no,
                format_date(plan.last_reported_on, self.date_style),
                format_date(plan.next_report_due, self.date_style),
                yes if rules.is_overdue(plan.next_report_due, self.today) else no,
            ]


class AdvisorSummaryExporter(Exporter):
    """The by-advisor tab: one row per staff member in charge, counted in one GROUP BY."""

    filename_stem = "follow-ups-by-advisor"

    def __init__(self, queryset, *, date_style=DateStyle.WAREKI, today: date):
        super().__init__(queryset, date_style=date_style)
        self.today = today

    def sheet_title(self) -> str:
        return _tab_label(Tab.ADVISORS)

    def header(self) -> list[str]:
        return [
            _("staff in charge"),
            _("Followed plans"),
            _("Overdue"),
            _("Due this week"),
            _("Reports missing"),
            *(_("Group %(n)d") % {"n": group.value} for group in FollowUpGroup),
        ]

    def rows(self) -> Iterator[list]:
        for row in lists.by_advisor(self.queryset, self.today):
            yield [
                row["staff__display_name"] or row["staff__username"],
                row["total"],
                row["overdue"],
                row["week"],
                row["missing"],
                *(row[f"group_{group.value}"] for group in FollowUpGroup),
            ]
