"""Refuse an upload that is too large from its Content-Length, before its body is received.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out, and FILE_UPLOAD_MAX_MEMORY_SIZE only
moves a large file to a temporary file: without this, a 10 GB upload would be written to disk
before any view could refuse it. A body without a Content-Length (chunked) is still bounded
while it is stored (dataio.services._store).
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

# The multipart envelope around the file: the other fields, boundaries and headers.
ENVELOPE_BYTES = 1024 * 1024


def upload_limit_bytes() -> int:
    return settings.BANSOU_UPLOAD_MAX_MB * 1024 * 1024


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
