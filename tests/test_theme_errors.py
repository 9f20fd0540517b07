"""A theme author's mistakes in templates (a site's own templates/ or a theme of its own):
each is one line naming the template file and line, in Chinese, with what to do; never a
Python traceback nor an "internal error" of noticeboard, in build, check and serve alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MINIMAL_SITE_YAML, TODAY, make_site_files, run_cli_in_process

REPO = Path(__file__).resolve().parent.parent
NOTICE = "---\ntitle: 停水\ndate: 2026-11-20\n---\n停水。\n"
WITH_FILE = ("---\ntitle: 报名\ndate: 2026-11-21\nattachments: [{title: 报名表, file: 表.pdf}]\n---\n报名。\n")


def _default(name: str) -> str:
    return (REPO / "themes/default/templates" / name).read_text(encoding="utf-8")


def _line_of(text: str, words: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if words in line)


def test_a_template_that_fails_on_some_pages_only_is_named_with_its_line(tmp_path):
    """{{ 1 // n }} with n 0 on one notice raised ZeroDivisionError: a traceback from build
    and check, "noticeboard 内部错误（请报告给维护者）" in serve's panel."""
    template = _default("notice.html").replace(
        '<div class="body">', '<p>{{ 10 // (page.attachments | length) }}</p><div class="body">', 1)
    line = _line_of(template, "page.attachments | length")
    root = make_site_files(tmp_path, {"content/notices/2026-11-20-a.md": NOTICE,
                                      "content/notices/2026-11-21-b.md": WITH_FILE,
                                      "content/notices/表.pdf": b"%PDF-1.4\n",
                                      "templates/notice.html": template})
    for command in ("build", "check"):
        code, _, stderr = run_cli_in_process(command, root, *(["--no-posters"] if command == "build" else []),
                                             "--today", TODAY)
        assert code == 1, stderr
        assert f"templates/notice.html:{line}: 模板出错：除数是 0" in stderr, stderr
        assert "content/notices/2026-11-20-a.md" in stderr and "Traceback" not in stderr
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--today", TODAY, "--lang", "en")
    assert code == 1 and f"templates/notice.html:{line}: template error: integer division or modulo by zero" in stderr


def test_a_missing_partial_is_named_where_it_is_included_with_the_closest_name(tmp_path):
    """It was named as the page's template (notice_list.html for a typo in base.html), with no
    line and nothing to do."""
    base = _default("base.html").replace('include "partials/contact.html"', 'include "partials/contacts.html"')
    line = _line_of(base, "partials/contacts.html")
    root = make_site_files(tmp_path, {"content/notices/2026-11-20-a.md": NOTICE, "templates/base.html": base})
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--today", TODAY)
    assert code == 1
    [told] = [l for l in stderr.splitlines() if "partials/contacts.html" in l]
    # The template's path is as Jinja names it: from the folder the command runs in.
    assert f"templates/base.html:{line}: 找不到模板 “partials/contacts.html”（查找了：" in told, told
    assert told.endswith("，是不是想写 “partials/contact.html”？"), told
    # A name like none of the theme's is not given a guess.
    root = make_site_files(tmp_path, {"templates/base.html": base.replace("partials/contacts.html", "partials/footer.html")})
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 1 and f"templates/base.html:{line}: 找不到模板 “partials/footer.html”" in stderr
    assert "请检查名字的拼写，或把主题里的同名文件复制过来再改" in stderr and "是不是" not in stderr


def test_a_template_saved_by_windows_notepad_is_read_or_named(tmp_path):
    """A BOM (Notepad's UTF-8) was written into every page as an invisible U+FEFF where the
    partial is included; a GBK file gave Python's "'utf-8' codec can't decode byte" naming
    no file."""
    contact = _default("partials/contact.html")
    root = make_site_files(tmp_path, {"content/notices/2026-11-20-a.md": NOTICE,
                                      "templates/partials/contact.html": "\ufeff" + contact.replace("<dl", "<dl data-mine", 1)})
    out = tmp_path / "public"
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--no-posters", "--today", TODAY)
    assert code == 0, stderr
    page = (out / "notices/2026-11-20-a/index.html").read_text(encoding="utf-8")
    assert "data-mine" in page and "\ufeff" not in page
    notice = _default("notice.html").replace("{{ t.attachments }}", "附件下载")
    make_site_files(tmp_path, {"templates/notice.html": notice.encode("gbk")})
    for command in (["build", "--no-posters"], ["check"]):
        code, _, stderr = run_cli_in_process(*command, root, "--today", TODAY)
        assert code == 1 and "templates/notice.html: 文件不是 UTF-8 编码（可能是 GBK）：请用记事本打开，另存为 UTF-8 编码" in stderr, stderr


def test_a_typo_in_a_themes_extends_is_named_in_its_theme_yaml(tmp_path):
    """It was blamed on site.yaml's theme line, which was right."""
    root = make_site_files(tmp_path, {"content/notices/2026-11-20-a.md": NOTICE,
                                      "themes/red/theme.yaml": "# 红色主题\nextends: defualt\n",
                                      "themes/red/static/site.css": "body { color: #8b0000; }\n"})
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8") + "theme: red\n", encoding="utf-8")
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--today", TODAY)
    assert code == 1 and "themes/red/theme.yaml:2: extends: 找不到主题 “defualt”：可用的主题有 default、red" in stderr, stderr
    assert "site.yaml:" not in stderr
    (root / "themes/red/theme.yaml").write_text("extends: red\n", encoding="utf-8")
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--today", TODAY)
    assert code == 1 and "themes/red/theme.yaml:1: extends: 主题 “red” 的 extends 形成了循环：red → red" in stderr, stderr


@pytest.mark.parametrize(("mistake", "words"), [
    ("{% if page.tags %}标签", "遇到 {% endblock %}，但前面的 {% if %} 还没有用 {% endif %} 结束：请在它之前补上 {% endif %}，或检查嵌套的先后"),
    ("{% for tag in page.tags %}{{ tag }}{% endif %}", "遇到 {% endif %}，但前面的 {% for %} 还没有用 {% endfor %} 结束"),
    ("{% if page.tags %}标签{% endfi %}", "不认识的标签 {% endfi %}，是不是想写 “{% endif %}”？"),
    ("{{ page.title | truncat(8) }}", "没有叫 “truncat” 的过滤器，是不是想写 “truncate”？"),
    ("{{ page.title | daet_text }}", "没有叫 “daet_text” 的过滤器，是不是想写 “date_text”？"),
], ids=["if-left-open", "endif-closing-a-for", "misspelt-end-tag", "misspelt-filter", "misspelt-own-filter"])
def test_a_template_syntax_mistake_is_told_in_chinese_with_the_fix(tmp_path, mistake, words):
    """Jinja's English ("Encountered unknown tag 'endblock'. You probably made a nesting
    mistake...") was all the Chinese message gave."""
    template = _default("notice.html").replace('<div class="body">', mistake + '<div class="body">', 1)
    # Told at the line of the mistake, or for a block left open at the {% endblock %} that meets it.
    lines = template.splitlines()
    line = (len(lines) - lines[::-1].index("{% endblock %}") if mistake == "{% if page.tags %}标签"
            else _line_of(template, mistake))
    root = make_site_files(tmp_path, {"content/notices/2026-11-20-a.md": NOTICE, "templates/notice.html": template})
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 1 and f"templates/notice.html:{line}: 模板语法错误：{words}" in stderr, stderr
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY, "--lang", "en")
    assert code == 1 and f"templates/notice.html:{line}: template syntax error: " in stderr and "模板" not in stderr


def test_the_end_of_a_template_with_a_block_still_open_is_told_which(tmp_path):
    root = make_site_files(tmp_path, {"content/pages/about.md": "---\ntitle: 关于\n---\n关于我们。\n",
                                      "templates/page.html": '{% extends "base.html" %}\n{% block content %}\n{% if page.title %}\n<h1>{{ page.title }}</h1>\n'})
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--today", TODAY)
    assert code == 1 and "templates/page.html:4: 模板语法错误：模板到了结尾，前面的 {% if %} 还没有用 {% endif %} 结束：请补上 {% endif %}" in stderr, stderr


def test_a_theme_of_its_own_written_before_the_years_report_builds_without_one(tmp_path):
    """A theme of its own (no extends) made from a copy of the default before the year's report
    poster has no posters/stats_year.html and no poster_year_title: the build stopped with a
    KeyError traceback. It prints the posters it has; the year's report needs both."""
    from generator.build import check
    from generator.posters import poster_specs
    from generator.themes import load_strings, resolve_theme

    root = make_site_files(tmp_path, {
        "site.yaml": MINIMAL_SITE_YAML + "theme: old\n",
        "content/stats/2026-10.yaml": "month: 2026-10\nfigures: {service_visits: 5704}\n",
        "content/notices/2026-11-20-a.md": "---\ntitle: 报告\ndate: 2026-11-20\n---\n见[十月报告](/stats/2026-10/)。\n",
    })
    theme = _own_copy_of_the_default_theme(root, "old", ("poster_year_title:",))
    (theme / "posters/stats_year.html").unlink()
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 0 and "Traceback" not in stderr, stderr
    site, _ = check(root, today=dt.date(2026, 11, 22))
    specs = poster_specs(site, load_strings(resolve_theme(site.config), "zh-Hans"))
    assert [spec.name for spec in specs] == ["stats/2026-10"]


def test_a_site_template_calling_chart_svg_the_old_way_still_builds(tmp_path):
    """The screen-reader change dropped chart_svg's id, title and description (the drawing is
    named by its kind now): a site's own template passing them, as the default did, stopped
    the build. They are accepted and not read, as year_target_text's final is."""
    old = ('{% extends "base.html" %}\n{% from "partials/charts.html" import chart_svg with context %}\n'
           '{% set report = statistics(site).month(page.month) %}\n{% block content %}\n'
           '{{ chart_svg(report.trends[0], chart_layouts.wide, "my-chart", "服务人次", "十月服务人次") }}\n'
           '{{ chart_svg(report.trends[0], chart_layouts.phone, "my-chart", "服务人次", "十月服务人次", "chart-phone") }}\n'
           '{% endblock %}\n')
    root = make_site_files(tmp_path, {"content/stats/2026-10.yaml": "month: 2026-10\nfigures: {service_visits: 5704}\n",
                                      "templates/stats_month.html": old})
    code, _, stderr = run_cli_in_process("build", root, "--out", tmp_path / "out", "--today", TODAY, "--no-posters")
    assert code == 0, stderr
    html = (tmp_path / "out/stats/2026-10/index.html").read_text(encoding="utf-8")
    assert '<svg class="chart-wide"' in html and '<svg class="chart-phone" display="none"' in html, html
    assert "十月服务人次" not in html  # accepted, not read


@pytest.mark.parametrize("left_out", [("time:", "location:"), ("rescheduled_note:",)])
def test_a_theme_of_its_own_without_the_feeds_words_builds_its_feed(tmp_path, left_out):
    """A theme of its own (no extends) whose strings have no 时间 or 地点 (its activity page
    writes them as it likes) stopped the build on a KeyError traceback from the feed, which
    begins each activity's entry with them. The feed takes the bundled theme's words; so for
    the words of a moved activity (已改期（原定 …）), a theme made before they were."""
    root = make_site_files(tmp_path, {
        "site.yaml": MINIMAL_SITE_YAML + "theme: own\n",
        "content/activities/2026-12-06-yi-zhen.md": "---\ntitle: 义诊\nstart: 2026-12-06 09:00\nlocation: 二楼\n---\n量血压。\n",
        "content/activities/2026-12-13-jiang-zuo.md": "---\ntitle: 讲座\nstart: 2026-12-13 09:00\nrescheduled_from: 2026-12-12\n---\n防跌倒。\n",
    })
    theme = _own_copy_of_the_default_theme(root, "own", left_out)
    for name in ("templates/activity.html", "posters/activity.html"):
        page = theme / name
        page.write_text(page.read_text(encoding="utf-8").replace("t.time", "'时间'").replace("t.location", "'地点'")
                        .replace("page | rescheduled_text", "''"), encoding="utf-8")
    code, _, stderr = run_cli_in_process("build", root, "--out", tmp_path / "out", "--today", TODAY, "--no-posters")
    assert code == 0 and "Traceback" not in stderr, stderr
    feed = (tmp_path / "out/feed.xml").read_text(encoding="utf-8")
    assert "<summary>时间：2026年12月6日 星期日 9:00 地点：二楼</summary>" in feed, feed
    assert "<summary>已改期（原定 2026年12月12日 星期六） 时间：2026年12月13日 星期日 9:00</summary>" in feed, feed


def _own_copy_of_the_default_theme(root: Path, name: str, strings_left_out: tuple[str, ...]) -> Path:
    """A theme of its own (no ``extends``) in the site, copied from the default one as staff
    make one, its strings files without the lines that begin with ``strings_left_out`` (the
    words a theme made before them does not have)."""
    import shutil

    theme = root / "themes" / name
    shutil.copytree(REPO / "themes/default", theme)
    (theme / "theme.yaml").write_text(f"name: {name}\n", encoding="utf-8")
    for strings in (theme / "strings").glob("*.yaml"):
        strings.write_text("".join(line for line in strings.read_text(encoding="utf-8").splitlines(keepends=True)
                                   if not line.startswith(strings_left_out)), encoding="utf-8")
    return theme
