"""The admin site shows a chamber's administrator its own chamber's rows only, everywhere.

The access matrix (test_access_matrix.py) covers every admin URL for rows of chamber A; here
the same URLs for rows of chamber B, and the widgets, lookups and actions that could name one.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from bansou.businesses.models import Business
from bansou.testing import login

from .access import ADMIN_VIEWS, admin_rows, admin_urls, urls


@pytest.fixture
def rows_b(request, assigned_business):
    return admin_rows(request, "b")


def _expected_for_own_row(request, name: str) -> int:
    """admin_a's answer for chamber A's row: 403 where the admin refuses it even there."""
    from .access import GET

    return GET.get(name, {}).get("admin_a", 200)


@pytest.mark.parametrize("view", ADMIN_VIEWS)
def test_another_chambers_row_is_not_found(view, request, rows_b, admin_a, operator):
    admin = login(admin_a)
    superuser = login(operator)
    wrong = {}
    for name, url in admin_urls(rows_b).items():
        if not name.endswith(f"_{view}"):
            continue
        # A view the admin refuses on its own rows (adding a chamber) stays 403 on B's.
        want = 403 if _expected_for_own_row(request, name) == 403 else 404
        got = admin.get(url).status_code
        if got != want:
            wrong[name] = (want, got)
        # The operator sees every chamber's rows (the audit log stays read-only).
        if superuser.get(url).status_code not in (200, 403):
            wrong[f"operator {name}"] = superuser.get(url).status_code
    assert not wrong


def test_password_form_of_another_chambers_user_is_not_found(admin_a, advisor_b):
    url = reverse("admin:auth_user_password_change", args=[advisor_b.pk])
    assert login(admin_a).get(url).status_code == 404


def test_raw_id_widget_does_not_name_another_chambers_business(admin_a, business_a, business_b):
    """Was: ?business=<id of chamber B> showed 「さくら食堂」 next to the raw-id field."""
    add = reverse("admin:businesses_businessassignment_add")
    client = login(admin_a)
    foreign = client.get(f"{add}?business={business_b.pk}")
    assert foreign.status_code == 200
    assert business_b.name not in foreign.content.decode()
    own = client.get(f"{add}?business={business_a.pk}")
    assert business_a.name in own.content.decode()


def test_raw_id_widget_of_the_operator_names_any_business(operator, business_b):
    add = reverse("admin:businesses_businessassignment_add")
    assert (
        business_b.name in login(operator).get(f"{add}?business={business_b.pk}").content.decode()
    )


def test_anonymous_admin_login_page_is_shown(db):
    """Was a 500: 'AnonymousUser' object has no attribute 'is_org_admin'."""
    response = Client().get(reverse("admin:login"))
    assert response.status_code == 200


def test_signed_in_member_without_the_capability_is_sent_to_the_admin_login(advisor_a):
    response = login(advisor_a).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    page = login(advisor_a).get(reverse("admin:login"))
    assert page.status_code == 200


def test_autocomplete_lists_own_chamber_only(request, admin_a, rows_b):
    url = urls(request)["admin:autocomplete"]
    names = [r["text"] for r in login(admin_a).get(url).json()["results"]]
    assert names and rows_b["businesses.business"].name not in names
    # Through any foreign key to a business, registered or not.
    other = reverse("admin:autocomplete") + (
        "?app_label=support&model_name=supportrecord&field_name=business&term="
    )
    names = [r["text"] for r in login(admin_a).get(other).json()["results"]]
    assert rows_b["businesses.business"].name not in names


def test_autocomplete_of_users_lists_own_chamber_only(admin_a, advisor_b):
    url = reverse("admin:autocomplete") + (
        "?app_label=businesses&model_name=businessassignment&field_name=expert&term="
    )
    response = login(admin_a).get(url)
    assert response.status_code == 200
    texts = [r["text"] for r in json.loads(response.content)["results"]]
    assert texts and str(advisor_b) not in texts


def test_changelist_lookups_cannot_reach_another_chamber(admin_a, business_a, business_b):
    client = login(admin_a)
    changelist = reverse("admin:businesses_business_changelist")
    foreign_row = reverse("admin:businesses_business_change", args=[business_b.pk])
    for query in (
        f"?organization__id__exact={business_b.organization_id}",
        f"?id__exact={business_b.pk}",
        f"?q={business_b.name}",
        f"?_to_field=id&id={business_b.pk}",
    ):
        response = client.get(changelist + query)
        assert response.status_code in (200, 302, 400), query
        assert foreign_row not in response.content.decode(), query


def test_changelist_filters_of_a_change_page_cannot_reach_another_chamber(admin_a, business_b):
    url = reverse("admin:businesses_business_change", args=[business_b.pk])
    filters = f"?_changelist_filters=organization__id__exact%3D{business_b.organization_id}"
    assert login(admin_a).get(url + filters).status_code == 404


def test_delete_action_leaves_another_chambers_rows(admin_a, business_a, business_b):
    changelist = reverse("admin:businesses_business_changelist")
    login(admin_a).post(
        changelist,
        {"action": "delete_selected", "_selected_action": [business_b.pk], "post": "yes"},
    )
    assert Business.objects.filter(pk=business_b.pk).exists()


def test_view_on_site_of_another_chambers_row_is_not_found(request, admin_a, rows_b):
    from django.contrib.contenttypes.models import ContentType

    business = rows_b["businesses.business"]
    url = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(business).pk, business.pk]
    )
    assert login(admin_a).get(url).status_code == 404
