"""Who may change the questionnaire: administrators and lead advisors (法定経営指導員)."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from bansou.accounts.models import Role
from bansou.core.access import member_required

QUESTIONNAIRE_EDITORS = frozenset({Role.ADMIN, Role.LEAD_ADVISOR})


def can_edit_questionnaire(user) -> bool:
    return user.organization_id is not None and user.role in QUESTIONNAIRE_EDITORS


def questionnaire_editor_required(view):
    @member_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_edit_questionnaire(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def can_delete_check(user, check) -> bool:
    """The advisor who recorded the check, or an administrator; the audit log keeps it."""
    return user.can_write_records and (user.is_org_admin or check.staff_id == user.pk)
