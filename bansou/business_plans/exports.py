"""The plan list as a file: one row per plan with its numeric plan in columns."""

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bansou.core.exports import Exporter, format_date

from .models import BusinessPlan, PlanYearTarget
from .rules import MAX_TARGET_YEARS


class PlanExporter(Exporter):
    filename_stem = "business-plans"

    def sheet_title(self) -> str:
        return _("Business plans")

    def header(self) -> list[str]:
        columns = [
            _("ID"),
            _("business"),
            pgettext("business plan", "title"),
            _("kind of plan"),
            _("DX plan"),
            pgettext("business plan", "status"),
            pgettext("business plan", "started on"),
            pgettext("business plan", "completed on"),
            _("fiscal year"),
            pgettext("business plan", "approved on"),
            _("approving body"),
            _("consultations"),
            _("staff in charge"),
            _("district at the time"),
            _("small business at the time"),
            _("baseline fiscal year"),
            _("baseline sales (thousand yen)"),
            _("baseline profit (thousand yen)"),
        ]
        for n in range(1, MAX_TARGET_YEARS + 1):
            columns += [
                _("year %(n)d: fiscal year") % {"n": n},
                _("year %(n)d: sales (thousand yen)") % {"n": n},
                _("year %(n)d: profit (thousand yen)") % {"n": n},
            ]
        columns += [_("follow-up group"), _("next contact due"), _("next report due")]
        return columns

    def rows(self) -> Iterator[list]:
        yes, no, unknown = _("Yes"), _("No"), _("Unknown")

        def flag(value: bool | None) -> str:
            return unknown if value is None else (yes if value else no)

        plans = (
            self.queryset.select_related("business", "staff", "district")
            .prefetch_related(
                Prefetch("year_targets", queryset=PlanYearTarget.objects.order_by("fiscal_year"))
            )
            .order_by("-started_on", "-pk")
        )
        for plan in plans.iterator(chunk_size=2000):
            plan: BusinessPlan
            row = [
                plan.pk,
                plan.business.name,
                plan.title,
                plan.get_kind_display(),
                flag(plan.is_dx),
                plan.get_status_display(),
                format_date(plan.started_on, self.date_style),
                format_date(plan.completed_on, self.date_style),
                plan.fiscal_year,
                format_date(plan.approved_on, self.date_style),
                plan.approving_body,
                plan.consultations,
                str(plan.staff),
                plan.district.name if plan.district else "",
                flag(plan.is_small),
                plan.baseline_fiscal_year,
                plan.baseline_sales,
                plan.baseline_profit,
            ]
            targets = list(plan.year_targets.all())[:MAX_TARGET_YEARS]
            for target in targets:
                row += [target.fiscal_year, target.sales, target.profit]
            row += [None, None, None] * (MAX_TARGET_YEARS - len(targets))
            row += [
                plan.follow_up_group,
                format_date(plan.follow_up_due, self.date_style),
                format_date(plan.next_report_due, self.date_style),
            ]
            yield row
