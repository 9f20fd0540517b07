"""Atom feed of notices and activities (RFC 4287), for feed readers and chat-app bots.

Written with the standard library's ElementTree rather than a feed package: Atom is a
handful of elements, ElementTree escapes text correctly, and nothing here reads the
clock, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, replace
from typing import Iterable, Sequence
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from .bodies import Body
from .config import SiteConfig
from .datewords import DateWords
from .link import Site
from .models import Activity, Document, Notice
from .themes import load_strings, resolve_theme

ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FEED_URL = "/feed.xml"
LIMIT = 50  # entries; readers only show the newest, and the page stays small


def _moment(day: dt.date | dt.datetime, config: SiteConfig) -> str:
    moment = day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time())
    return moment.replace(tzinfo=config.tz).isoformat()


def entry_updated(item: Document) -> dt.date | dt.datetime:
    """A notice's date; an activity's last change (Activity.updated: its announcement, or
    its cancellation), else its announcement date, else its start."""
    if isinstance(item, Notice):
        return item.date
    assert isinstance(item, Activity)
    return item.updated or item.announced or item.date or item.start


def _sort_key(item: Document) -> tuple:
    updated = entry_updated(item)
    moment = updated if isinstance(updated, dt.datetime) else dt.datetime.combine(updated, dt.time())
    return (moment, item.url)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster)=")(/(?!/))')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')


def absolute_links(body_html: str, config: SiteConfig) -> str:
    """``body_html`` with its root-relative URLs (``/jinjiang/media/a.png``, as the pages
    have them) made absolute. A feed is read away from the site: many readers and chat-app
    bots ignore the feed's xml:base and none resolves a srcset by it, so a picture or an
    attachment linked from the root would be broken there. Only attributes inside tags are
    changed: a body's text writes its quotes and angle brackets escaped."""
    parts = urlsplit(config.base_url)
    origin = f"{parts.scheme}://{parts.netloc}"

    def srcset(match: re.Match[str]) -> str:
        candidates = [c.strip() for c in match.group(2).split(",")]
        fixed = [origin + c if c.startswith("/") and not c.startswith("//") else c for c in candidates]
        return match.group(1) + ", ".join(fixed) + match.group(3)

    def tag(match: re.Match[str]) -> str:
        return _SRCSET.sub(srcset, _URL_ATTRIBUTE.sub(lambda m: m.group(1) + origin + m.group(2), match.group(0)))

    return _TAG.sub(tag, body_html)


def _entry(feed: ET.Element, item: FeedItem, config: SiteConfig) -> None:
    entry = _add(feed, "entry")
    url = config.absolute(item.url)
    _add(entry, "id", url)
    _add(entry, "title", item.title)
    _add(entry, "updated", _moment(item.updated, config))
    _add(entry, "link", href=url, rel="alternate", type="text/html")
    if item.category:
        _add(entry, "category", term=item.category)
    if item.summary:
        _add(entry, "summary", item.summary)
    if body_html := item.body.html:
        # The lead's paragraphs first: many readers and chat bots show the content, not the summary.
        lead = "".join("<p>" + "<br>".join(html.escape(line, quote=False) for line in lines) + "</p>" for lines in item.lead)
        _add(entry, "content", lead + absolute_links(body_html, config), type="html")
    elif not item.summary:
        _add(entry, "summary", item.title)


@dataclass(frozen=True)
class FeedItem:
    """What the feed shows of a notice or an activity. Kept by the edit fast path
    (generator.bodyedit), which writes the feed again with one body or title changed: an
    activity's model would bring its team and every activity of the team with it."""

    path: str  # its content file
    url: str
    title: str
    updated: dt.date | dt.datetime
    category: str
    summary: str  # its lead's lines, then the summary written
    body: Body  # read when the feed is written: the build sees whose bodies the feed shows
    # Paragraphs (each of lines) before the body in the content: an activity's cancellation,
    # then its 时间 and 地点 lines.
    lead: tuple[tuple[str, ...], ...] = ()


# The UI words an activity's entry is written with (feed_item, DateWords.activity_time).
FEED_STRINGS = ("time", "location", "label_end", "lunar_date", "until", "rescheduled_note")


def feed_words(config: SiteConfig) -> DateWords:
    """The site's words for dates and labels, from its theme's strings, as its pages have them.
    A theme of its own (no ``extends: default``) need not have the ones the feed writes an
    activity's time and place with (its templates may not show them): those come from the
    bundled default theme's, as the year's report poster is left out of such a theme rather
    than stopping its build. The feed stopped on a KeyError's traceback."""
    theme = resolve_theme(config)
    strings = load_strings(theme, config.language)
    if any(key not in strings for key in FEED_STRINGS):
        strings = {**load_strings(resolve_theme(replace(config, theme="default")), config.language), **strings}
    return DateWords(config.language, strings)


def feed_item(item: Document, words: DateWords) -> FeedItem:
    """An activity's entry begins with when and where it takes place, as its page's 时间 and
    地点 lines say them: a reader or a chat bot forwarding it shows a title and the first
    words, and residents need the day and the place first. A cancelled one says so before
    them, in the site's language (its title after 【已取消】, the reason): a reader shows no badge;
    so does a moved one (已改期（原定 …）), after the cancellation when both."""
    title, summary, lead = item.title, item.summary, ()
    if isinstance(item, Activity):
        language, strings = words.language, words.strings
        facts = tuple(strings[label] + strings["label_end"] + value
                      for label, value in (("time", words.activity_time(item, lunar=True)), ("location", item.location))
                      if value)
        # Cancelled, moved to another day (a reader who saw the old day learns it moved): first.
        notes = tuple(note for note in (item.cancellation_text(language), words.rescheduled_text(item)) if note)
        lead = (notes, facts) if notes else (facts,)
        title = item.marked_title(language)
        summary = " ".join(part for part in (*notes, *facts, summary) if part)
    return FeedItem(item.path, item.url, title, entry_updated(item), item.category, summary, item.body, lead)


def feed_items(site: Site) -> list[Document]:
    """The newest listed notices and activities, newest first."""
    items: Iterable[Document] = [*site.listed_notices, *site.activities]
    return sorted(items, key=_sort_key, reverse=True)[:LIMIT]


def atom_feed(items: Sequence[FeedItem], config: SiteConfig, today: dt.date) -> bytes:
    # Plain names and a literal xmlns: ET.register_namespace is global, and another module
    # registering its own default namespace (SVG charts) would change this output.
    feed = ET.Element("feed", {"xmlns": ATOM, f"{{{XML_NS}}}lang": config.language, f"{{{XML_NS}}}base": config.base_url})
    _add(feed, "id", config.base_url)
    _add(feed, "title", config.title)
    if config.description:
        _add(feed, "subtitle", config.description)
    updated = max((item.updated for item in items), key=lambda d: _moment(d, config), default=today)
    _add(feed, "updated", _moment(updated, config))
    _add(_add(feed, "author"), "name", config.community.name or config.title)
    _add(feed, "link", href=config.absolute(FEED_URL), rel="self", type="application/atom+xml")
    _add(feed, "link", href=config.base_url, rel="alternate", type="text/html")
    _add(feed, "generator", "noticeboard")
    for item in items:
        _entry(feed, item, config)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
