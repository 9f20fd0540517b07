"""Routes: a linked :class:`Site` -> the list of pages to render, each with its URL,
template and context. What pages exist is decided here and nowhere else."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from .buildstate import KEYED
from .feeds import FEED_URL, atom_feed, feed_item, feed_items, feed_words
from .ical import EVENTS_FILE, activity_ics, all_activities_ics
from .link import Site, Tag
from .models import Activity, Entry, Notice
from .stats import stats_csv, stats_json


@dataclass(frozen=True)
class Output:
    """One file of the website: made from a theme template, or by a function for formats
    a library writes better than a template would (iCalendar, for one)."""

    url: str  # site path, e.g. "/notices/2026-11-20-ting-shui/" or "/sitemap.xml"
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict, compare=False)
    produce: Callable[[], bytes] | None = field(default=None, compare=False)
    # For produced outputs: the site-wide facts (Site attributes) ``produce`` reads beyond
    # its context, so incremental builds know when to make it again.
    facts: tuple[str, ...] = field(default=(), compare=False)

    @cached_property  # asked for ~4 times an output by every build
    def path(self) -> str:
        """The file to write, relative to the output folder."""
        return output_path(self.url)


def output_path(url: str) -> str:
    """The file a URL of the site is written to, relative to the output folder."""
    relative = url.lstrip("/")
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


@dataclass(frozen=True)
class Pager:
    """One page of a paginated list, with the links to its neighbours."""

    number: int
    count: int
    items: Sequence[Any]
    base_url: str

    def url_of(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page/{number}/"

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def previous_url(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.count else None

    @property
    def links(self) -> list[tuple[int, str] | None]:
        """The page numbers to link, as Hugo's and WordPress's pagers do: the first, the last
        and the one either side of this one, None where numbers are left out ("…"). Three
        years of notices are 15 pages: with only "next", page 15 was 14 taps away on a phone."""
        shown = {1, self.count, *range(self.number - PAGER_WINDOW, self.number + PAGER_WINDOW + 1)}
        links: list[tuple[int, str] | None] = []
        for number in sorted(n for n in shown if 1 <= n <= self.count):
            if links and links[-1] is not None and number - links[-1][0] > 1:
                links.append(None)
            links.append((number, self.url_of(number)))
        return links


PAGER_WINDOW = 1  # page numbers linked either side of the current one: 7 buttons fit a 375 px phone


@dataclass(frozen=True)
class TagPage:
    """A tag as its own pages see it (``tag`` in tag.html). Its items are left out of those
    pages' keys: an edit to one item's title renders again the page listing it, not all the
    tag's pages (24 for a tag of 480 items). A theme reading ``tag.items`` there depends on
    every tag's items instead (Tag.items)."""

    name: str
    slug: str
    tag: Tag = field(metadata={KEYED: False}, repr=False, compare=False)

    @property
    def url(self) -> str:
        return self.tag.url

    def __eq__(self, other: object) -> bool:
        """The tag of ``site.tags`` it stands for is equal to it: a theme's tag cloud may mark
        the current tag with ``{% if t == tag %}``."""
        if isinstance(other, (TagPage, Tag)):
            return (self.name, self.slug) == (other.name, other.slug)
        return NotImplemented

    @property
    def items(self) -> list[Entry]:
        return self.tag.items


def paginate(items: Sequence[Any], per_page: int, base_url: str) -> list[Pager]:
    count = max(1, -(-len(items) // per_page))
    return [Pager(n, count, items[(n - 1) * per_page : n * per_page], base_url) for n in range(1, count + 1)]


def _paged(template: str, items: Sequence[Any], per_page: int, base_url: str, **context: Any) -> Iterator[Output]:
    for pager in paginate(items, per_page, base_url):
        yield Output(pager.url, template, {"pager": pager, **context})


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def calendar_months(site: Site) -> list[dt.date]:
    """Every month from the first activity's start to the last day any activity runs on,
    and always the current month."""
    days = [site.today] + [a.start.date() for a in site.activities] + [a.last_day for a in site.activities]
    return _months_between(min(days), max(days))


def activities_by_day(activities: Sequence[Activity]) -> dict[dt.date, list[Activity]]:
    """Each day with the activities running on it: one of several days is on every one of
    them, so a month's calendar shows an activity that started in the month before. In
    ``activities``' order (by start)."""
    by_day: dict[dt.date, list[Activity]] = defaultdict(list)
    one_day = dt.timedelta(days=1)
    for activity in activities:
        day, last = activity.start.date(), activity.last_day
        while day <= last:
            by_day[day].append(activity)
            day += one_day
    return by_day


def month_grid(month: dt.date, by_day: dict[dt.date, list[Activity]]) -> list[list[tuple[dt.date, list[Activity]]]]:
    """The weeks (Monday first) of a month's calendar table, each day with the activities running on it."""
    weeks = calendar.Calendar().monthdatescalendar(month.year, month.month)
    return [[(day, by_day.get(day, [])) for day in week] for week in weeks]


CONTINUING = "continuing"  # the id of a month's list of activities begun in an earlier month


def month_list(month: dt.date, by_day: dict[dt.date, list[Activity]]
               ) -> tuple[list[tuple[str, dt.date | None, list[Activity]]], dict[dt.date, str]]:
    """The list below a month's calendar table, as a calendar's agenda view lists it: each
    activity once, under the first day it runs in the month, with its whole range on its
    card (a month-long exhibition was a card on each of its 31 days). Its sections are
    (id, day, activities): first (CONTINUING, None, ...) for those begun in an earlier month,
    then one per day on which an activity starts.

    A day inside an activity's range on which nothing starts gets no heading of its own: an
    empty "12月15日" heading reads as "nothing on", and one repeating the card is the
    repetition this avoids. Its cell in the table is still marked (the activity is on), and
    links to where the activity is listed, which the second value gives: the id of the
    section each day with activities links to."""
    first = month.replace(day=1)
    days = [first + dt.timedelta(days=n) for n in range(calendar.monthrange(month.year, month.month)[1])]
    sections: list[tuple[str, dt.date | None, list[Activity]]] = []
    listed_in: dict[str, str] = {}  # activity path -> the id of its section
    continuing = [a for a in by_day.get(first, []) if a.start.date() < first]
    if continuing:
        sections.append((CONTINUING, None, continuing))
        listed_in.update((a.path, CONTINUING) for a in continuing)
    for day in days:
        starting = [a for a in by_day.get(day, []) if a.start.date() == day]
        if starting:
            sections.append((f"d{day.day}", day, starting))
            listed_in.update((a.path, f"d{day.day}") for a in starting)
    links: dict[dt.date, str] = {}
    for day in days:
        running = by_day.get(day)
        if running:  # the day's own section if something starts on it, else the first one's
            starts = any(a.start.date() == day for a in running)
            links[day] = f"d{day.day}" if starts else listed_in[running[0].path]
    return sections, links


def calendar_outputs(site: Site, months: list[dt.date]) -> Iterator[Output]:
    by_day = activities_by_day(site.activities)
    for month in months:
        grid = month_grid(month, by_day)
        sections, links = month_list(month, by_day)
        yield Output(f"/activities/calendar/{month:%Y-%m}/", "calendar_month.html",
                     {"month": month, "months": months, "weeks": grid, "sections": sections, "day_links": links})


def ics_outputs(site: Site, cache_dir: Path | None = None) -> Iterator[Output]:
    """``/calendar.ics`` with every activity, and ``event.ics`` beside each activity page.
    ``cache_dir``: where calendar.ics's events are kept for the next build."""
    kept = cache_dir / EVENTS_FILE if cache_dir is not None else None
    yield Output("/calendar.ics", produce=lambda: all_activities_ics(site.activities, site.config, kept),
                 facts=("activities",))
    for activity in site.activities:
        yield Output(f"{activity.url}event.ics", context={"page": activity},
                     produce=lambda a=activity: activity_ics(a, site.config))


def feed_output(site: Site) -> Output:
    """The Atom feed: made from its items (the newest 50), so it depends on those alone."""
    items = feed_items(site)
    return Output(FEED_URL, context={"items": items},
                  produce=lambda: _atom_feed(site, items))


def _atom_feed(site: Site, items: list) -> bytes:
    words = feed_words(site.config)  # when produced only: lint and check plan without a theme's strings
    return atom_feed([feed_item(item, words) for item in items], site.config, site.today)


# The notices by year: /notices/archive/ lists the years, /notices/<year>/ a year's notices.
# Expired notices keep their page (DESIGN.md) and leave the lists: last year's notice was
# reachable only through a dozen list pages, its tags or the search.
ARCHIVE_URL = "/notices/archive/"
# A year's page holds at most this many notices, then goes on at /notices/<year>/page/2/. A
# community posts a few hundred notices a year, on one page or two; the design's district (ten
# years of thirty communities, ~1,000 a year; the bench corpus has 2,500) would put ~180 KB of
# HTML on one page at ~175 bytes a line. Measured on the bench corpus: 40 KB a page of 200
# (93 KB at 500); month links at the top of each page lead to the page a month begins on.
# Not more: an edited title is published by the fast path (generator.bodyedit) with the
# pages listing it, and it reads back each entry those show, at most ENTRIES_LIMIT (500) in
# all: a year's page of 500 sent every title edit of the bench to the full build (2.7 s
# instead of 0.4 s). tests/test_bodyedit.py checks a year's page stays within it.
ARCHIVE_PER_PAGE = 200


def archive_url(year: int) -> str:
    return f"/notices/{year}/"


def notices_by_year(site: Site) -> dict[int, list[Notice]]:
    """Every notice (expired ones too; drafts only in the preview, as on every list) by the
    year of its date, newest year first, each newest first. By day and address, never by
    title: an edited title is published with the lists as they were (generator.bodyedit)."""
    by_year: dict[int, list[Notice]] = defaultdict(list)
    for notice in sorted(site.notices, key=lambda n: (-n.date.toordinal(), n.slug)):
        by_year[notice.date.year].append(notice)
    return dict(sorted(by_year.items(), reverse=True))


def by_month(notices: Sequence[Notice]) -> list[tuple[dt.date, list[Notice]]]:
    """Notices (newest first) under the first day of their month, newest month first."""
    months: list[tuple[dt.date, list[Notice]]] = []
    for notice in notices:
        month = notice.date.replace(day=1)
        if not months or months[-1][0] != month:
            months.append((month, []))
        months[-1][1].append(notice)
    return months


def archive_outputs(site: Site) -> Iterator[Output]:
    """The list of years with their counts, then each year's pages. Their contexts hold all
    they show (the years and counts; the notices), so each page is made again only when one
    of those changed, and a title edited alone reaches a year's page by the fast path."""
    by_year = notices_by_year(site)
    all_years = list(by_year)
    yield Output(ARCHIVE_URL, "notice_archive.html", {"years": [(year, len(notices)) for year, notices in by_year.items()]})
    for year, notices in by_year.items():
        pagers = paginate(notices, ARCHIVE_PER_PAGE, archive_url(year))
        # Each month's heading is linked from the top of every page of the year, on the
        # page where the month begins (a month may go on over the next page).
        month_pages: dict[dt.date, str] = {}
        for pager in pagers:
            for month, _ in by_month(pager.items):
                month_pages.setdefault(month, pager.url)
        for pager in pagers:
            yield Output(pager.url, "notice_year.html",
                         {"year": year, "years": all_years, "pager": pager, "months": by_month(pager.items),
                          "month_pages": list(month_pages.items())})


def years(site: Site) -> list[int]:
    return sorted({month.month.year for month in site.stats})


def entry_outputs(entries: Sequence[Entry]) -> Iterator[Output]:
    for entry in entries:
        yield Output(entry.url, entry.TEMPLATE, {"page": entry})


def plan(site: Site, posters: Sequence[Any] = (), cache_dir: Path | None = None) -> list[Output]:
    """Every website page of the site, in a stable order. ``posters``: the posters the build
    prints (generator.posters.PosterSpec), listed on ``/posters/``; ``cache_dir``: the build's
    cache folder, for what an output keeps there (calendar.ics's events). Which pages exist and what
    their contexts hold must not depend on a title, and a context holds entries, never their
    titles copied: the fast path publishes an edited title with the contexts of the last
    build (generator.bodyedit)."""
    per_page = site.config.per_page
    months = calendar_months(site)
    outputs = [
        Output("/", "home.html"),
        *_paged("notice_list.html", site.listed_notices, per_page, "/notices/"),
        *entry_outputs(site.notices),
        *archive_outputs(site),
        Output("/activities/", "activity_list.html"),
        *_paged("activity_past.html", site.past, per_page, "/activities/past/"),
        *entry_outputs(site.activities),
        Output("/activities/calendar/", "calendar_index.html", {"months": months}),
        *calendar_outputs(site, months),
        Output("/services/", "services.html"),
        *entry_outputs(site.services),
        Output("/teams/", "teams.html"),
        *entry_outputs(site.teams),
        Output("/stats/", "stats_index.html", {"years": years(site)}),
        *entry_outputs(site.stats),
        *(Output(f"/stats/{year}/", "stats_year.html", {"year": year}) for year in years(site)),
        Output("/stats/stats.csv", produce=lambda: stats_csv(site), facts=("stats",)),
        Output("/stats/stats.json", produce=lambda: stats_json(site), facts=("stats",)),
        *entry_outputs(site.pages),
        Output("/tags/", "tags.html"),
        *(output for tag in site.tags for output in _paged("tag.html", tag.members, per_page, tag.url,
                                                                  tag=TagPage(tag.name, tag.slug, tag))),
        Output("/search/", "search.html"),
        Output("/404.html", "404.html"),
    ]
    if posters:
        outputs.append(Output("/posters/", "posters.html", {"posters": list(posters)}))
    outputs.append(Output("/sitemap.xml", "sitemap.xml", {"urls": [o.url for o in outputs if o.url.endswith("/")]}))
    outputs += [
        feed_output(site),
        *ics_outputs(site, cache_dir),
        Output("/robots.txt", "robots.txt"),
        Output("/manifest.webmanifest", "manifest.webmanifest"),
    ]
    return outputs
