"""The error pages (400, 403, 404, 500, CSRF failure) in the product's layout, in Japanese."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from .errors import ExplainedNotFound


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    context = {}
    if isinstance(exception, ExplainedNotFound):
        context = {
            "explanation": exception.message,
            "next_url": exception.next_url,
            "next_label": exception.next_label,
        }
    return render(request, "errors/404.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: no context processor, session or database may be reached
    # while something is broken.
    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)


class NoTracebackBelow500(logging.Filter):
    """A refused or missing page is logged as one line: tracebacks are kept for server errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
