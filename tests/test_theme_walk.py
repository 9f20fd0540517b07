"""What a district's web volunteer meets making a child theme by docs/themes.md: a block name
misspelt, a key of theme.yaml misspelt, a UI word left empty, a strings file typed with a
Chinese input method, a logo named with a space, a logo on a poster. Each was silent (or
said something untrue); each is now one line naming the file and the line, with the fix."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL_SITE_YAML, TODAY, make_site_files, run_cli_in_process

REPO = Path(__file__).resolve().parent.parent
NOTICE = "---\ntitle: 停水\ndate: 2026-11-20\n---\n停水。\n"


def _default(name: str) -> str:
    return (REPO / "themes/default/templates" / name).read_text(encoding="utf-8")


def _line_of(text: str, words: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if words in line)


def _child_theme(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A site choosing ``themes/district`` (``extends: default`` unless ``files`` has its theme.yaml)."""
    return make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + "theme: district\n",
                                      "content/notices/2026-11-20-a.md": NOTICE,
                                      "themes/district/theme.yaml": "extends: default\n", **files})


def test_a_block_the_template_it_extends_has_not_is_warned_with_the_closest_name(tmp_path):
    """{% block contents %} in a copy of notice.html: Jinja drops a block its parent does not
    have, so every notice page came out with no text at all, and nothing said why."""
    template = _default("notice.html").replace("{% block content %}", "{% block contents %}", 1)
    line = _line_of(template, "{% block contents %}")
    # A new block inside a block that is shown is shown too: a template below may override it.
    nested = '{% extends "base.html" %}\n{% block content %}{% block sidebar %}<p>旁栏</p>{% endblock %}{% endblock %}\n'
    root = _child_theme(tmp_path, {"themes/district/templates/notice.html": template,
                                   "themes/district/templates/page.html": nested,
                                   "content/pages/about.md": "---\ntitle: 关于\n---\n关于我们。\n"})
    out = tmp_path / "out"
    told = ("themes/district/templates/notice.html:{line}: 警告: 模板 “base.html” 里没有 {{% block contents %}}，"
            "这一块不会显示在页面上，是不是想写 “content”？").format(line=line)
    for command in (["build", "--no-posters", "--out", out], ["check"]):
        code, _, stderr = run_cli_in_process(*command, root, "--today", TODAY)
        assert code == 0, stderr
        assert told in stderr, stderr
        assert "sidebar" not in stderr and "Traceback" not in stderr
    assert "旁栏" in (out / "about/index.html").read_text(encoding="utf-8")
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY, "--lang", "en")
    assert (f"themes/district/templates/notice.html:{line}: warning: 'base.html' has no {{% block contents %}}: "
            "it is never shown on the page; did you mean 'content'?") in stderr, stderr


def test_an_unknown_key_in_theme_yaml_is_warned_even_when_the_build_then_fails(tmp_path):
    """``extend: default`` was ignored without a word: the theme stood alone, and the only
    message was that its home.html found no base.html, far from the typo."""
    root = _child_theme(tmp_path, {"themes/district/theme.yaml": "name: 青石街道\nextend: default\n",
                                   "themes/district/templates/home.html": '{% extends "base.html" %}\n'})
    told = "themes/district/theme.yaml:2: extend: 警告: 不认识的字段，已忽略（theme.yaml 里可以写 name、extends、color），是不是想写 “extends”？"
    for command in (["build", "--no-posters", "--out", tmp_path / "out"], ["check"]):
        code, _, stderr = run_cli_in_process(*command, root, "--today", TODAY)
        assert code == 1 and told in stderr, stderr
    (root / "themes/district/theme.yaml").write_text("name: 青石街道\nextends: default\nauthor: 小王\n", encoding="utf-8")
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 0 and "themes/district/theme.yaml:3: author: 警告: 不认识的字段，已忽略" in stderr, stderr
    assert "name:" not in stderr


def test_a_ui_word_left_empty_or_not_text_is_an_error_naming_its_line(tmp_path):
    """``home:`` with nothing after it put "None" in every page's menu."""
    root = _child_theme(tmp_path, {"themes/district/strings/zh-Hans.yaml": "search: 查找\nhome:\nmenu: [首页]\n"})
    for command in (["build", "--no-posters", "--out", tmp_path / "out"], ["check"]):
        code, _, stderr = run_cli_in_process(*command, root, "--today", TODAY)
        assert code == 1, stderr
        assert ("themes/district/strings/zh-Hans.yaml:2: home: 界面文字是空的：请在冒号后写上文字，"
                "或删掉这一行（用上级主题的文字）") in stderr, stderr
        assert "themes/district/strings/zh-Hans.yaml:3: menu: 界面文字应是一段文字" in stderr, stderr
    assert not (tmp_path / "out").exists()


def test_check_fix_repairs_a_themes_strings_file_as_it_says(tmp_path):
    """The full-width colon's message offers ``check --fix``, which repaired content/ and
    site.yaml only: "没有需要自动改正的……", and the same error again."""
    root = _child_theme(tmp_path, {"themes/district/strings/zh-Hans.yaml": "search：查找\n",
                                   "themes/district/theme.yaml": "extends：default\n"})
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY)
    assert code == 1 and "check --fix" in stderr, stderr
    code, stdout, stderr = run_cli_in_process("check", root, "--fix", "--today", TODAY)
    assert code == 0, stdout + stderr
    assert "themes/district/strings/zh-Hans.yaml:1: 已改正：“search：查找” → “search: 查找”" in stdout + stderr
    assert (root / "themes/district/strings/zh-Hans.yaml").read_text(encoding="utf-8") == "search: 查找\n"
    assert (root / "themes/district/theme.yaml").read_text(encoding="utf-8") == "extends: default\n"


def test_a_static_file_named_with_spaces_is_linked_percent_encoded(tmp_path):
    """``url('/static/街道 标志.png')`` wrote the space into src as it is: invalid HTML (the Nu
    checker: "Illegal character in path segment"), and a link cut at the space where it is
    pasted into a chat."""
    banner = ('{% extends "base.html" %}\n{% block content %}<img src="{{ url(\'/static/街道 标志.png\') }}" alt="标志">'
              '<link rel="stylesheet" href="{{ asset(\'my style.css\') }}">{% endblock %}\n')
    root = _child_theme(tmp_path, {"themes/district/templates/page.html": banner,
                                   "themes/district/static/街道 标志.png": b"\x89PNG\r\n\x1a\n",
                                   "themes/district/static/my style.css": "body { color: #1b5e20; }\n",
                                   "content/pages/about.md": "---\ntitle: 关于\n---\n关于我们。\n"})
    out = tmp_path / "out"
    code, _, stderr = run_cli_in_process("build", root, "--no-posters", "--out", out, "--today", TODAY)
    assert code == 0, stderr
    page = (out / "about/index.html").read_text(encoding="utf-8")
    assert 'src="/test/static/街道%20标志.png"' in page
    [css] = re.findall(r'href="(/test/static/my%20style\.[0-9a-f]{10}\.css)"', page)
    assert (out / css.removeprefix("/test/").replace("%20", " ")).is_file()
    assert (out / "static/街道 标志.png").is_file()


@pytest.mark.parametrize("image, own_logo, printed", [
    # a theme's own logo, printed as it is (120 × 60 is below the 300 dpi of 20 mm)
    ("logo.png", True, "120\\s+60"),
    # the bundled theme's icon, where the site has none: printed from its copy of 236 pixels,
    # 20 mm at 300 dpi
    ("icon-512.png", False, "236\\s+236"),
])
def test_a_poster_prints_a_static_image_of_the_theme_or_the_bundled_theme(tmp_path, image, own_logo, printed):
    """``<img src="{{ url('/static/logo.png') }}">`` in a theme's poster (as docs/themes.md
    shows for a page) was left out, with a warning that the file was outside the site's
    folder and belonged in content/media/: neither was true. ``url('/static/icon-512.png')``,
    where the site has no icon of its own, names the bundled theme's file, outside the site's
    folder where `init` made the site: the tool's own files are printed too; any other file
    outside the site's folder still is not."""
    from PIL import Image

    poster = (REPO / "themes/default/posters/notice.html").read_text(encoding="utf-8").replace(
        "{% block content %}", f"{{% block content %}}<img src=\"{{{{ url('/static/{image}') }}}}\" alt=\"\" style=\"width: 20mm\">", 1)
    files = {"content/notices/2026-11-20-a.md": NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\nposter: true"),
             "themes/district/posters/notice.html": poster}
    if own_logo:
        logo = tmp_path / image
        Image.new("RGB", (120, 60), (27, 94, 32)).save(logo)
        files[f"themes/district/static/{image}"] = logo.read_bytes()
    root = _child_theme(tmp_path, files)
    out = tmp_path / "out"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY)
    assert code == 0, stderr
    assert image not in stderr, stderr
    images = subprocess.run(["pdfimages", "-list", out / "notices/2026-11-20-a.pdf"], capture_output=True, text=True,
                            check=True).stdout
    assert re.search(rf"^\s*1\s+\d+\s+image\s+{printed}\b", images, re.M), images


def test_links_leading_out_of_the_theme_or_the_site_are_warned_and_neither_read_nor_copied(tmp_path):
    """A downloaded theme's templates/leak.html, a link to a secret file, was shown on a page
    by {% include %}, and its static/leak.txt copied into public/static/: a theme (and a site's
    own templates/ and static/) may use only the files inside its folder."""
    secret = tmp_path / "secret.txt"
    secret.write_text("机密口令 hunter2\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/passwd.txt").write_text("机密口令 hunter2\n", encoding="utf-8")
    page = '{% extends "base.html" %}\n{% block content %}{% include "leak.html" ignore missing %}<p>关于我们</p>{% endblock %}\n'
    root = _child_theme(tmp_path, {"themes/district/templates/page.html": page,
                                   "themes/district/static/real.txt": "主题自己的文件\n",
                                   "content/pages/about.md": "---\ntitle: 关于\n---\n关于我们。\n"})
    theme = root / "themes/district"
    links = {theme / "templates/leak.html": secret, theme / "static/leak.txt": secret,
             theme / "static/etc": tmp_path / "elsewhere", root / "static/site-leak.txt": secret,
             root / "templates/partials": tmp_path / "elsewhere", theme / "posters": tmp_path / "elsewhere"}
    for link, target in links.items():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
    (theme / "static/inside.txt").symlink_to(theme / "static/real.txt")  # inside its folder: used as it is
    out = tmp_path / "out"
    code, _, stderr = run_cli_in_process("build", "--no-posters", "--out", out, root, "--today", TODAY)
    assert code == 0, stderr
    for shown, whose in (("themes/district/templates/leak.html", "主题"), ("themes/district/static/leak.txt", "主题"),
                         ("themes/district/static/etc", "主题"), ("static/site-leak.txt", "网站"),
                         ("templates/partials", "网站"), ("themes/district/posters", "主题")):
        assert f"{shown}: 警告: 这是一个链接，指向{whose}文件夹以外的" in stderr, stderr
    assert "请把那个文件复制到这里，替换这个链接" in stderr
    assert "Traceback" not in stderr
    published = [path for path in out.rglob("*") if path.is_file()]
    assert not [path for path in published if "hunter2" in path.read_bytes().decode("utf-8", "replace")]
    assert "关于我们" in (out / "about/index.html").read_text(encoding="utf-8")
    assert (out / "static/inside.txt").read_text(encoding="utf-8") == "主题自己的文件\n"
    assert not (out / "static/leak.txt").exists() and not (out / "static/site-leak.txt").exists()
    code, _, stderr = run_cli_in_process("check", root, "--today", TODAY, "--lang", "en")
    assert "themes/district/templates/leak.html: warning: a link to a file outside the theme's folder" in stderr, stderr
