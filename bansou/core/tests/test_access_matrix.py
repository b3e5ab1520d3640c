"""Every URL × persona has a decided answer, derived from the permissions table.

The decision lives on the view: every view is wrapped in `@requires(Capability.X)` or `@public`
(bansou/core/permissions.py), and the admin site records `SETTINGS_MANAGE` on its URLs. A URL
name whose view carries no capability fails `test_every_view_carries_a_capability`.

Personas: anonymous, the eight roles of chamber A (advisor_a, lead_advisor_a, coordinator_a,
staff_a, expert_a, committee_a, admin_a, and vendor_a: an IT vendor of the DX matching, who
reaches only its own pages and the needs sent to it), other_expert_a (an expert of chamber A
assigned to no business; expert_a is assigned to business_a), advisor_b (chamber B) and
operator (the superuser without a chamber). Expected answer of a GET (and of a POST, for
declared names):

- anonymous: the sign-in page (a redirect to accounts:login; admin URLs: to admin:login),
  or "ok" when the capability is public;
- a persona whose role lacks the capability: 403 (admin URLs: a redirect to admin:login, which
  is what Django's admin answers to a signed-in user it does not admit);
- a persona holding it: "ok" — any 2xx or a 3xx that is not a sign-in redirect — except that
  advisor_b gets 404 for an object of chamber A, and other_expert_a gets 404 for a record of
  the expert's assigned business.

Each app's `bansou/<app>/tests/access.py` holds only what cannot be derived (all optional):

    from bansou.testing import BUSINESS_OBJECT, CHAMBER_OBJECT

    def urls(request) -> dict[str, str]:   # URLs of names that need arguments or a query;
        ...                                # build objects with request.getfixturevalue(...)
    OBJECTS = {"app:detail": BUSINESS_OBJECT,      # the URL names a record of business_a
               "app:meeting": CHAMBER_OBJECT}      # ... or another object of chamber A
    POST_ONLY = {"app:delete"}             # GET answers 405 wherever it would be ok or 404
    POST = {"app:delete": {}}              # also POST to it (answers derived as for GET) ...
    POST = {"app:delete": {"lead_advisor_a": 403}}   # ... with declared exceptions
    GET = {"app:export": {"advisor_b": 404}}         # declared exceptions of the GET answers

A declared exception is a status code, or OK/LOGIN/ADMIN_LOGIN from this module; say why in a
comment. Converting an old `MATRIX` row: wrap the view in `@requires(...)`, move its URL into
`urls()`, list it in OBJECTS if advisor_b had 404, and declare only what still differs.
"""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from bansou.accounts.models import Role
from bansou.core.permissions import OPERATOR, PUBLIC, capability_of, holders
from bansou.testing import BUSINESS_OBJECT, login

PERSONAS = {
    "anonymous": PUBLIC,
    "advisor_a": Role.ADVISOR,
    "lead_advisor_a": Role.LEAD_ADVISOR,
    "coordinator_a": Role.COORDINATOR,
    "staff_a": Role.STAFF,
    "expert_a": Role.EXPERT,
    "other_expert_a": Role.EXPERT,
    "committee_a": Role.COMMITTEE,
    "admin_a": Role.ADMIN,
    "vendor_a": Role.VENDOR,
    "advisor_b": Role.ADVISOR,
    "operator": OPERATOR,
}
OK = "ok"
LOGIN = "login"
ADMIN_LOGIN = "admin login"


def access_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("bansou."):
            try:
                yield importlib.import_module(f"{config.name}.tests.access")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tests.access":
                    raise


def merged(attribute: str, empty):
    table = type(empty)()
    for module in access_modules():
        assert not hasattr(module, "MATRIX"), (
            f"{module.__name__} still has an old MATRIX: convert it (see this module's docstring)"
        )
        part = getattr(module, attribute, empty)
        overlap = set(table) & set(part)
        assert not overlap, f"declared twice: {overlap}"
        table |= part
    return table


OBJECTS: dict[str, str] = merged("OBJECTS", {})
POST_ONLY: set[str] = merged("POST_ONLY", set())
GET: dict[str, dict] = merged("GET", {})
POST: dict[str, dict] = merged("POST", {})


def url_views() -> dict[str, object]:
    """Every named URL and its view, walking the resolver (namespaces joined with ':')."""
    views: dict[str, object] = {}

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                prefix = f"{namespace}:" if namespace and ns != namespace else ""
                walk(pattern.url_patterns, f"{prefix}{ns}" if ns else None)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                views.setdefault(name, pattern.callback)

    walk(get_resolver().url_patterns, None)
    return views


URL_NAMES = sorted(url_views())


def test_every_view_carries_a_capability():
    undecided = sorted(name for name, view in url_views().items() if capability_of(view) is None)
    assert not undecided, f"wrap these views in @requires(...) or @public: {undecided}"


def test_declarations_name_real_urls():
    unknown = (set(OBJECTS) | POST_ONLY | set(GET) | set(POST)) - set(URL_NAMES)
    assert not unknown, f"access.py declares URL names that do not exist: {sorted(unknown)}"
    personas = {p for table in (GET, POST) for row in table.values() for p in row}
    assert personas <= set(PERSONAS), personas - set(PERSONAS)


def expected(name: str, persona: str, capability, method: str = "get"):
    """The answer the table implies for this persona (before declared exceptions)."""
    admin = name.startswith("admin:")
    granted = holders(capability)
    holds = PUBLIC in granted or PERSONAS[persona] in granted
    if not holds:
        if persona == "anonymous" or admin:
            return ADMIN_LOGIN if admin else LOGIN
        return 403
    scope = OBJECTS.get(name)
    answer = OK
    if scope and persona == "advisor_b":
        answer = 404
    elif scope == BUSINESS_OBJECT and persona == "other_expert_a":
        answer = 404
    if method == "get" and name in POST_ONLY:
        answer = 405
    return answer


def matches(want, response) -> bool:
    location = response.get("Location", "")
    login_redirect = response.status_code == 302 and (
        location.startswith(reverse("accounts:login"))
        or location.startswith(reverse("admin:login"))
    )
    if want == OK:
        return 200 <= response.status_code < 400 and not login_redirect
    if want == LOGIN:
        return response.status_code == 302 and location.startswith(reverse("accounts:login"))
    if want == ADMIN_LOGIN:
        return response.status_code == 302 and location.startswith(reverse("admin:login"))
    return response.status_code == want


def build_url(name: str, request) -> str:
    """The URL from the app's access.py (namespace = app), else core's (accounts, admin,
    Django's views), else reverse(name) without arguments."""
    namespace = name.split(":")[0] if ":" in name else "core"
    for app in dict.fromkeys((namespace, "core")):
        try:
            module = importlib.import_module(f"bansou.{app}.tests.access")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "urls") and name in (built := module.urls(request)):
            return built[name]
    return reverse(name)


def client_for(persona: str, request) -> Client:
    return Client() if persona == "anonymous" else login(request.getfixturevalue(persona))


def _described(response) -> str:
    location = response.get("Location")
    return f"{response.status_code} → {location}" if location else str(response.status_code)


@pytest.fixture
def personas(request, assigned_business):
    for persona in PERSONAS:
        if persona != "anonymous":
            request.getfixturevalue(persona)


@pytest.mark.parametrize("name", URL_NAMES)
def test_get(name, request, personas):
    url = build_url(name, request)
    capability = capability_of(resolve(url.split("?")[0]).func)
    assert capability is not None, name
    wrong = {}
    for persona in PERSONAS:
        want = GET.get(name, {}).get(persona, expected(name, persona, capability))
        response = client_for(persona, request).get(url)
        if not matches(want, response):
            wrong[persona] = f"expected {want}, got {_described(response)}"
    assert not wrong, f"{name} ({capability.value}) at {url}: {wrong}"


@pytest.mark.parametrize("name", sorted(POST))
def test_post(name, request, personas):
    wrong = {}
    for persona in PERSONAS:
        # URLs are rebuilt per persona so that a successful write cannot change the next answer.
        url = build_url(name, request)
        capability = capability_of(resolve(url.split("?")[0]).func)
        want = POST[name].get(persona, expected(name, persona, capability, "post"))
        response = client_for(persona, request).post(url)
        if not matches(want, response):
            wrong[persona] = f"expected {want}, got {_described(response)}"
    assert not wrong, f"POST {name} ({capability.value}): {wrong}"
