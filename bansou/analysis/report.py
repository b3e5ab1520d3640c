"""The figures part of the detail page and of the 経営診断報告書, and the report as a PDF."""

from pathlib import Path
from urllib.parse import quote

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .charts import Series, indicator_chart
from .presentation import (
    BY_KEY,
    format_number,
    indicator_rows,
    period_label,
    period_label_short,
    statement_rows,
)

# The chart's panels: sales for scale, then whether the business covers its costs, then the
# six ロカベン indicators (domain-facts §2.2).
CHART_KEYS = (
    "break_even_ratio",
    "sales_growth",
    "operating_margin",
    "labour_productivity",
    "ebitda_debt_multiple",
    "working_capital_months",
    "equity_ratio",
)


def statements_of(analysis) -> list:
    """The periods in chronological order, from the prefetch when the view made one."""
    return sorted(analysis.statements.all(), key=lambda s: s.period_end)


def figures(analysis) -> dict:
    """Context shared by the detail page and the report: no queries beyond the statements."""
    statements = statements_of(analysis)
    periods = [period_label(s.period_end) for s in statements]
    rows = indicator_rows(statements)
    by_key = {row.indicator.key: row for row in rows}
    series = [
        Series(
            label=_("Sales"),
            unit=_("thousand yen"),
            values=[s.sales for s in statements],
            texts=[format_number(s.sales) for s in statements],
        )
    ]
    for key in CHART_KEYS:
        row = by_key[key]
        series.append(
            Series(
                label=str(BY_KEY[key].label),
                unit=str(BY_KEY[key].unit),
                values=[cell.result.value for cell in row.cells],
                texts=[cell.text for cell in row.cells],
            )
        )
    chart = (
        indicator_chart(
            periods,
            series,
            title=_("Indicators over the periods"),
            no_value=_("n/a"),
            axis_labels=[period_label_short(s.period_end) for s in statements],
        )
        if statements
        else ""
    )
    return {
        "statements": statements,
        "periods": periods,
        "statement_rows": statement_rows(statements),
        "indicator_rows": rows,
        "chart": chart,
    }


def report_filename(analysis) -> str:
    return f"経営診断報告書_{analysis.business.name}_{analysis.analysed_on.isoformat()}.pdf"


def content_disposition(filename: str, fallback: str) -> str:
    """RFC 6266 with RFC 5987 filename*: old clients read the ASCII name, others the UTF-8 one."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def render_pdf(html: str) -> bytes:
    """The report through WeasyPrint; fonts come from fontconfig (Noto Sans CJK JP, IPAexGothic)."""
    from weasyprint import CSS, HTML  # imported here: loading it costs ~0.5 s at startup

    stylesheet = finders.find("analysis/report.css")
    return HTML(string=html, base_url=str(Path(stylesheet).parent)).write_pdf(
        stylesheets=[CSS(filename=stylesheet)]
    )


def pdf_response(analysis, html: str) -> HttpResponse:
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        report_filename(analysis), f"analysis-report-{analysis.pk}.pdf"
    )
    return response
