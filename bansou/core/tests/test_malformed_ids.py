"""A malformed id in a query string is a 404 (or, for an optional filter, ignored): never a 500.

The ids are read by bansou.core.ids / bansou.lib.ids everywhere; "²" passed str.isdigit()
and made int() fail on the new-record pages.
"""

import pytest
from django.urls import reverse

from bansou.testing import MALFORMED_IDS, login

pytestmark = pytest.mark.django_db

NEW_RECORD_PAGES = [
    "support:create",
    "motivation:create",
    "analysis:create",
    "business_plans:create",
]


@pytest.mark.parametrize("url_name", NEW_RECORD_PAGES)
@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_a_malformed_business_on_a_new_record_page_is_404(advisor_a, business_a, url_name, value):
    response = login(advisor_a).get(reverse(url_name), {"business": value})
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", NEW_RECORD_PAGES)
def test_no_business_still_offers_the_choice_and_a_good_one_the_form(
    advisor_a, business_a, url_name
):
    client = login(advisor_a)
    assert client.get(reverse(url_name), {"business": ""}).status_code in (200, 302)
    assert client.get(reverse(url_name), {"business": business_a.pk}).status_code == 200


@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_a_malformed_analysis_on_a_new_plan_is_ignored(advisor_a, business_a, value):
    url = reverse("business_plans:create")
    response = login(advisor_a).get(url, {"business": business_a.pk, "analysis": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_a_malformed_questionnaire_version_shows_the_current_one(advisor_a, value):
    response = login(advisor_a).get(reverse("motivation:questionnaire"), {"version": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_a_malformed_business_in_a_new_support_record_form_is_an_error(
    advisor_a, business_a, value
):
    response = login(advisor_a).post(reverse("support:create"), {"business": value})
    assert response.status_code == 200
