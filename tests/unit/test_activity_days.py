"""The days an activity runs on, when it is over, and the end time its page shows: an end at
the next day's 00:00 (a New Year's Eve gala to midnight, ``end: 24:00``) ends the day before."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.models import Activity


def activity(start: dt.datetime, end: dt.datetime | None = None, **fields) -> Activity:
    return Activity(id="gala", path="content/activities/gala.md", slug="gala", lines={},
                    title="跨年晚会", start=start, end=end, **fields)


def at(day: str, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute))


def shown(activity: Activity) -> tuple[int, int] | None:
    """The end time the page shows, as (hour, minute)."""
    clock = activity.end_time
    return None if clock is None else (clock.hour, clock.minute)


def test_an_end_at_the_next_days_midnight_ends_the_day_before():
    gala = activity(at("2026-12-31", 20), at("2027-01-01"))
    assert gala.last_day == dt.date(2026, 12, 31)
    assert shown(gala) == (24, 0)
    assert not gala.is_past(at("2026-12-31"))
    assert gala.is_past(at("2027-01-01"))
    assert gala.end_moment == at("2027-01-01")  # DTEND: exclusive, right as it is


def test_a_multi_day_activity_ending_at_midnight_runs_to_24_00_of_the_day_before():
    camp = activity(at("2026-12-29", 18), at("2027-01-01"))
    assert camp.last_day == dt.date(2026, 12, 31)
    assert shown(camp) == (24, 0)
    assert not camp.is_past(at("2026-12-31")) and camp.is_past(at("2027-01-01"))


def test_a_whole_day_from_midnight_to_midnight_is_that_one_day():
    day = activity(at("2026-12-31"), at("2027-01-01"))
    assert day.last_day == dt.date(2026, 12, 31) and shown(day) == (24, 0)


@pytest.mark.parametrize(("start", "end", "fields", "last_day", "end_time"), [
    # Times after midnight belong to the next day.
    (at("2026-12-31", 20), at("2027-01-01", 0, 30), {}, dt.date(2027, 1, 1), (0, 30)),
    # A date-only end is the whole of that day, kept as its 00:00: no time is shown.
    (at("2026-12-31", 20), at("2027-01-01"), {"end_date_only": True}, dt.date(2027, 1, 1), None),
    (at("2026-12-31"), at("2027-01-01"), {"all_day": True, "end_date_only": True}, dt.date(2027, 1, 1), None),
    # An end at 00:00 of the start's own day ends that day.
    (at("2026-12-31"), at("2026-12-31"), {}, dt.date(2026, 12, 31), (0, 0)),
    (at("2026-12-31", 9, 30), at("2026-12-31", 11, 30), {}, dt.date(2026, 12, 31), (11, 30)),
    (at("2026-12-31", 9, 30), None, {}, dt.date(2026, 12, 31), None),
])
def test_other_ends_keep_their_day(start, end, fields, last_day, end_time):
    other = activity(start, end, **fields)
    assert other.last_day == last_day
    assert shown(other) == end_time
    assert not other.is_past(dt.datetime.combine(last_day, dt.time()))
    assert other.is_past(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time()))
