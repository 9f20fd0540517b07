"""End to end: the repo's example community builds cleanly, completely, reproducibly, and a
failed build never touches what was published."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import jinja2.nodes
import pytest

from generator import build as build_module, parallel, themes
from generator.cli import main
from generator.clihelp import screen_width
import yaml

from conftest import MINIMAL_SITE_YAML, TODAY, make_site_files, run_cli_in_process, tree_hashes

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str, str]:
    out = tmp_path_factory.mktemp("example") / "public"
    cache = out.parent / "cache"
    code, stdout, stderr = run_cli_in_process("build", REPO, "--out", out, "--today", TODAY, "--no-posters",
                                              "--cache", cache)
    return out, code, stdout, stderr


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---", 2)[1]
    return yaml.safe_load(text)


def test_example_builds_with_no_error_and_no_warning(example_build):
    out, code, stdout, stderr = example_build
    assert code == 0, stderr
    assert stderr == ""
    assert "共" in stdout and "网站将在" in stdout


def test_example_has_a_page_for_every_item(example_build):
    out, code, _, stderr = example_build
    assert code == 0, stderr
    pages = {p.parent.relative_to(out).as_posix() for p in out.rglob("index.html")}
    content = REPO / "content"
    notices = [p for p in (content / "notices").glob("*.md") if not _front_matter(p).get("draft")]
    activities = [p for p in (content / "activities").glob("*.md") if not _front_matter(p).get("draft")]
    assert len(notices) >= 11 and len(activities) >= 15
    notice_pages = {p for p in pages if p.startswith("notices/") and p.count("/") == 1 and not p.startswith("notices/page")
                    and not re.fullmatch(r"notices/(archive|\d{4})", p)}  # the notices by year
    activity_pages = {p for p in pages if p.startswith("activities/") and p.count("/") == 1
                      and p not in ("activities/past", "activities/calendar")}
    assert len(notice_pages) == len(notices)
    assert len(activity_pages) == len(activities)
    service_ids = [item["id"] for f in (content / "services").glob("*.yaml") for item in _front_matter(f)["items"]]
    assert len(service_ids) >= 20
    assert {f"services/{i}" for i in service_ids} <= pages
    assert {f"teams/{p.stem}" for p in (content / "teams").glob("*.md")} <= pages
    assert {f"stats/{p.stem}" for p in (content / "stats").glob("*.yaml")} <= pages
    page_slugs = [_front_matter(p).get("slug", p.stem) for p in (content / "pages").glob("*.md")]
    assert {slug for slug in page_slugs} <= pages


def test_example_output_paths_are_ascii(example_build):
    out, code, _, stderr = example_build
    assert code == 0, stderr
    for path in out.rglob("*"):
        assert path.relative_to(out).as_posix().isascii(), path


def test_drafts_are_left_out_unless_asked(example_build):
    out, code, _, stderr = example_build
    drafts = [p for p in (REPO / "content/notices").glob("*.md") if _front_matter(p).get("draft")]
    assert drafts, "the example keeps one draft notice"
    listing = (out / "notices/index.html").read_text(encoding="utf-8")
    for draft in drafts:
        assert _front_matter(draft)["title"] not in listing


NOTICE = "---\ntitle: 停水通知\ndate: 2026-11-20\n---\n因管道维修，11 月 25 日停水。\n"


def test_two_builds_with_the_same_today_are_byte_identical(tmp_path):
    root = make_site_files(tmp_path, {
        "content/notices/2026-11-20-停水通知.md": NOTICE,
        "content/activities/a.md": "---\ntitle: 义诊\nstart: 2026-12-01 09:00\n---\n免费测血压。\n",
    })
    hashes = []
    for run in range(2):
        out = tmp_path / f"out{run}"
        code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", tmp_path / f"c{run}")
        assert code == 0, stderr
        hashes.append(tree_hashes(out))
    assert hashes[0] == hashes[1]
    assert "notices/2026-11-20-ting-shui-tong-zhi/index.html" in hashes[0]


def test_a_failed_build_leaves_the_published_output_byte_for_byte(tmp_path):
    root = make_site_files(tmp_path, {"content/notices/a.md": NOTICE})
    out = tmp_path / "public"
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY)
    assert code == 0, stderr
    before = tree_hashes(out)
    make_site_files(tmp_path, {"content/notices/b.md": "---\ntitle: 坏日期\ndate: 2026-13-01\n---\n正文\n",
                               "content/notices/a.md": NOTICE.replace("停水", "停电")})
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY)
    assert code == 1
    assert "content/notices/b.md:3: date:" in stderr
    assert "Traceback" not in stderr
    assert tree_hashes(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".public.")]


def test_init_makes_a_site_that_builds_at_once(tmp_path):
    code, _, stderr = run_cli_in_process("init", tmp_path / "新社区")
    assert code == 0, stderr
    code, _, stderr = run_cli_in_process("build", tmp_path / "新社区", "--no-posters")
    assert code == 0, stderr
    # It builds at once, and says which sample words to replace before it goes online: the
    # address in site.yaml (the folder named the community) and the texts of the sample files.
    lines = stderr.splitlines()
    assert len(lines) == 9, stderr
    assert lines[-2].startswith("site.yaml:9: community.address:") and "示例文字 “某某路 1 号”" in lines[-2], stderr
    assert lines[-1].startswith("site.yaml:10: community.phone:") and "示例文字 “0000-0000000”" in lines[-1], stderr
    assert all("这里还是 noticeboard new 生成的示例文字" in line for line in lines[:-2]), stderr
    assert "title: 新社区公告栏" in (tmp_path / "新社区/site.yaml").read_text(encoding="utf-8")


def test_init_in_a_folder_named_in_letters_leaves_the_name_to_write(tmp_path):
    """``noticeboard init site`` made a 'site公告栏' for a 'site' community."""
    assert run_cli_in_process("init", tmp_path / "board")[0] == 0
    site_yaml = (tmp_path / "board/site.yaml").read_text(encoding="utf-8")
    assert "title: 某某社区公告栏" in site_yaml and "base_url: https://example.org/board/" in site_yaml
    code, _, stderr = run_cli_in_process("check", tmp_path / "board")
    told = [line for line in stderr.splitlines() if line.startswith("site.yaml:")]
    assert [line.split(": ", 2)[1] for line in told] == ["title", "community.name", "community.address", "community.phone"], stderr
    assert "请改成社区真实的名称、地址和电话" in told[0]


@pytest.mark.parametrize(("file", "text", "words"), [
    ("themes/red/strings/zh-Hans.yaml", "notices 社区通知\n", "themes/red/strings/zh-Hans.yaml:1: 内容应是 “名称: 文字” 的列表"),
    ("themes/red/strings/zh-Hans.yaml", "notices: [社区通知\n", "themes/red/strings/zh-Hans.yaml:1: 方括号 “[” 没有配对"),
    ("themes/red/theme.yaml", "extends: default\nname: [red\n", "themes/red/theme.yaml:2: 方括号 “[” 没有配对"),
])
def test_a_broken_theme_file_is_named_with_its_line(tmp_path, file, text, words):
    root = make_site_files(tmp_path, {"content/notices/a.md": NOTICE, "themes/red/theme.yaml": "extends: default\n",
                                      file: text})
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8") + "theme: red\n", encoding="utf-8")
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--today", TODAY)
    assert code == 1 and words in stderr, stderr


def test_the_sites_own_static_folder_wins_over_the_theme_and_its_edits_rebuild(tmp_path):
    """docs/themes.md: the site's static/ comes first, as its templates/ do."""
    root = make_site_files(tmp_path, {"content/notices/a.md": NOTICE, "static/site.css": ":root { --brand: #006400; }\n",
                                      "static/hello.txt": "你好"})
    out = tmp_path / "public"
    assert run_cli_in_process("build", root, "--out", out, "--no-posters", "--today", TODAY)[0] == 0
    assert (out / "static/hello.txt").read_text(encoding="utf-8") == "你好"
    [css] = (out / "static").glob("site.*.css")
    assert "#006400" in css.read_text(encoding="utf-8") and css.name in (out / "index.html").read_text(encoding="utf-8")
    (root / "static/site.css").write_text(":root { --brand: #00008b; }\n", encoding="utf-8")
    assert run_cli_in_process("build", root, "--out", out, "--no-posters", "--today", TODAY)[0] == 0
    [css] = (out / "static").glob("site.*.css")
    assert "#00008b" in css.read_text(encoding="utf-8") and css.name in (out / "index.html").read_text(encoding="utf-8")


def test_a_link_to_any_file_the_site_publishes_is_no_dead_link(tmp_path):
    """A link in a body to a page of the site is judged against every file a build publishes:
    pages, files made by functions, the theme's static files, media copied in, posters. A
    page that is not there is a warning, naming the file and line, and the build publishes."""
    files = ["/", "/notices/", "/activities/2026-12-06-yi-zhen/?from=notice", "/activities/2026-12-06-yi-zhen/event.ics",
             "/calendar.ics", "/feed.xml", "/sitemap.xml", "/robots.txt", "/404.html", "/search/#q", "/tags/",
             "/stats/stats.csv", "/static/share.png", "/media/表.pdf"]
    posters = ["/posters/", "/posters/activities/2026-12-06-yi-zhen.pdf"]
    body = "[表](media/表.pdf)\n\n" + "\n\n".join(f"[链接]({url})" for url in files + posters) + "\n\n[旧](/notices/old/)\n"
    root = make_site_files(tmp_path, {
        "content/activities/2026-12-06-yi-zhen.md": "---\ntitle: 义诊\nstart: 2026-12-06 09:00\nposter: {size: a4}\n---\n量血压。\n",
        "content/media/表.pdf": b"%PDF-1.4\n",
        "content/notices/2026-11-20-lian-jie.md": f"---\ntitle: 链接\ndate: 2026-11-20\n---\n{body}",
    })
    line = 5 + body.split("\n").index("[旧](/notices/old/)")
    dead = f"content/notices/2026-11-20-lian-jie.md:{line}: 警告: 链接的网页 “/notices/old/” 在本网站上不存在"
    code, stdout, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 0 and [l for l in (stderr + stdout).splitlines() if ": 警告: " in l] == [dead + "，居民点开会看到 “找不到网页”，"
        "是不是想写 “/notices/”？请核对网址；链接其他网站时请写 https:// 开头的完整网址"]
    # Links to posters are judged as by a build that prints them, as check does: the preview and
    # a build with --no-posters do not call the links of the published site dead.
    code, stdout, stderr = run_cli_in_process("build", root, "--out", tmp_path / "public", "--no-posters", "--today", TODAY)
    warned = [l.split("“")[1].split("”")[0] for l in (stderr + stdout).splitlines() if ": 警告: " in l]
    assert code == 0 and warned == ["/notices/old/"]
    assert (tmp_path / "public/media/表.pdf").is_file()


def test_the_search_index_and_a_photos_smaller_copies_are_no_dead_links(tmp_path):
    """They are made after the check (the index from the rendered pages, the copies from the
    photos): a link to one was called dead. A width the photo has no copy of, or an index
    file of no such name, still is; check and build judge them alike, and the build makes
    what was linked."""
    from PIL import Image

    made = ["/search-index/meta.json", "/search-index/order.bin", "/media/照片.480w.jpg", "/media/照片.960w.jpg"]
    live = [*made, "/search-index/d/0.json"]  # a bucket is written when it lists a page: which, indexing tells
    dead = ["/media/照片.1440w.jpg", "/media/其他.480w.jpg", "/search-index/s/9999.bin", "/search-index/x.json"]
    body = "![照片](media/照片.jpg)\n\n" + "\n\n".join(f"[链接]({url})" for url in live + dead) + "\n"
    root = make_site_files(tmp_path, {
        "content/notices/2026-11-20-lian-jie.md": f"---\ntitle: 链接\ndate: 2026-11-20\n---\n{body}",
    })
    (root / "content/media").mkdir()
    Image.new("RGB", (1200, 800), "#3a7").save(root / "content/media/照片.jpg", quality=80)  # no 1440w copy
    for command in (["check"], ["build", "--out", tmp_path / "public", "--no-posters"]):
        code, stdout, stderr = run_cli_in_process(*command, root, "--today", TODAY)
        warned = [l.split("“")[1].split("”")[0] for l in (stderr + stdout).splitlines() if ": 警告: " in l]
        assert code == 0 and warned == dead, stderr + stdout
    for url in made:
        assert (tmp_path / "public" / url.lstrip("/")).is_file(), url


def test_check_finds_a_template_mistake_that_build_would_stop_on(tmp_path):
    template = (REPO / "themes/default/templates/notice.html").read_text(encoding="utf-8")
    assert "{{ page.title }}</h1>" in template
    root = make_site_files(tmp_path, {"content/notices/a.md": NOTICE,
                                      "templates/notice.html": template.replace("{{ page.title }}</h1>", "{{ page.titel.upper() }}</h1>")})
    line = template.splitlines().index(next(l for l in template.splitlines() if "{{ page.title }}</h1>" in l)) + 1
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 1 and f"templates/notice.html:{line}: 模板出错：Notice 没有 “titel” 这一项：请检查拼写" in stderr, stderr
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--today", TODAY)
    assert code == 1 and f"templates/notice.html:{line}:" in stderr


def test_an_expired_notice_loses_its_urgent_badge(tmp_path):
    urgent = "---\ntitle: {title}\ndate: 2026-11-10\nexpires: {expires}\nurgent: true\n---\n停水。\n"
    root = make_site_files(tmp_path, {"content/notices/2026-11-10-old.md": urgent.format(title="旧停水", expires="2026-11-15"),
                                      "content/notices/2026-11-10-now.md": urgent.format(title="新停水", expires="2026-12-15")})
    out = tmp_path / "out"
    assert run_cli_in_process("build", root, "--out", out, "--no-posters", "--today", TODAY)[0] == 0
    old, now = ((out / f"notices/2026-11-10-{name}/index.html").read_text(encoding="utf-8") for name in ("old", "now"))
    assert 'class="badge urgent"' not in old and 'class="badge urgent"' in now


def test_the_day_the_site_changes_is_told_by_the_notice_that_expires_not_by_the_new_month(tmp_path):
    notice = "---\ntitle: 停水通知\ndate: 2026-11-20\nexpires: 2026-11-30\n---\n停水。\n"
    root = make_site_files(tmp_path, {"content/notices/2026-11-20-ting-shui.md": notice})
    site, problems = build_module.check(root, today=dt.date(2026, 11, 30))  # a Monday, the month's last day
    assert not problems.errors
    assert build_module.next_change(site) == (dt.date(2026, 12, 1), ("通知 “停水通知” 过期", "notice '停水通知' expires"))


def test_init_never_writes_into_a_folder_of_other_files(tmp_path):
    folder = tmp_path / "documents"
    (folder / "content/pages").mkdir(parents=True)
    (folder / "content/pages/about.md").write_text("我们的介绍", encoding="utf-8")
    before = tree_hashes(folder)
    code, _, stderr = run_cli_in_process("init", folder)
    assert code == 1 and "这个文件夹里已经有文件" in stderr and "网站没有发布" not in stderr
    assert tree_hashes(folder) == before


def test_init_in_an_empty_repository_keeps_its_gitignore(tmp_path):
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / ".gitignore").write_text("*.bak\n", encoding="utf-8")
    assert run_cli_in_process("init", folder)[0] == 0
    assert (folder / ".gitignore").read_text(encoding="utf-8") == "*.bak\n"


@pytest.mark.parametrize(("kind", "title"), [("notice", "四点半学校开课"), ("activity", "四点半学校开课"),
                                           ("team", "四点半学校"), ("stats", "2026年11月"),
                                           ("notice", '"文明养犬"倡议书'), ("activity", '停水/停电 "紧急": 通知'),
                                           ("team", "[重要] 队"), ("notice", "2026")])
def test_new_writes_a_file_that_builds(tmp_path, kind, title):
    root = make_site_files(tmp_path, {})
    code, stdout, stderr = run_cli_in_process("new", kind, title, "--site", root)
    assert code == 0, stderr
    created = Path(stdout.strip())
    assert created.is_file() and created.is_relative_to(root / "content")
    code, _, stderr = run_cli_in_process("check", root)
    assert code == 0, stderr
    if kind != "stats":  # the title reads back as typed, quoted when YAML needs it
        assert f"{'name' if kind == 'team' else 'title'}: " in created.read_text(encoding="utf-8")
        assert yaml.safe_load(created.read_text(encoding="utf-8").split("---")[1])["name" if kind == "team" else "title"] == title
    relpath = created.relative_to(root).as_posix()
    assert f"{relpath}:" in stderr and "这里还是 noticeboard new 生成的示例文字" in stderr  # until it is written


def test_new_dates_a_file_by_the_sites_time_zone_and_an_activity_a_week_ahead(tmp_path):
    """At 05:00 in Beijing it is still yesterday in UTC: the file is dated as builds count days."""
    from zoneinfo import ZoneInfo

    # A zone whose date is not this computer's (UTC here) at this hour: UTC+14 or UTC-11.
    zone = "Pacific/Kiritimati" if dt.datetime.now(dt.timezone.utc).hour >= 10 else "Pacific/Pago_Pago"
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + f"timezone: {zone}\n"})
    today = dt.datetime.now(ZoneInfo(zone)).date()
    notice = Path(run_cli_in_process("new", "notice", "停水", "--site", root)[1].strip())
    activity = Path(run_cli_in_process("new", "activity", "书法课", "--site", root)[1].strip())
    assert notice.name.startswith(f"{today}-") and f"date: {today}\n" in notice.read_text(encoding="utf-8")
    week = today + dt.timedelta(days=7)
    assert activity.name.startswith(f"{week}-") and f"start: {week} 09:30" in activity.read_text(encoding="utf-8")
    assert f"date: {today}  " in activity.read_text(encoding="utf-8")  # announced today: its feed entry stays put


def test_new_stats_needs_a_month_and_never_overwrites(tmp_path):
    root = make_site_files(tmp_path, {})
    code, _, stderr = run_cli_in_process("new", "stats", "本月工作", "--site", root)
    assert code == 1 and "月度统计的标题要写月份" in stderr and not (root / "content/stats").exists()
    assert run_cli_in_process("new", "stats", "2025年11月", "--site", root)[0] == 0
    code, _, stderr = run_cli_in_process("new", "stats", "2025-11", "--site", root)
    assert code == 1 and "content/stats/2025-11.yaml: 这个月的统计文件已经有了" in stderr
    assert "网站没有发布" not in stderr  # new publishes nothing in any case


@pytest.mark.parametrize(("kind", "title", "words"), [
    ("notice", "", "标题是空的"), ("activity", "  ", "标题是空的"), ("team", "\u3000", "服务队名称是空的"),
])
def test_new_refuses_an_empty_title_and_writes_nothing(tmp_path, kind, title, words):
    """``new notice ""`` wrote 2026-12-05-untitled.md with title: "", which check then refused."""
    root = make_site_files(tmp_path, {})
    code, stdout, stderr = run_cli_in_process("new", kind, title, "--site", root)
    assert code == 1 and stdout == "" and words in stderr and "noticeboard new" in stderr, stderr
    assert not (root / "content").exists()


def test_today_takes_the_date_forms_content_files_take(tmp_path):
    root = make_site_files(tmp_path, {"content/notices/a.md": NOTICE})
    assert run_cli_in_process("check", root, "--today", "2026年11月22日")[0] == 0
    assert run_cli_in_process("check", root, "--today", "2026/11/22")[0] == 0
    code, _, stderr = run_cli_in_process("check", root, "--today", "2026-13-01")
    assert code == 2 and "不是日期" in stderr


def test_usage_errors_exit_with_2(tmp_path):
    code, _, _ = run_cli_in_process("build", tmp_path, "--today", "明天")
    assert code == 2
    code, _, _ = run_cli_in_process("new", "poem", "x")
    assert code == 2


@pytest.mark.parametrize(("args", "words"), [
    (["biuld"], "错误：没有 “biuld” 这个命令，是不是想写 “build”？"),
    (["new", "notice"], "错误：缺少参数 TITLE"),
    (["new", "notice", "停水", "通知"], "错误：多出了参数：通知（标题里有空格时，请用英文引号把整个标题括起来）"),
    (["new", "service", "x"], "“service” 不是可选的值，请写 notice、activity、team、stats 之一"),
    (["build", "--today", "明天"], "错误：--today 的值不对：“明天” 不是日期"),
    (["build", "--outt", "x"], "错误：没有 “--outt” 这个选项，是不是想写 “--out”？"),
    (["posters", ".", "--only"], "错误：选项 --only 后面要写一个值"),
    (["posters", ".", "--only", " "], "错误：--only 后面要写标题里的词或海报的名称，如 --only 生日会"),
    (["build", ".", "--drafts=yes"], "错误：选项 --drafts 不用写值：只写 --drafts"),
    (["serve", ".", "--port", "99999"], "错误：--port 的值不对：99999 不在 0<=x<=65535 的范围内"),
    (["serve", ".", "--port", "abc"], "错误：--port 的值不对：“abc” 不是整数"),
    (["build", "README.md"], "是一个文件，这里要写文件夹"),
    (["build", ".", "extra"], "错误：多出了参数：extra\n"),  # no word of titles: build takes none
])
def test_usage_errors_are_told_in_chinese_with_the_usage(args, words):
    code, _, stderr = run_cli_in_process(*args)
    assert code == 2 and words in stderr and stderr.startswith("用法："), stderr
    assert "Error:" not in stderr


def test_usage_errors_in_english_when_asked():
    code, _, stderr = run_cli_in_process("build", "--lang", "en", "--outt", "x")
    assert code == 2 and "Error: No such option '--outt'" in stderr


HELP = [["--help"], ["build", "--help"], ["serve", "--help"], ["posters", "--help"], ["check", "--help"], ["new", "--help"]]


@pytest.mark.parametrize("args", HELP)
def test_help_is_in_chinese_and_its_columns_line_up(args):
    code, stdout, _ = run_cli_in_process(*args)
    assert code == 0 and stdout.startswith("用法：") and " [选项]" in stdout.splitlines()[0]
    assert "选项：" in stdout and "显示这份说明" in stdout
    for english in ("Usage", "Options", "Commands", "Show this", "[OPTIONS]", "default:", "DIRECTORY", "TEXT"):
        assert english not in stdout.replace("(default: zh)", ""), english
    # Each option's help starts at the same column on screen, a Chinese character taking two.
    rows = [line for line in stdout.splitlines() if line.startswith("  -")]
    starts = {screen_width(line[:line.index("  ", 2)].rstrip()) + len(line[line.index("  ", 2):])
              - len(line[line.index("  ", 2):].lstrip()) for line in rows}
    assert len(rows) >= 2 and len(starts) == 1, stdout


@pytest.mark.parametrize("columns", [80, 50])
@pytest.mark.parametrize("args", HELP)
def test_help_fits_the_terminal(args, columns):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, args, terminal_width=columns)
    assert result.exit_code == 0
    too_wide = [line for line in result.stdout.splitlines() if screen_width(line) > columns]
    assert not too_wide, result.stdout


@pytest.mark.parametrize("lang", [["--lang", "en"], ["--lang=en"]])
def test_help_in_english_when_asked(lang):
    code, stdout, _ = run_cli_in_process("build", *lang, "--help")
    assert code == 0 and stdout.startswith("Usage: ") and "build [OPTIONS]" in stdout.splitlines()[0]
    assert "Options:" in stdout and "Show this message and exit." in stdout
    # and the next command, in the same process, is in Chinese again
    assert run_cli_in_process("build", "--help")[1].startswith("用法：")


def test_python_dash_m_runs_the_cli(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and "build" in result.stdout


@pytest.mark.parametrize("command", ["build", "posters"])
def test_missing_site_yaml_is_one_clear_line_and_leaves_no_folder(tmp_path, command):
    code, _, stderr = run_cli_in_process(command, tmp_path)
    assert code == 1
    assert "找不到 site.yaml" in stderr and "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []  # no cache or output folder in a folder that is no site


@pytest.mark.parametrize("command", [("build",), ("check",), ("posters",), ("new", "notice", "停电通知"), ("serve",)])
def test_a_command_run_in_a_folder_of_the_site_says_where_the_site_is(tmp_path, monkeypatch, command):
    """Staff run the command in the folder they were editing in (content/notices) or in the
    one they ran init in: the message names the site folder and the cd to run, not '.'."""
    site = make_site_files(tmp_path, {"content/notices/2026-11-20-a.md": "---\ntitle: 停水\ndate: 2026-11-20\n---\n停水。\n"})
    before = tree_hashes(tmp_path)
    monkeypatch.chdir(site / "content" / "notices")
    code, stdout, stderr = run_cli_in_process(*command)
    assert code in (1, 2) and "Traceback" not in stderr
    assert (f"当前文件夹 {site.resolve()}/content/notices 不是网站文件夹（里面没有 site.yaml），"
            f"它在网站文件夹 {site.resolve()} 里面：请先运行 cd {site.resolve()}，再运行这条命令") in stderr + stdout
    monkeypatch.chdir(tmp_path)  # the folder init was run in: the site is below
    code, stdout, stderr = run_cli_in_process(*command)
    assert "网站在它的子文件夹 site 里：请先运行 cd site，再运行这条命令" in stderr + stdout
    assert tree_hashes(tmp_path) == before  # nothing made in the wrong folder


def test_a_folder_of_the_site_written_in_the_command_is_told_to_be_the_site(tmp_path):
    site = make_site_files(tmp_path, {})
    code, _, stderr = run_cli_in_process("build", site / "content", "--lang", "en")
    assert code == 1
    assert (f"{site / 'content'} is not a site folder (it has no site.yaml); it is inside the site folder "
            f"{site.resolve()}: write {site.resolve()} in the command instead") in stderr


def test_a_clean_build_on_both_cores_writes_what_one_core_writes(tmp_path: Path, monkeypatch) -> None:
    """Parsing (from 400 files) and rendering (from 200 pages) go to forked workers in chunks
    (generator.parallel): a generated corpus above both, built with one worker and with two,
    gives the same files."""
    subprocess.run([sys.executable, str(REPO / "bench/generate.py"), "600", str(tmp_path / "corpus")], check=True,
                   capture_output=True)
    site = tmp_path / "corpus/noticeboard"
    chunked: list[int] = []  # the items of each stage given to workers
    for name in ("even_chunks", "guided_chunks"):
        def spy(count: int, workers: int, cut=getattr(parallel, name)) -> list[tuple[int, int]]:
            chunked.append(count)
            return cut(count, workers)

        monkeypatch.setattr(parallel, name, spy)
    # Every template Jinja parses, in this process or a forked worker (which inherits the spy).
    parsed = tmp_path / "parsed.txt"

    def parse_spy(env: jinja2.Environment, source: str, name: str | None, filename: str | None,
                  parse=jinja2.Environment._parse) -> jinja2.nodes.Template:
        with parsed.open("a", encoding="utf-8") as noted:
            noted.write(f"{name}\n")
        return parse(env, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "_parse", parse_spy)
    trees = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("NOTICEBOARD_JOBS", jobs)
        parsed.unlink(missing_ok=True)
        themes._IN_MEMORY.clear()  # each build compiles the theme: this process built it already
        build_module.build(site, tmp_path / f"out-{jobs}", today=dt.date.fromisoformat(TODAY),
                           cache_dir=tmp_path / f"cache-{jobs}", posters=False)
        trees[jobs] = tree_hashes(tmp_path / f"out-{jobs}")
        # Each template parsed once, to be compiled before the workers fork: not again by each
        # worker, nor once more to find the templates it pulls in (buildstate.TemplateDigests).
        names = parsed.read_text(encoding="utf-8").split()
        assert "base.html" in names and sorted(names) == sorted(set(names)), (jobs, sorted(names))
    assert len(chunked) >= 2 and min(chunked) >= 200  # two workers: the files parsed, the pages rendered
    assert len(trees["1"]) > 1000
    assert trees["2"] == trees["1"]
    # The workers pickled what they parsed for the content cache and appended the bodies to
    # its file side by side: read back from disk, it holds what one process saved.
    assert _cached_bodies(site, tmp_path / "cache-2") == _cached_bodies(site, tmp_path / "cache-1")
    assert len(_cached_bodies(site, tmp_path / "cache-1")) > 600  # the items, and pages


def _cached_bodies(site: Path, cache_dir: Path) -> dict[str, tuple[str, str, str]]:
    """relpath -> (digest, HTML, text) of each body in the content cache, read from its files."""
    from generator.config import load_config
    from generator.content import ContentCache, settings_key

    cache = ContentCache(cache_dir, settings_key(load_config(site)[0]))
    return {relpath: (loaded.digest, loaded.entry.body.html, loaded.entry.body.text)
            for relpath, loaded in cache.entries.items() if hasattr(loaded.entry, "body")}


def test_a_large_photo_is_published_whole_only_where_something_links_it_whole(tmp_path):
    """A photo shown only by an <img> is published as its copies; the original only when a
    text links it in full: a Markdown link (原图), an attachment, a link written /media/... .
    check and build agree: none of those links, nor one to a copy, is called dead."""
    from PIL import Image

    def site(name: str, body: str, front: str = "") -> Path:
        root = make_site_files(tmp_path / name, {
            "content/notices/2026-11-20-zhao-pian.md": "---\ntitle: 照片\ndate: 2026-11-20\n---\n![社区广场](../media/大.jpg)\n",
            "content/notices/2026-11-21-lian-jie.md": f"---\ntitle: 链接\ndate: 2026-11-21\n{front}---\n{body}\n",
        })
        (root / "content/media").mkdir()
        Image.new("RGB", (3000, 2000), "#3a7").save(root / "content/media/大.jpg", quality=80)
        return root

    cases = {
        "shown": ("看照片。", "", False),
        "link": ("[原图](../media/大.jpg)", "", True),
        "attachment": ("见附件。", "attachments:\n  - {title: 原图, file: media/大.jpg}\n", True),
        "site-link": ("[原图](/media/大.jpg)", "", True),
        "copy-link": ("[大图](/media/大.1440w.jpg)", "", False),
    }
    for name, (body, front, whole) in cases.items():
        root = site(name, body, front)
        out = tmp_path / name / "public"
        for command in (["check"], ["build", "--out", out, "--no-posters"]):
            code, stdout, stderr = run_cli_in_process(*command, root, "--today", TODAY)
            assert code == 0 and ": 警告: " not in stderr + stdout, (name, stderr + stdout)
        published = sorted(p.name for p in (out / "media").iterdir())
        copies = ["大.1440w.jpg", "大.480w.jpg", "大.960w.jpg"]
        assert published == sorted(copies + ["大.jpg"] if whole else copies), name


def _media_site(root: Path, notices: dict[str, str], photos: dict[str, tuple[int, int]]) -> Path:
    """A site of ``notices`` (file name -> front matter and body) with ``photos`` in content/media/."""
    from PIL import Image

    root = make_site_files(root, {f"content/notices/{name}": text for name, text in notices.items()})
    (root / "content/media").mkdir()
    for name, size in photos.items():
        Image.new("RGB", size, "#3a7").save(root / "content/media" / name, quality=80)
    return root


def test_the_photos_of_drafts_and_scheduled_notices_are_published_only_with_them(tmp_path):
    """A resident's photo in a draft, a scanned 公示 with names in a notice dated ahead: none of
    their files, whole or as smaller copies, is on the website before the notice is; a photo a
    published notice shows too is. The preview (a build with drafts) has them all, and check,
    build and the preview tell nothing about them."""
    root = _media_site(tmp_path / "site", {
        "2026-11-20-zou-fang.md": "---\ntitle: 入户走访\ndate: 2026-11-20\ndraft: true\n---\n"
                                  "![走访老人](../media/走访.jpg)\n\n[名单原图](../media/名单.jpg)\n\n![广场](../media/广场.jpg)\n",
        "2026-12-20-gong-shi.md": "---\ntitle: 低保公示\ndate: 2026-12-20\n---\n![公示](../media/公示.png)\n",
        "2026-11-21-guang-chang.md": "---\ntitle: 广场\ndate: 2026-11-21\n---\n![广场](../media/广场.jpg)\n",
    }, {"走访.jpg": (3000, 2000), "名单.jpg": (2000, 2800), "公示.png": (1000, 1400), "广场.jpg": (3000, 2000)})
    public, preview = tmp_path / "public", tmp_path / "preview"
    for command in (["check"], ["build", "--out", public, "--no-posters"],
                    ["build", "--out", preview, "--no-posters", "--drafts"]):
        code, stdout, stderr = run_cli_in_process(*command, root, "--today", TODAY)
        assert code == 0 and [line for line in stderr.splitlines() if ": 警告: " in line
                              and "定于 2026-12-20 发布" not in line] == [], (command, stderr)
    shared = ["广场.1440w.jpg", "广场.480w.jpg", "广场.960w.jpg"]
    assert sorted(p.name for p in (public / "media").iterdir()) == shared
    assert sorted(p.name for p in (preview / "media").iterdir()) == sorted(shared + [
        "公示.480w.png", "公示.960w.png", "公示.png", "名单.jpg",
        "走访.1440w.jpg", "走访.480w.jpg", "走访.960w.jpg"])
    # And the build of the scheduled notice's date publishes its scan with it.
    code, _, stderr = run_cli_in_process("build", root, "--out", public, "--no-posters", "--today", "2026-12-20")
    assert code == 0, stderr
    assert sorted(p.name for p in (public / "media").iterdir()) == sorted(shared + ["公示.480w.png", "公示.960w.png", "公示.png"])


def test_a_photo_only_linked_gets_no_smaller_copies(tmp_path):
    """``[看原图](photo.jpg)`` publishes the photo whole and nothing else: its smaller copies
    (made for an <img>'s srcset) would be named by no page, and a phone photo's take half a
    second to make. A link written to one of them is then a dead link, in check and build alike."""
    root = _media_site(tmp_path / "site", {
        "2026-11-20-yuan-tu.md": "---\ntitle: 原图\ndate: 2026-11-20\n---\n[看原图](../media/原图.jpg)\n\n[小图](/media/原图.480w.jpg)\n",
    }, {"原图.jpg": (3000, 2000)})
    out, cache = tmp_path / "public", tmp_path / "cache"
    for command in (["check"], ["build", "--out", out, "--no-posters", "--cache", cache]):
        code, stdout, stderr = run_cli_in_process(*command, root, "--today", TODAY)
        warned = [line.split("“")[1].split("”")[0] for line in stderr.splitlines() if ": 警告: " in line]
        assert code == 0 and warned == ["/media/原图.480w.jpg"], (command, stderr)
    assert sorted(p.name for p in (out / "media").iterdir()) == ["原图.jpg"]
    assert not (cache / "images").exists() or not any((cache / "images").iterdir())


@pytest.mark.parametrize("engine", ["cmark-gfm", "python-markdown"])
def test_a_link_glued_to_a_chinese_sentence_leads_to_its_address_on_every_output(tmp_path: Path, engine: str) -> None:
    """``报名请点 https://mp.weixin.qq.com/s/AbC123?from=poster查看。``: the page's link, the
    feed's and the poster's lead to the address itself (GFM took 查看。 into it), and the
    words are still the ones written, on the page, in the search index and on the poster."""
    from feedparser import parse as parse_feed
    from htmltree import parse

    from generator.build import build
    from generator.search import extract

    address = "https://mp.weixin.qq.com/s/AbC123?from=poster"
    sentence = f"报名请点 {address}查看。"
    root = make_site_files(tmp_path, {
        "site.yaml": MINIMAL_SITE_YAML + f"markdown: {engine}\n",
        "content/activities/2026-12-06-party.md": (
            f"---\ntitle: 生日会\nstart: 2026-12-06 09:30\nlocation: 二楼\n---\n{sentence}\n"),
    })
    out = tmp_path / "public"
    build(root, out, today=dt.date.fromisoformat(TODAY), cache_dir=tmp_path / "cache")
    page_html = (out / "activities/2026-12-06-party/index.html").read_text("utf-8")
    links = [(a.attrs["href"], a.text) for a in parse(page_html).iter("a") if "weixin" in a.attrs.get("href", "")]
    assert links == [(address, address)]
    document = extract(page_html.encode("utf-8"), "/activities/2026-12-06-party/")
    assert document is not None and sentence in document.text
    feed = parse_feed((out / "feed.xml").read_bytes())
    content = parse(feed.entries[0].content[0].value)
    assert [(a.attrs["href"], a.text) for a in content.iter("a")] == [(address, address)]
    poster = parse((out / "posters/activities/2026-12-06-party.html").read_text("utf-8"))
    body = poster.find("div", class_="poster-body")
    assert body is not None and sentence in body.text
    assert [(a.attrs["href"], a.text) for a in body.iter("a")] == [(address, address)]
