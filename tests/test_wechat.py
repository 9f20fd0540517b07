"""The site as residents reach it: a link pasted in the building's WeChat group (楼栋群) or a
poster's QR code scanned with WeChat opens the page in WeChat's own browser (Android: XWeb,
Chromium-based; iOS: WKWebView), whose user agent holds ``MicroMessenger``.

That browser downloads no file: a calendar (.ics, webcal://), a PDF or Word attachment does
nothing or shows a blank page, and residents need 右上角 ··· → 在浏览器打开. The page's small
script says so on the pages that have such links, in WeChat only; nothing changes for other
browsers nor without JavaScript.

WeChat's own text size (设置 → 通用 → 字体大小) enlarges the page's text through
text-size-adjust (iOS writes it on <body>; Android scales text the same way in its WebView):
Chromium applies a percentage ``-webkit-text-size-adjust`` on a mobile page too, so it is
played here by writing it on <body> as WeChat does. Together with the site's own 特大 the text
is more than twice its size: the page must still fit a phone's width.
"""

from __future__ import annotations

import re

import pytest

from support.browser import MOBILE, format_violations, goto, no_js_page, page, run_axe, serve, watch_errors

# A real WeChat on Android (XWeb) and on an iPhone.
WECHAT_ANDROID = ("Mozilla/5.0 (Linux; Android 12; V2134A Build/SP1A.210812.003; wv) AppleWebKit/537.36 "
                  "(KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5127 "
                  "MMWEBSDK/20230504 MMWEBID/3050 MicroMessenger/8.0.37.2380(0x28002537) WeChat/arm64 Weixin "
                  "NetType/WIFI Language/zh_CN ABI/arm64")
WECHAT_IOS = ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Mobile/15E148 MicroMessenger/8.0.38(0x1800262c) NetType/WIFI Language/zh_CN")
# The phone's own browser, not WeChat.
ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 12; V2134A) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/107.0.5304.141 Mobile Safari/537.36")

NOTE = "#wechat-note"


@pytest.fixture(scope="module")
def base(ex):
    with serve(ex.out, ex.prefix) as url:
        yield url


def download_pages(ex) -> dict[str, str]:
    """Pages whose main part links a file WeChat does not open: an activity (its .ics), the
    activity list (the calendar, webcal:// and https://) and a notice with attachments."""
    with_files = next(n for n in ex.site.listed_notices if n.attachments)
    # Not a cancelled one: it offers no calendar file (添加到我的日历 is gone).
    activity = next(a for a in ex.site.upcoming if not a.cancelled)
    return {"activity": activity.url, "activities": "/activities/", "attachments": with_files.url}


def shown(pg, selector: str) -> bool:
    return pg.evaluate(f"!!document.querySelector({selector!r}) && document.querySelector({selector!r}).getClientRects().length > 0")


@pytest.mark.parametrize("agent", [WECHAT_ANDROID, WECHAT_IOS], ids=["android", "ios"])
def test_wechat_says_how_to_open_a_calendar_or_an_attachment(ex, base, agent):
    with page(MOBILE, user_agent=agent, is_mobile=True, has_touch=True) as pg:
        problems = watch_errors(pg)
        for name, url in download_pages(ex).items():
            goto(pg, base + url)
            assert shown(pg, NOTE), f"{name}: no word on how to open the file in WeChat"
            text = pg.text_content(NOTE)
            assert "右上角" in text and "在浏览器打开" in text, text
            # Above the links, where a resident reads it before tapping.
            first_file = pg.evaluate("""() => { const a = [...document.querySelectorAll('main a')].find(a => a.getClientRects().length && (
                a.hasAttribute('download') || /^webcal:|\\.ics$/.test(a.getAttribute('href')))); return a.getBoundingClientRect().top; }""")
            assert pg.evaluate(f"document.querySelector('{NOTE}').getBoundingClientRect().top") < first_file
        assert not problems, problems


def test_the_note_in_wechat_is_accessible(ex, base):
    with page(MOBILE, user_agent=WECHAT_ANDROID, is_mobile=True) as pg:
        for url in download_pages(ex).values():
            goto(pg, base + url)
            assert shown(pg, NOTE)
            violations = run_axe(pg, MOBILE)
            assert not violations, format_violations(violations)


def test_wechat_hides_the_webcal_link_that_does_nothing_there(ex, base):
    """WeChat opens no webcal:// link (a tap does nothing): the download link stays, the
    note says to open the page in the browser, where the subscription works."""
    with page(MOBILE, user_agent=WECHAT_IOS, is_mobile=True, has_touch=True) as pg:
        goto(pg, base + "/activities/")
        assert not shown(pg, 'main a[href^="webcal:"]')
        assert shown(pg, 'main a[href$="calendar.ics"]:not([href^="webcal:"])')


def test_wechat_pages_without_files_show_no_note(ex, base):
    with page(MOBILE, user_agent=WECHAT_ANDROID, is_mobile=True) as pg:
        for url in ("/", "/services/", "/teams/"):
            goto(pg, base + url)
            assert not shown(pg, NOTE), url


@pytest.mark.parametrize("agent", [None, ANDROID_CHROME])
def test_other_browsers_see_no_note_and_every_calendar_link(ex, base, agent):
    options = {"user_agent": agent, "is_mobile": True} if agent else {}
    with page(MOBILE, **options) as pg:
        for url in download_pages(ex).values():
            goto(pg, base + url)
            assert not shown(pg, NOTE), url
        goto(pg, base + "/activities/")
        assert shown(pg, 'main a[href^="webcal:"]')


def test_without_javascript_wechat_shows_no_note_and_the_page_is_unchanged(ex, base):
    with no_js_page(MOBILE, user_agent=WECHAT_ANDROID, is_mobile=True) as pg:
        for url in download_pages(ex).values():
            goto(pg, base + url)
            assert not shown(pg, NOTE), url
        goto(pg, base + "/activities/")
        assert shown(pg, 'main a[href^="webcal:"]')


def test_the_note_is_not_searched(ex):
    """The note is the same on many pages and says nothing about them."""
    html = ex.html(download_pages(ex)["activity"])
    note = re.search(r'<p [^>]*id="wechat-note"[^>]*>', html)
    assert note and "data-search-ignore" in note.group() and " hidden" in note.group()


@pytest.mark.parametrize("size, adjust", [("m", "130%"), ("m", "150%"), ("m", "200%"), ("xl", "130%"), ("xl", "150%")])
def test_wechat_text_size_with_the_site_switch_still_fits_a_phone(ex, base, size, adjust):
    """WeChat's 字体大小 on top of the site's 特大: a card's time (2026年11月26日, kept whole)
    held the activity cards 30-80 px wider than the screen. The site's CSS must not block the
    enlargement either. (200 % with 特大 makes 58 px text: a word such as 订阅更新（Atom） is
    wider than the phone: left as it is.) The Markdown table of phone numbers on /contact/
    made the page 411 px wide at 130 % with 特大 (391 px at 200 % without): it scrolls inside a region of its own."""
    pages = ["/", "/activities/", "/activities/past/", "/notices/", ex.site.upcoming[0].url,
             f"/teams/{ex.site.upcoming[0].team.id}/" if ex.site.upcoming[0].team else "/teams/", "/contact/"]
    with page(MOBILE, user_agent=WECHAT_ANDROID, is_mobile=True) as pg:
        for url in pages:
            goto(pg, base + url)
            if size != "m":
                pg.click(f"label[for=fs-{size}]")
            pg.evaluate(f"document.body.style.webkitTextSizeAdjust = '{adjust}'")
            # Not blocked: the text is larger by WeChat's factor.
            factor = float(adjust.rstrip("%")) / 100
            body = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
            root = pg.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
            assert body >= root * factor * 0.85, f"{url}: text {body}px, not enlarged by {adjust}"
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= MOBILE, f"{url} at {size} with WeChat's {adjust}: {width}px wide"
