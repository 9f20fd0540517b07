"""Validate: raw documents -> typed models, every problem collected, none raised one by one.

Each field of a schema (:mod:`generator.models`) names a *kind*; a kind is a coercion below
that turns a YAML value into a typed one or explains, in the user's words, what it expected.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

from . import dates
from .bodies import Body
from .config import PER_MILLE_UNITS, PERCENT_UNITS, SiteConfig
from .errors import Problems, did_you_mean
from .load import THREE_DIGITS, RawDocument, plain_number, yes_or_no
from .markup import MarkdownRenderer
from .models import (
    COMMON_FIELDS, Activity, Entry, MonthStats, Notice, Page, Poster, Service, ServiceCategory, Team, midnight_after,
)
from .slugs import slugify

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PHONE_PATTERN = re.compile(r"^[0-9０-９+＋()（）\- —]{5,20}$")


class Invalid(Exception):
    """A value that cannot be used; carries the user's message in both languages, and for an
    item of a list, its position (from 0), so that the message names that item's line."""

    def __init__(self, zh: str, en: str, index: int | None = None):
        super().__init__(en)
        self.zh, self.en, self.index = zh, en, index


def _describe(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        return "是/否", "a yes/no value"
    if isinstance(value, (int, float)):
        return f"数字 {value}", f"the number {value}"
    if isinstance(value, list):
        return "列表", "a list"
    if isinstance(value, dict):
        return "一组字段", "a mapping"
    if value is None:
        return "空值", "nothing"
    return f"“{value}”", f"'{value}'"


def _wrong_type(value: Any, want_zh: str, want_en: str) -> Invalid:
    got_zh, got_en = _describe(value)
    return Invalid(f"应为{want_zh}，这里写的是{got_zh}", f"expected {want_en}, got {got_en}")


def as_text(value: Any) -> str:
    if isinstance(value, list):  # "- a" lines under a field that takes one text
        raise Invalid(
            "应为一段文字，这里写成了列表（“- ” 开头的几行）：请写在冒号后的同一行，几项之间用 “、” 隔开",
            "expected a text, got a list ('- ' lines): write it on the line of the field, items separated by '、'",
        )
    if isinstance(value, dict) and value and all(item is None for item in value.values()):
        # "{安全}" meant as text: YAML reads braces as a group of fields with empty values.
        quoted = '"{' + ", ".join(map(str, value)) + '}"'
        raise Invalid(
            f"应为一段文字，这里的花括号 “{{ }}” 在 YAML 里有特殊含义（表示一组字段）：当文字用时请用英文引号把整个值括起来，写成 {quoted}",
            f"expected a text; braces '{{ }}' have a meaning in YAML (a group of fields): to mean text, quote the whole value: {quoted}",
        )
    if isinstance(value, bool) or isinstance(value, dict) or value is None:
        raise _wrong_type(value, "一段文字", "a text")
    return str(value).strip()


# 、 , or ， between items, not inside brackets: "雷淑芬（队长、联络员）" is one item.
_ENUMERATION = re.compile(r"[、,，](?![^（(【\[]*[)）】\]])")


def _enumerated(text: str) -> list[str]:
    return [part.strip() for part in _ENUMERATION.split(text) if part.strip()]


def as_text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        # Staff often write "老年人、儿童" for a list; accept the Chinese enumeration comma.
        return _enumerated(value)
    if not isinstance(value, list):
        raise _wrong_type(value, "一个列表（如 [老年人, 儿童]）", "a list such as [a, b]")
    return [as_text(item) for item in value]


def as_members(value: Any) -> list[str]:
    """A team's members: names only, as only their number is published. A roster copied from a
    spreadsheet brings each member's role or phone as fields (``- 王芳: 副队长``,
    ``- {name: 王芳, role: 副队长}``): say how to write that line, not "expected a text"."""
    if isinstance(value, list):
        for index, item in enumerate(value, 1):
            if isinstance(item, dict):
                # The fields' names, not their values: a phone or ID number would go to the build log.
                written = "、".join(f"{key}:" for key in item)
                line = _member_line(item)
                raise Invalid(
                    f"第 {index} 位队员写成了一组字段（{written}）：每行只写一个名字，职务写在名字后的括号里，"
                    f"写成 “- {line}”；队员名单不会公开，网站和海报只显示人数",
                    f"member {index} is written as fields ({written}): write one name a line, a role in brackets "
                    f"after it: '- {line}'; members are never published, only their number",
                    index - 1,
                )
    members = as_text_list(value)
    if isinstance(value, list):
        # "- 何建国、何秀英": a couple, or a line of a paper roster, on one "- " line: two members,
        # as on a line of their own ("members: 王芳、刘强" counts two), not one.
        members = [name for member in members for name in _enumerated(member)]
    # Names on one line apart by spaces or Tabs (a row pasted from Excel), or indented under
    # "members:" one a line without "- " (YAML joins them with spaces): one text, which the
    # site would count as 1 member. A full-width space is left alone: 王　芳 is one name,
    # lined up with three-character ones as Chinese rosters do.
    if isinstance(value, str) and any(re.search(r"[ \t]", member) for member in members):
        first = re.split(r"[ \t]+", members[0])[0]
        example = first if not THREE_DIGITS.search(first) else "张三"  # never a phone in the build log
        raise Invalid(
            f"队员名单的名字之间只有空格或 Tab（或每行一个名字，前面没有 “- ”），网站会算成 {len(members)} 人：请在 “members:” 下面每人一行，"
            f"前面加两个空格和 “- ”，写成 “  - {example}”；队员名单不会公开，网站和海报只显示人数",
            f"the members are apart only by spaces or tabs (or one a line without '- '), which the site counts as {len(members)}: "
            f"write one name a line under 'members:' with two spaces and '- ' before it: '  - {example}'; "
            f"members are never published, only their number",
        )
    return members


def _member_line(item: dict) -> str:
    """How a member written as fields reads as one line: ``王芳: 副队长`` and
    ``{name: 王芳, role: 副队长}`` are ``王芳（副队长）``."""
    if len(item) == 1:
        name, role = next(iter(item.items()))
    else:
        name = item.get("name") or item.get("姓名") or "王芳"
        role = item.get("role") or item.get("职务") or ("副队长" if name == "王芳" else None)
    # A value beside the name is as often the member's phone or ID number as a role: a
    # number goes neither to the build log nor into the line staff are told to write.
    is_role = isinstance(role, str) and role.strip() and not THREE_DIGITS.search(role)
    return f"{name}（{role}）" if is_role else str(name)


def as_bool(value: Any) -> bool:
    answer = yes_or_no(value)
    if answer is None:
        raise _wrong_type(value, " true 或 false（是/否）", "true or false")
    return answer


_NO_LIMIT = frozenset(["不限", "不限人数", "无限", "无限制", "不限名额", "若干", "不定"])


def as_count(value: Any, unit: Unit | None = None) -> int:
    """A whole number. With ``unit`` (an activity's capacity), also the number written as a
    figure may be (:func:`as_number`): ``40人``, ``1,200 人``."""
    value = plain_number(value)
    if unit is not None and isinstance(value, str) and not _quoted_plain_number(value):
        number = written_number(value, unit)
        if isinstance(number, float):
            raise Invalid(f"应为一个整数，这里写的是“{value}”", f"expected a whole number, got '{value}'")
        value = value if number is None else number
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdecimal():  # full-width digits too
            return int(value.strip())
        if isinstance(value, str) and (digits := re.match(r"\d+", unicodedata.normalize("NFKC", value.strip()))):
            raise Invalid(f"应为一个整数，这里写的是文字“{value}”：只写数字，不带单位，写成 {int(digits[0])}",
                          f"expected a whole number, got the text '{value}': write {int(digits[0])} (no unit)")
        if isinstance(value, str) and value.strip() in _NO_LIMIT:
            raise Invalid(f"应为一个整数，这里写的是“{value}”：不限就删掉这一行（不写就是不限）",
                          f"expected a whole number, got '{value}': for no limit, delete this line (none given means no limit)")
        raise _wrong_type(value, "一个整数", "a whole number")
    if value < 0:
        raise Invalid(f"不能是负数（{value}）", f"must not be negative ({value})")
    return value


@dataclass(frozen=True)
class Unit:
    """The unit a number may be written with, as a paper report has it (``1,250 户``,
    ``98.5％``), and how messages name it. ``word`` is "" for a metric declared without one."""

    word: str
    counted_zh: str  # "服务人次在 site.yaml 里以“人次”为单位"
    counted_en: str
    exact_zh: str  # why an approximation will not do: "统计数字是点算出来的确切数目"
    exact_en: str
    # Other words for the same unit: a capacity is written 40人, 40名 or 40位 (招募志愿者40名).
    also: tuple[str, ...] = ()

    @classmethod
    def of_metric(cls, label: str, unit: str) -> "Unit":
        if unit.strip():
            return cls(unit.strip(), f"{label}在 site.yaml 里以“{unit.strip()}”为单位",
                       f"{label} is counted in '{unit.strip()}' (site.yaml)",
                       "统计数字是点算出来的确切数目", "a figure is a count, exact")
        return cls("", f"{label}在 site.yaml 里没有写单位（unit）", f"{label} has no unit in site.yaml",
                   "统计数字是点算出来的确切数目", "a figure is a count, exact")

    def accepts(self, written: str) -> bool:
        """Whether ``written`` (after NFKC, without spaces) is this unit: exactly its word, or
        % for a metric in %, ‰ for one in ‰ (with NFKC, ％ is %)."""
        own = re.sub(r"\s", "", unicodedata.normalize("NFKC", self.word))
        if written in ("", own) or written in self.also:
            return True
        return (written == "%" and self.word in PERCENT_UNITS) or (written == "‰" and self.word in PER_MILLE_UNITS)


CAPACITY = Unit("人", "名额以“人”为单位", "a capacity is counted in '人'", "名额要写确切的人数", "a capacity is an exact number",
                also=("名", "位"))
HOURS = Unit("小时", "服务时长以“小时”为单位", "service hours are counted in '小时'",
             "服务时长要写记录下的确切时长", "service hours are the exact hours recorded")

# A number as a paper report writes it, after NFKC (full-width digits, ，and ％ made ASCII):
# thousands apart by commas, then what follows it (万, a unit).
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_EXACT = re.compile(rf"(?P<number>{_NUMBER})\s*(?P<rest>[^0-9,.]*)")
# The same with the words of an approximation around it, caught to say so (约600户 is not
# 600 户), and a unit of another kind.
_APPROXIMATE = re.compile(
    rf"(?P<before>大约|约|将近|接近|近|超过|逾|不到|不足|~|≈)?\s*(?P<number>{_NUMBER})\s*"
    r"(?P<about>余|多|来)?\s*(?P<scale>万)?\s*(?P<about_scale>余|多)?\s*"
    r"(?P<unit>[^0-9,.]*?)\s*(?P<after>左右|上下|以上|以下)?"
)


# Digits with commas in them, whatever their grouping: "12,50" is no thousands form (a comma
# before every three digits), but a comma typed in the wrong place, or a decimal comma.
_COMMA_DIGITS = re.compile(r"(?<![0-9.])[0-9]+(?:,[0-9]+)+(?:\.[0-9]+)?")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def _meant(digits: str) -> tuple[str, str]:
    """The number(s) ``digits`` ("12,50", "1,250") may stand for, as a fix to write: the
    digits without commas, and for one misplaced comma also that comma as a decimal point
    (12,50 is 12.50 where a comma is the decimal sign)."""
    joined = digits.replace(",", "")
    if _THOUSANDS.fullmatch(digits) or digits.count(",") != 1 or "." in digits:
        return f"写成 {joined}（不带逗号）", f"write {joined} (without the comma)"
    decimal_point = digits.replace(",", ".")
    return (f"是 {joined} 就写 {joined}，是 {decimal_point} 就写 {decimal_point}（小数用点，不用逗号）",
            f"write {joined} if that is the number, or {decimal_point} (a decimal point, not a comma)")


def _misplaced_comma(text: str) -> Invalid | None:
    """A comma that is not in a thousands place ("12,50", "1,2500"): not "only write digits"
    but where the comma went wrong and what was meant, 1250 or 12.50."""
    for found in _COMMA_DIGITS.finditer(unicodedata.normalize("NFKC", text)):
        if not _THOUSANDS.fullmatch(found.group()):
            fix_zh, fix_en = _meant(found.group())
            return Invalid(
                f"“{text}” 里的逗号不在千位上（千位逗号后面总是三位数字，如 1,250）：{fix_zh}",
                f"the comma in '{text}' is not in a thousands place (three digits follow one, as in 1,250): {fix_en}",
            )
    return None


def split_by_comma(key: Any, written: str) -> Invalid:
    """What to say of ``key: 1,250`` inside ``{…}`` on one line, which YAML reads as ``key: 1``
    and an item ``250`` of its own (see :func:`comma_splits`)."""
    digits = _COMMA_DIGITS.search(unicodedata.normalize("NFKC", written))
    fix_zh, fix_en = _meant(digits.group()) if digits else ("写成不带逗号的数", "write the number without the comma")
    first, _, rest = written.partition(",")
    return Invalid(
        f"在写在同一行的 {{…}} 里，逗号是隔开各项的：“{key}: {written}” 被拆成了 {key}: {first} 和另一项 “{rest}”。"
        f"{fix_zh}，或者不用 {{…}}，把每项单独写一行",
        f"inside {{…}} on one line a comma separates items: '{key}: {written}' was read as {key}: {first} and another "
        f"item '{rest}'. {fix_en[0].upper()}{fix_en[1:]}, or drop the {{…}} and put each item on a line of its own",
    )


def comma_splits(mapping: dict, line_of: Callable[[Any], int | None]) -> dict[Any, tuple[str, list[Any]]]:
    """The items of ``mapping`` that YAML split at a thousands comma: in a flow mapping on one
    line (``figures: {service_visits: 1,250}``) a comma ends an item, and what follows it
    (``250``, ``250人次``) becomes a key without a value. Such a key starts with a digit and
    stands on the same line right after an item whose value ends with one; ``line_of`` gives a
    key's line. Returns, per split item, the text as written ("1,250") and the stray keys."""
    splits: dict[Any, tuple[str, list[Any]]] = {}
    owner: Any = None
    for key, value in mapping.items():
        stray = (owner is not None and value is None and unicodedata.normalize("NFKC", str(key))[:1].isdigit()
                 and line_of(key) == line_of(owner))
        if stray:
            written, strays = splits.get(owner, (str(mapping[owner]), []))
            splits[owner] = (f"{written},{key}", [*strays, key])
            continue
        ends_in_digit = (isinstance(value, (int, float, str)) and not isinstance(value, bool)
                         and unicodedata.normalize("NFKC", str(value))[-1:].isdigit())
        owner = key if ends_in_digit else None
    return splits


def _quoted_plain_number(text: str) -> bool:
    """A text YAML would have read as a number without its quotes ("12"): text as before, not
    a number written with a unit."""
    return re.fullmatch(r"\s*[-+]?[0-9]+(?:\.[0-9]+)?\s*", text) is not None


def _decimal_text(amount: decimal.Decimal) -> str:
    text = f"{amount:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _number_of(digits: str, scale: int) -> int | float:
    """What YAML would have read for the plain number: an int unless a decimal point is
    written and stays (98.5, and 12.0 as YAML reads 12.0; 3.2万 is the int 32000)."""
    amount = decimal.Decimal(digits) * scale
    if scale == 1 and "." in digits:
        return float(amount)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def written_number(text: str, unit: Unit) -> int | float | None:
    """The number a figure written as text stands for: ``1,250 户`` and ``１２５０户`` are 1250,
    ``3.2万人次`` 32000, ``97.2％`` 97.2 (for a metric in %), as the plain number would be;
    None for a text that is no number so written (不限), which the caller explains. Raises
    :class:`Invalid` naming the number to write for an approximation (约600户), and the unit
    for another one (12 户 of a metric in 件)."""
    if misplaced := _misplaced_comma(text):
        raise misplaced
    normal = unicodedata.normalize("NFKC", text).strip()
    if (ended := _end_mark(text)) and _reads(bare := unicodedata.normalize("NFKC", ended[0]).strip(), unit):
        # 1250。 copied with the sentence's end: it said 单位不对, but the unit is right
        mark = ended[1]
        raise Invalid(f"“{text}” 的数字后面多了标点“{mark}”：删掉它，写成 {bare}",
                      f"'{text}' has the punctuation '{mark}' after the number: remove it, write {bare}")
    if exact := _EXACT.fullmatch(normal):
        digits, rest = exact["number"].replace(",", ""), re.sub(r"\s", "", exact["rest"])
        if unit.accepts(rest):  # first: 3.2万元 of a metric in 万元 is 3.2
            return _number_of(digits, 1)
        # 万 is 10000, but not for a metric in 万元: 3.2万 may mean 3.2 of them
        if rest.startswith("万") and unit.accepts(rest[1:]) and not unit.word.startswith("万"):
            return _number_of(digits, 10_000)
    written = _APPROXIMATE.fullmatch(normal)
    if written is None:
        return None
    amount = decimal.Decimal(written["number"].replace(",", "")) * (10_000 if written["scale"] else 1)
    shown = _decimal_text(amount)
    approximate = written["before"] or written["about"] or written["about_scale"] or written["after"]
    if approximate:
        raise Invalid(
            f"“{text}”是约数：{unit.exact_zh}，不写“{approximate}”，写成 {shown}（如果不正好是 {shown}，写核实后的数）",
            f"'{text}' is an approximation: {unit.exact_en}, without '{approximate}': write {shown} "
            f"(or the checked number if it is not exactly {shown})",
        )
    own = re.sub(r"\s", "", written["unit"])
    if own[:1] in ("千", "百", "亿") and unit.accepts(own[1:]):
        # 3千人次: only 万 is read (千克, 百分点 are units of their own): the number to write
        scaled = _decimal_text(amount * _scale_of(own[:1]))
        raise Invalid(f"应为一个数字，这里写的是文字“{text}”：写成 {scaled}",
                      f"expected a number, got the text '{text}': write {scaled}")
    if not unit.word:
        raise Invalid(f"{unit.counted_zh}，这里写的是“{text}”：只写数字，写成 {shown}；要带单位写，先在 site.yaml 的这个指标里加上 unit: {own}",
                      f"{unit.counted_en}, and this is '{text}': write the number alone, {shown}; to write it with its unit, "
                      f"add unit: {own} to this metric in site.yaml")
    raise Invalid(
        f"单位不对：这里写的是“{text}”，{unit.counted_zh}：请填按“{unit.word}”计的数，只写数字，或数字后加“{unit.word}”",
        f"wrong unit: this is '{text}', and {unit.counted_en}: write the number in {unit.word}, alone or followed by '{unit.word}'",
    )


# Punctuation a figure copied out of a sentence of the report ends with (after NFKC: ，is ,).
_END_MARKS = "。.,、;:!?"  # NFKC makes … three full stops


def _end_mark(text: str) -> tuple[str, str] | None:
    """``text`` split before the punctuation it ends with ("1250。" -> "1250", "。"), as
    written (a full-width ，stays one); None without such an end or without a figure before it."""
    written = text.strip()
    end = len(written)
    while end and all(sign in _END_MARKS for sign in unicodedata.normalize("NFKC", written[end - 1])):
        end -= 1
    before = written[:end].rstrip()
    return (before, written[end:].strip()) if before and end < len(written) else None


def _reads(text: str, unit: Unit) -> bool:
    """Whether ``text`` is a figure written_number reads (as a number, not as an error)."""
    try:
        return written_number(text, unit) is not None
    except Invalid:
        return False


# What staff write on a paper report for "no figure this month": a dash, a slash, 无.
_NO_FIGURE = frozenset(["—", "——", "-", "--", "－", "/", "／", "\\", "无", "暂无", "空", "未统计", "不详", "…", "……",
                        "×", "x", "X", "N/A", "n/a", "NA"])


def exact_text(value: float | None) -> str:
    """A number staff wrote with every digit they wrote: 0.95 -> "0.95", 2500.0 -> "2500",
    0.9512345 -> "0.9512345", never in exponent form. For a target, which is shown as
    declared: the one decimal of a figure (stats.number_text) made a target of 0.95 "0.9%",
    and the warning about that very target (link._check_percent_scale) quoted 0.95. Nine
    decimals at most, so that a target worked out (0.1 × 3 months) or a number scaled
    (0.95 × 100) reads 0.3 and 95, not 0.30000000000000004 and 95.00000000000001. None (no
    target) is "—", as stats.number_text has it."""
    if value is None:
        return "—"
    return format(decimal.Decimal(repr(round(value, 9))).normalize(), "f")


def as_number(value: Any, unit: Unit | None = None) -> float:
    """A number (a monthly figure, a team's hours). With ``unit``, also as a paper report
    writes one (:func:`written_number`): ``1,250 户``, ``3.2万人次``, ``98.5％``. Otherwise
    numbers pasted from a Word report as "1,234", "120人次", full-width "１２０" or in quotes
    are errors naming the number to write, not only that this is not one."""
    value = plain_number(value)
    if unit is not None and isinstance(value, str) and not _quoted_plain_number(value):
        number = written_number(value, unit)
        value = value if number is None else number
    if isinstance(value, str):
        plain = re.fullmatch(r"(\d+(?:\.\d+)?)(\D*)", re.sub(r"[,\s]", "", unicodedata.normalize("NFKC", value)))
        if plain:
            # "1.5万" is 15000: the number to write, not the digits before the unit
            scale = _scale_of(plain[2])
            number = f"{decimal.Decimal(plain[1]) * scale:f}".rstrip("0").rstrip(".") if "." in plain[1] else str(int(plain[1]) * scale)
            # Name only what this text has: "1 250" was told 不带单位、引号和逗号 (it has none)
            normal = unicodedata.normalize("NFKC", value)
            extra = [(zh, en) for zh, en, there in (
                ("单位", "unit", bool(plain[2]) and (unit is None or not unit.accepts(re.sub(r"\s", "", plain[2])))),
                ("引号", "quotes", _quoted_plain_number(value)),
                ("逗号", "commas", "," in normal),
            ) if there]
            no_zh = f"，不带{'、'.join(zh for zh, _ in extra)}" if extra else ""
            no_en = f"no {', '.join(en for _, en in extra)}" if extra else ""
            if re.search(r"[0-9]\s+[0-9]", normal):
                no_zh, no_en = f"{no_zh}，数字中间不加空格", f"{no_en}{', ' if no_en else ''}no spaces between the digits"
            no_en = f" ({no_en})" if no_en else ""
            raise Invalid(
                f"应为一个数字，这里写的是文字“{value}”：只写数字{no_zh}，写成 {number}",
                f"expected a plain number, got the text '{value}': write {number}{no_en}",
            )
        if value.strip() in _NO_FIGURE:
            raise Invalid(f"“{value}” 不是数字：没有这个数就删掉这一行；是 0 就写 0",
                          f"'{value}' is not a number: with no figure, delete this line; for none at all write 0")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _wrong_type(value, "一个数字", "a number")
    if not math.isfinite(value):  # YAML reads .nan and .inf as floats
        raise Invalid(f"“{value}” 不是一个具体的数字，请写数字，如 120", f"'{value}' is not a usable number")
    if value < 0:
        raise Invalid(f"不能是负数（{value}）", f"must not be negative ({value})")
    return value


def _scale_of(unit: str) -> int:
    """What a number written before ``unit`` stands for: 1.5万人次 is 15000. 千 and 百 count
    only alone: 千克, 千瓦时 and 百分点 are units of their own."""
    if unit[:1] in ("万", "亿"):
        return 10_000 if unit[0] == "万" else 100_000_000
    return {"千": 1_000, "百": 100}.get(unit, 1)


def as_phone(value: Any) -> str:
    text = as_text(value)
    if not PHONE_PATTERN.match(text):
        raise Invalid(
            f"“{text}” 不像电话号码，应为 0831-1234567 或 13812345678 这样的号码",
            f"'{text}' does not look like a phone number",
        )
    return text


def team_file_name(stem: str, suffix: str = ".md") -> str:
    """The file name a team's file should have: its id is its file name, so one written in
    Chinese (党员先锋队) is told the pinyin one, as a Chinese notice's address is made
    (dang-yuan-xian-feng-dui.md); a stem that is an id already is kept."""
    if not ID_PATTERN.match(stem):
        stem = slugify(stem) or "red-caps"
    return stem + suffix


def as_id(value: Any) -> str:
    text = as_text(value)
    if not ID_PATTERN.match(text):
        raise Invalid(
            f"“{text}” 不能作编号：只能用小写英文字母、数字和连字符，如 proxy-certificates",
            f"'{text}' is not a valid id: use lowercase letters, digits and hyphens",
        )
    return text


def as_team_ref(value: Any) -> str:
    """One team's id. Kept as written when it is no id (the team's name, say): linking knows
    the teams, and says which id to write."""
    if isinstance(value, list):
        example = value[0] if value and isinstance(value[0], str) else "silver-age"
        raise Invalid(
            f"只能写一个服务队的编号，这里写了 {len(value)} 个：请只留主办的那个，如 team: {example}，其他队写进正文",
            f"one team's id only, {len(value)} given: keep the organizing team's, e.g. team: {example}, and name the others in the text",
        )
    return as_text(value)


def _reason_or_answer(value: Any) -> bool | str:
    """A field that says why something is off, as residents read it (a service's ``paused``,
    an activity's ``cancelled``): its text, or True/False where a yes or a no (是/否) is
    written instead. Raises where only a date is written: residents would read "暂停服务：
    2026-12-01" or "已取消：2026-12-01", and not know what the day means; the caller's
    message says where that day belongs."""
    answer = yes_or_no(value) if isinstance(value, (bool, str)) else None
    if answer is not None:
        return answer
    if isinstance(value, (dt.date, str)) and _is_date(value):
        raise _DateForReason(str(value))
    return as_text(value)


class _DateForReason(Exception):
    """A bare date written where a reason is read (see _reason_or_answer)."""

    def __init__(self, day: str):
        super().__init__(day)
        self.day = day


def as_pause(value: Any) -> str:
    """Why a service is paused, as residents read it. ``paused: true`` (or 是) says nothing
    to a resident: ask for the words; ``paused: false`` is not paused."""
    try:
        reason = _reason_or_answer(value)
    except _DateForReason as written:
        raise Invalid(
            f"paused 写的是居民看到的暂停原因，这里只写了日期 {written.day}：恢复的日子请写在 resumes: {written.day}，"
            "paused 写原因，如 paused: 冬季暂停，明年3月恢复",
            f"paused is the reason residents read, and holds only a date ({written.day}): put the day it is "
            f"offered again in resumes: {written.day}, and the reason in paused, e.g. paused: 冬季暂停，明年3月恢复",
        ) from None
    if reason is True:
        raise Invalid(
            "请写上暂停的原因和大约何时恢复，居民会看到这段话，如 paused: 冬季暂停，明年3月恢复"
            "（到某天自动恢复，再加一行 resumes: 2027-03-01）",
            "write why it is paused and roughly until when, as residents will read it, e.g. "
            "paused: 冬季暂停，明年3月恢复 (to offer it again on a day by itself, add resumes: 2027-03-01)",
        )
    return reason or ""


def as_cancel(value: Any) -> bool | str:
    """Why an activity is cancelled, as residents read it, or True (``cancelled: true``, 是):
    cancelled, and pages say only 已取消 (a cancellation is urgent; the reason can follow).
    False (``cancelled: false``) is not cancelled: see _activity for its warning."""
    try:
        return _reason_or_answer(value)
    except _DateForReason as written:
        # The day it was called off, or the day it moves to: neither tells residents anything
        # as "已取消：2026-12-06", and a new day belongs in start, where pages and calendars read it.
        raise Invalid(
            f"cancelled 写的是居民看到的取消原因，这里只写了日期 {written.day}：请写上取消的原因，如 "
            f"cancelled: 因降雪取消，改期另行通知，取消的日子写在下一行 cancelled_on: {written.day}；"
            f"如果活动是改到 {written.day} 举行，不要写 cancelled，把 start 改成新的时间",
            f"cancelled is the reason residents read, and holds only a date ({written.day}): write why it is "
            f"cancelled, e.g. cancelled: 因降雪取消，改期另行通知, and the day it was called off on the next line, "
            f"cancelled_on: {written.day}; if the activity moves to {written.day}, do not write cancelled: change "
            f"start to the new time",
        ) from None


def _is_date(value: Any) -> bool:
    try:
        dates.parse_date(value)
    except dates.DateError:
        return False
    return True


def as_slug(value: Any) -> str:
    text = as_text(value)
    if "/" in text or "\\" in text or text in (".", "..") or text.startswith("."):
        raise Invalid(
            f"“{text}” 不能作网址：不能含 “/”、“\\” 或以 “.” 开头（会写到输出文件夹外）",
            f"'{text}' cannot be a slug: no '/', '\\' or leading '.' (it would leave the output folder)",
        )
    slug = slugify(text)
    if not slug:
        raise Invalid(f"“{text}” 转成网址后为空，请用字母或汉字", f"'{text}' gives an empty slug")
    return slug


def as_poster(value: Any, default_size: str) -> Poster | None:
    wanted = yes_or_no(value) if value is not None and not isinstance(value, dict) else None
    if wanted is True:  # poster: 是
        return Poster(default_size)
    if wanted is False or value is None:  # poster: 否
        return None
    if isinstance(value, str):
        value = {"size": value}
    if not isinstance(value, dict):
        raise _wrong_type(value, " a4、a3、true 或 false", "a4, a3, true or false")
    size = str(value.get("size", default_size)).strip().lower()
    if size not in ("a4", "a3"):
        raise Invalid(f"海报尺寸 “{size}” 无效，只能是 a4 或 a3（不要海报请写 false）",
                      f"poster size '{size}' is invalid: use a4 or a3 (false for no poster)")
    return Poster(size)


@dataclass
class FileContext:
    """What a coercion needs to know beyond the value itself."""

    document: RawDocument
    config: SiteConfig
    markdown: MarkdownRenderer
    # The build's day (--today): words the message of a lunar date written without its year
    # (which names the next such day); None: the computer's. A file with that error is never
    # cached, so the message cannot go stale.
    today: dt.date | None = None

    @property
    def tz(self) -> ZoneInfo:
        return self.config.tz

    def error(self, field: str, zh: str, en: str, index: int | None = None) -> None:
        """An error of the file's top-level ``field``, at its line, or of its item ``index``
        (from 0) at that item's line."""
        line = self.document.line(field) if index is None else self.document.line(field, index)
        self.document.problems.error(self.document.path, line, field, zh, en)


def _coercions(ctx: FileContext) -> dict[str, Callable[[Any], Any]]:
    def datetime_value(value: Any, end: bool = False) -> tuple[dt.datetime, bool]:
        try:
            return dates.parse_datetime(value, ctx.tz, end, ctx.today)
        except dates.DateError as error:
            raise Invalid(error.text.zh, error.text.en) from None

    def end_value(value: Any) -> tuple[dt.datetime, bool] | str:
        """A date and time, or a time alone (returned as written): see :func:`_activity_end`.
        24:00 is accepted here as the end of its day, the next day's 00:00 (notices write 20:00-24:00)."""
        return value.strip() if dates.is_time_alone(value) else datetime_value(value, end=True)

    def date_value(value: Any) -> dt.date:
        try:
            return dates.parse_date(value, ctx.today)
        except dates.DateError as error:
            raise Invalid(error.text.zh, error.text.en) from None

    def partial_date_value(value: Any) -> dates.PartialDate:
        try:
            return dates.parse_partial_date(value, ctx.today)
        except dates.DateError as error:
            raise Invalid(error.text.zh, error.text.en) from None

    def earlier_days_value(value: Any) -> list[tuple[dt.datetime, bool]]:
        """One date, or a list of them (the days an activity was announced for before its
        start, see _rescheduled_days); an item that is no date is told with its place and line."""
        if not isinstance(value, list):
            return [datetime_value(value)]
        days = []
        for index, item in enumerate(value):
            try:
                days.append(datetime_value(item))
            except Invalid as invalid:
                raise Invalid(f"第 {index + 1} 个日子：{invalid.zh}；rescheduled_from 的每一项都要写成日期，"
                              f"如 [2026-12-12, 2026-12-19]",
                              f"day {index + 1}: {invalid.en}; every item of rescheduled_from is a date, e.g. "
                              f"[2026-12-12, 2026-12-19]", index) from None
        return days

    def month_value(value: Any) -> dt.date:
        try:
            return dates.parse_month(value)
        except dates.DateError as error:
            raise Invalid(error.text.zh, error.text.en) from None

    return {
        "text": as_text,
        "text_list": as_text_list,
        "members": as_members,
        "bool": as_bool,
        "count": as_count,
        "capacity": lambda value: as_count(value, CAPACITY),  # 40人
        "hours": lambda value: as_number(value, HOURS),  # 1,200小时
        "phone": as_phone,
        "id": as_id,
        "slug": as_slug,
        "date": date_value,
        "datetime": datetime_value,
        "earlier_days": earlier_days_value,
        "end": end_value,
        "month": month_value,
        "partial_date": partial_date_value,
        "team_ref": as_team_ref,
        "provider": as_text,
        "pause": as_pause,
        "cancel": as_cancel,
        "poster": lambda value: as_poster(value, ctx.config.poster_size),
        "markdown": as_text,
        "attachments": lambda value: value,  # checked in detail by _attachments
        "service_items": lambda value: value,  # checked item by item by _service_category
        "figures": lambda value: value,  # checked metric by metric by _month_stats
    }


_FOLDER_NAMES = {"notices": "通知", "activities": "活动", "teams": "志愿服务队", "pages": "页面", "services": "服务", "stats": "月度统计"}


def _belongs_elsewhere(key: str, relpath: str) -> tuple[str, str]:
    """A hint when an unknown field is one of another kind's (an activity saved in notices/)."""
    folder = relpath.split("/")[1] if relpath.count("/") >= 2 else ""
    for kind in (Activity, Notice, Team, Page):
        if kind.FOLDER != folder and key in kind.FIELDS and key not in COMMON_FIELDS:
            return (f"；这是{_FOLDER_NAMES[kind.FOLDER]}的字段，如果这个文件是{_FOLDER_NAMES[kind.FOLDER]}，"
                    f"请把它移到 content/{kind.FOLDER}/ 文件夹",
                    f"; it is a field of {kind.FOLDER}: if this file is one, move it to content/{kind.FOLDER}/")
    return "", ""


# Field names as staff say them, and as the website labels them (点单方式：, 费用：): copied from a
# page or a paper form into the file, they would be ignored with no hint, as no English name is
# close to them. A word may name different fields in different files (时间: a service's schedule,
# an activity's start): the first that the file's type has is meant.
_CHINESE_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "标题": ("title", "name"), "题目": ("title",), "名称": ("name", "title", "category"), "名字": ("name",),
    "服务名称": ("name",), "队名": ("name",), "服务队名称": ("name",), "编号": ("id",),
    "日期": ("date", "start"), "发布日期": ("date",), "时间": ("schedule", "start"), "开始时间": ("start",),
    "结束时间": ("end",), "服务时间": ("schedule",), "地点": ("location",), "服务地点": ("location",),
    "地址": ("location",), "费用": ("fee",), "收费": ("fee",), "价格": ("fee",), "收费标准": ("fee",),
    "对象": ("audience",), "服务对象": ("audience",), "适用对象": ("audience",), "适用人群": ("audience",),
    "电话": ("contact",), "联系电话": ("contact",), "联系方式": ("contact",), "点单方式": ("how_to_order",),
    "预约方式": ("how_to_order", "signup"), "报名方式": ("signup",), "报名": ("signup",), "介绍": ("description",),
    "简介": ("description", "summary"), "说明": ("description",), "服务提供": ("provider",), "提供方": ("provider",),
    "服务队": ("team", "provider"), "主办": ("organizer",), "主办方": ("organizer",), "人数": ("capacity",),
    "名额": ("capacity",), "队长": ("leader",), "负责人": ("leader",), "队员": ("members",), "成员": ("members",),
    "成立时间": ("founded",), "服务内容": ("focus",), "招募": ("recruiting",), "服务时长": ("hours",),
    "类别": ("category",), "分类": ("category",), "标签": ("tags",), "摘要": ("summary",), "到期": ("expires",),
    "过期时间": ("expires",), "置顶": ("pinned",), "紧急": ("urgent",), "草稿": ("draft",), "附件": ("attachments",),
    "海报": ("poster",), "月份": ("month",), "排序": ("order",), "服务项目": ("items",), "服务列表": ("items",),
    "暂停": ("paused",), "暂停服务": ("paused",), "停止": ("paused",), "恢复": ("resumes",), "恢复日期": ("resumes",),
    "恢复时间": ("resumes",), "解散": ("dissolved",), "解散日期": ("dissolved",), "解散时间": ("dissolved",),
    "已解散": ("dissolved",), "取消": ("cancelled",), "已取消": ("cancelled",), "取消原因": ("cancelled",),
    "活动取消": ("cancelled",), "取消日期": ("cancelled_on",), "取消时间": ("cancelled_on",),
    "原定": ("rescheduled_from",), "原定日期": ("rescheduled_from",), "原定时间": ("rescheduled_from",),
    "原定于": ("rescheduled_from",), "原日期": ("rescheduled_from",), "原时间": ("rescheduled_from",),
}

# A field for the state of a thing (status: 取消, 状态: 暂停中), which no content type has: its
# value says which field is meant.
_STATUS_NAMES = frozenset({"status", "state", "状态", "活动状态", "服务状态", "状况"})
_CANCEL_WORDS = frozenset({"取消", "已取消", "活动取消", "cancelled", "canceled", "cancel"})


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().rstrip("：:").strip().lower()


def _field_named_by_value(key: str, value: Any, schema: dict) -> str | None:
    """The field a ``status: 取消`` (状态: 已取消, status: cancelled) stands for, if any."""
    if _plain(key) not in _STATUS_NAMES or "cancelled" not in schema:
        return None
    return "cancelled" if _plain(str(value)) in _CANCEL_WORDS else None


def _cancel_hint(key: str, value: Any) -> tuple[str, str]:
    """The message for a cancellation written under another name (取消:, status: 取消): an
    error, not the unknown field's warning, as the activity would be published as taking
    place and residents would come."""
    reason = str(value).strip()
    if isinstance(value, bool) or not isinstance(value, str) or yes_or_no(reason) is not None \
            or reason.lower() in _CANCEL_WORDS:
        reason = "因降雪取消，改期另行通知"
    return (f"“{key.strip()}” 不是字段名，活动不会显示为已取消：请写成 cancelled: 和居民会看到的取消原因，如 "
            f"cancelled: {reason}",
            f"'{key.strip()}' is not a field, so the activity would not show as cancelled: write cancelled: "
            f"and the reason residents will read, e.g. cancelled: {reason}")


# An activity moved to another day, written as a field of its own (改期: 2026-12-19, postponed:,
# status: 延期) as a paper notice says 改期: ignored as unknown, the site went on showing the old
# day, and the did-you-mean named "poster" for "postponed". A new day is the activity's start.
_POSTPONE_NAMES = frozenset({
    "改期", "已改期", "延期", "已延期", "推迟", "推遲", "顺延", "順延", "改期到", "改期至", "延期到", "延期至",
    "推迟到", "推迟至", "顺延至", "改到", "改为", "改期时间", "改期日期", "延期时间", "新时间", "新日期",
    "postponed", "postpone", "rescheduled", "reschedule", "delayed", "new_date", "new_start"})
_POSTPONE_WORDS = frozenset({"改期", "已改期", "延期", "已延期", "推迟", "已推迟", "顺延", "postponed", "rescheduled",
                             "delayed"})


def _postpone_meant(key: str, value: Any) -> bool:
    """``key: value`` says the activity moved to another day (改期: 2026-12-19, status: 延期)."""
    name = _plain(key)
    return name in _POSTPONE_NAMES or (name in _STATUS_NAMES and _plain(str(value)) in _POSTPONE_WORDS)


def _days_written(ctx: FileContext, value: Any) -> list[str]:
    """The days of a ``rescheduled_from`` as written (one date or a list), as 2026-12-12; []
    when there is none, or one is no date (its own error says so)."""
    items = value if isinstance(value, list) else [] if value in (None, "") else [value]
    try:
        return [f"{dates.parse_datetime(item, ctx.tz, today=ctx.today)[0]:%Y-%m-%d}" for item in items]
    except dates.DateError:
        return []


def _postpone_fix(ctx: FileContext, key: str, value: Any, start: Any, moved_from: Any = None
                  ) -> tuple[bool, str, str]:
    """(whether it is an error, zh, en) for an activity's postponement written as a field. A new
    day or time that is not the start's is an error: the site would still show the old one, and
    residents would come then. Otherwise (a reason, or start already changed) a warning.
    ``moved_from``: its ``rescheduled_from`` as written, for a second move: the line to write
    is then that list with one more day, as a second ``rescheduled_from:`` line is no YAML."""
    earlier = _days_written(ctx, moved_from)
    try:
        old, old_has_time = dates.parse_datetime(start, ctx.tz, today=ctx.today)
    except dates.DateError:
        old, old_has_time = None, False
    try:
        new, new_has_time = dates.parse_datetime(value, ctx.tz, today=ctx.today)
    except dates.DateError:
        new, new_has_time = None, False
    shown = "" if old is None else f"{old:%Y-%m-%d %H:%M}" if old_has_time else f"{old:%Y-%m-%d}"
    # A new time on the same day is a move too (改期: 2026-12-12 14:00 for a 9:30 start): the
    # site would show 9:30 and residents would come in the morning.
    moved = old is None or new is not None and (new != old if new_has_time else new.date() != old.date())
    if new is not None and moved:
        written = str(value).strip() if isinstance(value, str) else f"{new:%Y-%m-%d}"
        if not new_has_time and old_has_time:
            written += f" {old:%H:%M}"
        moved_day = old is not None and new.date() != old.date()  # not for a new time on the same day
        # The old day, for the line that tells residents it moved (rescheduled_from).
        mark = f"加一行 rescheduled_from: {old:%Y-%m-%d}（原定的日子，网站和海报会写明已改期），" if moved_day else ""
        mark_en = f"add a line rescheduled_from: {old:%Y-%m-%d} (the day first announced: the site and the " \
            f"poster then say it moved), " if moved_day else ""
        if moved_day and earlier:  # moved again: the day it leaves goes last in the list
            days = ", ".join([*earlier, f"{old:%Y-%m-%d}"])
            mark = f"把 rescheduled_from 改成 [{days}]（以前通知过的日子按先后排列，网站、日历和海报会写明又改了期），"
            mark_en = f"change rescheduled_from to [{days}] (the days announced before, in that order: the site, " \
                f"the calendars and the poster then say it moved again), "
        now = f"活动仍按 start 的 {shown} 显示，居民会按原来的时间来" if shown else "活动不会改到这一天"
        now_en = f"the activity still shows on {shown}, its start, and residents would come then" if shown \
            else "the activity does not move to that day"
        return (True,
                f"“{key.strip()}” 不是字段名，{now}：改期请把 start 改成新的时间，写成 start: {written}"
                f"（写了 end 的，end 也要改），{mark}再删掉这一行；改期的原因请写在正文开头",
                f"'{key.strip()}' is not a field: {now_en}. To move it, change start to the new time: "
                f"start: {written} (and end, if written), {mark_en}then delete this line; write why it moved at the top "
                f"of the text")
    now = f"，现在 start 是 {shown}" if shown else ""
    now_en = f"; start now says {shown}" if shown else ""
    tell = ("请加一行 rescheduled_from: 和原定的日子（如 rescheduled_from: 2026-12-12）",
            "add a line rescheduled_from: and the day first announced (e.g. rescheduled_from: 2026-12-12)")
    if earlier:  # moved again: the day it was moved from goes last in the list
        tell = (f"请把改期前的日子加到 rescheduled_from 的最后，如 rescheduled_from: [{', '.join(earlier)}, 改期前的日子]",
                f"add the day it was moved from at the end of rescheduled_from, e.g. rescheduled_from: "
                f"[{', '.join(earlier)}, <the day before this move>]")
    return (False,
            f"不认识的字段，已忽略，居民看不到这一行：活动改期只要把 start（写了 end 的还有 end）改成新的时间{now}，"
            f"网站、日历和海报都会跟着变；要让看过原来日子的居民知道改了期，{tell[0]}；改期的原因请写在正文开头，再删掉这一行",
            f"unknown field, ignored, and residents do not see it: to move an activity, change start (and end, if "
            f"written) to the new time{now_en}; the site, the calendars and the poster follow. For residents who saw "
            f"the old day to learn it moved, {tell[1]}. Write why it moved at the top of the text, then delete this line")


# A service paused the way a spreadsheet or another system says it: a status field (status: 暂停,
# 状态: 暂停中, status: paused, status: 已下线) or the Chinese word as the field's name (暂停: 志愿医生外出).
# Ignored as an unknown field, the service went on showing residents how to order it: an error
# that names the two fields that pause one, as resumes without paused is. There is no status
# field to accept 暂停 in: a pause needs the reason residents read (paused:), which a status word
# does not carry, and its end (resumes:).
_PAUSE_NAMES = frozenset(name for name, fields in _CHINESE_FIELD_NAMES.items() if fields == ("paused",))
# The words staff write for a service not offered for now, in Simplified and Traditional Chinese,
# and whole English words, whose typos (pasued) count too. A Chinese value is read only when it
# is made of these words alone (暂停, 暂停中, 已暂停, 暂停营业, 维修中暂停): a value that merely
# contains one is text about the service (周一休息, 节假日不开放, 停车场旁), at most a warning as
# any unknown field, not an error that stops the build with advice to pause the service.
_PAUSE_STEMS = ("暂停", "暫停", "停业", "停業", "停诊", "停診", "关闭", "關閉", "关门", "關門", "歇业", "歇業",
                "维修", "維修", "检修", "檢修", "不开放", "不開放", "暂不", "暫不", "暂缓", "暫緩", "中止", "休息",
                "放假", "下线", "下線", "下架", "终止", "終止", "结束", "結束", "取消", "撤销", "撤銷", "不再", "作废",
                "作廢", "失效")
_PAUSE_WORDS = frozenset(["paused", "pause", "suspended", "stopped", "on hold", "hold", "closed", "offline",
                          "inactive", "disabled", "unavailable", "maintenance", "ended", "cancelled", "canceled",
                          "discontinued", "retired", "archived"])
# ... of which these may mean for good (停办, 已下线, 结束): then the message adds that a service no
# longer offered is deleted, or given draft: true.
_ENDED_STEMS = ("停止", "停办", "停辦", "停用", "下线", "下線", "下架", "终止", "終止", "结束", "結束", "取消", "撤销",
                "撤銷", "不再", "作废", "作廢", "失效")
# What may stand around the status words in a whole status value: 已 and 暂时 before (已停止,
# 暂时关闭), 中 after a word (维修中, 暂停中), and what is not offered after the last (暂停营业,
# 停止服务, 暂不开放, 不再提供). 中 is its own token so that 中止 is still a word.
_STATUS_WORD = re.compile("|".join(sorted(map(re.escape, {*_PAUSE_STEMS, *_ENDED_STEMS}), key=len, reverse=True)))
_STATUS_VALUE = re.compile(
    rf"(?:已|暂时|暫時)?(?:(?:{_STATUS_WORD.pattern})中?)+"
    r"(?:营业|營業|服务|服務|开放|開放|提供|办理|辦理|预约|預約|接单|接單|受理|使用)?中?")
_STATUS_PUNCTUATION = "。.！!，,、；;～~ "
_ENDED_WORDS = frozenset(["stopped", "closed", "offline", "inactive", "disabled", "ended", "cancelled", "canceled",
                          "discontinued", "retired", "archived"])
# English words for a service offered as usual, matched along with the pause words so that the
# nearest wins: "active" is close enough to "inactive" to be read as its typo, and "enabled" to "disabled".
_OPEN_WORDS = frozenset(["active", "open", "available", "enabled", "online", "normal", "running", "ok"])
_PAUSE_EXAMPLE = "冬季暂停，明年3月恢复"


def service_state(value: Any) -> str | None:
    """What a status word written for a service means: ``"paused"`` (暂停, 维修中, status: paused,
    or pasued, a typo of it), ``"ended"`` (停办, 已下线, 结束: paused, or perhaps for good), or None
    (正常, 开放, text that only mentions such a word — 周一休息, 停车场旁 —, not text): a service
    offered as usual."""
    if not isinstance(value, str):
        return None
    word = _plain(value).strip(_STATUS_PUNCTUATION)
    if not word:
        return None
    if word.isascii():  # whole words: "closed" is not in "enclosed"; a typo is still the word
        close = difflib.get_close_matches(word, sorted(_PAUSE_WORDS | _OPEN_WORDS), n=1, cutoff=0.8)
        if not close or close[0] in _OPEN_WORDS:
            return None
        return "ended" if close[0] in _ENDED_WORDS else "paused"
    if not _STATUS_VALUE.fullmatch(word):
        return None
    return "ended" if any(found in _ENDED_STEMS for found in _STATUS_WORD.findall(word)) else "paused"


def _pause_meant(key: str, value: Any) -> bool:
    """``key: value`` is meant to pause the service (or, in a category file, its services)."""
    name = _plain(key)
    if name in _PAUSE_NAMES:
        return value is not None and value != "" and yes_or_no(value) is not False
    return name in _STATUS_NAMES and service_state(value) is not None


def _pause_fix(key: str, value: Any, category: bool) -> tuple[str, str]:
    """What to write instead of ``key: value`` to pause a service: ``paused:`` with the reason
    residents read, the value itself when it is one (暂停: 志愿医生外出), and ``resumes:``."""
    word = _plain(value) if isinstance(value, str) else ""
    is_reason = (isinstance(value, str) and _plain(key) in _PAUSE_NAMES and yes_or_no(value) is None
                 and not _is_date(value) and word not in _PAUSE_WORDS and word not in (*_PAUSE_STEMS, *_ENDED_STEMS))
    reason = value.strip() if is_reason else _PAUSE_EXAMPLE
    day = value if isinstance(value, (dt.date, str)) and _is_date(value) else "2027-03-01"
    zh = f"paused: {reason}（居民看到的暂停原因），到某天自动恢复再加一行 resumes: {day}"
    en = f"paused: and the reason residents will read (paused: {reason}), and, to offer it again on a day by itself, resumes: {day}"
    if not is_reason and service_state(value) == "ended":
        zh += "；整类不再提供，删掉这个文件" if category else "；不再提供的服务，删掉它或加一行 draft: true"
        en += ("; a category no longer offered is deleted with its file" if category
               else "; a service no longer offered is deleted, or given draft: true")
    if category:
        return (f"“{key}” 不是服务类别的字段，类别不能整体暂停：请在要暂停的每项服务下写 {zh}",
                f"'{key}' is not a field of a category, which cannot be paused as a whole: under each service to pause, write {en}")
    if _plain(key) in _PAUSE_NAMES:
        return f"字段名要写英文：暂停服务请写 {zh}", f"field names are English: to pause the service, write {en}"
    return (f"“{key}” 不是服务的字段，不能暂停服务：要暂停，请写 {zh}",
            f"'{key}' is not a field of a service and cannot pause it: to pause it, write {en}")


# What a status field that neither cancels an activity nor pauses a service (status: 报名中,
# 状态: 进行中, status: open) stands for, by the file's type: its did-you-mean named a field
# that only looks alike ("status" -> "start", "tags"), which staff would then fill in. The
# site works such states out (an activity from its dates, a notice from date and expires) or
# has fields for them; still a warning, as the file builds as it would without the line.
_STATUS_FIXES: tuple[tuple[dict, str, str], ...] = (
    (Activity.FIELDS,
     "活动的状态不用写，网站按 start 和 end 的日期自动显示即将开始或已结束；报名请写 signup:（报名方式）和 "
     "capacity:（名额），取消请写 cancelled: 和取消原因",
     "an activity's state is not written: the site shows it as upcoming or over from its start and end dates; "
     "for signing up, write signup: (how to sign up) and capacity: (places); to cancel it, cancelled: and the reason"),
    (Notice.FIELDS,
     "通知的状态不用写，按 date 的日期发布；到某天不再列出请写 expires: 和那天的日期，暂不发布请写 draft: true",
     "a notice's state is not written: it is published on its date; to take it off the lists on a day, write "
     "expires: and that day; to hold it back, draft: true"),
    (Team.FIELDS,
     "服务队的状态不用写；正在招募请写 recruiting: true，已解散请写 dissolved: 和解散的日期",
     "a team's state is not written: while it takes new members, write recruiting: true; once dissolved, "
     "dissolved: and the day"),
    (Page.FIELDS,
     "页面没有状态；暂不发布请写 draft: true", "a page has no state; to hold it back, write draft: true"),
    # status: 正常, status: 开放, or a word service_state cannot read: the three states a service
    # has, and how each is written (a pause word is an error before this, see _pause_fix), and
    # where the text a status column often holds goes (status: 周一休息, 停车场旁).
    (Service.FIELDS,
     "服务的状态不用写：正常提供的服务什么都不用写；暂停请写 paused: 和居民看到的暂停原因（到某天自动恢复再加一行 "
     "resumes: 和那天的日期）；不再提供的服务，删掉它或加一行 draft: true；开放时间和休息日写在 schedule:，地点写在 location:",
     "a service's state is not written: a service offered as usual needs nothing; to pause it, write paused: and "
     "the reason residents will read (and resumes: with the day it is offered again by itself); a service no "
     "longer offered is deleted, or given draft: true; opening hours and rest days go in schedule:, the place in "
     "location:"),
    (ServiceCategory.FIELDS,
     "服务类别没有状态：要暂停其中的服务，在每项服务下写 paused: 和居民看到的暂停原因；整类不再提供，删掉这个文件",
     "a category has no state: to pause its services, write paused: and the reason residents will read under "
     "each; a category no longer offered is deleted with its file"),
)


def _status_fix(key: str, schema: dict) -> tuple[str, str] | None:
    """What to write instead of a status field in a file of ``schema``'s type, if it has a word for it."""
    if _plain(key) not in _STATUS_NAMES:
        return None
    return next(((zh, en) for fields, zh, en in _STATUS_FIXES if schema is fields), None)


def _field_named_in_chinese(key: str, schema: dict) -> str | None:
    """The field a Chinese name (费用, 点单方式：) stands for in this schema, if any."""
    return next((name for name in _CHINESE_FIELD_NAMES.get(key.strip().rstrip("：:"), ()) if name in schema), None)


def coerce_fields(
    ctx: FileContext, schema: dict, data: dict, path: tuple = (), label: str = ""
) -> dict[str, Any]:
    """Coerce every field of ``data`` by ``schema``; report missing, unknown and invalid ones."""
    document, problems = ctx.document, ctx.document.problems
    coercions = _coercions(ctx)
    values: dict[str, Any] = {}
    for name, value in data.items():
        key = str(name)
        line = document.line(*path, name)
        if key not in schema:
            # With paused written too, the service is paused: the line is only one too many.
            if (schema is Service.FIELDS or schema is ServiceCategory.FIELDS) and _pause_meant(key, value) \
                    and not data.get("paused"):
                zh, en = _pause_fix(key, value, schema is ServiceCategory.FIELDS)
                problems.error(document.path, line, label + key, zh, en)  # the rest still checked
                continue
            meant = _field_named_by_value(key, value, schema) or _field_named_in_chinese(key, schema)
            if meant == "cancelled" and yes_or_no(value) is not False:
                problems.error(document.path, line, label + key, *_cancel_hint(key, value))
                continue
            if schema is Activity.FIELDS and _postpone_meant(key, value):
                is_error, zh, en = _postpone_fix(ctx, key, value, data.get("start"),
                                                  data.get("rescheduled_from"))
                (problems.error if is_error else problems.warning)(document.path, line, label + key, zh, en)
                continue
            if fix := _status_fix(key, schema):
                problems.warning(document.path, line, label + key, f"不认识的字段，已忽略：{fix[0]}",
                                 f"unknown field, ignored: {fix[1]}")
                continue
            hint_zh, hint_en = did_you_mean(key, schema)
            if not hint_zh and (meant := _field_named_in_chinese(key, schema)):
                hint_zh, hint_en = (f"：字段名要写英文，“{key}” 应写成 “{meant}”",
                                    f": field names are English: write '{meant}' for '{key}'")
            if not hint_zh and not path:
                hint_zh, hint_en = _belongs_elsewhere(key, document.path)
            problems.warning(
                document.path, line, label + key,
                f"不认识的字段，已忽略{hint_zh}",
                f"unknown field, ignored{hint_en}",
            )
            continue
        if value is None or value == "":
            commented = document.commented.get((*path, name))
            if commented and commented[1:2].strip() and not schema[key].required:
                # "summary: #紧急": as cut_comments, only "#" right before text is taken for a value
                problems.warning(
                    document.path, line, label + key,
                    f"值是空的：“{commented}” 被当成注释省略了（YAML 里 # 开始注释）：如果它是值的一部分，"
                    f"请用英文引号把整个值括起来，写成 {key}: {_quoted(commented)}",
                    f"the value is empty: '{commented}' was dropped as a comment (# starts one in YAML): if it is "
                    f"the value, quote it: {key}: {_quoted(commented)}",
                )
            continue  # an empty field is the same as leaving it out
        try:
            values[key] = coercions[schema[key].kind](value)
        except Invalid as invalid:
            if invalid.index is not None:
                line = document.line(*path, name, invalid.index)
            problems.error(document.path, line, label + key, invalid.zh, invalid.en)
            values[key] = _INVALID
    for name, spec in schema.items():
        if spec.required and name not in values and (commented := document.commented.get((*path, name))):
            problems.error(
                document.path, document.line(*path, name), label + name,
                f"值是空的：“{commented}” 被当成注释省略了（YAML 里 # 开始注释）：请用英文引号把整个值括起来，"
                f"写成 {name}: {_quoted(commented)}，或去掉 “#”",
                f"the value is empty: '{commented}' was dropped as a comment (# starts one in YAML): quote the "
                f"whole value, {name}: {_quoted(commented)}, or remove the '#'",
            )
            values[name] = _INVALID
        elif spec.required and name not in values and (*path, name) in document.marks:
            problems.error(
                document.path, document.line(*path, name), label + name,
                f"必填字段是空的：请在 “{name}:” 后面写上内容", f"required field is empty: write its value after '{name}:'",
            )
            values[name] = _INVALID
        elif spec.required and name not in values:
            problems.error(
                document.path, document.line(*path) if path else 1, label + name,
                f"必填字段缺失：请加一行 “{name}: {_missing_example(name, path, document.path)}”"
                + ("（写在两行 “---” 之间）" if not path and document.body_line > 1 else ""),
                f"required field is missing: add a line '{name}: {_missing_example(name, path, document.path)}'",
            )
            values[name] = _INVALID
    return values


def _missing_example(name: str, path: tuple, relpath: str) -> str:
    """What to write after a missing ``date:``: the day in the file's name (2026-12-06-防火.md,
    as noticeboard new names it), which staff had already chosen; else …… (a start's time is
    the staff's to write)."""
    named = _DATED_PREFIX.match(PurePosixPath(relpath).name)
    if named is None or name != "date" or path:
        return "……"
    day = named.group().rstrip("-")
    try:  # 2026-02-30-防火.md: its day is no date, and "date: 2026-02-30" would be the next error
        dt.date.fromisoformat(day)
    except ValueError:
        return "……"
    return day


def _quoted(value: str) -> str:
    """``value`` in YAML quotes, as staff should write it: single ones around a double quote."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_INVALID = object()  # marks a field that already has an error, so the model is not built


def _is_valid(values: dict[str, Any]) -> bool:
    return all(value is not _INVALID for value in values.values())


def file_id(relpath: str) -> str:
    """PurePosixPath(relpath).stem, without building a path object for every file."""
    name = relpath.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


LONG_TITLE = 40  # characters: about two lines on a phone, one line of an A4 poster's headline


def _document_base(ctx: FileContext, values: dict[str, Any]) -> dict[str, Any]:
    document = ctx.document
    stem = file_id(document.path)
    slug = values.get("slug") or slugify(stem)
    body_html, body_text = ctx.markdown.render(document.body, document)
    title = values.get("title") or ""
    if isinstance(title, str) and len(title) > LONG_TITLE:
        document.problems.warning(
            document.path, document.line("title"), "title",
            f"标题有 {len(title)} 个字，太长了：在列表、手机和海报上都很难读，请缩短到 {LONG_TITLE} 个字以内，细节写进正文",
            f"the title is {len(title)} characters long: hard to read in lists, on phones and on posters; "
            f"keep it under {LONG_TITLE} and put details in the text")
    return dict(
        id=stem,
        path=document.path,
        slug=slug,
        lines={key[0]: line for key, line in document.marks.items() if len(key) == 1},
        digest=document.digest,
        summary=values.get("summary", ""),
        category=values.get("category", ""),
        tags=values.get("tags", []),
        draft=values.get("draft", False),
        body=Body(body_html, body_text),
    )


_DATED_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def _check_file_date(ctx: FileContext, day: dt.date, key: str, zh_name: str, en_name: str, slug_given: bool) -> None:
    """A file named 2026-12-03-….md whose activity starts on 2026-12-09 gets the 12-03 address
    (the name wins, so an address never moves by itself): say so while it can still be renamed,
    and how to keep the address where it is already on a printed poster (``slug:``, which also
    keeps the calendar's UID). A ``slug:`` given chooses the address: nothing to say then."""
    name = PurePosixPath(ctx.document.path).name
    named = _DATED_PREFIX.match(name)
    if named is None or named.group().rstrip("-") == day.isoformat() or slug_given:
        return
    renamed = day.isoformat() + name[len(named.group()) - 1:]
    kept = PurePosixPath(name).stem
    ctx.document.problems.warning(
        ctx.document.path, ctx.document.line(key), key,
        f"文件名里的日期 {named.group().rstrip('-')} 和{zh_name} {day} 不一样，网址会用文件名里的日期：如果{zh_name}写错了，"
        f"请改正 {key}；如果{zh_name}是对的，请把文件改名为 {renamed}（在打印海报、转发链接之前改，二维码和链接才指向新网址）；"
        f"海报已经贴出、链接已经转发的，不要改名，在文件开头加一行 slug: {kept} 保留原来的网址，这条提醒就不再出现",
        f"the date in the file name ({named.group().rstrip('-')}) is not the {en_name} ({day}), and the address uses "
        f"the file name's: if the {en_name} is wrong, correct {key}; if it is right, rename the file to {renamed} "
        f"(before posters are printed or links shared); if a poster is up or the link was shared, keep the name "
        f"and add the line slug: {kept}, which keeps the address (and this reminder away)")


def _dated_slug(slug: str, day: dt.date, explicit: bool) -> str:
    """Notices and activities get readable, stable URLs that start with their date
    (``2026-12-01-birthday-party``), as Jekyll does, unless the user chose the slug."""
    if explicit or _DATED_PREFIX.match(slug):
        return slug
    return f"{day.isoformat()}-{slug}"


def _notice(ctx: FileContext, values: dict[str, Any]) -> Notice:
    base = _document_base(ctx, values)
    base["slug"] = _dated_slug(base["slug"], values["date"], "slug" in values)
    _check_file_date(ctx, values["date"], "date", "发布日期", "date", "slug" in values)
    expires = values.get("expires")
    if expires is not None and expires < values["date"]:  # it would never be listed: a typo of the year, mostly
        ctx.error(
            "expires", f"过期日期 {expires} 早于发布日期 {values['date']}，这条通知一发布就过期，不会出现在首页和通知列表里："
            "请检查年份和日期",
            f"expires ({expires}) is before the date ({values['date']}): the notice would never be listed; check the year",
        )
    return Notice(
        **base,
        title=values["title"],
        date=values["date"],
        date_lunar=dates.lunar_label(ctx.document.data.get("date")),
        expires=values.get("expires"),
        pinned=values.get("pinned", False),
        urgent=values.get("urgent", False),
        attachments=_attachments(ctx, values.get("attachments")),
        poster=values.get("poster"),
    )


def _attachments(ctx: FileContext, value: Any) -> list[dict[str, str]]:
    if not value:
        return []
    document = ctx.document
    items = value if isinstance(value, list) else [value]
    attachments = []
    for index, item in enumerate(items):
        line = document.line("attachments", index)
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or "file" not in item:
            document.problems.error(
                document.path, line, "attachments",
                "附件应写成 {title: 报名表, file: media/报名表.pdf}",
                "an attachment is written {title: ..., file: media/form.pdf}",
            )
            continue
        url = ctx.markdown.media.link(str(item["file"]), document, line, "attachments")
        if url:
            name = PurePosixPath(str(item["file"])).name
            attachments.append({"title": as_text(item.get("title") or name), "url": url, "name": name})
    return attachments


def _activity_end(ctx: FileContext, value: tuple[dt.datetime, bool] | str, start: dt.datetime,
                  start_has_time: bool) -> tuple[dt.datetime, bool] | None:
    """The end as a date and time, or a time alone on the start's day (``end: 11:30``), and
    whether a time was written: a date alone means the end of that day (Activity.end_moment)."""
    if not isinstance(value, str):
        return value
    if not start_has_time:  # an all-day activity: the time would be lost
        ctx.error(
            "end", f"结束只写了时间 “{value}”，但开始 start 只写了日期（全天活动）：请给 start 写上开始时间，"
            f"如 {start:%Y-%m-%d} 09:30，或把 end 写成日期和时间",
            f"the end is a time alone ('{value}') but the start has no time (an all-day activity): "
            f"give the start a time, e.g. {start:%Y-%m-%d} 09:30, or write the end's date too",
        )
        return None
    try:
        return dates.parse_time_on(value, start.date(), ctx.tz), True
    except dates.DateError as error:
        ctx.error("end", error.text.zh, error.text.en)
        return None


# An end before its start on the same day, from an evening start to an end in the small
# hours, is an activity that goes on past midnight: the message says to write the next day.
EVENING_HOUR = 18
SMALL_HOURS_END = 6


def _check_end_order(ctx: FileContext, start: dt.datetime, start_has_time: bool, end: dt.datetime,
                     end_has_time: bool) -> None:
    """The end is not before the start. A date alone is the whole day, so with a date on
    either side only the days are compared: ``end: 2026-12-13`` after ``start: 2026-12-13
    09:30`` is fine (it ends at the end of that day). Told as written, with no time the user
    never gave.

    A timed end after an all-day start (``start: 2026-12-06``, ``end: 2026-12-06 17:00``) is
    an error: an all-day activity has no times, so the calendar and the page would drop the
    17:00 the user wrote; one of the two is a slip, and only the user knows which."""
    if end_has_time and not start_has_time:
        last, clock = end.date(), f"{end:%H:%M}"
        if midnight_after(start, end):  # end: 24:00, told as written, and its day the one to keep
            last, clock = last - dt.timedelta(days=1), "24:00"
        shown = f"{last:%Y-%m-%d} {clock}"
        day = max(last, start.date())  # the example ends on or after the start
        ctx.error(
            "end", f"结束 {shown} 写了时间，但开始 start 只写了日期（全天活动），结束时间会被丢掉："
            f"请两边都写时间，如 start: {start:%Y-%m-%d} 09:30，或两边都不写时间，如 end: {day:%Y-%m-%d}",
            f"the end ({shown}) has a time but the start has none (an all-day activity), "
            f"so the time would be lost: give both a time, e.g. start: {start:%Y-%m-%d} 09:30, "
            f"or neither, e.g. end: {day:%Y-%m-%d}",
        )
        return  # its fix is to be made first: an order told now would be told for a time the user drops
    if end_has_time and start_has_time:
        if end >= start:
            return
        if end.date() == start.date() and start.hour >= EVENING_HOUR and end.hour < SMALL_HOURS_END:
            # An evening into the small hours (a New Year's Eve party, end: 1:00): the end
            # time alone is on the start's day, and "check the date and time" left staff to
            # guess that the next day's date is what to write.
            next_day = f"{end + dt.timedelta(days=1):%Y-%m-%d %H:%M}"
            ctx.error(
                "end", f"结束时间 {end:%Y-%m-%d %H:%M} 早于开始时间 {start:%Y-%m-%d %H:%M}：活动过了午夜、"
                f"到第二天才结束的，结束要写上第二天的日期，如 end: {next_day}",
                f"the end ({end:%Y-%m-%d %H:%M}) is before the start ({start:%Y-%m-%d %H:%M}): an activity "
                f"that goes on past midnight ends on the next day, so write its date, e.g. end: {next_day}",
            )
            return
        ctx.error(
            "end", f"结束时间 {end:%Y-%m-%d %H:%M} 早于开始时间 {start:%Y-%m-%d %H:%M}，请检查日期和时间",
            f"the end ({end:%Y-%m-%d %H:%M}) is before the start ({start:%Y-%m-%d %H:%M})",
        )
    elif end.date() < start.date():
        # An end time alone is on the start's day, which an all-day start cannot take.
        alone_zh, alone_en = ("，或只写结束时间，如 end: 11:30", ", or the end time alone, e.g. end: 11:30") \
            if start_has_time else ("", "")
        ctx.error(
            "end", f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}，请检查日期"
            f"（当天结束的活动写 end: {start:%Y-%m-%d}{alone_zh}）",
            f"the end's day ({end:%Y-%m-%d}) is before the start's ({start:%Y-%m-%d}): check the dates "
            f"(for an activity that ends the day it starts, write end: {start:%Y-%m-%d}{alone_en})",
        )


def _activity(ctx: FileContext, values: dict[str, Any]) -> Activity:
    base = _document_base(ctx, values)
    start, has_time = values["start"]
    base["slug"] = _dated_slug(base["slug"], start.date(), "slug" in values)
    moved_from = values.get("rescheduled_from", [])
    # A file named for a day announced before (rescheduled_from) keeps its address, and with it
    # the QR code on the posters put up and the calendar event's UID, which phones replace the
    # old day's event by: nothing to rename then.
    name = PurePosixPath(ctx.document.path).name
    if not any(name.startswith(f"{day:%Y-%m-%d}") for day, _ in moved_from):
        _check_file_date(ctx, start.date(), "start", "开始日期", "start", "slug" in values)
    written = _activity_end(ctx, values["end"], start, has_time) if "end" in values else None
    end, end_has_time = written if written is not None else (None, True)
    if end is not None:
        _check_end_order(ctx, start, has_time, end, end_has_time)
    return Activity(
        **base,
        title=values["title"],
        start=start,
        start_lunar=dates.lunar_label(ctx.document.data.get("start")),
        all_day=not has_time,
        end=end,
        end_date_only=not end_has_time,
        date=values.get("date"),
        location=values.get("location", ""),
        organizer=values.get("organizer", ""),
        team_id=values.get("team", ""),
        audience=values.get("audience", []),
        capacity=values.get("capacity"),
        signup=values.get("signup", ""),
        fee=values.get("fee", ""),
        poster=values.get("poster", Poster(ctx.config.poster_size)),
        **_cancellation(ctx, values.get("cancelled", False), values.get("cancelled_on"), values.get("date")),
        rescheduled_days=_rescheduled_days(ctx, moved_from, start),
    )


def _rescheduled_days(ctx: FileContext, written: list[tuple[dt.datetime, bool]], start: dt.datetime
                      ) -> tuple[dt.date, ...]:
    """The days an activity was announced for before its start (``rescheduled_from``: one date,
    or a list in the order they were announced), each one move. None may be its start's day
    (pages would say 已改期 for an activity that has not moved) nor come twice (its calendar
    event's SEQUENCE counts the moves): both are slips, of which only staff know the fix."""
    days = tuple(moment.date() for moment, _ in written)
    listed = isinstance(ctx.document.data.get("rescheduled_from"), list)
    wrong = False
    for index, day in enumerate(days):
        if day == start.date():
            wrong = True
            _same_day_as_start(ctx, day, index if listed else None)
        elif day in days[:index]:
            wrong = True
            ctx.error(
                "rescheduled_from",
                f"原定日期 {day:%Y-%m-%d} 写了两次：rescheduled_from 按通知的先后写以前通知过的日子，每个日子只写一次，"
                f"请删掉重复的第 {index + 1} 个",
                f"the earlier day {day:%Y-%m-%d} is written twice: rescheduled_from lists the days announced before, "
                f"in the order they were announced, each once; delete the repeated one (day {index + 1})", index)
    return () if wrong else days


def _same_day_as_start(ctx: FileContext, day: dt.date, index: int | None) -> None:
    """``rescheduled_from`` names the start's own day (of a list: its item ``index``)."""
    if index is None:
        ctx.error(
            "rescheduled_from",
            f"原定日期 {day:%Y-%m-%d} 和开始日期 start 是同一天，活动并没有改期：rescheduled_from 写原来通知的那天，"
            f"start 写改到的新日期；没有改到别的日子，请删掉 rescheduled_from 这一行",
            f"the day first announced ({day:%Y-%m-%d}) is the start's own day, so the activity has not moved: "
            f"rescheduled_from is the day it was first announced for, start the new day; if it did not move to "
            f"another day, delete the rescheduled_from line",
        )
        return
    ctx.error(
        "rescheduled_from",
        f"第 {index + 1} 个原定日期 {day:%Y-%m-%d} 和开始日期 start 是同一天：rescheduled_from 只写以前通知过、"
        f"后来改掉的日子，start 写现在的日期；请删掉这一个，或把 start 改成新的日期",
        f"earlier day {index + 1} ({day:%Y-%m-%d}) is the start's own day: rescheduled_from lists only the days "
        f"announced before and moved from, start the day it is now; delete that one, or set start to the new day",
        index)


def _cancellation(ctx: FileContext, written: bool | str, on: tuple[dt.datetime, bool] | None,
                  announced: dt.date | None) -> dict[str, Any]:
    """An activity's ``cancelled`` (see as_cancel) and ``cancelled_on`` as the model's fields.
    ``announced``: its ``date``. A day after the build's is told by link, which knows the day."""
    document = ctx.document
    if on is not None and written is False:
        document.problems.warning(
            document.path, document.line("cancelled_on"), "cancelled_on",
            "写了取消的日期 cancelled_on，却没有写取消原因 cancelled，活动照常显示：要取消，请加一行 cancelled: 和居民会看到的取消原因，"
            "如 cancelled: 因降雪取消，改期另行通知；没有取消，请删掉 cancelled_on 这一行",
            "cancelled_on (the day it was called off) is written without a cancelled reason, so the activity is shown as taking "
            "place: to cancel it, add a line cancelled: and the reason residents will read, e.g. cancelled: 因降雪取消，"
            "改期另行通知; if it is not cancelled, delete the cancelled_on line",
        )
    elif on is not None and announced is not None and on[0].date() < announced:
        document.problems.warning(
            document.path, document.line("cancelled_on"), "cancelled_on",
            f"取消日期 {on[0]:%Y-%m-%d} 早于发布日期 date: {announced:%Y-%m-%d}：请检查两个日期，cancelled_on 写取消那天的日期",
            f"the day it was called off ({on[0]:%Y-%m-%d}) is before the day it was announced (date: "
            f"{announced:%Y-%m-%d}): check both; cancelled_on is the day it was cancelled",
        )
    if written is False and "cancelled" in ctx.document.data:
        # Not cancelled, as if the line were not there; but written, it often means "called
        # off, and now on again", which a phone that received the cancellation may not take:
        # its event says SEQUENCE:1, and this one (SEQUENCE 0) looks older to it.
        ctx.document.problems.warning(
            ctx.document.path, ctx.document.line("cancelled"), "cancelled",
            "cancelled: false 表示活动没有取消，和不写这一行一样，活动照常：请删掉这一行。如果之前发布过取消、现在又恢复了，"
            "已经把它加到手机日历里的居民可能仍看到“已取消”，请另行通知他们（如在微信群里说明）",
            "cancelled: false means the activity is not cancelled, the same as no such line: delete the line. If a "
            "cancellation was published before and it is on again, residents who added it to their phone's calendar "
            "may still see it cancelled: tell them another way (e.g. in the WeChat group)",
        )
    if written is False:
        return {}
    return {"cancelled": True, "cancelled_reason": "" if written is True else written,
            "cancelled_on": on[0] if on is not None else None}


def _team(ctx: FileContext, values: dict[str, Any]) -> Team:
    base = _document_base(ctx, values)
    if not ID_PATTERN.match(base["id"]):
        ctx.document.problems.error(
            ctx.document.path, None, None,
            f"志愿服务队的文件名就是它的编号（活动的 team: 和服务的 provider: 写的就是它），只能用小写英文字母、数字和连字符："
            f"请把文件改名为 {team_file_name(base['id'])}（现在是 “{base['id']}”）",
            f"a team's file name is its id (what an activity's team: and a service's provider: name): use lowercase "
            f"letters, digits and hyphens: rename the file {team_file_name(base['id'])} (now '{base['id']}')",
        )
    return Team(
        **base,
        title=values["name"],
        leader=values.get("leader", ""),
        contact=values.get("contact", ""),
        member_count=len(values.get("members", [])),
        founded=values.get("founded"),
        focus=values.get("focus", []),
        recruiting=values.get("recruiting", False),
        hours=values.get("hours"),
        dissolved=values.get("dissolved"),
    )


def _page(ctx: FileContext, values: dict[str, Any]) -> Page:
    return Page(**_document_base(ctx, values), title=values["title"], menu=values.get("menu"))


def _service_category(ctx: FileContext, values: dict[str, Any]) -> ServiceCategory | None:
    document = ctx.document
    items_value = values["items"]
    if not isinstance(items_value, list):
        document.problems.error(
            document.path, document.line("items"), "items",
            "items 应是服务列表，每项以 “- id: ...” 开头",
            "items must be a list of services, each starting with '- id: ...'",
        )
        return None
    stem = file_id(document.path)
    category = ServiceCategory(
        id=stem, path=document.path, slug=slugify(stem), lines={}, digest=document.digest,
        title=values["category"], order=values.get("order"),
        description=values.get("description", ""),
    )
    for index, item in enumerate(items_value):
        if not isinstance(item, dict):
            document.problems.error(
                document.path, document.line("items", index), "items",
                "每项服务应是一组字段（id、name ……）", "each service must be a mapping (id, name, ...)",
            )
            continue
        # Fields named after the service's id, as staff find it in the file (a position counted
        # from 0 named the third service items[2]); by its place, from 1, when it has none.
        given_id = item.get("id")
        named = given_id if isinstance(given_id, str) and given_id.strip() else f"items[{index + 1}]"
        item_values = coerce_fields(ctx, Service.FIELDS, item, ("items", index), f"{named}.")
        if not _is_valid(item_values):
            continue
        lines = {key[2]: line for key, line in document.marks.items() if key[:2] == ("items", index) and len(key) == 3}
        if item_values.get("resumes") and not item_values.get("paused"):
            # Nothing is paused, so the day means nothing: staff meant to pause it, or it came back.
            # "Without paused" would be wrong where paused: false (or 否, or empty) is written.
            day = item_values["resumes"]
            if "paused" in lines:
                zh = (f"写了恢复日期 resumes: {day}，但 paused 写的是不暂停，这项服务并没有暂停：要暂停，把 paused "
                      f"改成暂停的原因（如 冬季暂停，明年3月恢复）；已经恢复了就删掉 paused 和 resumes 两行")
                en = (f"resumes ({day}) is given but paused says not paused, so the service is not paused: to pause "
                      f"it, write the reason in paused (e.g. 冬季暂停，明年3月恢复); if it is offered again, delete "
                      f"the paused and resumes lines")
            else:
                zh = (f"写了恢复日期 resumes: {day}，但没写 paused，这项服务并没有暂停：要暂停，加一行 paused: "
                      f"暂停的原因（如 冬季暂停，明年3月恢复）；已经恢复了就删掉 resumes 这一行")
                en = (f"resumes ({day}) is given without paused, so the service is not paused: to pause it, add "
                      f"paused: and the reason (e.g. 冬季暂停，明年3月恢复); if it is offered again, delete the resumes line")
            document.problems.error(document.path, lines.get("resumes"), f"{named}.resumes", zh, en)
            continue
        category.all_items.append(Service(
            id=item_values["id"], path=document.path, slug=item_values["id"], lines=lines, digest=document.digest,
            name=item_values["name"], description=item_values.get("description", ""),
            provider=item_values.get("provider", ""), schedule=item_values.get("schedule", ""),
            location=item_values.get("location", ""), fee=item_values.get("fee", ""),
            how_to_order=item_values.get("how_to_order", ""), contact=item_values.get("contact", ""),
            audience=item_values.get("audience", []), paused=item_values.get("paused", ""),
            resumes=item_values.get("resumes"), draft=item_values.get("draft", False), category=category,
        ))
    return category


def _figure_shown(value: Any, line_of: Callable[[Any], int | None]) -> str:
    """The figure to show in "写成 service_visits: …" for what was written in its place: a
    number as it is, the one number of a ``{本月: 1,250}`` (its comma taken out, see
    :func:`comma_splits`), or "" when there is no one number to show."""
    if not isinstance(value, dict):
        return "" if value is None or isinstance(value, (list, bool)) else str(value)
    splits = comma_splits(value, line_of)
    numbers = [splits[key][0].replace(",", "") if key in splits else value[key]
               for key in value if not any(key in strays for _, strays in splits.values())]
    return str(numbers[0]) if len(numbers) == 1 and numbers[0] is not None and not isinstance(numbers[0], (dict, list)) else ""


def _month_stats(ctx: FileContext, values: dict[str, Any]) -> MonthStats | None:
    document, problems = ctx.document, ctx.document.problems
    month = values["month"]
    stem = file_id(document.path)
    if stem != f"{month.year:04d}-{month.month:02d}":
        problems.error(
            document.path, document.line("month"), "month",
            f"文件名 {stem} 与 month “{month:%Y-%m}” 不一致，请把文件改名为 {month:%Y-%m}.yaml 或改正月份",
            f"the file name {stem} does not match month {month:%Y-%m}",
        )
    figures_value = values["figures"]
    if not isinstance(figures_value, dict):
        problems.error(
            document.path, document.line("figures"), "figures",
            "figures 应是 “指标编号: 数字” 的列表，如 service_visits: 5704",
            "figures must map metric ids to numbers",
        )
        return None
    declared = ctx.config.metric_ids
    units = {metric.id: Unit.of_metric(metric.label, metric.unit) for metric in ctx.config.metrics}
    figures: dict[str, float] = {}
    # Marks are kept under the key as written: a key YAML reads as a number (250) is "250" there.
    splits = comma_splits(figures_value, lambda key: document.line("figures", str(key)))
    strays = {stray for _, keys in splits.values() for stray in keys}
    labels = {metric.label: metric.id for metric in ctx.config.metrics}
    for metric, number in figures_value.items():
        line = document.line("figures", str(metric))
        if metric in strays:
            continue  # told with the figure it was split from
        if metric in splits:
            invalid = split_by_comma(metric, splits[metric][0])
            problems.error(document.path, line, f"figures.{metric}", invalid.zh, invalid.en)
            continue
        if metric not in declared and metric in labels:
            # 服务人次: 1250, as the paper report heads its row: the label, not the id
            shown = _figure_shown(number, lambda key: document.line("figures", str(metric), str(key)))
            problems.error(
                document.path, line, f"figures.{metric}",
                f"“{metric}” 是指标的名称（label），figures 里要写它的编号（id）：写成 {labels[metric]}: {shown}".rstrip(),
                f"'{metric}' is the metric's label; figures use its id: write {labels[metric]}: {shown}".rstrip(),
            )
            continue
        if isinstance(number, dict) and metric in declared:
            # service_visits: {本月: 1250}, as a report's columns: one number a month file
            shown = _figure_shown(number, lambda key: document.line("figures", str(metric), str(key)))
            problems.error(
                document.path, line, f"figures.{metric}",
                f"每个指标后面直接写这个月的一个数，不用 {{…}} 再分项：写成 {metric}: {shown or '本月的数'}",
                f"each metric takes this month's one number, not {{…}} of items: write {metric}: {shown or 'the month’s number'}",
            )
            continue
        if metric not in declared:
            hint_zh, hint_en = did_you_mean(str(metric), declared)
            problems.error(
                document.path, line, f"figures.{metric}",
                f"“{metric}” 不是 site.yaml 的 metrics 里声明的指标{hint_zh or '。'}请先在 site.yaml 里声明，或改正指标编号",
                f"'{metric}' is not a metric declared in site.yaml metrics{hint_en or '.'} Declare it there or correct the id",
            )
            continue
        if number is None:
            continue  # a blank figure is a gap, not a zero
        try:
            figures[metric] = as_number(number, units[metric])  # 1,250 户, 98.5％ as the report has them
        except Invalid as invalid:
            problems.error(document.path, line, f"figures.{metric}", invalid.zh, invalid.en)
    highlights_html, highlights_text = ctx.markdown.render(values.get("highlights", ""), document, document.line("highlights") or 1)
    return MonthStats(
        id=stem, path=document.path, slug=f"{month:%Y-%m}", digest=document.digest,
        # Each figure's line too ("figures.satisfaction"), for link's checks across the months.
        lines={**{key[0]: line for key, line in document.marks.items() if len(key) == 1},
               **{f"figures.{key[1]}": line for key, line in document.marks.items()
                  if len(key) == 2 and key[0] == "figures" and line is not None}},
        month=month, figures=figures, notes=values.get("notes", ""),
        highlights_html=highlights_html, highlights_text=highlights_text,
    )


_BUILDERS: dict[type[Entry], Callable[[FileContext, dict[str, Any]], Entry | None]] = {
    Notice: _notice,
    Activity: _activity,
    Team: _team,
    Page: _page,
    ServiceCategory: _service_category,
    MonthStats: _month_stats,
}


# The names a file manager gives a copy: Windows' "停水通知 - 副本.md" ("- Copy", "- 副本 (2)"),
# macOS' "停水通知 副本 2.md" ("copy"), a browser's download "停水通知(1).md". A copy kept as a
# backup, or made to start a new notice and never renamed, was published as one more notice
# beside the original, under an address ending in -fu-ben that stays once shared. 副本 or Copy
# needs a space or a dash before it: 领取营业执照副本 (a licence's duplicate) and print-copy are
# names of their own.
_COPY_NAME = re.compile(r"(?:\s+-\s*(?:副本|copy)|\s*-\s*副本|\s+副本|\s+copy)(?:\s*[(（]?\d+[)）]?)?$",
                        re.IGNORECASE)
# A number in brackets alone (会议(1).md) is also the first of a series: a copy only when the
# name without it is a file beside it.
_NUMBERED_NAME = re.compile(r"\s*[(（]\d+[)）]$")


def warn_if_copies(kinds: Mapping[str, type[Entry]], problems: Problems) -> None:
    """A warning for each content file of ``kinds`` (relpath -> its type) named as a file
    manager names a copy (see _COPY_NAME). Made each build from the names of all the files, not
    cached with a file's own problems: whether 会议(1).md is a copy depends on 会议.md."""
    for relpath, kind in sorted(kinds.items()):
        path = PurePosixPath(relpath)
        found = _COPY_NAME.search(path.stem)
        if found is None and (numbered := _NUMBERED_NAME.search(path.stem)) is not None:
            original = path.with_name(path.stem[:numbered.start()] + path.suffix).as_posix()
            found = numbered if original in kinds else None
        if found is None or not path.stem[:found.start()]:
            continue
        original = path.stem[:found.start()] + path.suffix
        what = _FOLDER_NAMES.get(kind.FOLDER, "内容")
        noun = {"activities": "activity", "services": "service category", "stats": "month"}.get(
            kind.FOLDER, kind.FOLDER.removesuffix("s"))
        mark = found.group().strip()
        problems.warning(
            relpath, None, None,
            f"文件名里的 “{mark}” 是复制文件时自动加上的，会留在这条{what}的网址里；{original} 也在的话，网站上就有两条一样的"
            f"{what}。如果它是备份，请把它移出 content 文件夹或删掉；如果是照着改的新一条，请把文件改成它自己的名字（不带 “{mark}”）",
            f"'{mark}' in the file name was added when the file was copied and stays in this {noun}'s address; with "
            f"{original} there too, the site has the same {noun} twice. If it is a backup, move it out of the content "
            f"folder or delete it; if it is a new one made from the old, give the file a name of its own (without '{mark}')")


def validate_document(kind: type[Entry], ctx: FileContext) -> Entry | None:
    """One raw document -> one model, or None when it has errors (already reported)."""
    values = coerce_fields(ctx, kind.FIELDS, ctx.document.data)
    if not _is_valid(values):
        return None
    return _BUILDERS[kind](ctx, values)
