"""TOKEN_MATRIX: every API endpoint × persona, each persona with a token of its own."""

import pytest
from django.test import Client

from bansou.core.tests.test_access_matrix import URL_NAMES, build_url

from .access import TOKEN_MATRIX, TOKEN_PERSONAS
from .conftest import token_client


def test_every_api_endpoint_has_a_token_decision():
    pages = {"api:tokens", "api:revoke_token", "api:openapi-json", "api:openapi-view"}
    endpoints = {name for name in URL_NAMES if name.startswith("api:")} - pages
    assert endpoints - {"api:api-root"} == set(TOKEN_MATRIX)


@pytest.mark.parametrize("name", sorted(TOKEN_MATRIX))
def test_token_matrix(name, request, assigned_business):
    url = build_url(name, request)
    got = []
    for persona in TOKEN_PERSONAS:
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        client = Client() if user is None else token_client(user)
        got.append(client.get(url).status_code)
    assert tuple(got) == TOKEN_MATRIX[name], dict(zip(TOKEN_PERSONAS, got, strict=True))
