"""The shared "choose a business" step (businesses/picker.py) on every page that uses it:
another chamber's business is never offered nor accepted, a business the user may not see
is refused, htmx gets the list alone, and the page's queries are bounded."""

from datetime import date

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from bansou.businesses.picker import (
    BUSINESS_CHOICES_SHOWN,
    business_picker,
    picked_business,
)
from bansou.events.models import Event, EventKind
from bansou.programmes.models import Programme
from bansou.testing import login, make_business

pytestmark = pytest.mark.django_db


def _event(chamber):
    return Event.objects.create(
        organization=chamber, name="川口i-mono展示会", kind=EventKind.EXHIBITION,
        held_on=date(2024, 11, 5),
    )  # fmt: skip


def _programme(chamber):
    return Programme.objects.create(
        organization=chamber, code="store-diagnosis", name="店舗診断",
        kind="store_diagnosis", first_fiscal_year=2023,
    )  # fmt: skip


PAGES = {
    "events": lambda chamber: reverse("events:participant_add", args=[_event(chamber).pk]),
    "programmes": lambda chamber: reverse(
        "programmes:participation_add", args=[_programme(chamber).pk]
    ),
    "business_plans": lambda chamber: reverse("business_plans:create"),
    "dxmatch": lambda chamber: reverse("dxmatch:create"),
    "partners": lambda chamber: reverse("partners:referral_create"),
    "analysis": lambda chamber: reverse("analysis:create"),
}


@pytest.fixture(params=sorted(PAGES))
def page(request, chamber_a):
    return PAGES[request.param](chamber_a)


@pytest.fixture
def same_names(chamber_a, chamber_b, district_a, district_b):
    """Both chambers have a さくら business: only one's own may show."""
    own = make_business(chamber_a, district_a, name="さくら商店", name_kana="サクラショウテン")
    other = make_business(chamber_b, district_b, name="さくら食堂", name_kana="サクラショクドウ")
    return own, other


def test_the_page_searches_and_offers_only_the_chambers_businesses(page, advisor_a, same_names):
    own, other = same_names
    client = login(advisor_a)
    empty = client.get(page).content.decode()
    assert 'id="business-choices"' in empty and "名称・フリガナ・法人番号" in empty
    found = client.get(page, {"q": "さくら"}).content.decode()
    assert f"?business={own.pk}" in found
    assert other.name not in found and f"?business={other.pk}" not in found
    # Kana typed in hiragana and the 法人番号 find it too.
    assert f"?business={own.pk}" in client.get(page, {"q": "さくらしょうてん"}).content.decode()


def test_the_page_refuses_another_chambers_business(page, advisor_a, same_names):
    _own, other = same_names
    client = login(advisor_a)
    assert client.get(page, {"business": other.pk}).status_code == 404
    assert client.post(page, {"business": other.pk}).status_code == 404
    assert client.get(page, {"business": "x"}).status_code == 404


def test_htmx_search_gets_the_list_alone(page, advisor_a, same_names):
    own, _other = same_names
    response = login(advisor_a).get(page, {"q": "さくら"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<ul id="business-choices"')
    assert f"?business={own.pk}" in html and "<html" not in html


def test_no_match_says_so_in_japanese(page, advisor_a, business_a):
    html = login(advisor_a).get(page, {"q": "存在しない名前"}).content.decode()
    assert "該当する事業者" in html


def test_an_overlong_query_is_no_error(page, advisor_a, business_a):
    assert login(advisor_a).get(page, {"q": "あ" * 5000}).status_code == 200


def test_queries_are_bounded_whatever_the_matches(
    page, advisor_a, chamber_a, district_a, django_assert_max_num_queries
):
    for n in range(BUSINESS_CHOICES_SHOWN + 5):
        make_business(chamber_a, district_a, name=f"さくら{n}号店", name_kana=f"サクラ{n}")
    client = login(advisor_a)
    with django_assert_max_num_queries(12):
        html = client.get(page, {"q": "さくら"}).content.decode()
    assert html.count("?business=") == BUSINESS_CHOICES_SHOWN


def _request(user, **params):
    request = RequestFactory().get("/choose/", params)
    request.user = user
    request.htmx = False
    return request


def test_an_expert_is_offered_and_given_only_their_assigned_businesses(
    expert_a, assigned_business, chamber_a, district_a
):
    hidden = make_business(chamber_a, district_a, name="青葉商事", name_kana="アオバショウジ")
    picker = business_picker(_request(expert_a, q="アオバ"))
    assert [b.pk for b in picker.businesses] == [assigned_business.pk]
    chosen = picked_business(_request(expert_a, business=assigned_business.pk), write=False)
    assert chosen == assigned_business
    with pytest.raises(Http404):
        picked_business(_request(expert_a, business=hidden.pk), write=False)


def test_a_narrowing_rule_and_no_choice(advisor_a, business_a):
    request = _request(advisor_a, q="アオバ")
    assert business_picker(request, narrow=lambda qs: qs.none()).businesses == []
    assert picked_business(_request(advisor_a)) is None
    assert business_picker(_request(advisor_a)).businesses == []
