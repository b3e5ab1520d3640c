"""The work each kind of job does, calling the apps' own services with a progress report."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from bansou.core.errors import DomainError
from bansou.core.exports import CsvEncoding, DateStyle, FileFormat, choice
from bansou.lib.formatting import count as count_text
from bansou.lib.tabular import iter_csv, render_xlsx

from .registry import Outcome, Unit, handler

IMPORT_CHECK = "dataio.check"
IMPORT_COMMIT = "dataio.commit"
EXPORT = "dataio.export"
COMMITTEE_PDF = "committee.pdf"
MEETING_PACK = "dashboard.pack"


def _import_job(job):
    from bansou.dataio.models import ImportJob

    return ImportJob.objects.select_related("organization", "user").get(
        organization=job.organization, pk=job.params["import_job"]
    )


@handler(IMPORT_CHECK)
def check_import(job, progress) -> Outcome:
    from bansou.dataio import services

    import_job = _import_job(job)
    progress.update(0, import_job.total_rows or None)
    result = services.check_job(import_job, progress=progress)
    progress.update(result.total_rows, result.total_rows)
    message = (
        _("%(count)s problems were found.") % {"count": count_text(result.error_count)}
        if result.error_count
        else _("Every row can be imported.")
    )
    return Outcome(message=message, result_url=reverse("dataio:dry_run", args=[import_job.pk]))


@handler(IMPORT_COMMIT)
def commit_import(job, progress) -> Outcome:
    from bansou.dataio import services

    import_job = _import_job(job)
    progress.update(0, import_job.total_rows)
    try:
        result = services.commit_job(
            import_job,
            actor=job.user,
            accept_reviews=job.params.get("accept_reviews", False),
            progress=progress,
        )
    except DomainError as exc:
        raise DomainError(exc.message) from exc
    count = result.counts.get("create", 0) + result.counts.get("update", 0)
    return Outcome(
        message=_("Imported %(count)s rows.") % {"count": count_text(count)},
        result_url=reverse("dataio:job", args=[import_job.pk]),
    )


class _Counted:
    """The exporter's rows, reporting every ROWS rows (and stopping when cancelled)."""

    ROWS = 500

    def __init__(self, rows, progress, total: int) -> None:
        self.rows, self.progress, self.total, self.count = rows, progress, total, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            if self.count % self.ROWS == 0:
                self.progress.update(self.count, self.total)
            yield row


@handler(EXPORT)
def export_list(job, progress) -> Outcome:
    from bansou.audit.export_log import log_export
    from bansou.dataio.registry import get_export_kind

    kind = get_export_kind(job.params["kind"])
    if kind is None or not kind.allowed(job.user):
        raise DomainError(_("This list cannot be downloaded."))
    file_format = choice(job.params.get("format"), FileFormat, FileFormat.XLSX)
    date_style = choice(job.params.get("dates"), DateStyle, DateStyle.WAREKI)
    encoding = choice(job.params.get("encoding"), CsvEncoding, CsvEncoding.UTF8)
    queryset = kind.queryset(user=job.user)
    total = queryset.count() if hasattr(queryset, "count") else 0
    progress.update(0, total)
    exporter = kind.exporter(queryset, date_style=date_style)
    rows = _Counted(exporter.rows(), progress, total)
    if file_format == FileFormat.XLSX:
        content = render_xlsx(exporter.header(), rows, sheet_title=exporter.sheet_title())
        extension = "xlsx"
    else:
        python_encoding = "utf-8-sig" if encoding == CsvEncoding.UTF8 else "cp932"
        content = b"".join(iter_csv(exporter.header(), rows, encoding=python_encoding))
        extension = "csv"
    progress.update(rows.count, rows.count)
    log_export(
        job.user,
        organization_id=job.organization_id,
        what=str(exporter.sheet_title()),
        source=queryset,
        file_format=file_format,
        rows=rows.count,
    )
    return Outcome(
        message=_("%(count)s rows written.") % {"count": count_text(rows.count)},
        content=content,
        file_name=exporter.filename(extension),
    )


@handler(COMMITTEE_PDF, unit=Unit.STEPS)
def committee_pdf(job, progress) -> Outcome:
    from bansou.committee.loaders import get_meeting_for_user
    from bansou.committee.outputs import render_pdf
    from bansou.committee.reports import meeting_report
    from bansou.committee.views.reports import _filename

    meeting = get_meeting_for_user(job.user, job.params["meeting"])
    progress.update(0, 2)
    report, _parts = meeting_report(meeting)
    progress.update(1, 2)
    content = render_pdf(report)
    draft = report.get("status") != "final"
    return Outcome(
        message=_("The committee's report is ready."),
        content=content,
        file_name=_filename(meeting, "pdf", draft),
    )


@handler(MEETING_PACK, unit=Unit.STEPS)
def meeting_pack(job, progress) -> Outcome:
    from datetime import date

    from bansou.dashboard.figures import from_counts
    from bansou.dashboard.pack import pack_filename, pack_pdf
    from bansou.evaluation.engine import get_plan

    fiscal_year, as_of = job.params["fiscal_year"], date.fromisoformat(job.params["as_of"])
    progress.update(0, 2)
    payload = from_counts(get_plan(job.organization, fiscal_year), fiscal_year, as_of)
    progress.update(1, 2)
    return Outcome(
        message=_("The monthly meeting pack is ready."),
        content=pack_pdf(payload),
        file_name=pack_filename(payload),
    )


def _register_other_apps() -> None:
    # Jobs of other apps register their own handlers.
    from bansou.reminders import letters  # noqa: F401


_register_other_apps()
