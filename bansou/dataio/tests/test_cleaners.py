"""Cell cleaners: CSV text and xlsx values become stored values, or a Japanese message."""

from datetime import date, datetime, time

import pytest

from bansou.dataio import cleaners
from bansou.dataio.cleaners import CellError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("令和6年4月1日", date(2024, 4, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("R06/04/01", date(2024, 4, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("２０２４／４／１", date(2024, 4, 1)),
        (45383, date(2024, 4, 1)),  # an Excel serial number from an xlsx cell
        (45383.0, date(2024, 4, 1)),
        (datetime(2024, 4, 1, 9, 30), date(2024, 4, 1)),
    ],
)
def test_days(raw, expected):
    assert cleaners.day(raw) == expected


@pytest.mark.parametrize("raw", ["2024/4/31", "令和0年1月1日", "R1.4.30", True, 45383.5, "来週"])
def test_impossible_days_are_refused(raw):
    with pytest.raises(CellError):
        cleaners.day(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１，０６８", 1068),
        ("▲1,234", -1234),
        ("△５", -5),
        ("(1,234)", -1234),
        (12.0, 12),
        ("5人", 5),
    ],
)
def test_money_and_counts(raw, expected):
    assert cleaners.money(raw) == expected


@pytest.mark.parametrize("raw", ["1,500千円", "12.5", 12.5, "1,23", True, "10" * 20])
def test_bad_numbers_are_refused(raw):
    with pytest.raises(CellError):
        cleaners.money(raw)


def test_counts_are_never_negative():
    with pytest.raises(CellError):
        cleaners.count("▲1")


def test_corporate_number_from_a_number_cell_and_with_hyphens():
    assert cleaners.corporate_number(7000012050002) == "7000012050002"
    assert cleaners.corporate_number(7000012050002.0) == "7000012050002"
    assert cleaners.corporate_number("7-0000-1205-0002") == "7000012050002"
    with pytest.raises(CellError, match="指数"):
        cleaners.corporate_number("7.00001E+12")
    with pytest.raises(CellError, match="チェックデジット"):
        cleaners.corporate_number("1000012050002")


def test_phone_and_postal_code_lose_no_leading_zero():
    assert cleaners.phone(482282220) == "0482282220"
    assert cleaners.phone("０４８－２２８－２２２０") == "048-228-2220"
    assert cleaners.postal_code(600001) == "060-0001"
    assert cleaners.postal_code("〒332-0012") == "332-0012"


@pytest.mark.parametrize(
    ("raw", "expected"), [("○", True), ("はい", True), ("×", False), ("FALSE", False), (1, True)]
)
def test_booleans(raw, expected):
    assert cleaners.boolean(raw) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14:30", time(14, 30)),
        ("１４時３０分", time(14, 30)),
        (0.5, time(12)),
        (time(9, 5), time(9, 5)),
    ],
)
def test_times(raw, expected):
    assert cleaners.time_of_day(raw) == expected


def test_choice_accepts_codes_and_labels_in_both_languages():
    from bansou.support.choices import Channel

    clean = cleaners.choice(Channel.choices, {"巡回": "visit"})
    assert clean("visit") == clean("Visit") == clean("巡回") == "visit"
    with pytest.raises(CellError, match="伝書鳩"):
        clean("伝書鳩")


def test_display_is_wareki():
    assert cleaners.display(date(2019, 5, 1)) == "令和元年5月1日"
    assert cleaners.display(1068) == "1,068"


def test_a_record_id_is_as_large_as_the_database_makes_it():
    # Ids of a busy chamber pass 32,767 soon; an export's ID column must import back.
    assert cleaners.record_id("77667") == 77667
    assert cleaners.record_id("１２３４５６７") == 1234567
    for bad in ("0", "-3", "1.5", "abc"):
        with pytest.raises(CellError):
            cleaners.record_id(bad)
