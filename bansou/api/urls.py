"""URLs of the API (/api/…) and of the page where a user manages their tokens."""

from django.urls import path

from . import views
from .api import api

app_name = "api"

# django-ninja's own patterns (endpoints, openapi.json, docs) in this app's namespace.
ninja_patterns, _ninja_app, _namespace = api.urls

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke, name="revoke_token"),
    *ninja_patterns,
]
