"""Import of support records (支援記録・カルテ), built for years of spreadsheets at once.

A row names its business (ID, 法人番号, code or name), its day and optionally its time, the
channel and themes by their Japanese labels, and the narrative. Re-importing the same file
changes nothing: a row whose business, time, channel, staff and content are all equal to a
stored record is that record. Rows are never merged on less than that, so two visits on the
same day stay two records ("without losing a row"); a row with bansou's ID updates its record.

Writing (support_storage.write_rows) inserts many rows per statement with the business facts
captured from businesses fetched once per batch, so 100,000 rows go in without a query per
row.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .. import cleaners, lookups
from ..registry import Action, Column, ImportKind
from . import model_exists
from .support_storage import (
    CONTENT_FIELDS,
    StoredRecords,
    prepare_inserts,
    row_content,
    write_rows,
)

if TYPE_CHECKING:
    from ..engine import Row

MIDNIGHT = time(0, 0)
_THEME_SEPARATORS_RE = re.compile(r"[、,，/／・;；\n]+")

CHANNEL_WORDS = {
    "巡回": "visit",
    "訪問": "visit",
    "巡回訪問": "visit",
    "窓口": "desk",
    "窓口相談": "desk",
    "来所": "desk",
    "電話": "call",
    "電話相談": "call",
    "フォローコール": "follow_call",
    "メール": "email",
    "Eメール": "email",
    "電子メール": "email",
    "オンライン": "online",
    "web": "online",
    "zoom": "online",
    "セミナー": "seminar",
    "個別相談会": "seminar",
    "セミナー・個別相談会": "seminar",
}
THEME_WORDS = {
    "創業": "startup",
    "事業承継": "succession",
    "承継": "succession",
    "販路開拓": "sales_channels",
    "販路": "sales_channels",
    "生産性向上": "productivity",
    "労働・雇用": "labour",
    "労務": "labour",
    "雇用": "labour",
    "DX推進": "dx",
    "IT化": "dx",
    "資金繰り": "cash_flow",
    "金融": "cash_flow",
    "融資": "cash_flow",
    "補助金": "subsidy",
    "経営改善": "improvement",
    "その他": "other",
}
# Everything a row compares with a stored record to decide that it is that record.
TEXT_FIELDS = ("condition", "issues", "analysis", "support", "approach", "next_action")


def _channel_cleaner():
    from bansou.support.choices import Channel

    return cleaners.choice(Channel.choices, CHANNEL_WORDS)


def _theme_cleaner():
    from bansou.support.choices import Theme

    return cleaners.choice(Theme.choices, THEME_WORDS)


_lazy: dict = {}


def _choices(name: str):
    from bansou.support import choices

    return getattr(choices, name).choices


def _channel(value) -> str:
    if "channel" not in _lazy:
        _lazy["channel"] = _channel_cleaner()
    return _lazy["channel"](value)


def _themes(value) -> tuple[str, ...]:
    if "theme" not in _lazy:
        _lazy["theme"] = _theme_cleaner()
    parts = [p for p in _THEME_SEPARATORS_RE.split(cleaners.text(value)) if p.strip()]
    return tuple(sorted({_lazy["theme"](p) for p in parts}))


def _minutes(value) -> int:
    minutes = cleaners.positive_integer(value)
    if minutes > 24 * 60:
        raise cleaners.CellError(_("The duration is in minutes and at most one day (1440)."))
    return minutes


def _narrative(field_name: str, label, aliases: tuple[str, ...]) -> Column:
    return Column(field_name, label, aliases=aliases, empty="")


class SupportRecordsImport(ImportKind):
    code = "support_records"
    label = gettext_lazy("Support records")
    description = gettext_lazy(
        "Support records (カルテ): business, day, channel, themes and the narrative. "
        "Re-importing the same file adds nothing."
    )
    list_url_name = "support:list"
    order = 20
    export_only = (gettext_lazy("fiscal year"),)
    columns = (
        Column(
            "id",
            gettext_lazy("ID"),
            aliases=("支援記録ID", "記録ID"),
            clean=cleaners.integer,
            display=cleaners.identifier_display,
        ),
        *lookups.business_columns(),
        Column(
            "occurred_on",
            gettext_lazy("date"),
            aliases=("日付", "支援日", "相談日", "実施日", "対応日", "訪問日", "年月日"),
            required=True,
            clean=cleaners.day,
        ),
        Column(
            "time",
            gettext_lazy("time"),
            aliases=("時刻", "開始時刻", "時間帯", "time of day"),
            clean=cleaners.time_of_day,
        ),
        Column(
            "channel",
            gettext_lazy("channel"),
            aliases=("支援方法", "相談方法", "対応方法", "接触方法", "区分", "手段"),
            required=True,
            clean=_channel,
            empty="",
            display=cleaners.choice_display(lambda: _choices("Channel")),
        ),
        Column(
            "themes",
            gettext_lazy("themes"),
            aliases=("テーマ", "支援テーマ", "相談テーマ", "分野", "相談分野"),
            clean=_themes,
            empty=(),
            display=cleaners.choice_display(lambda: _choices("Theme")),
        ),
        lookups.staff_column(),
        Column(
            "duration_minutes",
            gettext_lazy("duration (minutes)"),
            aliases=("所要時間", "所要時間(分)", "対応時間", "時間(分)", "分"),
            clean=_minutes,
        ),
        _narrative("condition", pgettext_lazy("support record", "business condition"), ("業況",)),
        _narrative(
            "issues", pgettext_lazy("support record", "current issues"), ("現状の課題", "課題")
        ),
        _narrative("analysis", pgettext_lazy("support record", "analysis"), ("分析内容", "分析")),
        _narrative(
            "support",
            pgettext_lazy("support record", "support given"),
            ("支援内容", "相談内容", "指導内容"),
        ),
        _narrative("approach", pgettext_lazy("support record", "approach"), ("支援対応方法",)),
        _narrative(
            "next_action", gettext_lazy("next action"), ("次回アクション", "次回対応", "今後の対応")
        ),
        Column(
            "next_action_due",
            gettext_lazy("next action due"),
            aliases=("次回期限", "次回予定日", "期限"),
            clean=cleaners.day,
        ),
        Column(
            "next_action_done",
            gettext_lazy("next action done"),
            aliases=("次回対応済", "対応済", "完了"),
            clean=cleaners.boolean,
        ),
    )

    def available(self) -> bool:
        return model_exists("support.SupportRecord")

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        if "id" in mapped:
            return []
        return lookups.business_mapping_problems(mapped)

    def begin(self, run) -> None:
        run.cache["today"] = timezone.localdate()
        if run.read_ahead:
            # The reading process then finds each row's business and staff (prepare).
            lookups.preload_register(run)

    def prepare(self, rows, run) -> None:
        """The moment, the rules between a row's dates, and what the insert derives (day,
        年度 and search text, by the model's own derived_fields) without a query."""
        from bansou.support.models import LOCAL_TZ

        today = run.cache["today"]
        for row in rows:
            v = row.values
            v["occurred_at"] = datetime.combine(
                v["occurred_on"], v["time"] or MIDNIGHT, tzinfo=LOCAL_TZ
            )
            if v["occurred_on"] > today:
                row.error("occurred_on", _("Support cannot be recorded for a future date."))
            if v["next_action_due"] and v["next_action_due"] < v["occurred_on"]:
                row.error(
                    "next_action_due",
                    _("The next action cannot be due before the support took place."),
                )
            if v["next_action_done"] is None:
                v["next_action_done"] = False
            for name in TEXT_FIELDS:
                if v[name] is None:
                    v[name] = ""
        prepare_inserts(rows)
        if lookups.register_loaded(run):
            self._resolve_new([r for r in rows if not r.errors and r.values["id"] is None], run)

    def _resolve_new(self, rows, run) -> None:
        """A row without bansou's ID must name its business (and its staff, or the person
        importing is taken)."""
        lookups.resolve_businesses(rows, run)
        lookups.resolve_staff(rows, run)

    def shipped(self, row):
        """A new row resolved where the file was read (prepare) crosses with its business's
        id, the moment, the day and the INSERT's own values: what resolve and write still read."""
        v, extra = row.values, row.extra
        if row.errors or v["id"] is not None or "business" not in extra:
            return v, extra
        return (
            {"id": None, "channel": v["channel"], "themes": v["themes"]},
            {
                "business_id": extra["business"].id,
                "staff_id": extra["staff_id"],
                "moment": extra["moment"],
                "day": extra["day"],  # the territory is judged on it (support_storage)
                "own": extra["own"],
            },
        )

    def resolve(self, rows, run) -> None:
        rows = [r for r in rows if not r.errors]
        new = [r for r in rows if r.values["id"] is None]
        if lookups.register_loaded(run):
            # Resolved in prepare; a row that crossed from the reading process brought only
            # its business's id, which names the same object in this process's register.
            by_id = run.cache["businesses"]["id"]
            for row in new:
                if "business" not in row.extra:
                    row.extra["business"] = by_id[row.extra["business_id"]]
        else:
            self._resolve_new(new, run)
        # A row with bansou's ID already knows its business.
        with_id = [r for r in rows if r.values["id"] is not None]
        lookups.resolve_businesses(with_id, run, required=False)
        lookups.resolve_staff(with_id, run, required=False)
        rows = [r for r in rows if not r.errors]
        self._match_ids(rows, run)
        self._match_content(rows, run)

    def _match_ids(self, rows, run) -> None:
        from bansou.support.models import SupportRecord

        ids = {r.values["id"] for r in rows} - {None}
        if not ids:
            return
        records = {
            r.pk: r
            for r in SupportRecord.objects.filter(organization=run.organization, pk__in=ids)
            .select_related("business", "staff")
            .prefetch_related("themes")
        }
        from bansou.accounts.models import User

        staff_ids = {r.extra["staff_id"] for r in rows if r.values["id"] is not None}
        run.cache["staff_users"] = User.objects.in_bulk(staff_ids)
        seen = run.cache.setdefault("seen_ids", {})
        for row in rows:
            pk = row.values["id"]
            if pk is None:
                continue
            if pk in seen:
                row.error(
                    "id",
                    _("The same record is already on row %(row)s of this file.")
                    % {"row": seen[pk]},
                )
                continue
            seen[pk] = row.number
            record = records.get(pk)
            if record is None:
                row.error("id", _("No support record with ID %(id)s in this chamber.") % {"id": pk})
                continue
            business = row.extra.get("business")
            if business is not None and business.pk != record.business_id:
                row.error(
                    "business_name", _("A support record cannot be moved to another business.")
                )
                continue
            row.extra["business"] = record.business
            self._prepare_update(row, record, run)

    def _prepare_update(self, row, record, run) -> None:
        from bansou.audit.services import snapshot
        from bansou.support.services import AUDITED_FIELDS

        v = row.values
        row.extra["before"] = snapshot(record, AUDITED_FIELDS)
        changed = []
        for name in ("occurred_at", "channel", *CONTENT_FIELDS):
            if not run.is_mapped(name if name != "occurred_at" else "occurred_on"):
                continue
            value = v[name]
            if value is None or value == "":
                continue  # an empty cell never erases what is stored
            if getattr(record, name) != value:
                setattr(record, name, value)
                changed.append(name)
            if name == "occurred_at" and run.is_mapped("time"):
                record.time_known = v["time"] is not None
        if run.is_mapped("staff") and v["staff"] and record.staff_id != row.extra["staff_id"]:
            record.staff = run.cache["staff_users"][row.extra["staff_id"]]
            changed.append("staff")
        themes = set(v["themes"])
        old_themes = {t.theme for t in record.themes.all()}
        row.extra["themes_changed"] = bool(themes) and themes != old_themes
        row.extra["old_themes"] = old_themes
        row.target = record
        row.extra["changed"] = changed
        row.match = _("ID")
        row.action = Action.UPDATE if changed or row.extra["themes_changed"] else Action.UNCHANGED

    def _match_content(self, rows, run) -> None:
        """Rows equal in every respect to a stored record (or to an earlier row) are that one."""
        new_rows = [r for r in rows if r.values["id"] is None and not r.errors]
        if not new_rows:
            return
        if "stored" not in run.cache:
            run.cache["stored"] = StoredRecords(run.organization.pk)
        stored = run.cache["stored"].matching(new_rows)
        # The first row of the batch at each key, and the contents at keys met again: a
        # row's content is compared (and computed) only when its key is stored or repeated.
        first: dict[tuple, Row] = {}
        repeated: dict[tuple, set[tuple]] = {}
        for row in new_rows:
            extra = row.extra
            key = (extra["business"].id, extra["moment"], row.values["channel"], extra["staff_id"])
            if key in stored and row_content(row) in stored[key]:
                row.action = Action.UNCHANGED
                row.match = _("same record already stored")
                continue
            if key in first:
                earlier = repeated.get(key)
                if earlier is None:
                    earlier = repeated[key] = {row_content(first[key])}
                content = row_content(row)
                if content in earlier:
                    row.action = Action.UNCHANGED
                    row.match = _("same as an earlier row")
                    continue
                earlier.add(content)
            else:
                first[key] = row
            row.action = Action.CREATE
            row.match = extra["business"].name  # which business the row was given to

    def write(self, rows, run) -> None:
        write_rows(rows, run)

    def finish(self, run) -> None:
        deferred = run.cache.get("deferred_indexes")
        if deferred is not None:
            deferred.finish()
