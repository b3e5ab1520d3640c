"""Helpers for tests: build users and businesses, log a client in, read downloads."""

import csv
import io
from collections.abc import Callable

import openpyxl
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bansou.accounts.models import Role, User
from bansou.businesses.models import Business
from bansou.core.permissions import Capability, roles_with
from bansou.organizations.models import Organization

PASSWORD = "test-password-123"

# What an access-matrix URL names (bansou/core/tests/test_access_matrix.py): an object of
# chamber A (another chamber gets 404), or a record of the expert's assigned business (an
# expert assigned elsewhere gets 404 too).
CHAMBER_OBJECT = "chamber"
BUSINESS_OBJECT = "business"


def make_user(organization: Organization, role: Role, username: str) -> User:
    user = User(username=username, organization=organization, role=role, display_name=username)
    # Django's admin lets in staff users only; bansou's table decides who that is.
    user.is_staff = role in roles_with(Capability.SETTINGS_MANAGE)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_business(organization, district=None, **fields) -> Business:
    values = {
        "name": "株式会社青葉鋳工所",
        "name_kana": "アオバチュウコウショ",
        "industry": "E",
        "employees": 8,
        **fields,
    }
    return Business.objects.create(organization=organization, district=district, **values)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download(client: Client, url: str, **params) -> bytes:
    """The body of a successful download (streamed CSV or whole xlsx)."""
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_rows(content: bytes) -> list[tuple]:
    """The first sheet's rows as values, header first."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def csv_rows(content: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    """CSV rows, header first; UTF-8 must carry its BOM (what Excel needs to detect it)."""
    if encoding == "utf-8-sig":
        assert content.startswith("\ufeff".encode()), "UTF-8 CSV without a BOM"
    return list(csv.reader(io.StringIO(content.decode(encoding))))


def count_queries(action: Callable[[], object]) -> int:
    """How many SQL queries `action()` runs (compare a list of one row with one of many)."""
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Ids a query string or a form may carry that name no record: "²" passes str.isdigit() and
# int() fails on it; the 20 digits overflow a 64-bit column; the NUL byte is refused by
# PostgreSQL. The empty string means "not given".
MALFORMED_IDS = ["²", "abc", "-1", "99999999999999999999", "1e3", "\x00"]
