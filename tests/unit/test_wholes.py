"""generator/wholes.py and the website's keep_whole filter: which pieces a line break must
not cut in two, and that keeping them whole changes no text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from generator.themes import _NOT_KEPT_WHOLE, _kept_whole
from generator.wholes import RANGE_MAX, each_run, in_text, whole_pieces


def pieces(text: str) -> list[str]:
    return re.findall(r"\[(.*?)\]", whole_pieces(text, lambda piece: f"[{piece}]"))


@pytest.mark.parametrize("text, expected", [
    ("上午8：00至11：30停水", ["上午8：00至11：30"]),
    ("8：00-9：30", ["8：00-9：30"]),
    ("8:00 - 9:30、8:00～9:00、8:00到9:00、8:00–9:00", ["8:00 - 9:30", "8:00～9:00", "8:00到9:00", "8:00–9:00"]),
    ("５号楼3单元12层501室", ["５号楼", "3单元", "12层", "501室"]),
    ("1-12栋、12-3-501室、12-3-501", ["1-12栋", "12-3-501室", "12-3-501"]),
    ("时间：９：１５", ["９：１５"]),
])
def test_times_and_places_are_pieces(text, expected):
    assert pieces(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("每天下午3:00、晚上 7:30、中午12：00、早上６：３０、傍晚5:00、凌晨2：00",
     ["下午3:00", "晚上 7:30", "中午12：00", "早上６：３０", "傍晚5:00", "凌晨2：00"]),
    ("上午8：00至下午6：00", ["上午8：00", "下午6：00"]),
    ("上午班、下午两点、上午 5号楼", ["下午两点", "5号楼"]),
])
def test_the_part_of_the_day_goes_with_the_time_after_it(text, expected):
    """上午 at a line's end over 8：00至11：30: a resident read the morning's hours without
    the morning, or took 8：00 for the evening."""
    assert pieces(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("电话０８３１－２２３３４４５或138０１２３４５６７", ["０８３１－２２３３４４５", "138０１２３４５６７"]),
    ("１２月、２０２６．１２．０６、１２/６、3.５", ["１２", "２０２６．１２．０６", "１２/６", "3.５"]),
    ("５０３室、６日、41场、2026-12-06、3.5", ["５０３室", "2026-12-06"]),
])
def test_a_run_of_full_width_digits_is_one_piece(text, expected):
    """A Chinese input method in full-width mode types ０８３１－２２３３４４５: a browser may
    break between any two full-width digits, as between Chinese characters. ASCII digits it
    keeps together by itself; one full-width digit has nothing to keep."""
    assert pieces(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("自2026年12月1日起，12月1号、１２月６日", ["2026年12月1日", "12月1号", "１２月６日"]),
    ("每天上午8点至下午5点，9点半集合，8点30分、3点一刻、14时", ["上午8点", "下午5点", "9点半", "8点30分", "3点一刻", "14时"]),
    ("12月1号楼、24小时、6日、2026年12月", ["1号楼"]),
    ("下午两点在活动室，九点半集合，十点一刻开始，十一点二十分结束", ["下午两点", "九点半", "十点一刻", "十一点二十分"]),
])
def test_a_day_and_a_time_told_in_hours_are_pieces(text, expected):
    """A phone read "12月" at a line's end over "1日", "上午8" over "点": a browser breaks
    between a digit and a Chinese character (and between 两 and 点 as between any two). Not a building (12月1号楼 is the place 1号楼), nor a
    duration (24小时)."""
    assert pieces(text) == expected


def test_a_range_is_one_piece_of_RANGE_MAX_characters_at_most():
    """Longer, it would take most of a 320 px line at 特大: spaced wider, it is two times."""
    longest = "12：00 —— 13：30"
    assert pieces(longest) == [longest] and len(longest) == RANGE_MAX
    assert pieces(f"上午 {longest}") == [f"上午 {longest}"]
    assert pieces("12：00  ——  13：30") == ["12：00", "13：30"]
    assert pieces("１２：００　—　１３：３０") == ["１２：００", "１３：３０"]


def test_the_filter_changes_no_text_and_leaves_links_and_struck_out_times_alone():
    html = ('<p>时间由<del>8：00</del>改为<strong>9：00</strong>，<a href="tel:08312345678">0831-2345678</a>，'
            '地点5号楼&amp;3单元</p>')
    kept = in_text(html, _kept_whole, _NOT_KEPT_WHOLE)
    assert kept == ('<p>时间由<del>8：00</del>改为<strong><span class="whole">9：00</span></strong>，'
                    '<a href="tel:08312345678">0831-2345678</a>，'
                    '地点<span class="whole">5号楼</span>&amp;<span class="whole">3单元</span></p>')
    assert re.sub(r'</?span[^>]*>', "", kept) == html


_MARKS = ["<p>", "</p>", "<strong>", "</strong>", "<br>", "<a href=\"/x/\">", "</a>", "<del>", "</del>", "<S>",
          "</s>", "<s1>", "<svg>", "</svg>", "&amp;", "&#12;", "\ue000"]
_WORDS = ["5号楼", "3单元", "12层", "8：00", "至", "11:30", " - ", "12-3-501", "三号楼", "A座", "一", "，", "x", "9", "：",
          "上午", " ", "０８", "１", "－", "．", "月", "日", "点半", "2026年"]


@given(st.lists(st.sampled_from(_MARKS + _WORDS), max_size=30))
def test_a_body_read_in_one_pass_changes_each_run_of_text_as_one_run_at_a_time_does(tokens):
    """in_text reads a body without links or struck-out text in one pass, its markup held by
    U+E000 (a fifth of the time): the same as changing each run of text on its own, skipping
    what is inside the elements named, whatever the markup around."""
    html = "".join(tokens)
    change = lambda text: whole_pieces(text, lambda piece: f"[{piece}]")  # noqa: E731
    assert in_text(html, change, _NOT_KEPT_WHOLE) == each_run(html, change, frozenset(_NOT_KEPT_WHOLE))
