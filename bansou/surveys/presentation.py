"""What the round pages, the PDF and the public report show: tables of text, and the chart."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import di, report
from .charts import line_chart
from .models import SurveyRound
from .periods import parse_period

# In the public report an industry with fewer answers than this shows no figure: a DI of one
# or two businesses would tell their answers.
PUBLIC_MIN_ANSWERS = 3


def period_label(round_: SurveyRound) -> str:
    return parse_period(round_.period).label()


def _cell(tally: di.Tally | None, public: bool) -> dict:
    if tally is None or not tally.valid:
        return {"di": di.format_di(None), "valid": 0, "negative": False}
    if public and tally.valid < PUBLIC_MIN_ANSWERS:
        return {"di": "＊", "valid": tally.valid, "negative": False}
    value = tally.di
    return {"di": di.format_di(value), "valid": tally.valid, "negative": value < 0}


def round_context(round_: SurveyRound, *, public: bool = False, history_limit: int = 12) -> dict:
    built = report.build(round_, comments=not public)
    rows = []
    for one in built.items:
        t = one.tally
        rows.append(
            {
                "item": one.item,
                "tally": t,
                "cell": _cell(t, False),
                "by_industry": [
                    _cell(one.by_industry.get(code), public) for code, _l in built.industries
                ],
            }
        )
    rounds, series = report.history(round_.survey, published_only=public, limit=history_limit)
    labels = [parse_period(r.period).short() for r in rounds]
    lines = [
        (item.name, [t.di for t in series.get(item.pk, [])] or [None] * len(rounds))
        for item in report.choice_items(round_.survey)
    ]
    chart = line_chart(labels, lines, title=_("DI over time")) if rounds else ""
    over_time = [
        {
            "round": r,
            "label": parse_period(r.period).label(),
            "cells": [
                _cell(series.get(item.pk, [None] * len(rounds))[i], public)
                for item in report.choice_items(round_.survey)
            ],
        }
        for i, r in enumerate(rounds)
    ]
    return {
        "round": round_,
        "survey": round_.survey,
        "period_label": period_label(round_),
        "report": built,
        "rows": rows,
        "chart": chart,
        "over_time": over_time,
        "choice_items": report.choice_items(round_.survey),
        "public": public,
    }


def survey_context(survey, *, item_id: int | None = None, limit: int = 12) -> dict:
    """The survey page: the DI-over-time chart, the same figures as a table with the number of
    answers beside each, and one item's DI by industry (JSIC division) period by period."""
    from bansou.businesses.industries import Industry

    rounds, series = report.history(survey, limit=limit)
    items = report.choice_items(survey)
    labels = [parse_period(r.period).short() for r in rounds]
    lines = [(i.name, [t.di for t in series.get(i.pk, [])] or [None] * len(rounds)) for i in items]
    chart = line_chart(labels, lines, title=_("DI over time")) if rounds else ""
    empty = [None] * len(rounds)
    over_time = [
        {
            "round": r,
            "label": parse_period(r.period).label(),
            "cells": [_cell(series.get(i.pk, empty)[k], False) for i in items],
        }
        for k, r in enumerate(rounds)
    ]
    chosen = next((i for i in items if i.pk == item_id), items[0] if items else None)
    by_industry = []
    if chosen is not None and rounds:
        names = dict(Industry.choices)
        table = report.industry_history(chosen, rounds)
        by_industry = [
            {"label": str(names.get(code, code)), "cells": [_cell(table[code].get(r.pk), False)
                                                            for r in rounds]}
            for code in sorted(table)
        ]  # fmt: skip
    return {
        "chart": chart,
        "choice_items": items,
        "over_time": over_time,
        "periods": [parse_period(r.period).label() for r in rounds],
        "industry_item": chosen,
        "industry_rows": by_industry,
    }
