"""Real client: files saved by LibreOffice (CP932 CSV, xlsx) import, and our xlsx opens in it.

LibreOffice Calc is installed by `scripts/system-deps.sh test` (make test). The CSV filter's
third option is the character set: 64 is LibreOffice's "Japanese (Shift-JIS)", which writes
the Windows (CP932) extensions such as ① and 髙 (checked by experiment: 60, MS-932, writes the
same bytes); 76 is UTF-8.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from bansou.businesses.models import Business
from bansou.dataio.reading import inspect_file
from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.lib.corporate_number import make_corporate_number
from bansou.testing import csv_bytes

SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(SOFFICE is None, reason="run scripts/system-deps.sh test (LibreOffice)"),
]
CN = make_corporate_number("000012050002")
ROWS = [
    ["名称", "フリガナ", "法人番号", "電話番号", "業種", "従業員数", "設立日", "会員"],
    [
        "株式会社髙橋製作所①",
        "たかはしせいさくしょ",
        CN,
        "048-222-0001",
        "製造業",
        "12",
        "2019/5/1",
        "○",
    ],
    ["㈱川口ﾌｰｽﾞ", "カワグチフーズ", "", "048-222-0002", "飲食店", "３", "令和2年4月1日", "×"],
]


def convert(
    source: Path, target_filter: str, outdir: Path, profile: Path, infilter: str | None = None
):
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        target_filter,
        "--outdir",
        str(outdir),
        str(source),
    ]
    if infilter:
        command.insert(3, f"--infilter={infilter}")
    subprocess.run(command, check=True, capture_output=True, timeout=180)


def test_a_cp932_csv_saved_by_libreoffice_imports(chamber_a, tmp_path):
    source = tmp_path / "register.csv"
    source.write_bytes(csv_bytes(ROWS, "utf-8"))
    out = tmp_path / "out"
    convert(
        source,
        "csv:Text - txt - csv (StarCalc):44,34,64",
        out,
        tmp_path / "profile",
        "CSV:44,34,76",
    )
    saved = out / "register.csv"
    assert inspect_file(saved).encoding == "cp932"
    result, job = import_file(get_import_kind("businesses"), saved, organization=chamber_a)
    assert result.error_count == 0, list(result.problems.first)
    takahashi = Business.objects.get(corporate_number=CN)
    assert takahashi.name == "株式会社髙橋製作所①" and takahashi.name_kana == "タカハシセイサクショ"
    assert takahashi.founded_on.isoformat() == "2019-05-01" and takahashi.is_member
    assert Business.objects.get(phone="048-222-0002").employees == 3


def test_an_xlsx_saved_by_libreoffice_imports(chamber_a, tmp_path):
    source = tmp_path / "register.csv"
    source.write_bytes(csv_bytes(ROWS, "utf-8"))
    out = tmp_path / "out"
    # Calc reads 12 and 2019/5/1 as a number and a date, and the 法人番号 as a number.
    convert(source, "xlsx:Calc MS Excel 2007 XML", out, tmp_path / "profile", "CSV:44,34,76")
    saved = out / "register.xlsx"
    assert inspect_file(saved).file_format == "xlsx"
    result, _job = import_file(get_import_kind("businesses"), saved, organization=chamber_a)
    assert result.error_count == 0, list(result.problems.first)
    takahashi = Business.objects.get(corporate_number=CN)
    assert takahashi.employees == 12 and takahashi.founded_on.isoformat() == "2019-05-01"
    assert takahashi.phone == "048-222-0001"


def test_our_xlsx_export_converts_to_pdf(chamber_a, business_a, tmp_path):
    workbook = tmp_path / "businesses.xlsx"
    call_command(
        "export", "businesses", "--org", "a", "--format", "xlsx", "--output", str(workbook)
    )
    convert(workbook, "pdf", tmp_path, tmp_path / "profile")
    pdf = tmp_path / "businesses.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        # Cells as LibreOffice printed them (the name column is narrow, so the name is clipped).
        assert business_a.name_kana in text and business_a.corporate_number in text
        assert "法人番号" in text and "製造業" in text
