"""Whole lists as files, for `bansou export <kind>` and the data page.

Each export kind names an Exporter (bansou.core.exports) and the queryset a user (or, from
the command line, a whole chamber) may see. The business and support-record exporters belong
to their apps; the financial statement exporter lives here because the analysis app has none.
Headers use the import's labels, so an exported file imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from bansou.core.exports import Exporter, format_date, format_datetime

from .kinds import model_exists
from .registry import ExportKind, register_export_kind


def _scoped(queryset, *, user=None, organization=None):
    if user is not None:
        return queryset.for_user(user)
    return queryset.filter(organization=organization)


def _businesses(*, user=None, organization=None):
    from bansou.businesses.models import Business

    return _scoped(Business.objects.all(), user=user, organization=organization)


def _support_records(*, user=None, organization=None):
    from bansou.support.models import SupportRecord

    return _scoped(SupportRecord.objects.all(), user=user, organization=organization)


def _financial_statements(*, user=None, organization=None):
    from bansou.analysis.models import BusinessAnalysis, FinancialStatement

    analyses = _scoped(BusinessAnalysis.objects.all(), user=user, organization=organization)
    return FinancialStatement.objects.filter(analysis__in=analyses.values("pk"))


class FinancialStatementExporter(Exporter):
    filename_stem = "financial-statements"

    def sheet_title(self) -> str:
        return _("Financial statements")

    def header(self) -> list[str]:
        from .kinds.financial_statements import MONEY

        return [
            _("business ID"),
            _("business name"),
            _("corporate number"),
            _("analysed on"),
            _("status"),
            _("period end"),
            _("months"),
            *(str(label) for _name, label, _aliases in MONEY),
            _("employees"),
        ]

    def rows(self) -> Iterator[list]:
        from .kinds.financial_statements import FIGURES

        statements = self.queryset.select_related("analysis__business").order_by(
            "analysis__business__name_kana",
            "analysis__business_id",
            "-analysis__analysed_on",
            "analysis_id",
            "period_end",
        )
        for s in statements.iterator(chunk_size=2000):
            analysis = s.analysis
            yield [
                analysis.business_id,
                analysis.business.name,
                analysis.business.corporate_number,
                format_date(analysis.analysed_on, self.date_style),
                analysis.get_status_display(),
                format_date(s.period_end, self.date_style),
                s.months,
                *(getattr(s, name) for name in FIGURES),
            ]


def _business_exporter():
    from bansou.businesses.exports import BusinessExporter

    return BusinessExporter


def _support_exporter():
    from bansou.support.exports import SupportRecordExporter

    return SupportRecordExporter


class _LazyExporter:
    """Resolves the exporter class of an app that may be installed later than this one."""

    def __init__(self, loader) -> None:
        self.loader = loader

    def __call__(self, *args, **kwargs):
        return self.loader()(*args, **kwargs)

    def __eq__(self, other) -> bool:
        return isinstance(other, _LazyExporter) and other.loader is self.loader

    def __hash__(self) -> int:
        return hash(self.loader)


def register_builtin_exports() -> None:
    register_export_kind(
        ExportKind(
            "businesses",
            gettext_lazy("Businesses"),
            _LazyExporter(_business_exporter),
            _businesses,
            order=10,
        )
    )
    register_export_kind(
        ExportKind(
            "support_records",
            gettext_lazy("Support records"),
            _LazyExporter(_support_exporter),
            _support_records,
            available=lambda: model_exists("support.SupportRecord"),
            order=20,
        )
    )
    register_export_kind(
        ExportKind(
            "financial_statements",
            gettext_lazy("Financial statements"),
            FinancialStatementExporter,
            _financial_statements,
            available=lambda: model_exists("analysis.FinancialStatement"),
            order=30,
        )
    )


class ProblemExporter(Exporter):
    """The problems of an import's dry run, as the file the user fixes their data from."""

    filename_stem = "import-problems"

    def sheet_title(self) -> str:
        return _("Problems")

    def header(self) -> list[str]:
        return [
            _("Kind of problem"),
            pgettext("import file", "Row"),
            pgettext("import file", "Column"),
            pgettext("import", "Problem"),
        ]

    def rows(self) -> Iterator[list]:
        from .problems import read_problems

        for problem in read_problems(self.queryset):
            yield [problem.level_label, problem.row or "", problem.column, problem.message]


class ImportJobExporter(Exporter):
    """The history of a chamber's imports, as the data page lists them (newest first)."""

    filename_stem = "imports"

    def sheet_title(self) -> str:
        return _("Import history")

    def header(self) -> list[str]:
        from .models import ImportJob

        meta = ImportJob._meta
        return [
            _("ID"),
            *(
                str(meta.get_field(name).verbose_name)
                for name in ("created_at", "kind", "file_name", "file_format", "user", "status")
            ),
            *(
                str(meta.get_field(name).verbose_name)
                for name in (
                    "total_rows",
                    "error_count",
                    "error_rows",
                    "review_count",
                    "created_count",
                    "updated_count",
                    "unchanged_count",
                    "checked_at",
                    "finished_at",
                )
            ),
        ]

    def rows(self) -> Iterator[list]:
        from .registry import get_import_kind

        labels: dict[str, str] = {}
        jobs = self.queryset.select_related("user").order_by("-created_at", "-pk")
        for job in jobs.iterator(chunk_size=2000):
            if job.kind not in labels:
                kind = get_import_kind(job.kind)
                labels[job.kind] = str(kind.label) if kind is not None else job.kind
            file_format = (
                "Excel (xlsx)" if job.file_format == "xlsx" else f"CSV・{job.encoding_label}"
            )
            yield [
                job.pk,
                format_datetime(job.created_at, self.date_style),
                labels[job.kind],
                job.file_name,
                file_format,
                str(job.user) if job.user else "",
                job.get_status_display(),
                job.total_rows,
                job.error_count,
                job.error_rows,
                job.review_count,
                job.created_count,
                job.updated_count,
                job.unchanged_count,
                format_datetime(job.checked_at, self.date_style),
                format_datetime(job.finished_at, self.date_style),
            ]
