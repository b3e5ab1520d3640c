"""Who may read and run the committee's work: names for capabilities of core/permissions.py.

Committee members see meetings, reports and progress, which are aggregates only; experts are
outsiders dispatched to single businesses and see none of the chamber's evaluation. The lead
advisor (法定経営指導員) manages the plan's progress and prepares the meeting.
"""

from bansou.core.permissions import Capability, has_capability, requires


def can_read_committee(user) -> bool:
    return has_capability(user, Capability.EVALUATION_READ)


def can_manage_committee(user) -> bool:
    return has_capability(user, Capability.COMMITTEE_MANAGE)


committee_reader_required = requires(Capability.EVALUATION_READ)
committee_manager_required = requires(Capability.COMMITTEE_MANAGE)
