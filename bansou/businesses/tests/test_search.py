"""The register's one search box, its sorting, page numbers and saved searches."""

import pytest
from django.urls import reverse

from bansou.businesses.listing import page_numbers
from bansou.businesses.models import Business, SavedFilter
from bansou.testing import login, make_business

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_yamadas(chamber_a, district_a, district_outside_a):
    """Two businesses of the same name, told apart by address and phone."""
    one = make_business(
        chamber_a,
        district_a,
        name="山田商店",
        name_kana="ヤマダショウテン",
        representative="山田 太郎",
        address="川口市青木1-2-3",
        phone="048-222-1234",
        corporate_number="2030001000005",
        employees=3,
    )
    two = make_business(
        chamber_a,
        district_outside_a,
        name="山田商店",
        name_kana="ヤマダショウテン",
        representative="鈴木 花子",
        address="川口市鳩ヶ谷本町4-5",
        phone="０４８－２８１－９９９９",
        employees=12,
    )
    make_business(chamber_a, district_a, name="さくら食堂", name_kana="サクラショクドウ")
    return one, two


def found(client, **params) -> list[int]:
    return [b.pk for b in client.get(reverse("businesses:list"), params).context["page"]]


@pytest.mark.parametrize(
    ("query", "which"),
    [
        ("048-222-1234", [0]),  # the phone as written
        ("0482221234", [0]),  # digits only
        ("０４８（２２２）１２３４", [0]),  # full width, brackets
        ("281-9999", [1]),  # the end of a number stored in full width
        ("2030001000005", [0]),  # 法人番号
        ("20300010", [0]),  # its beginning
        ("山田太郎", [0]),  # representative, spaces ignored
        ("すずき", []),  # kana of a representative is not stored: no match
        ("鈴木", [1]),
        ("鳩ヶ谷本町", [1]),  # address
        ("青木1-2", [0]),
        ("やまだ", [0, 1]),  # kana
        ("山田 鳩ヶ谷", [1]),  # several words: each must match somewhere
        ("ヤマダ ショウテン", [0, 1]),  # words run together still match
        ("999", [1]),
        ("12", [0]),  # a substring of the phone's digits, like any other substring
        ("99999999", []),
    ],
)
def test_one_box_searches_name_kana_phone_number_representative_address(
    advisor_a, two_yamadas, query, which
):
    expected = sorted(two_yamadas[i].pk for i in which)
    assert sorted(found(login(advisor_a), q=query)) == expected, query


def test_results_show_address_and_phone_to_tell_same_names_apart(advisor_a, two_yamadas):
    html = login(advisor_a).get(reverse("businesses:list"), {"q": "山田商店"}).content.decode()
    assert "川口市青木1-2-3" in html and "048-222-1234" in html
    assert "川口市鳩ヶ谷本町4-5" in html


def test_the_search_key_follows_edits(advisor_a, two_yamadas):
    one = two_yamadas[0]
    one.address = "川口市本町9-9"
    one.save()
    client = login(advisor_a)
    assert found(client, q="本町9") == [one.pk]
    assert found(client, q="青木1-2") == []


def test_sortable_columns(advisor_a, two_yamadas):
    client = login(advisor_a)
    one, two = two_yamadas
    by_employees = found(client, q="山田", sort="employees")
    assert by_employees == [one.pk, two.pk]
    assert found(client, q="山田", sort="-employees") == [two.pk, one.pk]
    # An unknown sort falls back to kana order instead of failing.
    assert len(found(client, sort="nonsense; drop table")) == 3
    html = client.get(reverse("businesses:list"), {"sort": "employees"}).content.decode()
    assert 'aria-sort="ascending"' in html and "sort=-employees" in html


def test_page_numbers_with_gaps():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 600) == [1, 2, 3, None, 600]
    assert page_numbers(300, 600) == [1, None, 298, 299, 300, 301, 302, None, 600]
    assert page_numbers(599, 600) == [1, None, 597, 598, 599, 600]
    assert page_numbers(4, 7) == [1, 2, 3, 4, 5, 6, 7]


def test_page_numbers_and_jump_on_the_list(advisor_a, chamber_a, district_a):
    rows = [
        Business(organization=chamber_a, name=f"事業者{i:03}", name_kana=f"ジギョウシャ{i:03}")
        for i in range(130)
    ]
    for row in rows:
        row.refresh_derived()
    Business.objects.bulk_create(rows)
    client = login(advisor_a)
    response = client.get(reverse("businesses:list"), {"page": 3, "q": "ジギョウ"})
    html = response.content.decode()
    assert response.context["page_numbers"] == [1, 2, 3, 4, 5, 6]
    assert '<strong aria-current="page">3</strong>' in html
    assert 'name="page" id="page-jump"' in html and 'name="q" value="ジギョウ"' in html
    assert "130" in html  # the list's total


def test_list_queries_are_constant(advisor_a, chamber_a, district_a, django_assert_max_num_queries):
    client = login(advisor_a)
    SavedFilter.objects.create(organization=chamber_a, user=advisor_a, name="a", query_string="q=a")
    make_business(chamber_a, district_a, phone="048-000-0000")
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("businesses:list"), {"q": "048", "sort": "district"})
    for i in range(30):
        make_business(chamber_a, district_a, name=f"追加{i}", phone=f"048-000-{i:04}")
        SavedFilter.objects.create(
            organization=chamber_a, user=advisor_a, name=f"f{i}", query_string="q=b"
        )
    with django_assert_max_num_queries(12) as second:
        client.get(reverse("businesses:list"), {"q": "048", "sort": "district"})
    assert len(second.captured_queries) == len(first.captured_queries)


def test_saved_searches_are_per_user_and_named(advisor_a, lead_advisor_a, two_yamadas):
    client = login(advisor_a)
    url = reverse("businesses:saved_filters")
    response = client.post(
        url, {"name": "鳩ヶ谷の山田", "query": "q=山田&page=7&evil=1&sort=-kana"}
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=advisor_a)
    # The page and unknown parameters are not kept.
    assert saved.query_string == "q=%E5%B1%B1%E7%94%B0&sort=-kana"
    html = client.get(reverse("businesses:list")).content.decode()
    assert "鳩ヶ谷の山田" in html
    assert (
        "鳩ヶ谷の山田" not in login(lead_advisor_a).get(reverse("businesses:list")).content.decode()
    )
    # The same name replaces it; an empty name or an empty search is refused.
    client.post(url, {"name": "鳩ヶ谷の山田", "query": "q=鈴木"})
    assert SavedFilter.objects.get(user=advisor_a).query_string == "q=%E9%88%B4%E6%9C%A8"
    client.post(url, {"name": "", "query": "q=x"})
    client.post(url, {"name": "空", "query": "page=2"})
    assert SavedFilter.objects.filter(user=advisor_a).count() == 1
    # Another user cannot delete it by name.
    login(lead_advisor_a).post(url, {"delete": "鳩ヶ谷の山田"})
    assert SavedFilter.objects.filter(user=advisor_a).count() == 1
    client.post(url, {"delete": "鳩ヶ谷の山田"})
    assert not SavedFilter.objects.exists()
