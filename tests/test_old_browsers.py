"""The site on the older phones residents use: Android 7-10 system WebViews that never update
(no Play Store), UC and QQ browsers on older Chromium kernels, iPhones on iOS 12-14. Checked
against caniuse data with doiuse and es-check (outside the suite: docs/themes.md, section 5)
for ``Chrome >= 69, iOS >= 12, Samsung >= 10, UCAndroid >= 13, QQAndroid >= 13``.

Headless Chromium is new, so an old engine is played by handing it a site.css with the newer
features renamed to names it does not know: it then drops them as an old engine does (a rule
whose selector has an unknown pseudo-class, a declaration with an unknown function, a custom
property holding one invalid where used), and flex containers lose their gap. search.js is
played old by deleting the newer methods before it runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.browser import MOBILE, goto, no_js_page, page, serve, watch_errors

from test_browser import ELSEWHERE, NOTICES, RANGES, WORDS, font_size, search, served_site

THEME = Path(__file__).resolve().parent.parent / "themes" / "default" / "static"
SIZES = {"m": 18, "l": 22, "xl": 26}


@pytest.fixture(scope="module")
def base(ex):
    with serve(ex.out, ex.prefix) as url:
        yield url


def old_css(css: str) -> str:
    """site.css as Chrome 69-83 / iOS 12-14 read it: min(), :is(), :has(), :focus-visible and
    aspect-ratio unknown, and a flex container's gap not applied."""
    for new in ("min(", ":is(", ":where(", ":has(", ":focus-visible", "aspect-ratio", "overflow-wrap: anywhere",
                "overflow-wrap:anywhere"):
        css = css.replace(new, new.replace(":", ":-old-") if new.startswith(":") else "-old-" + new)
    # Published minified (display:flex), a page's own <style> as written (display: flex).
    return re.sub(r"\{[^{}]*display: ?flex[^{}]*\}", lambda rule: re.sub(r"\bgap: ?[^;}]*;?", "", rule.group()), css)


def old_page(pg, ex) -> None:
    """Serve ``pg`` the old engine's reading of site.css, and of the pages' own <style>s."""
    [built] = (ex.out / "static").glob("site.*.css")  # named by its digest
    css = old_css(built.read_text(encoding="utf-8"))
    assert css.count("-old-") >= 5  # the features this plays are still there to play
    pg.route(re.compile(r"/static/site\.\w+\.css$"),
             lambda route: route.fulfill(body=css, content_type="text/css; charset=utf-8"))

    def styles(route) -> None:
        response = route.fetch()
        html = re.sub(r"(<style>)(.*?)(</style>)", lambda m: m[1] + old_css(m[2]) + m[3], response.text(), flags=re.S)
        route.fulfill(response=response, body=html)
    pg.route(lambda url: url.endswith("/"), styles)  # a page: the site's addresses end in /


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    """test_browser.py's search site, two notices a page, served under /test/."""
    with served_site(tmp_path_factory, "old", NOTICES, "per_page: 2\n") as url:
        yield url


# Each flex container of the theme, with how far apart its items stand when gap applies:
# without a fallback they stood touching, buttons run into one, words run together.
APART = """sel => [...document.querySelectorAll(sel)].flatMap(box => {
    // A fieldset's legend is drawn on its border, not laid out as an item.
    const items = [...box.children].filter(e => e.localName !== 'legend' && getComputedStyle(e).position !== 'absolute'
                                                && e.getClientRects().length)
        .map(e => e.getBoundingClientRect());
    const gaps = [];
    for (let i = 1; i < items.length; i++) {
        const a = items[i - 1], b = items[i];
        if (b.top < a.bottom && a.top < b.bottom) gaps.push(b.left - a.right); else gaps.push(b.top - a.bottom);  // same line or next
    }
    return gaps;
})"""


def padding(pg, selector: str) -> list[float]:
    return pg.eval_on_selector(selector, "e => { const s = getComputedStyle(e); return [s.paddingTop, s.paddingRight,"
                                         " s.paddingBottom, s.paddingLeft].map(parseFloat); }")


@pytest.mark.parametrize("width", [320, MOBILE])
def test_the_layout_holds_in_an_old_engine(ex, base, width):
    """min() in --gap made every padding that used it invalid (none at all: text against the
    screen's edge); :is() dropped the card titles' and the tables' rules whole; flex gap
    missing left the menu's buttons, the text sizes and the page numbers touching. With
    JavaScript: without it the text sizes are hidden in an old engine (below)."""
    site = ex.site
    with page(width) as pg:
        old_page(pg, ex)
        goto(pg, base + "/")
        assert min(padding(pg, "main")) > 0 and padding(pg, ".site-header")[3] >= 16
        assert padding(pg, ".card")[3] >= 16
        title = pg.eval_on_selector(".card h2, .card h3", "h => [getComputedStyle(h).display, getComputedStyle(h).marginTop]")
        assert title == ["flex", "0px"], title
        assert pg.eval_on_selector(".card h2 a, .card h3 a", "a => a.getBoundingClientRect().height") >= 44
        for selector in (".menu ul", ".font-size", ".more"):
            gaps = pg.evaluate(APART, selector)
            assert gaps and min(gaps) >= 4, (selector, gaps)
        goto(pg, base + "/stats/")  # a year's table
        cell = pg.eval_on_selector(".stats-table th", "td => [getComputedStyle(td).borderTopWidth, getComputedStyle(td).paddingLeft]")
        assert cell == ["1px", "10.8px"], cell
        goto(pg, base + site.stats[-1].url)
        gaps = pg.evaluate(APART, ".stats-nav ul")
        assert gaps and min(gaps) >= 4, gaps
        for url in ("/", "/teams/", site.listed_notices[0].url, site.stats[-1].url):
            goto(pg, base + url)
            for size, px in SIZES.items():
                pg.click(f"label[for=fs-{size}]")
                assert font_size(pg) == px, (url, size)
                assert pg.evaluate("document.documentElement.scrollWidth") <= width, (url, size)


def test_the_text_sizes_are_hidden_where_they_could_not_work(ex, base):
    """Without JavaScript the switch works through :has() alone: in an old engine its three
    buttons did nothing when tapped. They are hidden there, and shown where they work: with
    JavaScript in an old engine, and without it in a new one."""
    with no_js_page(MOBILE) as pg:
        old_page(pg, ex)
        goto(pg, base + "/")
        assert not pg.is_visible(".font-size")
    with no_js_page(MOBILE) as pg:
        goto(pg, base + "/")
        pg.click("label[for=fs-xl]")
        assert font_size(pg) == SIZES["xl"]
    with page(MOBILE) as pg:
        old_page(pg, ex)
        goto(pg, base + "/")
        pg.click("label[for=fs-l]")
        assert font_size(pg) == SIZES["l"]


def ring(pg, size: str) -> str:
    """The outline a text size's label wears (its radio, hidden, has the focus)."""
    return pg.eval_on_selector(f"label[for=fs-{size}]", "l => { const s = getComputedStyle(l);"
                                                        " return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`; }")


def test_the_text_sizes_show_the_keyboards_focus_in_an_old_engine(ex, base):
    """The ring was drawn on :focus-visible alone: Chrome before 86 and the old WebViews
    showed no focus at all on the text sizes (WCAG 2.4.7)."""
    with page(MOBILE) as pg:
        old_page(pg, ex)
        goto(pg, base + "/")
        for _ in range(5):  # the skip link, then the sizes (one stop for the group)
            pg.keyboard.press("Tab")
            if pg.evaluate("document.activeElement.id") == "fs-m":
                break
        assert pg.evaluate("document.activeElement.id") == "fs-m"
        assert ring(pg, "m") == "solid 3px rgb(255, 255, 255)"
        pg.keyboard.press("ArrowRight")
        assert ring(pg, "l") == "solid 3px rgb(255, 255, 255)" and ring(pg, "m").startswith("none")


def test_a_tapped_text_size_wears_no_ring_where_focus_visible_is_known(ex, base):
    """The fallback for the old engines leaves a new one as it was: a ring for the keyboard's
    focus, none for a tap."""
    with page(MOBILE) as pg:
        goto(pg, base + "/")
        pg.click("label[for=fs-l]")
        assert pg.evaluate("document.activeElement.id") == "fs-l"
        assert ring(pg, "l").startswith("none")
        pg.keyboard.press("ArrowRight")
        assert pg.evaluate("document.activeElement.id") == "fs-xl"
        assert ring(pg, "xl") == "solid 3px rgb(255, 255, 255)"


def test_the_pager_and_the_search_box_stand_apart_in_an_old_engine(ex, searchable):
    with page(MOBILE) as pg:
        old_page(pg, ex)
        goto(pg, searchable + "/notices/")  # two notices a page: three pages
        for selector in (".page-numbers", ".pager"):
            gaps = pg.evaluate(APART, selector)
            assert gaps and min(gaps) >= 4, (selector, gaps)
        goto(pg, searchable + "/search/")
        pg.wait_for_selector("#search", state="visible")
        gaps = pg.evaluate(APART, ".search-row")
        assert gaps and min(gaps) >= 4, gaps


def test_the_modern_layout_is_unchanged_by_the_fallbacks(ex, base):
    """The fallbacks apply only where the feature is missing: here the gaps are the gaps."""
    with no_js_page(MOBILE) as pg:
        goto(pg, base + "/")
        assert padding(pg, "main")[3] == 15  # min(1rem, 4vw) at 375 px
        assert pg.eval_on_selector(".menu li", "li => getComputedStyle(li).marginRight") == "0px"
        assert pg.eval_on_selector(".font-size label", "l => getComputedStyle(l).marginLeft") == "0px"


# What Chrome 69-85 / iOS 12-13 lack that search.js used: it threw on every query (or, for
# ??, did not load). Deleted before the page's scripts run.
OLD_JS = """
delete String.prototype.matchAll; delete Element.prototype.replaceChildren;
delete Document.prototype.replaceChildren; delete DocumentFragment.prototype.replaceChildren;
delete Array.prototype.at; delete String.prototype.at; delete String.prototype.replaceAll;
"""




@pytest.mark.parametrize("query, found", [("储水", ["/test/notices/2026-11-18-water/"]),
                                          ("管道维修停水", ["/test/notices/2026-11-18-water/"]),
                                          ("我想问一下停水的事情", ["/test/notices/2026-11-18-water/"]),
                                          ("停水范围", ["/test/notices/2026-11-18-water/"]),
                                          ("十二月六号", ["/test/notices/2026-11-08-lift/"]),
                                          ("12/6", ["/test/notices/2026-11-08-lift/"]),
                                          ("5号楼", ["/test/notices/2026-11-08-lift/"]),
                                          ("火星", []),
                                          ("明天有什么活动", ["/test/activities/2026-12-01-walk/"])])
def test_search_works_in_an_old_engine(searchable, query, found):
    with page(MOBILE) as pg:
        pg.add_init_script(OLD_JS)
        pg.clock.set_fixed_time("2026-11-30T12:00:00")  # the walk is tomorrow
        problems = watch_errors(pg)
        assert search(pg, searchable, query) == found
        assert pg.text_content("#search-status")
        assert not problems, problems


@pytest.fixture(scope="module")
def worded(tmp_path_factory):
    """test_browser.py's site of words residents say otherwise, served under /test/."""
    with served_site(tmp_path_factory, "old-words", WORDS, "search: {synonyms: {跳舞: [广场舞]}}\n") as url:
        yield url


@pytest.mark.parametrize("query, found", [("骗子", ["/test/notices/2026-11-02-liar/", "/test/notices/2026-11-16-fraud/"]),
                                          ("跳舞", ["/test/notices/2026-11-12-dance/"]),
                                          ("明天有什么活动", ["/test/activities/2026-11-26-talk/",
                                                              "/test/activities/2026-11-26-film/"]),
                                          ("12月6日的讲座", ["/test/activities/2026-12-06-party/",
                                                             "/test/activities/2026-11-26-talk/"])])
def test_synonyms_cancelled_activities_and_dates_work_in_an_old_engine(worded, query, found):
    with page(MOBILE) as pg:
        pg.add_init_script(OLD_JS)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        problems = watch_errors(pg)
        assert search(pg, worded, query) == found
        assert not problems, problems


@pytest.fixture(scope="module")
def ranges(tmp_path_factory):
    """test_browser.py's site of ranges of buildings and activities at them, served under /test/."""
    with served_site(tmp_path_factory, "old-ranges", RANGES) as url:
        yield url


@pytest.mark.parametrize("query, found", [("32号楼", ["/test/notices/2026-11-13-heat/"]),
                                          ("7单元", ["/test/notices/2026-11-11-door/"]),
                                          ("9单元", []),
                                          ("9单元门禁", ["/test/notices/2026-11-11-door/"]),
                                          ("明天3栋", ["/test/activities/2026-11-26-clean/"]),
                                          ("周末5栋", ["/test/activities/2026-11-28-clinic/"])])
def test_building_ranges_and_days_work_in_an_old_engine(ranges, query, found):
    with page(MOBILE) as pg:
        pg.add_init_script(OLD_JS)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        problems = watch_errors(pg)
        assert search(pg, ranges, query) == found
        assert pg.text_content("#search-status")
        assert not problems, problems


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """test_browser.py's site of an activity of another day than asked and ranges typed with ——."""
    with served_site(tmp_path_factory, "old-elsewhere", ELSEWHERE) as url:
        yield url


@pytest.mark.parametrize("query, found, status", [
    ("后天5号楼", ["/test/activities/2026-11-28-clinic/"], "后天（11月27日）没有相关活动；以下结果不限日期，请看清日期：找到 1 条结果"),
    ("62栋", ["/test/notices/2026-11-14-paint/"], "找到 1 条结果"),
    ("72号楼", ["/test/notices/2026-11-15-meter/"], "找到 1 条结果"),
])
def test_other_days_results_and_ranges_typed_with_a_double_dash_work_in_an_old_engine(elsewhere, query, found, status):
    with page(MOBILE) as pg:
        pg.add_init_script(OLD_JS)
        pg.clock.set_fixed_time("2026-11-25T12:00:00")
        problems = watch_errors(pg)
        assert search(pg, elsewhere, query) == found
        assert pg.text_content("#search-status") == status
        assert not problems, problems


def test_search_js_uses_no_syntax_newer_than_the_old_engines():
    """A syntax error kills the whole module in an old engine (Chrome before 80 and iOS before
    13.4 have no ??, nor ?.): the search is gone there. The methods are played above."""
    code = (THEME / "search.js").read_text(encoding="utf-8")
    code = re.sub(r"^\s*//.*$|\s//.*$", "", code, flags=re.M)  # comments, which may say anything
    newer = {"??": r"\?\?", "?.": r"\?\.(?!\d)", "**=": r"\*\*=", "||= / &&=": r"(\|\||&&)=",
             "class fields": r"^\s*#\w+\s*[=;]|static\s*\{", "numeric separators": r"\d_\d"}
    used = [name for name, pattern in newer.items() if re.search(pattern, code, flags=re.M)]
    assert not used, used


def test_an_engine_that_cannot_run_the_search_keeps_the_links_instead(searchable):
    """A browser whose search.js stops half way (here: no TextDecoder, as in old engines that
    have modules but not it) showed the form, which then did nothing; the links to the notices
    and the sections stay, as with JavaScript off."""
    with page(MOBILE) as pg:
        pg.add_init_script("delete window.TextDecoder;")
        goto(pg, searchable + "/search/")
        pg.wait_for_load_state("networkidle")
        assert pg.is_visible("#search-fallback") and not pg.is_visible("#search")
    with no_js_page(MOBILE) as pg:
        goto(pg, searchable + "/search/")
        assert pg.is_visible("#search-fallback") and not pg.is_visible("#search")
        assert pg.eval_on_selector_all("#search-fallback a", "a => a.length") >= 5
