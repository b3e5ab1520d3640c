"""Knowledge search in every query shape of issue 17 (one character, two, long phrases, two
frequent words, no match, with theme and year filters) against a naive scan in Python: the
records the reader may see whose normalised text holds every term, newest first. On SQLite
each shape is also run down every path the search can take (ids from the gram index, the
index as a subquery, a walk of the records without the index); on PostgreSQL through the GIN
index and by the walk."""

import pytest

from bansou.support import search
from bansou.support.models import SupportRecord
from bansou.support.search import gram_tokens, knowledge_search, terms_of
from bansou.support.tests.factories import make_record, tokyo
from bansou.support.text import normalise

pytestmark = pytest.mark.django_db

TEXTS = [
    ("価格転嫁ができていない", "粗利率が3ポイント低下", ["cash_flow", "dx"]),
    ("価格転嫁ができていない", "固定費の比率が高い", ["dx"]),
    ("後継者が決まっていない", "粗利率が3ポイント低下", ["succession"]),
    ("資金繰りが厳しく借入金の返済が負担", "損益分岐点売上高を上回っている", ["cash_flow"]),
    ("粗利 価格", "転嫁", ["other"]),  # the words apart, in two fields
    ("価格の転嫁", "粗 利", ["dx"]),  # the characters, never the words
    ("ＤＸ推進", "ｼｽﾃﾑ導入を助言", ["dx", "subsidy"]),
    ("事業承継の計画", "後継者候補を交えて話し合った", ["succession", "dx"]),
]
QUERIES = [
    "粗",  # one character
    "税",  # one character, no match
    "粗利",  # two
    "税務",  # two, no match
    "dx",
    "価格転嫁",  # a phrase
    "価格転嫁 粗利",  # two frequent words
    "粗利 価格",
    "価格転嫁ができていない",  # a long phrase
    "存在しない長い言い回し",  # a long phrase, no match
    "後継者 承継",
    "転嫁 の",
    "ｼｽﾃﾑ",
]
FILTERS = [{}, {"theme": "dx"}, {"fiscal_year": 2024}, {"theme": "dx", "fiscal_year": 2023}]


@pytest.fixture
def records(business_a, advisor_a, business_b, advisor_b):
    for i, (issues, analysis, themes) in enumerate(TEXTS * 2):
        make_record(
            business_a,
            advisor_a,
            issues=issues,
            analysis=analysis,
            support=f"支援{i}",
            themes=themes,
            when=tokyo(2023 + i % 2, 4 + i % 9, 1 + i),
        )
    # Another chamber's record holding every word: never found.
    make_record(business_b, advisor_b, issues="価格転嫁 粗利 税務 後継者 承継", support="他")


def naive(user, query, **filters) -> list[int]:
    """Every visible record in Python: the filters, then each term a substring of the text."""
    terms = terms_of(query)
    records = search.filter_records(SupportRecord.objects.for_user(user), **filters)
    ordered = sorted(records, key=lambda r: (r.occurred_at, r.pk), reverse=True)
    return [
        r.pk
        for r in ordered
        if all(
            term
            in normalise("\n".join(getattr(r, f) for f in search.SEARCHED_FIELDS if getattr(r, f)))
            for term in terms
        )
    ]


def found(user, query, **filters) -> list[int]:
    return [r.pk for r in knowledge_search(user, query, **filters)]


PATHS = {
    "as chosen": {},
    "ids from the index": {"FEW_IDS": 10_000, "GRAM_DENSE": 10_000, "PG_DENSE": 10_000},
    "index as a subquery": {"FEW_IDS": 0, "GRAM_DENSE": 10_000, "PG_DENSE": 10_000},
    "walk without the index": {"FEW_IDS": 0, "GRAM_DENSE": 1, "PG_DENSE": 0},
}


@pytest.mark.parametrize("path", PATHS)
def test_every_shape_finds_what_a_naive_scan_finds_newest_first(
    records, advisor_a, monkeypatch, path
):
    for name, value in PATHS[path].items():
        monkeypatch.setattr(search, name, value)
    nonempty = 0
    for query in QUERIES:
        for filters in FILTERS:
            expected = naive(advisor_a, query, **filters)
            assert found(advisor_a, query, **filters) == expected, (query, filters)
            nonempty += bool(expected)
    assert nonempty > 20  # the shapes find something, not only nothing on both sides


def test_expected_hits(records, advisor_a):
    # Only the first text (twice): elsewhere 価格 and 転嫁 are apart, or 粗 and 利.
    assert len(found(advisor_a, "価格転嫁 粗利")) == 2
    assert len(found(advisor_a, "粗利 価格")) == 4
    assert found(advisor_a, "存在しない長い言い回し") == []
    assert found(advisor_a, "税務") == []


def test_gram_tokens_of_terms():
    assert gram_tokens(["粗"]) == ["7c97"]
    assert gram_tokens(["粗利"]) == ["7c97x5229"]
    # Each pair of adjacent characters of a longer term, each once.
    assert gram_tokens(["価格転嫁", "粗利"]) == ["4fa1x683c", "683cx8ee2", "8ee2x5ac1", "7c97x5229"]
    assert gram_tokens(["ああああ"]) == ["3042x3042"]
