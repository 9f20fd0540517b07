"""A theme author's walk, continued: changing the header or the colour without copying
base.html, extending the parent theme's template of the same name, and template mistakes
told in words a volunteer can act on, named from the site folder in build and serve alike."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import MINIMAL_SITE_YAML, TODAY, make_site_files, run_cli_in_process
from htmltree import parse

REPO = Path(__file__).resolve().parent.parent
NOTICE = "---\ntitle: 停水\ndate: 2026-11-20\n---\n停水。\n"


def _default(name: str) -> str:
    return (REPO / "themes/default/templates" / name).read_text(encoding="utf-8")


def _child_theme(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A site choosing ``themes/district`` (``extends: default`` unless ``files`` has its theme.yaml)."""
    return make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "theme: district\n",
                                      "content/notices/2026-11-20-a.md": NOTICE,
                                      "themes/district/theme.yaml": "extends: default\n", **files})


def _build(root: Path, out: Path, *more: str) -> str:
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--out", out, "--today", TODAY, *more)
    assert code == 0, stderr
    return stderr


def _page(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


# ---------------------------------------------------------------- blocks and the parent's template

def test_a_child_theme_changes_the_header_and_adds_to_head_with_blocks_of_the_defaults_base(tmp_path):
    """The header sat outside any block, and a theme's base.html could not extend base.html
    (itself): changing the community's banner meant copying all of base.html."""
    base = ('{% extends "default/base.html" %}\n'
            '{% block head %}<link rel="stylesheet" href="{{ asset(\'district.css\') }}">{% endblock %}\n'
            '{% block header %}<header class="site-header"><p class="banner">青石街道 · {{ config.title }}</p></header>'
            '{% endblock %}\n')
    root = _child_theme(tmp_path, {"themes/district/templates/base.html": base,
                                   "themes/district/static/district.css": ".banner { color: #1b5e20; }\n"})
    out = tmp_path / "out"
    _build(root, out)
    for path in ("index.html", "notices/2026-11-20-a/index.html", "404.html"):
        page = _page(out, path)
        tree = parse(page)
        [header] = tree.iter("header")
        assert "青石街道 · 测试社区公告栏" in header.text, path
        assert '<fieldset class="font-size">' not in page, path  # the default's header is replaced whole
        assert re.search(r'<link rel="stylesheet" href="/test/static/district\.[0-9a-f]{10}\.css">', page), path
        assert tree.find("main") is not None and tree.find("footer") is not None, path
    # The rest of the default's frame stays: the breadcrumbs read the section set outside the header.
    notice = _page(out, "notices/2026-11-20-a/index.html")
    assert re.search(r'<li><a href="/test/notices/">通知公告</a></li>', notice), notice
    # The 404 page's own addition to head keeps the theme's (it calls super()).
    assert '<meta name="robots" content="noindex">' in _page(out, "404.html")


def test_a_template_extends_the_one_of_the_same_name_it_replaces_with_the_themes_name(tmp_path):
    """A theme's home.html extending home.html was "模板套用自己": now ``default/home.html``
    names the parent's, also from a site's own templates/, and the mistake says so."""
    home = ('{% extends "default/home.html" %}\n'
            '{% block content %}<p class="welcome">欢迎来到青石街道</p>{{ super() }}{% endblock %}\n')
    root = _child_theme(tmp_path, {"themes/district/templates/home.html": home,
                                   "templates/notice.html": '{% extends "district/notice.html" %}\n'
                                                            '{% block title %}通知：{{ page.title }}{% endblock %}\n'})
    out = tmp_path / "out"
    _build(root, out)
    index = _page(out, "index.html")
    assert '<p class="welcome">欢迎来到青石街道</p>' in index and "停水" in index  # the default's content too
    assert "<title>通知：停水</title>" in _page(out, "notices/2026-11-20-a/index.html")
    (root / "themes/district/templates/home.html").write_text(home.replace("default/home.html", "home.html"), encoding="utf-8")
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--out", out, "--today", TODAY)
    assert code == 1
    assert stderr.startswith("themes/district/templates/home.html:1: 模板出错：模板套用自己"), stderr
    assert '要套用上级主题的同名模板，在名字前加主题名：{% extends "default/home.html" %}' in stderr, stderr
    # A misspelt theme name gets the closest name, and a block the parent has not is warned about.
    (root / "themes/district/templates/home.html").write_text(
        home.replace("default/home.html", "defualt/home.html"), encoding="utf-8")
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 1 and "找不到模板 “defualt/home.html”" in stderr and "是不是想写 “default/home.html”？" in stderr, stderr
    (root / "themes/district/templates/home.html").write_text(home.replace("block content", "block contnt"), encoding="utf-8")
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 0 and ("themes/district/templates/home.html:2: 警告: 模板 “default/home.html” 里没有 "
                          "{% block contnt %}，这一块不会显示在页面上，是不是想写 “content”？") in stderr, stderr


def test_an_edit_to_the_parents_template_extended_by_name_rebuilds_the_pages(tmp_path):
    """The incremental build records every template a page pulls in: ``blue/home.html`` too."""
    blue_home = _default("home.html").replace("{% block content %}", "{% block content %}<p>蓝色主题</p>", 1)
    root = make_site_files(tmp_path, {
        "site.yaml": MINIMAL_SITE_YAML + "theme: red\n", "content/notices/2026-11-20-a.md": NOTICE,
        "themes/blue/theme.yaml": "extends: default\n", "themes/blue/templates/home.html": blue_home,
        "themes/red/theme.yaml": "extends: blue\n",
        "themes/red/templates/home.html": '{% extends "blue/home.html" %}\n{% block title %}红色{% endblock %}\n'})
    out = tmp_path / "out"
    _build(root, out)
    assert "<p>蓝色主题</p>" in _page(out, "index.html") and "<title>红色</title>" in _page(out, "index.html")
    (root / "themes/blue/templates/home.html").write_text(blue_home.replace("蓝色主题", "天蓝主题"), encoding="utf-8")
    _build(root, out)
    assert "<p>天蓝主题</p>" in _page(out, "index.html")


# ---------------------------------------------------------------- the theme's colour

def test_a_themes_colour_is_its_theme_yaml_color(tmp_path):
    """``<meta name="theme-color" content="#0b4f9c">`` was written in base.html (and the web
    manifest): a theme changing colours only could not change it without a copy of both."""
    root = _child_theme(tmp_path, {"themes/district/theme.yaml": 'extends: default\ncolor: "#1b5e20"\n'})
    out = tmp_path / "out"
    _build(root, out)
    assert '<meta name="theme-color" content="#1b5e20">' in _page(out, "index.html")
    assert json.loads(_page(out, "manifest.webmanifest"))["theme_color"] == "#1b5e20"
    # A new colour is a new build of every page, as for the theme's words.
    (root / "themes/district/theme.yaml").write_text('extends: default\ncolor: "#8b1a1a"\n', encoding="utf-8")
    _build(root, out)
    assert '<meta name="theme-color" content="#8b1a1a">' in _page(out, "notices/2026-11-20-a/index.html")
    assert json.loads(_page(out, "manifest.webmanifest"))["theme_color"] == "#8b1a1a"
    # Without a colour of its own, the child has its parent's.
    (root / "themes/district/theme.yaml").write_text("extends: default\n", encoding="utf-8")
    _build(root, out)
    assert '<meta name="theme-color" content="#0b4f9c">' in _page(out, "index.html")


@pytest.mark.parametrize(("written", "told"), [
    ("color: #1b5e20", "themes/district/theme.yaml:2: color: 颜色是空的：# 在 YAML 里是注释的开始，颜色要加引号，例如 color: \"#b3261e\""),
    ("color: 绿色", "themes/district/theme.yaml:2: color: “绿色” 不是颜色：请写成 # 加 6 位十六进制数，并加引号，例如 color: \"#b3261e\""),
], ids=["unquoted", "a-word"])
def test_a_colour_that_is_no_colour_is_an_error_naming_its_line(tmp_path, written, told):
    root = _child_theme(tmp_path, {"themes/district/theme.yaml": f"extends: default\n{written}\n"})
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 1 and told in stderr, stderr


# ---------------------------------------------------------------- mistakes in words a volunteer reads

@pytest.mark.parametrize(("mistake", "zh", "en"), [
    ("{{ config.title }", "模板语法错误：多了或少了一个 “}”：变量要写成 {{ 名字 }}，两边各两个花括号；标签写成 {% … %}",
     "template syntax error: unexpected '}': a value is written {{ name }}, two braces on each side"),
    ("{{ config.title", "模板语法错误：这里不该有 “/”：前面的 {{ 或 {% 是不是没有结束（少了 }} 或 %}）？",
     "template syntax error: unexpected '/': is a {{ or {% before it not closed (a }} or %} missing)?"),
    ("{{ config.title｜upper }}", "模板语法错误：“｜” 是全角符号（中文输入法打的），{{ }} 和 {% %} 里要用半角：请改成 “|”",
     "template syntax error: unexpected char '｜' at"),
    ("{% if config.title = 1 %}x{% endif %}", "模板语法错误：{% … %} 里比较是否相等要写两个等号 ==（{% if a == b %}）；给变量赋值写 {% set a = b %}",
     "template syntax error: expected token 'end of statement block', got '=': compare with =="),
    ("{{ (config.title }}", "模板语法错误：括号没有配对：遇到 “}” 时，前面的 “(” 还没有用 “)” 结束：请补上 “)”",
     "template syntax error: unexpected '}', expected ')': a '(' before it is not closed"),
    ("{{ page.titel }}", "模板出错：这个页面没有 page（page 是空的 none）：首页、列表页这样不属于某一条内容的页面没有 page，"
     "所以没有 “page.titel”：请先判断 {% if page %}…{% endif %}", "template error: this page has no page (it is none)"),
    ("{{ config.title.size }}", "模板出错：一段文字 没有 “size” 这一项：请检查拼写", "template error: 'str object' has no attribute 'size'"),
], ids=["one-brace", "left-open", "full-width-bar", "single-equals", "bracket", "page-on-home", "str-attribute"])
def test_a_template_mistake_reads_in_chinese_with_its_file_and_line(tmp_path, mistake, zh, en):
    """Jinja's English leaked into the Chinese messages (模板语法错误：unexpected '}'), and on
    the home page, where page is none, a misspelt name read "None 没有 “titel” 这一项"."""
    home = f'{{% extends "base.html" %}}\n{{% block content %}}\n<p>{mistake}</p>\n{{% endblock %}}\n'
    root = _child_theme(tmp_path, {"themes/district/templates/home.html": home})
    where = "themes/district/templates/home.html:3: "
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--out", tmp_path / "out", "--today", TODAY)
    assert code == 1 and stderr.startswith(where) and zh in stderr.splitlines()[0], stderr
    assert "unexpected" not in stderr and "None" not in stderr and "Traceback" not in stderr, stderr
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--out", tmp_path / "out", "--today", TODAY, "--lang", "en")
    assert code == 1 and stderr.startswith(where) and en in stderr, stderr


def test_a_none_value_is_named_by_the_expression_that_holds_it(tmp_path):
    """Another none than page: its expression on the line is named, with the test to add."""
    notice = _default("notice.html").replace('<div class="body">', "<p>{{ page.expires.year }}</p><div class=\"body\">", 1)
    root = _child_theme(tmp_path, {"themes/district/templates/notice.html": notice})
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 1 and ("模板出错：“page.expires” 在这个页面上是空的（none），没有 “year” 这一项："
                          "请先判断 {% if page.expires %}…{% endif %}，或检查拼写") in stderr, stderr


# ---------------------------------------------------------------- paths as build shows them

def test_serve_and_build_name_a_template_from_the_site_folder(tmp_path, monkeypatch):
    """serve showed /tmp/…/site/themes/district/templates/home.html (and build did too when
    given the site's full path): content files were named from the site folder."""
    from generator.serve import Preview

    root = _child_theme(tmp_path, {"themes/district/templates/home.html":
                                   '{% extends "base.html" %}\n{% block content %}{{ config.title }{% endblock %}\n'})
    told = "themes/district/templates/home.html:2: 模板语法错误："
    code, _, stderr = run_cli_in_process("build", root.resolve(), "--no-posters", "--out", tmp_path / "out", "--today", TODAY)
    assert code == 1 and stderr.startswith(told), stderr
    monkeypatch.chdir(tmp_path)  # a folder above the site, as `noticeboard build site` from there
    code, _, stderr = run_cli_in_process("build", "site", "--no-posters", "--out", tmp_path / "out", "--today", TODAY)
    assert code == 1 and stderr.startswith(told), stderr
    preview = Preview(root.resolve(), "zh", dt.date.fromisoformat(TODAY))
    preview.rebuild()
    panel = preview.panel.decode("utf-8")
    assert told in panel and str(tmp_path) not in panel, panel
    # A partial that is not there: the folders searched are named as the site's folders too.
    (root / "themes/district/templates/home.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{% include "partials/banner.html" %}{% endblock %}\n', encoding="utf-8")
    preview.rebuild()
    panel = preview.panel.decode("utf-8")
    assert "themes/district/templates/home.html:2: 找不到模板 “partials/banner.html”（查找了：templates、themes/district/templates、" in panel, panel


@pytest.mark.parametrize(("ending", "zh"), [
    ("{{ config.title", "模板语法错误：模板到了结尾，{{ 还没有用 }} 结束：请补上 }}"),
    ("{% if config.title %", "模板语法错误：模板到了结尾，最后一个标签还没有结束：{{ … }} 要用 }} 结束，{% … %} 要用 %} 结束"),
], ids=["value", "tag"])
def test_a_tag_left_open_where_the_template_ends_is_told_how_to_close_it(tmp_path, ending, zh):
    root = _child_theme(tmp_path, {"themes/district/templates/home.html": '{% extends "base.html" %}\n' + ending})
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 1 and stderr.startswith(f"themes/district/templates/home.html:2: {zh}"), stderr
