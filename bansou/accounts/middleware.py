"""Middleware of the accounts: the session's timeouts and the second factor's gate."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import second_factor, sessions


def _login_url(request: HttpRequest) -> str:
    url = resolve_url(settings.LOGIN_URL)
    # After a full page, come back to it; after a fragment or a form post, to the home page.
    if request.method == "GET" and not sessions.is_htmx(request):
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


class SessionTimeoutMiddleware:
    """Logs out a session idle for BANSOU_SESSION_IDLE_MINUTES or older than
    BANSOU_SESSION_MAX_HOURS (ASVS 3.3.1/3.3.2), with a message on the login page; an htmx
    request is sent there with HX-Redirect, not given the login page as a fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            if sessions.expired(request.session, now):
                logout(request)
                messages.warning(request, _("Your session has expired. Please log in again."))
                return sessions.redirect(request, _login_url(request))
            sessions.touch(request.session, now)
        response = self.get_response(request)
        if sessions.is_htmx(request) and response.status_code == 302:
            login_path = resolve_url(settings.LOGIN_URL)
            if response["Location"].split("?")[0] == login_path:
                return sessions.redirect(request, response["Location"])
        return response


class SecondFactorMiddleware:
    """Between the password and the code (or, where the chamber requires a second factor, until
    it is set up) a session reaches only the pages that finish the login, and log out."""

    OPEN_FOR = {
        second_factor.VERIFY: ("accounts:verify", "accounts:logout"),
        second_factor.SET_UP: ("accounts:second_factor_setup", "accounts:logout"),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            state = second_factor.pending(request)
            if state:
                # Static files never get here: WhiteNoise answers them before the session.
                allowed = [reverse(name) for name in self.OPEN_FOR[state]]
                if request.path not in allowed:
                    target = allowed[0]
                    if request.method == "GET" and not sessions.is_htmx(request):
                        target = f"{target}?{urlencode({'next': request.get_full_path()})}"
                    return sessions.redirect(request, target)
        return self.get_response(request)
