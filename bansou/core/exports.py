"""Exporters yield a header and rows; one response helper renders them as xlsx or CSV."""

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from enum import StrEnum

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from bansou.lib.eras import format_wareki
from bansou.lib.formatting import wareki_datetime
from bansou.lib.tabular import iter_csv, render_xlsx


class DateStyle(StrEnum):
    WAREKI = "wareki"
    WESTERN = "western"


class FileFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class CsvEncoding(StrEnum):
    UTF8 = "utf-8"  # written with a BOM so that Excel recognises it
    CP932 = "cp932"  # what Excel on Japanese Windows reads by default


def choice[E: StrEnum](value: str | None, enum: type[E], default: E) -> E:
    """A request parameter as one of an enum's values; anything else means the default."""
    try:
        return enum(value)
    except ValueError:
        return default


def format_date(value: date | None, style: DateStyle):
    """和暦 as text, or a real date that Excel shows in its own format."""
    if value is None:
        return None
    return format_wareki(value) if style == DateStyle.WAREKI else value


def format_datetime(value: datetime | None, style: DateStyle):
    """A moment in the chamber's local time: "令和6年4月1日 10:30", or a real date and time."""
    if value is None:
        return None
    if style == DateStyle.WAREKI:
        return wareki_datetime(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.replace(tzinfo=None, second=0, microsecond=0)


class Exporter:
    filename_stem = "export"

    def __init__(self, queryset, *, date_style: DateStyle = DateStyle.WAREKI) -> None:
        self.queryset = queryset
        self.date_style = date_style

    def sheet_title(self) -> str:
        return self.filename_stem

    def header(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterator[list]:
        raise NotImplementedError

    def filename(self, extension: str) -> str:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return f"{self.filename_stem}-{stamp}.{extension}"


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def counted(rows: Iterable[list], on_finish: Callable[[int], None] | None) -> Iterator[list]:
    """The rows as they are written; `on_finish(count)` once writing ends, even part-way
    (a client that stops a streamed CSV download has still received those rows)."""
    count = 0
    try:
        for row in rows:
            count += 1
            yield row
    finally:
        if on_finish is not None:
            on_finish(count)


def export_response(
    exporter: Exporter,
    file_format: FileFormat,
    encoding: CsvEncoding = CsvEncoding.UTF8,
    *,
    on_finish: Callable[[int], None] | None = None,
):
    """The file as a response; `on_finish(rows)` is called when its rows are written."""
    rows = counted(exporter.rows(), on_finish)
    if file_format == FileFormat.XLSX:
        content = render_xlsx(exporter.header(), rows, sheet_title=exporter.sheet_title())
        response = HttpResponse(content, content_type=XLSX_TYPE)
        extension = "xlsx"
    else:
        python_encoding = "utf-8-sig" if encoding == CsvEncoding.UTF8 else "cp932"
        charset = "utf-8" if encoding == CsvEncoding.UTF8 else "shift_jis"
        response = StreamingHttpResponse(
            iter_csv(exporter.header(), rows, encoding=python_encoding),
            content_type=f"text/csv; charset={charset}",
        )
        extension = "csv"
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(extension)}"'
    return response


def download(
    request: HttpRequest,
    exporter_class: type[Exporter],
    queryset,
    *,
    default_format: FileFormat = FileFormat.XLSX,
    **exporter_options,
):
    """A list's download as the link asks: ?format=xlsx|csv, ?dates=wareki|western and
    ?encoding=utf-8|cp932; anything else means the default."""
    file_format = choice(request.GET.get("format"), FileFormat, default_format)
    date_style = choice(request.GET.get("dates"), DateStyle, DateStyle.WAREKI)
    encoding = choice(request.GET.get("encoding"), CsvEncoding, CsvEncoding.UTF8)
    exporter = exporter_class(queryset, date_style=date_style, **exporter_options)
    from bansou.audit.export_log import export_logger

    on_finish = export_logger(request, exporter, file_format)
    return export_response(exporter, file_format, encoding, on_finish=on_finish)
