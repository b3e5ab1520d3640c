"""Shows a stored audit value the way the rest of the interface shows it."""

import re
from datetime import date

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.lib.eras import format_wareki

register = template.Library()
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@register.filter
def audit_value(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, str) and _ISO_DATE.match(value):
        return format_wareki(date.fromisoformat(value))
    return str(value)


VERBS = {
    "created": gettext_lazy("registered"),
    "updated": gettext_lazy("changed"),
    "completed": gettext_lazy("completed"),
    "approved": gettext_lazy("approved"),
    "deleted": gettext_lazy("deleted"),
}


@register.filter
def audit_verb(verb: str) -> str:
    """The action of an entry in words ("businesses.business.updated" ends in "updated")."""
    return str(VERBS.get(verb, verb))
