"""How the report prints: pure functions over the report dict, no database."""

from django.utils import translation

from bansou.committee.presentation import (
    circled,
    format_number,
    format_percent,
    member_line,
    present,
)
from bansou.committee.report import FINAL, build_report, public_report

from .results import seed_result


def lines_by_title(section):
    return {line.get("title"): line for line in section["lines"]}


def test_numbers_and_marks():
    assert format_number(1068) == "1,068"
    assert format_number("2.50") == "2.5"
    assert format_number("実施") == "実施"
    assert format_percent(51.4) == "51.4％"
    assert format_percent(80) == "80.0％"
    assert circled(1) == "①" and circled(10) == "⑩" and circled(21) == "21"


def test_evaluation_texts_follow_the_seed():
    with translation.override("ja"):
        report = present(seed_result())
    by_number = {s["number"]: s for s in report["sections"]}
    assert by_number[1]["evaluation"] == "172.2％ → A"
    assert by_number[3]["evaluation"] == "96.6％ → B"
    # Seed: 評価［ C １つとA 2つ → B ］ — counted per grade, in order of appearance.
    assert by_number[6]["evaluation"] == "A 2つ、C 1つ → B"
    assert by_number[8]["evaluation"] == "すべて実施 → A"
    assert report["scale"] == "100%以上：A、80%以上：B、50%以上：C、30%以上：D、未満：E"


def test_rows_totals_and_remarks():
    with translation.override("ja"):
        report = present(seed_result())
    s1, s3, s6 = report["sections"][0], report["sections"][1], report["sections"][2]
    lines = lines_by_title(s1)
    assert lines["緊急アンケート調査"]["target"] == "随時"
    assert lines["中小企業景況調査"]["target"] == "4回"
    assert lines["合計"]["actual"] == "31回" and lines["合計"]["target"] == "18回"
    total = lines_by_title(s3)["合計"]
    assert (total["actual"], total["target"]) == ("1,261件/回", "1,306件/回")
    # The engine's exclusion remark already names the district: it is not repeated.
    assert lines_by_title(s3)["経営意欲確認件数"]["remarks"] == ["1,913件から鳩ヶ谷地区845件を除く"]
    assert lines_by_title(s3)["経営分析件数"]["remarks"] == ["地区外・小規模以外 94件を除く"]
    s6_lines = lines_by_title(s6)
    skipped = s6_lines["ブランド認定制度年間認定者数"]
    assert (skipped["actual"], skipped["target"], skipped["remarks"]) == (
        "",
        "5件",
        ["○R6実施なし"],
    )
    assert s6_lines["受発注商談会参加者延数"]["actual"] == "－"
    outcome = s6_lines["成約件数"]
    assert outcome["type"] == "outcome" and outcome["remarks"] == []
    headings = [line["title"] for line in s6["lines"] if line["type"] == "heading"]
    assert headings[0] == "［製造業者を対象とした販路開拓支援］"
    subtotals = [line for line in s6["lines"] if line["type"] == "total"]
    assert subtotals[1]["remarks"] == ["評価［ 51.4％ → C ］"]
    assert subtotals[-1]["title"] == "合計" and subtotals[-1]["actual"] == "180件"
    assert s6["span"] == len(s6["lines"])


def test_decisions_and_opinions_are_applied():
    report = build_report(
        seed_result(),
        meeting={
            "held_at": "2025-07-15T11:00:00+09:00",
            "ends_at": "12:15:00",
            "venue": "会議室",
            "secretariat": "事務局6人",
            "members": [{"name": "小原一郎", "title": "委員長", "is_chair": True}],
        },
        decisions={3: {"grade": "A", "reason": "鳩ヶ谷地区の統合を考慮"}},
        overall_opinions=["全体の意見"],
        section_opinions={6: ["販路開拓の意見"]},
        status=FINAL,
    )
    section3 = report["sections"][1]
    assert section3["grade"] == "A" and section3["computed_grade"] == "B"
    assert section3["decision"] == {
        "grade": "A",
        "reason": "鳩ヶ谷地区の統合を考慮",
        "override": True,
    }
    with translation.override("ja"):
        shown = present(report)
    assert shown["meeting_when"] == "令和7年7月15日（火）11:00〜12:15"
    assert shown["sections"][1]["decision"] == "委員会判断：A（鳩ヶ谷地区の統合を考慮）"
    assert shown["sections"][1]["evaluation"] == "96.6％ → B"
    assert shown["opinions"] == ["全体の意見"]
    assert [s["number"] for s in shown["section_opinions"]] == [6]
    assert not shown["is_draft"]


def test_public_report_lists_the_members_as_the_published_report_does():
    report = build_report(
        seed_result(),
        meeting={
            "held_at": "2025-07-15T11:00:00+09:00",
            "venue": "会議室",
            "secretariat": "",
            "members": [{"name": "小原一郎", "title": "委員長", "is_chair": True}],
        },
        decisions={},
        overall_opinions=[],
        section_opinions={},
        status=FINAL,
    )
    public = public_report(report)
    assert public["meeting"]["members"] == [
        {"name": "小原一郎", "title": "委員長", "is_chair": True}
    ]
    # One rule for the public page, the PDF and the workbook: position and name, and a chair
    # mark only where the position does not already say it (no hanging 「（委員長）」).
    with translation.override("ja"):
        assert [m["line"] for m in present(report, public=True)["members"]] == ["委員長 小原一郎"]
        assert present(report)["members"] == present(report, public=True)["members"]
        assert member_line({"title": "担当副会頭", "name": "田中", "is_chair": True}) == (
            "担当副会頭 田中（委員長）"
        )
        assert member_line({"title": "委員", "name": "", "is_chair": False}) == "委員"


def test_the_demo_committee_has_one_chair_marked_once():
    """別表1 §9: the chair is the 経営支援委員会（中小企業支援委員会）委員長, i.e. 小原."""
    from bansou.committee.demo import MEMBERS

    chairs = [(name, title) for name, title, is_chair in MEMBERS if is_chair]
    assert chairs == [("小原", "中小企業支援委員会 委員長")]
    with translation.override("ja"):
        lines = [member_line({"name": n, "title": t, "is_chair": c}) for n, t, c in MEMBERS]
    assert sum("委員長" in line and "副委員長" not in line for line in lines) == 1
