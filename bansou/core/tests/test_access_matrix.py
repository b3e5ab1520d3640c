"""Every URL × persona has a decided answer; a new URL fails here until someone decides.

Each app declares its part in `bansou/<app>/tests/access.py`:

    MATRIX = {"app:name": (anonymous, advisor_a, committee_a, expert_a, admin_a, advisor_b)}
    POST_MATRIX = {...}              # optional: statuses of a POST, same order
    def urls(request) -> dict:       # optional: URLs of names that need arguments; build
        ...                          # objects with request.getfixturevalue("business_a") etc.

The expert (expert_a) is assigned to business_a; advisor_b belongs to the other chamber.
"""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bansou.testing import login

PERSONAS = ["anonymous", "advisor_a", "committee_a", "expert_a", "admin_a", "advisor_b"]


def access_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("bansou."):
            try:
                yield importlib.import_module(f"{config.name}.tests.access")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tests.access":
                    raise


def merged(attribute: str) -> dict[str, tuple[int, ...]]:
    table: dict[str, tuple[int, ...]] = {}
    for module in access_modules():
        for name, statuses in getattr(module, attribute, {}).items():
            assert name not in table, f"{name} is declared twice"
            assert len(statuses) == len(PERSONAS), name
            table[name] = statuses
    return table


MATRIX = merged("MATRIX")
POST_MATRIX = merged("POST_MATRIX")


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
    undecided = {n for n in all_url_names() if n not in MATRIX and not n.startswith("admin:")}
    assert not undecided, f"add these URL names to an app's tests/access.py: {sorted(undecided)}"


def resolve_url(name: str, request) -> str:
    for module in access_modules():
        if hasattr(module, "urls") and name in getattr(module, "MATRIX", {}):
            built = module.urls(request)
            if name in built:
                return built[name]
    return reverse(name)


def client_for(persona: str, request) -> Client:
    return Client() if persona == "anonymous" else login(request.getfixturevalue(persona))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get_matrix(name, request, assigned_business):
    url = resolve_url(name, request)
    got = tuple(client_for(p, request).get(url).status_code for p in PERSONAS)
    assert got == MATRIX[name], dict(zip(PERSONAS, got, strict=True))


@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post_matrix(name, request, assigned_business):
    got = []
    for persona in PERSONAS:
        # URLs are rebuilt per persona so that a successful write cannot change the next answer.
        got.append(client_for(persona, request).post(resolve_url(name, request)).status_code)
    assert tuple(got) == POST_MATRIX[name], dict(zip(PERSONAS, got, strict=True))
