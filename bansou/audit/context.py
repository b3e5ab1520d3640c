"""The client address of the request being served, for every audit entry written during it.

A middleware sets it once per request, so services log the address without the request
being threaded through them. Outside a request (a management command) there is none, and an
entry without a user and without an address reads as made from the command line.
"""

from contextvars import ContextVar

from django.http import HttpRequest

_client_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)


def client_address() -> str | None:
    return _client_address.get()


def address_of(request: HttpRequest) -> str | None:
    """REMOTE_ADDR: behind a reverse proxy, the proxy sets it (see the deployment notes)."""
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _client_address.set(address_of(request))
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)
