"""Who may change the questionnaire and delete a check (capabilities of core/permissions.py)."""

from bansou.core.permissions import Capability, has_capability, requires


def can_edit_questionnaire(user) -> bool:
    return has_capability(user, Capability.QUESTIONNAIRE_EDIT)


questionnaire_editor_required = requires(Capability.QUESTIONNAIRE_EDIT)


def can_delete_check(user, check) -> bool:
    """The advisor who recorded the check, or an administrator; the audit log keeps it."""
    return user.has_capability(Capability.RECORDS_WRITE) and (
        user.has_capability(Capability.SETTINGS_MANAGE) or check.staff_id == user.pk
    )
