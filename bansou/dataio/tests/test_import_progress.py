"""`bansou import` draws a progress line (rows done of rows in all, time left) on a terminal
only; piped output is what it always was."""

import io
import re

import pytest
from django.core.management import call_command

from bansou.businesses.models import Business
from bansou.dataio import engine
from bansou.lib import terminal_progress
from bansou.lib.terminal_progress import TerminalProgress, line

pytestmark = pytest.mark.django_db

HEADER = ["名称", "フリガナ", "業種", "従業員数"]
# 600 rows of some 60 bytes: each batch of 200 reads past the reader's 8 KB read-ahead, so
# the rows in all are estimated from the file's size.
ROWS = [[f"青葉商店{n}", "アオバショウテン", "小売業", str(n % 50)] for n in range(1, 601)]
FRAME = re.compile(r"\[[#-]+\] ([\d,]+) / ([\d,]+) rows \((\d+)%\)")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _import(path, stdout):
    call_command("import", "businesses", str(path), "--org", "a", stdout=stdout)
    return stdout.getvalue()


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 200)  # three batches: three reports
    monkeypatch.setattr(TerminalProgress, "EVERY", 0)


def test_on_a_terminal_the_line_counts_the_rows_as_they_go(chamber_a, write_file, small_batches):
    out = _import(write_file([HEADER, *ROWS]), FakeTerminal())
    progress, _newline, rest = out.partition("\n")
    frames = progress.split("\r")[1:]
    counts = [FRAME.match(frame).groups() for frame in frames]
    assert [done for done, _total, _percent in counts] == ["200", "400", "600"], frames
    # The first batch's estimate (from bytes read) is more than its rows; the last is exact.
    assert 200 < int(counts[0][1]) <= 800 and "s left" in frames[0]
    assert counts[-1] == ("600", "600", "100")
    assert frames[-1].startswith("[" + "#" * terminal_progress.WIDTH + "]")
    assert rest.startswith("imported (job ")  # the usual summary, on its own line
    assert Business.objects.count() == 600


def test_piped_output_has_no_progress_line(chamber_a, write_file, small_batches):
    out = _import(write_file([HEADER, *ROWS]), io.StringIO())
    assert "\r" not in out and "rows (" not in out
    assert out.splitlines() == [out.strip()] and out.startswith("imported (job ")


def test_the_line_estimates_the_time_left_and_redraws_at_most_every_fifth_of_a_second():
    assert (
        line(250, 1000, 5.0) == "[######------------------] 250 / 1,000 rows (25%), about 16 s left"
    )
    assert line(1000, 1000, 20.0).endswith("1,000 / 1,000 rows (100%)")
    assert line(40, None, 1.0) == "40 rows"  # total unknown yet
    now = [0.0]
    stream = FakeTerminal()
    progress = TerminalProgress(stream, clock=lambda: now[0])
    progress(10, 100)
    now[0] = 0.1
    progress(20, 100)  # too soon: not drawn
    now[0] = 0.3
    progress(30, 100)
    progress.finish()
    assert stream.getvalue().count("\r") == 2 and "20 / 100" not in stream.getvalue()
    assert stream.getvalue().endswith("\n")
