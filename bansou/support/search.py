"""Knowledge search over the narrative of every support record the user may read.

The query and the stored text share one normal form (support.text.normalise), so full-width
and half-width, upper and lower case match. Each whitespace-separated term must occur
(substring semantics, as a person expects of Japanese text, which has no word breaks):
- SQLite: every term, long or short, becomes tokens of the index of characters and pairs of
  adjacent characters (fulltext.py; gram_tokens: 価格転嫁 粗利 → 価格 AND 格転 AND 転嫁 AND
  粗利), all in one FTS5 MATCH, so FTS5 intersects the lists itself and two frequent words give
  only the records holding both. A few candidates are passed to the query as ids; more, as a
  subquery; when so many records hold the words (GRAM_DENSE or more; GRAM_DENSE_ALONE without a
  filter) that walking the records newest first finds a page sooner, the index is not read;
- PostgreSQL, per term, by the planner's estimate (one EXPLAIN per term, no row read: of
  LIKE '%term%' for 3+ characters, of its gram for 1–2; _pg_candidates): a frequent term
  is checked with strpos(), which no index serves, so the records are walked newest first;
  a rarer one of 3+ characters with LIKE and the pg_trgm index, of 1–2 characters through
  the GIN index on bansou_grams() (fulltext.py) and strpos(); a rare word's page is then
  sorted from its matches (search_page).
LIKE on the stored text decides in every case, so the results are those of a plain substring
search whichever way is taken (tests/test_search_shapes.py compares them with a naive scan).

Who sees what: the records of SupportRecord.objects.for_user — committee members and other
chambers nothing, experts only the records of businesses assigned to them. Every business
behind a visible record is therefore visible to the reader, and results link to it.
"""

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, Func, OuterRef, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from bansou.lib.text import nfkc

from .fulltext import GRAM_FUNCTION, GRAM_TABLE, TABLE, gram_token
from .models import SEARCHED_FIELDS, SupportRecord, SupportRecordTheme
from .text import normalise

MAX_TERMS = 8
SNIPPET_RADIUS = 40
# Words held by this many records are found by walking the records newest first, not through
# their gram list (SQLite). With a filter (a theme, a year) the walk reads many records per
# match, so only very frequent words are walked; without one, words held by 5% of a million
# records or more give a page and the capped count within the newest ~20,000 records, sooner
# than their list of ids is built (two rarer words together, 価格転嫁 粗利 in 3%, are not).
GRAM_DENSE = 150_000
GRAM_DENSE_ALONE = 50_000
# At most this many matches of an index are passed to the query as ids (SQLite).
FEW_IDS = 5_000
# PostgreSQL: words held by this many records are found by walking the records newest first.
PG_DENSE = 20_000


def terms_of(query: str) -> list[str]:
    """The normalised, distinct search terms of a query (at most MAX_TERMS)."""
    terms: list[str] = []
    for term in normalise(query).split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def fts5_phrase(term: str) -> str:
    """A term as one FTS5 string, so that operators and quotes in it are plain text."""
    return '"' + term.replace('"', '""') + '"'


def grams_of_terms(terms: list[str]) -> list[str]:
    """The grams of the index of characters and pairs that every record holding all `terms`
    holds: a one-character term's character, else each pair of adjacent characters of the term
    (a term holds no whitespace, so neither does a pair). A superset of the matches: LIKE
    decides."""
    grams: list[str] = []
    for term in terms:
        for gram in [term] if len(term) == 1 else [term[i : i + 2] for i in range(len(term) - 1)]:
            if gram not in grams:
                grams.append(gram)
    return grams


def gram_tokens(terms: list[str]) -> list[str]:
    """grams_of_terms as the FTS5 tokens of SQLite's index."""
    return [gram_token(gram) for gram in grams_of_terms(terms)]


def dense_threshold(filtered: bool) -> int:
    return GRAM_DENSE if filtered else min(GRAM_DENSE, GRAM_DENSE_ALONE)


def _candidates(expression: str, dense: int) -> tuple[int, list[int] | None]:
    """(how many records the gram index gives, at most `dense`; their ids if at most
    FEW_IDS). One query: FTS5 intersects the tokens' lists itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {GRAM_TABLE} WHERE {GRAM_TABLE} MATCH %s LIMIT {FEW_IDS + 1}",
            [expression],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) <= FEW_IDS:
            return len(ids), ids
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {GRAM_TABLE} WHERE {GRAM_TABLE} MATCH %s "
            f"LIMIT {dense})",
            [expression],
        )
        return cursor.fetchone()[0], None


def match_terms(queryset, terms: list[str], *, filtered: bool = False):
    """(records holding every term, whether an index chose them); `filtered`: the records are
    narrowed by a theme, channel, year or industry as well."""
    indexed = False
    if connection.vendor == "sqlite":
        # Every term, long or short, as tokens of the index of characters and pairs, in one
        # MATCH: FTS5 intersects the lists (価格転嫁 粗利: 価格 AND 格転 AND 転嫁 AND 粗利), so
        # two frequent words give the few records that hold both, not two long lists.
        expression = " AND ".join(fts5_phrase(t) for t in gram_tokens(terms))
        dense = dense_threshold(filtered)
        count, few = _candidates(expression, dense)
        if few is not None:
            # Start from the ids; the reader's visibility and the filters follow as a check of
            # each of those records (by primary key). Filtering the ids into the chamber's
            # query instead lets SQLite, which keeps no statistics here, walk the chamber's
            # index and probe the list for each of its records.
            queryset = SupportRecord.objects.filter(pk__in=few).filter(
                Exists(queryset.filter(pk=OuterRef("pk")).order_by().values("pk"))
            )
            indexed = True
        elif count < dense:
            queryset = queryset.filter(
                pk__in=RawSQL(
                    f"SELECT rowid FROM {GRAM_TABLE} WHERE {GRAM_TABLE} MATCH %s", (expression,)
                )
            )
            indexed = True
        # else: so many records hold the words that walking the chamber's records newest first
        # finds a page sooner than reading the list.
    elif connection.vendor == "postgresql":
        # Per term: a frequent one (PG_DENSE records or more by the statistics) is checked with
        # strpos(), which no index serves, so the planner walks the chamber's records newest
        # first; a rarer one of 3+ characters with LIKE (the pg_trgm index, cheap to recheck),
        # of 1–2 characters through the GIN index on bansou_grams().
        from django.contrib.postgres.fields import ArrayField

        for i, term in enumerate(terms):
            if _pg_candidates(term) >= PG_DENSE:
                position = StrIndex("search_text", Value(term))
                queryset = queryset.alias(**{f"at_{i}": position}).filter(**{f"at_{i}__gt": 0})
                continue
            if len(term) < 3:
                expression = Func(
                    "search_text", function=GRAM_FUNCTION, output_field=ArrayField(TextField())
                )
                # Checked with strpos(), not LIKE: LIKE of 1–2 characters has no trigram, and
                # the planner would add a scan of the whole trigram index to the GIN's.
                position = StrIndex("search_text", Value(term))
                queryset = (
                    queryset.alias(**{f"grams_{i}": expression, f"at_{i}": position})
                    .filter(**{f"grams_{i}__contains": [term]})
                    .filter(**{f"at_{i}__gt": 0})
                )
            else:
                queryset = queryset.filter(search_text__contains=term)
            indexed = True
        return queryset, indexed
    # `contains` is LIKE '%…%' on both databases (not ILIKE: Django's icontains wraps the
    # column in UPPER(), which the trigram index cannot serve; the text is casefolded already).
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset, indexed


def _pg_candidates(term: str) -> int:
    """How many records the planner expects to hold `term` (PostgreSQL), one EXPLAIN (no row
    is read), so the search costs one such query per term whatever its length.

    3+ characters: the estimate of LIKE '%term%', which PostgreSQL makes by testing the
    pattern on the column's histogram of sampled texts, i.e. of the whole phrase. The rarest of
    the term's pairs is no guide to it: every pair of （12345） is in 50,000+ of a million
    records, the phrase in one, and judged frequent it was looked for by walking all of them
    (9 s). 1–2 characters: the statistics of the GIN index's expression for the term's one
    character or pair (counting the records instead would recheck bansou_grams() on every
    page of a large bitmap, seconds for a frequent word)."""
    if len(term) >= 3:
        sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE search_text LIKE %s"
        param = f"%{connection.ops.prep_for_like_query(term)}%"
    else:
        sql = (
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} "
            f"WHERE {GRAM_FUNCTION}(search_text) @> %s::text[]"
        )
        param = grams_of_terms([term])
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def filter_records(queryset, *, theme="", channel="", fiscal_year=None, industry=""):
    if theme:
        queryset = queryset.filter(
            Exists(SupportRecordTheme.objects.filter(record=OuterRef("pk"), theme=theme))
        )
    if channel:
        queryset = queryset.filter(channel=channel)
    if fiscal_year:
        queryset = queryset.filter(fiscal_year=fiscal_year)
    if industry:
        queryset = queryset.filter(business__industry=industry)
    return queryset


def _knowledge_search(user, query: str, **filters):
    records = filter_records(SupportRecord.objects.for_user(user), **filters)
    terms = terms_of(query)
    indexed = False
    if terms:
        records, indexed = match_terms(records, terms, filtered=any(filters.values()))
    records = records.select_related("business", "staff").order_by("-occurred_at", "-pk")
    return records, indexed


def knowledge_search(user, query: str, **filters):
    """Records matching every term of `query` and the filters, newest first."""
    return _knowledge_search(user, query, **filters)[0]


# Counting every match costs more than the page itself once many records match: a frequent
# word with a theme and a year (粗利 + DX + 2024: 3,300 of a million records) has to check every
# record of the year, where 1,001 matches are found in a third of them. Nobody pages through a
# thousand records either; the count stops here and says so ("1,000件以上…絞り込んでください").
COUNT_CAP = 1_000
# Below this many matches the page is read through the full-text index and sorted, instead of
# walking the chamber's records newest first until enough of them match (SQLite).
FEW_MATCHES = 500


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.capped = count > COUNT_CAP
        self._capped_count = min(count, COUNT_CAP)

    @cached_property
    def count(self) -> int:
        return self._capped_count


def _page_size(request) -> int:
    sizes = settings.BANSOU_PAGE_SIZES
    try:
        per_page = int(request.GET.get("per_page", sizes[0]))
    except ValueError:
        return sizes[0]
    return per_page if per_page in sizes else sizes[0]


def search_page(request, user, query: str, filters: dict) -> Page:
    """One page of knowledge-search results: a capped count, then the page (two queries)."""
    records, uses_fts = _knowledge_search(user, query, **filters)
    if connection.vendor == "postgresql" and not uses_fts:
        # Frequent words are looked for by walking the records newest first (match_terms); the
        # count walks them in the page's order too, so that with a year or a theme the planner
        # reads that year's records through support_fy_when_idx and stops at the cap, instead
        # of scanning the table in id order (a merge join with the theme's list: 330 ms).
        count = records[: COUNT_CAP + 1].count()
    else:
        count = records.order_by()[: COUNT_CAP + 1].count()
    if uses_fts and connection.vendor == "postgresql" and count <= FEW_MATCHES:
        # A rare word: an expression no index provides as the sort key, so that the planner
        # reads the few matches through the GIN index and sorts them, instead of walking the
        # chamber's records newest first in the hope of meeting them soon.
        records = records.order_by(
            RawSQL('"support_supportrecord"."occurred_at" + interval \'0\'', ()).desc(), "-pk"
        )
    elif uses_fts and connection.vendor == "sqlite" and count <= FEW_MATCHES:
        # SQLite would otherwise walk support_org_when_idx in date order probing every record;
        # "+" makes the sort key an expression that no index provides, so the plan starts from
        # the few ids the FTS5 index returned and sorts them.
        records = records.order_by(
            RawSQL('+"support_supportrecord"."occurred_at"', ()).desc(), "-pk"
        )
    paginator = CappedPaginator(records, _page_size(request), count=count)
    return paginator.get_page(request.GET.get("page"))


@dataclass(frozen=True)
class Snippet:
    label: str
    html: SafeString


def _highlight(text: str, terms: list[str]) -> SafeString | None:
    """An excerpt of `text` around the first term, every term marked; None without a match."""
    folded = text.casefold()
    if len(folded) != len(text):  # casefolding changed lengths (ß → ss): positions of folded
        text = folded
    positions = [(folded.find(t), t) for t in terms]
    found = [(i, t) for i, t in positions if i >= 0]
    if not found:
        return None
    first = min(i for i, _t in found)
    start = max(0, first - SNIPPET_RADIUS)
    end = min(len(text), first + SNIPPET_RADIUS * 2)
    excerpt, folded_excerpt = text[start:end], folded[start:end]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    parts, last = [], 0
    for match in pattern.finditer(folded_excerpt):
        parts.append(escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{escape(excerpt[match.start() : match.end()])}</mark>")
        last = match.end()
    parts.append(escape(excerpt[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # every piece escaped above


def snippets(record: SupportRecord, query: str, *, limit: int = 2) -> list[Snippet]:
    """Excerpts of the fields where the query's terms occur, HTML-escaped with <mark>s;
    without a query, the start of the first filled fields."""
    terms = terms_of(query)
    found: list[Snippet] = []
    for name in SEARCHED_FIELDS:
        value = getattr(record, name)
        if not value:
            continue
        if terms:
            # NFKC only (no casefold), so that "DX" is shown as written; matched casefolded.
            html = _highlight(nfkc(value), terms)
        else:
            html = escape(value[: SNIPPET_RADIUS * 2]) + (
                "…" if len(value) > SNIPPET_RADIUS * 2 else ""
            )
        if html is not None:
            label = str(record._meta.get_field(name).verbose_name)
            found.append(Snippet(label=label, html=html))
        if len(found) >= limit:
            break
    return found
