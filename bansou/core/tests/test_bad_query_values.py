"""Every GET parameter of every page, sent NUL bytes, 100,000 characters and malformed values,
answers without a server error (on SQLite and on PostgreSQL, which refuses NUL in a query).

The pages are those of the access matrix that some persona may read; the parameters are the
fields of the page's GET forms (its filters and search boxes) and the ones every list reads
(page, per_page, the download's format, encoding and dates).
"""

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import resolve

from bansou.core.permissions import capability_of
from bansou.core.tests.test_access_matrix import (
    GET,
    OK,
    URL_NAMES,
    build_url,
    client_for,
    expected,
)

pytestmark = pytest.mark.django_db

READERS = ["advisor_a", "admin_a", "lead_advisor_a", "committee_a", "expert_a"]
COMMON = ["q", "page", "per_page", "format"]
BAD_VALUES = [
    "\x00",
    "x" * 100_000,
    "²",
    "99999999999999999999",
    "%_\\'\"",
]
# Query strings as sent, percent-encoded: bytes that are not UTF-8.
RAW_VALUES = ["%ED%A0%80"]


class GetFormFields(HTMLParser):
    """The names of the fields of the page's GET forms."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._in_get_form = (attributes.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in ("input", "select", "textarea"):
            if attributes.get("name") and attributes.get("type") not in ("submit", "button"):
                self.names.add(attributes["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def reader_of(name: str, url: str) -> str | None:
    capability = capability_of(resolve(url.split("?")[0]).func)
    return next(
        (p for p in READERS if GET.get(name, {}).get(p, expected(name, p, capability)) == OK),
        None,
    )


PAGES = [name for name in URL_NAMES if not name.startswith("admin:")]


@pytest.mark.parametrize("name", PAGES)
def test_no_server_error_for_bad_values_of_any_parameter(name, request, assigned_business):
    url = build_url(name, request)
    reader = reader_of(name, url)
    if reader is None:
        pytest.skip("no persona reads this page")
    client = client_for(reader, request)
    page = client.get(url)
    if page.status_code != 200:
        pytest.skip("not a page (a redirect or an action)")
    if page.streaming or not page.get("Content-Type", "").startswith("text/html"):
        pytest.skip("a download: its filters are those of its list page")
    fields = GetFormFields()
    fields.feed(page.content.decode())
    # Pages without a filter or search form are tried with the list parameters only.
    parameters = sorted(fields.names | set(COMMON)) if fields.names else ["page"]
    failures = []
    for parameter in parameters:
        queries = [urlencode({parameter: value}) for value in BAD_VALUES]
        queries += [f"{parameter}={raw}" for raw in RAW_VALUES]
        for query in queries:
            status = client.get(f"{url}?{query}").status_code
            if status >= 500:
                failures.append((query[:40], status))
    assert not failures, failures
