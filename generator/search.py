"""Search: a static Chinese full-text index in small files, updated one document at a time.

Why it is written here: nothing on PyPI writes a static, client-side index of Chinese text
that can be updated per document. Pagefind (used before) segments Chinese but indexes the
whole site again when one page changes: 31 s of a 51 s clean build at 10,000 items, and
41 s after editing one notice. lunr.py writes one big JSON that every visitor downloads,
and does not segment Chinese.

**Documents.** The theme decides what is searched: the element marked ``data-search-body``
is a page's document, minus the parts marked ``data-search-ignore``; its first ``h1`` is the
title. :func:`extract` reads it from the rendered HTML inside the render workers, with
selectolax's lexbor parser (at 10,000 pages: 1.0 s CPU, html.parser 3.8 s). ``search.js``
reads the pages it fetches the same way (``read`` there): a change to one is a change to both.

On the marked element, ``data-search-kind`` (社区活动, 通知公告: what the breadcrumb above the
title says, outside the marked element) is put into the text after the title, so that 活动
finds the activities; ``data-search-days`` (an activity's days, ``2026-12-06/2026-12-08``)
gives the document a term per day, ``d20261206`` (:func:`day_terms`), which no text gives
and which ``search.js`` looks up for 明天, 这周末 or 下周三, counted from the phone's date;
``data-search-cancelled`` (a cancelled activity) adds the term ``d00000000`` (:data:`CANCELLED`),
which ``search.js`` looks up with the days to show those after the activities that take place.

**Terms** (:func:`terms`). Every run of CJK characters gives each character with its follower
(bigrams) and its last character alone; letters and digits (full-width ones folded) give
lowercased words. Traditional characters are indexed as Simplified ones
(:data:`TO_SIMPLIFIED`), as ``search.js`` folds queries and pages: 33號樓 finds 33号楼, and 电梯
finds 電梯. No dictionary: a query is found wherever its characters stand together, whatever a
segmenter would have cut (停水, 停水通知, 水通). The browser splits a query the same way
(``search.js``), intersects the bigrams' postings and keeps the results whose text holds the
query, since bigrams found apart are not yet a match. A query that finds nothing is tried again
without the words that only ask or fill (请问, 什么时候, 在哪里, 嗯, and 时间 or 地点 after what is asked
about: voice input and questions bring them, and the page that answers does not say them) and
with numbers as pages write them (十二月六号, 12-06, 12/6, 12.6, 12 月 6 日 → 12月6日; 五栋 → 5栋), then
with a building named the other way (5号楼 ↔ 5栋), each first as a whole, then as words a page
holds apart (a building or date typed with the topic after it stays whole, the topic apart: 5号楼
and 电梯 of 5号楼电梯); then shows the pages that hold the most of its terms, saying so. A number
typed against characters (5栋, 12月6日), or a space apart from its unit or its month (5 栋, 12 月 6
日), must stand with them in the text, a space between allowed; numbers typed with a dash, slash
or dot between (12/6, 0831-2345678; full-width ones folded, １２／６, any dash of
:data:`generator.dates.DASHES` read as -, a space either side allowed, 12 / 6) stand so. A
number typed is a whole number in the text: 3栋 is not in 13栋, 3 not in 36. These are rules of
the query alone, over the same terms and files.

**Series.** A building or staircase a page names in a series (1-12 栋, 1 至 12 栋, 1～12 号楼,
3、5、7 栋, 1-3 单元; 1号楼至3号楼, the unit after each end of a range) gives the document a term per number it takes in, ``r5d``
(:func:`series_terms`), which no text gives: ``search.js`` looks it up for 5栋 (or 5号楼 as
5栋) after the pages that name 5栋 itself, and keeps the pages whose text holds such a series
taking in 5 where the query has 5栋. Expanded here rather than read in the browser: the
browser would have to check every page with a 栋.

**Sounds.** A title's pairs of characters are indexed by the syllables they may be read as
(:func:`sound_terms`, see SOUND_BASE), which ``search.js`` looks up when nothing else finds a
query, reading it with the table published as ``sounds.txt``: 停睡, tingshui and yi bao find 停水
and 医保, as voice input and pinyin typed without picking characters give them.

**Files** under ``/search-index/``, each a function of the set of documents only (never of
the order they were added), so an incremental build writes what a clean build writes:

- ``s/<n>.bin``: the terms whose first character ``c`` has ``ord(c) % SHARDS == n``, so a
  one-character query loads one shard and takes every term starting with it. Entries sorted
  by term: varint length, UTF-8 term, varint length, postings (ids ascending as LEB128
  varints: the first id, then the gaps). A document's id is 24 bits of a digest of its URL:
  it never moves when other documents come and go; documents whose ids collide share their
  postings.
- ``d/<n>.json``: the documents whose id ``i`` has ``i % BUCKETS == n``, as ``[[id, url], ...]``
  sorted: what turns a result's id into the page to show. They depend only on which URLs are
  searchable, so editing a page never rewrites one (at 10,000 documents: about 40 a bucket,
  1.9 KB, 0.6 KB over gzip).
- ``order.bin``: ids as 3 bytes big-endian, newest document first (by the ``datetime`` of
  the first ``<time>`` in the body; undated ones last, by URL): the order results are shown.
- ``sounds.txt``: each toneless syllable and the characters read so (generator/pinyin.py).
- ``meta.json``: a version of each shard and bucket (``""`` when it is empty), of
  ``order.bin`` and of ``sounds.txt``; the browser adds them to its requests, so it never mixes two builds.

No text is published with the index: ``search.js`` fetches the page of each candidate (in
the order results are shown, until it has enough), reads its document the way
:func:`extract` does, keeps it when it holds the query (bigrams found apart are not a
match) and shows the excerpt around it; the resident who taps the result then gets the page
from the browser's cache. A notice page is 7.6 KB (3 KB over gzip) where the text alone was
3.4 KB (1.5 KB), and one file per document (10,000 of a clean build's 27,000 files, most of
its writing time) is gone.

**Incremental builds.** The cache (``search-index.pickle``, 1.5 MB at 10,000 documents,
loaded in a few milliseconds) keeps per searchable page the digest, date and URL of its
document, and which index files are published. Pages not rendered again keep their
document. For the documents that changed, the old text is read back from the page still
published in the output folder (0.15 ms a page; keeping the texts in the cache would make it
35 MB to load and save in every build) and checked against the digest in the cache; only
the terms that appeared or disappeared are patched into their shards. A clean build, or one
that changed many documents, indexes everything at once with numpy (pure Python took 4.6 s
CPU for the 5.7 million postings of 10,000 notices), reading the pages not rendered again
back from the output folder, as it does when the cache does not describe the published index.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from itertools import accumulate
from operator import sub
from pathlib import Path
from types import ModuleType
from typing import Iterable, Mapping, Sequence

from selectolax.lexbor import LexborHTMLParser

from . import parallel
from .buildstate import Manifest, OutputRecord, _hash
from .cachefiles import load_pickle, save_pickle
from .dates import DASHES
from .folders import left_behind
from .hanzi import SIMPLIFIED, TRADITIONAL
from .load import digest_bytes
from .pinyin import SOUNDS as SOUNDS_TABLE

OUTPUT = "search-index"
SHARDS = 512
BUCKETS = 256
ID_BITS = 24
MARK = b"data-search-body"
IGNORE = "data-search-ignore"
# On the marked element: the kind of page (社区活动, 通知公告: the word its breadcrumb shows
# above the title, outside the marked element), put into the text after the title, so that
# 活动 or 通知 finds the pages of that kind; and an activity's days, "2026-12-06" or
# "2026-12-06/2026-12-08", indexed as day terms (see day_terms) for 明天 or 这周末.
KIND = "data-search-kind"
DAYS = "data-search-days"
DAY_TERM = "d"  # + YYYYMMDD: a word term no text gives (search.js looks these up)
# On the marked element of a cancelled activity: its days' pages list it after the others.
# Its term is a day that is none, in the shard the day terms are in (no other file to fetch).
CANCELLED_MARK = "data-search-cancelled"
CANCELLED = f"{DAY_TERM}00000000"
MAX_DAYS = 366  # an activity's days indexed at most
# A series of buildings or staircases a page names (1-12 栋, 1 至 12 栋, 1～12 号楼, 3、5、7 栋,
# 1-3 单元, 1号楼至3号楼, 1号至3号楼, 3——5 栋): 5栋 is in 1-12 栋 though no text says 5栋.
# Each number it takes in gives the term SERIES_TERM + number + the unit's letter (r5d: d for
# 栋, h for 号楼, u for 单元), a word no text gives, which search.js looks up for 5栋 and then
# checks against the series on the page (takesIn there reads a series as _series_before does:
# keep the two in step). A range of more than SERIES_MAX numbers (1-500 栋: a typing slip, or
# no building) gives only its ends.
SERIES_TERM = "r"
SERIES_MAX = 200
_SERIES_UNITS = {"栋": "d", "棟": "d", "号": "h", "號": "h", "单": "u", "單": "u"}  # by the unit's first character
_UNIT_ENDS = {"栋": "", "棟": "", "楼": "号號", "樓": "号號", "元": "单單"}  # last character: those before it
_DASHES = "-~－～〜" + DASHES + "至到"  # between the ends of a range (search.js's DASH, after its fold())
_SEPARATORS = _DASHES + "、,，和及与與"  # between the numbers of a series
_DIGITS = frozenset("0123456789０１２３４５６７８９")  # full-width ones too, which int() reads
# Traditional characters indexed as Simplified ones, as search.js's fold() reads queries and
# pages (the same table, generator/hanzi.py): 33號樓 finds a page that says 33号楼, and 电梯 one
# that says 電梯. Folded in terms() and, in a clean build, in numpy (_fold_table): str.translate
# took 0.17 µs a character, 1.9 s of a clean build of 10,000 Traditional notices, a look for a
# Traditional character 0.02 µs. A fold of both sides, one character for one, and not OpenCC:
# the browser needs the table too, and all of OpenCC's would add 20.5 KB to search.js (14.9 KB
# over gzip, the file itself 16.5 KB); the 709 of the characters notices write add 4.3 KB
# (4.2 KB over gzip: CJK characters hardly compress).
TO_SIMPLIFIED = str.maketrans(TRADITIONAL, SIMPLIFIED)
_HANT = re.compile(f"[{TRADITIONAL}]")
# By sound: a title's pairs of characters are indexed as the syllables they are read as, so that
# a query heard right and written wrong (停睡 for 停水, 以保 for 医保: voice input, pinyin typed
# without picking characters) or typed in pinyin (tingshui, yi bao) finds it, when nothing is
# found as typed (search.js's findBySound). Syllable n of the table (generator/pinyin.py, its
# line n) is the character SOUND_BASE + n, in Unicode's private use area: a term of two of them
# (停水: ting shui) is one no text gives, as terms begin only with CJK characters, letters or
# digits, and the first syllable spreads the terms over the shards (SHARDS > the 413 syllables).
# The table is published as SOUNDS, the browser's to read a query by (30 KB, 21 KB over gzip,
# fetched by the first search that gets that far).
SOUND_BASE = 0xE000
SOUNDS = f"{OUTPUT}/sounds.txt"
_SOUND_TERM = re.compile(f"[{chr(SOUND_BASE)}-{chr(SOUND_BASE + 0x7FF)}]{{2}}")
STATE = "search-index.pickle"
SCRATCH = "search-terms-"  # in the cache folder, while the index is made: see _ChunkTerms
FORMAT = 7  # of the files and of the cached state: a new format indexes everything again
# The state's format: FORMAT, and the table of sounds, which numbers the syllables of the terms.
STATE_FORMAT = f"{FORMAT}-{hashlib.blake2b(SOUNDS_TABLE.encode(), digest_size=6).hexdigest()}"
META = f"{OUTPUT}/meta.json"
ORDER = f"{OUTPUT}/order.bin"

# Han (with 〇 and the compatibility and supplementary ideographs), kana and Hangul: text
# written without spaces between words. All below U+40000, which the numpy keys rely on.
CJK_RANGES = ((0x3007, 0x3007), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_CJK = "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES)
_WORD = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_RUNS = re.compile(f"[{_CJK}]+")
_WORDS = re.compile(f"[{_WORD}]+")
_FOLD = str.maketrans({**{chr(c): chr(c + 32) for c in range(0x41, 0x5B)},
                       **{chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)},
                       **{chr(c): chr(c - 0xFEE0 + 32) for c in range(0xFF21, 0xFF3B)},
                       **{chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}})
# A line break inside a text node between two CJK characters is a soft break of the source
# (CSS Text 3 removes it too): 停水\n通知 is one run of text, 停水通知.
_SOFT_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t]*\\n\\s*(?=[{_CJK}])")

# A start tag up to the next attribute: where the marked element begins.
_TAG_OPENING = re.compile(rb"""<[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s+""")
_BLOCK = frozenset("address article aside blockquote br dd details dialog div dl dt figcaption figure footer "
                   "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td "
                   "tfoot th thead tr ul".split())
_SKIP = frozenset(["-comment", "script", "style", "template", "noscript", "svg"])


@dataclass(frozen=True)
class Document:
    """What the search knows of one page."""

    url: str  # site path, e.g. "/notices/2026-11-20-ting-shui/"
    title: str
    text: str  # visible text, whitespace collapsed
    date: str = ""  # ISO date or date-time, "" when the page shows none
    days: str = ""  # the marked element's data-search-days, "" when it has none
    cancelled: bool = False  # the marked element has data-search-cancelled
    # Made with the document, i.e. in the render worker that read it, and sent along: the
    # parent needed it twice per document (0.18 s of a clean build at 10,000 pages).
    digest: str = field(init=False, compare=False, repr=False)
    # Its title's sound terms, space-separated: made there too, on both cores (0.05 s of the
    # parent's time at 10,000 pages).
    sounds: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Cancelled only when it is: the digests of all other documents stay as they were.
        fields = (self.url, self.title, self.text, self.date, self.days) + (("cancelled",) if self.cancelled else ())
        object.__setattr__(self, "digest", _hash(*fields))
        object.__setattr__(self, "sounds", " ".join(sound_terms(self.title)))

    @property
    def id(self) -> int:
        return doc_id(self.url)

    @property
    def indexed(self) -> str:
        """What its terms are made from: its text, and after a line break (the text has none)
        the terms of the series of buildings it names, its day terms (and CANCELLED when it
        is) and the sound terms of its title."""
        series = series_terms(self.text)
        if not self.days and not series and not self.sounds:
            return self.text
        days = " ".join(day_terms(self.days)) + (" " + CANCELLED if self.cancelled else "") if self.days else ""
        return f"{self.text}\n{' '.join(series)} {days} {self.sounds}"


def day_terms(days: str) -> list[str]:
    """The terms of the days ``days`` spans ("2026-12-06" or "2026-12-06/2026-12-08"):
    d20261206 …, at most MAX_DAYS; none when it is no such span (a theme's mistake: the
    page is still found by its text)."""
    try:
        first, _, last = days.partition("/")
        start = dt.date.fromisoformat(first.strip())
        end = dt.date.fromisoformat(last.strip()) if last else start
    except ValueError:
        return []
    count = min((end - start).days + 1, MAX_DAYS)
    return [f"{DAY_TERM}{start + dt.timedelta(days=n):%Y%m%d}" for n in range(count)]


def series_terms(text: str) -> list[str]:
    """The terms of the buildings and staircases the series in ``text`` take in (see
    SERIES_TERM), each once, in the order of the text: ``1-3、5 栋`` gives r1d r2d r3d r5d,
    ``1-3 栋、5 单元`` r1d r2d r3d (5 单元, a lone number, is found as written)."""
    units = []  # (where a unit begins, its letter)
    for last, before in _UNIT_ENDS.items():
        at = text.find(last)
        while at >= 0:
            if not before:
                units.append((at, "d"))
            elif at and text[at - 1] in before:
                units.append((at - 1, _SERIES_UNITS[text[at - 1]]))
            at = text.find(last, at + 1)
    found: dict[str, None] = {}
    for start, letter in sorted(units):
        numbers, dashes = _series_before(text, start)
        if len(numbers) < 2:
            continue  # 5 栋, 楼栋: no series
        taken = set(numbers)
        for first, dash, last in zip(numbers, dashes, numbers[1:]):
            if dash and 0 <= last - first < SERIES_MAX:
                taken.update(range(first, last + 1))
        found.update(dict.fromkeys(f"{SERIES_TERM}{n}{letter}" for n in sorted(taken)))
    return list(found)


def _series_before(text: str, end: int) -> tuple[list[int], list[bool]]:
    """The numbers of the series that ends at ``end`` (where its unit begins), and between each
    two whether a dash joins them (a range) or a list's separator: read backwards by hand, as
    a pattern over the text cost a fifth of the time the terms take. The first end of a range
    may have the unit too (1号楼至3号楼, 1栋到5栋, 3单元—5单元: the same unit, either form; 号楼
    shortened to 号, 1号至3号楼), a number of a list not (5 栋、6 栋 name each building as a query
    types it). A range's dash may be doubled (3——5 栋, as a Chinese input method types it)."""
    numbers: list[int] = []
    dashes: list[bool] = []
    letter = _SERIES_UNITS[text[end]]
    at = end
    while True:
        while at and text[at - 1].isspace():
            at -= 1
        last = at
        while at and text[at - 1] in _DIGITS:
            at -= 1
        if at == last:  # no number before the separator: it is none
            if dashes:
                dashes.pop()
            break
        numbers.append(int(text[at:last]))
        while at and text[at - 1].isspace():
            at -= 1
        if not at or text[at - 1] not in _SEPARATORS:
            break
        dashes.append(text[at - 1] in _DASHES)
        at -= 1
        if dashes[-1]:
            # A dash typed twice is one: a Chinese input method types ——, and some type --.
            while at and text[at - 1] in _DASHES:
                at -= 1
            while at and text[at - 1].isspace():
                at -= 1
            start = _unit_before(text, at)
            if start < at and _SERIES_UNITS[text[start]] == letter:
                at = start
            elif letter == "h" and at and text[at - 1] in "号號" and not _day_of_month(text, at - 1):
                at -= 1  # 1号至3号楼: the first end's 号楼 shortened to 号
    return numbers[::-1], dashes[::-1]


def _day_of_month(text: str, at: int) -> bool:
    """Whether the number that ends at ``at`` is a day of a month (12月1号到15号楼道清扫: a
    fortnight, and 楼道 the stairwells), not a building's number shortened to 号."""
    start = at
    while start and text[start - 1] in _DIGITS:
        start -= 1
    return 0 < start < at and text[start - 1] == "月"


def _unit_before(text: str, at: int) -> int:
    """Where the unit of a building or staircase (栋, 号楼, 单元) that ends at ``at`` begins,
    or ``at`` when none ends there."""
    before = _UNIT_ENDS.get(text[at - 1], None) if at else None
    if before is None:
        return at
    if not before:
        return at - 1
    return at - 2 if at > 1 and text[at - 2] in before else at


def sound_terms(title: str) -> list[str]:
    """The sound terms of ``title`` (see SOUND_BASE), each once: for each pair of characters
    side by side, a term per way the two may be read (行长: hang zhang, xing zhang, …).
    Characters outside the table (not GB2312, once folded to Simplified) break a run."""
    if _HANT.search(title):
        title = title.translate(TO_SIMPLIFIED)
    found: dict[str, None] = {}
    for run in _RUNS.findall(title):
        for pair in map(str.__add__, run, run[1:]):
            made = _PAIR_SOUNDS.get(pair)
            if made is None:  # titles share most of their pairs: each is read once
                readings = _readings()
                made = _PAIR_SOUNDS[pair] = dict.fromkeys(a + b for a in readings.get(pair[0], "")
                                                          for b in readings.get(pair[1], ""))
            found.update(made)
    return list(found)


_READINGS: dict[str, str] = {}
_PAIR_SOUNDS: dict[str, dict[str, None]] = {}


def _readings() -> dict[str, str]:
    """character -> the syllables it is read as, each as its character (SOUND_BASE + line)."""
    if not _READINGS:
        for n, line in enumerate(SOUNDS_TABLE.split("\n")):
            for char in line.partition(" ")[2]:
                _READINGS[char] = _READINGS.get(char, "") + chr(SOUND_BASE + n)
    return _READINGS


def doc_id(url: str) -> int:
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=ID_BITS // 8).digest(), "big")


# ---------------------------------------------------------------------------- documents


def extract(html: bytes, url: str) -> Document | None:
    """The document of a rendered page, or None when the page is not searchable."""
    at = html.find(MARK)
    if at < 0:
        return None
    # Parse from the marked element on: the head and menus before it are most of the
    # bytes, and lexbor's time grows with them.
    element = None
    start = html.rfind(b"<", 0, at)
    while start >= 0 and not _TAG_OPENING.fullmatch(html, start, at):  # a "<" inside a value
        start = html.rfind(b"<", 0, start)
    if start >= 0:
        body = LexborHTMLParser(html[start:]).body
        element = body.child if body is not None else None
    if element is None or MARK.decode() not in (element.attributes or {}):
        # The marker was text (or marks <body> itself): look properly.
        element = LexborHTMLParser(html).css_first("[data-search-body]")
        if element is None:
            return None
    attributes = element.attributes
    walk = _Walk(IGNORE.encode() in html, attributes.get(KIND) or "")
    walk(element.child)
    if walk.kind:  # no h1: the kind comes first
        walk.parts.insert(0, f"{walk.kind} ")
    return Document(url, walk.title or url, _collapse("".join(walk.parts)), walk.date, attributes.get(DAYS) or "",
                    CANCELLED_MARK in attributes)


class _Walk:
    """Collects the visible text under a node: block elements become spaces, inline ones
    (links, <strong>) join their neighbours, ignored subtrees are left out; the page's
    ``kind`` follows the title (and is "" once it has)."""

    def __init__(self, check_ignore: bool, kind: str = ""):
        self.check_ignore, self.kind = check_ignore, kind
        self.parts: list[str] = []
        self.title = ""
        self.date = ""
        self.in_title = False

    def __call__(self, node) -> None:  # noqa: ANN001 - a selectolax node
        parts = self.parts
        while node is not None:
            tag = node.tag
            if tag == "-text":
                text = node.text_content
                # Most text nodes with a line break are only the break between two tags.
                parts.append(_SOFT_BREAK.sub("", text) if "\n" in text and not text.isspace() else text)
            elif tag not in _SKIP and not (self.check_ignore and IGNORE in node.attributes):
                block = tag in _BLOCK
                if block:
                    parts.append(" ")
                if tag == "time" and not self.date:
                    self.date = node.attributes.get("datetime") or ""
                if tag == "h1" and not self.title and not self.in_title:
                    start, self.in_title = len(parts), True
                    self(node.child)
                    self.title, self.in_title = _collapse("".join(parts[start:])), False
                    if self.kind:
                        parts.append(f" {self.kind} ")
                        self.kind = ""
                else:
                    self(node.child)
                if block:
                    parts.append(" ")
            node = node.next


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _url_of(path: str) -> str:
    """The site path of an output file (the inverse of ``Output.path``)."""
    if path == "index.html" or path.endswith("/index.html"):
        return "/" + path[: -len("index.html")]
    return "/" + path


# ---------------------------------------------------------------------------- terms


def terms(text: str) -> set[str]:
    """The index terms of ``text``: CJK bigrams, the last character of each CJK run (Traditional
    characters as Simplified ones), words."""
    if _HANT.search(text):
        text = text.translate(TO_SIMPLIFIED)
    found = made_words(text)
    for run in _RUNS.findall(text):
        found.update(map(str.__add__, run, run[1:]))
        found.add(run[-1])
    return found


def words(text: str) -> set[str]:
    """The letter-and-digit terms of ``text``, folded (``lower()`` is that fold for ASCII)."""
    return {word.lower() if word.isascii() else word.translate(_FOLD) for word in set(_WORDS.findall(text))}


def made_words(indexed: str) -> set[str]:
    """The word terms of a document's ``indexed`` text, and the sound terms after its line
    break (only there: a page's own text may hold private-use characters, an icon font's)."""
    found = words(indexed)
    made = indexed.find("\n")
    if made >= 0:
        found.update(_SOUND_TERM.findall(indexed, made))
    return found


def shard_of(term: str) -> int:
    return ord(term[0]) % SHARDS


# ---------------------------------------------------------------------------- encoding


def _varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


# Varints of 1 and 2 bytes by value and back, and the first two bytes of longer ones: gaps
# coded with table lookups instead of a loop over their bits.
# Made from their bytes (low seven bits first) rather than by _varint and comprehensions:
# 5 ms less at the start of every build, a one-file edit's included.
_LOW_SEVEN = [bytes((value,)) for value in range(0x80)]
_LOW_SEVEN_MORE = [bytes((value | 0x80,)) for value in range(0x80)]  # "more bytes follow"
_SHORT = _LOW_SEVEN + [low + high for high in _LOW_SEVEN[1:] for low in _LOW_SEVEN_MORE]
_SHORT_VALUE = dict(zip(_SHORT, range(1 << 14)))
_LOW = [low + high for high in _LOW_SEVEN_MORE for low in _LOW_SEVEN_MORE]
_LOW_VALUE = dict(zip(_LOW, range(1 << 14)))
_VARINTS = re.compile(rb"[\x80-\xff]*[\x00-\x7f]", re.DOTALL)


def encode_ids(ids: Sequence[int]) -> bytes:
    """Ascending ids -> postings: the first id, then the gaps, as LEB128 varints."""
    gaps = list(map(sub, ids, [0, *ids[:-1]]))
    try:
        return b"".join(map(_SHORT.__getitem__, gaps))
    except IndexError:  # a gap of 2**14 or more: ids below 2**28, so 3 or 4 bytes
        return b"".join([_SHORT[gap] if gap < 1 << 14 else _LOW[gap & 0x3FFF] + _SHORT[gap >> 14] for gap in gaps])


def decode_ids(data: bytes) -> list[int]:
    codes = _VARINTS.findall(data)
    try:
        gaps = list(map(_SHORT_VALUE.__getitem__, codes))
    except KeyError:
        gaps = [_SHORT_VALUE[code] if len(code) < 3 else _LOW_VALUE[code[:2]] | _SHORT_VALUE[code[2:]] << 14
                for code in codes]
    return list(accumulate(gaps))


def encode_shard(entries: Mapping[bytes, bytes]) -> bytes:
    """UTF-8 term -> postings, as one shard file (terms sorted, so equal input, equal bytes)."""
    parts = []
    for term in sorted(entries):
        postings = entries[term]
        parts += (_varint(len(term)), term, _varint(len(postings)), postings)
    return b"".join(parts)


def decode_shard(data: bytes) -> dict[bytes, bytes]:
    entries, at = {}, 0
    while at < len(data):
        size, at = _read_varint(data, at)
        term = data[at : at + size]
        size, at = _read_varint(data, at + size)
        entries[term] = data[at : at + size]
        at += size
    return entries


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


# ---------------------------------------------------------------------------- indexing


# Shards are made in this many parts, part p holding the shards s with s % PARTS == p (the terms
# whose first character c has ord(c) % PARTS == p): merging the keys of all documents, writing the
# postings and encoding the files then runs on both cores. In the parent alone it was 0.6 s of a
# clean build at 10,000 items, with the cores idle. PARTS must divide SHARDS.
PARTS = 8
# Groups of 32 ids from which their terms are found on both cores: from 2,048 ids.
_GROUPS_IN_WORKERS = 64


def shard_files(texts: Mapping[int, Sequence[str]], scratch: Path | None = None) -> dict[int, bytes]:
    """shard -> its file, for every term of ``texts`` (id -> texts of its documents), at once.
    ``scratch``: the folder for the workers' temporary files (the build's cache folder; the
    system's temporary folder if None).

    The terms of :func:`terms`, found with numpy in the texts' code points. A CJK term is a
    key ``first << 18 | second`` (second 0 for a run's last character alone, so keys sort as
    the terms do), shifted over the 24-bit id. Keys are sorted and deduplicated 32
    ids at a time (small sorts stay in the CPU cache: 0.6 s at 10,000 notices, one big
    sort took 1.4 s), split into the PARTS, then each part's are merged: postings ordered
    by term, then id."""
    import tempfile

    np = load_numpy()
    ids = sorted(texts)
    groups = [ids[start : start + 32] for start in range(0, len(ids), 32)]
    many = parallel.in_workers(len(groups), _GROUPS_IN_WORKERS)  # then the keys go through files
    if scratch is not None:
        _remove_leftovers(scratch)
    with (tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}-", dir=scratch) if many
          else contextlib.nullcontext()) as folder:
        found = parallel.map_chunks(_GroupTerms(np, texts, folder), groups, minimum=_GROUPS_IN_WORKERS)
        # Each worker of the parts reads its part of every chunk's keys and merges them: the
        # parent never holds a merged copy of all the keys.
        files = parallel.map_chunks(_PartShards(np, found), range(PARTS), minimum=1 if many else PARTS + 1)
    return dict(sorted(item for part in files for item in part.items()))


def load_numpy() -> ModuleType:
    """numpy, imported here (0.06 s: only builds that index everything need it) with its
    OpenBLAS kept to the calling thread. The index does no linear algebra, but OpenBLAS
    starts a thread per core at import that spins for a while: 0.1 s of CPU taken from
    the workers making the index, on a machine with two cores. A user's own setting wins."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import numpy

    return numpy


def _remove_leftovers(scratch: Path) -> None:
    """The temporary folders of builds that are over (killed, or an earlier one of this
    process): not those of a build running beside this one."""
    for leftover in scratch.glob(SCRATCH + "*"):
        if left_behind(leftover.name[len(SCRATCH):].split("-")[0]):
            shutil.rmtree(leftover, ignore_errors=True)


def bulk_postings(np, keys, word_ids: Mapping[str, list[int]]) -> dict[str, bytes]:  # noqa: ANN001 - numpy, imported lazily
    """term -> postings, from CJK ``keys`` (sorted runs) and ``word_ids`` (word -> ascending ids)."""
    keys.sort(kind="stable")  # merges the sorted runs
    starts = _term_starts(np, keys)
    names = [chr(key >> 18) + chr(key & 0x3FFFF) if key & 0x3FFFF else chr(key >> 18)
             for key in (keys[starts] >> ID_BITS).tolist()]
    names.extend(word_ids)
    keys &= np.uint64((1 << ID_BITS) - 1)
    cjk_ids = keys.astype(np.uint32)
    del keys
    docs = np.concatenate([cjk_ids, np.fromiter((i for listed in word_ids.values() for i in listed), dtype=np.uint32)])
    del cjk_ids
    counts = [len(listed) for listed in word_ids.values()]
    starts = np.concatenate([starts, len(docs) - np.cumsum(counts[::-1], dtype=np.int64)[::-1]]).astype(np.int64)
    data, bounds = _bulk_postings(np, docs, starts)
    return {name: data[bounds[i] : bounds[i + 1]] for i, name in enumerate(names)}


@dataclass
class _ChunkTerms:
    """The terms of a chunk of groups of ids: per part, its groups' CJK keys one after the
    other (each group's sorted, each once) and word -> the ids that have it (ascending).

    A worker leaves the keys in a file (``path``, each part's from ``bounds[part]``; in a
    temporary folder of the cache folder, removed once the shards are made) rather than
    sending them: at 10,000 items they are 46 MB, which went through pipes to the parent
    (0.16 s of its CPU, and the workers waited on it between chunks), and from it to the
    workers of the parts."""

    words: list[dict[str, list[int]]]
    keys: list | None = None  # by part, when made in this process
    path: str = ""
    bounds: tuple[int, ...] = ()

    def part_keys(self, np, part: int):  # noqa: ANN001, ANN201 - numpy, imported lazily
        if self.keys is not None:
            return self.keys[part]
        start, end = self.bounds[part], self.bounds[part + 1]
        with open(self.path, "rb") as handle:  # not np.fromfile: it returns what a cut-short file holds, without a word
            handle.seek(start * 8)
            data = handle.read((end - start) * 8)
        if len(data) != (end - start) * 8:
            raise OSError(errno.EIO, os.strerror(errno.EIO), self.path)
        return np.frombuffer(data, dtype=np.uint64)


class _GroupTerms:
    """The terms of groups of ids, for :func:`parallel.map_chunks`: one _ChunkTerms a chunk.
    ``folder``: where to leave the keys (None: kept in memory)."""

    def __init__(self, np, texts: Mapping[int, Sequence[str]], folder: str | None = None):  # noqa: ANN001 - numpy, imported lazily
        self.np, self.texts, self.folder = np, texts, folder
        self.table = np.zeros(0x110000, dtype=bool)
        for a, b in CJK_RANGES:
            self.table[a : b + 1] = True
        self.simple = _fold_table(np)

    def __call__(self, groups: Sequence[list[int]]) -> list[_ChunkTerms]:
        np = self.np
        keys_by_part: list[list] = [[] for _ in range(PARTS)]
        words_by_part: list[dict[str, list[int]]] = [{} for _ in range(PARTS)]
        for by_id in ({i: self.texts[i] for i in group} for group in groups):  # ids ascending
            keys = _cjk_keys(np, self.table, self.simple, by_id)
            part_of_key = (keys >> np.uint64(18 + ID_BITS)) % PARTS  # by the first character
            for part in range(PARTS):
                keys_by_part[part].append(keys[part_of_key == part])
            for word, listed in _word_ids(by_id).items():
                words_by_part[ord(word[0]) % PARTS].setdefault(word, []).extend(listed)
        parts = [np.concatenate([np.zeros(0, dtype=np.uint64), *listed]) for listed in keys_by_part]
        if self.folder is None:
            return [_ChunkTerms(words_by_part, keys=parts)]
        path = os.path.join(self.folder, f"{groups[0][0]}.bin")
        _write_keys(path, parts)
        return [_ChunkTerms(words_by_part, path=path, bounds=tuple(accumulate((len(k) for k in parts), initial=0)))]


def _write_keys(path: str, parts: list) -> None:
    """By Python's file writes, which raise when the disk is full: numpy's ``tofile`` loses
    an error of the final flush, and the index would be made from the keys that fit."""
    try:
        with open(path, "wb") as handle:
            for keys in parts:
                handle.write(keys)
    except OSError as error:
        error.filename = error.filename or path  # a write's error names no file: the message does
        raise


class _PartShards:
    """The shard files of parts, for :func:`parallel.map_chunks`, from the chunks' terms."""

    def __init__(self, np, found: list[_ChunkTerms]) -> None:  # noqa: ANN001 - numpy, imported lazily
        self.np, self.found = np, found

    def __call__(self, parts: Sequence[int]) -> list[dict[int, bytes]]:
        return [self.shards(part) for part in parts]

    def shards(self, part: int) -> dict[int, bytes]:
        np = self.np
        keys = np.concatenate([np.zeros(0, dtype=np.uint64), *(chunk.part_keys(np, part) for chunk in self.found)])
        word_ids: dict[str, list[int]] = {}
        for chunk in self.found:  # chunks in ascending id order: lists stay ascending
            for word, listed in chunk.words[part].items():
                word_ids.setdefault(word, []).extend(listed)
        by_shard: dict[int, dict[bytes, bytes]] = {}
        for term, postings in bulk_postings(np, keys, dict(sorted(word_ids.items()))).items():
            by_shard.setdefault(shard_of(term), {})[term.encode("utf-8")] = postings
        return {shard: encode_shard(entries) for shard, entries in by_shard.items()}


def _term_starts(np, keys):  # noqa: ANN001, ANN202 - numpy is imported lazily
    """Where each term's keys begin in the sorted ``keys``, found a million keys at a time:
    ``keys >> ID_BITS`` at once would be one more copy of the largest array of the build."""
    block = 1 << 20
    found = [np.zeros(min(len(keys), 1), dtype=np.int64)]
    for start in range(1, len(keys), block):
        terms = keys[start - 1 : start + block] >> ID_BITS
        found.append(np.flatnonzero(terms[1:] != terms[:-1]) + start)
    return np.concatenate(found)


def _fold_table(np):  # noqa: ANN001, ANN202 - numpy, imported lazily
    """Code point -> the one it is indexed as (a Traditional character's Simplified one, see
    TO_SIMPLIFIED): 4.4 MB, made once a build in 3 ms."""
    simple = np.arange(0x110000, dtype=np.uint32)
    simple[np.array([ord(c) for c in TRADITIONAL], dtype=np.uint32)] = [ord(c) for c in SIMPLIFIED]
    return simple


def _cjk_keys(np, table, simple, by_id: Mapping[int, Sequence[str]]):  # noqa: ANN001, ANN202 - numpy, imported lazily
    """The CJK terms of ``by_id`` as keys with their ids (see :func:`bulk_postings`), sorted, each
    once; ``simple``: :func:`_fold_table`."""
    texts = [text for listed in by_id.values() for text in listed]
    # A newline after each text: not CJK, so no term spans two texts and every run ends.
    points = np.frombuffer(("\n".join(texts) + "\n").encode("utf-32-le"), dtype=np.uint32)
    points = simple[points]
    owners = np.repeat(np.array(list(by_id), dtype=np.uint64), [len(listed) for listed in by_id.values()])
    owner = np.repeat(owners, [len(text) + 1 for text in texts])[:-1]
    cjk = table[points]
    head, tail = cjk[:-1], cjk[1:]
    pair, last = head & tail, head > tail
    first = points[:-1].astype(np.uint64)
    return _unique(np, np.concatenate((((first[pair] << 18) | points[1:][pair]) << ID_BITS | owner[pair],
                                       first[last] << (18 + ID_BITS) | owner[last])))


def _unique(np, keys):  # noqa: ANN001, ANN202
    """``keys`` sorted, each once (np.unique hashes, and was 20 times slower here)."""
    keys.sort()
    keep = np.empty(len(keys), dtype=bool)
    keep[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def _bulk_postings(np, docs, starts):  # noqa: ANN001, ANN202 - numpy is imported lazily
    """The postings of consecutive lists of ascending ids (each starting at one of
    ``starts``) in one buffer, and the offsets where each list starts (plus the end).
    ``docs`` is used up (it becomes the gaps between ids)."""
    firsts = docs[starts]
    gaps = docs
    gaps[1:] -= docs[:-1]  # numpy copies what it must for the overlap
    gaps[starts] = firsts
    # LEB128: seven bits a byte, low ones first, the high bit set on all but the last byte.
    sizes = np.ones(len(gaps), dtype=np.uint8)
    for limit in (1 << 7, 1 << 14, 1 << 21):
        sizes += gaps >= limit
    # Written a million gaps at a time: the byte columns of all 5.7 million postings of a
    # 10,000-item site at once were the peak memory of its clean build.
    chunks = []
    for begin in range(0, len(gaps), 1 << 20):
        block, block_sizes = gaps[begin : begin + (1 << 20)], sizes[begin : begin + (1 << 20)]
        columns = np.empty((len(block), 4), dtype=np.uint8)
        for i in range(4):
            column = (block >> (7 * i)).astype(np.uint8)
            column &= 0x7F
            column |= (block_sizes > i + 1).view(np.uint8) << 7
            columns[:, i] = column
        chunks.append(columns[block_sizes[:, None] > np.arange(4, dtype=np.uint8)].tobytes())
    lengths = np.add.reduceat(sizes, starts, dtype=np.int64) if len(starts) else np.zeros(0, dtype=np.int64)
    return b"".join(chunks), [0, *np.cumsum(lengths).tolist()]


def _word_ids(by_id: Mapping[int, Sequence[str]]) -> dict[str, list[int]]:
    """word -> the ids whose texts have it, ascending, words sorted."""
    found: dict[str, list[int]] = {}
    for i in sorted(by_id):
        texts = by_id[i]
        for word in made_words(texts[0]) if len(texts) == 1 else set().union(*map(made_words, texts)):
            found.setdefault(word, []).append(i)
    return dict(sorted(found.items()))


def bucket_bytes(listed: Iterable[tuple[int, str]]) -> bytes:
    """(id, url) of the documents of a bucket -> its file."""
    return json.dumps(sorted(listed), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_INDEX_FILE = re.compile(rf"^{OUTPUT}/(?:meta\.json|order\.bin|sounds\.txt|s/(0|[1-9][0-9]*)\.bin|d/(0|[1-9][0-9]*)\.json)$")


def is_index_file(path: str) -> bool:
    """Whether ``path`` (in the output folder) is a file of the index, as the dead-link check
    asks before anything is indexed (lint.check_site_links). A shard or bucket is written
    only when it holds something, which only indexing tells: any that may be, counts."""
    found = _INDEX_FILE.match(path)
    if found is None:
        return False
    shard, bucket = found.groups()
    return (shard is None or int(shard) < SHARDS) and (bucket is None or int(bucket) < BUCKETS)


def bucket_path(bucket: int) -> str:
    return f"{OUTPUT}/d/{bucket}.json"


def shard_path(shard: int) -> str:
    return f"{OUTPUT}/s/{shard}.bin"


def order_bytes(entries: Iterable[tuple[str, str]]) -> bytes:
    """(url, date) of every document -> their ids, newest first, undated last, then by URL."""
    listed = sorted(entries)
    listed.sort(key=lambda entry: entry[1], reverse=True)  # stable: equal dates stay by URL
    seen = dict.fromkeys(doc_id(url) for url, _ in listed)
    return b"".join(i.to_bytes(3, "big") for i in seen)


# ---------------------------------------------------------------------------- the build step

# What the cache keeps of a document: "digest<TAB>date<TAB>url" (one string, not a tuple:
# the cache of 10,000 documents loads in 2 ms instead of 6).
Entry = str
PATCH_LIMIT = 256  # documents changed beyond which indexing everything again is faster


def _entry(document: Document) -> Entry:
    return f"{document.digest}\t{document.date}\t{document.url}"


def _url(entry: Entry) -> str:
    return entry.split("\t", 2)[2]


def _listed(entry: Entry) -> tuple[str, str]:
    """(url, date): what the order of results depends on."""
    _, date, url = entry.split("\t", 2)
    return url, date


@dataclass
class IndexFiles:
    """The search files of a build: a record for each, and those written into staging."""

    records: dict[str, OutputRecord]
    staged: list[str]


def index_search(documents: Mapping[str, Document | None], records: Mapping[str, OutputRecord],
                 previous: Manifest, staging: Path, out: Path, cache_dir: Path) -> IndexFiles:
    """Bring the search files up to date with this build's pages.

    ``documents``: the pages rendered this time (output path -> document, None when not
    searchable); ``records``: every output of this build; ``previous``: what ``out`` holds
    (its pages are read, so call this before publishing the new ones)."""
    shutil.rmtree(cache_dir / "search", ignore_errors=True)  # Pagefind's bundles, from before
    state = _load_state(cache_dir)
    known = previous.outputs.get(META)
    usable = state is not None and known is not None and known.content == state["meta"]
    published = _published(previous, state["files"] if usable else None)
    old: dict[str, Entry] = state["entries"] if usable else {}
    fresh = {path: document for path, document in documents.items() if document is not None}
    if not usable:  # pages published by an earlier build: read their documents back
        fresh.update(_read_published(out, [path for path in records if path not in documents]))
    entries = dict(old)
    gone = [path for path in old if path not in records or path in documents]
    for path in gone:
        del entries[path]
    entries.update((path, _entry(document)) for path, document in fresh.items())
    changed = {path for path in gone if entries.get(path) != old[path]}
    changed.update(path for path in fresh if entries[path] != old.get(path))
    if usable and not changed:
        return IndexFiles(published, [])
    index = _Index(out, published, staging, cache_dir)
    if not (usable and len(changed) <= PATCH_LIMIT and index.patch(changed, old, entries, fresh)):
        # Everything from all the documents: those of pages not rendered again are read back.
        fresh.update(_read_published(out, [path for path in entries if path not in fresh]))
        entries = {path: _entry(document) for path, document in fresh.items()}
        index.rebuild(fresh.values())
    _save_state(cache_dir, {"format": STATE_FORMAT, "meta": index.records[META].content, "files": list(index.records),
                            "entries": entries})
    return IndexFiles(index.records, index.staged)


def _published(previous: Manifest, files: list[str] | None) -> dict[str, OutputRecord]:
    """The records of the search files ``out`` holds (``files``: their paths, when known)."""
    if files is not None:
        try:
            return {path: previous.outputs[path] for path in files}
        except KeyError:
            pass
    return {path: record for path, record in previous.outputs.items() if path.startswith(OUTPUT + "/")}


class _Index:
    """The search files being made: new contents are written into staging only when they
    differ from what ``out`` holds."""

    def __init__(self, out: Path, published: dict[str, OutputRecord], staging: Path, scratch: Path | None = None):
        self.out, self.published, self.staging, self.scratch = out, published, staging, scratch
        self.records: dict[str, OutputRecord] = {}
        self.staged: list[str] = []
        self.folders: set[str] = set()

    def rebuild(self, documents: Iterable[Document]) -> None:
        """Every file from all the documents."""
        by_id: dict[int, list[Document]] = {}
        for document in documents:
            by_id.setdefault(document.id, []).append(document)
        buckets: dict[int, list[tuple[int, str]]] = {}
        for i, listed in by_id.items():
            buckets.setdefault(i % BUCKETS, []).extend((i, document.url) for document in listed)
        for bucket, urls in buckets.items():
            self.write(bucket_path(bucket), bucket_bytes(urls))
        texts = {i: [d.indexed for d in listed] for i, listed in by_id.items()}
        for shard, data in shard_files(texts, self.scratch).items():
            self.write(shard_path(shard), data)
        self.write(ORDER, order_bytes((d.url, d.date) for listed in by_id.values() for d in listed))
        self.write_meta()

    def patch(self, changed: set[str], old: Mapping[str, Entry], entries: Mapping[str, Entry],
              fresh: Mapping[str, Document]) -> bool:
        """Patch into the shards the terms that appeared or disappeared, rewrite the buckets
        whose URLs changed, keep the records of everything else. Returns False, having done
        nothing, when the published pages are not the documents the cache describes."""
        urls = {path: _url(entries.get(path) or old[path]) for path in changed}
        ids = {path: doc_id(url) for path, url in urls.items()}
        groups: dict[int, list[str]] = {}  # id -> the changed paths with it
        for path, i in ids.items():
            groups.setdefault(i, []).append(path)
        listings = {bucket: self.read_bucket(bucket) for bucket in {i % BUCKETS for i in groups}}
        # Unchanged documents with the id of a changed one: their terms stay in its postings.
        changed_urls = set(urls.values())
        sharing = {url: i for listing in listings.values() for i, url in listing
                   if i in groups and url not in changed_urls}
        paths = {_url(entry): path for path, entry in old.items()} if sharing else {}
        if not sharing.keys() <= paths.keys():
            return False
        wanted = [path for path in changed if path in old] + [paths[url] for url in sharing]
        before = _read_published(self.out, wanted)
        if any(path not in before or _entry(before[path]) != old[path] for path in wanted):
            return False

        self.records = dict(self.published)
        added: dict[str, set[int]] = {}
        removed: dict[str, set[int]] = {}
        for i, group in groups.items():
            kept = [before[paths[url]].indexed for url, other in sharing.items() if other == i]
            old_terms = set().union(*map(terms, kept + [before[path].indexed for path in group if path in old]))
            new_terms = set().union(*map(terms, kept + [fresh[path].indexed for path in group if path in entries]))
            for term in new_terms - old_terms:
                added.setdefault(term, set()).add(i)
            for term in old_terms - new_terms:
                removed.setdefault(term, set()).add(i)
        by_shard: dict[int, list[str]] = {}
        for term in added.keys() | removed.keys():
            by_shard.setdefault(shard_of(term), []).append(term)
        for shard, shard_terms in by_shard.items():
            self.patch_shard(shard, shard_terms, added, removed)
        for bucket, listing in listings.items():
            listed = [(i, url) for i, url in listing if url not in changed_urls]
            listed += [(ids[path], url) for path, url in urls.items() if path in entries and ids[path] % BUCKETS == bucket]
            if listed:
                self.write(bucket_path(bucket), bucket_bytes(listed))
            else:
                self.records.pop(bucket_path(bucket), None)
        if any(path not in old or path not in entries or _listed(old[path]) != _listed(entries[path])
               for path in changed):
            self.write(ORDER, order_bytes(map(_listed, entries.values())))
        self.write_meta()
        return True

    def patch_shard(self, shard: int, shard_terms: list[str], added: Mapping[str, set[int]],
                    removed: Mapping[str, set[int]]) -> None:
        path = shard_path(shard)
        shard_entries = decode_shard((self.out / path).read_bytes()) if path in self.published else {}
        for term in shard_terms:
            key = term.encode("utf-8")
            ids = decode_ids(shard_entries.get(key, b""))
            for i in removed.get(term, ()):
                del ids[bisect.bisect_left(ids, i)]
            for i in added.get(term, ()):
                bisect.insort(ids, i)
            if ids:
                shard_entries[key] = encode_ids(ids)
            else:
                shard_entries.pop(key, None)
        if shard_entries:
            self.write(path, encode_shard(shard_entries))
        else:
            self.records.pop(path, None)

    def read_bucket(self, bucket: int) -> list[tuple[int, str]]:
        """The (id, url) of the published documents in ``bucket``."""
        path = bucket_path(bucket)
        if path not in self.published:
            return []
        return [(i, url) for i, url in json.loads((self.out / path).read_bytes())]

    def write(self, path: str, data: bytes) -> None:
        """Publish ``data`` as ``path``."""
        digest = digest_bytes(data)
        known = self.published.get(path)
        if known is not None and known.content == digest:
            self.records[path] = known
        else:
            self.records[path] = OutputRecord("search", frozenset(), digest)
            folder, _ = os.path.split(target := os.path.join(self.staging, path))
            if folder not in self.folders:  # a few hundred files share three folders
                os.makedirs(folder, exist_ok=True)
                self.folders.add(folder)
            with open(target, "wb") as handle:
                handle.write(data)
            self.staged.append(path)

    def write_meta(self) -> None:
        def version(path: str) -> str:
            record = self.records.get(path)
            return record.content[:8] if record is not None else ""

        self.write(SOUNDS, SOUNDS_TABLE.encode("utf-8"))
        meta = {"format": FORMAT, "shards": [version(shard_path(n)) for n in range(SHARDS)],
                "buckets": [version(bucket_path(n)) for n in range(BUCKETS)], "order": version(ORDER),
                "sounds": version(SOUNDS)}
        self.write(META, json.dumps(meta, separators=(",", ":")).encode("utf-8"))


def _read_published(out: Path, paths: Iterable[str]) -> dict[str, Document]:
    """The documents of pages as ``out`` publishes them."""
    found = {}
    for path in paths:
        if path.endswith(".html") and not path.startswith(OUTPUT + "/"):
            document = extract((out / path).read_bytes(), _url_of(path))
            if document is not None:
                found[path] = document
    return found


def _load_state(cache_dir: Path) -> dict | None:
    state = load_pickle(cache_dir / STATE)
    return state if isinstance(state, dict) and state.get("format") == STATE_FORMAT else None


def _save_state(cache_dir: Path, state: dict) -> None:
    save_pickle(cache_dir / STATE, state)
