"""What an action code means in words: "businesses.business.updated" → 事業者を変更.

Actions end in a verb; the object comes from the entry's model (target_type). Actions about no
object (a login) have their own label. Every code the product writes is listed in ACTIONS so
that the audit page can offer it as a filter; a test checks the source for codes not listed.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# The last part of an action code, as a Japanese verb noun (事業者を「変更」).
VERBS = {
    "created": _("register"),
    "updated": _("change"),
    "deleted": _("delete"),
    "completed": _("complete"),
    "approved": _("approve"),
    "merged": _("merge"),
    "closed": _("close"),
    "reopened": _("reopen"),
    "imported": _("import"),
    "exported": _("download"),
    "viewed": _("view"),
    "rescheduled": _("reschedule"),
    "versioned": _("revise"),
    "updated_after_publication": _("change after the report was published"),
    "chosen": _("choose"),
    "territory_changed": _("change the territory of"),
    "committed": _("finish importing"),
    "discarded": _("discard"),
    "purged": _("delete after the retention period"),
    "missing_businesses_accepted": _("register the missing businesses of"),
    "password_set": _("set the password of"),
    "started": _("start"),
    "cancelled": _("cancel"),
    "sent": _("send to vendors"),
    "declined": _("record that none was chosen for"),
    "quality_checked": _("record the quality check of"),
    "followed_up": _("record the follow-up of"),
    "withdrawn": _("withdraw"),
}

# Whole actions whose words do not follow "<object>を<verb>".
SPECIAL = {
    "accounts.user.logged_in": _("Login"),
    "accounts.user.logged_out": _("Logout"),
    "accounts.user.login_failed": _("Login failure"),
    "accounts.user.locked_out": _("Account locked"),
    "accounts.user.lockout_lifted": _("Account lock lifted"),
    "accounts.user.second_factor_enabled": _("Two-step verification turned on"),
    "accounts.user.second_factor_disabled": _("Two-step verification turned off"),
    "accounts.user.backup_codes_replaced": _("New backup codes"),
    "accounts.user.password_changed": _("Own password change"),
    "audit.auditentry.purged": _("Audit log retention"),
    "dataio.backup.exported": _("Database backup"),
    "core.list.exported": _("List download"),
    "api.token.created": _("API token issued"),
    "api.token.revoked": _("API token revoked"),
    "api.records.read": _("Read through the API"),
    "selfreports.link.submitted": _("Six-month report sent by the business through its link"),
    "selfreports.link.confirmed": _("Six-month report sent by the business confirmed"),
    "demand.survey.feedback": _("Demand survey feedback recorded"),
    "demand.survey.plans": _("Plans citing a demand survey changed"),
    "demand.survey.status": _("Demand survey opened or closed"),
    "imise.judge.added": _("i-mise judge added"),
    "imise.judge.removed": _("i-mise judge removed"),
    "imise.judge.scored": _("i-mise judge's scores recorded"),
    "imise.season.confirmed": _("i-mise winners confirmed"),
    "imise.season.finalists": _("i-mise finalists chosen"),
    "surveys.panel.added": _("Business added to a survey panel"),
    "surveys.panel.removed": _("Business removed from a survey panel"),
    "surveys.round.links_sent": _("Survey response links e-mailed"),
    "surveys.round.published": _("Survey results published"),
    "surveys.round.unpublished": _("Survey results withdrawn from publication"),
}

# Codes written by services (the admin writes "<app>.<model>.created|updated|deleted" for
# every model it edits, and downloads "<app>.<model>.exported"; both are added at run time).
ACTIONS = (
    *SPECIAL,
    "accounts.user.password_set",
    "analysis.analysis.completed",
    "analysis.analysis.created",
    "analysis.analysis.updated",
    "business_plans.plan.approved",
    "business_plans.plan.completed",
    "business_plans.plan.created",
    "business_plans.plan.deleted",
    "business_plans.plan.updated",
    "businesses.business.created",
    "businesses.business.deleted",
    "businesses.business.merged",
    "businesses.business.updated",
    "businesses.business.viewed",
    "committee.decision.created",
    "committee.decision.deleted",
    "committee.decision.updated",
    "committee.meeting.closed",
    "committee.meeting.created",
    "committee.meeting.reopened",
    "committee.meeting.updated",
    "committee.member.created",
    "committee.member.deleted",
    "committee.opinion.created",
    "committee.opinion.deleted",
    "dxmatch.need.chosen",
    "dxmatch.need.created",
    "dxmatch.need.declined",
    "dxmatch.need.followed_up",
    "dxmatch.need.quality_checked",
    "dxmatch.need.sent",
    "dxmatch.need.updated",
    "dxmatch.need.withdrawn",
    "dxmatch.proposal.created",
    "dxmatch.proposal.updated",
    "dxmatch.vendor.created",
    "dxmatch.vendor.updated",
    "dataio.import.committed",
    "dataio.import.created",
    "dataio.import.discarded",
    "dataio.import.updated",
    "dataio.import.missing_businesses_accepted",
    "dataio.import.purged",
    "evaluation.grade_scale.updated",
    "evaluation.item_year.updated",
    "evaluation.manual_actual.created",
    "evaluation.manual_actual.deleted",
    "evaluation.manual_actual.updated",
    "evaluation.opening_figure.chosen",
    "evaluation.opening_figure.created",
    "evaluation.opening_figure.deleted",
    "evaluation.plan.imported",
    "evaluation.plan.updated",
    "events.event.created",
    "events.event.deleted",
    "events.event.updated",
    "events.participation.created",
    "events.participation.deleted",
    "events.participation.updated",
    "meetings.conference.created",
    "meetings.conference.deleted",
    "meetings.conference.updated",
    "meetings.conference.updated_after_publication",
    "meetings.guideversion.created",
    "meetings.meeting.created",
    "meetings.meeting.deleted",
    "meetings.meeting.updated",
    "meetings.meeting.updated_after_publication",
    "meetings.meetingfile.created",
    "meetings.ojtpair.created",
    "meetings.ojtpair.deleted",
    "meetings.ojtpair.updated",
    "meetings.ojtpair.updated_after_publication",
    "meetings.publication.created",
    "meetings.publication.deleted",
    "meetings.publication.updated",
    "meetings.publication.updated_after_publication",
    "meetings.reviewdecision.created",
    "meetings.reviewdecision.updated",
    "meetings.training.created",
    "meetings.training.deleted",
    "meetings.training.updated",
    "meetings.training.updated_after_publication",
    "followups.contact.created",
    "followups.plan.rescheduled",
    "followups.report.created",
    "followups.report.updated",
    "jobs.job.cancelled",
    "jobs.job.started",
    "motivation.check.created",
    "motivation.check.deleted",
    "motivation.check.updated",
    "motivation.questionnaire.versioned",
    "partners.dispatchcase.closed",
    "partners.dispatchcase.created",
    "partners.dispatchcase.updated",
    "partners.dispatchvisit.created",
    "partners.dispatchvisit.deleted",
    "partners.dispatchvisit.updated",
    "partners.expert.created",
    "partners.expert.updated",
    "partners.partner.created",
    "partners.partner.updated",
    "partners.partnercontact.created",
    "partners.programme.updated",
    "partners.referral.created",
    "partners.referral.updated",
    "organizations.district.territory_changed",
    "reminders.setting.updated",
    "organizations.organization.merged",
    "programmes.deal.created",
    "programmes.deal.deleted",
    "programmes.new_partner.created",
    "programmes.new_partner.deleted",
    "programmes.participation.created",
    "programmes.participation.deleted",
    "programmes.participation.updated",
    "programmes.programme.created",
    "programmes.programme.updated",
    "programmes.sales.imported",
    "programmes.sales.updated",
    "selfreports.link.created",
    "selfreports.link.updated",
    "support.record.created",
    "support.record.deleted",
    "support.record.updated",
    "surveys.response.created",
    "surveys.response.updated",
    "surveys.round.created",
    "surveys.round.updated",
    "demand.question.created",
    "demand.question.deleted",
    "demand.question.updated",
    "demand.response.created",
    "demand.response.deleted",
    "demand.survey.created",
    "demand.survey.updated",
    "imise.season.created",
    "imise.season.updated",
    "surveys.item.created",
    "surveys.item.deleted",
    "surveys.item.updated",
    "surveys.survey.created",
    "surveys.survey.updated",
    "vouchers.feedback.created",
    "vouchers.feedback.deleted",
)


# Action prefixes that name their model differently from its label.
PREFIX_MODELS = {
    "evaluation.grade_scale": "evaluation.evaluationsettings",
    "followups.plan": "business_plans.businessplan",
    "dataio.import": "dataio.importjob",
    "selfreports.link": "selfreports.reportlink",
    "partners.programme": "partners.dispatchprogramme",
}


def _model(label: str):
    """The model of a label, or of an action prefix ("support.record" → SupportRecord)."""
    label = PREFIX_MODELS.get(label, label)
    app_label, _dot, short = label.partition(".")
    if not short:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        pass
    try:
        models = apps.get_app_config(app_label).get_models()
    except LookupError:
        return None
    wanted = short.replace("_", "")
    found = [m for m in models if m._meta.model_name.endswith(wanted)]
    return found[0] if len(found) == 1 else None


def model_name(label: str) -> str:
    """The Japanese name of a model from its label ("businesses.business" → 事業者)."""
    model = _model(label) if label else None
    return str(model._meta.verbose_name) if model is not None else ""


def action_label(action: str, target_type: str = "") -> str:
    if action in SPECIAL:
        return str(SPECIAL[action])
    prefix, _dot, verb = action.rpartition(".")
    name = model_name(target_type) or model_name(prefix) or str(_("record"))
    words = VERBS.get(verb)
    if words is None:
        return str(_("%(object)s: other operation") % {"object": name})
    return str(_("%(verb)s %(object)s") % {"object": name, "verb": words})


def admin_actions() -> list[str]:
    """The codes the admin writes, for every model it edits."""
    from bansou.core.admin import site

    return [
        f"{model._meta.label_lower}.{verb}"
        for model in site._registry
        for verb in ("created", "updated", "deleted")
    ]


def action_choices() -> list[tuple[str, str]]:
    """Every known code with its words, sorted by the words (the audit page's filter)."""
    codes = {*ACTIONS, *admin_actions()}
    # Each model a list download can name.
    codes |= {
        f"{m._meta.label_lower}.exported"
        for m in apps.get_models()
        if m.__module__.startswith("bansou.")
    }
    labelled = {code: action_label(code, code.rpartition(".")[0]) for code in codes}
    return sorted(labelled.items(), key=lambda item: (item[1], item[0]))
