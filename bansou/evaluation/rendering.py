"""Renderings of an evaluation result outside the web pages: JSON, standalone HTML, xlsx, PDF."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from bansou.core.errors import DomainError

from .results import EvaluationResult

CSS_FILE = Path(__file__).parent / "static" / "evaluation" / "evaluation.css"
FORMATS = ("json", "html", "xlsx", "pdf")


def render_json(result: EvaluationResult) -> bytes:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")


def render_html(result: EvaluationResult) -> bytes:
    """A self-contained page (styles inlined) that can be mailed or archived as it is."""
    context = {"result": result, "links": False, "css": CSS_FILE.read_text(encoding="utf-8")}
    return render_to_string("evaluation/standalone.html", context).encode("utf-8")


def _committee_renderer(name: str):
    """The committee app's xlsx/PDF renderers, imported only when asked for."""
    try:
        outputs = importlib.import_module("bansou.committee.outputs")
        return getattr(outputs, name)
    except (ImportError, AttributeError):
        raise DomainError(
            _("The %(format)s output is provided by the committee app (bansou.committee.outputs."
              "%(name)s), which is not installed yet. Use --format json or html.")
            % {"format": name.removeprefix("render_"), "name": name},
            code="renderer_missing",
        ) from None  # fmt: skip


def render(result: EvaluationResult | dict, file_format: str) -> bytes:
    """json and html take the engine's result; xlsx and pdf also a stored committee report."""
    if file_format == "json":
        return render_json(result)
    if file_format == "html":
        return render_html(result)
    if file_format in ("xlsx", "pdf"):
        content = _committee_renderer(f"render_{file_format}")(result)
        return content.encode("utf-8") if isinstance(content, str) else bytes(content)
    raise DomainError(_("Unknown format %(format)s.") % {"format": file_format})
