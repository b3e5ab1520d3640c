"""The schema and the docs page: served from this server's files, no inline script."""

import re
from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.test import Client


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "link":
            self.links.append(attributes["href"])


def test_the_schema_is_public_json_with_bearer_security(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/support-records" in schema["paths"]
    assert {"get", "post"} <= set(schema["paths"]["/api/support-records"])
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert "APIトークン" in schema["info"]["description"]


def test_the_docs_page_runs_only_local_script_files(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page = response.content.decode()
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "an asset from another origin"
    assets = Assets()
    assets.feed(page)
    sources = [s["src"] for s in assets.scripts if "src" in s]
    # Every script is a file of this server, or a JSON data block that is never run.
    assert all("src" in s or s.get("type") == "application/json" for s in assets.scripts)
    assert len(sources) == 2
    for url in sources + assets.links:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a local static file"
    # The settings block is the schema's address, nothing a browser would run.
    assert '"url": "/api/openapi.json"' in page
