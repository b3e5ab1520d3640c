"""The decorators of round 1, kept as names for the capabilities of bansou/core/permissions.py.

New views use `@requires(Capability.X)` directly; these aliases stay so that code written
against the old names keeps working and still records a capability on the view.
"""

from bansou.core.permissions import Capability, View, requires

__all__ = ["View", "member_required", "records_reader_required", "records_writer_required"]

# Logged in and belonging to a chamber (any role, committee members included).
member_required = requires(Capability.MEMBER)
# May read businesses' records: every role but the committee member.
records_reader_required = requires(Capability.RECORDS_READ)
# May create and change records: advisors, lead advisors, coordinators, staff, admins.
records_writer_required = requires(Capability.RECORDS_WRITE)
