"""The pieces of running text that a line break must not cut in two, for the website and the
posters alike: a building, unit, floor or room (5号楼, 3单元, 12层, 501室, 1-12栋, 12-3-501) and
a time (8:00, 8：00 as a Chinese input method types it, 8：00至11：30, 9点半) with the part of
the day before it (上午8：00), a day (2026年12月1日), and a number typed in full-width digits
(０８３１－２２３３４４５).

Each output keeps them whole its own way, over the same patterns and the same walk through the
HTML (:func:`in_text`): a poster joins their characters with word joiners (posters.whole_places,
see there why not a span), the website wraps them in an inline block (themes: the ``keep_whole``
filter, site.css ``.whole``), as it does a phone number; joiners would end up in the text a
resident copies and in the search index (search.py reads the page's text).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable

# Tags and character references: left as they are.
MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")

# A number (or a letter) and what it numbers, longest first; not the end of a Latin word or a number.
# A range of numbers is one piece with what they number (1-12栋, 3—5号楼, 1~3单元): "1-" ended a
# line above "12栋", read as building 12.
PLACE = re.compile(r"(?<![A-Za-z0-9.,:\-])(?:\d+[A-Za-z]?(?:-|–|—{1,2}|~|～))?"
                   r"(?:\d+[A-Za-z]?|[A-Za-z]|[一二三四五六七八九十百零〇两]+)"
                   r"(?:号楼|号院|单元|栋|幢|座|楼|室|层|号|户)")

# A time, in ASCII or a Chinese input method's full-width digits and colon: after a full-width
# colon the line breaker breaks as after 。, and a phone read "上午8：" over "00至11：30".
_TIME = r"(?<![0-9０-９])[0-9０-９]{1,2}[:：][0-9０-９]{2}(?![0-9０-９])"
# Two times written as a range (8：00至11：30, 8:00 - 9:30, 8:00～9:00): one piece, as "8:00至"
# over "11:30" reads as open-ended. At most RANGE_MAX characters (12：00 —— 13：30, about 9 em,
# 234 px of the 294 px a 320 px phone's line holds at 特大), by the pattern itself: one space at
# most either side of one mark. A longer piece would take most of the line; one spaced wider
# (12:00   -   13:30) is two times, and may break between them. An inline block wider than
# its line still breaks inside, so nothing runs off the screen either way.
_RANGE = rf"{_TIME} ?(?:至|到|-|－|～|~|–|—{{1,2}}) ?{_TIME}"
RANGE_MAX = 14
# A time told in hours (8点, 9点半, 8点30分, 14时, 3点一刻): a phone broke "8" from "点" as
# it breaks between any digit and a Chinese character.
_CLOCK = r"(?<![0-9０-９])[0-9０-９]{1,2}[点时](?:半|[0-9０-９]{1,2}分|[一三]刻)?"
# The same in Chinese numerals, as a paper notice writes it (下午两点, 九点半, 十点一刻): "快一点"
# is taken too, and is no worse for two characters kept together.
_CN_CLOCK = r"[零〇一二两三四五六七八九十]{1,3}点(?:半|[一三]刻|[零〇一二三四五六七八九十]{1,3}分)?"
# A day (12月1日, 2026年12月1日, 12月1号): a resident read "12月" at a line's end and "1日"
# on the next, or the year apart from its day. Not a building (12月1号楼 is a place below).
_DAY = r"(?<![0-9０-９])(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}(?:日|号(?![楼院]))"
# The part of the day a time is in goes with it: "上午" ended a line above "8：00至11：30", and
# a resident read the hours without the morning. With one space, and before the longest range
# (上午 12：00 —— 13：30, about 11 em, 290 px), the piece still fits a 320 px phone's line at
# 特大. Not taken into a range (8：00至下午6：00 is two times): two of them would not fit.
PART_OF_DAY = r"(?:上午|下午|中午|晚上|早上|傍晚|凌晨) ?"
# Building-unit-room as residents write an address: 12-3-501, 12-3-501室 (PLACE takes neither:
# it does not start after a dash). A date (2026-11-24) is taken too, and is no worse for it.
_ADDRESS = r"(?<![0-9\-])\d{1,4}-\d{1,4}-\d{1,4}(?:室|号)?(?![0-9\-])"
# A number typed in a Chinese input method's full-width mode (０８３１－２２３３４４５, １２月６日,
# 138０…): a browser breaks between full-width digits as between Chinese characters, where it
# keeps ASCII ones together. Two digits or more, some of them full-width (the lookahead), with
# the marks inside a phone number, a date or an amount; as typed: the page shows what staff wrote.
_WIDE_NUMBER = r"(?<![0-9０-９])(?=[0-9\-－.．/／]*[０-９])[0-9０-９](?:[\-－.．/／]?[0-9０-９])+"
# The lookahead first, naming every character a piece may start with: Python's regular
# expressions then skip to such a character instead of trying the patterns (and their
# lookbehinds) at each one, 0.17 ms a notice's body against 0.035 ms. Places before full-width
# numbers: ５０３室 is a room.
WHOLE = re.compile(rf"(?=[\dA-Za-z一二三四五六七八九十百零〇两上下中晚早傍凌])"
                   rf"(?:(?:{PART_OF_DAY})?(?:{_RANGE}|{_TIME}|{_CLOCK}|{_CN_CLOCK})|{_DAY}|{_ADDRESS}|{PLACE.pattern}|{_WIDE_NUMBER})")


def whole_pieces(text: str, keep: Callable[[str], str]) -> str:
    """``text`` (no markup in it) with each time or range of times (:data:`RANGE_MAX` characters
    at most) with the part of the day before it, building, unit, floor or room, and number in
    full-width digits passed through ``keep``, which makes it one unbroken piece."""
    return WHOLE.sub(lambda match: keep(match.group(0)), text)


# Where a tag or a character reference was, while ``change`` reads the text around it in one go.
_HOLE = "\ue000"


def in_text(html: str, change: Callable[[str], str], skip: Iterable[str]) -> str:
    """``html`` with ``change`` applied to each run of its text, not to its tags or character
    references, nor to the text inside an element named in ``skip`` (lower case). ``change``
    replaces pieces that never take in U+E000 (regular expressions whose characters exclude it,
    as those here do)."""
    skipped = frozenset(skip)
    if _HOLE not in html and not _opening(skipped).search(html):
        # Every run at once, the markup held by a character no piece takes in: one pass of the
        # patterns over a body rather than one per run (a notice's body has about fifty).
        parts = MARKUP.split(html)
        parts[::2] = change(_HOLE.join(parts[::2])).split(_HOLE)
        return "".join(parts)
    return each_run(html, change, skipped)


def each_run(html: str, change: Callable[[str], str], skipped: frozenset[str]) -> str:
    """:func:`in_text` one run of text at a time, keeping count of the elements of ``skipped``
    it is inside: for markup the single pass cannot read (and what that pass is checked against)."""
    parts = MARKUP.split(html)
    depth = 0  # inside an element of skip
    for i, part in enumerate(parts):
        if i % 2:
            tag = re.match(r"<(/?)([A-Za-z]+)", part)
            if tag is not None and tag.group(2).lower() in skipped and not part.endswith("/>"):
                depth = max(0, depth + (-1 if tag.group(1) else 1))
        elif depth == 0 and part:
            parts[i] = change(part)
    return "".join(parts)


@lru_cache(maxsize=None)
def _opening(tags: frozenset[str]) -> re.Pattern[str]:
    """A start or end tag of one of ``tags``, in any case."""
    return re.compile(rf"</?(?:{'|'.join(sorted(map(re.escape, tags)))})(?![A-Za-z])", re.IGNORECASE)
