"""Monthly statistics: figures, year totals, gaps, charts and open data.

The expected figures below are worked out by hand from ``DATA`` (the comments show the sums),
not by the code under test, and compared with what a real build writes: the HTML (parsed),
stats.csv and stats.json.
"""

from __future__ import annotations

import csv
import fnmatch
import dataclasses
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.charts import ASCENT, DESCENT, PHONE, line_chart, text_width, value_ticks
from generator.config import Metric
from generator.stats import Point, Series, aggregate, number_text, percent_text
from conftest import make_site_files, run_cli_in_process
from htmltree import Element, parse
from support.browser import DESKTOP, MOBILE, format_violations, run_axe, serve
from support.htmlcheck import validate_html
from support.pdf import text as pdf_text

TODAY = dt.date(2026, 11, 22)

SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum, target: {monthly: 100}}
  - {id: volunteers, label: 注册志愿者, unit: 人, aggregate: last, target: {yearly: 50}}
  - {id: peak, label: 单日最高接待, unit: 人, aggregate: max}
  - {id: hours, label: 平均办结用时, unit: 小时, aggregate: mean, target: {monthly: 10}, higher_is_better: false}
  - {id: bank, label: 时间银行时长, unit: 小时, aggregate: sum}
"""

# 2025-07..10 and 2026-03 have no file (gaps); in 2026-04 visits is left blank (a gap, not 0);
# the time bank starts in 2026-04 (a metric added mid-year), and its 2026-06 figure is a real 0.
DATA: dict[str, dict[str, object]] = {
    "2025-06": {"visits": 80, "volunteers": 30, "peak": 12, "hours": 12},
    "2025-11": {"visits": 90, "volunteers": 38, "peak": 15, "hours": 9},
    "2025-12": {"visits": 110, "volunteers": 40, "peak": 20, "hours": 11},
    "2026-01": {"visits": 100, "volunteers": 41, "peak": 18, "hours": 8},
    "2026-02": {"visits": 120, "volunteers": 44, "peak": 25, "hours": 14},
    "2026-04": {"visits": None, "volunteers": 47, "peak": 22, "hours": 9.5, "bank": 30},
    "2026-05": {"visits": 150, "volunteers": 52, "peak": 19, "hours": 10, "bank": 45},
    "2026-06": {"visits": 120, "volunteers": 55, "peak": 21, "hours": 7.5, "bank": 0},
}


def month_file(month: str, figures: dict[str, object], highlights: str = "") -> str:
    lines = [f"month: {month}", "figures:"]
    lines += [f"  {key}: {'' if value is None else value}" for key, value in figures.items()]
    if highlights:
        lines.append(f"highlights: {highlights}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One build of the example for every read-only test of this module (builds are the slow part)."""
    root = tmp_path_factory.mktemp("stats") / "site"
    (root / "content" / "stats").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for month, figures in DATA.items():
        text = month_file(month, figures, "本月解决“微心愿” **12** 个。" if month == "2026-06" else "")
        (root / "content" / "stats" / f"{month}.yaml").write_text(text, encoding="utf-8")
    out = root.parent / "public"
    build(root, out, TODAY, posters=False)
    return out


# --- reading the pages ----------------------------------------------------------------------

def text(element: Element) -> str:
    return re.sub(r"\s+", " ", element.text).strip()


def children(element: Element) -> list[Element]:
    return [child for child in element.children if isinstance(child, Element)]


def one(element: Element, tag: str, **attrs: str) -> Element:
    found = element.find(tag, **attrs)
    assert found is not None, f"no <{tag} {attrs}>"
    return found


def page(out: Path, url: str) -> Element:
    return parse((out / url.strip("/") / "index.html").read_text(encoding="utf-8"))


def cards(out: Path, month: str) -> dict[str, dict[str, str]]:
    """Each metric card of a month page: its heading -> {"value": ..., dt text: dd text}."""
    result = {}
    for section in page(out, f"/stats/{month}/").iter("section", class_="stat-card"):
        facts = {"value": text(one(section, "p", class_="stat-value"))}
        terms = children(one(section, "dl"))
        facts.update({text(term).removesuffix("："): text(value) for term, value in zip(terms[::2], terms[1::2])})
        result[text(one(section, "h2"))] = facts
    return result


# --- the month page ---------------------------------------------------------------------------

def test_month_page_shows_every_figure_of_the_month(built):
    june = cards(built, "2026-06")
    assert june["服务人次"] == {
        "value": "120 人次",
        "较上月": "减少 30 人次（-20%）",  # 150 -> 120
        "去年同月": "80 人次，同比增加 40 人次（+50%）",  # 2025-06: 80
        "本年累计": "490 人次（2026年3月、2026年4月无数据，未计入）",  # 100 + 120 + (Mar: no file) + (Apr: blank) + 150 + 120
        "月目标": "100 人次，完成 120%，已达成",
    }
    assert june["注册志愿者"] == {
        "value": "55 人",
        "较上月": "增加 3 人（+5.8%）",  # 3 / 52 = 5.77 %
        "去年同月": "30 人，同比增加 25 人（+83.3%）",
        "本年最新": "55 人",  # last: the latest month's value
        "年目标": "50 人，完成 110%",  # the year goes on: the count may still fall under 50
    }
    assert june["单日最高接待"] == {
        "value": "21 人",
        "较上月": "增加 2 人（+10.5%）",  # 2 / 19 = 10.53 %
        "去年同月": "12 人，同比增加 9 人（+75%）",
        "本年单月最高": "25 人（2026年3月无数据，未计入）",  # max(18, 25, 22, 19, 21)
    }
    assert june["平均办结用时"] == {
        "value": "7.5 小时",
        "较上月": "减少 2.5 小时（-25%）",
        "去年同月": "12 小时，同比减少 4.5 小时（-37.5%）",
        "本年月平均": "9.8 小时（2026年3月无数据，未计入）",  # (8 + 14 + 9.5 + 10 + 7.5) / 5 = 49 / 5
        "月目标": "不超过 10 小时，已达成（低于目标 2.5 小时）",  # lower is better: 10 - 7.5
    }
    assert june["时间银行时长"] == {
        "value": "0 小时",  # a real zero is a figure, shown as one
        "较上月": "减少 45 小时（-100%）",
        "本年累计": "75 小时",  # 30 + 45 + 0; no "same month last year": it did not exist
    }


def test_gaps_are_never_zeros(built):
    april = cards(built, "2026-04")
    assert april["服务人次"] == {"value": "本月无数据", "本年累计": "220 人次（2026年3月、2026年4月无数据，未计入）"}  # 100 + 120
    # March has no file: nothing in April can be compared with it.
    assert april["注册志愿者"]["较上月"] == "上月无数据，无法比较"
    assert april["平均办结用时"]["本年月平均"] == "10.5 小时（2026年3月无数据，未计入）"  # (8 + 14 + 9.5) / 3: gaps are not months of zero
    may = cards(built, "2026-05")
    assert may["服务人次"]["较上月"] == "上月无数据，无法比较"  # April's visits were left blank


def test_the_year_to_date_names_the_months_it_leaves_out(built):
    """With March missing, June's page said 本年累计 490 人次 as if it were the whole year so
    far: the secretary preparing the year's report could not tell it lacked a month. The
    months without a figure are named; not for ``last`` (the latest is the latest), nor the
    months before a metric began (the time bank from April), nor in a year without gaps."""
    june = cards(built, "2026-06")
    assert june["服务人次"]["本年累计"].endswith("（2026年3月、2026年4月无数据，未计入）")  # April left blank
    assert june["注册志愿者"]["本年最新"] == "55 人"
    assert june["时间银行时长"]["本年累计"] == "75 小时"
    assert cards(built, "2026-02")["服务人次"]["本年累计"] == "220 人次"  # January and February both in


def test_a_metric_starts_where_its_data_starts(built):
    assert "时间银行时长" not in cards(built, "2026-02")
    april = cards(built, "2026-04")["时间银行时长"]
    assert april == {"value": "30 小时", "较上月": "上月无数据，无法比较", "本年累计": "30 小时"}


def test_year_to_date_restarts_in_january(built):
    january = cards(built, "2026-01")
    assert january["服务人次"]["本年累计"] == "100 人次"
    assert january["单日最高接待"]["本年单月最高"] == "18 人"  # not 2025's 20
    assert january["服务人次"]["较上月"] == "减少 10 人次（-9.1%）"  # 2025-12: 110


def test_no_page_links_a_poster_a_build_without_posters_did_not_print(built):
    """The month's and the year's pages link their report's PDF when the build prints
    posters (tests/test_posters.py); this build printed none, so a link would be dead."""
    assert not (built / "posters").exists()
    for url in ("/stats/2026-06/", "/stats/2026-04/", "/stats/2026/", "/stats/2025/"):
        hrefs = [a.attrs.get("href", "") for a in page(built, url).iter("a")]
        assert not [href for href in hrefs if "/posters/" in href], (url, hrefs)


def test_month_page_links_neighbours_highlights_and_open_data(built):
    root = page(built, "/stats/2026-04/")
    links = {text(a): a.attrs["href"] for a in root.iter("a")}
    assert links["上个月：2026年2月"] == "/test/stats/2026-02/"  # March has no report
    assert links["下个月：2026年5月"] == "/test/stats/2026-05/"
    assert "/test/stats/stats.csv" in links.values() and "/test/stats/stats.json" in links.values()
    june = page(built, "/stats/2026-06/")
    assert "本月解决“微心愿” 12 个。" in text(one(june, "div", class_="body"))


# --- year and index pages ---------------------------------------------------------------------

def table_rows(table: Element) -> list[list[str]]:
    return [[text(cell) for cell in children(row)] for row in table.iter("tr")]


def test_year_totals_by_each_rule(built):
    root = page(built, "/stats/2025/")
    totals = {row[0]: row[1:4] for row in table_rows(one(root, "table"))[1:]}
    assert totals["服务人次"][0] == "280 人次"  # 80 + 90 + 110
    assert totals["注册志愿者"][0] == "40 人"  # last: December
    assert totals["单日最高接待"][0] == "20 人"  # max
    assert totals["平均办结用时"][0] == "10.7 小时"  # (12 + 9 + 11) / 3 = 10.67
    assert totals["服务人次"][2] == "3"  # months with a figure
    assert "时间银行时长" not in totals  # not started in 2025
    totals_2026 = {row[0]: row[1:] for row in table_rows(one(page(built, "/stats/2026/"), "table"))[1:]}
    assert totals_2026["服务人次"][0:3] == ["490 人次", "各月相加", "4"]
    assert totals_2026["时间银行时长"][0] == "75 小时"
    assert totals_2026["注册志愿者"][3] == "50 人，完成 110%"  # the year goes on


def test_year_month_table_shows_gaps_as_dashes(built):
    rows = table_rows(list(page(built, "/stats/2026/").iter("table", class_="stats-table"))[1])
    assert rows[0][0] == "月份"
    by_month = {row[0]: row[1:] for row in rows[1:]}
    assert list(by_month) == ["2026年1月", "2026年2月", "2026年3月", "2026年4月", "2026年5月", "2026年6月"]
    assert by_month["2026年3月"] == ["—"] * 5  # no file
    assert by_month["2026年4月"] == ["—", "47", "22", "9.5", "30"]
    assert by_month["2026年1月"][4] == "—"  # the time bank had not started
    assert by_month["2026年6月"][4] == "0"


def test_index_lists_year_totals_and_every_month(built):
    root = page(built, "/stats/")
    table = one(root, "table", class_="stats-table")
    years = [(text(one(th, "a")), text(one(th, "span"))) for th in list(table.iter("th"))[2:4]]
    assert years == [("2025", "6月–12月"), ("2026", "1月–6月")]  # neither year is whole: say which months
    rows = {row[0]: row[2:] for row in table_rows(table)[1:]}
    assert rows["服务人次（人次）"] == ["280", "490"]
    assert rows["时间银行时长（小时）"] == ["—", "75"]
    month_links = [a.attrs["href"] for ul in root.iter("ul", class_="month-links") for a in ul.iter("a")]
    assert sorted(month_links) == sorted(f"/test/stats/{m}/" for m in DATA)


def test_every_statistics_table_is_named_by_its_caption(built):
    # A screen reader announces a table by its caption: without one, "表格，6 行" said nothing
    # of what it held. Where a heading just above says the same, the caption is there for the
    # screen reader only (the theme's .vh), so the page does not show the title twice.
    expected = {
        "/stats/": [("历年汇总", "历年汇总"), ("各月数据", "各月数据")],
        "/stats/2026/": [("年度汇总", "2026年 年度汇总"), ("各月数据", "2026年 各月数据")],
    }
    for url, tables in expected.items():
        root = page(built, url)
        found = []
        for table in root.iter("table", class_="stats-table"):
            caption = one(table, "caption")
            assert "vh" in caption.attrs.get("class", "").split(), (url, text(caption))
            found.append(text(caption))
        assert found == [caption for _, caption in tables], url
        headings = [text(h2) for h2 in root.iter("h2")]
        assert all(heading in headings for heading, _ in tables), url
    for path in sorted((built / "stats").rglob("index.html")):
        for table in parse(path.read_text(encoding="utf-8")).iter("table"):
            caption = table.find("caption")
            assert caption is not None and text(caption), path


# --- charts -----------------------------------------------------------------------------------

def chart(root: Element, label: str) -> Element:
    for figure in root.iter("figure", class_="chart"):
        if text(one(figure, "figcaption")).startswith(label):
            return figure
    raise AssertionError(f"no chart for {label}")


def test_chart_breaks_at_gaps_and_has_title_description_and_data(built):
    figure = chart(page(built, "/stats/2026/"), "服务人次")
    svg = one(figure, "svg")
    # The title and the sentence once each, the heading and the paragraph (test_browser.py:
    # test_a_charts_title_and_sentence_are_heard_once); the drawing named by its kind.
    assert svg.attrs["role"] == "img" and svg.attrs["aria-label"] == "折线图"
    assert text(one(figure, "figcaption")) == "服务人次（2026年1月至2026年6月）"
    description = text(one(figure, "p", class_="chart-desc"))
    assert "没有数据的月份：2026年3月、2026年4月" in description
    assert "最高：2026年5月 150 人次" in description and "最低：2026年1月 100 人次" in description
    assert len(list(svg.iter("path"))) == 2  # Jan–Feb and May–Jun: the gap breaks the line
    assert len(list(svg.iter("circle"))) == 4  # one point per figure, none for a gap
    data = {row[0]: row[1] for row in table_rows(one(figure, "table"))[1:]}
    assert data == {"2026年1月": "100", "2026年2月": "120", "2026年3月": "无数据",
                    "2026年4月": "无数据", "2026年5月": "150", "2026年6月": "120"}


def test_chart_of_a_metric_added_mid_year_starts_with_its_data(built):
    figure = chart(page(built, "/stats/2026/"), "时间银行时长")
    data = [row[0] for row in table_rows(one(figure, "table"))[1:]]
    assert data == ["2026年4月", "2026年5月", "2026年6月"]
    assert "自2026年4月开始统计。" in text(one(figure, "p", class_="chart-desc"))
    index = page(built, "/stats/")  # 24 months back reach before the first file: not a "start"
    assert "自2026年4月开始统计。" in text(one(chart(index, "时间银行时长"), "p", class_="chart-desc"))
    assert "开始统计" not in text(one(chart(index, "服务人次"), "p", class_="chart-desc"))
    assert "开始统计" not in text(one(chart(page(built, "/stats/2026/"), "服务人次"), "p", class_="chart-desc"))


def test_chart_geometry():
    metric = Metric("visits", "服务人次", aggregate="sum", monthly_target=100)
    points = (Point(dt.date(2026, 1, 1), 50), Point(dt.date(2026, 2, 1), None), Point(dt.date(2026, 3, 1), 0))
    drawn = line_chart(Series(metric, points))
    assert [t.value for t in drawn.ticks] == [0, 25, 50, 75, 100]  # up to the target, from zero
    assert drawn.marks[1].y is None and drawn.marks[2].y == drawn.bottom  # a gap has no point; 0 is on the axis
    assert drawn.segments == ()  # no two neighbouring months with values: points only
    assert drawn.target_y == drawn.top
    # A value just under the target line is written below its point, not across the line.
    near = line_chart(Series(metric, (Point(dt.date(2026, 1, 1), 20), Point(dt.date(2026, 2, 1), 90))))
    assert near.marks[1].label_y > near.marks[1].y > near.target_y
    # Years under the axis: at the first month and each January; the first one gives way
    # when a January follows too close behind to write both (on a phone's drawing).
    months = [Point(dt.date(2025, 11, 1), 1), Point(dt.date(2025, 12, 1), 2), Point(dt.date(2026, 1, 1), 3)]
    assert [m.new_year for m in line_chart(Series(metric, tuple(months))).marks] == [True, False, True]
    from_september = tuple(Point(dt.date(2025 + (8 + n) // 12, (8 + n) % 12 + 1, 1), n) for n in range(14))
    # (A drawing a little wider than the phone's, where September is named four months before a January.)
    roomier = dataclasses.replace(PHONE, width=340)
    wide, phone = line_chart(Series(metric, from_september)).marks, line_chart(Series(metric, from_september), roomier).marks
    assert [m.month.month for m in wide if m.new_year] == [9, 1]
    assert [m.month.month for m in phone if m.labelled] == [9, 1, 5, 9] and [m.month.month for m in phone if m.new_year] == [1]
    phone = line_chart(Series(metric, from_september), PHONE).marks  # at its width, every six months
    assert [m.month.month for m in phone if m.labelled] == [1, 7] and [m.month.month for m in phone if m.new_year] == [1]
    # A January is always named, on phones too; so is the newest month where there is none.
    two_years = [Point(dt.date(2024 + (10 + n) // 12, (10 + n) % 12 + 1, 1), n) for n in range(24)]  # 2024-11..2026-10
    marks = line_chart(Series(metric, tuple(two_years))).marks
    assert [m.month.month for m in marks if m.labelled] == [11, 1, 3, 5, 7, 9, 11, 1, 3, 5, 7, 9]
    phone = line_chart(Series(metric, tuple(two_years)), roomier).marks
    assert [m.month for m in phone if m.labelled] == [dt.date(2025, 1, 1), dt.date(2025, 7, 1), dt.date(2026, 1, 1), dt.date(2026, 7, 1)]
    phone = line_chart(Series(metric, tuple(two_years)), PHONE).marks  # each January: a year a name
    assert [m.month for m in phone if m.labelled] == [dt.date(2025, 1, 1), dt.date(2026, 1, 1)]
    assert all(m.labelled for m in marks + phone if m.new_year)
    from_october = line_chart(Series(metric, tuple([Point(dt.date(2024, 10, 1), 0), *two_years[:15]]))).marks
    assert not from_october[0].labelled and not from_october[0].new_year  # the year goes with a name
    assert from_october[1].labelled and from_october[1].new_year
    spring = line_chart(Series(metric, tuple(months[:2])), PHONE).marks
    assert spring[-1].labelled


def test_the_target_lines_legend_carries_the_unit_and_fits_a_phone(built):
    """The legend of the target line read "目标线：100" and "目标线：不超过 10": 100 what? It
    carries the unit, as the chart's description does, in the wide drawing and the phone's;
    the phone's large words (26 units in a drawing 290 wide) write "目标线：不超过 10 小时" on
    two lines, broken between its parts, each inside the drawing."""
    def legends(label: str) -> dict[str, list[str]]:
        found = {}
        for svg in chart(page(built, "/stats/2026/"), label).iter("svg"):
            [legend] = [t for t in svg.iter("text") if t.attrs.get("fill") == "#b3261e"]
            lines = [text(span) for span in legend.iter("tspan")] or [text(legend)]
            found[svg.attrs["class"]] = lines
            width = float(svg.attrs["viewbox" if "viewbox" in svg.attrs else "viewBox"].split()[2])
            x, size = float(legend.attrs["x"]), float(legend.attrs["font-size"])
            assert all(x + text_width(line, size) <= width for line in lines), (label, lines, x, width)
        return found

    assert legends("服务人次") == {"chart-wide": ["目标线：100 人次"], "chart-phone": ["目标线：100 人次"]}
    assert legends("平均办结用时") == {"chart-wide": ["目标线：不超过 10 小时"], "chart-phone": ["目标线：不超过", "10 小时"]}
    assert legends("注册志愿者") == {"chart-wide": ["目标线：50 人"], "chart-phone": ["目标线：50 人"]}  # a yearly target of a last


def test_a_legend_is_broken_between_its_parts_only_where_it_must():
    metric = Metric("hours", "平均办结用时", unit="小时", aggregate="mean", monthly_target=10, higher_is_better=False)
    months = tuple(Point(dt.date(2026, n, 1), 8 + n) for n in range(1, 7))
    parts = ["目标线：", "不超过 ", "10 小时"]
    wide, phone = line_chart(Series(metric, months), legend=parts), line_chart(Series(metric, months), PHONE, legend=parts)
    assert wide.legend_lines == ("目标线：不超过 10 小时",) and phone.legend_lines == ("目标线：不超过", "10 小时")
    one_line = line_chart(Series(metric, months), PHONE, legend=["目标线：", "", "10 小时"])
    assert one_line.legend_lines == ("目标线：10 小时",)
    # The second line is below the first, and the top tick's number below both.
    assert phone.top - ASCENT * phone.font + 0.35 * phone.font >= phone.legend_y + phone.legend_step + DESCENT * phone.small
    assert phone.top > one_line.top
    english = line_chart(Series(metric, months), PHONE, legend=["Target line: ", "at most ", "30000 人次"])
    assert english.legend_lines == ("Target line:", "at most", "30000 人次")
    assert all(english.legend_x + 50 + text_width(line, english.small) <= english.width for line in english.legend_lines)


def test_chart_layout_follows_its_font_size():
    """Larger words take more room: the value axis's numbers (a 5-digit one too) stay inside
    the drawing, fewer months are named, and the month names move down clear of the axis's 0
    where the first one would meet it (at 34, the 0 was written on the first month)."""
    metric = Metric("visits", "服务人次", aggregate="sum", monthly_target=12000)
    months = tuple(Point(dt.date(2025 + n // 12, n % 12 + 1, 1), 9000 + 300 * n) for n in range(14))  # the first one named
    small, large = (line_chart(Series(metric, months), dataclasses.replace(PHONE, font=f, small=f), legend="目标线：12000")
                    for f in (18, 34))
    for drawn in (small, large):
        assert drawn.left - 10 >= text_width("12000", drawn.font)  # the widest number, right-aligned 10 before the axis
        assert drawn.legend_x + 50 + text_width("目标线：12000", drawn.small) <= drawn.width
        assert drawn.top - ASCENT * drawn.font + 0.35 * drawn.font >= drawn.legend_y + DESCENT * drawn.small  # the top number under the legend
        assert drawn.year_y + DESCENT * drawn.small <= drawn.height
        named = [m for m in drawn.marks if m.labelled]
        assert all(b.x - a.x >= text_width("12月", drawn.font) for a, b in zip(named, named[1:]))
        assert all(m.name_x + text_width("12月", drawn.font) / 2 <= drawn.width for m in named)
    assert sum(m.labelled for m in large.marks) < sum(m.labelled for m in small.marks)
    assert large.month_y - large.bottom > (0.35 + DESCENT + ASCENT) * large.font  # under the 0
    assert len(large.ticks) <= len(small.ticks)
    assert value_ticks(5704) == [0, 2000, 4000, 6000]
    assert value_ticks(3.4) == [0, 1, 2, 3, 4]
    assert value_ticks(0) == [0, 1]


def test_the_rows_margins_ticks_and_month_names_follow_the_words_size():
    """Each piece of the layout, from the words' size first: larger words get taller rows
    above and below the plot, fewer ticks, a wider left margin and fewer month names."""
    from generator.charts import left_margin, month_names, month_row, tick_values, word_rows
    legend = ("目标线：12000 人次",)
    small, large = (dataclasses.replace(PHONE, font=f, small=f) for f in (18, 34))
    low, high = word_rows(small, legend, False), word_rows(large, legend, False)
    assert high.top > low.top and high.month_row > low.month_row and high.year_row > low.year_row
    assert high.top - ASCENT * 34 + 0.35 * 34 >= high.legend_y + DESCENT * 34  # the top number under the legend
    assert word_rows(large, (), False).top < high.top  # no target, no legend above
    assert len(tick_values(12000, large, high)) <= len(tick_values(12000, small, low))
    assert left_margin([0, 5000, 10000, 15000], large) - 10 >= text_width("15000", 34)
    months = tuple(Point(dt.date(2025 + n // 12, n % 12 + 1, 1), n) for n in range(14))
    few, many = (month_names(months, layout, 60, "{m}月", "{y}年") for layout in (large, small))
    assert few.every > many.every and few.named(few.anchor) and months[few.anchor].month.month == 1
    assert few.slot * few.every >= text_width("12月", 34)
    # The first name (January, at the left edge) would meet the axis's 0: its row goes under it.
    assert month_row(large, high, few) == high.clear_of_zero > high.month_row


def test_values_are_written_above_their_points_only_where_each_fits_its_month():
    """Twelve six-digit values ran into each other on a computer's drawing (123273|122726):
    written only where the widest fits a month; four digits still are."""
    from generator.charts import WIDE, value_labels_fit
    metric = Metric("visits", "服务人次", aggregate="sum")
    for base, shown in ((120000, False), (1200, True)):
        months = tuple(Point(dt.date(2026, n, 1), base + 37 * n) for n in range(1, 13))
        drawn = line_chart(Series(metric, months))
        assert drawn.value_labels is shown
        assert value_labels_fit([p.value for p in months], WIDE, drawn.slot) is shown
    assert not line_chart(Series(metric, months), PHONE).value_labels  # the phone's words are too large


def test_a_value_on_the_top_line_is_written_under_the_legend():
    """A value at the target, the top of the plot, was written into the legend above it
    (目标线：99.5% over 99.5): the top margin leaves room for a value above its point."""
    metric = Metric("rate", "办结率", unit="%", aggregate="mean", monthly_target=99.5)
    months = tuple(Point(dt.date(2026, n, 1), 99.5 if n == 10 else 97 + n / 10) for n in range(1, 13))
    drawn = line_chart(Series(metric, months), legend=["目标线：", "", "99.5%"])
    assert drawn.value_labels
    legend_bottom = drawn.legend_y + DESCENT * drawn.small
    assert all(m.label_y - ASCENT * drawn.small >= legend_bottom for m in drawn.marks), (drawn.top, legend_bottom)


def test_no_data_is_written_once_per_gap_where_it_fits():
    """Two months running without a figure wrote 无数据 twice on a phone's two-year chart,
    one over the other, each column narrower than a character: once in the middle of a run,
    and not at all where a character is wider than the run (the grey band and the chart's
    description say it there)."""
    metric = Metric("visits", "服务人次", aggregate="sum")
    year = tuple(Point(dt.date(2026, n, 1), None if n in (3, 4) else n) for n in range(1, 13))
    drawn = line_chart(Series(metric, year))
    assert drawn.gap_words == (round((drawn.marks[2].x + drawn.marks[3].x) / 2, 1),)
    two_years = tuple(Point(dt.date(2025 + n // 12, n % 12 + 1, 1), None if n in (3, 4) else n) for n in range(24))
    phone = line_chart(Series(metric, two_years), PHONE)
    assert phone.slot * 2 < PHONE.small and phone.gap_words == ()
    single = line_chart(Series(metric, tuple(Point(dt.date(2026, n, 1), None if n == 2 else n) for n in range(1, 4))), PHONE)
    assert single.gap_words == (single.marks[1].x,)


# --- open data --------------------------------------------------------------------------------

def expected_rows() -> list[dict[str, object]]:
    order = ["visits", "volunteers", "peak", "hours", "bank"]
    return [
        {"month": month, "metric": metric, "value": figures[metric]}
        for month, figures in DATA.items() for metric in order
        if figures.get(metric) is not None
    ]


def test_csv_has_every_figure_with_a_bom_for_excel(built):
    raw = (built / "stats" / "stats.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["month", "metric", "label", "unit", "value"]
    assert [{"month": r[0], "metric": r[1], "value": float(r[4])} for r in rows[1:]] == expected_rows()
    assert ["2026-06", "bank", "时间银行时长", "小时", "0"] in rows  # a real zero stays
    assert not any(r[0] == "2026-04" and r[1] == "visits" for r in rows)  # a gap has no row
    assert len(rows) - 1 == 34


def test_json_has_the_same_figures_and_year_totals(built):
    data = json.loads((built / "stats" / "stats.json").read_text(encoding="utf-8"))
    assert data["figures"] == expected_rows()
    assert [m["id"] for m in data["metrics"]] == ["visits", "volunteers", "peak", "hours", "bank"]
    assert data["metrics"][3]["higher_is_better"] is False
    totals = {(y["year"], y["metric"]): y["value"] for y in data["years"]}
    assert totals[(2025, "visits")] == 280
    assert totals[(2025, "hours")] == pytest.approx((12 + 9 + 11) / 3)
    assert totals[(2026, "volunteers")] == 55
    assert totals[(2026, "peak")] == 25
    assert (2025, "bank") not in totals


def test_json_years_carry_the_years_target_the_year_page_shows(built):
    """stats.json had the year's figures but not their targets: a program reading it could
    not show "30000 人次（每月 2500 × 12 个月）" as the year's page and poster do. The fields
    are added beside the old ones, which keep their names."""
    data = json.loads((built / "stats" / "stats.json").read_text(encoding="utf-8"))
    years = {(y["year"], y["metric"]): y for y in data["years"]}
    # visits: 100 a month, the site's first year from June (7 months), then a whole year.
    # 280 of 700 in 2025, which is over (its December in): not reached, on June to December.
    assert years[(2025, "visits")] == {"year": 2025, "metric": "visits", "aggregate": "sum", "value": 280,
                                       "months": 3, "target": 700, "target_months": 7,
                                       "verdict": {"status": "not_reached", "year_over": True, "from": "2025-06",
                                                   "to": "2025-12", "missing": [], "partial": False}}
    assert (years[(2026, "visits")]["target"], years[(2026, "visits")]["target_months"]) == (1200, 12)
    # A declared yearly target, as written; a mean's monthly target is the year's, as is.
    assert (years[(2026, "volunteers")]["target"], years[(2026, "volunteers")]["target_months"]) == (50, None)
    assert (years[(2026, "hours")]["target"], years[(2026, "hours")]["target_months"]) == (10, None)
    assert (years[(2026, "bank")]["target"], years[(2026, "bank")]["target_months"]) == (None, None)


# --- the same checks as the rest of the site ------------------------------------------------------

def test_statistics_pages_are_valid_html(built):
    assert validate_html(sorted((built / "stats").rglob("*.html"))) == []


@pytest.mark.parametrize("url", ["/stats/", "/stats/2026/", "/stats/2026-04/"])
@pytest.mark.parametrize("width", [MOBILE, DESKTOP])
def test_statistics_pages_pass_axe(built, url, width):
    # The index and a year page (charts with gaps, tables); the browser tests cover a month
    # of the example site, here a month with gaps and a metric that starts.
    with serve(built, "/test/") as base:
        violations = run_axe(base + url, width)
    assert not violations, format_violations(violations)


def test_a_site_without_figures_yet(make_site, tmp_path):
    root = make_site(tmp_path, {"site.yaml": SITE_YAML})
    build(root, tmp_path / "out", TODAY, posters=False)
    assert "还没有统计数据。" in text(page(tmp_path / "out", "/stats/"))
    assert (tmp_path / "out" / "stats" / "stats.csv").read_bytes() == b"\xef\xbb\xbfmonth,metric,label,unit,value\r\n"
    assert json.loads((tmp_path / "out" / "stats" / "stats.json").read_text(encoding="utf-8"))["figures"] == []


# --- what staff get wrong ---------------------------------------------------------------------

@pytest.mark.parametrize("files, expected", [
    ({"content/stats/2026-10.yaml": "month: 2026-10\nfigures:\n  visits: 5\n  volunters: 3\n"},
     "content/stats/2026-10.yaml:4: figures.volunters: *volunteers*"),
    ({"content/stats/2026-10.yaml": 'month: 2026-10\nfigures: {visits: "12"}\n'},
     "content/stats/2026-10.yaml:2: figures.visits: 应为一个数字，这里写的是文字“12”：只写数字，不带引号，写成 12"),
    # 1,234人次 and 1.5万 of a metric in 人次 are taken now (test_figures_written_with_their_unit_...).
    # Another unit is not: 1200千克 is a unit of its own, not 千 (1200 thousand).
    ({"content/stats/2026-10.yaml": "month: 2026-10\nfigures:\n  visits: 1200千克\n"},
     "content/stats/2026-10.yaml:3: figures.visits: 单位不对：这里写的是“1200千克”，服务人次在 site.yaml 里以“人次”为单位："
     "请填按“人次”计的数，只写数字，或数字后加“人次”"),
    ({"content/stats/2026-10.yaml": "month: 2026-10\nfigures:\n  visits: 3千人次\n"},  # only 万 is read
     "content/stats/2026-10.yaml:3: figures.visits: 应为一个数字，这里写的是文字“3千人次”：写成 3000"),
    ({"content/stats/2026-10.yaml": "month: 2026-10\nfigures:\n  visits: 5\n  peak: -3\n"},
     "content/stats/2026-10.yaml:4: figures.peak: 不能是负数（-3）"),
    ({"content/stats/2026-10.yaml": "month: 2026-10\nfigures: {hours: .nan}\n"},
     "content/stats/2026-10.yaml:2: figures.hours: “nan” 不是一个具体的数字，请写数字，如 120"),
    ({"content/stats/2026-10.yaml": "figures: {visits: 5}\nmonth: 2026-11\n"},
     "content/stats/2026-10.yaml:2: month: 文件名 2026-10 与 month “2026-11” 不一致，请把文件改名为 2026-11.yaml 或改正月份"),
    ({"content/stats/2026-10.yaml": "month: 2026-10\nfigures: {visits: 5}\n",
      "content/stats/2026-10.yml": "\nmonth: 2026-10\nfigures: {visits: 6}\n"},
     "content/stats/2026-10.yml:2: month: 2026-10 的统计已在 content/stats/2026-10.yaml 中，一个月只能有一个文件"),
])
def test_each_mistake_is_one_clear_error_with_file_and_line(make_site, run_cli, tmp_path, files, expected):
    root = make_site(tmp_path, {"site.yaml": SITE_YAML, **files})
    code, _, err = run_cli("check", root, "--today", "2026-11-22")
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("content/")]
    # (The undeclared metric's wording belongs to the errors work: only where, and the did-you-mean.)
    assert len(lines) == 1 and fnmatch.fnmatchcase(lines[0], expected), lines


TARGET_MISTAKE_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum}
  - id: rate
    label: 诉求办结率
    unit: '%'
"""


@pytest.mark.parametrize("target, expected", [
    # Said only "目标应写成 {monthly: 500} 或 {yearly: 6000}". 98% of a metric in % is read, as
    # a figure is (test_a_target_written_with_its_unit_is_the_number); 约98% and 95件 are not.
    ("target: {monthly: 约98%}",
     "site.yaml:9: metrics[2].target.monthly: “约98%”是约数：统计数字是点算出来的确切数目，不写“约”，写成 98（如果不正好是 98，写核实后的数）"),
    ("target:\n      yearly: '95件'",
     "site.yaml:10: metrics[2].target.yearly: 单位不对：这里写的是“95件”，诉求办结率在 site.yaml 里以“%”为单位：请填按“%”计的数，只写数字，或数字后加“%”"),
    ("target: {monthly: '98'}", "site.yaml:9: metrics[2].target.monthly: 应为一个数字，这里写的是文字“98”：只写数字，不带引号，写成 98"),
    ("target: {monthly: -3}", "site.yaml:9: metrics[2].target.monthly: 不能是负数（-3）"),  # was taken
    ("target: {month: 95}", "site.yaml:9: metrics[2].target.month: 目标只能写 monthly（每月）或 yearly（全年），如 {monthly: 95}，是不是想写 “monthly”？"),
    ("target: 95", "site.yaml:9: metrics[2].target: 目标要写明是每月还是全年：写成 {monthly: 95} 或 {yearly: 95}"),
])
def test_a_mistake_in_a_target_names_the_number_to_write(make_site, run_cli, tmp_path, target, expected):
    root = make_site(tmp_path, {"site.yaml": TARGET_MISTAKE_SITE_YAML + f"    {target}\n"})
    code, _, err = run_cli("check", root, "--today", "2026-11-22")
    lines = [line for line in err.splitlines() if line.startswith("site.yaml")]
    assert code == 1 and lines == [expected], err


@pytest.mark.parametrize("written, plain", [
    ("{monthly: 98%}", "{monthly: 98}"), ("{monthly: 95.5％, yearly: '96 %'}", "{monthly: 95.5, yearly: 96}"),
])
def test_a_target_written_with_its_unit_is_the_number(make_site, tmp_path, written, plain):
    """A target copied from a report as 98% is read as a figure is (it was an error naming 98)."""
    def declared(target: str, name: str) -> list:
        root = make_site(tmp_path / name, {"site.yaml": TARGET_MISTAKE_SITE_YAML + f"    target: {target}\n"})
        build(root, tmp_path / name / "out", TODAY, posters=False)
        return json.loads((tmp_path / name / "out" / "stats" / "stats.json").read_text(encoding="utf-8"))["metrics"]
    assert declared(written, "written") == declared(plain, "plain")


def test_a_target_of_a_whole_number_written_as_a_float_or_zero_is_taken(make_site, run_cli, tmp_path):
    """What was taken stays taken: 95.5, 0 (安全事故 0 起) and both targets at once."""
    root = make_site(tmp_path, {"site.yaml": TARGET_MISTAKE_SITE_YAML + "    target: {monthly: 95.5, yearly: 0}\n"})
    code, _, err = run_cli("check", root, "--today", "2026-11-22")
    assert code == 0, err


SCALE_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum, target: {monthly: 0.95}}
  - id: rate
    label: 居民满意度
"""
PERCENT = "unit: '%'\n    "  # then the target, on line 9


@pytest.mark.parametrize("target, rates, expected", [
    # 95% kept as a spreadsheet keeps it: the target read 0.9%, "已达成（高出 96.6 个百分点）".
    (PERCENT + "target: {monthly: 0.95}", [96.5, 97, 98.2],
     ["site.yaml:9: metrics[2].target.monthly: 警告: “居民满意度” 的目标写的是 0.95，而各月数字在 96.5 到 98.2 之间："
      "单位是 %，0.95 就是 0.95%。目标和各月数字一样写百分数，请改成 monthly: 95（表示 95%）"]),
    # Quoted with every digit written (it was rounded to six: 0.951234, 95.1234).
    (PERCENT + "target: {monthly: 0.9512345}", [96.5, 97, 98.2],
     ["site.yaml:9: metrics[2].target.monthly: 警告: “居民满意度” 的目标写的是 0.9512345，而各月数字在 96.5 到 98.2 之间："
      "单位是 %，0.9512345 就是 0.9512345%。目标和各月数字一样写百分数，请改成 monthly: 95.12345（表示 95.12345%）"]),
    (PERCENT + "target: {yearly: 0.985}\n    aggregate: last", [96.5, 97, 98.2],
     ["site.yaml:9: metrics[2].target.yearly: 警告: “居民满意度” 的目标写的是 0.985，而各月数字在 96.5 到 98.2 之间："
      "单位是 %，0.985 就是 0.985%。目标和各月数字一样写百分数，请改成 yearly: 98.5（表示 98.5%）"]),
    # The months written as fractions, against a target of 98: each one named, with its number.
    (PERCENT + "target: {monthly: 98}", [0.965, 97, 0.982],
     ["content/stats/2026-09.yaml:3: figures.rate: 警告: “居民满意度” 写的是 0.965，而目标是 98%：单位是 %，"
      "0.965 就是 0.965%。请改成 rate: 96.5（表示 96.5%）",
      "content/stats/2026-11.yaml:3: figures.rate: 警告: “居民满意度” 写的是 0.982，而目标是 98%：单位是 %，"
      "0.982 就是 0.982%。请改成 rate: 98.2（表示 98.2%）"]),
    ("unit: 百分比\n    target: {monthly: 98}", [0.97],  # % written out: still a percentage
     ["content/stats/2026-09.yaml:3: figures.rate: 警告: “居民满意度” 写的是 0.97，而目标是 98%：单位是 百分比，"
      "0.97 就是 0.97%。请改成 rate: 97（表示 97%）"]),
    # A ceiling: a tiny month beside months in percentages is a slip; tiny months alone may be real.
    (PERCENT + "target: {monthly: 2}\n    higher_is_better: false", [1.8, 0.021, 2.2],
     ["content/stats/2026-10.yaml:3: figures.rate: 警告: “居民满意度” 写的是 0.021，而目标是 2%：单位是 %，"
      "0.021 就是 0.021%。请改成 rate: 2.1（表示 2.1%）"]),
    (PERCENT + "target: {monthly: 2}\n    higher_is_better: false", [0.018, 0.021], []),
    # Not a hundredfold: a small share and its small target, or a month far under its target.
    (PERCENT + "target: {monthly: 0.5}\n    higher_is_better: false", [0.4, 0.6, 0.45], []),
    (PERCENT + "target: {monthly: 1}", [0.9, 1.2], []),
    (PERCENT + "target: {monthly: 0.9}", [5.2, 7], []),
    (PERCENT + "target: {monthly: 95}", [92, 96], []),
])
def test_a_percentage_and_its_target_a_hundredfold_apart_names_the_number_to_write(make_site, run_cli, tmp_path,
                                                                                  target, rates, expected):
    """满意度 with a target of 0.95 (98% as a spreadsheet keeps it) while the months say 96.5: the
    page said "0.9%，已达成（高出 96.6 个百分点）" and the build nothing. Only a clear hundredfold
    is told, in % only (服务人次's 0.95 is no share), naming the line and the number to write."""
    months = ["2026-09", "2026-10", "2026-11"]
    root = make_site(tmp_path, {"site.yaml": SCALE_SITE_YAML + f"    {target}\n",
                                **{f"content/stats/{month}.yaml": f"month: {month}\nfigures:\n  rate: {rate}\n  visits: 96\n"
                                   for month, rate in zip(months, rates)}})
    code, _, err = run_cli("check", root, "--today", "2026-11-22")
    lines = [line for line in err.splitlines() if line.startswith(("site.yaml", "content/"))]
    assert code == 0 and lines == expected, err


def test_a_percentage_a_hundredfold_apart_is_told_in_english_and_by_the_build(make_site, run_cli, tmp_path):
    root = make_site(tmp_path, {"site.yaml": SCALE_SITE_YAML + "    " + PERCENT + "target: {monthly: 0.95}\n",
                                "content/stats/2026-10.yaml": "month: 2026-10\nfigures: {rate: 96.5}\n"})
    code, _, err = run_cli("check", root, "--today", "2026-11-22", "--lang", "en")
    assert code == 0 and "site.yaml:9: metrics[2].target.monthly: warning: the target of '居民满意度' is 0.95 while its " \
        "months are 96.5 to 96.5: in %, 0.95 means 0.95%. Write the target as the months are: monthly: 95 (for 95%)" \
        in err.splitlines(), err
    code, _, err = run_cli("build", root, "--today", "2026-11-22", "--no-posters", "--out", tmp_path / "out")
    assert code == 0 and "site.yaml:9: metrics[2].target.monthly: 警告: “居民满意度” 的目标写的是 0.95" in err, err


def test_a_target_is_shown_as_written_not_rounded_as_a_figure(make_site, run_cli, tmp_path):
    """满意度's target written 0.95 read "0.9%" on the month's card, the year's page and the
    chart, while the warning about it said 0.95: the staff member looking for the number the
    warning quotes did not find it. A target is shown with every digit written."""
    root = make_site(tmp_path, {"site.yaml": SCALE_SITE_YAML + "    " + PERCENT + "target: {monthly: 0.95}\n",
                                "content/stats/2026-10.yaml": "month: 2026-10\nfigures: {rate: 96.5, visits: 96}\n"})
    code, _, err = run_cli("build", root, "--today", "2026-11-22", "--no-posters", "--out", tmp_path / "out")
    assert code == 0 and "site.yaml:9: metrics[2].target.monthly: 警告: “居民满意度” 的目标写的是 0.95，" in err, err
    out = tmp_path / "out"
    card = cards(out, "2026-10")
    assert card["居民满意度"]["月目标"] == "0.95%，已达成（高出 95.55 个百分点）"  # October is over; 96.50 - 0.95
    assert card["服务人次"]["月目标"] == "0.95 人次，完成 10105%，已达成"  # not a share: as written too
    rows = {row[0]: row[4] for row in table_rows(one(page(out, "/stats/2026/"), "table"))[1:]}
    assert rows["居民满意度"] == "0.95%，高出 95.55 个百分点"  # the year goes on
    # From October, its first month: 0.95 × 3 is 2.8499999999999996 as a float, 2.85 as written.
    assert rows["服务人次"] == "2.85 人次（每月 0.95 × 3 个月），完成 3368%，已达成"
    figure = chart(page(out, "/stats/2026-10/"), "居民满意度")
    assert "目标线：0.95%。" in text(one(figure, "p", class_="chart-desc"))
    assert "目标线：0.95%" in text(one(figure, "svg"))


DECIMALS_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: rate, label: 投诉办结率, unit: '%', aggregate: mean, target: {monthly: 0.95}}
  - {id: hours, label: 平均办结用时, unit: 小时, aggregate: mean, target: {monthly: 10}}
"""


def test_a_figure_has_as_many_decimals_as_its_target(run_cli, tmp_path):
    """A mean of 0.95 read "0.9%" beside "0.95%，已达成" (the target shown as written): a
    contradiction to whoever reads it. A figure has as many decimals as its metric's target,
    on the month's card, the year's row, the tables, the chart's value labels and the year's
    poster; with a target of no more than one decimal, one as before (9.25 -> 9.2)."""
    files = {"site.yaml": DECIMALS_SITE_YAML,
             "content/stats/2026-11.yaml": month_file("2026-11", {"rate": 0.9, "hours": 9.25}),
             "content/stats/2026-12.yaml": month_file("2026-12", {"rate": 1.0, "hours": 9.25})}
    root = make_site_files(tmp_path, files)
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", root, "--out", out, "--no-posters", "--today", "2027-01-05")
    assert code == 0, stderr
    november = cards(out, "2026-11")["投诉办结率"]
    assert november["value"] == "0.90%" and november["月目标"] == "0.95%，未达成（差 0.05 个百分点）", november
    assert cards(out, "2026-11")["平均办结用时"]["value"] == "9.2 小时"
    rows = {row[0]: (row[1], row[4]) for row in table_rows(one(page(out, "/stats/2026/"), "table"))[1:]}
    assert rows["投诉办结率"] == ("0.95%", "0.95%，已达成")  # (0.9 + 1.0) / 2
    months = {row[0]: row[1] for row in table_rows(list(page(out, "/stats/2026/").iter("table", class_="stats-table"))[1])[1:]}
    assert months == {"2026年11月": "0.90", "2026年12月": "1"}
    figure = chart(page(out, "/stats/2026/"), "投诉办结率")
    labels = [text(label) for label in one(figure, "svg").iter("text") if label.attrs.get("text-anchor") == "middle"
              and label.attrs.get("font-size")]
    assert "0.90" in labels and "0.9" not in labels, labels
    data = {row[0]: row[1] for row in table_rows(one(figure, "table", class_="chart-data"))[1:]}
    assert data == {"2026年11月": "0.90", "2026年12月": "1"}
    if shutil.which("pdftotext"):
        code, _, stderr = run_cli("posters", root, "--only", "*stats/2026", "--out", tmp_path / "print",
                                  "--today", "2027-01-05", "--cache", tmp_path / "cache")
        assert code == 0, stderr
        poster = re.sub(r"\s+", "", pdf_text(tmp_path / "print" / "stats/2026.pdf", raw=True))
        assert "0.95%0.95%，已达成" in poster.replace("投诉办结率", ""), poster


def test_a_figure_with_a_leading_zero_is_the_number(make_site, tmp_path):
    """``held: 07`` (as a report pasted from a table may have it) is 7: YAML 1.1 read 07 as an
    octal number and 08 as text, the loader keeps both as written and a figure reads the number."""
    root = make_site(tmp_path, {"site.yaml": SITE_YAML + "per_page: 010\n",
                                "content/stats/2026-10.yaml": "month: 2026-10\nfigures: {visits: 08, peak: 07}\n"})
    build(root, tmp_path / "out", TODAY, posters=False)
    figures = json.loads((tmp_path / "out" / "stats" / "stats.json").read_text(encoding="utf-8"))["figures"]
    assert {(f["metric"], f["value"]) for f in figures} >= {("visits", 8), ("peak", 7)}


UNITS_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: disputes, label: 化解矛盾纠纷, unit: 件, aggregate: sum}
  - {id: households, label: 入户走访, unit: 户, aggregate: sum}
  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum}
  - {id: wishes, label: 微心愿, unit: 个, aggregate: sum}
  - {id: rate, label: 诉求办结率, unit: '%', aggregate: mean}
  - {id: satisfaction, label: 满意度, unit: ％}
  - {id: births, label: 出生率, unit: ‰}
  - {id: plain, label: 发放宣传资料, aggregate: sum}
  - {id: funds, label: 募集资金, unit: 万元, aggregate: sum}
"""

# Figures as a quarter's paper report has them, and the plain numbers they stand for.
WRITTEN_FIGURES = {
    "2026-08": ("disputes: 12 件\n  households: 1,250 户\n  visits: 3.2万人次\n  wishes: 1,025 个\n"
                "  rate: 98.5%\n  satisfaction: 97.2％\n  births: 6.2‰\n  plain: 1，250\n  funds: 3.2万元\n"),
    "2026-09": ("disputes: １２件\n  households: １，２５０　户\n  visits: 3.2 万 人次\n  wishes: 1,025个\n"
                "  rate: 98.5 ％\n  satisfaction: 97.2 %\n  births: 6.2 ‰\n  plain: 3.2万\n  funds: 3.2 万元\n"),
    "2026-10": ("disputes: 12.0件\n  households: 0.125万户\n  visits: 32,000 人次\n  wishes: １０２５\n"
                "  rate: 98％\n  satisfaction: 97.2\n  births: 6.2\n  plain: 1,250,000\n  funds: 3.2\n"),
}
PLAIN_FIGURES = {
    "2026-08": "disputes: 12\n  households: 1250\n  visits: 32000\n  wishes: 1025\n  rate: 98.5\n  satisfaction: 97.2\n  births: 6.2\n  plain: 1250\n  funds: 3.2\n",
    "2026-09": "disputes: 12\n  households: 1250\n  visits: 32000\n  wishes: 1025\n  rate: 98.5\n  satisfaction: 97.2\n  births: 6.2\n  plain: 32000\n  funds: 3.2\n",
    "2026-10": "disputes: 12.0\n  households: 1250\n  visits: 32000\n  wishes: 1025\n  rate: 98\n  satisfaction: 97.2\n  births: 6.2\n  plain: 1250000\n  funds: 3.2\n",
}


def _stats_output(make_site, tmp_path: Path, name: str, months: dict[str, str]) -> dict[str, bytes]:
    files = {f"content/stats/{month}.yaml": f"month: {month}\nfigures:\n  {figures}" for month, figures in months.items()}
    root = make_site(tmp_path / name, {"site.yaml": UNITS_SITE_YAML, **files})
    build(root, tmp_path / name / "out", TODAY, posters=False)
    stats = tmp_path / name / "out" / "stats"
    return {str(path.relative_to(stats)): path.read_bytes() for path in sorted(stats.rglob("*")) if path.is_file()}


def test_figures_written_with_their_unit_are_the_numbers(make_site, tmp_path):
    """``12 件``, ``1,250 户``, ``3.2万人次``, ``98.5%``, ``97.2％``, full-width digits and
    commas, 万 (but 3.2万元 of a metric in 万元 is 3.2), each with its metric's own unit: the
    pages, stats.csv and stats.json are those of the plain numbers. Each was an error naming
    the number to write (17 of them for a quarter typed from a paper report)."""
    written = _stats_output(make_site, tmp_path, "written", WRITTEN_FIGURES)
    plain = _stats_output(make_site, tmp_path, "plain", PLAIN_FIGURES)
    assert written.keys() == plain.keys() and {"stats.csv", "stats.json", "index.html", "2026-09/index.html"} <= written.keys()
    assert [name for name in written if written[name] != plain[name]] == []
    figures = json.loads(written["stats.json"])["figures"]
    assert {(f["month"], f["metric"], f["value"]) for f in figures if f["month"] == "2026-08"} == {
        ("2026-08", "disputes", 12), ("2026-08", "households", 1250), ("2026-08", "visits", 32000),
        ("2026-08", "wishes", 1025), ("2026-08", "rate", 98.5), ("2026-08", "satisfaction", 97.2),
        ("2026-08", "births", 6.2), ("2026-08", "plain", 1250), ("2026-08", "funds", 3.2)}


UNITS_MISTAKES = [
    # An approximation is no count: the number to write (约600户 was told only 应为一个数字).
    ("households: 约600户", "“约600户”是约数：统计数字是点算出来的确切数目，不写“约”，写成 600（如果不正好是 600，写核实后的数）"),
    ("visits: 120余人次", "“120余人次”是约数：统计数字是点算出来的确切数目，不写“余”，写成 120（如果不正好是 120，写核实后的数）"),
    ("visits: 1.1万多人次", "“1.1万多人次”是约数：统计数字是点算出来的确切数目，不写“多”，写成 11000（如果不正好是 11000，写核实后的数）"),
    ("households: 600户左右", "“600户左右”是约数：统计数字是点算出来的确切数目，不写“左右”，写成 600（如果不正好是 600，写核实后的数）"),
    # Another metric's unit: which one this metric is counted in, from site.yaml.
    ("visits: 1200千克", "单位不对：这里写的是“1200千克”，服务人次在 site.yaml 里以“人次”为单位：请填按“人次”计的数，只写数字，或数字后加“人次”"),
    ("disputes: 12 户", "单位不对：这里写的是“12 户”，化解矛盾纠纷在 site.yaml 里以“件”为单位：请填按“件”计的数，只写数字，或数字后加“件”"),
    ("visits: 98.5%", "单位不对：这里写的是“98.5%”，服务人次在 site.yaml 里以“人次”为单位：请填按“人次”计的数，只写数字，或数字后加“人次”"),
    # 3.2万 of a metric in 万元 may be 3.2 万元 or 32000 万元
    ("funds: 3.2万", "单位不对：这里写的是“3.2万”，募集资金在 site.yaml 里以“万元”为单位：请填按“万元”计的数，只写数字，或数字后加“万元”"),
    ("rate: 98.5‰", "单位不对：这里写的是“98.5‰”，诉求办结率在 site.yaml 里以“%”为单位：请填按“%”计的数，只写数字，或数字后加“%”"),
    ("plain: 1250份", "发放宣传资料在 site.yaml 里没有写单位（unit），这里写的是“1250份”：只写数字，写成 1250；"
                      "要带单位写，先在 site.yaml 的这个指标里加上 unit: 份"),
    # Text in quotes is text, as before; and commas that are no thousands separators.
    # Each told what is wrong with it: the quotes (it said 不带单位、引号和逗号 of any text), the
    # comma's place and the two numbers it may have meant.
    ('visits: "1250"', "应为一个数字，这里写的是文字“1250”：只写数字，不带引号，写成 1250"),
    ("visits: 12,50", "“12,50” 里的逗号不在千位上（千位逗号后面总是三位数字，如 1,250）：是 1250 就写 1250，"
                      "是 12.50 就写 12.50（小数用点，不用逗号）"),
]


@pytest.mark.parametrize("figure, expected", UNITS_MISTAKES)
def test_a_figure_written_approximately_or_in_another_unit_is_one_clear_error(make_site, run_cli, tmp_path, figure, expected):
    root = make_site(tmp_path, {"site.yaml": UNITS_SITE_YAML, "content/stats/2026-10.yaml": f"month: 2026-10\nfigures:\n  {figure}\n"})
    code, _, err = run_cli("check", root, "--today", "2026-11-22")
    lines = [line for line in err.splitlines() if line.startswith("content/")]
    metric = figure.split(":")[0]
    assert code == 1 and lines == [f"content/stats/2026-10.yaml:3: figures.{metric}: {expected}"], err


def test_a_figure_in_another_unit_is_explained_in_english_too(make_site, run_cli, tmp_path):
    root = make_site(tmp_path, {"site.yaml": UNITS_SITE_YAML,
                                "content/stats/2026-10.yaml": "month: 2026-10\nfigures:\n  disputes: 12 户\n  households: 约600户\n"})
    code, _, err = run_cli("check", root, "--today", "2026-11-22", "--lang", "en")
    lines = [line for line in err.splitlines() if line.startswith("content/")]
    assert code == 1 and lines == [
        "content/stats/2026-10.yaml:3: figures.disputes: wrong unit: this is '12 户', and 化解矛盾纠纷 is counted in '件' "
        "(site.yaml): write the number in 件, alone or followed by '件'",
        "content/stats/2026-10.yaml:4: figures.households: '约600户' is an approximation: a figure is a count, exact, "
        "without '约': write 600 (or the checked number if it is not exactly 600)",
    ], err


def test_a_blank_figure_is_a_gap_not_an_error(make_site, run_cli, tmp_path):
    root = make_site(tmp_path, {"site.yaml": SITE_YAML, "content/stats/2026-10.yaml": "month: 2026-10\nfigures:\n  visits:\n  peak: 3\n"})
    code, _, err = run_cli("check", root, "--today", "2026-11-22")
    assert code == 0, err


# --- pure helpers -----------------------------------------------------------------------------

@pytest.mark.parametrize("rule, values, expected", [
    ("sum", [1, None, 2], 3),
    ("last", [5, 7, None], 7),  # the latest month *with a figure*
    ("max", [None, 3, 9, 4], 9),
    ("mean", [2, None, 4], 3),  # gaps are left out, not counted as zero
    ("sum", [None, None], None),
])
def test_aggregate_rules(rule, values, expected):
    assert aggregate(rule, values) == expected


def test_number_formats():
    assert number_text(5704) == "5704" and number_text(3.25) in ("3.2", "3.3") and number_text(None) == "—"
    assert percent_text(99.99) == "99%"  # a target is not "100%" until it is reached
    assert percent_text(-20.0, signed=True) == "-20%"


def test_a_target_is_not_missed_before_its_month_or_year_is_over(tmp_path):
    """Mid-month the figure is still growing: "未达成" waits for the month (or the year) to end."""
    site_yaml = ("title: 测试社区公告栏\nbase_url: https://example.org/test/\ncommunity:\n  name: 测试社区\n"
                 "metrics:\n  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum, target: {monthly: 2500}}\n"
                 "  - {id: volunteers, label: 注册志愿者, unit: 人, aggregate: last, target: {yearly: 600}}\n")
    root = make_site_files(tmp_path, {"site.yaml": site_yaml,
                                      "content/stats/2025-12.yaml": "month: 2025-12\nfigures:\n  visits: 800\n  volunteers: 570\n",
                                      "content/stats/2026-11.yaml": "month: 2026-11\nfigures:\n  visits: 800\n  volunteers: 570\n",
                                      "content/stats/2026-12.yaml": "month: 2026-12\nfigures:\n  visits: 800\n  volunteers: 570\n"})
    out = tmp_path / "out"
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--no-posters", "--today", "2026-12-03")
    assert code == 0, stderr
    december = (out / "stats/2026-12/index.html").read_text(encoding="utf-8")
    assert "完成 32%" in december and "未达成" not in december  # this month and this year go on
    assert "未达成" in (out / "stats/2026-11/index.html").read_text(encoding="utf-8")  # November is over
    last_december = (out / "stats/2025-12/index.html").read_text(encoding="utf-8")
    assert last_december.count("未达成") == 2  # the month and the year 2025 are over
    assert "未达成" in (out / "stats/2025/index.html").read_text(encoding="utf-8")
    assert "未达成" not in (out / "stats/2026/index.html").read_text(encoding="utf-8")


ENDED_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum, target: {yearly: 1000}}
  - {id: wishes, label: 解决微心愿, unit: 个, aggregate: sum, target: {monthly: 10}}
  - {id: rate, label: 诉求办结率, unit: '%', aggregate: mean, target: {monthly: 95}}
"""


@pytest.fixture(scope="module")
def ended_year(tmp_path_factory) -> tuple[Path, Path, str]:
    """2025's figures stop in October (November and December never written) and it is March
    2026: (the site, its output, what the build told)."""
    root = tmp_path_factory.mktemp("ended") / "site"
    files = {"site.yaml": ENDED_SITE_YAML}
    files |= {f"content/stats/2025-{m:02}.yaml": month_file(f"2025-{m:02}", {"visits": 90, "wishes": 12, "rate": 96.5})
              for m in range(1, 11)}
    files |= {f"content/stats/2026-{m:02}.yaml": month_file(f"2026-{m:02}", {"visits": 90, "wishes": 12, "rate": 96.5})
              for m in (1, 2)}
    make_site_files(root.parent, files)
    out = root.parent / "out"
    code, _, stderr = run_cli_in_process("build", root, "--out", out, "--no-posters", "--today", "2026-03-01")
    assert code == 0, stderr
    return root, out, stderr


def test_a_year_over_whose_figures_stop_before_december_is_judged_on_the_months_there_are(ended_year):
    """The year's page of 2025 said "1000 人次，完成 90%" and no more, even in 2026 (a verdict
    waited for a December that was never written): a staff member and a resident could not
    tell whether the year's target was reached. It is judged on January to October now, and
    says so where a missing month might have changed it."""
    _, out, _ = ended_year
    rows = {row[0]: row[4] for row in table_rows(one(page(out, "/stats/2025/"), "table"))[1:]}
    assert rows == {
        "服务人次": "1000 人次，完成 90%，按1月–10月数据：未达成；缺11月、12月数据",  # 900: two months might have made it
        "解决微心愿": "120 个（每月 10 × 12 个月），完成 100%，已达成",  # 120 by October: reached whatever came after
        "诉求办结率": "95%，按1月–10月数据：已达成（高出 1.5 个百分点）；缺11月、12月数据",  # a mean may still fall
    }
    # 2026 goes on: no verdict but the settled one, and nothing missing yet.
    rows = {row[0]: row[4] for row in table_rows(one(page(out, "/stats/2026/"), "table"))[1:]}
    assert rows == {"服务人次": "1000 人次，完成 18%", "解决微心愿": "120 个（每月 10 × 12 个月），完成 20%",
                    "诉求办结率": "95%，高出 1.5 个百分点"}


def test_stats_json_carries_each_years_verdict_and_its_basis(ended_year):
    """stats.json had a year's figure and target, and a program reading it had to decide again
    whether the year was over and whether the target was reached (and by the rules of
    a sum, a mean, a ceiling). It carries the verdict the year's page shows, with its basis."""
    _, out, _ = ended_year
    data = json.loads((out / "stats" / "stats.json").read_text(encoding="utf-8"))
    assert "as_of" not in data  # the build's day would change the file every day (next_change)
    verdicts = {(y["year"], y["metric"]): y["verdict"] for y in data["years"]}
    partial = {"year_over": True, "from": "2025-01", "to": "2025-10", "missing": ["2025-11", "2025-12"]}
    assert verdicts[(2025, "visits")] == {"status": "not_reached", **partial, "partial": True}
    assert verdicts[(2025, "wishes")] == {"status": "reached", **partial, "partial": False}
    assert verdicts[(2025, "rate")] == {"status": "reached", **partial, "partial": True}
    going_on = {"year_over": False, "from": "2026-01", "to": "2026-02", "missing": [], "partial": False}
    assert verdicts[(2026, "visits")] == {"status": "pending", **going_on}
    assert verdicts[(2026, "rate")] == {"status": "pending", **going_on}


def test_the_build_warns_of_an_ended_year_whose_figures_stop_before_december(ended_year, run_cli):
    root, _, stderr = ended_year
    lines = [line for line in stderr.splitlines() if line.startswith("content/stats/")]
    assert lines == [
        "content/stats/2025-10.yaml:1: month: 警告: 2025年已经结束，统计只到 2025-10，缺11月、12月的文件，"
        "2025年的全年汇总和年目标只能按已有的月份算：请补上 content/stats/2025-11.yaml、content/stats/2025-12.yaml"
        "（可用 noticeboard new stats 2025-11 生成）；如果某月确实没有统计，也请建这个月的文件，figures 下的数字空着"
    ]  # 2026 goes on: its March is no missing month
    code, _, stderr = run_cli("check", root, "--today", "2026-03-01", "--lang", "en")
    assert code == 0 and "content/stats/2025-10.yaml:1: month: warning: 2025 is over but its figures stop at " \
        "2025-10, with no file for 2025-11, 2025-12: the year's totals and targets can only be worked out on the months there are. " \
        "Add content/stats/2025-11.yaml, content/stats/2025-12.yaml (noticeboard new stats 2025-11 writes one); for " \
        "a month that truly has no figures, add its file with the figures left blank" in stderr.splitlines(), stderr
    # Before the year is over its figures may well stop in October: nothing to tell.
    code, _, stderr = run_cli("check", root, "--today", "2025-12-20")
    assert code == 0 and "2025年已经结束" not in stderr, stderr


def test_months_written_with_blank_figures_are_no_longer_missing_from_the_verdict(tmp_path, run_cli):
    """The build's warning asks for the files of November and December with the figures left
    blank when there was no statistic; written so, the year's page and stats.json still said
    "按1月–10月数据…；缺11月、12月数据" (partial). A month whose file is there is one staff
    confirmed as having no figure: the verdict is on the months with figures, and whole."""
    blank = "figures:\n  visits:\n  wishes:\n  rate:\n"
    files = {"site.yaml": ENDED_SITE_YAML}
    files |= {f"content/stats/2025-{m:02}.yaml": month_file(f"2025-{m:02}", {"visits": 90, "wishes": 12, "rate": 96.5})
              for m in range(1, 11)}
    files |= {f"content/stats/2025-{m}.yaml": f"month: 2025-{m}\n{blank}" for m in (11, 12)}
    root = make_site_files(tmp_path, files)
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", root, "--out", out, "--no-posters", "--today", "2026-03-01")
    assert code == 0 and "2025年已经结束" not in stderr, stderr  # the warning asked for no more
    rows = {row[0]: row[4] for row in table_rows(one(page(out, "/stats/2025/"), "table"))[1:]}
    assert rows == {
        "服务人次": "1000 人次，完成 90%，未达成",
        "解决微心愿": "120 个（每月 10 × 12 个月），完成 100%，已达成",
        "诉求办结率": "95%，已达成（高出 1.5 个百分点）",
    }
    data = json.loads((out / "stats" / "stats.json").read_text(encoding="utf-8"))
    verdicts = {y["metric"]: y["verdict"] for y in data["years"] if y["year"] == 2025}
    whole = {"year_over": True, "from": "2025-01", "to": "2025-10", "missing": [], "partial": False}
    assert verdicts == {"visits": {"status": "not_reached", **whole}, "wishes": {"status": "reached", **whole},
                        "rate": {"status": "reached", **whole}}
    # November written blank, December not: December alone is missing, as the warning says.
    (root / "content/stats/2025-12.yaml").unlink()
    code, _, stderr = run_cli("build", root, "--out", out, "--no-posters", "--today", "2026-03-01")
    assert code == 0 and "统计只到 2025-11，缺12月的文件" in stderr, stderr
    data = json.loads((out / "stats" / "stats.json").read_text(encoding="utf-8"))
    visits = next(y["verdict"] for y in data["years"] if (y["year"], y["metric"]) == (2025, "visits"))
    assert visits == {"status": "not_reached", "year_over": True, "from": "2025-01", "to": "2025-10",
                      "missing": ["2025-12"], "partial": True}
    rows = {row[0]: row[4] for row in table_rows(one(page(out, "/stats/2025/"), "table"))[1:]}
    assert rows["服务人次"] == "1000 人次，完成 90%，按1月–10月数据：未达成；缺12月数据"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is needed (apt-get install poppler-utils)")
def test_the_years_poster_says_its_verdict_is_on_the_months_there_are(ended_year, run_cli, tmp_path):
    root, _, _ = ended_year
    code, _, stderr = run_cli("posters", root, "--only", "*stats/2025", "--out", tmp_path / "print",
                              "--today", "2026-03-01", "--cache", tmp_path / "cache")
    assert code == 0 and sorted(p.name for p in (tmp_path / "print" / "stats").iterdir()) == ["2025.pdf"], stderr
    poster = re.sub(r"\s+", "", pdf_text(tmp_path / "print" / "stats/2025.pdf", raw=True))  # a cell's lines in order
    assert "1000人次，完成90%，按1月–10月数据：未达成；缺11月、12月数据" in poster, poster
    assert "120个（每月10×12个月），完成100%，已达成" in poster and "95%，按1月–10月数据：已达成" in poster, poster


def test_a_year_of_one_month_so_far_names_that_month_once(tmp_path):
    """In January the new year has one month of figures: the index headed its column
    "2027 1月–1月", a span from a month to itself."""
    root = make_site_files(tmp_path, {"site.yaml": SITE_YAML,
                                      "content/stats/2026-12.yaml": month_file("2026-12", {"visits": 90}),
                                      "content/stats/2027-01.yaml": month_file("2027-01", {"visits": 100})})
    out = tmp_path / "out"
    build(root, out, dt.date(2027, 2, 3), posters=False)
    table = one(page(out, "/stats/"), "table", class_="stats-table")
    years = [(text(one(th, "a")), text(one(th, "span"))) for th in list(table.iter("th"))[2:4]]
    assert years == [("2026", "12月"), ("2027", "1月")]
    # The year's chart said "服务人次（2027年1月至2027年1月）" too; the month's shows the
    # months before it, from the year before.
    figure = chart(page(out, "/stats/2027/"), "服务人次")
    assert text(one(figure, "figcaption")) == "服务人次（2027年1月）"
    assert text(one(figure, "p", class_="chart-desc")).startswith("2027年1月的服务人次，单位：人次。")
    assert text(one(chart(page(out, "/stats/2027-01/"), "服务人次"), "figcaption")) == "服务人次（2026年12月至2027年1月）"


def test_a_summed_metric_with_a_monthly_target_has_it_times_its_months_as_the_years_target(built):
    """The year's page showed 年目标 "—" for service visits, whose target is 100 a month: a
    community worker reads that as 1200 a year, counted from the metric's first month (the
    site's first year began in June: 7 months), and the page says how it was worked out."""
    def targets(year: str) -> dict[str, str]:
        return {row[0]: row[4] for row in table_rows(one(page(built, f"/stats/{year}/"), "table"))[1:]}

    assert targets("2025")["服务人次"] == "700 人次（每月 100 × 7 个月），完成 40%，未达成"  # 280 of 700; 2025 is over
    assert targets("2026")["服务人次"] == "1200 人次（每月 100 × 12 个月），完成 40%"  # 490 of 1200; it goes on
    assert targets("2026")["注册志愿者"] == "50 人，完成 110%"  # a declared yearly target, as written; it goes on
    # A mean's monthly target is the year's, reached by the year's mean; no target, no target.
    assert targets("2026")["平均办结用时"] == "不超过 10 小时，低于目标 0.2 小时"  # 9.8 so far
    assert targets("2026")["时间银行时长"] == "—"


MEAN_TARGET_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: rate, label: 诉求办结率, unit: '%', aggregate: mean, target: {monthly: 95}}
  - {id: volunteers, label: 注册志愿者, unit: 人, aggregate: last, target: {monthly: 600}}
  - {id: peak, label: 单日最高接待, unit: 人, aggregate: max, target: {monthly: 40}}
  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum, target: {monthly: 100}}
"""


def test_a_metric_averaged_over_the_year_has_its_monthly_target_as_the_years(tmp_path):
    """诉求办结率 (a mean, 95% a month) showed 年目标 "—" on the year's page and poster and had
    no target in stats.json: the year's mean reaches 95% or not, as each month does. A last
    (the year ends at its last month's count) alike, and a max; a sum as before."""
    months = {"2025-11": (94.0, 590, 38, 90), "2025-12": (95.0, 598, 41, 95),
              "2026-01": (96.5, 605, 35, 100), "2026-02": (97.5, 612, 36, 120)}
    files = {"site.yaml": MEAN_TARGET_SITE_YAML}
    files |= {f"content/stats/{month}.yaml": month_file(month, {"rate": r, "volunteers": v, "peak": p, "visits": n})
              for month, (r, v, p, n) in months.items()}
    out = tmp_path / "out"
    build(make_site_files(tmp_path, files), out, TODAY)

    def targets(year: str) -> dict[str, str]:
        return {row[0]: row[4] for row in table_rows(one(page(out, f"/stats/{year}/"), "table"))[1:]}

    # 2025 is over: (94 + 95) / 2 = 94.5, half a point short; 598 volunteers, 2 short of 600.
    assert targets("2025")["诉求办结率"] == "95%，未达成（差 0.5 个百分点）"
    assert targets("2025")["注册志愿者"] == "600 人，完成 99%，未达成"
    assert targets("2025")["单日最高接待"] == "40 人，完成 102%，已达成"  # see test_a_metric_of_its_best_month_*
    assert targets("2025")["服务人次"] == "200 人次（每月 100 × 2 个月），完成 92%，未达成"
    # 2026 goes on: (96.5 + 97.5) / 2 = 97, 2 points above so far; 612 above 600 so far. Both
    # may still fall under their target before December: not met yet.
    assert targets("2026")["诉求办结率"] == "95%，高出 2 个百分点"
    assert targets("2026")["注册志愿者"] == "600 人，完成 102%"

    data = json.loads((out / "stats" / "stats.json").read_text(encoding="utf-8"))
    years = {(y["year"], y["metric"]): y for y in data["years"]}
    assert (years[(2025, "rate")]["target"], years[(2025, "rate")]["target_months"]) == (95, None)
    assert (years[(2026, "volunteers")]["target"], years[(2026, "volunteers")]["target_months"]) == (600, None)
    assert (years[(2026, "peak")]["target"], years[(2026, "peak")]["target_months"]) == (40, None)
    assert (years[(2026, "visits")]["target"], years[(2026, "visits")]["target_months"]) == (1200, 12)

    if shutil.which("pdftotext"):  # the year's poster says what its page says
        poster = re.sub(r"\s+", "", pdf_text(out / "posters" / "stats/2025.pdf"))
        assert "95%，未达成（差0.5个百分点）" in poster and "600人，完成99%，未达成" in poster, poster


MAX_TARGET_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: peak, label: 最高单日服务人次, unit: 人次, aggregate: max, target: {monthly: 40}}
  - {id: longest, label: 最长办结用时, unit: 小时, aggregate: max, target: {monthly: 48}, higher_is_better: false}
"""


def test_a_metric_of_its_best_month_holds_the_years_best_month_against_the_monthly_target(tmp_path):
    """最高单日服务人次 (aggregate: max, 40 a month) showed 年目标 "—" on the year's page and
    poster and had no target in stats.json, where a mean or last holds the year against its
    monthly target. The year's figure of a max is one month's figure, so the monthly target is
    the year's, as for those: the best day of the year reached 40 or not; a longest wait
    (lower is better) of at most 48 hours is met when no month of the year went over it."""
    months = {"2025-11": (38, 30), "2025-12": (41, 52), "2026-01": (35, 20), "2026-02": (36, 44)}
    files = {"site.yaml": MAX_TARGET_SITE_YAML}
    files |= {f"content/stats/{month}.yaml": month_file(month, {"peak": p, "longest": h}) for month, (p, h) in months.items()}
    out = tmp_path / "out"
    build(make_site_files(tmp_path, files), out, TODAY)

    def targets(year: str) -> dict[str, str]:
        return {row[0]: row[4] for row in table_rows(one(page(out, f"/stats/{year}/"), "table"))[1:]}

    # 2025 is over: its best month 41 of 40; its longest 52 hours, over 48.
    assert targets("2025") == {"最高单日服务人次": "40 人次，完成 102%，已达成",
                               "最长办结用时": "不超过 48 小时，未达成（高于目标 4 小时）"}
    # 2026 goes on: 36 so far, not missed yet; 44 hours so far, within 48, but December may
    # still go over it: not met yet either, 4 hours below it so far.
    assert targets("2026") == {"最高单日服务人次": "40 人次，完成 90%",
                               "最长办结用时": "不超过 48 小时，低于目标 4 小时"}

    data = json.loads((out / "stats" / "stats.json").read_text(encoding="utf-8"))
    years = {(y["year"], y["metric"]): (y["value"], y["target"], y["target_months"]) for y in data["years"]}
    assert years == {(2025, "peak"): (41, 40, None), (2025, "longest"): (52, 48, None),
                     (2026, "peak"): (36, 40, None), (2026, "longest"): (44, 48, None)}

    if shutil.which("pdftotext"):  # the year's poster says what its page says
        poster = re.sub(r"\s+", "", pdf_text(out / "posters" / "stats/2025.pdf", raw=True))  # a cell's lines in order
        assert "40人次，完成102%，已达成" in poster and "不超过48小时，未达成（高于目标4小时）" in poster, poster


CEILING_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: complaints, label: 投诉件数, unit: 件, aggregate: sum, target: {monthly: 2, yearly: 5}, higher_is_better: false}
  - {id: longest, label: 最长办结用时, unit: 小时, aggregate: max, target: {monthly: 48}, higher_is_better: false}
  - {id: hours, label: 平均办结用时, unit: 小时, aggregate: mean, target: {monthly: 10}, higher_is_better: false}
"""


def test_a_count_over_its_ceiling_has_missed_it_before_the_month_or_year_is_over(tmp_path):
    """投诉件数 (at most 2 a month, 5 a year) at 3 in November, while November goes on, and 7
    in the year by then read "不超过 2 件" and "不超过 5 件", as if they might still be met: a
    count added up only grows, so a ceiling it went over is missed for good, as a longest wait
    (max) over 48 hours is. A mean (平均办结用时) may still come down: not judged yet."""
    months = {"2026-01": (4, 30, 8), "2026-11": (3, 50, 14)}
    files = {"site.yaml": CEILING_SITE_YAML}
    files |= {f"content/stats/{month}.yaml": month_file(month, {"complaints": c, "longest": l, "hours": h})
              for month, (c, l, h) in months.items()}
    out = tmp_path / "out"
    build(make_site_files(tmp_path, files), out, TODAY, posters=False)
    november = cards(out, "2026-11")
    assert november["投诉件数"]["月目标"] == "不超过 2 件，未达成（高于目标 1 件）"
    assert november["投诉件数"]["年目标"] == "不超过 5 件，未达成（高于目标 2 件）"  # 4 + 3 = 7
    assert november["最长办结用时"]["月目标"] == "不超过 48 小时，未达成（高于目标 2 小时）"
    assert november["平均办结用时"]["月目标"] == "不超过 10 小时，高于目标 4 小时"  # 14, so far
    targets = {row[0]: row[4] for row in table_rows(one(page(out, "/stats/2026/"), "table"))[1:]}
    assert targets == {"投诉件数": "不超过 5 件，未达成（高于目标 2 件）", "最长办结用时": "不超过 48 小时，未达成（高于目标 2 小时）",
                       "平均办结用时": "不超过 10 小时，高于目标 1 小时"}  # (8 + 14) / 2 = 11: over, so far


COUNT_CEILING_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: complaints, label: 投诉件数, unit: 件, aggregate: sum, target: {monthly: 5}, higher_is_better: false}
  - {id: hours, label: 平均办结用时, unit: 小时, aggregate: mean, target: {monthly: 10}, higher_is_better: false}
  - {id: accidents, label: 安全事故, unit: 起, aggregate: sum, target: {monthly: 0}, higher_is_better: false}
  - {id: fires, label: 火灾发生率, unit: ‰, target: {monthly: 0}, higher_is_better: false}
"""


@pytest.mark.parametrize("language, expected", [
    ("zh-Hans", {"2025-12": ["不超过 5 件，已达成（低于目标 1 件）", "不超过 10 小时，已达成（低于目标 1.5 小时）", "0 起，已达成", "0‰，已达成"],
                 "2026-10": ["不超过 5 件，未达成（高于目标 2 件）", "不超过 10 小时，已达成", "0 起，未达成", "0‰，未达成"],
                 "2026-11": ["不超过 5 件，未达成（高于目标 1 件）", "不超过 10 小时，高于目标 2 小时", "0 起", "0‰，高于目标 0.2‰"],
                 "2025": ["不超过 5 件（每月 5 × 1 个月），已达成（低于目标 1 件）", "不超过 10 小时，已达成（低于目标 1.5 小时）",
                          "0 起，已达成", "0‰，已达成"],
                 "2026": ["不超过 60 件（每月 5 × 12 个月），低于目标 47 件", "不超过 10 小时，高于目标 1 小时",
                          "0 起，未达成", "0‰，高于目标 0.3‰"]}),
    ("zh-Hant", {"2025-12": ["不超過 5 件，已達成（低於目標 1 件）", "不超過 10 小时，已達成（低於目標 1.5 小时）", "0 起，已達成", "0‰，已達成"],
                 "2026-10": ["不超過 5 件，未達成（高於目標 2 件）", "不超過 10 小时，已達成", "0 起，未達成", "0‰，未達成"],
                 "2026-11": ["不超過 5 件，未達成（高於目標 1 件）", "不超過 10 小时，高於目標 2 小时", "0 起", "0‰，高於目標 0.2‰"],
                 "2025": ["不超過 5 件（每月 5 × 1 個月），已達成（低於目標 1 件）", "不超過 10 小时，已達成（低於目標 1.5 小时）",
                          "0 起，已達成", "0‰，已達成"],
                 "2026": ["不超過 60 件（每月 5 × 12 個月），低於目標 47 件", "不超過 10 小时，高於目標 1 小时",
                          "0 起，未達成", "0‰，高於目標 0.3‰"]}),
    ("en", {"2025-12": ["at most 5 件, Target met (1 件 below)", "at most 10 小时, Target met (1.5 小时 below)",
                        "0 起, Target met", "0‰, Target met"],
            "2026-10": ["at most 5 件, Target not met (2 件 over)", "at most 10 小时, Target met", "0 起, Target not met",
                        "0‰, Target not met"],
            "2026-11": ["at most 5 件, Target not met (1 件 over)", "at most 10 小时, 2 小时 over", "0 起",
                        "0‰, 0.2‰ over"],
            "2025": ["at most 5 件 (5 a month × 1), Target met (1 件 below)", "at most 10 小时, Target met (1.5 小时 below)",
                     "0 起, Target met", "0‰, Target met"],
            "2026": ["at most 60 件 (5 a month × 12), 47 件 below", "at most 10 小时, 1 小时 over",
                     "0 起, Target not met", "0‰, 0.3‰ over"]}),
])
def test_a_lower_is_better_counts_target_says_how_far_below_or_over_it_is(tmp_path, language, expected):
    """投诉件数 (at most 5 a month) said only "不超过 5 件，未达成", where a lower-is-better share
    says by how much ("高于目标 0.5 个百分点") and a higher-is-better count how far it got
    ("完成 92%"): it says so many 件 below the ceiling or over it, in the metric's unit. A target
    met exactly (10 小时 in October) says no "0 小时". A ceiling of 0 (安全事故 0 起, a 火灾发生率
    of 0‰) says no margin after 未达成: it is the figure itself, shown beside it; a mean still
    going on (November's 0.2‰) says how far over it is so far, as any ceiling's. A count under
    its ceiling while the month or year goes on is not met yet (November's 0 起, 2026's 13 of
    60 件): it may still go over (test_a_count_under_its_ceiling_is_not_met_before_the_*)."""
    months = {"2025-12": (4, 8.5, 0, 0), "2026-10": (7, 10, 2, 0.4), "2026-11": (6, 12, 0, 0.2)}
    files = {"site.yaml": COUNT_CEILING_SITE_YAML + f"language: {language}\n"}
    files |= {f"content/stats/{month}.yaml": month_file(month, {"complaints": c, "hours": h, "accidents": a, "fires": f})
              for month, (c, h, a, f) in months.items()}
    out = tmp_path / "out"
    build(make_site_files(tmp_path, files), out, TODAY, posters=language == "zh-Hans")
    labels = ["投诉件数", "平均办结用时", "安全事故", "火灾发生率"]
    for month in months:
        found = {}
        for section in page(out, f"/stats/{month}/").iter("section", class_="stat-card"):
            found[text(one(section, "h2"))] = [text(value) for value in children(one(section, "dl"))[1::2]]
        assert [found[label][-1] for label in labels] == expected[month], month
    for year in ("2025", "2026"):
        rows = {row[0]: row[4] for row in table_rows(one(page(out, f"/stats/{year}/"), "table"))[1:]}
        assert [rows[label] for label in labels] == expected[year], year
    if language == "zh-Hans":  # the posters say what the pages say
        printed = parse((out / "posters" / "stats/2026.html").read_text(encoding="utf-8"))
        assert [row[2] for row in table_rows(one(printed, "table"))[1:]] == expected["2026"]
        if shutil.which("pdftotext"):
            poster = re.sub(r"\s+", "", pdf_text(out / "posters" / "stats/2026-10.pdf", raw=True))  # a card's lines in order
            assert "不超过5件，未达成（高于目标2件）" in poster, poster


RUNNING_CEILING_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: complaints, label: 投诉件数, unit: 件, aggregate: sum, target: {monthly: 5, yearly: 50}, higher_is_better: false}
  - {id: longest, label: 最长办结用时, unit: 小时, aggregate: max, target: {monthly: 48}, higher_is_better: false}
"""


@pytest.mark.parametrize("language, expected", [
    ("zh-Hans", {"2025-12": ["不超过 5 件，已达成（低于目标 1 件）", "不超过 50 件，已达成（低于目标 46 件）", "不超过 48 小时，已达成（低于目标 8 小时）"],
                 "2026-10": ["不超过 5 件，已达成（低于目标 1 件）", "不超过 50 件，低于目标 6 件", "不超过 48 小时，已达成（低于目标 8 小时）"],
                 "2026-11": ["不超过 5 件，低于目标 2 件", "不超过 50 件，低于目标 3 件", "不超过 48 小时，低于目标 4 小时"],
                 "2025": ["不超过 50 件，已达成（低于目标 46 件）", "不超过 48 小时，已达成（低于目标 8 小时）"],
                 "2026": ["不超过 50 件，低于目标 3 件", "不超过 48 小时，低于目标 4 小时"]}),
    ("zh-Hant", {"2025-12": ["不超過 5 件，已達成（低於目標 1 件）", "不超過 50 件，已達成（低於目標 46 件）", "不超過 48 小时，已達成（低於目標 8 小时）"],
                 "2026-10": ["不超過 5 件，已達成（低於目標 1 件）", "不超過 50 件，低於目標 6 件", "不超過 48 小时，已達成（低於目標 8 小时）"],
                 "2026-11": ["不超過 5 件，低於目標 2 件", "不超過 50 件，低於目標 3 件", "不超過 48 小时，低於目標 4 小时"],
                 "2025": ["不超過 50 件，已達成（低於目標 46 件）", "不超過 48 小时，已達成（低於目標 8 小时）"],
                 "2026": ["不超過 50 件，低於目標 3 件", "不超過 48 小时，低於目標 4 小时"]}),
    ("en", {"2025-12": ["at most 5 件, Target met (1 件 below)", "at most 50 件, Target met (46 件 below)",
                        "at most 48 小时, Target met (8 小时 below)"],
            "2026-10": ["at most 5 件, Target met (1 件 below)", "at most 50 件, 6 件 below", "at most 48 小时, Target met (8 小时 below)"],
            "2026-11": ["at most 5 件, 2 件 below", "at most 50 件, 3 件 below", "at most 48 小时, 4 小时 below"],
            "2025": ["at most 50 件, Target met (46 件 below)", "at most 48 小时, Target met (8 小时 below)"],
            "2026": ["at most 50 件, 3 件 below", "at most 48 小时, 4 小时 below"]}),
])
def test_a_count_under_its_ceiling_is_not_met_before_the_month_or_year_is_over(tmp_path, language, expected):
    """投诉件数 (at most 50 a year) at 47 in November read "不超过 50 件，已达成（低于目标 3 件）"
    with the year not over: a count added up only grows, and December may take it over 50, as
    a longest wait (max) may still go over 48 hours. Under its ceiling while the month or year
    goes on it says how far below it is so far ("低于目标 3 件"), as a running mean over its
    ceiling says "高于目标 2 小时"; 已达成 once the month or year is over (October's own 4 of 5,
    2025 with its December in). Over its ceiling it is 未达成 at once (see
    test_a_count_over_its_ceiling_has_missed_it_before_the_month_or_year_is_over)."""
    months = {"2025-12": (4, 40)} | {f"2026-{m:02}": (c, 30 + m) for m, c in enumerate([5, 4, 5, 4, 5, 4, 5, 4, 4, 4], 1)}
    months["2026-11"] = (3, 44)  # November goes on (today is the 22nd): 44 + 3 = 47 in the year, 44 hours its worst
    files = {"site.yaml": RUNNING_CEILING_SITE_YAML + f"language: {language}\n"}
    files |= {f"content/stats/{month}.yaml": month_file(month, {"complaints": c, "longest": l})
              for month, (c, l) in months.items()}
    out = tmp_path / "out"
    build(make_site_files(tmp_path, files), out, TODAY, posters=language == "zh-Hans")
    for month in ("2025-12", "2026-10", "2026-11"):
        found = {}
        for section in page(out, f"/stats/{month}/").iter("section", class_="stat-card"):
            found[text(one(section, "h2"))] = [text(value) for value in children(one(section, "dl"))[1::2]]
        # 投诉件数's monthly and yearly targets are its last two facts; 最长办结用时 has a monthly one
        assert found["投诉件数"][-2:] + found["最长办结用时"][-1:] == expected[month], month
    for year in ("2025", "2026"):
        rows = {row[0]: row[4] for row in table_rows(one(page(out, f"/stats/{year}/"), "table"))[1:]}
        assert [rows["投诉件数"], rows["最长办结用时"]] == expected[year], year
    data = json.loads((out / "stats" / "stats.json").read_text(encoding="utf-8"))
    years = {(y["year"], y["metric"]): (y["value"], y["target"]) for y in data["years"]}
    assert years[(2026, "complaints")] == (47, 50) and years[(2026, "longest")] == (44, 48)  # figures, no verdict
    if language == "zh-Hans":  # the posters say what the pages say
        printed = parse((out / "posters" / "stats/2026.html").read_text(encoding="utf-8"))
        assert [row[2] for row in table_rows(one(printed, "table"))[1:]] == expected["2026"]
        if shutil.which("pdftotext"):
            poster = re.sub(r"\s+", "", pdf_text(out / "posters" / "stats/2026.pdf", raw=True))  # a cell's lines in order
            assert "不超过50件，低于目标3件" in poster and "不超过48小时，低于目标4小时" in poster, poster
            assert "已达成" not in poster, poster
            poster = re.sub(r"\s+", "", pdf_text(out / "posters" / "stats/2025.pdf", raw=True))
            assert "不超过50件，已达成（低于目标46件）" in poster, poster
            poster = re.sub(r"\s+", "", pdf_text(out / "posters" / "stats/2026-11.pdf", raw=True))  # a card's lines in order
            assert "不超过5件，低于目标2件" in poster and "不超过50件，低于目标3件" in poster, poster
            assert "已达成" not in poster, poster


ZERO_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: accidents, label: 安全事故, unit: 起, aggregate: sum, target: {monthly: 0}, higher_is_better: false}
  - {id: fires, label: 火灾, unit: 起, aggregate: sum, target: {yearly: 0}, higher_is_better: false}
"""


def test_a_target_of_none_at_all_reads_as_zero(tmp_path):
    """安全事故 with a target of 0 a month read "不超过 0 起（每月 0 × 12 个月）": nothing can be
    under 0, and none a month is none a year, whatever the months. It reads "0 起"."""
    months = {"2025-11": (0, 0), "2025-12": (0, 0), "2026-01": (1, 0), "2026-03": (0, 0)}
    files = {"site.yaml": ZERO_SITE_YAML}
    files |= {f"content/stats/{month}.yaml": month_file(month, {"accidents": a, "fires": f}) for month, (a, f) in months.items()}
    out = tmp_path / "out"
    build(make_site_files(tmp_path, files), out, TODAY, posters=False)

    def targets(year: str) -> dict[str, str]:
        return {row[0]: row[4] for row in table_rows(one(page(out, f"/stats/{year}/"), "table"))[1:]}

    assert targets("2025") == {"安全事故": "0 起，已达成", "火灾": "0 起，已达成"}
    # One in January: missed for good (a sum only grows); none so far: not met yet, one in
    # December would miss it, and there is no margin to tell below a ceiling of 0.
    assert targets("2026") == {"安全事故": "0 起，未达成", "火灾": "0 起"}
    assert cards(out, "2026-01")["安全事故"]["月目标"] == "0 起，未达成"
    assert cards(out, "2026-03")["安全事故"]["月目标"] == "0 起，已达成"
    assert cards(out, "2026-03")["火灾"]["年目标"] == "0 起"  # the year goes on
    description = text(one(chart(page(out, "/stats/2026/"), "安全事故"), "p", class_="chart-desc"))
    assert "目标线：0 起。" in description, description
    assert "目标线：0 起" in [text(t) for t in chart(page(out, "/stats/2026/"), "安全事故").iter("text")]
    data = json.loads((out / "stats" / "stats.json").read_text(encoding="utf-8"))
    years = {(y["year"], y["metric"]): (y["target"], y["target_months"]) for y in data["years"]}
    assert years[(2025, "accidents")] == years[(2026, "accidents")] == (0, None)


# --- percentages ------------------------------------------------------------------------------

PERCENT_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum}
  - {id: satisfaction, label: 居民满意度, unit: '%', target: {yearly: 95}}
  - {id: closed, label: 诉求办结率, unit: ％}
  - {id: ontime, label: 按时办结率, unit: 百分比}
  - {id: births, label: 人口出生率, unit: ‰}
"""

# 满意度's year is the months' mean (config: a percentage without a rule is averaged):
# (96 + 97.2 + 98.8) / 3 = 97.333…, shown 97.3, 2.3 points above its target of 95%; 出生率 in ‰
# is averaged too: (6.5 + 6.2 + 6.2) / 3 = 6.3. 诉求办结率 90.53 in June is 90.5 as written to
# one decimal, as May's 90.5: no change a reader could see.
PERCENT_DATA: dict[str, dict[str, object]] = {
    "2025-06": {"visits": 11760, "satisfaction": 95},
    "2026-04": {"visits": 900, "satisfaction": 96, "closed": 90, "ontime": 89, "births": 6.5},
    "2026-05": {"visits": 1000, "satisfaction": 97.2, "closed": 90.5, "ontime": 88, "births": 6.2},
    "2026-06": {"visits": 950, "satisfaction": 98.8, "closed": 90.53, "ontime": 85, "births": 6.2},
}


def percent_site(tmp_path: Path, language: str = "zh-Hans") -> Path:
    files = {"site.yaml": PERCENT_SITE_YAML + f"language: {language}\n"}
    files |= {f"content/stats/{month}.yaml": month_file(month, figures) for month, figures in PERCENT_DATA.items()}
    return make_site_files(tmp_path, files)


@pytest.fixture(scope="module")
def percent_built(tmp_path_factory) -> Path:
    """The percentages' site, posters printed: the month's and the year's report too."""
    tmp = tmp_path_factory.mktemp("percent")
    out = tmp / "public"
    build(percent_site(tmp), out, TODAY, cache_dir=tmp / "cache")
    return out


def test_a_percentage_is_written_against_its_sign_and_a_word_unit_after_a_space(percent_built):
    """满意度 read "98.8 %": Chinese and English both write 98.8%, 3‰, with no space, while
    a unit that is a word keeps the space the project writes it with (950 人次, as 岷江路 88 号)."""
    june = cards(percent_built, "2026-06")
    assert june["居民满意度"]["value"] == "98.8%"
    assert june["居民满意度"]["本年月平均"] == "97.3%（2026年1月、2026年2月、2026年3月无数据，未计入）"
    assert june["诉求办结率"]["value"] == "90.5％"  # the full-width sign as staff wrote it
    assert june["按时办结率"]["value"] == "85%"  # 百分比 is the sign written out: not "85 百分比"
    assert june["人口出生率"]["value"] == "6.2‰"
    assert june["服务人次"]["value"] == "950 人次"
    assert june["人口出生率"]["较上月"] == "持平"
    assert cards(percent_built, "2026-05")["人口出生率"]["较上月"] == "下降 0.3‰"  # see test_a_per_mille_rate_*
    description = text(one(chart(page(percent_built, "/stats/2026-06/"), "居民满意度"), "p", class_="chart-desc"))
    assert "最新：2026年6月 98.8%；最高：2026年6月 98.8%；最低：2026年4月 96%。" in description
    totals = {row[0]: row[1] for row in table_rows(one(page(percent_built, "/stats/2026/"), "table"))[1:]}
    assert totals["居民满意度"] == "97.3%" and totals["服务人次"] == "2850 人次" and totals["人口出生率"] == "6.3‰"
    home = {text(one(li, "span")): text(li) for li in one(page(percent_built, "/"), "ul", class_="figures").iter("li")}
    assert home["居民满意度"] == "98.8%居民满意度" and home["服务人次"] == "950 人次服务人次"


def test_a_percentages_change_is_told_in_percentage_points(percent_built):
    """满意度 from 97.2% to 98.8% read "增加 1.6 %（+1.6%）": a change of a percentage in %
    and a percentage of it side by side. It is 1.6 percentage points (个百分点); other metrics
    keep their change with its percentage."""
    june = cards(percent_built, "2026-06")
    assert june["居民满意度"]["较上月"] == "上升 1.6 个百分点"
    assert june["居民满意度"]["去年同月"] == "95%，同比上升 3.8 个百分点"
    assert june["按时办结率"]["较上月"] == "下降 3 个百分点"
    assert cards(percent_built, "2026-05")["按时办结率"]["较上月"] == "下降 1 个百分点"
    assert june["服务人次"]["较上月"] == "减少 50 人次（-5%）"
    assert june["服务人次"]["去年同月"] == "11760 人次，同比减少 10810 人次（-91.9%）"


def test_a_change_too_small_to_show_is_no_change(percent_built):
    """诉求办结率 90.53% in June after 90.5% in May is shown 90.5% both months (one decimal):
    "上升 0 个百分点" told of a change no figure shows."""
    assert cards(percent_built, "2026-06")["诉求办结率"]["较上月"] == "持平"


def test_a_per_mille_rate_is_averaged_over_the_year_and_its_change_told_in_per_mille(percent_built):
    """出生率 in ‰ was no percentage: summed over the year by default (6.5‰ + 6.2‰ + 6.2‰ =
    18.9‰) and its change read "减少 0.3‰（-4.6%）", a percentage of the rate beside its change.
    It is averaged as a percentage is, and its change is "下降 0.3‰", as Chinese reports write
    a ‰ rate's change (config.PER_MILLE_UNITS)."""
    may, june = cards(percent_built, "2026-05"), cards(percent_built, "2026-06")
    assert may["人口出生率"]["较上月"] == "下降 0.3‰"
    assert june["人口出生率"]["本年月平均"].startswith("6.3‰")
    totals = {row[0]: row[1:] for row in table_rows(one(page(percent_built, "/stats/2026/"), "table"))[1:]}
    assert totals["人口出生率"][:2] == ["6.3‰", "各月平均"]


def test_a_percentages_target_is_reached_or_missed_by_percentage_points(percent_built):
    """满意度 97.3% for the year so far, against a target of 95%, read "95%，完成 102%": a
    percentage of a percentage. It says by how many points it is above the target; whether it
    is reached once the year is over (2026 goes on: the year's mean may still fall under 95%)."""
    assert cards(percent_built, "2026-06")["居民满意度"]["年目标"] == "95%，高出 2.3 个百分点"
    targets = {row[0]: row[4] for row in table_rows(one(page(percent_built, "/stats/2026/"), "table"))[1:]}
    assert targets["居民满意度"] == "95%，高出 2.3 个百分点"


TARGET_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: satisfaction, label: 居民满意度, unit: '%', target: {monthly: 95, yearly: 95}}
  - {id: births, label: 人口出生率, unit: ‰, target: {monthly: 6}}
  - {id: visits, label: 服务人次, unit: 人次, aggregate: sum, target: {monthly: 100}}
"""


@pytest.mark.parametrize("language, expected", [
    ("zh-Hans", {"2025-12": ["95%，未达成（差 1 个百分点）", "95%，未达成（差 1 个百分点）", "6‰，已达成（高出 0.5‰）"],
                 "2026-10": ["95%，已达成（高出 3.8 个百分点）", "95%，高出 3.8 个百分点", "6‰，已达成"],
                 "2026-11": ["95%，差 1.2 个百分点", "95%，高出 1.3 个百分点", "6‰，差 0.3‰"],
                 "2025": "95%，未达成（差 1 个百分点）", "2026": "95%，高出 1.3 个百分点",
                 "visits": "100 人次，完成 80%，未达成"}),
    ("zh-Hant", {"2025-12": ["95%，未達成（差 1 個百分點）", "95%，未達成（差 1 個百分點）", "6‰，已達成（高出 0.5‰）"],
                 "2026-10": ["95%，已達成（高出 3.8 個百分點）", "95%，高出 3.8 個百分點", "6‰，已達成"],
                 "2026-11": ["95%，差 1.2 個百分點", "95%，高出 1.3 個百分點", "6‰，差 0.3‰"],
                 "2025": "95%，未達成（差 1 個百分點）", "2026": "95%，高出 1.3 個百分點",
                 "visits": "100 人次，完成 80%，未達成"}),
    ("en", {"2025-12": ["95%, Target not met (1 percentage point short)", "95%, Target not met (1 percentage point short)",
                        "6‰, Target met (0.5‰ above)"],
            "2026-10": ["95%, Target met (3.8 percentage points above)", "95%, 3.8 percentage points above",
                        "6‰, Target met"],
            "2026-11": ["95%, 1.2 percentage points short", "95%, 1.3 percentage points above", "6‰, 0.3‰ short"],
            "2025": "95%, Target not met (1 percentage point short)", "2026": "95%, 1.3 percentage points above",
            "visits": "100 人次, achieved 80%, Target not met"}),
])
def test_a_shares_target_is_told_in_points_in_each_language_and_other_targets_as_before(tmp_path, language, expected):
    """A month over (2025-12, 2026-10) is met or missed; November goes on (today is in it), so
    it is short by so many points, not missed yet; a year's mean is measured alike, and 2026's
    above its target is not met yet either (it may still fall under it). A target met exactly
    says no "0" points. 服务人次 keeps 完成 n%."""
    months = {"2025-12": (94, 6.5, 80), "2026-10": (98.8, 6, 100), "2026-11": (93.8, 5.7, 50)}
    files = {"site.yaml": TARGET_SITE_YAML + f"language: {language}\n"}
    files |= {f"content/stats/{month}.yaml": month_file(month, {"satisfaction": s, "births": b, "visits": v})
              for month, (s, b, v) in months.items()}
    out = tmp_path / "out"
    build(make_site_files(tmp_path, files), out, TODAY, posters=False)
    for month in months:
        found = {}
        for section in page(out, f"/stats/{month}/").iter("section", class_="stat-card"):
            found[text(one(section, "h2"))] = [text(value) for value in children(one(section, "dl"))[1::2]]
        # the monthly target, then the yearly one (satisfaction); the monthly one (births)
        assert found["居民满意度"][-2:] + found["人口出生率"][-1:] == expected[month], month
        if month == "2025-12":  # a count keeps its progress
            assert found["服务人次"][-1] == expected["visits"]
    for year in ("2025", "2026"):
        rows = {row[0]: row[4] for row in table_rows(one(page(out, f"/stats/{year}/"), "table"))[1:]}
        assert rows["居民满意度"] == expected[year], year


LOWER_SHARE_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community: {name: 测试社区}
metrics:
  - {id: complaints, label: 投诉率, unit: '%', target: {monthly: 2}, higher_is_better: false}
  - {id: fires, label: 火灾发生率, unit: ‰, target: {monthly: 1}, higher_is_better: false}
"""


@pytest.mark.parametrize("language, expected", [
    ("zh-Hans", {"2025-12": ["不超过 2%，已达成（低于目标 0.3 个百分点）", "不超过 1‰，已达成（低于目标 0.2‰）"],
                 "2026-10": ["不超过 2%，未达成（高于目标 0.6 个百分点）", "不超过 1‰，已达成"],
                 "2026-11": ["不超过 2%，高于目标 0.4 个百分点", "不超过 1‰，高于目标 0.6‰"],
                 "2025": ["不超过 2%，已达成（低于目标 0.3 个百分点）", "不超过 1‰，已达成（低于目标 0.2‰）"],
                 "2026": ["不超过 2%，高于目标 0.5 个百分点", "不超过 1‰，高于目标 0.3‰"]}),
    ("zh-Hant", {"2025-12": ["不超過 2%，已達成（低於目標 0.3 個百分點）", "不超過 1‰，已達成（低於目標 0.2‰）"],
                 "2026-10": ["不超過 2%，未達成（高於目標 0.6 個百分點）", "不超過 1‰，已達成"],
                 "2026-11": ["不超過 2%，高於目標 0.4 個百分點", "不超過 1‰，高於目標 0.6‰"],
                 "2025": ["不超過 2%，已達成（低於目標 0.3 個百分點）", "不超過 1‰，已達成（低於目標 0.2‰）"],
                 "2026": ["不超過 2%，高於目標 0.5 個百分點", "不超過 1‰，高於目標 0.3‰"]}),
    ("en", {"2025-12": ["at most 2%, Target met (0.3 percentage points below)", "at most 1‰, Target met (0.2‰ below)"],
            "2026-10": ["at most 2%, Target not met (0.6 percentage points over)", "at most 1‰, Target met"],
            "2026-11": ["at most 2%, 0.4 percentage points over", "at most 1‰, 0.6‰ over"],
            "2025": ["at most 2%, Target met (0.3 percentage points below)", "at most 1‰, Target met (0.2‰ below)"],
            "2026": ["at most 2%, 0.5 percentage points over", "at most 1‰, 0.3‰ over"]}),
])
def test_a_lower_is_better_shares_target_is_told_in_points_below_or_over_it(tmp_path, language, expected):
    """投诉率 (at most 2% a month) said only "不超过 2%，未达成" where a higher-is-better share
    says by how many points ("差 1 个百分点"): a report wants how far below the ceiling (good)
    or over it (not). A month over (2025-12, 2026-10) is met or missed; November goes on (today
    is in it): over the ceiling so far, not missed yet; the year's mean alike (2026: (2.6 +
    2.4) / 2 = 2.5%). A target met exactly (1‰ in October) says no "0" points."""
    months = {"2025-12": (1.7, 0.8), "2026-10": (2.6, 1.0), "2026-11": (2.4, 1.6)}
    files = {"site.yaml": LOWER_SHARE_SITE_YAML + f"language: {language}\n"}
    files |= {f"content/stats/{month}.yaml": month_file(month, {"complaints": c, "fires": f})
              for month, (c, f) in months.items()}
    out = tmp_path / "out"
    build(make_site_files(tmp_path, files), out, TODAY, posters=language == "zh-Hans")
    for month in months:
        found = {}
        for section in page(out, f"/stats/{month}/").iter("section", class_="stat-card"):
            found[text(one(section, "h2"))] = [text(value) for value in children(one(section, "dl"))[1::2]]
        assert [found["投诉率"][-1], found["火灾发生率"][-1]] == expected[month], month
    for year in ("2025", "2026"):
        rows = {row[0]: row[4] for row in table_rows(one(page(out, f"/stats/{year}/"), "table"))[1:]}
        assert [rows["投诉率"], rows["火灾发生率"]] == expected[year], year
    if language == "zh-Hans":  # the year's poster says what its page says
        printed = parse((out / "posters" / "stats/2025.html").read_text(encoding="utf-8"))
        assert [row[2] for row in table_rows(one(printed, "table"))[1:]] == expected["2025"]
        if shutil.which("pdftotext"):  # the cell wraps in two lines on the sheet, read apart
            poster = re.sub(r"\s+", "", pdf_text(out / "posters" / "stats/2025.pdf"))
            assert "2%，已达成（低于目标0.3个" in poster and "1‰，已达成（低于目标" in poster, poster


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is needed (apt-get install poppler-utils)")
def test_the_reports_posters_write_percentages_and_points_as_the_pages(percent_built):
    month = pdf_text(percent_built / "posters" / "stats/2026-06.pdf")
    assert "98.8%" in month and "98.8 %" not in month, month
    assert "上升1.6个百分点" in re.sub(r"\s+", "", month) and "1.6%" not in month, month
    assert "950 人次" in month  # a word unit keeps its space on paper too
    assert "年目标：95%，高出2.3个百分点" in re.sub(r"\s+", "", month) and "完成" not in month, month  # 2026 goes on
    assert "下降0.3‰" in re.sub(r"\s+", "", pdf_text(percent_built / "posters" / "stats/2026-05.pdf"))
    year = pdf_text(percent_built / "posters" / "stats/2026.pdf")
    assert "97.3%" in year and "97.3 %" not in year, year
    assert "95%，高出2.3个百分点" in re.sub(r"\s+", "", year) and "完成" not in year, year


@pytest.mark.parametrize("language, changes", [
    ("zh-Hant", ["上升 1.6 個百分點", "95%，同比上升 3.8 個百分點", "下降 3 個百分點", "下降 1 個百分點"]),
    ("en", ["up 1.6 percentage points", "95%, year on year up 3.8 percentage points",
            "down 3 percentage points", "down 1 percentage point"]),
])
def test_percentage_points_in_traditional_chinese_and_english(tmp_path, language, changes):
    out = tmp_path / "out"
    build(percent_site(tmp_path, language), out, TODAY, posters=False)

    def facts(month: str) -> dict[str, list[str]]:
        """Each card's facts (what follows 较上月, 去年同月, …), by its heading."""
        found = {}
        for section in page(out, f"/stats/{month}/").iter("section", class_="stat-card"):
            found[text(one(section, "h2"))] = [text(value) for value in children(one(section, "dl"))[1::2]]
        return found

    june = facts("2026-06")
    assert june["居民满意度"][:2] + june["按时办结率"][:1] + facts("2026-05")["按时办结率"][:1] == changes


def test_chart_ticks_have_no_more_decimals_than_a_figure_is_written_with():
    """A chart of a rate under 4 (0.9%, 3‰) had ticks at 0.25 and 0.75, labelled 0.2 and 0.8
    (one decimal, as every figure): the axis said 0.2 where the line meant 0.25."""
    for maximum in (0.04, 0.3, 0.9, 2.2, 3.9, 97.3):
        ticks = value_ticks(maximum)
        assert all(number_text(tick) == str(tick) for tick in ticks), (maximum, ticks)
        assert ticks[-1] >= maximum
