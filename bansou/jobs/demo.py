"""The demo's finished background jobs: what an advisor finds on バックグラウンド処理 the first
time they look: yesterday's check of a shopping street's member list (two rows to fix, its
dry run one click away) and the register made as a CSV file for a mail merge, ready to download.

The jobs run through the real handlers (imports, exports) in the demo build, then get the
times of the previous working day. Deterministic for a given seed and day.
"""

from __future__ import annotations

import csv
import io
import logging
import random
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext as _

from bansou.accounts.models import User
from bansou.businesses.models import Business
from bansou.support.models import LOCAL_TZ

from . import handlers, services
from .models import Job

IMPORT_USER = "kawaguchi-advisor"
EXPORT_USERS = ("kawaguchi-advisor", "kawaguchi-admin")
MEMBER_LIST = "栄町商店会_会員名簿_2025.csv"
MEMBER_ROWS = 48
HEADER = ["事業者名", "フリガナ", "業種", "従業員数", "設立日", "電話番号"]
STREET = [
    ("栄町", "サカエチョウ"),
    ("本町", "ホンチョウ"),
    ("末広", "スエヒロ"),
    ("幸町", "サイワイチョウ"),
]
SHOPS = [
    ("青果店", "セイカテン", "小売業"),
    ("精肉店", "セイニクテン", "小売業"),
    ("鮮魚店", "センギョテン", "小売業"),
    ("食堂", "ショクドウ", "飲食店"),
    ("理容室", "リヨウシツ", "生活関連サービス業"),
    ("鉄工所", "テッコウショ", "製造業"),
    ("酒店", "サケテン", "小売業"),
]


def _working_day_before(today: date) -> date:
    day = today - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def member_list_rows(seed: int) -> list[list[str]]:
    """A shopping street's member list as a chamber receives it: two rows need fixing (an
    employee count written in kanji, a date that does not exist)."""
    rng = random.Random(seed)
    rows = [HEADER]
    for index in range(MEMBER_ROWS):
        (place, place_kana), (shop, shop_kana, trade) = rng.choice(STREET), rng.choice(SHOPS)
        founded = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 60))
        rows.append(
            [
                f"{place}{shop}{index + 1:02d}",
                f"{place_kana}{shop_kana}",
                trade,
                str(rng.randrange(1, 15)),
                f"{founded.year}/{founded.month}/{founded.day}",
                f"048-001-{index + 1:04d}",
            ]
        )
    rows[7][3] = "十二"  # row 8 of the file: the count in kanji
    rows[31][4] = "2019/2/30"  # row 32: no such day
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("cp932")  # as the street's association's PC saves it


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


def _backdate(job: Job, day: date, hour: int, minute: int, seconds: int) -> None:
    start = _at(day, hour, minute)
    finished = start + timedelta(seconds=seconds)
    Job.objects.filter(pk=job.pk).update(
        created_at=start, started_at=start, finished_at=finished, heartbeat_at=finished
    )


@contextmanager
def _quiet_tasks():
    """The demo's jobs run inside `bansou demo`: no task log lines among its output."""
    logger = logging.getLogger("django.tasks")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def load_jobs_demo(organization, *, today: date, seed: int) -> list[Job]:
    from bansou.dataio import services as dataio
    from bansou.dataio.registry import get_export_kind, get_import_kind

    users = {u.username: u for u in User.objects.filter(organization=organization)}
    day = _working_day_before(today)
    made: list[Job] = []
    with translation.override("ja"), _quiet_tasks():
        importer = users.get(IMPORT_USER)
        if importer is not None:
            upload = SimpleUploadedFile(MEMBER_LIST, _csv(member_list_rows(seed)))
            import_job = dataio.create_job(
                kind=get_import_kind("businesses"), upload=upload, user=importer
            )
            job = services.start(
                kind=handlers.IMPORT_CHECK,
                user=importer,
                title=_("Check: %(name)s") % {"name": MEMBER_LIST},
                subject=f"dataio.importjob:{import_job.pk}",
                params={"import_job": import_job.pk},
                rows_total=import_job.total_rows,
                backend="immediate",
            )
            _backdate(job, day, 10, 42, 3)
            made.append(job)
        registered = Business.objects.filter(organization=organization).count()
        for minute, username in enumerate(EXPORT_USERS):
            user = users.get(username)
            if user is None:
                continue
            job = services.start(
                kind=handlers.EXPORT,
                user=user,
                title=_("Download: %(list)s") % {"list": get_export_kind("businesses").label},
                params={"kind": "businesses", "format": "csv", "encoding": "cp932"},
                rows_total=registered,
                backend="immediate",
            )
            _backdate(job, day, 16, 20 + 7 * minute, 11)
            made.append(job)
    return made
