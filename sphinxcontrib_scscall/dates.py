"""Dates as authors write them in call decks and events files.

Event dates are ``YYYY-MM-DD`` or one of the ranges ``YYYY-MM-DD/YYYY-MM-DD``,
``YYYY-MM-DD/MM-DD`` and ``YYYY-MM-DD/DD``. A call's date is ``YYYY-MM-DD`` in
metadata, or ``YYYY-MM-DD`` / ``YYYYMMDD`` inside its docname.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_ISO = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
EVENT_DATE_RE = re.compile(
    _ISO + r"(?:/(?:(?:(?P<end_year>\d{4})-)?(?P<end_month>\d{2})-)?(?P<end_day>\d{2}))?"
)
_DOCNAME_DATE_RE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")


class DateError(ValueError):
    """A date that an author wrote but that names no day."""


@dataclass(frozen=True, order=True)
class DateRange:
    start: dt.date
    end: dt.date

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def human(self) -> str:
        """'28 June 2024', '1–2 July 2024', '30 September – 2 October 2024'."""
        start, end = self.start, self.end
        if start == end:
            return f"{start.day} {start:%B %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {end:%B %Y}"
        if start.year == end.year:
            return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
        return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def parse_iso_date(text: str) -> dt.date:
    """Parse exactly ``YYYY-MM-DD``."""
    text = str(text).strip()
    if not re.fullmatch(_ISO, text):
        raise DateError(f"{text!r} is not a date of the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise DateError(f"{text!r} is not a valid day: {err}") from None


def parse_event_date(text: str) -> DateRange:
    """Parse a whole event date (single day or one of the range forms)."""
    text = str(text).strip()
    match = EVENT_DATE_RE.fullmatch(text)
    if not match:
        raise DateError(
            f"{text!r} is not an event date (YYYY-MM-DD, YYYY-MM-DD/YYYY-MM-DD, "
            "YYYY-MM-DD/MM-DD or YYYY-MM-DD/DD)"
        )
    return _range_from_match(match)


def split_event_date(text: str) -> tuple[DateRange, str]:
    """Split ``"2024-07-01/02 Title"`` into the date range and the rest of the text."""
    match = EVENT_DATE_RE.match(text.lstrip())
    if not match or not _ends_word(text.lstrip(), match.end()):
        head = text.strip().split(maxsplit=1)[0] if text.strip() else ""
        raise DateError(f"event item does not start with a date: {head!r}")
    rest = text.lstrip()[match.end() :]
    return _range_from_match(match), rest.lstrip(" :–-\t")


def _ends_word(text: str, pos: int) -> bool:
    return pos == len(text) or not text[pos].isalnum()


def _range_from_match(match: re.Match) -> DateRange:
    try:
        start = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        if match["end_day"] is None:
            return DateRange(start, start)
        end = dt.date(
            int(match["end_year"] or start.year),
            int(match["end_month"] or start.month),
            int(match["end_day"]),
        )
    except ValueError as err:
        raise DateError(f"{match.group(0)!r} is not a valid day: {err}") from None
    if end < start:
        raise DateError(f"{match.group(0)!r} ends before it starts")
    return DateRange(start, end)


def date_from_docname(docname: str) -> dt.date | None:
    """The last ``YYYY-MM-DD`` or ``YYYYMMDD`` in a docname's final part, if it is a real day."""
    basename = docname.rsplit("/", 1)[-1]
    for year, month, day in reversed(_DOCNAME_DATE_RE.findall(basename)):
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None
