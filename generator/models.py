"""The content types: what staff write, as typed models.

A content type is declared here once: its folder, its file kind, its fields (the schema the
validator enforces), its URL rule and its templates. The later stages read these declarations,
so adding a type means adding a class here and its templates, not editing every stage.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from dataclasses import MISSING, dataclass, field
from typing import ClassVar

from .bodies import Body
from .dates import PartialDate


@dataclass(frozen=True)
class Field:
    """One field of a schema. ``kind`` names a coercion in :mod:`generator.validate`."""

    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()


# Fields every Markdown content type accepts (DESIGN: "Every Markdown type also accepts").
COMMON_FIELDS: dict[str, Field] = {
    "slug": Field("slug"),
    "summary": Field("text"),
    "category": Field("text"),
    "tags": Field("text_list"),
    "draft": Field("bool"),
}


@dataclass(frozen=True)
class Poster:
    """A poster request: which paper size, or none."""

    size: str  # "a4" or "a3"


@dataclass(frozen=True)
class ClockTime:
    """A time of day as a page shows it (the ``time_text`` filter): the hour runs to 24, as
    an activity that ends at midnight ends at 24:00 of its last day (Activity.end_time)."""

    hour: int
    minute: int


ONE_DAY = dt.timedelta(days=1)

# What a cancelled activity's title starts with where no theme template writes it (its calendar
# event, its feed entry), by site language: calendars that ignore STATUS:CANCELLED, and feed
# readers, still show the word.
CANCELLED_PREFIX = {"zh-Hans": "【已取消】", "zh-Hant": "【已取消】", "en": "[Cancelled] "}
# The words before its reason there ("已取消：因降雪取消"), and after them for ``cancelled: true``.
CANCELLED_WORDS = {"zh-Hans": ("已取消：", "活动取消，不再举行"), "zh-Hant": ("已取消：", "活動取消，不再舉行"),
                   "en": ("Cancelled: ", "the activity will not take place")}


# A fee written as a bare number (fee: 5, fee: 5.5, fee: "０"): see worded_fee.
_FEE_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def worded_fee(fee: str, free: str | None, amount: str | None) -> str:
    """A fee (an activity's or a service's) as residents read it. YAML reads ``fee: 0`` and
    ``fee: 5.5`` as numbers, which showed bare ("0", "5.5"): 0 is ``free`` (免费), another
    number ``amount`` with the number for ``{n}`` (5.5 元, ¥5.5). A fee in words (免费（基础包）,
    每次10元) is as written, and so is a number where ``free`` or ``amount`` is None (a theme
    without such strings). The one rule for pages, posters (the ``fee_text`` filter, with the
    theme's strings) and calendar events (generator.ical, with its own words)."""
    number = _FEE_NUMBER.fullmatch(unicodedata.normalize("NFKC", fee).strip())
    if number is None:
        return fee
    value = decimal.Decimal(number[0])
    if not value:  # 0, 0.0
        return fee if free is None else free
    return (amount or "{n}").replace("{n}", f"{value.normalize():f}")  # 5.50, 5.0: 5.5, 5


def midnight_after(start: dt.datetime, end: dt.datetime) -> bool:
    """``end`` is 00:00 of a day after ``start``'s: 24:00 of the day before, as pages say it."""
    return end.time() == dt.time() and end.date() > start.date()


@dataclass
class Entry:
    """Common to every item that gets its own page."""

    TYPE: ClassVar[str] = ""
    FOLDER: ClassVar[str] = ""
    SUFFIXES: ClassVar[tuple[str, ...]] = (".md",)
    FIELDS: ClassVar[dict[str, Field]] = {}
    TEMPLATE: ClassVar[str] = ""
    # Linking sets nothing on it and no other entry's page shows it (nothing links to it:
    # it is never in another's related()), so an edit to its body, or to its title shown on
    # lists, can be published without loading the rest of the site (generator.bodyedit).
    STANDALONE: ClassVar[bool] = False
    # Fields that link sets from other files, afresh in every build. The content cache keeps
    # entries without them: an activity would bring its team, and every activity of the team.
    LINKS: ClassVar[tuple[str, ...]] = ()

    id: str
    path: str  # source file, relative to the site root
    slug: str
    lines: dict[str, int] = field(repr=False, compare=False)
    digest: str = field(default="", repr=False)  # of the source file's bytes
    # Numbers in its public texts that look private, (key or None for the body, Finding):
    # found once when the file is parsed (and cached with it), judged by the privacy lint.
    numbers: tuple = field(default=(), repr=False, compare=False)
    # Links in its file to pages of this site, (as written, line) (load.RawDocument.site_links):
    # found once when the file is parsed (and cached with it), judged by the lint against the
    # site's outputs. On the file's first entry (a service category, not its services).
    site_links: tuple[tuple[str, int], ...] = field(default=(), repr=False, compare=False)
    # Files under content/ its file links in full, published as they are (load.RawDocument.originals);
    # a photo its pages show only from smaller copies is not among them. On the file's first entry.
    # Part of its front digest: the edit fast path leaves a change of them to the full build.
    originals: tuple[str, ...] = field(default=(), repr=False, compare=False)
    # Every file under content/ its file links (load.RawDocument.media), and those of them it
    # shows by an <img> (RawDocument.shown). On the file's first entry. What link publishes:
    # the files of entries a build publishes, not those of a draft or a scheduled notice alone.
    media: tuple[str, ...] = field(default=(), repr=False, compare=False)
    shown: tuple[str, ...] = field(default=(), repr=False, compare=False)
    # Where its file refers to each of ``media`` and to pictures at web addresses, (file or
    # address, line, field or None) (load.RawDocument.ref_lines): for its poster's warnings.
    ref_lines: tuple[tuple[str, int, str | None], ...] = field(default=(), repr=False, compare=False)
    # A digest of everything in it but the body (see generator.bodyedit.front_of).
    front: str = field(default="", repr=False, compare=False)

    @property
    def url(self) -> str:
        return f"/{self.FOLDER}/{self.slug}/"

    @classmethod
    def required_fields(cls) -> tuple[str, ...]:
        """Its required fields in the order they are declared: title, date for a notice, name for a team."""
        return tuple(name for name, spec in cls.FIELDS.items() if spec.required)

    def related(self) -> list["Entry"]:
        """Entries of other files that this entry's page shows (for incremental builds)."""
        return []

    def line_of(self, name: str) -> int | None:
        return self.lines.get(name)

    def held_back_on(self, today: dt.date) -> bool:
        """Not published by a build of ``today`` (only by one with drafts: the preview). The
        one rule for it, read by link: what it leaves out has no page, no place in any list,
        feed, sitemap, search or calendar, and no poster."""
        return False

    def unlink(self) -> None:
        """Its ``LINKS`` as before link set them."""
        for name in self.LINKS:
            spec = self.__dataclass_fields__[name]
            setattr(self, name, spec.default if spec.default_factory is MISSING else spec.default_factory())


@dataclass
class Document(Entry):
    """A Markdown file with front matter."""

    title: str = ""
    summary: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    body: Body = field(default_factory=Body, repr=False)

    def held_back_on(self, today: dt.date) -> bool:
        return self.draft

    @property
    def body_html(self) -> str:
        return self.body.html

    @property
    def body_text(self) -> str:
        """Plain text of the body, for summaries and the privacy lint."""
        return self.body.text


@dataclass
class Notice(Document):
    TYPE = "notice"
    FOLDER = "notices"
    TEMPLATE = "notice.html"
    STANDALONE = True
    FIELDS = {
        **COMMON_FIELDS,
        "title": Field("text", required=True),
        "date": Field("date", required=True),
        "expires": Field("date"),
        "pinned": Field("bool"),
        "urgent": Field("bool"),
        "attachments": Field("attachments"),
        "poster": Field("poster"),
    }

    date: dt.date = dt.date.min
    # The lunar date (正月十五) when ``date`` was written as one, shown beside the Gregorian
    # date on the notice's page and poster; "" when written Gregorian. Kept rather than worked
    # out again from ``date``, which no longer tells how it was written.
    date_lunar: str = ""
    expires: dt.date | None = None
    pinned: bool = False
    urgent: bool = False
    attachments: list[dict[str, str]] = field(default_factory=list)
    poster: Poster | None = None

    def expired_on(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today

    def scheduled_on(self, today: dt.date) -> bool:
        """Dated after ``today`` and no draft: a scheduled notice (定时发布), published by the
        daily build of its date, as Hugo and Jekyll publish a post dated in the future."""
        return not self.draft and self.date > today

    def held_back_on(self, today: dt.date) -> bool:
        return self.draft or self.scheduled_on(today)


@dataclass
class Activity(Document):
    TYPE = "activity"
    FOLDER = "activities"
    TEMPLATE = "activity.html"
    LINKS = ("team", "announced", "updated")
    FIELDS = {
        **COMMON_FIELDS,
        "title": Field("text", required=True),
        "start": Field("datetime", required=True),
        "end": Field("end"),  # or a time alone, on the start's day
        "date": Field("date"),
        "location": Field("text"),
        "organizer": Field("text"),
        "team": Field("team_ref"),
        "audience": Field("text_list"),
        "capacity": Field("capacity"),
        "signup": Field("text"),
        "fee": Field("text"),
        "poster": Field("poster"),
        # Called off: why, as residents read it ("因降雪取消，改期另行通知"), or true. The
        # activity keeps its page, its place in lists, its poster and its calendar event,
        # each marked cancelled: residents who saw it on the board or put it in their phone's
        # calendar must learn it is off, which a deleted file or a draft never tells them.
        "cancelled": Field("cancel"),
        # The day (and time) it was called off: the news its feed entry and calendar event are
        # dated by. No file knew it before, and the build's day or week moved it build after build.
        "cancelled_on": Field("datetime"),
        # Moved to another day: the day it was first announced for (原定: 2026-12-12), its new
        # day being ``start``. Residents who saw the old day on the paper poster or in the
        # WeChat group learn it moved: its page, lists, event, feed entry and poster say so.
        # Moved again: every earlier day, in the order they were announced ([2026-12-12, 2026-12-19]).
        "rescheduled_from": Field("earlier_days"),
    }

    start: dt.datetime = dt.datetime.min
    start_lunar: str = ""  # as Notice.date_lunar, for ``start``
    end: dt.datetime | None = None
    all_day: bool = False  # ``start`` was a date without a time
    # ``end`` was a date without a time (kept as that day's 00:00): the activity runs to the
    # end of that day, whether its start has a time or not. See :attr:`end_moment`.
    end_date_only: bool = False
    date: dt.date | None = None
    location: str = ""
    organizer: str = ""
    team_id: str = ""
    audience: list[str] = field(default_factory=list)
    capacity: int | None = None
    signup: str = ""
    fee: str = ""
    poster: Poster | None = None
    cancelled: bool = False
    cancelled_reason: str = ""  # "" for ``cancelled: true``: pages say only 已取消
    cancelled_on: dt.datetime | None = None  # when it was called off, as written (00:00 for a date)
    # The days it was announced for before ``start``, in that order (``rescheduled_from``; a time
    # written with one is not kept): one for each move, () when it never moved.
    rescheduled_days: tuple[dt.date, ...] = ()
    team: "Team | None" = field(default=None, repr=False, compare=False)
    # When it was made public, for feeds and calendars: its ``date``, else its start but never
    # after the Monday of the build's week (a feed entry or a DTSTAMP in the future is wrong;
    # today instead would change them every day). Set by link.
    announced: dt.datetime | None = field(default=None, repr=False, compare=False)
    # When its last change residents must notice was published, for its feed entry's
    # ``updated`` and its event's DTSTAMP: ``announced``, or for a cancelled one its
    # ``cancelled_on`` (never after the build's day), and always later than ``announced``, by
    # a second at least: a reader that saw the announcement must see a newer version, also when
    # both were on one day or no ``cancelled_on`` is written. Set by link.
    updated: dt.datetime | None = field(default=None, repr=False, compare=False)

    def related(self) -> list[Entry]:
        return [self.team] if self.team else []

    def marked_title(self, language: str) -> str:
        """Its title, after 【已取消】 when it is cancelled (CANCELLED_PREFIX)."""
        if not self.cancelled:
            return self.title
        return CANCELLED_PREFIX.get(language, CANCELLED_PREFIX["zh-Hans"]) + self.title

    @property
    def rescheduled_from(self) -> dt.date | None:
        """The day it was first announced for, when it moved to another (None otherwise): what
        themes name as the day residents may remember (已改期（原定 …）)."""
        return self.rescheduled_days[0] if self.rescheduled_days else None

    @property
    def sequence(self) -> int:
        """Its calendar event's SEQUENCE (RFC 5545 3.8.7.4): one more for each change that a
        phone holding an older version must take, each move (``rescheduled_from``) then the
        cancellation. A phone replaces its copy of the event (same UID) only by one of a higher
        SEQUENCE: a second move must count, or a phone that took the first keeps its day."""
        return len(self.rescheduled_days) + self.cancelled

    def cancellation_text(self, language: str) -> str:
        """"已取消：" and its reason (or the generic words), "" when it is not cancelled."""
        if not self.cancelled:
            return ""
        words, generic = CANCELLED_WORDS.get(language, CANCELLED_WORDS["zh-Hans"])
        return words + (self.cancelled_reason or generic)

    @property
    def ends_at_midnight(self) -> bool:
        """Its end is the next day's 00:00 after a day it runs on (``end: 2027-01-01 00:00``
        after ``start: 2026-12-31 20:00``, or ``end: 24:00``): it ends at 24:00 of the day
        before, which is its last day. The one place of this rule: :attr:`last_day`,
        :meth:`is_past` and :attr:`end_time` follow from it. Not a date-only end (that day's
        00:00 stands for the whole of it) nor an all-day activity's."""
        end = self.end
        return end is not None and not self.end_date_only and not self.all_day and midnight_after(self.start, end)

    @property
    def last_day(self) -> dt.date:
        """The last day it runs on: its end's day (a date-only end is the whole of that day),
        the day before for an end at midnight (:attr:`ends_at_midnight`), or its start's day
        when it gives no end."""
        if self.end is None:
            return self.start.date()
        return self.end.date() - ONE_DAY if self.ends_at_midnight else self.end.date()

    @property
    def end_time(self) -> ClockTime | None:
        """The time it ends at on :attr:`last_day`, as its page and poster show it: 24:00
        for an end at midnight ("20:00–24:00", not "至 1月1日 0:00"); ``None`` when no end
        time was written (no end, a date-only end, an all-day activity)."""
        if self.end is None or self.end_date_only or self.all_day:
            return None
        if self.ends_at_midnight:
            return ClockTime(24, 0)
        return ClockTime(self.end.hour, self.end.minute)

    @property
    def end_moment(self) -> dt.datetime | None:
        """When it is over: the end as written, or, for a date-only end, the end of that
        day, i.e. the next day's 00:00 (an exclusive end, as iCalendar's DTEND is). An end at
        midnight is that moment as written."""
        if self.end is None or not self.end_date_only:
            return self.end
        return self.end + ONE_DAY

    def is_past(self, now: dt.datetime) -> bool:
        """Over before ``now``: from the day after its last day, whatever time it ends at.
        The site's ``now`` is a day's 00:00, so an activity ending at 11:30 stays on the
        site's upcoming lists for the rest of its day, and one ending at midnight is past
        from that midnight on."""
        return dt.datetime.combine(self.last_day + ONE_DAY, dt.time()) <= now


@dataclass
class Team(Document):
    TYPE = "team"
    FOLDER = "teams"
    TEMPLATE = "team.html"
    LINKS = ("activities", "services")
    FIELDS = {
        **COMMON_FIELDS,
        "name": Field("text", required=True),
        "leader": Field("text"),
        "contact": Field("phone"),
        "members": Field("members"),
        "founded": Field("partial_date"),  # 2023年, 2021-03 or a day: a founding is often known no closer
        "focus": Field("text_list"),
        "recruiting": Field("bool"),
        "hours": Field("hours"),
        "dissolved": Field("date"),
    }

    leader: str = ""
    contact: str = ""
    member_count: int = 0  # members' names are private: only their number is kept
    # The first day of what was written, knowing whether that was a year, a month or a day
    # (founded.precision), which date_text shows and no more.
    founded: PartialDate | None = None
    focus: list[str] = field(default_factory=list)
    recruiting: bool = False
    hours: float | None = None
    # The day it was dissolved: from then its page stays (its history) but it leaves the
    # active teams, the roster poster and recruiting, and naming it anew is warned of.
    dissolved: dt.date | None = None
    activities: list[Activity] = field(default_factory=list, repr=False, compare=False)
    services: list["Service"] = field(default_factory=list, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.title

    @property
    def founded_precision(self) -> str:
        """"year", "month" or "day": what ``founded`` says. Kept for themes written when
        ``date_text`` had to be told it (``page.founded | date_text(page.founded_precision)``)."""
        return self.founded.precision if self.founded is not None else "day"

    def dissolved_on(self, today: dt.date) -> bool:
        """Dissolved by ``today``: a date to come keeps it active until that day."""
        return self.dissolved is not None and self.dissolved <= today

    def related(self) -> list[Entry]:
        return [*self.activities, *self.services]


@dataclass
class Page(Document):
    TYPE = "page"
    FOLDER = "pages"
    TEMPLATE = "page.html"
    STANDALONE = True
    FIELDS = {
        **COMMON_FIELDS,
        "title": Field("text", required=True),
        "menu": Field("count"),
    }

    menu: int | None = None

    @property
    def url(self) -> str:
        return f"/{self.slug}/"


@dataclass
class Service(Entry):
    """One item of the service menu; lives inside a :class:`ServiceCategory` file."""

    TYPE = "service"
    FOLDER = "services"
    LINKS = ("provider_team",)
    TEMPLATE = "service.html"
    FIELDS = {
        "id": Field("id", required=True),
        "name": Field("text", required=True),
        "description": Field("text"),
        "provider": Field("provider"),
        "schedule": Field("text"),
        "location": Field("text"),
        "fee": Field("text"),
        "how_to_order": Field("text"),
        "contact": Field("phone"),
        "audience": Field("text_list"),
        # Why it is paused and until when, as residents read it ("冬季暂停，明年3月恢复"),
        # and the day it is offered again by itself (a daily rebuild brings it back).
        "paused": Field("pause"),
        "resumes": Field("date"),
        "draft": Field("bool"),  # an ended service: left out of the site, kept in the file
    }

    name: str = ""
    description: str = ""
    provider: str = ""
    schedule: str = ""
    location: str = ""
    fee: str = ""
    how_to_order: str = ""
    contact: str = ""
    audience: list[str] = field(default_factory=list)
    paused: str = ""
    resumes: dt.date | None = None
    draft: bool = False
    category: "ServiceCategory | None" = field(default=None, repr=False, compare=False)
    provider_team: Team | None = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.name

    def paused_on(self, today: dt.date) -> bool:
        """Not offered on ``today``: paused, and its ``resumes`` day (if any) not yet come."""
        return bool(self.paused) and (self.resumes is None or today < self.resumes)

    def related(self) -> list[Entry]:
        return [self.provider_team] if self.provider_team else []


@dataclass
class ServiceCategory(Entry):
    TYPE = "service_category"
    FOLDER = "services"
    SUFFIXES = (".yaml", ".yml")
    TEMPLATE = ""  # categories are sections of the service menu page
    LINKS = ("services",)
    FIELDS = {
        "category": Field("text", required=True),
        "order": Field("count"),
        "description": Field("text"),
        "items": Field("service_items", required=True),
    }

    title: str = ""
    # Its place on the service menu; None (not written): after every category that has one.
    order: int | None = None
    description: str = ""
    # Every service of the file, ended ones (draft: true) too: what the checks read.
    all_items: list[Service] = field(default_factory=list)
    # Its published services (ended ones left out unless drafts are built): set by link, as
    # whether drafts are published is the build's choice, not the file's.
    services: list[Service] = field(default_factory=list, repr=False, compare=False)

    @property
    def items(self) -> list[Service]:
        """Its published services, as ``services``: templates written before a service could
        end list ``category.items``, and must not show one with no page."""
        return self.services

    @property
    def url(self) -> str:
        return f"/services/#{self.slug}"

    def unlink(self) -> None:
        super().unlink()
        for item in self.all_items:
            item.unlink()


@dataclass
class MonthStats(Entry):
    TYPE = "stats"
    FOLDER = "stats"
    SUFFIXES = (".yaml", ".yml")
    TEMPLATE = "stats_month.html"
    FIELDS = {
        "month": Field("month", required=True),
        "figures": Field("figures", required=True),
        "notes": Field("text"),
        "highlights": Field("markdown"),
    }

    month: dt.date = dt.date.min  # the first day of the month
    figures: dict[str, float] = field(default_factory=dict)
    notes: str = ""
    highlights_html: str = ""
    highlights_text: str = ""

    @property
    def title(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


# The file-backed content types, in the order they are loaded and linked.
CONTENT_TYPES: tuple[type[Entry], ...] = (Notice, Activity, ServiceCategory, Team, MonthStats, Page)


def type_for_folder(folder: str, suffix: str) -> type[Entry] | None:
    for kind in CONTENT_TYPES:
        if kind.FOLDER == folder and suffix in kind.SUFFIXES:
            return kind
    return None

