"""Scheduled notices (定时发布): a notice dated after the build's day is published by the build
of that day, as Hugo and Jekyll publish a post dated in the future, and not before: no page,
no place in any list, feed, sitemap, search or calendar, no poster. Staff are told at every
build and check, the preview shows it marked, and the day is one the site changes by itself.
(The exact messages: tests/cases/notice-scheduled.)"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator import build as build_module
from generator.posters import poster_specs

from conftest import make_site_files, run_cli_in_process

WINTER = "content/notices/2027-01-02-寒假安全提醒.md"
WINTER_URL = "notices/2027-01-02-han-jia-an-quan-ti-xing/"
FILES = {
    "content/notices/2026-11-20-ting-shui.md": "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n明天停水。\n",
    WINTER: "---\ntitle: 寒假安全提醒\ndate: 2027-01-02\nposter: true\ntags: [寒假]\n---\n寒假期间注意用火用电安全。\n",
}


def _site(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return make_site_files(tmp_path, {**FILES, **(files or {})})


def _texts(out: Path) -> dict[str, str]:
    """Every text file of the output, by its path: the notice must be in none of them."""
    return {path.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
            for path in out.rglob("*") if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt")}


def test_a_notice_dated_after_today_is_not_published(tmp_path: Path) -> None:
    root, out = _site(tmp_path), tmp_path / "out"
    code, stdout, stderr = run_cli_in_process("build", root, "--out", out, "--today", "2026-12-20", "--no-posters")
    assert code == 0, stderr
    assert not (out / WINTER_URL).exists()
    assert not (out / "notices/2027").exists()  # no year page of 2027 in December
    assert not (out / "tags/han-jia").exists()  # its tag has no other item
    showing = [path for path, text in _texts(out).items() if "寒假安全提醒" in text or "han-jia" in text]
    assert showing == []  # home, lists, archive, feed, sitemap, search index
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "2027-01-02" not in feed and "<updated>2026-11-20T00:00:00+08:00</updated>" in feed
    assert "停水通知" in (out / "index.html").read_text(encoding="utf-8")
    # its poster is not printed: the QR code would lead to a page that does not exist yet
    site, problems = build_module.check(root, today=dt.date(2026, 12, 20))
    assert [spec.name for spec in poster_specs(site, {"services": "", "teams": ""})] == []


def test_it_is_published_by_the_build_of_its_date(tmp_path: Path) -> None:
    root, out = _site(tmp_path), tmp_path / "out"
    code, stdout, stderr = run_cli_in_process("build", root, "--out", out, "--today", "2027-01-02", "--no-posters")
    assert code == 0, stderr
    assert "寒假安全提醒" not in stderr  # no word once it is published
    page = (out / WINTER_URL / "index.html").read_text(encoding="utf-8")
    assert "寒假期间注意用火用电安全" in page and "定于" not in page
    for listing in ("index.html", "notices/index.html", "notices/2027/index.html", "tags/han-jia/index.html"):
        assert "寒假安全提醒" in (out / listing).read_text(encoding="utf-8"), listing
    assert WINTER_URL in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<updated>2027-01-02T00:00:00+08:00</updated>" in (out / "feed.xml").read_text(encoding="utf-8")
    assert any(f'"/{WINTER_URL}"' in text for path, text in _texts(out).items() if path.startswith("search-index/d/"))
    site, _ = build_module.check(root, today=dt.date(2027, 1, 2))
    assert [spec.name for spec in poster_specs(site, {"services": "", "teams": ""})] == [
        "notices/2027-01-02-han-jia-an-quan-ti-xing"]


def test_the_day_it_is_published_is_a_day_the_site_changes(tmp_path: Path) -> None:
    root = _site(tmp_path)
    code, stdout, stderr = run_cli_in_process("build", root, "--out", tmp_path / "out", "--today", "2027-01-01",
                                              "--no-posters")
    assert code == 0, stderr
    assert "网站将在 2027-01-02 自动变化（通知 “寒假安全提醒” 发布）" in stdout + stderr
    site, _ = build_module.check(root, today=dt.date(2026, 12, 31))  # a new month comes first
    assert build_module.next_change(site)[0] == dt.date(2027, 1, 1)


def test_staff_are_told_at_each_build_and_check_naming_the_line_of_date(tmp_path: Path) -> None:
    root = _site(tmp_path)
    told = ("content/notices/2027-01-02-寒假安全提醒.md:3: date: 警告: “寒假安全提醒” 定于 2027-01-02 发布："
            "到那天自动生成后才会出现在网站上；如果现在就要发布，请把 date 改成今天（2026-12-20）或更早")
    code, stdout, stderr = run_cli_in_process("check", root, "--today", "2026-12-20")
    assert code == 0 and told in stderr.splitlines()
    code, stdout, stderr = run_cli_in_process("build", root, "--out", tmp_path / "out", "--today", "2026-12-20",
                                              "--no-posters")
    assert code == 0 and told in stderr.splitlines()
    code, stdout, stderr = run_cli_in_process("check", root, "--today", "2026-12-20", "--lang", "en")
    assert ("content/notices/2027-01-02-寒假安全提醒.md:3: date: warning: '寒假安全提醒' is scheduled for 2027-01-02: "
            "it appears on the website with the build of that day; to publish it now, change date to today "
            "(2026-12-20) or earlier") in stderr.splitlines()


def test_a_draft_dated_ahead_stays_a_draft_and_an_activity_is_not_scheduled(tmp_path: Path) -> None:
    """A draft is not published on its date (it says draft), and an activity's start is its
    event, not its publication: both as before."""
    root = _site(tmp_path, {
        WINTER: FILES[WINTER].replace("poster: true", "draft: true"),
        "content/activities/2027-01-11-xie-chun-lian.md": "---\ntitle: 写春联\nstart: 2027-01-11 09:00\n---\n写春联。\n",
    })
    out = tmp_path / "out"
    code, stdout, stderr = run_cli_in_process("build", root, "--out", out, "--today", "2027-01-02", "--no-posters")
    assert code == 0 and "定于" not in stderr, stderr
    assert not (out / WINTER_URL).exists()
    assert (out / "activities/2027-01-11-xie-chun-lian/index.html").is_file()


def test_drafts_builds_show_it_marked_as_the_preview_does(tmp_path: Path) -> None:
    root, out = _site(tmp_path), tmp_path / "out"
    code, stdout, stderr = run_cli_in_process("build", root, "--out", out, "--today", "2026-12-20", "--drafts",
                                              "--no-posters")
    assert code == 0, stderr
    page = (out / WINTER_URL / "index.html").read_text(encoding="utf-8")
    assert '<span class="badge draft">定于 2027年1月2日 发布</span> 寒假安全提醒</h1>' in page
    assert "这条通知定于 2027年1月2日 发布（date 写的是以后的日期），只在预览里看得到" in page
    for listing in ("index.html", "notices/index.html", "notices/2027/index.html"):
        text = (out / listing).read_text(encoding="utf-8")
        assert re.search(r'<span class="badge draft">定于 2027年1月2日 发布</span> <a href="[^"]*'
                         + WINTER_URL, text), listing
    ting_shui = (out / "notices/2026-11-20-ting-shui/index.html").read_text(encoding="utf-8")
    assert "定于" not in ting_shui  # a notice already published carries no mark


def test_a_link_to_it_is_told_as_scheduled_not_as_a_typo(tmp_path: Path) -> None:
    root = _site(tmp_path, {"content/notices/2026-11-20-ting-shui.md":
                            f"---\ntitle: 停水通知\ndate: 2026-11-20\n---\n明天停水。另见[寒假安全](/{WINTER_URL})。\n"})
    code, stdout, stderr = run_cli_in_process("check", root, "--today", "2026-12-20")
    assert code == 0
    assert (f"content/notices/2026-11-20-ting-shui.md:5: 警告: 链接的网页 “/{WINTER_URL}” 是通知 “寒假安全提醒”"
            f"（{WINTER}），定于 2027-01-02 发布：") in stderr, stderr
    code, stdout, stderr = run_cli_in_process("check", root, "--today", "2027-01-02")
    assert code == 0 and "链接的网页" not in stderr, stderr


def test_a_private_number_in_it_is_found_before_its_day(tmp_path: Path) -> None:
    """The build of its date runs unattended: a number found only then would stop it."""
    root = _site(tmp_path, {WINTER: FILES[WINTER].replace("安全。", "安全，联系 13912345678。")})
    code, stdout, stderr = run_cli_in_process("check", root, "--today", "2026-12-20")
    assert code == 1 and "content/notices/2027-01-02-寒假安全提醒.md:7:" in stderr, stderr


def test_posters_only_naming_it_without_drafts_says_it_is_scheduled(tmp_path: Path) -> None:
    """Not "no poster matches" and a hint to check the word: the word was right."""
    root = _site(tmp_path)
    code, stdout, stderr = run_cli_in_process("posters", root, "--only", "寒假", "--out", tmp_path / "print",
                                              "--today", "2026-12-20")
    assert code == 2
    assert (f"{WINTER}:3: date: 警告: “寒假安全提醒” 定于 2027-01-02 发布，还没发布的通知不印海报；"
            "要现在先印出来，在刚才的命令后加上 --drafts，如 noticeboard posters --only 寒假 --drafts") in stderr.splitlines()
    assert "错误：没有海报符合 --only “寒假”：原因和办法见上面的警告" in stderr and "可以用标题里的词" not in stderr
    assert not (tmp_path / "print").exists() or not any((tmp_path / "print").rglob("*.pdf"))


def test_posters_with_drafts_say_its_qr_code_opens_from_its_date(tmp_path: Path) -> None:
    root = _site(tmp_path)
    code, stdout, stderr = run_cli_in_process("posters", root, "--drafts", "--only", "寒假", "--out", tmp_path / "print",
                                              "--today", "2026-12-20")
    assert code == 0, stderr
    assert (tmp_path / "print/notices/2027-01-02-han-jia-an-quan-ti-xing.pdf").is_file()
    assert ("date: 警告: 这条通知定于 2027-01-02 发布：海报上的二维码指向 "
            f"https://example.org/test/{WINTER_URL}，到那天网站自动生成后扫码才打得开") in stderr, stderr


def test_a_clash_with_a_published_page_or_tag_is_found_before_its_day(tmp_path: Path) -> None:
    """Its address (a slug already used) and its tags (公示, whose page is that of 共识) clash
    with published pages only once it is published: found then, by the unattended build of its
    date, the clash would stop that build and every one after it."""
    root = _site(tmp_path, {
        "content/notices/2026-11-20-ting-shui.md": "---\ntitle: 停水通知\ndate: 2026-11-20\ntags: [共识]\n---\n明天停水。\n",
        "content/notices/2026-11-21-jiao-fei.md": "---\ntitle: 缴费\ndate: 2026-11-21\nslug: an-quan\n---\n缴费。\n",
        WINTER: FILES[WINTER].replace("tags: [寒假]", "tags: [寒假, 公示]\nslug: an-quan"),
    })
    code, stdout, stderr = run_cli_in_process("check", root, "--today", "2026-12-20")
    assert code == 1, stderr
    assert (f"{WINTER}:6: slug: 网址 /notices/an-quan/ 与 content/notices/2026-11-21-jiao-fei.md 重复："
            "请给其中一个改文件名或写一个不同的 slug") in stderr.splitlines(), stderr
    assert f"{WINTER}:5: tags: 标签 “公示” 和 “共识”（content/notices/2026-11-20-ting-shui.md）的拼音相同" in stderr, stderr
    # told once each, as by the build of its date, and its tag is still not published
    code, stdout, stderr2 = run_cli_in_process("check", root, "--today", "2027-01-02")
    assert code == 1 and stderr2.count("an-quan") == 1 and stderr2.count("标签 “公示”") == 1, stderr2
    site, _ = build_module.check(root, today=dt.date(2026, 12, 20))
    assert [tag.name for tag in site.tags] == ["共识"] and [n.title for n in site.tags[0].members] == ["停水通知"]


def test_two_scheduled_notices_whose_tags_clash_are_told_before_their_day(tmp_path: Path) -> None:
    root = _site(tmp_path, {
        WINTER: FILES[WINTER].replace("tags: [寒假]", "tags: [共识]"),
        "content/notices/2027-01-03-gong-shi.md": "---\ntitle: 名单公示\ndate: 2027-01-03\ntags: [公示]\n---\n名单。\n",
    })
    code, stdout, stderr = run_cli_in_process("check", root, "--today", "2026-12-20")
    assert code == 1 and "Traceback" not in stderr, stderr
    assert (f"content/notices/2027-01-03-gong-shi.md:4: tags: 标签 “公示” 和 “共识”（{WINTER}）的拼音相同"
            in stderr), stderr
