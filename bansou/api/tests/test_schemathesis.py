"""Property-based run of every operation against its own OpenAPI schema (schemathesis).

Generated requests, valid and invalid, go through the WSGI application with the token of a user
whose chamber has one record of each kind; no answer may be a 5xx, an undocumented status, or
a body that the schema does not describe.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bansou.api.api import api
from bansou.wsgi import application

from .conftest import token_client

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Loaded from the API object itself (the same document /api/openapi.json serves), while the
# tests are collected; requests go to the WSGI application in this process.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@pytest.fixture
def connection_kept(db):
    """Django closes the connection at the end of each request; the test's transaction must
    survive them (django.test.Client disconnects the same receivers)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(connection_kept, data_a, advisor_a) -> dict:
    return {"Authorization": token_client(advisor_a).defaults["HTTP_AUTHORIZATION"]}


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
