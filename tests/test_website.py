"""The website for residents, read from the built example: what each page shows, how it
is linked, its weight, its meta data; plus small sites for languages and images."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import yaml
from PIL import Image

from generator import search
from generator.build import build, check
from conftest import MINIMAL_SITE_YAML
from generator.stats import number_text, unit_suffix
from htmltree import parse
from website_build import SITE_ROOT, TODAY, visible_text

THEME = Path(__file__).resolve().parent.parent / "themes" / "default"
BUDGET = 30 * 1024  # a notice page, HTML + CSS


def pages(ex) -> list[Path]:
    """The website's pages (posters/ holds the HTML that posters are printed from)."""
    return sorted(p for p in ex.out.rglob("*.html") if p.relative_to(ex.out).parts[0] != "posters")


def url_of(ex, path: Path) -> str:
    relative = path.relative_to(ex.out).as_posix()
    return "/" + relative.removesuffix("index.html")


def stylesheet(ex, html: str) -> Path:
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    return ex.out / href.removeprefix(ex.prefix)


# ---------------------------------------------------------------- every page


def test_every_page_has_title_canonical_and_sharing_meta(ex):
    base = ex.site.config.base_url
    for path in pages(ex):
        html = path.read_text(encoding="utf-8")
        doc = parse(html)
        url = url_of(ex, path)
        title = doc.find("title").text
        assert title.strip(), path
        canonical = doc.find("link", rel="canonical")
        if url == "/404.html":  # served for every missing address: see the 404 test
            assert canonical is None
        else:
            assert canonical.attrs["href"] == base + url.lstrip("/"), path
        for name in ("og:title", "og:description", "og:url", "og:image"):
            assert doc.find("meta", property=name).attrs["content"].strip(), (path, name)
        assert doc.find("meta", property="og:image").attrs["content"].startswith(base)
        description = [m for m in doc.iter("meta") if m.attrs.get("name") == "description"]
        assert len(description) == 1 and description[0].attrs["content"].strip(), path


def test_every_page_has_skip_link_landmarks_one_h1_and_breadcrumbs(ex):
    for path in pages(ex):
        url = url_of(ex, path)
        doc = parse(ex.html(url))
        skip = doc.find("a", class_="skip-link")
        assert skip is not None and skip.attrs["href"] == "#main", url
        assert doc.find("main", id="main") is not None, url
        for landmark in ("header", "footer"):
            assert doc.find(landmark) is not None, (url, landmark)
        assert len(list(doc.iter("h1"))) == 1, url
        crumbs = doc.find("nav", class_="crumbs")
        if url == "/":
            assert crumbs is None
        else:
            assert crumbs is not None, url
            items = list(crumbs.iter("li"))
            assert items[0].find("a").attrs["href"] == ex.prefix
            assert items[-1].find("span").attrs["aria-current"] == "page"


def test_no_request_ever_leaves_the_site(ex):
    """No CDN, web font or analytics: every src/href the browser loads by itself is local."""
    loaded = re.compile(r'<(?:script|img|link|iframe|source)\b[^>]*?\s(?:src|href|srcset)="([^"]+)"')
    for path in pages(ex):
        html = path.read_text(encoding="utf-8")
        for target in loaded.findall(html):
            if 'rel="canonical"' in target or target.startswith(ex.site.config.base_url):
                continue
            assert not re.match(r"^(https?:)?//", target), (path, target)
    css = "".join(p.read_text(encoding="utf-8") for p in (ex.out / "static").glob("*.css"))
    assert "@import" not in css and "@font-face" not in css and not re.search(r"url\((['\"])?(https?:)?//", css)


def test_css_is_fingerprinted_and_includes_print_and_font_size_rules(ex):
    html = ex.html("/")
    css_path = stylesheet(ex, html)
    data = css_path.read_bytes()
    stem, digest, suffix = css_path.name.split(".")
    assert (stem, suffix) == ("site", "css")
    assert digest == hashlib.blake2b(data, digest_size=5).hexdigest()
    assert not (ex.out / "static" / "site.css").exists()
    css = data.decode()
    assert "@media print" in css
    for size in ("l", "xl"):
        assert f"html.fs-{size}{{" in css and f"html:has(#fs-{size}:checked){{" in css


def test_css_and_js_are_published_without_their_comments_and_spaces(ex):
    """The theme's files explain themselves to the next theme author in comments, 40 % of
    site.css and half of search.js; a resident's phone downloaded them with every change."""
    theme = Path(__file__).resolve().parents[1] / "themes/default/static"
    for name, pattern in (("site.css", "site.*.css"), ("search.js", "search.*.js")):
        source = (theme / name).read_text(encoding="utf-8")
        [published] = (ex.out / "static").glob(pattern)
        text = published.read_text(encoding="utf-8")
        first_comment = re.search(r"(?://|/\*)(.+)", source).group(1)  # each file opens with one
        assert first_comment not in text and "\n  " not in text, name
        assert len(text.encode()) < 0.6 * len(source.encode()), name


def test_base_text_is_at_least_18px_with_cjk_line_height(ex):
    css = stylesheet(ex, ex.html("/")).read_text(encoding="utf-8")
    root = re.search(r"(?:^|[};])html ?\{ ?font-size: ?([\d.]+)%", css, re.M)
    assert float(root.group(1)) * 16 / 100 >= 18
    body = re.search(r"(?:^|[};])body ?\{[^}]*line-height: ?([\d.]+)", css, re.M)
    assert 1.7 <= float(body.group(1)) <= 1.9
    assert '"PingFang SC"' in css and '"Noto Sans CJK SC"' in css


def test_font_size_switch_has_three_choices_on_every_page(ex):
    labels = {"m": "标准", "l": "大", "xl": "特大"}
    for path in pages(ex):
        doc = parse(path.read_text(encoding="utf-8"))
        switch = doc.find("fieldset", class_="font-size")
        radios = [i for i in switch.iter("input") if i.attrs.get("type") == "radio"]
        assert [r.attrs["value"] for r in radios] == ["m", "l", "xl"], path
        assert "checked" in radios[0].attrs
        for radio in radios:
            label = switch.find("label", **{"for": radio.attrs["id"]})
            assert label.text == labels[radio.attrs["value"]]


def test_a_notice_page_weighs_at_most_30_kb_with_its_css(ex):
    heaviest = max((ex.file(n.url) for n in ex.site.notices), key=lambda p: p.stat().st_size)
    html = heaviest.read_text(encoding="utf-8")
    total = heaviest.stat().st_size + stylesheet(ex, html).stat().st_size
    assert total <= BUDGET, f"{heaviest}: {total} bytes"


# ---------------------------------------------------------------- sitemap, robots, 404


def test_sitemap_lists_every_page_and_nothing_else(ex):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(ex.out / "sitemap.xml").getroot()
    listed = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    base = ex.site.config.base_url
    expected = {base + url_of(ex, p).lstrip("/") for p in ex.out.rglob("index.html")}
    assert listed == expected


def test_robots_txt_points_at_the_sitemap(ex):
    robots = (ex.out / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {ex.site.config.base_url}sitemap.xml" in robots


def test_a_phone_adds_the_board_to_its_home_screen_with_its_name_and_a_square_icon(ex):
    head = parse(ex.html("/notices/")).find("head")
    links = {link.attrs["rel"]: link.attrs["href"] for link in head.iter("link")}
    assert links["manifest"] == ex.prefix + "manifest.webmanifest"
    manifest = json.loads((ex.out / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == manifest["short_name"] == ex.site.config.title
    assert manifest["start_url"] == manifest["scope"] == ex.prefix
    assert manifest["display"] == "browser"  # an ordinary tab: the back button stays
    icons = [*manifest["icons"], {"src": links["apple-touch-icon"], "sizes": "180x180"}]
    assert {icon["sizes"] for icon in icons} == {"180x180", "512x512"}
    for icon in icons:
        with Image.open(ex.out / icon["src"].removeprefix(ex.prefix)) as picture:
            assert f"{picture.width}x{picture.height}" == icon["sizes"]
            # iOS and Android cut their own shape from a square and paint transparency black
            assert picture.mode == "RGB" and picture.getpixel((0, 0)) == (11, 79, 156)


def test_404_page_offers_the_way_home_and_search(ex):
    doc = parse(ex.html("/404.html"))
    hrefs = {a.attrs["href"] for a in doc.find("main").iter("a")}
    assert {ex.prefix, ex.prefix + "search/", ex.prefix + "notices/"} <= hrefs
    # Served for any missing address: not a page of the site for search engines to list.
    robots = [m.attrs["content"] for m in doc.iter("meta") if m.attrs.get("name") == "robots"]
    assert robots == ["noindex"]
    assert not [link for link in doc.iter("link") if link.attrs.get("rel") == "canonical"]


# ---------------------------------------------------------------- home


def test_home_shows_urgent_and_pinned_first_then_this_weeks_activities(ex):
    site = ex.site
    doc = parse(ex.html("/"))
    sections = [s for s in doc.find("main").iter("section")]
    important = [n for n in site.listed_notices if n.urgent or n.pinned]
    if important:
        first = sections[0]
        links = [a.attrs["href"] for a in first.iter("a")]
        assert links == [ex.prefix + n.url.lstrip("/") for n in important]
    week = next(s for s in sections if s.find("h2", id="h-week"))
    week_links = {a.attrs["href"] for a in week.iter("a")}
    days = 14 - TODAY.weekday()
    soon = [a for a in site.upcoming if (a.start.date() - TODAY).days < days]
    assert soon, "the example should have activities in the next days"
    assert {ex.prefix + a.url.lstrip("/") for a in soon} <= week_links


def test_home_has_service_entries_latest_figures_and_contacts(ex):
    site = ex.site
    doc = parse(ex.html("/"))
    main = doc.find("main")
    hrefs = {a.attrs["href"] for a in main.iter("a")}
    for category in site.service_categories:
        assert f"{ex.prefix}services/#{category.slug}" in hrefs
    latest = site.stats[-1]
    figures = main.find("ul", class_="figures").text
    for metric in site.config.metrics:
        if metric.id in latest.figures:
            # written as on the statistics pages (2980, not 2,980 here and 2980 there; 98.2%)
            assert f"{number_text(latest.figures[metric.id])}{unit_suffix(metric)}" in figures and metric.label in figures
    # The figures are last month's (staff write a month's after it ends): the link said
    # 查看本月报告, "this month's report", in November for October, in January for December.
    report = [a.text.strip() for a in main.iter("a") if a.attrs["href"] == ex.prefix + latest.url.lstrip("/")]
    assert report == [f"查看{latest.month.year}年{latest.month.month}月的完整报告"]
    community = site.config.community
    contact = main.find("section", class_="contact-card")
    assert community.hours in contact.text and community.address in contact.text
    tel = contact.find("a", class_="tel")
    assert tel.attrs["href"] == "tel:" + re.sub(r"[^\d+]", "", community.phone)


# ---------------------------------------------------------------- long lists


def _three_years(make_site, tmp_path, extra: dict[str, str] | None = None) -> Path:
    """A site of 24 notices, one a month from 2025-01, two to a page: 12 pages of notices."""
    files = {"site.yaml": MINIMAL_SITE_YAML + "per_page: 2\n"}
    for n in range(24):
        day = dt.date(2025 + n // 12, n % 12 + 1, 10)
        files[f"content/notices/{day}-n{n:02d}.md"] = f"---\ntitle: 通知{n:02d}\ndate: {day}\ntags: [停水]\n---\n正文。\n"
    files.update(extra or {})
    return make_site(tmp_path, files)


def test_a_long_list_links_the_first_and_last_pages_and_those_around_this_one(make_site, tmp_path):
    """Three years of notices are a dozen pages and more: with only 上一页/下一页, the oldest
    page was 11 taps away on a phone. The pager links page 1, the last page and this one's
    neighbours, "…" between, as Hugo's and WordPress's do; this page is marked aria-current."""
    root = _three_years(make_site, tmp_path)
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    for page, listed in (("notices/page/6/", ["1", "…", "5", "6", "7", "…", "12"]),
                         ("notices/", ["1", "2", "…", "12"]),
                         ("notices/page/12/", ["1", "…", "11", "12"]),
                         ("tags/ting-shui/page/2/", ["1", "2", "3", "…", "12"])):
        nav = parse((out / page / "index.html").read_text(encoding="utf-8")).find("nav", class_="pager")
        numbers = nav.find("ol", class_="page-numbers")
        assert numbers is not None, page
        assert [li.text.strip() for li in numbers.iter("li")] == listed, page
        current = [a for a in numbers.iter("a") if a.attrs.get("aria-current") == "page"]
        assert len(current) == 1 and current[0].attrs["href"] == "/test/" + page
        assert numbers.find("a", href="/test/notices/page/12/" if page.startswith("notices") else "/test/tags/ting-shui/page/12/")
        assert all(a.attrs["aria-label"].startswith("第 ") for a in numbers.iter("a"))


def test_a_later_page_of_a_list_says_its_number_in_words_in_its_title(make_site, tmp_path):
    """The title is what a screen reader says first on a new page: after 下一页 it said
    "通知公告 (2)", a bare 2 that reads as part of the name, and the heading is the same as page
    1's. It says 通知公告（第 2 页）, in the title and the last breadcrumb; page 1 is unchanged."""
    past = {f"content/activities/2026-10-{day:02d}-a{day}.md": f"---\ntitle: 活动{day}\nstart: 2026-10-{day:02d} 09:00\n---\n"
            for day in (1, 2, 3)}
    root = _three_years(make_site, tmp_path, past)
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    for page, name in (("notices/", "通知公告"), ("notices/page/2/", "通知公告（第 2 页）"),
                       ("notices/page/12/", "通知公告（第 12 页）"), ("tags/ting-shui/page/3/", "停水（第 3 页）"),
                       ("activities/past/page/2/", "往期活动（第 2 页）")):
        tree = parse((out / page / "index.html").read_text(encoding="utf-8"))
        assert tree.find("title").text == f"{name} - 测试社区公告栏", page
        crumbs = tree.find("nav", class_="crumbs")
        assert [span.text for span in crumbs.iter("span") if span.attrs.get("aria-current") == "page"] == [name], page


def test_a_tag_page_says_what_each_item_is_and_when_and_which_notices_expired(make_site, tmp_path):
    """A resident looking for last year's notice on the same thing opens the tag: each item
    says whether it is a notice or an activity and its date, and an expired notice is there,
    marked 已过期 (its page is kept, DESIGN.md), not a bare title among 20."""
    root = make_site(tmp_path, {
        "content/notices/2025-11-20-water.md": "---\ntitle: 去年停水\ndate: 2025-11-20\nexpires: 2025-11-25\ntags: [停水]\n---\n停水。\n",
        "content/notices/2026-11-20-water.md": "---\ntitle: 今年停水\ndate: 2026-11-20\ntags: [停水]\n---\n停水。\n",
        "content/activities/2026-03-01-talk.md": "---\ntitle: 节水讲座\nstart: 2026-03-01 09:30\ntags: [停水]\n---\n讲座。\n",
    })
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    cards = [" ".join(card.text.split()) for card in
             parse((out / "tags/ting-shui/index.html").read_text(encoding="utf-8")).iter("li", class_="card")]
    assert cards == ["今年停水通知公告 · 2026年11月20日",
                     "节水讲座社区活动 · 2026年3月1日 星期日 9:30",
                     "去年停水通知公告 · 2025年11月20日 · 已过期"]


# ---------------------------------------------------------------- notices by year


def _years_site(make_site, tmp_path, extra: dict[str, str] | None = None) -> Path:
    """Notices over three years: one expired, one urgent, one pinned, one draft."""
    files = {
        "content/notices/2024-06-01-old.md": "---\ntitle: 前年消防演练\ndate: 2024-06-01\n---\n演练。\n",
        "content/notices/2025-03-08-march.md": "---\ntitle: 去年三月停水\ndate: 2025-03-08\nexpires: 2025-03-10\n---\n停水。\n",
        "content/notices/2025-03-20-march2.md": "---\ntitle: 去年三月义诊\ndate: 2025-03-20\n---\n义诊。\n",
        "content/notices/2025-11-02-nov.md": "---\ntitle: 去年十一月通知\ndate: 2025-11-02\n---\n通知。\n",
        "content/notices/2025-12-01-draft.md": "---\ntitle: 没发布的草稿\ndate: 2025-12-01\ndraft: true\n---\n草稿。\n",
        "content/notices/2026-11-20-water.md": "---\ntitle: 今年停水\ndate: 2026-11-20\nurgent: true\n---\n停水。\n",
        "content/notices/2026-10-01-pin.md": "---\ntitle: 今年置顶\ndate: 2026-10-01\npinned: true\n---\n置顶。\n",
    }
    files.update(extra or {})
    return make_site(tmp_path, files)


def _main_of(out: Path, page: str):
    return parse((out / page / "index.html").read_text(encoding="utf-8")).find("main")


def test_the_archive_lists_the_years_newest_first_with_their_counts(make_site, tmp_path):
    """Expired notices leave the lists and keep their pages: /notices/archive/ lists the years
    that have notices, newest first, each with how many (drafts never), linking to its page."""
    root = _years_site(make_site, tmp_path)
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    main = _main_of(out, "notices/archive")
    years = [(a.attrs["href"], " ".join(a.text.split())) for a in main.find("ul", class_="tiles").iter("a")]
    assert years == [("/test/notices/2026/", "2026年的通知 2 条"), ("/test/notices/2025/", "2025年的通知 3 条"),
                     ("/test/notices/2024/", "2024年的通知 1 条")]


def test_a_year_lists_each_notice_under_its_month_expired_marked_drafts_absent(make_site, tmp_path):
    """A year's page: its months newest first, each notice a line (badges, title, date) under
    its month, newest first; an expired one there and marked 已过期 (not urgent any more); no draft."""
    root = _years_site(make_site, tmp_path)
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    main = _main_of(out, "notices/2025")
    assert main.find("h1").text == "2025年的通知"
    sections = []
    for element in main.iter():
        if element.tag == "h2":
            sections.append((element.attrs["id"], element.text, []))
        elif element.tag == "ul" and "archive" in element.attrs.get("class", ""):
            sections[-1][2].extend((li.find("a").attrs["href"], " ".join(li.text.split())) for li in element.iter("li"))
    assert sections == [
        ("m11", "2025年11月", [("/test/notices/2025-11-02-nov/", "去年十一月通知 2025年11月2日")]),
        ("m3", "2025年3月", [("/test/notices/2025-03-20-march2/", "去年三月义诊 2025年3月20日"),
                            ("/test/notices/2025-03-08-march/", "去年三月停水 2025年3月8日 · 已过期")]),
    ]
    jump = main.find("nav", class_="month-jump")
    assert [(a.attrs["href"], a.text) for a in jump.iter("a")] == [("#m11", "11月"), ("#m3", "3月")]
    assert "草稿" not in main.text and not (out / "notices/2025-12-01-draft").exists()
    # This year's: the urgent and pinned badges, as the notice list shows them.
    this_year = [" ".join(li.text.split()) for li in _main_of(out, "notices/2026").iter("li") if li.find("time")]
    assert this_year == ["紧急 今年停水 2026年11月20日", "置顶 今年置顶 2026年10月1日"]
    # Lists, not pages to search: the search reads none of them.
    for page in ("notices/archive", "notices/2025", "notices/2026"):
        assert search.extract((out / page / "index.html").read_bytes(), f"/{page}/") is None, page


def test_the_notice_list_its_pager_and_each_notice_link_to_the_years(make_site, tmp_path):
    """Residents find the years from the notice list (its top, and beside the pager on every
    page) and from a notice's breadcrumbs (通知公告 › 2025年); the sitemap lists the new pages."""
    root = _years_site(make_site, tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 2\n"})
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    first = _main_of(out, "notices")
    assert len(list(first.iter("a", href="/test/notices/archive/"))) == 2  # the top, and beside the pager
    pager_area = _main_of(out, "notices/page/2")
    assert pager_area.find("nav", class_="pager") is not None
    assert pager_area.find("a", href="/test/notices/archive/") is not None
    crumbs = parse((out / "notices/2025-03-08-march/index.html").read_text(encoding="utf-8")).find("nav", class_="crumbs")
    assert [(a.attrs["href"], a.text) for a in crumbs.iter("a")][1:] == [("/test/notices/", "通知公告"),
                                                                        ("/test/notices/2025/", "2025年")]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    for page in ("notices/archive/", "notices/2024/", "notices/2025/", "notices/2026/"):
        assert f"<loc>https://example.org/test/{page}</loc>" in sitemap


def test_a_year_of_a_thousand_notices_is_pages_of_at_most_150_kb(make_site, tmp_path):
    """The design's district (ten years of thirty communities) posts ~1,000 notices a year:
    a year goes on over pages of ARCHIVE_PER_PAGE, each under 150 KB with long titles and
    addresses; the month links at the top lead to the page each month begins on."""
    from generator.routes import ARCHIVE_PER_PAGE

    title = "关于锦江苑小区二期三号楼至七号楼临时停水停电的紧急通知"  # 27 characters
    files = {}
    for n in range(1000):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=n * 365 // 1000)
        files[f"content/notices/{day}-n{n:04d}.md"] = (
            f"---\ntitle: {title}{n}\ndate: {day}\nslug: {day}-guan-yu-jin-jiang-yuan-lin-shi-ting-shui-{n:04d}\n---\n正文。\n")
    root = make_site(tmp_path, files)
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    pages_of_year = sorted((out / "notices/2025").rglob("index.html"))
    assert len(pages_of_year) == -(-1000 // ARCHIVE_PER_PAGE) > 1
    listed = []
    for page in pages_of_year:
        assert page.stat().st_size <= 150 * 1024, f"{page}: {page.stat().st_size} bytes"
        listed += [li for ul in parse(page.read_text(encoding="utf-8")).find("main").iter("ul", class_="archive")
                   for li in ul.iter("li")]
    assert len(listed) == 1000
    first = parse((out / "notices/2025/index.html").read_text(encoding="utf-8"))
    jump = {a.text: a.attrs["href"] for a in first.find("nav", class_="month-jump").iter("a")}
    assert list(jump)[0] == "12月" and list(jump)[-1] == "1月" and len(jump) == 12
    assert jump["12月"] == "#m12" and jump["1月"] == f"/test/notices/2025/page/{len(pages_of_year)}/#m1"


# ---------------------------------------------------------------- activities


def test_activity_page_shows_time_place_audience_signup_team_and_calendar_link(ex):
    # Not a cancelled one: its page shows no way to sign up and no calendar link.
    activity = next(a for a in ex.site.upcoming if a.team and a.location and a.signup and not a.cancelled)
    doc = parse(ex.html(activity.url))
    facts = doc.find("dl", class_="facts").text
    assert f"{activity.start.month}月{activity.start.day}日" in facts
    if not activity.all_day:
        assert f"{activity.start.hour}:{activity.start.minute:02d}" in facts
    for value in (activity.location, activity.signup, *activity.audience):
        assert value in facts
    assert doc.find("a", href=ex.prefix + activity.team.url.lstrip("/")) is not None
    for number in re.findall(r"0\d{2,3}-\d{7,8}", activity.signup):  # tap to call
        assert doc.find("a", href="tel:" + number.replace("-", "")) is not None
    ics = doc.find("a", class_="button", href=f"{ex.prefix}{activity.url.lstrip('/')}event.ics")
    assert ics is not None and ex.file(activity.url + "event.ics").is_file()


def test_activity_lists_split_upcoming_and_past(ex):
    upcoming = ex.html("/activities/")
    for activity in ex.site.upcoming:
        assert activity.url in upcoming
    past = "".join(p.read_text(encoding="utf-8") for p in (ex.out / "activities" / "past").rglob("index.html"))
    for activity in ex.site.past:
        assert activity.url in past and activity.url not in upcoming


def test_calendar_month_is_a_grid_with_activities_on_their_days_and_month_links(ex):
    site = ex.site
    months = sorted({(a.start.year, a.start.month) for a in site.activities})
    for year, month in months:
        url = f"/activities/calendar/{year}-{month:02d}/"
        doc = parse(ex.html(url))
        table = doc.find("table", class_="calendar")
        assert len(list(table.find("thead").iter("th"))) == 7
        cells = {}
        for td in table.find("tbody").iter("td"):
            day = td.find(class_="day")
            if day is not None:
                cells[int(re.match(r"\d+", day.text).group())] = td
        for activity in site.activities:
            if (activity.start.year, activity.start.month) == (year, month):
                cell = cells[activity.start.day]
                assert cell.find("a", href=ex.prefix + activity.url.lstrip("/")) is not None, (url, activity.url)
        nav = doc.find("nav", class_="month-nav")
        for link in nav.iter("a"):
            assert ex.file(link.attrs["href"].removeprefix(ex.prefix.rstrip("/"))).is_file()
        index = months.index((year, month))
        assert (nav.find("a", rel="prev") is not None) == (index > 0 or (year, month) > (TODAY.year, TODAY.month))


def _days_marked(out: Path, month: str, url: str) -> tuple[list[int], list[str]]:
    """The days of a month's calendar whose cell links ``url``, and the ids of the sections of
    the list below the table that show it ("d29" for a day, "continuing" at the top). Every
    marked cell links to a section showing it."""
    doc = parse((out / f"activities/calendar/{month}/index.html").read_text(encoding="utf-8"))
    sections = {section.attrs["id"]: section for section in doc.iter("section", class_="day-list")}
    listed = [id for id, section in sections.items() if section.find("a", href="/test" + url) is not None]
    cells = []
    for td in doc.find("table", class_="calendar").find("tbody").iter("td"):
        if td.find(class_="day") is not None and td.find("a", href="/test" + url) is not None:
            cells.append(int(re.match(r"\d+", td.find(class_="day").text).group()))
            target = td.find("a", class_="day").attrs["href"].removeprefix("#")
            assert target in sections, (month, cells[-1], target)
            assert target in listed or target == f"d{cells[-1]}", (month, cells[-1], target)
    return cells, listed


def test_an_activity_of_several_days_is_marked_on_each_day_and_listed_once_a_month(make_site, tmp_path):
    """A repair day from 29 November to 10 December is in December's calendar too (it was
    only on November's, on the 29th), and one ending on a date alone runs into the next year.
    The table marks every day they run; the list below shows each once a month (it showed
    them on every day they run, a card a day), under its first day, or at the top of a month
    it continues into."""
    root = make_site(tmp_path, {
        "content/activities/2026-11-29-repair.md": "---\ntitle: 便民维修日\nstart: 2026-11-29 09:00\nend: 2026-12-10 17:00\n---\n修家电。\n",
        "content/activities/2026-12-30-show.md": "---\ntitle: 书画展\nstart: 2026-12-30 09:00\nend: 2027-01-02\n---\n展览。\n",
    })
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    repair, show = "/activities/2026-11-29-repair/", "/activities/2026-12-30-show/"
    assert _days_marked(out, "2026-11", repair) == ([29, 30], ["d29"])
    assert _days_marked(out, "2026-12", repair) == (list(range(1, 11)), ["continuing"])
    assert _days_marked(out, "2026-12", show) == ([30, 31], ["d30"])
    assert _days_marked(out, "2027-01", show) == ([1, 2], ["continuing"])
    months = parse((out / "activities/calendar/index.html").read_text(encoding="utf-8"))
    assert months.find("a", href="/test/activities/calendar/2027-01/") is not None


def _cards(html: str, url: str) -> list[str]:
    """The text of each card of a page that links ``url``."""
    return [card.text for card in parse(html).iter("li", class_="card") if card.find("a", href="/test" + url) is not None]


def test_a_month_long_activity_is_one_card_with_its_range_on_every_list(make_site, tmp_path):
    """A month-long exhibition was a card on each of its 31 days of December's calendar page.
    It is one card, under 1 December, saying when it ends; a day inside it with an activity
    of its own lists that one; one continuing into January is at the top of January's page,
    marked so, with its times; the home page and the activity list show each once."""
    root = make_site(tmp_path, {
        "content/activities/2026-12-01-show.md": "---\ntitle: 迎新年书画展\nstart: 2026-12-01\nend: 2026-12-31\n---\n展览。\n",
        "content/activities/2026-12-15-clinic.md": "---\ntitle: 义诊\nstart: 2026-12-15 09:30\nend: 11:30\n---\n量血压。\n",
        "content/activities/2026-12-28-camp.md": "---\ntitle: 冬令营\nstart: 2026-12-28 18:00\nend: 2027-01-03 12:00\n---\n孩子们。\n",
    })
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 12, 5), cache_dir=tmp_path / "cache", posters=False)
    show, clinic, camp = "/activities/2026-12-01-show/", "/activities/2026-12-15-clinic/", "/activities/2026-12-28-camp/"
    december = (out / "activities/calendar/2026-12/index.html").read_text(encoding="utf-8")
    cards = _cards(december, show)
    assert len(cards) == 1 and "2026年12月1日 星期二 至 2026年12月31日" in cards[0]
    assert _days_marked(out, "2026-12", show) == (list(range(1, 32)), ["d1"])
    assert _days_marked(out, "2026-12", clinic) == ([15], ["d15"])
    headings = [h.text for h in parse(december).iter("h2") if h.attrs.get("id", "").startswith("h-")]
    assert headings == ["2026年12月1日 星期二", "2026年12月15日 星期二", "2026年12月28日 星期一"]
    january = (out / "activities/calendar/2027-01/index.html").read_text(encoding="utf-8")
    cards = _cards(january, camp)
    assert len(cards) == 1 and "2026年12月28日 星期一 18:00 至 2027年1月3日 12:00" in cards[0]
    first = next(parse(january).iter("section", class_="day-list"))
    assert first.attrs["id"] == "continuing" and first.find("h2").text == "本月之前开始、仍在进行的活动"
    assert _days_marked(out, "2027-01", camp) == ([1, 2, 3], ["continuing"])
    home, upcoming = ((out / page).read_text(encoding="utf-8") for page in ("index.html", "activities/index.html"))
    assert len(_cards(home, show)) == 1  # this week's activities: the camp is later
    assert len(_cards(upcoming, show)) == 1 and len(_cards(upcoming, camp)) == 1


GALA, FAIR = "/activities/2026-12-31-gala/", "/activities/2026-12-30-fair/"


def _time_fact(out: Path, url: str, poster: bool = False) -> str:
    """The time an activity's page (or its poster's HTML) shows, spaces as a reader sees them
    (and without the poster's word joiners, which keep a day or a time on one line unseen)."""
    html = (out / ("posters" + url.rstrip("/") + ".html" if poster else url.lstrip("/") + "index.html")).read_text(encoding="utf-8")
    html = html.replace("\u2060", "")
    return " ".join(parse(html.replace("<br>", " ")).find("dl", class_="facts").find("dd" if poster else "time").text.split())


@pytest.mark.parametrize("end", ["2027-01-01 00:00", "24:00", "2026-12-31 24:00"])
def test_an_activity_ending_at_midnight_ends_the_day_before(make_site, tmp_path, end):
    """A New Year's Eve gala from 20:00 to midnight runs on 31 December only: it was marked
    on 1 January too (in a calendar page of its own), stayed "upcoming" all that day, the
    build announced its end a day late and its page said "20:00 至 1月1日 0:00". Its calendar
    entry ends at 1 January's 00:00, as DTEND (exclusive) should. ``end: 24:00`` (the way
    notices write it, 20:00-24:00) was an error; it is that same end."""
    root = make_site(tmp_path, {
        "content/activities/2026-12-31-gala.md": f"---\ntitle: 跨年晚会\nstart: 2026-12-31 20:00\nend: {end}\n---\n晚会。\n",
        "content/activities/2026-12-30-fair.md": "---\ntitle: 年货市集\nstart: 2026-12-30 18:00\nend: 2027-01-01 00:00\n---\n市集。\n",
    })
    out, cache = tmp_path / "out", tmp_path / "cache"
    report = build(root, out, today=dt.date(2026, 12, 31), cache_dir=cache)
    assert _days_marked(out, "2026-12", GALA) == ([31], ["d31"])
    assert _days_marked(out, "2026-12", FAIR) == ([30, 31], ["d30"])
    assert not (out / "activities/calendar/2027-01").exists()
    assert _time_fact(out, GALA) == "2026年12月31日 星期四 20:00–24:00"
    assert _time_fact(out, FAIR) == "2026年12月30日 星期三 18:00 至 2026年12月31日 24:00"
    assert _time_fact(out, GALA, poster=True) == "2026年12月31日 星期四 20:00–24:00"
    assert _time_fact(out, FAIR, poster=True) == "2026年12月30日 星期三 18:00 至 2026年12月31日 星期四 24:00"
    gala_page = (out / "activities/2026-12-31-gala/index.html").read_text(encoding="utf-8")
    assert "这个活动已经结束" not in gala_page and len(_cards((out / "activities/index.html").read_text(encoding="utf-8"), GALA)) == 1
    assert report.next_change == dt.date(2027, 1, 1) and report.next_change_reason[0].startswith("活动 “")
    shanghai = ZoneInfo("Asia/Shanghai")
    for ics in ("activities/2026-12-31-gala/event.ics", "calendar.ics"):
        (event,) = [e for e in icalendar.Calendar.from_ical((out / ics).read_bytes()).walk("VEVENT") if str(e["SUMMARY"]) == "跨年晚会"]
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
            dt.datetime(2026, 12, 31, 20, tzinfo=shanghai), dt.datetime(2027, 1, 1, tzinfo=shanghai))

    build(root, out, today=dt.date(2027, 1, 1), cache_dir=cache, posters=False)
    assert "这个活动已经结束" in (out / "activities/2026-12-31-gala/index.html").read_text(encoding="utf-8")
    assert _cards((out / "activities/index.html").read_text(encoding="utf-8"), GALA) == []


# ---------------------------------------------------------------- services and teams


def test_service_menu_shows_how_to_order_schedule_place_fee_provider_and_tel_link(ex):
    assert any(service.paused_on(TODAY) for service in ex.site.services)  # the example shows a paused one too
    doc = parse(ex.html("/services/"))
    for category in ex.site.service_categories:
        section = doc.find("section", id=category.slug)
        assert section is not None and category.title in section.find("h2").text
        for service in category.items:
            card = next(li for li in section.iter("li", class_="card") if li.find("a", href=ex.prefix + service.url.lstrip("/")))
            text = card.text
            # A paused service says so and why, and hides how to order it: nobody calls to order it.
            paused = service.paused_on(TODAY)
            if paused:
                assert "暂停服务" in text and service.paused in text and service.how_to_order not in text
            for value in (service.schedule, service.location, service.fee, *([] if paused else [service.how_to_order])):
                assert value in text
            if service.provider_team:
                assert card.find("a", href=ex.prefix + service.provider_team.url.lstrip("/")) is not None
            elif service.provider:
                assert service.provider in text
            if service.contact:
                assert card.find("a", class_="tel").attrs["href"] == "tel:" + re.sub(r"[^\d+]", "", service.contact)


def test_a_number_typed_with_full_width_digits_or_spaces_is_called_with_one_tap(make_site, tmp_path):
    """Staff type numbers as a Chinese input method gives them (０８３１-…) or grouped with
    spaces as they read them out (139 9001 2345): a dialer takes ASCII digits only (RFC 3966),
    and a number left unlinked cannot be called with one tap from a phone."""
    site = make_site(tmp_path, {
        "content/teams/red-caps.md": '---\nname: 红帽子队\ncontact: "13990012345"\n---\n',
        "content/services/errands.yaml": (
            "category: 便民代办\nitems:\n"
            "  - id: haircut\n    name: 老人理发\n    contact: ０８３１-２３４５６７８\n"
            "    how_to_order: 拨打 ０８３１-２３４５６７８ 或 139 9001 2345 预约，也可打 0831 2345679\n"
        ),
    })
    out = tmp_path / "out"
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    facts = _main_of(out, "services/haircut").find("dl", class_="facts")
    hrefs = [a.attrs["href"] for a in facts.iter("a")]
    assert hrefs == ["tel:08312345678", "tel:13990012345", "tel:08312345679", "tel:08312345678"], hrefs


FEES = "".join(f"  - id: {id}\n    name: {id}\n    fee: {fee}\n" for id, fee in (
    ("zero", "0"), ("five", "5"), ("half", "5.5"), ("quoted", '"5"'), ("words", "免费（基础包）"), ("each", "每次10元")))


def _fees(out: Path, ids: list[str], label: str) -> tuple[list[str], list[str]]:
    """Each service's fee as its page and the services list show it (the text after the label)."""
    def fee_in(facts) -> str:
        return next(div.find("dd").text for div in facts.iter("div") if div.find("dt").text.startswith(label))
    pages = [fee_in(_main_of(out, f"services/{id}").find("dl", class_="facts")) for id in ids]
    cards = list(_main_of(out, "services").iter("li", class_="card"))
    listed = [fee_in(card.find("dl", class_="facts")) for card in cards]
    return pages, listed


@pytest.mark.parametrize("language, label, shown", [
    ("zh-Hans", "费用", ["免费", "5 元", "5.5 元", "5 元", "免费（基础包）", "每次10元"]),
    ("zh-Hant", "費用", ["免費", "5 元", "5.5 元", "5 元", "免费（基础包）", "每次10元"]),
    ("en", "Fee", ["Free", "¥5", "¥5.5", "¥5", "免费（基础包）", "每次10元"]),
])
def test_a_fee_written_as_a_number_reads_as_free_or_an_amount(make_site, tmp_path, language, label, shown):
    """YAML reads ``fee: 0`` and ``fee: 5`` as numbers, and residents read a bare "0" or "5":
    free, or five what? A number is a fee in the site's language; a fee in words stays as written."""
    root = make_site(tmp_path, {
        "site.yaml": MINIMAL_SITE_YAML + f"language: {language}\n",
        "content/services/life.yaml": "category: 生活服务\nitems:\n" + FEES,
    })
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 11, 22), cache_dir=tmp_path / "cache", posters=False)
    ids = ["zero", "five", "half", "quoted", "words", "each"]
    assert _fees(out, ids, label) == (shown, shown)


def test_a_fee_follows_the_sites_language_when_the_parsed_content_comes_from_the_cache(make_site, tmp_path):
    """Parsed content is cached whatever the site's language: the fee is worded when the page
    is made, so a site switched to English says ¥5, not the 5 元 of the build before."""
    root = make_site(tmp_path, {"content/services/life.yaml": "category: 生活服务\nitems:\n" + FEES})
    cache = tmp_path / "cache"
    build(root, tmp_path / "zh", today=dt.date(2026, 11, 22), cache_dir=cache, posters=False)
    assert _fees(tmp_path / "zh", ["zero", "five"], "费用")[0] == ["免费", "5 元"]
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML + "language: en\n", encoding="utf-8")
    build(root, tmp_path / "en", today=dt.date(2026, 11, 22), cache_dir=cache, posters=False)
    assert _fees(tmp_path / "en", ["zero", "five"], "Fee")[0] == ["Free", "¥5"]


def test_a_category_without_an_order_comes_after_those_with_one(make_site, tmp_path):
    """A category file without ``order:`` went first on the menu (as order 0). It now comes
    after the ones that have one; each group by file name, on the menu and its contents alike."""
    def category(id: str, title: str, order: str = "") -> str:
        return f"category: {title}\n{order}items:\n  - {{id: {id}, name: {title}的服务}}\n"
    root = make_site(tmp_path, {
        "content/services/a-new.yaml": category("one", "新增类别甲"),
        "content/services/b-health.yaml": category("two", "健康服务", "order: 2\n"),
        "content/services/c-errands.yaml": category("three", "便民代办", "order: 1\n"),
        "content/services/d-law.yaml": category("four", "法律服务", "order: 2\n"),
        "content/services/0-later.yaml": category("five", "新增类别乙"),
    })
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 11, 22), posters=False)
    main = _main_of(out, "services")
    expected = ["便民代办", "健康服务", "法律服务", "新增类别乙", "新增类别甲"]
    assert [h2.text for h2 in main.iter("h2")] == expected
    assert [a.text for a in main.find("nav", class_="toc").iter("a")] == expected


def test_team_pages_list_upcoming_activities_and_services_but_never_members(ex):
    for team in ex.site.teams:
        doc = parse(ex.html(team.url))
        main = doc.find("main")
        for activity in team.activities:
            link = main.find("a", href=ex.prefix + activity.url.lstrip("/"))
            assert (link is not None) == (activity in ex.site.upcoming), activity.url
        for service in team.services:
            assert main.find("a", href=ex.prefix + service.url.lstrip("/")) is not None
    members = set()
    for path in (SITE_ROOT / "content" / "teams").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        members.update(str(m) for m in front.get("members") or [])
    leaders = " ".join(t.leader for t in ex.site.teams)  # a leader is public, and may be a member
    everything = "".join(visible_text(p.read_text(encoding="utf-8")) for p in pages(ex))
    everything += "".join(p.read_text(encoding="utf-8") for p in ex.out.rglob("*.ics"))
    everything += (ex.out / "feed.xml").read_text(encoding="utf-8")
    for name in (m for m in members if m not in leaders):
        assert name not in everything, f"member {name} is published"


# ---------------------------------------------------------------- search without JavaScript


def test_search_page_without_javascript_links_to_every_section(ex):
    doc = parse(ex.html("/search/"))
    fallback = doc.find("p", id="search-fallback")
    for section in ("notices/", "activities/", "services/", "teams/", "tags/"):
        assert fallback.find("a", href=ex.prefix + section) is not None, section
    assert "hidden" not in fallback.attrs
    assert "hidden" in doc.find("form", id="search").attrs
    index = ex.out / "search-index"
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    assert len(meta["shards"]) == search.SHARDS and len(meta["buckets"]) == search.BUCKETS
    assert (index / "order.bin").is_file()
    # The buckets list every searchable page, and the index holds no text of its own.
    listed = [url for bucket in (index / "d").glob("*.json") for _, url in json.loads(bucket.read_bytes())]
    searchable = [search._url_of(p.relative_to(ex.out).as_posix()) for p in pages(ex) if b"data-search-body" in p.read_bytes()]
    assert sorted(listed) == sorted(searchable)
    # sounds.txt: the syllables of the characters, read when a query is searched by sound.
    assert {p.name for p in index.iterdir()} == {"d", "s", "meta.json", "order.bin", "sounds.txt"}
    assert doc.find("form", id="search").attrs["data-index"] == ex.prefix + "search-index/"
    assert not (ex.out / "pagefind").exists()


def test_a_label_and_its_value_are_apart_in_what_search_reads(ex):
    """The excerpt of a search result is the page's text as search reads it (generator/search.py
    and search.js alike): a label ends with its colon there, as the page shows it, not run into
    its value (服务时间 周一至周五 read as one phrase); the value, a block, stands after a space."""
    service = search.extract(ex.html("/services/family-doctor/").encode(), "/services/family-doctor/")
    assert "服务时间： 周一至周五 8:30-17:00" in service.text
    assert "点单方式： 带身份证和医保卡" in service.text
    activity = next(p for p in pages(ex) if "/activities/20" in p.as_posix())
    assert "时间：" in search.extract(activity.read_bytes(), "/activity/").text


# ---------------------------------------------------------------- strings and languages


def test_strings_files_have_the_same_keys():
    files = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (THEME / "strings").glob("*.yaml")}
    assert set(files) == {"zh-Hans", "zh-Hant", "en"}
    keys = set(files["zh-Hans"])
    for language, strings in files.items():
        assert set(strings) == keys, f"{language}: missing {keys - set(strings)}, extra {set(strings) - keys}"
        assert all(isinstance(v, str) and v for v in strings.values()), language


@pytest.mark.parametrize("language, words", [("zh-Hant", ["通知公告", "字號", "特大"]), ("en", ["Notices", "Text size", "Largest"])])
def test_a_site_in_another_language_uses_its_strings(make_site, tmp_path, language, words):
    yaml_text = f"title: T\nbase_url: https://example.org/t/\nlanguage: {language}\ncommunity: {{name: C, phone: '0831-1234567'}}\n"
    root = make_site(tmp_path, {
        "site.yaml": yaml_text,
        "content/activities/a.md": "---\ntitle: Walk\nstart: 2026-12-06 09:30\n---\nText\n",
        "content/notices/n.md": "---\ntitle: Water\ndate: 2026-11-20\n---\nText\n",
    })
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in home
    for word in words:
        assert word in home
    calendar = (tmp_path / "out" / "activities" / "calendar" / "2026-12" / "index.html").read_text(encoding="utf-8")
    assert ("December 2026" if language == "en" else "2026年12月") in calendar


def test_an_english_site_says_one_activity_and_one_service_not_ones(make_site, tmp_path):
    """en.yaml had only plural forms: a calendar day with one activity said "1 activities" to a
    screen reader, and a service category with one service "1 services" on the home page."""
    yaml_text = "title: T\nbase_url: https://example.org/t/\nlanguage: en\ncommunity: {name: C, phone: '0831-1234567'}\n"
    root = make_site(tmp_path, {
        "site.yaml": yaml_text,
        "content/activities/a.md": "---\ntitle: Walk\nstart: 2026-12-06 09:30\n---\nText\n",
        "content/activities/b.md": "---\ntitle: Tea\nstart: 2026-12-08 09:30\n---\nText\n",
        "content/activities/c.md": "---\ntitle: Cards\nstart: 2026-12-08 14:30\n---\nText\n",
        "content/services/errands.yaml": "category: Errands\nitems:\n  - {id: certificates, name: Certificates}\n",
        "content/services/repairs.yaml": "category: Repairs\nitems:\n  - {id: taps, name: Taps}\n  - {id: locks, name: Locks}\n",
    })
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    calendar = parse((tmp_path / "out" / "activities" / "calendar" / "2026-12" / "index.html").read_text(encoding="utf-8"))
    days = [span.text for span in calendar.iter("span", class_="vh") if "activit" in span.text]
    assert days == [": 1 activity", ": 2 activities"], days
    home = visible_text((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert "1 service" in home and "1 services" not in home and "2 services" in home


# ---------------------------------------------------------------- images


def test_content_images_get_srcset_sizes_and_resized_copies(make_site, tmp_path):
    """A phone photo wider than the largest copy is shown from its copies alone, as Hugo's
    image processing does: ``src`` is the largest copy (what a browser without srcset, or a
    sharp desktop screen, loads), ``srcset`` never names the original, width and height are
    those of ``src`` (no layout shift), and the original, linked by nothing else, is not
    published (an 18 MB photo cost a desktop 18 MB, and the host as much)."""
    picture = tmp_path / "photo.jpg"
    Image.new("RGB", (2000, 1000), "#3a7").save(picture, quality=80)
    root = make_site(tmp_path, {
        "content/media/photo.jpg": picture.read_bytes(),
        "content/notices/n.md": "---\ntitle: 图\ndate: 2026-11-20\n---\n![社区广场的新座椅](media/photo.jpg)\n",
    })
    out = tmp_path / "out"
    build(root, out, today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    page = next((out / "notices").glob("*-n/index.html"))  # its page (notices/2026/ lists the year's)
    img = parse(page.read_text(encoding="utf-8")).find("img")
    assert img.attrs["loading"] == "lazy" and img.attrs["alt"] == "社区广场的新座椅"
    assert img.attrs["src"] == "/test/media/photo.1440w.jpg"
    assert (img.attrs["width"], img.attrs["height"]) == ("1440", "720")
    candidates = [c.strip().split(" ") for c in img.attrs["srcset"].split(",")]
    assert candidates == [[f"/test/media/photo.{w}w.jpg", f"{w}w"] for w in (480, 960, 1440)]
    for url, width in candidates:
        with Image.open(out / url.removeprefix("/test/")) as copy:
            assert copy.width == int(width[:-1])
            assert copy.width * 1000 == copy.height * 2000  # the proportions width and height say
    assert img.attrs["sizes"]
    assert sorted(p.name for p in (out / "media").iterdir()) == ["photo.1440w.jpg", "photo.480w.jpg", "photo.960w.jpg"]


def test_photos_are_published_without_where_they_were_taken(make_site, tmp_path):
    """A home visit's photo from a staff member's phone holds the resident's home as a GPS
    position: the published file and its smaller copies do not; its pixels and orientation
    stay, and a photo without a position is published byte for byte."""
    exif = Image.Exif()
    exif[0x0112] = 6  # taken upright: shown turned a quarter
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 39.0, 12.5), 3: "E", 4: (104.0, 4.0, 33.2)})
    visit, plain = tmp_path / "visit.jpg", tmp_path / "plain.jpg"
    Image.linear_gradient("L").resize((2000, 1000)).convert("RGB").save(visit, quality=80, exif=exif)
    Image.new("RGB", (1200, 800), "#3a7").save(plain, quality=80)
    root = make_site(tmp_path, {
        "content/media/visit.jpg": visit.read_bytes(),
        "content/media/plain.jpg": plain.read_bytes(),
        "content/notices/n.md": "---\ntitle: 走访慰问独居老人\ndate: 2026-11-20\n---\n"
                                "![走访](media/visit.jpg)\n\n![座椅](media/plain.jpg)\n",
    })
    out = tmp_path / "out"
    build(root, out, today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    published = sorted(p.name for p in (out / "media").iterdir())
    assert published == ["plain.480w.jpg", "plain.960w.jpg", "plain.jpg", "visit.480w.jpg", "visit.960w.jpg", "visit.jpg"]
    for name in published:
        with Image.open(out / "media" / name) as image:
            assert 0x8825 not in image.getexif() and not image.getexif().get_ifd(0x8825), name
    with Image.open(out / "media/visit.jpg") as image, Image.open(visit) as original:
        assert image.getexif()[0x0112] == 6  # a phone still shows it upright
        assert image.tobytes() == original.tobytes()  # not re-encoded
    assert (out / "media/plain.jpg").read_bytes() == plain.read_bytes()
    assert (root / "content/media/visit.jpg").read_bytes() == visit.read_bytes()  # staff's file untouched


def test_a_cropped_photo_is_published_without_its_uncropped_thumbnail_and_staff_names(make_site, tmp_path):
    """A home visit's photo cropped (the resident's face cut off) by an editor that kept the
    EXIF thumbnail of the picture as first taken, with the phone owner's name, its serial
    number and the artist, and no GPS position: the published file and its smaller copies
    hold none of them; its pixels, orientation and date taken stay."""
    from support.exif import ARTIST, OWNER, SERIAL, TAKEN, exif_thumbnail, private_exif, thumbnail_jpeg

    uncropped = thumbnail_jpeg()
    visit = tmp_path / "visit.jpg"
    Image.linear_gradient("L").resize((2000, 1000)).convert("RGB").save(visit, quality=80, exif=private_exif(uncropped))
    with Image.open(visit) as original:
        assert exif_thumbnail(original) == uncropped
    root, out = _visit_photo_published(make_site, tmp_path, visit.read_bytes(),
                                       (uncropped, OWNER.encode(), SERIAL.encode(), ARTIST.encode()))
    for name in ("visit.480w.jpg", "visit.960w.jpg", "visit.jpg"):
        with Image.open(out / "media" / name) as image:
            exif = image.getexif()
            assert exif_thumbnail(image) == b"" and not exif.get_ifd(Image.ExifTags.IFD.IFD1), name
            assert 0x013B not in exif and not {0xA430, 0xA431} & set(exif.get_ifd(0x8769)), name
    with Image.open(out / "media/visit.jpg") as image, Image.open(visit) as original:
        assert image.getexif()[0x0112] == 6 and image.getexif().get_ifd(0x8769)[0x9003] == TAKEN
        assert image.tobytes() == original.tobytes()  # not re-encoded
    assert (root / "content/media/visit.jpg").read_bytes() == visit.read_bytes()  # staff's file untouched


def _visit_photo_published(make_site, tmp_path, photo: bytes, private: tuple[bytes, ...]):
    """A notice showing ``photo`` built (website only): the photo and its two smaller copies
    published, none holding any of ``private``; the site's folder and the output."""
    root = make_site(tmp_path, {
        "content/media/visit.jpg": photo,
        "content/notices/n.md": "---\ntitle: 走访慰问独居老人\ndate: 2026-11-20\n---\n![走访](media/visit.jpg)\n",
    })
    out = tmp_path / "out"
    build(root, out, today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    published = sorted(p.name for p in (out / "media").iterdir())
    assert published == ["visit.480w.jpg", "visit.960w.jpg", "visit.jpg"]
    for name in published:
        data = (out / "media" / name).read_bytes()
        for told in private:
            assert told not in data, (name, told)
    return root, out


def test_a_photo_saved_by_photoshop_is_published_without_its_thumbnail_and_by_line(make_site, tmp_path):
    """A home visit's photo cropped in Photoshop, whose APP13 segment keeps the thumbnail of
    the picture before the crop and File Info's IPTC by-line and contact (the staff member's
    name and phone), no EXIF: the published file and its smaller copies hold neither; its
    caption and pixels stay."""
    import io

    from support.exif import (BYLINE, CAPTION, CONTACT, app13, iptc, photoshop_thumbnail, resource_block,
                              thumbnail_jpeg, with_segment)

    uncropped = thumbnail_jpeg()
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((1200, 800)).convert("RGB").save(buffer, "JPEG", quality=80)
    original = with_segment(buffer.getvalue(), app13(
        resource_block(0x0404, iptc([(80, BYLINE), (118, CONTACT), (120, CAPTION)])),
        resource_block(0x040C, photoshop_thumbnail(uncropped))))
    assert uncropped in original and BYLINE.encode() in original
    root, out = _visit_photo_published(make_site, tmp_path, original, (uncropped, BYLINE.encode(), CONTACT.encode()))
    data = (out / "media/visit.jpg").read_bytes()
    assert CAPTION.encode() in data and len(data) == len(original)
    with Image.open(out / "media/visit.jpg") as image, Image.open(io.BytesIO(original)) as before:
        assert image.tobytes() == before.tobytes()  # not re-encoded
    assert (root / "content/media/visit.jpg").read_bytes() == original  # staff's file untouched


def test_photos_are_published_without_a_position_written_as_xmp(make_site, tmp_path):
    """Lightroom, Snapseed or WeChat's editor writes the position into the photo's XMP packet
    (exif:GPSLatitude="30,39.2058N"): the published JPEG, PNG and WebP, and the JPEG's smaller
    copies, do not hold it; the pictures stay the same, and a photo whose XMP tells no position
    is published byte for byte."""
    import io

    from PIL import PngImagePlugin

    def packet(position: str) -> bytes:
        return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
                'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
                f'xmp:Rating="5" {position}/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()

    located = packet('exif:GPSLatitude="30,39.2058N" exif:GPSLongitude="104,4.5533E"')
    picture = Image.linear_gradient("L").resize((1200, 800)).convert("RGB")
    files = {}
    for name, fmt, options in [("visit.jpg", "JPEG", {"xmp": located, "quality": 80}),
                               ("visit.webp", "WEBP", {"xmp": located}),
                               ("plain.jpg", "JPEG", {"xmp": packet(""), "quality": 80})]:
        buffer = io.BytesIO()
        picture.save(buffer, fmt, **options)
        files[name] = buffer.getvalue()
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", located.decode(), zip=True)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", pnginfo=info)
    files["visit.png"] = buffer.getvalue()
    root = make_site(tmp_path, {
        **{f"content/media/{name}": data for name, data in files.items()},
        "content/notices/n.md": "---\ntitle: 走访慰问独居老人\ndate: 2026-11-20\n---\n"
                                + "".join(f"![走访](media/{name})\n\n" for name in files),
    })
    out = tmp_path / "out"
    build(root, out, today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    published = sorted(p.name for p in (out / "media").iterdir())
    assert {"visit.jpg", "visit.480w.jpg", "visit.960w.jpg", "visit.png", "visit.webp", "plain.jpg"} <= set(published)
    for name in published:
        data = (out / "media" / name).read_bytes()
        for told in (b"30,39.2058N", b"104,4.5533E", b"GPSLatitude", b"GPSLongitude"):
            assert told not in data, (name, told)
    for name in ("visit.jpg", "visit.png", "visit.webp"):
        with Image.open(out / "media" / name) as image, Image.open(io.BytesIO(files[name])) as original:
            assert image.size == original.size == (1200, 800)
            assert image.convert("RGB").tobytes() == original.convert("RGB").tobytes(), name
            assert 'xmp:Rating="5"' in (lambda xmp: xmp.decode() if isinstance(xmp, bytes) else xmp)(image.info["xmp"])
        assert (root / "content/media" / name).read_bytes() == files[name]  # staff's file untouched
    assert (out / "media/plain.jpg").read_bytes() == files["plain.jpg"]


# ---------------------------------------------------------------- services paused or ended, teams dissolved

PAUSED_SERVICES = {
    "content/services/health.yaml": (
        "category: 健康服务\nitems:\n"
        "  - id: home-doctor\n    name: 上门问诊\n    how_to_order: 拨打 0831-2345678 预约\n"
        "    contact: \"0831-2345678\"\n    paused: 志愿医生外出进修，明年3月恢复\n    resumes: 2027-03-01\n"
        "  - id: blood-pressure\n    name: 免费测血压\n    how_to_order: 直接到场\n"
    ),
}


def test_a_paused_service_is_marked_on_its_page_the_list_and_search_and_offers_no_way_to_order(make_site, tmp_path):
    """A service paused for the winter stays on the menu, so residents know it comes back, but
    says so where they look first, and its phone link is not there to order it by."""
    site = make_site(tmp_path, PAUSED_SERVICES)
    out = tmp_path / "out"
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    page = _main_of(out, "services/home-doctor")
    assert page.find("h1").find("span", class_="badge").text == "暂停服务"
    assert page.find("p", class_="notice-box").text == "暂停服务：志愿医生外出进修，明年3月恢复"
    assert "点单方式" not in page.text and "拨打 0831-2345678 预约" not in page.text
    cards = {card.find("h3").find("a").text: card for card in _main_of(out, "services").iter("li", class_="card")}
    assert cards["上门问诊"].find("span", class_="badge").text == "暂停服务"
    assert "志愿医生外出进修，明年3月恢复" in cards["上门问诊"].text and "点单方式" not in cards["上门问诊"].text
    assert cards["免费测血压"].find("span", class_="badge") is None and "点单方式" in cards["免费测血压"].text
    found = search.extract((out / "services/home-doctor/index.html").read_bytes(), "/services/home-doctor/")
    assert found.title.startswith("暂停服务") and "上门问诊" in found.title


def test_a_paused_service_is_offered_again_on_its_resumes_day_which_the_build_announces(make_site, tmp_path):
    site = make_site(tmp_path, PAUSED_SERVICES)
    before = build(site, tmp_path / "before", today=dt.date(2027, 2, 26), posters=False)
    assert before.next_change == dt.date(2027, 3, 1)
    assert before.next_change_reason == ("服务 “上门问诊” 恢复", "service '上门问诊' resumes")
    out = tmp_path / "out"
    after = build(site, out, today=dt.date(2027, 3, 1), posters=False)
    page = _main_of(out, "services/home-doctor")
    assert page.find("span", class_="badge") is None and "暂停服务" not in page.text
    assert page.find("a", class_="tel") is not None and "拨打 0831-2345678 预约" in page.text
    # The pause left in the file is told, with what to delete.
    assert any(w.field == "home-doctor.resumes" and "请删掉 paused 和 resumes 两行" in w.text.zh for w in after.warnings)


def test_an_ended_service_written_as_a_draft_leaves_the_site_and_a_link_to_it_is_told(make_site, tmp_path):
    site = make_site(tmp_path, {
        "content/services/health.yaml": (
            "category: 健康服务\nitems:\n"
            "  - id: home-doctor\n    name: 上门问诊\n    provider: red-caps\n    draft: true\n"
            "  - id: blood-pressure\n    name: 免费测血压\n"
        ),
        "content/teams/red-caps.md": "---\nname: 红帽子队\n---\n",
        "content/notices/2026-11-20-doctor.md": "---\ntitle: 上门问诊\ndate: 2026-11-20\n---\n见[上门问诊](/services/home-doctor/)。\n",
    })
    out = tmp_path / "out"
    report = build(site, out, today=dt.date(2026, 11, 22), posters=False)
    assert not (out / "services/home-doctor").exists()
    assert "上门问诊" not in _main_of(out, "services").text and "上门问诊" not in _main_of(out, "teams/red-caps").text
    assert "1 项服务" in (out / "index.html").read_text(encoding="utf-8")
    assert "/services/home-doctor/" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    told = [w for w in report.warnings if w.path == "content/notices/2026-11-20-doctor.md"]
    assert told and "“/services/home-doctor/” 在本网站上不存在" in told[0].text.zh
    drafts = build(site, tmp_path / "drafts", today=dt.date(2026, 11, 22), drafts=True, posters=False)
    assert (tmp_path / "drafts/services/home-doctor/index.html").is_file() and drafts


def test_a_dissolved_team_keeps_its_page_and_history_but_leaves_the_active_teams(make_site, tmp_path):
    site = make_site(tmp_path, {
        "content/teams/silver-age.md": "---\nname: 银龄互助队\ncontact: \"0831-2345679\"\nrecruiting: true\ndissolved: 2026-11-01\n---\n",
        "content/teams/red-caps.md": "---\nname: 红帽子队\nrecruiting: true\n---\n",
        "content/activities/2026-10-18-banquet.md": "---\ntitle: 敬老宴\nstart: 2026-10-18 11:00\nteam: silver-age\n---\n",
    })
    out = tmp_path / "out"
    report = build(site, out, today=dt.date(2026, 11, 22), posters=False)
    assert not report.warnings  # its past activity is its history, not a mistake
    page = _main_of(out, "teams/silver-age")
    assert page.find("p", class_="notice-box").text == "本队已于2026年11月1日解散，以下是它的服务记录。"
    assert "正在招募" not in page.text and page.find("a", href="/test/activities/2026-10-18-banquet/") is not None
    teams = _main_of(out, "teams")
    active = teams.find("ul", class_="cards")
    assert "红帽子队" in active.text and "银龄互助队" not in active.text
    dissolved = teams.find("section")
    assert dissolved.find("h2").text == "已解散的服务队" and "银龄互助队已于2026年11月1日解散" in dissolved.text
    assert dissolved.find("a", href="/test/teams/silver-age/") is not None and "招募中" not in dissolved.text


def test_a_theme_written_before_the_month_was_named_still_says_its_link_right(make_site, tmp_path):
    """month_report took a {month} to fill in (the home page's link names its month): a home
    page of a theme or site written before, showing t.month_report as it is, read
    查看{month}的完整报告. A key keeps its meaning; the new words have a key of their own."""
    root = make_site(tmp_path, {
        "content/stats/2026-10.yaml": "month: 2026-10\nfigures: {service_visits: 5704}\n",
        "templates/home.html": '{% extends "base.html" %}{% block content %}'
                               '<p id="report">{{ t.month_report }}</p>{% endblock %}',
    })
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    home = parse((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert home.find("p", id="report").text == "查看月度报告"


def test_a_theme_written_before_services_could_end_does_not_show_an_ended_one(make_site, tmp_path):
    """An ended service (draft: true) has no page: a services page or board of a theme or site
    written before, listing ``category.items``, showed it, linked to a page not found. ``items``
    are the published services, as ``services``; ``all_items`` holds the ended ones too."""
    services = ("category: 健康服务\nitems:\n  - {id: blood-pressure, name: 免费测血压}\n"
                "  - {id: massage, name: 理疗按摩, draft: true}\n")
    old_page = ('{% extends "base.html" %}{% block content %}<ul id="old">{% for category in site.service_categories %}'
                '{% for service in category.items %}<li>{{ service.name }}</li>{% endfor %}{% endfor %}</ul>{% endblock %}')
    root = make_site(tmp_path, {"content/services/health.yaml": services, "templates/services.html": old_page})
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    page = parse((tmp_path / "out" / "services" / "index.html").read_text(encoding="utf-8"))
    assert [li.text for li in page.find("ul", id="old").iter("li")] == ["免费测血压"]
    [category] = check(root, today=TODAY)[0].service_categories
    assert [s.id for s in category.all_items] == ["blood-pressure", "massage"]


# ---------------------------------------------------------------- cancelled activities

CANCELLED_ACTIVITIES = {
    "content/activities/2026-11-25-yoga.md": (
        "---\ntitle: 瑜伽课\nstart: 2026-11-25 09:30\nend: 2026-11-25 11:00\nlocation: 活动室\n"
        "signup: 拨打 0831-2345678 报名\ntags: [健身]\ncancelled: 因降雪取消，改期另行通知\n---\n一起练瑜伽。\n"),
    "content/activities/2026-11-26-chess.md": (
        "---\ntitle: 象棋赛\nstart: 2026-11-26 09:30\nlocation: 活动室\ntags: [健身]\ncancelled: true\n---\n下棋。\n"),
    "content/activities/2026-11-27-walk.md": (
        "---\ntitle: 健步走\nstart: 2026-11-27 08:00\nlocation: 江边\nsignup: 直接到场\ntags: [健身]\n---\n走路。\n"),
}


def test_a_cancelled_activity_keeps_its_page_marked_with_its_reason_and_no_way_to_sign_up(make_site, tmp_path):
    """Links in WeChat groups and the QR codes on posters lead to its page: it stays, says
    已取消 and why where a resident looks first, and offers neither sign-up nor the calendar."""
    site = make_site(tmp_path, CANCELLED_ACTIVITIES)
    out = tmp_path / "out"
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    page = _main_of(out, "activities/2026-11-25-yoga")
    assert page.find("h1").find("span", class_="badge").text == "已取消"
    assert page.find("p", class_="notice-box").text == "已取消：因降雪取消，改期另行通知"
    assert "报名" not in page.text and "0831-2345678" not in page.text
    assert page.find("a", href="/test/activities/2026-11-25-yoga/event.ics") is None
    assert "活动室" in page.text and "一起练瑜伽。" in page.text
    generic = _main_of(out, "activities/2026-11-26-chess")
    assert generic.find("p", class_="notice-box").text == "已取消：这个活动取消了，不再举行。"
    going = _main_of(out, "activities/2026-11-27-walk")
    assert going.find("span", class_="badge") is None and going.find("a", class_="button") is not None
    html = (out / "activities/2026-11-25-yoga/index.html").read_text(encoding="utf-8")
    description = parse(html).find("meta", name="description").attrs["content"]
    assert description.startswith("已取消：因降雪取消，改期另行通知"), description
    found = search.extract(html.encode(), "/activities/2026-11-25-yoga/")
    assert found.title.startswith("已取消") and "瑜伽课" in found.title


# ---------------------------------------------------------------- moved activities

MOVED_ACTIVITIES = {
    "content/activities/2026-11-27-yoga.md": (
        "---\ntitle: 瑜伽课\nstart: 2026-11-27 09:30\nend: 2026-11-27 11:00\nrescheduled_from: 2026-11-20\n"
        "location: 活动室\ntags: [健身]\n---\n一起练瑜伽。\n"),
    "content/activities/2026-11-28-walk.md": (
        "---\ntitle: 健步走\nstart: 2026-11-28 08:00\nlocation: 江边\ntags: [健身]\n---\n走路。\n"),
}


def test_a_moved_activity_says_on_its_page_by_its_time_from_which_day_it_moved(make_site, tmp_path):
    """Residents who saw the old day on the paper poster or in the WeChat group learn, where
    they read the time, that it moved and from which day; the shared card and the search
    (已改期, 改期) say it too."""
    site = make_site(tmp_path, MOVED_ACTIVITIES)
    out = tmp_path / "out"
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    page = _main_of(out, "activities/2026-11-27-yoga")
    assert page.find("h1").find("span", class_="badge").text == "已改期"
    time_line = page.find("dl", class_="facts").find("dd")
    assert time_line.find("strong").text == "已改期（原定 2026年11月20日 星期五）"
    assert time_line.find("time").text == "2026年11月27日 星期五 9:30–11:00"
    assert page.find("a", href="/test/activities/2026-11-27-yoga/event.ics") is not None  # still takes place
    unmoved = _main_of(out, "activities/2026-11-28-walk")
    assert unmoved.find("span", class_="badge") is None and "改期" not in unmoved.text
    html = (out / "activities/2026-11-27-yoga/index.html").read_text(encoding="utf-8")
    description = parse(html).find("meta", name="description").attrs["content"]
    assert description.startswith("已改期（原定 2026年11月20日 星期五）"), description
    found = search.extract(html.encode(), "/activities/2026-11-27-yoga/")
    assert "已改期" in found.title and search.terms("改期") <= search.terms(found.indexed)


def test_a_moved_activity_is_marked_in_words_in_every_list(make_site, tmp_path):
    site = make_site(tmp_path, MOVED_ACTIVITIES)
    out = tmp_path / "out"
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    for page in ("activities", "activities/calendar/2026-11", "tags/jian-shen"):
        cards = _cards_by_title(_main_of(out, page))
        assert cards["瑜伽课"].find("span", class_="badge").text == "已改期", page
        assert cards["健步走"].find("span", class_="badge") is None, page
    home = _cards_by_title(_main_of(out, "").find("section"))
    assert home["瑜伽课"].find("span", class_="badge").text == "已改期"


@pytest.mark.parametrize("language, note", [
    ("zh-Hans", "已改期（原定 2026年11月20日 星期五，后改 2026年11月24日 星期二）"),
    ("zh-Hant", "已改期（原定 2026年11月20日 星期五，後改 2026年11月24日 星期二）"),
    ("en", "Moved (first announced for Fri 20 Nov 2026, then for Tue 24 Nov 2026)"),
])
def test_an_activity_moved_twice_names_the_first_day_and_the_last_by_its_time(make_site, tmp_path, language, note):
    """Moved a second time, rescheduled_from lists both earlier days (in the order announced):
    a resident may remember either, the first poster's or the WeChat message about the first
    move. The note names both; the lists mark it 已改期 as any moved activity, and search finds it."""
    yoga = MOVED_ACTIVITIES["content/activities/2026-11-27-yoga.md"].replace(
        "rescheduled_from: 2026-11-20\n", "rescheduled_from:\n  - 2026-11-20\n  - 2026-11-24\n")
    site = make_site(tmp_path, {**MOVED_ACTIVITIES, "content/activities/2026-11-27-yoga.md": yoga,
                                "site.yaml": MINIMAL_SITE_YAML + f"language: {language}\n"})
    out = tmp_path / "out"
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    page = _main_of(out, "activities/2026-11-27-yoga")
    assert page.find("dl", class_="facts").find("dd").find("strong").text == note
    assert _cards_by_title(_main_of(out, "activities"))["瑜伽课"].find("span", class_="badge") is not None
    html = (out / "activities/2026-11-27-yoga/index.html").read_text(encoding="utf-8")
    if language != "en":
        found = search.extract(html.encode(), "/activities/2026-11-27-yoga/")
        assert search.terms("改期") <= search.terms(found.indexed)


# A day of each kind: moved, moved and cancelled, one of two moved, one moved and one cancelled.
MOVED_DAYS = {
    "content/activities/2026-12-08-walk.md": "---\ntitle: Walk\nstart: 2026-12-08 09:00\nrescheduled_from: 2026-12-05\n---\nText\n",
    "content/activities/2026-12-09-chess.md": (
        "---\ntitle: Chess\nstart: 2026-12-09 09:00\nrescheduled_from: 2026-12-06\ncancelled: true\n---\nText\n"),
    "content/activities/2026-12-10-tea.md": "---\ntitle: Tea\nstart: 2026-12-10 09:00\nrescheduled_from: 2026-12-03\n---\nText\n",
    "content/activities/2026-12-10-film.md": "---\ntitle: Film\nstart: 2026-12-10 19:00\n---\nText\n",
    "content/activities/2026-12-11-yoga.md": "---\ntitle: Yoga\nstart: 2026-12-11 09:00\nrescheduled_from: 2026-12-04\n---\nText\n",
    "content/activities/2026-12-11-cards.md": "---\ntitle: Cards\nstart: 2026-12-11 14:00\ncancelled: true\n---\nText\n",
}


@pytest.mark.parametrize("language, heard", [
    ("zh-Hans", ["8日，1 项活动，已改期", "9日，1 项活动，已取消，已改期", "10日，2 项活动，其中 1 项已改期",
                 "11日，2 项活动，其中 1 项已取消，其中 1 项已改期"]),
    ("zh-Hant", ["8日，1 項活動，已改期", "9日，1 項活動，已取消，已改期", "10日，2 項活動，其中 1 項已改期",
                 "11日，2 項活動，其中 1 項已取消，其中 1 項已改期"]),
    ("en", ["8: 1 activity, moved", "9: 1 activity, cancelled, moved", "10: 2 activities, 1 of them moved",
            "11: 2 activities, 1 of them cancelled, 1 of them moved"]),
])
def test_a_calendar_days_link_says_its_activity_moved(make_site, tmp_path, language, heard):
    """The link of a calendar day (all a phone shows of it, all a screen reader hears before
    following it) said 已取消 but not 已改期: a resident who knew the old day heard nothing of
    the move. It says so the way it says 已取消, or how many of the day's moved."""
    root = make_site(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + f"language: {language}\n", **MOVED_DAYS})
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    calendar = parse((tmp_path / "out" / "activities" / "calendar" / "2026-12" / "index.html").read_text(encoding="utf-8"))
    days = [link.text for link in calendar.iter("a", class_="day")]
    assert days == heard


def _cards_by_title(main) -> dict[str, object]:
    return {card.find("a").text: card for card in main.iter("li", class_="card") if card.find("a") is not None}


def test_a_cancelled_activity_is_marked_in_every_list_and_follows_those_that_take_place_at_home(make_site, tmp_path):
    """Marked in words (a badge), not by colour alone, in the activity list, the month's
    calendar and the tag's page. The home page's "this week" puts the activities that take
    place first, and says there is none when all are cancelled; cancelled ones follow, marked."""
    site = make_site(tmp_path, CANCELLED_ACTIVITIES)
    out = tmp_path / "out"
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    for page in ("activities", "activities/calendar/2026-11", "tags/jian-shen"):
        cards = _cards_by_title(_main_of(out, page))
        for title in ("瑜伽课", "象棋赛"):
            assert cards[title].find("span", class_="badge").text == "已取消", (page, title)
            assert "cancelled" in cards[title].attrs["class"], (page, title)
        assert cards["健步走"].find("span", class_="badge") is None, page
    home = _main_of(out, "")
    week = [card.find("a").text if card.find("a") else card.text for card in home.find("section").iter("li", class_="card")]
    assert week == ["健步走", "瑜伽课", "象棋赛"]
    assert _cards_by_title(home.find("section"))["瑜伽课"].find("span", class_="badge").text == "已取消"
    # All of them cancelled: nothing takes place this week, which is said first.
    (site / "content/activities/2026-11-27-walk.md").write_text(
        CANCELLED_ACTIVITIES["content/activities/2026-11-27-walk.md"].replace("tags: [健身]\n", "tags: [健身]\ncancelled: 下雨\n"),
        encoding="utf-8")
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    cards = list(_main_of(out, "").find("section").iter("li", class_="card"))
    assert cards[0].text == "近期没有活动" and len(cards) == 4


def test_a_team_founded_in_a_year_or_a_month_shows_only_what_is_known(make_site, tmp_path):
    """founded: 2023年 and founded: 2021-03 were refused (缺少日): staff had to invent a day,
    which the page then showed as if known. A year or a month is shown as written."""
    site = make_site(tmp_path, {
        "content/teams/red-caps.md": "---\nname: 红帽子队\nfounded: 2023年\n---\n",
        "content/teams/silver-age.md": "---\nname: 银龄互助队\nfounded: 2021-03\n---\n",
        "content/teams/party-365.md": "---\nname: 党员365\nfounded: 2019\n---\n",  # YAML's number
        "content/teams/tutors.md": "---\nname: 青年辅导队\nfounded: 2021年7月1日\n---\n",
    })
    out = tmp_path / "out"
    report = build(site, out, today=dt.date(2026, 11, 22), posters=False)
    assert not report.warnings
    for team, shown in (("red-caps", "2023年"), ("silver-age", "2021年3月"), ("party-365", "2019年"),
                        ("tutors", "2021年7月1日")):
        facts = _main_of(out, f"teams/{team}").find("dl", class_="facts")
        told = {term.text.strip("：: "): value.text for term, value in zip(facts.iter("dt"), facts.iter("dd"))}
        assert told["成立时间"] == shown, team


def test_a_sites_own_team_template_shows_a_founding_year_or_month_alone(make_site, tmp_path):
    """A site's own templates/team.html writing {{ page.founded | date_text }}, as the filter
    table of docs/themes.md suggests, showed founded: 2023年 as 2023年1月1日: only the bundled
    template passed page.founded_precision. Built twice, the second time from the content
    cache (the template changed, so the pages are made again from the cached teams)."""
    own = '{% extends "base.html" %}{% block content %}<p id="founded">VERSION{{ page.founded | date_text }}</p>{% endblock %}'
    site = make_site(tmp_path, {
        "templates/team.html": own.replace("VERSION", "成立于"),
        "content/teams/red-caps.md": "---\nname: 红帽子队\nfounded: 2023年\n---\n",
        "content/teams/silver-age.md": "---\nname: 银龄互助队\nfounded: 2021-03\n---\n",
        "content/teams/tutors.md": "---\nname: 青年辅导队\nfounded: 2021年7月1日\n---\n",
    })
    out, cache = tmp_path / "out", tmp_path / "cache"
    for version in ("成立于", "成立："):
        (site / "templates/team.html").write_text(own.replace("VERSION", version), encoding="utf-8")
        build(site, out, today=dt.date(2026, 11, 22), cache_dir=cache, posters=False)
        for team, shown in (("red-caps", "2023年"), ("silver-age", "2021年3月"), ("tutors", "2021年7月1日")):
            page = parse((out / "teams" / team / "index.html").read_text(encoding="utf-8"))
            assert page.find(id="founded").text == version + shown, (version, team)


def test_an_english_site_shows_a_founding_year_or_month_alone(make_site, tmp_path):
    from conftest import MINIMAL_SITE_YAML

    site = make_site(tmp_path, {
        "site.yaml": MINIMAL_SITE_YAML + "language: en\n",
        "content/teams/red-caps.md": "---\nname: 红帽子队\nfounded: 2023年\n---\n",
        "content/teams/silver-age.md": "---\nname: 银龄互助队\nfounded: 2021-03\n---\n",
    })
    out = tmp_path / "out"
    build(site, out, today=dt.date(2026, 11, 22), posters=False)
    for team, shown in (("red-caps", "2023"), ("silver-age", "March 2021")):
        facts = _main_of(out, f"teams/{team}").find("dl", class_="facts")
        told = {term.text.strip(": "): value.text for term, value in zip(facts.iter("dt"), facts.iter("dd"))}
        assert told["Founded"] == shown, team
