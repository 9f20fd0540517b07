"""Posters: which posters a site has, their HTML from the theme's poster templates, and
printing them to PDF (through :mod:`generator.printing`) as files the build publishes.

A site has these posters, each printed to ``posters/<name>.pdf`` beside the HTML it is made
from (``posters/<name>.html``), both published with the website:

- one per upcoming activity, unless it says ``poster: false`` (``activities/<slug>``); a past
  activity's poster would never be put up again;
- one per notice that asks for one (``poster: true``, ``a4`` or ``a3``) and has not expired
  (``notices/<slug>``);
- the service menu board, every category, on as many pages as it needs (``services``);
- the volunteer team roster (``teams``);
- one report per month of statistics (``stats/<YYYY-MM>``), and one per year of them
  (``stats/<YYYY>``: the year's page's totals, targets and a chart, for the year's summary).

Paper: the entry's own ``poster`` size, else ``site.yaml`` ``posters.size``; ``posters.bleed``
adds 3 mm bleed and crop marks to all of them. Every poster carries a QR code to its page on
the site (``config.absolute``). Templates come from ``Theme.poster_dirs`` (the site's
``templates/posters/`` first), with the website's templates behind them so the monthly
report imports the same chart macros (``partials/charts.html``) as the statistics pages.

The build prints after the website is rendered and before it is published: the PDFs, the
poster HTML and the preview images are kept in the cache folder and handed to the publish
step as copied files, so they are part of the atomic swap, and an incremental build that
prints nothing still keeps them (see ``write.move_changed``). ``print_posters`` reprints only
a poster whose HTML, files or fonts changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import math
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import quote, unquote, urlsplit

import jinja2
from markupsafe import Markup, escape

from .config import SiteConfig
from .errors import Problem, Problems, Severity, Text
from .link import Site
from .models import Entry
from .images import variant_of
from .printing import CACHE_DAYS, WORD_JOINER, PosterJob, PrintReport, bundled_url, print_posters
from .qr import qr_svg
from .render import render_output
from .routes import Output, years
from .themes import Theme, make_environment
from .validate import LONG_TITLE
from .wholes import MARKUP as _MARKUP, PLACE as _PLACE, WHOLE, in_text

FOLDER = "posters"
PAPER = {"a4": "A4", "a3": "A3"}  # how a size reads on the posters page
PAPER_MM = {"a4": (210, 297), "a3": (297, 420)}
BLEED_MM = 3  # poster.css: `bleed: 3mm`
# Posters printed with larger type when their text leaves the sheet half empty (printing.FILL_SCALES):
# a short notice or activity. The boards and the monthly report are laid out for their size.
FILL_KINDS = ("activity", "notice")
PREVIEW_WIDTH = 360  # pixels of a preview image: shown 180 CSS pixels wide, sharp on phones

Progress = Callable[[int, int, str], None]

# A year's report is a table of its figures and a chart: nothing staff could shorten, and on A3
# the type grows with the paper. It holds 12 metrics on one sheet (tests/test_posters.py).
YEAR_FIGURES = Text(
    "这一年的指标太多，一张纸放不下全部指标，改用 A3 也一样（字会跟着放大）：印成几张时，请把每一张都贴出（二维码在最后一张上）。",
    "The year has more figures than a sheet holds, on A3 too (the type grows with the paper): when it prints "
    "on several sheets, put up every one (the QR code is on the last).")

# A poster without a poster: field of its own is made larger in site.yaml.
OVERFLOW_FIXES = {
    "stats": Text("请缩短这个月的 highlights 和 notes，或在 site.yaml 里写 posters: {size: a3}（所有海报都用 A3）。",
                  "Shorten the month's highlights and notes, or set posters: {size: a3} in site.yaml "
                  "(every poster becomes A3)."),
    "stats_year": YEAR_FIGURES,
}


# A3 is the largest paper: an A3 poster that overflows can only be shortened (the general fix,
# printing.OVERFLOW_FIX, says "use A3", which staff had already done).
A3_OVERFLOW_FIXES = {
    "stats": Text("海报已经是 A3（最大的纸）：请缩短这个月的 highlights 和 notes。",
                  "The poster is already A3, the largest paper: shorten the month's highlights and notes."),
    "stats_year": YEAR_FIGURES,  # nothing to shorten: the figures are the poster
}
A3_OVERFLOW_FIX = Text("海报已经是 A3（最大的纸）：请缩短正文，或把内容分成两张海报。",
                       "The poster is already A3, the largest paper: shorten the text or split it into two posters.")


# Figure cards one sheet of the monthly report holds (measured with the default theme: 9 fit
# with the type at 90 %, 12 did not fit at 80 %, nor 18 on A3, where the type grows with the
# paper): past it, the cards are why it runs over, and no shorter text or larger paper helps.
SHEET_FIGURE_CARDS = 9
MANY_FIGURES = Text("这个月有 {n} 项指标，指标卡片就占了大半张纸，改用 A3 也一样（字会跟着放大）：可以缩短这个月的 "
                    "highlights 和 notes；印成几张时，请把每一张都贴出（二维码在最后一张上）。",
                    "The month has {n} figures, whose cards take most of a sheet, on A3 too (the type grows with the "
                    "paper): shorten the month's highlights and notes; when it prints on several sheets, put up every "
                    "one (the QR code is on the last).")


# What fills a monthly report that overflows, named in its warning before the fix: staff told
# only to shorten the text did not know that its figure cards take most of the sheet.
REPORT_CONTENT = Text("这个月有 {n} 项指标（{n} 张指标卡片）、highlights 和 notes 共 {chars} 个字，一张纸放不下。",
                      "The month has {n} figures ({n} cards) and {chars} characters of highlights and notes, "
                      "more than a sheet holds. ")


def _overflow_fix(spec: PosterSpec) -> Text | None:
    """What the warning of a one-page poster that overflows tells staff to do; None: the
    printer's general fix (use A3 or shorten the text)."""
    figures = len(getattr(spec.entry, "figures", None) or ()) if spec.kind == "stats" else 0
    if figures > SHEET_FIGURE_CARDS:
        return Text(MANY_FIGURES.zh.format(n=figures), MANY_FIGURES.en.format(n=figures))
    if spec.size == "a3":
        fix = A3_OVERFLOW_FIXES.get(spec.kind, A3_OVERFLOW_FIX)
    else:
        fix = OVERFLOW_FIXES.get(spec.kind) or _long_title_fix(spec.title)
    if spec.kind == "stats" and fix is not None:
        entry = spec.entry
        chars = len("".join((getattr(entry, "highlights_text", "") + getattr(entry, "notes", "")).split()))
        cause = REPORT_CONTENT
        fix = Text(cause.zh.format(n=figures, chars=chars) + fix.zh, cause.en.format(n=figures, chars=chars) + fix.en)
    return fix


def _long_title_fix(title: str) -> Text | None:
    """A headline is printed large: a long title is what pushes a poster onto a second page."""
    if len(title) <= LONG_TITLE:
        return None
    return Text(f"标题有 {len(title)} 个字，海报上标题字很大：请把标题缩短到 {LONG_TITLE} 个字以内，或改用 A3（poster: {{size: a3}}）。",
                f"The title is {len(title)} characters and printed large: shorten it to {LONG_TITLE} or use A3 "
                f"(poster: {{size: a3}}).")


@dataclass(frozen=True)
class PosterSpec:
    """One poster: what it shows and where its files go (``name`` without the extension)."""

    kind: str  # "activity", "notice", "services", "teams", "stats", "stats_year": its template is <kind>.html
    name: str  # e.g. "activities/2026-12-06-birthday", "services", "stats/2026-10", "stats/2026"
    title: str
    size: str  # "a4" or "a3"
    bleed: bool
    page_url: str  # the site page the QR code leads to
    source: str  # the file staff edit, for messages
    entry: Entry | None = None
    single_page: bool = False  # more pages than one is an overflow warning
    year: int | None = None  # the year a year's report shows (its template: statistics(site).year(poster.year))

    @property
    def template(self) -> str:
        return f"{self.kind}.html"

    @property
    def pdf(self) -> str:
        return f"{FOLDER}/{self.name}.pdf"

    @property
    def html(self) -> str:
        return f"{FOLDER}/{self.name}.html"

    @property
    def preview(self) -> str:
        return f"{FOLDER}/{self.name}.png"

    @property
    def paper(self) -> str:
        return PAPER[self.size]

    @property
    def preview_size(self) -> tuple[int, int]:
        """Width and height the preview is shown at (CSS pixels; the image has twice as many)."""
        width, height = PAPER_MM[self.size]
        if self.bleed:
            width, height = width + 2 * BLEED_MM, height + 2 * BLEED_MM
        return PREVIEW_WIDTH // 2, round(PREVIEW_WIDTH / 2 * height / width)


# Names reserved for examples (RFC 2606): no poster's QR code should lead there.
_EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")
_EXAMPLE_SUFFIXES = (".example.org", ".example.com", ".example.net", ".example", ".test", ".invalid", ".localhost")


def check_qr_address(config: SiteConfig, problems: Problems) -> None:
    """Posters carry a QR code to ``base_url``: the sample address of ``init`` leads nowhere."""
    host = (urlsplit(config.base_url).hostname or "").lower()
    if host in _EXAMPLE_HOSTS or host.endswith(_EXAMPLE_SUFFIXES):
        problems.warning("site.yaml", config.lines.get("base_url"), "base_url",
                         f"网址还是示例 {config.base_url}：海报上的二维码会指向这个不存在的网址。"
                         f"请在打印前把 base_url 改成网站上线后的真实网址",
                         f"{config.base_url} is an example address: every poster's QR code would lead there. "
                         f"Set base_url to the site's real address before printing")


def poster_specs(site: Site, t: Mapping[str, str]) -> list[PosterSpec]:
    """Every poster of the site, in the order of the posters page. ``t``: the theme's words
    (the boards' titles)."""
    config = site.config
    bleed = config.poster_bleed
    specs = [
        PosterSpec("activity", f"activities/{a.slug}", a.title, a.poster.size, bleed, a.url, a.path, a, True)
        for a in site.upcoming if a.poster is not None
    ]
    specs += [
        PosterSpec("notice", f"notices/{n.slug}", n.title, n.poster.size, bleed, n.url, n.path, n, True)
        for n in site.listed_notices if n.poster is not None
    ]
    if site.service_categories:
        specs.append(PosterSpec("services", "services", t["services"], config.poster_size, bleed,
                                "/services/", "content/services/"))
    if site.active_teams:  # a dissolved team is no longer on the roster
        specs.append(PosterSpec("teams", "teams", t["teams"], config.poster_size, bleed, "/teams/", "content/teams/"))
    # The month in the site's language, as the month's page writes it (stats_year_month):
    # MonthStats.title is always "2026年10月", which an English poster printed as its title.
    specs += [
        PosterSpec("stats", f"stats/{m.month:%Y-%m}", f"{_year_month(t, m.month)} {t['stats']}", config.poster_size,
                   bleed, m.url, m.path, m, True)
        for m in site.stats
    ]
    # A year's report for every year with a month file, as there is a year's page
    # (routes.years): its figures are the months', so staff edit those files. Not by a theme of
    # its own made before the year's report (no extends, so neither its words nor its
    # posters/stats_year.html): it prints the posters it has, as it did.
    if "poster_year_title" in t:
        specs += [
            PosterSpec("stats_year", f"stats/{year}", t["poster_year_title"].replace("{y}", str(year)),
                       config.poster_size, bleed, f"/stats/{year}/", "content/stats/", None, True, year)
            for year in years(site)
        ]
    return specs


def _year_month(t: Mapping[str, str], month: dt.date) -> str:
    return t["stats_year_month"].replace("{y}", str(month.year)).replace("{m}", str(month.month))


# ---- HTML -------------------------------------------------------------------------------

# ---- titles -----------------------------------------------------------------------------
#
# A long Chinese title wraps at any character, and WeasyPrint has no `text-wrap: balance`:
# "11月24日锦江苑小区临时停水通知" came out as "11月24日锦江苑小区临时停" over "水通知", and
# "耄耋老人集体生日会（第四季度）" could end a line with "（第四季". So the title's lines are
# chosen here: as many lines as its width needs, as even as possible, broken between
# phrases (after ，：· and the like, before an opening bracket or quote) where that works,
# never inside a number or a Latin word, never before closing punctuation. The lines are
# joined with <br>; a line the estimate got too wide still wraps by itself, so nothing is cut.

TITLE_SIZES = {"short": 4.4, "medium": 3.4, "long": 2.9}  # rem, as in boards.css
LINE_REM = 42  # the poster's text width in rem, A4 and A3 alike (182 mm / 12 pt, 257 mm / 16.8 pt)
_BREAK_AFTER = set("，、：；。！？·,:;!?") | {" ", "\u3000"}
_OPENING = set("（《“「『【([")
_CLOSING_BRACKETS = set("）》”」』】)]")
_CLOSING = _CLOSING_BRACKETS | set("，、：；。！？—…·,.:;!?")
PHRASE_BONUS = 3  # em of evenness a break between phrases is worth


def _width(text: str) -> float:
    """Width in em of the title font: a Chinese character or full-width mark is one, a
    Latin letter or digit about half, a space less."""
    return sum(1.0 if ord(c) > 0x2E7F else 0.3 if c.isspace() else 0.55 for c in text)


def title_size(title: str) -> str:
    """``short``, ``medium`` or ``long``: the title's class in boards.css, by its width."""
    width = _width(title)
    return "short" if width <= 9 else "medium" if width <= 18 else "long"


def _phrase_ends(title: str) -> set[int]:
    """Positions between phrases, outside brackets and quotes (an ASCII ``"`` opens at odd
    and closes at even counts)."""
    ends, depth, quotes = set(), 0, 0
    for i, char in enumerate(title):
        opening = char in _OPENING or (char == '"' and quotes % 2 == 0)
        closing = char in _CLOSING_BRACKETS or (char == '"' and quotes % 2 == 1)
        quotes += char == '"'
        if opening:
            if depth == 0:
                ends.add(i)
            depth += 1
        elif closing:
            depth = max(0, depth - 1)
            if depth == 0:
                ends.add(i + 1)
        elif depth == 0 and (char in _BREAK_AFTER or title[i - 1:i + 1] == "——"):
            ends.add(i + 1)
    return {i for i in ends if 0 < i < len(title)}


def _can_break(title: str, i: int) -> bool:
    before, after = title[i - 1], title[i]
    inside_word = before.isascii() and after.isascii() and before.isalnum() and after.isalnum()
    return not inside_word and after not in _CLOSING and before not in _OPENING


def _lines(title: str, capacity: float) -> list[str]:
    """The most even lines (the widest as narrow as can be), preferring phrase breaks."""
    count = math.ceil(_width(title) / capacity)
    if not 1 < count <= 3:  # one line; or a title so long that it may as well wrap by itself
        return [title]
    phrase_ends = _phrase_ends(title)
    # Never inside a building, unit or room ("12号" over "楼"), a time with its part of the day
    # ("周六下午2:" over "30", a time's colon ending a phrase as any colon does) or a full-width
    # number: whole_places keeps them whole where the text wraps by itself, but these breaks
    # are the title's own <br>. The website's pieces (a range of times too: "8：00至" over "11：30").
    wholes = {i for whole in WHOLE.finditer(title) for i in range(whole.start() + 1, whole.end())}
    allowed = [i for i in range(1, len(title)) if _can_break(title, i) and i not in wholes]
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in itertools.combinations(allowed, count - 1):
        edges = (0, *cuts, len(title))
        widest = max(_width(title[a:b].strip()) for a, b in zip(edges, edges[1:]))
        if widest > capacity:
            continue
        # A break inside a phrase costs PHRASE_BONUS em: "冬季健康讲座：" over
        # "老人防跌倒与心脑血管保健" beats two even lines that split "老人防|跌倒".
        cost = widest + PHRASE_BONUS * sum(c not in phrase_ends for c in cuts)
        if best is None or cost < best[0]:
            best = (cost, cuts)
    if best is None:  # no way to fit: let the text wrap where it will
        return [title]
    edges = (0, *best[1], len(title))
    return [title[a:b].strip() for a, b in zip(edges, edges[1:])]


def title_lines(title: str) -> Markup:
    """The title with its line breaks chosen (see above), as HTML."""
    capacity = LINE_REM / TITLE_SIZES[title_size(title)]
    return Markup("<br>").join(escape(line) for line in _lines(title, capacity))


def css_string(text: str) -> Markup:
    """``text`` as a CSS string (for ``content:`` in a poster's style sheet)."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in text)
    return Markup(f'"{escaped}"')


def css_page_counter(text: str) -> Markup:
    """A theme string such as "第 {n} 页，共 {count} 页" as CSS ``content``, with the page
    counters in place of ``{n}`` and ``{count}``."""
    parts = re.split(r"(\{n\}|\{count\})", text)
    counters = {"{n}": "counter(page)", "{count}": "counter(pages)"}
    return Markup(" ").join(Markup(counters[p]) if p in counters else css_string(p) for p in parts if p)


def nobr_words(text: str) -> Markup:
    """``text`` with each of its words (parted by spaces) in ``<span class="nobr">``: a line
    may break between "Urgent" and "notice", never inside a word nor inside 紧急通知."""
    return Markup(" ").join(Markup('<span class="nobr">{}</span>').format(word) for word in str(text).split())


def poster_environment(theme: Theme, config: SiteConfig) -> jinja2.Environment:
    """The website's Jinja environment (same filters and globals) over the poster templates,
    with the website's templates behind them for shared partials such as the charts."""
    env = make_environment(theme, config, theme.poster_dirs + theme.template_dirs)
    env.filters.update(title_lines=title_lines, title_size=title_size, css_string=css_string,
                       css_page_counter=css_page_counter, poster_body=poster_body,
                       nobr_words=nobr_words, label_value=label_value)
    return env


# More text than an A3 sheet holds at poster sizes. Beyond it the poster prints the start and
# sends readers to the page: a pasted 5,000-character paragraph kept WeasyPrint laying out
# one paragraph over pages for minutes (in a review: 7 minutes, no output).
POSTER_TEXT_LIMIT = 1500
POSTER_EXCERPT = 300  # characters printed of a longer text: with the facts and the QR code, one A4 sheet


def poster_body(entry: Entry) -> Markup:
    """The body as the poster prints it: whole, or its first characters and a pointer to the page
    (its buildings and rooms kept whole with the rest of the poster's: :func:`render_poster`)."""
    if len(entry.body_text) <= POSTER_TEXT_LIMIT:
        return Markup(entry.body_html)
    return Markup("<p>{}……</p><p><strong>全文请扫码查看</strong></p>").format(entry.body_text[:POSTER_EXCERPT])


def _cut_body_warning(spec: PosterSpec) -> Problem | None:
    entry = spec.entry
    if entry is None or not hasattr(entry, "body_text") or len(entry.body_text) <= POSTER_TEXT_LIMIT:
        return None
    return Problem(spec.source, None, None, Text(
        f"正文有 {len(entry.body_text)} 个字，海报上放不下：海报只印了前 {POSTER_EXCERPT} 个字和“全文请扫码查看”。"
        f"想全部印出来，请缩短到 {POSTER_TEXT_LIMIT} 个字以内",
        f"the text has {len(entry.body_text)} characters, more than a poster holds: the poster prints the first "
        f"{POSTER_EXCERPT} and a pointer to the page. Shorten it to {POSTER_TEXT_LIMIT} to print it all"), Severity.WARNING)


def render_poster(env: jinja2.Environment, spec: PosterSpec, shared: Mapping[str, Any]) -> str:
    """The poster's HTML, through the theme's ``posters/<kind>.html``, its table cells' numbers
    (:func:`whole_numbers`) and every building, unit, room or floor in its text
    (:func:`whole_places`) each one unbroken piece. All its text, not only the body's: a notice's
    summary, an activity's place and a monthly report's notes printed "5号" over "楼" too, and so
    would any field a site's own poster template shows."""
    url = spec.page_url
    absolute = shared["config"].absolute(url)
    context = {"poster": spec, "page": spec.entry, "qr": Markup(qr_svg(absolute)), "qr_url": absolute}
    output = Output("/" + spec.html, spec.template, context)
    return whole_places(whole_numbers(render_output(env, output, dict(shared)).decode("utf-8")))


# ---- numbers in table cells --------------------------------------------------------------
#
# A table cell's text may break anywhere (poster.css: `overflow-wrap: anywhere`, the only value
# that lets a table of six columns narrow its cells to the sheet), numbers too: a phone number
# 13812345678 printed as "138123" over "45678", an amount 1,250.00 as "1,25" over "0.00", and a
# reader misdials or misreads them. So each number in a cell (digits with the marks inside a
# phone number, an amount, a date or a time: 0831-87654300, ¥1,250.00, 2026-12-05,
# 08:30-11:30, 85%) is wrapped in <span class="nobr">, which never breaks; Chinese text beside
# it still wraps anywhere. So is a building, unit, room or floor (5号楼, 3栋, 2单元, 301室, 12层,
# B座, 三号楼): a schedule by building printed "1号" over "楼", "2单" over "元", "11" over "层".
# A table whose numbers are then wider than its column is printed with smaller type
# (printing: _fit_tables).

_CELL = re.compile(r"(<t[dh](?:\s[^>]*)?>)(.*?)(?=</t[dh]>)", re.S | re.I)
_NUMBER = re.compile(r"[¥￥$+]?\d+(?:[,.:/\-–~～]\d+)*%?")
NUMBER_FROM = 3  # characters: a number shorter than this is narrower than any column
_WHOLE = re.compile(rf"(?P<place>{_PLACE.pattern})|{_NUMBER.pattern}")


# A column's header (<thead>) is a word or two, 服务项目, 联系电话: in a narrow column it broke
# like any cell, "服务项" over "目". Each of its words (parted by spaces: "Phone number" may
# still go on two lines; a bracket starts a word: 每月服务人次 over （含上门）) is one unbroken
# piece too; a table whose headers are then wider than the sheet is printed smaller, as one
# whose numbers are (printing._fit_tables). A word of more than HEAD_WORD_MAX characters is
# a phrase rather than a word (居家养老服务中心联系电话): kept whole it would shrink the whole
# table's type for one header, so it breaks as any text does.
_HEAD = re.compile(r"<thead\b.*?</thead>", re.S | re.I)
_WORD = re.compile(r"[（(［\[][^\s（(［\[]*|[^\s（(［\[]+")
HEAD_WORD_MAX = 6


def whole_numbers(html: str) -> str:
    """``html`` with each number of :data:`NUMBER_FROM` characters or more and each building,
    unit, room or floor in a table cell (``<td>``, ``<th>``), and each word of a column's header
    (in ``<thead>``), wrapped in ``<span class="nobr">``."""
    def number(match: re.Match[str]) -> str:
        run = match.group(0)
        return f'<span class="nobr">{run}</span>' if match.group("place") or len(run) >= NUMBER_FROM else run

    def word(match: re.Match[str]) -> str:
        run = match.group(0)
        return f'<span class="nobr">{run}</span>' if len(run) <= HEAD_WORD_MAX or run.isascii() else run

    def cells(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
        def cell(match: re.Match[str]) -> str:
            parts = _MARKUP.split(match.group(2))
            parts[0::2] = [pattern.sub(replace, text) for text in parts[0::2]]
            return match.group(1) + "".join(parts)
        return cell

    head_cell, body_cell = cells(_WORD, word), cells(_WHOLE, number)
    pieces, last = [], 0
    for head in _HEAD.finditer(html):  # a header's words whole, its numbers with them
        pieces += [_CELL.sub(body_cell, html[last:head.start()]), _CELL.sub(head_cell, head.group(0))]
        last = head.end()
    return "".join(pieces) + _CELL.sub(body_cell, html[last:])


# In running text a line breaks between a number and a Chinese character, and a body's paragraph
# or list item printed "5号" over "楼", "301" over "室", "2" over "单元" (measured at A4, 14.4 pt:
# a phone number, a date or a time at a line's end moved to the next line whole; these broke).
# Each is joined by word joiners (U+2060: no line break on either side), not wrapped in a
# `white-space: nowrap` span as a table cell's numbers are. Measuring how narrow a box may be
# (its min-content width), WeasyPrint 70 lets `overflow-wrap: anywhere` break a word only at the
# start of a line, and takes all the text after a nowrap span for not starting one: a long Latin
# word or URL after a place counted whole, and an activity's place (地点, a table cell beside its
# label) was laid out as wide as that word, past the sheet's edge. Joined, the text stays one
# run: the line breaker keeps its rules on either side, a piece longer than its column still
# breaks there as a last resort (`anywhere`), it holds whatever style sheet a site's poster
# has, and the text a PDF reader extracts (pdftotext, copy and paste) has no joiners in it; nor
# has a heading's PDF bookmark (printing._clean_bookmarks).
# A table's cells: whole_numbers; the rest is not text printed on the sheet (the head holds the
# <title>, which also names the PDF).
_OPAQUE = ("table", "svg", "style", "script", "head")


def whole_places(html: str) -> str:
    """``html`` with each piece the website keeps whole (wholes.WHOLE) one unbroken piece in its
    text, its characters joined by :data:`WORD_JOINER`, except inside a table
    (:func:`whole_numbers` does its cells) and inside svg, style, script and the document's head:
    a building, unit, room or floor (5号楼, 1-12栋), a time with its part of the day (an enlarged
    notice poster printed "上午8：" over "00至下午6：00": after a full-width colon the line
    breaker breaks as after 。), a day (12月 over 1日), a number typed in full-width digits."""
    return in_text(html, lambda text: WHOLE.sub(_joined, text), _OPAQUE)


def _joined(match: re.Match[str]) -> str:
    """A piece in ASCII alone (8:00, 0831-2345678) stays as it is: nothing in it breaks."""
    found = match.group(0)
    return found if found.isascii() else WORD_JOINER.join(found)


# The first piece of a value a label goes with: a whole number (a phone number, a date), a Latin
# word, else one character (a Chinese value wraps between characters anyway).
_FIRST_PIECE = re.compile(rf"{_NUMBER.pattern}|[A-Za-z0-9][A-Za-z0-9'’.\-]*|\S")


def label_value(value: object, label: str) -> Markup:
    """``label`` (its colon included) and ``value`` as HTML, the label never at the end of a line
    without its value: the label and the value's first piece (a whole number, a Latin word, else
    one character) are one unbroken piece, ``<span class="nobr">``; the rest wraps as it will,
    so a long address still wraps and the label may go to the next line with its value. With
    a short poster's type enlarged (printing.FILL_SCALES) the footer's column grew narrower
    than "电话：0831-1234567" and printed "电话：" over the number."""
    text = str(value).strip()
    first = _FIRST_PIECE.match(text)
    cut = first.end() if first else 0
    return Markup('<span class="nobr">{}{}</span>{}').format(label, text[:cut], text[cut:])


_IMG_SRC = re.compile(r'(<img\b[^>]*?\s)src="([^"]*)"')
_IMG_SRCSET = re.compile(r'(<img\b[^>]*?)\s(?:srcset|sizes)="[^"]*"')


def for_printing(html: str, base_path: str, media: Mapping[str, Path], root: Path) -> str:
    """The HTML as WeasyPrint reads it: images of the content (``/base/media/x.png`` on the
    website) point at their files under the site root, and the printer's base URL is the
    root; ``srcset`` goes (the printer takes ``src``, the original, and prints it from a copy
    of the size it is printed at: printing._print_sizes). A photo the website shows from its
    largest copy (``x.1440w.jpg``) is printed from the original too, never from that copy.
    A bundled theme's static file (its icon), outside the root, is named by
    :data:`printing.THEMES_URL` (the PDF is the same wherever the tool is installed); any other
    file outside the root by its file URL, which printing refuses with a warning."""
    def local(match: re.Match[str]) -> str:
        url = unquote(match.group(2))
        public = url[len(base_path):] if url.startswith(base_path) else None
        if public is not None and public not in media and (variant := variant_of(public)) is not None:
            public = variant[0]
        source = media.get(public) if public is not None else None
        if source is None:
            return match.group(0)
        try:
            relative = quote(source.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:  # a bundled theme's static file, by a URL not naming where the tool is
            relative = bundled_url(source) or source.resolve().as_uri()
        return f'{match.group(1)}src="{relative}"'

    while (stripped := _IMG_SRCSET.sub(r"\1", html)) != html:
        html = stripped
    return _IMG_SRC.sub(local, html)


# ---- printing ----------------------------------------------------------------------------


@dataclass
class PosterRun:
    """What :func:`make_posters` made: the files to publish and what printing did."""

    specs: list[PosterSpec]
    files: dict[str, Path] = field(default_factory=dict)  # output path -> file in the work folder
    report: PrintReport = field(default_factory=PrintReport)
    warnings: list[Problem] = field(default_factory=list)
    # ``noticeboard posters --only``: nothing matched, and the warnings say why (build.posters_only)
    told_why: bool = False


def make_posters(
    site: Site, specs: list[PosterSpec], theme: Theme, shared: Mapping[str, Any], media: Mapping[str, Path],
    work_dir: Path, progress: Progress | None = None, out_dir: Path | None = None,
    cleaned: Mapping[str, Path] | None = None,
) -> PosterRun:
    """Render and print ``specs``. With ``out_dir`` None (a build): the HTML, PDFs and previews
    go into ``work_dir/files/posters/`` and are returned as files to publish. With an
    ``out_dir`` (``noticeboard posters``): just the PDFs, as ``out_dir/<name>.pdf``.
    ``cleaned``: output path -> copy of a photo without its GPS position,
    thumbnail and names (images.without_private),
    which the printer reads in place of the photo's file."""
    from .build import static_files  # build imports this module only when it prints

    instead = tuple(sorted((str(media[public].resolve()), str(copy.resolve()))
                           for public, copy in (cleaned or {}).items() if public in media))
    # A poster's images: the content's, and the theme's and the site's static files (a logo
    # in the poster template, <img src="{{ url('/static/logo.png') }}">, as on a page).
    printable = {**static_files(theme), **media}
    env = poster_environment(theme, site.config)
    config = site.config
    files_dir = work_dir / "files"
    # Photos at the size a poster prints them (images.print_copy), beside the website's copies:
    # work_dir is the cache folder's posters/.
    images = work_dir.parent / "images"
    run = PosterRun(specs)
    jobs = []
    for spec in specs:
        html = render_poster(env, spec, shared)
        if out_dir is None:
            run.files[spec.html] = _write_if_changed(files_dir / spec.html, html.encode("utf-8"))
        printed = for_printing(html, config.base_path, printable, config.root)
        output = spec.pdf if out_dir is None else spec.pdf.removeprefix(FOLDER + "/")
        jobs.append(PosterJob(output, printed, config.root.resolve().as_uri() + "/", spec.single_page, spec.title,
                              _overflow_fix(spec), fill_page=spec.kind in FILL_KINDS, instead=instead,
                              image_cache=str(images), lines=spec.entry.ref_lines if spec.entry else ()))
    run.report = print_posters(jobs, out_dir or files_dir, work_dir / "pdf", progress, link=out_dir is None)
    sources = {job.output: spec.source for job, spec in zip(jobs, specs)}
    # Name the file staff edit, not the PDF: that is where the fix goes.
    run.warnings = [Problem(sources.get(w.path, w.path), w.line, w.field, w.text, w.severity)
                    for w in run.report.warnings]
    run.warnings += [cut for spec in specs if (cut := _cut_body_warning(spec)) is not None]
    if out_dir is None:
        for spec in specs:
            run.files[spec.pdf] = files_dir / spec.pdf
            run.files[spec.preview] = _preview(files_dir / spec.pdf, files_dir / spec.preview, work_dir / "png")
        _remove_others(files_dir, set(run.files))
        _prune(work_dir / "png")
    return run


def _write_if_changed(path: Path, data: bytes) -> Path:
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


# ---- previews ----------------------------------------------------------------------------


def _preview(pdf: Path, target: Path, cache: Path) -> Path:
    """A PNG of the poster's first page (pypdfium2: PDFium, the PDF engine of Chromium),
    kept under the digest of the PDF, so an unchanged poster is rendered once."""
    digest = hashlib.blake2b(pdf.read_bytes(), digest_size=16).hexdigest()
    cached = cache / f"{digest}.png"
    if not cached.is_file():
        import pypdfium2  # lazily: only when a new poster needs a preview
        from PIL import Image

        cache.mkdir(parents=True, exist_ok=True)
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[0]
            image = page.render(scale=PREVIEW_WIDTH / page.get_width()).to_pil()
        finally:
            document.close()
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        # 32 colours: a poster is text and flat colour, and the page of 30 previews stays
        # about 20 KB a poster (75 KB in full colour).
        image.convert("RGB").quantize(32, dither=Image.Dither.NONE).save(tmp, "PNG")
        os.replace(tmp, cached)
    os.utime(cached)  # in use: kept by the pruning below
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.stat().st_ino != cached.stat().st_ino:
        target.unlink(missing_ok=True)
        try:
            os.link(cached, target)
        except OSError:
            shutil.copyfile(cached, target)
    return target


def _prune(cache: Path) -> None:
    """Forget previews unused for as long as the print cache keeps its PDFs."""
    limit = time.time() - CACHE_DAYS * 86400
    for path in cache.glob("*.png") if cache.is_dir() else ():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _remove_others(folder: Path, keep: set[str]) -> None:
    """Forget the work files of posters that no longer exist (a past activity's)."""
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        if path.is_file() and path.relative_to(folder).as_posix() not in keep:
            path.unlink(missing_ok=True)
