"""Markup typed into any text field is stored as typed and shown as text, never run.

One business and one support record carry a script in every text field; every page that
shows them (lists, details, edit forms, the search, the timeline) prints it escaped.
"""

import pytest
from django.urls import reverse

from bansou.businesses.models import Business
from bansou.support.models import SupportRecord
from bansou.support.tests.factories import make_record
from bansou.testing import login, make_business

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
BUSINESS_FIELDS = ["name", "representative", "address", "small_override_reason"]
RECORD_FIELDS = ["condition", "issues", "analysis", "support", "approach", "next_action"]


def assert_escaped(content: str, where: str) -> None:
    assert "<script>alert" not in content and "<img src=x" not in content, where
    assert ESCAPED in content, where


def test_markup_in_every_text_field_is_stored_and_shown_escaped(chamber_a, district_a, advisor_a):
    business = make_business(
        chamber_a,
        district_a,
        name_kana="スクリプト",
        **{field: f"{field}:{PAYLOAD}" for field in BUSINESS_FIELDS},
    )
    record = make_record(
        business, advisor_a, **{field: f"{field}:{PAYLOAD}" for field in RECORD_FIELDS}
    )
    stored = Business.objects.get(pk=business.pk)
    assert all(getattr(stored, f) == f"{f}:{PAYLOAD}" for f in BUSINESS_FIELDS)
    stored_record = SupportRecord.objects.get(pk=record.pk)
    assert all(getattr(stored_record, f) == f"{f}:{PAYLOAD}" for f in RECORD_FIELDS)

    client = login(advisor_a)
    pages = {
        "business list": reverse("businesses:list"),
        "business detail": reverse("businesses:detail", args=[business.pk]),
        "business edit": reverse("businesses:edit", args=[business.pk]),
        "support list": reverse("support:list"),
        "support detail": reverse("support:detail", args=[record.pk]),
        "support edit": reverse("support:edit", args=[record.pk]),
        "search": reverse("support:search") + "?q=script",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        content = response.content.decode()
        assert_escaped(content, where)
    detail = client.get(pages["business detail"]).content.decode()
    for field in ("name", "representative", "address"):
        assert f"{field}:{ESCAPED}" in detail, field
    record_page = client.get(pages["support detail"]).content.decode()
    for field in RECORD_FIELDS:
        assert f"{field}:{ESCAPED}" in record_page, field


def test_nul_and_overlong_text_in_a_form_is_refused_with_a_message(advisor_a, business_a):
    client = login(advisor_a)
    url = reverse("businesses:edit", args=[business_a.pk])
    for name in ("青葉\x00商店", "長" * 100_000):
        response = client.post(url, {"name": name, "name_kana": "アオバ", "industry": "R"})
        assert response.status_code == 200  # the form again, with its errors
        assert (
            'class="errorlist' in response.content.decode() or "error" in response.content.decode()
        )
    business_a.refresh_from_db()
    assert "\x00" not in business_a.name and len(business_a.name) < 1000
