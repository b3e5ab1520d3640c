"""TOKEN_MATRIX: every API URL × persona, each persona with a token of its own."""

import pytest
from django.test import Client

from bansou.core.tests.test_access_matrix import PERSONAS, resolve_url

from .access import TOKEN_MATRIX
from .conftest import token_client


def test_every_api_endpoint_has_a_token_decision():
    from bansou.core.tests.test_access_matrix import MATRIX

    session_only = {"api:tokens", "api:revoke_token", "api:openapi-json", "api:openapi-view"}
    endpoints = {name for name in MATRIX if name.startswith("api:")} - session_only
    assert endpoints - {"api:api-root"} == set(TOKEN_MATRIX)


@pytest.mark.parametrize("name", sorted(TOKEN_MATRIX))
def test_token_matrix(name, request, assigned_business):
    url = resolve_url(name, request)
    got = []
    for persona in PERSONAS:
        client = (
            Client() if persona == "anonymous" else token_client(request.getfixturevalue(persona))
        )
        got.append(client.get(url).status_code)
    assert tuple(got) == TOKEN_MATRIX[name], dict(zip(PERSONAS, got, strict=True))
