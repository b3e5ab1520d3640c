"""Fixtures for the import tests: files written in the encodings Japanese offices use."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from bansou.accounts.models import Role
from bansou.testing import make_user


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


@pytest.fixture
def write_file(tmp_path):
    """write_file(rows, name="x.csv", encoding=...) → Path (xlsx when the name ends so)."""

    def write(rows, name: str = "import.csv", encoding: str = "utf-8-sig") -> Path:
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, encoding))
        return path

    return write


@pytest.fixture
def staff_a(chamber_a):
    user = make_user(chamber_a, Role.STAFF, "sato")
    user.display_name = "佐藤 花子"
    user.save()
    return user
