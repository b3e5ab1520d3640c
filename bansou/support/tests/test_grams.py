"""Knowledge search of one- and two-character terms through the index of characters and pairs
(fulltext.py): the same results as LIKE, whichever path the search takes."""

import pytest
from django.db import connection

from bansou.support import search
from bansou.support.fulltext import GRAM_TABLE, GRAM_TRIGGERS, gram_token, grams_of
from bansou.support.search import fts5_phrase, knowledge_search
from bansou.support.services import delete_support_record, update_support_record
from bansou.support.tests.factories import make_record, tokyo

pytestmark = pytest.mark.django_db

TEXTS = [
    "資金繰りの相談、マル経融資を案内",
    "事業承継の計画を作成\n後継者は長男",
    "ＤＸ推進のためｼｽﾃﾑ導入を助言",
    "粗利率が3ポイント低下 価格転嫁",
    "税理士と同行 a b",
]


def found(user, query, **filters):
    return sorted(r.support for r in knowledge_search(user, query, **filters))


def by_like(user, query, **filters):
    """What a plain LIKE of every term finds: the meaning the index must keep."""
    records = search.filter_records(
        search.SupportRecord.objects.for_user(user), **filters
    ).order_by()
    for term in search.terms_of(query):
        records = records.filter(search_text__contains=term)
    return sorted(r.support for r in records)


@pytest.fixture
def records(business_a, advisor_a):
    themes = ["cash_flow", "succession", "dx", "improvement", "other"]
    for i, (text, theme) in enumerate(zip(TEXTS, themes, strict=True)):
        make_record(
            business_a, advisor_a, support=text, themes=[theme], when=tokyo(2023 + i % 2, 6, 1)
        )


def test_grams_of_characters_and_pairs_never_across_whitespace():
    assert grams_of("資金 繰") == " ".join(sorted(["8cc7", "91d1", "8cc7x91d1", "7e70"]))
    assert grams_of("") == grams_of(None) == ""
    assert gram_token("資金") == "8cc7x91d1" and gram_token("x") == "78"


@pytest.mark.parametrize(
    "query",
    [
        "繰",  # one character
        "融資",  # two
        "の",  # in several records
        "税",
        "dx",  # folded from ＤＸ
        "ｼｽ",  # half-width in the query, stored as full width
        "3",
        "長男",  # in the second line of a field
        "作成後",  # no: the line break is between them
        "成 後",  # each word somewhere
        "a b",
        "ab",  # no: whitespace between them in the text
        "存在",  # no match
        "鬱",  # no match, one character
        "価格転嫁 粗利",  # a long and a short term
        "事業承継 資金",  # each matches, never together
    ],
)
def test_short_terms_find_what_like_finds(records, advisor_a, query):
    assert found(advisor_a, query) == by_like(advisor_a, query)


def test_expected_results(records, advisor_a):
    assert found(advisor_a, "融資") == ["資金繰りの相談、マル経融資を案内"]
    assert found(advisor_a, "繰") == ["資金繰りの相談、マル経融資を案内"]
    assert found(advisor_a, "鬱") == []
    assert found(advisor_a, "ab") == []
    assert found(advisor_a, "dx") == ["ＤＸ推進のためｼｽﾃﾑ導入を助言"]
    assert len(found(advisor_a, "の")) == 3


@pytest.mark.parametrize(("theme", "year"), [("cash_flow", 2023), ("succession", 2024), ("", 2024)])
def test_with_theme_and_year_filters(records, advisor_a, theme, year):
    for query in ("の", "融資", "長男", "税"):
        filters = {"theme": theme, "fiscal_year": year}
        assert found(advisor_a, query, **filters) == by_like(advisor_a, query, **filters)


def test_frequent_terms_walk_the_records_with_the_same_results(records, advisor_a, monkeypatch):
    sparse = {q: found(advisor_a, q) for q in ("の", "融資", "長男 の")}
    monkeypatch.setattr(search, "GRAM_DENSE", 1)  # every term is "frequent": LIKE only
    assert {q: found(advisor_a, q) for q in sparse} == sparse


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_the_gram_index_follows_updates_and_deletes(business_a, advisor_a):
    record = make_record(business_a, advisor_a, support="販路の相談")

    def indexed(term):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {GRAM_TABLE} WHERE {GRAM_TABLE} MATCH %s",
                [fts5_phrase(gram_token(term))],
            )
            return cursor.fetchone()[0]

    assert indexed("販路") == 1 and found(advisor_a, "販路") == ["販路の相談"]
    record.support = "展示会の準備"
    update_support_record(record, themes=["sales_channels"], actor=advisor_a)
    assert indexed("販路") == 0 and indexed("展示") == 1
    assert found(advisor_a, "販路") == [] and found(advisor_a, "展示") == ["展示会の準備"]
    delete_support_record(record, actor=advisor_a)
    assert indexed("展示") == 0


def test_the_gram_index_is_in_place():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
            assert {GRAM_TABLE, *GRAM_TRIGGERS} <= {row[0] for row in cursor.fetchall()}
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'support_record_grams_gin'"
            )
            assert "bansou_grams" in cursor.fetchone()[0]
            cursor.execute("SELECT bansou_grams('資金 繰')")
            assert sorted(cursor.fetchone()[0]) == sorted(["資", "金", "資金", "繰"])


def test_many_matches_are_read_through_the_index_with_the_same_results(
    records, advisor_a, monkeypatch
):
    few = {q: found(advisor_a, q) for q in ("の", "融資", "価格転嫁 粗利", "長男 の")}
    monkeypatch.setattr(search, "FEW_IDS", 0)  # never passed as ids: subqueries only
    assert {q: found(advisor_a, q) for q in few} == few


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's gram index decides the path")
def test_without_a_filter_fewer_holders_make_a_word_frequent(records, advisor_a, monkeypatch):
    from bansou.support.models import SupportRecord

    monkeypatch.setattr(search, "GRAM_DENSE_ALONE", 1)
    monkeypatch.setattr(search, "FEW_IDS", 0)  # no id list: the count alone decides
    assert search.dense_threshold(filtered=True) == search.GRAM_DENSE
    assert search.dense_threshold(filtered=False) == 1
    visible = SupportRecord.objects.for_user(advisor_a)
    # Unfiltered, "の" is frequent: the records are walked, the index is not read.
    assert search.match_terms(visible, ["の"])[1] is False
    # With a year, the same word is read through the index.
    assert search.match_terms(visible.filter(fiscal_year=2024), ["の"], filtered=True)[1] is True
    expected = by_like(advisor_a, "の")
    assert found(advisor_a, "の") == expected
    assert found(advisor_a, "の", fiscal_year=2024) == by_like(advisor_a, "の", fiscal_year=2024)
