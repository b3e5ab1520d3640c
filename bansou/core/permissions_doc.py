"""docs/permissions.md: the permissions table and the URLs each capability guards, as Markdown."""

from collections import defaultdict

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from .permissions import HOLDER_LABELS, HOLDERS, Capability, capability_of, rows

# Capabilities that decide which rows a screen shows rather than which screens open.
NO_URL = {
    Capability.RECORDS_READ_ALL: "- No URL of its own: without it, every list and page of "
    "records shows only the businesses assigned to the user (`Business.objects.for_user`).",
}
YES = "○"
NO = "—"


def guarded_urls() -> dict[Capability, list[tuple[str, str]]]:
    """(URL name, route) of every named URL, by the capability its view records."""
    found: dict[Capability, list[tuple[str, str]]] = defaultdict(list)

    def walk(patterns, namespace: str | None, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                joined = f"{namespace}:{ns}" if namespace and ns != namespace else ns
                walk(pattern.url_patterns, joined, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                capability = capability_of(pattern.callback)
                if capability is not None and name not in {n for n, _r in found[capability]}:
                    found[capability].append((name, route))

    walk(get_resolver().url_patterns, None, "/")
    return {c: sorted(urls) for c, urls in found.items()}


def _both(label) -> tuple[str, str]:
    with translation.override("ja"):
        ja = str(label)
    with translation.override("en"):
        en = str(label)
    return ja, en


def render() -> str:
    lines = [
        "# 権限表 / Permissions",
        "",
        "<!-- Generated from bansou/core/permissions.py by "
        "`bansou permissions_table --output docs/permissions.md`; do not edit by hand: "
        "bansou/core/tests/test_permissions.py fails when this file differs. -->",
        "",
        "○: the role holds the capability (権限あり); —: it does not (権限なし). "
        "A role counts only inside its own chamber: another chamber's objects are not found "
        "(404), and an expert (専門家) reads only the businesses assigned to them.",
        "",
        "Without the capability a signed-in user gets 403 and an anonymous visitor the sign-in "
        "page. The admin site (`/admin/`, `settings_manage`) answers both with a redirect to "
        "its own sign-in page, which tells a signed-in user they are not allowed; a chamber's "
        "administrator finds only their own chamber's rows there (another chamber's: 404).",
        "",
    ]
    header = ["できること / Capability"]
    for holder in HOLDERS:
        ja, en = _both(HOLDER_LABELS[holder])
        header.append(f"{ja}<br>{en}")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for row in rows():
        ja, en = _both(row.capability.label)
        cells = [f"{ja}<br>{en} (`{row.capability.value}`)"]
        cells += [YES if mark else NO for mark in row.marks]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## URLs by capability / 機能ごとのURL", ""]
    guarded = guarded_urls()
    for capability in Capability:
        ja, en = _both(capability.label)
        lines += [f"### `{capability.value}`: {ja} / {en}", ""]
        urls = guarded.get(capability, [])
        lines += [f"- `{name}` `{route}`" for name, route in urls] or [
            NO_URL.get(capability, "- —")
        ]
        lines.append("")
    return "\n".join(lines)
