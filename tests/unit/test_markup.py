"""Markdown -> safe HTML with local links resolved, for both engines a site may choose."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import markup
from generator.load import RawDocument
from generator.markup import ENGINES, MarkdownRenderer, MediaLinks

REPO = Path(__file__).resolve().parents[2]

BODY = """第一段第一行
第一段第二行

| 项目 | 时间 |
| --- | --- |
| 义诊 | 周六 |

![垃圾分类示意图](../media/bins.png) [报名表](../media/form.pdf) [通知列表](/notices/)

<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">点我</a><img src="x.png" onerror="y()" alt="坏图">
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content/media").mkdir(parents=True)
    (tmp_path / "content/notices").mkdir()
    # A real picture: a file that is none is warned about (test_an_image_browsers_cannot_show_is_a_warning)
    shutil.copy(REPO / "content/media/garbage-sorting-bins.png", tmp_path / "content/media/bins.png")
    (tmp_path / "content/media/form.pdf").write_bytes(b"%PDF-1.4")
    shutil.copy(tmp_path / "content/media/bins.png", tmp_path / "content/notices/x.png")  # beside the notice
    return tmp_path


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_tables_links_and_images_survive_but_scripts_do_not(site: Path, engine: str) -> None:
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    html, text = MarkdownRenderer(MediaLinks(site, "/jj/"), engine).render(BODY, document)
    assert "<table>" in html and "<td>义诊</td>" in html
    assert 'src="/jj/media/bins.png"' in html and 'alt="垃圾分类示意图"' in html and 'loading="lazy"' in html
    assert 'href="/jj/media/form.pdf"' in html
    assert 'href="/jj/notices/"' in html
    assert 'src="/jj/media/notices/x.png"' in html
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html and "onerror" not in html
    assert "第一段第一行<br>" in html
    assert "义诊" in text and "<" not in text
    assert document.media == {"content/media/bins.png", "content/media/form.pdf", "content/notices/x.png"}
    assert not document.problems.items


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_missing_file_and_a_missing_alt_name_their_line(site: Path, engine: str) -> None:
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    MarkdownRenderer(MediaLinks(site, "/"), engine).render("正文\n\n![](../media/bins.png)\n\n[表](表格.pdf)\n", document)
    messages = [p.format() for p in document.problems]
    assert messages == [
        "content/notices/a.md:7: 警告: 图片 “../media/bins.png” 缺少文字说明：写成 ![图片内容的说明](../media/bins.png)，方便视力不好的居民用读屏软件了解图片",
        "content/notices/a.md:9: 找不到链接的文件 “表格.pdf”：请把文件放在 content/media/ 或与本文件同一文件夹，并检查文件名",
    ]


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_path_on_the_staff_computer_is_an_error_naming_its_line(site: Path, engine: str) -> None:
    """Pasted from Explorer or a browser's address bar: sanitizing used to drop the src and
    href silently, publishing an image with no picture and a dead link."""
    body = ("正文\n\n![宣传图](C:\\Users\\社区\\Desktop\\照片.jpg)\n\n![宣传图](file:///C:/Users/x/照片.jpg)\n\n"
            "[报名表](D:\\报名表.docx) [网站](https://example.org/) [电话](tel:0831-1234567) 时间 10:30\n\n"
            "<img src='E:/相册/合影 2026.jpg' alt=\"合影\">\n\n![共享盘](\\\\server\\share\\a.jpg)\n")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    MarkdownRenderer(MediaLinks(site, "/"), engine).render(body, document)
    how = "请把文件复制到 content/media/，再按文件名写成 {}（或把文件放在与本文件同一文件夹，只写文件名）"
    assert [p.format() for p in document.problems.sorted()] == [
        f"content/notices/a.md:7: “C:\\Users\\社区\\Desktop\\照片.jpg” 是您自己电脑上的位置，网站访问不到，居民看不到这个文件：{how.format('media/照片.jpg')}",
        f"content/notices/a.md:9: “file:///C:/Users/x/照片.jpg” 是您自己电脑上的位置，网站访问不到，居民看不到这个文件：{how.format('media/照片.jpg')}",
        f"content/notices/a.md:11: “D:\\报名表.docx” 是您自己电脑上的位置，网站访问不到，居民看不到这个文件：{how.format('media/报名表.docx')}",
        f"content/notices/a.md:13: “E:/相册/合影 2026.jpg” 是您自己电脑上的位置，网站访问不到，居民看不到这个文件：{how.format('<media/合影 2026.jpg>')}",
        f"content/notices/a.md:15: “\\server\\share\\a.jpg” 是您自己电脑上的位置，网站访问不到，居民看不到这个文件：{how.format('media/a.jpg')}",
    ]
    assert all(p.is_error for p in document.problems)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_image_browsers_cannot_show_is_a_warning(site: Path, engine: str) -> None:
    (site / "content/media/photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    (site / "content/media/scan.jpg").write_bytes(b"%PDF-1.4\n%%EOF\n")  # a PDF renamed .jpg
    data = (site / "content/media/bins.png").read_bytes()
    (site / "content/media/cut.png").write_bytes(data[:3000])
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, _ = MarkdownRenderer(MediaLinks(site, "/"), engine).render(
        "![垃圾桶](../media/bins.png)\n\n![合影](../media/photo.heic)\n\n![报名表](../media/scan.jpg)\n\n"
        "![分类图](../media/cut.png)\n\n[原图](../media/photo.heic)\n", document)
    assert 'src="/media/photo.heic"' in html  # published all the same
    assert [(p.line, p.is_error) for p in document.problems] == [(3, False), (5, False), (7, False)]
    heic, renamed, cut = (p.format() for p in document.problems)
    assert heic.startswith("content/notices/a.md:3: 警告: 图片 “../media/photo.heic” 是 HEIC 格式")
    assert "另存为 JPG 或 PNG" in heic and "兼容性最佳" in heic
    assert renamed.startswith("content/notices/a.md:5: 警告: 图片 “../media/scan.jpg” 打不开") and "重新导出为 JPG 或 PNG" in renamed
    assert cut.startswith("content/notices/a.md:7: 警告: 图片 “../media/cut.png” 不完整或已损坏")
    assert "Most Compatible" in document.problems.items[0].format("en")


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_links_to_pages_of_the_site_are_noted_with_their_line(site: Path, engine: str) -> None:
    """Whether such a page exists is known once the site is planned (lint.check_site_links):
    the renderer notes each link, as written, with its line."""
    body = ("正文\n\n见[停水通知](/notices/2026-11-20-ting-shui/#shi-jian)。\n\n"
            "![照片](/Users/张三/Desktop/照片.jpg) [网站](https://example.org/) [表](../media/form.pdf)\n\n"
            "[日历](/calendar.ics)\n")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    html, _ = MarkdownRenderer(MediaLinks(site, "/jj/"), engine).render(body, document)
    assert 'href="/jj/notices/2026-11-20-ting-shui/#shi-jian"' in html
    assert document.site_links == [("/notices/2026-11-20-ting-shui/#shi-jian", 7),
                                   ("/Users/张三/Desktop/照片.jpg", 9), ("/calendar.ics", 11)]
    assert not document.problems.items


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_link_sanitizing_drops_is_a_warning_naming_its_line(site: Path, engine: str) -> None:
    """nh3 keeps http, https, mailto and tel links only: an ftp:// or weixin:// link used to
    be published as text that leads nowhere, without a word."""
    body = ("正文\n\n[报名表](ftp://example.org/form.pdf) [网站](https://example.org/)\n\n"
            "[电话](tel:0831-1234567) [邮箱](mailto:a@example.org) [微信群](weixin://dl/chat)\n\n"
            "<a href=\"javascript:alert(1)\">脚本</a> [本机](C:\\表.docx)\n")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    html, _ = MarkdownRenderer(MediaLinks(site, "/"), engine).render(body, document)
    assert "ftp:" not in html and "weixin:" not in html and 'href="tel:0831-1234567"' in html
    problems = document.problems.sorted()
    assert [(p.line, p.is_error) for p in problems] == [(7, False), (9, False), (11, True)]  # C:\ as before
    assert problems[0].format() == (
        "content/notices/a.md:7: 警告: “ftp://example.org/form.pdf” 这种链接在网页上打不开，已被去掉，居民点不了："
        "网页里只能链接 http://、https://、mailto:（邮箱）和 tel:（电话）开头的地址。请改写成 https:// 开头的网址；"
        "文件请放进 content/media/ 再按文件名链接")
    assert problems[1].format("en").startswith("content/notices/a.md:9: warning: 'weixin://dl/chat' is a kind of link")


def test_a_link_out_of_the_site_is_refused(site: Path) -> None:
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    MarkdownRenderer(MediaLinks(site, "/")).render("[密码](../../../etc/passwd)\n", document)
    assert "指向网站文件夹以外" in document.problems.items[0].format()


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_file_name_with_a_space_makes_valid_urls(site: Path, engine: str) -> None:
    """A srcset is split at spaces: the space of 现场 照片.png must be %20 in every URL."""
    shutil.copy(REPO / "content/media/garbage-sorting-bins.png", site / "content/media/现场 照片.png")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, _ = MarkdownRenderer(MediaLinks(site, "/jj/"), engine).render("![现场](<../media/现场 照片.png>)\n", document)
    assert 'src="/jj/media/现场%20照片.png"' in html
    candidates = re.search(r'srcset="([^"]+)"', html).group(1).split(", ")
    assert len(candidates) > 1 and all(re.fullmatch(r"/jj/media/现场%20照片(\.\d+w)?\.png \d+w", c) for c in candidates)
    assert not document.problems.items


def test_a_link_markdown_did_not_take_is_a_warning_with_the_fix(site: Path) -> None:
    document = RawDocument("content/notices/a.md", {}, {}, body_line=4)
    html, _ = MarkdownRenderer(MediaLinks(site, "/")).render("活动现场：\n\n![活动现场](../media/现场 照片.png)\n", document)
    assert "<img" not in html
    assert [p.format() for p in document.problems] == [
        "content/notices/a.md:6: 警告: “![活动现场](../media/现场 照片.png)” 没有变成图片或链接（文件名里有空格？）："
        "请去掉文件名里的空格，或把文件名放在尖括号里，如 ![说明](<现场 照片.jpg>)"]


def test_the_alt_text_hint_for_a_file_name_with_a_space_is_one_that_works(site: Path) -> None:
    (site / "content/media/现场 照片.png").write_bytes((site / "content/media/bins.png").read_bytes())
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    MarkdownRenderer(MediaLinks(site, "/")).render("![](<../media/现场 照片.png>)\n", document)
    [problem] = document.problems.items
    assert "写成 ![图片内容的说明](<../media/现场 照片.png>)" in problem.format()


def test_text_lines_keeps_a_line_per_block_and_joins_inline_tags() -> None:
    from generator.markup import text_lines

    html = "<h2>安排</h2><p>上午<strong>测血压</strong><br>下午讲座</p><ul><li>带医保卡</li><li>带水杯</li></ul>" \
           "<table><tr><td>时间</td><td>9:00</td></tr></table>"
    assert text_lines(html) == "安排\n上午测血压\n下午讲座\n· 带医保卡\n· 带水杯\n时间 9:00"


def test_text_lines_puts_an_item_of_a_list_inside_an_item_on_a_line_of_its_own() -> None:
    """HTML pasted on one line (from a web editor): the inner list ran into its parent's line."""
    from generator.markup import text_lines

    html = "<ul><li>测血压<ul><li>左臂</li><li>右臂</li></ul></li><li><ol><li>空腹</li></ol></li></ul>"
    assert text_lines(html) == "· 测血压\n· 左臂\n· 右臂\n1. 空腹"


def test_text_lines_numbers_the_items_of_a_numbered_list() -> None:
    """Steps to sign up read 1. 2. 3. in a phone's calendar, as on the page, not · · ·; a list
    inside an item counts on its own, and the outer list goes on after it."""
    from generator.markup import text_lines

    html = ('<p>报名步骤</p><ol><li>带身份证</li><li>到服务中心<ul><li>一楼</li></ul></li><li>填表</li></ol>'
            '<ol start="4"><li>等电话</li></ol><ol><li><ol><li>空腹</li></ol></li></ol>')
    assert text_lines(html) == "报名步骤\n1. 带身份证\n2. 到服务中心\n· 一楼\n3. 填表\n4. 等电话\n1. 空腹"


REGION = '<div class="table-scroll" role="region" {} tabindex="0">'


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_table_in_a_text_scrolls_in_a_region_named_by_the_heading_before_it(site: Path, engine: str) -> None:
    """A table of 楼栋, 联系人, 电话 and 时间 pushed a phone's page sideways at 特大: each table
    is put in a region that scrolls and takes the focus, named for screen readers by the
    heading of its section; the table itself is left whole (read as a table)."""
    from generator.markup import scroll_tables

    source = ("## 网格员公示\n\n有事请先找网格员。\n\n| 楼栋 | 联系人 | 电话 | 时间 |\n| --- | --- | --- | --- |\n"
              "| 1 栋 | 何晓琳 | 0831-2345601 | 9:00 |\n\n后记。\n")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    body, _ = MarkdownRenderer(MediaLinks(site, "/jj/"), engine).render(source, document)
    shown = scroll_tables(body, "表格", "表格 {n}")
    table = body[body.index("<table>"):body.index("</table>") + len("</table>")]
    assert '<h2 id="body-table-1-name">网格员公示</h2>' in shown
    assert REGION.format('aria-labelledby="body-table-1-name"') + table + "</div>" in shown
    assert shown.replace(' id="body-table-1-name"', "").replace(REGION.format('aria-labelledby="body-table-1-name"'), "") \
        .replace(table + "</div>", table) == body  # nothing else changed


def test_a_tables_caption_names_its_region_else_the_themes_word_numbered_when_there_are_several() -> None:
    """A caption (pasted HTML) names its table; a heading names only the first table after it;
    a table inside another scrolls with it; without a name the theme's word, numbered when a
    text has more than one table (two regions both called 表格 cannot be told apart)."""
    from generator.markup import scroll_tables

    body = ("<h3>停水安排</h3><table><tbody><tr><td>1 栋</td></tr></tbody></table>"
            "<table><caption>冬季</caption><tbody><tr><td><table><tbody><tr><td>内</td></tr></tbody></table></td></tr></tbody></table>"
            "<table><tbody><tr><td>3</td></tr></tbody></table>"
            "<h3> </h3><table><caption></caption><tbody><tr><td>4</td></tr></tbody></table>")
    assert scroll_tables(body, "Table", "Table {n}") == (
        '<h3 id="body-table-1-name">停水安排</h3>'
        + REGION.format('aria-labelledby="body-table-1-name"') + "<table><tbody><tr><td>1 栋</td></tr></tbody></table></div>"
        + REGION.format('aria-labelledby="body-table-2-name"') + '<table><caption id="body-table-2-name">冬季</caption>'
        "<tbody><tr><td><table><tbody><tr><td>内</td></tr></tbody></table></td></tr></tbody></table></div>"
        + REGION.format('aria-label="Table 3"') + "<table><tbody><tr><td>3</td></tr></tbody></table></div>"
        "<h3> </h3>" + REGION.format('aria-label="Table 4"') + "<table><caption></caption><tbody><tr><td>4</td></tr></tbody></table></div>")
    one = "<p>見下表</p><table><tbody><tr><td>1</td></tr></tbody></table>"
    assert scroll_tables(one, "表格", "表格 {n}") == "<p>見下表</p>" + REGION.format('aria-label="表格"') \
        + "<table><tbody><tr><td>1</td></tr></tbody></table></div>"
    plain = "<h2>通知</h2><p>&lt;table&gt; 不是表格</p>"
    assert scroll_tables(plain, "表格", "表格 {n}") is plain


def test_a_table_without_a_name_of_its_own_is_named_by_its_header_row_too() -> None:
    """"表格 1" and "表格 2" said only that there were two: the theme's word is followed by the
    header row (its <th> cells, the empty corner left out), escaped in the attribute; a first
    row of data (a <td>) or no row of words names nothing more; a caption or heading still wins."""
    from generator.markup import scroll_tables

    fees = '<table><thead><tr><th></th><th>项目</th><th>"金额" &lt;元&gt;</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
    rota = "<table><tbody><tr><th>周一</th><td>何晓琳</td></tr></tbody></table>"
    empty = "<table><thead><tr><th> </th></tr></thead></table>"
    named = "<h3>停水安排</h3><table><thead><tr><th>楼栋</th></tr></thead></table>"
    shown = scroll_tables(fees + rota + empty + named, "表格", "表格 {n}", "{table}：{columns}", "、")
    labels = [part.split('"', 1)[0] for part in shown.split('aria-label="')[1:]]
    assert labels == ["表格 1：项目、&quot;金额&quot; &lt;元&gt;", "表格 2", "表格 3"]
    assert 'aria-labelledby="body-table-4-name"' in shown
    assert scroll_tables(fees, "Table", "Table {n}", "{table}: {columns}", ", ").startswith(
        REGION.format('aria-label="Table: 项目, &quot;金额&quot; &lt;元&gt;"'))
    assert scroll_tables(fees, "表格", "表格 {n}") == REGION.format('aria-label="表格"') + fees + "</div>"  # as before


def test_the_start_of_a_long_body_cuts_no_tag_or_entity_in_two() -> None:
    from generator.ical import DESCRIPTION_CHARS, _head

    body = "<p>" + "长" * 900 + "&amp;" + "</p>"
    head = _head(body)
    assert len(head) < len(body) and not head.endswith(("&", "&am", "<", "</"))
    assert _head("<p>短</p>") == "<p>短</p>"
    assert DESCRIPTION_CHARS * 4 >= len(head)


# Markdown pieces for the sanitizer's shortcut (markup._already_clean): what staff write,
# and what could make cmark's HTML differ from nh3's way of writing it (quotes, entities,
# no-break spaces, control characters, breaks, rules, alignment, list starts).
_INLINE = st.sampled_from([
    "停水", "通知", "a", "B", " ", "  \n", "\\\n", "*强调*", "**加粗**", "~~删除~~", "`代码`", "&amp;", "&copy;",
    "&nbsp;", "&#160;", "&quot;", "&#34;", "\"引号\"", "'", "\\*", "\xa0", "\u3000", "[x]", "&#0;", "\x0c", "\r",
    "www.example.com", "[链接](a.pdf)", "![图](b.png)", "<b>", "😀", "\ufeff", "：", "“", "”",
])
_LINE = st.lists(_INLINE, max_size=6).map("".join)


@st.composite
def _blocks(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 8 if depth < 3 else 5))
    if kind == 0:
        cells = draw(st.integers(1, 4))
        header = draw(st.lists(_LINE, min_size=cells, max_size=cells))
        align = draw(st.lists(st.sampled_from(["---", ":--", "--:", ":-:"]), min_size=cells, max_size=cells))
        rows = draw(st.lists(st.lists(_LINE, min_size=1, max_size=cells + 1), max_size=3))
        return "".join(f"| {' | '.join(row)} |\n" for row in [header, align, *rows])
    if kind == 1:
        return f"{'#' * draw(st.integers(1, 7))} {draw(_LINE)}\n"
    if kind == 2:
        return f"{draw(st.sampled_from(['---', '***', '___']))}\n"
    if kind == 3:
        return f"```{draw(st.sampled_from(['', 'python']))}\n{draw(_LINE)}\n```\n"
    if kind == 4:
        return f"    {draw(_LINE)}\n"
    if kind == 5:
        return f"{draw(_LINE)}\n{draw(_LINE)}\n"
    inner = draw(st.lists(_blocks(depth + 1), min_size=1, max_size=2))
    if kind == 6:
        return "".join("> " + block.replace("\n", "\n> ") + "\n" for block in inner)
    marker = draw(st.sampled_from(["- ", "* ", "1. ", "7. ", "2) "]))
    return "".join(marker + block.replace("\n", "\n   ") + "\n" for block in inner)


_MARKDOWN = st.one_of(st.lists(_INLINE, max_size=40).map("".join), st.lists(_blocks(), min_size=1, max_size=5).map("\n".join))


@settings(max_examples=1000, deadline=None)
@given(_MARKDOWN)
def test_the_sanitizer_shortcut_writes_what_nh3_writes(source: str) -> None:
    converted = ENGINES["cmark-gfm"]()(source)
    shortcut = markup._already_clean(source, converted)
    if shortcut is not None:
        assert shortcut == markup._CLEANER.clean(converted)


def test_the_sanitizer_shortcut_takes_plain_bodies_and_leaves_the_rest_to_nh3() -> None:
    convert = ENGINES["cmark-gfm"]()
    plain = "# 通知\n\n第一行\n第二行 “引号” \"quoted\"\xa0&copy;\n\n1. 一\n2. 二\n\n| 项目 | 时间 |\n|:--|--:|\n| 义诊 | 周六 |\n\n---\n"
    assert markup._already_clean(plain, convert(plain)) == markup._CLEANER.clean(convert(plain))
    for source in ["<b>粗</b>", "[报名表](form.pdf)", "![图](a.png)", "```python\nx\n```", "<https://a.cn>", "a\x0cb",
                   "<!-- 备注 -->", "www.example.com"]:
        assert markup._already_clean(source, convert(source)) is None, source


def test_the_sanitizer_shortcut_is_dropped_when_nh3_writes_otherwise(monkeypatch: pytest.MonkeyPatch, site: Path) -> None:
    """An upgrade of nh3 (or cmark-gfm) could change how the same tree is written: then every
    body goes through nh3, rather than bodies written two ways."""
    class OtherSpelling:
        def clean(self, html: str) -> str:
            return markup.nh3.clean(html).replace("<br>", "<br/>")

    markup._shortcut_holds.cache_clear()
    monkeypatch.setattr(markup, "_CLEANER", OtherSpelling())
    try:
        assert not markup._shortcut_holds()
        html, _ = MarkdownRenderer(MediaLinks(site, "/")).render("第一行\n第二行\n", RawDocument("content/notices/a.md", {}, {}))
        assert html == "<p>第一行<br/>\n第二行</p>\n"
    finally:
        markup._shortcut_holds.cache_clear()
    monkeypatch.undo()
    assert markup._shortcut_holds()


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_range_written_with_one_tilde_is_not_struck_through(site: Path, engine: str) -> None:
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    html, text = MarkdownRenderer(MediaLinks(site, "/jj/"), engine).render(
        "服务时间：周一~周五 9:00~11:30，每次 10~20 人。\n\n~~本周暂停~~", document)
    assert "周一~周五 9:00~11:30，每次 10~20 人。" in html and "周一~周五 9:00~11:30" in text
    assert html.count("<del>") == (1 if engine == "cmark-gfm" else 0)  # Python-Markdown has no strikethrough


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_noncharacter_entities_do_not_stop_the_build(site: Path, engine: str) -> None:
    """cmark writes &#xFFFE; and &#xFFFF; as single bytes that are no UTF-8."""
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, text = MarkdownRenderer(MediaLinks(site, "/"), engine).render("甲 &#xFFFE; 乙 &#xFFFF; 丙\n", document)
    assert "甲" in html and "丙" in html and "甲" in text
    assert not document.problems.items


_LINK = re.compile(r'<a href="([^"]*)"[^>]*>([^<]*)</a>')


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_bare_address_ends_where_the_chinese_sentence_resumes(site: Path, engine: str) -> None:
    """Staff paste WeChat links into sentences without a space: GFM's autolink took 查看。
    into the address, and residents tapping it got an error page."""
    body = ("报名请点 https://mp.weixin.qq.com/s/AbC123?from=poster查看。\n\n"
            "详见https://example.gov.cn/notice/123，谢谢\n\n"
            "（网址：https://example.org/a?b=1）或“https://example.org/c”，或 www.example.org/d。\n\n"
            "见https://example.org/e.html.，再看https://example.org/f(g))！邮箱abc@163.com。\n\n"
            "电话https://example.org/s电话13800138000")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, text = MarkdownRenderer(MediaLinks(site, "/"), engine).render(body, document)
    assert _LINK.findall(html) == [
        ("https://mp.weixin.qq.com/s/AbC123?from=poster", "https://mp.weixin.qq.com/s/AbC123?from=poster"),
        ("https://example.gov.cn/notice/123", "https://example.gov.cn/notice/123"),
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("https://example.org/c", "https://example.org/c"),
        ("http://www.example.org/d", "www.example.org/d"),
        ("https://example.org/e.html", "https://example.org/e.html"),
        ("https://example.org/f(g)", "https://example.org/f(g)"),
        ("mailto:abc@163.com", "abc@163.com"),
        ("https://example.org/s", "https://example.org/s"),
    ]
    # The characters are the ones written, in order (plain_text puts a space for each tag).
    assert text.replace(" ", "") == body.replace(" ", "").replace("\n", "")
    assert not document.problems.items


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_www_address_glued_to_chinese_is_linked_as_an_https_one_is(site: Path, engine: str) -> None:
    """GFM links "www." only after a space (Latin text has one) but "https://" after anything:
    详见https://… was a link and 详见www.… plain text. After Chinese, full-width or other
    non-ASCII punctuation both are links; inside a Latin word (foowww., éwww.) neither, as in GFM."""
    body = ("详见www.example.org/a，请访问https://example.org/b。\n\n"
            "（www.example.org/c）“www.example.org/d”「www.example.org/e」www.example.org/f、www.example.org/g\n\n"
            "foowww.example.org éwww.example.org foohttps://example.org 代码`见www.example.org`"
            "[见www.example.org](https://example.org/h)\n\n# 标题见www.example.org/i?a=1&b=2。")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, text = MarkdownRenderer(MediaLinks(site, "/"), engine).render(body, document)
    assert _LINK.findall(html) == [
        ("http://www.example.org/a", "www.example.org/a"),
        ("https://example.org/b", "https://example.org/b"),
        ("http://www.example.org/c", "www.example.org/c"),
        ("http://www.example.org/d", "www.example.org/d"),
        ("http://www.example.org/e", "www.example.org/e"),
        ("http://www.example.org/f", "www.example.org/f"),
        ("http://www.example.org/g", "www.example.org/g"),
        ("https://example.org/h", "见www.example.org"),
        ("http://www.example.org/i?a=1&amp;b=2", "www.example.org/i?a=1&amp;b=2"),
    ]
    assert "<code>见www.example.org</code>" in html
    assert not document.problems.items


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_address_written_with_chinese_on_purpose_stays_whole(site: Path, engine: str) -> None:
    """A host in Chinese (no sentence is glued right after "://" or a dot) keeps its Chinese
    path, as does a Chinese file name; any address in angle brackets or written as a link is
    taken as written."""
    body = ("域名 https://例子.中国/路径，谢谢\n\n百科 <https://zh.wikipedia.org/wiki/社区>\n\n"
            "附件 https://example.org/files/报名表.pdf 或https://example.org/社区/课表_2026.pdf。\n\n"
            "[https://example.org/查看](https://example.org/查看)\n\n代码 `https://example.org/x查看`")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, _ = MarkdownRenderer(MediaLinks(site, "/"), engine).render(body, document)
    assert [(unquote(href), text) for href, text in _LINK.findall(html)] == [
        ("https://例子.中国/路径", "https://例子.中国/路径"),
        ("https://zh.wikipedia.org/wiki/社区", "https://zh.wikipedia.org/wiki/社区"),
        ("https://example.org/files/报名表.pdf", "https://example.org/files/报名表.pdf"),
        ("https://example.org/社区/课表_2026.pdf", "https://example.org/社区/课表_2026.pdf"),
        ("https://example.org/查看", "https://example.org/查看"),
    ]
    assert "<code>https://example.org/x查看</code>" in html


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_full_width_punctuation_ends_an_address_and_an_email(site: Path, engine: str) -> None:
    """Each full-width mark staff type around an address, and an e-mail glued to Chinese."""
    body = ("https://example.org/a，b（https://example.org/c）https://example.org/d。"
            "https://example.org/e、https://example.org/f「https://example.org」【www.example.org/g】"
            "《https://example.org/h》https://example.org/i；https://example.org/j：https://example.org/k！"
            "https://example.org/l？https://example.org/m\u3000联系邮箱abc@example.org。（def@example.org）"
            "邮箱ghi@example.org查看、mailto:jkl@example.org，")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, text = MarkdownRenderer(MediaLinks(site, "/"), engine).render(body, document)
    assert _LINK.findall(html) == [
        *((f"https://example.org/{name}", f"https://example.org/{name}") for name in "acdef"),
        ("https://example.org", "https://example.org"),
        ("http://www.example.org/g", "www.example.org/g"),
        *((f"https://example.org/{name}", f"https://example.org/{name}") for name in "hijklm"),
        ("mailto:abc@example.org", "abc@example.org"),
        ("mailto:def@example.org", "def@example.org"),
        ("mailto:ghi@example.org", "ghi@example.org"),
        ("mailto:jkl@example.org", "mailto:jkl@example.org"),
    ]
    assert "".join(text.split()) == "".join(body.split())  # every character kept, in order
    assert not document.problems.items


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_address_likely_cut_before_its_chinese_path_is_a_warning(site: Path, engine: str) -> None:
    """https://example.org/公告/停水 通知 was linked as https://example.org/公告/, silently: a
    link to another page. Which Chinese after a "/" or "=" belongs to the address only staff
    know, so the link stays as found and a warning says both ways to write it; written in
    angle brackets, as a link, with a space after it, or with more of the address after the
    Chinese, nothing is said."""
    body = ("停水通知见https://example.org/公告/停水 通知\n\n搜索https://www.baidu.com/s?wd=停水\n\n"
            "百科 <https://zh.wikipedia.org/wiki/社区> 请访问https://example.org/ 了解更多，"
            "[https://example.org/a/](https://example.org/a/)查看，<https://example.org/b/>查看，"
            "https://example.org/files/课表.pdf，报名请点https://mp.weixin.qq.com/s/AbC123?from=poster查看。")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=5)
    html, _ = MarkdownRenderer(MediaLinks(site, "/"), engine).render(body, document)
    assert [(unquote(href), text) for href, text in _LINK.findall(html)][:3] == [
        ("https://example.org/公告/", "https://example.org/公告/"),
        ("https://www.baidu.com/s?wd=", "https://www.baidu.com/s?wd="),
        ("https://zh.wikipedia.org/wiki/社区", "https://zh.wikipedia.org/wiki/社区"),
    ]
    assert [p.format() for p in document.problems] == [
        "content/notices/a.md:5: 警告: 网址 “https://example.org/公告/” 后面紧接着中文 “停水”，链接只到 “/” 为止，"
        "可能没写完整：如果 “停水” 是网址的一部分，请把整个网址写在尖括号里，如 <https://example.org/公告/停水>；"
        "如果不是，请在网址后面加一个空格",
        "content/notices/a.md:7: 警告: 网址 “https://www.baidu.com/s?wd=” 后面紧接着中文 “停水”，链接只到 “=” 为止，"
        "可能没写完整：如果 “停水” 是网址的一部分，请把整个网址写在尖括号里，如 <https://www.baidu.com/s?wd=停水>；"
        "如果不是，请在网址后面加一个空格",
    ]
    assert [p.format("en") for p in document.problems][0] == (
        "content/notices/a.md:5: warning: the web address 'https://example.org/公告/' is followed by Chinese text "
        "'停水' and its link stops at '/', so it may be cut short: if '停水' is part of the address, write the "
        "whole address in angle brackets, e.g. <https://example.org/公告/停水>; if not, put a space after the address")


def test_both_engines_find_the_same_bare_addresses(site: Path) -> None:
    """Python-Markdown has no autolink extension: it finds addresses with the same code as
    the one cmark-gfm's are cut with, so a site gives the same links whichever it uses."""
    bodies = ["见 www.x", "a www. b", "seehttps://a.cn x", "Visit:HTTPS://a.cn x", "a https://a.cn/x&hl; b",
              "a https://a_b.c_d/x", "https://a.cn/_x_/y", "a.b@c.d@e.cn", "a@b.c1", "https://a.cn/x?y=1&z=2 ok",
              "https://ab_", "**https://a.cn/x**查看", "_www.a.cn_", "https://a.cn/a%20b%E4%B8%AD查看",
              "http://a.cn:8080/x?y#z查", "https://a.cn/x…", "https://a.cn/x\u200by", "https://a.cn/Müller b",
              "https://www.gov.cn了解", "https://www.例子.中国", "详见www.a.cn/x。", "éwww.a.cn", "“www.a.cn”",
              "见www.a.cn、www.b.cn", "https://a.cn/公告/停水 通知", "联系邮箱a@b.cn。",
              "见https://a.cn/x，或https://b.cn/y。邮箱a@b.com"]
    found = {}
    for engine in sorted(ENGINES):
        renderer = MarkdownRenderer(MediaLinks(site, "/"), engine)
        found[engine] = [_LINK.findall(renderer.render(body, RawDocument("content/notices/a.md", {}, {}))[0])
                         for body in bodies]
    assert found["cmark-gfm"] == found["python-markdown"]
    assert found["cmark-gfm"][-1] == [("https://a.cn/x", "https://a.cn/x"), ("https://b.cn/y", "https://b.cn/y"),
                                      ("mailto:a@b.com", "a@b.com")]


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_the_fix_told_for_a_cut_www_address_is_a_link(site: Path, engine: str) -> None:
    """"<www.example.org/a-停水>" is no autolink to CommonMark (it takes a scheme): cmark-gfm
    printed it as text, brackets and all, and Python-Markdown dropped it as an unknown tag. The
    warning for a www. address cut short writes it with the http:// its link has."""
    renderer = MarkdownRenderer(MediaLinks(site, "/"), engine)
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    renderer.render("详见www.example.org/a-停水 通知", document)
    [problem] = document.problems
    assert "<http://www.example.org/a-停水>" in problem.format() and "<http://www.example.org/a-停水>" in problem.format("en")
    fixed = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, _ = renderer.render("详见<http://www.example.org/a-停水> 通知", fixed)
    assert [(unquote(href), text) for href, text in _LINK.findall(html)] == [
        ("http://www.example.org/a-停水", "http://www.example.org/a-停水")]
    assert not fixed.problems.items


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_wide_www_address_beside_pasted_html_keeps_its_text(site: Path, engine: str) -> None:
    """cmark-gfm's www. after Chinese is linked in its HTML (markup._link_wide_www), which must
    read a tag whole: a ">" in a quoted attribute of pasted HTML ended it there, and the words
    after it were taken into the attribute, 详见 lost and the address unlinked."""
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, text = MarkdownRenderer(MediaLinks(site, "/"), engine).render(
        "<span title='1 > 0'>详见www.a.org</span>，<!-- 旧 > 新 -->见www.b.org", document)
    assert [text for _, text in _LINK.findall(html)] == ["www.a.org", "www.b.org"]
    assert "详见www.a.org，见www.b.org" in "".join(text.split())


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_address_in_angle_brackets_with_a_space_is_one_link(site: Path, engine: str) -> None:
    """The README's fix for an address whose Chinese path holds a space is to write it in
    angle brackets. CommonMark takes no space in an <autolink>, so cmark-gfm (the default
    engine) showed residents a "<", a link cut at the space and a ">", where Python-Markdown
    linked it whole with a raw space in its href (no valid URL)."""
    body = ("详见 <https://example.org/公告/停水 通知>。\n\n"
            "或 <https://example.org/a b?c=1&d=2>，代码 `<https://example.org/x y>`")
    document = RawDocument("content/notices/a.md", {}, {}, body_line=1)
    html, text = MarkdownRenderer(MediaLinks(site, "/"), engine).render(body, document)
    links = _LINK.findall(html)
    assert [(unquote(href).replace("&amp;", "&"), shown) for href, shown in links] == [
        ("https://example.org/公告/停水 通知", "https://example.org/公告/停水 通知"),
        ("https://example.org/a b?c=1&d=2", "https://example.org/a b?c=1&amp;d=2"),
    ]
    assert all(" " not in href for href, _ in links)
    assert "<code>&lt;https://example.org/x y&gt;</code>" in html  # code is left as written
    assert "<" not in text.replace("<https://example.org/x y>", "")
    assert not document.problems.items
