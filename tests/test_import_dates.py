import datetime as dt

import pytest

from sphinxcontrib_scscall.dates import DateError
from sphinxcontrib_scscall.importer.event_dates import find_event_date

CALL = dt.date(2024, 6, 27)


@pytest.mark.parametrize(
    ("text", "expected", "found"),
    [
        ("June 28th Tech Talk", "2024-06-28", "June 28th"),
        ("July 1-2 Community Day", "2024-07-01/2024-07-02", "July 1-2"),
        ("July 9+10 Symposium", "2024-07-09/2024-07-10", "July 9+10"),
        ("September 24-26 Conference", "2024-09-24/2024-09-26", "September 24-26"),
        ("October 29/30: Summit", "2024-10-29/2024-10-30", "October 29/30"),
        ("2025/11/3-4 Forum", "2025-11-03/2025-11-04", "2025/11/3-4"),
        ("Feb, 26 + 27: Fair", "2025-02-26/2025-02-27", "Feb, 26 + 27"),
        ("Fair – Town, 16.-19.10.2024, talk", "2024-10-16/2024-10-19", "16.-19.10.2024"),
        ("Town, 26/27.9.2024, panel", "2024-09-26/2024-09-27", "26/27.9.2024"),
        ("Hackathon, 5th of October 2024", "2024-10-05", "5th of October 2024"),
        ("Berlin, 14./15. May 2025 link", "2025-05-14/2025-05-15", "14./15. May 2025"),
        ("September 30 - October 2 Expo", "2024-09-30/2024-10-02", "September 30 - October 2"),
        ("2024-09-24/26 Already ISO", "2024-09-24/2024-09-26", "2024-09-24/26"),
        ("Anyone at the Fair March 11-13?", "2025-03-11/2025-03-13", "March 11-13"),
    ],
)
def test_free_text_dates(text, expected, found):
    result = find_event_date(text, CALL)
    assert str(result.dates) == expected
    assert result.text_of(text) == found


def test_year_rolls_over_at_new_year():
    december_call = dt.date(2024, 12, 19)
    assert str(find_event_date("January 22 Meetup", december_call).dates) == "2025-01-22"
    assert str(find_event_date("December 30 - January 2", december_call).dates) == (
        "2024-12-30/2025-01-02"
    )


def test_recent_past_stays_in_the_calls_year():
    assert str(find_event_date("June 20 Meetup", CALL).dates) == "2024-06-20"


@pytest.mark.parametrize(
    "text", ["March 2024 retro", "12. Congress", "version 3.9 out", "Lot 10-3"]
)
def test_no_date(text):
    assert find_event_date(text, CALL) is None


@pytest.mark.parametrize("text", ["Day, 16.11.2924, typo", "February 30 party"])
def test_impossible_dates(text):
    with pytest.raises(DateError):
        find_event_date(text, CALL)
