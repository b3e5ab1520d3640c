"""Hostile files (small on disk, huge once read) are refused before they are read.

Each test builds the file, reads it as the import does and asserts the refusal and that the
Python memory it took (tracemalloc's peak) stayed far below what reading it would have cost.
"""

import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from bansou.businesses.models import Business
from bansou.dataio.models import ImportJob, imports_dir
from bansou.dataio.reading import FileInfo, FileProblem, inspect_file, open_table
from bansou.testing import csv_bytes, login, xlsx_bytes

MB = 1024 * 1024
HEADER = ["名称", "フリガナ", "業種", "従業員数"]
ROWS = [
    HEADER,
    ["青葉商店", "アオバショウテン", "小売業", "3"],
    ["芝食堂", "シバショクドウ", "飲食店", "5"],
]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    f'<Types xmlns="{PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
# The header and one business, through the shared strings 0-4.
SHEET = (
    f'<worksheet xmlns="{MAIN}"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="D2"><v>3</v></c></row>'
    "</sheetData></worksheet>"
)


def rewrite_xlsx(path: Path, parts: dict) -> Path:
    """A minimal workbook of a header and one row, with some parts replaced by streamed
    content (a callable that writes to the open zip member)."""
    defaults = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": SHEET,
        "xl/sharedStrings.xml": None,
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, content in defaults.items():
            with z.open(name, "w", force_zip64=True) as member:
                if name in parts:
                    parts[name](member)
                elif content is None:
                    shared_strings(0)(member)
                else:
                    member.write(content.encode())
    return path


def shared_strings(total_bytes: int):
    def write(member) -> None:
        member.write(f'<sst xmlns="{MAIN}">'.encode())
        # Four real strings (the sheet's cells point at them), then filler strings.
        for text in ["名称", "フリガナ", "業種", "従業員数", "青葉商店"]:
            member.write(f"<si><t>{text}</t></si>".encode())
        block = b"<si><t>" + b"x" * 1000 + b"</t></si>"
        for _ in range(total_bytes // len(block)):
            member.write(block)
        member.write(b"</sst>")

    return write


def sheet(rows_xml):
    def write(member) -> None:
        member.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
        for piece in rows_xml():
            member.write(piece)
        member.write(b"</sheetData></worksheet>")

    return write


def read_all(path: Path) -> int:
    with open_table(path, inspect_file(path)) as table:
        return sum(1 for _ in table.rows)


def refused_within(path: Path, peak_bytes: int) -> str:
    tracemalloc.start()
    try:
        with pytest.raises(FileProblem) as refused:
            read_all(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < peak_bytes, f"peak {peak / MB:.1f} MB"
    return refused.value.message


def test_shared_strings_larger_than_the_bound_are_never_loaded(tmp_path, settings):
    settings.BANSOU_XLSX_MAX_SHARED_STRINGS_MB = 8
    settings.BANSOU_XLSX_MAX_COMPRESSION_RATIO = 10_000
    path = rewrite_xlsx(tmp_path / "a.xlsx", {"xl/sharedStrings.xml": shared_strings(40 * MB)})
    assert path.stat().st_size < MB
    message = refused_within(path, 4 * MB)  # loading them: 40 MB and more
    assert "BANSOU_XLSX_MAX_SHARED_STRINGS_MB" in message and "8" in message


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    path = rewrite_xlsx(tmp_path / "a.xlsx", {"xl/sharedStrings.xml": shared_strings(60 * MB)})
    assert path.stat().st_size < MB
    message = refused_within(path, 4 * MB)
    assert "BANSOU_XLSX_MAX_COMPRESSION_RATIO" in message


def test_a_workbook_larger_than_the_bound_once_unzipped_is_refused(tmp_path, settings):
    settings.BANSOU_XLSX_MAX_UNCOMPRESSED_MB = 4
    settings.BANSOU_XLSX_MAX_COMPRESSION_RATIO = 10_000
    path = rewrite_xlsx(tmp_path / "a.xlsx", {"xl/sharedStrings.xml": shared_strings(6 * MB)})
    assert "BANSOU_XLSX_MAX_UNCOMPRESSED_MB" in refused_within(path, 4 * MB)


def test_a_row_of_millions_of_cells_is_refused_before_openpyxl_builds_it(tmp_path, settings):
    settings.BANSOU_XLSX_MAX_COMPRESSION_RATIO = 10_000

    def rows():
        yield b'<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t>'
        yield b"</is></c></row><row>"
        for _ in range(200):
            yield b"<c/>" * 10_000  # two million cells without a reference
        yield b"</row>"

    path = rewrite_xlsx(tmp_path / "a.xlsx", {"xl/worksheets/sheet1.xml": sheet(rows)})
    message = refused_within(path, 8 * MB)  # openpyxl: hundreds of MB for the row
    assert "BANSOU_IMPORT_MAX_CELLS_PER_ROW" in message and "16,384" in message
    assert "2" in message  # the row


def test_a_row_number_far_down_the_sheet_is_refused(tmp_path):
    """openpyxl yields an empty row for every row number skipped: a billion rows of nothing."""

    def rows():
        yield b'<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t>'
        yield b'</is></c></row><x:row xmlns:x="' + MAIN.encode() + b'" r="1000000000"/>'

    path = rewrite_xlsx(tmp_path / "a.xlsx", {"xl/worksheets/sheet1.xml": sheet(rows)})
    assert "BANSOU_IMPORT_MAX_ROWS" in refused_within(path, 4 * MB)


def test_cells_cut_by_the_reading_chunks_are_counted(tmp_path, settings):
    settings.BANSOU_IMPORT_MAX_CELLS_PER_ROW = 100
    settings.BANSOU_XLSX_MAX_COMPRESSION_RATIO = 10_000

    def rows():
        yield b'<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t>'
        yield b'</is></c></row><row r="2"><c t="inlineStr"><is><t>'
        yield b"y" * (3 * MB)  # a long text pushes the cells across the 1 MB chunks
        yield b"</t></is></c>" + b'<c r="B2"/>' * 120 + b"</row>"

    path = rewrite_xlsx(tmp_path / "a.xlsx", {"xl/worksheets/sheet1.xml": sheet(rows)})
    assert "Row 2 " in refused_within(path, 16 * MB) or "2行目" in refused_within(path, 16 * MB)


def test_an_ordinary_workbook_within_the_bounds_is_read(tmp_path, settings):
    settings.BANSOU_IMPORT_MAX_CELLS_PER_ROW = 4
    settings.BANSOU_IMPORT_MAX_ROWS = 3
    path = tmp_path / "a.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    assert read_all(path) == 2
    with open_table(rewrite_xlsx(tmp_path / "b.xlsx", {}), FileInfo("xlsx")) as table:
        assert table.header == HEADER and next(table.rows)[1][0] == "青葉商店"
    settings.BANSOU_IMPORT_MAX_ROWS = 2
    with pytest.raises(FileProblem):
        read_all(path)


def test_a_csv_row_of_millions_of_fields_is_refused_while_it_is_read(tmp_path, settings):
    settings.BANSOU_CSV_MAX_ROW_KB = 64
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(ROWS) + b"," * (4 * MB) + b"\r\n")
    # The csv module: 4 million fields, 32 MB and more (detecting the encoding reads 1 MB
    # pieces: about 3 MB).
    message = refused_within(path, 8 * MB)
    assert "BANSOU_CSV_MAX_ROW_KB" in message and "64" in message


def test_a_record_of_a_million_quoted_lines_is_refused_while_it_is_read(tmp_path, settings):
    """Each field is short (csv.field_size_limit never trips), each line too: only the
    record's own length bounds it (the csv module: a million strings, 50 MB and more)."""
    settings.BANSOU_CSV_MAX_ROW_KB = 64
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(ROWS) + b'"ab\n",' * 1_000_000 + b"\r\n")
    assert "BANSOU_CSV_MAX_ROW_KB" in refused_within(path, 8 * MB)


def test_a_csv_row_with_more_fields_than_the_bound_is_refused(tmp_path, settings):
    settings.BANSOU_IMPORT_MAX_CELLS_PER_ROW = 10
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([*ROWS, ["x"] * 11]))
    with pytest.raises(FileProblem) as refused:
        read_all(path)
    assert "BANSOU_IMPORT_MAX_CELLS_PER_ROW" in refused.value.message


def test_a_csv_within_the_bounds_is_read(tmp_path, settings):
    settings.BANSOU_IMPORT_MAX_CELLS_PER_ROW = 4
    settings.BANSOU_IMPORT_MAX_ROWS = 3
    settings.BANSOU_CSV_MAX_ROW_KB = 1
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([*ROWS[:2], ["芝食堂", "シバショクドウ", "飲食店", "x" * 900]]))
    assert read_all(path) == 2
    settings.BANSOU_IMPORT_MAX_ROWS = 2
    with pytest.raises(FileProblem):
        read_all(path)


@pytest.mark.django_db
def test_the_web_import_refuses_a_hostile_workbook_in_japanese_and_stores_nothing(
    advisor_a, tmp_path
):
    path = rewrite_xlsx(tmp_path / "a.xlsx", {"xl/sharedStrings.xml": shared_strings(60 * MB)})
    client = login(advisor_a)
    imports_dir().mkdir(parents=True, exist_ok=True)
    stored_before = set(imports_dir().iterdir())
    data = SimpleUploadedFile("名簿.xlsx", path.read_bytes())
    response = client.post(reverse("dataio:index"), {"kind": "businesses", "file": data})
    assert response.status_code == 200
    assert "圧縮" in response.content.decode()
    assert not ImportJob.objects.exists() and not Business.objects.exists()
    assert set(imports_dir().iterdir()) == stored_before  # the upload was deleted


@pytest.mark.django_db
def test_the_command_line_refuses_a_hostile_workbook(chamber_a, tmp_path, capsys):
    path = rewrite_xlsx(tmp_path / "a.xlsx", {"xl/sharedStrings.xml": shared_strings(60 * MB)})
    with pytest.raises(CommandError):
        call_command("import", "businesses", str(path), org=chamber_a.slug)
    printed = capsys.readouterr()
    assert "圧縮" in printed.out + printed.err
    assert not Business.objects.exists() and not ImportJob.objects.exists()
