"""The website in a real headless Chromium: axe-core finds no WCAG 2.2 AA violation, the
Nu HTML checker finds no error, Chinese search works, the font-size switch works with
and without JavaScript, and nothing overflows a phone's width at any text size.

Set NOTICEBOARD_SCREENSHOTS=<folder> to also save 375 px screenshots of the home page, an
activity and the service menu at each text size.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

import pytest

from generator.build import build
from generator.search import extract
from support.browser import DESKTOP, MOBILE, format_violations, goto, no_js_page, page, run_axe, serve, watch_errors
from support.htmlcheck import validate_html
from website_build import TODAY

from conftest import MINIMAL_SITE_YAML, make_site_files

SIZES = {"m": 18, "l": 22, "xl": 26}  # px of 1rem for 标准, 大, 特大


@pytest.fixture(scope="session")
def base(ex):
    with serve(ex.out, ex.prefix) as url:
        yield url


def axe_pages(ex) -> dict[str, str]:
    """The pages the issue names: home, a notice, an activity, a calendar month, the
    service menu, a team and a statistics page; and the notices by year, with a year's page;
    and a cancelled activity's page (the example's next activity is one: the activity page
    is the first that takes place, with its sign-up and calendar links)."""
    site = ex.site
    activity = next(a for a in site.upcoming if not a.cancelled)
    return {
        "home": "/",
        "notice": site.listed_notices[0].url,
        "activity": activity.url,
        "cancelled": next(a for a in site.activities if a.cancelled).url,
        "calendar": f"/activities/calendar/{activity.start:%Y-%m}/",
        "services": "/services/",
        "team": next(t for t in site.teams if t.activities or t.services).url,
        "stats": site.stats[-1].url,
        "archive": "/notices/archive/",
        "notice-year": f"/notices/{site.notices[0].date.year}/",
    }


@pytest.mark.parametrize("width", [MOBILE, DESKTOP])
@pytest.mark.parametrize("name", ["home", "notice", "activity", "cancelled", "calendar", "services", "team", "stats",
                                  "archive", "notice-year"])
def test_axe_finds_no_violation(ex, base, name, width):
    url = base + axe_pages(ex)[name]
    violations = run_axe(url, width)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("name", ["home", "activity", "services"])
def test_axe_finds_no_violation_without_javascript(ex, base, name):
    violations = run_axe(base + axe_pages(ex)[name], MOBILE, javascript=False)
    assert not violations, format_violations(violations)


def test_nu_html_checker_finds_no_error_on_any_page(ex):
    """Every page of the website (posters/ holds print sources, checked with the posters)."""
    website = [p for p in sorted(ex.out.rglob("*.html")) if p.relative_to(ex.out).parts[0] != "posters"]
    css = sorted((ex.out / "static").glob("*.css"))
    errors = validate_html([*website, *css], also_check_css=True)
    assert not errors, "\n".join(errors[:50])


def test_pages_load_nothing_broken(ex, base):
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        for url in axe_pages(ex).values():
            goto(pg, base + url)
            pg.wait_for_load_state("networkidle")
        goto(pg, base + "/search/")
        pg.wait_for_load_state("networkidle")
    assert not problems, problems


def font_size(pg) -> float:
    return pg.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def test_font_size_switch_works_with_one_tap_without_javascript(ex, base):
    with no_js_page(MOBILE) as pg:
        goto(pg, base + ex.site.listed_notices[0].url)
        assert font_size(pg) == SIZES["m"]
        pg.click("label[for=fs-l]")
        assert font_size(pg) == SIZES["l"]
        pg.click("label[for=fs-xl]")
        assert font_size(pg) == SIZES["xl"]
        assert pg.evaluate("document.documentElement.scrollWidth") <= MOBILE


def test_font_size_choice_is_remembered_on_the_next_page(ex, base):
    with page(MOBILE) as pg:
        goto(pg, base + "/")
        pg.click("label[for=fs-xl]")
        assert font_size(pg) == SIZES["xl"]
        goto(pg, base + "/services/")
        assert font_size(pg) == SIZES["xl"]
        assert pg.is_checked("#fs-xl")
        pg.click("label[for=fs-m]")
        goto(pg, base + "/")
        assert font_size(pg) == SIZES["m"]


# Every link, button, summary and field under 44 x 44 px, but WCAG 2.5.8's exceptions: a link
# inline in a sentence (text right beside it), a label whose field is itself large enough.
SMALL_TARGETS = """() => {
    const large = e => { const r = e.getBoundingClientRect(); return r.width >= 44 && r.height >= 44; };
    const inSentence = e => getComputedStyle(e).display === 'inline'
        && [e.previousSibling, e.nextSibling].some(n => n && n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    return [...document.querySelectorAll('a[href], button, summary, label, input:not([type=radio]):not([type=hidden]), select')]
        .filter(e => e.getClientRects().length && !large(e) && !inSentence(e)
                     && !(e.localName === 'label' && e.control && e.control.getClientRects().length && large(e.control)))
        .map(e => { const r = e.getBoundingClientRect();
                    return `${e.textContent.trim().slice(0, 12)} (${e.parentElement.localName}) ${Math.round(r.width)}x${Math.round(r.height)}`; });
}"""


def test_nothing_overflows_a_phone_at_any_text_size(ex, base):
    """At 375 px and every size the page scrolls only up and down, and whatever a resident taps
    is at least 44 x 44 px (links in tables were 26 px high, the calendar's days 43 px wide at
    特大, 首页 and 搜索 36 px wide)."""
    shots = os.environ.get("NOTICEBOARD_SCREENSHOTS")
    site = ex.site
    targets = {**axe_pages(ex), "stats-year": f"/stats/{site.stats[-1].month.year}/", "stats-index": "/stats/",
               "notices": "/notices/", "tags": "/tags/", "activities": "/activities/", "teams": "/teams/",
               "search": "/search/"}
    with page(MOBILE) as pg:
        for name, url in targets.items():
            for size in SIZES:
                goto(pg, base + url)
                pg.click(f"label[for=fs-{size}]")
                width = pg.evaluate("document.documentElement.scrollWidth")
                assert width <= MOBILE, f"{url} at {size}: {width}px wide"
                # Cut off inside a box that clips (a card) without widening the page; not what is
                # hidden for screen readers only (out of the flow), nor a table in a region that scrolls.
                clipped = pg.evaluate("""() => [...document.querySelectorAll('main *')].filter(e => {
                    const r = e.getBoundingClientRect();
                    for (let a = e; a; a = a.parentElement) {
                        const style = getComputedStyle(a);
                        if (style.position === 'absolute' || (a !== e && ['auto', 'scroll'].includes(style.overflowX))) return false;
                    }
                    return r.width > 0 && r.right > innerWidth + 1;
                }).map(e => e.tagName + '.' + e.className).slice(0, 5)""")
                assert not clipped, f"{url} at {size}: beyond the screen's right edge: {clipped}"
                broken = pg.evaluate("""() => [...document.querySelectorAll('.site-footer .small a')]
                    .filter(a => a.getClientRects().length > 1 || a.getBoundingClientRect().height < 44).map(a => a.textContent)""")
                assert not broken, f"{url} at {size}: footer links broken over two lines or under 44 px: {broken}"
                # A card's title is what a resident taps to open it (42 px high at 标准 before).
                small = pg.evaluate(SMALL_TARGETS)
                assert not small, f"{url} at {size}: targets under 44 x 44 px: {small[:5]}"
                if shots:
                    pg.screenshot(path=str(Path(shots) / f"{name}-{size}.png"), full_page=True)


# Every word of the charts shown (a 无数据 written downwards counts each character): its size
# on screen (its font size times the drawing's scale), its box (getBoundingClientRect), the
# drawing's box, and which words' boxes meet or leave the drawing.
CHART_WORDS = """() => [...document.querySelectorAll('.chart svg')].filter(svg => svg.getClientRects().length).map(svg => {
    const box = svg.getBoundingClientRect();
    const words = [...svg.querySelectorAll('text')].flatMap(t => t.children.length ? [...t.children] : [t])
        .filter(w => w.getBoundingClientRect().width > 0)
        .map(w => { const r = w.getBoundingClientRect();
                    return {text: w.textContent, px: parseFloat(getComputedStyle(w).fontSize) * svg.getScreenCTM().a,
                            line: w.tagName === 'tspan' ? w.parentNode : w, r: [r.left, r.top, r.right, r.bottom]}; });
    const meet = (a, b) => a.r[0] < b.r[2] - .5 && b.r[0] < a.r[2] - .5 && a.r[1] < b.r[3] - .5 && b.r[1] < a.r[3] - .5;
    return {
        sizes: words.map(w => w.px),
        outside: words.filter(w => w.r[0] < box.left - .5 || w.r[2] > box.right + .5 || w.r[1] < box.top - .5 || w.r[3] > box.bottom + .5)
            .map(w => w.text),
        overlaps: words.flatMap((a, i) => words.slice(i + 1).filter(b => a.line !== b.line && meet(a, b)).map(b => a.text + '|' + b.text)),
    };
})"""


# The narrowest screen (320, WCAG's reflow width), the most common Android one (360), an
# iPhone's, a tablet's upright and sideways (the wide drawing's words were 18 px at 大 and 特大
# at 768 and 24 px at 特大 at 1024: its column is under 40rem there) and a computer's.
@pytest.mark.parametrize("width", [320, 360, MOBILE, 768, 1024, DESKTOP])
def test_chart_words_are_large_whole_and_apart_at_every_text_size(ex, base, width):
    """Residents read the charts on phones, many of them elderly: at every width each word of
    each chart (axis numbers, months, years, the target's legend) is at least as large as the
    page's text at each text size (18, 22, 26 px) — at 375 px it was 15 px at all three; at
    320 and 360 px, 15.6 and 17.5 px at 标准 — and none is cut off at the drawing's edge or
    written over another. The index and a year page (14 and 12 months, with targets) and a
    month page."""
    site = ex.site
    assert_chart_words(base, ["/stats/", f"/stats/{site.stats[-1].month.year}/", site.stats[-1].url], width)


def assert_chart_words(base: str, urls: list[str], width: int) -> None:
    """Each chart shown on each of ``urls``, at each text size: its words at least the page's
    text size, inside the drawing, none over another."""
    with page(width) as pg:
        for url in urls:
            for size, px in SIZES.items():
                goto(pg, base + url)
                pg.click(f"label[for=fs-{size}]")
                charts = pg.evaluate(CHART_WORDS)
                assert charts, f"{url}: no chart shown"
                smallest = min(min(c["sizes"]) for c in charts)
                assert smallest >= px - 0.05, f"{url} at {size}: chart words {smallest:.1f}px, under the page's {px}px"
                assert not [c["outside"] for c in charts if c["outside"]], f"{url} at {size}: cut off at the chart's edge"
                assert not [c["overlaps"] for c in charts if c["overlaps"]], f"{url} at {size}: chart words overlap"


# Figures the example's do not reach: six digits, a share near its 99.5% target, a rate in ‰,
# a ceiling of 0, and two months running without a figure (a gap of two) in two years.
HARD_METRICS = """  - {id: big, label: 服务人次, unit: 人次, aggregate: sum, target: {monthly: 125000}}
  - {id: rate, label: 办结率, unit: "%", aggregate: mean, target: {monthly: 99.5}}
  - {id: hours, label: 平均办结用时, unit: 小时, aggregate: mean, higher_is_better: false, target: {monthly: 36}}
  - {id: tiny, label: 投诉率, unit: "‰", aggregate: mean, higher_is_better: false, target: {monthly: 0.3}}
  - {id: zero, label: 安全事故, unit: 起, aggregate: sum, higher_is_better: false, target: {monthly: 0}}
"""


def hard_figures(n: int) -> str:
    """Month ``n`` of 24 (2024-11 on): values that climb and fall around their targets."""
    wave = (n * 7) % 10
    return (f"  big: {90000 + 4100 * wave + 37 * n}\n  rate: {97 + 0.3 * wave:.1f}\n  hours: {20 + 3 * wave:.1f}\n"
            f"  tiny: {0.1 + 0.05 * wave:.2f}\n  zero: {n % 3 // 2}\n")


@pytest.fixture(scope="module", params=["zh-Hans", "en"])
def hard_charts(request, tmp_path_factory):
    """A site of HARD_METRICS over 24 months, 2025-02 and 2025-03 without figures."""
    folder = tmp_path_factory.mktemp("charts")
    months = [(2024 + (10 + n) // 12, (10 + n) % 12 + 1, n) for n in range(24)]
    files = {f"content/stats/{y}-{m:02d}.yaml": f"month: {y}-{m:02d}\nfigures:\n{hard_figures(n)}"
             for y, m, n in months if (y, m) not in ((2025, 2), (2025, 3))}
    site_yaml = MINIMAL_SITE_YAML.replace("title:", f"language: {request.param}\ntitle:").split("metrics:")[0]
    root = make_site_files(folder, {"site.yaml": site_yaml + "metrics:\n" + HARD_METRICS, **files})
    build(root, folder / "out", today=TODAY, cache_dir=folder / "cache", posters=False)
    with serve(folder / "out", "/test/") as url:
        yield url


@pytest.mark.parametrize("width", [MOBILE, DESKTOP])
def test_chart_words_stay_apart_with_six_digits_targets_near_the_top_and_gaps(hard_charts, width):
    """Six-digit values of twelve months, each written above its point, ran into each other on
    a computer (123273|122726), a value on the top line into the target's legend (目标线：99.5%
    over 99.4, 目标线：0 起 over 1); on a phone, 无数据 of two months running was written twice,
    one over the other, and "no data" downwards reached up into the legend."""
    assert_chart_words(hard_charts, ["/stats/", "/stats/2025/", "/stats/2026/", "/stats/2026-10/"], width)


def test_print_hides_the_menu_and_the_switch(ex, base):
    with page(DESKTOP) as pg:
        goto(pg, base + ex.site.upcoming[0].url)
        pg.emulate_media(media="print")
        for selector in (".menu", ".font-size", ".crumbs"):
            assert pg.eval_on_selector(selector, "e => getComputedStyle(e).display") == "none", selector
        assert font_size(pg) == 16  # 12pt


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed colours (``rgb(r, g, b)``)."""
    def luminance(color: str) -> float:
        channels = [float(v) / 255 for v in color[color.index("(") + 1:].rstrip(")").split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The focused element's outline and what it is drawn on: the element under the middle of the
# ring's band above (or below) the element, or its nearest ancestor with a background.
FOCUS_RING = """() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return null;
    // A text-size radio is hidden; its label wears the ring.
    const e = focused.matches('.font-size input') ? focused.labels[0] : focused;
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    const band = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth) / 2;
    const y = r.top - band > 0 ? r.top - band : r.bottom + band;
    let under = document.elementFromPoint(r.left + r.width / 2, y);
    if (!under || e.contains(under)) under = e.parentElement;
    let background = 'rgb(255, 255, 255)';
    for (let a = under; a; a = a.parentElement) {
        const b = getComputedStyle(a).backgroundColor;
        if (!b.startsWith('rgba') || !b.endsWith(', 0)')) { background = b; break; }
    }
    return {what: e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 12), style: s.outlineStyle,
            width: parseFloat(s.outlineWidth), color: s.outlineColor, background, index: [...document.querySelectorAll('*')].indexOf(focused)};
}"""


def test_the_focus_ring_stands_out_from_what_it_is_drawn_on(ex, base):
    """WCAG 2.4.7 and 1.4.11: tabbing through a page, every focused link, button and field has a
    ring at least 2 px wide with 3:1 against what is around it. The ring was currentColor:
    white around the white-on-blue buttons (☎ numbers, months, the calendar's days) on a white
    page, blue around the menu's current item on the blue header; 1:1."""
    activity = ex.site.upcoming[0]
    poor: list[str] = []
    with page(MOBILE) as pg:
        for url in ("/", "/services/", f"/activities/calendar/{activity.start:%Y-%m}/"):
            goto(pg, base + url)
            seen: set[int] = set()
            for _ in range(300):
                pg.keyboard.press("Tab")
                ring = pg.evaluate(FOCUS_RING)
                if ring is None or ring["index"] in seen:
                    break
                seen.add(ring["index"])
                if ring["style"] == "none" or ring["width"] < 2 or contrast(ring["color"], ring["background"]) < 3:
                    poor.append(f"{url} {ring['what']}: {ring['style']} {ring['width']}px {ring['color']} on {ring['background']}")
            assert len(seen) > 10, f"{url}: Tab reached only {len(seen)} elements"
    assert not poor, "\n".join(poor[:20])


# What a swatch looks like: its text colour, its background (a transparent one is its
# parent's, on the page) and its border.
LOOK = """e => {
    const s = getComputedStyle(e);
    let background = s.backgroundColor;
    for (let a = e; a && background.endsWith(', 0)'); a = a.parentElement) background = getComputedStyle(a).backgroundColor;
    return [s.color, background.endsWith(', 0)') ? 'page' : background, s.borderTopStyle, s.borderTopWidth, s.borderTopColor];
}"""


def test_forced_colours_still_show_the_chosen_size_and_the_current_page(ex, base):
    """Windows high contrast drops backgrounds: the chosen text size and the menu's current
    page differed from the others only by bold type (WCAG 1.4.1, 1.4.11); they keep a look of
    their own in the system's colours."""
    with no_js_page(MOBILE) as pg:
        pg.emulate_media(forced_colors="active")
        goto(pg, base + "/services/")
        assert pg.eval_on_selector("label[for=fs-m]", LOOK) != pg.eval_on_selector("label[for=fs-l]", LOOK)
        pg.click("label[for=fs-l]")
        assert pg.eval_on_selector("label[for=fs-l]", LOOK) != pg.eval_on_selector("label[for=fs-m]", LOOK)
        current = pg.eval_on_selector(".menu a[aria-current]", LOOK)
        others = pg.eval_on_selector_all(".menu a:not([aria-current])", f"links => links.map({LOOK})")
        assert others and current not in others, (current, others)


def test_today_in_the_calendar_is_more_than_a_colour(ex, base):
    """Today's cell was told only by its yellow background (WCAG 1.4.1), gone in forced colours
    and unknown to screen readers: it says aria-current="date" and has a frame of its own."""
    frame = "td => { const s = getComputedStyle(td); return [s.outlineStyle, s.outlineWidth, s.borderTopWidth]; }"
    with page(DESKTOP) as pg:
        goto(pg, base + f"/activities/calendar/{TODAY:%Y-%m}/")
        today = pg.query_selector_all("td[aria-current=date]")
        assert len(today) == 1 and today[0].inner_text().strip() == str(TODAY.day)
        for forced in ("none", "active"):
            pg.emulate_media(forced_colors=forced)
            other = pg.eval_on_selector("td:not(.out):not([aria-current])", frame)
            assert today[0].evaluate(frame) != other, forced



# --------------------------------------------------------------------------- what a screen reader hears


def ax_nodes(pg) -> list[dict]:
    """The nodes of Chromium's accessibility tree (CDP Accessibility.getFullAXTree), the tree
    TalkBack and VoiceOver walk; ignored nodes left out."""
    session = pg.context.new_cdp_session(pg)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [node for node in nodes if not node.get("ignored")]


def heard(pg) -> list[tuple[str, str]]:
    """(role, name) of each node of the accessibility tree (ax_nodes).
    axe checks the rules of the HTML; this is what is read out."""
    return [(node["role"]["value"], node.get("name", {}).get("value", "")) for node in ax_nodes(pg)]


def test_the_symbols_the_stylesheet_draws_are_not_read_out(ex, base):
    """The breadcrumbs' › and the ☎ before a phone number are drawn by site.css (::before), and
    a browser reads drawn text out: "首页 › 通知公告 › ..." and every number a link named
    "☎ 0831-2345678", the symbol's name said before each one. They are still drawn."""
    team = next(t for t in ex.site.teams if t.contact)
    with page(MOBILE) as pg:
        for url in ("/", ex.site.listed_notices[0].url, "/services/", team.url):
            goto(pg, base + url)
            spoken = [(role, name) for role, name in heard(pg) if "›" in name or "☎" in name]
            assert not spoken, f"{url}: {spoken[:5]}"
            numbers = pg.eval_on_selector_all("a.tel", "links => links.map(a => a.textContent.trim())")
            assert numbers, url
            assert set(numbers) <= {name for role, name in heard(pg) if role == "link"}, url  # named by the number alone
        drawn = pg.eval_on_selector("a.tel", "a => getComputedStyle(a, '::before').content")
        assert "☎" in drawn
        goto(pg, base + ex.site.listed_notices[0].url)
        assert "›" in pg.eval_on_selector(".crumbs li + li", "li => getComputedStyle(li, '::before').content")


def test_the_calendars_weekday_headers_are_read_as_weekdays(ex, base):
    """The columns are headed 一 二 … 日 (a number each, but for 日) in an abbr whose title
    screen readers do not read: moving along a week, a day was announced under the column "一"
    (one). They are read 星期一 … 星期日, and still show 一 … 日."""
    with page(MOBILE) as pg:
        goto(pg, base + f"/activities/calendar/{TODAY:%Y-%m}/")
        headers = [name for role, name in heard(pg) if role == "columnheader"]
        assert headers == ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
        # What is seen: each column's visible box holds only the short name.
        shown = pg.eval_on_selector_all(".calendar thead th", """ths => ths.map(th => [...th.querySelectorAll('*')]
            .filter(e => e.getBoundingClientRect().width > 1).map(e => e.textContent).join(''))""")
        assert shown == ["一", "二", "三", "四", "五", "六", "日"]


def test_the_calendars_month_links_say_previous_and_next_month_not_the_arrows(ex, base):
    """"‹ 2026年10月" and "2026年12月 ›": the arrows are read out as symbols, and a link to a month
    does not say which way it goes. Read 上个月：2026年10月 and 下个月：2026年12月; shown as before."""
    with page(MOBILE) as pg:
        goto(pg, base + f"/activities/calendar/{TODAY:%Y-%m}/")
        nav = pg.get_by_role("navigation", name="其他月份")
        assert nav.get_by_role("link", name="上个月：2026年10月", exact=True).count() == 1
        assert nav.get_by_role("link", name="下个月：2026年12月", exact=True).count() == 1
        assert [name for role, name in heard(pg) if role == "link" and ("‹" in name or "›" in name)] == []
        assert pg.eval_on_selector_all(".month-nav a", "links => links.map(a => a.innerText.trim())") == [
            "‹ 2026年10月", "2026年12月 ›"]



# A day of each kind: an activity cancelled (with a reason, and with ``cancelled: true``), one of
# two cancelled, and one that takes place.
CANCELLED_DAYS = {
    "content/activities/2026-11-24-walk.md": "---\ntitle: 健步走\nstart: 2026-11-24 09:00\ncancelled: 因雨取消\n---\n正文。\n",
    "content/activities/2026-11-25-chess.md": "---\ntitle: 象棋赛\nstart: 2026-11-25 09:00\ncancelled: true\n---\n正文。\n",
    "content/activities/2026-11-25-tea.md": "---\ntitle: 茶话会\nstart: 2026-11-25 14:00\n---\n正文。\n",
    "content/activities/2026-11-26-film.md": "---\ntitle: 露天电影\nstart: 2026-11-26 19:00\n---\n正文。\n",
}


@pytest.mark.parametrize("width", [MOBILE, DESKTOP])
def test_a_calendar_days_link_says_its_activity_is_cancelled(tmp_path, width):
    """The lists mark a cancelled activity 已取消, but a calendar day's link was read "24日，1 项活动"
    only: on a phone it is all there is of the day (its list is hidden), and a screen-reader
    user went to a day of nothing. It says 已取消, or how many of the day's are."""
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML, **CANCELLED_DAYS})
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    with serve(tmp_path / "out", "/test/") as url, page(width) as pg:
        goto(pg, url + "/activities/calendar/2026-11/")
        days = [name for role, name in heard(pg) if role == "link" and "项活动" in name]
        assert sorted(days) == ["24 日，1 项活动，已取消", "25 日，2 项活动，其中 1 项已取消", "26 日，1 项活动"]
        # Seen as before: the day's number (the words are hidden for screen readers only).
        shown = pg.eval_on_selector_all(".calendar a.day", """links => links.map(a => [...a.childNodes]
            .filter(n => n.nodeType === Node.TEXT_NODE || n.getBoundingClientRect().width > 1).map(n => n.textContent).join(''))""")
        assert shown == ["24", "25", "26"]


# The example site has no moved activity (its counts are fixed by other tests): one moved, one
# cancelled and one both, all upcoming on TODAY so the home page lists them too.
MOVED = {
    "content/activities/2026-11-25-yoga.md": (
        "---\ntitle: 瑜伽课\nstart: 2026-11-25 09:30\nend: 2026-11-25 11:00\nrescheduled_from: 2026-11-20\n"
        "location: 活动室\n---\n一起练瑜伽。\n"),
    "content/activities/2026-11-26-walk.md": "---\ntitle: 健步走\nstart: 2026-11-26 08:00\ncancelled: 因雨取消\n---\n走路。\n",
    "content/activities/2026-11-27-chess.md": (
        "---\ntitle: 象棋赛\nstart: 2026-11-27 09:00\nrescheduled_from: 2026-11-21\ncancelled: 场地维修\n---\n下棋。\n"),
}
MOVED_PAGES = ["/activities/2026-11-25-yoga/", "/activities/2026-11-26-walk/", "/activities/2026-11-27-chess/",
               "/activities/", "/activities/calendar/2026-11/", "/"]


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    with served_site(tmp_path_factory, "moved", MOVED) as url:
        yield url


@pytest.mark.parametrize("size", ["m", "xl"])
@pytest.mark.parametrize("path", MOVED_PAGES)
def test_moved_and_cancelled_activities_pass_axe_on_a_phone_at_every_text_size(moved, path, size):
    """No check saw the 已改期 badge and note (the example has no moved activity): axe, colour
    contrast included, at 375 px at 标准 and 特大, on the pages and lists that show them."""
    with page(MOBILE) as pg:
        goto(pg, moved + path)
        pg.click(f"label[for=fs-{size}]")
        assert font_size(pg) == SIZES[size]
        assert pg.evaluate("document.documentElement.scrollWidth") <= MOBILE
        violations = run_axe(pg, MOBILE)
        assert not violations, format_violations(violations)


@pytest.mark.parametrize("path", MOVED_PAGES)
def test_a_moved_activity_is_marked_in_words_not_by_colour_alone(moved, path):
    """The badges say 已改期 and 已取消 in words shown and heard, which forced colours (that drop
    the badges' backgrounds) keep; the page of a moved activity says from which day."""
    expected = {"瑜伽课": ["已改期"], "健步走": ["已取消"], "象棋赛": ["已取消", "已改期"]}
    with page(MOBILE) as pg:
        goto(pg, moved + path)
        for forced in ("none", "active"):
            pg.emulate_media(forced_colors=forced)
            # (The calendar's lists in its cells are hidden on a phone: its day sections show the cards.)
            badges = pg.eval_on_selector_all(".badge", """spans => spans.filter(s => s.getClientRects().length).map(s => [
                s.parentElement.querySelector('a') ? s.parentElement.querySelector('a').textContent : document.querySelector('h1').textContent,
                s.innerText.trim(), getComputedStyle(s).color !== getComputedStyle(s).backgroundColor])""")
            for title, words, distinct in badges:
                assert distinct, (path, forced, title)
            shown: dict[str, list[str]] = {}
            for title, words, _ in badges:
                shown.setdefault(next(t for t in expected if t in title), []).append(words)
            if "calendar" in path:
                assert shown == expected, (path, forced)
                days = [name for role, name in heard(pg) if role == "link" and "项活动" in name]
                assert sorted(days) == ["25 日，1 项活动，已改期", "26 日，1 项活动，已取消", "27 日，1 项活动，已取消，已改期"]
            elif path.startswith("/activities/2026"):
                title = next(t for t in expected if t in pg.inner_text("h1"))
                assert shown == {title: expected[title]}
            else:
                assert shown == expected, (path, forced)
        spoken = {name for role, name in heard(pg) if role == "StaticText"}
        assert {words for found in shown.values() for words in found} <= spoken, path
        if path.startswith("/activities/2026") and "walk" not in path:
            note = pg.inner_text(".rescheduled-note")
            assert note.startswith("已改期（原定 2026年11月2"), note
            # Heard in one go, its day a piece of its own (kept whole on a phone).
            assert note in "".join(name for role, name in heard(pg) if role == "StaticText")


@pytest.mark.parametrize("width", [MOBILE, DESKTOP])
def test_a_charts_title_and_sentence_are_heard_once(ex, base, width):
    """A chart's title was its heading, the drawing's name and the start of its data table's
    caption: heard three times, and the sentence under it twice (read, then the drawing's
    description). Each is heard once now, as the heading and the paragraph; the drawing is
    still a named picture and the data still a table, month by month."""
    with page(width) as pg:
        goto(pg, base + ex.site.stats[-1].url)
        charts = pg.eval_on_selector_all("figure.chart", """figures => figures.map(f => [
            f.querySelector('figcaption').textContent.trim(), f.querySelector('.chart-desc').textContent.trim(),
            f.querySelectorAll('.chart-data tbody tr').length])""")
        assert charts
        # Text leaves repeat what their heading or paragraph reads; the rest is what is announced.
        said = [(node["role"]["value"], node.get("name", {}).get("value", ""), node.get("description", {}).get("value", ""))
                for node in ax_nodes(pg) if node["role"]["value"] not in ("StaticText", "InlineTextBox")]
        for title, sentence, months in charts:
            assert [role for role, name, description in said if title in name + description] == ["heading"], title
            assert [role for role, name, description in said if sentence in name + description] == [], title
        assert [name for role, name, _ in said if role == "image"] == ["折线图"] * len(charts)
        assert [name for role, name, _ in said if role == "table"] == ["数据表"] * len(charts)
        assert all(months for _, _, months in charts)
        assert sum(role == "rowheader" for role, _, _ in said) >= sum(months for _, _, months in charts)  # a row a month

# The WCAG 1.4.12 text-spacing bookmarklet's CSS.
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }"
                " p { margin-bottom: 2em !important; }")


def test_the_team_list_reflows_at_320px_with_wider_text_spacing(ex, base):
    """WCAG 1.4.10 and 1.4.12 together: at 320 CSS px and 特大, with the spacing a reader may
    set, a team's title and its 招募中 badge held the card 15 px wider than the screen."""
    with no_js_page(320) as pg:
        goto(pg, base + "/teams/")
        pg.click("label[for=fs-xl]")
        pg.evaluate("css => { const s = document.createElement('style'); s.textContent = css; document.head.append(s); }", TEXT_SPACING)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 320
        cut = pg.evaluate("() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
                          ".map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 12)).slice(0, 5)")
        assert not cut, cut


def wide_png() -> bytes:
    """A picture 1,600 px wide, five phones' width."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 300), "#2e7d32").save(buffer, "PNG")
    return buffer.getvalue()


LONG_URL = "https://www.example.gov.cn/zwgk/tzgg/2026/11/20261122_abcdefghijklmnopqrstuvwxyz0123456789.html"
# What staff paste into a text that is wider than a phone at 特大: each a notice of its own.
WIDE_BODIES = {
    "table": "## 网格员公示\n\n有事请先找所在网格的网格员。\n\n| 楼栋 | 联系人 | 电话 | 时间 | 地点 | 备注 |\n|---|---|---|---|---|---|\n"
             "| 锦江苑 1-6 栋 | 何晓琳 | 0831-2345601 | 周一至周五 9:00-17:30 | 社区党群服务中心二楼 | 节假日转值班 |\n"
             "| 青石花园 1-4 栋 | 雷小梅 | 0831-2345603 | 周一至周五 9:00-17:30 | 青石花园物业 | 无 |\n",
    "url": f"详情请看 {LONG_URL} 。\n\n[原文链接]({LONG_URL})\n",
    "account": "缴费账号：6222020402012345678901234567890123\n\n英文 Pneumonoultramicroscopicsilicovolcanoconiosis 一词。\n",
    "picture": "![社区花园全景](media/wide.png)\n",
    "code": "```\n第一行  预先排好格式的文字 0831-2345678 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz\n```\n\n"
            "    缩进四格的一段：staff.indented.this.paragraph.by.four.spaces.abcdefghijklmnopqrstuvwxyz\n",
    "heading": "## 关于锦江苑ABCDEFGHIJKLMNOPQRSTUVWXYZ小区二次供水设施改造工程施工期间临时停水的安排\n\n"
               "### Pneumonoultramicroscopicsilicovolcanoconiosis\n\n正文。\n",
}


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """A site of the WIDE_BODIES notices, served under /test/."""
    folder = tmp_path_factory.mktemp("wide")
    notices = {f"content/notices/2026-11-20-{name}.md": f"---\ntitle: {name}\ndate: 2026-11-20\n---\n{body}"
               for name, body in WIDE_BODIES.items()}
    root = make_site_files(folder, {"site.yaml": MINIMAL_SITE_YAML, "content/media/wide.png": wide_png(), **notices})
    build(root, folder / "out", today=TODAY, cache_dir=folder / "cache", posters=False)
    with serve(folder / "out", "/test/") as url:
        yield url


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("name", sorted(WIDE_BODIES))
def test_a_wide_table_a_long_word_a_picture_or_code_in_a_text_keeps_the_page_a_phones_width(wide, name, width):
    """At 320 and 360 px with 特大, alone and with WeChat's 130 % (text-size-adjust, as in
    test_wechat.py), the page scrolls only up and down: a six-column table made it 477 px wide
    (558 px in WeChat), a code block 1,146 px. The table scrolls inside its own region."""
    with page(width, is_mobile=True) as pg:
        for adjust in ("100%", "130%"):
            goto(pg, f"{wide}/notices/2026-11-20-{name}/")
            pg.click("label[for=fs-xl]")
            pg.evaluate(f"document.body.style.webkitTextSizeAdjust = '{adjust}'")
            page_width = pg.evaluate("document.documentElement.scrollWidth")
            assert page_width <= width, f"{name} at {width}px, 特大, text {adjust}: the page is {page_width}px wide"
            # Nor does anything stand out of the text's column (a picture or a word past the screen's
            # edge, which a box that clips would hide); a trailing space may hang there unseen.
            column = pg.evaluate("[...document.querySelectorAll('.body')].map(b => [b.scrollWidth, b.clientWidth])")
            assert column and all(inner <= outer for inner, outer in column), f"{name} at {width}px, {adjust}: {column}"


def test_a_table_in_a_text_scrolls_in_a_named_region_the_keyboard_reaches_and_is_read_as_a_table(wide):
    """The region is named by the heading of the table's section, takes the focus (Tab) and
    scrolls with the arrow keys; the table inside is still a table to screen readers. No axe
    violation, with JavaScript and without."""
    url = f"{wide}/notices/2026-11-20-table/"
    with page(320, is_mobile=True) as pg:
        goto(pg, url)
        pg.click("label[for=fs-xl]")
        region = pg.get_by_role("region", name="网格员公示")
        assert region.count() == 1
        assert region.get_by_role("table").count() == 1
        assert region.get_by_role("columnheader", name="电话").count() == 1
        assert region.get_attribute("tabindex") == "0"
        assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # it does scroll at 特大
        region.focus()
        assert region.evaluate("r => r === document.activeElement")
        for _ in range(5):
            pg.keyboard.press("ArrowRight")
        pg.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=3000)  # scrolled, smoothly
    for javascript in (True, False):
        violations = run_axe(url, 320, javascript=javascript)
        assert not violations, format_violations(violations)


# Two tables in a text with no heading, as staff write a fee list and a rota into one notice;
# and two after one heading, which names the first only.
TWO_TABLES = {
    "content/notices/2026-11-20-fees.md": "---\ntitle: 收费与值班\ndate: 2026-11-20\n---\n收费如下。\n\n"
        "| 项目 | 金额 |\n|---|---|\n| 水费 | 3 元 |\n\n值班如下。\n\n| 日期 | 值班人 |\n|---|---|\n| 周一 | 何晓琳 |\n",
    "content/notices/2026-11-19-grid.md": "---\ntitle: 网格员\ndate: 2026-11-19\n---\n## 网格员公示\n\n"
        "| 楼栋 | 网格员 |\n|---|---|\n| 1 栋 | 何晓琳 |\n\n另有：\n\n| 楼栋 | 网格员 |\n|---|---|\n| 2 栋 | 雷小梅 |\n",
}


def test_tables_in_a_text_without_a_heading_are_told_apart_by_what_they_hold(tmp_path):
    """A text's tables with no caption or heading of their own were regions named 表格 1 and
    表格 2: a screen-reader user tabbing through heard that there were two, not which was the
    fee list and which the rota. Each is named by its number and its header row (the number
    keeps apart two tables with the same headers). No axe violation."""
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML, **TWO_TABLES})
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    names = {"/notices/2026-11-20-fees/": ["表格 1：项目、金额", "表格 2：日期、值班人"],
             "/notices/2026-11-19-grid/": ["网格员公示", "表格 2：楼栋、网格员"]}
    with serve(tmp_path / "out", "/test/") as url:
        with page(MOBILE) as pg:
            for path, expected in names.items():
                goto(pg, url + path)
                assert [name for role, name in heard(pg) if role == "region"] == expected, path
                for name in expected:  # each still a table, reached by the keyboard
                    region = pg.get_by_role("region", name=name, exact=True)
                    assert region.get_by_role("table").count() == 1 and region.get_attribute("tabindex") == "0"
        for path in names:
            violations = run_axe(url + path, MOBILE)
            assert not violations, format_violations(violations)


NOTICES = {
    "content/notices/2026-11-20-flowers.md": "---\ntitle: 花卉展\ndate: 2026-11-20\n---\n社区花园的蝴蝶兰开了，欢迎居民前来观赏。\n",
    "content/notices/2026-11-18-water.md": "---\ntitle: 停水通知\ndate: 2026-11-18\n---\n因管道维修，周三全天停水，请提前储水。\n",
    "content/notices/2026-11-10-garbage.md": "---\ntitle: 垃圾分类\ndate: 2026-11-10\n---\n厨余垃圾请投放到绿色桶。花园里不要乱扔垃圾。\n",
    "content/notices/2026-11-12-wifi.md": "---\ntitle: 活动室无线网络\ndate: 2026-11-12\n---\n社区活动室开通免费 WiFi，密码贴在前台。\n",
    "content/activities/2026-12-01-walk.md": "---\ntitle: 健步走\nstart: 2026-12-01 09:00\n---\n沿河步道健步走。\n",
    "content/notices/2026-11-08-lift.md": "---\ntitle: 电梯停运\ndate: 2026-11-08\n---\n5 栋电梯12月6日停运检修。8 栋电梯照常运行。\n",
    # A line break in the HTML between two characters: one run of text for the index.
    "content/notices/2026-11-05-hall.md": "---\ntitle: 议事厅\ndate: 2026-11-05\n---\n<p>居民议事厅每周六\n上午开放。</p>\n",
}


def search_site(folder: Path, prefix: str) -> Path:
    """The NOTICES site built for https://example.org{prefix}; returns its output folder."""
    root = make_site_files(folder, {"site.yaml": MINIMAL_SITE_YAML.replace("/test/", prefix), **NOTICES})
    build(root, folder / "out", today=TODAY, cache_dir=folder / "cache", posters=False)
    return folder / "out"


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    """The base URL of the NOTICES site, served under /test/ as it was built."""
    with serve(search_site(tmp_path_factory.mktemp("search"), "/test/"), "/test/") as url:
        yield url


def search(pg, url: str, query: str, fetched: list[str] | None = None) -> list[str]:
    """Type ``query`` into the search page at ``url`` and return the results' links; the
    pages the search fetched are added to ``fetched``."""
    goto(pg, url + "/search/")
    if fetched is not None:
        pg.on("request", lambda request: fetched.append(request.url)
              if request.resource_type == "fetch" and "/search-index/" not in request.url else None)
    assert not pg.is_visible("#search-fallback")
    pg.fill("#q", query)
    pg.click("#search button")
    pg.wait_for_function("() => document.getElementById('search-status').textContent"
                         " !== document.getElementById('search').dataset.wait")
    return pg.eval_on_selector_all("#search-results a", "links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("word, notice, sentence, status", [
    ("蝴蝶兰", "2026-11-20-flowers", "社区花园的蝴蝶兰开了", "找到 1 条结果"),
    ("储水", "2026-11-18-water", "请提前储水。", "找到 1 条结果"),
    # 周六 names a day (this Saturday) that has no activity: the notice is of every Saturday.
    ("周六上午", "2026-11-05-hall", "居民议事厅每周六上午开放。",
     "周六（11月28日）没有相关活动；以下结果不限日期，请看清日期：找到 1 条结果"),
])
def test_search_finds_the_one_notice_whose_body_has_the_word(searchable, word, notice, sentence, status):
    """The excerpt comes from the result's page, fetched by the search (so the browser has
    it when the resident taps the result), read as the index read it."""
    url = searchable
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        fetched: list[str] = []
        assert search(pg, url, word, fetched) == [f"/test/notices/{notice}/"]
        assert pg.text_content("#search-results mark") == word  # highlighted
        assert sentence in pg.text_content("#search-results p")
        assert pg.text_content("#search-status") == status
        assert fetched == [f"{url}/notices/{notice}/"]
        assert not problems, problems
        goto(pg, f"{url}/search/?q={word}")  # a shared link to a search shows its results
        pg.wait_for_selector("#search-results a")
        assert pg.eval_on_selector("#search-results a", "a => a.getAttribute('href')") == f"/test/notices/{notice}/"


def test_one_character_finds_every_notice_with_it_newest_first(searchable):
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, searchable, "花") == ["/test/notices/2026-11-20-flowers/", "/test/notices/2026-11-10-garbage/"]
        marks = pg.eval_on_selector_all("#search-results mark", "marks => marks.map(m => m.textContent)")
        assert marks and set(marks) == {"花"}
        assert not problems, problems


@pytest.mark.parametrize("query", ["wifi", "WIFI", "ｗｉｆｉ"])
def test_an_ascii_word_is_found_whatever_its_case_or_width(searchable, query):
    with page(MOBILE) as pg:
        assert search(pg, searchable, query) == ["/test/notices/2026-11-12-wifi/"]
        assert pg.text_content("#search-results mark") == "WiFi"
        assert pg.text_content("#search-results h2") == "活动室无线网络"


# 12号楼 is also tried as 12栋, which pages write: the lift notice, with a 12 and a 栋, is checked.
@pytest.mark.parametrize("query, checked", [("火星", []), ("火星探测器", []), ("三号楼", []), ("12号楼", ["2026-11-08-lift"])])
def test_a_query_that_matches_nothing_says_so(searchable, query, checked):
    """No page holds any of its words (三号楼 is 3号楼: the lift notice has a 12, but a number
    alone is no answer). (乱扔垃圾请, whose bigrams the garbage notice holds
    apart, is in test_search_shows_the_pages_with_most_of_a_query_no_page_holds_whole_said_as_such:
    it is shown, said to hold only part of the query.)"""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        fetched: list[str] = []
        assert search(pg, searchable, query, fetched) == []
        assert pg.text_content("#search-status") == "没有找到，请换一个词试试"
        assert fetched == [f"{searchable}/notices/{notice}/" for notice in checked]
        assert not problems, problems


@pytest.mark.parametrize("query, pieces", [("管道维修停水", ["管道维修", "停水"]), ("停水储水", ["停水", "储水"])])
def test_words_typed_together_are_found_where_a_page_holds_them_apart(searchable, query, pieces):
    """Residents type no spaces: 管道维修停水 finds the notice that says 管道维修，周三全天停水,
    saying the words stand apart there, each marked."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        fetched: list[str] = []
        assert search(pg, searchable, query, fetched) == ["/test/notices/2026-11-18-water/"]
        assert pg.text_content("#search-status") == "没有连在一起的结果；这 1 条含有分开的这些词"
        marks = pg.eval_on_selector_all("#search-results mark", "marks => marks.map(m => m.textContent)")
        assert set(marks) == set(pieces)
        assert len(fetched) == len(set(fetched))  # a page checked twice is fetched once
        assert not problems, problems


@pytest.mark.parametrize("query", ["停水。", "什么时候停水？", "我想问一下停水的事情", "嗯，停水", "请问储水吗", "明天停不停水",
                                   "停水在哪里", "請問什麼時候停水", "最近有什么停水", "哪里可以储水"])
def test_search_finds_the_page_through_voice_input_punctuation_fillers_and_questions(searchable, query):
    """Voice input adds punctuation and fillers, and residents ask questions: 我想问一下停水的事情
    found nothing, no page holding 我想问一下. The words that only ask are left out, the rest is
    found as usual and marked. (有什么 and 可以 were left in: 有 and 可以 were looked for, and
    明天有什么活动 found the two pages with a 有 and 活动, 哪里可以量血压 the pages saying 可以 first.)"""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        assert search(pg, searchable, query) == ["/test/notices/2026-11-18-water/"]
        # 明天 is a day, and no activity: the notice is found as usual, said to be of any date.
        assert pg.text_content("#search-status") == ("明天（11月26日）没有相关活动；以下结果不限日期，请看清日期：" if "明天" in query
                                                     else "") + "找到 1 条结果"
        marks = pg.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)")
        assert set(marks) == ({"储水"} if "储水" in query else {"停水"})
        assert not problems, problems


@pytest.mark.parametrize("query, results, marks", [
    ("停水范围", ["2026-11-18-water"], {"停水"}),  # no page says 范围
    # Every bigram is in the garbage notice (垃圾请投放…乱扔垃圾), never all together: its page
    # is checked and not a match as typed; it holds the most of the query.
    ("乱扔垃圾请", ["2026-11-10-garbage"], {"乱扔垃圾"}),
    # 停水 is on one page, 花园 on two: the water notice first, then the others, newest first.
    ("花园停水", ["2026-11-18-water", "2026-11-20-flowers", "2026-11-10-garbage"], {"停水", "花园"}),
    # The water notice holds 停水 and 储水: the pages holding only 花园, under half that, are left out.
    ("花园停水要储水吗", ["2026-11-18-water"], {"停水", "储水"}),
])
def test_search_shows_the_pages_with_most_of_a_query_no_page_holds_whole_said_as_such(searchable, query, results, marks):
    """停水时间 found nothing though the water notice answers it: when no page holds the query,
    the pages that hold the most of its words are shown, the status saying only part was found."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, searchable, query) == [f"/test/notices/{notice}/" for notice in results]
        assert pg.text_content("#search-status") == f"没有完全符合的结果；这 {len(results)} 条含有其中一部分词"
        assert set(pg.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)")) == marks
        assert not problems, problems


@pytest.mark.parametrize("query, marks", [("12月6日", ["12月6日"]), ("12月6号", ["12月6日"]), ("十二月六日", ["12月6日"]),
                                          ("12-06", ["12月6日"]), ("12/6", ["12月6日"]), ("12/06", ["12月6日"]),
                                          ("12.6", ["12月6日"]), ("５栋", ["5 栋"]), ("5 栋", ["5 栋"]),
                                          ("五栋电梯", ["5 栋电梯"]), ("8栋电梯", ["8 栋电梯"]),
                                          ("5号楼", ["5 栋"]), ("五号楼电梯", ["5 栋电梯"]),
                                          ("１２／６", ["12月6日"]), ("12／6", ["12月6日"]), ("12．6", ["12月6日"]),
                                          ("５号楼", ["5 栋"]), ("12 月 6 日", ["12月6日"]), ("12 月6日", ["12月6日"]),
                                          ("12 月 6 号", ["12月6日"]), ("12 / 6", ["12月6日"]),
                                          ("12 ／ 6", ["12月6日"]), ("12/6日", ["12月6日"]), ("１２／６日", ["12月6日"]),
                                          ("12―6", ["12月6日"]), ("12—06", ["12月6日"])])
def test_search_finds_a_number_however_it_is_typed(searchable, query, marks):
    """Pages write 12月6日 and 5 栋; residents say 12月6号, write 十二月六日, 12-06 or 五栋:
    these found nothing (or, for 12-06, every page with a 12). 12/6 and 5 栋 (a space typed)
    found every page with a 12 and a 6, a 5 and a 栋; 5号楼, which the page calls 5 栋, nothing.
    Chinese keyboards type full-width digits and punctuation (１２／６, 12．6: every page with
    a 12 and a 6). Voice input and some keyboards put spaces in a date: 12 月 6 日 was found as
    12月 and 6日 anywhere, 12 月 6 号 as 12月 and 6号 (a 6号楼); 12 / 6 as a 12 and a 6 anywhere.
    12/6日 was read as 12月6日日, and 12―6 (U+2015, an input method's dash) as no date."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, searchable, query) == ["/test/notices/2026-11-08-lift/"]
        assert pg.text_content("#search-status") == "找到 1 条结果"
        assert pg.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)") == marks
        assert not problems, problems


@pytest.mark.parametrize("query", ["6栋", "6 栋", "12月8日", "6号楼", "12/8", "11 月 6 日", "11 月 6 号"])
def test_search_does_not_find_a_number_typed_against_characters_where_they_stand_apart(searchable, query):
    """The lift notice says 5 栋 and 12月6日, 8 栋: it has a 6 and a 栋, a 12, 月, 8 and 日, but
    not 6栋 nor 12月8日. It was "found"; nor is it shown as holding part of the query, as
    numbers and lone characters are no answer alone (12 … 月 … 日 is in any date). 11 月 6 日
    found it too, for its 11月 (发布于 2026年11月8日) and 6日 (12月6日)."""
    with page(MOBILE) as pg:
        assert search(pg, searchable, query) == []
        assert pg.text_content("#search-status") == "没有找到，请换一个词试试"


# 停水通知, not 通知: every notice is now found by 通知 (its kind, 通知公告, follows its title).
@pytest.mark.parametrize("query, marks, in_title", [("储水", ["储水"], []), ("停水通知", [], ["停水通知"])])
def test_the_excerpt_does_not_repeat_the_title_above_it(searchable, query, marks, in_title):
    """A page's text begins with its h1: the excerpt starts after it (停水通知 is only in the
    title: the text after it, unmarked; the title shows why the page was found, its 停水通知
    marked, where nothing was marked at all)."""
    with page(MOBILE) as pg:
        assert search(pg, searchable, query) == ["/test/notices/2026-11-18-water/"]
        excerpt = pg.text_content("#search-results p")
        assert pg.text_content("#search-results h2") == "停水通知" and not excerpt.startswith(("停水通知", "…"))
        assert "因管道维修" in excerpt
        assert pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)") == marks
        assert pg.eval_on_selector_all("#search-results h2 mark", "m => m.map(x => x.textContent)") == in_title
        assert pg.eval_on_selector("#search-results h2 a", "a => a.getAttribute('href')") == "/test/notices/2026-11-18-water/"


BUILDINGS = {
    "content/notices/2026-11-20-water.md": "---\ntitle: 锦江苑临时停水\ndate: 2026-11-20\ncategory: 停水停电\n---\n"
                                           "11月24日锦江苑 3号楼全天停水，请提前储水。\n",
    # 停水 (its category) and 时间 apart: 停水时间 found only this page, not the one that answers it.
    "content/notices/2026-11-18-lift.md": "---\ntitle: 电梯年检\ndate: 2026-11-18\ncategory: 停水停电\n---\n"
                                          "青石花园 6 栋电梯年检。检验时间如有变动另行通知。\n",
}


@contextlib.contextmanager
def served_site(tmp_path_factory, name: str, files: dict[str, str], settings: str = "") -> Iterator[str]:
    """A site of MINIMAL_SITE_YAML (and ``settings`` after it) and ``files``, built for TODAY
    without posters and served under /test/: the search tests' small sites."""
    folder = tmp_path_factory.mktemp(name)
    root = make_site_files(folder, {"site.yaml": MINIMAL_SITE_YAML + settings, **files})
    build(root, folder / "out", today=TODAY, cache_dir=folder / "cache", posters=False)
    with serve(folder / "out", "/test/") as url:
        yield url


@pytest.fixture(scope="module")
def buildings(tmp_path_factory):
    """A site whose pages write 3号楼 (where NOTICES writes 5 栋), served under /test/."""
    with served_site(tmp_path_factory, "buildings", BUILDINGS) as url:
        yield url


@pytest.mark.parametrize("query, marks", [("3栋", ["3号楼"]), ("三栋", ["3号楼"]), ("3 号楼", ["3号楼"])])
def test_a_building_is_found_as_号楼_or_栋_whichever_the_page_writes(buildings, query, marks):
    """Residents say 3栋 where the page writes 3号楼 (and the reverse, in
    test_search_finds_a_number_however_it_is_typed): it found nothing."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, buildings, query) == ["/test/notices/2026-11-20-water/"]
        assert pg.text_content("#search-status") == "找到 1 条结果"
        assert pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)") == marks
        assert not problems, problems


@pytest.mark.parametrize("query", ["停水时间", "停水的时间", "停水地点", "停水时间是什么时候"])
def test_a_generic_word_asked_about_does_not_hide_the_page_that_answers(buildings, query):
    """停水时间 found only the lift notice, which holds 停水 (its category) and 时间 apart, not
    the water notice, which never says 时间. 时间, 地点 after what is asked about only ask: the
    pages that hold 停水 whole, newest first, before any that hold the words apart."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, buildings, query) == ["/test/notices/2026-11-20-water/", "/test/notices/2026-11-18-lift/"]
        assert pg.text_content("#search-status") == "找到 2 条结果"
        assert set(pg.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)")) == {"停水"}
        assert not problems, problems


SOUNDS = {
    # Nothing here says 停睡, 以保 or 义珍 (睡 is in another title), nor any pinyin.
    "content/notices/2026-11-20-water.md": "---\ntitle: 锦江苑停水通知\ndate: 2026-11-20\n---\n11月24日全天停水，请提前储水。\n",
    "content/notices/2026-11-18-insurance.md": "---\ntitle: 医保缴费提醒\ndate: 2026-11-18\n---\n"
                                               "2027年度城乡居民医疗保险开始缴费，请到社区服务站办理。\n",
    "content/activities/2026-11-28-clinic.md": "---\ntitle: 社区义诊\nstart: 2026-11-28 09:00\n---\n"
                                               "医生在活动室量血压、看常见病。\n",
    "content/notices/2026-11-10-sleep.md": "---\ntitle: 睡眠健康讲座\ndate: 2026-11-10\n---\n讲座谈老年人睡得好的办法。\n",
}


@pytest.fixture(scope="module")
def sounds(tmp_path_factory):
    """A site whose titles say 停水, 医保 and 义诊, served under /test/."""
    with served_site(tmp_path_factory, "sounds", SOUNDS) as url:
        yield url


@pytest.mark.parametrize("query, result, word", [
    ("停睡", "notices/2026-11-20-water", "停水"),  # voice input heard right, written wrong
    ("停睡了吗", "notices/2026-11-20-water", "停水"),  # asked, as voice input brings it
    ("tingshui", "notices/2026-11-20-water", "停水"),  # pinyin typed without picking characters
    ("以保", "notices/2026-11-18-insurance", "医保"),
    ("yibao", "notices/2026-11-18-insurance", "医保"),
    ("yi bao", "notices/2026-11-18-insurance", "医保"),
    ("Yī Bǎo", "notices/2026-11-18-insurance", "医保"),  # tone marks, a capital
    ("yi1bao3", "notices/2026-11-18-insurance", "医保"),  # tones as digits
    ("义珍", "activities/2026-11-28-clinic", "义诊"),
    ("yizhen", "activities/2026-11-28-clinic", "义诊"),
])
def test_a_query_found_by_how_it_sounds_says_so_and_what_the_title_says(sounds, query, result, word):
    """Residents speak their query or type pinyin without picking the characters: 停睡 found
    nothing. When nothing is found as typed, the titles read the same way are shown, the status
    saying so and what they say, which is marked."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, sounds, query) == [f"/test/{result}/"]
        assert pg.text_content("#search-status") == f"没有找到“{query}”；按读音找到这 1 条（{word}）"
        assert pg.text_content("#search-results h2 mark") == word
        assert not problems, problems


@pytest.mark.parametrize("query", ["火星", "wifi", "婷"])
def test_a_query_no_title_sounds_like_is_still_not_found(sounds, query):
    """No title is read as 火星; wifi is no pinyin (no syllable starts wi); one syllable is
    too little to go by (婷 is in no page; 停, 亭 would be as many guesses)."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, sounds, query) == []
        assert pg.text_content("#search-status") == "没有找到，请换一个词试试"
        assert not problems, problems


MISHEARD = {
    # 以保 only in words of the bodies (以保证, and 以保障 in the 医保 notice, which is older).
    "content/notices/2026-11-20-lift.md": "---\ntitle: 电梯维修通知\ndate: 2026-11-20\n---\n"
                                          "5号楼电梯本周检修，以保证居民出行安全。\n",
    "content/notices/2026-11-18-insurance.md": "---\ntitle: 医保缴费提醒\ndate: 2026-11-18\n---\n"
                                               "2027年度城乡居民医疗保险开始缴费，以保障参保人按时享受待遇。\n",
    # 义诊 in a title, and in the body of a newer notice; 一针 sounds as 义诊 does.
    "content/notices/2026-11-12-clinic.md": "---\ntitle: 社区义诊\ndate: 2026-11-12\n---\n医生在活动室量血压、看常见病。\n",
    "content/notices/2026-11-15-volunteers.md": "---\ntitle: 志愿者招募\ndate: 2026-11-15\n---\n"
                                                "下周六的义诊需要志愿者帮忙维持秩序。\n",
    "content/notices/2026-11-10-knitting.md": "---\ntitle: 一针一线编织班\ndate: 2026-11-10\n---\n教大家织围巾。\n",
}


@pytest.fixture(scope="module")
def misheard(tmp_path_factory):
    """A site where 以保 is in bodies only and 医保 in a title, served under /test/."""
    with served_site(tmp_path_factory, "misheard", MISHEARD) as url:
        yield url


@pytest.fixture(scope="module")
def unheard(tmp_path_factory):
    """MISHEARD without its 医保 notice: no title sounds as 以保 does."""
    files = {path: text for path, text in MISHEARD.items() if "insurance" not in path}
    with served_site(tmp_path_factory, "unheard", files) as url:
        yield url


def sound_table_fetches(pg) -> list[str]:
    """The requests for search-index/sounds.txt the page makes from now on."""
    fetched: list[str] = []
    pg.on("request", lambda request: fetched.append(request.url) if "/sounds.txt" in request.url else None)
    return fetched


def test_a_homophone_found_only_in_bodies_puts_the_titles_that_sound_so_first(misheard):
    """以保 typed for 医保 (the input method's first pick) found the notices that say 以保证 and
    never searched by sound: the resident did not see the 医保 notice among them. A query of a
    few characters that no result's title holds also lists the pages whose title sounds as it
    does, first and once, and says so."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, misheard, "以保") == ["/test/notices/2026-11-18-insurance/", "/test/notices/2026-11-20-lift/"]
        assert pg.text_content("#search-status") == "您要找的是不是“医保”？按读音找到 1 条，排在前面；后面的结果含有“以保”"
        assert pg.text_content("#search-results li:first-child h2 mark") == "医保"
        assert pg.text_content("#search-results li:last-child p mark") == "以保"
        assert not problems, problems


@pytest.mark.parametrize("query, results", [
    ("义诊", ["notices/2026-11-15-volunteers", "notices/2026-11-12-clinic"]),
    ("医保", ["notices/2026-11-18-insurance"]),
])
def test_a_query_a_title_holds_is_listed_as_before_without_the_sound_table(misheard, query, results):
    """义诊 is in a title: its results stay in their order (一针一线编织班 sounds as it does, but is
    no answer) and the table of sounds is not fetched."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        fetched = sound_table_fetches(pg)
        assert search(pg, misheard, query) == [f"/test/{result}/" for result in results]
        assert pg.text_content("#search-status") == f"找到 {len(results)} 条结果"
        assert not fetched, fetched
        assert not problems, problems


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """The 医保 notice (its text says 以保障) older than 31 notices whose text says 以保证."""
    files = {f"content/notices/2026-10-{day:02}-lift.md": f"---\ntitle: {day}号楼电梯检修\ndate: 2026-10-{day:02}\n---\n"
             "本周检修，以保证居民出行安全。\n" for day in range(1, 32)}
    files["content/notices/2026-09-30-insurance.md"] = MISHEARD["content/notices/2026-11-18-insurance.md"].replace(
        "2026-11-18", "2026-09-30")
    with served_site(tmp_path_factory, "crowded", files) as url:
        yield url


def test_titles_that_sound_as_a_homophone_go_first_among_at_most_30_results(crowded):
    """More pages than are shown hold 以保: the 医保 notice, older than all, is first and the
    list is as long as ever (the last of the others goes)."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        found = search(pg, crowded, "以保")
        assert len(found) == 30
        assert found[:2] == ["/test/notices/2026-09-30-insurance/", "/test/notices/2026-10-31-lift/"]
        assert "/test/notices/2026-09-30-insurance/" not in found[1:]
        assert pg.text_content("#search-status") == "您要找的是不是“医保”？按读音找到 1 条，排在前面；后面的结果含有“以保”"
        assert not problems, problems


@pytest.fixture(scope="module")
def heard_only(tmp_path_factory):
    """MISHEARD without the lift notice: only the 医保 notice holds 以保 (以保障)."""
    files = {path: text for path, text in MISHEARD.items() if "lift" not in path}
    with served_site(tmp_path_factory, "heard_only", files) as url:
        yield url


def test_a_homophone_whose_only_results_sound_so_is_counted_as_usual(heard_only):
    """No result is left after the 医保 notice to hold 以保 (it does, in 以保障): the status only counts."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, heard_only, "以保") == ["/test/notices/2026-11-18-insurance/"]
        assert pg.text_content("#search-status") == "找到 1 条结果"
        assert pg.text_content("#search-results h2 mark") == "医保"
        assert not problems, problems


def test_a_homophone_no_title_sounds_like_lists_what_holds_it_as_before(unheard):
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, unheard, "以保") == ["/test/notices/2026-11-20-lift/"]
        assert pg.text_content("#search-status") == "找到 1 条结果"
        assert not problems, problems


@pytest.fixture(scope="module")
def misheard_hant(tmp_path_factory):
    """MISHEARD written in Traditional characters, on a zh-Hant site."""
    files = {path: text.replace("医保缴费提醒", "醫保繳費提醒").replace("以保证", "以保證") for path, text in MISHEARD.items()}
    with served_site(tmp_path_factory, "misheard_hant", files, "language: zh-Hant\n") as url:
        yield url


def test_a_homophone_on_a_traditional_site_names_the_title_as_it_is_written(misheard_hant):
    """The status asked 您要找的是不是“医保”？ on a site whose title says 醫保: what the titles
    say is quoted as they write it, not as the search folds it."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, misheard_hant, "以保") == ["/test/notices/2026-11-18-insurance/", "/test/notices/2026-11-20-lift/"]
        assert pg.text_content("#search-status") == "您要找的是不是“醫保”？按讀音找到 1 條，排在前面；後面的結果含有“以保”"
        assert pg.text_content("#search-results li:first-child h2 mark") == "醫保"
        assert not problems, problems


PLACES = {
    # 5号楼 and 电梯 apart; the 6号楼 lift holds 号楼电梯 and a 5 (11月5日), the 5号楼 parking no 电梯.
    "content/notices/2026-11-19-lift.md": "---\ntitle: 青石花园电梯维修\ndate: 2026-11-19\n---\n"
                                          "11月25日起，5号楼2单元电梯更换钢丝绳，停运三天。\n",
    "content/notices/2026-11-20-lift6.md": "---\ntitle: 6号楼电梯恢复运行\ndate: 2026-11-20\n---\n"
                                           "6号楼电梯已于11月5日修好，恢复运行。\n",
    "content/notices/2026-11-21-parking.md": "---\ntitle: 5号楼门前停车调整\ndate: 2026-11-21\n---\n5号楼门前改为临时停车区。\n",
    # 3栋 and 停水 apart; the 8栋 notice holds 栋停水 and a 3 (11月3日).
    "content/notices/2026-11-15-water3.md": "---\ntitle: 锦江苑3栋、4栋停水\ndate: 2026-11-15\n---\n"
                                            "11月18日锦江苑3栋、4栋全天停水，请提前储水。\n",
    "content/notices/2026-11-16-water8.md": "---\ntitle: 8栋停水通知\ndate: 2026-11-16\n---\n11月3日8栋停水，已恢复供水。\n",
    # 东区 and 路灯 apart; the 西区 notice holds 区路灯坏了.
    "content/notices/2026-11-12-lamp-east.md": "---\ntitle: 路灯维修通知\ndate: 2026-11-12\n---\n东区篮球场旁的路灯损坏，正在维修。\n",
    "content/notices/2026-11-14-lamp-west.md": "---\ntitle: 西区路灯坏了报修\ndate: 2026-11-14\n---\n西区路灯坏了请拨打物业电话报修。\n",
}


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    """A site whose pages name a building or a part of the estate apart from the topic, served under /test/."""
    with served_site(tmp_path_factory, "places", PLACES) as url:
        yield url


@pytest.mark.parametrize("query, notice, marks", [
    ("5号楼电梯", "2026-11-19-lift", {"5号楼", "电梯"}), ("五号楼电梯", "2026-11-19-lift", {"5号楼", "电梯"}),
    ("5栋电梯", "2026-11-19-lift", {"5号楼", "电梯"}), ("5号楼电梯坏了", "2026-11-19-lift", {"5号楼", "电梯"}),
    ("3栋停水", "2026-11-15-water3", {"3栋", "停水"}), ("3号楼停水", "2026-11-15-water3", {"3栋", "停水"}),
    ("东区路灯坏了", "2026-11-12-lamp-east", {"东区", "路灯"}),
])
def test_a_building_or_place_typed_with_the_topic_finds_the_page_that_holds_both(places, query, notice, marks):
    """5号楼电梯 showed the 6号楼 lift first (号楼电梯 and a 5 somewhere) and 3栋停水 the 8栋 notice
    (栋停水, and the 3 of 11月3日), as pages holding part of the query: the building typed with
    a number stands together (5号楼, or 5栋 as the page writes it) and what follows it is a word
    the page may hold apart. 东区路灯坏了 showed the 西区 notice first; 坏了 only says why it is asked."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, places, query) == [f"/test/notices/{notice}/"]
        assert pg.text_content("#search-status") == "没有连在一起的结果；这 1 条含有分开的这些词"
        assert set(pg.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)")) == marks
        assert not problems, problems


# As the example's notices write them (content/notices/2026-11-20-停水通知.md, pages/contact.md):
# buildings alone (5 栋), and in series (1 至 12 栋, 1-3 单元, 9、11、15 号楼).
SERIES = {
    "content/notices/2026-11-20-water.md": "---\ntitle: 锦江苑停水通知\ndate: 2026-11-20\n---\n"
                                           "因供水管网改造，11月24日 8:00-18:00 停水。停水范围：\n\n"
                                           "- 锦江苑小区 1 至 12 栋；\n- 锦江路 20-36 号商铺。\n",
    # 13 栋, with a 3 of its own (约 3 小时): 3栋 found it.
    "content/notices/2026-11-18-water13.md": "---\ntitle: 13 栋水箱清洗\ndate: 2026-11-18\n---\n"
                                             "11月19日 9:00-12:00 锦江苑 13 栋二次供水水箱清洗，停水约 3 小时。\n",
    # 23号楼, and the 3 of 11月3日: 3号楼 found it.
    "content/notices/2026-11-16-lift23.md": "---\ntitle: 电梯维修\ndate: 2026-11-16\n---\n"
                                            "23号楼电梯11月3日起维修，请走楼梯。\n",
    # Names 5 栋 itself: before the water notice (newer) for 5栋.
    "content/notices/2026-11-19-lift5.md": "---\ntitle: 电梯年检\ndate: 2026-11-19\n---\n青石花园 5 栋电梯年检停运。\n",
    "content/notices/2026-11-17-gas.md": "---\ntitle: 天然气管道检修\ndate: 2026-11-17\n---\n"
                                         "11月21日青石花园 2 栋 1-3 单元天然气管道检修，暂停供气。\n",
    "content/notices/2026-11-14-paint.md": "---\ntitle: 外墙粉刷\ndate: 2026-11-14\n---\n"
                                           "月底起 9、11、15 号楼外墙粉刷，请关好窗户。\n",
}


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """A site whose notices name buildings alone and in series, served under /test/."""
    with served_site(tmp_path_factory, "series", SERIES) as url:
        yield url


@pytest.mark.parametrize("query, results, marks", [
    ("13栋", ["2026-11-18-water13"], ["13 栋"]), ("23号楼", ["2026-11-16-lift23"], ["23号楼"]),
    # Not 13 栋, nor 23号楼: building 3 is in 1 至 12 栋 (3号楼: as 3栋, the page's word).
    ("3栋", ["2026-11-20-water"], ["1 至 12 栋"]), ("3号楼", ["2026-11-20-water"], ["1 至 12 栋"]),
    ("３栋", ["2026-11-20-water"], ["1 至 12 栋"]),
    # A number alone: the 3 of 约 3 小时, 1-3 单元 and 11月3日, not of 13 栋, 23号楼 or 20-36 号.
    ("3", ["2026-11-18-water13", "2026-11-17-gas", "2026-11-16-lift23"], ["3", "3", "3"]),
])
def test_a_number_in_the_query_is_a_whole_number_on_the_page(series, query, results, marks):
    """3栋 found the notice about 13 栋 (and 3号楼 the one about 23号楼): a resident of
    building 3 read that their water was cut. A number typed is a whole number, on the page
    and in what is marked."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, series, query) == [f"/test/notices/{notice}/" for notice in results]
        assert pg.text_content("#search-status") == f"找到 {len(results)} 条结果"
        assert pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)") == marks
        assert not problems, problems


@pytest.mark.parametrize("query, results, marks, status", [
    # The page that names 5 栋 first, then the newer one that takes it in 1 至 12 栋.
    ("5栋", ["2026-11-19-lift5", "2026-11-20-water"], ["5 栋", "1 至 12 栋"], "找到 2 条结果"),
    ("五号楼", ["2026-11-19-lift5", "2026-11-20-water"], ["5 栋", "1 至 12 栋"], "找到 2 条结果"),
    ("12栋", ["2026-11-20-water"], ["12 栋"], "找到 1 条结果"),
    ("5栋停水", ["2026-11-20-water"], ["停水", "停水", "1 至 12 栋"], "没有连在一起的结果；这 1 条含有分开的这些词"),
    ("2单元", ["2026-11-17-gas"], ["1-3 单元"], "找到 1 条结果"),
    ("11号楼", ["2026-11-14-paint"], ["9、11、15 号楼"], "找到 1 条结果"),
    ("11号楼外墙", ["2026-11-14-paint"], ["9、11、15 号楼外墙"], "找到 1 条结果"),
])
def test_a_building_in_a_series_a_notice_names_is_found(series, query, results, marks, status):
    """A notice about 1 至 12 栋 (1-3 单元, 9、11、15 号楼) was not found by 5栋 (2单元, 11号楼):
    no text says it. The index has a term for each number of a series, and the page is shown
    after those that name the building itself, the series marked."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, series, query) == [f"/test/notices/{notice}/" for notice in results]
        assert pg.text_content("#search-status") == status
        assert pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)") == marks
        assert not problems, problems


@pytest.mark.parametrize("query", ["4单元", "16号楼", "16栋", "200栋"])
def test_a_building_no_series_takes_in_is_not_found_by_one(series, query):
    """Not 4单元 in 1-3 单元, nor 16号楼 in 9、11、15 号楼 (nor 16栋 in 1 至 12 栋). Nor is a page
    shown as holding part of the query for its 号楼 or 单元 alone: 16号楼 listed the 23号楼 lift
    (号楼, and the 16 of its date), a building word being no answer without its number."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, series, query) == []
        assert pg.text_content("#search-status") == "没有找到，请换一个词试试"
        assert not problems, problems


# Ranges with the unit after each end (1号楼至3号楼), and activities on days (the phone says
# Wednesday 2026-11-25) at buildings in series.
RANGES = {
    "content/notices/2026-11-13-heat.md": "---\ntitle: 暖气试水\ndate: 2026-11-13\n---\n锦江苑 31号楼至33号楼暖气试水，请家中留人。\n",
    "content/notices/2026-11-12-wash.md": "---\ntitle: 外墙清洗\ndate: 2026-11-12\n---\n青石花园 41栋到45栋外墙清洗，请关好窗户。\n",
    "content/notices/2026-11-11-door.md": "---\ntitle: 门禁更换\ndate: 2026-11-11\n---\n9 栋 6单元—8单元更换门禁。\n",
    # 停水, not at 16号楼; it takes in 3栋 and is no activity: not tomorrow's.
    "content/notices/2026-11-20-water.md": "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n锦江苑 1 至 12 栋 11月24日停水。\n",
    "content/activities/2026-11-26-clean.md": "---\ntitle: 楼道大扫除\nstart: 2026-11-26 09:00\n---\n锦江苑 1-6 栋楼道大扫除。\n",
    "content/activities/2026-11-28-clinic.md": "---\ntitle: 上门义诊\nstart: 2026-11-28 09:00\n---\n医生到 3、5、7 号楼上门义诊。\n",
    "content/activities/2026-11-29-hair.md": "---\ntitle: 义剪\nstart: 2026-11-29 09:00\n---\n在 8 栋楼下义剪。\n",
}


@pytest.fixture(scope="module")
def ranges(tmp_path_factory):
    """The RANGES site, served under /test/."""
    with served_site(tmp_path_factory, "ranges", RANGES) as url:
        yield url


@pytest.mark.parametrize("query, results, marks", [
    ("32号楼", ["notices/2026-11-13-heat"], ["31号楼至33号楼"]), ("32栋", ["notices/2026-11-13-heat"], ["31号楼至33号楼"]),
    ("43栋", ["notices/2026-11-12-wash"], ["41栋到45栋"]), ("44号楼", ["notices/2026-11-12-wash"], ["41栋到45栋"]),
    ("7单元", ["notices/2026-11-11-door"], ["6单元—8单元"]),
])
def test_a_range_with_the_unit_after_each_end_takes_in_the_buildings_between(ranges, query, results, marks):
    """31号楼至33号楼 (41栋到45栋, 6单元—8单元) was no series: 32号楼 found nothing. Read so
    by the index and by the browser, the range marked whole."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, ranges, query) == [f"/test/{name}/" for name in results]
        assert pg.text_content("#search-status") == f"找到 {len(results)} 条结果"
        assert pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)") == marks
        assert not problems, problems


@pytest.mark.parametrize("query, results, status, marks", [
    # 9 栋 and 单元 on the door notice: no 9单元.
    ("9单元", [], "没有找到，请换一个词试试", set()), ("34号楼", [], "没有找到，请换一个词试试", set()),
    # What else the query asks is still part of it: the notice about 停水, marked so.
    ("16号楼停水", ["2026-11-20-water"], "没有完全符合的结果；这 1 条含有其中一部分词", {"停水"}),
    ("9单元门禁", ["2026-11-11-door"], "没有完全符合的结果；这 1 条含有其中一部分词", {"门禁"}),
])
def test_a_building_word_without_its_number_is_no_part_of_the_query_a_page_holds(ranges, query, results, status, marks):
    """9单元 showed the door notice (9 栋, 6单元—8单元) as holding part of the query: its 单元,
    which alone says nothing. A building counts with its number or not at all."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, ranges, query) == [f"/test/notices/{name}/" for name in results]
        assert pg.text_content("#search-status") == status
        assert set(pg.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)")) == marks
        assert not problems, problems


@pytest.mark.parametrize("query, results, marks", [
    # Tomorrow's cleaning at 1-6 栋, not the water notice about 1 至 12 栋.
    ("明天3栋", ["2026-11-26-clean"], {"1-6 栋"}), ("明天3号楼", ["2026-11-26-clean"], {"1-6 栋"}),
    ("明天有什么活动 3栋", ["2026-11-26-clean"], {"1-6 栋"}),
    ("周末5号楼", ["2026-11-28-clinic"], {"3、5、7 号楼"}), ("周末5栋", ["2026-11-28-clinic"], {"3、5、7 号楼"}),
    ("周六5栋", ["2026-11-28-clinic"], {"3、5、7 号楼"}),
    ("周末8号楼", ["2026-11-29-hair"], {"8 栋"}),  # as the page writes it
    ("这周2栋", ["2026-11-26-clean"], {"1-6 栋"}),
])
def test_a_building_asked_with_a_day_is_found_in_a_series_of_that_days_activities(ranges, query, results, marks):
    """明天3栋 listed the water notice (1 至 12 栋, no day) with tomorrow's cleaning at 1-6 栋,
    and 周末5号楼 the Saturday visits to 3、5、7 号楼 as holding only part of the query: the
    activities of a day were not looked for by their buildings in series, nor as 5栋 for 5号楼."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        assert search(pg, ranges, query) == [f"/test/activities/{name}/" for name in results]
        assert pg.text_content("#search-status") == f"找到 {len(results)} 条结果"
        assert set(pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)")) == marks
        assert not problems, problems


DAYS = {
    # The phone says Wednesday 2026-11-25 (see days below): Monday 23 to Sunday 29 is this week.
    "content/activities/2026-11-24-tea.md": "---\ntitle: 茶话会\nstart: 2026-11-24 14:00\n---\n邻里喝茶聊天。\n",
    "content/activities/2026-11-25-walk.md": "---\ntitle: 健步走\nstart: 2026-11-25 09:00\n---\n沿河步道。\n",
    "content/activities/2026-11-26-talk.md": "---\ntitle: 防跌倒讲座\nstart: 2026-11-26 09:30\nend: 2026-11-26 11:00\n---\n医生讲解。\n",
    "content/activities/2026-11-27-show.md": "---\ntitle: 书画展\nstart: 2026-11-27 09:00\nend: 2026-11-29 17:00\n---\n居民书画作品。\n",
    "content/activities/2026-11-28-film.md": "---\ntitle: 露天电影\nstart: 2026-11-28 19:00\n---\n广场放映。\n",
    "content/activities/2026-12-02-sing.md": "---\ntitle: 合唱排练\nstart: 2026-12-02 15:00\n---\n准备元旦演出。\n",
    # Says 明天 and 活动, and is no activity: not tomorrow's.
    "content/notices/2026-11-20-room.md": "---\ntitle: 活动室开放\ndate: 2026-11-20\n---\n明天起活动室晚上也开放。\n",
    "content/services/health.yaml": "category: 健康\nitems:\n  - {id: blood, name: 量体重, schedule: 每周一}\n",
    "content/teams/walkers.md": "---\nname: 健步队\nleader: 王芳\n---\n每天早上一起走。\n",
}


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    """A site with activities around Wednesday 2026-11-25, served under /test/."""
    with served_site(tmp_path_factory, "days", DAYS) as url:
        yield url


@pytest.mark.parametrize("query, results", [
    ("明天有什么活动", ["2026-11-26-talk"]), ("明天的活动", ["2026-11-26-talk"]), ("明天", ["2026-11-26-talk"]),
    ("今天有什么活动", ["2026-11-25-walk"]), ("后天有啥活动", ["2026-11-27-show"]),
    # Each day of the show counts; those that start first first.
    ("周末有什么活动", ["2026-11-27-show", "2026-11-28-film"]), ("这周末有什么活动", ["2026-11-27-show", "2026-11-28-film"]),
    ("星期天有活动吗", ["2026-11-27-show"]),
    # Tuesday's tea party is over: last.
    ("这周有什么活动", ["2026-11-25-walk", "2026-11-26-talk", "2026-11-27-show", "2026-11-28-film", "2026-11-24-tea"]),
    ("本周活动", ["2026-11-25-walk", "2026-11-26-talk", "2026-11-27-show", "2026-11-28-film", "2026-11-24-tea"]),
    ("下周有什么活动", ["2026-12-02-sing"]), ("下周三", ["2026-12-02-sing"]), ("周三有什么活动", ["2026-11-25-walk"]),
    ("周末的电影", ["2026-11-28-film"]),
])
def test_a_day_named_from_today_finds_the_activities_on_it(days, query, results):
    """明天有什么活动 found the pages saying 有 and 活动 (or, without 有, every page with 活动), 周末
    and 下周 pages saying those words: the days are counted from the phone's date and the
    activities on them shown, not the notice that says 明天 and 活动."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        assert search(pg, days, query) == [f"/test/activities/{name}/" for name in results]
        assert pg.text_content("#search-status") == f"找到 {len(results)} 条结果"
        assert not problems, problems


@pytest.mark.parametrize("query, results, status", [
    ("明天下雨", [], "没有找到，请换一个词试试"),  # no day's activity says 下雨, nor any page
    # No activity holds 活动室: found as usual, said to be no activity of tomorrow's.
    ("明天活动室", ["/test/notices/2026-11-20-room/"], "明天（11月26日）没有相关活动；以下结果不限日期，请看清日期：找到 1 条结果"),
    ("每周一", ["/test/services/blood/"], "找到 1 条结果"),  # every week, not a day
    ("周边", [], "没有找到，请换一个词试试"),
])
def test_a_day_with_other_words_no_activity_holds_is_searched_as_usual(days, query, results, status):
    with page(MOBILE) as pg:
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        assert search(pg, days, query) == results
        assert pg.text_content("#search-status") == status


@pytest.mark.parametrize("query, status", [
    ("下周一", "下周一（11月30日）没有安排活动"), ("下周一有什么活动", "下周一（11月30日）没有安排活动"),
    ("下周五有活动吗", "下周五（12月4日）没有安排活动"),
])
def test_a_day_asked_alone_with_no_activity_on_it_says_so_with_its_date(days, query, status):
    """下周一 (a day with no activity) said 没有找到，请换一个词试试: as if the resident had typed a
    word no page holds and should try another, not that nothing takes place that day."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        assert search(pg, days, query) == []
        assert pg.text_content("#search-status") == status
        assert not problems, problems


@pytest.mark.parametrize("query, kind, results", [
    ("活动", "社区活动", ["2026-12-02-sing", "2026-11-28-film", "2026-11-27-show", "2026-11-26-talk", "2026-11-25-walk",
                        "2026-11-24-tea", "2026-11-20-room"]),
    ("通知", "通知公告", ["2026-11-20-room"]), ("服务", "服务清单", ["blood", "walkers"]), ("服务队", "志愿服务队", ["walkers"]),
])
def test_a_page_is_found_by_its_kind(days, query, kind, results):
    """No activity page said 活动: 活动 found the notice about the 活动室 only. A page's kind,
    the word its breadcrumb says, is searched after its title, and the excerpt starts with it
    (a team is a 志愿服务队: 服务 finds it too)."""
    with page(MOBILE) as pg:
        assert [url.rstrip("/").split("/")[-1] for url in search(pg, days, query)] == results
        assert pg.text_content("#search-results p").startswith(kind)
        assert pg.text_content("#search-results p mark") == query


# The phone says Wednesday 2026-11-25: the visits at 5号楼 are on Saturday, the one notice at
# 5号楼 has no day; ranges typed with an input method's dash (——) and a shortened first 号楼.
ELSEWHERE = {
    "content/activities/2026-11-28-clinic.md": "---\ntitle: 上门义诊\nstart: 2026-11-28 09:00\n---\n"
                                               "为方便行动不便的老人，社区卫生服务站的医生和护士这次带着血压计、血糖仪和常用药品"
                                               "上门服务，请家中留人。服务的楼栋：5号楼。\n",
    "content/notices/2026-11-14-paint.md": "---\ntitle: 外墙粉刷\ndate: 2026-11-14\n---\n锦江苑 61——63 栋外墙粉刷，请关好窗户。\n",
    "content/notices/2026-11-15-meter.md": "---\ntitle: 更换水表\ndate: 2026-11-15\n---\n锦江苑 71号至73号楼更换水表。\n",
}


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """The ELSEWHERE site, served under /test/."""
    with served_site(tmp_path_factory, "elsewhere", ELSEWHERE) as url:
        yield url


@pytest.mark.parametrize("query, status", [
    ("后天5号楼", "后天（11月27日）没有相关活动；以下结果不限日期，请看清日期：找到 1 条结果"),
    ("后天的5栋", "后天（11月27日）没有相关活动；以下结果不限日期，请看清日期：找到 1 条结果"),
    # Found as the usual search finds the query without its day words (no page says 周五, 下周).
    ("下周的5号楼", "下周（11月30日至12月6日）没有相关活动；以下结果不限日期，请看清日期：找到 1 条结果"),
    ("周五5栋", "周五（11月27日）没有相关活动；以下结果不限日期，请看清日期：找到 1 条结果"),
])
def test_a_day_with_no_such_activity_says_so_before_the_other_days_results_and_shows_their_date(elsewhere, query, status):
    """后天5号楼 found no activity on Friday, then the usual search found Saturday's visits at
    5号楼 and said 找到 1 条结果: read as happening 后天. The status says the day has none, and
    each result shows its date, here where its excerpt (around 5号楼) does not reach it."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        assert search(pg, elsewhere, query) == ["/test/activities/2026-11-28-clinic/"]
        assert pg.text_content("#search-status") == status
        shown = pg.text_content("#search-results li")
        assert "2026年11月28日" in shown and "5号楼" in shown
        assert not problems, problems


@pytest.mark.parametrize("query, notice, marks", [
    ("62栋", "2026-11-14-paint", ["61——63 栋"]), ("62号楼", "2026-11-14-paint", ["61——63 栋"]),
    ("72号楼", "2026-11-15-meter", ["71号至73号楼"]), ("72栋", "2026-11-15-meter", ["71号至73号楼"]),
    ("71号楼", "2026-11-15-meter", ["71号至73号楼"]),
])
def test_a_range_typed_with_a_double_dash_or_a_shortened_first_unit_takes_in_the_buildings_between(elsewhere, query,
                                                                                                 notice, marks):
    """61——63 栋 (a Chinese input method types a dash as ——) and 71号至73号楼 (the first 号楼
    said as 号) were no ranges: 62栋 and 72号楼 found nothing."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, elsewhere, query) == [f"/test/notices/{notice}/"]
        assert pg.text_content("#search-status") == "找到 1 条结果"
        assert pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)") == marks
        assert not problems, problems


# Pages of a Simplified site with building words, a range typed with U+2015 (――, as some input
# methods type 破折号) and one with a minus sign; and a page of a Traditional site.
VARIANTS = {
    "content/notices/2026-11-20-water.md": "---\ntitle: 临时停水\ndate: 2026-11-20\n---\n"
                                           "锦江苑 33号楼全天停水，5栋 3楼水管维修，请提前储水。\n",
    "content/notices/2026-11-14-paint.md": "---\ntitle: 外墙粉刷\ndate: 2026-11-14\n---\n锦江苑 81――83 栋外墙粉刷，请关好窗户。\n",
    "content/notices/2026-11-12-meter.md": "---\ntitle: 更换水表\ndate: 2026-11-12\n---\n锦江苑 1−3单元更换水表。\n",
}
HANT = {
    "content/notices/2026-11-20-lift.md": "---\ntitle: 電梯停運\ndate: 2026-11-20\n---\n33號樓電梯週三停運檢修，請走樓梯。\n",
}


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """The VARIANTS site, served under /test/."""
    with served_site(tmp_path_factory, "variants", VARIANTS) as url:
        yield url


@pytest.fixture(scope="module")
def hant(tmp_path_factory):
    """The HANT site, in zh-Hant, served under /test/."""
    with served_site(tmp_path_factory, "hant", HANT, "language: zh-Hant\n") as url:
        yield url


@pytest.mark.parametrize("query, notice, marks", [
    ("33號樓", "2026-11-20-water", ["33号楼"]), ("5棟", "2026-11-20-water", ["5栋"]),
    ("3樓", "2026-11-20-water", ["3楼"]), ("提前儲水", "2026-11-20-water", ["提前储水"]),
    ("水管維修", "2026-11-20-water", ["水管维修"]), ("請問水管維修", "2026-11-20-water", ["水管维修"]),
    ("82棟", "2026-11-14-paint", ["81――83 栋"]), ("82栋", "2026-11-14-paint", ["81――83 栋"]),
    ("2单元", "2026-11-12-meter", ["1−3单元"]), ("2單元", "2026-11-12-meter", ["1−3单元"]),
])
def test_a_query_in_traditional_characters_or_a_range_with_any_dash_finds_the_page(variants, query, notice, marks):
    """A phone set to Traditional input (relatives from Hong Kong or Taiwan) types 33號樓, 5棟:
    they found nothing on a Simplified site. 81――83 栋 (U+2015, which some input methods type)
    and 1−3单元 were no ranges: 82栋 and 2单元 found nothing."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, variants, query) == [f"/test/notices/{notice}/"]
        assert pg.text_content("#search-status") == "找到 1 条结果"
        assert pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)") == marks
        assert not problems, problems


@pytest.mark.parametrize("query, marks", [("33号楼", ["33號樓"]), ("33号楼电梯", ["33號樓電梯"]), ("電梯", ["電梯"]),
                                          ("停运检修", ["停運檢修"]), ("请走楼梯", ["請走樓梯"])])
def test_a_query_in_simplified_characters_finds_the_page_of_a_traditional_site(hant, query, marks):
    """The reverse: 电梯 found nothing on a zh-Hant site that writes 電梯. The page is shown as
    it writes it, what the query found marked."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, hant, query) == ["/test/notices/2026-11-20-lift/"]
        assert pg.text_content("#search-status") == "找到 1 條結果"
        assert pg.eval_on_selector_all("#search-results p mark", "m => m.map(x => x.textContent)") == marks
        assert not problems, problems


def test_the_browser_folds_as_the_index_does(variants):
    """search.js folds a query and the pages it reads as generator/search.py indexes them:
    each Traditional character of its table to the same Simplified one, and each dash
    search.py reads between the ends of a range to one of search.js's DASH."""
    from generator import hanzi
    from generator.search import _DASHES

    with page(MOBILE) as pg:
        goto(pg, variants + "/search/")
        folded, dashes = pg.evaluate("""async (texts) => {
            const search = await import(document.querySelector("script[type=module]").src);
            return [search.fold(texts[0]), Array.from(texts[1], (c) => search.DASH.includes(search.fold(c)))];
        }""", [hanzi.TRADITIONAL, _DASHES])
    assert folded == hanzi.TRADITIONAL.translate(str.maketrans(hanzi.TRADITIONAL, hanzi.SIMPLIFIED))
    assert dict(zip(_DASHES, dashes)) == dict.fromkeys(_DASHES, True)


def test_days_are_counted_from_the_phones_date(days):
    """下周 from a Sunday is the week after it; 周三 said on a Friday, the coming one."""
    with page(MOBILE) as pg:
        goto(pg, days + "/search/")
        named = pg.evaluate("""async () => {
            const search = await import(document.querySelector("script[type=module]").src);
            const terms = (query, y, m, d) => { const found = search.when(query, new Date(y, m - 1, d)); return found && found.terms; };
            return [terms("下周", 2026, 11, 29), terms("周三", 2026, 11, 27), terms("这周末", 2026, 11, 29),
                    terms("明天", 2026, 12, 31), terms("每周三", 2026, 11, 27), terms("停水", 2026, 11, 27)];
        }""")
    assert named == [[f"d202611{d}" for d in range(30, 31)] + [f"d2026120{d}" for d in range(1, 7)],
                     ["d20261202"], ["d20261128", "d20261129"], ["d20270101"], None, None]


WORDS = {
    # Pages write 诈骗 and 老年人优待证 where residents say 骗子 and 老年证; one says 骗子 itself.
    "content/notices/2026-11-16-fraud.md": "---\ntitle: 反诈提醒\ndate: 2026-11-16\n---\n近期有冒充客服的电信诈骗，请不要转账。\n",
    "content/notices/2026-11-02-liar.md": "---\ntitle: 小心上门推销\ndate: 2026-11-02\n---\n有骗子上门推销保健品，请勿开门。\n",
    "content/notices/2026-11-10-card.md": "---\ntitle: 代办老年人优待证\ndate: 2026-11-10\n---\n60 岁以上老人可到服务台代办。\n",
    "content/notices/2026-11-12-dance.md": "---\ntitle: 广场舞队招新\ndate: 2026-11-12\n---\n每晚七点在文化广场。\n",
    # The phone says Wednesday 2026-11-25: tomorrow the talk takes place, the film (earlier) not.
    "content/activities/2026-11-26-talk.md": "---\ntitle: 防跌倒讲座\nstart: 2026-11-26 09:30\n---\n医生讲解。\n",
    "content/activities/2026-11-26-film.md": "---\ntitle: 露天电影\nstart: 2026-11-26 08:00\ncancelled: 因降温取消\n---\n广场放映。\n",
    "content/activities/2026-11-24-tea.md": "---\ntitle: 茶话会\nstart: 2026-11-24 14:00\n---\n邻里喝茶聊天。\n",
    "content/activities/2026-12-06-party.md": "---\ntitle: 集体生日会\nstart: 2026-12-06 09:30\n---\n为八十岁以上老人过生日。\n",
}


@pytest.fixture(scope="module")
def worded(tmp_path_factory):
    """A site whose pages write what residents say otherwise, with a synonym of its own in
    site.yaml (跳舞: 广场舞) and a cancelled activity, served under /test/."""
    with served_site(tmp_path_factory, "words", WORDS, "search:\n  synonyms:\n    跳舞: [广场舞, 排舞]\n") as url:
        yield url


@pytest.mark.parametrize("query, results, status, marks", [
    # The page that says 骗子 first, then the (newer) one that says 诈骗.
    ("骗子", ["2026-11-02-liar", "2026-11-16-fraud"], "找到 2 条结果", {"骗子", "诈骗"}),
    ("老年证", ["2026-11-10-card"], "没有找到原词；这 1 条含有意思相近的词", {"老年人优待证"}),
    ("我想问一下老年证怎么办", ["2026-11-10-card"], "没有找到原词；这 1 条含有意思相近的词", {"老年人优待证"}),
    ("跳舞", ["2026-11-12-dance"], "没有找到原词；这 1 条含有意思相近的词", {"广场舞"}),  # site.yaml's own
])
def test_a_word_residents_say_finds_the_page_that_writes_another(worded, query, results, status, marks):
    """Residents say 骗子 and 老年证 where notices write 诈骗 and 老年人优待证: 骗子 found only the
    page saying 骗子, 老年证 the page as holding part of it (老年). The query is tried with the
    pages' words too, what that finds after what the query finds as typed."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        assert search(pg, worded, query) == [f"/test/notices/{name}/" for name in results]
        assert pg.text_content("#search-status") == status
        assert set(pg.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)")) == marks
        assert not problems, problems


@pytest.mark.parametrize("query, results", [
    ("明天有什么活动", ["2026-11-26-talk", "2026-11-26-film"]),
    # Taking place: the coming, then the one over; then the cancelled.
    ("这周有什么活动", ["2026-11-26-talk", "2026-11-24-tea", "2026-11-26-film"]),
])
def test_a_cancelled_activity_comes_after_those_that_take_place_marked(worded, query, results):
    """The film, cancelled, starts before the talk: it was listed first for 明天有什么活动."""
    with page(MOBILE) as pg:
        problems = watch_errors(pg)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        assert search(pg, worded, query) == [f"/test/activities/{name}/" for name in results]
        titles = pg.eval_on_selector_all("#search-results h2", "h => h.map(x => x.textContent)")
        assert titles[-1].startswith("已取消") and not any(title.startswith("已取消") for title in titles[:-1])
        assert not problems, problems


def test_a_date_with_a_word_no_page_holds_with_it_still_finds_the_page_of_that_date(worded):
    """12月6日的讲座: no page holds both. The talk (讲座, 11月26日) was shown and the party of
    12月6日 left out, its date being numbers and lone characters (12, 月, 6, 日); a date
    counts as a word does."""
    with page(MOBILE) as pg:
        assert set(search(pg, worded, "12月6日的讲座")) == {"/test/activities/2026-12-06-party/",
                                                          "/test/activities/2026-11-26-talk/"}
        assert pg.text_content("#search-status") == "没有完全符合的结果；这 2 条含有其中一部分词"
        marks = pg.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)")
        assert "12月6日" in marks and "讲座" in marks


# query -> the query as pages would write it, on the second try (what is typed is tried first:
# a page with 1/2 or 1-6 栋 on it is found as typed).
PLAIN = {
    "12/6": "12月6日", "12/06": "12月6日", "12.6": "12月6日", "12-06": "12月6日", "2026-12-06": "2026年12月6日",
    "1/2": "1月2日",  # a fraction on no page: a date is the likelier meaning on a notice board
    "13/6": "13/6", "12/32": "12/32", "0/5": "0/5",  # no month or no day
    "0831-2345678": "0831-2345678", "12-6789": "12-6789",  # phone numbers
    "1-6栋": "1-6栋", "1/2斤": "1/2斤", "3.5元": "3.5元", "7-12 号楼": "7-12 号楼",  # ranges and amounts
    # Spaces that voice input and keyboards put in a date (not in 7-12 号楼, above).
    "12 月 6 日": "12月6日", "12 月6日": "12月6日", "12月 6日": "12月6日", "12 月 6 号": "12月6日",
    "2026 年 12 月 6 日": "2026年12月6日",
    # Full-width digits and punctuation, from Chinese keyboards.
    "１２／６": "12月6日", "12／6": "12月6日", "12．6": "12月6日", "１２－０６": "12月6日", "５栋": "5栋",
    "0831－2345678": "0831-2345678",
    # Spaces around the slash, 日 typed after the day, any dash of generator/dates.py's DASHES.
    "12 / 6": "12月6日", "12 ． 6": "12月6日", "12/6日": "12月6日", "１２／６日": "12月6日", "12―6": "12月6日",
    "12—06": "12月6日", "2026―12―06": "2026年12月6日", "1 - 6 栋": "1 - 6 栋", "0831 - 2345678": "0831 - 2345678",
}


def test_numbers_with_a_slash_dash_or_dot_are_dates_only_when_they_can_be(searchable):
    with page(MOBILE) as pg:
        goto(pg, searchable + "/search/")
        plain = pg.evaluate("""async (queries) => {
            const search = await import(document.querySelector("script[type=module]").src);
            return queries.map((query) => search.plain(query).trim());
        }""", list(PLAIN))
    assert dict(zip(PLAIN, plain)) == PLAIN


def test_the_browser_reads_every_page_as_the_index_did(ex, base):
    """search.js reads a result's document from its page; on every searchable page of the
    example it finds the title and text that generator/search.py's extract() indexed."""
    documents = {}
    for path in sorted(ex.out.rglob("*.html")):
        document = extract(path.read_bytes(), "/" + path.relative_to(ex.out).as_posix().removesuffix("index.html"))
        if document is not None:
            documents[document.url] = [document.title, document.text]
    assert len(documents) > 20
    with page(DESKTOP) as pg:
        goto(pg, base + "/search/")
        read = pg.evaluate("""async (urls) => {
            const search = await import(document.querySelector("script[type=module]").src);
            return Promise.all(urls.map(async (url) => { const found = await search.page(url); return [found.title, found.text]; }));
        }""", list(documents))
    assert dict(zip(documents, read)) == documents


def test_search_for_a_word_on_more_pages_than_shown_does_not_say_it_found_only_those(tmp_path):
    """社区 on every page said "找到 30 条结果": the 30 shown. It says they are the newest and
    there may be more, and how to narrow them; 31 pages, the newest 30 shown."""
    notices = {f"content/notices/2026-10-{day:02d}-n.md": f"---\ntitle: 第{day}号公告\ndate: 2026-10-{day:02d}\n---\n社区公告。\n"
               for day in range(1, 32)}
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML, **notices})
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    with serve(tmp_path / "out", "/test/") as url, page(MOBILE) as pg:
        found = search(pg, url, "社区公告")
        assert found == [f"/test/notices/2026-10-{day:02d}-n/" for day in range(31, 1, -1)]
        assert pg.text_content("#search-status") == "列出最新的 30 条结果，可能还有更多；多打几个字可以找得更准"
        assert search(pg, url, "第12号公告") == ["/test/notices/2026-10-12-n/"]
        assert pg.text_content("#search-status") == "找到 1 条结果"


@pytest.mark.parametrize("prefix", ["/", "/jinjiang/dadi/"])
def test_search_works_at_the_root_and_under_a_deeper_base_path(tmp_path, prefix):
    with serve(search_site(tmp_path, prefix), prefix) as url, page(MOBILE) as pg:
        problems = watch_errors(pg)  # the index is fetched from under the base path, or this fills
        assert search(pg, url, "停水") == [f"{prefix}notices/2026-11-18-water/"]
        assert not problems, problems


# The pieces of a time as written on the pages (2027年1月1日, 星期五, 9:00), and, for each
# <time> in main, those that a line break cuts in two: the piece's characters stand on more
# than one line.
BROKEN_TIME_PIECES = r"""() => [...document.querySelectorAll('main time')].filter(t => t.getClientRects().length).flatMap(t => {
    const walker = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    const broken = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\d{4}年\d{1,2}月\d{1,2}日|星期[一二三四五六日]|\d{1,2}:\d{2}/g)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(m[0] + ' in ' + t.textContent.trim());
        }
    }
    return broken;
})"""


def test_a_date_its_weekday_and_its_time_are_never_broken_over_two_lines(ex, base):
    """At 特大 on a phone an activity card read "2027年1月1日 星期" and "五 9:00–11:00", or
    "2027年1月11日 星" and "期一 9:00–11:30": a line breaks between the pieces of a time,
    never inside one."""
    with page(MOBILE) as pg:
        for url in ("/", "/activities/", "/activities/past/", ex.site.upcoming[0].url):
            for size in SIZES:
                goto(pg, base + url)
                pg.click(f"label[for=fs-{size}]")
                assert pg.evaluate("document.querySelectorAll('main time').length"), url
                broken = pg.evaluate(BROKEN_TIME_PIECES)
                assert not broken, f"{url} at {size}: {broken[:3]}"


BROKEN_PHONE_NUMBERS = r"""() => [...document.querySelectorAll('main a[href^="tel:"]')].filter(a =>
    new Set([...a.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1
).map(a => a.textContent)"""


def test_a_phone_number_is_never_broken_over_two_lines(ex, base):
    """On a phone a number in running text read "0831-" at a line's end and "2345688" on the
    next: a resident copying it down, or reading it out, has it in two pieces."""
    urls = ["/services/", *(service.url for service in ex.site.services if service.how_to_order),
            *(team.url for team in ex.site.teams)]
    with page(MOBILE) as pg:
        for url in urls:
            for size in SIZES:
                goto(pg, base + url)
                pg.click(f"label[for=fs-{size}]")
                broken = pg.evaluate(BROKEN_PHONE_NUMBERS)
                assert not broken, f"{url} at {size}: {broken}"


# A time or a place a line break must not cut in two: 8：00 (a Chinese input method's colon) or
# 8:00, a range of times up to RANGE_MAX characters (8：00至11：30, 8:00 - 9:30), a building,
# unit, floor or room (5号楼, 3单元, 12层, 501室, 1-12栋, 12-3-501). In the body, the facts and
# the lines under each title in a list (an activity's time and place).
BROKEN_PIECES = r"""() => {
    const time = '[0-9０-９]{1,2}[:：][0-9０-９]{2}';
    const pieces = new RegExp(`${time}\\s*[至到\\-－～~–—]\\s*${time}|${time}|\\d+(?:-\\d+)*(?:号楼|单元|栋|层|室)|\\d+-\\d+-\\d+`, 'g');
    const broken = [];
    for (const box of document.querySelectorAll('main .body, main .facts dd, main .card .meta, main .card > p')) {
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        let text = '';
        const nodes = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) { nodes.push([node, text.length]); text += node.data; }
        const at = (i) => { const [node, start] = nodes.findLast(([, s]) => s <= i); return [node, i - start]; };
        for (const m of text.matchAll(pieces)) {
            if (m[0].length > 14) continue;  // a long range may break between its two times
            const range = document.createRange();
            range.setStart(...at(m.index));
            const [node, end] = at(m.index + m[0].length - 1);
            range.setEnd(node, end + 1);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(m[0]);
        }
    }
    return broken;
}"""

# Each line a character further on, so that at every width and size some time or place
# reaches a line's end.
PIECES = {
    "content/notices/2026-11-20-water.md": "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n" + "".join(
        "请" * k + "注意：上午8：00至11：30停水，5号楼3单元、12-3-501室、1-12栋、12层的住户8：00-9：30"
        "或 14:00 - 15:30 到 2号楼 101室领水，下午2：00到物业。\n\n" for k in range(24)),
    "content/activities/2026-11-29-repair.md": "---\ntitle: 便民维修日\ndate: 2026-11-20\nstart: 2026-11-29 09:00\n"
        "end: 2026-11-29 11:30\nlocation: 锦江苑小区5号楼3单元一楼架空层（12-3-501室楼下）\n---\n" + "".join(
        "修" * k + "时间：上午8：30至11：30，地点12层1201室。\n\n" for k in range(24)),
    # A notice's summary under its title in the lists, a character further on in each.
    **{f"content/notices/2026-11-{10 + k}-cut-{k}.md": f"---\ntitle: 停水{k}\ndate: 2026-11-{10 + k}\n"
       f"summary: {'请' * k}注意：上午8：00至11：30停水，12月1日起5号楼3单元、12-3-501室\n---\n停水。\n" for k in range(9)},
    # In a list, each card's time and place begin their own line: activities at hours and on
    # days of other lengths put the range at other places of it.
    **{f"content/activities/2026-11-{day}-talk-{day}.md": f"---\ntitle: 讲座{day}\ndate: 2026-11-20\n"
       f"start: 2026-11-{day} {start}\nend: 2026-11-{day} {end}\nlocation: {place}\ntags: [讲座]\n---\n讲座。\n"
       for day, start, end, place in [("23", "8:00", "9:00", "社区党群服务中心二楼1201室（12-3-501室楼上）"),
                                      ("24", "14:30", "16:30", "锦江苑小区12号楼3单元门口"),
                                      ("25", "19:00", "20:30", "锦江苑小区东门广场（5号楼旁）"),
                                      ("26", "9:30", "11:00", "青石花园1-12栋之间的空地")]},
    "content/services/repairs.yaml": "category: 维修\nitems:\n  - id: sewing\n    name: 缝补改衣\n"
        "    schedule: 每周二、周四上午8：30至11：30，下午2：00-5：00\n    location: 锦江苑小区5号楼3单元12层1201室\n",
}


@pytest.mark.parametrize("width", [320, MOBILE])
def test_a_time_or_a_place_is_never_broken_over_two_lines(tmp_path, width):
    """On a phone a body read "上午8：" at a line's end and "00至11：30" on the next, "5号" over
    "楼": an elderly resident reads 8 o'clock and a stray 00. Each time (a range of them up to
    14 characters) and each building, unit, floor or room goes to the next line whole, in the
    text of a notice or activity, in its facts and in the time and place under its title in the
    lists (9:00– at a line's end and 11:30 on the next), and the page is no wider than the phone."""
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML, **PIECES})
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    tag = next((tmp_path / "out" / "tags").glob("*/index.html")).parent.name
    urls = ["/notices/2026-11-20-water/", "/activities/2026-11-29-repair/", "/services/sewing/", "/activities/", "/",
            f"/tags/{tag}/", "/notices/"]
    with serve(tmp_path / "out", "/test/") as base, page(width) as pg:
        for url in urls:
            for size in SIZES:
                goto(pg, base + url)
                pg.click(f"label[for=fs-{size}]")
                assert pg.evaluate("document.querySelectorAll('main .body, main .facts dd, main .card .meta, main .card > p').length"), url
                broken = pg.evaluate(BROKEN_PIECES)
                assert not broken, f"{url} at {width}px, {size}: {broken[:5]}"
                assert pg.evaluate("document.documentElement.scrollWidth") <= width, f"{url} at {size}"
        # A tag page's line (社区活动 · 2026年11月23日 星期一 8:00–9:00) puts no range at a line's end
        # at these widths: its times are one piece as the other lists' are, ready for one that does.
        goto(pg, base + f"/tags/{tag}/")
        ranges = pg.evaluate("[...document.querySelectorAll('main .card .meta time .whole')].map(e => e.textContent)")
        assert {"14:30–16:30", "19:00–20:30", "8:00–9:00", "9:30–11:00", "2026年11月23日"} <= set(ranges), ranges


# The first word of each card's time (2026年12月4日) that runs over more than one line.
BROKEN_CARD_DAYS = r"""() => [...document.querySelectorAll('main .card .meta time')].filter(time => {
    const node = time.firstChild.nodeType === Node.TEXT_NODE ? time.firstChild : null;
    const end = node ? node.data.indexOf(' ') : -1;
    if (end < 1) return false;
    const day = document.createRange();
    day.setStart(node, 0);
    day.setEnd(node, end);
    return new Set([...day.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
}).map(time => time.textContent.trim())"""


@pytest.mark.parametrize("width", [320, MOBILE])
def test_an_activity_cards_day_is_on_one_line_at_every_text_size(ex, base, width):
    """At 320 px and 特大 the date badge beside an activity's card left its text a column five
    characters wide: 2026年12月4 | 日, the title four lines long. Where the column would be that
    narrow the badge goes above the text, and each card's day stays on one line."""
    urls = ["/activities/", axe_pages(ex)["calendar"], "/"]
    with page(width) as pg:
        for url in urls:
            goto(pg, base + url)
            for size in SIZES:
                pg.click(f"label[for=fs-{size}]")
                assert pg.evaluate("document.querySelectorAll('main .card .meta time').length"), url
                broken = pg.evaluate(BROKEN_CARD_DAYS)
                assert not broken, f"{url} at {width}px, {size}: {broken[:3]}"
                assert pg.evaluate("document.documentElement.scrollWidth") <= width, f"{url} at {size}"


# The card titles squeezed beside their badges: over more than one line, and narrower than
# the heading holding them.
SQUEEZED_TITLES = r"""() => [...document.querySelectorAll('main .card h2 a, main .card h3 a')].filter(a => {
    const heading = a.parentElement, box = heading.getBoundingClientRect(), link = a.getBoundingClientRect();
    const lines = new Set([...a.getClientRects()].map(r => Math.round(r.top))).size;
    const words = document.createRange();
    words.selectNodeContents(a);
    const wrapped = new Set([...words.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
    return heading.querySelector('.badge') && wrapped && link.width < box.width - 1;
}).map(a => a.textContent.trim())"""


@pytest.mark.parametrize("width", [320, MOBILE])
def test_a_card_title_too_long_to_sit_beside_its_badge_has_the_whole_line(ex, base, width):
    """At 320 px and 特大 党员"365"代办服务队 sat beside its 招募中 badge in a column six
    characters wide, and read 党 | 员"365"代 | 办服务队. A title that does not fit beside its
    badges on one line goes under them, over the card's whole width."""
    with page(width) as pg:
        for url in ["/teams/", "/", "/activities/"]:
            goto(pg, base + url)
            for size in SIZES:
                pg.click(f"label[for=fs-{size}]")
                squeezed = pg.evaluate(SQUEEZED_TITLES)
                assert not squeezed, f"{url} at {width}px, {size}: {squeezed}"


# The words of the font-size switch whose text runs over more than one line.
BROKEN_SWITCH_WORDS = """() => [...document.querySelectorAll('.font-size legend, .font-size label')].filter(e => {
    const words = document.createRange();
    words.selectNodeContents(e);
    return new Set([...words.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
}).map(e => e.textContent.trim())"""


@pytest.mark.parametrize("width", [320, MOBILE])
def test_the_font_size_switch_keeps_each_word_on_one_line(ex, base, width):
    """At 320 px and 特大 the switch read 字 | 号 and 标 | 准, a character a line, in a box
    twice the height of 大's: what an elderly resident looks for first to make the page
    readable. Each word stays whole; a size that does not fit goes to the next line."""
    with page(width) as pg:
        goto(pg, base + "/")
        for size in SIZES:
            pg.click(f"label[for=fs-{size}]")
            broken = pg.evaluate(BROKEN_SWITCH_WORDS)
            assert not broken, f"{width}px at {size}: {broken}"
            assert pg.evaluate("document.documentElement.scrollWidth") <= width
            small = pg.evaluate(SMALL_TARGETS)
            assert not small, f"{width}px at {size}: targets under 44 x 44 px: {small[:5]}"


def test_the_calendars_days_are_44px_wide_on_a_320px_phone(ex, base):
    """WCAG's reflow width, and small old phones: the days with activities were 37 px wide
    (7 columns in the page's margins) at every size, under the 44 px every other target has."""
    url = base + axe_pages(ex)["calendar"]
    with page(320) as pg:
        goto(pg, url)
        for size in SIZES:
            pg.click(f"label[for=fs-{size}]")
            days = pg.evaluate("() => [...document.querySelectorAll('.calendar a.day')]"
                               ".map(a => { const r = a.getBoundingClientRect(); return [a.textContent.trim(), r.width, r.height]; })")
            assert days, url
            small = [day for day in days if day[1] < 44 or day[2] < 44]
            assert not small, f"at {size}: {small}"
            assert pg.evaluate("document.documentElement.scrollWidth") <= 320


def printed_sheets(pg, url: str, pdf: Path) -> list[str]:
    """``url`` printed on A4 as Chromium prints it (Ctrl+P): the text of each sheet, in the
    order it is drawn."""
    from support.pdf import page_count, text

    goto(pg, url)
    pg.emulate_media(media="print")
    pg.pdf(path=str(pdf), format="A4")
    return [text(pdf, first=n, last=n, raw=True) for n in range(1, page_count(pdf) + 1)]


def test_a_printed_page_keeps_the_contact_block_whole_and_no_heading_at_a_sheets_foot(ex, base, tmp_path):
    """A resident printing an activity got a second sheet holding the footer's 地址 and 办公时间
    alone, its 联系社区 and 电话 on the first; the month's report ended a sheet with 趋势图, its
    charts on the next."""
    site = ex.site
    urls = [*(a.url for a in site.upcoming), site.listed_notices[0].url, site.stats[-1].url]
    with page(DESKTOP) as pg:
        for url in urls:
            sheets = printed_sheets(pg, base + url, tmp_path / "page.pdf")
            # The footer comes last: the last sheet with each of its words (a notice may say 电话 too).
            words = pg.eval_on_selector_all(".site-footer h2, .site-footer dt, .site-footer dd",
                                            "es => es.map(e => e.textContent.replace(/\\s+/g, ''))")
            bare = ["".join(sheet.split()) for sheet in sheets]
            holding = {max(n for n, sheet in enumerate(bare) if word in sheet) for word in words}
            assert len(holding) == 1, f"{url}: the contact block on sheets {sorted(n + 1 for n in holding)}"
            headings = set(pg.eval_on_selector_all("main h2, main h3", "es => es.map(e => e.textContent.trim())"))
            feet = [(n + 1, last) for n, sheet in enumerate(sheets[:-1])
                    if (last := [line.strip() for line in sheet.splitlines() if line.strip()][-1]) in headings]
            assert not feet, f"{url}: a heading ends a sheet: {feet}"


def test_a_printed_pages_facts_stand_beside_their_labels(ex, base):
    """On paper (A4, 12pt) each of an activity's facts took two lines, 时间： above the time,
    and seven of them pushed the page onto a second sheet: the label stands beside it, as on a
    computer's screen."""
    # An A4 sheet's width inside the 1 cm margins Chromium prints with: 7.47 in, at 96 px an inch.
    with page(717) as pg:
        goto(pg, base + ex.site.upcoming[0].url)
        pg.emulate_media(media="print")
        apart = pg.evaluate("""() => [...document.querySelectorAll('main .facts div')].filter(row => {
            const dt = row.querySelector('dt'), dd = row.querySelector('dd');
            return dt && dd && dd.getBoundingClientRect().top >= dt.getBoundingClientRect().bottom - 1;
        }).map(row => row.textContent.trim().slice(0, 12))""")
        assert pg.evaluate("document.querySelectorAll('main .facts div').length")
        assert not apart, apart


def test_the_service_menu_prints_on_few_sheets_each_service_whole(ex, base, tmp_path):
    """Staff hand the printed menu out: one card a row at the screen's spacing, the example's 20
    services took 9 A4 sheets; in two columns, at 12pt still, they take 4. Every service is
    printed whole on one sheet, none cut off at a column's or the paper's edge."""
    with page(DESKTOP) as pg:
        sheets = printed_sheets(pg, base + "/services/", tmp_path / "services.pdf")
        cards = pg.eval_on_selector_all("main .card", "cs => cs.map(c => c.innerText)")
    assert len(sheets) <= 4, f"the service menu prints on {len(sheets)} A4 sheets"
    bare = ["".join(sheet.split()) for sheet in sheets]
    cut = [card.split("\n")[0] for card in cards if not any("".join(card.split()) in sheet for sheet in bare)]
    assert len(cards) == len(ex.site.services) and not cut, f"not printed whole on one sheet: {cut}"


def test_the_years_totals_read_in_short_lines_on_a_narrow_phone_at_the_largest_text_size(ex, base):
    """At 320 px and 特大 the year's totals table scrolled sideways and squeezed its 年目标
    column to three characters a line: rows 250 px high, five lines and more. On a phone each
    metric is a block, each figure after its column's name on the screen's whole width, no
    cell longer than three lines; the table is still read as a table (axe)."""
    with page(320) as pg:
        goto(pg, base + f"/stats/{ex.site.stats[-1].month.year}/")
        pg.click("label[for=fs-xl]")
        region = pg.locator("[aria-labelledby=year-totals]")
        assert region.evaluate("r => r.scrollWidth <= r.clientWidth"), "the year's totals scroll sideways"
        line = font_size(pg) * 1.8
        cells = region.evaluate("""r => [...r.querySelectorAll('tbody th, tbody td')].map(c => {
            const style = getComputedStyle(c);
            return [c.textContent.trim().slice(0, 16),
                    c.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)]; })""")
        tall = [(text, round(height / line, 1)) for text, height in cells if height > 3 * line + 1]
        assert cells and not tall, f"cells over three lines (lines each): {tall}"
        assert "年目标" in region.evaluate("r => getComputedStyle(r.querySelector('tbody td:last-child'), '::before').content")
        violations = run_axe(pg, 320)
        assert not violations, format_violations(violations)


def test_a_printed_years_months_table_keeps_every_column_on_the_sheet(ex, base, tmp_path):
    """The year's months' table kept each heading on one line (on the screen it scrolls): on
    paper it was wider than the sheet and its last metric's column, 诉求办结率, was cut off at
    the paper's edge, its figures lost. Each row is printed whole."""
    with page(DESKTOP) as pg:
        sheets = printed_sheets(pg, base + f"/stats/{ex.site.stats[-1].month.year}/", tmp_path / "year.pdf")
        rows = pg.eval_on_selector_all("#month-table + .table-scroll tr", "rs => rs.map(r => r.innerText)")
    bare = ["".join(sheet.split()) for sheet in sheets]
    cut = [row.split()[0] for row in rows if not any("".join(row.split()) in sheet for sheet in bare)]
    assert len(rows) > 1 and not cut, f"rows cut off: {cut}"
