"""Test helper: what a browser would send from a page's form, read from the page's HTML."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._fields = []
        elif self._fields is None:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if "name" not in a or kind in {"submit", "button", "reset", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self._fields.append((a["name"], a.get("value") or default))
        elif tag == "select" and "name" in a:
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and "name" in a:
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self._fields.append(
                (self._textarea["name"], text[1:] if text.startswith("\n") else text)
            )
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self._fields.append((self._select["name"], value))
            self._select = None
        elif tag == "form" and self._fields is not None:
            self.forms.append(self._fields)
            self._fields = None


def form_on_page(html: str, *, containing: str = "lock_version") -> dict[str, list[str]]:
    """The fields of the page's form that has a field named `containing` (or ending in it)."""
    reader = _FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(name == containing or name.endswith(f"-{containing}") for name, _v in fields):
            data: dict[str, list[str]] = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no form with a field {containing!r} on the page")
