"""Dates as staff write them: every accepted spelling, and a clear message for the rest."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.dates import (DateError, PartialDate, is_time_alone, lunar_label, parse_date, parse_datetime,
                             parse_month, parse_partial_date, parse_time_on)
from generator.errors import Text

SH = ZoneInfo("Asia/Shanghai")
D = dt.date(2026, 12, 1)


def at(h: int, m: int = 0, s: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, 1, h, m, s)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-12-01 09:30", at(9, 30)),
        ("2026-12-01 9:30", at(9, 30)),
        ("2026-12-01 09:30:00", at(9, 30)),
        ("2026-12-01 09:30:15", at(9, 30, 15)),
        ("  2026-12-01   09:30 ", at(9, 30)),
        ("2026/12/01 09:30", at(9, 30)),
        ("2026-12-01T09:30", at(9, 30)),
        ("2026-12-01T09:30:00+08:00", at(9, 30)),
        ("2026-12-01T09:30:00.250+08:00", at(9, 30)),
        ("2026-12-01T01:30:00Z", at(9, 30)),
        ("2026-12-01T01:30:00+0000", at(9, 30)),
        ("2026-11-30T20:30:00-05:00", at(9, 30)),
        ("2026-12-01 09:30:00+08:00", at(9, 30)),
        ("2026年12月1日 9:30", at(9, 30)),
        ("2026年12月1日9:30", at(9, 30)),
        ("2026年12月1日9时30分", at(9, 30)),
        ("2026年12月1日 9时", at(9)),
        ("2026年12月1日 9点30", at(9, 30)),
        ("2026年12月1日 9点整", at(9)),
        ("2026年12月1日 上午9:30", at(9, 30)),
        ("2026年12月1日 早上8点", at(8)),
        ("2026年12月1日 下午3点", at(15)),
        ("2026年12月1日 下午3:30", at(15, 30)),
        ("2026年12月1日 下午12:30", at(12, 30)),
        ("2026年12月1日 下午15:00", at(15)),
        ("2026年12月1日 晚上7点半", at(19, 30)),
        ("2026年12月1日 晚7点", at(19)),  # as notices shorten 晚上 and 早上
        ("2026年12月1日晚7:30", at(19, 30)),
        ("2026年12月1日 早8点半", at(8, 30)),
        ("2026年12月1日 中午12:00", at(12)),
        ("2026年12月1日 中午1点", at(13)),
        ("2026年12月1日 凌晨12点", at(0)),
        ("2026-12-01 下午3点", at(15)),
        ("2026-12-01 9:30 PM", at(21, 30)),
        ("2026-12-01 12:15 am", at(0, 15)),
        ("２０２６－１２－０１ ０９：３０", at(9, 30)),
        ("２０２６年１２月１日　９：３０", at(9, 30)),
        ("2026–12–01 09:30", at(9, 30)),  # en dashes from a word processor
        ("2026年12月1日（星期二）下午3点", at(15)),
        ("2026年12月1日(周二) 9:30", at(9, 30)),
        ("2026-12-01 周二 09:30", at(9, 30)),
    ],
)
def test_datetime_forms(value, expected):
    assert parse_datetime(value, SH) == (expected, True)


@pytest.mark.parametrize(
    "value",
    ["2026-12-01", "2026-12-1", "2026/12/01", "2026.12.01", "2026年12月1日", "2026年12月01日",
     "2026年12月1号", "20261201", 20261201, "２０２６－１２－０１", "2026年12月1日（星期二）"],
)
def test_date_forms(value):
    assert parse_date(value) == D
    assert parse_datetime(value, SH) == (at(0), False)


def test_date_objects():
    assert parse_date(D) == D
    assert parse_date(at(9, 30)) == D
    assert parse_datetime(D, SH) == (at(0), False)
    assert parse_datetime(at(9, 30), SH) == (at(9, 30), True)
    aware = dt.datetime(2026, 12, 1, 1, 30, tzinfo=dt.timezone.utc)
    assert parse_datetime(aware, SH) == (at(9, 30), True)


def test_parse_date_accepts_and_drops_a_time():
    assert parse_date("2026-12-01 09:30") == D
    assert parse_date("2026年12月1日 下午3点") == D
    with pytest.raises(DateError):
        parse_date("2026-12-01 25:00")


def test_offset_converts_to_site_timezone():
    ny = ZoneInfo("America/New_York")
    assert parse_datetime("2026-12-01T09:30:00+08:00", ny) == (dt.datetime(2026, 11, 30, 20, 30), True)
    assert parse_datetime("2026-12-01 09:30", ny) == (at(9, 30), True)  # no offset: already local


@pytest.mark.parametrize(
    "value, expected",
    [("2026-10", dt.date(2026, 10, 1)), ("2026-1", dt.date(2026, 1, 1)), ("2026/10", dt.date(2026, 10, 1)),
     ("2026.10", dt.date(2026, 10, 1)), ("2026年10月", dt.date(2026, 10, 1)), ("2026年10月份", dt.date(2026, 10, 1)),
     ("２０２６年１０月", dt.date(2026, 10, 1)), ("202610", dt.date(2026, 10, 1)), (202610, dt.date(2026, 10, 1)),
     (dt.date(2026, 10, 15), dt.date(2026, 10, 1)), (dt.datetime(2026, 10, 3, 8), dt.date(2026, 10, 1))],
)
def test_month_forms(value, expected):
    assert parse_month(value) == expected


def error(fn, *args) -> Text:
    with pytest.raises(DateError) as info:
        fn(*args)
    text = info.value.text
    assert isinstance(text, Text) and text.zh and text.en
    assert isinstance(info.value, ValueError)
    return text


@pytest.mark.parametrize(("value", "zh", "en"), [
    ("2026-11-31", '"2026-11-31" 不是有效日期，2026年11月只有 30 天：是 2026-11-30 还是 2026-12-01？请改成要的那一天',
     '"2026-11-31" is not a valid date: 2026-11 has only 30 days. Did you mean 2026-11-30 or 2026-12-01? Write the day you meant'),
    ("2026年11月31日 下午两点", '"2026年11月31日 下午两点" 不是有效日期，2026年11月只有 30 天：是 2026年11月30日 还是 2026年12月1日？'
     "请改成要的那一天（时间照写）",
     '"2026年11月31日 下午两点" is not a valid date: 2026-11 has only 30 days. Did you mean 2026年11月30日 or 2026年12月1日? '
     "Write the day you meant (keep the time)"),
    ("2027年2月29日", '"2027年2月29日" 不是有效日期，2027年2月只有 28 天：是 2027年2月28日 还是 2027年3月1日？请改成要的那一天', None),
])
def test_a_day_past_its_month_end_names_both_days_staff_may_have_meant(value, zh, en):
    """11月31日: the last day of November or the first of December, as written (2026-12-01
    alone, the format example, read as the correction)."""
    text = error(parse_datetime, value, SH)
    assert text.zh == zh
    assert en is None or text.en == en


def test_design_example_message():
    text = error(parse_datetime, "2026-13-01", SH)
    assert text.zh == '"2026-13-01" 不是有效日期，应为 2026-12-01 或 2026-12-01 09:30'
    assert text.en == '"2026-13-01" is not a valid date; write it as 2026-12-01 or 2026-12-01 09:30'


@pytest.mark.parametrize(
    "value, zh_part",
    [
        ("2026-02-30", "2026年2月只有 28 天"),
        ("2028-02-30", "2028年2月只有 29 天"),
        ("2026-04-31", "2026年4月只有 30 天"),
        ("2026-12-00", "不是有效日期"),
        ("2026-12-01 25:00", "小时应为 0 到 23"),
        ("2026-12-01 24:00", "24:00 是一天的结束，也就是第二天的 0:00，请写成 2026-12-02 00:00"),
        ("2026-12-01 24:30", "小时应为 0 到 23，不是 24"),
        ("2026-12-01 09:60", "分钟应为 0 到 59"),
        ("2026-12-01 09:30:61", "秒应为 0 到 59"),
        ("2026年12月1日 上午15点", "“上午”不会有 15 点"),
        ("2026年12月1日 晚上12点", "第二天的 00:00"),
        ("2026-12-01 13:00 PM", "1 到 12"),
        ("2026年12月1日（星期三）", "2026年12月1日是星期二"),
        ("2026-12-01 09:30-11:30", "时间段"),
        ("2026-12-01 9:30~11:30", "时间段"),
        ("2026年12月1日 下午3点到5点", "时间段"),
        ("2026-12", "缺少日"),
        ("2026", "缺少月和日"),
        (2026, "缺少月和日"),
        ("0026-12-01", "年份 0026 看起来写错了"),
        ("2026-12-0109:30", "不是有效日期"),
        ("明天", "是相对今天的说法"),
        ("", "是空的"),
        ("   ", "是空的"),
        (None, "是空的"),
        (True, "true"),
        (False, "false"),
        ([D, D], "列表"),
        ({"a": 1}, "键值"),
        (2026.12, "小数"),
        (12345, "不是有效日期"),
    ],
)
def test_bad_datetimes(value, zh_part):
    text = error(parse_datetime, value, SH)
    assert zh_part in text.zh
    if isinstance(value, str) and value.strip():
        assert f'"{" ".join(value.split())}"' in text.zh  # the value as written, quoted


def test_fullwidth_value_is_shown_as_written():
    text = error(parse_date, "２０２６－１３－０１")
    assert text.zh.startswith('"２０２６－１３－０１" 不是有效日期')


def test_parse_date_hint_shows_chinese_form():
    assert "2026年12月1日" in error(parse_date, "12/01/2026").zh


def test_long_values_are_shortened():
    text = error(parse_date, "x" * 200)
    assert len(text.zh) < 100 and "…" in text.zh


@pytest.mark.parametrize(
    "value, zh_part",
    [("2026-13", "月份只有 1 到 12"), ("2026-00", "月份只有 1 到 12"), ("2026", "缺少月份"), (2026, "缺少月份"),
     ("2026-10-01", "这里只写年和月"), (20261001, "这里只写年和月"), (2026.1, "小数"), ("十月", "不是有效月份"),
     (None, "是空的"), (["2026-10"], "列表"), (True, "true"), ("1826-10", "年份 1826")],
)
def test_bad_months(value, zh_part):
    assert zh_part in error(parse_month, value).zh



@pytest.mark.parametrize(("value", "fix"), [
    (2026.12, "应为 2026-12（2026年12月）"),  # was 应为 2026-10 或 2026年10月 for a December file
    (2026.05, "应为 2026-05（2026年5月）"),
    (2026.1, "应为 2026-01（2026年1月） 或 2026-10（2026年10月）"),  # 2026.10 reads as 2026.1
])
def test_a_month_written_as_a_decimal_names_that_month(value, fix):
    assert error(parse_month, value).zh.endswith(fix)


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1.5e20, 2026.0])
def test_a_decimal_that_is_no_year_and_month_is_told_the_usual_form(value):
    """YAML reads .inf, .nan and 1.5e+20 as numbers too: their repr has no digits after a dot
    to name a month by, and reading them so was a ValueError (a traceback), not a message."""
    assert error(parse_month, value).zh.endswith("应为 2026-10 或 2026年10月")

# ---- properties -------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
times = st.times().map(lambda t: t.replace(microsecond=0))

FORMS = [
    lambda d, t: f"{d:%Y-%m-%d} {t:%H:%M:%S}",
    lambda d, t: f"{d:%Y/%m/%d} {t.hour}:{t:%M:%S}",
    lambda d, t: f"{d:%Y-%m-%d}T{t:%H:%M:%S}+08:00",
    lambda d, t: f"{d.year}年{d.month}月{d.day}日 {t.hour}:{t:%M:%S}",
    lambda d, t: f"{d.year}年{d.month}月{d.day}日{t.hour}时{t.minute}分{t.second}秒",
]


PLUS8 = ZoneInfo("Etc/GMT-8")  # a fixed +08:00; Asia/Shanghai had LMT before 1901 and summer time 1986-91


@given(dates, times, st.sampled_from(FORMS))
def test_roundtrip_datetime(d, t, form):
    assert parse_datetime(form(d, t), PLUS8) == (dt.datetime.combine(d, t), True)


@given(dates, times)
def test_roundtrip_fullwidth(d, t):
    text = f"{d:%Y-%m-%d} {t:%H:%M}"
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)
    assert parse_datetime(wide, SH) == parse_datetime(text, SH)


@given(dates)
def test_roundtrip_date(d):
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.year}年{d.month}月{d.day}日") == d
    assert parse_date(int(d.strftime("%Y%m%d"))) == d
    assert parse_month(f"{d.year}-{d.month}") == d.replace(day=1)


@given(dates, st.integers(1, 12), st.sampled_from(["上午", "下午", "晚上", "早上"]))
def test_twelve_hour_periods(d, hour, period):
    if period == "晚上" and hour == 12:
        return
    got, has_time = parse_datetime(f"{d.year}年{d.month}月{d.day}日 {period}{hour}点", SH)
    pm = period in ("下午", "晚上")
    assert has_time and got.date() == d
    assert got.hour == (hour if hour == 12 or not pm else hour + 12)


@given(st.text(max_size=30))
def test_anything_else_is_a_date_error(text):
    """Arbitrary text either parses or raises DateError with both languages; nothing else."""
    try:
        parse_datetime(text, SH)
        parse_month(text) if text else None
    except DateError as err:
        assert err.text.zh and err.text.en


@pytest.mark.parametrize(("value", "expected"), [
    ("11:30", dt.datetime(2026, 12, 6, 11, 30)),
    ("下午3点", dt.datetime(2026, 12, 6, 15, 0)),
    ("下午4点半", dt.datetime(2026, 12, 6, 16, 30)),
    ("１７：００", dt.datetime(2026, 12, 6, 17, 0)),
    ("9:30 PM", dt.datetime(2026, 12, 6, 21, 30)),
    ("晚9点", dt.datetime(2026, 12, 6, 21, 0)),
])
def test_a_time_alone_is_on_the_given_day(value, expected):
    assert is_time_alone(value)
    assert parse_time_on(value, dt.date(2026, 12, 6), ZoneInfo("Asia/Shanghai")) == expected


@pytest.mark.parametrize("value", ["2026-12-06 11:30", "2026年12月6日", "12月6日 11:30", "", 1130, "明天"])
def test_dates_are_not_times_alone(value):
    assert not is_time_alone(value)


def test_a_wrong_time_alone_is_told_as_written():
    with pytest.raises(DateError) as error:
        parse_time_on("25:00", dt.date(2026, 12, 6), ZoneInfo("Asia/Shanghai"))
    assert '"25:00"' in error.value.text.zh and "不是 25" in error.value.text.zh


@pytest.mark.parametrize("value", ["2026-12-31 24:00", "2026年12月31日 24:00", "２０２６－１２－３１　２４：００",
                                   "2026-12-31T24:00:00+08:00", "2026-12-31 24点"])
def test_an_end_at_24_00_is_the_next_days_midnight(value):
    """Notices write 20:00-24:00: as an end, 24:00 is the end of that day."""
    assert parse_datetime(value, SH, end=True) == (dt.datetime(2027, 1, 1), True)


@pytest.mark.parametrize("value", ["24:00", "２４：００", "24点"])
def test_an_end_time_alone_at_24_00_ends_the_start_day(value):
    assert is_time_alone(value)
    assert parse_time_on(value, dt.date(2026, 12, 31), SH) == dt.datetime(2027, 1, 1)


@pytest.mark.parametrize("value", ["晚上12点", "夜里12点", "晚12点"])
def test_an_end_at_twelve_at_night_is_24_00(value):
    """"晚上12点" ends the evening it is written on, as 24:00 does; as a start it stays an error."""
    assert parse_time_on(value, dt.date(2026, 12, 31), SH) == dt.datetime(2027, 1, 1)
    assert parse_datetime(f"2026-12-31 {value}", SH, end=True) == (dt.datetime(2027, 1, 1), True)
    assert "第二天的 00:00" in error(parse_datetime, f"2026-12-31 {value}", SH).zh


def test_a_start_at_24_00_is_told_to_be_the_next_days_00_00():
    text = error(parse_datetime, "2026-12-31 24:00", SH)
    assert text.zh == '"2026-12-31 24:00" 不是有效时间，24:00 是一天的结束，也就是第二天的 0:00，请写成 2027-01-01 00:00'
    assert text.en == '"2026-12-31 24:00" is not a valid time: 24:00 is the end of the day, the next day\'s 0:00: write 2027-01-01 00:00'


@pytest.mark.parametrize("value", ["24:30", "24:00:01", "下午24点"])
def test_an_end_is_24_00_at_the_latest(value):
    with pytest.raises(DateError) as raised:
        parse_time_on(value, dt.date(2026, 12, 31), SH)
    assert f'"{value}" 不是有效时间' in raised.value.text.zh
    with pytest.raises(DateError):
        parse_datetime(f"2026-12-31 {value}", SH, end=True)


def test_a_time_after_24_00_says_to_write_the_next_day():
    with pytest.raises(DateError) as raised:
        parse_time_on("24:30", dt.date(2026, 12, 31), SH)
    assert raised.value.text.zh == '"24:30" 不是有效时间，一天最晚到 24:00，过了午夜请写上第二天的日期，如 2027-01-01 00:30'


@pytest.mark.parametrize("value", ["12月20日", "12-20", "12/20 9:30", "１２月２０号"])
def test_a_date_without_its_year_says_so(value):
    with pytest.raises(DateError) as error:
        parse_date(value)
    assert "缺少年份" in error.value.text.zh


@pytest.mark.parametrize(("value", "fix"), [
    # typed from a paper notice on 2026-12-05: the line to write, with the year of the nearest such day
    ("12月11日（周五）9:00", "如 2026年12月11日（周五）9:00"),
    ("12月11日 9:00", "如 2026年12月11日 9:00（星期五）"),
    ("1月3日 下午3点", "如 2027年1月3日 下午3点（星期日）"),  # next month, not last January
    ("12月4日", "如 2026年12月4日（星期五）"),  # a notice's date of yesterday, not next year's
    ("12-11 9:00", "如 2026-12-11 9:00（星期五）"),
    ("12/11", "如 2026/12/11（星期五）"),
    ("2月29日", "如 2028年2月29日（星期二）"),
])
def test_a_date_without_its_year_names_the_line_to_write(value, fix):
    """It said only 缺少年份 and 应为 2026-12-01: the lunar date's message names the day, this did not."""
    text = error(parse_datetime, value, SH, False, dt.date(2026, 12, 5))
    assert text.zh == f'"{value}" 缺少年份，请把年份写上，{fix}'
    assert "has no year; write it with its year, e.g. " in text.en


def test_a_date_without_its_year_and_a_wrong_weekday_says_both():
    text = error(parse_datetime, "12月5日（周五）9:00", SH, False, dt.date(2026, 12, 5))
    assert text.zh == '"12月5日（周五）9:00" 缺少年份，而且星期对不上：2026年12月5日是星期六，不是周五：请核对日期，写上年份，如 2026年12月5日'


@pytest.mark.parametrize(("value", "start", "end"), [
    # as posters and reports write an activity's time: told as the two lines to write
    # the writer's full-width brackets kept: the line proposed is theirs with the end taken out
    ("2026年12月11日（周五）9:00—11:30", "2026年12月11日（周五）9:00", "11:30"),
    ("12月11日（周五）9:00—11:30", "2026年12月11日（周五）9:00", "11:30"),  # with the year it lacks
    ("12月11日（周五）上午9:00—11:30", "2026年12月11日（周五）上午9:00", "上午11:30"),
    ("2026年12月11日(周五)9:00—11:30", "2026年12月11日(周五)9:00", "11:30"),  # half-width as written
    ("2027年1月1日 14:00-16:00", "2027年1月1日 14:00", "16:00"),
    ("2026-12-16 下午2:30—5:30", "2026-12-16 下午2:30", "下午5:30"),  # 5:30 in the afternoon, not the morning
    ("2026年12月16日 上午9点至下午5点", "2026年12月16日 上午9点", "下午5点"),
])
def test_a_time_range_as_a_start_names_the_start_and_end_lines(value, start, end):
    """It said only 开始和结束请分开写（如活动的 start 和 end）: which lines, with which values, was left
    to guess (and 下午2:30—5:30 split by hand ends at 5:30 in the morning)."""
    text = error(parse_datetime, value, SH, False, dt.date(2026, 12, 5))
    assert text.zh == f'"{value}" 是一个时间段，这里只写开始时间，结束时间另起一行写在 end 里：写成 start: {start} 和 end: {end} 两行'
    assert f"write start: {start} and end: {end} as two lines" in text.en
    begins, _ = parse_datetime(start, SH)  # the lines proposed are taken, the end after the start
    assert parse_time_on(end, begins.date(), SH) > begins


# ---- lunar (农历) dates ------------------------------------------------------------------
# Known days checked against lunar_python and, independently, the borax and lunardate tables
# and ICU (Intl.DateTimeFormat "zh-u-ca-chinese"), which agree on all but 2027-02-06 and
# 2027-02-20: there ICU is a day late, the new moon falling minutes before midnight in Beijing.

WINTER = dt.date(2026, 12, 5)  # the day a yearless lunar date's message counts from


@pytest.mark.parametrize(("value", "expected", "label"), [
    ("农历2027年正月初一", dt.datetime(2027, 2, 6), "正月初一"),  # 春节
    ("2027年正月十五", dt.datetime(2027, 2, 20), "正月十五"),  # 元宵
    ("农历2026年八月十五", dt.datetime(2026, 9, 25), "八月十五"),  # 中秋
    ("2026年腊月初八", dt.datetime(2027, 1, 15), "腊月初八"),  # 腊八: the lunar year 2026's 腊月 is in 2027
    ("农历2026年九月初九", dt.datetime(2026, 10, 18), "九月初九"),  # 重阳
    ("农历2025年闰六月初一", dt.datetime(2025, 7, 25), "闰六月初一"),
    ("农历2026年十二月二十三", dt.datetime(2027, 1, 30), "腊月廿三"),  # 小年 (north)
    ("二〇二六年冬月初一", dt.datetime(2026, 12, 9), "冬月初一"),
    ("２０２７年正月十五", dt.datetime(2027, 2, 20), "正月十五"),
    # 农历 after the year, as often written: the same date; 八月十五 is lunar here too
    ("2027年农历正月十五", dt.datetime(2027, 2, 20), "正月十五"),
    ("2026年 农历八月十五", dt.datetime(2026, 9, 25), "八月十五"),
    ("二〇二六年阴历腊月初八", dt.datetime(2027, 1, 15), "腊月初八"),
])
def test_lunar_dates(value, expected, label):
    assert parse_datetime(value, SH) == (expected, False)
    assert parse_date(value) == expected.date()
    assert lunar_label(value) == label


@pytest.mark.parametrize(("value", "expected"), [
    ("农历2027年正月十五 19:00", dt.datetime(2027, 2, 20, 19)),
    ("2026年腊月初八 上午9点", dt.datetime(2027, 1, 15, 9)),
    ("农历2026年八月十五 晚上7点半", dt.datetime(2026, 9, 25, 19, 30)),
    ("2027年正月十五（星期六）19:00", dt.datetime(2027, 2, 20, 19)),
    ("2026年农历冬月十八 上午9点半", dt.datetime(2026, 12, 26, 9, 30)),
])
def test_lunar_dates_with_a_time(value, expected):
    assert parse_datetime(value, SH) == (expected, True)


@pytest.mark.parametrize("value", ["2027-02-20", "2026年12月1日", "2026年12月1日 下午3点", D, 20261201, None])
def test_gregorian_dates_have_no_lunar_label(value):
    assert lunar_label(value) == ""


@pytest.mark.parametrize(("value", "zh", "en"), [
    ("农历正月十五 19:00",
     '"农历正月十五 19:00" 缺少年份，请把年份写上：下一个农历正月十五是 2027年2月20日，应为 农历2027年正月十五 19:00 或 2027-02-20 19:00',
     '"农历正月十五 19:00" has no year: the next 农历正月十五 (lunar calendar) is 2027-02-20; '
     "write 农历2027年正月十五 19:00 or 2027-02-20 19:00"),
    ("腊月初八 上午9点",
     '"腊月初八 上午9点" 缺少年份，请把年份写上：下一个农历腊月初八是 2027年1月15日，应为 农历2026年腊月初八 上午9点 或 2027-01-15 上午9点',
     '"腊月初八 上午9点" has no year: the next 农历腊月初八 (lunar calendar) is 2027-01-15; '
     "write 农历2026年腊月初八 上午9点 or 2027-01-15 上午9点"),
    ("2026年腊月三十",
     '"2026年腊月三十" 不是有效日期，农历2026年腊月只有 29 天，应为 农历2026年腊月廿九（2027年2月5日）或 2027-02-05',
     '"2026年腊月三十" is not a valid date: 腊月 of the lunar year 2026 has only 29 days; '
     "write 农历2026年腊月廿九 (2027-02-05) or 2027-02-05"),
    ("农历2026年闰六月初一",
     '"农历2026年闰六月初一" 不是有效日期，农历2026年没有闰月，应为 农历2026年六月初一（2026年7月14日）或 2026-07-14',
     '"农历2026年闰六月初一" is not a valid date: the lunar year 2026 has no leap month; '
     "write 农历2026年六月初一 (2026-07-14) or 2026-07-14"),
    ("农历2025年闰五月初一",
     '"农历2025年闰五月初一" 不是有效日期，农历2025年闰的是六月，没有闰五月，应为 农历2025年五月初一（2025年5月27日）或 2025-05-27',
     '"农历2025年闰五月初一" is not a valid date: the lunar year 2025 has a leap month after month 6, not after month 5; '
     "write 农历2025年五月初一 (2025-05-27) or 2025-05-27"),
    ("八月十五",
     '"八月十五" 看不出是农历还是公历：农历请写成 农历八月十五，公历请写成 2026年8月15日',
     '"八月十五" could be a lunar or a Gregorian date: write 农历八月十五 for the lunar calendar, or 2026-08-15 for the Gregorian one'),
    ("2026年十二月二十",
     '"2026年十二月二十" 看不出是农历还是公历：农历请写成 农历2026年腊月二十，公历请写成 2026年12月20日',
     '"2026年十二月二十" could be a lunar or a Gregorian date: write 农历2026年腊月二十 for the lunar calendar, '
     "or 2026-12-20 for the Gregorian one"),
])
def test_wrong_lunar_dates_say_the_nearest_valid_date(value, zh, en):
    with pytest.raises(DateError) as raised:
        parse_datetime(value, SH, today=WINTER)
    assert (raised.value.text.zh, raised.value.text.en) == (zh, en)


def test_a_yearless_lunar_date_names_the_next_year_that_has_it():
    """腊月三十 (除夕) is missing from years whose 腊月 has 29 days: the next one is named."""
    with pytest.raises(DateError) as raised:
        parse_datetime("腊月三十", SH, today=WINTER)
    assert "下一个农历腊月三十是 2030年2月2日，应为 农历2029年腊月三十 或 2030-02-02" in raised.value.text.zh


def test_wrong_weekday_of_a_lunar_date():
    assert "2027年2月20日是星期六，不是星期日" in error(parse_datetime, "2027年正月十五（星期日）", SH).zh


# ---- hours in Chinese numerals ------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    # as staff type a time from a paper notice: the hour in Chinese numerals
    ("2026-12-01 下午两点", at(14)),
    ("2026-12-01 上午九点半", at(9, 30)),
    ("2026-12-01 晚上七点一刻", at(19, 15)),
    ("2026-12-01 下午三点三刻", at(15, 45)),
    ("2026年12月1日 上午十点", at(10)),
    ("2026年12月1日上午十一点", at(11)),
    ("2026年12月1日 中午十二点", at(12)),
    ("2026年12月1日 晚上八点整", at(20)),
    ("2026年12月1日 上午九点十五分", at(9, 15)),
    ("2026年12月1日 下午两点零五分", at(14, 5)),
    ("2026年12月1日 下午二点三十分", at(14, 30)),
    ("2026年12月1日 十四时三十分", at(14, 30)),
    ("2026年12月1日 9点一刻", at(9, 15)),  # a quarter after an hour in digits too
    ("2026年12月1日 凌晨零点", at(0)),
])
def test_hours_in_chinese_numerals(value, expected):
    """下午2点 was taken and 下午两点 refused: the same time, as a paper notice writes it."""
    assert parse_datetime(value, SH) == (expected, True)


@pytest.mark.parametrize(("value", "expected"), [
    ("下午四点半", dt.datetime(2026, 12, 6, 16, 30)),
    ("晚上九点", dt.datetime(2026, 12, 6, 21, 0)),
    ("十一点一刻", dt.datetime(2026, 12, 6, 11, 15)),
])
def test_an_end_time_alone_in_chinese_numerals(value, expected):
    assert is_time_alone(value)
    assert parse_time_on(value, dt.date(2026, 12, 6), SH) == expected


def test_a_lunar_date_with_an_hour_in_chinese_numerals():
    assert parse_datetime("2026年腊月初八 上午九点", SH) == (dt.datetime(2027, 1, 15, 9), True)


@pytest.mark.parametrize(("value", "zh_part"), [
    ("2026-12-01 上午十五点", "“上午”不会有 15 点"),  # checked as 上午15点 is
    ("2026-12-01 下午两点七十分", "分钟应为 0 到 59，不是 70"),
])
def test_wrong_hours_in_chinese_numerals_are_told_as_written(value, zh_part):
    text = error(parse_datetime, value, SH)
    assert f'"{value}"' in text.zh and zh_part in text.zh


# ---- dates said relative to today ---------------------------------------------------------

SUNDAY = dt.date(2026, 11, 22)  # tests/conftest.py's TODAY, a Sunday


@pytest.mark.parametrize(("value", "fix"), [
    ("明年3月1日", "2027-03-01（星期一）"),
    ("今年12月6日 上午9点", "2026-12-06 上午9点（星期日）"),
    ("今天", "2026-11-22（星期日）"),
    ("明天 14:00", "2026-11-23 14:00（星期一）"),
    ("后天", "2026-11-24（星期二）"),
    ("大后天下午3点", "2026-11-25 下午3点（星期三）"),
    ("下周三", "2026-11-25（星期三）"),  # the week after this one, which ends today
    ("下星期五 下午两点", "2026-11-27 下午2点（星期五）"),
    ("本周日", "2026-11-22（星期日）"),  # today: the last day of this week
    ("这个星期天", "2026-11-22（星期日）"),
    ("下个月5号", "2026-12-05（星期六）"),
])
def test_a_date_said_relative_to_today_names_the_date_to_write(value, fix):
    """It said only 不是有效日期: the build can tell what day 明年3月1日 is today, but the page must
    not move with the build's day, so the message names the day to write and says why."""
    for parse in (lambda v: parse_datetime(v, SH, False, SUNDAY), lambda v: parse_date(v, SUNDAY)):
        with pytest.raises(DateError) as raised:
            parse(value)
        text = raised.value.text
        assert text.zh == (f'"{value}" 是相对今天的说法，日期会随网站生成的那天变（网站每天重新生成）：'
                           f"请写成具体的日期，按今天（2026年11月22日）算应写成 {fix}")
        assert text.en.startswith(f'"{value}" is said relative to today, and would move with the day the site is built')
    assert parse_datetime(fix.split("（")[0], SH)  # the line proposed is taken


@pytest.mark.parametrize(("value", "said", "ago", "past", "coming"), [
    ("本周六", "本周六", "昨天", "2026-11-21", "2026-11-28"),
    ("这周六 上午九点", "这周六", "昨天", "2026-11-21 上午9点", "2026-11-28 上午9点"),
    ("这个周六", "这个周六", "昨天", "2026-11-21", "2026-11-28"),
    ("本星期五 下午3点", "本星期五", "前天", "2026-11-20 下午3点", "2026-11-27 下午3点"),
    ("本周一", "本周一", "六天前", "2026-11-16", "2026-11-23"),
])
def test_this_weeks_day_written_on_a_sunday_names_both_days(value, said, ago, past, coming):
    """本周六 written on a Sunday was told as yesterday (weeks start on Monday), a day past that
    a notice or an activity hardly means, proposed as the line to write: most who say it on a
    Sunday mean the coming Saturday (下周六). Both days are named, with the line for each."""
    weekday = said[-1]
    past_day, coming_day = (dt.date.fromisoformat(line[:10]) for line in (past, coming))
    for parse in (lambda v: parse_datetime(v, SH, False, SUNDAY), lambda v: parse_date(v, SUNDAY)):
        text = error(parse, value)
        assert text.zh == (
            f'"{value}" 看不出是哪一天：今天（2026年11月22日）是星期日，一周从星期一算起，{said}是{ago}'
            f"（2026年11月{past_day.day}日），已经过去；若是指下周{weekday}，是 2026年11月{coming_day.day}日："
            f"请写成具体的日期，下周{weekday}写 {coming}，若就是{ago}的周{weekday}，写 {past}")
        assert text.en.startswith(f'"{value}" is unclear: today (2026-11-22) is a Sunday, and weeks start on Monday')
        assert f"{coming} for the coming {coming_day:%A}, or {past} for the past one" in text.en
    for line, day in ((past, past_day), (coming, coming_day)):
        assert parse_datetime(line, SH)[0].date() == day  # the lines proposed are taken


def test_this_weeks_day_on_another_day_is_the_one_of_this_week():
    """Only on a Sunday is 本周六 past: on a Wednesday it is the coming Saturday, told as before."""
    text = error(parse_date, "本周六", dt.date(2026, 11, 25))
    assert text.zh.endswith("按今天（2026年11月25日）算应写成 2026-11-28（星期六）")


def test_a_relative_date_is_counted_from_the_build_day():
    text = error(parse_date, "明年3月1日", dt.date(2027, 1, 5))
    assert "按今天（2027年1月5日）算应写成 2028-03-01" in text.zh


# ---- a time that repeats ------------------------------------------------------------------


@pytest.mark.parametrize(("value", "next_zh", "next_en"), [
    ("每周一至周五 16:30", "2026-11-23 16:30（星期一）", "2026-11-23 16:30 (a Monday)"),
    ("每周三上午9点", "2026-11-25 上午9点（星期三）", "2026-11-25 上午9点 (a Wednesday)"),
    ("每逢周六 9:00-11:00", "2026-11-28 9:00（星期六）", "2026-11-28 9:00 (a Saturday)"),
    ("周一至周五 16:30", "2026-11-23 16:30（星期一）", "2026-11-23 16:30 (a Monday)"),
    ("每天 下午三点", "2026-11-22 下午3点（星期日）", "2026-11-22 下午3点 (a Sunday)"),
    ("每月5号 9:00", "2026-12-05 9:00（星期六）", "2026-12-05 9:00 (a Saturday)"),
    ("每周", "2026-12-01 09:30", "2026-12-01 09:30"),  # no day to count from: the usual example
])
def test_a_repeating_time_as_a_start_says_an_activity_is_one_occasion(value, next_zh, next_en):
    """It said only 不是有效日期: an activity is one occasion (or one span, start to end), and
    what is held regularly is a service's schedule, or one activity per occasion."""
    text = error(parse_datetime, value, SH, False, SUNDAY)
    assert text.zh == (
        f'"{value}" 是重复的时间，而一个活动只是一次（或连续的一段日子，写 start 和 end）：'
        f"只写这一次的日期和时间，如 start: {next_zh}；定期开放的，请写成服务清单 content/services/ 里的一项服务，"
        f"时间写在 schedule: {value}，或每次写一个活动")
    assert text.en == (
        f'"{value}" repeats, but an activity is one occasion (or one span of days, with start and end): '
        f"write this occasion's date and time, e.g. start: {next_en}; for something held regularly, "
        f"write a service in content/services/ with schedule: {value}, or one activity per occasion")
    assert parse_datetime(next_zh.split("（")[0], SH)  # the line proposed is taken


@pytest.mark.parametrize("parse", [lambda v: parse_date(v, SUNDAY), lambda v: parse_datetime(v, SH, True, SUNDAY)])
def test_a_repeating_time_elsewhere_says_one_date_goes_here(parse):
    with pytest.raises(DateError) as raised:
        parse("每周一至周五")
    assert raised.value.text.zh.startswith('"每周一至周五" 是重复的时间，这里只写一个日期，')
    assert raised.value.text.en.startswith('"每周一至周五" repeats, but only one date goes here; ')


# ---- a day, a month or a year (a team's founding) -----------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("2023年", (dt.date(2023, 1, 1), "year")),
    ("2023", (dt.date(2023, 1, 1), "year")),
    (2023, (dt.date(2023, 1, 1), "year")),
    ("２０２３年", (dt.date(2023, 1, 1), "year")),
    ("2021-03", (dt.date(2021, 3, 1), "month")),
    ("2021年3月", (dt.date(2021, 3, 1), "month")),
    ("2021/3", (dt.date(2021, 3, 1), "month")),
    ("2021-03-15", (dt.date(2021, 3, 15), "day")),
    ("2021年3月15日", (dt.date(2021, 3, 15), "day")),
    (dt.date(2021, 3, 15), (dt.date(2021, 3, 15), "day")),
])
def test_a_partial_date_is_a_year_a_month_or_a_day(value, expected):
    """The date carries what was written (its precision), for date_text to show only that."""
    found = parse_partial_date(value)
    assert (found, found.precision) == expected and type(found) is PartialDate


def test_a_partial_date_keeps_its_precision_through_a_pickle_and_a_copy():
    """The content cache and the build's workers pickle a team: date's own pickle is only the day,
    and a team founded 2023年 read back from the cache showed 2023年1月1日."""
    import copy
    import pickle

    founded = parse_partial_date("2023年")
    for kept in (pickle.loads(pickle.dumps(founded, pickle.HIGHEST_PROTOCOL)), copy.deepcopy(founded)):
        assert (kept, kept.precision, type(kept)) == (dt.date(2023, 1, 1), "year", PartialDate)
    # A day computed from it is a day, not "the year after 2023年": arithmetic calls __new__
    # without a precision, replace() on Python 3.11 skips it and the class default answers.
    for computed in (founded + dt.timedelta(days=1), founded - dt.timedelta(days=1), founded.replace(month=5)):
        assert (type(computed), computed.precision) == (PartialDate, "day"), computed


@pytest.mark.parametrize(("value", "zh"), [
    ("2021-13", '"2021-13" 不是有效月份，月份只有 1 到 12，应为 2023年、2021年3月 或 2021-03-15'),
    ("0023年", '"0023年" 的年份 0023 看起来写错了，应为 2023年、2021年3月 或 2021-03-15'),
    ("2021-02-30", '"2021-02-30" 不是有效日期，2021年2月只有 28 天：是 2021-02-28 还是 2021-03-01？请改成要的那一天'),
    ("去年", '"去年" 不是有效日期，应为 2023年、2021年3月 或 2021-03-15'),
    (2021.03, "写的是小数 2021.03，看不出是几月（2026.10 会被读成 2026.1），应为 2021-03（2021年3月）"),
])
def test_a_wrong_partial_date_says_the_three_forms(value, zh):
    assert error(parse_partial_date, value).zh == zh
