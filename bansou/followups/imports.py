"""Import of past follow-ups: six-monthly reports and the contacts between them (DOMAIN §3).

A row names its business and the plan it follows up: by the plan's ID (as exported), by its
title, or, when the business has a single completed plan, by nothing more. A report is stored
with the group, trends and outcomes the report form derives from the plan; the plan's follow-up
state (group, next contact, next report) is then taken from its newest report and the contacts
after it, as recording them one by one would leave it. The same plan and day (and, for a
contact, staff member) is the same record, so importing a file twice changes nothing.
"""

from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.business_plans.choices import FOLLOWED_STATUSES
from bansou.business_plans.models import BusinessPlan, PlanYearTarget
from bansou.core.versioning import VERSION_FIELD
from bansou.dataio import cleaners, lookups
from bansou.dataio.history import (
    HistoryKind,
    business_cells,
    channel_column,
    date_cell,
    id_column,
    staff_cell,
)
from bansou.dataio.registry import Column
from bansou.lib.eras import fiscal_year, fiscal_year_label, format_wareki
from bansou.support.choices import Channel

from . import rules
from .models import FollowUpContact, FollowUpReport
from .services import _contact_date_messages, _report_date_messages


def plan_columns() -> tuple[Column, ...]:
    return (
        Column(
            "plan_id",
            gettext_lazy("plan ID"),
            aliases=("計画ID", "事業計画ID"),
            clean=cleaners.record_id,
            display=cleaners.identifier_display,
        ),
        Column(
            "plan_title",
            gettext_lazy("plan title"),
            aliases=("計画名", "事業計画名"),
            clean=cleaners.limited_text(200),
            empty="",
        ),
    )


class FollowUpKind(HistoryKind):
    """What reports and contacts share: the plan a row follows up, and its dates."""

    date_field = ""
    messages = staticmethod(_report_date_messages)
    resolves_while_reading = False  # the plan a row follows up is looked up in the database

    def begin(self, run) -> None:
        super().begin(run)
        run.cache["today"] = timezone.localdate()

    def resolve_references(self, rows, run) -> None:
        plans = self._plans({r.extra["business"].id for r in rows if "business" in r.extra}, run)
        today = run.cache["today"]
        messages = self.messages()
        for row in rows:
            if "business" not in row.extra:
                row.error(
                    "business_name",
                    _("Import the business and its plan before its follow-ups."),
                )
                continue
            plan = self._plan(row, plans[row.extra["business"].id])
            if plan is None:
                continue
            if plan.status not in FOLLOWED_STATUSES:
                row.error(
                    "plan_title",
                    _("The plan 「%(title)s」 is not completed: follow-ups start once it is.")
                    % {"title": plan.title},
                )
                continue
            on = row.values[self.date_field]
            if on > today:
                row.error(self.date_field, messages["future"])
            elif on < plan.completed_on:
                row.error(
                    self.date_field,
                    messages["before_plan"] % {"date": format_wareki(plan.completed_on)},
                )
            row.extra["plan"] = plan

    def _plans(self, business_ids: set[int], run) -> dict[int, list[BusinessPlan]]:
        """The businesses' plans, read once per business for the whole import (an import of
        follow-ups changes no plan until finish(): bounded by the chamber's plans)."""
        plans = run.cache.setdefault("plans", {})
        new = business_ids - plans.keys()
        if new:
            for business_id in new:
                plans[business_id] = []
            for plan in BusinessPlan.objects.filter(
                organization=run.organization, business__in=new
            ).only(
                "id",
                "business_id",
                "title",
                "status",
                "completed_on",
                "baseline_fiscal_year",
                "baseline_sales",
                "baseline_profit",
            ):
                plans[plan.business_id].append(plan)
        return plans

    def _plan(self, row, plans: list[BusinessPlan]) -> BusinessPlan | None:
        v = row.values
        if v["plan_id"] is not None:
            found = [p for p in plans if p.pk == v["plan_id"]]
            if not found:
                row.error(
                    "plan_id",
                    _("The business has no plan with ID %(id)s.") % {"id": v["plan_id"]},
                )
                return None
            return found[0]
        if v["plan_title"]:
            found = [p for p in plans if p.title == v["plan_title"]]
            if len(found) != 1:
                row.error(
                    "plan_title",
                    _("The business has no plan titled 「%(title)s」.") % {"title": v["plan_title"]}
                    if not found
                    else _("The business has several plans with this title: give the plan ID."),
                )
                return None
            return found[0]
        followed = [p for p in plans if p.status in FOLLOWED_STATUSES]
        if len(followed) != 1:
            row.error(
                "plan_title",
                _("The business has %(count)s completed plans: give the plan's title or ID.")
                % {"count": len(followed)},
            )
            return None
        return followed[0]

    def write(self, rows, run) -> None:
        super().write(rows, run)
        # The plans' follow-up state is settled once, at the end: bounded by the chamber's
        # plans, not by the file.
        touched = run.cache.setdefault("touched_plans", set())
        touched.update(r.extra["plan"].pk for r in rows if "plan" in r.extra)

    def finish(self, run) -> None:
        super().finish(run)
        refresh_follow_up(run.cache.get("touched_plans", set()))

    def plan_cells(self, record) -> dict:
        return {"plan_id": record.plan_id, "plan_title": record.plan.title}


def refresh_follow_up(plan_ids: set[int]) -> None:
    """The plans' follow-up state from their newest report and the contacts after it, as
    followups.services.record_report and record_contact leave it."""
    if not plan_ids:
        return
    newest: dict[int, tuple] = {}
    for plan_id, *report in (
        FollowUpReport.objects.filter(plan__in=plan_ids)
        .order_by("plan_id", "reported_on", "pk")
        .values_list("plan_id", "reported_on", "group", "next_contact_due")
        .iterator(chunk_size=2000)
    ):
        newest[plan_id] = report
    last_contact = dict(
        FollowUpContact.objects.filter(plan__in=newest)
        .values("plan_id")
        .annotate(last=Max("contacted_on"))
        .values_list("plan_id", "last")
    )
    # One UPDATE per plan, run as one executemany (bulk_update's CASE per field and plan
    # costs seconds for a chamber's few thousand plans).
    columns = ("follow_up_group", "follow_up_due", "last_reported_on", "next_report_due")
    # Plans whose follow-up state does not change are not written: a write raises the version.
    stored = {
        pk: tuple(rest)
        for pk, *rest in BusinessPlan.objects.filter(pk__in=list(newest)).values_list(
            "pk", *columns
        )
    }
    day = connection.ops.adapt_datefield_value
    values = []
    for plan_id, (reported_on, group, next_contact_due) in newest.items():
        due = next_contact_due
        contacted = last_contact.get(plan_id)
        if contacted is not None and contacted > reported_on:
            due = max(due, rules.next_due(contacted, group))
        state = (group, due, reported_on, rules.report_due(reported_on))
        if stored.get(plan_id) == state:
            continue
        values.append((group, day(due), day(reported_on), day(state[3]), plan_id))
    meta = BusinessPlan._meta
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in columns)
    # The plan is a new version: a form opened before the import cannot overwrite it.
    version = quote(meta.get_field(VERSION_FIELD).column)
    assignments += f", {version} = {version} + 1"
    if not values:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s",
            values,
        )


class FollowUpReportsImport(FollowUpKind):
    code = "followup_reports"
    label = gettext_lazy("Follow-up reports")
    description = gettext_lazy(
        "Six-monthly reports of businesses with a completed plan: sales and profit of the "
        "period and whether support is wanted; the group and next contact are derived."
    )
    list_url_name = "followups:list"
    order = 70
    model = FollowUpReport
    audit_prefix = "followups.report"
    date_field = "reported_on"
    key_fields = ("plan_id", "reported_on")
    key_label = gettext_lazy("same plan and report date")
    own_fields = (
        "plan_id",
        "reported_on",
        "fiscal_year",
        "period_fiscal_year",
        "sales",
        "profit",
        "wants_support",
        "note",
        "profit_trend",
        "sales_trend",
        "group",
        "next_contact_due",
        "profit_increased",
        "targets_met",
    )
    columns = (
        id_column(),
        *lookups.business_columns(),
        *plan_columns(),
        Column(
            "reported_on",
            gettext_lazy("reported on"),
            aliases=("報告日", "報告年月日", "提出日"),
            required=True,
            clean=cleaners.day,
        ),
        lookups.staff_column(),
        Column(
            "period_fiscal_year",
            gettext_lazy("plan year of the figures"),
            aliases=("対象年度", "実績年度", "計画年度"),
            clean=cleaners.fiscal_year,
        ),
        Column(
            "sales",
            gettext_lazy("sales for the period (thousand yen)"),
            aliases=("売上高", "売上", "売上実績"),
            clean=cleaners.money,
        ),
        Column(
            "profit",
            gettext_lazy("profit for the period (thousand yen)"),
            aliases=("利益", "経常利益", "利益実績"),
            clean=cleaners.money,
        ),
        Column(
            "wants_support",
            gettext_lazy("wants support"),
            aliases=("支援希望", "支援の希望", "支援要望"),
            required=True,
            clean=cleaners.boolean,
        ),
        Column("note", gettext_lazy("note"), aliases=("備考", "メモ"), empty=""),
    )
    example = {
        "business_name": "株式会社青葉鋳工所",
        "plan_title": "新製品による販路開拓計画",
        "reported_on": "令和6年5月20日",
        "period_fiscal_year": "令和6年度",
        "sales": 64000,
        "profit": 1900,
        "wants_support": "はい",
    }

    def resolve_references(self, rows, run) -> None:
        super().resolve_references(rows, run)
        plan_ids = {r.extra["plan"].pk for r in rows if "plan" in r.extra}
        targets = run.cache.setdefault("targets", {})  # (plan, year) → target, per plan
        new = plan_ids - run.cache.setdefault("targets_read", set())
        if new:
            for t in PlanYearTarget.objects.filter(plan__in=new).only(
                "plan_id", "fiscal_year", "sales", "profit"
            ):
                targets[(t.plan_id, t.fiscal_year)] = t
            run.cache["targets_read"].update(new)
        for row in rows:
            plan = row.extra.get("plan")
            if plan is None or not row.ok:
                continue
            year = row.values["period_fiscal_year"] or fiscal_year(row.values["reported_on"])
            if plan.baseline_fiscal_year is not None and year <= plan.baseline_fiscal_year:
                row.error(
                    "period_fiscal_year",
                    _("The figures must belong to a plan year after the baseline year (%(year)s).")
                    % {"year": fiscal_year_label(plan.baseline_fiscal_year)},
                )
            row.extra["period_fiscal_year"] = year
            row.extra["target"] = targets.get((plan.pk, year))

    def own(self, row, run) -> dict:
        v = row.values
        plan = row.extra["plan"]
        profit_trend = rules.trend(v["profit"], plan.baseline_profit)
        sales_trend = rules.trend(v["sales"], plan.baseline_sales)
        group = rules.group(profit_trend, sales_trend, v["wants_support"])
        return {
            "plan_id": plan.pk,
            "reported_on": v["reported_on"],
            "fiscal_year": fiscal_year(v["reported_on"]),
            "period_fiscal_year": row.extra["period_fiscal_year"],
            "sales": v["sales"],
            "profit": v["profit"],
            "wants_support": v["wants_support"],
            "note": v["note"],
            "profit_trend": str(profit_trend),
            "sales_trend": str(sales_trend),
            "group": group,
            "next_contact_due": rules.next_due(v["reported_on"], group),
            "profit_increased": rules.profit_increased(v["profit"], plan.baseline_profit),
            "targets_met": rules.targets_met(v["sales"], v["profit"], row.extra["target"]),
        }

    def export_queryset(self, queryset):
        return queryset.select_related("business", "staff", "plan")

    def export_values(self, report, date_style) -> dict:
        return {
            "id": report.pk,
            **business_cells(report),
            **self.plan_cells(report),
            "reported_on": date_cell(report.reported_on, date_style),
            "staff": staff_cell(report),
            "period_fiscal_year": fiscal_year_label(report.period_fiscal_year),
            "sales": report.sales,
            "profit": report.profit,
            "wants_support": _("Yes") if report.wants_support else _("No"),
            "note": report.note,
        }


class FollowUpContactsImport(FollowUpKind):
    code = "followup_contacts"
    label = gettext_lazy("Follow-up contacts")
    description = gettext_lazy(
        "Contacts with businesses with a completed plan between their reports (フォローアップ実施)."
    )
    list_url_name = "followups:list"
    order = 71
    model = FollowUpContact
    audit_prefix = "followups.contact"
    date_field = "contacted_on"
    messages = staticmethod(_contact_date_messages)
    key_fields = ("plan_id", "contacted_on", "staff_id")
    key_label = gettext_lazy("same plan, day and staff")
    own_fields = ("plan_id", "contacted_on", "fiscal_year", "channel", "note")
    columns = (
        id_column(),
        *lookups.business_columns(),
        *plan_columns(),
        Column(
            "contacted_on",
            gettext_lazy("contacted on"),
            aliases=("実施日", "フォローアップ実施日", "連絡日", "対応日"),
            required=True,
            clean=cleaners.day,
        ),
        lookups.staff_column(),
        channel_column(),
        Column("note", gettext_lazy("note"), aliases=("備考", "内容", "メモ"), empty=""),
    )
    example = {
        "business_name": "株式会社青葉鋳工所",
        "plan_title": "新製品による販路開拓計画",
        "contacted_on": "令和6年6月20日",
        "channel": "巡回訪問",
        "note": "新製品の試作状況を確認",
    }

    def own(self, row, run) -> dict:
        v = row.values
        return {
            "plan_id": row.extra["plan"].pk,
            "contacted_on": v["contacted_on"],
            "fiscal_year": fiscal_year(v["contacted_on"]),
            "channel": v["channel"] or Channel.VISIT,
            "note": v["note"],
        }

    def export_queryset(self, queryset):
        return queryset.select_related("business", "staff", "plan")

    def export_values(self, contact, date_style) -> dict:
        return {
            "id": contact.pk,
            **business_cells(contact),
            **self.plan_cells(contact),
            "contacted_on": date_cell(contact.contacted_on, date_style),
            "staff": staff_cell(contact),
            "channel": contact.get_channel_display(),
            "note": contact.note,
        }
