"""The NinjaAPI object: token authentication, Japanese errors, docs served from local files."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from . import errors
from .auth import TokenAuth
from .endpoints import businesses, evaluation, records


class Utf8Renderer(JSONRenderer):
    """Japanese text as itself, not as \\u escapes, for whoever reads the answer."""

    json_dumps_params = {"ensure_ascii": False}


class LocalSwagger(Swagger):
    """Swagger UI from django-ninja's own static files (no CDN), in a page whose only scripts
    are files (SECURE_CSP forbids inline script)."""

    template = "api/docs.html"


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="bansou API",
        version="1",
        description=_(
            "The chamber's records for other programs. Authenticate with a personal API token "
            "(Authorization: Bearer <token>); the token acts as its user, with the same "
            "permissions as the pages. Lists are paged with an opaque cursor in the order rows "
            "last changed; updated_since fetches only what changed."
        ),
        urls_namespace="api",
        renderer=Utf8Renderer(),
        auth=TokenAuth(),
        docs=LocalSwagger(settings={"defaultModelsExpandDepth": 0}),
        openapi_url="/openapi.json",
        docs_url="/docs",
    )
    errors.install(api)
    api.add_router("/businesses", businesses.router)
    api.add_router("/", records.router)
    api.add_router("/evaluation", evaluation.router)
    return api


api = build_api()
