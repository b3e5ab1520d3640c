"""URLs of the core app."""

from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from . import views
from .permissions import public

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; the icon is a static file.
    path(
        "favicon.ico",
        public(RedirectView.as_view(url=static("bansou/favicon.svg"))),
        name="favicon",
    ),
]
