"""The drill-down as a file: what a rule row counted (or excluded), never for committee members."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from bansou.analysis.models import AnalysisStatus
from bansou.analysis.tests.factories import make_analysis
from bansou.businesses.models import BusinessAssignment
from bansou.motivation import services as motivation
from bansou.testing import count_queries, csv_rows, download, login, make_business, xlsx_rows

pytestmark = pytest.mark.django_db


def check(business, staff, checked_on=date(2024, 6, 3), channel="visit"):
    version = motivation.current_version(business.organization)
    return motivation.record_check(
        business=business,
        staff=staff,
        version=version,
        checked_on=checked_on,
        points_by_item={item.pk: 2 for item in version.items.all()},
        channel=channel,
        actor=staff,
    )


def url(plan, key: str) -> str:
    return reverse("evaluation:drilldown_export", args=[plan.pk, 2024, key])


@pytest.fixture
def counted(kawaguchi_plan, chamber_a, district_a, district_outside_a, advisor_a, business_b,
            advisor_b):  # fmt: skip
    inside = make_business(chamber_a, district_a, name="=1+1", name_kana="イコール")
    outside = make_business(chamber_a, district_outside_a, name="鳩ヶ谷商店", name_kana="ハト")
    desk_only = make_business(chamber_a, district_a, name="窓口商店", name_kana="マド")
    check(inside, advisor_a)
    check(inside, advisor_a, checked_on=date(2024, 9, 2))  # one line per business
    check(outside, advisor_a)
    check(desk_only, advisor_a, channel="desk")  # not a visit: not counted
    check(business_b, advisor_b)
    make_analysis(
        inside, advisor_a, periods=(), analysed_on=date(2024, 5, 1), status=AnalysisStatus.COMPLETED
    )
    return inside, outside


def test_businesses_counted_as_xlsx(advisor_a, kawaguchi_plan, counted):
    rows = xlsx_rows(download(login(advisor_a), url(kawaguchi_plan, "motivation-checks")))
    assert rows[0] == ("事業者ID", "事業者", "地区", "小規模事業者")
    assert rows[1:] == [(counted[0].pk, "=1+1", "青木", "はい")]


def test_an_exclusion_downloads_what_it_removed(advisor_a, kawaguchi_plan, counted):
    content = download(
        login(advisor_a), url(kawaguchi_plan, "motivation-checks"), exclusion="鳩ヶ谷地区"
    )
    assert [row[1] for row in xlsx_rows(content)[1:]] == ["鳩ヶ谷商店"]


def test_records_carry_their_date_as_wareki_or_western(advisor_a, kawaguchi_plan, counted):
    client = login(advisor_a)
    rows = xlsx_rows(download(client, url(kawaguchi_plan, "analyses")))
    assert rows[0][:3] == ("日付", "ID", "事業者ID")
    assert rows[1][0] == "令和6年5月1日" and rows[1][3] == "=1+1"
    western = xlsx_rows(download(client, url(kawaguchi_plan, "analyses"), dates="western"))
    assert western[1][0] == datetime(2024, 5, 1)


def test_csv_encodings_and_the_formula_guard(advisor_a, kawaguchi_plan, counted):
    client = login(advisor_a)
    rows = csv_rows(download(client, url(kawaguchi_plan, "motivation-checks"), format="csv"))
    assert rows[1][1] == "'=1+1"
    sjis = download(
        client, url(kawaguchi_plan, "motivation-checks"), format="csv", encoding="cp932",
        exclusion="鳩ヶ谷地区",
    )  # fmt: skip
    assert csv_rows(sjis, "cp932")[1][1] == "鳩ヶ谷商店"


def test_committee_numbers_only_other_chamber_404_expert_none(
    kawaguchi_plan, counted, committee_a, advisor_b, expert_a
):
    target = url(kawaguchi_plan, "motivation-checks")
    assert login(committee_a).get(target).status_code == 403
    assert login(advisor_b).get(target).status_code == 404
    # Experts see none of the chamber's evaluation, even for a business assigned to them.
    BusinessAssignment.objects.create(
        organization=kawaguchi_plan.organization, business=counted[1], expert=expert_a
    )
    assert login(expert_a).get(target, {"exclusion": "鳩ヶ谷地区"}).status_code == 403


def test_the_drilldown_page_links_its_download(advisor_a, kawaguchi_plan, counted):
    page = reverse("evaluation:drilldown", args=[kawaguchi_plan.pk, 2024, "motivation-checks"])
    html = login(advisor_a).get(page, {"exclusion": "鳩ヶ谷地区"}).content.decode()
    link = url(kawaguchi_plan, "motivation-checks")
    assert (
        f'href="{link}?exclusion=%E9%B3%A9%E3%83%B6%E8%B0%B7%E5%9C%B0%E5%8C%BA&amp;format=csv"'
        in html
    )


def test_query_count_does_not_grow_with_rows(advisor_a, kawaguchi_plan, chamber_a, district_a):
    client = login(advisor_a)
    target = url(kawaguchi_plan, "motivation-checks")
    check(make_business(chamber_a, district_a, name="商店0"), advisor_a)
    one = count_queries(lambda: download(client, target))
    for n in range(1, 6):
        check(make_business(chamber_a, district_a, name=f"商店{n}"), advisor_a)
    assert count_queries(lambda: download(client, target)) == one
