"""Benchmark: 50 advisors for 60 s against `bansou serve`, on SQLite and then on PostgreSQL.

Like the other benchmarks, each database is made fresh (a temporary var/ for SQLite, the
database bansou_serve_bench for PostgreSQL) and loaded the way `make demo` loads it (migrate,
then `bansou demo`: 15,000 businesses, FY2023 to today). Then `bansou serve` starts on a free
local port with its defaults (workers sized to the cores) and locust, headless, runs the
advisors of benchmarks/load_users.py against it. Printed per page: requests, failures,
throughput and the 50th/95th/99th percentile; then whether the server logged "database is
locked" or any error. Goal: no failure, no lock error, p99 under 1 s.

Run: .venv/bin/python benchmarks/load.py [--backends sqlite,postgresql] [--users 50]
     [--seconds 60] [--workers N] [--threads N] [--reuse DIR] [--nice -10]
(--reuse keeps the loaded databases in DIR and loads them only once, for repeated runs.)
PostgreSQL: BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/bansou_serve_bench.
"""

import argparse
import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bansou_serve_bench")
P99_GOAL_MS = 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(backend: str, var_dir: Path) -> dict:
    env = {**os.environ, "BANSOU_VAR_DIR": str(var_dir), "BANSOU_DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    if backend == "postgresql":
        env["DATABASE_URL"] = PG_URL
    return env


def fresh_postgres_database() -> None:
    import psycopg

    url = urlparse(PG_URL)
    name = url.path.lstrip("/")
    server = url._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def analyze_postgres_database() -> None:
    """Statistics for the planner, as autovacuum gathers them on a production server within a
    minute of a bulk load. A test server may run without autovacuum (this machine's does):
    without statistics PostgreSQL takes 15,000 businesses for 8 and sorts them all for each
    page of the register (34 ms instead of an index scan)."""
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute("ANALYZE")


def load(backend: str, env: dict, var_dir: Path) -> None:
    marker = var_dir / "demo-loaded"
    if marker.exists():
        print(f"[{backend}] reusing the demo data in {var_dir}")
        return
    if backend == "postgresql":
        fresh_postgres_database()
    started = time.perf_counter()
    subprocess.run([BIN / "bansou", "migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run([BIN / "bansou", "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    if backend == "postgresql":
        analyze_postgres_database()
    print(f"[{backend}] migrated and loaded the demo in {time.perf_counter() - started:.0f} s")
    marker.touch()


def start_server(env: dict, port: int, log_dir: Path, options: argparse.Namespace):
    command = [BIN / "bansou", "serve", "--bind", f"127.0.0.1:{port}"]
    command += ["--access-log", str(log_dir / "access.log")]
    if options.workers:
        command += ["--workers", str(options.workers)]
    if options.threads:
        command += ["--threads", str(options.threads)]
    errors = open(log_dir / "server.log", "w")
    server = subprocess.Popen(
        command, env=env, stdout=errors, stderr=subprocess.STDOUT, start_new_session=True
    )
    prioritise(server.pid, options.nice)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bansou serve exited:\n{(log_dir / 'server.log').read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("bansou serve did not answer within 120 s")


def prioritise(pid: int, nice: int) -> None:
    """Give a process started in its own session that niceness, for the session too: with the
    kernel's autogroup scheduling each session shares the CPU equally with every other one,
    whatever its processes' niceness, so on a shared machine a plain `nice` changes nothing."""
    if not nice:
        return
    os.setpriority(os.PRIO_PROCESS, pid, nice)
    autogroup = Path(f"/proc/{pid}/autogroup")
    if autogroup.exists():
        autogroup.write_text(str(nice))


def stop_server(server) -> int:
    server.send_signal(signal.SIGTERM)  # graceful: the workers finish their requests
    try:
        return server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait()


def run_locust(port: int, out: Path, options: argparse.Namespace) -> None:
    command = [
        BIN / "locust",
        "-f", str(ROOT / "benchmarks" / "load_users.py"),
        "--headless", "--only-summary",
        "--users", str(options.users),
        "--spawn-rate", str(options.spawn_rate),
        # load_users.py measures from the last log-in for --seconds and stops; this is a cap.
        "--run-time", f"{options.seconds + 300}s",
        "--stop-timeout", "10",
        "--host", f"http://127.0.0.1:{port}",
        "--csv", str(out / "locust"),
        "--loglevel", "WARNING",
    ]  # fmt: skip
    # Locust exits 1 when a request failed; the figures say which, so that is not fatal here.
    env = {
        **os.environ,
        "BENCH_MEASURE_SECONDS": str(options.seconds),
        "BENCH_WINDOW_FILE": str(out / "window"),
    }
    locust = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(out / "locust.log", "w"),
        start_new_session=True,
    )
    prioritise(locust.pid, options.nice)
    locust.wait()


class CpuSampler(threading.Thread):
    """Every half second: the CPU seconds used so far by the server (master and workers), by
    PostgreSQL's processes serving its database, by locust, and by the whole machine, so that
    the measured window's share of each is known."""

    def __init__(self, server_pid: int, database: str | None):
        super().__init__(daemon=True)
        self.server = psutil.Process(server_pid)
        self.database = database
        self.samples: list[tuple[float, float, dict[int, float], float, float]] = []
        self.done = threading.Event()

    def _database_cpu(self) -> dict[int, float]:
        """CPU seconds of each PostgreSQL backend connected to the benchmark's database (they
        come and go: Django reconnects after CONN_MAX_AGE)."""
        backends = {}
        if not self.database:
            return backends
        for process in psutil.process_iter(["cmdline"]):
            command = " ".join(process.info["cmdline"] or [])
            if command.startswith("postgres:") and f" {self.database} " in command:
                try:
                    times = process.cpu_times()
                    backends[process.pid] = times.user + times.system
                except psutil.NoSuchProcess:
                    pass
        return backends

    @staticmethod
    def _tree_cpu(process) -> float:
        total = 0.0
        for each in [process, *process.children(recursive=True)]:
            try:
                times = each.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    def run(self) -> None:
        me = psutil.Process()
        while not self.done.wait(0.5):
            machine = psutil.cpu_times()
            busy = machine.user + machine.nice + machine.system + machine.irq + machine.softirq
            locust = sum(
                self._tree_cpu(child) for child in me.children() if child.pid != self.server.pid
            )
            self.samples.append(
                (time.time(), self._tree_cpu(self.server), self._database_cpu(), locust, busy)
            )

    def window(self, start: float, end: float) -> tuple[float, ...]:
        """Seconds of the window; CPU seconds of the server, its database, locust, the machine.
        (A backend's seconds count up to its last sample: at most half a second is lost.)"""
        first = min(self.samples, key=lambda sample: abs(sample[0] - start))
        last = min(self.samples, key=lambda sample: abs(sample[0] - end))
        database_seen: dict[int, float] = {}
        for sample in self.samples:
            if first[0] <= sample[0] <= last[0]:
                database_seen.update(sample[2])
        database = sum(cpu - first[2].get(pid, 0.0) for pid, cpu in database_seen.items())
        return (
            last[0] - first[0],
            last[1] - first[1],
            database,
            last[3] - first[3],
            last[4] - first[4],
        )


def cpu_report(backend: str, out: Path, sampler: CpuSampler, requests: int) -> None:
    marks = dict(line.split() for line in (out / "window").read_text().splitlines())
    window = sampler.window(float(marks["start"]), float(marks["end"]))
    seconds, server, database, locust, machine = window
    cores = psutil.cpu_count()
    others = max(machine - server - database - locust, 0.0)
    served = server + database
    print(
        f"[{backend}] CPU in the window ({seconds:.0f} s, {cores} cores): server "
        f"{server / seconds:.2f} cores, its PostgreSQL {database / seconds:.2f}, locust "
        f"{locust / seconds:.2f}, everything else on the machine {others / seconds:.2f}; "
        f"{served / max(requests, 1) * 1000:.0f} ms of CPU a request (server and database), "
        f"so {cores} idle cores would serve about "
        f"{cores * max(requests, 1) / max(served, 0.001):.0f} req/s"
    )


def report(backend: str, out: Path) -> bool:
    rows = list(csv.DictReader(open(out / "locust_stats.csv", encoding="utf-8")))
    print(f"\n[{backend}] {'page':<22} {'requests':>8} {'fail':>5} {'req/s':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")  # fmt: skip
    for row in rows:
        name = "all pages" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"[{backend}] {name:<22} {row['Request Count']:>8} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
    total = rows[-1]
    server_log = (out / "server.log").read_text(errors="replace")
    access_log = (out / "access.log").read_text(errors="replace").splitlines()
    logins = sorted(
        int(line.rsplit(" ", 1)[1].removesuffix("ms"))
        for line in access_log
        if '"POST /accounts/login/' in line
    )
    if logins:
        print(
            f"[{backend}] {'log in (server time)':<22} {len(logins):>8} {'':>5} {'':>7} "
            f"{statistics.median(logins):>7.0f} {logins[int(len(logins) * 0.95) - 1]:>7} "
            f"{logins[-1]:>7} (max)"
        )
    locked = server_log.count("database is locked")
    server_errors = sum(1 for line in access_log if '" 5' in line.split("HTTP/1.1", 1)[-1][:4])
    failures = int(total["Failure Count"])
    p99 = float(total["99%"])
    print(
        f"[{backend}] failures {failures}, 'database is locked' {locked}, 5xx {server_errors}, "
        f"p99 {p99:.0f} ms (goal < {P99_GOAL_MS}), "
        f"throughput {float(total['Requests/s']):.1f} req/s"
    )
    if failures:
        print((out / "locust_failures.csv").read_text())
    return failures == 0 and locked == 0 and server_errors == 0 and p99 < P99_GOAL_MS


def bench(backend: str, var_dir: Path, options: argparse.Namespace) -> bool:
    var_dir.mkdir(parents=True, exist_ok=True)
    env = environment(backend, var_dir)
    load(backend, env, var_dir)
    out = Path(tempfile.mkdtemp(prefix=f"load-{backend}-", dir=var_dir))
    port = free_port()
    server = start_server(env, port, out, options)
    first_line = (out / "server.log").read_text().splitlines()[0]
    print(f"[{backend}] {first_line}; {options.users} users for {options.seconds} s")
    print(f"[{backend}] load average before: {os.getloadavg()[0]:.2f}")
    database = urlparse(PG_URL).path.lstrip("/") if backend == "postgresql" else None
    sampler = CpuSampler(server.pid, database)
    sampler.start()
    try:
        run_locust(port, out, options)
    finally:
        sampler.done.set()
        code = stop_server(server)
    print(
        f"[{backend}] load average after: {os.getloadavg()[0]:.2f}; "
        f"server exit {code}; logs in {out}"
    )
    ok = report(backend, out)
    rows = list(csv.DictReader(open(out / "locust_stats.csv", encoding="utf-8")))
    cpu_report(backend, out, sampler, int(rows[-1]["Request Count"]))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2, help="advisors arriving a second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--reuse", type=Path, help="keep the loaded databases here")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run the server and locust, each in a session of its own, at this niceness "
        "(e.g. -10, as root): on a shared machine the other sessions then yield the CPU to "
        "them, as on a server of their own (PostgreSQL's processes are not raised)",
    )
    options = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = options.reuse or Path(tmp)
        for backend in options.backends.split(","):
            results[backend] = bench(backend, base / backend, options)
    for backend, ok in results.items():
        print(f"{backend}: {'goal met' if ok else 'goal NOT met'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
