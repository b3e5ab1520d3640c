"""The floor of benchmarks/evaluation.py: the same figures in hand-written SQL (SQLite).

Every rule row of the benchmark plan, written as a person would: a conditional aggregate per
record table, the district of 鳩ヶ谷 by its id, the plan's kind through a join. `year()` is one
statement; `months()` is the per-day (records, sums) and first-day-per-business (distinct)
aggregates, one pair per table, folded into cumulative months in Python.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection

H = "%(hatogaya)s"
# table: (FROM clause, alias, date column, [(row key, "records"|"distinct"|"sum:<col>", WHERE)])
# Rows with exclusions also compute the count before them and the one excluded (the
# evaluation reports "1,913 − 845"); their keys end with "#".
TABLES = {
    "support": (
        "support_supportrecord s", "s", "occurred_on",
        [
            ("s-all", "records", "1 = 1"),
            ("s-visit", "records", "s.channel = 'visit'"),
            ("s-desk", "records", "s.channel = 'desk'"),
            ("s-call", "records", "s.channel = 'call'"),
            ("s-follow", "records", "s.channel = 'follow_call'"),
            ("s-online", "records", "s.channel = 'online'"),
            ("s-seminar", "records", "s.channel = 'seminar'"),
            ("s-visited", "distinct", "s.channel = 'visit'"),
            ("s-small-inside", "distinct", "s.is_small = 1 AND s.in_territory = 1"),
            ("s-outside", "records", "s.in_territory = 0"),
            ("s-visits-excl", "records",
             f"s.channel = 'visit' AND (s.district_id IS NULL OR s.district_id <> {H})"),
            ("s-visits-excl#base", "records", "s.channel = 'visit'"),
            ("s-visits-excl#x", "records", f"s.channel = 'visit' AND s.district_id = {H}"),
            ("s-minutes", "sum:s.duration_minutes", "1 = 1"),
            ("s-startup", "records", "EXISTS (SELECT 1 FROM support_supportrecordtheme t "
                                     "WHERE t.record_id = s.id AND t.theme = 'startup')"),
            ("s-dx", "distinct", "EXISTS (SELECT 1 FROM support_supportrecordtheme t "
                                 "WHERE t.record_id = s.id AND t.theme = 'dx')"),
        ],
    ),
    "motivation": (
        "motivation_motivationcheck m", "m", "checked_on",
        [
            ("motivation-checks", "distinct",
             f"m.channel = 'visit' AND (m.district_id IS NULL OR m.district_id <> {H})"),
            ("motivation-checks#base", "distinct", "m.channel = 'visit'"),
            ("motivation-checks#x", "distinct", f"m.channel = 'visit' AND m.district_id = {H}"),
        ],
    ),
    "analysis": (
        "analysis_businessanalysis a", "a", "analysed_on",
        [
            ("analyses", "records",
             "a.status = 'completed' AND a.in_territory = 1 AND a.is_small = 1"),
            ("analyses#base", "records", "a.status = 'completed'"),
            ("analyses#x", "records",
             "a.status = 'completed' AND (a.in_territory = 0 OR a.is_small IS NOT 1)"),
        ],
    ),
    "plan": (
        "business_plans_businessplan p", "p", "completed_on",
        [
            ("plans", "records", "p.status IN ('completed', 'approved')"),
            ("dx-plans", "records", "p.status IN ('completed', 'approved') AND p.is_dx = 1"),
        ],
    ),
    "contact": (
        "followups_followupcontact c JOIN business_plans_businessplan p ON p.id = c.plan_id",
        "c", "contacted_on",
        [
            ("followed-businesses", "distinct", "1 = 1"),
            ("followed-innovation", "distinct", "p.kind = 'innovation'"),
            ("followed-startup", "distinct", "p.kind = 'startup'"),
            ("followed-action", "distinct", "p.kind = 'action'"),
            ("followed-marukei", "distinct", "p.kind = 'marukei'"),
            ("follow-up-contacts", "records", "1 = 1"),
            ("contacts-group-1", "records", "p.follow_up_group = 1"),
            ("contacts-group-2", "records", "p.follow_up_group = 2"),
            ("contacts-group-3", "records", "p.follow_up_group = 3"),
            ("contacts-group-4", "records", "p.follow_up_group = 4"),
        ],
    ),
    "report": (
        "followups_followupreport r", "r", "reported_on",
        [
            ("profit-increased", "distinct", "r.profit_increased = 1"),
            ("targets-met", "distinct", "r.targets_met = 1"),
        ],
    ),
    "participation": (
        "events_eventparticipation e JOIN events_event ev ON ev.id = e.event_id",
        "e", "participated_on",
        [
            ("exhibitors", "distinct", "ev.kind = 'exhibition'"),
            ("exhibition-deals", "sum:e.deals_closed", "ev.kind = 'exhibition'"),
            ("matchmaking", "records", "ev.kind = 'matchmaking'"),
            ("matchmaking-deals", "sum:e.deals_closed", "ev.kind = 'matchmaking'"),
        ],
    ),
    "programme": (
        "programmes_participation g JOIN programmes_programme pg ON pg.id = g.programme_id",
        "g", "started_on",
        [
            ("brand-certification", "distinct",
             "pg.kind = 'brand_certification' AND g.status = 'certified'"),
            ("video-production", "records",
             "pg.kind = 'video_production' AND g.status <> 'withdrawn'"),
            ("voucher-stores", "distinct", "pg.kind = 'voucher' AND g.status = 'member'"),
            ("cashless", "distinct", "pg.kind = 'cashless' AND g.went_cashless = 1"),
            ("store-diagnosis", "records",
             "pg.kind = 'store_diagnosis' AND g.status <> 'withdrawn'"),
            ("imise-award", "distinct", "pg.kind = 'imise_award' AND g.status = 'winner'"),
            ("video-streaming", "distinct",
             "pg.kind = 'video_streaming' AND g.status <> 'withdrawn'"),
            ("joint-press", "distinct", "pg.kind = 'joint_press' AND g.status <> 'withdrawn'"),
            ("press-release", "distinct",
             "pg.kind = 'press_release' AND g.status <> 'withdrawn'"),
            ("sns", "distinct", "pg.kind = 'sns' AND g.status <> 'withdrawn'"),
            ("joint-development", "records",
             "pg.kind = 'joint_development' AND g.status <> 'withdrawn'"),
            ("talent-college", "records",
             "pg.kind = 'talent_college' AND g.status <> 'withdrawn'"),
            ("side-job-talent", "records",
             "pg.kind = 'side_job_talent' AND g.status = 'matched'"),
            ("fireworks", "records",
             "pg.code = 'kawaguchi-fireworks' AND g.status <> 'withdrawn'"),
            ("sdgs", "distinct", "pg.kind = 'sdgs' AND g.status = 'registered'"),
        ],
    ),
    "deal": (
        "programmes_deal d JOIN programmes_programme pd ON pd.id = d.programme_id",
        "d", "closed_on",
        [("video-deals", "records", "pd.kind = 'video_production'")],
    ),
    "partner": (
        "programmes_newtradingpartner n JOIN programmes_programme pn ON pn.id = n.programme_id",
        "n", "started_on",
        [("brand-new-partners", "distinct", "pn.kind = 'brand_certification'")],
    ),
    "sales": (
        "programmes_salesoutcome o JOIN programmes_programme po ON po.id = o.programme_id "
        "JOIN programmes_participation op ON op.id = o.participation_id",
        "o", "first_month",
        [
            ("voucher-sales-up", "records", "po.kind = 'voucher' AND o.increased = 1"),
            ("cashless-sales-up", "records", "po.kind = 'cashless' AND o.increased = 1"),
            ("diagnosis-sales-up", "records",
             "po.kind = 'store_diagnosis' AND o.increased = 1"),
            ("imise-sales-up", "records",
             "po.kind = 'imise_award' AND op.status = 'winner' AND o.increased = 1"),
            ("streaming-sales-up", "records",
             "po.kind = 'video_streaming' AND o.increased = 1"),
            ("press-sales-up", "records", "po.kind = 'joint_press' AND o.increased = 1"),
            ("release-sales-up", "records", "po.kind = 'press_release' AND o.increased = 1"),
            ("sns-sales-up", "records", "po.kind = 'sns' AND o.increased = 1"),
        ],
    ),
}  # fmt: skip


def _aggregate(alias: str, count: str, where: str) -> str:
    if count == "records":
        return f"COUNT(*) FILTER (WHERE {where})"
    if count == "distinct":
        return f"COUNT(DISTINCT {alias}.business_id) FILTER (WHERE {where})"
    return f"SUM({count.removeprefix('sum:')}) FILTER (WHERE {where})"


def _scope(alias: str) -> str:
    return f"{alias}.organization_id = %(org)s AND {alias}.fiscal_year = %(fy)s"


def year(org: int, fy: int, hatogaya: int) -> dict[str, Decimal]:
    """Every figure of the year in one statement."""
    parts, keys = [], []
    for name, (source, alias, _day, rows) in TABLES.items():
        columns = ", ".join(_aggregate(alias, count, where) for _key, count, where in rows)
        parts.append(f"(SELECT {columns} FROM {source} WHERE {_scope(alias)}) AS {name}")
        keys += [key for key, _c, _w in rows]
    sql = "SELECT * FROM " + " CROSS JOIN ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"org": org, "fy": fy, "hatogaya": hatogaya})
        values = cursor.fetchone()
    return {k: Decimal(v or 0) for k, v in zip(keys, values, strict=True) if "#" not in k}


def _month_ends(fy: int) -> list[date]:
    ends = []
    for m in range(12):
        year_, month = fy + (3 + m) // 12, (3 + m) % 12 + 1
        ends.append(date(year_ + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    return ends


def months(org: int, fy: int, hatogaya: int, as_of: date) -> dict[str, list]:
    """Cumulative figures at the end of each month up to `as_of` (a full year here)."""
    ends = _month_ends(fy)
    params = {"org": org, "fy": fy, "hatogaya": hatogaya, "as_of": as_of.isoformat()}
    result: dict[str, list] = {}
    with connection.cursor() as cursor:
        for source, alias, day, rows in TABLES.values():
            rows = [r for r in rows if "#" not in r[0]]
            scope = f"{_scope(alias)} AND {alias}.{day} <= %(as_of)s"
            summed = [r for r in rows if r[1] != "distinct"]
            if summed:
                columns = ", ".join(_aggregate(alias, c, w) for _k, c, w in summed)
                cursor.execute(
                    f"SELECT {alias}.{day}, {columns} FROM {source} WHERE {scope} "
                    f"GROUP BY {alias}.{day}",
                    params,
                )
                per_day = cursor.fetchall()
                for position, (key, _c, _w) in enumerate(summed, start=1):
                    result[key] = [
                        Decimal(
                            sum(r[position] or 0 for r in per_day if str(r[0]) <= end.isoformat())
                        )
                        for end in ends
                    ]
            distinct = [r for r in rows if r[1] == "distinct"]
            if distinct:
                firsts = ", ".join(
                    f"MIN({alias}.{day}) FILTER (WHERE {w}) AS f{i}"
                    for i, (_k, _c, w) in enumerate(distinct)
                )
                counts = ", ".join(
                    f"COUNT(CASE WHEN f{i} <= '{end.isoformat()}' THEN 1 END)"
                    for i in range(len(distinct))
                    for end in ends
                )
                cursor.execute(
                    f"SELECT {counts} FROM (SELECT {alias}.business_id, {firsts} FROM {source} "
                    f"WHERE {scope} GROUP BY {alias}.business_id)",
                    params,
                )
                values = cursor.fetchone()
                for i, (key, _c, _w) in enumerate(distinct):
                    result[key] = [Decimal(v) for v in values[i * 12 : (i + 1) * 12]]
    return result
