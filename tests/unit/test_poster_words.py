"""What a poster that runs onto a second page tells staff to change."""

from __future__ import annotations

from generator.posters import _long_title_fix
from generator.validate import LONG_TITLE


def test_a_long_title_is_named_as_the_reason_a_poster_overflows() -> None:
    assert _long_title_fix("停水通知") is None
    fix = _long_title_fix("停" * (LONG_TITLE + 10))
    assert fix is not None and f"标题有 {LONG_TITLE + 10} 个字" in fix.zh and "shorten it" in fix.en


def test_a_numbers_in_table_cells_are_each_one_unbroken_piece_and_nothing_else_is_touched() -> None:
    """posters.whole_numbers: a phone number, an amount, a date and a time in a cell each
    become one <span class="nobr">; tags, attributes, character references, short numbers and
    text outside cells stay as they were."""
    from generator.posters import whole_numbers

    html = ('<p>电话 13812345678</p><table><thead><tr><th style="text-align: right">2026-12-05</th></tr></thead>'
            '<tbody><tr><td>王 <a href="tel:13812345678">13812345678</a> ¥1,250.00 元 08:30-11:30 '
            '&#8470;12 12月 0831-87654300</td></tr></tbody></table>')
    assert whole_numbers(html) == (
        '<p>电话 13812345678</p><table><thead><tr><th style="text-align: right"><span class="nobr">2026-12-05</span>'
        '</th></tr></thead><tbody><tr><td>王 <a href="tel:13812345678"><span class="nobr">13812345678</span></a> '
        '<span class="nobr">¥1,250.00</span> 元 <span class="nobr">08:30-11:30</span> &#8470;12 12月 '
        '<span class="nobr">0831-87654300</span></td></tr></tbody></table>')


def test_a_label_is_one_unbroken_piece_with_its_values_first_number_word_or_character() -> None:
    """posters.label_value: the label with a whole phone number, the first word of an English
    value, the first character of a Chinese one (the rest of a long address wraps); escaped."""
    from generator.posters import label_value

    assert label_value("0831-1234567", "电话：") == '<span class="nobr">电话：0831-1234567</span>'
    assert label_value("0831-1234567 / 13812345678", "Phone: ") == \
        '<span class="nobr">Phone: 0831-1234567</span> / 13812345678'
    assert label_value("青石街道锦江路 168 号", "地址：") == '<span class="nobr">地址：青</span>石街道锦江路 168 号'
    assert label_value("Room <2>", "Address: ") == '<span class="nobr">Address: Room</span> &lt;2&gt;'


def test_a_building_unit_room_or_floor_in_a_table_cell_is_one_unbroken_piece() -> None:
    """posters.whole_numbers: 1号楼2单元301室 is three pieces (a line may break between them),
    3栋, 12层, B座 and 三号楼 one each, however short; a date followed by 号 stays the date, and
    the end of a Latin word is not a building."""
    from generator.posters import whole_numbers

    assert whole_numbers("<td>1号楼2单元301室，3栋 12层 B座 三号楼 2026-12-05号 abc栋</td>") == (
        '<td><span class="nobr">1号楼</span><span class="nobr">2单元</span><span class="nobr">301室</span>，'
        '<span class="nobr">3栋</span> <span class="nobr">12层</span> <span class="nobr">B座</span> '
        '<span class="nobr">三号楼</span> <span class="nobr">2026-12-05</span>号 abc栋</td>')


def test_a_building_unit_or_room_in_a_body_is_one_unbroken_piece_outside_tables_and_tags() -> None:
    """posters.whole_places: in a paragraph or list, not in a table (whole_numbers does its cells),
    a link's address or an svg, its characters joined by word joiners (U+2060)."""
    from generator.posters import whole_places

    assert whole_places('<p>请5号楼<a href="/5号楼">301室</a></p><table><tr><td>3栋</td></tr></table>'
                        '<svg><text>3栋</text></svg><li>B座</li>') == (
        '<p>请5\u2060号\u2060楼<a href="/5号楼">3\u20600\u20601\u2060室</a></p>'
        '<table><tr><td>3栋</td></tr></table><svg><text>3栋</text></svg><li>B\u2060座</li>')


def test_a_range_of_buildings_is_one_piece_and_a_posters_head_is_left_alone() -> None:
    """posters.whole_places: 1-12栋 and 3——5号楼 are one piece each ("1-" ended a line above
    "12栋"); a date before 号 is not a range of buildings (12-05号) but one piece with its 号, as
    on the website; the <title> in the head (the PDF's name) is left alone."""
    from generator.posters import whole_places

    assert whole_places("<head><title>5号楼</title></head><p>1-12栋、3——5号楼、2026-12-05号</p>") == (
        '<head><title>5号楼</title></head><p>1\u2060-\u20601\u20602\u2060栋、'
        '3\u2060—\u2060—\u20605\u2060号\u2060楼、' + "\u2060".join("2026-12-05号") + '</p>')


def test_a_headers_words_are_whole_a_bracket_starts_one_and_a_long_phrase_may_break() -> None:
    """A column header's word stays whole (服务项目), a bracket starts a word (每月服务人次 and
    （含上门） may go on two lines), an English word is whole however long, and a Chinese phrase
    longer than HEAD_WORD_MAX is left to break: kept whole, it shrank the whole table's type."""
    from generator.posters import HEAD_WORD_MAX, whole_numbers

    def head(text: str) -> str:
        return whole_numbers(f"<table><thead><tr><th>{text}</th></tr></thead></table>").split("<th>")[1].split("</th>")[0]

    assert head("服务项目") == '<span class="nobr">服务项目</span>'
    assert head("每月服务人次（含上门）") == '<span class="nobr">每月服务人次</span><span class="nobr">（含上门）</span>'
    assert head("Telephone number") == '<span class="nobr">Telephone</span> <span class="nobr">number</span>'
    assert head("Responsibilities") == '<span class="nobr">Responsibilities</span>'
    phrase = "居家养老服务中心联系电话"
    assert len(phrase) > HEAD_WORD_MAX and head(phrase) == phrase


def test_the_part_of_the_day_is_one_unbroken_piece_with_the_time_after_it() -> None:
    """posters.whole_places: 上午 at a line's end over 8：00 (or 上 over 午8：00) printed the
    morning's hours without the morning; an ASCII time is joined with it too (8:00 alone the
    line breaker keeps whole), a day's part before no time is left alone; a range of times is one
    piece, as on the website ("8：00至" over "11：30" reads as open-ended)."""
    from generator.posters import whole_places

    J = "\u2060"
    assert whole_places("<p>上午8：00至11：30，下午 2:30，晚上开放，9:30</p>") == (
        f"<p>{J.join('上午8：00至11：30')}，{J.join('下午 2:30')}，晚上开放，9:30</p>")


def test_a_day_and_a_time_told_in_hours_are_unbroken_on_a_poster_as_on_the_website() -> None:
    """posters.whole_places joins what the website keeps whole (wholes.WHOLE): it printed "12月"
    at a line's end over "1日", "上午9" over "点半", "下午两" over "点"."""
    from generator.posters import whole_places

    J = "\u2060"
    assert whole_places("<p>12月1日上午9点半，下午两点集合</p>") == (
        f"<p>{J.join('12月1日')}{J.join('上午9点半')}，{J.join('下午两点')}集合</p>")
