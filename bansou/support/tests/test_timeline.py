"""The business timeline: ordering across kinds, paging, the kind filter, constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bansou.businesses import timeline as registry
from bansou.businesses.timeline import TimelineSource, timeline_page
from bansou.support.models import SupportRecord
from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import login

pytestmark = pytest.mark.django_db


def support_only(page):
    return [e for e in page.entries if e.kind == "support_record"]


@pytest.fixture
def only_support_kind(monkeypatch):
    """The timeline with just this app's kind, so that counts do not depend on other apps."""
    kept = {k: s for k, s in registry._SOURCES.items() if k == "support_record"}
    monkeypatch.setattr(registry, "_SOURCES", kept)


def bulk_records(business, staff, count: int, start=None):
    """Many records quickly (the service is tested elsewhere): same facts, distinct times."""
    start = start or tokyo(2024, 4, 1, 9, 0)
    records = []
    for i in range(count):
        record = SupportRecord(
            business=business,
            staff=staff,
            occurred_at=start + timedelta(hours=i),
            channel="visit",
            support=f"記録{i}",
        )
        record.capture_business_facts()
        record.refresh_derived()
        records.append(record)
    return SupportRecord.objects.bulk_create(records)


def test_support_record_kind_is_registered():
    source = {s.kind: s for s in registry.sources()}["support_record"]
    assert source.model is SupportRecord
    assert source.template == "support/_timeline_entry.html"


def test_newest_first_and_paged(business_a, advisor_a, only_support_kind):
    bulk_records(business_a, advisor_a, 45)
    first = timeline_page(business_a, user=advisor_a, page=1, per_page=20)
    assert first.total == 45 and first.num_pages == 3
    whens = [e.when for e in first.entries]
    assert whens == sorted(whens, reverse=True)
    assert first.entries[0].obj.support == "記録44"
    third = timeline_page(business_a, user=advisor_a, page=3, per_page=20)
    assert [e.obj.support for e in third.entries] == [f"記録{i}" for i in range(4, -1, -1)]
    assert third.has_previous and not third.has_next
    # A page past the end shows the last page rather than nothing.
    assert timeline_page(business_a, user=advisor_a, page=99, per_page=20).number == 3


def test_other_business_and_committee_see_nothing(
    business_a, advisor_a, committee_a, chamber_a, only_support_kind
):
    from bansou.testing import make_business

    other = make_business(chamber_a, name="隣の商店", name_kana="トナリ")
    bulk_records(other, advisor_a, 3)
    assert timeline_page(business_a, user=advisor_a).total == 0
    assert timeline_page(other, user=committee_a).total == 0


@pytest.fixture
def day_kind():
    """A second, temporary kind over the same table, dated by its DateField (occurred_on), so
    that a DateField kind and a DateTimeField kind are merged as the other apps' kinds are."""
    registry.register(
        TimelineSource(
            kind="zz_by_day",
            label="by day",
            model=SupportRecord,
            date_field="occurred_on",
            template="support/_timeline_entry.html",
        )
    )
    yield
    registry.unregister("zz_by_day")


def test_two_kinds_interleave_by_moment_and_filter(business_a, advisor_a, day_kind):
    # A DateField sorts as the local midnight of its day (not 09:00, UTC midnight): same-day
    # timed entries are newer, the previous evening's entry is older.
    make_record(business_a, advisor_a, when=tokyo(2024, 6, 3, 8, 0), support="朝")
    make_record(business_a, advisor_a, when=tokyo(2024, 6, 2, 23, 0), support="前夜")
    page = timeline_page(business_a, user=advisor_a, kinds=None)
    kinds = [(e.kind, e.obj.support) for e in page.entries]
    assert kinds[:4] == [
        ("support_record", "朝"),
        ("zz_by_day", "朝"),
        ("support_record", "前夜"),
        ("zz_by_day", "前夜"),
    ]
    filtered = timeline_page(business_a, user=advisor_a, kinds=["zz_by_day"])
    assert filtered.filtered and filtered.kinds == ["zz_by_day"]
    assert {e.kind for e in filtered.entries} == {"zz_by_day"}
    assert filtered.total == 2
    counts = {c.source.kind: c.count for c in filtered.counts}
    assert counts["support_record"] == 2 and counts["zz_by_day"] == 2
    # An unknown kind is ignored rather than showing nothing.
    assert timeline_page(business_a, user=advisor_a, kinds=["nope"]).total == page.total


def test_timeline_queries_do_not_grow(business_a, advisor_a, day_kind):
    bulk_records(business_a, advisor_a, 5)
    with CaptureQueriesContext(connection) as small:
        timeline_page(business_a, user=advisor_a)
    bulk_records(business_a, advisor_a, 120, start=tokyo(2023, 4, 1))
    with CaptureQueriesContext(connection) as large:
        page = timeline_page(business_a, user=advisor_a)
    assert len(page.entries) == 20
    assert len(large.captured_queries) == len(small.captured_queries)
    # counts + page + one per kind on the page
    assert len(large.captured_queries) <= 2 + len(registry.sources())


def test_business_page_queries_are_constant(business_a, advisor_a, django_assert_max_num_queries):
    client = login(advisor_a)
    url = reverse("businesses:detail", args=[business_a.pk])
    bulk_records(business_a, advisor_a, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    bulk_records(business_a, advisor_a, 200, start=tokyo(2023, 4, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert "支援記録を入力" in html
    assert f"?business={business_a.pk}" in html
    assert html.count('class="timeline-item') == 20


def test_timeline_partial_filters_and_pages(business_a, advisor_a, only_support_kind):
    bulk_records(business_a, advisor_a, 25)
    client = login(advisor_a)
    url = reverse("support:timeline", args=[business_a.pk])
    response = client.get(url, {"kind": "support_record", "page": "2"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="timeline-item') == 5
    assert "記録0" in html and "記録24" not in html
    assert "kind=support_record&amp;page=1" in html  # the filter is kept when paging
    assert client.get(url, {"page": "x"}, HTTP_HX_REQUEST="true").status_code == 200
    assert "site-header" not in html  # htmx swaps the fragment alone


def test_timeline_opened_directly_is_the_whole_business_page(
    business_a, advisor_a, only_support_kind
):
    bulk_records(business_a, advisor_a, 25)
    url = reverse("support:timeline", args=[business_a.pk])
    response = login(advisor_a).get(url, {"kind": "support_record", "page": "2"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html and "bansou/app.css" in html
    assert business_a.name in html
    assert html.count('class="timeline-item') == 5  # the same filter and page
    assert "HX-Request" in response["Vary"]
