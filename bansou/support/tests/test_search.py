"""Knowledge search: trigram index and LIKE fallback, normalisation, filters, snippets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bansou.support.fulltext import FTS_TABLE, TRIGGERS
from bansou.support.search import fts5_phrase, knowledge_search, snippets, terms_of
from bansou.support.services import delete_support_record, update_support_record
from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import login, make_business

pytestmark = pytest.mark.django_db


def found(user, query, **filters):
    return sorted(r.support for r in knowledge_search(user, query, **filters))


@pytest.fixture
def records(business_a, advisor_a):
    make_record(business_a, advisor_a, support="資金繰りの相談", themes=["cash_flow"])
    make_record(
        business_a,
        advisor_a,
        support="事業承継の計画を作成",
        issues="後継者が決まっていない",
        themes=["succession"],
        channel="desk",
        when=tokyo(2023, 5, 1),
    )
    make_record(business_a, advisor_a, support="ＤＸ推進のためｼｽﾃﾑ導入を助言", themes=["dx"])
    make_record(business_a, advisor_a, support='100%の補助率? "特別枠" OR 通常枠')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("資金繰", ["資金繰りの相談"]),  # 3 characters: the trigram index
        ("資金繰りの相談", ["資金繰りの相談"]),
        ("資金", ["資金繰りの相談"]),  # 2 characters: LIKE
        ("繰", ["資金繰りの相談"]),  # 1 character
        ("後継者", ["事業承継の計画を作成"]),  # found in another narrative field
        ("dx推進", ["ＤＸ推進のためｼｽﾃﾑ導入を助言"]),  # full-width and case folded
        ("ＤＸ", ["ＤＸ推進のためｼｽﾃﾑ導入を助言"]),
        ("システム", ["ＤＸ推進のためｼｽﾃﾑ導入を助言"]),  # half-width katakana stored
        ("ｼｽﾃﾑ導入", ["ＤＸ推進のためｼｽﾃﾑ導入を助言"]),
        ("事業承継 計画", ["事業承継の計画を作成"]),  # every term must occur
        ("事業承継 資金", []),
        ('"特別枠"', ['100%の補助率? "特別枠" OR 通常枠']),  # FTS5 syntax is plain text
        ("OR 通常枠", ['100%の補助率? "特別枠" OR 通常枠']),
        ("100%", ['100%の補助率? "特別枠" OR 通常枠']),  # LIKE wildcards are escaped
        ("0%", ['100%の補助率? "特別枠" OR 通常枠']),
        ("%", ['100%の補助率? "特別枠" OR 通常枠']),
        ("_", []),
        ("存在しない言葉", []),
    ],
)
def test_query(records, advisor_a, query, expected):
    assert found(advisor_a, query) == expected


def test_filters(records, advisor_a, business_a, chamber_a):
    retail = make_business(chamber_a, name="みどり商店", name_kana="ミドリショウテン", industry="I")
    make_record(retail, advisor_a, support="資金繰りの改善")
    assert found(advisor_a, "資金繰") == ["資金繰りの改善", "資金繰りの相談"]
    assert found(advisor_a, "資金繰", industry="I") == ["資金繰りの改善"]
    assert found(advisor_a, "資金繰", industry="E") == ["資金繰りの相談"]
    assert found(advisor_a, "", theme="succession") == ["事業承継の計画を作成"]
    assert found(advisor_a, "", channel="desk") == ["事業承継の計画を作成"]
    assert found(advisor_a, "", fiscal_year=2023) == ["事業承継の計画を作成"]
    assert found(advisor_a, "計画", fiscal_year=2024) == []


def test_other_chamber_and_committee_find_nothing(records, advisor_b, committee_a):
    assert found(advisor_b, "資金繰") == []
    assert found(committee_a, "資金繰") == []


def test_index_follows_updates_and_deletes(business_a, advisor_a):
    record = make_record(business_a, advisor_a, support="販路開拓の相談")
    assert found(advisor_a, "販路開拓") == ["販路開拓の相談"]
    record.support = "展示会出展の準備"
    update_support_record(record, themes=["sales_channels"], actor=advisor_a)
    assert found(advisor_a, "販路開拓") == []
    assert found(advisor_a, "展示会") == ["展示会出展の準備"]
    delete_support_record(record, actor=advisor_a)
    assert found(advisor_a, "展示会") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH '\"展示会\"'")
            assert cursor.fetchone()[0] == 0


def test_the_index_is_in_place():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
            names = {row[0] for row in cursor.fetchall()}
            assert {FTS_TABLE, *TRIGGERS} <= names
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                ["support_record_search_trgm"],
            )
            assert "gin_trgm_ops" in cursor.fetchone()[0]


def test_three_character_query_uses_the_index(records, advisor_a):
    with CaptureQueriesContext(connection) as ctx:
        list(knowledge_search(advisor_a, "資金繰"))
    sql = ctx.captured_queries[-1]["sql"]
    if connection.vendor == "sqlite":
        # The index is read (a few matches are then passed to the records' query as ids).
        assert any("MATCH" in q["sql"] for q in ctx.captured_queries)
    else:
        assert "LIKE" in sql


def test_terms_and_phrases():
    assert terms_of("  ＤＸ　推進  ＤＸ ") == ["dx", "推進"]
    assert fts5_phrase('a"b') == '"a""b"'


def test_snippet_marks_and_escapes(business_a, advisor_a):
    record = make_record(
        business_a,
        advisor_a,
        support="<script>alert(1)</script> の後で資金繰りの相談。" + "あ" * 100,
        next_action="ＤＸの検討",
    )
    (snippet,) = snippets(record, "資金繰", limit=1)
    html = str(snippet.html)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>資金繰</mark>" in html
    assert html.endswith("…")
    assert snippet.label == "支援内容"
    (dx,) = snippets(record, "dx", limit=1)
    assert "<mark>DX</mark>" in str(dx.html)  # shown as written (NFKC), matched casefolded


def test_search_page(records, advisor_a, django_assert_max_num_queries):
    client = login(advisor_a)
    url = reverse("support:search")
    assert client.get(url).context["page"] is None  # nothing searched yet
    with django_assert_max_num_queries(10):
        response = client.get(url, {"q": "資金繰"})
    html = response.content.decode()
    assert "<mark>資金繰</mark>" in html
    assert "株式会社青葉鋳工所" in html
    partial = client.get(url, {"q": "承継"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "事業<mark>承継</mark>の計画を作成" in partial.content.decode()


def test_search_page_queries_do_not_grow(business_a, advisor_a):
    client = login(advisor_a)
    url = reverse("support:search")
    make_record(business_a, advisor_a, support="資金繰りの相談")
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"q": "資金繰"})
    for i in range(30):
        make_record(business_a, advisor_a, support=f"資金繰りの相談{i}", themes=["dx", "subsidy"])
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {"q": "資金繰"})
    assert len(response.context["results"]) == 25  # the first page size of settings
    assert len(large.captured_queries) == len(small.captured_queries)


def test_count_is_capped_and_order_is_the_same_either_way(business_a, advisor_a, monkeypatch):
    from bansou.support import search

    for day in range(1, 6):
        make_record(business_a, advisor_a, when=tokyo(2024, 5, day), support=f"資金繰り{day}")
    client = login(advisor_a)
    url = reverse("support:search")

    def shown():
        response = client.get(url, {"q": "資金繰"})
        return response, [r.support for r, _s in response.context["results"]]

    newest_first = [f"資金繰り{day}" for day in range(5, 0, -1)]
    monkeypatch.setattr(search, "FEW_MATCHES", 0)  # walk the chamber's records by date
    response, by_date = shown()
    assert by_date == newest_first
    monkeypatch.setattr(search, "FEW_MATCHES", 100)  # start from the full-text index
    response, from_index = shown()
    assert from_index == newest_first
    assert response.context["page"].paginator.count == 5
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    response, _shown = shown()
    paginator = response.context["page"].paginator
    assert paginator.capped and paginator.count == 3
    assert "3件以上" in response.content.decode()


def test_search_page_queries_do_not_grow_with_the_phrase(business_a, advisor_a):
    # PostgreSQL judges each term by one EXPLAIN, not one per pair of its characters.
    client = login(advisor_a)
    url = reverse("support:search")
    make_record(business_a, advisor_a, support="価格転嫁の交渉と資金繰りの相談")
    with CaptureQueriesContext(connection) as short:
        client.get(url, {"q": "資金繰"})
    with CaptureQueriesContext(connection) as long:
        response = client.get(url, {"q": "価格転嫁の交渉と資金繰りの相談"})
    assert len(response.context["results"]) == 1
    assert len(long.captured_queries) == len(short.captured_queries)
