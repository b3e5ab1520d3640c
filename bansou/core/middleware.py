"""Middleware of the whole site: no-store for personal data, and the upload size bound.

Responses with personal data are never stored by a browser or a proxy (ASVS 8.2.1).

An upload that is too large is refused from its Content-Length, before its body is received.
Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out, and FILE_UPLOAD_MAX_MEMORY_SIZE only
moves a large file to a temporary file: without this, a 10 GB upload would be written to disk
before any view could refuse it. A body without a Content-Length (chunked) is still bounded
while it is stored (dataio.services._store).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The multipart envelope around the file: the other fields, boundaries and headers.
ENVELOPE_BYTES = 1024 * 1024


def upload_limit_bytes() -> int:
    return settings.BANSOU_UPLOAD_MAX_MB * 1024 * 1024


NO_STORE = "no-store, private"


class PrivateResponseMiddleware:
    """Every answer to a logged-in user, and every download, carries Cache-Control: no-store.

    Answers to anonymous visitors (the login page, the public committee report) keep the
    caching their view chose; static files never reach this middleware (WhiteNoise serves them).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        is_download = response.get("Content-Disposition", "").startswith("attachment")
        if is_download or (user is not None and user.is_authenticated):
            response["Cache-Control"] = NO_STORE
            if "Expires" in response:
                del response["Expires"]
        return response


class UploadSizeLimitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > upload_limit_bytes() + ENVELOPE_BYTES:
            context = {"limit_mb": settings.BANSOU_UPLOAD_MAX_MB}
            response = render(request, "errors/413.html", context, status=413)
            # The body was never read: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
