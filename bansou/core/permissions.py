"""The one permissions table: what each role may see or do, and the decorators that enforce it.

Every view is wrapped in exactly one decorator of this module, `@requires(Capability.X)` or
`@public`; the decorator records the capability on the view (`view.capability`) so that the
access-matrix test and `bansou permissions_table` read the same decision the request obeys.
Views and templates ask `user.has_capability(...)` (or `{% if user|can:"records_write" %}`),
never a role by name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import Role

View = Callable[..., HttpResponse]

# Holders that are not a chamber role: anyone, signed in or not, and the operator's superuser
# (who runs the installation and belongs to no chamber).
PUBLIC = "public"
OPERATOR = "operator"


class Capability(models.TextChoices):
    """What one may see or do; the value is the name used in templates and docs."""

    PUBLIC = "public", _("Open pages: sign-in, health check, language")
    PUBLIC_REPORT = "public_report", _("Read the published evaluation report")
    OWN_ACCOUNT = (
        "own_account",
        _("Manage one's own account: password and two-step verification"),
    )
    MEMBER = "member", _("Use the home page and the screens common to every member")
    QUESTIONNAIRE_READ = "questionnaire_read", _("Read the motivation questionnaire")
    RECORDS_READ = (
        "records_read",
        _("Read businesses and their records (an expert: only the businesses assigned to them)"),
    )
    RECORDS_READ_ALL = (
        "records_read_all",
        _("Read every business of the chamber, not only those assigned to one"),
    )
    RECORDS_WRITE = "records_write", _("Register and change businesses and their records")
    RECORDS_EXPORT = (
        "records_export",
        _("Download the register and record lists (only what one may read)"),
    )
    BUSINESS_DELETE = "business_delete", _("Delete a business from the register")
    EVENTS_READ = "events_read", _("Read events and their participant counts")
    PROGRAMMES_READ = "programmes_read", _("Read programmes and their participants")
    PROGRAMMES_MANAGE = "programmes_manage", _("Set up the chamber's programmes")
    SURVEYS = (
        "surveys",
        _("Run the business-conditions surveys: rounds, answers, DIs and the economic report"),
    )
    DEMAND_SURVEYS = (
        "demand_surveys",
        _(
            "Run the demand surveys: questionnaires, answers at the booth, results, the "
            "feedback report and the booth's QR sheet"
        ),
    )
    EVALUATION_READ = (
        "evaluation_read",
        _("Read the chamber-wide plan, evaluation figures, progress and committee reports"),
    )
    EVALUATION_RECORDS = (
        "evaluation_records",
        _("Open the records behind an evaluation figure and download them"),
    )
    PLAN_MANAGE = (
        "plan_manage",
        _("Manage the development plan: plan files, hand-counted actuals, opening figures"),
    )
    COMMITTEE_MANAGE = "committee_manage", _("Prepare and run the evaluation committee meeting")
    PARTNERS_READ = (
        "partners_read",
        _("Read partners, referrals, experts, dispatch cases and the coordinator's screen"),
    )
    PARTNERS_MANAGE = (
        "partners_manage",
        _("Manage partners and experts; accept referrals, assign experts, change programmes"),
    )
    DISPATCH_VISITS = (
        "dispatch_visits",
        _("Book expert visits and write their reports (an expert: only on their own cases)"),
    )
    QUESTIONNAIRE_EDIT = "questionnaire_edit", _("Change the motivation questionnaire")
    DATA_IMPORT = "data_import", _("Import data from files")
    SETTINGS_MANAGE = (
        "settings_manage",
        _("Manage the chamber's users, districts and settings (admin site)"),
    )
    AUDIT_READ = "audit_read", _("Read the audit log")
    LOCKOUTS_MANAGE = (
        "lockouts_manage",
        _("See and lift the sign-in lockouts of the chamber's users"),
    )
    CHAMBER_MERGE = "chamber_merge", _("Merge two chambers (operator only)")
    DX_MATCH_MANAGE = (
        "dx_match_manage",
        _("Run the DX vendor matching: needs, vendors, proposals, choice and follow-up"),
    )
    VENDOR_PROPOSALS = (
        "vendor_proposals",
        _("As an IT vendor: read the needs sent to one's company and submit its proposals"),
    )
    MEETINGS_READ = (
        "meetings_read",
        _("Read the plan's meeting register (minutes, decisions) and the publications"),
    )
    MEETINGS_MANAGE = (
        "meetings_manage",
        _("Record the plan's meetings, review decisions and publications"),
    )
    STAFFDEV_READ = (
        "staffdev_read",
        _("Read staff development: conferences, trainings, OJT and the support guide"),
    )
    STAFFDEV_MANAGE = "staffdev_manage", _("Record conferences, trainings and OJT pairs")


# The columns of the table, in the order the documentation shows them.
HOLDERS = (
    Role.ADVISOR,
    Role.LEAD_ADVISOR,
    Role.COORDINATOR,
    Role.STAFF,
    Role.EXPERT,
    Role.COMMITTEE,
    Role.ADMIN,
    Role.VENDOR,
    OPERATOR,
    PUBLIC,
)
HOLDER_LABELS = {
    **{role: role.label for role in Role},
    OPERATOR: _("Operator (superuser)"),
    PUBLIC: _("Public (not signed in)"),
}

_ALL_ROLES = frozenset(Role)
# Staff of the chamber who carry cases (RECORD_WRITERS in accounts/models.py).
_CASE_STAFF = frozenset({Role.ADVISOR, Role.LEAD_ADVISOR, Role.COORDINATOR, Role.STAFF, Role.ADMIN})
# The lead advisor (法定経営指導員) manages the plan's progress monthly and prepares the
# committee (plan §9); administrators maintain the chamber's settings.
_PLAN_KEEPERS = frozenset({Role.LEAD_ADVISOR, Role.ADMIN})
# Outsiders with an account: IT vendors of the DX matching see the needs sent to them and
# nothing else of the chamber (not even the motivation questionnaire).
_OUTSIDE_VENDORS = frozenset({Role.VENDOR})

# Committee members read aggregates only, never a business's record. Experts are outsiders
# dispatched to single businesses: they read those businesses and none of the chamber's
# evaluation, events or progress.
TABLE: dict[Capability, frozenset[str]] = {
    Capability.PUBLIC: _ALL_ROLES | {OPERATOR, PUBLIC},
    Capability.PUBLIC_REPORT: _ALL_ROLES | {OPERATOR, PUBLIC},
    Capability.OWN_ACCOUNT: _ALL_ROLES | {OPERATOR},
    Capability.MEMBER: _ALL_ROLES,
    Capability.QUESTIONNAIRE_READ: _ALL_ROLES - _OUTSIDE_VENDORS,
    Capability.RECORDS_READ: _CASE_STAFF | {Role.EXPERT},
    # Without it, a reader sees the businesses assigned to them (Business.objects.for_user).
    Capability.RECORDS_READ_ALL: _CASE_STAFF,
    Capability.RECORDS_WRITE: _CASE_STAFF,
    Capability.RECORDS_EXPORT: _CASE_STAFF | {Role.EXPERT},
    Capability.BUSINESS_DELETE: frozenset({Role.ADMIN}),
    Capability.EVENTS_READ: _CASE_STAFF,
    Capability.PROGRAMMES_READ: _CASE_STAFF,
    Capability.PROGRAMMES_MANAGE: _PLAN_KEEPERS,
    # Answers name businesses: the case staff only. The published economic report is public.
    Capability.SURVEYS: _CASE_STAFF,
    # Demand surveys name the business and hold the public's answers: the case staff. The
    # public form itself (/q/<code>/) is public.
    Capability.DEMAND_SURVEYS: _CASE_STAFF,
    Capability.EVALUATION_READ: _CASE_STAFF | {Role.COMMITTEE},
    Capability.EVALUATION_RECORDS: _CASE_STAFF,
    Capability.PLAN_MANAGE: _PLAN_KEEPERS,
    Capability.COMMITTEE_MANAGE: _PLAN_KEEPERS,
    Capability.PARTNERS_READ: _CASE_STAFF,
    # The coordinator (企業支援コーディネーター) runs Team KawaBiz's dispatch (plan §11①).
    Capability.PARTNERS_MANAGE: frozenset({Role.COORDINATOR, Role.LEAD_ADVISOR, Role.ADMIN}),
    Capability.DISPATCH_VISITS: _CASE_STAFF | {Role.EXPERT},
    Capability.QUESTIONNAIRE_EDIT: _PLAN_KEEPERS,
    Capability.DATA_IMPORT: _CASE_STAFF,
    Capability.SETTINGS_MANAGE: frozenset({Role.ADMIN, OPERATOR}),
    Capability.AUDIT_READ: frozenset({Role.ADMIN, OPERATOR}),
    # The page lists one chamber's users: the operator lifts a lockout on the admin site.
    Capability.LOCKOUTS_MANAGE: frozenset({Role.ADMIN}),
    Capability.CHAMBER_MERGE: frozenset({OPERATOR}),
    # plan §12①: the chamber's staff send a business's need to vendors and follow it up.
    Capability.DX_MATCH_MANAGE: _CASE_STAFF,
    Capability.VENDOR_PROPOSALS: _OUTSIDE_VENDORS,
    # Meetings and publications hold no business's record: committee members, who evaluate
    # how the plan is run, read them. Conferences discuss businesses' cases: staff only.
    # The coordinator runs the monthly meeting (plan §9(2)) with the lead advisor.
    Capability.MEETINGS_READ: _CASE_STAFF | {Role.COMMITTEE},
    Capability.MEETINGS_MANAGE: _PLAN_KEEPERS | {Role.COORDINATOR},
    Capability.STAFFDEV_READ: _CASE_STAFF,
    Capability.STAFFDEV_MANAGE: _PLAN_KEEPERS | {Role.COORDINATOR},
}


def holders(capability: Capability | str) -> frozenset[str]:
    return TABLE[Capability(capability)]


def has_capability(user, capability: Capability | str) -> bool:
    """Whether this user (or an anonymous visitor) holds the capability.

    A role counts only inside its chamber: a user without an organization holds what the
    operator holds when a superuser, and nothing of a chamber's otherwise.
    """
    granted = holders(capability)
    if PUBLIC in granted:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser and OPERATOR in granted:
        return True
    return user.organization_id is not None and user.role in granted


def requires(capability: Capability) -> Callable[[View], View]:
    """Wrap a view: anonymous visitors are sent to sign in, members without it get 403."""
    capability = Capability(capability)

    def decorator(view: View) -> View:
        if PUBLIC in TABLE[capability]:

            @wraps(view)
            def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
                return view(request, *args, **kwargs)

        else:

            @wraps(view)
            def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not has_capability(request.user, capability):
                    raise PermissionDenied
                return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator


def public(view: View) -> View:
    """A page anyone may open without signing in (sign-in, health check, published report)."""
    return requires(Capability.PUBLIC)(view)


def capability_of(view) -> Capability | None:
    """The capability recorded on a view (None: the view has no decision)."""
    return getattr(view, "capability", None)


def decided_by(capability: Capability, view: View) -> View:
    """Record the capability of a view that enforces it itself (the admin site's views ask
    `BansouAdminSite.has_permission`, which asks this table); the view is left unchanged."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return view(request, *args, **kwargs)

    wrapped.capability = Capability(capability)
    return wrapped


@dataclass(frozen=True)
class Row:
    capability: Capability
    marks: tuple[bool, ...]


def rows() -> list[Row]:
    """The table as rows of marks, one per holder in HOLDERS order."""
    return [Row(c, tuple(h in TABLE[c] for h in HOLDERS)) for c in Capability]


def roles_with(capability: Capability | str) -> frozenset[Role]:
    """The chamber roles holding a capability, for database filters (`role__in=`)."""
    return frozenset(r for r in Role if r in holders(capability))
