"""Import of manual actuals (手入力の実績): hand-counted figures per plan row and fiscal year.

A line names its row by key (行キー) or title (実施事業) in the chamber's plan; the plan code
(計画コード) is needed only when the chamber has several plans. The rules are those of entering
an actual by hand (services.check_entry). A line with an ID (実績ID) updates that entry;
otherwise a stored entry with the same row, fiscal year, date and evidence is the line's entry,
so importing the same file twice changes nothing. Entries are recorded as entered by the user
who imports, who must be one of those who keep the plan.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.audit.models import AuditEntry
from bansou.audit.services import diff, snapshot, unsaved_entry
from bansou.core.errors import DomainError
from bansou.core.versioning import bump_versions
from bansou.dataio import cleaners
from bansou.dataio.registry import Action, Column, ImportKind
from bansou.lib.eras import fiscal_year_label

from ..models import DevelopmentPlan, ManualActual, PlanItem
from ..publication import is_published
from ..services import MANUAL_FIELDS, check_entry
from . import refuse_unless_plan_keeper

CENT = Decimal("0.01")
MAX_ACTUAL = Decimal(10) ** 10  # ManualActual.value: 12 digits, 2 of them decimals
# services.check_entry's codes → the column that holds what is wrong.
RULE_COLUMNS = {
    "fiscal_year_outside_plan": "fiscal_year",
    "date_outside_year": "recorded_on",
}
ROW_REFERENCES = ("entry_id", "row_key", "row_title")


def _actual(value) -> Decimal:
    number = cleaners.decimal(value)
    if number < 0:
        raise cleaners.CellError(
            _("An actual cannot be negative: %(value)s") % {"value": cleaners.display(number)}
        )
    if number != number.quantize(CENT) or number >= MAX_ACTUAL:
        raise cleaners.CellError(
            _("An actual has at most 10 digits and 2 decimals: %(value)s") % {"value": number}
        )
    return number.quantize(CENT)


def _fiscal_year_display(value) -> str:
    return fiscal_year_label(value) if value else ""


class PlanActualsImport(ImportKind):
    code = "plan_actuals"
    label = gettext_lazy("Plan actuals")
    description = gettext_lazy(
        "Hand-counted actuals of the plan's rows: row key or title, fiscal year, date, value "
        "and evidence. A line with an ID updates that entry; importing the same file again "
        "changes nothing."
    )
    list_url_name = "evaluation:index"
    order = 50
    export_only = (
        gettext_lazy("entered by"),
        gettext_lazy("entered at"),
    )
    columns = (
        Column(
            "entry_id",
            gettext_lazy("entry ID"),
            aliases=("ID", "実績ID", "入力ID"),
            clean=cleaners.integer,
            display=cleaners.identifier_display,
        ),
        Column(
            "plan_code",
            gettext_lazy("plan code"),
            aliases=("計画", "計画コード (code)"),
            clean=cleaners.code,
            empty="",
            help_text=gettext_lazy("Needed when the chamber has several plans."),
        ),
        Column(
            "row_key",
            gettext_lazy("row key"),
            aliases=("行キー (key)", "キー"),
            clean=cleaners.code,
            empty="",
        ),
        Column(
            "row_title",
            gettext_lazy("plan row title"),
            aliases=("実施事業 (title)", "事業名"),
            clean=cleaners.limited_text(200),
            empty="",
        ),
        Column(
            "fiscal_year",
            gettext_lazy("fiscal year"),
            aliases=("対象年度",),
            required=True,
            clean=cleaners.fiscal_year,
            display=_fiscal_year_display,
        ),
        Column(
            "recorded_on",
            gettext_lazy("as of"),
            aliases=("時点", "日付", "計上日", "集計日", "記録日"),
            required=True,
            clean=cleaners.day,
        ),
        Column(
            "value",
            gettext_lazy("actual"),
            aliases=("実績値", "件数", "数値", "値"),
            required=True,
            clean=_actual,
        ),
        Column(
            "evidence",
            gettext_lazy("evidence"),
            aliases=("根拠資料", "エビデンス", "出典"),
            required=True,
            clean=cleaners.unguarded_text,
            empty="",
        ),
    )

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        if mapped.isdisjoint(ROW_REFERENCES):
            return [_("Choose a column that names the row: entry ID, row key or row title.")]
        return []

    def begin(self, run) -> None:
        refuse_unless_plan_keeper(run, actor_needed=True)
        # A chamber has a few plans of some hundred rows: they are loaded once per pass.
        plans = list(
            DevelopmentPlan.objects.filter(organization=run.organization)
            .prefetch_related("amendments")
            .order_by("-starts_on", "code")
        )
        by_id = {plan.pk: plan for plan in plans}
        items: dict[int, PlanItem] = {}
        by_key: dict[tuple[int, str], PlanItem] = {}
        by_title: dict[tuple[int, str], list[PlanItem]] = defaultdict(list)
        fields = ("id", "organization_id", "plan_id", "key", "title", "source")
        for item in PlanItem.objects.filter(plan__in=plans).only(*fields):
            item.plan = by_id[item.plan_id]  # check_entry reads the plan and its amendments
            items[item.pk] = item
            by_key[(item.plan_id, item.key)] = item
            by_title[(item.plan_id, cleaners.key(item.title))].append(item)
        run.cache.update(
            plans={plan.code: plan for plan in plans},
            items=items,
            by_key=by_key,
            by_title=by_title,
            seen={},  # ("entry", pk) or ("key", item, year, date, evidence) → row number
        )

    # --- resolve ------------------------------------------------------------------------

    def resolve(self, rows, run) -> None:
        ids = {row.values["entry_id"] for row in rows} - {None}
        entries = {
            entry.pk: entry
            for entry in ManualActual.objects.filter(organization=run.organization, pk__in=ids)
        }
        for row in rows:
            if row.values["entry_id"] is not None:
                self._find_entry(row, run, entries)
            else:
                self._find_item(row, run)
        rows = [row for row in rows if row.ok]
        for row in rows:
            self._check(row, run)
        rows = [row for row in rows if row.ok]
        stored = self._stored_entries([row for row in rows if row.target is None], run)
        for row in rows:
            self._decide(row, run, stored)

    def _plan(self, row, run) -> DevelopmentPlan | None:
        plans = run.cache["plans"]
        code = row.values["plan_code"]
        if code:
            plan = plans.get(code)
            if plan is None:
                row.error(
                    "plan_code",
                    _("The chamber has no plan with the code 「%(code)s」.") % {"code": code},
                )
            return plan
        if len(plans) == 1:
            return next(iter(plans.values()))
        if not plans:
            row.error(
                "row_key" if row.values["row_key"] else "row_title",
                _("The chamber has no development plan yet: import its definition first."),
            )
        else:
            row.error(
                "plan_code",
                _("The chamber has several plans (%(codes)s): give the plan code.")
                % {"codes": "、".join(sorted(plans))},
            )
        return None

    def _find_item(self, row, run) -> None:
        v = row.values
        if not v["row_key"] and not v["row_title"]:
            row.error("row_key", _("Name the row: give its key or its title."))
            return
        plan = self._plan(row, run)
        if plan is None:
            return
        if v["row_key"]:
            item = run.cache["by_key"].get((plan.pk, v["row_key"]))
            if item is None:
                row.error(
                    "row_key",
                    _("The plan %(plan)s has no row with the key 「%(key)s」.")
                    % {"plan": plan.code, "key": v["row_key"]},
                )
                return
            if v["row_title"] and cleaners.key(v["row_title"]) != cleaners.key(item.title):
                row.error(
                    "row_title",
                    _("The row %(key)s is 「%(title)s」, not 「%(given)s」.")
                    % {"key": item.key, "title": item.title, "given": v["row_title"]},
                )
                return
        else:
            found = run.cache["by_title"].get((plan.pk, cleaners.key(v["row_title"])), [])
            if not found:
                row.error(
                    "row_title",
                    _("The plan %(plan)s has no row 「%(title)s」.")
                    % {"plan": plan.code, "title": v["row_title"]},
                )
                return
            if len(found) > 1:
                row.error(
                    "row_title",
                    _("%(count)s rows of the plan are called 「%(title)s」: give the row key.")
                    % {"count": len(found), "title": v["row_title"]},
                )
                return
            item = found[0]
        row.extra["item"] = item
        row.match = f"{item.key} {item.title}"

    def _find_entry(self, row, run, entries) -> None:
        v = row.values
        entry = entries.get(v["entry_id"])
        item = run.cache["items"].get(entry.item_id) if entry is not None else None
        if item is None:
            row.error(
                "entry_id",
                _("The chamber has no manual actual with the ID %(id)s.") % {"id": v["entry_id"]},
            )
            return
        entry.item = item
        mismatch = (
            ("plan_code", v["plan_code"] and v["plan_code"] != item.plan.code),
            ("row_key", v["row_key"] and v["row_key"] != item.key),
            (
                "row_title",
                v["row_title"] and cleaners.key(v["row_title"]) != cleaners.key(item.title),
            ),
        )
        for field_name, differs in mismatch:
            if differs:
                row.error(
                    field_name,
                    _("The entry %(id)s belongs to the row %(key)s 「%(title)s」 of %(plan)s.")
                    % {
                        "id": entry.pk,
                        "key": item.key,
                        "title": item.title,
                        "plan": item.plan.code,
                    },
                )
                return
        if v["fiscal_year"] != entry.fiscal_year:
            row.error(
                "fiscal_year",
                _(
                    "The entry %(id)s is for %(year)s; its fiscal year cannot change (delete it "
                    "and enter it again)."
                )
                % {"id": entry.pk, "year": fiscal_year_label(entry.fiscal_year)},
            )
            return
        row.target = entry
        row.extra["item"] = item
        row.match = _("entry %(id)s") % {"id": entry.pk}

    def _check(self, row, run) -> None:
        item = row.extra["item"]
        try:
            check_entry(item, row.values["fiscal_year"], row.values["recorded_on"])
        except DomainError as exc:
            row.error(RULE_COLUMNS.get(exc.code) or self._row_column(row), exc.message)
            return
        if self._published(item.plan, row.values["fiscal_year"], run):
            # A published year changes only on the row's page, where a reason is asked for.
            row.error(
                "fiscal_year",
                _("The committee's report of %(year)s is confirmed: change its actuals on the "
                  "row's page, with the reason.")
                % {"year": fiscal_year_label(row.values["fiscal_year"])},
            )  # fmt: skip

    def _published(self, plan, fiscal_year: int, run) -> bool:
        cache = run.cache.setdefault("published_years", {})
        key = (plan.pk, fiscal_year)
        if key not in cache:
            cache[key] = is_published(plan, fiscal_year)
        return cache[key]

    def _row_column(self, row) -> str:
        for field_name in ROW_REFERENCES:
            if row.values[field_name] not in (None, ""):
                return field_name
        return "row_key"

    def _stored_entries(self, rows, run) -> dict[tuple, list[ManualActual]]:
        if not rows:
            return {}
        stored: dict[tuple, list[ManualActual]] = defaultdict(list)
        for entry in ManualActual.objects.filter(
            organization=run.organization,
            item__in={row.extra["item"].pk for row in rows},
            fiscal_year__in={row.values["fiscal_year"] for row in rows},
            recorded_on__in={row.values["recorded_on"] for row in rows},
        ):
            entry.item = run.cache["items"][entry.item_id]
            stored[(entry.item_id, entry.fiscal_year, entry.recorded_on, entry.evidence)].append(
                entry
            )
        return stored

    def _decide(self, row, run, stored) -> None:
        v = row.values
        item = row.extra["item"]
        key = ("key", item.pk, v["fiscal_year"], v["recorded_on"], v["evidence"])
        entry = row.target
        if entry is None:
            matches = stored.get(key[1:], [])
            if len(matches) > 1:
                row.error(
                    "evidence",
                    _(
                        "%(count)s stored entries have this row, fiscal year, date and "
                        "evidence: give the entry ID to choose one."
                    )
                    % {"count": len(matches)},
                )
                return
            entry = matches[0] if matches else None
        keys = [key] + ([("entry", entry.pk)] if entry is not None else [])
        seen = run.cache["seen"]
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            row.error(
                "entry_id" if v["entry_id"] is not None else "evidence",
                _("Row %(row)s already has this entry (the same row, fiscal year, date and "
                  "evidence, or the same ID).")
                % {"row": earlier},
            )  # fmt: skip
            return
        seen.update(dict.fromkeys(keys, row.number))
        if entry is None:
            row.action = Action.CREATE
            row.match = row.match or _("new entry")
            return
        before = snapshot(entry, MANUAL_FIELDS)
        for name in ("recorded_on", "value", "evidence"):
            if getattr(entry, name) != v[name]:
                setattr(entry, name, v[name])
        changes = diff(entry, before, snapshot(entry, MANUAL_FIELDS))
        row.target = entry
        row.extra["changes"] = changes
        row.match = _("entry %(id)s") % {"id": entry.pk}
        row.action = Action.UPDATE if changes else Action.UNCHANGED

    # --- write --------------------------------------------------------------------------

    def write(self, rows, run) -> None:
        created = [
            ManualActual(
                organization=run.organization,
                item=row.extra["item"],
                fiscal_year=row.values["fiscal_year"],
                recorded_on=row.values["recorded_on"],
                value=row.values["value"],
                evidence=row.values["evidence"],
                entered_by=run.actor,
            )
            for row in rows
            if row.action == Action.CREATE
        ]
        ManualActual.objects.bulk_create(created)
        updated = [row for row in rows if row.action == Action.UPDATE]
        now = timezone.now()
        for row in updated:
            row.target.updated_at = now  # bulk_update does not apply auto_now
        targets = [row.target for row in updated]
        # A form opened before the import must not overwrite it (core/versioning.py).
        changed = ["recorded_on", "value", "evidence", "updated_at", *bump_versions(targets)]
        ManualActual.objects.bulk_update(targets, changed)
        entries = [
            _audit(entry, "evaluation.manual_actual.created", run,
                   diff(entry, {}, snapshot(entry, MANUAL_FIELDS)))
            for entry in created
        ] + [
            _audit(row.target, "evaluation.manual_actual.updated", run, row.extra["changes"])
            for row in updated
        ]  # fmt: skip
        AuditEntry.objects.bulk_create(entries)


def _audit(entry: ManualActual, action: str, run, changes: dict) -> AuditEntry:
    """The entry services.record_manual_actual / update_manual_actual write (log_action)."""
    return unsaved_entry(entry, action, run.actor, changes)
