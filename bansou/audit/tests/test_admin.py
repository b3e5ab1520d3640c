"""Every edit in the admin leaves an entry with the old and the new values."""

import pytest
from django.forms import MultiWidget
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.businesses.models import BusinessAssignment
from bansou.core.admin import AuditedAdminMixin, site
from bansou.dashboard.models import DashboardSettings
from bansou.organizations.models import Department
from bansou.testing import login, make_user


def form_data(form) -> dict:
    """What the browser posts back for an unchanged admin form."""
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value, widget, name = bound.value(), bound.field.widget, bound.html_name
        if isinstance(widget, MultiWidget):
            for i, (sub, part) in enumerate(
                zip(widget.widgets, widget.decompress(value), strict=False)
            ):
                data[f"{name}_{i}"] = sub.format_value(part) or ""
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = widget.format_value(value) or ""
    return data


def _assignment(request):
    assignment = BusinessAssignment.objects.get(
        business=request.getfixturevalue("assigned_business")
    )
    other = make_user(assignment.organization, Role.EXPERT, "expert-2")
    return assignment, "expert", str(other.pk), "expert-2"


def _vendor_account(request):
    from bansou.dxmatch.models import Vendor, VendorAccount

    chamber = request.getfixturevalue("chamber_a")
    first = Vendor.objects.create(organization=chamber, name="川口システム株式会社")
    second = Vendor.objects.create(organization=chamber, name="株式会社鋳物ソフト")
    user = make_user(chamber, Role.VENDOR, "vendor-admin-test")
    account = VendorAccount.objects.create(organization=chamber, vendor=first, user=user)
    return account, "vendor", str(second.pk), "株式会社鋳物ソフト"


# model label → (object to change, field, posted value, value shown in the entry)
CHANGES = {
    "organizations.organization": lambda r: (
        r.getfixturevalue("chamber_a"),
        "territory",
        "川口市",
        "川口市",
    ),
    "organizations.department": lambda r: (
        Department.objects.get(organization=r.getfixturevalue("chamber_a")),
        "name",
        "総務広報課",
        "総務広報課",
    ),
    "organizations.district": lambda r: (
        r.getfixturevalue("district_a"),
        "name_kana",
        "ミナミ",
        "ミナミ",
    ),
    "accounts.user": lambda r: (r.getfixturevalue("advisor_a"), "display_name", "新井", "新井"),
    "businesses.business": lambda r: (
        r.getfixturevalue("business_a"),
        "phone",
        "048-111-2222",
        "048-111-2222",
    ),
    "businesses.businessassignment": _assignment,
    "dxmatch.vendoraccount": _vendor_account,
    "dashboard.dashboardsettings": lambda r: (
        DashboardSettings.objects.create(organization=r.getfixturevalue("chamber_a")),
        "innovation_plan_quota_per_staff",
        "7",
        7,
    ),
}
READ_ONLY = {"audit.auditentry"}


def registered() -> list[str]:
    return sorted(m._meta.label_lower for m in site._registry)


def test_every_admin_has_a_decided_audit_test():
    assert set(registered()) == set(CHANGES) | READ_ONLY


@pytest.mark.parametrize("label", registered())
def test_every_admin_class_is_audited(label):
    admin_class = next(a for m, a in site._registry.items() if m._meta.label_lower == label)
    assert isinstance(admin_class, AuditedAdminMixin)


@pytest.mark.parametrize("label", sorted(CHANGES))
def test_a_change_in_the_admin_logs_old_and_new(request, admin_a, label):
    obj, field, posted, shown = CHANGES[label](request)
    client = login(admin_a)
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.context["adminform"].form)
    old = data.get(field)
    data[field] = posted
    response = client.post(url, data)
    assert response.status_code == 302, page.context["adminform"].form.errors or response
    entry = AuditEntry.objects.filter(action__endswith=".updated").get()
    assert entry.actor == admin_a
    assert entry.organization_id == admin_a.organization_id
    assert entry.target_id == obj.pk
    assert entry.changes[field]["new"] == shown
    assert entry.changes[field]["old"] != shown
    assert old != posted


def test_adding_and_deleting_in_the_admin(admin_a, chamber_a):
    client = login(admin_a)
    add = reverse("admin:organizations_department_add")
    assert client.post(add, {"name": "地域振興課", "sort_order": "3"}).status_code == 302
    department = Department.objects.get(name="地域振興課")
    created = AuditEntry.objects.get(action="organizations.department.created")
    assert created.changes["name"] == {"label": "名称", "old": None, "new": "地域振興課"}
    delete = reverse("admin:organizations_department_delete", args=[department.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    deleted = AuditEntry.objects.get(action="organizations.department.deleted")
    assert deleted.target_id == department.pk
    assert deleted.changes["name"]["old"] == "地域振興課" and deleted.changes["name"]["new"] is None


def test_deleting_many_in_the_admin_logs_each(admin_a, chamber_a):
    extra = [Department.objects.create(organization=chamber_a, name=f"課{n}") for n in range(3)]
    response = login(admin_a).post(
        reverse("admin:organizations_department_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [str(d.pk) for d in extra],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    logged = AuditEntry.objects.filter(action="organizations.department.deleted")
    assert sorted(logged.values_list("target_id", flat=True)) == sorted(d.pk for d in extra)


def test_a_password_set_in_the_admin_is_logged_without_values(admin_a, advisor_a):
    url = reverse("admin:auth_user_password_change", args=[advisor_a.pk])
    response = login(admin_a).post(
        url, {"password1": "brand-New-pass-789", "password2": "brand-New-pass-789"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="accounts.user.password_set")
    assert entry.target_id == advisor_a.pk and "brand" not in str(entry.changes)


def test_the_audit_log_is_read_only_in_the_admin(admin_a, business_a):
    from bansou.audit.services import log_action

    entry = log_action(business_a, "businesses.business.updated", admin_a)
    client = login(admin_a)
    change = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert change.status_code == 200
    assert not change.context["has_change_permission"]
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
