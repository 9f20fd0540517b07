"""Posters of the example community, printed for real and read back from the PDFs.

The example site is copied to a temp folder and built once for the module (every poster is
printed once, about 10-20 s on two cores); every check reads those files. The tests that
change the site (an edited activity, the posters command) come last. A small site of its own
checks bleed, crop marks and --no-posters.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import pytest

from conftest import TODAY, make_site_files, run_cli_in_process, tree_hashes
from generator import printing
from generator.build import check
from generator.link import Site
from generator.posters import title_lines
from htmltree import parse
from markupsafe import escape
from support.pdf import (A3_PT, A4_PT, PT_PER_MM, contrast, decode_qr, fonts, gray, outline, page_boxes_pt, page_count,
                         size_of, text, text_sizes, to_png, word_boxes)

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdffonts", "pdftotext", "pdftoppm", "fc-list")),
    reason="poppler-utils and fontconfig are needed (apt-get install poppler-utils fontconfig)")


@dataclass
class Built:
    root: Path
    out: Path
    cache: Path
    site: Site
    stdout: str
    stderr: str
    seconds: float

    def pdf(self, name: str) -> Path:
        return self.out / "posters" / f"{name}.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("posters")
    root = tmp / "site"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "content", root / "content")
    out, cache = tmp / "public", tmp / "cache"
    started = time.perf_counter()
    code, stdout, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", cache)
    seconds = time.perf_counter() - started
    assert code == 0, stderr
    site, problems = check(root, _today(), cache_dir=cache)
    assert not problems.errors
    return Built(root, out, cache, site, stdout, stderr, seconds)


# A day on or after the dates of the notices dated 2026-12-01 to 12-03 below: on TODAY they
# would be scheduled notices (定时发布), not published yet, with no poster.
DECEMBER_3 = "2026-12-03"


def _today():
    import datetime as dt

    return dt.date.fromisoformat(TODAY)


def flat(words: str) -> str:
    """Extracted text without the spaces and line breaks of the layout (a title may wrap)."""
    return re.sub(r"\s+", "", words)


def expected_names(site: Site) -> list[str]:
    names = [f"activities/{a.slug}" for a in site.upcoming if a.poster is not None]
    names += [f"notices/{n.slug}" for n in site.listed_notices if n.poster is not None]
    names += ["services", "teams"] + [f"stats/{m.month:%Y-%m}" for m in site.stats]
    names += ["stats/2025", "stats/2026"]  # a year's report for each year with figures
    return names


# ---- which posters ---------------------------------------------------------------------------


def test_every_upcoming_activity_the_boards_and_every_month_have_a_pdf_and_its_html(built):
    site = built.site
    names = expected_names(site)
    assert len([n for n in names if n.startswith("activities/")]) == len(site.upcoming) - 1  # poster: false
    assert any(a.cancelled for a in site.upcoming)  # printed as the 活动取消 notice (test below)
    assert len([n for n in names if n.startswith("stats/")]) == 14 + 2
    found = sorted(p.relative_to(built.out / "posters").with_suffix("").as_posix()
                   for p in (built.out / "posters").rglob("*.pdf"))
    assert found == sorted(names)
    for name in names:
        assert built.pdf(name).read_bytes().startswith(b"%PDF-"), name
        html = (built.out / "posters" / f"{name}.html").read_text("utf-8")
        assert "<svg" in html and "@page" in html, name  # stands alone: QR and styles inline


def test_poster_false_and_past_activities_have_none(built):
    no_poster = [a for a in built.site.activities if a.poster is None]
    assert [a.path for a in no_poster] == ["content/activities/2026-11-26-四点半学校科学实验.md"]
    for activity in no_poster + built.site.past:
        assert not built.pdf(f"activities/{activity.slug}").exists(), activity.path


def test_progress_is_counted_on_stderr_and_the_summary_says_how_many(built):
    total = len(expected_names(built.site))
    lines = [line for line in built.stderr.splitlines() if line.startswith("打印海报")]
    assert [line.split("：")[0] for line in lines] == [f"打印海报 {n}/{total}" for n in range(1, total + 1)]
    assert any(line.endswith("：耄耋老人集体生日会（第四季度）") for line in lines)
    assert f"海报 {total} 张" in built.stdout and f"本次打印 {total} 张" in built.stdout


def test_every_poster_fits_its_sheet(built):
    assert "超出一页" not in built.stderr
    single = [n for n in expected_names(built.site) if n.split("/")[0] in ("activities", "notices", "stats")]
    assert all(page_count(built.pdf(name)) == 1 for name in single)


# ---- the PDFs ----------------------------------------------------------------------------------


def test_page_sizes_are_exact(built):
    a3 = {"activities/2026-12-06-mao-die-lao-ren-ji-ti-sheng-ri-hui", "notices/2026-11-15-dian-dong-zi-xing-che-chong-dian"}
    for name in expected_names(built.site):
        size = A3_PT if name in a3 else A4_PT
        boxes = page_boxes_pt(built.pdf(name))
        assert boxes == [{"media": size, "trim": size, "bleed": size}] * len(boxes), name


# Office and print-shop printers leave about 4-5 mm at the sheet's edge unprinted: nothing on a
# poster comes nearer than this to the edge of the trimmed sheet.
PRINTABLE_MM = 8


def near_the_edge(pdf: Path, mm: float = PRINTABLE_MM) -> list[str]:
    """Words whose box (``pdftotext -bbox``) comes within ``mm`` of an edge of the trimmed sheet
    (with bleed, the media box is larger by the bleed on each side)."""
    found = []
    for n, (page, boxes) in enumerate(zip(word_boxes(pdf), page_boxes_pt(pdf)), 1):
        trim_w, trim_h = boxes["trim"]
        left, top = (page.width - trim_w) / 2, (page.height - trim_h) / 2
        limit = mm * PT_PER_MM
        found += [f"page {n}: {word.text} ({word.x0 - left:.1f}, {word.y0 - top:.1f} to {word.x1 - left:.1f}, "
                  f"{word.y1 - top:.1f} of {trim_w:.0f} × {trim_h:.0f} pt)"
                  for word in page.words
                  if min(word.x0 - left, word.y0 - top, left + trim_w - word.x1, top + trim_h - word.y1) < limit]
    return found


def test_every_word_is_at_least_8_mm_from_the_sheets_edge(built):
    """The page number of the service board ("第 1 页，共 4 页") was centred in A4's 12 mm foot
    margin, its box 3.5 mm from the edge, and the running title of its next sheets 4.2 mm from
    the top: a printer that leaves 4-5 mm unprinted cuts them off. Every word of every poster
    (A4 and the example's two A3 posters; the boards at A3 in test_long_words_…) keeps 8 mm."""
    assert page_count(built.pdf("services")) > 1  # a board with its page numbers and running title
    assert {name: found for name in expected_names(built.site) if (found := near_the_edge(built.pdf(name)))} == {}


def test_all_fonts_are_embedded_and_subset(built):
    for name in expected_names(built.site):
        found = fonts(built.pdf(name))
        assert found and all(f["emb"] and f["sub"] for f in found), (name, found)


def test_activity_posters_show_title_time_and_place(built):
    for activity in built.site.upcoming:
        if activity.poster is None:
            continue
        words = flat(text(built.pdf(f"activities/{activity.slug}")))
        start = activity.start
        assert flat(activity.title) in words, activity.title
        assert f"{start.year}年{start.month}月{start.day}日" in words, activity.title
        assert f"{start.hour}:{start.minute:02d}" in words, activity.title
        assert flat(activity.location) in words, activity.title
        if activity.cancelled:  # the notice to stick over its poster: nothing to sign up with
            assert "活动取消" in words and flat(activity.cancelled_reason) in words, activity.title
            assert "扫码查看详情" in words and "报名" not in words, activity.title
        else:
            assert "扫码查看详情/报名" in words


def test_notice_posters_show_the_title_and_the_whole_body(built):
    notice = next(n for n in built.site.notices if n.slug == "2026-11-20-ting-shui-tong-zhi")
    words = flat(text(built.pdf(f"notices/{notice.slug}")))
    assert flat(notice.title) in words
    assert flat(notice.body_text)[-30:] in words  # the end too: nothing cut
    assert "紧急" in words


def test_service_board_has_every_service_over_numbered_pages(built):
    pdf = built.pdf("services")
    pages = page_count(pdf)
    assert pages > 1
    words = flat(text(pdf))
    for service in built.site.services:
        assert flat(service.name) in words, service.name
    for n in range(1, pages + 1):
        assert f"第{n}页，共{pages}页" in flat(text(pdf, n, n)), n
    assert "服务清单（续）" in flat(text(pdf, 2, 2)) and "（续）" not in flat(text(pdf, 1, 1))


def test_roster_names_every_team_and_no_member(built):
    words = flat(text(built.pdf("teams")))
    for team in built.site.teams:
        assert flat(team.name) in words and team.leader in words
    assert "李秀芬" not in words and "石红梅" not in words  # members are private


def test_monthly_report_has_the_figures_the_change_a_chart_and_highlights(built):
    words = flat(text(built.pdf("stats/2026-10")))
    assert "2026年10月月度统计" in words
    for figure in ("2980", "较上月", "增加370人次", "重阳节敬老宴"):
        assert figure in words, figure
    # The chart's title, half the sheet wide beside the highlights, wraps between its words
    # (after 至), never inside a date (it read 2026年10 / 月）).
    lines = [flat(line) for line in text(built.pdf("stats/2026-10")).splitlines()]
    assert any(line.startswith("服务人次（2025年11月至") for line in lines), lines
    assert any(line.startswith("2026年10月）") for line in lines), lines


def test_a_reports_chart_names_its_targets_unit(built):
    """The printed chart's target line read "目标线：2500": 2500 what? It says 人次, as the page does."""
    for name in ("stats/2026-10", "stats/2026"):
        assert "目标线：2500人次" in flat(text(built.pdf(name))), name


def test_a_years_report_has_its_totals_its_targets_and_a_chart_on_one_sheet(built):
    """In December staff put the year's summary on the board, and had no poster of the
    year's figures: each year has one now, with what the year's page shows."""
    pdf = built.pdf("stats/2026")
    assert page_count(pdf) == 1
    words = flat(text(pdf))
    assert "2026年度统计" in words and "年度工作报告" in words
    for figure in ("25670人次", "138场", "568人", "2539小时", "105件", "39.5小时", "各月相加，10个月有数据",
                   "各月平均，10个月有数据，数值越低越好", "完成85%", "完成94%", "服务人次（2026年1月至2026年10月）"):
        assert figure in words, figure
    assert "未达成" not in words  # the year goes on (today is in November)
    # A target's wording wraps in its cell, and a wrapped cell's lines come out of the PDF
    # among its neighbours': read it in the HTML the PDF is printed from.
    printed = flat(re.sub(r"<[^>]+>", "", (built.out / "posters/stats/2026.html").read_text("utf-8")))
    assert "30000人次（每月2500×12个月），完成85%" in printed and "600人，完成94%" in printed
    # 2025 is over: a target it missed is missed; the site's figures began in September.
    assert "9530人次" in flat(text(built.pdf("stats/2025"))) and "未达成" in flat(text(built.pdf("stats/2025")))
    printed = flat(re.sub(r"<[^>]+>", "", (built.out / "posters/stats/2025.html").read_text("utf-8")))
    assert "10000人次（每月2500×4个月），完成95%，未达成" in printed
    assert "48场（每月12×4个月），完成112%，已达成" in printed
    year_page = (built.out / "stats/2026/index.html").read_text("utf-8")
    assert '<a href="/jinjiang/posters/stats/2026.pdf" download>下载本年度统计海报（PDF）</a>' in year_page


def test_each_months_page_links_its_printed_report(built):
    """The month's page linked no PDF, while its monthly report was printed into the site:
    staff printing October's report had to find it on /posters/ among 30."""
    for month in built.site.stats:
        name = f"stats/{month.month:%Y-%m}"
        page = parse((built.out / name / "index.html").read_text("utf-8"))
        links = list(page.iter("a", href=f"/jinjiang/posters/{name}.pdf"))
        assert len(links) == 1 and "download" in links[0].attrs, name
        assert links[0].text == "下载本月统计海报（PDF）"
        assert built.pdf(name).read_bytes().startswith(b"%PDF-"), name  # the link leads to it


def test_qr_codes_decode_to_the_page_urls(built):
    base = built.site.config.base_url
    urls = {f"activities/{a.slug}": a.url for a in built.site.upcoming if a.poster is not None}
    urls |= {f"notices/{n.slug}": n.url for n in built.site.listed_notices if n.poster is not None}
    urls |= {"services": "/services/", "teams": "/teams/"} | {f"stats/{m.month:%Y-%m}": m.url for m in built.site.stats}
    urls |= {"stats/2025": "/stats/2025/", "stats/2026": "/stats/2026/"}
    assert sorted(urls) == sorted(expected_names(built.site))
    for name, url in urls.items():
        assert decode_qr(built.pdf(name), dpi=72) == [base + url.lstrip("/")], name


def test_the_address_under_the_qr_code_is_readable_print(built):
    """The address under a QR code is for those who do not scan (an older resident, a phone
    without a scanner) and type or copy it: it was printed at 8.4 pt in gray, the smallest
    words on any poster (a share's note is 9.6 pt)."""
    host = urlsplit(built.site.config.base_url).netloc  # the address breaks anywhere, its host stays on a line
    names = [name for name in expected_names(built.site) if name.startswith(("activities/", "notices/", "stats/"))]
    assert names
    for name in names:
        sizes = {size for size, run in text_sizes(built.pdf(name)) if host in run}
        assert sizes and min(sizes) >= 10, (name, sizes)


# ---- printed in black and white ---------------------------------------------------------------


def _stripes(page) -> list[tuple[int, int, int, int, int]]:
    """The rules and bands of a gray page: runs of rows drawn mostly (over 60 % of the page's
    width) in one gray that is not paper, as (top, bottom, left, right, gray)."""
    import numpy as np

    runs: list[list[int]] = []
    for y, row in enumerate(page):
        levels, counts = np.unique(row, return_counts=True)
        level, count = int(levels[counts.argmax()]), int(counts.max())
        if level < 250 and count > 0.6 * page.shape[1]:
            if runs and runs[-1][1] == y - 1 and runs[-1][2] == level:
                runs[-1][1] = y
            else:
                runs.append([y, y, level])
    stripes = []
    for top, bottom, level in runs:
        columns = np.flatnonzero((page[top:bottom + 1] == level).mean(axis=0) > 0.5)
        stripes.append((top, bottom, int(columns.min()), int(columns.max()), level))
    return stripes


@pytest.mark.parametrize("name", ["services", "notices/2026-11-20-ting-shui-tong-zhi", "stats/2025"])
def test_posters_printed_in_black_and_white_keep_their_contrast_rules_and_little_toner(built, name):
    """Most community offices print on a black-and-white laser printer, and print shops copy a
    colour original in gray for the other buildings' boards. In gray, the words on a band (the
    red 紧急通知 band, a board's section headings, a table's header) stay at 4.5:1 or more for
    elderly readers; a rule that parts one service, team or row from the next stays at 3:1
    (the #ccc rules between services measured 1.6:1 in gray, a 20 % halftone 0.2 mm wide that a
    laser printer or a copier easily loses); and no poster spends toner on a large dark area (a text page is
    about 5 % ink, these 6 to 11 %; a full-bleed coloured band takes a poster past 25 %)."""
    dpi = 150
    page = gray(built.pdf(name), dpi=dpi)
    ink = 1 - page.mean() / 255
    assert ink < 0.15, f"{name}: {ink:.0%} of the page in toner"
    stripes = _stripes(page)
    assert stripes, name  # the rule under the title at least
    for top, bottom, left, right, level in stripes:
        where = f"{name}: the stripe at {top / dpi * 25.4:.0f} mm from the top, gray {level}"
        assert contrast(level, 255) >= 3, f"{where} on white paper: {contrast(level, 255):.2f}:1"
        if (bottom - top + 1) / dpi * 25.4 >= 2:  # a band: the words on it
            band = page[top:bottom + 1, left:right + 1].astype(int)
            words = band.flat[abs(band - level).argmax()]
            if words != level:
                assert contrast(words, level) >= 4.5, f"{where}, words gray {words}: {contrast(words, level):.2f}:1"
    if name.startswith("stats/"):
        # The year's chart: the data line (#0b4f9c) and the target line (#b3261e) are the same
        # gray (1.2:1): the target is dashed, the data line solid with a dot on every month.
        chart = (built.out / "posters" / f"{name}.html").read_text("utf-8")
        assert re.search(r'<line [^>]*stroke="#b3261e"[^>]*stroke-dasharray=', chart)
        assert re.search(r'<path [^>]*stroke="#0b4f9c"', chart) and "stroke-dasharray" not in re.search(
            r'<path [^>]*stroke="#0b4f9c"[^>]*>', chart).group(0)
        assert re.search(r'<circle [^>]*fill="#0b4f9c"', chart)


@pytest.mark.parametrize("title, lines", [
    ("腊八节温暖送粥", ["腊八节温暖送粥"]),
    ("耄耋老人集体生日会（第四季度）", ["耄耋老人集体生日会", "（第四季度）"]),
    ("冬季健康讲座：老人防跌倒与心脑血管保健", ["冬季健康讲座：", "老人防跌倒与心脑血管保健"]),
    ("11月24日锦江苑小区临时停水通知", ["11月24日锦江苑", "小区临时停水通知"]),
    ('"辞旧迎新·邻里同乐"元旦文艺汇演', ['"辞旧迎新·邻里同乐"', "元旦文艺汇演"]),
    ('寒假"四点半学校"公益课堂开班', ['寒假"四点半学校"', "公益课堂开班"]),
    ("Community Health Day 2026", ["Community", "Health Day 2026"]),
])
def test_long_titles_break_between_phrases_into_even_lines(title, lines):
    assert str(title_lines(title)).split("<br>") == [str(escape(line)) for line in lines]


def test_no_title_line_starts_with_closing_punctuation():
    for title in ("社区通知：关于冬季供暖、用电、用气安全的温馨提示！请居民朋友们务必注意。",
                  "第一二三四五六七八九十，一二三四五六七八九十。一二三四五六七八九十"):
        for line in str(title_lines(title)).split("<br>")[1:]:
            assert line[0] not in "，。！？：；、）》”", (title, line)


@pytest.mark.parametrize("place", ["12号楼", "1202室", "1-12栋"])
def test_a_titles_chosen_lines_never_break_a_building_or_a_room(place):
    """The title's line breaks are chosen for even lines (posters.title_lines), and the most even
    pair split "社区居民楼道杂物清理与12号" over "楼消防安全…", "1-12" over "栋"."""
    title = f"社区居民楼道杂物清理与{place}消防安全检查工作安排通知"
    assert str(title_lines(title)).split("<br>") == [f"社区居民楼道杂物清理与{place}", "消防安全检查工作安排通知"]


@pytest.mark.parametrize("title, lines", [
    ("锦江苑小区周六下午2:30居民议事会", ["锦江苑小区周六", "下午2:30居民议事会"]),
    ("锦江苑小区12月6日上午8：00至11：30临时停水", ["锦江苑小区12月6日", "上午8：00至11：30临时停水"]),
    ("锦江苑小区９：３０消防安全检查", ["锦江苑小区９：３０", "消防安全检查"]),
    ("爱心义诊报名热线０８３１－２２３３４４５", ["爱心义诊报名热线", "０８３１－２２３３４４５"]),
])
def test_a_titles_chosen_lines_never_break_a_time(title, lines):
    """A time's colon ends a phrase as any colon does, and the title's chosen breaks printed
    "锦江苑小区周六下午2:" over "30居民议事会", "12月6日上午8：" over "00至11：30",
    "热线０８" over "３１－…": the title's own <br> keeps times (with the part of the day
    before them) and full-width numbers whole as it keeps places (wholes.WHOLE)."""
    assert str(title_lines(title)).split("<br>") == lines


# ---- the website -------------------------------------------------------------------------------


def test_posters_page_lists_every_pdf_with_its_size_and_a_preview(built):
    page = (built.out / "posters/index.html").read_text("utf-8")
    from PIL import Image

    for name in expected_names(built.site):
        pdf = f"/jinjiang/posters/{name}.pdf"
        paper = "A3" if page_boxes_pt(built.pdf(name))[0]["media"] == A3_PT else "A4"
        assert re.search(f'<a href="{re.escape(pdf)}" download>下载 PDF（{paper}）</a>', page), name
        assert f'<img src="/jinjiang/posters/{name}.png" alt="" width="180" height="255"' in page, name
        with Image.open(built.out / "posters" / f"{name}.png") as preview:
            assert preview.width == 360 and abs(preview.height - 509) <= 1, name
    sitemap = (built.out / "sitemap.xml").read_text("utf-8")
    assert "https://example.org/jinjiang/posters/" in sitemap
    assert '<a href="/jinjiang/posters/">打印海报</a>' in (built.out / "index.html").read_text("utf-8")


# ---- rebuilding (these change the built site: keep them last) ----------------------------------


def test_a_second_build_prints_nothing_and_keeps_every_poster(built, monkeypatch):
    def no_printing(job):
        raise AssertionError(f"printed again: {job.output}")

    monkeypatch.setattr(printing, "_print_one", no_printing)
    before = {p: p.read_bytes() for p in (built.out / "posters").rglob("*") if p.is_file()}
    started = time.perf_counter()
    code, stdout, stderr = run_cli_in_process("build", built.root, "--out", built.out, "--today", TODAY,
                                              "--cache", built.cache)
    seconds = time.perf_counter() - started
    assert code == 0, stderr
    assert "打印海报" not in stderr and "本次打印 0 张" in stdout
    assert {p: p.read_bytes() for p in (built.out / "posters").rglob("*") if p.is_file()} == before
    print(f"\nfirst build {built.seconds:.1f} s, second build {seconds:.1f} s")


def rebuild_after_edit(built, relpath: str, old: str, new: str) -> list[str]:
    """Replace ``old`` with ``new`` in one file of the built site, build again into the same
    folder, and return the progress lines of the posters printed again ("打印海报 1/1：…")."""
    source = built.root / relpath
    edited = source.read_text("utf-8").replace(old, new)
    assert edited != source.read_text("utf-8"), f"{old!r} is not in {relpath}"
    source.write_text(edited, "utf-8")
    code, stdout, stderr = run_cli_in_process("build", built.root, "--out", built.out, "--today", TODAY,
                                              "--cache", built.cache)
    assert code == 0, stderr
    return [line for line in stderr.splitlines() if line.startswith("打印海报")]


def test_an_edited_activity_reprints_just_its_poster(built):
    printed = rebuild_after_edit(built, "content/activities/2026-12-13-冬季防跌倒讲座.md", "location: ", "location: 新址 ")
    assert printed == ["打印海报 1/1：冬季健康讲座：老人防跌倒与心脑血管保健"]
    assert "新址" in text(built.pdf("activities/2026-12-13-dong-ji-fang-die-dao-jiang-zuo"))
    assert len(list((built.out / "posters").rglob("*.pdf"))) == len(expected_names(built.site))


def test_a_months_changed_figure_reprints_its_report_and_its_years_and_no_other(built):
    printed = rebuild_after_edit(built, "content/stats/2026-10.yaml", "service_visits: 2980", "service_visits: 2990")
    assert sorted(line.split("：", 1)[1] for line in printed) == ["2026年10月 月度统计", "2026年度统计"]
    assert "25680人次" in flat(text(built.pdf("stats/2026")))  # 25670 + 10


def test_posters_command_prints_only_what_is_asked_into_its_folder(built, tmp_path):
    out = tmp_path / "print"
    # A word of the title: staff do not think of * around it (tests/unit/test_poster_choice.py: globs).
    code, stdout, stderr = run_cli_in_process("posters", built.root, "--only", "生日会", "--out", out,
                                              "--today", TODAY, "--cache", built.cache)
    assert code == 0, stderr
    assert [p.relative_to(out).as_posix() for p in out.rglob("*")] == \
        ["activities", "activities/2026-12-06-mao-die-lao-ren-ji-ti-sheng-ri-hui.pdf"]
    assert "本次打印 0 张" in stdout  # the build printed it: the cache is shared
    # A copy, not a hard link into the print cache: staff may edit the PDF they are given.
    assert (out / "activities/2026-12-06-mao-die-lao-ren-ji-ti-sheng-ri-hui.pdf").stat().st_nlink == 1
    code, _, stderr = run_cli_in_process("posters", built.root, "--only", "nothing-like-this", "--out", out,
                                         "--today", TODAY, "--cache", built.cache)
    assert code == 2 and "没有海报符合" in stderr


# ---- bleed and --no-posters, on a small site ---------------------------------------------------

SMALL = {
    "site.yaml": "title: 测试社区公告栏\nbase_url: https://example.org/test/\n"
                 "community: {name: 测试社区, phone: \"0831-1234567\"}\nposters: {size: a4, bleed: true}\n",
    "content/activities/2026-12-01-yi-zhen.md": "---\ntitle: 社区义诊\nstart: 2026-12-01 09:00\n"
                                                "location: 社区卫生服务站\n---\n免费测血压、血糖。\n",
    "content/notices/2026-11-20-la-ji-fen-lei.md": "---\ntitle: 垃圾分类新规\ndate: 2026-11-20\nposter: true\n---\n"
                                                   "四色分类桶：\n\n![四色垃圾分类桶](../media/bins.png)\n",
    # The site's own templates/posters/ wins over the theme's.
    "templates/posters/activity.html": '{% extends "poster_base.html" %}{% block kicker %}义诊{% endblock %}'
                                       '{% block content %}<p>本站自己的海报模板</p>{% endblock %}',
}


def test_posters_drafts_prints_a_drafts_poster_and_says_its_qr_code_opens_nothing_yet(tmp_path):
    draft = "---\ntitle: 冬至包饺子\nstart: 2026-12-21 09:00\ndraft: true\n---\n一起包饺子。\n"
    root = make_site_files(tmp_path, {"site.yaml": SMALL["site.yaml"], "content/activities/2026-12-21-jiao-zi.md": draft})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--only", "activities/*", "--out", out, "--today", TODAY)
    assert code == 2 and "没有海报符合" in stderr  # a draft is not printed unless asked
    # ... and the writer is told so, with the command that prints it, not to look for a typo
    assert "content/activities/2026-12-21-jiao-zi.md:4: draft: 警告: “冬至包饺子” 是草稿（draft: true），草稿不印海报；" \
           "要现在先印出来，在刚才的命令后加上 --drafts，如 noticeboard posters --only 'activities/*' --drafts" \
           in stderr.splitlines(), stderr
    assert "错误：没有海报符合 --only “activities/*”：原因和办法见上面的警告" in stderr and "可以用标题里的词" not in stderr
    code, _, stderr = run_cli_in_process("posters", root, "--only", "饺子", "--out", out, "--today", TODAY, "--lang", "en")
    assert code == 2
    assert "content/activities/2026-12-21-jiao-zi.md:4: draft: warning: '冬至包饺子' is a draft (draft: true) and " \
           "drafts print no poster; to print it now, add --drafts to the command, as in " \
           "noticeboard posters --only 饺子 --drafts" in stderr.splitlines(), stderr
    code, _, stderr = run_cli_in_process("posters", root, "--only", "activities/*", "--drafts", "--out", out,
                                         "--today", TODAY)
    assert code == 0, stderr
    assert "冬至包饺子" in text(out / "activities/2026-12-21-jiao-zi.pdf")
    assert "content/activities/2026-12-21-jiao-zi.md:4: draft: 警告: 这是草稿：海报上的二维码指向 " \
           "https://example.org/test/activities/2026-12-21-jiao-zi/" in stderr, stderr


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 200), "#2e7d32").save(buffer, "PNG")
    return buffer.getvalue()



def test_a_posters_photo_is_printed_without_where_it_was_taken(tmp_path):
    """A home visit's photo prints upright and without its GPS position, by build and by the
    posters command, with the cache folder outside the site's. WeasyPrint 70 drops a JPEG's
    EXIF when it prints it, so this passes without the copy too: it guards the PDF whatever
    WeasyPrint does; that the printer is given the copy is test_printing.py's
    test_the_printer_reads_a_photos_copy_without_its_position_in_its_place."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 39.0, 12.5), 3: "E", 4: (104.0, 4.0, 33.2)})
    photo = io.BytesIO()
    Image.linear_gradient("L").resize((400, 200)).convert("RGB").save(photo, "JPEG", exif=exif)
    notice = "---\ntitle: 走访慰问独居老人\ndate: 2026-11-20\nposter: true\n---\n![走访](../media/visit.jpg)\n"
    root = make_site_files(tmp_path, {"site.yaml": SMALL["site.yaml"], "content/media/visit.jpg": photo.getvalue(),
                                      "content/notices/2026-11-20-zou-fang.md": notice})
    out, cache = tmp_path / "out", tmp_path / "cache"
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", cache)
    assert code == 0, stderr
    pdf = out / "posters/notices/2026-11-20-zou-fang.pdf"
    images = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s*1\s+\d+\s+image\s+200\s+400\b", images, re.M), images  # printed, upright
    subprocess.run(["pdfimages", "-all", pdf, tmp_path / "img"], check=True)
    (extracted,) = tmp_path.glob("img-*")
    with Image.open(extracted) as image:
        assert 0x8825 not in image.getexif() and not image.getexif().get_ifd(0x8825)
    assert b"Exif" not in pdf.read_bytes()
    code, _, stderr = run_cli_in_process("posters", root, "--only", "走访", "--out", tmp_path / "print",
                                         "--today", TODAY, "--cache", cache)
    assert code == 0, stderr
    assert b"Exif" not in (tmp_path / "print/notices/2026-11-20-zou-fang.pdf").read_bytes()

def phone_photo(size: tuple[int, int] = (4000, 3000), seed: int = 60) -> bytes:
    """A photo as a phone takes it: millions of pixels of detail (noise, which JPEG cannot
    make small), a high quality, and the place it was taken in its EXIF."""
    from PIL import Image

    noise = Image.effect_noise(size, seed).convert("L")
    gradient = Image.linear_gradient("L").resize(size)
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 39.0, 12.5), 3: "E", 4: (104.0, 4.0, 33.2)})
    photo = io.BytesIO()
    Image.merge("RGB", (noise, gradient, noise)).save(photo, "JPEG", quality=97, exif=exif)
    return photo.getvalue()


def _pdf_images(pdf: Path) -> list[list[str]]:
    listing = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listing.splitlines()[2:]]


def test_a_phone_photo_prints_at_300_dpi_of_its_size_on_the_poster_not_whole(tmp_path):
    """A phone photo of several MB made the poster's PDF as large (too large to send to the
    print shop over WeChat): printed at 107 x 80 mm (the default theme's largest picture on a
    notice), it needs 1260 x 945 pixels at 300 dpi, and is printed from a copy of that size,
    as JPEG, without its GPS position; a screenshot with transparency stays a PNG. A new photo
    under the same name prints again, and a clean build prints the same bytes."""
    from PIL import Image

    photo = phone_photo()
    assert len(photo) > 5_000_000
    screenshot = io.BytesIO()
    Image.new("RGBA", (1200, 2600), (0, 0, 0, 0)).save(screenshot, "PNG")
    notice = ("---\ntitle: 施工现场\ndate: 2026-11-20\nposter: true\n---\n"
              "![施工现场](../media/site.jpg)\n\n![通知截图](../media/shot.png)\n")
    root = make_site_files(tmp_path, {"site.yaml": SMALL["site.yaml"], "content/media/site.jpg": photo,
                                      "content/media/shot.png": screenshot.getvalue(),
                                      "content/notices/2026-11-20-shi-gong.md": notice})
    out, cache = tmp_path / "out", tmp_path / "cache"
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", cache)
    assert code == 0, stderr
    pdf = out / "posters/notices/2026-11-20-shi-gong.pdf"
    assert pdf.stat().st_size < 1_000_000, pdf.stat().st_size
    images = _pdf_images(pdf)
    jpeg = next(row for row in images if row[8] == "jpeg")
    assert (int(jpeg[3]), int(jpeg[4])) == (1260, 945) and 295 <= int(jpeg[12]) <= 305, images
    png = next(row for row in images if row[2] == "image" and row[8] != "jpeg")  # with its smask: transparent still
    assert int(png[4]) <= 945 and any(row[2] == "smask" for row in images), images
    assert b"Exif" not in pdf.read_bytes()

    code, _, stderr = run_cli_in_process("build", root, "--out", tmp_path / "clean", "--today", TODAY,
                                         "--cache", tmp_path / "clean-cache")
    assert code == 0, stderr
    assert (tmp_path / "clean/posters/notices/2026-11-20-shi-gong.pdf").read_bytes() == pdf.read_bytes()

    before = pdf.read_bytes()
    (root / "content/media/site.jpg").write_bytes(phone_photo(seed=20))
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", cache)
    assert code == 0, stderr
    assert pdf.read_bytes() != before and pdf.stat().st_size < 1_000_000


def test_no_posters_prints_none_and_bleed_gives_crop_marks_and_the_site_template_wins(tmp_path, monkeypatch):
    root = make_site_files(tmp_path, {**SMALL, "content/media/bins.png": png_bytes()})
    out, cache = tmp_path / "out", tmp_path / "cache"
    code, stdout, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", cache,
                                              "--no-posters")
    assert code == 0, stderr
    assert "打印海报" not in stderr and "海报" not in stdout
    assert not (out / "posters").exists() and not (cache / "posters").exists()
    assert "/test/posters/" not in (out / "index.html").read_text("utf-8")  # no link to a page that is not there

    code, stdout, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", cache)
    assert code == 0, stderr
    # The one warning: the test site's example.org address, which every QR code would show.
    assert [line for line in stderr.splitlines() if "警告" in line] == [
        "site.yaml:2: base_url: 警告: 网址还是示例 https://example.org/test/：海报上的二维码会指向这个不存在的网址。"
        "请在打印前把 base_url 改成网站上线后的真实网址"]
    pdf = out / "posters/activities/2026-12-01-yi-zhen.pdf"
    assert "本站自己的海报模板" in text(pdf)
    # A notice's image is printed from its file (the website's URL /test/media/bins.png is
    # not a file WeasyPrint could open).
    images = subprocess.run(["pdfimages", "-list", out / "posters/notices/2026-11-20-la-ji-fen-lei.pdf"],
                            capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s*1\s+\d+\s+image\s+400\s+200\b", images, re.M), images
    assert page_boxes_pt(pdf) == [{"media": (612.28, 858.9), "trim": A4_PT, "bleed": (612.28, 858.9)}]
    assert near_the_edge(pdf) == []  # measured from the trimmed sheet's edge, not the bleed's
    assert "下载 PDF（A4，含 3 毫米出血和裁切线）" in (out / "posters/index.html").read_text("utf-8")

    # Crop marks: dark strokes in the 3 mm bleed, in line with the trim box's edges, and the
    # bleed corner itself (outside the marks) left white.
    from PIL import Image

    (png,) = to_png(pdf, tmp_path / "png", dpi=150)
    with Image.open(png) as image:
        gray = image.convert("L")
        mm = 150 / 25.4
        trim_left, trim_top = round(3 * mm), round(3 * mm)
        strip = [gray.getpixel((x, y)) for x in range(trim_left - 2, trim_left + 3) for y in range(0, trim_top - 2)]
        assert min(strip) < 128  # a vertical mark above the trim corner
        strip = [gray.getpixel((x, y)) for y in range(trim_top - 2, trim_top + 3) for x in range(0, trim_left - 2)]
        assert min(strip) < 128  # a horizontal mark left of it
        assert gray.getpixel((1, 1)) > 200

    # Without a Chinese font nothing is printed and nothing is published: the build stops
    # with the package to install, and the output stays as it was.
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "no-fonts"}</dir>'
                          f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>', "utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts_conf))
    before = tree_hashes(out)
    make_site_files(tmp_path, {"content/activities/2026-12-01-yi-zhen.md": SMALL["content/activities/2026-12-01-yi-zhen.md"]
                               .replace("免费", "免费义诊")})
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", cache)
    assert code == 1 and "fonts-noto-cjk" in stderr and "Traceback" not in stderr
    assert tree_hashes(out) == before


def test_an_emoji_in_a_title_is_printed_not_a_stop(tmp_path):
    """A review's '🎄 圣诞手工坊 🎁' stopped every poster and the website with it (no font had
    the emoji): setup installs fonts-noto-color-emoji, and the poster prints with them."""
    root = make_site_files(tmp_path, {
        "content/activities/2026-12-24-shou-gong.md": "---\ntitle: 🎄 圣诞手工坊 🎁\nstart: 2026-12-24 09:30\n---\n做手工。\n"})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    [pdf] = out.rglob("*.pdf")
    assert "🎄 圣诞手工坊 🎁" in text(pdf)
    assert any("Emoji" in font["name"] and font["emb"] for font in fonts(pdf)), fonts(pdf)


def test_a_very_long_text_prints_its_start_and_a_pointer_to_the_page(tmp_path):
    """A 5,000-character paragraph pasted from a chat kept the printer busy for minutes; the
    poster now prints its start on one sheet and sends readers to the page, and says so."""
    body = "社区将于本周六在党群服务中心举办手工活动，欢迎居民带孩子参加" * 170  # ~5,000 characters, one paragraph
    root = make_site_files(tmp_path, {
        "content/activities/2026-12-24-shou-gong.md": f"---\ntitle: 圣诞手工坊\nstart: 2026-12-24 09:30\n---\n{body}\n"})
    out = tmp_path / "print"
    started = time.perf_counter()
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    assert time.perf_counter() - started < 60
    [pdf] = out.rglob("*.pdf")
    assert page_count(pdf) == 1 and "全文请扫码查看" in flat(text(pdf))
    assert "content/activities/2026-12-24-shou-gong.md: 警告: 正文有" in stderr and "只印了前 300 个字" in stderr


def test_a_date_only_end_prints_no_end_time(tmp_path):
    """``end: 2026-12-15`` (or the start's own day) after ``start: ... 09:30`` is the end of
    that day: the poster prints the day, not a "0:00" the staff never wrote."""
    root = make_site_files(tmp_path, {
        "content/activities/2026-12-13-jiang-zuo.md": "---\ntitle: 防跌倒讲座\nstart: 2026-12-13 09:30\nend: 2026-12-15\n---\n讲座。\n",
        "content/activities/2026-12-14-yi-zhen.md": "---\ntitle: 义诊\nstart: 2026-12-14 14:30\nend: 2026-12-14\n---\n量血压。\n"})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    lecture = flat(text(out / "activities/2026-12-13-jiang-zuo.pdf"))
    assert "2026年12月13日星期日9:30至2026年12月15日星期二" in lecture and "0:00" not in lecture
    clinic = flat(text(out / "activities/2026-12-14-yi-zhen.pdf"))
    assert "2026年12月14日星期一14:30" in clinic and "0:00" not in clinic


def test_the_service_board_says_who_each_service_is_for(tmp_path):
    """A resident reading the board in the hall must see who can order a service (60岁以上、
    独居老人) as the website says it, not find out only when they call."""
    root = make_site_files(tmp_path, {
        "content/services/life.yaml": (
            "category: 生活服务\nitems:\n"
            "  - id: haircut\n    name: 老人理发\n    fee: 低偿 5元/次\n    audience: 60岁以上、独居老人\n"
            "    schedule: 每周二上午 9:00-11:30\n    how_to_order: 到居委会登记\n")})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--only", "services", "--out", out, "--today", TODAY,
                                         "--cache", tmp_path / "cache")
    assert code == 0, stderr
    words = flat(text(out / "services.pdf"))
    assert "对象：60岁以上、独居老人" in words, words


def test_the_service_board_prints_a_fee_written_as_a_number_as_free_or_an_amount(tmp_path):
    """``fee: 0`` and ``fee: 5`` are numbers to YAML, and the board printed a bare 0 and 5
    beside the names: a resident reads 免费 and 5 元 there, as on the website."""
    root = make_site_files(tmp_path, {
        "content/services/life.yaml": (
            "category: 生活服务\nitems:\n"
            "  - id: haircut\n    name: 老人理发\n    fee: 5\n"
            "  - id: tea\n    name: 茶话会\n    fee: 0\n"
            "  - id: doctor\n    name: 家庭医生签约\n    fee: 免费（基础包）\n")})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--only", "services", "--out", out, "--today", TODAY,
                                         "--cache", tmp_path / "cache")
    assert code == 0, stderr
    words = flat(text(out / "services.pdf"))
    assert "老人理发5元" in words and "茶话会免费" in words and "家庭医生签约免费（基础包）" in words, words
    assert "5 元" in text(out / "services.pdf", raw=True)  # as the site writes a figure and its unit: 12 件


def test_an_activity_poster_prints_a_fee_written_as_a_number_as_free_or_an_amount(tmp_path):
    """As on the service board: ``fee: 5`` printed a bare 5 under 费用, ``fee: 0`` a 0."""
    root = make_site_files(tmp_path, {
        "content/activities/2026-12-13-li-fa.md": "---\ntitle: 老人理发\nstart: 2026-12-13 09:30\nfee: 5\n---\n理发。\n",
        "content/activities/2026-12-14-cha-hua.md": "---\ntitle: 茶话会\nstart: 2026-12-14 14:30\nfee: 0\n---\n喝茶。\n"})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    haircut = flat(text(out / "activities/2026-12-13-li-fa.pdf"))
    assert "费用：5元" in haircut, haircut
    tea = flat(text(out / "activities/2026-12-14-cha-hua.pdf"))
    assert "费用：免费" in tea, tea


def test_the_boards_print_a_paused_service_marked_and_leave_a_dissolved_team_off_the_roster(tmp_path):
    """A board stays up for months: a paused service is printed marked, with its reason and no
    way to order it (left off, it would be missing once it comes back); a dissolved team is
    no longer one residents can call."""
    root = make_site_files(tmp_path, {
        "content/services/health.yaml": (
            "category: 健康服务\nitems:\n"
            "  - id: home-doctor\n    name: 上门问诊\n    how_to_order: 拨打 0831-2345678 预约\n"
            "    paused: 医生外出进修，明年3月恢复\n    resumes: 2027-03-01\n"
            "  - id: blood-pressure\n    name: 免费测血压\n    how_to_order: 直接到场\n"),
        "content/teams/silver-age.md": "---\nname: 银龄互助队\ncontact: \"0831-2345679\"\ndissolved: 2026-11-01\n---\n",
        "content/teams/red-caps.md": "---\nname: 红帽子队\n---\n",
    })
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    board = flat(text(out / "services.pdf"))
    assert "上门问诊暂停服务" in board and "暂停服务：医生外出进修，明年3月恢复" in board, board
    assert "拨打0831-2345678预约" not in board and "点单方式：直接到场" in board
    roster = flat(text(out / "teams.pdf"))
    assert "红帽子队" in roster and "银龄互助队" not in roster and "0831-2345679" not in roster


def test_posters_only_says_why_what_it_names_has_no_poster(tmp_path):
    """--only names an expired notice, a past activity, a notice that asks for no poster: each is
    told with its file and what to do, before the usage error."""
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"],
        "content/notices/2026-11-20-ting-shui.md": "---\ntitle: 停水通知\ndate: 2026-11-20\nexpires: 2026-11-25\n"
                                                   "poster: true\n---\n周三停水。\n",
        "content/notices/2026-11-21-ting-dian.md": "---\ntitle: 停电通知\ndate: 2026-11-21\n---\n周四停电。\n",
        "content/activities/2026-11-10-yi-zhen.md": "---\ntitle: 停车场义诊\nstart: 2026-11-10 09:00\n---\n义诊。\n",
        "content/activities/2026-11-12-jiang-zuo.md": "---\ntitle: 停电安全讲座\nstart: 2026-11-12 09:00\nend: 11:00\n---\n讲座。\n",
    })
    code, _, stderr = run_cli_in_process("posters", root, "--only", "停", "--out", tmp_path / "print", "--today", "2026-11-30")
    assert code == 2 and "没有海报符合" in stderr
    assert "content/notices/2026-11-20-ting-shui.md:4: expires: 警告: “停水通知” 已在 2026-11-25 过期，" \
           "过期的通知不再印海报；要补印，加上 --today 2026-11-25" in stderr
    assert "content/activities/2026-11-10-yi-zhen.md:3: start: 警告: “停车场义诊” 已在 2026-11-10 结束，" \
           "结束的活动不再印海报；要补印，加上 --today 2026-11-10" in stderr
    # The line named is the end's when it has one, and so is the field.
    assert "content/activities/2026-11-12-jiang-zuo.md:4: end: 警告: “停电安全讲座” 已在 2026-11-12 结束" in stderr
    assert "content/notices/2026-11-21-ting-dian.md: poster: 警告: “停电通知” 没有要海报" in stderr
    assert not (tmp_path / "print").exists() or not any((tmp_path / "print").rglob("*.pdf"))


def _qr_width_mm(pdf: Path, dpi: int = 100) -> float:
    """Width of the QR code on the first page, as printed (zxing-cpp's corner points)."""
    import tempfile

    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        (png,) = to_png(pdf, tmp, dpi=dpi, first=1, last=1)
        with Image.open(png) as image:
            [found] = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    corners = found.position
    return (corners.top_right.x - corners.top_left.x) / dpi * 25.4


def test_a_notice_a_little_too_long_prints_smaller_on_one_sheet_with_its_qr_code(tmp_path):
    """A notice with a long list used to flow onto a second sheet that held the last lines,
    the QR code and the contact: the sheet put up on the board had no QR code. It is now
    printed with slightly smaller type on one sheet, the QR code still large enough to scan,
    and the warning says so. An A3 notice that does not fit even smaller is not told to use
    A3, which it already is."""
    items = "\n".join(f"{i}. 第 {i} 项：请居民朋友们提前做好准备，配合工作人员入户完成燃气安全检查；"
                      for i in range(1, 19))
    many = "\n".join(f"{i}. 第 {i} 项：请居民朋友们提前做好准备，配合工作人员入户完成燃气安全检查；"
                     for i in range(1, 39))  # under 1,500 characters: printed whole
    head = "---\ntitle: 燃气安全检查安排\ndate: 2026-12-01\nposter: {}\nsummary: 12月1日至12日逐栋入户检查燃气安全。\n---\n"
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false"),
        "content/notices/2026-12-01-ran-qi.md": head.format("true") + f"注意事项：\n\n{items}\n",
        "content/notices/2026-12-02-ran-qi-a3.md": head.format("a3").replace("date: 2026-12-01", "date: 2026-12-02")
                                                   + f"注意事项：\n\n{many}\n",
    })
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", DECEMBER_3, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    pdf = out / "notices/2026-12-01-ran-qi.pdf"
    assert page_count(pdf) == 1
    words = flat(text(pdf))
    assert "第18项：请居民朋友们提前做好准备" in words and "测试社区" in words  # nothing cut, the footer there
    assert decode_qr(pdf, dpi=72) == ["https://example.org/test/notices/2026-12-01-ran-qi/"]
    assert _qr_width_mm(pdf) >= 25
    assert re.search(r"content/notices/2026-12-01-ran-qi\.md: 警告: 海报《燃气安全检查安排》内容多，一页放不下，"
                     r"字号已缩小到 (90|85|80)% 才印在一页上", stderr), stderr

    a3 = "content/notices/2026-12-02-ran-qi-a3.md: 警告: 海报《燃气安全检查安排》内容超出一页"
    [warning] = [line for line in stderr.splitlines() if line.startswith(a3)]
    assert "已经是 A3" in warning and "改用 A3" not in warning
    assert page_count(out / "notices/2026-12-02-ran-qi-a3.pdf") > 1  # too long even smaller: full size, warned


def test_a_short_notice_prints_larger_type_and_an_urgent_one_says_so_from_across_the_hall(tmp_path):
    """A notice of two sentences printed its body at 14.4 pt above a mostly empty A4 sheet,
    and `urgent: true` was a small red badge in the line above the title. The short notice
    now prints its body larger (the title and the QR code at their size) on one sheet, a
    notice that fills its sheet stays as it was, and an urgent notice carries 紧急通知 in
    large letters. A second run reuses all three, with no warning."""
    head = "---\ntitle: 临时停水通知\ndate: 2026-12-0{day}\nposter: true\n{extra}---\n"
    items = "\n".join(f"{i}. 第 {i} 项：请居民朋友们提前做好准备，配合工作人员完成检修；" for i in range(1, 17))
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false"),
        "content/notices/2026-12-01-duan.md": head.format(day=1, extra="")
                                              + "因管网维修，12月3日8:00至18:00全天停水。请居民提前储水。\n",
        "content/notices/2026-12-02-chang.md": head.format(day=2, extra="") + f"注意事项如下：\n\n{items}\n",
        "content/notices/2026-12-03-ji.md": head.format(day=3, extra="urgent: true\n")
                                            + "3栋燃气泄漏，请立即撤离到小区广场。\n",
    })
    out, cache = tmp_path / "print", tmp_path / "cache"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", DECEMBER_3, "--cache", cache)
    assert code == 0, stderr
    assert "字号" not in stderr and "超出一页" not in stderr
    short, long, urgent = (out / f"notices/{name}.pdf" for name in ("2026-12-01-duan", "2026-12-02-chang", "2026-12-03-ji"))
    assert [page_count(pdf) for pdf in (short, long, urgent)] == [1, 1, 1]

    body = size_of(short, "因管网维修")
    assert size_of(long, "注意事项如下") == 14.4  # 1.2rem of 12 pt: a full sheet is not enlarged
    assert body >= 18, body  # was 14.4 pt, as on the full sheet
    assert size_of(short, "临时停水通知") == size_of(long, "临时停水通知")  # the title as its lines were chosen
    assert "因管网维修，12月3日8:00至18:00全天停水。请居民提前储水。" in flat(text(short))
    assert decode_qr(short, dpi=72) == ["https://example.org/test/notices/2026-12-01-duan/"]
    assert 25 <= _qr_width_mm(short) <= _qr_width_mm(long) + 0.5  # the code kept its size

    # The words on a line of their own, at least 30 pt: the kicker's badge "紧急" was 15 pt.
    assert [size >= 30 for size, run in text_sizes(urgent) if flat(run) == "紧急通知"] == [True]
    assert not [run for _, run in text_sizes(short) if "紧急" in run]
    assert size_of(urgent, "3栋燃气泄漏") >= 18
    assert decode_qr(urgent, dpi=72) == ["https://example.org/test/notices/2026-12-03-ji/"]

    code, stdout, stderr = run_cli_in_process("posters", root, "--out", out, "--today", DECEMBER_3, "--cache", cache)
    assert code == 0, stderr
    assert "本次打印 0 张" in stdout and "字号" not in stderr
    assert size_of(short, "因管网维修") == body


LONG_CATEGORY = "供水供电燃气维修停水停电紧急通知事项"
LATIN_CATEGORY = "WaterElectricityGasRepairEmergencyNotice"


def band_problems(pdf: Path, title: str, words_in_band: list[str], folder: Path) -> list[str]:
    """What of an urgent poster's band is not printed whole inside the band and the sheet: the
    band is the accent red (#b71c1c) above the title, found in a picture of the page; its words
    (``pdftotext -bbox``, above the title) must lie inside it across, their middles inside it
    down (a glyph's box is taller than its line), and together read ``words_in_band``."""
    import numpy

    from PIL import Image

    dpi = 50
    [page] = word_boxes(pdf)
    title_top = min(word.y0 for word in page.words if word.text == title)  # a title of one line
    (png,) = to_png(pdf, folder, dpi=dpi)
    with Image.open(png) as image:
        rgb = numpy.asarray(image.convert("RGB")).astype(int)
    scale = 72 / dpi
    red = (rgb[..., 0] > 150) & (rgb[..., 1] < 80) & (rgb[..., 2] < 80)
    red[int(title_top / scale):] = False  # the rule under the title is red too
    ys, xs = numpy.nonzero(red)
    if not len(xs):
        return ["no band"]
    left, right, top, bottom = xs.min() * scale, (xs.max() + 1) * scale, ys.min() * scale, (ys.max() + 1) * scale
    problems = []
    if left < 14 * PT_PER_MM - 1 or right > page.width - 14 * PT_PER_MM + 1:
        problems.append(f"band {left:.0f}-{right:.0f} pt across, past the text's edges")
    band = [word for word in page.words if word.y1 <= title_top + 1]
    for word in band:
        middle = (word.y0 + word.y1) / 2
        if word.x0 < left - 1 or word.x1 > right + 1 or not top <= middle <= bottom:
            problems.append(f"{word.text} ({word.x0:.0f}-{word.x1:.0f}, {word.y0:.0f}-{word.y1:.0f} pt) outside "
                            f"the band ({left:.0f}-{right:.0f}, {top:.0f}-{bottom:.0f})")
    printed = flat("".join(word.text for word in band))
    problems += [f"{words} not printed whole in the band: {printed}" for words in words_in_band
                 if flat(words) not in printed]
    return problems


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_an_urgent_notices_band_holds_a_long_category_and_its_words_inside_the_sheet(tmp_path, size):
    """The band of an urgent notice holds 紧急通知 on one line and the community over the
    category beside it. A category of one long Latin word ran off the sheet with the community
    above it (neither printed), and an English site's "Urgent notice", enlarged on a short notice,
    was 189 mm wide in A4's 182 mm and ran past the band. A long Chinese category wraps in the
    band; every word stays inside the band, on the sheet, at A4 and A3."""
    head = "---\ntitle: 临时停水通知\ndate: 2026-12-01\nposter: true\nurgent: true\ncategory: {category}\n---\n"
    short = "3栋燃气泄漏，请立即撤离到小区广场。\n"
    site_yaml = SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false")
    sites = {
        "zh": {"site.yaml": site_yaml,
               "content/notices/2026-12-01-long.md": head.format(category=LONG_CATEGORY) + short,
               "content/notices/2026-12-01-latin.md": head.format(category=LATIN_CATEGORY) + short},
        "en": {"site.yaml": site_yaml + "language: en\n",
               "content/notices/2026-12-01-short.md": head.format(category="停水") + short},
    }
    found = {}
    for language, files in sites.items():
        root = make_site_files(tmp_path / language, files)
        out = tmp_path / language / "print"
        code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", DECEMBER_3,
                                             "--cache", tmp_path / "cache")
        assert code == 0, stderr
        for pdf in sorted(out.rglob("*.pdf")):
            category = {"long": LONG_CATEGORY, "latin": LATIN_CATEGORY, "short": "停水"}[pdf.stem.rsplit("-", 1)[1]]
            urgent = "紧急通知" if language == "zh" else "Urgent notice"
            assert page_count(pdf) == 1
            found[f"{language} {pdf.stem}"] = (band_problems(pdf, "临时停水通知", [urgent, "测试社区", category],
                                                             tmp_path / "png" / language)
                                              + off_the_sheet(pdf))
    assert found == {name: [] for name in found}


def test_a_table_in_a_notice_prints_its_cells_apart(tmp_path):
    """A schedule written as a Markdown table printed its cells one space apart, with no
    rules: "10 栋 12月10日 8:00-12:00 王师傅" read as one line of text."""
    rows = "\n".join(f"| {i} 栋 | 12月{i}日 8:00-12:00 | 王师傅 |" for i in range(1, 11))
    root = make_site_files(tmp_path, {
        "content/notices/2026-12-01-ran-qi.md": "---\ntitle: 燃气安全检查安排\ndate: 2026-12-01\nposter: true\n---\n"
                                                f"| 楼栋 | 时间 | 负责人 |\n| --- | --- | --- |\n{rows}\n"})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", DECEMBER_3, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    words = text(out / "notices/2026-12-01-ran-qi.pdf")
    assert re.search(r"10 栋 {2,}12月10日 8:00-12:00 {2,}王师傅", words), words


def test_a_board_whose_last_sheet_holds_a_few_lines_prints_on_one_sheet_fewer(tmp_path):
    """A sixth team put one team and the footer alone on a second sheet of the roster: the
    roster is printed a little smaller on one sheet, with no warning (nothing is wrong). A
    roster of twelve teams still needs a second sheet (printed smaller, it saves its third)."""
    teams = {f"content/teams/{path.name}": path.read_text(encoding="utf-8")
             for path in sorted((REPO / "content/teams").glob("*.md"))}
    sixth = next(iter(teams.values())).replace("\nname: ", "\nname: 第六支服务队\nold_name: ", 1)
    sixth = re.sub(r"\nold_name: .*", "", sixth)
    site = {"site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false"), **teams,
            "content/teams/zz-sixth.md": sixth}
    root = make_site_files(tmp_path / "six", site)
    out = tmp_path / "six-print"
    code, _, stderr = run_cli_in_process("posters", root, "--only", "teams", "--out", out, "--today", TODAY,
                                         "--cache", tmp_path / "six-cache")
    assert code == 0, stderr
    assert page_count(out / "teams.pdf") == 1
    words = flat(text(out / "teams.pdf"))
    assert "第六支服务队" in words and "测试社区" in words
    assert decode_qr(out / "teams.pdf", dpi=72) == ["https://example.org/test/teams/"]
    assert "字号已缩小" not in stderr and "超出一页" not in stderr  # no warning about it

    more = {f"content/teams/zz-{n}.md": sixth.replace("第六支服务队", f"第{n}支服务队") for n in range(7, 13)}
    root = make_site_files(tmp_path / "twelve", {**site, **more})
    code, _, stderr = run_cli_in_process("posters", root, "--only", "teams", "--out", tmp_path / "twelve-print",
                                         "--today", TODAY, "--cache", tmp_path / "twelve-cache")
    assert code == 0, stderr
    assert page_count(tmp_path / "twelve-print" / "teams.pdf") >= 2


def test_a_monthly_report_with_more_figures_than_a_sheet_holds_says_why_it_runs_over(tmp_path):
    """With twelve metrics the report ran onto a second sheet, and the warning advised A3,
    where the cards grow with the paper and still do not fit: it now names the number of
    figures, and asks to put up every sheet."""
    metrics = "".join(f"  - {{id: m{i}, label: 指标{i}, unit: 件}}\n" for i in range(12))
    figures = "".join(f"  m{i}: {10 + i}\n" for i in range(12))
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false") + "metrics:\n" + metrics,
        "content/stats/2026-10.yaml": "month: 2026-10\nfigures:\n" + figures + "highlights: |\n"
                                      + "".join(f"  - 第 {i} 件实事：为辖区老人上门服务，解决急难愁盼问题。\n" for i in range(12)),
    })
    code, _, stderr = run_cli_in_process("posters", root, "--only", "stats/2026-10", "--out", tmp_path / "print",
                                         "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    [warning] = [line for line in stderr.splitlines() if line.startswith("content/stats/2026-10.yaml: 警告:")]
    assert "这个月有 12 项指标，指标卡片就占了大半张纸，改用 A3 也一样" in warning, warning
    assert "请把每一张都贴出（二维码在最后一张上）" in warning and "posters: {size: a3}" not in warning
    assert page_count(tmp_path / "print" / "stats/2026-10.pdf") == 2


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_a_monthly_reports_chart_fills_the_row_its_last_card_leaves_empty(tmp_path, size):
    """Four figures, three cards a row, left two thirds of the last row empty, a large gap
    between the cards and the chart under them. The chart now stands beside the last card,
    the highlights under both. (Seven or eight go four a row: the test below.)"""
    metrics = "".join(f"  - {{id: m{i}, label: 第{i}项指标, unit: 件, aggregate: sum, target: {{monthly: 100}}}}\n"
                      for i in range(4))
    months = {f"content/stats/2026-{m:02d}.yaml": f"month: 2026-{m:02d}\nfigures:\n"
              + "".join(f"  m{i}: {90 + m * 3 + i}\n" for i in range(4))
              + "highlights: |\n  - 为辖区老人上门服务，解决急难愁盼问题 12 件。\n  - 新增注册志愿者 21 人。\n"
              for m in range(1, 11)}
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false") + "metrics:\n" + metrics,
        **months,
    })
    code, _, stderr = run_cli_in_process("posters", root, "--only", "stats/2026-10", "--out", tmp_path / "print",
                                         "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    assert "超出一页" not in stderr and "80%" not in stderr and "85%" not in stderr, stderr
    pdf = tmp_path / "print" / "stats/2026-10.pdf"
    assert page_count(pdf) == 1
    [page] = word_boxes(pdf)

    def first(word: str):
        return next(w for w in page.words if word in w.text)

    last_card, chart, highlights = first("第3项指标"), first("（2026年1月至2026年10月）"), first("工作亮点")
    assert chart.x0 > last_card.x1, (chart, last_card)  # beside the last card, not under it
    assert abs(chart.y0 - last_card.y0) < 20, (chart, last_card)  # on its row: the gap is gone
    assert highlights.y0 > chart.y1 and highlights.x0 < chart.x0  # under both, from the left edge


def test_the_examples_monthly_reports_print_at_full_size_on_one_sheet(built):
    """The example's seven figures (诉求办结率 added) shrank six monthly reports to 90 %, with a
    warning telling staff to shorten highlights and notes that were not the cause: the cards
    were. The example builds with no poster warning (README: make site)."""
    assert "字号已缩小" not in built.stderr and "超出一页" not in built.stderr, built.stderr
    months = sorted(p.stem for p in (built.out / "posters" / "stats").glob("????-??.pdf"))
    assert months and all(page_count(built.pdf(f"stats/{m}")) == 1 for m in months)


# The example's longest month (2026-10): its labels, units and texts, seven or eight figures.
EXAMPLE_METRICS = [("service_visits", "服务人次", "人次", "sum", 2500, 2980), ("activities_held", "开展活动", "场", "sum", 12, 17),
                   ("volunteers", "注册志愿者", "人", "last", 600, 568), ("time_bank_hours", "时间银行服务时长", "小时", "sum", None, 405),
                   ("disputes_resolved", "化解矛盾纠纷", "件", "sum", None, 11),
                   ("response_hours", "诉求平均办结用时", "小时", "mean", None, 32.0),
                   ("resolution_rate", "诉求办结率", "%", "mean", 95, 98.2), ("elders_visited", "走访独居老人", "户", "sum", 60, 73)]
EXAMPLE_TEXTS = ("notes: 重阳节敬老月活动集中开展；诉求平均办结用时降至全年最低。\nhighlights: |\n"
                 "  - 重阳节敬老宴服务 70 岁以上老人 116 人，送餐上门 24 户。\n"
                 "  - 青石花园 5 栋消防疏散演练，260 名居民参加。\n  - 认领“微心愿” 34 个，全部完成。\n")


@pytest.mark.parametrize("figures, size", [(7, "a4"), (8, "a4"), (8, "a3")])
def test_a_month_of_seven_or_eight_figures_prints_at_full_size_on_one_sheet(tmp_path, figures, size):
    """Seven figures three a row took three rows of cards, and a month with the example's
    highlights and notes printed at 90 %. Seven or eight go four a row: one sheet at 100 %,
    each figure as large as before."""
    metrics = EXAMPLE_METRICS[:figures]
    declared = "".join(f"  - {{id: {i}, label: {label}, unit: '{unit}', aggregate: {agg}"
                       + (f", target: {{monthly: {target}}}" if target else "")
                       + (", higher_is_better: false" if i == "response_hours" else "") + "}\n"
                       for i, label, unit, agg, target, _ in metrics)

    def month(year: int, m: int) -> str:
        figures = "".join(f"  {i}: {round(value * (0.9 + m / 100), 1)}\n" for i, _, _, _, _, value in metrics)
        return f"month: {year}-{m:02d}\nfigures:\n{figures}" + EXAMPLE_TEXTS

    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false") + "metrics:\n" + declared,
        **{f"content/stats/2025-{m:02d}.yaml": month(2025, m) for m in range(10, 13)},
        **{f"content/stats/2026-{m:02d}.yaml": month(2026, m) for m in range(1, 11)},
    })
    code, _, stderr = run_cli_in_process("posters", root, "--only", "stats/2026-10", "--out", tmp_path / "print",
                                         "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    assert "警告" not in stderr.replace("base_url: 警告", ""), stderr  # neither overflow nor smaller type
    pdf = tmp_path / "print" / "stats/2026-10.pdf"
    assert page_count(pdf) == 1
    assert page_boxes_pt(pdf)[0]["media"] == (A3_PT if size == "a3" else A4_PT)
    [page] = word_boxes(pdf)
    labels = [next(w for w in page.words if w.text.startswith(label)) for _, label, *_ in metrics]
    assert len({round(w.y0) for w in labels}) == 2  # two rows of cards, four a row


def test_a_monthly_report_that_does_not_fit_says_how_many_figures_and_how_much_text(tmp_path):
    """A report run over told staff only to shorten highlights and notes, when its figure
    cards took most of the sheet: the warning names both, the number of figures and the
    length of the text."""
    metrics = "".join(f"  - {{id: m{i}, label: 第{i}项指标, unit: 件}}\n" for i in range(8))
    figures = "".join(f"  m{i}: {10 + i}\n" for i in range(8))
    highlights = "".join(f"  - 第{i}件实事：为辖区老人上门服务，解决急难愁盼问题。\n" for i in range(14))
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false") + "metrics:\n" + metrics,
        "content/stats/2026-10.yaml": "month: 2026-10\nfigures:\n" + figures + "notes: 本月数据已核对。\nhighlights: |\n" + highlights,
    })
    code, _, stderr = run_cli_in_process("posters", root, "--only", "stats/2026-10", "--out", tmp_path / "print",
                                         "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    [warning] = [line for line in stderr.splitlines() if line.startswith("content/stats/2026-10.yaml: 警告:")]
    chars = sum(len(f"第{i}件实事：为辖区老人上门服务，解决急难愁盼问题。") for i in range(14)) + len("本月数据已核对。")
    assert f"这个月有 8 项指标（8 张指标卡片）、highlights 和 notes 共 {chars} 个字，一张纸放不下" in warning, warning
    assert "请缩短这个月的 highlights 和 notes" in warning, warning


def test_a_table_row_in_a_monthly_reports_highlights_is_never_split_across_sheets(tmp_path):
    """A month's highlights holding a table of the grid's requests ran onto a second sheet
    with one row split by the page break: a building's name and its first lines on one sheet,
    its last lines on the other. A row now goes over whole."""
    # Rows of five lines: body { orphans: 2; widows: 2 } keeps a row of two or three whole.
    requests = "楼道堆物清理、电动自行车充电桩不够用、屋顶漏水、夜间噪音、快递柜位置、地下车库照明、绿化修剪、健身器材维修，"
    rows = "".join(f"    | 第{n}网格首 | {requests * 2}均已办结第{n}网格尾 |\n" for n in range(1, 13))
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false")
                     + "metrics:\n  - {id: service_visits, label: 服务人次, unit: 人次}\n",
        "content/stats/2026-10.yaml": "month: 2026-10\nfigures: {service_visits: 2710}\nhighlights: |\n"
                                      "  各网格诉求办理情况：\n\n    | 网格 | 主要诉求 |\n    | --- | --- |\n" + rows,
    })
    code, _, stderr = run_cli_in_process("posters", root, "--only", "stats/2026-10", "--out", tmp_path / "print",
                                         "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    pdf = tmp_path / "print" / "stats/2026-10.pdf"
    assert page_count(pdf) >= 2  # the table does run over: the break falls among its rows
    pages = [flat(text(pdf, n, n, raw=True)) for n in range(1, page_count(pdf) + 1)]
    for n in range(1, 13):
        [head] = [i for i, words in enumerate(pages) if f"第{n}网格首" in words]
        [tail] = [i for i, words in enumerate(pages) if f"第{n}网格尾" in words]
        assert head == tail, f"row {n} starts on sheet {head + 1} and ends on sheet {tail + 1}"


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_a_years_report_of_twelve_metrics_fits_one_sheet(tmp_path, size):
    """The monthly report of twelve metrics runs onto a second sheet (above); the year's
    report of twelve, each with the longest row it can have (a target worked out from the
    monthly one, met or not, half of them lower-is-better), holds on one, A4 and A3 alike."""
    metrics = "".join(f"  - {{id: m{i}, label: 第{i}项工作指标名称, unit: 人次, aggregate: sum, target: {{monthly: 100}}"
                      f"{', higher_is_better: false' if i % 2 else ''}}}\n" for i in range(12))
    months = {f"content/stats/2025-{m:02d}.yaml": f"month: 2025-{m:02d}\nfigures:\n"
              + "".join(f"  m{i}: {90 + i * 3}\n" for i in range(12)) for m in range(1, 13)}
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false") + "metrics:\n" + metrics,
        **months,
    })
    code, _, stderr = run_cli_in_process("posters", root, "--only", "年度统计", "--out", tmp_path / "print",
                                         "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    assert "警告" not in stderr.replace("base_url: 警告", ""), stderr  # neither overflow nor smaller type
    pdf = tmp_path / "print" / "stats/2025.pdf"
    assert page_count(pdf) == 1
    assert page_boxes_pt(pdf)[0]["media"] == (A3_PT if size == "a3" else A4_PT)
    words = flat(text(pdf))
    assert all(f"第{i}项工作指标名称" in words for i in range(12)), words
    assert all(f"{(90 + i * 3) * 12}人次" in words for i in range(12)), words  # m0: 90 a month, 1080
    assert "未达成" in words and "已达成" in words  # the year is over
    assert decode_qr(pdf, dpi=72) == ["https://example.org/test/stats/2025/"]


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_a_years_target_keeps_each_number_with_its_unit_on_one_line(tmp_path, size):
    """The year's report's target column is narrow, and Chinese breaks a line between any two
    characters: 投诉率's target read "不超过 2%，已达成（低于目标 0.3 个" over "百分点）", the
    number and its unit torn apart. Each margin and each target is one unbroken piece (.nobr)
    on the sheet, A4 and A3 alike; a line still breaks between the pieces."""
    metrics = ("  - {id: rate, label: 投诉率, unit: '%', target: {monthly: 2}, higher_is_better: false}\n"
               "  - {id: complaints, label: 投诉件数, unit: 件, aggregate: sum, target: {monthly: 5}, higher_is_better: false}\n"
               "  - {id: hours, label: 诉求平均办结用时, unit: 小时, aggregate: mean, target: {monthly: 36}, higher_is_better: false}\n"
               "  - {id: closed, label: 诉求办结率, unit: '%', target: {monthly: 95}}\n")
    months = {"2025-11": (1.6, 7, 38, 93.5), "2025-12": (1.8, 8, 40.6, 94.3)}
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false") + "metrics:\n" + metrics,
        **{f"content/stats/{month}.yaml": f"month: {month}\nfigures: {{rate: {r}, complaints: {c}, hours: {h}, closed: {d}}}\n"
           for month, (r, c, h, d) in months.items()},
    })
    code, _, stderr = run_cli_in_process("posters", root, "--only", "年度统计", "--out", tmp_path / "print",
                                         "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    [page] = word_boxes(tmp_path / "print" / "stats/2025.pdf")
    [heading] = [word for word in page.words if word.text == "年目标"]
    column = [word for word in page.words if word.x0 >= heading.x0 - 1 and word.y0 > heading.y1]
    # (1.6 + 1.8) / 2 = 1.7: 0.3 points under 2; 15 件 against 10 (5 a month × 2): 5 over;
    # (38 + 40.6) / 2 = 39.3: 3.3 小时 over 36; (93.5 + 94.3) / 2 = 93.9: 1.1 points short of 95.
    pairs = [("0.3", "个百分点"), ("5", "件"), ("10", "件"), ("3.3", "小时"), ("36", "小时"), ("1.1", "个百分点")]
    for number, unit in pairs:
        found = [(word, after) for word, after in zip(column, column[1:])
                 if word.text.endswith(number) and after.text.startswith(unit[0])]
        assert found, (number, unit, [word.text for word in column])
        for word, after in found:
            assert after.text.startswith(unit) and abs(after.y0 - word.y0) < 1, (number, unit, word, after)


def test_an_english_posters_labels_end_with_an_english_colon(tmp_path):
    """The labels' colon was a full-width ： in the poster's CSS whatever the language, so an
    English poster printed Time：; it is now the theme's label_end, as on the website."""
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false") + "language: en\n",
        "content/activities/2026-12-01-yi-zhen.md": SMALL["content/activities/2026-12-01-yi-zhen.md"]
                                                    .replace("location:", "fee: 免费\nlocation:"),
    })
    code, _, stderr = run_cli_in_process("posters", root, "--out", tmp_path / "print", "--today", TODAY,
                                         "--cache", tmp_path / "cache", "--lang", "en")
    assert code == 0, stderr
    words = text(tmp_path / "print" / "activities/2026-12-01-yi-zhen.pdf")
    assert "Fee:免费" in flat(words) and "Phone:" in flat(words), words
    assert "：" not in words


def test_an_english_sites_days_read_weekday_first_on_its_pages_calendar_and_poster(tmp_path):
    """English dates read "6 Dec 2026 Sun": a weekday left over after the year. A British reader
    expects it first, "Sun 6 Dec 2026", as a Chinese one reads 2026年12月6日 星期日 (unchanged)."""
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false") + "language: en\n",
        "content/activities/2026-12-06-clinic.md": "---\ntitle: Free clinic\nstart: 2026-12-06 09:00\n"
                                                   "end: 2026-12-07 11:00\n---\nBlood pressure.\n",
    })
    out = tmp_path / "public"
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr

    def words(path: str) -> str:
        return re.sub(r"\s+", " ", parse((out / path).read_text("utf-8")).text)

    for page in ("activities/2026-12-06-clinic/index.html", "activities/index.html"):
        assert "Sun 6 Dec 2026 9:00" in words(page), page
    calendar = parse((out / "activities/calendar/2026-12/index.html").read_text("utf-8"))
    assert "Sun 6 Dec 2026" in [re.sub(r"\s+", " ", h2.text).strip() for h2 in calendar.iter("h2")]
    poster = parse((out / "posters/activities/2026-12-06-clinic.html").read_text("utf-8"))
    pieces = [span.text for dd in poster.iter("dd") for span in dd.iter("span", class_="nobr")]
    assert pieces[:3] == ["Sun", "6 Dec 2026", "9:00"] and pieces[3:5] == ["Mon", "7 Dec 2026"], pieces
    assert "Sun6Dec2026" in flat(text(out / "posters/activities/2026-12-06-clinic.pdf"))
    assert "Dec 2026 Sun" not in "".join(words(p.relative_to(out).as_posix()) for p in out.rglob("*.html"))


def test_a_traditional_chinese_sites_posters_print_in_the_traditional_font(tmp_path):
    """poster.css named only the SC faces, so a zh-Hant site's posters embedded Noto Sans CJK SC
    and printed its Traditional characters in mainland glyph shapes; lang zh-TW now picks TC."""
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false") + "language: zh-Hant\n",
        "content/activities/2026-12-01-yi-zhen.md": "---\ntitle: 社區義診\nstart: 2026-12-01 09:00\n"
                                                    "location: 社區衛生服務站\n---\n免費測血壓、血糖，說明這裡。\n",
    })
    code, _, stderr = run_cli_in_process("posters", root, "--out", tmp_path / "print", "--today", TODAY,
                                         "--cache", tmp_path / "cache")
    assert code == 0, stderr
    pdf = tmp_path / "print" / "activities/2026-12-01-yi-zhen.pdf"
    assert "社區義診" in flat(text(pdf))
    names = [font["name"] for font in fonts(pdf)]
    assert names and all("CJK-TC" in name for name in names), names


def test_an_english_sites_posters_write_the_month_and_brackets_in_english(tmp_path):
    """An English site's monthly report poster was titled "2026年10月 Monthly figures" (the
    month's Chinese title), and a team's phone and the posters page's paper size stood in
    full-width brackets: "Red Caps（0831-…）", "Download PDF（A4）"."""
    root = make_site_files(tmp_path, {
        "site.yaml": SMALL["site.yaml"].replace("bleed: true", "bleed: false") + "language: en\n"
                     "metrics:\n  - {id: service_visits, label: Service visits, unit: visits, aggregate: sum}\n",
        "content/teams/red-caps.md": "---\nname: Red Caps\ncontact: \"0831-2345678\"\n---\nWe help.\n",
        "content/activities/2026-12-01-yi-zhen.md": "---\ntitle: Free clinic\nstart: 2026-12-01 09:00\n"
                                                    "team: red-caps\n---\nBlood pressure.\n",
        "content/stats/2026-10.yaml": "month: 2026-10\nfigures: {service_visits: 2710}\n",
    })
    out = tmp_path / "public"
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    report = flat(text(out / "posters" / "stats/2026-10.pdf"))
    assert "10/2026MonthlyFigures".lower() in report.lower() and "年" not in report, report
    assert "RedCaps(0831-2345678)" in flat(text(out / "posters" / "activities/2026-12-01-yi-zhen.pdf"))
    page = (out / "posters" / "index.html").read_text(encoding="utf-8")
    assert "Download PDF (A4)" in page and "（" not in page
    assert "2026年" not in page


def test_an_enlarged_activity_poster_never_breaks_a_date_or_its_weekday(tmp_path):
    """An activity of one sentence is printed with its type enlarged, and its time wrapped
    wherever the line ran out: "2027年1月20日 星期" on one line and "三" on the next, and
    "2026年12月31日 星" / "期四 20:00" for an evening into the new year. A line now breaks
    only between the day, the weekday and the time."""
    root = make_site_files(tmp_path, {
        "content/activities/2027-01-20-chun-lian.md":
            "---\ntitle: 春节写春联送福字\nstart: 2027-01-20 14:00\nend: 16:30\nlocation: 党群服务中心二楼\n---\n书法志愿者现场写春联。\n",
        "content/activities/2026-12-31-shou-sui.md":
            "---\ntitle: 跨年守岁联欢会\nstart: 2026-12-31 20:00\nend: 2027-01-01 01:00\nlocation: 社区文化广场\n---\n一起迎接新年！\n",
    })
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    for name in ("2027-01-20-chun-lian", "2026-12-31-shou-sui"):
        pdf = out / f"activities/{name}.pdf"
        assert size_of(pdf, "2026年" if "shou" in name else "2027年") > 2.6 * 12, name  # enlarged
        lines = [flat(line) for line in text(pdf).splitlines()]
        when = lines[next(i for i, line in enumerate(lines) if line.startswith("时间")):
                     next(i for i, line in enumerate(lines) if line.startswith("地点"))]
        whole = r"(时间|至|\d{4}年\d{1,2}月\d{1,2}日|星期[一二三四五六日]|\d{1,2}:\d{2}(–\d{1,2}:\d{2})?)+"
        assert when and all(re.fullmatch(whole, line) for line in when if line), (name, when)
    assert "2027年1月20日星期三14:00–16:30" in "".join(flat(text(out / "activities/2027-01-20-chun-lian.pdf")).split())


def printed_lines(pdf: Path) -> list[str]:
    """Each printed line of every page (``pdftotext -bbox``): the words whose middles lie within
    one another's height, left to right, joined by a space."""
    lines = []
    for page in word_boxes(pdf):
        rows: list[list] = []
        for word in sorted(page.words, key=lambda w: (w.y0, w.x0)):
            row = next((row for row in rows if row[0].y0 < (word.y0 + word.y1) / 2 < row[0].y1), None)
            if row is None:
                rows.append([word])
            else:
                row.append(word)
        lines += [" ".join(word.text for word in sorted(row, key=lambda w: w.x0)) for row in rows]
    return lines


# Every kind of poster, each a short one (printed with its type enlarged) and a longer one, with
# the community's contact in the footer and a contact in a team's, a service's and an
# activity's facts; a notice with a lunar date and the day it expires.
LABEL_SITE = {
    "content/notices/2026-11-30-short.md": "---\ntitle: 临时停水通知\ndate: 2026年农历十月廿二\nexpires: 2026-12-31\n"
                                           "poster: true\n---\n因管网维修，12月3日全天停水。\n",
    "content/notices/2026-12-01-urgent.md": "---\ntitle: 燃气泄漏\ndate: 2026-12-01\nposter: true\nurgent: true\n---\n"
                                            "3栋燃气泄漏，请立即撤离。\n",
    "content/notices/2026-12-02-long.md": "---\ntitle: 燃气安全检查安排\ndate: 2026-12-02\nposter: true\n---\n注意事项：\n\n"
                                          + "".join(f"{i}. 第 {i} 项：请居民朋友们提前做好准备，配合工作人员入户完成燃气安全检查；\n"
                                                    for i in range(1, 15)),
    "content/activities/2026-12-10-short.md": "---\ntitle: 社区义诊\nstart: 2026-12-10 09:00\nlocation: 社区卫生服务站\n"
                                              "signup: 电话 0831-2345699\norganizer: 社区卫生服务站\n---\n免费测血压。\n",
    "content/activities/2026-12-11-long.md": "---\ntitle: 冬季防跌倒讲座\nstart: 2026-12-11 09:00\nlocation: 社区卫生服务站\n"
                                             "signup: 电话 0831-2345699\norganizer: 社区卫生服务站\n---\n"
                                             + "请老人们带好老花镜和水杯，讲座后有免费测血压、血糖和健康咨询。\n\n" * 8,
    "content/teams/red.md": "---\nname: 红帽子志愿服务队\nleader: 王建国\ncontact: \"0831-2345678\"\nmembers: [王建国, 李秀芬]\n"
                            "focus: [助老, 代办]\n---\n",
    "content/services/errands.yaml": "category: 便民代办\nitems:\n  - id: proxy\n    name: 代办证明\n    how_to_order: 到服务台登记\n"
                                     "    contact: \"0831-2345688\"\n    location: 服务大厅\n",
    "content/stats/2026-11.yaml": "month: 2026-11\nfigures: {service_visits: 12}\nnotes: 本月开展燃气安全检查。\n"
                                  "highlights: |\n  - 入户检查燃气 300 户。\n",
}
# The labels printed before a value on a poster, in each language (themes/default/strings).
LABELS = {"zh": ["电话：", "地址：", "联系电话：", "报名方式：", "主办：", "发布于", "有效期至"],
          "en": ["Phone:", "Address:", "How to sign up:", "Organiser:", "Published", "Valid until"]}


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_no_label_ends_a_line_without_its_value_on_any_poster(tmp_path, size):
    """A short notice is printed with larger type, and its footer gave the community's contact
    less room than "电话：0831-1234567" needs: "电话：" ended the line and the number went on the
    next (an English site's "Phone:" too, and "有效期至" above its date). A label stays with its
    value (the pair may go to the next line together, a long address still wraps) on every
    line of every kind of poster, short and long, at A4 and A3."""
    site_yaml = ("title: 测试社区公告栏\nbase_url: https://example.org/test/\n"
                 f"posters: {{size: {size}, bleed: false}}\n"
                 "metrics:\n  - {id: service_visits, label: 服务人次, unit: 人次, aggregate: sum}\n")
    communities = {  # the footer without an address gave the phone line the least room
        "zh": 'community: {name: 测试社区, phone: "0831-1234567"}\n',
        "en": 'community: {name: 测试社区, address: 青石街道锦江路 168 号（社区党群服务中心）, phone: "0831-1234567"}\n'
              "language: en\n",
    }
    found, printed = {}, {}
    for language, community in communities.items():
        root = make_site_files(tmp_path / language, {"site.yaml": site_yaml + community, **LABEL_SITE})
        out = tmp_path / language / "print"
        code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", DECEMBER_3,
                                             "--cache", tmp_path / "cache")
        assert code == 0, stderr
        pdfs = sorted(out.rglob("*.pdf"))
        assert len(pdfs) == 9  # 2 activities, 3 notices, the 2 boards, a month's and a year's report
        for pdf in pdfs:
            name = f"{language} {pdf.relative_to(out).with_suffix('')}"
            lines = printed_lines(pdf)
            found[name] = [line for line in lines if line.rstrip().endswith(tuple(LABELS[language]))] + off_the_sheet(pdf)
            printed[name] = any(line.endswith(("电话：0831-1234567", "Phone: 0831-1234567")) for line in lines)
        assert size_of(out / "notices/2026-11-30-short.pdf", "因管网维修") > 1.2 * 12  # the type enlarged
    assert found == {name: [] for name in found}
    assert printed == {name: True for name in printed}  # the footer's phone line, whole


def _services(size: str, count: int, longer_times: Callable[[int], int]) -> dict[str, str]:
    """A service menu of ``count`` services in five categories, every service with all its
    facts, printed at ``size``; service n's description starts with ``longer_times(n)`` longer
    sentences."""
    longer = "请居民朋友们提前预约，服务时间如有变动以社区通知为准。谢谢配合！"
    files = {"site.yaml": SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false")}
    for c in range(5):
        items = "".join(
            f"  - id: s{n}\n    name: 第{n}项便民服务\n"
            f"    description: {longer * longer_times(n)}由志愿者上门提供服务，帮助老人和行动不便的居民解决生活中的小困难。\n"
            "    provider: 锦江路社区居委会\n    schedule: 周一至周五 9:00-17:00\n    location: 社区党群服务中心一楼服务台\n"
            "    fee: 免费\n    how_to_order: 到服务台登记，或拨打 0831-2345678\n    contact: \"0831-2345678\"\n"
            "    audience: [老年人, 残疾人]\n"
            for n in range(c, count, 5))
        files[f"content/services/c{c}.yaml"] = f"category: 第{c}类服务\norder: {c + 1}\ndescription: 第{c}类服务的说明。\nitems:\n{items}"
    return files


@pytest.mark.parametrize("count, longer_times", [(30, lambda n: 2 if n == 24 else 0), (40, lambda n: n % 3)],
                         ids=["30", "40"])
def test_an_a3_service_board_never_takes_more_sheets_than_the_a4_one(tmp_path, count, longer_times):
    """30 services (one description longer) took a sheet more on A3 than on A4: the A3 type
    (17 pt) was a little more than A4's 12 pt scaled by the paper, so an A3 sheet held a little
    less, a service went over to the next sheet and the last sheet held too much to be printed
    on one fewer. A3 now holds at least what A4 does. 40 services took 8 A3 sheets and 7 A4:
    the A4 board's last sheet (of 9) was 76 % empty, so it was printed at 90 % on 7, the A3
    one's (of 8) only 28 %, so it stayed at full size. A board is now printed smaller whenever
    that saves a sheet, A4 and A3 alike. Every service is on both boards."""
    sheets = {}
    for size in ("a4", "a3"):
        root = make_site_files(tmp_path / size, _services(size, count, longer_times))
        out = tmp_path / f"{size}-print"
        code, _, stderr = run_cli_in_process("posters", root, "--only", "services", "--out", out, "--today", TODAY,
                                             "--cache", tmp_path / f"{size}-cache")
        assert code == 0, stderr
        pdf = out / "services.pdf"
        assert page_boxes_pt(pdf)[0]["media"] == (A3_PT if size == "a3" else A4_PT)
        words = flat(text(pdf))
        assert all(f"第{n}项便民服务" in words for n in range(count)), words
        sheets[size] = page_count(pdf)
    assert 1 < sheets["a3"] <= sheets["a4"], sheets


def test_a_cancelled_activity_prints_the_notice_to_stick_over_its_poster(tmp_path):
    """Staff reprint the activity's poster and stick it over the old one: 活动取消 in the band
    above the title, the reason, the day and place (which activity), nothing to sign up with,
    and the QR code still to its page."""
    root = make_site_files(tmp_path, {
        "content/activities/2026-11-25-yoga.md": (
            "---\ntitle: 瑜伽课\nstart: 2026-11-25 09:30\nend: 2026-11-25 11:00\nlocation: 活动室\n"
            "signup: 拨打 0831-2345678 报名\nfee: 免费\ncancelled: 因降雪取消，改期另行通知\n---\n一起练瑜伽，请自带垫子。\n"),
    })
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    pdf = out / "activities/2026-11-25-yoga.pdf"
    words = flat(text(pdf))
    assert words.startswith("活动取消") and "因降雪取消，改期另行通知" in words and "瑜伽课" in words, words
    assert "2026年11月25日" in words and "活动室" in words
    assert "0831-2345678" not in words and "免费" not in words and "自带垫子" not in words and "报名" not in words
    assert decode_qr(pdf) == ["https://example.org/test/activities/2026-11-25-yoga/"]
    assert page_count(pdf) == 1


def test_a_moved_activity_prints_under_its_new_day_that_it_moved_and_from_when(tmp_path):
    """Its reprinted poster goes up where the old one was: under the new day it says 已改期 and
    the day first announced, so that a resident who remembers the old day sees it moved."""
    root = make_site_files(tmp_path, {
        "content/activities/2026-11-25-yoga.md": (
            "---\ntitle: 瑜伽课\nstart: 2026-12-02 09:30\nend: 2026-12-02 11:00\nrescheduled_from: 2026-11-25\n"
            "location: 活动室\nsignup: 到服务台报名\n---\n一起练瑜伽，请自带垫子。\n"),
    })
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    pdf = out / "activities/2026-11-25-yoga.pdf"
    words = flat(text(pdf))
    assert "2026年12月2日" in words and "已改期（原定2026年11月25日星期三）" in words, words
    assert words.index("2026年12月2日") < words.index("已改期") < words.index("活动室"), words
    assert "到服务台报名" in words and decode_qr(pdf) == ["https://example.org/test/activities/2026-11-25-yoga/"]
    assert page_count(pdf) == 1


# ---- nothing off the sheet -----------------------------------------------------------------
#
# Free text staff write that has no place to break, or keeps its own lines: a code block (a
# fenced one, or lines indented four spaces), a URL after Chinese text, a long Latin word, a
# bank account number, a table of six columns of phone numbers, a title without spaces, a long
# place. Each printed on one poster of every kind that shows free text, at A4 and A3, and read
# back from the PDF: every word on the sheet, within the page margins, and all of it there.

URL = "https://mp.weixin.qq.com/s?__biz=MzA5NjYwNjQ2MA==&mid=2650000000&idx=1&sn=0123456789abcdef0123456789abcdef"
WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis"
ACCOUNT = "6222021234567890123456789012345678"  # 34 digits
FENCED = "报名表  姓名______________  楼栋______________  电话______________  备注______________________"
INDENTED = "居民须知：请把垃圾袋扎紧后投放到对应颜色的桶内，大件垃圾另行预约清运，不要堆放在楼道里影响消防通道"
CODE = f"```\n{FENCED}\n```\n\n    {INDENTED}\n"
PHONES = [f"0831-876543{i:02d}" for i in range(12)]
LONG_TITLE_NO_SPACES = "CommunityWinterHeatingRepairSchedule2026"
PLACE = ("社区党群服务中心二楼多功能活动室（岷江路88号大地社区综合服务楼，从东门进入后右转乘电梯到二楼再左转走到尽头）"
         "Building7Room201EastWingNearTheGardenGate")


# Numbers a table's reader copies: mobiles (11 digits, six columns of them), and a schedule's dates,
# times and amounts beside Chinese text that may wrap.
MOBILES = [f"1381234{i:04d}" for i in range(12)]
SCHEDULE = ("| 楼栋 | 日期 | 时间 | 金额 | 联系人 | 备注 |\n|---|---|---|---|---|---|\n"
            + "".join(f"| {i}号楼 | 2026-12-0{i} | 08:30-11:30 | 1,250.00 元 | 王师傅 1381234000{i} | 请提前储水，检修期间注意用电安全 |\n"
                      for i in range(1, 4)))
SCHEDULE_NUMBERS = [*(f"2026-12-0{i}" for i in range(1, 4)), "08:30-11:30", "1,250.00"]


# A schedule by building, six columns: a building, a unit, a room, a floor, an address of all
# three and a remark that wraps; each a cell that may break anywhere.
PLACES = [[f"{i}号楼", f"{i + 1}单元", f"{i}0{i}室", f"{i + 10}层", f"{i + 2}栋", f"{i}单元", f"{i}10{i}室"] for i in range(1, 7)]
PLACES_TABLE = ("| 楼栋 | 单元 | 房号 | 楼层 | 地址 | 备注 |\n|---|---|---|---|---|---|\n"
                + "".join(f"| {a} | {b} | {c} | {d} | {e}{f}{g} | 请提前储水，检修期间注意用电安全，家中有老人的请告知网格员 |\n"
                          for a, b, c, d, e, f, g in PLACES))


# A body's paragraph and list dense with buildings, units and rooms, and phone numbers: some of
# them end a line, wherever the lines break.
BODY_PLACES = [f"{i}号楼{i % 4 + 1}单元{i}0{i % 9 + 1}室" for i in range(1, 21)]
BODY_PHONES = [f"0831-2345{i:03d}" for i in range(8)]
PLACES_BODY = ("请" + "、".join(BODY_PLACES[:16]) + "的居民注意，值班电话" + "、".join(BODY_PHONES[:4]) + "。\n\n"
               + "".join(f"- {place}、{phone}、{i + 3}栋{i + 10}层\n"
                         for i, (place, phone) in enumerate(zip(BODY_PLACES[16:], BODY_PHONES[4:]))))


def table(phones: list[str]) -> str:
    """A Markdown table of the buildings' phones, six a row."""
    return ("| 一号楼 | 二号楼 | 三号楼 | 四号楼 | 五号楼 | 六号楼 |\n|---|---|---|---|---|---|\n"
            + "".join("| " + " | ".join(phones[row:row + 6]) + " |\n" for row in range(0, len(phones), 6)))


def edge_site(size: str) -> dict[str, str]:
    notice = "---\ntitle: {title}\ndate: 2026-11-20\nposter: true\n---\n{body}"
    return {
        "site.yaml": SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false")
                     + "metrics:\n  - {id: service_visits, label: 服务人次, unit: 人次, aggregate: sum}\n"
                     + f"privacy: {{allowed_numbers: [{', '.join(MOBILES)}]}}\n",
        "content/notices/2026-11-20-code.md": notice.format(title="报名表格式", body=f"请照下面的格式填写：\n\n{CODE}"),
        "content/notices/2026-11-20-url.md": notice.format(title="网上报名", body=f"报名请打开微信文章{URL}\n"),
        "content/notices/2026-11-20-words.md": notice.format(
            title="缴费账号", body=f"物业费请转账到户名大地社区，账号{ACCOUNT}。\n\n英文单词{WORD}{WORD}。\n"),
        "content/notices/2026-11-20-table.md": notice.format(title="各楼栋电话", body=f"各楼栋楼长电话：\n\n{table(PHONES)}"),
        "content/notices/2026-11-20-places.md": notice.format(title="入户检查安排", body=f"各楼栋安排：\n\n{PLACES_TABLE}"),
        "content/notices/2026-11-20-body.md": notice.format(title="入户检查通知", body=PLACES_BODY),
        "content/notices/2026-11-20-title.md": notice.format(title=LONG_TITLE_NO_SPACES, body="请留意。\n"),
        "content/notices/2026-11-20-numbers.md": notice.format(
            title="楼长手机和检修安排", body=f"各楼栋楼长手机：\n\n{table(MOBILES)}\n检修安排：\n\n{SCHEDULE}"),
        "content/activities/2026-12-10-jiang-zuo.md": f"---\ntitle: 冬季讲座\nstart: 2026-12-10 09:00\nlocation: {PLACE}\n"
                                                      f"signup: 打开{URL}报名\n---\n账号{ACCOUNT}，{WORD}{WORD}。\n\n{CODE}\n{table(PHONES)}",
        "content/teams/red-caps.md": f"---\nname: 红帽子{WORD}\nleader: 王{WORD}{WORD}\nfocus: [助老, 打开{URL}, {ACCOUNT}{WORD}]\n---\n",
        "content/services/errands.yaml": f"category: 便民代办\nitems:\n  - id: proxy\n    name: 代办{WORD}{WORD}\n"
                                         f"    description: 详情请打开{URL}，账号{ACCOUNT}{WORD}\n    location: {PLACE}\n"
                                         f"    how_to_order: 打开{URL}\n",
        "content/stats/2026-11.yaml": f"month: 2026-11\nfigures: {{service_visits: 12}}\nnotes: 详情请打开{URL}，账号{ACCOUNT}{WORD}\n"
                                      "highlights: |\n" + "".join(f"  {line}\n" for line in
                                                                   f"- 详情请打开{URL}\n- {ACCOUNT}{WORD}\n\n{table(PHONES[:6])}"
                                                                   .splitlines()),
    }


@pytest.fixture(scope="module", params=["a4", "a3"])
def edges(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The posters of ``edge_site`` printed at one size: the folder of the PDFs."""
    tmp = tmp_path_factory.mktemp(f"edges-{request.param}")
    root = make_site_files(tmp, edge_site(request.param))
    code, _, stderr = run_cli_in_process("posters", root, "--out", tmp / "print", "--today", TODAY,
                                         "--cache", tmp / "cache")
    assert code == 0, stderr
    return tmp / "print"


def off_the_sheet(pdf: Path) -> list[str]:
    """Words outside the printable area: across, the text column between the page margins of
    poster.css (14 mm on A4, 20 mm on A3: well inside what any printer prints); down, the sheet
    less PRINTABLE_MM (the page number and the running title sit in the margins, 8.5 mm from
    the edge: running.css)."""
    found = []
    for n, page in enumerate(word_boxes(pdf), 1):
        assert (round(page.width, 2), round(page.height, 2)) in (A4_PT, A3_PT), pdf
        side = (14 if page.width < A3_PT[0] else 20) * PT_PER_MM
        edge = PRINTABLE_MM * PT_PER_MM
        found += [f"page {n}: {word.text} ({word.x0:.0f}-{word.x1:.0f} of {page.width:.0f} pt)"
                  for word in page.words
                  if word.x0 < side - 0.5 or word.x1 > page.width - side + 0.5
                  or word.y0 < edge or word.y1 > page.height - edge]
    return found


def printed_text(pdf: Path) -> str:
    """All the text, in the order it is drawn, without the spaces and line breaks of the layout."""
    return flat(text(pdf, raw=True))


def test_a_code_block_wraps_on_the_sheet_and_prints_whole(edges):
    """A fenced code block and lines indented four spaces (Markdown's code block) kept their
    one line: it ran off the right edge of the sheet and half of it was not printed."""
    pdf = edges / "notices/2026-11-20-code.pdf"
    assert off_the_sheet(pdf) == []
    words = printed_text(pdf)
    assert flat(FENCED) in words and INDENTED in words, words


def test_a_url_after_chinese_text_wraps_on_the_sheet_and_prints_whole(edges):
    """A URL with no hyphen to break at (a WeChat article's) after Chinese text ran off the
    right edge: WeasyPrint gives a flex item (every block of a one-sheet poster) a minimum
    width as wide as its longest unbreakable run, across the column too, so the body was laid
    out wider than the sheet and the URL never wrapped."""
    pdf = edges / "notices/2026-11-20-url.pdf"
    assert off_the_sheet(pdf) == []
    assert f"报名请打开微信文章{URL}" in printed_text(pdf)


@pytest.mark.parametrize("name", ["notices/2026-11-20-words", "notices/2026-11-20-table", "notices/2026-11-20-title",
                                  "activities/2026-12-10-jiang-zuo", "teams", "services", "stats/2026-11"])
def test_long_words_numbers_tables_titles_and_places_stay_on_the_sheet(edges, name):
    """A 34-digit account number, a long Latin word, a title without spaces, a place, a URL
    in a service's way to order it: in a table cell (a six-column table, a place beside its
    label), an inline block (a team's leader, a service's facts) or a flex item (the body) they
    made the box as wide as themselves, past the sheet's edge."""
    pdf = edges / f"{name}.pdf"
    assert off_the_sheet(pdf) == [], name
    words = printed_text(pdf)
    expected = {
        "notices/2026-11-20-words": [f"账号{ACCOUNT}", f"英文单词{WORD}{WORD}"],
        "notices/2026-11-20-table": PHONES,
        "notices/2026-11-20-title": [LONG_TITLE_NO_SPACES],
        "activities/2026-12-10-jiang-zuo": [flat(PLACE), f"打开{URL}报名", f"账号{ACCOUNT}，{WORD}{WORD}", flat(FENCED),
                                            INDENTED, *PHONES],
        "teams": [f"红帽子{WORD}", f"王{WORD}{WORD}", f"打开{URL}", f"{ACCOUNT}{WORD}"],
        "services": [f"代办{WORD}{WORD}", f"详情请打开{URL}，账号{ACCOUNT}{WORD}", flat(PLACE), f"打开{URL}"],
        "stats/2026-11": [f"详情请打开{URL}，账号{ACCOUNT}{WORD}", f"{ACCOUNT}{WORD}", *PHONES[:6]],
    }[name]
    assert [part for part in expected if part not in words] == [], words


def test_a_short_notice_printed_larger_keeps_its_table_and_code_block_at_their_size(edges):
    """A short notice is printed with larger type (printing.FILL_SCALES), and its table of six
    columns of phone numbers grew with it: each number broke over three lines ("0831-",
    "8765", "4300"), before that it ran off the sheet. Tables and code blocks keep the size
    they were laid out at; the text around them is larger."""
    table, code = edges / "notices/2026-11-20-table.pdf", edges / "notices/2026-11-20-code.pdf"
    # .poster-body: 1.2rem; the root is 12pt on A4, 12pt × 1.4 on A3 (poster.css html.a3)
    body = 1.2 * (16.8 if page_boxes_pt(table)[0]["media"] == A3_PT else 12)
    assert size_of(table, "各楼栋楼长电话") > body and size_of(code, "请照下面的格式填写") > body  # enlarged
    assert size_of(code, "姓名") == round(body, 1)
    # Six columns of 13-character numbers, each in one piece, are wider than the body's size
    # allows: the table is printed at the fraction of it that the sheet's width leaves
    # (printing._fit_tables), not enlarged with the text around it.
    assert round(body * printing.TABLE_FLOOR, 1) <= size_of(table, "一号楼") < body
    pieces = [word.text for page in word_boxes(table) for word in page.words
              if re.fullmatch(r"[\d-]+", word.text) and word.text != "0831-1234567"]  # not the footer's phone
    assert sorted(pieces) == PHONES, pieces  # each number on one line


def test_a_tables_phone_numbers_amounts_dates_and_times_print_whole_and_on_the_sheet(edges):
    """A table cell's text may break anywhere (poster.css), so that a wide table fits the
    sheet, and its numbers broke too: 13812340000 printed as "13812340" over "000", 1,250.00 as
    "1,250.0" over "0", 2026-12-01 as "2026-12" over "-01", and a reader misdials or misreads
    them. Each number is one unbroken piece; a table then too wide for the sheet (six columns of
    mobile numbers) is printed smaller, on the sheet; Chinese text in a cell still wraps."""
    pdf = edges / "notices/2026-11-20-numbers.pdf"
    assert off_the_sheet(pdf) == []
    words = [word.text for page in word_boxes(pdf) for word in page.words]
    assert [number for number in MOBILES + SCHEDULE_NUMBERS if not any(number in word for word in words)] == [], words
    assert "请提前储水，检修期间注意用电安全" in printed_text(pdf)
    assert "请提前储水，检修期间注意用电安全" not in words  # wrapped in its narrow column


def test_a_tables_buildings_units_rooms_and_floors_print_whole_and_on_the_sheet(edges):
    """A table cell may break anywhere (poster.css), and a schedule by building printed "1号" over
    "楼", "2单" over "元", "11" over "层". Each building, unit, room and floor is one unbroken
    piece (posters.whole_numbers), and the six columns still fit the sheet at the body's size."""
    pdf = edges / "notices/2026-11-20-places.pdf"
    assert off_the_sheet(pdf) == []
    words = [word.text for page in word_boxes(pdf) for word in page.words]
    raw = text(pdf, raw=True)
    places = [place for row in PLACES for place in row]
    assert [place for place in places if not any(place in word for word in words)] == [], words
    assert [f"{place[:k]}|{place[k:]}" for place in places for k in range(1, len(place))
            if f"{place[:k]}\n{place[k:]}" in raw] == [], raw
    body = 1.2 * (16.8 if page_boxes_pt(pdf)[0]["media"] == A3_PT else 12)
    assert size_of(pdf, "1号楼") == round(body, 1)  # not made smaller to fit (printing._fit_tables)


def test_a_bodys_buildings_rooms_and_phone_numbers_never_break_at_a_lines_end(edges):
    """In a paragraph or a list (not a table) a line broke between a number and a Chinese
    character: "5号" over "楼", "301" over "室", "2" over "单元". Phone numbers moved to the next
    line whole already; buildings, units, rooms and floors now do too (posters.whole_places)."""
    pdf = edges / "notices/2026-11-20-body.pdf"
    assert off_the_sheet(pdf) == [] and page_count(pdf) == 1
    raw = text(pdf, raw=True)
    pieces = ([piece for place in BODY_PLACES for piece in re.findall(r"\d+\D+", place)] + BODY_PHONES
              + [f"{i + 3}栋" for i in range(4)] + [f"{i + 10}层" for i in range(4)])
    assert [f"{piece[:k]}|{piece[k:]}" for piece in pieces for k in range(1, len(piece))
            if f"{piece[:k]}\n{piece[k:]}" in raw] == [], raw
    assert [piece for piece in pieces if piece not in flat(raw)] == []  # all printed


def test_a_photo_the_website_shows_from_its_copy_prints_from_its_original(tmp_path):
    """The page's <img> of a phone photo names its 1440w copy (the original is not published):
    the poster still prints from the original's file, at 300 dpi of its printed size, never
    from the website's copy (too small for A3) nor from an address WeasyPrint cannot open."""
    from generator.posters import for_printing

    original = tmp_path / "content/media/现场.jpg"
    html = ('<img src="/jj/media/%E7%8E%B0%E5%9C%BA.1440w.jpg" alt="现场" width="1440" height="1080" '
            'srcset="/jj/media/现场.480w.jpg 480w, /jj/media/现场.1440w.jpg 1440w" sizes="100vw">')
    printed = for_printing(html, "/jj/", {"media/现场.jpg": original}, tmp_path)
    assert printed == '<img src="content/media/%E7%8E%B0%E5%9C%BA.jpg" alt="现场" width="1440" height="1080">'


def test_a_poster_prints_the_same_bytes_wherever_the_tool_and_the_site_are(tmp_path):
    """WeasyPrint names each picture in the PDF by the digest of its URL, and a poster named the
    bundled theme's icon by its file URL (the path of the virtualenv) and a photo by the site's
    folder: the same site printed a different PDF on each computer. Two installs of the tool at
    two paths, printing two copies of the site at two paths, print the same bytes, with both
    pictures in them and no path of either install or either site."""
    import os
    import sys

    poster = (REPO / "themes/default/posters/notice.html").read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<img src=\"{{ url('/static/icon-512.png') }}\" alt=\"\" "
                               "style=\"width: 20mm\">", 1)
    site = {**SMALL, "templates/posters/notice.html": poster,
            "content/notices/2026-11-20-link.md": "---\ntitle: 表格下载\ndate: 2026-11-20\nposter: true\n---\n"
                                                  "请下载[报名表](../media/bins.png)填写。\n"}
    printed = []
    for place in ("one", "two/deeper"):
        install = tmp_path / place / "tool"
        shutil.copytree(REPO / "generator", install / "generator")
        shutil.copytree(REPO / "themes", install / "themes")
        root = make_site_files(tmp_path / place / "site-copy", {**site, "content/media/bins.png": png_bytes()})
        out = tmp_path / place / "print"
        result = subprocess.run([sys.executable, "-m", "generator", "posters", root, "--out", out, "--today", TODAY,
                                 "--cache", tmp_path / place / "cache"], capture_output=True, text=True,
                                cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(install)})
        assert result.returncode == 0, result.stderr
        pdfs = {pdf.relative_to(out).as_posix(): pdf.read_bytes() for pdf in sorted(out.rglob("*.pdf"))}
        images = subprocess.run(["pdfimages", "-list", out / "notices/2026-11-20-la-ji-fen-lei.pdf"],
                                capture_output=True, text=True, check=True).stdout
        assert len(re.findall(r"^\s*1\s+\d+\s+image\b", images, re.M)) == 2, images  # the icon and the photo
        for name, data in pdfs.items():
            for path in (install, root, tmp_path):
                assert str(path).encode() not in data and path.as_uri().encode() not in data, (name, path)
        printed.append(pdfs)
    assert sorted(printed[0]) == sorted(printed[1]) and len(printed[0]) > 2
    assert [name for name in printed[0] if printed[0][name] != printed[1][name]] == []


# Buildings, units, rooms and ranges of buildings, for the fields other than a body.
FIELD_PLACES = [f"{i}号楼{i % 4 + 1}单元{i}0{i % 9 + 1}室" for i in range(1, 13)] + [f"{i}-{i + 9}栋" for i in range(1, 5)]


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_a_summary_a_place_and_a_reports_notes_never_break_a_building_or_a_room(tmp_path, size):
    """A body's buildings and rooms were kept whole (posters.whole_places), but not a notice's
    summary (its largest text), an activity's place (地点), a service's place or a monthly
    report's notes: a line ended in "5号" above "楼", and "1-" above "10栋" (read as building 10).
    Every building, unit, room and range of buildings is one unbroken piece on every poster, and
    a long word after them still wraps on the sheet: kept whole by `white-space: nowrap`, a
    place before it made WeasyPrint lay the activity's place out as wide as the word, past the
    sheet's edge (posters.whole_places)."""
    places = "、".join(FIELD_PLACES)
    site = {
        "site.yaml": SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false")
                     + "metrics:\n  - {id: service_visits, label: 服务人次, unit: 人次, aggregate: sum}\n",
        "content/notices/2026-11-20-check.md": f"---\ntitle: 入户检查\ndate: 2026-11-20\nposter: true\n"
                                               f"summary: 本周检查{places}，请留人在家\n---\n请配合。\n",
        "content/activities/2026-12-10-visit.md": f"---\ntitle: 上门义诊\nstart: 2026-12-10 09:00\n"
                                                  f"location: 依次到{places}{WORD}\n---\n免费测血压。\n",
        "content/services/errands.yaml": f"category: 便民代办\nitems:\n  - id: proxy\n    name: 代办证明\n"
                                         f"    location: 流动服务点：{places}{WORD}\n",
        "content/stats/2026-11.yaml": f"month: 2026-11\nfigures: {{service_visits: 12}}\nnotes: 本月走访了{places}{WORD}\n",
    }
    root = make_site_files(tmp_path, site)
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    pieces = [piece for place in FIELD_PLACES for piece in re.findall(r"[\d-]+\D+", place)]
    broken, missing, off = {}, {}, {}
    for name in ("notices/2026-11-20-check", "activities/2026-12-10-visit", "services", "stats/2026-11"):
        raw = text(out / f"{name}.pdf", raw=True)
        off[name] = off_the_sheet(out / f"{name}.pdf")
        broken[name] = [f"{piece[:k]}|{piece[k:]}" for piece in pieces for k in range(1, len(piece))
                        if f"{piece[:k]}\n{piece[k:]}" in raw]
        missing[name] = [piece for piece in pieces + ([] if name.startswith("notices/") else [WORD])
                         if piece not in flat(raw)]
    assert off == {name: [] for name in off}
    assert broken == {name: [] for name in broken}
    assert missing == {name: [] for name in missing}  # all printed


HEADERS = ["服务项目", "联系电话", "服务时间", "服务地点", "负责人员", "收费标准", "报名方式", "注意事项"]


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_a_tables_header_words_never_break_and_the_table_stays_on_the_sheet(tmp_path, size):
    """A table cell may break anywhere (poster.css), so that a wide table fits the sheet, and
    in eight narrow columns the headers broke inside their words: "服务项" over "目". Each
    header word is one unbroken piece (posters.whole_numbers); the table, then wider than the
    sheet, is printed smaller and on the sheet (printing._fit_tables)."""
    row = "| " + " | ".join(["请居民朋友们提前做好准备并配合工作人员"] * len(HEADERS)) + " |\n"
    body = ("| " + " | ".join(HEADERS) + " |\n|" + "---|" * len(HEADERS) + "\n" + row * 2)
    site = {"site.yaml": SMALL["site.yaml"].replace("size: a4, bleed: true", f"size: {size}, bleed: false"),
            "content/notices/2026-11-20-table.md": f"---\ntitle: 服务安排\ndate: 2026-11-20\nposter: true\n---\n{body}"}
    root = make_site_files(tmp_path, site)
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    pdf = out / "notices/2026-11-20-table.pdf"
    assert off_the_sheet(pdf) == []
    words = [word.text for page in word_boxes(pdf) for word in page.words]
    assert [header for header in HEADERS if header not in words] == [], words  # each on one line, whole
    body_size = 1.2 * (16.8 if size == "a3" else 12)
    assert round(body_size * printing.TABLE_FLOOR, 1) <= size_of(pdf, "服务项目") < body_size  # printed smaller


def test_the_pdfs_bookmarks_carry_no_word_joiners_and_the_places_still_never_break(tmp_path):
    """A building or a room is kept whole on the sheet by word joiners (U+2060) between its
    characters (posters.whole_places), and they went into the PDF's bookmarks too, made from the
    headings: a viewer's outline and a print shop's software listed "5\u2060号\u2060楼停水通知",
    invisible characters or boxes, and searching the outline for 5号楼 found nothing. The
    bookmarks read as the headings do; the text copied out of the PDF has no joiners either, and
    the places on the sheet still never break."""
    places = "、".join(BODY_PLACES)
    notice = (f"---\ntitle: 5号楼停水通知\ndate: 2026-11-20\nposter: true\n---\n## 3单元和12层的安排\n\n"
              f"检修期间依次停水：{places}。\n")
    root = make_site_files(tmp_path, {"site.yaml": SMALL["site.yaml"], "content/notices/2026-11-20-ting-shui.md": notice})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--out", out, "--today", TODAY, "--cache", tmp_path / "cache")
    assert code == 0, stderr
    pdf = out / "notices/2026-11-20-ting-shui.pdf"
    assert outline(pdf) == ["5号楼停水通知", "3单元和12层的安排"]
    raw = text(pdf, raw=True)
    assert "\u2060" not in raw and "5号楼停水通知" in flat(raw)
    pieces = [piece for place in BODY_PLACES for piece in re.findall(r"\d+\D+", place)]
    assert [f"{piece[:k]}|{piece[k:]}" for piece in pieces for k in range(1, len(piece))
            if f"{piece[:k]}\n{piece[k:]}" in raw] == [], raw


def test_a_time_typed_with_a_full_width_colon_never_breaks_at_a_lines_end(tmp_path):
    """A Chinese input method types 8：00, its colon full-width. The line breaker may break after
    a full-width colon (as after 。) and between full-width digits, and a short notice's poster
    (its type enlarged) printed "上午8：" over "00至下午6：00": 8 o'clock and a stray 00. Each such
    time or number is one unbroken piece (posters.whole_places), as 8:00 with its ASCII colon
    already was, and so is the part of the day before a time: "上午" over "8：00" printed the
    hours without the morning. One notice for each place of the time on a line."""
    notices = {f"content/notices/2026-11-20-t{k:02d}.md":
               f"---\ntitle: 停暖气通知\ndate: 2026-11-20\nposter: true\n---\n"
               f"{'停' * k}因检修，12月8日上午8：00至下午6：30暂停，电话０８３１－２３４５６７８。\n"
               for k in range(24)}
    root = make_site_files(tmp_path, {"site.yaml": SMALL["site.yaml"], **notices})
    out = tmp_path / "print"
    code, _, stderr = run_cli_in_process("posters", root, "--only", "notices/*", "--out", out, "--today", TODAY,
                                         "--cache", tmp_path / "cache")
    assert code == 0, stderr
    broken = []
    for pdf in sorted((out / "notices").glob("*.pdf")):
        raw = text(pdf, raw=True)
        assert flat(raw).count("8：00至下午6：30") == 1 and "０８３１－２３４５６７８" in flat(raw), raw  # as written
        broken += [f"{pdf.name}: {found!r}" for found in re.findall(r"[0-9０-９][：－]?\n[：－]?[0-9０-９]", raw)]
        broken += [f"{pdf.name}: {found!r}" for found in re.findall(r"[上下]\n午|午\n[0-9]", raw)]  # 上午 | 8：00
    assert broken == []
