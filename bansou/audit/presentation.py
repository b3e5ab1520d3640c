"""How an entry reads on the audit page and in its download."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .templatetags.audit import audit_value


def actor_text(entry) -> str:
    """The user; for entries without one, who it was: the command line or a name tried."""
    if entry.actor is not None:
        return str(entry.actor)
    if entry.actor_name:
        return entry.actor_name
    if entry.ip_address is None:
        return _("(command line)")
    return _("(no user)")


def change_lines(entry) -> list[dict]:
    """Each change as label, old and new; other facts (an export's rows) as label and value."""
    lines = []
    for name, value in (entry.changes or {}).items():
        if isinstance(value, dict) and "label" in value and ("old" in value or "new" in value):
            lines.append(
                {
                    "label": value["label"],
                    "old": audit_value(value.get("old")),
                    "new": audit_value(value.get("new")),
                    "both": value.get("old") is not None,
                }
            )
        else:
            lines.append({"label": str(FACT_LABELS.get(name, name)), "value": _fact(value)})
    return lines


def _fact(value) -> str:
    if isinstance(value, dict):
        return "、".join(f"{k}={_fact(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return "、".join(_fact(v) for v in value)
    if isinstance(value, str) and value in FACT_VALUES:
        return str(FACT_VALUES[value])
    return audit_value(value)


def changes_text(entry) -> str:
    parts = []
    for line in change_lines(entry):
        if "value" in line:
            parts.append(f"{line['label']}: {line['value']}")
        else:
            parts.append(f"{line['label']}: {line['old']} → {line['new']}")
    return "\n".join(parts)


# Labels of the facts other than changes, and the words stored as codes in them.
FACT_LABELS = {
    "format": pgettext_lazy("audit", "file format"),
    "rows": pgettext_lazy("audit", "rows"),
    "filters": pgettext_lazy("audit", "filters"),
    "document": pgettext_lazy("audit", "document"),
    "via": pgettext_lazy("audit", "via"),
    "page": pgettext_lazy("audit", "page"),
    "file": pgettext_lazy("audit", "file"),
    "removed": pgettext_lazy("audit", "entries removed"),
    "before": pgettext_lazy("audit", "older than"),
    "dry_run": pgettext_lazy("audit", "dry run"),
}
FACT_VALUES = {
    "command line": pgettext_lazy("audit", "command line"),
    "diagnosis report": pgettext_lazy("audit", "diagnosis report"),
    "report request letter": pgettext_lazy("audit", "report request letter"),
    "support record": pgettext_lazy("audit", "support record"),
    "analysis": pgettext_lazy("audit", "business analysis"),
    "business plan": pgettext_lazy("audit", "business plan"),
    "motivation check": pgettext_lazy("audit", "motivation check"),
    "follow-up report": pgettext_lazy("audit", "follow-up report"),
}
