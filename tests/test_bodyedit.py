"""The edit fast path (generator.bodyedit): an edit to a notice's body or title alone publishes
its page (and, for a title, the lists showing it) without rebuilding the site, and the output
is byte for byte a clean build's; any other edit takes the full incremental build."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

import pytest

from generator.errors import SiteError
from generator.snapshot import BuildReport, build_if_changed

from conftest import MINIMAL_SITE_YAML, make_site_files, tree_hashes

TODAY = dt.date(2026, 11, 22)
FEED_SIZE = 50  # generator.feeds.LIMIT: the newest notices show their bodies in the feed too
OLDEST = f"content/notices/n{FEED_SIZE + 4:03d}.md"  # the site's oldest notice: not in the feed


def _notice(number: int, body: str = "", **fields: str) -> str:
    front = {"title": f"第{number}号通知", "date": str(TODAY - dt.timedelta(days=number)), "tags": "[停水]", **fields}
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in front.items()) + f"---\n{body or f'第{number}号通知的正文。'}\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site with more notices than the feed shows, and a page in the menu."""
    files = {f"content/notices/n{number:03d}.md": _notice(number) for number in range(FEED_SIZE + 5)}
    files["content/pages/about.md"] = "---\ntitle: 关于我们\nmenu: 1\n---\n社区简介。\n"
    return make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 5\n", **files})


def _build(root: Path, out: Path) -> BuildReport:
    return build_if_changed(root, out, today=TODAY, cache_dir=out.parent / f"{out.name}-cache", posters=False)


def _same_as_clean_build(root: Path, out: Path) -> None:
    clean = out.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.rmtree(out.parent / "clean-cache", ignore_errors=True)
    _build(root, clean)
    assert tree_hashes(out) == tree_hashes(clean)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_body_edit_renders_only_that_page(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _build(site, out)
    oldest = site / OLDEST
    _edit(oldest, "的正文。", "的正文。\n\n补充：停水时间改为下午两点。")
    report = _build(site, out)
    assert report.body_edit and report.rendered == 1
    assert report.pages == first.pages
    (page,) = out.glob(f"notices/*-n{FEED_SIZE + 4:03d}/index.html")
    assert "停水时间改为下午两点" in page.read_text(encoding="utf-8")
    _same_as_clean_build(site, out)
    # The search index found the new words.
    assert report.written > 1
    # The next build with no change is the no-change answer; the next full build renders the
    # lists again (their keys held the old body) and writes nothing.
    assert _build(site, out).rendered == 0
    (site / "content/notices/extra.md").write_text(_notice(200), encoding="utf-8")
    full = _build(site, out)
    assert not full.body_edit
    _same_as_clean_build(site, out)


def test_a_page_of_the_menu_is_a_body_edit_too(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    _edit(site / "content/pages/about.md", "社区简介。", "社区简介：共有住户 3000 户。")
    assert _build(site, out).body_edit
    _same_as_clean_build(site, out)


def test_front_matter_edits_take_the_full_build(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    notice = site / OLDEST
    for old, new in [("tags: [停水]", "tags: [停电]"), ("---\n第", "pinned: true\n---\n第"),
                     (f"第{FEED_SIZE + 4}号通知\n", "改过的标题\nexpires: 2030-01-01\n")]:
        _edit(notice, old, new)
        report = _build(site, out)
        assert not report.body_edit, old
        _same_as_clean_build(site, out)


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import generator.rebuild

    rendered: list[str] = []
    real = generator.rebuild.render_output

    def render(env, output, shared):
        rendered.append(output.url)
        return real(env, output, shared)

    monkeypatch.setattr(generator.rebuild, "render_output", render)
    return rendered


def test_a_title_edit_renders_its_page_and_the_lists_showing_it(site: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    _build(site, out)
    rendered = _rendered(monkeypatch)
    _edit(site / OLDEST, f"第{FEED_SIZE + 4}号通知\n", "改过的标题\n")
    report = _build(site, out)
    # 55 notices, 5 a page: the oldest is on the 11th page of the notices and of the tag 停水,
    # and on its year's page; not in the feed, nor on the home page (the five newest), nor in
    # the tag cloud (its count), nor on the list of years (their counts).
    assert report.body_edit
    page, *lists = rendered
    assert page.startswith("/notices/") and page.endswith(f"-n{FEED_SIZE + 4:03d}/")
    assert sorted(lists) == ["/notices/2026/", "/notices/page/11/", "/tags/ting-shui/page/11/"]
    for page in ("notices/page/11/index.html", "tags/ting-shui/page/11/index.html", "notices/2026/index.html"):
        assert "改过的标题" in (out / page).read_text(encoding="utf-8")
    _same_as_clean_build(site, out)
    # A second title edit on the same list page reads the first one's entry from the cache.
    _edit(site / f"content/notices/n{FEED_SIZE + 3:03d}.md", f"第{FEED_SIZE + 3}号通知\n", "又一个新标题\n")
    assert _build(site, out).body_edit
    assert "改过的标题" in (out / "notices/page/11/index.html").read_text(encoding="utf-8")
    _same_as_clean_build(site, out)
    # The next full build renders the lists again (they were given no key) and writes nothing new.
    (site / "content/notices/extra.md").write_text(_notice(200), encoding="utf-8")
    assert not _build(site, out).body_edit
    _same_as_clean_build(site, out)


def test_a_title_edit_in_a_full_year_stays_on_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A year's page lists up to ARCHIVE_PER_PAGE notices, each read back from the cache when a
    title on it is edited, with those of its list page and tag pages: within ENTRIES_LIMIT, so
    the edit is published at once (a page of 500 sent every title edit of the bench to the
    full build: 2.7 s instead of 0.4)."""
    from generator.routes import ARCHIVE_PER_PAGE

    count = ARCHIVE_PER_PAGE + 10  # two pages of 2026, the first one full
    files = {f"content/notices/n{number:03d}.md": _notice(number % 300, tags="[]") for number in range(count)}
    files["content/notices/n100.md"] = _notice(100)  # tagged 停水, as are activities of the days around it
    start = dt.datetime.combine(TODAY - dt.timedelta(days=100), dt.time(9))
    for number in range(60):
        when = start + dt.timedelta(days=number // 2 - 15)
        files[f"content/activities/a{number:02d}.md"] = f"---\ntitle: 活动{number}\nstart: {when:%Y-%m-%d %H:%M}\ntags: [停水]\n---\n活动。\n"
    site = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 50\n", **files})
    out = tmp_path / "out"
    _build(site, out)
    rendered = _rendered(monkeypatch)
    _edit(site / "content/notices/n100.md", "第100号通知\n", "改过的标题\n")  # on the year's first page
    assert _build(site, out).body_edit
    assert "/notices/2026/" in rendered and any(url.startswith("/tags/ting-shui/") for url in rendered)
    assert "改过的标题" in (out / "notices/2026/index.html").read_text(encoding="utf-8")
    _same_as_clean_build(site, out)


def test_a_title_on_the_home_page_and_in_the_feed(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    _edit(site / "content/notices/n001.md", "第1号通知\n", "最新的标题\n")
    report = _build(site, out)
    assert report.body_edit
    for page in ("index.html", "feed.xml", "notices/index.html", "tags/ting-shui/index.html"):
        assert "最新的标题" in (out / page).read_text(encoding="utf-8"), page
    _same_as_clean_build(site, out)


def _publish_edit(root: Path, out: Path, relpath: str, old: str, new: str, *, fast: bool) -> None:
    """Edit a file, build, and compare with a clean build; ``fast``: by the fast path."""
    _edit(root / relpath, old, new)
    assert _build(root, out).body_edit == fast
    _same_as_clean_build(root, out)


def test_a_title_of_the_menu_takes_the_full_build(site: Path, tmp_path: Path) -> None:
    """Every page shows the menu: a title there is not a few pages' change."""
    out = tmp_path / "out"
    _build(site, out)
    _publish_edit(site, out, "content/pages/about.md", "title: 关于我们", "title: 社区简介", fast=False)


def test_a_list_that_shows_a_link_between_entries_takes_the_full_build(tmp_path: Path) -> None:
    """A tag page that shows an activity's team needs the team, which the fast path does not load."""
    files = {f"content/notices/n{number:03d}.md": _notice(number) for number in range(12)}
    files["content/teams/t1.md"] = "---\nname: 红袖标巡逻队\n---\n巡逻。\n"
    files["content/activities/a1.md"] = (f"---\ntitle: 巡逻\nstart: {TODAY - dt.timedelta(days=2)} 09:00\n"
                                         "team: t1\ntags: [停水]\n---\n一起巡逻。\n")
    files["templates/tag.html"] = ('{% extends "base.html" %}{% block content %}{% for item in pager.items %}'
                                   '{{ item.title }}{% if item.team is defined and item.team %}（{{ item.team.name }}）{% endif %} '
                                   '{% endfor %}{% endblock %}\n')
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 5\n", **files})
    out = tmp_path / "out"
    _build(root, out)
    assert "巡逻（红袖标巡逻队）" in (out / "tags/ting-shui/index.html").read_text(encoding="utf-8")
    _publish_edit(root, out, "content/notices/n001.md", "第1号通知\n", "改过的标题\n", fast=False)
    assert "改过的标题" in (out / "tags/ting-shui/index.html").read_text(encoding="utf-8")


def test_a_notice_in_the_feed_writes_its_page_and_the_feed(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    _edit(site / "content/notices/n000.md", "的正文。", "的正文，已更新。")
    report = _build(site, out)
    assert report.body_edit and report.rendered == 2  # the page and the feed
    assert "已更新" in (out / "feed.xml").read_text(encoding="utf-8")
    _same_as_clean_build(site, out)
    # The next body edit writes the feed from the bodies as they are now, the first one's included.
    _edit(site / "content/notices/n001.md", "的正文。", "的正文，也更新了。")
    assert _build(site, out).body_edit
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "已更新" in feed and "也更新了" in feed
    _same_as_clean_build(site, out)


def test_a_private_number_in_the_body_stops_the_build_as_before(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    notice = site / OLDEST
    _edit(notice, "的正文。", "的正文。联系人手机 13812345678。")
    with pytest.raises(SiteError) as stopped:
        _build(site, out)
    assert any(problem.path == OLDEST and problem.is_error
               for problem in stopped.value.problems)
    _edit(notice, "联系人手机 13812345678。", "")
    _build(site, out)  # the failed build published nothing: this compares with the last good one
    _same_as_clean_build(site, out)


def test_a_warning_in_the_body_is_told_by_the_full_build(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    notice = site / OLDEST
    _edit(notice, "的正文。", "的正文。在这里写通知正文")
    report = _build(site, out)
    assert not report.body_edit
    assert any(warning.path == OLDEST for warning in report.warnings)
    # Fixed: the file had a warning in the last report, so the full build tells it is gone.
    _edit(notice, "在这里写通知正文", "")
    report = _build(site, out)
    assert not report.body_edit and not report.warnings
    _same_as_clean_build(site, out)


def test_a_dead_link_to_a_page_of_the_site_is_told_as_by_a_clean_build(site: Path, tmp_path: Path) -> None:
    """Whether a page of the site exists is judged with every page planned, which the fast
    path does not do: an edit linking to a page the published version did not link to takes
    the full build, and a body edit around links already judged stays fast."""
    out = tmp_path / "out"
    _build(site, out)
    notice = site / OLDEST
    live = f"/notices/{TODAY:%Y-%m-%d}-n000/"  # the newest notice's page
    _edit(notice, "的正文。", "的正文。详见[停水通知](/notices/2026-11-22-n00/)。")
    report = _build(site, out)
    assert not report.body_edit
    assert [(w.path, w.line) for w in report.warnings] == [(OLDEST, 6)]
    assert "“/notices/2026-11-22-n00/” 在本网站上不存在" in report.warnings[0].format()
    assert f"是不是想写 “{live}”" in report.warnings[0].format()
    _same_as_clean_build(site, out)
    _edit(notice, "/notices/2026-11-22-n00/", live)  # fixed: the full build tells the warning is gone
    report = _build(site, out)
    assert not report.body_edit and not report.warnings
    _edit(notice, "详见", "停水安排详见")  # the same link: published fast
    assert _build(site, out).body_edit
    _same_as_clean_build(site, out)
    for added, warned in [("[首页](/)", False), ("[旧通知](/notices/old/#top)", True)]:
        _edit(notice, "详见", f"{added}详见")
        report = _build(site, out)
        assert not report.body_edit
        assert [w.path for w in report.warnings] == ([OLDEST] if warned else [])
        _same_as_clean_build(site, out)


def test_two_body_edits_at_once_and_a_deleted_output_file(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    for number in (FEED_SIZE + 3, FEED_SIZE + 4):
        _edit(site / f"content/notices/n{number:03d}.md", "的正文。", "的正文。两份一起改。")
    assert _build(site, out).rendered == 2
    _same_as_clean_build(site, out)
    (out / "tags/index.html").unlink()
    _edit(site / OLDEST, "两份一起改。", "又改了一次。")
    assert not _build(site, out).body_edit  # the output lost a file: the full build restores it
    _same_as_clean_build(site, out)


def test_random_body_and_title_edits_equal_clean_builds(site: Path, tmp_path: Path) -> None:
    """Bodies and titles of notices in and out of the feed and of the menu page, one or two at a time."""
    rng = random.Random(11)
    out = tmp_path / "out"
    _build(site, out)
    # The ten oldest notices: five in the feed, five not; the newest (on the home page); the menu page.
    notices = sorted((site / "content/notices").glob("*.md"))
    candidates = notices[-10:] + notices[:2] + [site / "content/pages/about.md"]
    fast = titles = 0
    for step in range(30):
        for path in rng.sample(candidates, rng.choice([1, 1, 2])):
            front, _, _ = path.read_text(encoding="utf-8").rpartition("---\n")
            if rng.random() < 0.4:
                title = "".join(rng.choice(["停水", "通知", "社区", "义诊", "（更正）"]) for _ in range(3))
                front = re.sub(r"(?m)^title: .*$", f"title: {title}", front)
                titles += 1
            body = "".join(rng.choice(["停水", "通知", "社区", "义诊", "。", "\n\n- 列表项"]) for _ in range(12))
            path.write_text(f"{front}---\n{body}\n", encoding="utf-8")
        fast += _build(site, out).body_edit
        _same_as_clean_build(site, out)
    assert titles >= 10 and fast >= 25  # all but the menu page's titles and an edit that leaves a file as it was


def test_a_photo_added_to_or_removed_from_a_body_takes_the_full_build(site: Path, tmp_path: Path) -> None:
    """The page's linked files are copied into the output and shown with their sizes: a photo
    wider than the largest copy as its copies alone (its original is not published)."""
    from PIL import Image

    (site / "content/media").mkdir()
    Image.new("RGB", (1600, 900), "#3a7").save(site / "content/media/square.jpg", quality=80)
    out = tmp_path / "out"
    _build(site, out)
    notice = site / OLDEST
    _edit(notice, "的正文。", "的正文。\n\n![广场](media/square.jpg)\n")
    assert not _build(site, out).body_edit
    assert (out / "media/square.1440w.jpg").is_file() and not (out / "media/square.jpg").exists()
    _same_as_clean_build(site, out)
    _edit(notice, "\n\n![广场](media/square.jpg)\n", "")
    assert not _build(site, out).body_edit
    assert not (out / "media/square.1440w.jpg").exists()
    _same_as_clean_build(site, out)


def test_a_notice_another_one_links_to_takes_the_full_build(site: Path, tmp_path: Path) -> None:
    """A linked .md file is published as it is (media/notices/...): its new bytes must be too."""
    out = tmp_path / "out"
    linked = f"n{FEED_SIZE + 3:03d}"
    _edit(site / OLDEST, "的正文。", f"的正文。详见[另一份通知]({linked}.md)。")
    _build(site, out)
    assert (out / f"media/notices/{linked}.md").is_file()
    _edit(site / f"content/notices/{linked}.md", "的正文。", "的正文，已更新。")
    assert not _build(site, out).body_edit
    _same_as_clean_build(site, out)


def test_output_folder_given_as_dot(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    cache = tmp_path / "dot-cache"
    build_if_changed(site, Path("."), today=TODAY, cache_dir=cache, posters=False)
    _edit(site / OLDEST, "的正文。", "的正文，已更新。")
    assert build_if_changed(site, Path("."), today=TODAY, cache_dir=cache, posters=False).body_edit
    _same_as_clean_build(site, out)


def _search_files(out: Path) -> set[str]:
    return {path for path in tree_hashes(out) if path.startswith("search-index/")}


def test_the_no_change_answer_follows_the_search_files_a_body_edit_adds_and_removes(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    plain = _search_files(out)
    notice = site / OLDEST
    _edit(notice, "的正文。", "的正文。丘陵地带鹦鹉螺。")
    assert _build(site, out).body_edit
    added = _search_files(out) - plain
    assert added  # the shards of the new words
    assert _build(site, out).rendered == 0  # the no-change answer, which checks the new files too
    # Words published by a full build, then taken out by a body edit: their shards go, and the
    # next build is the no-change answer again (it no longer looks for them).
    _edit(site / f"content/notices/n{FEED_SIZE + 3:03d}.md", "tags: [停水]", "tags: [停电]")
    assert not _build(site, out).body_edit
    _edit(notice, "丘陵地带鹦鹉螺。", "")
    assert _build(site, out).body_edit
    assert not any((out / path).exists() for path in added)
    assert _build(site, out).rendered == 0
    _same_as_clean_build(site, out)


@pytest.mark.parametrize(("old", "new"), [("第1号通知\n", "最新的标题\n"), ("第1号通知的正文。", "第1号通知的正文，已更新。")],
                         ids=["title", "body"])
def test_an_edit_in_the_feed_undone_is_undone_in_the_feed(site: Path, tmp_path: Path, old: str, new: str) -> None:
    """The feed written by the fast path gets no key: once the edit is undone, the feed's old
    key would be current again over the edited bytes (found by a review)."""
    out = tmp_path / "out"
    _build(site, out)
    notice = site / "content/notices/n001.md"
    _edit(notice, old, new)
    assert _build(site, out).body_edit
    _edit(notice, new, old)
    (site / "content/notices/extra.md").write_text(_notice(300), encoding="utf-8")  # and a full build
    assert not _build(site, out).body_edit
    assert new.strip() not in (out / "feed.xml").read_text(encoding="utf-8")
    _same_as_clean_build(site, out)


def test_lists_are_not_made_from_a_cache_that_lost_its_changes(site: Path, tmp_path: Path) -> None:
    """A title published by the fast path is in the cache's file of changes only: without it,
    the base holds the old title, which must not come back on the lists (found by a review)."""
    out = tmp_path / "out"
    _build(site, out)
    _edit(site / OLDEST, f"第{FEED_SIZE + 4}号通知\n", "改过的标题\n")
    assert _build(site, out).body_edit
    (tmp_path / "out-cache/content-changes.pickle").unlink()
    _edit(site / f"content/notices/n{FEED_SIZE + 3:03d}.md", f"第{FEED_SIZE + 3}号通知\n", "又一个新标题\n")  # same list page
    assert not _build(site, out).body_edit
    assert "改过的标题" in (out / "notices/page/11/index.html").read_text(encoding="utf-8")
    _same_as_clean_build(site, out)


def test_the_report_names_the_next_notice_to_expire_by_its_new_title(tmp_path: Path) -> None:
    tuesday = TODAY + dt.timedelta(days=2)
    files = {f"content/notices/n{number:03d}.md": _notice(number) for number in range(12)}
    files["content/notices/n003.md"] = _notice(3, expires=str(tuesday))
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "per_page: 5\n", **files})
    out, cache = tmp_path / "out", tmp_path / "cache"
    report = build_if_changed(root, out, today=tuesday, cache_dir=cache, posters=False)
    assert report.next_change_reason[0] == "通知 “第3号通知” 过期"
    _edit(root / "content/notices/n003.md", "第3号通知\n", "改名后的停水通知\n")
    report = build_if_changed(root, out, today=tuesday, cache_dir=cache, posters=False)
    assert report.next_change_reason[0] == "通知 “改名后的停水通知” 过期"


def test_a_damaged_bodies_file_takes_the_full_build(site: Path, tmp_path: Path) -> None:
    """The fast path reads entries back from the content cache: one it cannot read is no
    cache, as for the full build, not a failed build (found by a review)."""
    out = tmp_path / "out"
    _build(site, out)
    (bodies,) = (tmp_path / "out-cache").glob("bodies-*.bin")
    bodies.write_bytes(bodies.read_bytes()[:10])  # as after a power cut
    _publish_edit(site, out, OLDEST, f"第{FEED_SIZE + 4}号通知\n", "改过的标题\n", fast=False)


def test_a_fact_too_large_to_keep_leaves_body_edits_fast(site: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Only titles need every fact; a page's body edit needs the facts that page reads."""
    import generator.bodyedit

    monkeypatch.setattr(generator.bodyedit, "FACTS_LIMIT", 300)  # the menu and others fit, the five newest notices not
    out = tmp_path / "out"
    _build(site, out)
    _publish_edit(site, out, OLDEST, "的正文。", "的正文，已更新。", fast=True)
    _publish_edit(site, out, OLDEST, f"第{FEED_SIZE + 4}号通知\n", "改过的标题\n", fast=False)


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("tags: [停水]", "summary: 下周二停水一天\ntags: [停水]", "下周二停水一天"),
    ("tags: [停水]", "category: 物业通知\ntags: [停水]", "物业通知"),
], ids=["summary", "category"])
def test_a_summary_or_category_shown_on_the_lists_is_published_as_a_title(site: Path, tmp_path: Path,
                                                                          old: str, new: str, shown: str) -> None:
    out = tmp_path / "out"
    _build(site, out)
    _publish_edit(site, out, OLDEST, old, new, fast=True)
    assert shown in (out / "notices/page/11/index.html").read_text(encoding="utf-8")
