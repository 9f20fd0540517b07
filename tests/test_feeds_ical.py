"""Calendars and the feed: the .ics files parse with icalendar and hold every upcoming
activity at its local time with a stable UID; the feed is valid Atom; both are
byte-identical from one build to the next."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest

from conftest import MINIMAL_SITE_YAML
from generator.build import build
from htmltree import parse
from website_build import TODAY


def events_of(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def expected_uid(ex, activity) -> str:
    parts = urlsplit(ex.site.config.base_url)
    return f"{activity.slug}@{parts.netloc}{parts.path.rstrip('/')}"


def check_event(event: icalendar.Event, activity, zone: str) -> None:
    # A cancelled one stays, marked for calendar apps that show no status (【已取消】…).
    assert str(event["SUMMARY"]) == activity.marked_title("zh-Hans")
    assert (str(event.get("STATUS", "")) == "CANCELLED") == activity.cancelled
    start = event.decoded("DTSTART")
    if activity.all_day:
        assert start == activity.start.date() and not isinstance(start, dt.datetime)
        return
    assert event["DTSTART"].params["TZID"] == zone
    assert start.tzinfo is not None and start.replace(tzinfo=None) == activity.start
    assert str(start.tzinfo) == zone
    if activity.end:
        assert event.decoded("DTEND").replace(tzinfo=None) == activity.end_moment
    if activity.location:
        assert str(event["LOCATION"]) == activity.location


def test_all_activities_calendar_holds_every_upcoming_activity_at_local_time(ex):
    zone = ex.site.config.timezone
    data = (ex.out / "calendar.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
    events = events_of(data)
    assert ex.site.upcoming and any(a.cancelled for a in ex.site.upcoming)  # a cancelled one stays in it
    for activity in ex.site.upcoming:
        event = events[expected_uid(ex, activity)]
        check_event(event, activity, zone)
        assert str(event["URL"]) == ex.site.config.absolute(activity.url)


def test_each_activity_has_its_own_ics_with_the_same_uid(ex):
    zone = ex.site.config.timezone
    for activity in ex.site.activities:
        data = (ex.out / activity.url.lstrip("/") / "event.ics").read_bytes()
        events = events_of(data)
        assert list(events) == [expected_uid(ex, activity)]
        check_event(events[expected_uid(ex, activity)], activity, zone)
        if not activity.all_day:
            assert b"BEGIN:VTIMEZONE" in data


def test_the_offset_from_utc_is_the_site_zones(ex):
    """A phone converts to UTC: 9:30 in Shanghai is 1:30 UTC."""
    activity = next(a for a in ex.site.upcoming if not a.all_day)
    event = events_of((ex.out / activity.url.lstrip("/") / "event.ics").read_bytes())[expected_uid(ex, activity)]
    assert event.decoded("DTSTART").utcoffset() == ZoneInfo(ex.site.config.timezone).utcoffset(activity.start)


def test_feed_is_atom_with_notices_and_activities(ex):
    feed = feedparser.parse((ex.out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    config = ex.site.config
    assert feed.feed.title == config.title
    assert feed.feed.id == config.base_url
    assert any(link.rel == "self" and link.href == config.absolute("/feed.xml") for link in feed.feed.links)
    links = [entry.link for entry in feed.entries]
    assert len(set(links)) == len(links)
    for entry in feed.entries:
        assert entry.id == entry.link and entry.updated_parsed and entry.title
    notices = [config.absolute(n.url) for n in ex.site.listed_notices]
    activities = [config.absolute(a.url) for a in ex.site.upcoming]
    assert set(notices[:10]) <= set(links)
    assert set(activities) & set(links)
    home = (ex.out / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home


def test_the_activity_list_offers_a_subscription_and_a_download(ex):
    """An iPhone imports an https .ics once: the calendar never updates. The list offers the
    same file as webcal://, which it subscribes to, and the https file to download on other
    phones, saying which is which."""
    doc = parse(ex.html("/activities/"))
    links = {a.text.strip(): a.attrs["href"] for a in doc.iter("a") if "calendar.ics" in a.attrs.get("href", "")}
    base = ex.site.config.base_url
    assert links["订阅活动日历（苹果手机，自动更新）"] == "webcal://" + base.split("://", 1)[1] + "calendar.ics"
    assert links["下载活动日历"] == ex.prefix + "calendar.ics"
    assert "活动有变化会自动更新" in doc.text


def test_the_subscribed_calendar_says_how_often_to_fetch_it_again(ex):
    """A phone that subscribed to calendar.ics fetches it again at the pace the file asks
    (RFC 7986; X-PUBLISHED-TTL for Outlook and Apple), not only when its app decides to:
    else a moved or cancelled activity reaches residents days late."""
    calendar = icalendar.Calendar.from_ical((ex.out / "calendar.ics").read_bytes())
    interval = calendar.decoded("REFRESH-INTERVAL")
    assert dt.timedelta(hours=1) <= interval <= dt.timedelta(days=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-PUBLISHED-TTL"]) == calendar["REFRESH-INTERVAL"].to_ical().decode()
    # An activity's own file is imported once, not subscribed to.
    activity = ex.site.activities[0]
    own = icalendar.Calendar.from_ical((ex.out / activity.url.lstrip("/") / "event.ics").read_bytes())
    assert "REFRESH-INTERVAL" not in own and "X-PUBLISHED-TTL" not in own


def test_links_and_pictures_in_the_feeds_entries_are_absolute(ex):
    """Feed readers and chat-app bots show an entry away from the site and many ignore
    xml:base (none resolves a srcset by it): a picture or a link from the site's root would
    be broken there. Read as written, not through feedparser, which resolves them itself."""
    base = ex.site.config.base_url
    urls = []
    for content in ET.parse(ex.out / "feed.xml").getroot().iter("{http://www.w3.org/2005/Atom}content"):
        for element in parse(content.text or "").iter():
            urls += [element.attrs[name] for name in ("href", "src") if name in element.attrs]
            urls += [c.split()[0] for c in element.attrs.get("srcset", "").split(",") if c.strip()]
    internal = [url for url in urls if not url.startswith(("#", "mailto:", "tel:", "http://", "https://"))
                or url.startswith(base)]
    assert any(url.endswith(".png") for url in internal)  # the example's picture of the bins
    assert [url for url in internal if not url.startswith(base)] == []


SITE = {
    "content/activities/2026-12-06-walk.md": "---\ntitle: 健步走\nstart: 2026-12-06 09:30\nend: 2026-12-06 11:00\nlocation: 广场\n---\n一起走。\n",
    "content/activities/2026-12-31-party.md": "---\ntitle: 联欢会\nstart: 2026-12-31\n---\n全天。\n",
    "content/notices/2026-11-20-water.md": "---\ntitle: 停水\ndate: 2026-11-20\n---\n停水通知。\n",
}


def _build(root, out, cache):
    build(root, out, today=TODAY, cache_dir=cache, posters=False)
    return {p: (out / p).read_bytes() for p in ("calendar.ics", "feed.xml", "activities/2026-12-06-walk/event.ics")}


def test_calendars_and_feed_are_byte_identical_across_builds(make_site, tmp_path):
    root = make_site(tmp_path, SITE)
    first = _build(root, tmp_path / "a", tmp_path / "ca")
    second = _build(root, tmp_path / "b", tmp_path / "cb")
    assert first == second


def test_an_activity_without_a_date_keeps_its_feed_entry_and_dtstamp_from_day_to_day(make_site, tmp_path):
    """Its announcement is capped at the build's week, not its day: capped at the day, the
    feed's <updated> and every DTSTAMP moved each day until the activity began (feed readers
    saw it updated daily; the site changed on days the build did not announce). A new week
    is a day the build announces; nothing is dated after the build day still."""
    root = make_site(tmp_path, SITE)
    days = [dt.date(2026, 11, 24) + dt.timedelta(days=n) for n in range(6)]  # Tuesday to Sunday
    files = []
    for day in days:
        report = build(root, tmp_path / "out", today=day, cache_dir=tmp_path / "cache", posters=False)
        files.append({p: (tmp_path / "out" / p).read_bytes()
                      for p in ("calendar.ics", "feed.xml", "activities/2026-12-06-walk/event.ics")})
        assert report.next_change == dt.date(2026, 11, 30)  # the Monday after
    assert all(f == files[0] for f in files[1:])
    monday = dt.datetime(2026, 11, 23, tzinfo=ZoneInfo("Asia/Shanghai"))
    events = icalendar.Calendar.from_ical(files[0]["calendar.ics"]).walk("VEVENT")
    assert {event.decoded("DTSTAMP") for event in events} == {monday}
    assert {dt.datetime.fromisoformat(e.updated) for e in feedparser.parse(files[0]["feed.xml"]).entries
            if "2026-11-20-water" not in e.link} == {monday}


def test_an_all_day_activity_is_a_date_event(make_site, tmp_path):
    root = make_site(tmp_path, SITE)
    files = _build(root, tmp_path / "out", tmp_path / "cache")
    party = next(e for e in icalendar.Calendar.from_ical(files["calendar.ics"]).walk("VEVENT") if str(e["SUMMARY"]) == "联欢会")
    assert party.decoded("DTSTART") == dt.date(2026, 12, 31)
    assert party.decoded("DTEND") == dt.date(2027, 1, 1)


def test_changing_an_activity_keeps_its_uid(make_site, tmp_path):
    root = make_site(tmp_path, SITE)
    before = events_of(_build(root, tmp_path / "out", tmp_path / "cache")["activities/2026-12-06-walk/event.ics"])
    path = root / "content/activities/2026-12-06-walk.md"
    path.write_text(path.read_text(encoding="utf-8").replace("健步走", "健步走（改到东门）").replace("09:30", "10:00"), encoding="utf-8")
    after = events_of(_build(root, tmp_path / "out", tmp_path / "cache")["activities/2026-12-06-walk/event.ics"])
    assert list(before) == list(after) == ["2026-12-06-walk@example.org/test"]
    event = after["2026-12-06-walk@example.org/test"]
    assert str(event["SUMMARY"]) == "健步走（改到东门）"
    assert event.decoded("DTSTART").hour == 10


def test_nothing_is_dated_after_the_build_day(make_site, tmp_path):
    """Activities without a date: the feed's and the entries' <updated> and each DTSTAMP are
    their start, but never later than the day of the build (the activities here are to come)."""
    root = make_site(tmp_path, SITE)
    files = _build(root, tmp_path / "out", tmp_path / "cache")
    end_of_today = dt.datetime.combine(TODAY, dt.time(23, 59), tzinfo=ZoneInfo("Asia/Shanghai"))
    feed = feedparser.parse(files["feed.xml"])
    stamps = [dt.datetime.fromisoformat(feed.feed.updated)] + [dt.datetime.fromisoformat(e.updated) for e in feed.entries]
    assert stamps and all(stamp <= end_of_today for stamp in stamps), stamps
    events = icalendar.Calendar.from_ical(files["calendar.ics"]).walk("VEVENT")
    assert events and all(event.decoded("DTSTAMP") <= end_of_today for event in events)
    assert b"COMMENT:" not in files["calendar.ics"] and b"COMMENT:" not in files["activities/2026-12-06-walk/event.ics"]


def test_an_end_written_as_a_time_alone_ends_on_the_start_day(tmp_path):
    """``end: 11:30`` (YAML 1.1 would read the number 690) and a phone with a leading 0 (an
    octal number in YAML 1.1) come out as staff wrote them."""
    from pathlib import Path
    import shutil

    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "cases/end-time-alone-accepted", site, ignore=shutil.ignore_patterns("expected.txt"))
    build(site, tmp_path / "out", today=dt.date(2026, 11, 22), posters=False)
    ends = {str(event["SUMMARY"]): event.decoded("DTEND").replace(tzinfo=None)
            for event in icalendar.Calendar.from_ical((tmp_path / "out/calendar.ics").read_bytes()).walk("VEVENT")}
    assert ends == {"义诊进社区": dt.datetime(2026, 12, 6, 11, 30), "书法课": dt.datetime(2026, 12, 8, 16, 30)}
    assert "07551234567" in (tmp_path / "out/teams/doctors/index.html").read_text(encoding="utf-8")


LECTURE = "content/activities/2026-12-13-lecture.md"


def _lecture(root, end: str, today: dt.date):
    """The lecture page's text and its event's DTEND, built on ``today`` with ``end``."""
    (root / LECTURE).parent.mkdir(parents=True, exist_ok=True)
    (root / LECTURE).write_text(f"---\ntitle: 防跌倒讲座\nstart: 2026-12-13 09:30\nend: {end}\n---\n讲座。\n", encoding="utf-8")
    report = build(root, root.parent / "out", today=today, cache_dir=root.parent / "cache", posters=False)
    page = (root.parent / "out/activities/2026-12-13-lecture/index.html").read_text(encoding="utf-8")
    (event,) = events_of((root.parent / "out/activities/2026-12-13-lecture/event.ics").read_bytes()).values()
    (listed,) = [e for e in events_of((root.parent / "out/calendar.ics").read_bytes()).values() if str(e["SUMMARY"]) == "防跌倒讲座"]
    assert listed.decoded("DTEND") == event.decoded("DTEND")
    return report, page, event.decoded("DTEND")


def test_a_date_only_end_after_a_timed_start_runs_to_the_end_of_that_day(make_site, tmp_path):
    """``end: 2026-12-15`` is the whole of the 15th, on the website and in the calendar
    files alike: the page says it is over from the 16th, the build says the site changes
    then, and DTEND is the 16th's 00:00 (DTEND is exclusive), not the 15th's."""
    root = make_site(tmp_path, {})
    report, page, end = _lecture(root, "2026-12-15", dt.date(2026, 12, 15))
    assert end == dt.datetime(2026, 12, 16, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert "这个活动已经结束" not in page
    assert report.next_change == end.date()
    assert _shown_time(page) == "2026年12月13日 星期日 9:30 至 2026年12月15日"
    _, page, _ = _lecture(root, "2026-12-15", dt.date(2026, 12, 16))
    assert "这个活动已经结束" in page


def test_a_date_only_end_on_the_day_of_a_timed_start_ends_that_day(make_site, tmp_path):
    """``start: 2026-12-13 09:30`` with ``end: 2026-12-13`` is accepted: it ends that day,
    and no end time the user never wrote is shown (no "9:30–0:00")."""
    root = make_site(tmp_path, {})
    report, page, end = _lecture(root, "2026-12-13", dt.date(2026, 12, 13))
    assert end == dt.datetime(2026, 12, 14, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert report.next_change == end.date()
    assert _shown_time(page) == "2026年12月13日 星期日 9:30" and "这个活动已经结束" not in page


def _shown_time(page: str) -> str:
    """An activity page's time as residents read it (its times are kept whole in spans)."""
    found = re.search(r'<dd><time datetime="[^"]*">(.*?)</time>', page)
    assert found is not None, page
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_an_end_day_before_a_timed_start_is_told_as_written(make_site, run_cli, tmp_path):
    root = make_site(tmp_path, {LECTURE: "---\ntitle: 防跌倒讲座\nstart: 2026-12-13 09:30\nend: 2026-12-12\n---\n讲座。\n"})
    code, out, err = run_cli("check", root, "--today", "2026-11-22")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{LECTURE}:4: end: 结束日期 2026-12-12 早于开始日期 2026-12-13，请检查日期"
        "（当天结束的活动写 end: 2026-12-13，或只写结束时间，如 end: 11:30）")


def test_a_calendar_entry_keeps_the_lines_of_its_description(make_site, tmp_path):
    """Read on a phone: paragraphs and list items on lines of their own, not run together."""
    root = make_site(tmp_path, {"content/activities/2026-12-06-clinic.md":
                                "---\ntitle: 义诊\nstart: 2026-12-06 09:00\n---\n活动安排：\n\n- 上午**测血压**\n"
                                "- 下午讲座 &amp; 答疑\n\n请带医保卡。\n"})
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    (event,) = events_of((tmp_path / "out/activities/2026-12-06-clinic/event.ics").read_bytes()).values()
    assert str(event["DESCRIPTION"]).splitlines()[:4] == ["活动安排：", "· 上午测血压", "· 下午讲座 & 答疑", "请带医保卡。"]


def test_a_list_pasted_as_html_keeps_a_line_per_item_in_the_calendar_files(make_site, tmp_path):
    """A list inside a list item, pasted as HTML on one line from a web editor, ran into its
    parent's line (· 测血压· 左臂). Each item is a line of its own in both calendar files,
    which parse, fold every line within 75 octets, and are the same from a clean build and
    an incremental one."""
    body = "服务项目：<ul><li>测血压<ul><li>左臂</li><li>右臂</li></ul></li><li>测血糖</li></ul>\n\n请带医保卡。\n"
    clinic = "content/activities/2026-12-06-clinic.md"
    root = make_site(tmp_path, {clinic: "---\ntitle: 义诊\nstart: 2026-12-06 09:00\n---\n" + body,
                                "content/activities/2026-12-07-talk.md": "---\ntitle: 讲座\nstart: 2026-12-07 09:00\n---\n讲座。\n"})
    out = tmp_path / "out"
    build(root, out, today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    (root / clinic).write_text((root / clinic).read_text(encoding="utf-8").replace("请带医保卡", "请带身份证"), encoding="utf-8")
    build(root, out, today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    build(root, tmp_path / "clean", today=TODAY, cache_dir=tmp_path / "clean-cache", posters=False)
    for name in ("activities/2026-12-06-clinic/event.ics", "calendar.ics"):
        data = (out / name).read_bytes()
        assert data == (tmp_path / "clean" / name).read_bytes(), name
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), name
        event = events_of(data)["2026-12-06-clinic@example.org/test"]
        assert str(event["DESCRIPTION"]).splitlines()[:6] == [
            "服务项目：", "· 测血压", "· 左臂", "· 右臂", "· 测血糖", "请带身份证。"], name


def test_every_calendar_file_of_the_example_is_valid_icalendar(ex):
    """Each .ics parses with icalendar without a parse error, is CRLF lines of at most 75
    octets that each decode as UTF-8 (a fold never splits a Chinese character), and each
    event has the UID, DTSTAMP and DTSTART RFC 5545 requires, its zone's VTIMEZONE given."""
    files = sorted(ex.out.rglob("*.ics"))
    assert len(files) == len(ex.site.activities) + 1
    folded_chinese = False
    for path in files:
        data = path.read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), path
        lines = data[:-2].split(b"\r\n")
        for line in lines:
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # a character cut in two by a fold raises here
        folded_chinese |= any(line.startswith(b" ") and line[1] >= 0xE0 for line in lines)
        calendar = icalendar.Calendar.from_ical(data)
        assert [(c.name, e) for c in calendar.walk() for e in c.errors] == [], path
        zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
        for event in calendar.walk("VEVENT"):
            assert all(name in event for name in ("UID", "DTSTAMP", "DTSTART", "DTEND")), path
            for name in ("DTSTART", "DTEND"):
                assert event[name].params.get("TZID", ex.site.config.timezone) in zones, path
    assert folded_chinese  # the check above was put to the test


def test_the_zone_block_covers_the_end_of_an_activity_in_a_later_year(make_site, tmp_path):
    """A course from December to April ends in the next year's summer time. Calendars that
    read the VTIMEZONE block rather than the TZID's name (Outlook among them) need that
    year's transitions in it, or they put its end an hour off."""
    root = make_site(tmp_path, {
        "site.yaml": MINIMAL_SITE_YAML + "timezone: Europe/Berlin\n",
        "content/activities/2026-12-20-course.md": "---\ntitle: 课程\nstart: 2026-12-20 10:00\nend: 2027-04-10 12:00\n---\n课。\n"})
    build(root, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    for name in ("calendar.ics", "activities/2026-12-20-course/event.ics"):
        calendar = icalendar.Calendar.from_ical((tmp_path / "out" / name).read_bytes())
        (block,) = calendar.walk("VTIMEZONE")
        written = block.to_tz(lookup_tzid=False)  # the zone as the block defines it
        (event,) = calendar.walk("VEVENT")
        for moment in (event.decoded("DTSTART"), event.decoded("DTEND")):
            local = moment.replace(tzinfo=None)
            assert written.utcoffset(local) == ZoneInfo("Europe/Berlin").utcoffset(local), (name, local)


CANCELLED_SITE = {
    "content/activities/2026-12-02-yoga.md": (
        "---\ntitle: 瑜伽课\nstart: 2026-12-02 09:30\nend: 2026-12-02 11:00\ndate: 2026-11-10\nlocation: 活动室\n"
        "signup: 拨打 0831-2345678 报名\ncancelled: 因降雪取消，改期另行通知\ncancelled_on: 2026-11-24 08:30\n---\n一起练瑜伽。\n"),
    "content/activities/2026-12-03-chess.md": "---\ntitle: 象棋赛\nstart: 2026-12-03 09:30\ncancelled: true\n---\n下棋。\n",
    "content/activities/2026-12-06-walk.md": "---\ntitle: 健步走\nstart: 2026-12-06 08:00\ndate: 2026-11-10\n---\n走路。\n",
}


def test_a_cancelled_activity_stays_in_the_calendars_cancelled_and_newer(make_site, tmp_path):
    """A phone that subscribed to calendar.ics or imported the event.ics replaces the event
    by its UID: the event stays, STATUS:CANCELLED with SEQUENCE:1 (newer than the version
    it has, which had none), and its SUMMARY says 已取消 for calendars that show no status."""
    root = make_site(tmp_path, CANCELLED_SITE)
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 11, 25), posters=False)
    subscribed = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical((out / "calendar.ics").read_bytes()).walk("VEVENT")}
    assert set(subscribed) == {"【已取消】瑜伽课", "【已取消】象棋赛", "健步走"}
    for summary in ("【已取消】瑜伽课", "【已取消】象棋赛"):
        assert str(subscribed[summary]["STATUS"]) == "CANCELLED" and subscribed[summary].decoded("SEQUENCE") == 1
    assert "STATUS" not in subscribed["健步走"] and "SEQUENCE" not in subscribed["健步走"]
    own = icalendar.Calendar.from_ical((out / "activities/2026-12-02-yoga/event.ics").read_bytes())
    (event,) = own.walk("VEVENT")
    assert str(event["SUMMARY"]) == "【已取消】瑜伽课" and str(event["STATUS"]) == "CANCELLED" and event.decoded("SEQUENCE") == 1
    assert str(event["UID"]) == str(subscribed["【已取消】瑜伽课"]["UID"])
    description = str(event["DESCRIPTION"])
    assert description.startswith("已取消：因降雪取消，改期另行通知\n") and "报名" not in description
    # Announced on 11-10 and called off on 11-24 (cancelled_on), its event and feed entry are
    # dated at the cancellation: readers and calendars see a newer version.
    cancelled_on = dt.datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert event.decoded("DTSTAMP") == cancelled_on
    assert subscribed["健步走"].decoded("DTSTAMP") == dt.datetime(2026, 11, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    entries = {e.link: e for e in feedparser.parse((out / "feed.xml").read_bytes()).entries}
    yoga = entries["https://example.org/test/activities/2026-12-02-yoga/"]
    assert yoga.title == "【已取消】瑜伽课"
    assert yoga.summary == "已取消：因降雪取消，改期另行通知 时间：2026年12月2日 星期三 9:30–11:00 地点：活动室"
    assert dt.datetime.fromisoformat(yoga.updated) == cancelled_on
    assert entries["https://example.org/test/activities/2026-12-03-chess/"].summary == "已取消：活动取消，不再举行 时间：2026年12月3日 星期四 9:30"
    walk = entries["https://example.org/test/activities/2026-12-06-walk/"]
    assert walk.title == "健步走" and dt.datetime.fromisoformat(walk.updated).date() == dt.date(2026, 11, 10)


class YogaBuilds:
    """Builds of a site whose activity 2026-12-02-yoga.md is rewritten before each: its own
    event, its event in the subscribed calendar and its feed entry, as they come out."""

    YOGA = "content/activities/2026-12-02-yoga.md"
    URL = "https://example.org/test/activities/2026-12-02-yoga/"

    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root, out

    def __call__(self, text: str) -> tuple[icalendar.Event, icalendar.Event, object]:
        (self.root / self.YOGA).write_text(text, encoding="utf-8")
        build(self.root, self.out, today=dt.date(2026, 11, 25), posters=False)
        (own,) = icalendar.Calendar.from_ical((self.out / "activities/2026-12-02-yoga/event.ics").read_bytes()).walk("VEVENT")
        (subscribed,) = icalendar.Calendar.from_ical((self.out / "calendar.ics").read_bytes()).walk("VEVENT")
        return own, subscribed, {e.link: e for e in feedparser.parse((self.out / "feed.xml").read_bytes()).entries}[self.URL]


def test_a_moved_activity_keeps_its_event_which_says_it_moved_and_is_newer(make_site, tmp_path):
    """Moved to another day (start changed, rescheduled_from the day first announced), the
    event keeps its UID and gets SEQUENCE:1, so a phone that has the old day's event takes the
    new one in its place (RFC 5545 3.8.7.4), with a DTSTAMP and a feed entry newer than the
    announcement; the DESCRIPTION and the feed entry say first that it moved, and from when.
    Cancelled after the move, it is newer again: SEQUENCE:2."""
    announced = "---\ntitle: 瑜伽课\nstart: 2026-12-02 09:30\ndate: 2026-11-10\nlocation: 活动室\n---\n一起练瑜伽。\n"
    root = make_site(tmp_path, {YogaBuilds.YOGA: announced})
    built = YogaBuilds(root, tmp_path / "out")

    before, _, entry_before = built(announced)
    assert "SEQUENCE" not in before
    moved = announced.replace("start: 2026-12-02 09:30\n", "start: 2026-12-09 09:30\nrescheduled_from: 2026-12-02\n")
    own, subscribed, entry = built(moved)
    for event in (own, subscribed):
        assert str(event["UID"]) == str(before["UID"]) and event.decoded("SEQUENCE") == 1
        assert event.decoded("DTSTART") == dt.datetime(2026, 12, 9, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
        assert str(event["DESCRIPTION"]).startswith("已改期，原定 2026年12月2日 星期三\n"), event["DESCRIPTION"]
        assert event.decoded("DTSTAMP") > before.decoded("DTSTAMP")
        assert "STATUS" not in event and str(event["SUMMARY"]) == "瑜伽课"
    assert entry.summary == "已改期（原定 2026年12月2日 星期三） 时间：2026年12月9日 星期三 9:30 地点：活动室"
    assert entry.content[0].value.startswith("<p>已改期（原定 2026年12月2日 星期三）</p>")
    assert dt.datetime.fromisoformat(entry.updated) > dt.datetime.fromisoformat(entry_before.updated)
    own, _, entry = built(moved.replace("---\n一起", "cancelled: 因降雪取消\n---\n一起"))
    assert own.decoded("SEQUENCE") == 2 and str(own["STATUS"]) == "CANCELLED"
    assert str(own["DESCRIPTION"]).startswith("已取消：因降雪取消\n已改期，原定 2026年12月2日 星期三\n")
    assert entry.summary.startswith("已取消：因降雪取消 已改期（原定 2026年12月2日 星期三） 时间：")


@pytest.mark.parametrize("days", ["[2026-12-02, 2026-12-09]", "\n  - 2026-12-02\n  - 2026-12-09"], ids=["flow", "block"])
def test_an_activity_moved_again_is_newer_again_and_names_both_earlier_days(make_site, tmp_path, days):
    """Moved a second time (rescheduled_from lists the days announced before, in that order),
    its event's SEQUENCE went on saying 1: a phone that had taken the first move kept the
    second day (RFC 5545: only a higher SEQUENCE supersedes), and the feed entry's ``updated``
    stayed, so readers did not show it again. Each move counts now (3 when also cancelled),
    from the file alone; the DESCRIPTION and the feed entry name the first day and the last."""
    once = "---\ntitle: 瑜伽课\nstart: 2026-12-09 09:30\nrescheduled_from: 2026-12-02\ndate: 2026-11-10\nlocation: 活动室\n---\n一起练瑜伽。\n"
    root = make_site(tmp_path, {YogaBuilds.YOGA: once})
    built = YogaBuilds(root, tmp_path / "out")

    before, _, entry_before = built(once)
    assert before.decoded("SEQUENCE") == 1
    twice = once.replace("start: 2026-12-09 09:30\nrescheduled_from: 2026-12-02\n",
                         f"start: 2026-12-16 09:30\nrescheduled_from: {days}\n")
    own, subscribed, entry = built(twice)
    for event in (own, subscribed):
        assert str(event["UID"]) == str(before["UID"]) and event.decoded("SEQUENCE") == 2
        assert event.decoded("DTSTART") == dt.datetime(2026, 12, 16, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
        assert str(event["DESCRIPTION"]).startswith("已改期，原定 2026年12月2日 星期三，后改 2026年12月9日 星期三\n"), \
            event["DESCRIPTION"]
        assert event.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert entry.summary == ("已改期（原定 2026年12月2日 星期三，后改 2026年12月9日 星期三） "
                             "时间：2026年12月16日 星期三 9:30 地点：活动室")
    assert dt.datetime.fromisoformat(entry.updated) > dt.datetime.fromisoformat(entry_before.updated)
    own, _, cancelled = built(twice.replace("---\n一起", "cancelled: 因降雪取消\n---\n一起"))
    assert own.decoded("SEQUENCE") == 3 and str(own["STATUS"]) == "CANCELLED"
    assert own.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert dt.datetime.fromisoformat(cancelled.updated) > dt.datetime.fromisoformat(entry.updated)


ACTIVITY_FEES = {"zero": "0", "five": "5", "half": "5.5", "quoted": '"5"', "words": "免费（基础包）"}


@pytest.mark.parametrize("language, label, shown", [
    ("zh-Hans", "费用", ["免费", "5 元", "5.5 元", "5 元", "免费（基础包）"]),
    ("zh-Hant", "費用", ["免費", "5 元", "5.5 元", "5 元", "免费（基础包）"]),
    ("en", "Fee", ["Free", "¥5", "¥5.5", "¥5", "免费（基础包）"]),
])
def test_an_activitys_fee_written_as_a_number_reads_as_free_or_an_amount(make_site, tmp_path, language, label, shown):
    """YAML reads ``fee: 0`` and ``fee: 5`` as numbers: the activity's page and its calendar
    event said 费用：0 and 费用：5. They say what services say (models.worded_fee), in the
    site's language; a fee in words stays as written."""
    files = {f"content/activities/2026-12-0{number}-{id}.md": f"---\ntitle: {id}\nstart: 2026-12-0{number} 09:00\nfee: {fee}\n---\n活动。\n"
             for number, (id, fee) in enumerate(ACTIVITY_FEES.items(), start=1)}
    root = make_site(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + f"language: {language}\n", **files})
    out = tmp_path / "out"
    build(root, out, today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    colon = ": " if language == "en" else "："
    on_pages, in_events = [], []
    for number, id in enumerate(ACTIVITY_FEES, start=1):
        folder = out / f"activities/2026-12-0{number}-{id}"
        facts = parse((folder / "index.html").read_text(encoding="utf-8")).find("dl", class_="facts")
        on_pages.append(next(div.find("dd").text for div in facts.iter("div") if div.find("dt").text.startswith(label)))
        (event,) = events_of((folder / "event.ics").read_bytes()).values()
        in_events.append(next(line for line in str(event["DESCRIPTION"]).splitlines() if line.startswith(label + colon))
                         .removeprefix(label + colon))
    assert on_pages == shown
    assert in_events == shown


def test_a_large_photo_in_a_feed_entry_is_its_largest_copy_by_an_absolute_url(make_site, tmp_path):
    """A feed reader or chat-app bot shows an entry's picture by its src, seldom its srcset:
    a phone photo must not come as the whole original (which is not published either), but
    as its 1440-pixel copy, at an address that works away from the site."""
    import io

    from PIL import Image

    photo = io.BytesIO()
    Image.new("RGB", (4000, 3000), "#3a7").save(photo, "JPEG", quality=80)
    root = make_site(tmp_path, {**SITE, "content/media/现场.jpg": photo.getvalue(),
                                "content/notices/2026-11-21-photo.md":
                                    "---\ntitle: 现场\ndate: 2026-11-21\n---\n![改造后的广场](../media/现场.jpg)\n"})
    out = tmp_path / "out"
    build(root, out, today=TODAY, cache_dir=tmp_path / "cache", posters=False)
    images = [element for content in ET.parse(out / "feed.xml").getroot().iter("{http://www.w3.org/2005/Atom}content")
              for element in parse(content.text or "").iter() if element.tag == "img"]
    (img,) = images
    base = "https://example.org/test/media/"
    assert unquote(img.attrs["src"]) == base + "现场.1440w.jpg"
    assert [unquote(c.split()[0]) for c in img.attrs["srcset"].split(",")] == \
        [f"{base}现场.{w}w.jpg" for w in (480, 960, 1440)]
    assert (img.attrs["width"], img.attrs["height"]) == ("1440", "1080")
    for url in [img.attrs["src"]] + [c.split()[0] for c in img.attrs["srcset"].split(",")]:
        assert (out / unquote(url).removeprefix("https://example.org/test/")).is_file(), url


def _move_walk_to_the_7th(root, keep_slug: bool) -> None:
    """What staff do when an activity moves (a): change start, then, as the build's warning
    about the file name's date says, rename the file."""
    old = root / "content/activities/2026-12-06-walk.md"
    text = old.read_text(encoding="utf-8").replace("2026-12-06", "2026-12-07")
    if keep_slug:
        text = text.replace("title:", "slug: 2026-12-06-walk\ntitle:", 1)
    (root / "content/activities/2026-12-07-walk.md").write_text(text, encoding="utf-8")
    old.unlink()


def test_a_published_activitys_moved_address_is_told_once_with_the_slug_that_keeps_it(make_site, run_cli, tmp_path):
    """The date fixed in the file name (as the file-name date warning asks): the page moves, the
    poster's QR code and bookmarks lead to a 404 and the calendar's UID changes (a subscriber
    sees the activity twice). The build names the old address and the slug: that keeps it."""
    root = make_site(tmp_path, SITE)
    old_url, new_url, file = "2026-12-06-walk", "2026-12-07-walk", "content/activities/2026-12-07-walk.md"
    args = ("build", root, "--today", TODAY.isoformat(), "--no-posters", "--out", tmp_path / "out", "--cache", tmp_path / "cache")
    assert run_cli(*args)[0] == 0
    _move_walk_to_the_7th(root, keep_slug=False)
    code, _, told = run_cli(*args)
    assert code == 0
    assert not (tmp_path / "out/activities" / old_url).exists() and (tmp_path / "out/activities" / new_url / "index.html").exists()
    assert f"{file}:2: slug: " in told
    assert f"https://example.org/test/activities/{old_url}/" in told and f"/activities/{new_url}/" in told
    assert f"slug: {old_url}" in told
    # Told once: the build after it (nothing changed) and a clean build do not say it again.
    assert old_url not in run_cli(*args)[2]
    assert old_url not in run_cli("build", root, "--today", TODAY.isoformat(), "--no-posters",
                                   "--out", tmp_path / "clean", "--cache", tmp_path / "clean-cache")[2]


def test_the_slug_the_message_names_keeps_the_address_and_the_calendar_uid(make_site, run_cli, tmp_path):
    root = make_site(tmp_path, SITE)
    before = events_of(_build(root, tmp_path / "out", tmp_path / "cache")["activities/2026-12-06-walk/event.ics"])
    _move_walk_to_the_7th(root, keep_slug=True)
    code, _, told = run_cli("build", root, "--today", TODAY.isoformat(), "--no-posters", "--out", tmp_path / "out", "--cache", tmp_path / "cache")
    assert code == 0 and "2026-12-06-walk" not in told
    after = events_of((tmp_path / "out/activities/2026-12-06-walk/event.ics").read_bytes())
    assert list(after) == list(before) == ["2026-12-06-walk@example.org/test"]
    assert after["2026-12-06-walk@example.org/test"].decoded("DTSTART").day == 7


def _feed_and_calendar(root, out, today: dt.date):
    """feed.xml's entries' <updated> by link, and the bytes of feed.xml and calendar.ics,
    built on ``today``; and the build's warnings."""
    report = build(root, out, today=today, cache_dir=out.parent / "cache", posters=False)
    feed = (out / "feed.xml").read_bytes()
    updated = {e.link.rsplit("/", 2)[-2]: dt.datetime.fromisoformat(e.updated) for e in feedparser.parse(feed).entries}
    return updated, (feed, (out / "calendar.ics").read_bytes()), report.warnings


CANCELLATIONS = {
    # announced on 11-10, called off on 11-18
    "content/activities/2026-12-10-yoga.md":
        "---\ntitle: 瑜伽课\nstart: 2026-12-10 09:30\ndate: 2026-11-10\ncancelled: 因降雪取消\ncancelled_on: 2026-11-18\n---\n练。\n",
    # announced and called off on 11-16, a Monday: the same day, the same week
    "content/activities/2026-12-11-chess.md":
        "---\ntitle: 象棋赛\nstart: 2026-12-11 09:30\ndate: 2026-11-16\ncancelled: 场地维修\ncancelled_on: 2026-11-16\n---\n下棋。\n",
    # no date: announced on or before 11-19, the day it was called off
    "content/activities/2026-12-12-walk.md":
        "---\ntitle: 健步走\nstart: 2026-12-12 08:00\ncancelled: true\ncancelled_on: 2026年11月19日\n---\n走路。\n",
    # the day it was called off not written: the second after its announcement
    "content/activities/2026-12-13-tea.md":
        "---\ntitle: 茶话会\nstart: 2026-12-13 14:00\ndate: 2026-11-12\ncancelled: 老师生病\n---\n喝茶。\n",
}


def test_a_cancellations_feed_entry_is_dated_by_its_content_on_every_build_day(make_site, tmp_path):
    """A cancelled activity's <updated> (and DTSTAMP) came from the build's week: readers saw
    the same cancellation updated again every Monday until the activity, and one announced and
    called off in one week kept its announcement's <updated>, so a reader that had the
    announcement never learned of the cancellation. Now it is its cancelled_on, after its
    announcement, the same on every build day: feed.xml and calendar.ics do not change from
    week to week."""
    root = make_site(tmp_path, CANCELLATIONS)
    zone = ZoneInfo("Asia/Shanghai")
    days = [dt.date(2026, 11, 20), dt.date(2026, 11, 25), dt.date(2026, 12, 2), dt.date(2026, 12, 9)]  # four weeks
    built = [_feed_and_calendar(root, tmp_path / "out", day) for day in days]
    updated, files, _ = built[0]
    assert updated == {
        "2026-12-10-yoga": dt.datetime(2026, 11, 18, tzinfo=zone),
        "2026-12-11-chess": dt.datetime(2026, 11, 16, 0, 0, 1, tzinfo=zone),
        "2026-12-12-walk": dt.datetime(2026, 11, 19, tzinfo=zone),
        "2026-12-13-tea": dt.datetime(2026, 11, 12, 0, 0, 1, tzinfo=zone),
    }
    assert [b[0] for b in built[1:]] == [updated] * 3 and [b[1] for b in built[1:]] == [files] * 3
    stamps = {str(e["UID"]).split("@")[0]: e.decoded("DTSTAMP") for e in icalendar.Calendar.from_ical(files[1]).walk("VEVENT")}
    assert stamps == updated
    # Only the one without cancelled_on gets a warning, naming the line to add with the day.
    told = [(w.path, w.field, w.text.zh) for w in built[1][2] if w.field in ("cancelled", "cancelled_on")]
    assert [(path, field) for path, field, _ in told] == [("content/activities/2026-12-13-tea.md", "cancelled")]
    assert "cancelled_on: 2026-11-25" in told[0][2]


def test_a_cancellation_newer_than_the_announcement_a_reader_saw(make_site, tmp_path):
    """Announced and called off within a week: the reader polled between the two builds and
    must find the entry's <updated> newer than the one it has."""
    yoga = "content/activities/2026-12-10-yoga.md"
    root = make_site(tmp_path, {yoga: "---\ntitle: 瑜伽课\nstart: 2026-12-10 09:30\ndate: 2026-11-24\n---\n练。\n"})
    seen, _, _ = _feed_and_calendar(root, tmp_path / "out", dt.date(2026, 11, 24))
    for cancellation in ("cancelled: 因降雪取消\ncancelled_on: 2026-11-24\n", "cancelled: 因降雪取消\n",
                         "cancelled: 因降雪取消\ncancelled_on: 2026-11-26\n"):
        (root / yoga).write_text(f"---\ntitle: 瑜伽课\nstart: 2026-12-10 09:30\ndate: 2026-11-24\n{cancellation}---\n练。\n",
                                 encoding="utf-8")
        now, _, _ = _feed_and_calendar(root, tmp_path / "out", dt.date(2026, 11, 26))
        assert now["2026-12-10-yoga"] > seen["2026-12-10-yoga"], cancellation


def test_a_cancellation_dated_after_the_build_day_is_dated_that_day_with_a_warning(make_site, tmp_path):
    root = make_site(tmp_path, {"content/activities/2026-12-10-yoga.md":
                                "---\ntitle: 瑜伽课\nstart: 2026-12-10 09:30\ndate: 2026-11-10\ncancelled: 因降雪取消\n"
                                "cancelled_on: 2026-11-28\n---\n练。\n"})
    updated, _, warnings = _feed_and_calendar(root, tmp_path / "out", dt.date(2026, 11, 25))
    assert updated["2026-12-10-yoga"] == dt.datetime(2026, 11, 25, tzinfo=ZoneInfo("Asia/Shanghai"))
    (told,) = [w for w in warnings if w.field == "cancelled_on"]
    assert told.line == 6 and "2026-11-28" in told.text.zh and "今天 2026-11-25" in told.text.zh


WHEN_SITE = {
    "content/activities/2027-01-15-porridge.md": (
        "---\ntitle: 腊八节温暖送粥\nstart: 农历2026年腊月初八 08:00\nend: 10:30\nlocation: 社区广场东侧\n"
        "summary: 给辖区老人送腊八粥\n---\n欢迎<志愿者>报名。\n"),
    "content/activities/2026-12-20-course.md": "---\ntitle: 课程\nstart: 2026-12-20 10:00\nend: 2026-12-22 12:00\n---\n课。\n",
    "content/activities/2026-12-31-party.md": "---\ntitle: 联欢会\nstart: 2026-12-31\n---\n全天。\n",
    "content/activities/2026-12-02-yoga.md": CANCELLED_SITE["content/activities/2026-12-02-yoga.md"],
}


def _page_facts(out, slug: str) -> dict[str, str]:
    """The activity page's facts (时间, 地点...) by label, as a resident reads them."""
    facts = parse((out / f"activities/{slug}/index.html").read_text(encoding="utf-8")).find("dl", class_="facts")
    return {div.find("dt").text.strip(): " ".join(div.find("dd").text.split()) for div in facts.iter("div")}


@pytest.mark.parametrize("language, time_label, place_label, colon", [
    ("zh-Hans", "时间", "地点", "："), ("zh-Hant", "時間", "地點", "："), ("en", "Time", "Place", ": ")])
def test_an_activitys_feed_entry_says_when_and_where_before_its_text(make_site, tmp_path, language, time_label,
                                                                      place_label, colon):
    """A feed reader, or a chat bot forwarding new entries, showed 腊八节温暖送粥 and its text
    without a day, a time or a place. The summary and the content begin with them, in the
    words of the activity page's 时间 and 地点 lines (lunar date included), after 已取消 for a
    cancelled one; the feed stays valid Atom."""
    root = make_site(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + f"language: {language}\n", **WHEN_SITE})
    out = tmp_path / "out"
    build(root, out, today=dt.date(2026, 11, 25), cache_dir=tmp_path / "cache", posters=False)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    entries = {e.link.rsplit("/", 2)[-2]: e for e in feed.entries}
    for slug, rest in (("2027-01-15-porridge", "给辖区老人送腊八粥"), ("2026-12-20-course", ""), ("2026-12-31-party", "")):
        facts = _page_facts(out, slug)
        when = f"{time_label}{colon}{facts[time_label + colon.strip()]}"
        where = f"{place_label}{colon}{facts[place_label + colon.strip()]}" if slug == "2027-01-15-porridge" else ""
        entry = entries[slug]
        assert entry.summary == " ".join(part for part in (when, where, rest) if part)
        content = entry.content[0].value
        head, body = content.split("</p>", 1)
        assert " ".join(ET.fromstring(head.replace("<br>", "<br/>") + "</p>").itertext()) == " ".join(
            part for part in (when, where) if part)
        assert slug != "2027-01-15-porridge" or body.strip() == "<p>欢迎&lt;志愿者&gt;报名。</p>"
    porridge = _page_facts(out, "2027-01-15-porridge")[time_label + colon.strip()]
    assert porridge.startswith(("2027年1月15日 星期五", "Fri 15 Jan 2027")) and "8:00–10:30" in porridge
    assert "腊月初八" in porridge
    # A cancelled one says so first, then when and where it was to be.
    yoga = entries["2026-12-02-yoga"]
    cancelled = {"zh-Hans": "已取消：", "zh-Hant": "已取消：", "en": "Cancelled: "}[language] + "因降雪取消，改期另行通知"
    facts = _page_facts(out, "2026-12-02-yoga")
    assert yoga.summary == (f"{cancelled} {time_label}{colon}{facts[time_label + colon.strip()]} "
                            f"{place_label}{colon}{facts[place_label + colon.strip()]}")
    assert yoga.content[0].value.startswith(f"<p>{cancelled}</p>")
