"""`bansou serve` and the production settings: refusals, the deploy check, a real server."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from bansou.core.serving import default_workers, refusals, weak_secret_key

BANSOU = Path(sys.executable).parent / "bansou"
STRONG_KEY = "k3Jx9-" * 10
# What .env.example and the README ask of a production install behind a TLS proxy.
PRODUCTION = {
    "BANSOU_DEBUG": "0",
    "BANSOU_SECRET_KEY": STRONG_KEY,
    "BANSOU_ALLOWED_HOSTS": "bansou.example.or.jp",
    "BANSOU_CSRF_TRUSTED_ORIGINS": "https://bansou.example.or.jp",
    "BANSOU_SECURE_COOKIES": "1",
    "BANSOU_SSL_REDIRECT": "1",
    "BANSOU_BEHIND_PROXY": "1",
    "BANSOU_HSTS_SECONDS": "31536000",
    "BANSOU_HSTS_INCLUDE_SUBDOMAINS": "1",
    "BANSOU_HSTS_PRELOAD": "1",
    # Production sends e-mail; the console backend is the demo's and fails the deploy check.
    "BANSOU_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def _environment(var_dir: Path, **values: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANSOU_")}
    env.pop("DATABASE_URL", None)  # a throw-away SQLite file, whichever database the suite uses
    # The browser tests set it only while a browser runs; a developer shell may still hold it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DJANGO_SETTINGS_MODULE"] = "bansou.settings"
    return {**env, "BANSOU_VAR_DIR": str(var_dir), **values}


@pytest.mark.parametrize(
    "key",
    ["short", "a" * 60, "django-insecure-" + "x1y2z3w4v5" * 5],
)
def test_django_w009_keys_are_weak(key):
    assert weak_secret_key(key)


def test_a_long_random_key_is_not_weak():
    assert not weak_secret_key(STRONG_KEY)


def test_production_settings_raise_no_refusal():
    assert refusals(debug=False, secret_key=STRONG_KEY, allowed_hosts=["example.jp"]) == []


def test_each_unsafe_setting_is_named():
    reasons = refusals(debug=True, secret_key="changeme", allowed_hosts=[])
    assert len(reasons) == 3
    assert "BANSOU_DEBUG" in reasons[0]
    assert "BANSOU_SECRET_KEY" in reasons[1]
    assert "BANSOU_ALLOWED_HOSTS" in reasons[2]


def test_workers_follow_the_cores():
    assert default_workers(1) == 3
    assert default_workers(2) == 5


@pytest.mark.parametrize(
    "overrides, named",
    [
        ({"DEBUG": True}, "BANSOU_DEBUG"),
        ({"SECRET_KEY": "django-insecure-" + "q" * 50}, "BANSOU_SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "BANSOU_SECRET_KEY"),
        ({"ALLOWED_HOSTS": []}, "BANSOU_ALLOWED_HOSTS"),
    ],
)
def test_serve_refuses_unsafe_settings(overrides, named):
    with override_settings(**overrides), pytest.raises(CommandError) as raised:
        call_command("serve", "--bind", "127.0.0.1:1")
    assert "will not start" in str(raised.value)
    assert named in str(raised.value)


def _deploy_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BANSOU, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_the_production_environment(tmp_path):
    result = _deploy_check(_environment(tmp_path, **PRODUCTION))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_it(tmp_path):
    result = _deploy_check(_environment(tmp_path))
    assert result.returncode != 0
    for warning in (
        "security.W004",
        "security.W008",
        "security.W012",
        "security.W016",
        "bansou.E001",
    ):
        assert warning in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    return urllib.request.urlopen(request, timeout=10)


def test_serve_answers_with_compressed_static_files_and_stops_gracefully(tmp_path):
    port = _free_port()
    access_log = tmp_path / "access.log"
    server = subprocess.Popen(
        [BANSOU, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        + ["--access-log", str(access_log)],
        env=_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.stdout.read()
            try:
                page = _get(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except OSError:
                assert time.monotonic() < deadline, "bansou serve did not answer"
                time.sleep(0.3)
        assert page.status == 200
        stylesheet = re.search(
            r'href="(/static/bansou/app\.[0-9a-f]{12}\.css)"', page.read().decode()
        )
        assert stylesheet, "the page links the hashed stylesheet"
        css = _get(f"http://127.0.0.1:{port}{stylesheet[1]}", **{"Accept-Encoding": "gzip"})
        assert css.headers["Content-Encoding"] == "gzip"
        assert "immutable" in css.headers["Cache-Control"]
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=60)
    output = server.stdout.read()
    assert code == 0, output
    assert "Shutting down" in output
    assert '"GET /accounts/login/ HTTP/1.1" 200' in access_log.read_text()


def test_static_names_are_hashed_once_collected_and_plain_before(tmp_path):
    from bansou.core.staticfiles import StaticFilesStorage

    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert storage.url("bansou/app.css") == "/static/bansou/app.css"  # nothing collected
    with override_settings(STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    collected = StaticFilesStorage(location=tmp_path, base_url="/static/")
    assert re.fullmatch(r"/static/bansou/app\.[0-9a-f]{12}\.css", collected.url("bansou/app.css"))
    assert (tmp_path / collected.stored_name("bansou/app.css")).with_suffix(".css.gz").exists()
    # A file added after the collection is still linked, by its plain name.
    assert collected.url("bansou/added-since.js") == "/static/bansou/added-since.js"
