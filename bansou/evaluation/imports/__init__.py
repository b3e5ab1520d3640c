"""The evaluation's import kinds for bansou.dataio: manual actuals and the plan as a table."""

from __future__ import annotations

from django.utils.translation import gettext as _

from bansou.dataio.reading import FileProblem

from ..loaders import may_keep_plan


def refuse_unless_plan_keeper(run, *, actor_needed: bool) -> None:
    """Only those who keep the plan (lead advisor, administrator) import into it.

    The views ask the same (loaders.may_keep_plan). From the command line the actor is the
    --user given, or None; a kind that records who entered something needs one. The engine
    reports a FileProblem raised in begin() as one problem refusing the whole file, before
    any row is read, in the preview, the dry run and the commit alike.
    """
    actor = run.actor
    if actor is None:
        if actor_needed:
            raise FileProblem(
                _(
                    "Say who is importing: the entries are recorded as entered by that user "
                    "(bansou import … --user USERNAME)."
                )
            )
        return
    if actor.organization_id != run.organization.pk or not may_keep_plan(actor):
        raise FileProblem(
            _("Only the lead advisor or an administrator of the chamber imports into the plan.")
        )
