"""Bearer-token authentication: the request acts as the token's user, and as nobody else."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from .services import authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bansou_…`. A browser session is not accepted: the API has no
    CSRF protection to offer, and a program should hold a token it can revoke on its own."""

    def authenticate(self, request: HttpRequest, token: str):
        found = authenticate(token)
        if found is None:
            return None
        # Views and querysets read request.user, as the pages do.
        request.user = found.user
        request.api_token = found
        return found
