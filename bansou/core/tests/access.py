"""Access decisions for core, accounts, Django's language switch and the admin site.

The admin site admits `SETTINGS_MANAGE` (chamber administrators and the operator); it answers
anyone else — anonymous or signed in without the capability — with a redirect to its own
sign-in page (admin:login), not with 403: that is Django's admin behaviour, and the page says
the signed-in user is not allowed. Every model admin URL is built for a row of chamber A here;
the same URLs for chamber B's rows are checked in test_admin_site.py (a 404 for admin_a).
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.businesses.models import BusinessAssignment
from bansou.core.admin import site
from bansou.dashboard.models import DashboardSettings
from bansou.organizations.models import Department
from bansou.testing import CHAMBER_OBJECT, make_user

ADMIN_VIEWS = ("change", "delete", "history")
NOT_ADMITTED = ("anonymous", "advisor_a", "lead_advisor_a", "coordinator_a", "staff_a")
NOT_ADMITTED += ("expert_a", "other_expert_a", "committee_a", "vendor_a", "advisor_b")


def _vendor_account(org, suffix: str):
    from bansou.dxmatch.models import Vendor, VendorAccount

    suffix = f"{suffix}-{VendorAccount.objects.count()}"  # a fresh one on each call
    vendor = Vendor.objects.create(organization=org, name=f"ベンダー{suffix}")
    user = make_user(org, Role.VENDOR, f"vendor-{suffix}")
    return VendorAccount.objects.create(organization=org, vendor=vendor, user=user)


def admin_rows(request, chamber: str) -> dict[type, object]:
    """One row of every model registered in the admin, of chamber "a" or "b"."""
    org = request.getfixturevalue(f"chamber_{chamber}")
    district = request.getfixturevalue(f"district_{chamber}")
    if chamber == "a":
        business = request.getfixturevalue("assigned_business")
        user = request.getfixturevalue("advisor_a")
        assignment = BusinessAssignment.objects.get(business=business)
        vendor_account = request.getfixturevalue("vendor_a").vendor_account
    else:
        business = request.getfixturevalue("business_b")
        user = request.getfixturevalue("advisor_b")
        expert = make_user(org, Role.EXPERT, f"expert-{chamber}-{business.pk}")
        assignment = BusinessAssignment.objects.create(
            organization=org, business=business, expert=expert
        )
        vendor_account = _vendor_account(org, f"{chamber}-{business.pk}")
    rows = {
        "organizations.organization": org,
        "organizations.department": Department.objects.get_or_create(
            organization=org, name=f"総務課{chamber}"
        )[0],
        "organizations.district": district,
        "businesses.business": business,
        "businesses.businessassignment": assignment,
        "accounts.user": user,
        "dxmatch.vendoraccount": vendor_account,
        "dashboard.dashboardsettings": DashboardSettings.objects.get_or_create(organization=org)[0],
        "audit.auditentry": AuditEntry.objects.create(
            organization=org,
            actor=user,
            action="businesses.business.updated",
            target_type="businesses.business",
            target_id=business.pk,
            target_repr=business.name,
        ),
    }
    missing = {m._meta.label_lower for m in site._registry} - set(rows)
    assert not missing, f"add a row of these models to admin_rows: {missing}"
    return rows


def admin_urls(rows: dict) -> dict[str, str]:
    urls = {}
    for obj in rows.values():
        info = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
        urls[f"{info}_changelist"] = reverse(f"{info}_changelist")
        urls[f"{info}_add"] = reverse(f"{info}_add")
        for view in ADMIN_VIEWS:
            urls[f"{info}_{view}"] = reverse(f"{info}_{view}", args=[obj.pk])
    user = rows["accounts.user"]
    urls["admin:auth_user_password_change"] = reverse(
        "admin:auth_user_password_change", args=[user.pk]
    )
    return urls


def urls(request) -> dict[str, str]:
    rows = admin_rows(request, "a")
    business = rows["businesses.business"]
    autocomplete = "app_label=businesses&model_name=businessassignment&field_name=business"
    return admin_urls(rows) | {
        "accounts:lockout_lift": reverse("accounts:lockout_lift", args=[rows["accounts.user"].pk]),
        "admin:app_list": reverse("admin:app_list", kwargs={"app_label": "businesses"}),
        "admin:autocomplete": f"{reverse('admin:autocomplete')}?{autocomplete}&term=",
        "admin:view_on_site": reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(business).pk, business.pk],
        ),
    }


def _admitted(status) -> dict[str, int]:
    return {"admin_a": status, "operator": status}


OBJECTS = {
    name: CHAMBER_OBJECT
    for model in site._registry
    for view in ADMIN_VIEWS
    for name in [f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"]
} | {
    "admin:auth_user_password_change": CHAMBER_OBJECT,
    "admin:view_on_site": CHAMBER_OBJECT,
    "accounts:lockout_lift": CHAMBER_OBJECT,
}

POST_ONLY = {
    "accounts:logout",
    "admin:logout",
    "accounts:second_factor_disable",
    "accounts:backup_codes",
    "accounts:lockout_lift",
}
POST = {
    # Without a code the form is refused with a message on the account page (a redirect).
    "accounts:second_factor_disable": {},
    "accounts:backup_codes": {},
    # A chamber's administrator lifts the lockouts of the chamber's own users.
    "accounts:lockout_lift": {},
}

GET = {
    # Django's admin sends whoever it does not admit from its logout to its index.
    "admin:logout": dict.fromkeys(NOT_ADMITTED, 302),
    # No model of bansou has a page of its own (get_absolute_url): nothing to show.
    "admin:view_on_site": _admitted(404),
    # Chambers are created and deleted by the operator only (OrganizationAdmin).
    "admin:organizations_organization_add": {"admin_a": 403},
    "admin:organizations_organization_delete": {"admin_a": 403},
    # One settings row per chamber: chamber A has it, so its administrator adds none.
    "admin:dashboard_dashboardsettings_add": {"admin_a": 403},
    # The audit log is read-only for everyone.
    "admin:audit_auditentry_add": _admitted(403),
    "admin:audit_auditentry_delete": _admitted(403),
}
