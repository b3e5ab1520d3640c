"""Access decisions for the committee: members and advisors read, lead advisors and admins run.

The expert is an outsider dispatched to one business and sees none of the evaluation;
advisor_b (another chamber) gets 404 on chamber A's meetings, and 403 on every write because
an advisor may not run a meeting in any chamber.
"""

import itertools

from django.urls import reverse

from bansou.committee import services
from bansou.committee.models import CommitteeMember, Opinion

LOGIN = 302
_codes = itertools.count(1)

MATRIX = {
    "committee:meeting_list": (LOGIN, 200, 200, 403, 200, 200),
    # The list names no business: committee members download it too.
    "committee:meeting_export": (LOGIN, 200, 200, 403, 200, 200),
    "committee:meeting_create": (LOGIN, 403, 403, 403, 200, 403),
    "committee:meeting_detail": (LOGIN, 200, 200, 403, 200, 404),
    "committee:meeting_edit": (LOGIN, 403, 403, 403, 200, 403),
    "committee:meeting_close": (LOGIN, 403, 403, 403, 405, 403),
    "committee:meeting_reopen": (LOGIN, 403, 403, 403, 405, 403),
    "committee:member_add": (LOGIN, 403, 403, 403, 405, 403),
    "committee:member_delete": (LOGIN, 403, 403, 403, 405, 403),
    "committee:opinion_add": (LOGIN, 403, 403, 403, 405, 403),
    "committee:opinion_delete": (LOGIN, 403, 403, 403, 405, 403),
    "committee:decision_save": (LOGIN, 403, 403, 403, 405, 403),
    "committee:decision_delete": (LOGIN, 403, 403, 403, 405, 403),
    "committee:report_xlsx": (LOGIN, 200, 200, 403, 200, 404),
    "committee:report_pdf": (LOGIN, 200, 200, 403, 200, 404),
    "committee:draft_report": (LOGIN, 200, 200, 403, 200, 404),
    # The published report needs no login; every persona sees the same page.
    "committee:public": (200, 200, 200, 200, 200, 200),
    "committee:progress": (LOGIN, 200, 200, 403, 200, 200),
    # advisor_b's chamber has no plan for FY2024: there is nothing to download.
    "committee:progress_xlsx": (LOGIN, 200, 200, 403, 200, 404),
    "committee:survey_export": (LOGIN, 200, 200, 403, 200, 404),
}
POST_MATRIX = {
    "committee:meeting_close": (LOGIN, 403, 403, 403, 302, 403),
    "committee:meeting_reopen": (LOGIN, 403, 403, 403, 302, 403),
    "committee:member_add": (LOGIN, 403, 403, 403, 302, 403),
    "committee:member_delete": (LOGIN, 403, 403, 403, 302, 403),
    "committee:opinion_add": (LOGIN, 403, 403, 403, 302, 403),
    "committee:opinion_delete": (LOGIN, 403, 403, 403, 302, 403),
    "committee:decision_save": (LOGIN, 403, 403, 403, 302, 403),
    "committee:decision_delete": (LOGIN, 403, 403, 403, 302, 403),
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
