"""Run the suite on SQLite, then on PostgreSQL when reachable (required when CI=true)."""

import os
import shutil
import subprocess
import sys
import time

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/bansou"


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_POSTGRES


def reachable(url: str) -> bool:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    try:
        # The test database is created by pytest-django; connect to the maintenance db to probe.
        psycopg.connect(
            host=cfg["HOST"] or None,
            port=cfg["PORT"] or None,
            user=cfg["USER"] or None,
            password=cfg["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
        return True
    except psycopg.Error:
        return False


def start_local_postgres() -> None:
    """These machines ship a PostgreSQL cluster that may be stopped; start it if we can."""
    if not shutil.which("pg_ctlcluster") or not os.path.isdir("/etc/postgresql"):
        return
    for version in os.listdir("/etc/postgresql"):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            check=False,
            capture_output=True,
        )
    time.sleep(2)


def parallel(extra: list[str]) -> list[str]:
    """One pytest-xdist worker per core (each with its own database and var dir, see
    settings.py), unless the caller chose: `make test` stays inside its time on 2 cores."""
    if any(arg == "-n" or arg.startswith(("-n", "--numprocesses")) for arg in extra):
        return []
    cores = os.cpu_count() or 1
    return ["-n", str(min(cores, 4))] if cores > 1 else []


def pytest(env: dict[str, str], label: str) -> int:
    print(f"\n=== test suite on {label} ===", flush=True)
    args = [sys.executable, "-m", "pytest", *parallel(sys.argv[1:]), *sys.argv[1:]]
    return subprocess.run(args, env=env, check=False).returncode


def main() -> int:
    sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    status = pytest(sqlite_env, "SQLite")
    if status != 0:
        return status

    url = postgres_url()
    if not reachable(url):
        start_local_postgres()
    if not reachable(url):
        if os.environ.get("CI", "").lower() == "true":
            print(f"PostgreSQL is required in CI and is not reachable at {url}", file=sys.stderr)
            return 1
        print(f"PostgreSQL not reachable at {url}: skipped (set DATABASE_URL to run it)")
        return 0
    return pytest({**os.environ, "DATABASE_URL": url}, "PostgreSQL")


if __name__ == "__main__":
    sys.exit(main())
