"""Who may read and run the committee's work (issue: committee members read, lead advisors run)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from bansou.accounts.models import Role
from bansou.core.access import View, member_required

# Committee members see meetings, reports and progress, which are aggregates only; experts are
# outsiders dispatched to single businesses and see none of the chamber's evaluation.
COMMITTEE_READERS = frozenset(
    {
        Role.ADVISOR,
        Role.LEAD_ADVISOR,
        Role.COORDINATOR,
        Role.STAFF,
        Role.COMMITTEE,
        Role.ADMIN,
    }
)
# The lead advisor (法定経営指導員) manages the plan's progress and prepares the meeting.
COMMITTEE_MANAGERS = frozenset({Role.LEAD_ADVISOR, Role.ADMIN})


def can_read_committee(user) -> bool:
    return (
        user.is_authenticated
        and user.organization_id is not None
        and user.role in COMMITTEE_READERS
    )


def can_manage_committee(user) -> bool:
    return (
        user.is_authenticated
        and user.organization_id is not None
        and user.role in COMMITTEE_MANAGERS
    )


def committee_reader_required(view: View) -> View:
    @member_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_read_committee(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def committee_manager_required(view: View) -> View:
    @member_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_manage_committee(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
