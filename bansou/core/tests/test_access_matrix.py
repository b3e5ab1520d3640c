"""Every URL × persona has a decided answer; a new URL fails here until someone decides."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bansou.testing import login

PERSONAS = ["anonymous", "advisor_a", "committee_a", "expert_a", "admin_a", "advisor_b"]
LOGIN = 302  # redirect to the login page

# GET status per persona, in the order of PERSONAS. The expert is assigned to business_a.
MATRIX: dict[str, tuple[int, ...]] = {
    "core:home": (LOGIN, 200, 200, 200, 200, 200),
    "core:healthz": (200, 200, 200, 200, 200, 200),
    "accounts:login": (200, 302, 302, 302, 302, 302),
    "accounts:logout": (405, 405, 405, 405, 405, 405),
    "accounts:password_change": (LOGIN, 200, 200, 200, 200, 200),
    "accounts:password_change_done": (LOGIN, 200, 200, 200, 200, 200),
    "businesses:list": (LOGIN, 200, 403, 200, 200, 200),
    "businesses:export": (LOGIN, 200, 403, 200, 200, 200),
    "businesses:create": (LOGIN, 200, 403, 403, 200, 200),
    "businesses:detail": (LOGIN, 200, 403, 200, 200, 404),
    "businesses:edit": (LOGIN, 200, 403, 403, 200, 404),
    "businesses:delete": (LOGIN, 405, 403, 403, 405, 405),
    "set_language": (302, 302, 302, 302, 302, 302),
    # The admin site decides for its whole namespace through BansouAdminSite.has_permission.
    "admin:index": (302, 302, 302, 302, 200, 302),
}
# POST-only operations on another persona's data, checked separately below.
POST_MATRIX: dict[str, tuple[int, ...]] = {
    "businesses:delete": (LOGIN, 403, 403, 403, 302, 404),
}
URL_KWARGS = {"pk": "business"}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                prefix = f"{namespace}:" if namespace and ns != namespace else ""
                walk(pattern.url_patterns, f"{prefix}{ns}" if ns else None)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_has_a_decision():
    undecided = {
        name for name in all_url_names() if name not in MATRIX and not name.startswith("admin:")
    }
    assert not undecided, f"add these URL names to the access matrix: {sorted(undecided)}"


def _url(name: str, business) -> str:
    try:
        return reverse(name)
    except Exception:
        return reverse(name, kwargs={"pk": business.pk})


def _client(persona: str, request):
    from django.test import Client

    if persona == "anonymous":
        return Client()
    return login(request.getfixturevalue(persona))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get_matrix(name, request, assigned_business):
    url = _url(name, assigned_business)
    got = tuple(_client(p, request).get(url).status_code for p in PERSONAS)
    assert got == MATRIX[name], dict(zip(PERSONAS, got, strict=True))


@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post_matrix(name, request, assigned_business):
    got = []
    for persona in PERSONAS:
        # A fresh business each time: a successful delete must not change the next answer.
        from bansou.testing import make_business

        business = make_business(assigned_business.organization, name=f"{persona}商店")
        if persona == "expert_a":
            business = assigned_business
        got.append(_client(persona, request).post(_url(name, business)).status_code)
    assert tuple(got) == POST_MATRIX[name], dict(zip(PERSONAS, got, strict=True))
