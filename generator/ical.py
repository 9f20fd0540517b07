"""iCalendar: activities -> ``.ics`` files a phone's calendar can import or subscribe to.

Written with the ``icalendar`` library, which folds lines, escapes text and writes the
VTIMEZONE block for the site's zone. Two rules make updates work:

- the UID of an activity is stable (``<slug>@<host><base path>``), so a calendar that
  imported or subscribed to it replaces the event when the activity changes instead of
  adding a second one;
- nothing depends on the clock (DTSTAMP comes from the content), so two builds of the same
  content are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from .config import SiteConfig
from .models import Activity

PRODID = "-//noticeboard//社区公告栏//ZH"
# Labels inside DESCRIPTION; .ics files are written by the library, not by theme templates.
DESCRIPTION_CHARS = 200
LABELS = {"zh-Hans": ("报名方式", "费用"), "zh-Hant": ("報名方式", "費用"), "en": ("How to sign up", "Fee")}


def event_uid(activity: Activity, config: SiteConfig) -> str:
    """``2026-12-06-birthday@example.org/jinjiang``: unique across sites sharing a host."""
    parts = urlsplit(config.base_url)
    return f"{activity.slug}@{parts.netloc}{parts.path.rstrip('/')}"


def _stamp(activity: Activity, config: SiteConfig) -> dt.datetime:
    """When the event was announced (its ``date``), else its start: from content, never the clock."""
    announced = dt.datetime.combine(activity.date, dt.time()) if activity.date else activity.start
    return announced.replace(tzinfo=config.tz).astimezone(dt.timezone.utc)


def _description(activity: Activity, config: SiteConfig) -> str:
    signup, fee = LABELS.get(config.language, LABELS["zh-Hans"])
    colon = ": " if config.language == "en" else "："
    # A calendar entry is read on a phone's small screen: the summary, or the start of the
    # text, and the link to the whole page (a long text also costs icalendar time to fold).
    text = activity.summary or activity.body_text
    lines = [text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS] + "……"]
    if activity.signup:
        lines.append(f"{signup}{colon}{activity.signup}")
    if activity.fee:
        lines.append(f"{fee}{colon}{activity.fee}")
    lines.append(config.absolute(activity.url))
    return "\n".join(line for line in lines if line)


def event(activity: Activity, config: SiteConfig) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", event_uid(activity, config))
    item.add("dtstamp", _stamp(activity, config))
    item.add("summary", activity.title)
    if activity.all_day:
        last_day = (activity.end or activity.start).date()
        item.add("dtstart", activity.start.date())
        item.add("dtend", last_day + dt.timedelta(days=1))  # DTEND of a DATE event is exclusive
    else:
        item.add("dtstart", activity.start.replace(tzinfo=config.tz))
        end = activity.end or activity.start + dt.timedelta(hours=1)
        item.add("dtend", end.replace(tzinfo=config.tz))
    if activity.location:
        item.add("location", activity.location)
    item.add("description", _description(activity, config))
    item.add("url", config.absolute(activity.url))
    if activity.audience:
        item.add("categories", activity.audience)
    return item


def calendar(activities: Iterable[Activity], config: SiteConfig, name: str) -> bytes:
    """One VCALENDAR holding ``activities``, with the VTIMEZONE their times refer to.

    icalendar writes every component; they are joined here as bytes because each event is
    written once and used twice (its own file and the calendar of all activities), and the
    zone block once for all: serializing is the slow part of icalendar (a 10,000-item site
    spent 10 s on it)."""
    before_name, after_name, tail = _frame(config.timezone)
    events = list(activities)
    parts = [before_name, _name_line(name), after_name]
    if events:
        # Transitions only for the years the events span keep the file small and stable;
        # the zone comes before the events that refer to it, as calendar apps expect.
        first = min(a.start for a in events).year
        last = max(a.start for a in events).year
        parts.append(_vtimezone(config.timezone, first, last))
    parts += [_event_bytes(activity, config) for activity in events]
    return b"".join(parts) + tail


_NAME_PLACEHOLDER = "NAME"


@lru_cache(maxsize=8)
def _frame(zone: str) -> tuple[bytes, bytes, bytes]:
    """The VCALENDAR's own lines, written by icalendar once per zone with a placeholder
    name: (the lines before the name, those after it, the end). Every activity's ``.ics``
    has a calendar of its own, and writing its five lines cost as much as the event itself
    (0.4 ms, 2 s at 10,000 items); only the name line differs between them."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _NAME_PLACEHOLDER)
    cal.add("x-wr-timezone", zone)
    head, tail = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    before_name, after_name = head.split(_name_line(_NAME_PLACEHOLDER))
    return before_name, after_name, b"END:VCALENDAR" + tail


def _name_line(name: str) -> bytes:
    """The X-WR-CALNAME line, escaped and folded by icalendar."""
    part = icalendar.Calendar()
    part.add("x-wr-calname", name)
    return part.to_ical().removeprefix(b"BEGIN:VCALENDAR\r\n").removesuffix(b"END:VCALENDAR\r\n")


_EVENTS: dict[tuple[str, str, str], bytes] = {}


def _event_bytes(activity: Activity, config: SiteConfig) -> bytes:
    """An activity's VEVENT, written once per process for each version of its file and of
    site.yaml (everything the event is made from)."""
    key = (activity.path, activity.digest, config.digest)
    if key not in _EVENTS:
        if len(_EVENTS) > 100_000:  # a long preview session: forget old versions
            _EVENTS.clear()
        _EVENTS[key] = event(activity, config).to_ical()
    return _EVENTS[key]


@lru_cache(maxsize=64)
def _vtimezone(zone: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE block, made once per zone and span: icalendar scans the zone's offsets
    hour by hour to find transitions (about 90 ms a call), and every activity's own .ics
    needs the same block."""
    return icalendar.Timezone.from_tzinfo(
        ZoneInfo(zone), first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31)
    ).to_ical()


def activity_ics(activity: Activity, config: SiteConfig) -> bytes:
    return calendar([activity], config, activity.title)


def all_activities_ics(activities: Iterable[Activity], config: SiteConfig) -> bytes:
    return calendar(activities, config, config.title)
