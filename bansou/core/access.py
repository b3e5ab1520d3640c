"""Who may reach a view: every view is wrapped in exactly one of these decorators."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def member_required(view: View) -> View:
    """Logged in and belonging to an organization (any role, committee members included)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.organization_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def records_reader_required(view: View) -> View:
    """May read businesses' records: every role but the committee member."""

    @member_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.can_read_records:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def records_writer_required(view: View) -> View:
    """May create and change records: advisors, lead advisors, coordinators, staff, admins."""

    @member_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.can_write_records:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
