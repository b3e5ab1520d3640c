"""Hypothesis on the plan's import kinds: any file ends in a clean import or a list of row
problems — never an exception, never a partial write (issue #5, as for the other kinds)."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bansou.accounts.models import Role
from bansou.dataio.tests.test_fuzz import (
    CELL,
    ENCODING,
    FUZZ,
    check_all_or_nothing,
    encode_rows,
    import_path,
)
from bansou.evaluation.models import DevelopmentPlan, ManualActual, PlanItem, PlanItemTarget
from bansou.testing import make_user

from .test_import_definition import SMALL

pytestmark = pytest.mark.django_db

ACTUAL_HEADERS = [
    ["行キー", "年度", "基準日", "実績", "根拠"],
    ["実績ID", "計画コード", "実施事業", "対象年度", "日付", "実績", "根拠"],
]
KEYS = st.sampled_from(["sme-survey", "lobo-survey", "mienaresas", "analyses", "none", ""])
YEARS = st.sampled_from(["令和6年度", "R6", "2024", "2023年度", "FY2030", "令和元年度", ""])
DAYS = st.sampled_from(["令和6年6月30日", "R6.9.31", "2024/12/31", "20240331", "45383", ""])


@pytest.fixture
def lead_a(chamber_a):
    return make_user(chamber_a, Role.LEAD_ADVISOR, "lead-a")


@FUZZ
@given(
    header=st.sampled_from(ACTUAL_HEADERS),
    rows=st.lists(
        st.tuples(
            st.one_of(KEYS, CELL), st.one_of(YEARS, CELL), st.one_of(DAYS, CELL), CELL, CELL,
            CELL, CELL,
        ).map(list),
        max_size=10,
    ),
    encoding=ENCODING,
)  # fmt: skip
def test_actuals_import_is_all_or_nothing(header, rows, encoding, kawaguchi_plan, lead_a, tmp_path):
    path = tmp_path / f"{uuid.uuid4()}.csv"
    path.write_bytes(encode_rows([header, *(row[: len(header)] for row in rows)], encoding))
    before = ManualActual.objects.count()
    result = import_path(path, "plan_actuals", lead_a.organization, lead_a)
    check_all_or_nothing(result, before, ManualActual.objects.count())


def _plan_rows() -> int:
    return DevelopmentPlan.objects.count() + PlanItem.objects.count()


@FUZZ
@given(
    edits=st.lists(
        st.tuples(
            st.integers(1, len(SMALL) - 1),
            st.integers(0, len(SMALL[0]) - 1),
            st.one_of(CELL, st.sampled_from(["{count: nothing}", "随時", "－", "2025/3/31"])),
        ),
        max_size=6,
    ),
    encoding=ENCODING,
)
def test_definition_import_is_all_or_nothing(edits, encoding, chamber_a, admin_a, tmp_path):
    rows = [list(row) for row in SMALL]
    for row, column, value in edits:
        rows[row][column] = value
    path = tmp_path / f"{uuid.uuid4()}.csv"
    path.write_bytes(encode_rows(rows, encoding))
    before = (_plan_rows(), PlanItemTarget.objects.count())
    result = import_path(path, "plan_definitions", chamber_a, admin_a)
    after = (_plan_rows(), PlanItemTarget.objects.count())
    if result is not None and result.committed:
        assert result.error_count == 0
    else:
        assert after == before  # refused: not a plan, a row or a target written
