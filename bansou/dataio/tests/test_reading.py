"""Reading uploads: the three accepted encodings, refusals that name the encoding, headers."""

import codecs
from datetime import datetime

import pytest

from bansou.dataio.reading import (
    FileProblem,
    column_letter,
    detect_encoding,
    inspect_file,
    open_table,
)
from bansou.testing import csv_bytes, xlsx_bytes

ROWS = [
    ["名称", "金額", "備考"],
    ["株式会社髙橋製作所①", "▲1,234", "～ＤＸ"],
    ["㈱川口", "５", "NEC特殊文字№"],
]


def write(tmp_path, data: bytes, name="f.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("cp932", "cp932")]
)
def test_accepted_encodings_are_detected_and_read(tmp_path, encoding, expected):
    path = write(tmp_path, csv_bytes(ROWS, encoding))
    info = inspect_file(path)
    assert info.encoding == expected
    with open_table(path, info) as table:
        assert table.header == ROWS[0]
        assert [cells for _n, cells in table.rows] == ROWS[1:]


def test_cp932_is_not_read_as_shift_jis(tmp_path):
    # 髙, ① and ㈱ exist in CP932 (what Excel writes) but not in JIS X 0208 Shift_JIS.
    data = csv_bytes(ROWS, "cp932")
    with pytest.raises(UnicodeDecodeError):
        data.decode("shift_jis")
    path = write(tmp_path, data)
    with open_table(path, inspect_file(path)) as table:
        assert next(table.rows)[1][0] == "株式会社髙橋製作所①"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (codecs.BOM_UTF16_LE + "名称,金額\r\n".encode("utf-16-le"), "UTF-16"),
        ("名称,金額\r\n川口,1\r\n".encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF32_LE + "名称".encode("utf-32-le"), "UTF-32"),
        ("名称,金額\r\nあいうえお株式会社,1\r\n".encode("euc_jp"), "EUC-JP"),
        ("名称,金額\r\nかわぐち,1\r\n".encode("iso2022_jp"), "JIS"),
    ],
)
def test_other_encodings_are_refused_with_their_name(tmp_path, data, named):
    with pytest.raises(FileProblem) as refused:
        detect_encoding(write(tmp_path, data))
    assert named in refused.value.message


def test_halfwidth_kana_in_cp932_is_not_mistaken_for_euc(tmp_path):
    data = csv_bytes([["ﾌﾘｶﾞﾅ", "ﾒｲｼｮｳ"], ["ｶﾌﾞｼｷｶﾞｲｼｬ ｱｵﾊﾞ", "ｶﾜｸﾞﾁ"]], "cp932")
    assert detect_encoding(write(tmp_path, data)) == "cp932"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"%PDF-1.4\n...", "PDF"),
        (bytes(range(128, 256)) * 3, "neither UTF-8 nor Shift_JIS"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(tmp_path, data, fragment, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(FileProblem) as refused:
        inspect_file(write(tmp_path, data))
    assert fragment in refused.value.message


def test_the_header_is_found_below_a_title_line(tmp_path):
    rows = [["令和5年度 支援記録一覧"], [], ["日付", "事業者名"], ["R5.4.1", "川口商店"]]
    path = write(tmp_path, csv_bytes(rows))
    with open_table(path, inspect_file(path)) as table:
        assert table.header_row == 3 and table.header == ["日付", "事業者名"]
        assert list(table.rows) == [(4, ["R5.4.1", "川口商店"])]


def test_a_csv_estimates_its_rows_from_the_bytes_read_so_far(tmp_path):
    rows = [["日付", "事業者名", "支援内容"]]
    rows += [[f"R5.4.{i % 28 + 1}", f"川口商店{i:05d}", "資金繰りの相談"] for i in range(20_000)]
    path = write(tmp_path, csv_bytes(rows, encoding="cp932"))
    with open_table(path, inspect_file(path)) as table:
        assert table.estimate_rows(0) is None
        for _ in range(2_000):
            next(table.rows)
        # The buffer reads ahead by one chunk, so the estimate is low, never wildly so.
        assert 15_000 <= table.estimate_rows(2_000) <= 20_000
        assert 19_000 <= table.estimate_rows(19_000)
        for _ in table.rows:
            pass
        assert table.estimate_rows(20_000) == 20_000


def test_an_xlsx_does_not_estimate_its_rows(tmp_path):
    path = write(tmp_path, xlsx_bytes(ROWS), name="f.xlsx")
    with open_table(path, inspect_file(path)) as table:
        assert table.estimate_rows(2) is None


def test_tab_separated_text_is_read(tmp_path):
    path = write(tmp_path, "名称\t金額\r\n川口\t1,000\r\n".encode("cp932"))
    info = inspect_file(path)
    assert info.delimiter == "\t"
    with open_table(path, info) as table:
        assert list(table.rows) == [(2, ["川口", "1,000"])]


def test_xlsx_rows_keep_their_types_and_numbers(tmp_path):
    rows = [
        ["名称", "日付", "金額"],
        ["川口", datetime(2024, 4, 1), 1068],
        [None, None, None],
        ["芝", "R6.4.1", 12.5],
    ]
    path = write(tmp_path, xlsx_bytes(rows), "f.xlsx")
    info = inspect_file(path)
    assert info.file_format == "xlsx"
    with open_table(path, info) as table:
        data = list(table.rows)
    assert data[0] == (2, ["川口", datetime(2024, 4, 1), 1068])
    assert data[2] == (4, ["芝", "R6.4.1", 12.5])


def test_a_damaged_xlsx_is_a_file_problem(tmp_path):
    path = write(tmp_path, b"PK\x03\x04" + b"\x00" * 200, "f.xlsx")
    with pytest.raises(FileProblem):
        with open_table(path, inspect_file(path)) as table:
            list(table.rows)


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


@pytest.mark.parametrize("name", ["名簿.xlsx", "名簿.XLSX", "名簿.xls", "名簿.xlsm"])
def test_a_text_file_named_as_excel_is_refused_as_not_excel(tmp_path, name, settings):
    settings.LANGUAGE_CODE = "ja"
    path = write(tmp_path, csv_bytes(ROWS), name=name)
    with pytest.raises(FileProblem) as refused:
        inspect_file(path)
    assert "Excel ファイルではありません" in refused.value.message
    assert name in refused.value.message


def test_the_uploaded_name_decides_over_the_stored_one(tmp_path, settings):
    settings.LANGUAGE_CODE = "ja"
    path = write(tmp_path, csv_bytes(ROWS), name="stored-token")
    assert inspect_file(path, "名簿.csv").file_format == "csv"
    with pytest.raises(FileProblem):
        inspect_file(path, "名簿.xlsx")
