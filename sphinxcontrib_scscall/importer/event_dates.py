"""Free-text event dates as deck authors wrote them ("June 28th", "July 1-2",
"October 29/30", "16.-19.10.2023", "2025/11/3-4", "14./15. May 2024").

A missing year comes from the call's date: listed events lie from about six
weeks before the call to about ten months after it, so a December call's
"January 22" is next year's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..dates import EVENT_DATE_RE, DateError, DateRange

MONTHS = {
    "jan": 1, "january": 1, "januar": 1,
    "feb": 2, "february": 2, "februar": 2,
    "mar": 3, "march": 3, "märz": 3, "maerz": 3,
    "apr": 4, "april": 4,
    "may": 5, "mai": 5,
    "jun": 6, "june": 6, "juni": 6,
    "jul": 7, "july": 7, "juli": 7,
    "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "okt": 10, "oktober": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12, "dez": 12, "dezember": 12,
}  # fmt: skip
EARLIEST_BEFORE_CALL = dt.timedelta(days=45)
LATEST_AFTER_CALL = dt.timedelta(days=320)

_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_SEP_WORD = r"(?:-{1,2}|–|—|/|\+|&|\band\b|\bto\b|\buntil\b|\btill\b|\bbis\b)"
# "Feb. 11 – until 12": a dash and a word may join the two days
_SEP = rf"\s*{_SEP_WORD}(?:\s*{_SEP_WORD})?\s*"


def _pattern(template: str) -> re.Pattern:
    fields = {
        "month": _MONTH.format(name="month"),
        "end_month": _MONTH.format(name="end_month"),
        "day": _DAY.format(name="day"),
        "end_day": _DAY.format(name="end_day"),
        "year": _YEAR,
        "sep": _SEP,
    }
    return re.compile(r"(?<![\w.])" + template.format(**fields), re.IGNORECASE)


PATTERNS = (
    # 2024-06-28, 2024-09-24/26 (the contract's own forms)
    re.compile(r"(?<![\w-])" + EVENT_DATE_RE.pattern + r"(?![\w-])"),
    # 2025/11/3-4
    re.compile(
        r"(?<![\w/])(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})"
        r"(?:\s*[-–]\s*(?P<end_day>\d{1,2}))?(?![\w/])"
    ),
    # September 30 - October 2, 2024
    _pattern(r"{month},?\s+{day}{sep}{end_month}\s+{end_day}(?:,?\s+{year})?"),
    # June 28th, July 1-2, Feb, 26 + 27, October 29/30, May 14, 2024
    _pattern(r"{month},?\s+{day}(?:{sep}{end_day})?(?:,?\s+{year})?"),
    # 30 September - 2 October 2024
    _pattern(r"{day}\.?\s+{month}{sep}{end_day}\.?\s+{end_month}(?:,?\s+{year})?"),
    # 28 June, 14./15. May 2024, 5th of October 2023
    _pattern(r"{day}\.?(?:{sep}{end_day}\.?)?\s+(?:of\s+)?{month}(?:,?\s+{year})?"),
    # 30.9.-2.10.2024
    re.compile(
        r"(?<![\w.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.\s*[-–]\s*"
        r"(?P<end_day>\d{1,2})\.(?P<end_month>\d{1,2})\.(?P<year>\d{4})?(?![\w])"
    ),
    # 13.09.2023, 16.-19.10.2023, 26/27.9.2023, 7-9.11.2023, 16.11.
    re.compile(
        r"(?<![\w.])(?P<day>\d{1,2})\.?(?:\s*[-–/+]\s*(?P<end_day>\d{1,2}))?"
        r"\.(?P<month>\d{1,2})\.(?P<year>\d{4})?(?![\w])"
    ),
)


@dataclass(frozen=True)
class FoundDate:
    dates: DateRange
    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


def find_event_date(text: str, call_date: dt.date) -> FoundDate | None:
    """The first date expression in *text*, resolved against *call_date*.

    Raises DateError when the first expression names no real day (e.g. a typo'd year).
    """
    best: re.Match | None = None
    for pattern in PATTERNS:
        match = pattern.search(text)
        if match and (
            best is None
            or match.start() < best.start()
            or (match.start() == best.start() and match.end() > best.end())
        ):
            best = match
    if best is None:
        return None
    return FoundDate(_resolve(best, call_date), best.start(), best.end())


def find_event_dates(text: str, call_date: dt.date) -> FoundDate | None:
    """Every date expression in *text* as one range ("Mar 18 (...) / Mar 19 -- 21 (...)").

    Raises DateError as :func:`find_event_date` does.
    """
    found = []
    position = 0
    while (match := find_event_date(text[position:], call_date)) is not None:
        found.append(FoundDate(match.dates, position + match.start, position + match.end))
        position += match.end
    if not found:
        return None
    start = min(item.dates.start for item in found)
    end = max(item.dates.end for item in found)
    return FoundDate(DateRange(start, end), found[0].start, found[-1].end)


def _month(value: str | None) -> int | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else MONTHS[value.casefold().rstrip(".")]


def _resolve(match: re.Match, call_date: dt.date) -> DateRange:
    fields = match.groupdict()
    month = _month(fields["month"])
    day = int(fields["day"])
    end_month = _month(fields.get("end_month")) or month
    end_day = int(fields["end_day"]) if fields.get("end_day") else day
    year = int(fields["year"]) if fields.get("year") else None
    if year is not None and abs(year - call_date.year) > 2:
        raise DateError(f"{match.group(0)!r}: year {year} is implausible for this call")
    try:
        start = dt.date(year, month, day) if year else _nearest_start(month, day, call_date)
        end_year = start.year + (1 if end_month < month else 0)
        explicit_end_year = fields.get("end_year")
        end = dt.date(int(explicit_end_year or end_year), end_month, end_day)
    except ValueError as err:
        raise DateError(f"{match.group(0)!r} is not a valid day: {err}") from None
    if end < start:
        raise DateError(f"{match.group(0)!r} ends before it starts")
    return DateRange(start, end)


def _nearest_start(month: int, day: int, call_date: dt.date) -> dt.date:
    candidates = []
    for year in (call_date.year - 1, call_date.year, call_date.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError(f"day {day} is out of range for month {month}")
    window = [
        date
        for date in candidates
        if call_date - EARLIEST_BEFORE_CALL <= date <= call_date + LATEST_AFTER_CALL
    ]
    return (window or sorted(candidates, key=lambda date: abs(date - call_date)))[0]
