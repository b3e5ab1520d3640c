"""Benchmark: a burst of 50 concurrent votes on the i-mise public page, against the real server.

A fresh SQLite database (temporary var/) is migrated and given one chamber with an open season
of 600 candidate stores and 8,400 votes already cast (bulk). Then `bansou serve` (gunicorn,
several workers and threads) starts on a free port behind one trusted proxy
(BANSOU_TRUSTED_PROXY_COUNT=1), so that each simulated voter has its own address in
X-Forwarded-For. 50 voters each open a store page (device cookie, CSRF token) and then all
vote at once; then the same 50 vote again (all must be refused politely, 409). Printed: answers
by status, errors, p50/p95/max of the votes, the list page's time with 8,400+ votes, and
whether the server logged "database is locked". Goal: 50 votes stored, no error, no lock.

Run: .venv/bin/python benchmarks/imise_votes.py [--voters 50] [--workers 3] [--threads 4]
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import free_port, stop_server

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SETUP = """
import random
from datetime import timedelta
from django.utils import timezone
from bansou.accounts.models import Role
from bansou.businesses.models import Business
from bansou.imise.models import Candidate, Season, Vote
from bansou.organizations.models import District, Organization
from bansou.programmes.models import Participation, Programme
from bansou.testing import make_user

rng = random.Random(1)
org = Organization.objects.create(name="川口商工会議所", slug="bench", kind="cci")
staff = make_user(org, Role.LEAD_ADVISOR, "bench-lead")
district = District.objects.create(organization=org, name="中央", name_kana="チュウオウ")
programme = Programme.objects.create(organization=org, code="imise", name="川口i-mise大賞",
                                     kind="imise_award", first_fiscal_year=2023)
now = timezone.now()
season = Season.objects.create(organization=org, programme=programme, fiscal_year=2026,
    name="川口i-mise大賞", votes_open=now - timedelta(days=30), votes_close=now + timedelta(days=1))
businesses = Business.objects.bulk_create(
    Business(organization=org, name=f"店舗{n:03d}", name_kana=f"テンポ{n:03d}", district=district,
             industry="M") for n in range(600))
opened = timezone.localdate(season.votes_open)
parts = Participation.objects.bulk_create(
    Participation(organization=org, programme=programme, business=b, staff=staff,
                  district=district, started_on=opened, fiscal_year=2026, status="candidate")
    for b in businesses)
cands = Candidate.objects.bulk_create(
    Candidate(organization=org, season=season, participation=p, name=b.name,
              name_kana=b.name_kana, category="food", area="中央")
    for p, b in zip(parts, businesses))
Vote.objects.bulk_create(
    (Vote(organization=org, season=season, candidate=rng.choice(cands),
          day=opened + timedelta(days=n % 29), device_hash=f"{n:064x}",
          address_hash=f"{n % 3000:064x}", created_at=season.votes_open + timedelta(minutes=5 * n))
     for n in range(8400)), batch_size=2000)
print(Vote.objects.filter(season=season).count(), "votes;", len(cands), "stores")
"""


class Voter:
    def __init__(self, base: str, store: int, address: str):
        self.base, self.store, self.address = base, store, address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.token = ""

    def _open(self, request):
        request.add_header("X-Forwarded-For", self.address)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def prepare(self) -> None:
        status, body = self._open(
            urllib.request.Request(f"{self.base}/vote/bench/stores/{self.store}/")
        )
        assert status == 200, status
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def vote(self) -> tuple[int, float, str]:
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token}).encode()
        request = urllib.request.Request(
            f"{self.base}/vote/bench/stores/{self.store}/vote/", data=data,
            headers={"Referer": f"{self.base}/vote/bench/"},
        )  # fmt: skip
        started = time.perf_counter()
        status, body = self._open(request)
        return status, time.perf_counter() - started, body


def burst(voters) -> list[tuple[int, float, str]]:
    results = [None] * len(voters)
    gate = threading.Barrier(len(voters))

    def run(i):
        gate.wait()
        results[i] = voters[i].vote()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(voters))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def report(label: str, results) -> None:
    times = sorted(r[1] * 1000 for r in results)
    by_status = {}
    for status, _t, _b in results:
        by_status[status] = by_status.get(status, 0) + 1
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    answers = dict(sorted(by_status.items()))
    p50, most = statistics.median(times), times[-1]
    print(f"{label}: answers {answers}; p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {most:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--reuse", help="keep the loaded database in this directory")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(options.reuse or tmp)
        var.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "BANSOU_VAR_DIR": str(var), "BANSOU_DEBUG": "0",
               "BANSOU_TRUSTED_PROXY_COUNT": "1"}  # fmt: skip
        env.pop("DATABASE_URL", None)
        started = time.perf_counter()
        if (var / "bansou.sqlite3").exists():
            # A reused database: the burst's own votes of the last run are removed first.
            reset = (
                "from bansou.imise.models import Vote; Vote.objects.filter(pk__gt=8400).delete()"
            )
            subprocess.run([BIN / "bansou", "shell", "-c", reset], env=env, check=True)
        else:
            subprocess.run([BIN / "bansou", "migrate", "--no-input", "-v0"], env=env, check=True)
            subprocess.run([BIN / "bansou", "shell", "-c", SETUP], env=env, check=True)
        print(f"database ready in {time.perf_counter() - started:.0f} s")
        port = free_port()
        log = open(var / "server.log", "w")
        server = subprocess.Popen(
            [BIN / "bansou", "serve", "--bind", f"127.0.0.1:{port}", "--workers",
             str(options.workers), "--threads", str(options.threads)],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                if server.poll() is not None:
                    raise SystemExit((var / "server.log").read_text())
                try:
                    urllib.request.urlopen(f"{base}/healthz/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            start = time.perf_counter()
            with urllib.request.urlopen(f"{base}/vote/bench/", timeout=30) as page:
                assert page.status == 200
            print(f"list page with 8,400 votes: {(time.perf_counter() - start) * 1000:.0f} ms")
            # Stores 2..51 (ids from 1), each voter its own address.
            voters = [Voter(base, 2 + i, f"198.51.100.{i + 1}") for i in range(options.voters)]
            for voter in voters:
                voter.prepare()
            first = burst(voters)
            report("first votes (200 expected)", first)
            again = burst(voters)
            report("same device again (409 expected)", again)
            polite = sum("本日はすでにこのお店に投票いただいています" in b for _s, _t, b in again)
            print(f"refusals worded politely: {polite}/{len(again)}")
        finally:
            stop_server(server)
        output = (var / "server.log").read_text()
        print("server log 'database is locked':", "database is locked" in output)
        print("server log errors:", len(re.findall(r"(?m)^(ERROR|Traceback)", output)))
        check = "from bansou.imise.models import Vote; print(Vote.objects.count())"
        stored = subprocess.run([BIN / "bansou", "shell", "-c", check], env=env, check=True,
                                capture_output=True, text=True).stdout.split()[-1]  # fmt: skip
        print(f"votes stored: {stored} (8,400 + {sum(r[0] == 200 for r in first)} new)")
        ok = all(r[0] == 200 for r in first) and all(r[0] == 409 for r in again)
        sys.exit(0 if ok and "database is locked" not in output else 1)


if __name__ == "__main__":
    main()
