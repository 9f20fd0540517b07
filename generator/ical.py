"""iCalendar: activities -> ``.ics`` files a phone's calendar can import or subscribe to.

The parts written once (the VCALENDAR frame, the VTIMEZONE block for the site's zone) are
written by the ``icalendar`` library; the lines written for every activity are written here,
byte for byte as icalendar writes them (see ``_vevent``). Two rules make updates work:

- the UID of an activity is stable (``<slug>@<host><base path>``), so a calendar that
  imported or subscribed to it replaces the event when the activity changes instead of
  adding a second one;
- nothing depends on the clock (DTSTAMP comes from the content, capped at the build's
  today), so two builds of the same content on the same day are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .buildstate import code_version
from .cachefiles import load_pickle, save_pickle
from .config import SiteConfig
from .datewords import DateWords
from .markup import text_lines
from .models import Activity, worded_fee

PRODID = "-//noticeboard//社区公告栏//ZH"
EVENTS_FILE = "calendar-events.pickle"  # in the cache folder: see all_activities_ics
# Labels inside DESCRIPTION; .ics files are written here, not by theme templates.
DESCRIPTION_CHARS = 200
LABELS = {"zh-Hans": ("报名方式", "费用"), "zh-Hant": ("報名方式", "費用"), "en": ("How to sign up", "Fee")}
# A fee written as a number, in words there (models.worded_fee): free, and an amount for {n}.
# The default theme's fee_free and fee_amount, as LABELS are its signup and fee.
FEE_WORDS = {"zh-Hans": ("免费", "{n} 元"), "zh-Hant": ("免費", "{n} 元"), "en": ("Free", "¥{n}")}
# The line of DESCRIPTION saying it moved, {date}: the day first announced (rescheduled_from);
# moved more than once, the second words, {later}: the last day it was moved to before its start.
RESCHEDULED_WORDS = {"zh-Hans": ("已改期，原定 {date}", "已改期，原定 {date}，后改 {later}"),
                     "zh-Hant": ("已改期，原定 {date}", "已改期，原定 {date}，後改 {later}"),
                     "en": ("Rescheduled: first announced for {date}",
                            "Rescheduled: first announced for {date}, then for {later}")}


def event_uid(activity: Activity, config: SiteConfig) -> str:
    """``2026-12-06-birthday@example.org/jinjiang``: unique across sites sharing a host."""
    parts = urlsplit(config.base_url)
    return f"{activity.slug}@{parts.netloc}{parts.path.rstrip('/')}"


def _stamp(activity: Activity, config: SiteConfig) -> dt.datetime:
    """When the event was announced, or cancelled (see Activity.updated): from content and
    the build's today, never the clock."""
    announced = activity.updated or activity.announced or (
        dt.datetime.combine(activity.date, dt.time()) if activity.date else activity.start)
    return announced.replace(tzinfo=config.tz).astimezone(dt.timezone.utc)


_CUT_ENTITY = re.compile(r"&#?\w*$")


def _head(body_html: str) -> str:
    """The start of a body's HTML, enough for DESCRIPTION_CHARS of text, without a tag or an
    entity (``&amp;``) cut in two."""
    head = body_html[: DESCRIPTION_CHARS * 4]  # markup is a fraction of a body's HTML
    if len(head) < len(body_html):
        cut = head.rfind("<")
        head = head[:cut] if cut > head.rfind(">") else head
        head = _CUT_ENTITY.sub("", head)
    return head


def _description(activity: Activity, config: SiteConfig) -> str:
    signup, fee = LABELS.get(config.language, LABELS["zh-Hans"])
    colon = ": " if config.language == "en" else "："
    # A calendar entry is read on a phone's small screen: the summary, or the start of the
    # text, and the link to the whole page (a long text also costs time to fold).
    text, cut = activity.summary, False
    if not text:
        body = activity.body_html
        head = _head(body)
        text, cut = text_lines(head), len(head) < len(body)
    lines = [text[:DESCRIPTION_CHARS] + "……" if len(text) > DESCRIPTION_CHARS or cut and text else text]
    if activity.rescheduled_days:  # first: a resident who put the old day in the phone looks for why it moved
        words = RESCHEDULED_WORDS.get(config.language, RESCHEDULED_WORDS["zh-Hans"])
        lines.insert(0, DateWords(config.language, {}).rescheduled_words(activity, *words))
    if activity.cancelled:  # first, and no way to sign up
        lines.insert(0, activity.cancellation_text(config.language))
    elif activity.signup:
        lines.append(f"{signup}{colon}{activity.signup}")
    if activity.fee:
        free, amount = FEE_WORDS.get(config.language, FEE_WORDS["zh-Hans"])
        lines.append(f"{fee}{colon}{worded_fee(activity.fee, free, amount)}")
    lines.append(config.absolute(activity.url))
    return "\n".join(line for line in lines if line)


def calendar(activities: Iterable[Activity], config: SiteConfig, name: str, subscribed: bool = False) -> bytes:
    """One VCALENDAR holding ``activities``, with the VTIMEZONE their times refer to;
    ``subscribed``: phones subscribe to it, and are told how often to fetch it again.

    The parts are joined here as bytes because each event is written once and used twice
    (its own file and the calendar of all activities), and the zone block once for all."""
    events = list(activities)
    return _calendar_of(events, [_event_bytes(activity, config) for activity in events], config, name, subscribed)


# How often a phone that subscribed to calendar.ics should fetch it again (RFC 7986's
# REFRESH-INTERVAL, and X-PUBLISHED-TTL, which Outlook and Apple's calendars read). Without
# them a calendar app keeps its own pace, up to a week for some, and a cancelled or moved
# activity reaches residents too late; the site is rebuilt daily and by hand on any change.
REFRESH = "PT3H"
_REFRESH_LINES = (f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}\r\n"
                   f"X-PUBLISHED-TTL:{REFRESH}\r\n").encode()


def _calendar_of(events: list[Activity], written: list[bytes], config: SiteConfig, name: str,
                 subscribed: bool = False) -> bytes:
    """The VCALENDAR of ``events``, whose VEVENTs are ``written``; ``subscribed``: the one
    phones subscribe to, which says how often to fetch it again."""
    before_name, after_name, tail = _frame(config.timezone)
    # Where icalendar puts them: after the canonical properties (X-WR-CALNAME among them),
    # the others alphabetically, so before X-WR-TIMEZONE.
    parts = [before_name, _name_line(name), _REFRESH_LINES if subscribed else b"", after_name]
    if events:
        # Transitions only for the years the events span keep the file small and stable;
        # the zone comes before the events that refer to it, as calendar apps expect. The
        # span runs to the last end, not the last start: a course from December to April
        # ends in the next year's summer time, which a calendar that reads the block (not
        # the TZID's name) would take for winter time without that year's transitions.
        first = min(a.start for a in events).year
        last = max((a.end_moment or a.start).year for a in events)
        parts.append(_vtimezone(config.timezone, first, last))
    parts += written
    return b"".join(parts) + tail


_NAME_PLACEHOLDER = "NAME"


@lru_cache(maxsize=8)
def _frame(zone: str) -> tuple[bytes, bytes, bytes]:
    """The VCALENDAR's own lines, written by icalendar once per zone with a placeholder
    name: (the lines before the name, those after it, the end). Every activity's ``.ics``
    has a calendar of its own, and writing its five lines cost as much as the event itself
    (0.4 ms, 2 s at 10,000 items); only the name line differs between them."""
    import icalendar  # here: a rebuild that writes no calendar does not load it (45 ms)

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
    """The X-WR-CALNAME line. icalendar writes this extension's value as it is, not escaped
    as TEXT (its type is unknown to it), and stops at a line break, which a title from a
    YAML block can hold (``\\r`` too, from a quoted "\\r"): each is written the way TEXT writes
    a line break instead."""
    return _line("X-WR-CALNAME:" + name.replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


_EVENTS: dict[tuple[str, str, str, dt.datetime | None], bytes] = {}


def remember_events(activities: Iterable[Activity], config: SiteConfig) -> None:
    """Write the events now, for the next calendar.ics of this process (serve, while idle)."""
    for activity in activities:
        _event_bytes(activity, config)


def _event_key(activity: Activity, config: SiteConfig) -> tuple[str, str, str, dt.datetime | None]:
    return (activity.path, activity.digest, config.digest, activity.updated)


def _event_bytes(activity: Activity, config: SiteConfig) -> bytes:
    """An activity's VEVENT, written once per process for each version of its file and of
    site.yaml (everything the event is made from), unless all_activities_ics found it in the
    cache folder."""
    key = _event_key(activity, config)
    if key not in _EVENTS:
        if len(_EVENTS) > 100_000:  # a long preview session: forget old versions
            _EVENTS.clear()
        _EVENTS[key] = _vevent(activity, config)
    return _EVENTS[key]


# An activity's VEVENT is written here rather than by icalendar's Event.to_ical(), which
# took 0.45 ms an event, most of it in its line folding (a Python loop encoding the line
# one character at a time): every event is written twice in a build (its own event.ics and
# calendar.ics, often in different workers), 2.3 s of CPU at 10,000 items, and calendar.ics
# alone was a 1.2 s task. Written here, the same lines take 0.05 ms an event. They are
# byte-identical to what icalendar 7 writes (property order, escaping, folding);
# tests/unit/test_ical_lines.py compares the two on generated activities.

def _vevent(activity: Activity, config: SiteConfig) -> bytes:
    """The VEVENT, its properties in icalendar's order: the canonical ones of a VEVENT
    (SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE), then the others alphabetically. A cancelled
    activity's SUMMARY starts with 【已取消】, for calendars that show no STATUS."""
    lines = ["BEGIN:VEVENT", "SUMMARY:" + _text(activity.marked_title(config.language)), *_when(activity, config),
             "DTSTAMP:" + _date_time(_stamp(activity, config)) + "Z",
             "UID:" + _text(event_uid(activity, config))]
    if activity.sequence:
        # The event stays, cancelled or moved, under its UID: a phone that has it (subscribed,
        # or imported from its event.ics) marks it cancelled or moves it, where a removed event
        # would silently vanish. A SEQUENCE above the one it has (no SEQUENCE is 0) tells it this
        # version is newer: one for each move and for a cancellation (Activity.sequence);
        # going back when a cancellation is undone is the one step it may ignore (see validate).
        # SEQUENCE is one of icalendar's canonical properties, after UID; STATUS is not.
        lines.append(f"SEQUENCE:{activity.sequence}")
    if activity.audience:
        lines.append("CATEGORIES:" + ",".join(_text(name) for name in activity.audience))
    lines.append("DESCRIPTION:" + _text(_description(activity, config)))
    if activity.location:
        lines.append("LOCATION:" + _text(activity.location))
    if activity.cancelled:
        lines.append("STATUS:CANCELLED")
    lines += ["URL:" + config.absolute(activity.url), "END:VEVENT"]
    return b"".join(_line(line) for line in lines)


def _when(activity: Activity, config: SiteConfig) -> list[str]:
    """DTSTART and DTEND: dates for an all-day activity (DTEND is exclusive, the day after
    the last), else local times in the site's zone (one hour long when no end is given).

    A date-only end after a timed start (``end: 2026-12-15``) runs to the end of that day, as
    the website counts it (Activity.end_moment): DTEND is the next day's 00:00. DTEND is
    exclusive (RFC 5545 3.6.1), so that is exactly the end of the last day, and Google,
    Apple and Outlook calendars draw an event ending at midnight through the previous day
    and not on the next; 23:59 would drop the last minute and show an odd "ends 23:59"."""
    if activity.all_day:
        return [f"DTSTART;VALUE=DATE:{_date(activity.start.date())}",
                f"DTEND;VALUE=DATE:{_date(activity.last_day + dt.timedelta(days=1))}"]
    params, suffix = _local_time_form(config.timezone)
    end = activity.end_moment or activity.start + dt.timedelta(hours=1)
    return [f"DTSTART{params}:{_date_time(activity.start)}{suffix}",
            f"DTEND{params}:{_date_time(end)}{suffix}"]


@lru_cache(maxsize=8)
def _local_time_form(zone: str) -> tuple[str, str]:
    """How icalendar writes a time of ``zone``: the parameters before the value and the
    suffix after it, (";TZID=Asia/Shanghai", ""), or ("", "Z") for a zone it takes for UTC
    (UTC, Etc/UTC, Zulu...). Asked of icalendar once per zone: it decides from its table of
    equivalent zone names."""
    import icalendar  # see _frame

    value = icalendar.vDDDTypes(dt.datetime(2000, 1, 1, tzinfo=ZoneInfo(zone)))
    params = value.params.to_ical().decode()
    return (";" + params if params else ""), ("Z" if value.to_ical().endswith(b"Z") else "")


def _date(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _date_time(moment: dt.datetime) -> str:
    """The wall-clock digits; seconds kept, fractions dropped, as icalendar does."""
    return f"{_date(moment)}T{moment.hour:02}{moment.minute:02}{moment.second:02}"


def _text(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it (RFC 5545 3.3.11), in its order: a
    written ``\\N`` first reads as a line break, every kind of line break becomes ``\\n``."""
    return (value.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


FOLD_OCTETS = 74  # icalendar folds before a line would reach RFC 5545's 75 octets


def _line(line: str) -> bytes:
    """A content line in UTF-8, folded as icalendar folds it: each part as many whole
    characters as fit in 74 octets, continued after CRLF and one space, and never ending
    with a backslash or caret (kept with the character they escape); CRLF at the end."""
    data = line.encode()
    parts: list[bytes] = []
    start = 0
    while len(data) - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: not between characters
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


@lru_cache(maxsize=64)
def _vtimezone(zone: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE block, made once per zone and span: icalendar scans the zone's offsets
    hour by hour to find transitions (about 90 ms a call), and every activity's own .ics
    needs the same block."""
    import icalendar  # see _frame

    zone_block = icalendar.Timezone.from_tzinfo(
        ZoneInfo(zone), first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31))
    # icalendar notes in English, in every file, the years it computed transitions for
    # ("This timezone only works from ..."), which staff read as a warning about the events.
    zone_block.pop("COMMENT", None)
    return zone_block.to_ical()


def activity_ics(activity: Activity, config: SiteConfig) -> bytes:
    return calendar([activity], config, activity.marked_title(config.language))


def all_activities_ics(activities: Iterable[Activity], config: SiteConfig, kept: Path | None = None) -> bytes:
    """``/calendar.ics``. ``kept``: a file of the cache folder where the events written for
    it are kept for the next build's process: after one activity is edited, writing every
    other event again was 0.3 s of a 1.1 s rebuild at 5,000 activities."""
    if kept is None:
        return calendar(activities, config, config.title, subscribed=True)
    events = list(activities)
    keys = [_event_key(activity, config) for activity in events]
    missing = [key for key in keys if key not in _EVENTS]
    on_file = _keys_on_file(kept)
    if missing or on_file is None:
        stored = _kept_events(kept)
        _EVENTS.update((key, stored[key]) for key in missing if key in stored)  # this calendar's only
        on_file = stored.keys()
    # Taken as they are written: the memo may forget them meanwhile (_event_bytes).
    written = [_event_bytes(activity, config) for activity in events]
    if not on_file >= set(keys):  # the file lacks some: they were all written now
        events_by_key = dict(zip(keys, written))
        save_pickle(kept, (_events_version(), events_by_key))
        _seen_on_file(kept, events_by_key.keys())
    return _calendar_of(events, written, config, config.title, subscribed=True)


# The keys each file of kept events held when this process last read or wrote it, with the
# file's identity then: whether calendar.ics must save its events when the memo has them all
# (the events of a build that rendered every event.ics first), without reading the file.
_ON_FILE: dict[Path, tuple[tuple[int, int, int], frozenset]] = {}


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _keys_on_file(path: Path) -> frozenset | None:
    """The keys ``path`` holds, if this process knows (None: read it to know)."""
    known = _ON_FILE.get(path)
    return known[1] if known is not None and known[0] == _identity(path) else None


def _seen_on_file(path: Path, keys: Iterable) -> None:
    identity = _identity(path)
    if identity is not None:
        _ON_FILE[path] = (identity, frozenset(keys))


def _kept_events(path: Path) -> dict:
    stored = load_pickle(path)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _events_version() and isinstance(stored[1], dict):
        _seen_on_file(path, stored[1].keys())
        return stored[1]
    return {}


@lru_cache(maxsize=1)
def _events_version() -> str:
    """Our code and icalendar's version (it decides how a time's zone is written: _local_time_form)."""
    from importlib.metadata import version

    return code_version() + version("icalendar")
