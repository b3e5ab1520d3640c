"""Operations on partners, referrals, dispatch cases and visits.

Each runs in one transaction with its audit entry; a refusal raises DomainError (a Japanese
message) before anything is written.
"""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.lib.formatting import wareki_date

from . import rules
from .models import (
    CaseStatus,
    DispatchCase,
    DispatchProgramme,
    DispatchVisit,
    Expert,
    Partner,
    PartnerContact,
    Referral,
    ReferralStatus,
    VisitStatus,
)

PARTNER_FIELDS = ("name", "kind", "joined_on", "is_active", "note")
CONTACT_FIELDS = ("partner", "name", "title", "phone", "email")
EXPERT_FIELDS = ("name", "kind", "specialty", "specialty_detail", "partner", "user", "is_active")
REFERRAL_FIELDS = ("partner", "business", "partner_contact", "need", "referred_on", "staff")
REFERRAL_DECISION_FIELDS = ("status", "decided_on", "decline_reason", "staff")
CASE_FIELDS = (
    "business",
    "need",
    "opened_on",
    "coordinator",
    "staff",
    "expert",
    "programme",
    "next_step",
    "next_step_on",
)
CLOSE_FIELDS = ("status", "outcome", "outcome_note", "closed_on")
VISIT_FIELDS = ("number", "programme", "visited_on", "expert", "staff", "status")
REPORT_FIELDS = (
    "visited_on",
    "staff",
    "status",
    "work_done",
    "report",
    "report_file_name",
    "analysis",
    "business_plan",
)


def ensure_programmes(organization) -> list[DispatchProgramme]:
    """The chamber's dispatch menus, created with the plan's defaults on first use."""
    existing = list(DispatchProgramme.objects.filter(organization=organization))
    if existing:
        return existing
    return DispatchProgramme.objects.bulk_create(
        DispatchProgramme(
            organization=organization,
            code=code,
            name=name,
            max_visits=cap,
            description=description,
            sort_order=i,
        )
        for i, (code, name, cap, description) in enumerate(rules.DEFAULT_PROGRAMMES)
    )


PROGRAMME_FIELDS = ("name", "max_visits", "description", "is_active", "sort_order")


@transaction.atomic
def update_programme(programme: DispatchProgramme, *, actor) -> DispatchProgramme:
    before = snapshot(DispatchProgramme.objects.get(pk=programme.pk), PROGRAMME_FIELDS)
    clash = DispatchProgramme.objects.filter(
        organization=programme.organization_id, name=programme.name
    )
    if clash.exclude(pk=programme.pk).exists():
        raise DomainError(_("A programme with this name already exists."), code="duplicate")
    programme.save()
    changes = diff(programme, before, snapshot(programme, PROGRAMME_FIELDS))
    if changes:
        log_action(programme, "partners.programme.updated", actor, changes)
    return programme


def _same_chamber(obj, organization_id: int, message: str) -> None:
    if obj is not None and obj.organization_id != organization_id:
        raise DomainError(message, code="other_chamber")


def _check_expert(expert: Expert | None, organization_id: int) -> None:
    _same_chamber(expert, organization_id, _("The expert belongs to another chamber."))
    if expert is not None and not expert.is_active:
        raise DomainError(_("%(name)s is no longer active.") % {"name": expert.name})


def _check_user(user, organization_id: int) -> None:
    if user is not None and user.organization_id != organization_id:
        raise DomainError(_("The staff member belongs to another chamber."), code="other_chamber")


# Partners, contacts and experts ----------------------------------------------------------


def _check_partner_name(partner: Partner) -> None:
    clash = Partner.objects.filter(organization=partner.organization_id, name=partner.name)
    if clash.exclude(pk=partner.pk).exists():
        raise DomainError(_("A partner with this name is already registered."), code="duplicate")


@transaction.atomic
def save_partner(partner: Partner, *, actor) -> Partner:
    adding = partner._state.adding
    before = {} if adding else snapshot(Partner.objects.get(pk=partner.pk), PARTNER_FIELDS)
    _check_partner_name(partner)
    partner.save()
    changes = diff(partner, before, snapshot(partner, PARTNER_FIELDS))
    if changes:
        action = "created" if adding else "updated"
        log_action(partner, f"partners.partner.{action}", actor, changes)
    return partner


@transaction.atomic
def add_contact(contact: PartnerContact, *, actor) -> PartnerContact:
    _same_chamber(
        contact.partner, contact.organization_id, _("The partner belongs to another chamber.")
    )
    contact.save()
    log_action(
        contact,
        "partners.partnercontact.created",
        actor,
        diff(contact, {}, snapshot(contact, CONTACT_FIELDS)),
    )
    return contact


@transaction.atomic
def save_expert(expert: Expert, *, actor) -> Expert:
    adding = expert._state.adding
    before = {} if adding else snapshot(Expert.objects.get(pk=expert.pk), EXPERT_FIELDS)
    _same_chamber(
        expert.partner, expert.organization_id, _("The partner belongs to another chamber.")
    )
    _check_user(expert.user, expert.organization_id)
    expert.save()
    changes = diff(expert, before, snapshot(expert, EXPERT_FIELDS))
    if changes:
        log_action(expert, f"partners.expert.{'created' if adding else 'updated'}", actor, changes)
    return expert


# Referrals and cases -----------------------------------------------------------------------


@transaction.atomic
def receive_referral(referral: Referral, *, actor) -> Referral:
    """Register a partner's request; the business's facts are captured now (records.py)."""
    _same_chamber(
        referral.partner,
        referral.business.organization_id,
        _("The partner belongs to another chamber."),
    )
    referral.status = ReferralStatus.RECEIVED
    referral.capture_business_facts()
    referral.save()
    log_action(
        referral,
        "partners.referral.created",
        actor,
        diff(referral, {}, snapshot(referral, REFERRAL_FIELDS)),
    )
    return referral


def _locked_referral(referral: Referral) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != ReferralStatus.RECEIVED:
        raise DomainError(
            _("This request has already been %(status)s.")
            % {"status": locked.get_status_display()},
            code="decided",
        )
    return locked


@transaction.atomic
def accept_referral(referral: Referral, case: DispatchCase, *, actor) -> DispatchCase:
    """The coordinator accepts a request: a case opens with its staff, expert and programme."""
    # Raise the referral's version first: of two coordinators accepting at once, one waits here.
    Referral.objects.filter(pk=referral.pk).update(lock_version=F("lock_version") + 1)
    stored = _locked_referral(referral)
    organization_id = stored.organization_id
    _check_expert(case.expert, organization_id)
    _same_chamber(case.programme, organization_id, _("The programme belongs to another chamber."))
    _check_user(case.staff, organization_id)
    _check_user(case.coordinator, organization_id)
    if case.opened_on < stored.referred_on:
        raise DomainError(
            _("The case cannot open before the request was received (%(day)s).")
            % {"day": wareki_date(stored.referred_on)},
            code="before_request",
        )
    before = snapshot(stored, REFERRAL_DECISION_FIELDS)
    stored.status = ReferralStatus.ACCEPTED
    stored.decided_on = case.opened_on
    stored.staff = case.staff
    stored.save()
    log_action(
        stored,
        "partners.referral.updated",
        actor,
        diff(stored, before, snapshot(stored, REFERRAL_DECISION_FIELDS)),
    )
    case.organization_id = organization_id
    case.referral = stored
    case.business_id = stored.business_id
    case.save()
    log_action(
        case, "partners.dispatchcase.created", actor, diff(case, {}, snapshot(case, CASE_FIELDS))
    )
    return case


@transaction.atomic
def decline_referral(referral: Referral, *, reason: str, on: date, actor) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(lock_version=F("lock_version") + 1)
    stored = _locked_referral(referral)
    before = snapshot(stored, REFERRAL_DECISION_FIELDS)
    stored.status = ReferralStatus.DECLINED
    stored.decided_on = on
    stored.decline_reason = reason
    stored.save()
    log_action(
        stored,
        "partners.referral.updated",
        actor,
        diff(stored, before, snapshot(stored, REFERRAL_DECISION_FIELDS)),
    )
    return stored


def _programme_numbers(case: DispatchCase) -> list[int]:
    return list(DispatchVisit.objects.filter(case=case.pk).values_list("number", flat=True))


@transaction.atomic
def update_case(case: DispatchCase, *, actor) -> DispatchCase:
    """Assign staff and expert, move to another programme, set the next step."""
    stored = DispatchCase.objects.select_related(
        "business", "coordinator", "staff", "expert", "programme"
    ).get(organization=case.organization_id, pk=case.pk)
    _check_expert(case.expert, case.organization_id) if case.expert_id != stored.expert_id else None
    _check_user(case.staff, case.organization_id)
    _same_chamber(
        case.programme, case.organization_id, _("The programme belongs to another chamber.")
    )
    if case.programme_id and case.programme_id != stored.programme_id:
        numbers = _programme_numbers(case)
        booked = max([n for n in numbers if n != rules.PRE_HEARING], default=0)
        refusal = rules.check_programme_change(
            booked=booked, programme_name=case.programme.name, cap=case.programme.max_visits
        )
        if refusal:
            raise DomainError(refusal.message, code=refusal.code)
    before = snapshot(stored, CASE_FIELDS)
    case.save()
    changes = diff(case, before, snapshot(case, CASE_FIELDS))
    if changes:
        log_action(case, "partners.dispatchcase.updated", actor, changes)
    return case


@transaction.atomic
def close_case(case: DispatchCase, *, actor) -> DispatchCase:
    if case.closed_on and case.closed_on < case.opened_on:
        raise DomainError(
            _("The case cannot close before it was opened (%(day)s).")
            % {"day": wareki_date(case.opened_on)},
            code="before_open",
        )
    before = snapshot(DispatchCase.objects.get(pk=case.pk), CLOSE_FIELDS)
    case.status = CaseStatus.CLOSED
    case.save()
    log_action(
        case,
        "partners.dispatchcase.closed",
        actor,
        diff(case, before, snapshot(case, CLOSE_FIELDS)),
    )
    return case


# Visits -------------------------------------------------------------------------------------


def _before_counting() -> None:
    """A hook between locking the case and counting its visits (tests widen the race here)."""


@transaction.atomic
def book_visit(
    case: DispatchCase,
    *,
    visited_on: date,
    staff,
    expert: Expert | None = None,
    pre_hearing: bool = False,
    actor,
) -> DispatchVisit:
    """Book the case's pre-hearing or its next programme visit, within the programme's cap.

    Two bookings of one case must not both pass the cap: the first statement raises the case's
    `bookings` counter, which takes the row's lock on PostgreSQL and the database's write lock
    on SQLite, so the second booking counts only after the first has committed.
    """
    DispatchCase.objects.filter(organization=case.organization_id, pk=case.pk).update(
        bookings=F("bookings") + 1
    )
    locked = (
        DispatchCase.objects.select_for_update(of=("self",))
        .select_related("programme", "business__district")
        .get(pk=case.pk)
    )
    _before_counting()
    if not pre_hearing:
        expert = expert or locked.expert
        _check_expert(expert, locked.organization_id)
        if expert is None:
            raise DomainError(_("Assign an expert to the case first."), code="no_expert")
    else:
        _same_chamber(expert, locked.organization_id, _("The expert belongs to another chamber."))
    _check_user(staff, locked.organization_id)
    numbers = _programme_numbers(locked)
    programme = locked.programme
    refusal = rules.check_booking(
        pre_hearing=pre_hearing,
        numbers=numbers,
        programme_name=programme.name if programme else None,
        cap=programme.max_visits if programme else None,
        visited_on=visited_on,
        opened_on=locked.opened_on,
        case_open=locked.status == CaseStatus.OPEN,
    )
    if refusal:
        raise DomainError(refusal.message, code=refusal.code)
    visit = DispatchVisit(
        case=locked,
        business=locked.business,
        number=rules.PRE_HEARING if pre_hearing else rules.next_programme_visit(numbers),
        programme=None if pre_hearing else programme,
        visited_on=visited_on,
        expert=expert,
        staff=staff,
        status=VisitStatus.BOOKED,
    )
    visit.capture_business_facts()
    visit.save()
    log_action(
        visit,
        "partners.dispatchvisit.created",
        actor,
        diff(visit, {}, snapshot(visit, VISIT_FIELDS)),
    )
    return visit


@transaction.atomic
def cancel_visit(visit: DispatchVisit, *, actor) -> None:
    """Cancel a booked visit: only the case's last one, so the numbers stay without gaps."""
    DispatchCase.objects.filter(organization=visit.organization_id, pk=visit.case_id).update(
        bookings=F("bookings") + 1
    )
    stored = DispatchVisit.objects.get(organization=visit.organization_id, pk=visit.pk)
    if stored.status != VisitStatus.BOOKED:
        raise DomainError(_("A visit that took place cannot be cancelled."), code="done")
    later = DispatchVisit.objects.filter(case=stored.case_id, number__gt=stored.number)
    if stored.number != rules.PRE_HEARING and later.exists():
        raise DomainError(
            _("Cancel the later visits first: visit numbers stay without gaps."), code="later"
        )
    if (
        stored.number == rules.PRE_HEARING
        and DispatchVisit.objects.filter(case=stored.case_id, number__gt=0).exists()
    ):
        raise DomainError(
            _("The case already has expert visits: its pre-hearing stays."), code="later"
        )
    log_action(
        stored,
        "partners.dispatchvisit.deleted",
        actor,
        diff(stored, snapshot(stored, VISIT_FIELDS), {}),
    )
    stored.delete()


@transaction.atomic
def record_visit(visit: DispatchVisit, *, actor) -> DispatchVisit:
    """Write what was done and the expert's report (the visit is then done)."""
    stored = DispatchVisit.objects.select_related("case", "staff", "analysis", "business_plan").get(
        organization=visit.organization_id, pk=visit.pk
    )
    if visit.visited_on < stored.case.opened_on:
        raise DomainError(
            _("The visit date is before the case was opened (%(day)s).")
            % {"day": wareki_date(stored.case.opened_on)},
            code="before_open",
        )
    for linked, label in ((visit.analysis, _("analysis")), (visit.business_plan, _("plan"))):
        if linked is not None and linked.business_id != visit.business_id:
            raise DomainError(
                _("The linked %(what)s is about another business.") % {"what": label},
                code="other_business",
            )
    _check_user(visit.staff, visit.organization_id)
    before = snapshot(stored, REPORT_FIELDS)
    visit.save()
    changes = diff(visit, before, snapshot(visit, REPORT_FIELDS))
    if changes:
        log_action(visit, "partners.dispatchvisit.updated", actor, changes)
    return visit
