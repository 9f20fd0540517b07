"""Bare addresses in a text (``https://…``, ``www.…``, ``name@host``) made links, as GFM's
autolink extension makes them, but ending where Chinese text resumes.

Staff paste a WeChat link into a sentence without a space: ``报名请点
https://mp.weixin.qq.com/s/AbC123?from=poster查看。``. GFM (and cmark-gfm) ends a bare
address only at a space or "<" (the spec: after a valid domain, "zero or more non-space
non-< characters may follow"; cmark-gfm takes any letter of any script as a domain
character), written for languages that put spaces between words: the link took
``查看。`` too and led residents to an error page. Here a bare address also ends at

- a wide character (Han, kana, hangul, full-width letters and punctuation such as
  ，。；：！？、）」』】》, the ideographic space, emoji), and
- any non-ASCII punctuation, symbol, space or invisible character (“”‘’…—·×, the no-break
  and zero-width spaces): none is typed in an address, all are typed around one;

then GFM's rules for its end apply as they are: trailing ``? ! . , : * _ ~ ' "`` and an
unbalanced ``)`` stay outside, as does a trailing entity-like ``&hl;``. Chinese letters in a
path that more of the address follows (``https://example.org/files/课表.pdf``, a file name
pasted from a government site) stay in it: see :func:`_extend`.

Letters of alphabetic scripts (é, ü) stay in an address, as in GFM. An address whose host
is written in Chinese (``https://例子.中国/路径``, a label of the host beginning with a
Chinese character) was written with Chinese on purpose: no one glues a sentence straight
after "://" or a dot. There Chinese letters stay in the address, host and path, and it ends
at a space, full-width or other punctuation. Any other address with Chinese in its path
(``https://zh.wikipedia.org/wiki/社区``) cannot be told from a sentence glued to it; staff
link it whole by writing it in angle brackets, ``<https://zh.wikipedia.org/wiki/社区>``
(CommonMark's own autolink, which ends at ">"), or as ``[文字](网址)``. Written bare, it is
linked up to the Chinese, and where that leaves it ending with "/", "=" or "-" it was most
likely cut short: :func:`cut_short` finds those for a warning.

An address also starts where Chinese text stops: ``详见www.example.org`` is a link as
``详见https://example.org`` is, though GFM starts "www." only after a space (:data:`STARTS`).

One finder for both Markdown engines (:mod:`generator.markup`), so they give the same links.
Written here because no linkifier ends an address at Chinese text: cmark-gfm's extension
cannot be told where to stop, and linkify-it(-py) takes any letter of any script into a
path as GFM does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["BareLink", "STARTS", "bare_links", "cut_short", "ends_address", "href_of", "link_at"]

# Where an address may start, as cmark-gfm's extension finds them: a scheme it links
# (http, https, ftp; any case) not glued to an ASCII letter; "www." at the start, after a
# space or after * _ ~ (; an e-mail's local part, "mailto:" before it or not. And "www."
# after a character that ends an address (详见www.…, （www.…）, “www.…”), which cmark-gfm
# does not link (it looks for a space before "www.", as Latin text has one, while a scheme
# it links after anything but a letter: 详见https://… was linked, 详见www.… was not);
# :func:`link_at` tells those characters from the letters of other scripts (éwww.… is a word,
# as foowww.… is).
STARTS = re.compile(
    r"(?<![A-Za-z])(?:[hH][tT][tT][pP][sS]?|[fF][tT][pP])://"
    r"|(?:(?<=[ \t\n\r\f\v*_~(])|^|(?<=[^\x00-\x7f]))www\."
    r"|(?<![A-Za-z0-9])mailto:[A-Za-z0-9.+_-]+@"
    r"|(?<![A-Za-z0-9.+_-])[A-Za-z0-9.+_-]+@"
)
_TRAILING = frozenset("?!.,:*_~'\"")
# ASCII: what ends an address in GFM (a space, "<"), and control characters (Python-Markdown
# keeps what it has already parsed as \x02…\x03 placeholders in the text).
_ASCII_ENDS = frozenset("<\x7f" + "".join(map(chr, range(0x20))) + " ")
# What cmark keeps unescaped in an href (houdini_escape_href): the rest is percent-encoded,
# a Chinese letter as its UTF-8 bytes, so both engines write the same href.
_HREF_SAFE = "!#$%&'()*+,-./:;=?@_~"


@dataclass(frozen=True)
class BareLink:
    start: int
    end: int
    href: str


def ends_address(char: str, chinese_host: bool = False) -> bool:
    """Whether ``char``, met in a bare address, ends it (see the module's text)."""
    if char < "\x80":
        return char in _ASCII_ENDS
    category = unicodedata.category(char)
    if chinese_host and category[0] in "LMN":
        return False
    return unicodedata.east_asian_width(char) in ("W", "F") or category[0] in "PSZC"


def _host_char(char: str) -> bool:
    """cmark-gfm's is_valid_hostchar: no space, no punctuation."""
    if char < "\x80":
        return char.isalnum()
    category = unicodedata.category(char)
    return category[0] not in "PZC"


def _chinese_host(text: str, start: int) -> bool:
    """Whether a label of the host starting at ``start`` begins with a Chinese (wide) letter."""
    at_label = True
    for char in text[start:start + 256]:
        if char == ".":
            at_label = True
            continue
        if not (_host_char(char) or char in "-_"):
            return False
        if at_label and char >= "\x80" and unicodedata.category(char)[0] == "L" \
                and unicodedata.east_asian_width(char) in ("W", "F"):
            return True
        at_label = False
    return False


def _check_domain(text: str, start: int, end: int, allow_short: bool, chinese: bool) -> int:
    """cmark-gfm's check_domain over text[start:end]: the domain's length, 0 if none (an
    underscore in its last two labels, or no dot where one is needed)."""
    size = end - start
    i, dots, underscores_last, underscores = 1, 0, 0, 0
    while i < size - 1:  # cmark's bounds, last character not looked at
        char = text[start + i]
        if char == "\\" and i < size - 2:
            i += 1
            char = text[start + i]
        if char == "_":
            underscores += 1
        elif char == ".":
            underscores_last, underscores = underscores, 0
            dots += 1
        elif (not _host_char(char) and char != "-") or ends_address(char, chinese):
            break
        i += 1
    if (underscores_last or underscores) and dots <= 10:
        return 0
    if allow_short:
        return i
    return i if dots else 0


def _delimit(text: str, start: int, end: int) -> int:
    """cmark-gfm's autolink_delim: the end of text[start:end] once GFM's trailing
    punctuation, unbalanced ")" and a trailing entity-like "&name;" are taken off."""
    lt = text.find("<", start, end)
    if lt >= 0:
        end = lt
    opening = text.count("(", start, end)
    closing = text.count(")", start, end)
    while end > start:
        last = text[end - 1]
        if last == ")":
            if closing <= opening:
                return end
            closing -= 1
            end -= 1
        elif last in _TRAILING:
            end -= 1
        elif last == ";":
            new_end = end - 2
            while new_end > start and text[new_end].isascii() and text[new_end].isalpha():
                new_end -= 1
            if new_end < end - 2 and text[new_end] == "&":
                end = new_end
            else:
                end -= 1
        else:
            return end
    return end


# What joins Chinese letters to more of an address in its path: 课表.pdf, 社区/活动, 名单?page=2.
_JOINS_PATH = frozenset("/.?#=&%_")


def _chinese_letter(char: str) -> bool:
    return char >= "\x80" and unicodedata.category(char)[0] == "L" and unicodedata.east_asian_width(char) in ("W", "F")


def _extend(text: str, host: int, at: int, chinese: bool) -> int:
    """Where an address whose host starts at ``host`` ends, from ``at`` on. Chinese letters
    in its path stay in it when one of ``/ . ? # = & % _`` and then more of an address follow
    them (``/files/课表.pdf``): a sentence goes on with Chinese or full-width punctuation, or
    ends with "." (``查看.``), or runs into a number (``电话13800138000``), never so."""
    end = at
    while end < len(text):
        if not ends_address(text[end], chinese):
            end += 1
            continue
        run = end
        while run < len(text) and _chinese_letter(text[run]):
            run += 1
        if (run == end or run + 1 >= len(text) or text[run] not in _JOINS_PATH or "/" not in text[host:end]
                or not (text[run + 1].isascii() and text[run + 1].isalnum() or _chinese_letter(text[run + 1]))):
            break
        end = run + 1
    return end


# What an address ends with when Chinese glued after it is most likely more of its path or
# query (…/公告/停水, ?wd=停水, /news-社区), which a sentence does not resume after.
_CUT_AFTER = frozenset("/=-")


def cut_short(text: str, end: int) -> str:
    """The Chinese letters (and ASCII letters and digits with them) that follow a bare
    address ending at ``end`` in ``text`` when the address was likely cut short there: it
    ends with ``/``, ``=`` or ``-`` and a Chinese letter follows (``https://example.org/公告/``
    of ``https://example.org/公告/停水 通知``). "" when it was not. Such an address cannot
    be told from one a sentence is glued to (``https://example.org/了解更多``); it stays
    linked as found, and staff are told (:mod:`generator.markup`)."""
    if end == 0 or end >= len(text) or text[end - 1] not in _CUT_AFTER or not _chinese_letter(text[end]):
        return ""
    run = end
    while run < len(text) and run - end < 30 and (_chinese_letter(text[run]) or text[run].isascii() and text[run].isalnum()):
        run += 1
    return text[end:run]


def href_of(address: str) -> str:
    """The href cmark writes for ``address``."""
    return quote(address, safe=_HREF_SAFE)


def _url(text: str, start: int) -> BareLink | None:
    after = text.index("://", start) + 3
    if after >= len(text) or not _host_char(text[after]):
        return None
    chinese = _chinese_host(text, after)
    if ends_address(text[after], chinese):
        return None
    domain = _check_domain(text, after, len(text), True, chinese)
    if domain == 0:
        return None
    end = _delimit(text, start, _extend(text, after, after + domain, chinese))
    return BareLink(start, end, href_of(text[start:end])) if end > start else None


def _www(text: str, start: int) -> BareLink | None:
    chinese = _chinese_host(text, start)
    domain = _check_domain(text, start, len(text), False, chinese)
    if domain == 0:
        return None
    end = _delimit(text, start, _extend(text, start, start + domain, chinese))
    return BareLink(start, end, href_of("http://" + text[start:end])) if end > start else None


def _email(text: str, start: int, at: int) -> BareLink | None:
    """cmark-gfm's e-mail autolink: the local part from ``start``, "@" at ``at``."""
    if not text[at - 1].isascii() or not text[at - 1].isalnum():
        return None
    end, dots = at + 1, 0
    while end < len(text):
        char = text[end]
        if char.isascii() and char.isalnum() or char in "-_":
            end += 1
        elif char == "." and end + 1 < len(text) and text[end + 1].isascii() and text[end + 1].isalnum():
            dots += 1
            end += 1
        elif char == "@":  # cmark starts again from this "@", its local part what followed the first
            local = at + 1
            return _email(text, local, end) if end > local else None
        else:
            break
    last = text[end - 1]
    if end - at < 2 or dots == 0 or not (last.isascii() and last.isalpha() or last == "."):
        return None
    end = _delimit(text, at, end)
    if end == at:
        return None
    written = text[start:end]
    return BareLink(start, end, href_of(written if written.startswith("mailto:") else "mailto:" + written))


def link_at(text: str, match: re.Match[str]) -> BareLink | None:
    """The link a match of :data:`STARTS` in ``text`` begins, or None where there is none."""
    found = match.group()
    if found.endswith("@"):
        return _email(text, match.start(), match.end() - 1)
    if found.startswith("www."):
        start = match.start()
        if start > 0 and text[start - 1] >= "\x80" and not ends_address(text[start - 1]):
            return None  # éwww.…: inside a word, as GFM leaves foowww.…
        return _www(text, start)
    return _url(text, match.start())


def bare_links(text: str) -> list[BareLink]:
    """Every bare address in ``text``, in order."""
    links: list[BareLink] = []
    at = 0
    while (match := STARTS.search(text, at)) is not None:
        link = link_at(text, match)
        if link is None:
            at = match.end()
            continue
        links.append(link)
        at = link.end
    return links
