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
from zoneinfo import ZoneInfo

from .errors import Text

__all__ = ["DateError", "parse_date", "parse_datetime", "parse_month"]


class DateError(ValueError):
    """A value that is not a date; ``.text`` says why and how to write it."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


# Dashes an input method or a word processor may put where a hyphen belongs (NFKC keeps them).
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"})

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_NAMES = "一二三四五六日"

# Day-period words and how they move the hour: "am", "pm" or "noon".
_PERIODS = {
    "凌晨": "am", "早上": "am", "早晨": "am", "上午": "am", "清晨": "am",
    "中午": "noon",
    "下午": "pm", "傍晚": "pm", "晚上": "pm", "晚间": "pm", "夜里": "pm", "夜间": "pm",
}

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
        (?P<period>凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜里|夜间)?\s*
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
_MONTH_RE = re.compile(
    r"(?P<y>\d{4})(?:[-/.](?P<m>\d{1,2})|\s*年\s*(?P<zm>\d{1,2})\s*月份?|(?P<cm>\d{2}))",
)
_RANGE_RE = re.compile(r"\d{1,2}\s*[:时点][^-~至到]*\s*(?:-|~|至|到)\s*\d{1,2}\s*[:时点]")
_SPACES_RE = re.compile(r"\s+")
_NO_YEAR_RE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}[-/.]\d{1,2}(?![-/.]?\d)")  # 12月20日, 12-20
_YEAR_RE = re.compile(r"\d{4}\s*年?")
_MIN_YEAR, _MAX_YEAR = 1900, 2100

_HINT_DATE = ("应为 2026-12-01 或 2026年12月1日", "write it as 2026-12-01 or 2026年12月1日")
_HINT_DATETIME = ("应为 2026-12-01 或 2026-12-01 09:30", "write it as 2026-12-01 or 2026-12-01 09:30")
_HINT_END = ("应为 2026-12-01 11:30，同一天结束可只写时间，如 11:30",
             "write it as 2026-12-01 11:30, or the time alone (11:30) when it ends on the day it starts")
_HINT_MONTH = ("应为 2026-10 或 2026年10月", "write it as 2026-10 or 2026年10月")


def _normalise(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
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
        raise _invalid(raw, hint, f"{y}年{m}月只有 {last} 天", f"{y}-{m:02d} has only {last} days")
    return _dt.date(y, m, d)


def _bad_time(raw: object, zh_why: str, en_why: str, example: bool = True) -> DateError:
    shown = _shown(raw)
    if not example:
        return DateError(Text(f'"{shown}" 不是有效时间，{zh_why}', f'"{shown}" is not a valid time: {en_why}'))
    return DateError(Text(
        f'"{shown}" 不是有效时间，{zh_why}，应写成 2026-12-01 09:30 这样的格式（24 小时制）',
        f'"{shown}" is not a valid time: {en_why}; write it as 2026-12-01 09:30 (24-hour clock)',
    ))


def _parse_text(
    raw: object, text: str, hint: tuple[str, str], end: bool = False
) -> tuple[_dt.date, _dt.time | None, _dt.tzinfo | None]:
    """Split a normalised string into a date, an optional time and an optional offset.

    ``end``: the value ends something, where 24:00 is the end of its day, given as the next
    day's 00:00 (notices write 20:00-24:00). Anywhere else 24:00 is told to be written so."""
    match = _DATETIME_RE.fullmatch(text)
    if match is None:
        raise _diagnose(raw, text, hint)
    g = match.group
    year = int(g("y"))
    month = g("m") or g("zm") or g("cm")
    day = g("d") or g("zd") or g("cd")
    date = _make_date(raw, year, int(month), int(day), hint)

    if (wd := g("wd")) is not None and _WEEKDAYS[wd[-1]] != date.weekday():
        real = _WEEKDAY_NAMES[date.weekday()]
        en_day = date.strftime("%A")
        raise DateError(Text(
            f'"{_shown(raw)}" 的星期不对：{year}年{date.month}月{date.day}日是星期{real}，不是{wd}，请核对日期',
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
            if hour == 12 and period in ("晚上", "晚间", "夜里", "夜间"):
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
            raise _diagnose(raw, text, hint)
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


def _diagnose(raw: object, text: str, hint: tuple[str, str]) -> DateError:
    """Why a string matched no accepted form; only runs on the error path."""
    if _RANGE_RE.search(text):
        shown = _shown(raw)
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
        return DateError(Text(f'"{shown}" 缺少年份，请把年份写上，{hint[0]}', f'"{shown}" has no year; {hint[1]}'))
    return _invalid(raw, hint)


def _split(value: object, hint: tuple[str, str], end: bool = False
           ) -> tuple[_dt.date, _dt.time | None, _dt.tzinfo | None]:
    if isinstance(value, str):
        text = _normalise(value)
        if not text:
            raise _wrong_type(None, hint)
        return _parse_text(value, text, hint, end)
    if isinstance(value, int) and not isinstance(value, bool):
        if value >= 0 and len(str(value)) == 8:
            return _parse_text(value, str(value), hint)
        if 1000 <= value <= 9999:
            raise _year_only(value, hint)
        raise _invalid(value, hint)
    raise _wrong_type(value, hint)


def parse_date(value: object) -> _dt.date:
    """A calendar date. A time, if written, is checked and dropped."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _split(value, _HINT_DATE)[0]


def parse_datetime(value: object, tz: ZoneInfo, end: bool = False) -> tuple[_dt.datetime, bool]:
    """A naive local datetime in ``tz``, and whether a time of day was written.

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
    return _local(*_split(value, _HINT_DATETIME, end), tz)


def _local(date: _dt.date, time: _dt.time | None, offset: _dt.tzinfo | None, tz: ZoneInfo) -> tuple[_dt.datetime, bool]:
    if time is None:
        return _dt.datetime(date.year, date.month, date.day), False
    moment = _dt.datetime.combine(date, time)
    if offset is not None:
        moment = moment.replace(tzinfo=offset).astimezone(tz).replace(tzinfo=None)
    return moment, True


# A time of day with no date before it: "11:30", "下午3点", "11点半".
_TIME_ALONE = re.compile(r"(?:凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜里|夜间)?\s*\d{1,2}\s*(?::\d|[时点])")


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
    if isinstance(value, _dt.date):  # also datetime
        return _dt.date(value.year, value.month, 1)
    if isinstance(value, int) and not isinstance(value, bool):
        if 1000 <= value <= 9999:
            raise _year_only(value, _HINT_MONTH)
        text = str(value)
        raw: object = value
    elif isinstance(value, float) and not isinstance(value, bool):
        raise DateError(Text(
            f"写的是小数 {value!r}，看不出是几月（2026.10 会被读成 2026.1），{_HINT_MONTH[0]}",
            f"is the decimal number {value!r}, which loses the month (2026.10 reads as 2026.1); {_HINT_MONTH[1]}",
        ))
    elif isinstance(value, str):
        text = _normalise(value)
        raw = value
        if not text:
            raise _wrong_type(None, _HINT_MONTH)
    else:
        raise _wrong_type(value, _HINT_MONTH)

    match = _MONTH_RE.fullmatch(text)
    if match is None:
        if _YEAR_RE.fullmatch(text):
            raise _year_only(raw, _HINT_MONTH)
        if _DATETIME_RE.fullmatch(text) is not None:
            shown = _shown(raw)
            raise DateError(Text(
                f'"{shown}" 是一个日期，这里只写年和月，{_HINT_MONTH[0]}',
                f'"{shown}" is a whole date, but only the year and month go here; {_HINT_MONTH[1]}',
            ))
        shown = _shown(raw)
        raise DateError(Text(f'"{shown}" 不是有效月份，{_HINT_MONTH[0]}', f'"{shown}" is not a valid month; {_HINT_MONTH[1]}'))
    month = int(match.group("m") or match.group("zm") or match.group("cm"))
    if not 1 <= month <= 12:
        shown = _shown(raw)
        raise DateError(Text(
            f'"{shown}" 不是有效月份，月份只有 1 到 12，{_HINT_MONTH[0]}',
            f'"{shown}" is not a valid month: months run 1 to 12; {_HINT_MONTH[1]}',
        ))
    year = int(match.group("y"))
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _bad_year(raw, match.group("y"), _HINT_MONTH)
    return _dt.date(year, month, 1)
