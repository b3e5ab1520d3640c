"""Import of past motivation checks: the answers by question, or only the total of an old sheet.

A row is one check: business, day, staff and channel, then one column per question of the
chamber's current questionnaire (the columns are named by the default questions; 問1, 問2 …
name them too, in the questionnaire's order). The score and rank are computed from the answers
as the form does; a row with no answers but a total score is stored as that score, marked as an
imported total (the old sheet kept only that). The same business, day and staff is the same
check, so importing a file twice changes nothing.
"""

from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from bansou.lib.eras import fiscal_year
from bansou.support.choices import Channel

from . import scoring
from .defaults import DEFAULT_ITEMS
from .models import MotivationAnswer, MotivationCheck

QUESTIONS = len(DEFAULT_ITEMS)


class Item(NamedTuple):
    """What scoring reads of a question, as plain attributes (a model's pk is a property)."""

    pk: int
    weight: int
    max_points: int


def _answer_column(number: int, text: str) -> Column:
    head = text.split("：", 1)[0]
    return Column(
        f"answer_{number}",
        text,
        aliases=(f"問{number}", f"Q{number}", f"設問{number}", head),
        clean=cleaners.count,
    )


def _score(value) -> Decimal:
    score = cleaners.decimal(value)
    if not Decimal("0") <= score <= Decimal("100"):
        raise cleaners.CellError(_("The score is a percentage from 0 to 100."))
    return score.quantize(scoring.ONE_DECIMAL)


ANSWER_FIELDS = tuple(f"answer_{n}" for n in range(1, QUESTIONS + 1))


class MotivationChecksImport(HistoryKind):
    code = "motivation_checks"
    label = gettext_lazy("Motivation checks")
    description = gettext_lazy(
        "Past やる気度 checks: the answers by question (scored as the form does), or only the "
        "total score when the old sheet kept only that."
    )
    list_url_name = "motivation:queue"
    order = 50
    model = MotivationCheck
    audit_prefix = "motivation.check"
    key_fields = ("checked_on", "staff_id")
    key_label = gettext_lazy("same business, day and staff")
    own_fields = (
        "version_id",
        "checked_on",
        "fiscal_year",
        "channel",
        "score",
        "rank",
        "priority",
        "priority_reason",
        "note",
        "total_only",
    )
    child_model = MotivationAnswer
    child_fields = ("organization", "motivation_check", "item", "points")
    child_parent = "motivation_check"
    columns = (
        id_column(),
        *lookups.business_columns(),
        Column(
            "checked_on",
            gettext_lazy("checked on"),
            aliases=("確認日", "実施日", "日付", "調査日"),
            required=True,
            clean=cleaners.day,
        ),
        lookups.staff_column(),
        channel_column(),
        *(_answer_column(n, text) for n, (text, _weight) in enumerate(DEFAULT_ITEMS, start=1)),
        Column(
            "score",
            gettext_lazy("score (%)"),
            aliases=("得点", "合計点", "スコア", "やる気度", "点数"),
            clean=_score,
        ),
        Column(
            "priority",
            gettext_lazy("priority"),
            aliases=("優先", "優先対応"),
            clean=cleaners.boolean,
        ),
        Column(
            "priority_reason",
            gettext_lazy("reason for the priority"),
            aliases=("優先理由",),
            empty="",
        ),
        Column("note", gettext_lazy("note"), aliases=("備考", "メモ"), empty=""),
    )
    example = {
        "business_name": "株式会社青葉鋳工所",
        "checked_on": "令和6年5月10日",
        "channel": "巡回訪問",
        **dict.fromkeys(ANSWER_FIELDS, 3),
        "note": "事業計画策定に前向き",
    }

    def available(self) -> bool:
        return True

    def begin(self, run) -> None:
        from .services import current_version

        super().begin(run)
        version = current_version(run.organization)
        items = [Item(i.pk, i.weight, i.max_points) for i in version.items.all()]
        run.cache["version"] = (version.pk, version.thresholds, items)
        # Every row is scored from a table of the totals its answers can reach; each total's
        # rank is looked up the same way.
        scores = scoring.score_table(items) if items else []
        run.cache["scores"] = (scores, [scoring.rank(s, version.thresholds) for s in scores])

    def check_row(self, row, run) -> None:
        v = row.values
        _pk, _thresholds, items = run.cache["version"]
        answers = [name for name in ANSWER_FIELDS if v[name] is not None]
        if answers and len(answers) < len(items):
            row.error(answers[0], _("Answer every question, or give only the total score."))
        for name in ANSWER_FIELDS[len(items) :]:
            if v[name] is not None:
                row.error(name, _("The questionnaire has no such question."))
        for item, name in zip(items, ANSWER_FIELDS, strict=False):
            points = v[name]
            if points is None or (points.__class__ is int and 0 <= points <= item.max_points):
                continue
            if message := scoring.points_error(item, points):
                row.error(name, message)
        if not answers and v["score"] is None:
            row.error("score", _("Give the answers to the questions, or the total score."))
        if v["priority"] and not v["priority_reason"]:
            row.error("priority_reason", _("Give the reason for the priority."))

    def own(self, row, run) -> dict:
        v = row.values
        version_id, thresholds, items = run.cache["version"]
        points = [v[name] for name in ANSWER_FIELDS[: len(items)]]
        total_only = all(p is None for p in points)
        if total_only:
            row.extra["answers"] = ()
            score = v["score"]
            rank = scoring.rank(score, thresholds)
        else:
            # check_row let through only complete sheets of valid points: score() would
            # find the same total; the table holds its rounding.
            row.extra["answers"] = tuple(sorted(zip((i.pk for i in items), points, strict=True)))
            scores, ranks = run.cache["scores"]
            earned = sum(item.weight * p for item, p in zip(items, points, strict=True))
            score, rank = scores[earned], ranks[earned]
            if v["score"] is not None and v["score"] != score:
                row.error(
                    "score",
                    _("The answers make %(computed)s, not %(given)s.")
                    % {"computed": score, "given": v["score"]},
                )
        return {
            "version_id": version_id,
            "checked_on": v["checked_on"],
            "fiscal_year": fiscal_year(v["checked_on"]),
            "channel": v["channel"] or Channel.VISIT,
            "score": score,
            "rank": rank,
            "priority": bool(v["priority"]),
            "priority_reason": v["priority_reason"] if v["priority"] else "",
            "note": v["note"],
            "total_only": total_only,
        }

    def children(self, row):
        return row.extra.pop("answers")

    def stored_children(self, pks):
        answers: dict[int, list] = {pk: [] for pk in pks}
        table, check, item, points = (
            connection.ops.quote_name(name)
            for name in (
                MotivationAnswer._meta.db_table,
                "motivation_check_id",
                "item_id",
                "points",
            )
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {check}, {item}, {points} FROM {table} "
                f"WHERE {check} IN ({', '.join(['%s'] * len(pks))})",
                pks,
            )
            for check_id, item_id, value in cursor.fetchall():
                answers[check_id].append((item_id, value))
        return {pk: tuple(sorted(found)) for pk, found in answers.items()}

    def child_inserts(self, pk, row, run):
        org = run.organization.pk
        return [(org, pk, item_pk, points) for item_pk, points in row.extra["children"]]

    def export_queryset(self, queryset):
        return queryset.select_related("business", "staff").prefetch_related("answers__item")

    def export_values(self, record, date_style) -> dict:
        values = {
            "id": record.pk,
            **business_cells(record),
            "checked_on": date_cell(record.checked_on, date_style),
            "staff": staff_cell(record),
            "channel": record.get_channel_display(),
            "score": record.score,
            "priority": _("Yes") if record.priority else _("No"),
            "priority_reason": record.priority_reason,
            "note": record.note,
        }
        for answer in record.answers.all():
            values[f"answer_{answer.item.order}"] = answer.points
        return values
