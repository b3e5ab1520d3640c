"""Evaluation results built from the engine's dataclasses, for tests that need no database."""

from decimal import Decimal as D

from bansou.evaluation.results import EvaluationResult, RowResult, SectionResult

SCALE = [
    {"grade": "A", "min_percent": D(100), "points": 5},
    {"grade": "B", "min_percent": D(80), "points": 4},
    {"grade": "C", "min_percent": D(50), "points": 3},
    {"grade": "D", "min_percent": D(30), "points": 2},
    {"grade": "E", "min_percent": D(0), "points": 1},
]


def row(
    title,
    actual,
    target,
    *,
    unit="件",
    dept="総合政策課",
    kind="number",
    counted=True,
    reason="",
    status="",
    remarks=(),
    outcomes=(),
    role="activity",
    exclusions=(),
    display=None,
):
    return RowResult(
        key=title,
        title=title,
        department=dept,
        unit=unit,
        actual=None if actual is None else D(actual),
        target=None if target is None else D(target),
        target_kind=kind,
        counted=counted,
        reason=reason,
        remarks=list(remarks),
        role=role,
        outcomes=list(outcomes),
        rate_percent=None,
        grade=None,
        source="manual",
        drilldown=False,
        exclusions=list(exclusions),
        status=status,
        actual_display=display if display is not None else ("－" if actual is None else ""),
    )


def section(
    number, title, actual, target, percent, grade, rows=(), *, basis="rate", subs=(), units="件"
):
    return SectionResult(
        number=number,
        title=title,
        actual=None if actual is None else D(actual),
        target=None if target is None else D(target),
        percent=None if percent is None else D(percent),
        grade=grade,
        grade_basis=basis,
        subsections=list(subs),
        rows=list(rows),
        remarks=[],
        units=units,
    )


def seed_result() -> EvaluationResult:
    """Sections ①, ③, ⑥ and ⑧ of the FY2024 report, with the seed's own figures."""
    s1 = section(
        1,
        "地域の経済動向調査に関すること",
        31,
        18,
        "172.2",
        "A",
        [
            row("中小企業景況調査", 4, 4, unit="回"),
            row("LOBO調査", 12, 4, unit="回"),
            row("緊急アンケート調査", 10, None, unit="回", kind="as_needed"),
            row('=HYPERLINK("http://x")', 5, 6, unit="回"),
        ],
        units="回",
    )
    s3 = section(
        3,
        "経営状況の分析に関すること",
        1261,
        1306,
        "96.6",
        "B",
        [
            row(
                "経営意欲確認件数",
                1068,
                1000,
                dept="経営支援課",
                remarks=["1,913件から鳩ヶ谷地区845件を除く"],
                exclusions=[{"name": "鳩ヶ谷地区", "count": 845}],
            ),
            row(
                "経営分析件数",
                189,
                305,
                dept="経営支援課",
                exclusions=[{"name": "地区外・小規模以外", "count": 94}],
            ),
            row("フォローコール及び巡回による調査の公表", 4, 1, unit="回", dept="総務広報課"),
        ],
        units="件/回",
    )
    maker = section(
        1,
        "製造業者を対象とした販路開拓支援",
        30,
        17,
        "176.5",
        "A",
        [
            row(
                "ブランド認定制度年間認定者数",
                None,
                5,
                counted=False,
                reason="R6実施なし",
                status="not_carried_out",
                dept="地域振興課",
            ),
            row(
                "展示会出展事業者数",
                15,
                12,
                dept="地域振興課",
                outcomes=[
                    row(
                        "成約件数",
                        3,
                        None,
                        kind="none",
                        role="outcome",
                        counted=False,
                        reason="Outcome row",
                    ),
                ],
            ),
            row(
                "受発注商談会参加者延数",
                None,
                5,
                counted=False,
                reason="実績報告なし",
                status="not_reported",
                dept="地域振興課",
            ),
            row("映像製作支援", 15, 5, dept="地域振興課"),
        ],
    )
    shop = section(
        2,
        "商業者を対象とした販路開拓支援",
        72,
        140,
        "51.4",
        "C",
        [
            row("元気かわぐち商品券加盟店舗数", 72, 140),
        ],
    )
    every = section(
        3,
        "全業種を対象とした販路開拓支援",
        78,
        9,
        "866.7",
        "A",
        [
            row("動画配信支援事業者数", 78, 9, dept="総務広報課"),
        ],
    )
    s6 = section(
        6,
        "新たな需要の開拓に寄与する事業に関すること",
        180,
        166,
        "108.4",
        "B",
        basis="subsections",
        subs=[maker, shop, every],
    )
    s8 = section(
        8,
        "経営指導員等の支援能力の向上等に関すること",
        None,
        None,
        None,
        "A",
        [
            row(
                "小規模支援カンファレンスの実施",
                None,
                None,
                kind="none",
                role="qualitative",
                status="carried_out",
                display="実施",
            ),
        ],
        basis="qualitative",
        units="",
    )
    return EvaluationResult(
        organization="川口商工会議所",
        organization_slug="a",
        plan_title="第3期経営発達支援計画",
        fiscal_year=2024,
        fiscal_year_label="令和6年度",
        grade_scale=SCALE,
        sections=[s1, s3, s6, s8],
        computed_at="2025-07-01T09:00:00+09:00",
    )
