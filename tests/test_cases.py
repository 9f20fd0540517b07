"""Every common staff mistake, one small site each under ``tests/cases/<case>/``.

A case folder is a whole site (``site.yaml`` + ``content/``) plus ``expected.txt``:

    exit 1
    content/activities/2026-12-01-生日会.md:4: start: "2026-13-01" 不是有效日期，应为 …
    检查完毕：1 处错误，0 条警告。

The first line is the exit code of ``noticeboard check --today 2026-11-22``; the rest is exactly
what it prints (stderr, then stdout). Most cases also run as they are:
``noticeboard check tests/cases/bad-date --today 2026-11-22``. A case whose files cannot live in
git (a 5 MB file, a symlink out of the site) has a ``generate.py`` with ``generate(site: Path)``,
run on the copy before the check.

For each case the test also builds it (posters are left to their own tests) over an existing good output: a case with errors must exit
1 and leave that output byte for byte as it was, with no staging folder left beside it; a case
that is accepted must build. After changing a message on purpose, rewrite the expected files
with ``NOTICEBOARD_UPDATE_CASES=1 pytest tests/test_cases.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
from pathlib import Path

import pytest

from conftest import TODAY, make_site_files, run_cli_in_process, tree_hashes
from htmltree import parse

CASES = Path(__file__).parent / "cases"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.txt").is_file())
NOT_SITE = {"expected.txt", "generate.py", "__pycache__"}


def copy_case(name: str, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(CASES / name, site, symlinks=True, ignore=lambda folder, names: NOT_SITE & set(names))
    generator = CASES / name / "generate.py"
    if generator.is_file():
        runpy.run_path(str(generator))["generate"](site)
    return site


def read_expected(name: str) -> tuple[int, list[str]]:
    first, *lines = (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert first.startswith("exit "), f"{name}/expected.txt must start with 'exit N'"
    return int(first.removeprefix("exit ")), lines


@pytest.fixture(scope="session")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of a small good site, built once; tests copy it."""
    base = tmp_path_factory.mktemp("good")
    site = make_site_files(base, {
        "content/notices/2026-11-20-ting-shui.md": "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n明天停水。\n",
        "content/activities/2026-12-06-yi-zhen.md": "---\ntitle: 义诊\nstart: 2026-12-06 09:00\n---\n量血压。\n",
    })
    code, out, err = run_cli_in_process("build", site, "--out", base / "public", "--today", TODAY, "--no-posters")
    assert code == 0, err
    return base / "public"


def test_every_case_has_an_expected_output() -> None:
    missing = [p.name for p in CASES.iterdir() if p.is_dir() and not (p / "expected.txt").is_file()]
    assert not missing and len(CASE_NAMES) >= 30


@pytest.mark.parametrize("name", CASE_NAMES)
def test_check_prints_exactly_the_expected_lines(name: str, tmp_path: Path) -> None:
    site = copy_case(name, tmp_path)
    code, out, err = run_cli_in_process("check", site, "--today", TODAY)
    lines = (err + out).splitlines()
    if os.environ.get("NOTICEBOARD_UPDATE_CASES"):
        (CASES / name / "expected.txt").write_text("\n".join([f"exit {code}", *lines]) + "\n", encoding="utf-8")
    expected_code, expected_lines = read_expected(name)
    assert lines == expected_lines
    assert code == expected_code
    assert "Traceback" not in err + out


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_message_has_its_english_twin(name: str, tmp_path: Path) -> None:
    site = copy_case(name, tmp_path)
    code, out, err = run_cli_in_process("check", site, "--today", TODAY, "--lang", "en")
    expected_code, expected_lines = read_expected(name)
    lines = (err + out).splitlines()
    assert code == expected_code and len(lines) == len(expected_lines)
    errors, warnings = map(int, re.fullmatch(r"检查完毕：(\d+) 处错误，(\d+) 条警告。", expected_lines[-1]).groups())
    # "1 error", "2 warnings": it said "1 error(s)", which reads as made by a machine
    assert lines[-1] == f"Checked: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}."


@pytest.mark.parametrize("name", CASE_NAMES)
def test_build_leaves_the_old_output_untouched(name: str, tmp_path: Path, good_output: Path) -> None:
    site = copy_case(name, tmp_path)
    out = tmp_path / "public"
    shutil.copytree(good_output, out)
    before = tree_hashes(out)
    code, stdout, stderr = run_cli_in_process("build", site, "--out", out, "--today", TODAY, "--no-posters")
    expected_code, expected_lines = read_expected(name)
    assert code == expected_code
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".public.")]
    assert leftovers == []
    if expected_code == 1:
        assert tree_hashes(out) == before
        # the same problems as check, then the "nothing was published" line
        assert stderr.splitlines()[:-1] == expected_lines[:-1]
        assert "原来的网站保持不变" in stderr.splitlines()[-1]
    else:
        assert (out / "index.html").is_file() and tree_hashes(out) != before


def build_case(name: str, tmp_path: Path) -> Path:
    site = copy_case(name, tmp_path)
    code, _, stderr = run_cli_in_process("build", site, "--out", tmp_path / "public", "--today", TODAY, "--no-posters")
    assert code == 0, stderr
    return tmp_path / "public"


def body_of(page: Path):
    article = parse(page.read_text(encoding="utf-8")).find("article")
    assert article is not None
    return article


def test_raw_html_is_sanitized_but_tables_images_and_links_survive(tmp_path: Path) -> None:
    out = build_case("raw-html-sanitized", tmp_path)
    page = out / "notices/2026-11-20-ting-shui/index.html"
    content = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    for forbidden in ("<script", "alert(", "onerror", "onclick", "javascript:", "steal(", "style="):
        assert forbidden not in content
    article = body_of(page)
    assert [td.text for td in article.iter("td")] == ["锦江苑", "9:00-17:00"]
    assert {img.attrs["src"] for img in article.iter("img")} == {"https://example.org/x.png", "/test/media/map.png"}
    assert [a.attrs.get("href") for a in article.iter("a")] == [None, None, "https://example.org/"]
    assert (out / "media/map.png").is_file()


@pytest.mark.parametrize("name, page, text", [
    ("gbk-file", "notices/2026-11-20-ting-shui/index.html", "明天上午停水，请居民提前储水。"),
    ("bom-crlf-accepted", "notices/2026-11-20-ting-shui/index.html", "明天停水，请提前储水。"),
])
def test_gbk_bom_and_crlf_files_publish_clean_text(name: str, page: str, text: str, tmp_path: Path) -> None:
    html = (build_case(name, tmp_path) / page).read_text(encoding="utf-8")
    assert body_of(tmp_path / "public" / page).find("h1").text == "停水通知"
    assert text in html
    assert "\ufffd" not in html and "\ufeff" not in html and "\r" not in html


def test_dates_yaml_reads_as_numbers_or_writes_in_chinese_are_understood(tmp_path: Path) -> None:
    out = build_case("date-as-number", tmp_path / "number")
    assert 'datetime="2026-11-20"' in (out / "notices/2026-11-20-ting-shui/index.html").read_text(encoding="utf-8")
    out = build_case("chinese-dates-accepted", tmp_path / "chinese")
    activity = (out / "activities/2026-12-06-yi-zhen/index.html").read_text(encoding="utf-8")
    assert 'datetime="2026-12-06T09:30:00"' in activity
    assert 'datetime="2026-11-20"' in (out / "notices/2026-11-20-ting-shui/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("capacity, hours", [("40人", "1,200小时"), ("４０ 人", "1，200 小时"), ("40", "1200"),
                                             ("40名", "1200"), ("40 位", "1200")])
def test_a_capacity_and_hours_written_with_their_unit_are_the_numbers(capacity: str, hours: str, tmp_path: Path) -> None:
    """``capacity: 40人`` (or 40名, 40位: 招募志愿者40名) and ``hours: 1,200小时`` (as an activity's
    notice and a team's report write them) are 40 and 1200: the pages read as with the plain numbers."""
    site = make_site_files(tmp_path, {
        "content/activities/2026-12-06-yi-jian.md": f"---\ntitle: 义剪\nstart: 2026-12-06 09:00\ncapacity: {capacity}\n---\n理发。\n",
        "content/teams/red-caps.md": f"---\nname: 红帽子志愿服务队\nhours: {hours}\n---\n服务队。\n",
    })
    code, _, err = run_cli_in_process("build", site, "--out", tmp_path / "public", "--today", TODAY, "--no-posters")
    assert code == 0, err
    activity = body_of(tmp_path / "public/activities/2026-12-06-yi-jian/index.html").text
    team = body_of(tmp_path / "public/teams/red-caps/index.html").text
    assert "40 人" in activity and "1200 小时" in team


@pytest.mark.parametrize("field, value, expected", [
    ("capacity", "40户", "单位不对：这里写的是“40户”，名额以“人”为单位：请填按“人”计的数，只写数字，或数字后加“人”"),
    ("capacity", "约40人", "“约40人”是约数：名额要写确切的人数，不写“约”，写成 40（如果不正好是 40，写核实后的数）"),
    ("capacity", "40.5人", "应为一个整数，这里写的是“40.5人”"),
])
def test_a_capacity_in_another_unit_or_approximate_is_one_clear_error(field: str, value: str, expected: str, tmp_path: Path) -> None:
    site = make_site_files(tmp_path, {
        "content/activities/2026-12-06-yi-jian.md": f"---\ntitle: 义剪\nstart: 2026-12-06 09:00\n{field}: {value}\n---\n理发。\n",
    })
    code, _, err = run_cli_in_process("check", site, "--today", TODAY)
    lines = [line for line in err.splitlines() if line.startswith("content/")]
    assert code == 1 and lines == [f"content/activities/2026-12-06-yi-jian.md:4: {field}: {expected}"], err


def test_an_allowed_number_is_published(tmp_path: Path) -> None:
    out = build_case("allowed-number", tmp_path)
    assert "13800001234" in (out / "activities/2026-12-06-yi-jian/index.html").read_text(encoding="utf-8")


def test_a_slug_written_like_a_file_name_cannot_replace_that_file(tmp_path: Path) -> None:
    out = build_case("page-slug-like-a-file", tmp_path)
    assert out.joinpath("sitemap.xml").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert body_of(out / "sitemap-xml/index.html").find("h1").text == "网站地图"


def test_a_status_field_says_in_english_too_what_the_site_works_out_and_what_to_write(tmp_path: Path) -> None:
    """status: 报名中 on an activity was told "did you mean 'start'?", status: on a notice or a
    team "did you mean 'tags'?": fields that only look alike. The English twin names the fields."""
    site = copy_case("status-fields", tmp_path)
    code, out, err = run_cli_in_process("check", site, "--today", TODAY, "--lang", "en")
    lines = err.splitlines()
    assert code == 0
    assert "content/activities/2026-12-07-books.md:4: status: warning: unknown field, ignored: an activity's state is " \
           "not written: the site shows it as upcoming or over from its start and end dates; for signing up, write " \
           "signup: (how to sign up) and capacity: (places); to cancel it, cancelled: and the reason" in lines, lines
    assert "content/notices/2026-11-20-water.md:4: status: warning: unknown field, ignored: a notice's state is not " \
           "written: it is published on its date; to take it off the lists on a day, write expires: and that day; " \
           "to hold it back, draft: true" in lines, lines
    assert not any("did you mean" in line for line in lines), lines
