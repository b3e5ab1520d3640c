"""URLs of the API (/api/…) and of the page where a user manages their tokens."""

from django.urls import path

from bansou.core.permissions import Capability

from . import views
from .api import api

app_name = "api"

# django-ninja's own patterns (endpoints, openapi.json, docs) in this app's namespace.
ninja_patterns, _ninja_app, _namespace = api.urls

# The capability each endpoint asks of the token's user (enforced inside, with the token;
# recorded here for the permissions table). The schema and the docs describe the software,
# not a chamber's data: public.
EVALUATION_ENDPOINTS = {"plans", "evaluation"}
PUBLIC_ENDPOINTS = {"openapi-json", "openapi-view", "api-root"}
for _pattern in ninja_patterns:
    if _pattern.name in PUBLIC_ENDPOINTS:
        _capability = Capability.PUBLIC
    elif _pattern.name in EVALUATION_ENDPOINTS:
        _capability = Capability.EVALUATION_READ
    else:
        _capability = Capability.RECORDS_READ
    _pattern.callback.capability = _capability

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke_token"),
    *ninja_patterns,
]
