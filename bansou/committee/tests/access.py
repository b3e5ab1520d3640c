"""Access decisions for the committee: members and advisors read, lead advisors and admins run.

The expert is an outsider dispatched to one business and sees none of the evaluation;
advisor_b (another chamber) gets 404 on chamber A's meetings, and 403 on every write because
an advisor may not run a meeting in any chamber.
"""

import itertools

from django.urls import reverse

from bansou.committee import services
from bansou.committee.models import CommitteeMember, Opinion
from bansou.testing import CHAMBER_OBJECT

_codes = itertools.count(1)

OBJECTS = {
    "committee:meeting_detail": CHAMBER_OBJECT,
    "committee:meeting_edit": CHAMBER_OBJECT,
    "committee:meeting_close": CHAMBER_OBJECT,
    "committee:meeting_reopen": CHAMBER_OBJECT,
    "committee:member_add": CHAMBER_OBJECT,
    "committee:member_delete": CHAMBER_OBJECT,
    "committee:opinion_add": CHAMBER_OBJECT,
    "committee:opinion_delete": CHAMBER_OBJECT,
    "committee:decision_save": CHAMBER_OBJECT,
    "committee:decision_delete": CHAMBER_OBJECT,
    "committee:report_xlsx": CHAMBER_OBJECT,
    "committee:report_pdf": CHAMBER_OBJECT,
    "committee:draft_report": CHAMBER_OBJECT,
}

POST_ONLY = {
    "committee:meeting_close",
    "committee:meeting_reopen",
    "committee:member_add",
    "committee:member_delete",
    "committee:opinion_add",
    "committee:opinion_delete",
    "committee:decision_save",
    "committee:decision_delete",
}

POST = {
    "committee:meeting_close": {},
    "committee:meeting_reopen": {},
    "committee:member_add": {},
    "committee:member_delete": {},
    "committee:opinion_add": {},
    "committee:opinion_delete": {},
    "committee:decision_save": {},
    "committee:decision_delete": {},
}

GET = {
    # advisor_b's chamber has no plan for FY2024: there is nothing to download.
    "committee:progress_xlsx": {"advisor_b": 404},
    "committee:survey_export": {"advisor_b": 404},
}


def _meeting(request, *, closed: bool = False):
    from bansou.committee.tests.conftest import make_meeting
    from bansou.committee.tests.plans import build_seed_plan

    admin = request.getfixturevalue("admin_a")
    plan = build_seed_plan(admin.organization, admin, code=f"access-{next(_codes)}")
    meeting = make_meeting(plan, admin)
    if closed:
        services.close_meeting(meeting, actor=admin)
    return meeting, admin


def urls(request) -> dict[str, str]:
    meeting, admin = _meeting(request)
    closed, _admin = _meeting(request, closed=True)
    member = services.add_member(
        CommitteeMember(meeting=meeting, title="委員長", name="小原一郎"), actor=admin
    )
    opinion = services.add_opinion(Opinion(meeting=meeting, text="意見"), actor=admin)
    services.decide_grade(meeting, section_number=1, decided_grade="A", reason="", actor=admin)
    pk = {"pk": meeting.pk}
    section = {"pk": meeting.pk, "section_number": 1}
    year = "?fy=2024&month=3"
    return {
        "committee:meeting_detail": reverse("committee:meeting_detail", kwargs=pk),
        "committee:meeting_edit": reverse("committee:meeting_edit", kwargs=pk),
        "committee:meeting_close": reverse("committee:meeting_close", kwargs=pk),
        "committee:meeting_reopen": reverse("committee:meeting_reopen", kwargs={"pk": closed.pk}),
        "committee:member_add": reverse("committee:member_add", kwargs=pk),
        "committee:member_delete": reverse(
            "committee:member_delete", kwargs={"pk": meeting.pk, "member_pk": member.pk}
        ),
        "committee:opinion_add": reverse("committee:opinion_add", kwargs=pk),
        "committee:opinion_delete": reverse(
            "committee:opinion_delete", kwargs={"pk": meeting.pk, "opinion_pk": opinion.pk}
        ),
        "committee:decision_save": reverse("committee:decision_save", kwargs=section),
        "committee:decision_delete": reverse("committee:decision_delete", kwargs=section),
        "committee:report_xlsx": reverse("committee:report_xlsx", kwargs=pk),
        "committee:report_pdf": reverse("committee:report_pdf", kwargs=pk),
        "committee:draft_report": reverse(
            "committee:draft_report",
            kwargs={"plan_pk": meeting.plan_id, "fiscal_year": 2024, "file_format": "xlsx"},
        ),
        "committee:public": reverse(
            "committee:public", kwargs={"org_slug": closed.organization.slug, "fiscal_year": 2024}
        ),
        "committee:progress": reverse("committee:progress") + year,
        "committee:progress_xlsx": reverse("committee:progress_xlsx") + year,
        "committee:survey_export": reverse("committee:survey_export") + year,
    }
