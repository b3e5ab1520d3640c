"""A proposal's attached file as a download (never shown inline: it came from outside)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment_response(request, proposal, stored) -> HttpResponse:
    response = HttpResponse(bytes(stored.content), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        True, proposal.attachment_name or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
