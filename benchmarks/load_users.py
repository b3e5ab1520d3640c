"""The advisors that benchmarks/load.py lets loose on `bansou serve` (a locustfile).

Each simulated advisor logs in once, then clicks through the day's work with a pause of 1–3 s
between pages (faster than a person reads): the lists, the register and knowledge searches,
business pages, a support record written now and then, and the evaluation. Every request is
reported under the page's name; a response other than the expected status is a failure.

The measurement starts when the last advisor has logged in (the statistics are reset then) and
lasts BENCH_MEASURE_SECONDS: a log-in costs 1.5 million PBKDF2 rounds by design, and a
chamber's advisors do not all arrive in the same minute. benchmarks/load.py times the log-ins
from the server's access log.
"""

import os
import random
import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import gevent
from locust import HttpUser, between, task

PASSWORD = "bansou-demo"
USERNAME = "kawaguchi-advisor"
REGISTER_QUERIES = ["カワグチ", "セイコウ", "ヤマ", "ショウテン", "口", "工業", "さくら", "ﾃﾞﾝｷ"]
KNOWLEDGE_QUERIES = ["補助金", "資金繰り", "事業承継", "価格転嫁", "人手不足", "販路開拓"]
THEMES = ["startup", "succession", "sales_channels", "productivity", "cash_flow", "subsidy"]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BUSINESS_LINK = re.compile(r'href="/businesses/(\d+)/"')
RESULT_LINK = re.compile(r'href="(/evaluation/plans/\d+/\d{4}/)"')


def _yesterday() -> str:
    # The server's day is Japan's: yesterday there is never in the future.
    return (datetime.now(ZoneInfo("Asia/Tokyo")) - timedelta(days=1)).date().isoformat()


MEASURE_SECONDS = int(os.environ.get("BENCH_MEASURE_SECONDS", "60"))
_logged_in = 0


def _start_measuring_when_all_logged_in(environment) -> None:
    global _logged_in
    _logged_in += 1
    if _logged_in == environment.parsed_options.num_users:
        environment.runner.stats.reset_all()
        _mark("start")
        gevent.spawn_later(MEASURE_SECONDS, _stop, environment)


def _stop(environment) -> None:
    _mark("end")
    environment.runner.quit()


def _mark(event: str) -> None:
    """Tell benchmarks/load.py when the measured window starts and ends (for the server's CPU)."""
    if os.environ.get("BENCH_WINDOW_FILE"):
        with open(os.environ["BENCH_WINDOW_FILE"], "a") as window:
            window.write(f"{event} {time.time()}\n")


class Advisor(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.business_ids: list[str] = []
        self.result_urls: list[str] = []
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")
        self.client.get("/", name="start page")
        _start_measuring_when_all_logged_in(self.environment)

    def _remember_businesses(self, html: str) -> None:
        found = BUSINESS_LINK.findall(html)
        if found:
            self.business_ids = (self.business_ids + found)[-200:]

    @task(4)
    def business_list(self) -> None:
        page = random.randint(1, 40)
        response = self.client.get(f"/businesses/?page={page}", name="business list")
        self._remember_businesses(response.text)

    @task(3)
    def register_search(self) -> None:
        query = random.choice(REGISTER_QUERIES)
        response = self.client.get("/businesses/", params={"q": query}, name="register search")
        self._remember_businesses(response.text)

    @task(2)
    def support_list(self) -> None:
        self.client.get(f"/support/?page={random.randint(1, 20)}", name="support record list")

    @task(3)
    def knowledge_search(self) -> None:
        query = random.choice(KNOWLEDGE_QUERIES)
        self.client.get("/support/search/", params={"q": query}, name="knowledge search")

    @task(4)
    def business_page(self) -> None:
        if not self.business_ids:
            return self.business_list()
        pk = random.choice(self.business_ids)
        self.client.get(f"/businesses/{pk}/", name="business page")

    @task(1)
    def write_support_record(self) -> None:
        if not self.business_ids:
            return self.business_list()
        pk = random.choice(self.business_ids)
        form = self.client.get(f"/support/new/?business={pk}", name="support record form")
        token = CSRF.search(form.text).group(1)
        data = {
            "csrfmiddlewaretoken": token,
            "business": pk,
            "occurred_on": _yesterday(),
            "channel": "visit",
            "duration_minutes": "30",
            "themes": random.sample(THEMES, 2),
            "condition": "売上は前年並み。仕入価格の上昇が続いている。",
            "issues": "価格転嫁が進まず利益率が低下。",
            "analysis": "主要取引先への依存度が高い。",
            "support": "価格交渉の進め方と補助金の活用を説明した。",
            "approach": "経営者の考えを聞き取り、次回までの宿題を合意した。",
            "next_action": "見積書の見直し案を確認する。",
        }
        with self.client.post(
            f"/support/new/?business={pk}",
            data=data,
            headers={"Referer": self.host + f"/support/new/?business={pk}"},
            name="support record save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"the record was not saved ({response.status_code})")

    @task(1)
    def evaluation(self) -> None:
        if not self.result_urls:
            index = self.client.get("/evaluation/", name="evaluation index")
            self.result_urls = RESULT_LINK.findall(index.text)
            if not self.result_urls:
                return None
        self.client.get(random.choice(self.result_urls), name="evaluation")
