"""`scscall new` driven by the call schedule and the lightning-talks calendar."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.commands.new import NoDateError, new_deck
from sphinxcontrib_scscall.config import read_settings
from sphinxcontrib_scscall.schedule import host_name
from sphinxcontrib_scscall.testing import build, write_project

SCHEDULE = """\
---
  Date:
    begin: 2031-01-02
    end: 2031-12-31
    day: "Thursday"
  Coordinators:
    "alpha": "Alex Example - alpha[at]example.org"
    "beta": "Bea Example - beta@example.org"
  Except:
    - "2031-01-09"  # winter break
  Statics:
    "2031-01-16": "alpha"
    "2031-01-23": "beta"
"""
TALKS = """\
name: Lightning Talks
timezone: Europe/Berlin

events:
  - summary: "Example operator tooling"
    begin: 2031-01-16 15:45:00
    duration:
      minutes: 15
    description: |
      A short tour of tooling that makes day-2 operations of an SCS cloud easier.
    location: "https://example.org/jitsi/SCS-Tech"
"""
CONF = (
    'extensions = ["sphinxcontrib_scscall"]\nscscall_search = "sphinx"\n'
    'scscall_schedule = "schedule.yml"\nscscall_lightning_talks = "talks.yml"\n'
)


def project(root: Path, schedule: str = SCHEDULE) -> Path:
    return write_project(root, {"schedule.yml": schedule, "talks.yml": TALKS}, conf=CONF)


def schedule_data(text: str = SCHEDULE) -> dict:
    return yaml.safe_load(text)


def scheduled_dates(data: dict) -> list[dt.date]:
    """The schedule's call dates, walked day by day (independently of the code under test)."""
    day, end = data["Date"]["begin"], data["Date"]["end"]
    skipped = {dt.date.fromisoformat(d) for d in data["Except"]}
    dates = []
    while day <= end:
        if day.strftime("%A") == data["Date"]["day"] and day not in skipped:
            dates.append(day)
        day += dt.timedelta(days=1)
    return dates


def coordinator_name(data: dict, date: dt.date) -> str | None:
    key = data["Statics"].get(date.isoformat())
    return data["Coordinators"][key].split(" - ")[0] if key else None


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text().split("---\n")[1])


def test_without_a_date_the_first_free_scheduled_date_on_or_after_today(tmp_path):
    root = project(tmp_path)
    data = schedule_data()
    today = data["Date"]["begin"]
    out = root / "community-calls"
    first = new_deck(out, read_settings(root), today=today)
    dates = scheduled_dates(data)
    assert first.name == f"{dates[0]}.md"
    # the Except date is skipped; a date with a deck is taken
    second = new_deck(out, read_settings(root), today=today)
    assert second.name == f"{dates[1]}.md"
    assert dt.date.fromisoformat(data["Except"][0]) not in {dates[0], dates[1]}
    assert dates[0] < dt.date.fromisoformat(data["Except"][0]) < dates[1]


def test_the_host_is_the_coordinators_name_never_the_address_or_key(tmp_path):
    root = project(tmp_path)
    data = schedule_data()
    for date_text, key in data["Statics"].items():
        date = dt.date.fromisoformat(date_text)
        path = new_deck(root / "community-calls", read_settings(root), date)
        meta = front_matter(path)
        assert meta["call-host"] == coordinator_name(data, date)
        assert "call-presenter" not in meta
        address = data["Coordinators"][key].split(" - ")[1]
        text = path.read_text()
        assert address not in text and "@" not in text.replace("{gh}`", "")
        assert not re.search(rf"\b{key}\b", text)


def test_a_date_without_a_coordinator_has_no_host(tmp_path):
    root = project(tmp_path)
    data = schedule_data()
    unassigned = next(d for d in scheduled_dates(data) if d.isoformat() not in data["Statics"])
    path = new_deck(root / "community-calls", read_settings(root), unassigned)
    assert "call-host" not in front_matter(path)


def test_a_date_in_except_is_written_with_a_warning(tmp_path):
    root = project(tmp_path)
    skipped = dt.date.fromisoformat(schedule_data()["Except"][0])
    warnings = []
    path = new_deck(root / "community-calls", read_settings(root), skipped, warn=warnings.append)
    assert path.is_file()
    assert len(warnings) == 1 and str(skipped) in warnings[0] and "Except" in warnings[0]


def test_no_scheduled_date_left_asks_for_a_date_exit_2_nothing_written(tmp_path, capsys):
    root = project(tmp_path)
    end = schedule_data()["Date"]["end"]
    out = root / "community-calls"
    with pytest.raises(NoDateError):
        new_deck(out, read_settings(root), today=end + dt.timedelta(days=1))
    assert not out.exists()
    # the command line, with a schedule that ended yesterday
    yesterday = dt.date.today() - dt.timedelta(days=1)
    ended = SCHEDULE.replace("end: 2031-12-31", f"end: {yesterday}").replace(
        "begin: 2031-01-02", f"begin: {yesterday - dt.timedelta(days=30)}"
    )
    (root / "schedule.yml").write_text(ended)
    assert main(["new", "--out", str(out), "--conf", str(root)]) == 2
    assert "DATE" in capsys.readouterr().err
    assert not out.exists()


def test_the_lightning_talk_of_the_day_becomes_its_slide(tmp_path):
    root = project(tmp_path)
    talk = yaml.safe_load(TALKS)["events"][0]
    path = new_deck(root / "community-calls", read_settings(root), talk["begin"].date())
    text = path.read_text()
    slide = text[text.index("## Lightning talk") :]
    assert slide.splitlines()[0] == f"## Lightning talk: {talk['summary']}"
    end = talk["begin"] + dt.timedelta(minutes=talk["duration"]["minutes"])
    assert f"{talk['begin']:%H:%M}–{end:%H:%M}" in slide
    assert talk["description"].strip() in slide
    other = new_deck(root / "community-calls", read_settings(root), dt.date(2031, 1, 30))
    assert "Lightning talk" not in other.read_text()


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_the_new_deck_builds_and_shows_the_host_and_the_talk(tmp_path, builder):
    root = project(tmp_path)
    talk = yaml.safe_load(TALKS)["events"][0]
    date = talk["begin"].date()
    path = new_deck(root / "community-calls", read_settings(root), date)
    result = build(root, builder)
    assert result.warning_lines() == []
    soup = result.html(f"community-calls/{path.stem}")
    assert soup.select_one(".scscall-host").get_text() == coordinator_name(schedule_data(), date)
    headings = [h.get_text(" ", strip=True).rstrip("¶ ") for h in soup.find_all(["h1", "h2"])]
    assert f"Lightning talk: {talk['summary']}" in headings
    assert soup.find("a", href=talk["location"]) is not None


BAD_SCHEDULES = {
    "unknown coordinator": (SCHEDULE.replace('"beta"\n', '"gamma"\n'), '"gamma"'),
    "unknown key": (SCHEDULE + "  Holidays: []\n", "Holidays"),
    "bad except date": (SCHEDULE.replace('"2031-01-09"', '"2031-02-30"'), "2031-02-30"),
    "coordinator without a name": (SCHEDULE.replace("Bea Example - ", ""), '"beta":'),
}


@pytest.mark.parametrize("case", BAD_SCHEDULES)
def test_bad_schedule_input_is_a_message_with_file_and_line(tmp_path, capsys, case):
    text, needle = BAD_SCHEDULES[case]
    root = project(tmp_path, text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)
    status = main(["new", "2031-01-30", "--out", str(root / "cc"), "--conf", str(root)])
    assert status == 0
    err = capsys.readouterr().err
    assert f"schedule.yml:{line}:" in err
    assert "Traceback" not in err


def test_a_schedule_without_date_needs_a_date(tmp_path, capsys):
    root = project(tmp_path, "Coordinators: {}\n")
    assert main(["new", "--out", str(root / "cc"), "--conf", str(root)]) == 2
    err = capsys.readouterr().err
    assert "schedule.yml:1:" in err and "'Date'" in err
    assert not (root / "cc").exists()


def test_cli_without_date_uses_the_schedule_from_today(tmp_path, capsys):
    today = dt.date.today()
    day = today + dt.timedelta(days=3)
    schedule = (
        f"Date:\n  begin: {today}\n  end: {today + dt.timedelta(days=30)}\n"
        f"  day: {day:%A}\nExcept: []\nStatics: {{}}\nCoordinators: {{}}\n"
    )
    root = project(tmp_path, schedule)
    assert main(["new", "--out", str(root / "cc"), "--conf", str(root)]) == 0
    assert capsys.readouterr().out.strip().endswith(f"{day}.md")


@pytest.mark.parametrize(
    ("entry", "name"),
    [
        ("Alex Example - alpha[at]example.org", "Alex Example"),
        ("Bea Example - bea@example.org", "Bea Example"),
        ("Chris Example <chris@example.org>", "Chris Example"),
        ("dana@example.org", None),
    ],
)
def test_host_names_never_keep_an_address(entry, name):
    assert host_name(entry) == name


def test_a_date_with_an_rst_deck_is_taken(tmp_path):
    root = project(tmp_path)
    data = schedule_data()
    out = root / "community-calls"
    dates = scheduled_dates(data)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{dates[0]}.rst").write_text(f":call-date: {dates[0]}\n\nCall\n====\n")
    assert new_deck(out, read_settings(root), today=data["Date"]["begin"]).name == f"{dates[1]}.md"
