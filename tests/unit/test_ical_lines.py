"""The .ics lines generator/ical.py writes itself are byte-identical to what icalendar writes.

ical.py writes each activity's VEVENT and each calendar's X-WR-CALNAME line without
icalendar, for speed. The reference here is the icalendar code it replaced: every property
added to an ``icalendar.Event`` and written by ``to_ical()``. Compared on generated
activities (Chinese, ASCII and mixed text of many lengths, so folds land at every byte
offset and inside multi-byte characters; text with the characters TEXT escapes; all-day
and timed, ends with a time or a date alone, with and without the optional fields;
several zones and languages) and on arbitrary text from hypothesis.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import ical
from generator.bodies import Body
from generator.config import SiteConfig
from generator.models import Activity

ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "America/New_York", "Europe/London",
         "Australia/Lord_Howe", "America/Argentina/Buenos_Aires", "UTC", "Etc/UTC")
LANGUAGES = ("zh-Hans", "zh-Hant", "en")
BASE_URLS = ("https://example.org/jinjiang/", "https://example.org/", "http://localhost:8000/a/b/")

CHINESE = "社区居民活动中心报名费用免费老年大学书法班汇报展暨新学员招募第二期周末亲子手工课讲座"
ASCII = "Community yoga class in the park 09:30 bring water"
# What TEXT escapes or folding treats apart (escapes, line breaks, the caret) and characters
# of 2, 3 and 4 UTF-8 octets, so a fold can fall inside any of them.
SPECIAL = ["\\", ";", ",", "\n", "\r\n", "\r", "\\N", "\\n", "^", "é", "，", "；", "😀", ":", '"']


def reference_event(activity: Activity, config: SiteConfig) -> bytes:
    """The VEVENT as icalendar wrote it before ical.py wrote it itself."""
    item = icalendar.Event()
    item.add("uid", ical.event_uid(activity, config))
    item.add("dtstamp", ical._stamp(activity, config))
    item.add("summary", activity.marked_title(config.language))
    if activity.all_day:
        last_day = (activity.end or activity.start).date()
        item.add("dtstart", activity.start.date())
        item.add("dtend", last_day + dt.timedelta(days=1))
    else:
        item.add("dtstart", activity.start.replace(tzinfo=config.tz))
        end = activity.end or activity.start + dt.timedelta(hours=1)
        if activity.end_date_only:  # ``end: 2026-12-15`` runs to the end of that day
            end = end + dt.timedelta(days=1)
        item.add("dtend", end.replace(tzinfo=config.tz))
    if activity.location:
        item.add("location", activity.location)
    item.add("description", ical._description(activity, config))
    item.add("url", config.absolute(activity.url))
    if activity.cancelled or activity.rescheduled_days:
        item.add("sequence", activity.cancelled + len(activity.rescheduled_days))
    if activity.cancelled:
        item.add("status", "CANCELLED")
    if activity.audience:
        item.add("categories", activity.audience)
    return item.to_ical()


def reference_name_line(name: str) -> bytes:
    part = icalendar.Calendar()
    part.add("x-wr-calname", name)
    return part.to_ical().removeprefix(b"BEGIN:VCALENDAR\r\n").removesuffix(b"END:VCALENDAR\r\n")


def site_config(zone: str = "Asia/Shanghai", language: str = "zh-Hans",
                base_url: str = BASE_URLS[0]) -> SiteConfig:
    # The digest stands for site.yaml's: ical.py keeps each written event under it.
    return SiteConfig(root=Path("."), title="测试社区公告栏", base_url=base_url, language=language,
                      timezone=zone, digest=f"{zone} {language} {base_url}")


def activity(title: str, start: dt.datetime, **fields) -> Activity:
    slug = fields.pop("slug", "2026-12-06-activity")
    return Activity(id=slug, path=f"content/activities/{slug}.md", slug=slug, lines={},
                    title=title, start=start, **fields)


def some_text(rng: random.Random, most: int) -> str:
    """Runs of Chinese, ASCII and special characters, up to ``most`` characters."""
    pieces = []
    while sum(map(len, pieces)) < rng.randint(0, most):
        kind = rng.random()
        if kind < 0.45:
            at = rng.randrange(len(CHINESE))
            pieces.append(CHINESE[at:at + rng.randint(1, 20)])
        elif kind < 0.8:
            at = rng.randrange(len(ASCII))
            pieces.append(ASCII[at:at + rng.randint(1, 25)])
        else:
            pieces.append(rng.choice(SPECIAL))
    return "".join(pieces)


def generated_activity(rng: random.Random) -> Activity:
    start = dt.datetime(2026, 1, 1) + dt.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60),
                                                    seconds=rng.choice([0, 0, 0, 15]))
    all_day = rng.random() < 0.3
    if all_day:
        start = dt.datetime.combine(start.date(), dt.time())
    end = start + dt.timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.6 else None
    end_date_only = end is not None and rng.random() < 0.25  # ``end: 2026-12-15``, kept as its 00:00
    if end_date_only:
        end = dt.datetime.combine(end.date(), dt.time())
    summary = some_text(rng, 250) if rng.random() < 0.7 else ""
    made = activity(
        some_text(rng, 60) or "标题", start, end=end, all_day=all_day, end_date_only=end_date_only,
        slug=f"2026-12-06-{rng.randrange(10**6)}" + "-x" * rng.randint(0, 30),
        date=(start - dt.timedelta(days=rng.randint(0, 30))).date() if rng.random() < 0.7 else None,
        summary=summary, body=Body("", some_text(rng, 400)),
        location=some_text(rng, 80) if rng.random() < 0.7 else "",
        audience=[some_text(rng, 8) or "居民" for _ in range(rng.choice([0, 0, 1, 2, 3]))],
        signup=some_text(rng, 60) if rng.random() < 0.5 else "",
        fee=some_text(rng, 20) if rng.random() < 0.5 else "",
    )
    # Drawn last, so the activities above are those drawn before cancellations were written.
    if rng.random() < 0.25:
        made.cancelled, made.cancelled_reason = True, some_text(rng, 40) if rng.random() < 0.7 else ""
    if rng.random() < 0.25:  # moved from another day (drawn after cancellations, for the same reason)
        made.rescheduled_days = tuple((start - dt.timedelta(days=rng.randint(1, 30))).date()
                                      for _ in range(rng.choice([1, 1, 2, 3])))
    return made


@pytest.mark.parametrize("zone", ZONES)
def test_generated_activities_are_written_as_icalendar_writes_them(zone):
    rng = random.Random(zone)
    for number in range(400):
        config = site_config(zone, rng.choice(LANGUAGES), rng.choice(BASE_URLS))
        item = generated_activity(rng)
        assert ical._vevent(item, config) == reference_event(item, config), (zone, number, item)


@pytest.mark.parametrize("filler", ["中", "é", "😀", "a"])
@pytest.mark.parametrize("special", ["", "\\", ",", ";", "^", "\n", "中", "😀"])
def test_a_fold_at_every_byte_offset(filler, special):
    """A special character at each position around the first folds, after a run of a
    character of 1 to 4 octets."""
    config = site_config()
    for offset in range(0, 160):
        title = "a" * (offset % 4) + filler * (offset // 4) + special + "社区活动" * 20
        item = activity(title, dt.datetime(2026, 12, 6, 9, 30), location=title[::-1])
        assert ical._vevent(item, config) == reference_event(item, config), (offset, title)


@settings(max_examples=300, deadline=None)
@given(title=st.text(min_size=1), location=st.text(), audience=st.lists(st.text(min_size=1), max_size=3),
       summary=st.text(), zone=st.sampled_from(ZONES), all_day=st.booleans())
def test_any_text_is_written_as_icalendar_writes_it(title, location, audience, summary, zone, all_day):
    config = site_config(zone)
    item = activity(title, dt.datetime(2026, 12, 6, 0 if all_day else 9, 30 * (not all_day)),
                    all_day=all_day, location=location, audience=audience, summary=summary)
    assert ical._vevent(item, config) == reference_event(item, config)


@settings(max_examples=300, deadline=None)
@given(name=st.text().filter(lambda name: "\n" not in name and "\r" not in name))
def test_the_calendar_name_line_is_icalendars(name):
    assert ical._name_line(name) == reference_name_line(name)


def test_a_line_break_in_the_calendar_name_is_written_escaped():
    """icalendar refuses to write it (the name's type is unknown to it, so not escaped)."""
    with pytest.raises(AssertionError):
        reference_name_line("社区\n活动")
    assert ical._name_line("社区\n活动") == "X-WR-CALNAME:社区\\n活动\r\n".encode()
    # A bare carriage return (a quoted "\r" in site.yaml) would end the line for some readers.
    for written in ("社区\r活动", "社区\r\n活动"):
        assert ical._name_line(written) == "X-WR-CALNAME:社区\\n活动\r\n".encode()


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_a_whole_calendar_is_the_one_icalendar_writes(zone):
    """The frame, zone block and events joined as bytes equal one icalendar Calendar."""
    rng = random.Random(7)
    config = site_config(zone)
    items = [generated_activity(rng) for _ in range(20)]
    whole = icalendar.Calendar()
    for name, value in [("prodid", ical.PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                        ("x-wr-calname", config.title), ("x-wr-timezone", zone)]:
        whole.add(name, value)
    # calendar.ics is the one phones subscribe to: it says how often to fetch it again.
    whole.add("refresh-interval", icalendar.vDuration.from_ical(ical.REFRESH), parameters={"VALUE": "DURATION"})
    whole.add("x-published-ttl", ical.REFRESH)
    years = [item.start.year for item in items]
    whole.add_component(icalendar.Timezone.from_ical(ical._vtimezone(zone, min(years), max(years))))
    for item in items:
        whole.add_component(icalendar.Event.from_ical(reference_event(item, config)))
    assert ical.all_activities_ics(items, config) == whole.to_ical()
