"""Session lifetime: an idle timeout and an absolute one, measured from the login."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

STARTED = "bansou.session.started"
SEEN = "bansou.session.seen"
# A request within this many seconds of the last one does not write the session again.
SEEN_RESOLUTION = 60


def start(session) -> None:
    """Called at every login: both clocks start now."""
    now = int(timezone.now().timestamp())
    session[STARTED] = now
    session[SEEN] = now


def expired(session, now: float) -> bool:
    """Whether the session has been idle too long or has lived too long (pure: tested alone)."""
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if started is None or seen is None:
        return False
    idle = settings.BANSOU_SESSION_IDLE_MINUTES * 60
    lifetime = settings.BANSOU_SESSION_MAX_HOURS * 3600
    return now - seen >= idle or now - started >= lifetime


def touch(session, now: float) -> None:
    if session.get(STARTED) is None:
        # A session from before this check (or from a login that skipped it) starts now.
        session[STARTED] = int(now)
    if session.get(SEEN) is None or now - session[SEEN] >= SEEN_RESOLUTION:
        session[SEEN] = int(now)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that an htmx request follows with the whole page, not inside a fragment."""
    if is_htmx(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)
