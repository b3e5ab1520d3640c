"""parse_id accepts ASCII digits within BigAutoField's range and nothing else."""

import pytest

from bansou.lib.ids import MAX_ID, parse_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("0042", 42), (str(MAX_ID), MAX_ID), (7, 7)],
)
def test_ids(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "²",
        "١٢",  # Arabic-Indic digits: int() reads them, an id never has them
        "１２",  # full-width
        "abc",
        "-1",
        "+1",
        "0",
        " 1",
        "1\n",
        "1e3",
        "1.0",
        "",
        "\x00",
        "1\x00",
        "99999999999999999999",
        str(MAX_ID + 1),
        None,
        True,
        0,
        -5,
        MAX_ID + 1,
        1.0,
        ["1"],
    ],
)
def test_malformed_ids_are_none(value):
    assert parse_id(value) is None
