"""Meeting services: the frozen snapshot, overrides need a reason, reopening is logged."""

from datetime import date

import pytest

from bansou.audit.models import AuditEntry
from bansou.committee import services
from bansou.committee.models import CommitteeMember, GradeDecision, Opinion, Snapshot
from bansou.committee.outputs import render_xlsx
from bansou.committee.reports import meeting_report
from bansou.core.errors import DomainError
from bansou.evaluation.models import ManualActual, PlanItem

from .conftest import make_meeting
from .plans import FY

pytestmark = pytest.mark.django_db


def section(report, number):
    return next(s for s in report["sections"] if s["number"] == number)


def add_actual(plan, title, value, user):
    item = PlanItem.objects.get(plan=plan, title=title)
    ManualActual.objects.create(
        organization=plan.organization,
        item=item,
        fiscal_year=FY,
        recorded_on=date(2025, 3, 1),
        value=value,
        evidence="追加分",
        entered_by=user,
    )


def test_closing_freezes_the_report_against_later_record_edits(meeting_a, lead_a, plan_a):
    services.decide_grade(
        meeting_a, section_number=3, decided_grade="A", reason="統合の影響", actor=lead_a
    )
    frozen = services.close_meeting(meeting_a, actor=lead_a)
    stored = Snapshot.objects.get(meeting=meeting_a).result
    assert stored == frozen.result
    assert section(stored, 2)["percent"] == 80 and section(stored, 2)["grade"] == "B"
    assert section(stored, 3)["grade"] == "A" and section(stored, 3)["computed_grade"] == "B"
    assert stored["opinions"] == ["実施していない事業については目標件数を除外した評価とする。"]
    assert [m["name"] for m in stored["meeting"]["members"]] == ["小原一郎", "江原次郎"]
    workbook_before = render_xlsx(stored)

    # Records change after the meeting: 4 → 100 in section 2, and a member is renamed.
    add_actual(plan_a, "「MieNa」「RESAS」の各項目分析活用・掲載", 96, lead_a)
    CommitteeMember.objects.filter(meeting=meeting_a).update(name="別人")
    meeting_a.refresh_from_db()

    report, _parts = meeting_report(meeting_a)
    assert report == stored
    assert section(report, 2)["grade"] == "B"
    assert _same_cells(render_xlsx(report), workbook_before)
    # The live evaluation did change: the snapshot is what keeps the published report.
    assert services.current_grades(meeting_a)[2] == "A"


def _same_cells(one: bytes, other: bytes) -> bool:
    import io

    from openpyxl import load_workbook

    def cells(content):
        book = load_workbook(io.BytesIO(content))
        return [[c.value for row in ws.iter_rows() for c in row] for ws in book.worksheets]

    return cells(one) == cells(other)


def test_an_override_needs_a_reason_and_a_confirmation_does_not(meeting_a, lead_a):
    with pytest.raises(DomainError) as refused:
        services.decide_grade(
            meeting_a, section_number=3, decided_grade="A", reason="  ", actor=lead_a
        )
    assert refused.value.code == "reason"
    assert not GradeDecision.objects.exists()
    confirmed = services.decide_grade(
        meeting_a, section_number=3, decided_grade="B", reason="", actor=lead_a
    )
    assert not confirmed.is_override and confirmed.computed_grade == "B"
    changed = services.decide_grade(
        meeting_a, section_number=3, decided_grade="A", reason="統合の影響", actor=lead_a
    )
    assert changed.pk == confirmed.pk and changed.is_override
    actions = list(
        AuditEntry.objects.filter(action__startswith="committee.decision").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["committee.decision.created", "committee.decision.updated"]


def test_a_decision_on_a_grade_that_has_since_changed_blocks_closing(meeting_a, lead_a, plan_a):
    services.decide_grade(meeting_a, section_number=2, decided_grade="B", reason="", actor=lead_a)
    add_actual(plan_a, "「MieNa」「RESAS」の各項目分析活用・掲載", 96, lead_a)  # now A
    with pytest.raises(DomainError) as refused:
        services.close_meeting(meeting_a, actor=lead_a)
    assert refused.value.code == "stale_decision"
    meeting_a.refresh_from_db()
    assert not meeting_a.is_closed and not Snapshot.objects.exists()


def test_unknown_section_and_grade_are_refused(meeting_a, lead_a):
    with pytest.raises(DomainError):
        services.decide_grade(
            meeting_a, section_number=9, decided_grade="A", reason="x", actor=lead_a
        )
    with pytest.raises(DomainError):
        services.decide_grade(
            meeting_a, section_number=3, decided_grade="F", reason="x", actor=lead_a
        )
    with pytest.raises(DomainError):
        services.add_opinion(Opinion(meeting=meeting_a, section_number=9, text="?"), actor=lead_a)


def test_reopening_needs_a_reason_is_logged_and_closing_again_replaces_the_snapshot(
    closed_meeting_a, lead_a, plan_a
):
    meeting = closed_meeting_a
    with pytest.raises(DomainError):
        services.reopen_meeting(meeting, actor=lead_a, reason=" ")
    services.reopen_meeting(meeting, actor=lead_a, reason="委員から数値の誤りの指摘")
    meeting.refresh_from_db()
    assert not meeting.is_closed and meeting.closed_at is None
    entry = AuditEntry.objects.for_object(meeting).filter(action="committee.meeting.reopened").get()
    assert entry.actor == lead_a
    assert entry.changes["reason"]["new"] == "委員から数値の誤りの指摘"

    add_actual(plan_a, "「MieNa」「RESAS」の各項目分析活用・掲載", 96, lead_a)
    services.close_meeting(meeting, actor=lead_a)
    assert section(Snapshot.objects.get(meeting=meeting).result, 2)["grade"] == "A"
    closings = AuditEntry.objects.for_object(meeting).filter(action="committee.meeting.closed")
    assert closings.count() == 2


def test_a_closed_meeting_refuses_changes(closed_meeting_a, lead_a):
    meeting = closed_meeting_a
    with pytest.raises(DomainError):
        services.add_member(CommitteeMember(meeting=meeting, title="委員", name="x"), actor=lead_a)
    with pytest.raises(DomainError):
        services.add_opinion(Opinion(meeting=meeting, text="後から"), actor=lead_a)
    with pytest.raises(DomainError):
        services.decide_grade(
            meeting, section_number=3, decided_grade="A", reason="x", actor=lead_a
        )
    with pytest.raises(DomainError):
        services.close_meeting(meeting, actor=lead_a)


def test_one_meeting_per_plan_and_year_within_the_plan(meeting_a, lead_a, plan_a):
    with pytest.raises(DomainError) as duplicate:
        make_meeting(plan_a, lead_a)
    assert duplicate.value.code == "duplicate"
    with pytest.raises(DomainError) as outside:
        make_meeting(plan_a, lead_a, fiscal_year=2030)
    assert outside.value.code == "fiscal_year"


def test_members_and_opinions_are_audited(meeting_a, lead_a):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "committee.meeting.created",
        "committee.member.created",
        "committee.opinion.created",
    } <= actions
    member = meeting_a.members.first()
    services.delete_member(member, actor=lead_a)
    assert AuditEntry.objects.filter(action="committee.member.deleted").count() == 1


def test_a_meeting_has_one_chair(meeting_a, lead_a):
    with pytest.raises(DomainError, match="委員長はすでに登録されています"):
        services.add_member(
            CommitteeMember(meeting=meeting_a, title="担当副会頭", name="田中", is_chair=True),
            actor=lead_a,
        )
    assert meeting_a.members.filter(is_chair=True).count() == 1
