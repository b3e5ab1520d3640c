"""Rules read as Japanese sentences, built from their parts."""

import pytest
import yaml
from django.utils import translation

from bansou.evaluation.engine.kinds import KINDS
from bansou.evaluation.engine.rules import parse_rule
from bansou.evaluation.engine.wording import Vocabulary, model_vocabulary, rule_sentence

from .conftest import PLAN_FILE


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


WORDS = Vocabulary(
    kinds={"motivation_check": "経営意欲確認", "event_participation": "イベント参加"},
    fields={
        ("motivation_check", "channel"): "支援方法",
        ("motivation_check", "district"): "地区",
        ("motivation_check", "score"): "点数",
        ("event_participation", "event_kind"): "種別",
        ("event_participation", "deals_closed"): "成約件数",
    },
    values={("motivation_check", "channel", "visit"): "巡回訪問"},
)


@pytest.mark.django_db
def test_a_distinct_count_with_an_exclusion():
    rule = parse_rule(
        {
            "count": "distinct_businesses",
            "of": "motivation_check",
            "where": {"channel": "visit"},
            "exclude": [{"name": "鳩ヶ谷地区", "where": {"district": "鳩ヶ谷"}}],
        }
    )
    assert rule_sentence(rule, WORDS) == (
        "経営意欲確認の記録のうち、支援方法が「巡回訪問」であるものについて、事業者の数を"
        "数えます（同じ事業者は1件と数えます）。ただし、地区が「鳩ヶ谷」であるものは"
        "「鳩ヶ谷地区」として除きます。"
    )


@pytest.mark.django_db
def test_records_sums_lookups_and_alternatives():
    every = parse_rule({"count": "records", "of": "motivation_check"})
    assert rule_sentence(every, WORDS) == "経営意欲確認のすべての記録の件数を数えます。"
    deals = parse_rule(
        {
            "count": "sum:deals_closed",
            "of": "event_participation",
            "where": {"event_kind": "seminar"},
        }
    )
    assert rule_sentence(deals, WORDS) == (
        "イベント参加の記録のうち、種別が「seminar」であるものについて、成約件数を合計します。"
    )
    mixed = parse_rule(
        {
            "count": "records",
            "of": "motivation_check",
            "where": {
                "score__gte": 60,
                "any": [{"channel": "visit"}, {"is_small": False}],
            },
        }
    )
    assert rule_sentence(mixed, WORDS) == (
        "経営意欲確認の記録のうち、点数が「60」以上である、かつ（支援方法が「巡回訪問」である"
        "、またはis_smallに該当しない）に当てはまるものの件数を数えます。"
    )


@pytest.mark.django_db
def test_every_rule_of_the_shipped_plan_reads_without_codes():
    """No rule of the plan prints a code (visit, completed, true) or its raw syntax."""
    words = model_vocabulary(KINDS.values())
    rules = []

    def collect(rows):
        for row in rows:
            if row.get("rule"):
                rules.append(row["rule"])
            collect(row.get("outcomes") or [])

    for section in yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))["sections"]:
        collect(section.get("rows") or [])
        for sub in section.get("subsections") or []:
            collect(sub.get("rows") or [])
    sentences = [rule_sentence(parse_rule(rule), words) for rule in rules]
    assert len(sentences) >= 15
    for sentence in sentences:
        assert not any(code in sentence for code in ("{", "_", "visit", "true", "False"))
    # Section 1's rows count records about no business (survey rounds …); the first two rules
    # about businesses are section 3's.
    sentences = [s for s in sentences if "事業者" in s or "経営" in s]
    assert sentences[0] == (
        "経営意欲確認の記録のうち、支援方法が「巡回訪問」であるものについて、事業者の数を"
        "数えます（同じ事業者は1件と数えます）。ただし、当時の地区が「鳩ヶ谷」であるものは"
        "「鳩ヶ谷地区」として除きます。"
    )
    assert sentences[1] == (
        "経営状況の分析の記録のうち、状況が「完了」であるものの件数を数えます。ただし、"
        "当時管轄内に該当しない、または当時小規模事業者に該当しないものは"
        "「地区外・小規模以外」として除きます。"
    )
