"""The business register through HTTP: list, search, page, create, edit, delete, bad input."""

import pytest
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.businesses.models import Business
from bansou.testing import login, make_business

pytestmark = pytest.mark.django_db


def valid_post(district_obj, **overrides):
    data = {
        "name": "有限会社みどり食堂",
        "name_kana": "みどりしょくどう",
        "corporate_number": "",
        "representative": "中村 花子",
        "postal_code": "３３２００１２",
        "address": "青木1-2-3",
        "phone": "０４８－０００－１２３４",
        "district": district_obj.pk,
        "industry": "M",
        "industry_major_group": "76",
        "capital": "３，０００，０００",
        "employees": "４",
        "founded_on": "令和2年4月1日",
        "is_member": "on",
        "small_override": "",
        "small_override_reason": "",
    }
    data.update(overrides)
    return data


def test_create_normalises_japanese_input_and_audits(advisor_a, district_a):
    response = login(advisor_a).post(reverse("businesses:create"), valid_post(district_a))
    business = Business.objects.get(name="有限会社みどり食堂")
    assert response.status_code == 302
    assert response["Location"] == reverse("businesses:detail", kwargs={"pk": business.pk})
    assert business.name_kana == "ミドリショクドウ"
    assert business.capital == 3_000_000
    assert business.employees == 4
    assert business.postal_code == "332-0012"
    assert business.phone == "048-000-1234"
    assert str(business.founded_on) == "2020-04-01"
    assert business.organization == advisor_a.organization
    assert business.is_small is True
    entry = AuditEntry.objects.for_object(business).get()
    assert entry.action == "businesses.business.created"
    assert entry.actor == advisor_a
    assert entry.changes["name"]["new"] == "有限会社みどり食堂"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("corporate_number", "7000012050003", "チェックデジット"),
        ("corporate_number", "12345", "13桁"),
        ("corporate_number", "7.00001E+12", "指数"),
        ("founded_on", "2024/4/31", "存在しない日付"),
        ("founded_on", "令和1年4月30日", "存在しない日付"),
        ("employees", "-1", "0 以上"),
        ("employees", "abc", "整数"),
        ("name_kana", "Green食堂", "かな"),
        ("industry_major_group", "09", "属していません"),
        ("postal_code", "12345", "7桁"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_writes_nothing(
    advisor_a, district_a, field, value, message
):
    response = login(advisor_a).post(
        reverse("businesses:create"), valid_post(district_a, **{field: value})
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert message in errors, errors
    assert not Business.objects.exists()
    assert not AuditEntry.objects.changes().exists()


def test_district_of_another_chamber_is_refused(advisor_a, district_a, district_b):
    response = login(advisor_a).post(
        reverse("businesses:create"), valid_post(district_a, district=district_b.pk)
    )
    assert "正しく選択してください" in str(response.context["form"].errors["district"])
    assert not Business.objects.exists()


def test_forged_organization_is_refused(advisor_a, district_a, chamber_b):
    response = login(advisor_a).post(
        reverse("businesses:create"), valid_post(district_a, organization=chamber_b.pk)
    )
    assert response.status_code == 200
    assert "別の商工会議所" in str(response.context["form"].non_field_errors())
    assert not Business.objects.exists()


def test_manual_override_needs_a_reason(advisor_a, district_a):
    client = login(advisor_a)
    response = client.post(
        reverse("businesses:create"), valid_post(district_a, small_override="not_small")
    )
    assert "理由" in str(response.context["form"].errors["small_override_reason"])
    response = client.post(
        reverse("businesses:create"),
        valid_post(district_a, small_override="not_small", small_override_reason="本社は東京"),
    )
    assert response.status_code == 302
    assert Business.objects.get().is_small is False


def test_duplicate_warning_then_confirmation(advisor_a, district_a, business_a):
    client = login(advisor_a)
    data = valid_post(district_a, corporate_number=business_a.corporate_number)
    response = client.post(reverse("businesses:create"), data)
    assert response.status_code == 200
    assert list(response.context["duplicates"]) == [business_a]
    assert Business.objects.count() == 1
    response = client.post(reverse("businesses:create"), {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Business.objects.count() == 2


def test_duplicate_by_normalised_name_and_phone(advisor_a, district_a, business_a):
    data = valid_post(district_a, name="株式会社　青葉鋳工所", phone="0480000001")
    response = login(advisor_a).post(reverse("businesses:create"), data)
    assert list(response.context["duplicates"]) == [business_a]


def test_edit_writes_the_change_to_the_audit_log(advisor_a, business_a, district_a):
    client = login(advisor_a)
    data = valid_post(district_a, name=business_a.name, employees="25", industry="E")
    data.update(industry_major_group="22", corporate_number=business_a.corporate_number)
    data["lock_version"] = business_a.lock_version
    response = client.post(reverse("businesses:edit", kwargs={"pk": business_a.pk}), data)
    assert response.status_code == 302
    business_a.refresh_from_db()
    assert business_a.employees == 25
    assert business_a.is_small is False
    entry = AuditEntry.objects.for_object(business_a).get(action="businesses.business.updated")
    assert (entry.changes["employees"]["old"], entry.changes["employees"]["new"]) == (8, 25)
    page = client.get(reverse("businesses:detail", kwargs={"pk": business_a.pk}))
    assert "25" in page.content.decode()


def test_admin_deletes_and_the_history_remains(admin_a, business_a):
    pk = business_a.pk
    response = login(admin_a).post(reverse("businesses:delete", kwargs={"pk": pk}))
    assert response.status_code == 302
    assert not Business.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="businesses.business.deleted", target_id=pk)
    assert entry.changes["name"]["old"] == business_a.name


def test_kana_substring_search_is_width_and_script_insensitive(advisor_a, chamber_a, district_a):
    make_business(chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ")
    make_business(chamber_a, district_a, name="さくら食堂", name_kana="サクラショクドウ")
    client = login(advisor_a)
    for query in ["ぐちせい", "ｸﾞﾁｾｲ", "グチセイ", "口精工", "精工株式"]:
        page = client.get(reverse("businesses:list"), {"q": query}).context["page"]
        assert [b.name for b in page] == ["川口精工株式会社"], query


def test_filters(advisor_a, chamber_a, district_a, district_outside_a):
    make_business(chamber_a, district_a, name="A", name_kana="エー", industry="I", employees=3)
    make_business(
        chamber_a, district_outside_a, name="B", name_kana="ビー", is_member=True, employees=50
    )
    make_business(chamber_a, district_a, name="C", name_kana="シー", employees=None)
    client = login(advisor_a)

    def names(**params):
        return sorted(
            b.name for b in client.get(reverse("businesses:list"), params).context["page"]
        )

    assert names(district=district_outside_a.pk) == ["B"]
    assert names(industry="I") == ["A"]
    assert names(small="yes") == ["A"]
    assert names(small="no") == ["B"]
    assert names(small="unknown") == ["C"]
    assert names(member="yes") == ["B"]


def test_list_is_htmx_aware(advisor_a, business_a):
    client = login(advisor_a)
    response = client.get(reverse("businesses:list"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert business_a.name in response.content.decode()


def test_expert_sees_only_assigned_businesses(expert_a, assigned_business, chamber_a, district_a):
    make_business(chamber_a, district_a, name="未担当商店", name_kana="ミタントウショウテン")
    page = login(expert_a).get(reverse("businesses:list")).context["page"]
    assert [b.pk for b in page] == [assigned_business.pk]


def test_list_query_count_is_constant(
    advisor_a, chamber_a, district_a, django_assert_max_num_queries
):
    for n in range(60):
        make_business(chamber_a, district_a, name=f"商店{n}", name_kana=f"ショウテン{n}")
    client = login(advisor_a)
    counts = []
    for per_page in (25, 100):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("businesses:list"), {"per_page": per_page})
        assert len(response.context["page"]) == min(per_page, 60)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(reverse("businesses:list"), {"per_page": 50, "q": "ショウテン"})


def test_detail_query_count_is_constant(advisor_a, business_a, django_assert_max_num_queries):
    client = login(advisor_a)
    url = reverse("businesses:detail", kwargs={"pk": business_a.pk})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for n in range(30):
        business_a.employees = n
        business_a.save()
        from bansou.audit.services import log_action

        log_action(
            business_a,
            "businesses.business.updated",
            advisor_a,
            {"employees": {"label": "x", "old": n, "new": n + 1}},
        )
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get(url)


def test_a_search_with_nul_or_a_pasted_page_of_text_finds_safely(business_a):
    """PostgreSQL refuses NUL in a query; SQLite refuses a LIKE pattern over 50,000 bytes."""
    assert list(Business.objects.search(business_a.name[:2] + "\x00")) == [business_a]
    assert list(Business.objects.search("株" * 100_000)) == []
