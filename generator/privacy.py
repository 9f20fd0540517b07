"""Private numbers that must not reach a public notice board.

Community staff paste from registration sheets, so a notice or a roster can carry a resident's
ID-card number (居民身份证号码) or private mobile number. :func:`find_private_numbers` finds them
before publishing; :func:`mask` shows one in a message without repeating it (``138****5678``),
because build logs get copied into chat groups.

An ID-card number counts when its check digit is right (GB 11643-1999) and it carries a real
birth date; with a province code and a real birth date but a wrong check digit it is a likely
mistyped ID ("id_card_typo"), so order numbers and serials are still not flagged. A 15-digit
first-generation number ("old_id_card") counts with a province code and a real birth date. A
number that is part of a longer run of digits is not one of these. Full-width digits (typed in a Chinese input method) and the usual
groupings with spaces or hyphens (``138 1234 5678``, ``511502 19900307 123X``) are found too,
also written with a no-break space or Word's en dash, or with a zero-width space inside.
No file I/O.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

__all__ = ["Finding", "find_private_numbers", "mask", "normalise", "id_check_digit"]


@dataclass(frozen=True)
class Finding:
    kind: str  # "id_card", "id_card_typo" (check digit wrong, see _mistyped_id), "old_id_card" or "mobile"
    value: str  # normalised: 18 characters with upper-case X, 15 digits (an old ID) or 11 digits
    start: int  # index in the text searched


# One character for one character, so indices in the folded text are indices in the original.
# Besides full-width digits: the spaces and dashes that Word, WPS and web pages put between
# groups of digits (no-break and thin spaces, Word's en dash, the minus sign), which look like
# the space and hyphen they replace.
_FOLD = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "Ｘ": "X", "ｘ": "x", "－": "-", "\u3000": " ",
     **dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u202f", " "),
     **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-")}
)
# Invisible characters that text pasted from WeChat or a web page carries inside a number
# (zero-width space, joiners, word joiner, BOM): the number reads whole on the page. They are
# taken out before searching, and positions mapped back.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# 18 characters in a row, or grouped with one space or hyphen between groups (6-8-4 as on
# the card, 4-4-4-4-2 as people read numbers out).
_ID_RE = re.compile(r"(?<![0-9])(?:[0-9]{17}|[0-9]{6}([ -])[0-9]{8}\1[0-9]{3}"
                    r"|[0-9]{4}([ -])[0-9]{4}\2[0-9]{4}\2[0-9]{4}\2[0-9])[0-9Xx](?![0-9])")
_SEPARATORS = str.maketrans("", "", " -")
# 11 digits, or grouped 3-4-4, each group's space or hyphen its own (138 1234-5678, and
# 138 12345678 where markup split the number: **138**12345678); an optional +86 / 86 country
# code is not part of the value.
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?(1[3-9][0-9])[ -]?([0-9]{4})[ -]?([0-9]{4})(?![0-9])")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an ID-card number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS))
    return _CHECK[total % 11]


def _plausible_id(number: str) -> bool:
    return id_check_digit(number[:17]) == number[17] and _born(number)


# The first two digits of an ID-card number: the province (GB/T 2260).
_PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
                       "61 62 63 64 65 71 81 82".split())


def _mistyped_id(number: str) -> bool:
    """An ID-card number with one digit typed wrong: a province code and a real birth date,
    only the check digit disagrees. Still a resident's number, so still private."""
    return number[:2] in _PROVINCES and number[17] in "0123456789X" and _born(number)


# A first-generation ID-card number (issued until 2004, still on old registration sheets):
# 15 digits, the birth date as YYMMDD in the 1900s, no check digit.
_OLD_ID_RE = re.compile(r"(?<![0-9])[0-9]{15}(?![0-9Xx])")


def _old_id(number: str) -> bool:
    if number[:2] not in _PROVINCES:
        return False
    try:
        _dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def _born(number: str) -> bool:
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not 1900 <= year <= 2099:
        return False
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


# Both kinds need at least 11 digits, spaces or hyphens in a row: one C-speed search rules out
# nearly every text before the slower folding and matching (the lint reads every page).
_CANDIDATE = re.compile(
    "[0-9０-９][0-9０-９ \\-－\u3000\u00a0\u2002\u2003\u2007\u2009\u202f\u2010-\u2015\u2212\ufe58\ufe63"
    "\u200b-\u200d\u2060\ufeff\u00ad]{10}")


def find_private_numbers(text: str) -> list[Finding]:
    """ID-card numbers and mobile numbers in ``text``, in order of where they start."""
    if not _CANDIDATE.search(text):
        return []
    folded = text.translate(_FOLD)
    where: list[int] | None = None  # index in ``folded`` -> index in ``text``, once invisibles are out
    if _INVISIBLE.search(folded):
        where = [i for i, char in enumerate(folded) if not _INVISIBLE.match(char)]
        folded = _INVISIBLE.sub("", folded)
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for match in _ID_RE.finditer(folded):
        number = match.group().translate(_SEPARATORS).upper()
        kind = "id_card" if _plausible_id(number) else "id_card_typo" if _mistyped_id(number) else None
        if kind is not None:
            findings.append(Finding(kind, number, match.start()))
            taken.append(match.span())
    for match in _OLD_ID_RE.finditer(folded):
        if _old_id(match.group()):
            findings.append(Finding("old_id_card", match.group(), match.start()))
            taken.append(match.span())
    for match in _MOBILE_RE.finditer(folded):
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        findings.append(Finding("mobile", match.group(1) + match.group(2) + match.group(3), start))
    if where is not None:
        findings = [Finding(f.kind, f.value, where[f.start]) for f in findings]
    findings.sort(key=lambda f: f.start)
    return findings


def normalise(number: str) -> str:
    """A number as findings hold it: digits (full-width folded) and X, no spaces, hyphens or +86."""
    plain = re.sub(r"[\s\-]", "", _INVISIBLE.sub("", number.translate(_FOLD))).upper()
    return plain[3:] if plain.startswith("+86") else plain


def mask(value: object) -> str:
    """A number shown safely in a message: ``138****5678``, ``5115**********123X``.

    Accepts a :class:`Finding` or the number itself, grouped or full-width.
    """
    plain = normalise(value.value if isinstance(value, Finding) else str(value))
    if len(plain) == 11:
        return plain[:3] + "****" + plain[-4:]
    if len(plain) == 18:
        return plain[:4] + "*" * 10 + plain[-4:]
    if len(plain) <= 4:
        return "*" * len(plain)
    keep = max(1, len(plain) // 4)
    return plain[:keep] + "*" * (len(plain) - 2 * keep) + plain[-keep:]
