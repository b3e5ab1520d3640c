"""The permissions table: who holds what, the decorators that enforce it, and its documentation."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory

from bansou.accounts.models import Role
from bansou.core.access import member_required, records_reader_required, records_writer_required
from bansou.core.permissions import (
    Capability,
    capability_of,
    has_capability,
    public,
    requires,
    roles_with,
)
from bansou.core.permissions_doc import render

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"


def test_committed_documentation_is_the_rendering_of_the_table():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "run: bansou permissions_table --output docs/permissions.md"
    )


def test_documentation_lists_the_urls_a_capability_guards():
    text = render()
    records = text.split("### `records_write`")[1].split("###")[0]
    assert "`businesses:edit` `/businesses/<int:pk>/edit/`" in records
    assert "`admin:businesses_business_changelist`" in text.split("### `settings_manage`")[1]


def test_every_capability_has_a_japanese_description():
    from django.utils import translation

    with translation.override("en"):
        english = {c: str(c.label) for c in Capability}
    with translation.override("ja"):
        untranslated = [c for c in Capability if str(c.label) == english[c]]
    assert not untranslated


@pytest.mark.django_db
def test_roles_count_only_inside_a_chamber(advisor_a, operator, admin_a):
    assert has_capability(advisor_a, Capability.RECORDS_WRITE)
    advisor_a.organization = None
    assert not has_capability(advisor_a, Capability.RECORDS_WRITE)
    # The operator holds the installation's capabilities, not a chamber's.
    assert has_capability(operator, Capability.CHAMBER_MERGE)
    assert has_capability(operator, Capability.SETTINGS_MANAGE)
    assert not has_capability(operator, Capability.RECORDS_READ)
    assert not has_capability(admin_a, Capability.CHAMBER_MERGE)


@pytest.mark.django_db
def test_an_inactive_user_holds_nothing_but_the_public(advisor_a):
    advisor_a.is_active = False
    assert not has_capability(advisor_a, Capability.RECORDS_READ)
    assert has_capability(advisor_a, Capability.PUBLIC_REPORT)


def test_anonymous_holds_only_public_capabilities():
    anonymous = AnonymousUser()
    held = {c for c in Capability if has_capability(anonymous, c)}
    assert held == {Capability.PUBLIC, Capability.PUBLIC_REPORT}


def test_experts_see_none_of_the_chambers_evaluation():
    for capability in (
        Capability.EVALUATION_READ,
        Capability.EVALUATION_RECORDS,
        Capability.EVENTS_READ,
        Capability.COMMITTEE_MANAGE,
    ):
        assert Role.EXPERT not in roles_with(capability), capability


def test_committee_members_never_read_a_business():
    for capability in (Capability.RECORDS_READ, Capability.RECORDS_EXPORT):
        assert Role.COMMITTEE not in roles_with(capability)


def test_round_one_names_read_the_table():
    from bansou.accounts.models import RECORD_READERS, RECORD_WRITERS

    assert roles_with(Capability.RECORDS_WRITE) == RECORD_WRITERS
    assert RECORD_READERS == RECORD_WRITERS | {Role.EXPERT}
    assert capability_of(member_required(lambda r: HttpResponse())) == Capability.MEMBER
    assert capability_of(records_reader_required(lambda r: None)) == Capability.RECORDS_READ
    assert capability_of(records_writer_required(lambda r: None)) == Capability.RECORDS_WRITE
    from bansou.committee.permissions import committee_manager_required, committee_reader_required
    from bansou.motivation.access import questionnaire_editor_required

    assert capability_of(committee_reader_required(lambda r: None)) == Capability.EVALUATION_READ
    assert capability_of(committee_manager_required(lambda r: None)) == (
        Capability.COMMITTEE_MANAGE
    )
    assert capability_of(questionnaire_editor_required(lambda r: None)) == (
        Capability.QUESTIONNAIRE_EDIT
    )


@pytest.mark.django_db
def test_requires_redirects_anonymous_refuses_without_and_calls_with(committee_a, advisor_a):
    view = requires(Capability.RECORDS_READ)(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/businesses/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    request.user = committee_a
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = advisor_a
    assert view(request).content == b"ok"


def test_public_views_need_nobody():
    view = public(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/healthz/")
    request.user = AnonymousUser()
    assert view(request).content == b"ok"
    assert capability_of(view) == Capability.PUBLIC


@pytest.mark.django_db
def test_templates_ask_the_table(expert_a, advisor_a):
    template = Template('{% load permissions %}{% if user|can:"events_read" %}yes{% endif %}')
    assert template.render(Context({"user": advisor_a})) == "yes"
    assert template.render(Context({"user": expert_a})) == ""
    assert template.render(Context({"user": AnonymousUser()})) == ""
