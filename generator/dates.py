"""Dates and times as community staff write them.

Staff type dates by hand, often in a Chinese input method, so the same moment arrives in
many spellings: ``2026-12-01 09:30``, ``2026/12/01``, ``2026年12月1日 下午3点``,
``２０２６－１２－０１ ０９：３０`` (full-width), or ``2026-12-01T09:30:00+08:00`` as Hugo
writes it. YAML hands them over as ``str`` (the loader does not resolve timestamps),
sometimes as ``int`` (``20261201``) or as ``datetime`` objects; everything else is a mistake
reported with what was given.

Every spelling is normalised with NFKC first (full-width digits, colon and dash become
ASCII), then matched by one precompiled pattern: this runs once per date field of every
content file, so the common case is a single ``fullmatch``.

Errors are :class:`DateError` carrying a :class:`~generator.errors.Text` without the
``file:line: field:`` prefix, which the caller adds.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable
from zoneinfo import ZoneInfo

from .errors import Text

__all__ = ["DateError", "PartialDate", "lunar_label", "parse_date", "parse_datetime", "parse_month", "parse_partial_date"]


class DateError(ValueError):
    """A value that is not a date; ``.text`` says why and how to write it."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


class PartialDate(_dt.date):
    """The first day of a year or a month, or a day, that knows which of them was written
    (a team's ``founded: 2023年``): ``precision`` is "year", "month" or "day". It carries that
    to the theme's ``date_text`` filter, so ``{{ page.founded | date_text }}`` in any template
    shows 2023年, not a 2023年1月1日 nobody wrote. It compares, sorts and hashes as the date.

    A date computed from it is a day, which it is: ``founded + timedelta`` (and ``-``) calls
    ``__new__`` with the year, month and day only, so ``precision`` takes its default; on
    Python 3.11 ``.replace()`` makes it without calling ``__new__``, and the class default
    below says "day" then."""

    precision: str = "day"

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = "day") -> "PartialDate":
        self = super().__new__(cls, year, month, day)
        self.precision = precision
        return self

    def __reduce__(self) -> tuple:
        # date's own pickles only the day: the content cache and the build's workers need the precision too
        return type(self), (self.year, self.month, self.day, self.precision)

    def __repr__(self) -> str:
        return f"PartialDate({self.year}, {self.month}, {self.day}, {self.precision!r})"


# Dashes an input method or a word processor may put where a hyphen belongs (NFKC keeps them):
# ‐ ‑ ‒ – — ― (U+2015, which some input methods type for 破折号) − ﹘ ﹣. The search reads them
# as hyphens too (generator/search.py's _DASHES, search.js's fold()): one list.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"
_DASHES = str.maketrans({c: "-" for c in DASHES})

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_NAMES = "一二三四五六日"

# Day-period words and how they move the hour: "am", "pm" or "noon".
_PERIODS = {
    "凌晨": "am", "早上": "am", "早晨": "am", "上午": "am", "清晨": "am",
    "中午": "noon",
    "下午": "pm", "傍晚": "pm", "晚上": "pm", "晚间": "pm", "夜里": "pm", "夜间": "pm",
    # As notices shorten them: 晚7点, 早8点半 (after the two-character words, which a regex
    # alternation must try first).
    "早": "am", "晚": "pm",
}
_PERIOD_ALTERNATION = "|".join(_PERIODS)  # 晚上 before 晚: the longer word is matched whole
_EVENING = ("晚上", "晚间", "夜里", "夜间", "晚")  # 12 o'clock of these is midnight

_DATE_PART = r"""
    (?P<y>\d{4})
    (?:
        (?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})          # 2026-12-01, 2026/12/1
      | \s*年\s*(?P<zm>\d{1,2})\s*月\s*(?P<zd>\d{1,2})\s*[日号]      # 2026年12月1日
      | (?P<cm>\d{2})(?P<cd>\d{2})                                  # 20261201
    )
    (?:\s*\(?\s*(?P<wd>(?:星期|周|礼拜)[一二三四五六日天])\s*\)?)?    # (星期二)
"""

_TIME_PART = r"""
    (?:
        (?P<tsep>\s*[Tt]\s*|\s+|(?<!\d))                           # T, a space, or nothing after 日
        (?P<period>""" + _PERIOD_ALTERNATION + r""")?\s*
        (?P<h>\d{1,2})
        (?:
            :(?P<mi>\d{1,2})(?::(?P<s>\d{1,2})(?:\.\d{1,6})?)?       # 9:30, 09:30:00.000
          | \s*[时点]\s*(?:(?P<zmi>\d{1,2})\s*分?(?:\s*(?P<zs>\d{1,2})\s*秒)?|(?P<half>半)|整)?  # 9点, 9时30分, 7点半
        )
        \s*(?P<ampm>[AaPp]\.?[Mm]\.?)?                              # 9:30 PM
        \s*(?P<tz>Z|z|[+-]\d{2}(?::?\d{2})?)?                      # Z, +08:00
    )?
"""

_DATETIME_RE = re.compile(_DATE_PART + _TIME_PART, re.VERBOSE)

# A lunar (农历) date: 农历2027年正月十五, 2027年正月十五, 农历正月十五, 腊月初八, 农历闰六月初一.
# The year, when written, is the lunar year, the one that begins in that Gregorian year
# (2026年腊月初八 is 2027-01-15). Months and days are in Chinese numerals, as the calendar
# and the paper notices write them.
_LUNAR_DATE_PART = r"""
    (?P<nl>农历|阴历|旧历)?\s*
    (?:(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*)?
    (?P<leap>闰)?
    (?P<lm>正|十一|十二|一|二|三|四|五|六|七|八|九|十|冬|腊)\s*月(?:份)?\s*
    (?P<ld>初[一二三四五六七八九十]|十[一二三四五六七八九]?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十)
    (?:\s*[日号])?
    (?:\s*\(?\s*(?P<wd>(?:星期|周|礼拜)[一二三四五六日天])\s*\)?)?
"""
_LUNAR_RE = re.compile(_LUNAR_DATE_PART + _TIME_PART, re.VERBOSE)
_LUNAR_MONTHS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                 "十": 10, "十一": 11, "冬": 11, "十二": 12, "腊": 12}
_LUNAR_MONTH_NAMES = ("", "正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_LUNAR_DAY_NAMES = ("", *(f"初{c}" for c in "一二三四五六七八九十"), *(f"十{c}" for c in "一二三四五六七八九"),
                    "二十", *(f"廿{c}" for c in "一二三四五六七八九"), "三十")
_LUNAR_YEARS = range(1900, 2101)  # where the library and the Gregorian range (1900-2100) agree
_LUNAR_SEARCH_YEARS = 60  # how far ahead the next occurrence of a day is looked for (a 闰 month recurs in ~19-57 years)
_MONTH_RE = re.compile(
    r"(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2})|\s*年\s*(?P<zm>\d{1,2})\s*月份?|(?P<cm>\d{2}))",
)
_RANGE_RE = re.compile(rf"\d{{1,2}}\s*[:时点][^-~至到]*\s*(?:-|~|至|到)\s*(?:{_PERIOD_ALTERNATION})?\s*\d{{1,2}}\s*[:时点]")
_SPACES_RE = re.compile(r"\s+")
_NO_YEAR_RE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}[-/.]\d{1,2}(?![-/.]?\d)")  # 12月20日, 12-20
_YEAR_RE = re.compile(r"\d{4}\s*年?")
_WEEKDAY_RE = re.compile(r"\(?\s*(?:星期|周|礼拜)([一二三四五六日天])\s*\)?")  # (周五), on normalised text
_MIN_YEAR, _MAX_YEAR = 1900, 2100

_HINT_DATE = ("应为 2026-12-01 或 2026年12月1日", "write it as 2026-12-01 or 2026年12月1日")
_HINT_DATETIME = ("应为 2026-12-01 或 2026-12-01 09:30", "write it as 2026-12-01 or 2026-12-01 09:30")
_HINT_END = ("应为 2026-12-01 11:30，同一天结束可只写时间，如 11:30",
             "write it as 2026-12-01 11:30, or the time alone (11:30) when it ends on the day it starts")
_HINT_MONTH = ("应为 2026-10 或 2026年10月", "write it as 2026-10 or 2026年10月")
_HINT_PARTIAL = ("应为 2023年、2021年3月 或 2021-03-15", "write it as 2023, 2021-03 or 2021-03-15")


# 2027年农历正月十五, as often written as 农历2027年正月十五: the same lunar date, read as that.
_YEAR_THEN_LUNAR_RE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(农历|阴历|旧历)\s*")


# A time written as a paper notice writes it: 下午两点, 上午九点半, 晚上七点一刻, 九点十五分,
# 十四时三十分. Rewritten in digits (下午2点, 9点15分) before matching, so the one pattern above
# reads it and checks it as it checks 下午2点. The hour is a number 零 to 二十四 (两 for 2), the
# minutes one with 分 or a quarter (一刻, 三刻, also after an hour in digits: 9点一刻). An hour
# right after another Chinese numeral is left alone: in 腊月初八九点 the 九 may be the day's.
_CN_NUMERAL = r"(?:[一二三四五六七八九]?十[一二三四五六七八九]?|零[一二三四五六七八九]|[零〇一二两三四五六七八九])"
_CN_TIME_RE = re.compile(
    rf"(?<![零〇一二两三四五六七八九十初廿])(?P<h>{_CN_NUMERAL}|\d{{1,2}})\s*(?P<unit>[点时])"
    rf"(?:\s*(?:(?P<q>[一三])刻|(?P<m>{_CN_NUMERAL})\s*分))?"
)
_CN_NUMERAL_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def _cn_number(text: str) -> int:
    """A number of _CN_NUMERAL, or of digits: 两 2, 十二 12, 二十 20, 零五 5."""
    if text.isascii():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return sum(_CN_NUMERAL_DIGITS[c] for c in text)
    return _CN_NUMERAL_DIGITS.get(tens, 1) * 10 + _CN_NUMERAL_DIGITS.get(ones, 0)


def _time_in_digits(match: re.Match[str]) -> str:
    hour, quarter, minute = match.group("h"), match.group("q"), match.group("m")
    if hour.isascii() and quarter is None and minute is None:
        return match.group()  # 9点, 9点30分: as written
    text = f"{_cn_number(hour)}{match.group('unit')}"
    if quarter is not None:
        return f"{text}{15 if quarter == '一' else 45}分"
    return f"{text}{_cn_number(minute)}分" if minute is not None else text


def _normalise(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
        text = _YEAR_THEN_LUNAR_RE.sub(r"\2\1年", text.strip())
        if "点" in text or "时" in text:
            text = _CN_TIME_RE.sub(_time_in_digits, text)
    return text.strip()


def _shown(value: object) -> str:
    """The value as the user wrote it, shortened for a one-line message."""
    text = value if isinstance(value, str) else repr(value)
    text = _SPACES_RE.sub(" ", text.strip()) if isinstance(value, str) else text
    return text if len(text) <= 40 else text[:39] + "…"


def _wrong_type(value: object, hint: tuple[str, str]) -> DateError:
    if value is None or value == "":
        zh, en = "是空的", "is empty"
    elif isinstance(value, bool):
        word = "true" if value else "false"
        zh, en = f"写的是 {word}（是/否），不是日期", f"is {word} (yes/no), not a date"
    elif isinstance(value, (list, tuple)):
        zh, en = f"写的是一个列表 {_shown(value)}，只能写一个日期", f"is a list {_shown(value)}; give one date"
    elif isinstance(value, dict):
        zh, en = f"写的是一组键值 {_shown(value)}，只能写一个日期", f"is a mapping {_shown(value)}; give one date"
    elif isinstance(value, float):
        zh = f"写的是小数 {value!r}，不是日期（年月日之间请用 “-” 分隔）"
        en = f"is the decimal number {value!r}, not a date (separate year, month and day with '-')"
    else:
        zh, en = f"写的是 {_shown(value)}，不是日期", f"is {_shown(value)}, not a date"
    return DateError(Text(f"{zh}，{hint[0]}", f"{en}; {hint[1]}"))


def _invalid(raw: object, hint: tuple[str, str], zh_why: str = "", en_why: str = "") -> DateError:
    shown = _shown(raw)
    if zh_why:
        return DateError(Text(
            f'"{shown}" 不是有效日期，{zh_why}，{hint[0]}',
            f'"{shown}" is not a valid date: {en_why}; {hint[1]}',
        ))
    return DateError(Text(f'"{shown}" 不是有效日期，{hint[0]}', f'"{shown}" is not a valid date; {hint[1]}'))


def _days_in_month(year: int, month: int) -> int:
    nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - _dt.timedelta(days=1)).day


def _bad_year(raw: object, year: str, hint: tuple[str, str]) -> DateError:
    return DateError(Text(
        f'"{_shown(raw)}" 的年份 {year} 看起来写错了，{hint[0]}',
        f'"{_shown(raw)}" has the year {year}, which looks like a typo; {hint[1]}',
    ))


def _make_date(raw: object, y: int, m: int, d: int, hint: tuple[str, str]) -> _dt.date:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise _bad_year(raw, f"{y:04d}", hint)
    if not 1 <= m <= 12:
        raise _invalid(raw, hint)
    last = _days_in_month(y, m)
    if not 1 <= d <= last:
        if d < 1:
            raise _invalid(raw, hint)
        if d > 31:
            raise _invalid(raw, hint, f"{y}年{m}月只有 {last} 天", f"{y}-{m:02d} has only {last} days")
        raise _past_month_end(raw, _dt.date(y, m, last))
    return _dt.date(y, m, d)


def _past_month_end(raw: object, last: _dt.date) -> DateError:
    """11月31日, 2月29日 of a common year: a day counted past the end of its month. Staff meant
    its last day or the next month's first, and only they know which: both are named, in the
    way they wrote the date (a format example such as 2026-12-01 read as the answer)."""
    first = last + _dt.timedelta(days=1)
    if "年" in _normalise(_shown(raw)):
        meant = tuple(f"{day.year}年{day.month}月{day.day}日" for day in (last, first))
    else:
        meant = (last.isoformat(), first.isoformat())
    shown = _shown(raw)
    with_time = re.search(r"\d\s*[:点时]", _normalise(shown)) is not None
    return DateError(Text(
        f'"{shown}" 不是有效日期，{last.year}年{last.month}月只有 {last.day} 天：是 {meant[0]} 还是 {meant[1]}？'
        f'请改成要的那一天{"（时间照写）" if with_time else ""}',
        f'"{shown}" is not a valid date: {last:%Y-%m} has only {last.day} days. Did you mean {meant[0]} or '
        f'{meant[1]}? Write the day you meant{" (keep the time)" if with_time else ""}',
    ))


def _bad_time(raw: object, zh_why: str, en_why: str, example: bool = True) -> DateError:
    shown = _shown(raw)
    if not example:
        return DateError(Text(f'"{shown}" 不是有效时间，{zh_why}', f'"{shown}" is not a valid time: {en_why}'))
    return DateError(Text(
        f'"{shown}" 不是有效时间，{zh_why}，应写成 2026-12-01 09:30 这样的格式（24 小时制）',
        f'"{shown}" is not a valid time: {en_why}; write it as 2026-12-01 09:30 (24-hour clock)',
    ))


def _parse_text(
    raw: object, text: str, hint: tuple[str, str], end: bool = False, today: _dt.date | None = None
) -> tuple[_dt.date, _dt.time | None, _dt.tzinfo | None]:
    """Split a normalised string into a date, an optional time and an optional offset.
    ``today``: for a lunar date written without its year, whose message names its next day.

    ``end``: the value ends something, where 24:00 is the end of its day, given as the next
    day's 00:00 (notices write 20:00-24:00). Anywhere else 24:00 is told to be written so."""
    match = _DATETIME_RE.fullmatch(text)
    if match is not None:
        g = match.group
        month = g("m") or g("zm") or g("cm")
        day = g("d") or g("zd") or g("cd")
        date = _make_date(raw, int(g("y")), int(month), int(day), hint)
    else:
        match = _LUNAR_RE.fullmatch(text) if "月" in text else None
        if match is None:
            raise _diagnose(raw, text, hint, today, start=hint is _HINT_DATETIME and not end, end=end)
        g = match.group
        date = _lunar_date(raw, text, match, today)

    if (wd := g("wd")) is not None and _WEEKDAYS[wd[-1]] != date.weekday():
        real = _WEEKDAY_NAMES[date.weekday()]
        en_day = date.strftime("%A")
        raise DateError(Text(
            f'"{_shown(raw)}" 的星期不对：{date.year}年{date.month}月{date.day}日是星期{real}，不是{wd}，请核对日期',
            f'"{_shown(raw)}" has the wrong weekday: {date.isoformat()} is a {en_day}; check the date',
        ))

    if g("h") is None:
        return date, None, None

    hour = int(g("h"))
    minute_text = g("mi") or g("zmi")
    minute = 30 if g("half") else int(minute_text) if minute_text else 0
    second_text = g("s") or g("zs")
    second = int(second_text) if second_text else 0

    period = g("period")
    ampm = g("ampm")
    if period and ampm:
        raise _bad_time(raw, f"“{period}”和“{ampm}”重复了，只写一个", f"both '{period}' and '{ampm}' given")
    if ampm:
        period = "上午" if ampm[0] in "Aa" else "下午"
        if not 1 <= hour <= 12:
            raise _bad_time(raw, f"12 小时制的钟点应为 1 到 12，不是 {hour}", f"a 12-hour clock runs 1 to 12, not {hour}")
        if hour == 12:
            hour = 0  # 12 AM is midnight; 12 PM becomes 12 below
    if period:
        kind = _PERIODS[period]
        if kind == "am":
            if hour > 12:
                raise _bad_time(raw, f"“{period}”不会有 {hour} 点", f"'{period}' (morning) cannot be {hour} o'clock")
            if hour == 12 and period == "凌晨":
                hour = 0
        elif kind == "noon":
            if hour < 11:
                hour += 12  # 中午1点 is 13:00
        else:
            if hour == 12 and period in _EVENING:
                if not end:
                    raise _bad_time(
                        raw,
                        f"“{period}12点”是第二天的 0:00，请写成第二天的 00:00，或当天 23:59",
                        "midnight belongs to the next day; write the next day 00:00, or 23:59",
                        example=False,
                    )
                hour, period = 24, None  # as an end, the end of that evening: 24:00 (below)
            elif hour < 12:
                hour += 12
    if hour == 24 and not period:
        next_day = date + _dt.timedelta(days=1)
        if minute == second == 0:
            if not end:
                raise _bad_time(
                    raw, f"24:00 是一天的结束，也就是第二天的 0:00，请写成 {next_day.isoformat()} 00:00",
                    f"24:00 is the end of the day, the next day's 0:00: write {next_day.isoformat()} 00:00",
                    example=False,
                )
            date, hour = next_day, 0
        elif end:
            raise _bad_time(
                raw, f"一天最晚到 24:00，过了午夜请写上第二天的日期，如 {next_day.isoformat()} 00:{minute:02d}",
                f"a day ends at 24:00 at the latest; after midnight, write the next day's date, "
                f"e.g. {next_day.isoformat()} 00:{minute:02d}",
                example=False,
            )
    if hour > 23:
        raise _bad_time(raw, f"小时应为 0 到 23，不是 {hour}", f"the hour must be 0 to 23, not {hour}")
    if minute > 59:
        raise _bad_time(raw, f"分钟应为 0 到 59，不是 {minute}", f"the minute must be 0 to 59, not {minute}")
    if second > 59:
        raise _bad_time(raw, f"秒应为 0 到 59，不是 {second}", f"the second must be 0 to 59, not {second}")

    offset: _dt.tzinfo | None = None
    if (tz := g("tz")) is not None:
        if tz[0] == "-" and "T" not in g("tsep").upper():
            # "09:30-11:30" is a time range, not a time at UTC-11:30
            raise _diagnose(raw, text, hint, today, start=hint is _HINT_DATETIME and not end, end=end)
        if tz in "Zz":
            offset = _dt.timezone.utc
        else:
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            oh, om = int(digits[:2]), int(digits[2:] or 0)
            if oh > 23 or om > 59:
                raise _bad_time(raw, f"时区 “{tz}” 不对，北京时间是 +08:00", f"the offset '{tz}' is wrong; Beijing time is +08:00")
            offset = _dt.timezone(sign * _dt.timedelta(hours=oh, minutes=om))
    return date, _dt.time(hour, minute, second), offset


def _year_only(raw: object, hint: tuple[str, str]) -> DateError:
    shown = _shown(raw)
    if hint is _HINT_MONTH:
        return DateError(Text(f'"{shown}" 只写了年份，缺少月份，{hint[0]}', f'"{shown}" is only a year, with no month; {hint[1]}'))
    return DateError(Text(
        f'"{shown}" 只写了年份，缺少月和日，{hint[0]}', f'"{shown}" is only a year, with no month or day; {hint[1]}'
    ))


# ---- lunar (农历) dates ---------------------------------------------------------------------
#
# Converted by lunar_python (6tail's lunar-python, MIT, maintained): it computes the calendar
# from the sun and moon rather than from a table. Compared day by day over 1900-2100: the
# borax table (MIT) differs from it only in 2089 and 2097, where ICU's Chinese calendar sides
# with lunar_python; lunardate and zhdate are GPL (this project is MIT) and lunardate's table
# is off in 1933, 1954, 1978, 2057 and 2100. ICU itself differs at 8 of 2485 month starts, all
# new moons within minutes of midnight in Beijing (2027-02-06: ICU makes it 腊月三十, while
# lunar_python, borax and lunardate make it 正月初一, as the published 2027 calendar does).
# Imported only when a lunar date is written.

_LUNAR_DATE_RE = re.compile(_LUNAR_DATE_PART, re.VERBOSE)


def _surely_lunar(g: Callable[[str], str | None]) -> bool:
    """Whether a date in Chinese numerals is lunar without a doubt.

    ``八月十五`` is the Mid-Autumn Festival to most readers, but it is also how 8月15日 is
    written in Chinese numerals (八月十五日, 十二月二十日 on a formal notice), and reading a
    Gregorian date as lunar moves it by three to seven weeks, silently. So a date is taken
    as lunar only when nothing else can be meant: ``农历`` (阴历, 旧历) before it, a leap
    month (闰), a month name only the lunar calendar has (正月, 冬月, 腊月), or a day name only
    it has (初一…初十, 廿一…廿九). Anything else is asked about (:func:`_ambiguous`)."""
    day = g("ld") or ""
    return bool(g("nl") or g("leap") or g("lm") in ("正", "冬", "腊") or day[0] in "初廿")


def _lunar_day(text: str) -> int:
    return 10 if text == "十" else _LUNAR_DAY_NAMES.index(text.replace("二十", "廿") if len(text) == 3 else text)


def _lunar_name(month: int, day: int, leap: bool) -> str:
    """The lunar date as the calendar writes it: 正月十五, 闰六月初一, 腊月廿九."""
    return f"{'闰' if leap else ''}{_LUNAR_MONTH_NAMES[month]}月{_LUNAR_DAY_NAMES[day]}"


def _to_solar(year: int, month: int, day: int, leap: bool) -> _dt.date | None:
    """The Gregorian date of a lunar one, or None when that year has no such day."""
    from lunar_python import Lunar, LunarMonth

    signed = -month if leap else month  # lunar_python numbers a leap month negative
    found = LunarMonth.fromYm(year, signed)
    if found is None or day > found.getDayCount():
        return None
    solar = Lunar.fromYmd(year, signed, day).getSolar()
    return _dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _lunar_date(raw: object, text: str, match: re.Match[str], today: _dt.date | None) -> _dt.date:
    g = match.group
    month, day, leap = _LUNAR_MONTHS[g("lm")], _lunar_day(g("ld")), g("leap") is not None
    year_text = g("y")
    year = None if year_text is None else (
        int(year_text) if year_text.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in year_text)))
    if not _surely_lunar(g):
        raise _ambiguous(raw, month, day, year, today)
    # The time as written, carried into the fix the message proposes.
    rest = text[_LUNAR_DATE_RE.match(text).end():].strip()  # type: ignore[union-attr]
    rest = f" {rest}" if rest else ""
    name = _lunar_name(month, day, leap)
    shown = _shown(raw)
    if year is None:
        # As a Gregorian 12月6日 without its year is an error, so is this: a notice is read for
        # months and kept for years, and only the writer knows which year was meant. The fix
        # names the next such day, the likely meaning.
        today = today or _dt.date.today()
        for lunar_year in range(today.year - 1, today.year + _LUNAR_SEARCH_YEARS):
            solar = _to_solar(lunar_year, month, day, leap) if lunar_year in _LUNAR_YEARS else None
            if solar is not None and solar >= today:
                return_fix = f"农历{lunar_year}年{name}{rest}"
                raise DateError(Text(
                    f'"{shown}" 缺少年份，请把年份写上：下一个农历{name}是 {_cn(solar)}，'
                    f"应为 {return_fix} 或 {solar.isoformat()}{rest}",
                    f'"{shown}" has no year: the next 农历{name} (lunar calendar) is {solar.isoformat()}; '
                    f"write {return_fix} or {solar.isoformat()}{rest}",
                ))
        raise DateError(Text(f'"{shown}" 缺少年份，请把年份写上，如 农历2027年{name}{rest}',
                             f'"{shown}" has no year; write it as 农历2027年{name}{rest}'))
    if year not in _LUNAR_YEARS:
        raise _bad_year(raw, year_text, (f"应为 农历2027年{name}{rest}", f"write it as 农历2027年{name}{rest}"))
    solar = _to_solar(year, month, day, leap)
    if solar is not None:
        return solar
    # No such day: the nearest one that is, with its Gregorian date.
    if leap and _to_solar(year, month, 1, True) is None:
        from lunar_python import LunarYear

        leap_month = LunarYear.fromYear(year).getLeapMonth()
        zh_why = (f"农历{year}年没有闰月" if not leap_month else
                  f"农历{year}年闰的是{_LUNAR_MONTH_NAMES[leap_month]}月，没有闰{_LUNAR_MONTH_NAMES[month]}月")
        en_why = (f"the lunar year {year} has no leap month" if not leap_month else
                  f"the lunar year {year} has a leap month after month {leap_month}, not after month {month}")
        leap = False  # the month of the same name, just before where the leap month would be
    else:
        zh_why = en_why = ""
    while _to_solar(year, month, day, leap) is None:  # a 30th in a month of 29 days
        day -= 1
    if not zh_why:
        zh_why = f"农历{year}年{_lunar_name(month, 1, leap)[:-2]}只有 {day} 天"
        en_why = f"{_lunar_name(month, 1, leap)[:-2]} of the lunar year {year} has only {day} days"
    fix = f"农历{year}年{_lunar_name(month, day, leap)}"
    solar = _to_solar(year, month, day, leap)
    assert solar is not None
    raise DateError(Text(
        f'"{shown}" 不是有效日期，{zh_why}，应为 {fix}{rest}（{_cn(solar)}）或 {solar.isoformat()}{rest}',
        f'"{shown}" is not a valid date: {en_why}; write {fix}{rest} ({solar.isoformat()}) or {solar.isoformat()}{rest}',
    ))


def _cn(date: _dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _ambiguous(raw: object, month: int, day: int, year: int | None, today: _dt.date | None) -> DateError:
    """A date such as 八月十五 that may be lunar or Gregorian: which one is asked."""
    shown = _shown(raw)
    year_text = f"{year}年" if year is not None else ""
    gregorian_year = year if year is not None else (today or _dt.date.today()).year
    lunar = f"农历{year_text}{_lunar_name(month, day, False)}"
    solar = f"{gregorian_year}年{month}月{day}日"
    return DateError(Text(
        f'"{shown}" 看不出是农历还是公历：农历请写成 {lunar}，公历请写成 {solar}',
        f'"{shown}" could be a lunar or a Gregorian date: write {lunar} for the lunar calendar, '
        f"or {gregorian_year}-{month:02d}-{day:02d} for the Gregorian one",
    ))


def lunar_label(value: object) -> str:
    """The lunar date ``value`` was written as (``正月十五``, ``闰六月初一``), for showing it beside
    the Gregorian one; "" when it was not written lunar. Only for a value that parsed."""
    if not isinstance(value, str) or "月" not in value:
        return ""
    match = _LUNAR_RE.fullmatch(_normalise(value))
    if match is None or not _surely_lunar(match.group):
        return ""
    return _lunar_name(_LUNAR_MONTHS[match.group("lm")], _lunar_day(match.group("ld")), match.group("leap") is not None)


def _with_year(raw: object, text: str, today: _dt.date | None) -> tuple[str, _dt.date] | None:
    """``text``, a date written without its year (12月11日（周五）9:00, 12-11), with the year of
    the such day nearest to ``today`` (a notice's 12月4日 written on 12月5日 is yesterday, an
    activity's 1月3日 next month), and that day; None if no year near has that day. The text
    returned is ``raw`` as the user wrote it (full-width brackets and all), with the year."""
    today = today or _dt.date.today()
    month_day = _NO_YEAR_RE.match(text)
    if month_day is None:
        return None
    separator = "年" if "月" in month_day.group() else month_day.group()[len(month_day.group().rstrip("0123456789")) - 1]
    undated = _WEEKDAY_RE.sub("", text)  # a weekday written is checked by the caller, not used to pick the year
    found: list[tuple[int, _dt.date]] = []
    for year in range(today.year - 1, today.year + 5):  # 2月29日: up to the next leap year
        candidate = f"{year}{separator}{undated}"
        try:
            found.append((year, _parse_text(candidate, candidate, _HINT_DATE)[0]))
        except DateError:  # no such day that year (2月29日), or no such day at all (2月30日)
            continue
    if not found:
        return None
    year, day = min(found, key=lambda item: (abs((item[1] - today).days), item[1] < today))
    written = _SPACES_RE.sub(" ", raw.strip()) if isinstance(raw, str) else text  # whole: it is the fix
    return f"{year}{separator}{written}", day


# A start written as the whole time, as posters write it: "2026年12月11日（周五）9:00—11:30".
_RANGE_SPLIT_RE = re.compile(r"(?P<left>.*?\d{1,2}\s*[:时点][^-~至到]*?)\s*(?:-|~|至|到)\s*(?P<right>.+)")
_PERIOD_START_RE = re.compile(rf"(?:{_PERIOD_ALTERNATION})")


_HALF_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def _as_written(raw: object, text: str) -> str:
    """``text``, made from a value's normalised form for a line to write, with the brackets
    as the writer typed them: NFKC makes （周五） (周五), and the line proposed is theirs."""
    return text.translate(_HALF_BRACKETS) if isinstance(raw, str) and ("（" in raw or "）" in raw) else text


def _start_and_end(text: str, today: _dt.date | None) -> tuple[str, str] | None:
    """The ``start:`` and ``end:`` to write for a range written as an activity's start, or None
    when the range's halves are not a date and time and a time alone. The end takes the start's
    上午/下午 when it has none: 下午2:30—5:30 ends at 下午5:30, not 5:30 in the morning."""
    split = _RANGE_SPLIT_RE.fullmatch(text)
    if split is None:
        return None
    left, right = split.group("left").strip(), split.group("right").strip()
    if not is_time_alone(right):
        return None
    if not _PERIOD_START_RE.match(right) and (period := _PERIOD_START_RE.search(left)) is not None:
        right = period.group() + right
    try:
        _parse_text(left, left, _HINT_DATETIME)
    except DateError:
        dated = _with_year(left, left, today)  # 12月11日 9:00—11:30: the fix has the year too
        if dated is None:
            return None
        left = dated[0]
    try:  # as an end alone is read (parse_time_on), on any day: only whether it is a time
        _parse_text(right, f"2026-12-01 {right}", _HINT_END, end=True)
    except DateError:
        return None
    return left, right


# A day said relative to today: 今天, 明天 14:00, 下周三, 明年3月1日, 下个月5号 (and a time after it).
_RELATIVE_RE = re.compile(r"""
    (?:
        (?P<day>今天|今日|明天|明日|后天|大后天|昨天|昨日|前天)
      | (?P<week>本|这|下下|下|上)\s*个?\s*(?:周|星期|礼拜)\s*(?:周|星期|礼拜)?\s*(?P<wd>[一二三四五六日天])
      | (?P<year>今年|明年|后年|去年|前年)\s*(?P<ym>\d{1,2})\s*月\s*(?P<yd>\d{1,2})\s*[日号]
      | (?P<month>本|这|下|上)\s*个?\s*月\s*(?P<md>\d{1,2})\s*[日号]
    )
""", re.VERBOSE)
_DAY_OFFSETS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1, "前天": -2}
_WEEK_OFFSETS = {"本": 0, "这": 0, "下": 1, "下下": 2, "上": -1}
_YEAR_OFFSETS = {"今年": 0, "明年": 1, "后年": 2, "去年": -1, "前年": -2}
_MONTH_OFFSETS = {"本": 0, "这": 0, "下": 1, "上": -1}


def _relative_day(match: re.Match[str], today: _dt.date) -> _dt.date | None:
    """The day a relative date names, counted from ``today`` (weeks start on Monday);
    None when there is no such day (明年2月30日)."""
    g = match.group
    try:
        if g("day"):
            return today + _dt.timedelta(days=_DAY_OFFSETS[g("day")])
        if g("week"):
            monday = today - _dt.timedelta(days=today.weekday())
            return monday + _dt.timedelta(days=7 * _WEEK_OFFSETS[g("week")] + _WEEKDAYS[g("wd")])
        if g("year"):
            return _dt.date(today.year + _YEAR_OFFSETS[g("year")], int(g("ym")), int(g("yd")))
        months = today.year * 12 + today.month - 1 + _MONTH_OFFSETS[g("month")]
        return _dt.date(months // 12, months % 12 + 1, int(g("md")))
    except ValueError:
        return None


def _relative(raw: object, text: str, today: _dt.date | None, end: bool) -> DateError | None:
    """A date said relative to today (下周三, 明年3月1日), or None. The build could tell the day,
    but a page, a poster and a calendar event must say the same day whenever the site is built
    (every day, see the README), so the message names the day to write, as of ``today``."""
    match = _RELATIVE_RE.match(text)
    if match is None:
        return None
    today = today or _dt.date.today()
    day = _relative_day(match, today)
    if day is None:
        return None
    rest = text[match.end():].strip()
    shown = _shown(raw)
    if match.group("week") in ("本", "这") and day < today and today.weekday() == 6:
        return _this_week_on_sunday(raw, match, day, today, rest, end)
    fix = _day_as_written(raw, day, rest, end)
    return DateError(Text(
        f'"{shown}" 是相对今天的说法，日期会随网站生成的那天变（网站每天重新生成）：'
        f"请写成具体的日期，按今天（{_cn(today)}）算应写成 {fix}（星期{_WEEKDAY_NAMES[day.weekday()]}）",
        f'"{shown}" is said relative to today, and would move with the day the site is built (it is built '
        f"again every day): write the date itself; as of today ({today.isoformat()}) that is {fix} (a {day:%A})",
    ))


def _day_as_written(raw: object, day: _dt.date, rest: str, end: bool) -> str:
    """The line to write for ``day``, with the time written after the relative words
    (下周三 上午九点: 2026-11-25 上午9点) when it is one, in the writer's brackets."""
    fix = day.isoformat()
    if rest:
        try:
            _parse_text(f"{fix} {rest}", f"{fix} {rest}", _HINT_DATETIME, end=end)
            fix = f"{fix} {rest}"
        except DateError:  # not a time: the date alone is proposed
            pass
    return _as_written(raw, fix)


def _this_week_on_sunday(raw: object, match: re.Match[str], day: _dt.date, today: _dt.date, rest: str,
                         end: bool) -> DateError:
    """本周六 (这周六, 这个周六) written on a Sunday: weeks start on Monday, so it is a day
    already past (yesterday), which a notice or an activity hardly means; a calendar that
    starts weeks on Sunday, and most people speaking on a Sunday, mean the coming one (下周六).
    Both are named, with the line to write for each, the coming one first."""
    coming = day + _dt.timedelta(days=7)
    said = _SPACES_RE.sub("", match.group())
    weekday = _WEEKDAY_NAMES[day.weekday()]
    days = (today - day).days  # 1 (本周六) to 6 (本周一)
    ago = ("昨天", "前天", "三天前", "四天前", "五天前", "六天前")[days - 1]
    ago_en = "yesterday" if days == 1 else f"{days} days ago"
    past_fix, coming_fix = _day_as_written(raw, day, rest, end), _day_as_written(raw, coming, rest, end)
    return DateError(Text(
        f'"{_shown(raw)}" 看不出是哪一天：今天（{_cn(today)}）是星期日，一周从星期一算起，{said}是{ago}'
        f"（{_cn(day)}），已经过去；若是指下周{weekday}，是 {_cn(coming)}：请写成具体的日期，"
        f"下周{weekday}写 {coming_fix}，若就是{ago}的周{weekday}，写 {past_fix}",
        f'"{_shown(raw)}" is unclear: today ({today.isoformat()}) is a Sunday, and weeks start on Monday, so '
        f"{said} was {day.isoformat()} ({ago_en}); the coming {day:%A} is {coming.isoformat()}: write the date "
        f"itself, {coming_fix} for the coming {day:%A}, or {past_fix} for the past one",
    ))


# A time that repeats, as a timetable writes it: 每周一至周五 16:30, 每逢周六, 每天上午9点, 每月5号,
# 周一至周五 9:00 (a span of weekdays is every week's).
_REPEATING_RE = re.compile(
    r"^(?:每|逢)|每\s*(?:周|星期|礼拜|天|日|月)|工作日"
    r"|^(?:周|星期|礼拜)[一二三四五六日天]\s*(?:至|到|-|~|、)\s*(?:周|星期|礼拜)?[一二三四五六日天]"
)
_REPEAT_WEEKDAY_RE = re.compile(r"(?:周|星期|礼拜)\s*([一二三四五六日天])")
_REPEAT_MONTHDAY_RE = re.compile(r"每\s*(?:个)?\s*月\s*(\d{1,2})\s*[日号]")
_REPEAT_TIME_RE = re.compile(rf"(?:{_PERIOD_ALTERNATION})?\s*\d{{1,2}}\s*(?::\d{{2}}|[时点](?:\s*(?:半|\d{{1,2}}\s*分?))?)")


def _next_occasion(raw: object, text: str, today: _dt.date, end: bool) -> tuple[str, str] | None:
    """The first occasion on or after ``today`` of a repeating time (每周三上午9点: the coming
    Wednesday 上午9点), as the start to write (zh, en); None when no day can be told."""
    weekday = _REPEAT_WEEKDAY_RE.search(text)
    monthday = _REPEAT_MONTHDAY_RE.search(text)
    if weekday is not None:
        day = today + _dt.timedelta(days=(_WEEKDAYS[weekday.group(1)] - today.weekday()) % 7)
    elif monthday is not None:
        wanted, day = int(monthday.group(1)), None
        for months in range(today.year * 12 + today.month - 1, today.year * 12 + today.month + 12):
            year, month = divmod(months, 12)
            if wanted <= _days_in_month(year, month + 1) and (found := _dt.date(year, month + 1, wanted)) >= today:
                day = found
                break
        if day is None:
            return None
    elif re.search(r"每\s*(?:天|日)", text):
        day = today
    else:
        return None
    fix = day.isoformat()
    time = _REPEAT_TIME_RE.search(text)
    if time is not None:
        try:
            _parse_text(f"{fix} {time.group().strip()}", f"{fix} {time.group().strip()}", _HINT_DATETIME, end=end)
            fix = f"{fix} {time.group().strip()}"
        except DateError:  # not a time after all: the date alone
            pass
    fix = _as_written(raw, fix)
    return f"{fix}（星期{_WEEKDAY_NAMES[day.weekday()]}）", f"{fix} (a {day:%A})"


def _repeating(raw: object, text: str, hint: tuple[str, str], today: _dt.date | None, start: bool,
               end: bool) -> DateError | None:
    """A time that repeats (每周一至周五 16:30), or None. An activity is one occasion, or one span
    of days (start and end): there is no field for a rule, and calendars and pages would show
    one day. What is held regularly is a service (its ``schedule:`` is free text), or one
    activity per occasion; an activity's start is told so, with the next occasion to write."""
    if _REPEATING_RE.search(text) is None:
        return None
    shown = _shown(raw)
    if not start:
        return DateError(Text(f'"{shown}" 是重复的时间，这里只写一个日期，{hint[0]}',
                              f'"{shown}" repeats, but only one date goes here; {hint[1]}'))
    occasion = _next_occasion(raw, text, today or _dt.date.today(), end)
    next_zh, next_en = occasion if occasion is not None else ("2026-12-01 09:30", "2026-12-01 09:30")
    return DateError(Text(
        f'"{shown}" 是重复的时间，而一个活动只是一次（或连续的一段日子，写 start 和 end）：'
        f"只写这一次的日期和时间，如 start: {next_zh}；定期开放的，请写成服务清单 content/services/ 里的一项服务，"
        f"时间写在 schedule: {shown}，或每次写一个活动",
        f'"{shown}" repeats, but an activity is one occasion (or one span of days, with start and end): '
        f"write this occasion's date and time, e.g. start: {next_en}; for something held regularly, "
        f"write a service in content/services/ with schedule: {shown}, or one activity per occasion",
    ))


def _diagnose(raw: object, text: str, hint: tuple[str, str], today: _dt.date | None = None,
              start: bool = False, end: bool = False) -> DateError:
    """Why a string matched no accepted form; only runs on the error path. ``today``: the day
    a date written without its year is looked for from (see :func:`_with_year`), and one said
    relative to today (明天) is counted from; ``start``: the value is an activity's start, where
    a range is told as the two lines to write; ``end``: it ends something (24:00 is taken)."""
    told = _relative(raw, text, today, end) or _repeating(raw, text, hint, today, start, end)
    if told is not None:
        return told
    if _RANGE_RE.search(text):
        shown = _shown(raw)
        lines = _start_and_end(text, today) if start else None
        if lines is not None:
            lines = (_as_written(raw, lines[0]), _as_written(raw, lines[1]))
            return DateError(Text(
                f'"{shown}" 是一个时间段，这里只写开始时间，结束时间另起一行写在 end 里：'
                f"写成 start: {lines[0]} 和 end: {lines[1]} 两行",
                f'"{shown}" is a time range; the start goes here and the end on a line of its own: '
                f"write start: {lines[0]} and end: {lines[1]} as two lines",
            ))
        return DateError(Text(
            f'"{shown}" 像是一个时间段，这里只能写一个时间；开始和结束请分开写（如活动的 start 和 end）',
            f'"{shown}" looks like a time range, but only one time goes here; '
            "write the start and the end separately (e.g. an activity's start and end)",
        ))
    if _YEAR_RE.fullmatch(text):
        return _year_only(raw, hint)
    month = _MONTH_RE.fullmatch(text)
    if month is not None:
        shown = _shown(raw)
        return DateError(Text(
            f'"{shown}" 只有年和月，缺少日，{hint[0]}',
            f'"{shown}" has a year and month but no day; {hint[1]}',
        ))
    if _NO_YEAR_RE.match(text):
        shown = _shown(raw)
        dated = _with_year(raw, text, today)
        if dated is not None:  # the value as written with its year: the line to write
            fixed, day = dated
            real = f"星期{_WEEKDAY_NAMES[day.weekday()]}"
            written = _WEEKDAY_RE.search(text)
            if written is not None and _WEEKDAYS[written.group(1)] != day.weekday():
                # 12月5日（周五） when the coming 12月5日 is a Saturday: the day or the weekday is a slip
                return DateError(Text(
                    f'"{shown}" 缺少年份，而且星期对不上：{_cn(day)}是{real}，'
                    f"不是{written.group().strip('() ')}：请核对日期，写上年份，如 {_cn(day)}",
                    f'"{shown}" has no year, and its weekday does not match: {day.isoformat()} is a {day:%A}; '
                    "check the date and write its year",
                ))
            # The weekday says which day was taken, unless the value already says it.
            shown_weekday = "" if written is not None else f"（{real}）"
            return DateError(Text(
                f'"{shown}" 缺少年份，请把年份写上，如 {fixed}{shown_weekday}',
                f'"{shown}" has no year; write it with its year, e.g. {fixed} ({day.isoformat()}, a {day:%A})',
            ))
        return DateError(Text(f'"{shown}" 缺少年份，请把年份写上，{hint[0]}', f'"{shown}" has no year; {hint[1]}'))
    return _invalid(raw, hint)


def _split(value: object, hint: tuple[str, str], end: bool = False, today: _dt.date | None = None
           ) -> tuple[_dt.date, _dt.time | None, _dt.tzinfo | None]:
    if isinstance(value, str):
        text = _normalise(value)
        if not text:
            raise _wrong_type(None, hint)
        return _parse_text(value, text, hint, end, today)
    if isinstance(value, int) and not isinstance(value, bool):
        if value >= 0 and len(str(value)) == 8:
            return _parse_text(value, str(value), hint)
        if 1000 <= value <= 9999:
            raise _year_only(value, hint)
        raise _invalid(value, hint)
    raise _wrong_type(value, hint)


def parse_date(value: object, today: _dt.date | None = None) -> _dt.date:
    """A calendar date. A time, if written, is checked and dropped. ``today`` (default: the
    computer's) only words messages: the day a date without its year (12月6日, 农历正月十五)
    or one said relative to today (明年3月1日) would be."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _split(value, _HINT_DATE, today=today)[0]


def parse_datetime(value: object, tz: ZoneInfo, end: bool = False, today: _dt.date | None = None
                   ) -> tuple[_dt.datetime, bool]:
    """A naive local datetime in ``tz``, and whether a time of day was written.
    ``today`` (default: today in ``tz``): as for :func:`parse_date`.

    A date alone gives midnight and ``False``. A value with an offset (``+08:00``, ``Z``) is
    converted to ``tz``; one without is taken to be local already. With ``end`` (an
    activity's end), ``2026-12-31 24:00`` is accepted as the end of that day: 2027-01-01 00:00.
    """
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(tz).replace(tzinfo=None), True
        return value, True
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day), False
    return _local(*_split(value, _HINT_DATETIME, end, today), tz)


def _local(date: _dt.date, time: _dt.time | None, offset: _dt.tzinfo | None, tz: ZoneInfo) -> tuple[_dt.datetime, bool]:
    if time is None:
        return _dt.datetime(date.year, date.month, date.day), False
    moment = _dt.datetime.combine(date, time)
    if offset is not None:
        moment = moment.replace(tzinfo=offset).astimezone(tz).replace(tzinfo=None)
    return moment, True


# A time of day with no date before it: "11:30", "下午3点", "11点半".
_TIME_ALONE = re.compile(rf"(?:{_PERIOD_ALTERNATION})?\s*\d{{1,2}}\s*(?::\d|[时点])")


def is_time_alone(value: object) -> bool:
    """``value`` is a time of day without a date (an activity's ``end: 11:30``)."""
    return isinstance(value, str) and _TIME_ALONE.match(_normalise(value)) is not None


def parse_time_on(value: str, day: _dt.date, tz: ZoneInfo) -> _dt.datetime:
    """A time of day alone (see :func:`is_time_alone`), on ``day``: the end of an activity
    written as ``end: 11:30`` ends on the day it starts, and ``end: 24:00`` at the end of
    that day (the next day's 00:00). Checked as a full date and time is, and told as written."""
    return _local(*_parse_text(value, f"{day.isoformat()} {_normalise(value)}", _HINT_END, end=True), tz)[0]


def parse_month(value: object) -> _dt.date:
    """A month, as the first day of it: ``2026-10`` and ``2026年10月`` give ``date(2026, 10, 1)``."""
    return _month(value, _HINT_MONTH)


def _month(value: object, hint: tuple[str, str]) -> _dt.date:
    """:func:`parse_month`, its messages ending in ``hint`` (how the field is written)."""
    if isinstance(value, _dt.date):  # also datetime
        return _dt.date(value.year, value.month, 1)
    if isinstance(value, int) and not isinstance(value, bool):
        if 1000 <= value <= 9999:
            raise _year_only(value, hint)
        text = str(value)
        raw: object = value
    elif isinstance(value, float) and not isinstance(value, bool):
        # YAML read 2026.12 as a number: name that month, not the example's October; 2026.1 may
        # have been 2026.10, so both are named.
        year, _, digits = repr(value).partition(".")
        # inf, nan and 1e+20 have no month digits: the usual example then.
        months = ([1, 10] if digits == "1" else [int(digits)] if len(digits) <= 2 and digits.isdigit()
                  and 1 <= int(digits) <= 12 else [])
        if months:
            zh = " 或 ".join(f"{year}-{m:02d}（{year}年{m}月）" for m in months)
            en = " or ".join(f"{year}-{m:02d}" for m in months)
            hint = (f"应为 {zh}", f"write it as {en}")
        raise DateError(Text(
            f"写的是小数 {value!r}，看不出是几月（2026.10 会被读成 2026.1），{hint[0]}",
            f"is the decimal number {value!r}, which loses the month (2026.10 reads as 2026.1); {hint[1]}",
        ))
    elif isinstance(value, str):
        text = _normalise(value)
        raw = value
        if not text:
            raise _wrong_type(None, hint)
    else:
        raise _wrong_type(value, hint)

    match = _MONTH_RE.fullmatch(text)
    if match is None:
        if _YEAR_RE.fullmatch(text):
            raise _year_only(raw, hint)
        if _DATETIME_RE.fullmatch(text) is not None:
            shown = _shown(raw)
            raise DateError(Text(
                f'"{shown}" 是一个日期，这里只写年和月，{hint[0]}',
                f'"{shown}" is a whole date, but only the year and month go here; {hint[1]}',
            ))
        shown = _shown(raw)
        raise DateError(Text(f'"{shown}" 不是有效月份，{hint[0]}', f'"{shown}" is not a valid month; {hint[1]}'))
    month = int(match.group("m") or match.group("zm") or match.group("cm"))
    if not 1 <= month <= 12:
        shown = _shown(raw)
        raise DateError(Text(
            f'"{shown}" 不是有效月份，月份只有 1 到 12，{hint[0]}',
            f'"{shown}" is not a valid month: months run 1 to 12; {hint[1]}',
        ))
    year = int(match.group("y"))
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _bad_year(raw, match.group("y"), hint)
    return _dt.date(year, month, 1)


def parse_partial_date(value: object, today: _dt.date | None = None) -> PartialDate:
    """A day, or only the month or the year when that is all that is known (a team's
    ``founded: 2023年`` or ``2021-03``: asking for a day would have staff invent one, which
    the page would then show as known). The first day of it, with what was written as its
    ``precision``: "year", "month" or "day". ``today``: as for :func:`parse_date`."""
    if isinstance(value, _dt.datetime):
        return _partial(value.date(), "day")
    if isinstance(value, _dt.date):
        return _partial(value, "day")
    if isinstance(value, float):  # 2021.03, read by YAML as a number: the month it names
        return _partial(_month(value, _HINT_PARTIAL), "month")
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        text, raw = str(value), value
    elif isinstance(value, str):
        text, raw = _normalise(value), value
    else:
        return _partial(_split(value, _HINT_PARTIAL, today=today)[0], "day")
    if _YEAR_RE.fullmatch(text):
        year = int(text[:4])
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            raise _bad_year(raw, text[:4], _HINT_PARTIAL)
        return PartialDate(year, 1, 1, "year")
    if _MONTH_RE.fullmatch(text):
        return _partial(_month(value, _HINT_PARTIAL), "month")
    return _partial(_split(value, _HINT_PARTIAL, today=today)[0], "day")


def _partial(day: _dt.date, precision: str) -> PartialDate:
    return PartialDate(day.year, day.month, day.day, precision)
