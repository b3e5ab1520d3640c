"""Responses with personal data are never stored by a browser or a proxy (ASVS 8.2.1)."""

from django.http import HttpRequest, HttpResponse

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
