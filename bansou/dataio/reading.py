"""Reading an uploaded file as a stream of rows: format and encoding detection, CSV and xlsx.

Japanese offices send CSV in three encodings that we accept: UTF-8 with a BOM (Excel's
「CSV UTF-8」), UTF-8 without one, and CP932, which Excel on Japanese Windows writes for plain
「CSV」 (domain-facts §7.1: read it as cp932, never shift_jis, or ①, ㈱ and 髙 fail). Anything
else is refused with the encoding it looks like, so the user knows how to save it again.
Nothing here holds the whole file in memory: the encoding check decodes in chunks and rows
are yielded one at a time (csv over a TextIOWrapper, openpyxl in read-only mode).
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .limits import (
    ImportLimits,
    LimitExceeded,
    check_xlsx_archive,
    too_many_cells,
    too_many_rows,
)

CHUNK = 1024 * 1024
SAMPLE = 64 * 1024
# The first row with at least two filled cells among these is the header: spreadsheets often
# carry a title line (「令和5年度 支援記録一覧」) and a blank line above it.
HEADER_SEARCH_ROWS = 20
MAX_COLUMNS = 300

XLSX_MAGIC = b"PK\x03\x04"
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls (and .doc)
BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
# ISO-2022-JP ("JIS") is 7-bit, so it decodes as UTF-8; its escape sequences give it away.
JIS_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I", b"\x1b$(D")

csv.field_size_limit(1024 * 1024)


class FileProblem(Exception):
    """The file as a whole cannot be read; `message` is translated and names the cause."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FileInfo:
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""  # Python codec name for CSV: "utf-8-sig", "utf-8" or "cp932"
    delimiter: str = ","

    @property
    def encoding_label(self) -> str:
        return {
            "utf-8-sig": "UTF-8 (BOM)",
            "utf-8": "UTF-8",
            "cp932": "Shift_JIS (CP932)",
        }.get(self.encoding, "")


def _refuse_encoding(name: str) -> FileProblem:
    return FileProblem(
        _(
            "This file looks like %(encoding)s text, which cannot be read. Save it as "
            "CSV UTF-8 or as CSV (Shift_JIS / CP932) and upload it again."
        )
        % {"encoding": name}
    )


def _decodes(path: Path, encoding: str) -> bool:
    """Strict decoding of the whole file, chunk by chunk (memory stays bounded)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _lenient(sample: bytes, encoding: str) -> str | None:
    """Decode a sample that may end inside a character; None if the bytes are not valid."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return decoder.decode(sample)
    except UnicodeDecodeError:
        return None


def _is_halfwidth_kana(c: str) -> bool:
    return "\uff61" <= c <= "\uff9f"


def _is_japanese(c: str) -> bool:
    return (
        "\u3040" <= c <= "\u30ff"  # hiragana, katakana
        or "\u4e00" <= c <= "\u9fff"  # CJK ideographs
        or "\u3000" <= c <= "\u303f"  # CJK punctuation
        or "\uff01" <= c <= "\uff60"  # full-width forms
    )


def _looks_like_euc_jp(sample: bytes) -> bool:
    """EUC-JP bytes decode as CP932 too, as runs of half-width katakana (､｢ｱ…) and odd kanji.

    Read as EUC-JP, the same bytes give ordinary kana and kanji. CP932 data made of
    half-width kana (ｶﾌﾞｼｷｶﾞｲｼｬ) rarely decodes as EUC-JP at all, and when it does it
    gives kanji without any kana, which the kana test below rejects.
    """
    as_cp932 = _lenient(sample, "cp932")
    as_euc = _lenient(sample, "euc_jp")
    if as_cp932 is None or as_euc is None:
        return False
    wide = [c for c in as_cp932 if ord(c) > 0x7F]
    if not wide or sum(map(_is_halfwidth_kana, wide)) < len(wide) / 2:
        return False
    euc_wide = [c for c in as_euc if ord(c) > 0x7F]
    kana = sum("\u3040" <= c <= "\u30ff" for c in euc_wide)
    return sum(map(_is_japanese, euc_wide)) >= 0.9 * len(euc_wide) and kana >= 0.05 * len(euc_wide)


def _looks_like_utf16(head: bytes) -> bool:
    return len(head) >= 4 and head.count(0) >= len(head) // 4


def detect_encoding(path: Path) -> str:
    """utf-8-sig, utf-8 or cp932; raises FileProblem naming what the file looks like."""
    with path.open("rb") as f:
        head = f.read(SAMPLE)
    for bom, name in BOMS:
        if head.startswith(bom):
            raise _refuse_encoding(name)
    if head.startswith(codecs.BOM_UTF8):
        if _decodes(path, "utf-8-sig"):
            return "utf-8-sig"
        raise FileProblem(
            _("The file starts as UTF-8 but contains bytes that are not UTF-8. Save it again.")
        )
    if _looks_like_utf16(head):
        raise _refuse_encoding("UTF-16")
    if any(escape in head for escape in JIS_ESCAPES):
        raise _refuse_encoding("JIS (ISO-2022-JP)")
    if _decodes(path, "utf-8"):
        return "utf-8"
    if _decodes(path, "cp932"):
        if _looks_like_euc_jp(head):
            raise _refuse_encoding("EUC-JP")
        return "cp932"
    if _lenient(head, "euc_jp") is not None and _decodes(path, "euc_jp"):
        raise _refuse_encoding("EUC-JP")
    raise FileProblem(
        _(
            "The character encoding of this file is neither UTF-8 nor Shift_JIS (CP932), or "
            "it is not a text file. Save it from Excel as CSV or xlsx and upload it again."
        )
    )


def inspect_file(path: Path, name: str | None = None) -> FileInfo:
    """Decide the format from the content (not the name) and, for CSV, the encoding.

    `name` is the file's name as the user gave it (default: the path's): a file named as an
    Excel workbook whose content is not one is refused rather than read as text."""
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        raise FileProblem(_("The file is empty."))
    if head.startswith(XLSX_MAGIC):
        return FileInfo("xlsx")
    suffix = Path(name or path.name).suffix.lower()
    if suffix in EXCEL_SUFFIXES and not head.startswith(OLE2_MAGIC):
        # A CSV renamed to .xlsx, or a web page saved as .xls: reading it as text would
        # import whatever it holds under a name that promised a workbook.
        raise FileProblem(
            _(
                "This file is named %(name)s but it is not an Excel file (its content is "
                "not an Excel workbook). Open it in Excel and save it as an Excel workbook "
                "(.xlsx), or upload it as CSV with the name ending in .csv."
            )
            % {"name": Path(name or path.name).name}
        )
    if head.startswith(OLE2_MAGIC):
        raise FileProblem(
            _(
                "Excel 97-2003 files (.xls) cannot be read. Open the file in Excel and save it "
                "as an Excel workbook (.xlsx) or as CSV."
            )
        )
    if head.startswith(b"%PDF"):
        raise FileProblem(_("This is a PDF file. Upload the spreadsheet (xlsx or CSV) instead."))
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as f:
        first_line = f.readline(SAMPLE)
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    return FileInfo("csv", encoding, delimiter)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Table:
    """The header of a file and an iterator over its data rows as (row number, cells)."""

    header_row: int
    header: list[str]
    rows: Iterator[tuple[int, list]]
    # How many data rows the whole file holds, estimated from the rows read so far (None
    # when the format cannot tell); only a hint, for choosing how to write a large import.
    estimate_rows: Callable[[int], int | None] = lambda _read: None


def _header_cell(value) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Headers often carry line breaks inside the cell ("売上高\n(千円)").
    return " ".join(unicodedata.normalize("NFC", text).split())


def _split_header(numbered: Iterator[tuple[int, list]]) -> Table:
    seen: list[tuple[int, list]] = []
    for number, cells in numbered:
        seen.append((number, cells))
        if sum(not _blank(c) for c in cells) >= 2:
            break
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    filled = [(n, c) for n, c in seen if any(not _blank(v) for v in c)]
    if not filled:
        raise FileProblem(_("The file has no header row."))
    header_number, header_cells = next(
        ((n, c) for n, c in filled if sum(not _blank(v) for v in c) >= 2), filled[0]
    )
    if len(header_cells) > MAX_COLUMNS:
        raise FileProblem(_("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS})
    header = [_header_cell(c) for c in header_cells]
    while header and not header[-1]:
        header.pop()
    leftover = [(n, c) for n, c in seen if n > header_number]

    def rows() -> Iterator[tuple[int, list]]:
        yield from leftover
        yield from numbered

    return Table(header_number, header, rows())


def _bounded_lines(f: io.TextIOBase, limit: int, record: list[int]) -> Iterator[str]:
    """The file's lines, never reading more of a record than `limit` characters: record[0]
    counts the characters of the record being read (the caller resets it after each one)."""
    while line := f.readline(limit - record[0] + 1):
        record[0] += len(line)
        if record[0] > limit:
            raise LimitExceeded("")
        # NUL is never text a person typed (a damaged export); PostgreSQL refuses it.
        yield line.replace("\x00", "") if "\x00" in line else line


def _csv_rows(f: io.TextIOBase, delimiter: str, limits: ImportLimits) -> Iterator[tuple[int, list]]:
    record = [0]
    reader = csv.reader(
        _bounded_lines(f, limits.csv_row_bytes, record), delimiter=delimiter, strict=False
    )
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except LimitExceeded:
            raise FileProblem(
                _(
                    "Row %(row)s is longer than %(max)s KB (the limit is set by "
                    "BANSOU_CSV_MAX_ROW_KB); a quotation mark may be missing. Correct the file "
                    "and upload it again."
                )
                % {"row": number + 1, "max": f"{limits.csv_row_bytes // 1024:,}"}
            ) from None
        except csv.Error as exc:
            raise FileProblem(
                _("Row %(row)s cannot be read as CSV: %(error)s")
                % {"row": number + 1, "error": exc}
            ) from None
        number += 1
        record[0] = 0
        if number > limits.max_rows:
            raise FileProblem(too_many_rows(limits).message)
        if len(cells) > limits.max_cells_per_row:
            raise FileProblem(too_many_cells(number, limits).message)
        yield number, cells


def _xlsx_rows(worksheet) -> Iterator[tuple[int, list]]:
    try:
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error on damaged files
        raise FileProblem(
            _("The Excel file is damaged and cannot be read to the end (%(error)s).")
            % {"error": type(exc).__name__}
        ) from None


def _csv_estimate(f: io.TextIOWrapper, size: int) -> Callable[[int], int | None]:
    """Rows in the file ≈ its size ÷ the bytes per row read so far (the buffer's position
    runs one read-ahead chunk, 8 KB, in front of the rows, which matters only for tiny files)."""

    def estimate(read: int) -> int | None:
        position = f.buffer.tell() if not f.closed else 0
        if read <= 0 or position <= 0:
            return None
        return max(read, size * read // position)

    return estimate


class open_table:
    """`with open_table(path, info) as table:` closes the file (or workbook) afterwards."""

    def __init__(self, path: Path, info: FileInfo) -> None:
        self.path = path
        self.info = info
        self.limits = ImportLimits.from_settings()
        self._close = lambda: None

    def __enter__(self) -> Table:
        if not self.path.is_file():
            raise FileProblem(_("The uploaded file is no longer available; upload it again."))
        if self.info.file_format == "xlsx":
            return self._open_xlsx()
        f = self.path.open(encoding=self.info.encoding, errors="strict", newline="")
        self._close = f.close
        try:
            table = _split_header(_csv_rows(f, self.info.delimiter, self.limits))
        except BaseException:
            f.close()
            raise
        table.estimate_rows = _csv_estimate(f, self.path.stat().st_size)
        return table

    def _open_xlsx(self) -> Table:
        import openpyxl

        # openpyxl is given the open file, not the path: it refuses a path whose name does not
        # end in .xlsx, and uploads are stored as var/imports/<token>.
        f = self.path.open("rb")
        try:
            with zipfile.ZipFile(f) as archive:
                check_xlsx_archive(archive, self.limits)
            f.seek(0)
            workbook = openpyxl.load_workbook(f, read_only=True, data_only=True)
        except LimitExceeded as exc:
            f.close()
            raise FileProblem(exc.message) from None
        except Exception:  # zipfile, XML and KeyError failures on files that are not xlsx
            f.close()
            raise FileProblem(
                _("This file cannot be opened as an Excel workbook (.xlsx).")
            ) from None

        def close() -> None:
            try:
                workbook.close()
            finally:
                f.close()

        self._close = close
        try:
            if not workbook.worksheets:
                raise FileProblem(_("The Excel file has no sheet."))
            worksheet = workbook.worksheets[0]
            # Stored dimensions are often wrong (too small, or 1,048,576 formatted rows);
            # forget them and read the rows that are really there.
            worksheet.reset_dimensions()
            return _split_header(_xlsx_rows(worksheet))
        except FileProblem:
            close()
            raise
        except Exception:
            close()
            raise FileProblem(
                _("This file cannot be opened as an Excel workbook (.xlsx).")
            ) from None

    def __exit__(self, *exc_info) -> None:
        with suppress(Exception):
            self._close()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
