"""「ご報告のお願い」 in bulk: one letter for every plan whose six-monthly report is overdue.

A business with an e-mail address on file receives the e-mail version; the others are pages
of one PDF to print, the address placed for a 長形3号 window envelope. Each letter is recorded
on its plan (ReportRequest). Run as a background job; a cancelled run records and sends nothing
(the e-mails leave only once the records are stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.business_plans.models import BusinessPlan
from bansou.followups import rules
from bansou.followups.services import REPORT_REPLY_DAYS
from bansou.followups.services import ReportRequest as FollowUpRequest
from bansou.jobs.registry import Outcome, Unit, handler

from .models import LetterChannel, ReportRequest

LETTERS = "reminders.letters"


@dataclass
class Letter:
    plan: BusinessPlan
    request: object  # followups.services.ReportRequest

    @property
    def email(self) -> str:
        return self.plan.business.email


def overdue_letters(user, today: date) -> list[Letter]:
    """Plans the user may write to whose report is overdue (next_report_due before today) and
    not yet asked for: one letter each. Plans whose due period was already asked for are left
    out (the plan page shows when)."""
    plans = (
        BusinessPlan.objects.for_user(user)
        .followed()
        .filter(next_report_due__lt=today)
        .select_related("business", "staff")
        .prefetch_related("reports", "report_requests")
        .order_by("business__postal_code", "business__name_kana", "pk")
    )
    letters = []
    for plan in plans:  # three queries in all (the plans and their prefetched rows)
        request = _due_request(plan, today)
        if request is None:
            continue
        asked = {r.period_number for r in plan.report_requests.all()}
        if request.period.number in asked:
            continue
        letters.append(Letter(plan, request))
    return letters


def _due_request(plan: BusinessPlan, today: date) -> FollowUpRequest | None:
    """followups.services.report_request on prefetched reports: the period due and not
    reported, and the day to reply by (None: nothing to ask)."""
    if plan.completed_on is None:
        return None
    period = rules.latest_due_period(plan.completed_on, today)
    if period is None:
        return None
    for report in plan.reports.all():
        if rules.period_of_report(plan.completed_on, report.reported_on) == period:
            return None
    reply_by = max(today, period.due) + timedelta(days=REPORT_REPLY_DAYS)
    return FollowUpRequest(period=period, reply_by=reply_by)


def render_pdf(letters: list[Letter], organization, today: date) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reminders/letters_pdf.html",
        {"letters": letters, "organization": organization, "today": today},
    )
    return HTML(string=html).write_pdf()


def email_text(letter: Letter, organization, today: date) -> tuple[str, str]:
    subject = _("Request for the six-month report on your business plan")
    body = render_to_string(
        "reminders/letter_email.txt",
        {"letter": letter, "plan": letter.plan, "organization": organization, "today": today},
    )
    return f"[{organization.name}] {subject}", body


@handler(LETTERS, unit=Unit.LETTERS)
def send_letters(job, progress) -> Outcome:
    today = date.fromisoformat(job.params["today"]) if job.params.get("today") else None
    today = today or timezone.localdate()
    letters = overdue_letters(job.user, today)
    progress.update(0, len(letters))
    printed, mailed = [], []
    with transaction.atomic():
        for number, letter in enumerate(letters, start=1):
            channel = LetterChannel.EMAIL if letter.email else LetterChannel.PRINT
            ReportRequest.objects.create(
                organization=job.organization,
                plan=letter.plan,
                period_number=letter.request.period.number,
                period_start=letter.request.period.start,
                period_end=letter.request.period.end,
                reply_by=letter.request.reply_by,
                channel=channel,
                email=letter.email,
                sent_on=today,
                sent_by=job.user,
                job=job,
            )
            (mailed if letter.email else printed).append(letter)
            progress.update(number, len(letters))
        content = render_pdf(printed, job.organization, today) if printed else None
        progress.check()  # the last chance to stop: nothing is recorded or sent
        messages = [email_text(letter, job.organization, today) for letter in mailed]
        addresses = [letter.email for letter in mailed]
        transaction.on_commit(lambda: _send(messages, addresses))
    if not letters:
        message = _("No plan has an overdue report that was not asked for yet.")
    else:
        message = _("%(printed)s letters to print, %(mailed)s sent by e-mail.") % {
            "printed": len(printed),
            "mailed": len(mailed),
        }
    return Outcome(
        message=message,
        content=content,
        file_name=f"report-requests-{today.isoformat()}.pdf" if content else "",
    )


def _send(messages: list[tuple[str, str]], addresses: list[str]) -> None:
    for (subject, body), address in zip(messages, addresses, strict=True):
        send_mail(subject, body, None, [address])
