"""Bounds on an import file, checked before it is read, so a hostile file costs no memory.

A 2 MB xlsx can unzip to 400 MB of shared strings that openpyxl holds in memory; a sheet row
can hold fifty million empty cells that openpyxl builds into one list; a CSV row can hold fifty
million fields. Each is refused here with a message saying what is too large and where the
bound is set (the BANSOU_* variables of .env.example), before the file is read:

- xlsx: the zip directory's member sizes (the size a member declares bounds what zipfile will
  inflate: it stops there and fails the CRC), each part's compression ratio, the shared strings
  and styles (read whole), then one streaming pass over the sheet counting rows and cells with
  byte patterns (about 1 s per 100 MB of sheet XML; memory: one chunk);
- CSV: the reader is fed lines through a counter that stops a record at its size bound, and
  a record with too many fields is refused before it reaches the import.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
# A sheet is scanned in pieces of this size: the cell tags of one piece are listed at once
# (a piece of nothing but <c/> lists 64K of them, about 3 MB).
CHUNK = 256 * 1024
# Parts smaller than this are not judged by their compression ratio (small XML can be dense).
RATIO_FLOOR = MB
# Parts openpyxl reads whole in read-only mode, besides the sheet it streams.
WHOLE_PARTS = ("sharedstrings", "styles")


class LimitExceeded(Exception):
    """Raised with a translated message; reading.FileProblem wraps it for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportLimits:
    upload_bytes: int
    xlsx_uncompressed_bytes: int
    xlsx_compression_ratio: int
    xlsx_shared_strings_bytes: int
    max_rows: int
    max_cells_per_row: int
    csv_row_bytes: int

    @classmethod
    def from_settings(cls) -> ImportLimits:
        return cls(
            upload_bytes=settings.BANSOU_UPLOAD_MAX_MB * MB,
            xlsx_uncompressed_bytes=settings.BANSOU_XLSX_MAX_UNCOMPRESSED_MB * MB,
            xlsx_compression_ratio=settings.BANSOU_XLSX_MAX_COMPRESSION_RATIO,
            xlsx_shared_strings_bytes=settings.BANSOU_XLSX_MAX_SHARED_STRINGS_MB * MB,
            max_rows=settings.BANSOU_IMPORT_MAX_ROWS,
            max_cells_per_row=settings.BANSOU_IMPORT_MAX_CELLS_PER_ROW,
            csv_row_bytes=settings.BANSOU_CSV_MAX_ROW_KB * 1024,
        )


def _megabytes(size: int) -> str:
    return f"{size / MB:,.0f}" if size >= MB else f"{size / MB:,.2f}"


def _too_large(what: str, size: int, limit: int, variable: str) -> LimitExceeded:
    return LimitExceeded(
        _(
            "This file is too large to import: %(what)s is %(size)s MB once unzipped (the "
            "limit is %(limit)s MB, set by %(variable)s). Split the file, or save it as CSV, "
            "and upload the parts."
        )
        % {
            "what": what,
            "size": _megabytes(size),
            "limit": _megabytes(limit),
            "variable": variable,
        }
    )


def check_xlsx_archive(archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    """Sizes from the zip directory (the whole, each part's ratio, the parts read whole),
    then the rows and cells of every sheet, all before openpyxl opens the workbook: opening
    it already walks each sheet without a <dimension> element to its end, keeping every
    cell's element (160 MB for a row of two million empty cells)."""
    check_xlsx_sizes(archive, limits)
    for member in archive.infolist():
        name = member.filename.rsplit("/", 1)[-1].lower()
        # Every XML part but those bounded by size: a workbook may place its sheet anywhere.
        if name.endswith(".xml") and not name.startswith(WHOLE_PARTS):
            with archive.open(member) as part:
                check_sheet(read_chunks(part), limits)


def check_xlsx_sizes(archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    if total > limits.xlsx_uncompressed_bytes:
        raise _too_large(
            _("the workbook"),
            total,
            limits.xlsx_uncompressed_bytes,
            "BANSOU_XLSX_MAX_UNCOMPRESSED_MB",
        )
    for member in members:
        name = member.filename.rsplit("/", 1)[-1].lower()
        if name.startswith(WHOLE_PARTS) and member.file_size > limits.xlsx_shared_strings_bytes:
            raise _too_large(
                _("the text of its cells (%(part)s)") % {"part": member.filename},
                member.file_size,
                limits.xlsx_shared_strings_bytes,
                "BANSOU_XLSX_MAX_SHARED_STRINGS_MB",
            )
        if member.file_size > RATIO_FLOOR:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.xlsx_compression_ratio:
                raise LimitExceeded(
                    _(
                        "This file cannot be imported: a part of it (%(part)s) unzips to "
                        "%(ratio)s times its size (the limit is %(limit)s, set by "
                        "BANSOU_XLSX_MAX_COMPRESSION_RATIO). Excel does not write such files; "
                        "open it in Excel, save it again and upload it."
                    )
                    % {
                        "part": member.filename,
                        "ratio": f"{ratio:,.0f}",
                        "limit": limits.xlsx_compression_ratio,
                    }
                )


# A row's or a cell's start tag, with or without a namespace prefix (<row …>, <x:c …>).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["']\s*([0-9]{1,12})""")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
# The longest namespace prefix looked for before "row" (<x:row, <ns0:row …).
_PREFIX_MAX = 64
# Bytes kept from one chunk to the next, so that a start tag cut by the chunk is seen whole.
_OVERLAP = 4096


def too_many_rows(limits: ImportLimits) -> LimitExceeded:
    return LimitExceeded(
        _(
            "This file has more than %(max)s rows (the limit is set by BANSOU_IMPORT_MAX_ROWS). "
            "Split it and upload the parts."
        )
        % {"max": f"{limits.max_rows:,}"}
    )


def too_many_cells(row: int, limits: ImportLimits) -> LimitExceeded:
    return LimitExceeded(
        _(
            "Row %(row)s has more than %(max)s cells (the limit is set by "
            "BANSOU_IMPORT_MAX_CELLS_PER_ROW). Delete the columns the import does not need "
            "and upload the file again."
        )
        % {"row": row, "max": f"{limits.max_cells_per_row:,}"}
    )


def check_sheet(chunks: Iterable[bytes], limits: ImportLimits) -> None:
    """One pass over a sheet's XML: the row numbers (openpyxl yields an empty row for every
    number skipped, so <row r="1000000000"> alone is a billion rows) and the cells of each row."""
    row = 0  # the number of the row being read (0: before the first)
    cells = 0  # cells seen in that row so far
    buffer = b""
    source: Iterator[bytes] = iter(chunks)
    finished = False
    while not finished:
        chunk = next(source, b"")
        finished = not chunk
        buffer += chunk
        # Judge the buffer up to `end`; the overlap after it is judged with the next chunk.
        end = len(buffer) if finished else max(0, len(buffer) - _OVERLAP)
        start = 0
        # Fast path: when even an over-count of the piece's cell tags (bytes.count runs at
        # memory speed; the regex is ten times slower) leaves the row within the bound, no
        # row of the piece can pass it, and the tags need not be matched one by one.
        fast = cells + _cells_at_most(buffer, 0, end) <= limits.max_cells_per_row
        for match in _row_tags(buffer, end):
            if not fast:
                cells += len(_CELL_TAG.findall(buffer, start, match.start()))
                if cells > limits.max_cells_per_row:
                    raise too_many_cells(row, limits)
            close = buffer.find(b">", match.start(), match.start() + _OVERLAP)
            number = _ROW_NUMBER.search(buffer, match.start(), close if close > 0 else end)
            row = int(number.group(1)) if number else row + 1
            if row > limits.max_rows:
                raise too_many_rows(limits)
            cells = 0
            start = match.start() + 1
        if fast:
            cells += _cells_at_most(buffer, start, end)
        else:
            cells += len(_CELL_TAG.findall(buffer, start, end))
        if cells > limits.max_cells_per_row:
            raise too_many_cells(row, limits)
        buffer = buffer[end:]


def _row_tags(buffer: bytes, end: int) -> Iterator[re.Match]:
    """The row start tags beginning before `end`: "row" is found with bytes.find (memory
    speed) and only there is the tag matched (a regex over the whole sheet is the slow part)."""
    position = buffer.find(b"row", 1)
    while position != -1:
        tag = buffer.rfind(b"<", max(0, position - _PREFIX_MAX), position)
        if tag >= end:
            return
        if tag != -1 and (match := _ROW_TAG.match(buffer, tag)) and match.end() > position:
            yield match
        position = buffer.find(b"row", position + 3)


def _cells_at_most(buffer: bytes, start: int, end: int) -> int:
    """At least the number of cell start tags in buffer[start:end] (<c and prefixed :c)."""
    return buffer.count(b"<c", start, end) + buffer.count(b":c", start, end)


def read_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk
