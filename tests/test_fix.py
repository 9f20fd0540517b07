"""noticeboard check --fix: the full-width and tab faults of YAML and the mistyped "---" lines of
front matter are rewritten, nothing else;
each file keeps its encoding, BOM and line endings, and its original is kept as a backup."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import TODAY, make_site_files, run_cli_in_process

NOTICE = "content/notices/2026-11-20-ting-shui.md"
BODY = "　　因管道检修，明天停水：请提前储水。\n\ttitle：这一行在正文里，不改\n"


def fix(site: Path, today: str = TODAY) -> tuple[int, str, str]:
    return run_cli_in_process("check", site, "--fix", "--today", today)


# On or after the dates of the notices of tests/cases/chinese-dashes (to 2026-11-24): before
# it, the mended notices dated after TODAY are scheduled, each told with a warning.
AFTER_THE_DASHES = "2026-11-24"


def test_fix_rewrites_only_the_faults_and_keeps_a_backup(tmp_path: Path) -> None:
    original = "---\ntitle：停水通知\ndate: 2026-11-20\ntags：【停水，民生】\nposter:\n\u3000\u3000size: a3\n---\n" + BODY
    site = make_site_files(tmp_path, {NOTICE: original})
    code, out, err = fix(site)
    assert code == 0, err
    assert (site / NOTICE).read_text(encoding="utf-8") == (
        "---\ntitle: 停水通知\ndate: 2026-11-20\ntags: [停水, 民生]\nposter:\n    size: a3\n---\n" + BODY)
    assert (site / (NOTICE + ".bak")).read_text(encoding="utf-8") == original
    assert out.splitlines() == [
        f"{NOTICE}:2: 已改正：“title：停水通知” → “title: 停水通知”",
        f"{NOTICE}:4: 已改正：“tags：【停水，民生】” → “tags: [停水, 民生]”",
        f"{NOTICE}:6: 已改正：“[全角空格][全角空格]size: a3” → “    size: a3”",
        "已改正 1 个文件，改之前的原文件保存在旁边的 “文件名.bak”。",
        "检查完毕：0 处错误，0 条警告。",
    ]


def test_fix_keeps_encoding_bom_and_line_endings(tmp_path: Path) -> None:
    gbk = "---\r\ntitle：停水通知\r\ndate: 2026-11-20\r\n---\r\n明天停水。\r\n".encode("gb18030")
    bom = b"\xef\xbb\xbf" + "---\r\ntitle: 停电\r\ndate: 2026-11-21\r\ntags：【停电，检修】\r\n---\r\n正文\r\n".encode()
    site = make_site_files(tmp_path, {NOTICE: gbk, "content/notices/2026-11-21-ting-dian.md": bom})
    code, _, err = fix(site)
    assert code == 0, err  # the GBK warning stays: --fix does not change encodings
    assert (site / NOTICE).read_bytes() == gbk.replace("title：".encode("gb18030"), b"title: ")
    assert (site / "content/notices/2026-11-21-ting-dian.md").read_bytes() == bom.replace(
        "tags：【停电，检修】".encode(), "tags: [停电, 检修]".encode())


def test_fix_fixes_site_yaml_and_yaml_content_files(tmp_path: Path) -> None:
    site = make_site_files(tmp_path, {
        "site.yaml": "title：测试社区\nbase_url: https://example.org/\n",
        "content/services/health.yaml": "category: 医疗\nitems:\n  - id: clinic\n  \u3000name: 义诊\n",
    })
    code, out, err = fix(site)
    assert code == 0, err
    assert (site / "site.yaml").read_text(encoding="utf-8").startswith("title: 测试社区\n")
    assert "    name: 义诊" in (site / "content/services/health.yaml").read_text(encoding="utf-8")
    assert "已改正 2 个文件" in out


def test_nothing_to_fix_writes_nothing_and_a_second_backup_never_replaces_the_first(tmp_path: Path) -> None:
    first = "---\ntitle：停水通知\ndate: 2026-11-20\n---\n正文\n"
    site = make_site_files(tmp_path, {NOTICE: first})
    fix(site)
    code, out, _ = fix(site)
    assert "没有需要自动改正" in out and code == 0
    assert sorted(p.name for p in (site / "content/notices").iterdir()) == [
        "2026-11-20-ting-shui.md", "2026-11-20-ting-shui.md.bak"]
    second = first.replace("date: ", "date：")
    (site / NOTICE).write_text(second, encoding="utf-8")
    fix(site)
    assert (site / (NOTICE + ".bak")).read_text(encoding="utf-8") == first
    assert (site / (NOTICE + ".bak2")).read_text(encoding="utf-8") == second


def test_fix_never_writes_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle：外面的文件\ndate: 2026-11-20\n---\n", encoding="utf-8")
    site = make_site_files(tmp_path, {})
    (site / "content/notices").mkdir(parents=True)
    (site / NOTICE).symlink_to(outside)
    code, _, err = fix(site)
    assert code == 1 and "网站文件夹以外" in err
    assert outside.read_text(encoding="utf-8").startswith("---\ntitle：")
    assert not list((site / "content/notices").glob("*.bak*"))


def test_a_file_without_its_closing_dashes_is_left_alone(tmp_path: Path) -> None:
    broken = "---\ntitle：停水通知\ndate: 2026-11-20\n正文\n"
    site = make_site_files(tmp_path, {NOTICE: broken})
    code, _, err = fix(site)
    assert code == 1 and "没有结束" in err
    assert (site / NOTICE).read_text(encoding="utf-8") == broken


def test_fix_writes_dashes_typed_with_a_chinese_input_method_as_three_hyphens(tmp_path: Path) -> None:
    # The loader names these (tests/cases/chinese-dashes) and says --fix repairs them.
    closing = "---\r\ntitle：停水通知\r\ndate: 2026-11-20\r\n——\r\n明天停水。\r\n\r\n——\r\n"
    closing_before_a_rule = "---\ntitle: 消防演练\ndate: 2026-11-24\n—-\n周六消防演练。\n\n---\n\n附：集合地点。\n"
    opening = "——\ntitle: 垃圾分类\ndate: 2026-11-23\n---\n请分类投放。\n"
    in_the_body = "---\ntitle: 停电通知\ndate: 2026-11-21\n---\n正文\n\n——\n落款\n"
    site = make_site_files(tmp_path, {
        NOTICE: closing.encode("gb18030"),
        "content/notices/2026-11-24-xiao-fang.md": closing_before_a_rule,
        "content/notices/2026-11-23-la-ji.md": opening,
        "content/notices/2026-11-21-ting-dian.md": in_the_body,
    })
    code, out, err = fix(site, AFTER_THE_DASHES)
    assert code == 0, err
    # Only the closing line, keeping the CRLF and the encoding; the "——" in the body stays.
    assert (site / NOTICE).read_bytes() == closing.replace("——\r\n明天", "---\r\n明天", 1).replace(
        "title：", "title: ").encode("gb18030")
    assert (site / "content/notices/2026-11-24-xiao-fang.md").read_text(encoding="utf-8") == \
        closing_before_a_rule.replace("—-", "---")
    assert (site / "content/notices/2026-11-23-la-ji.md").read_text(encoding="utf-8") == opening.replace("——", "---")
    assert (site / "content/notices/2026-11-21-ting-dian.md").read_text(encoding="utf-8") == in_the_body
    assert not (site / "content/notices/2026-11-21-ting-dian.md.bak").exists()
    assert out.splitlines() == [
        f"{NOTICE}:2: 已改正：“title：停水通知” → “title: 停水通知”",
        f"{NOTICE}:4: 已改正：“——” → “---”",
        "content/notices/2026-11-23-la-ji.md:1: 已改正：“——” → “---”",
        "content/notices/2026-11-24-xiao-fang.md:4: 已改正：“—-” → “---”",
        "已改正 3 个文件，改之前的原文件保存在旁边的 “文件名.bak”。",
        "检查完毕：0 处错误，1 条警告。",  # the GBK file: --fix does not change encodings
    ]


def test_fix_deletes_empty_lines_before_the_opening_dashes(tmp_path: Path) -> None:
    original = "\n  \n---\ntitle：燃气检查\ndate: 2026-11-20\n---\n入户检查燃气。\n"
    site = make_site_files(tmp_path, {NOTICE: original})
    code, out, err = run_cli_in_process("check", site, "--fix", "--today", TODAY, "--lang", "en")
    assert code == 0, err
    assert (site / NOTICE).read_text(encoding="utf-8") == "---\ntitle: 燃气检查\ndate: 2026-11-20\n---\n入户检查燃气。\n"
    assert (site / (NOTICE + ".bak")).read_text(encoding="utf-8") == original
    assert out.splitlines() == [  # the lines of the file as it is now
        f"{NOTICE}:1: fixed: deleted the 2 empty line(s) before '---'",
        f"{NOTICE}:2: fixed: 'title：燃气检查' -> 'title: 燃气检查'",
        "Fixed 1 file(s); the originals are kept beside them as 'name.bak'.",
        "Checked: 0 errors, 0 warnings.",
    ]


def test_dashes_inside_a_quoted_text_of_the_front_matter_are_left_alone(tmp_path: Path) -> None:
    # YAML reads this "——" as part of the summary: the loader accepts the file, so --fix must not touch it.
    original = '---\ntitle: 停水通知\ndate: 2026-11-20\nsummary: "明天停水\n——\n请储水"\n---\n正文\n'
    site = make_site_files(tmp_path, {NOTICE: original})
    code, out, err = fix(site)
    assert code == 0, err + out
    assert (site / NOTICE).read_text(encoding="utf-8") == original
    assert "没有需要自动改正" in out


def test_fix_mends_every_file_of_the_chinese_dashes_case(tmp_path: Path) -> None:
    # Each error of tests/cases/chinese-dashes says --fix repairs it: after it, the site checks clean.
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "cases" / "chinese-dashes", site, ignore=shutil.ignore_patterns("expected.txt"))
    code, out, err = fix(site, AFTER_THE_DASHES)
    assert code == 0, err
    assert "已改正 5 个文件" in out and "检查完毕：0 处错误，0 条警告。" in out
