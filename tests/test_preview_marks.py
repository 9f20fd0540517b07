"""The preview (a build with drafts, as ``serve`` runs it) marks every draft and every scheduled
notice wherever a page lists it, with the badge the notice list uses: staff who see one
unmarked on a tag page or in the calendar take it for published. The real build never shows
them (tests/test_scheduled.py, test_website.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.build import build
from generator.search import extract

from conftest import make_site_files
from htmltree import Element, parse

TODAY = dt.date(2026, 11, 22)
DRAFT, SCHEDULED = "草稿", "定于 2026年12月2日 发布"
FILES = {
    "content/notices/2026-11-20-ting-shui.md": "---\ntitle: 停水通知\ndate: 2026-11-20\ntags: [居民]\n---\n明天停水。\n",
    "content/notices/2026-11-21-cao-gao.md":
        "---\ntitle: 草稿通知甲\ndate: 2026-11-21\ntags: [居民]\nurgent: true\ndraft: true\n---\n还没定。\n",
    # A draft whose expires has passed: still a draft, though the lists show expired ones unbadged.
    "content/notices/2026-10-01-jiu-cao-gao.md":
        "---\ntitle: 过期的草稿\ndate: 2026-10-01\nexpires: 2026-10-05\ntags: [居民]\ndraft: true\n---\n旧事。\n",
    "content/notices/2026-12-02-han-jia.md":
        "---\ntitle: 寒假安全提醒\ndate: 2026-12-02\ntags: [居民]\npinned: true\n---\n注意安全。\n",
    "content/activities/2026-11-25-cao-gao-huo-dong.md":
        "---\ntitle: 草稿活动乙\nstart: 2026-11-25 09:00\ntags: [居民]\ndraft: true\n---\n还没定。\n",
    "content/activities/2026-11-26-yi-zhen.md": "---\ntitle: 义诊\nstart: 2026-11-26 09:00\ntags: [居民]\n---\n义诊。\n",
}
HELD = {  # page -> the badge every list shows beside it
    "/test/notices/2026-11-21-cao-gao/": DRAFT,
    "/test/notices/2026-10-01-jiu-cao-gao/": DRAFT,
    "/test/notices/2026-12-02-han-jia/": SCHEDULED,
    "/test/activities/2026-11-25-cao-gao-huo-dong/": DRAFT,
}


def _preview(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(make_site_files(tmp_path, FILES), out, today=TODAY, drafts=True, cache_dir=tmp_path / "cache", posters=False)
    return out


def _links_with_their_mark(page: Element) -> list[tuple[str, str | None]]:
    """(href, text of the draft badge just before the link in the same element, or None) of
    every link to a held-back page."""
    found = []
    for parent in page.iter():
        elements = [child for child in parent.children if isinstance(child, Element)]
        for index, child in enumerate(elements):
            if child.tag == "a" and child.attrs.get("href") in HELD:
                badges = [e for e in elements[:index] if e.tag == "span" and "draft" in e.attrs.get("class", "").split()]
                found.append((child.attrs["href"], badges[-1].text if badges else None))
    return found


def test_every_list_marks_drafts_and_scheduled_notices_as_the_notice_list_does(tmp_path: Path) -> None:
    out = _preview(tmp_path)
    unmarked, listed_on = [], set()
    for path in sorted(out.rglob("*.html")):
        page = path.relative_to(out).parent.as_posix()
        main = parse(path.read_text(encoding="utf-8")).find("main")
        for href, mark in _links_with_their_mark(main) if main is not None else []:
            if href != f"/test/{page}/":
                listed_on.add(page)
                if mark != HELD[href]:
                    unmarked.append((page, href, mark))
    assert unmarked == []
    # Every kind of list was looked at: the test is not passing for want of links.
    assert {".", "notices", "notices/2026", "activities", "activities/calendar/2026-11", "tags/ju-min"} <= listed_on


def test_a_draft_is_marked_though_expired_and_urgent_pinned_are_not(tmp_path: Path) -> None:
    """An expired notice loses its urgent and pinned badges (it is neither any more), not its
    draft one: it is still not published."""
    out = _preview(tmp_path)
    year = parse((out / "notices/2026/index.html").read_text(encoding="utf-8")).find("main")
    lines = {" ".join(li.text.split()) for li in year.iter("li") if li.find("time")}
    assert "草稿 过期的草稿 2026年10月1日 · 已过期" in lines
    page = parse((out / "notices/2026-10-01-jiu-cao-gao/index.html").read_text(encoding="utf-8")).find("h1")
    assert " ".join(page.text.split()) == "草稿 过期的草稿"


def test_search_results_carry_the_mark(tmp_path: Path) -> None:
    """A search result is titled with its page's h1, as the search reads it (search.extract,
    search.js): a draft activity's says 草稿 as a draft notice's does."""
    out = _preview(tmp_path)
    for page, title in (("activities/2026-11-25-cao-gao-huo-dong", "草稿 草稿活动乙"),
                        ("notices/2026-11-21-cao-gao", "草稿 紧急 草稿通知甲"),
                        ("notices/2026-12-02-han-jia", "定于 2026年12月2日 发布 置顶 寒假安全提醒")):
        document = extract((out / page / "index.html").read_bytes(), f"/{page}/")
        assert document is not None and document.title == title, page


def test_a_published_page_linking_a_draft_or_scheduled_notice_is_told_in_the_preview(tmp_path: Path) -> None:
    """In the preview the link opens the page, so staff saw it work; on the real site it leads
    to "page not found" (a scheduled notice's until its date). The preview tells it as the real
    build and check do (tests/cases/link-to-draft, notice-scheduled); a draft linking a draft
    is not told: neither is published."""
    from conftest import run_cli_in_process

    root = make_site_files(tmp_path, {
        **FILES,
        "content/notices/2026-11-20-ting-shui.md": "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n"
                                                   "见[草稿](/notices/2026-11-21-cao-gao/)和[寒假](/notices/2026-12-02-han-jia/)。\n",
        "content/activities/2026-11-25-cao-gao-huo-dong.md":
            "---\ntitle: 草稿活动乙\nstart: 2026-11-25 09:00\ndraft: true\n---\n见[草稿](/notices/2026-11-21-cao-gao/)。\n",
    })
    code, stdout, stderr = run_cli_in_process("build", root, "--out", tmp_path / "out", "--drafts", "--no-posters",
                                              "--today", TODAY.isoformat())
    assert code == 0, stderr
    told = [line for line in stderr.splitlines() if "链接的网页" in line]
    assert told == [
        "content/notices/2026-11-20-ting-shui.md:5: 警告: 链接的网页 “/notices/2026-11-21-cao-gao/” 是草稿 “草稿通知甲”"
        "（content/notices/2026-11-21-cao-gao.md 里写了 draft: true），不会发布：居民点开会看到 “找不到网页”。"
        "要发布它，请删掉 content/notices/2026-11-21-cao-gao.md 里的 draft: true；否则请删掉这个链接",
        "content/notices/2026-11-20-ting-shui.md:5: 警告: 链接的网页 “/notices/2026-12-02-han-jia/” 是通知 “寒假安全提醒”"
        "（content/notices/2026-12-02-han-jia.md），定于 2026-12-02 发布：在那之前居民点开会看到 “找不到网页”，"
        "到那天自动生成后才能打开。如果现在就要发布，请把那条通知的 date 改成今天或更早",
    ], stderr


def test_nothing_of_the_preview_reaches_the_published_folder(tmp_path: Path) -> None:
    """The preview is built with drafts into the site's cache folder, with its own cache
    there (serve.preview_folders); a build into public/ before and after it, incremental or
    not, publishes none of its drafts or scheduled notices: no page, and not in the feed,
    calendar, sitemap or search index the preview writes them into."""
    from generator.serve import preview_folders

    root = make_site_files(tmp_path, FILES)
    preview, preview_cache = preview_folders(root)
    public = root / "public"
    held = ("草稿通知甲", "过期的草稿", "寒假安全提醒", "草稿活动乙", "cao-gao", "han-jia")

    def leaks() -> list[str]:
        return sorted(path.relative_to(public).as_posix() for path in public.rglob("*") if path.is_file()
                      and any(word.encode() in path.read_bytes() for word in held))

    build(root, public, today=TODAY, posters=False)
    build(root, preview, today=TODAY, drafts=True, cache_dir=preview_cache, posters=False)
    preview_files = {path.relative_to(preview).as_posix() for path in preview.rglob("*") if path.is_file()}
    assert {"feed.xml", "calendar.ics", "notices/2026-12-02-han-jia/index.html"} <= preview_files
    assert leaks() == []
    # an edit, then the real build again (incremental), then a clean one after the preview
    (root / "content/notices/2026-11-20-ting-shui.md").write_text(FILES["content/notices/2026-11-20-ting-shui.md"]
                                                                   .replace("明天停水。", "明天全天停水。"), encoding="utf-8")
    build(root, preview, today=TODAY, drafts=True, cache_dir=preview_cache, posters=False)
    build(root, public, today=TODAY, posters=False)
    assert "明天全天停水" in (public / "notices/2026-11-20-ting-shui/index.html").read_text(encoding="utf-8")
    assert leaks() == []


def test_a_published_page_linking_a_drafts_photo_is_told_in_the_preview_as_check_tells_it(tmp_path: Path) -> None:
    """The preview publishes the photos of drafts and scheduled notices, so a link to one from a
    published page works there; the real site has no such file until the draft is published.
    The preview tells each such link with the words check and build use
    (tests/cases/link-to-draft-photo), and publishes the files: staff see the draft whole."""
    import runpy
    import shutil

    from conftest import run_cli_in_process

    case = Path(__file__).parent / "cases/link-to-draft-photo"
    root = tmp_path / "site"
    shutil.copytree(case, root, ignore=lambda folder, names: {"expected.txt", "generate.py"} & set(names))
    runpy.run_path(str(case / "generate.py"))["generate"](root)
    told = {}
    for command in (["check"], ["build", "--out", tmp_path / "preview", "--drafts", "--no-posters"]):
        code, _, stderr = run_cli_in_process(*command, root, "--today", TODAY.isoformat())
        assert code == 0, stderr
        told[command[0]] = [line for line in stderr.splitlines() if "链接的" in line]
    assert len(told["check"]) == 4 and told["build"] == told["check"]
    assert {"走访.jpg", "走访.480w.jpg", "名单.jpg", "广场.960w.jpg"} <= {p.name for p in (tmp_path / "preview/media").iterdir()}
