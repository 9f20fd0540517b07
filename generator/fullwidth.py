"""Full-width punctuation where YAML needs half-width, found and fixed line by line.

Staff type YAML in a Chinese input method, which gives ``title：通知`` (full-width colon),
``tags：【老人，儿童】`` (full-width brackets and commas), indentation with the full-width space
U+3000, or tabs. YAML then either fails with a message no one can act on or, worse, quietly reads
``[老人，儿童]`` as one item. :func:`find_faults` names each such mistake and the exact change;
:func:`fix` makes those changes and nothing else, so ``noticeboard`` can offer to repair a file.

Only YAML *syntax* is touched: a full-width colon after a key at the start of a line, the
brackets, commas and colons of a one-line flow collection (``[...]``, ``{...}``), and the
whitespace before a line's content. Full-width punctuation inside values (``title: 通知：停水``,
``title: 【重要】停水通知``), inside quoted strings and inside block scalars (``|``, ``>``) is
content and is left alone.

Both functions share one scan, so what is reported is exactly what is fixed. No file I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Text

__all__ = ["find_faults", "fix"]

_FW_SPACE = "\u3000"
_LEAD_RE = re.compile(r"[ \t\u3000]*")
_DASHES_RE = re.compile(r"(?:-(?: +|$))*")
# A field name or id: ASCII, starting with a letter ("9：30" is a time, not a key).
_KEY = r"[A-Za-z_][A-Za-z0-9_.\-]*"
_ASCII_KEY_RE = re.compile(rf"({_KEY})[ ]*(：|:(?=[ \t]|$))")
# At column 0 outside a sequence a line can only be a key, so any text before "：" is one.
_ANY_KEY_RE = re.compile(r"([^\s:：#'\"\[\]{}【】［］｛｝,，&*!|>%@`\-][^:：#]*?)[ ]*(：|:(?=[ \t]|$))")
_BLOCK_RE = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?")
_KEY_AHEAD_RE = re.compile(rf"[ \t]*{_KEY}[ \t]*(?:：|:(?=[ \t,}}]|$))")

_SEQ_OPEN, _MAP_OPEN = "[【［", "{｛"
_SEQ_CLOSE, _MAP_CLOSE = "]】］", "}｝"
_HALF = {"【": "[", "［": "[", "】": "]", "］": "]", "｛": "{", "｝": "}"}


@dataclass(frozen=True)
class _Edit:
    start: int  # offset in the whole text
    end: int
    new: str


@dataclass(frozen=True)
class _Fault:
    line: int
    text: Text
    edits: tuple[_Edit, ...]


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- messages ---------------------------------------------------------------------------


def _colon_text(key: str) -> Text:
    return Text(
        f"把 “{key}：” 中的全角冒号 “：” 改为半角 “: ”（冒号后加一个空格），否则 YAML 认不出 “{key}” 这一项",
        f"change the full-width colon '：' in '{key}：' to a half-width ': ' (a colon followed by a space); "
        f"otherwise YAML does not see the field '{key}'",
    )


def _colon_tab_text(key: str) -> Text:
    return Text(
        f"“{key}:” 后面用了 Tab 键，YAML 不允许：请把冒号后的 Tab 换成一个空格",
        f"'{key}:' is followed by a tab, which YAML does not allow; replace the tab after the colon with one space",
    )


def _indent_text(fw_spaces: int, tabs: int) -> Text:
    zh, en = [], []
    if fw_spaces:
        zh.append(f"行首有 {fw_spaces} 个全角空格 “　”（中文输入法下打的空格）")
        en.append(f"{fw_spaces} full-width space(s) (typed in a Chinese input method)")
    if tabs:
        zh.append(f"行首有 {tabs} 个 Tab")
        en.append(f"{tabs} tab(s)")
    return Text(
        "，".join(zh) + "，YAML 缩进只认半角空格：请换成半角空格（每个换成两个空格）",
        "the line is indented with " + " and ".join(en)
        + ", but YAML indents with half-width spaces only; replace each with two spaces",
    )


def _flow_text(old: str, new: str, kinds: set[str]) -> Text:
    is_map = old[0] in _MAP_OPEN
    names = {
        "bracket": ("括号", "brackets"),
        "comma": ("逗号 “，”", "commas '，'"),
        "dunhao": ("顿号 “、”", "enumeration commas '、'"),
        "colon": ("冒号 “：”", "colons '：'"),
    }
    order = [k for k in ("bracket", "comma", "dunhao", "colon") if k in kinds]
    zh = "、".join(names[k][0] for k in order)
    en = ", ".join(names[k][1] for k in order)
    where_zh, where_en = ("{…} 里", "in {…}") if is_map else ("列表里", "in a list")
    space_zh = "（逗号、冒号后加一个空格）" if kinds - {"bracket"} else ""
    space_en = " (with a space after each comma and colon)" if kinds - {"bracket"} else ""
    return Text(
        f"把 “{_shorten(old)}” 改为 “{_shorten(new)}”：{where_zh}的{zh}要用半角{space_zh}，否则分不出各项",
        f"change '{_shorten(old)}' to '{_shorten(new)}': the full-width {en} {where_en} must be half-width"
        f"{space_en}, or the items run together",
    )


# ---- flow collections on one line ------------------------------------------------------


def _skip_quoted(s: str, i: int) -> int | None:
    """Index just past the quoted scalar starting at ``s[i]``, or None if it does not end."""
    quote = s[i]
    i += 1
    while i < len(s):
        c = s[i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c == quote:
            if quote == "'" and s.startswith("''", i):
                i += 2
                continue
            return i + 1
        i += 1
    return None


def _flow(s: str) -> tuple[int, list[tuple[int, int, str]], set[str]] | None:
    """Faults of a one-line flow collection that makes up all of value ``s``.

    Returns the collection's length, edits ``(start, end, new)`` relative to ``s`` and the kinds
    of fault, or None when ``s`` is not one (``【重要】停水通知`` is text, not a list).
    """
    opener = s[0]
    is_seq = opener in _SEQ_OPEN
    stack = ["seq" if is_seq else "map"]
    edits: list[tuple[int, int, str]] = []
    kinds: set[str] = set()
    separators = 0
    item_start = True  # a quoted scalar may begin here
    in_key = not is_seq  # inside a map, before the key's colon
    i = 1
    end = None
    while i < len(s):
        c = s[i]
        if c in " \t":
            i += 1
            continue
        if item_start and c in "\"'":
            after = _skip_quoted(s, i)
            if after is None:
                return None
            i, item_start = after, False
            continue
        context = stack[-1]
        if len(stack) == 1 and c in (_SEQ_CLOSE if is_seq else _MAP_CLOSE):
            end = i
            break
        if c in "[{":
            stack.append("seq" if c == "[" else "map")
            item_start, in_key = True, c == "{"
        elif c in "]}":
            if (c == "]") != (context == "seq"):
                return None
            stack.pop()
            item_start, in_key = False, False
        elif c == ",":
            separators += len(stack) == 1
            item_start, in_key = True, context == "map"
        elif c in "，、" and (context == "seq" or (c == "，" and _KEY_AHEAD_RE.match(s, i + 1))):
            separators += len(stack) == 1
            kinds.add("comma" if c == "，" else "dunhao")
            nxt = s[i + 1: i + 2]
            edits.append((i, i + 1, "," if nxt in (" ", "\t") else ", "))
            item_start, in_key = True, context == "map"
        elif c == ":" and context == "map" and in_key and s[i + 1: i + 2] in (" ", "\t", ",", "}", ""):
            item_start, in_key = True, False
        elif c == "：" and context == "map" and in_key:
            key_from = max(s.rfind(ch, 0, i) for ch in "{｛,，")
            if not re.fullmatch(rf"[ \t]*{_KEY}[ \t]*", s[key_from + 1: i]):
                item_start = False
                i += 1
                continue
            j = i + 1
            while j < len(s) and s[j] == _FW_SPACE:
                j += 1
            kinds.add("colon")
            edits.append((i, j, ":" if s[j: j + 1] in (" ", "\t") else ": "))
            i, item_start, in_key = j, True, False
            continue
        else:
            item_start = False
        i += 1
    if end is None:
        return None
    tail = s[end + 1:]
    if tail.strip() and not re.fullmatch(r"[ \t]+#.*", tail):
        return None
    closer = s[end]
    if opener == "【" and separators == 0:
        return None  # 【通知】 alone is a title's decoration, not a one-item list
    for pos, char in ((0, opener), (end, closer)):
        if char in _HALF:
            kinds.add("bracket")
            edits.append((pos, pos + 1, _HALF[char]))
    if not edits:
        return None
    return end + 1, sorted(edits), kinds


# ---- the scan ---------------------------------------------------------------------------


def _width(lead: str) -> int:
    """Indentation width once fixed: a tab or a full-width space becomes two spaces."""
    return len(lead) + lead.count("\t") + lead.count(_FW_SPACE)


_SUSPECTS_RE = re.compile("[：\t\u3000，、【［｛]")


def _scan(text: str) -> list[_Fault]:
    if not _SUSPECTS_RE.search(text):
        return []  # every fault needs one of these characters; most files have none
    faults: list[_Fault] = []
    # Lines that belong to the value above them and are content, not syntax: a block scalar
    # ("|" or ">", content indented at least ``cont_indent``) or a plain scalar folded onto the
    # next lines (content indented more than ``cont_parent``, the column of its key or dash).
    cont_kind: str | None = None  # "block" or "plain"
    cont_parent = 0
    cont_indent: int | None = None
    quote: str | None = None  # inside a quoted scalar that spans lines
    # (dash column, key column) of the last "- key: value" line: a tab-indented key right
    # under it continues that item, so it goes to the key column, not onto the dash.
    last_item: tuple[int, int] | None = None
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line_start, offset = offset, offset + len(raw) + 1
        line = raw[:-1] if raw.endswith("\r") else raw

        if quote is not None:
            after = _skip_quoted(quote + line, 0)
            if after is not None:
                quote = None
            continue

        lead = _LEAD_RE.match(line).group()
        rest = line[len(lead):]
        spaces = len(line) - len(line.lstrip(" "))

        bad_lead = "\t" in lead or _FW_SPACE in lead
        width = _width(lead)
        indent_fault = False
        content = False
        if cont_kind is not None:
            # Content is measured by the width the line will have once fixed, so that fixing
            # a line's indentation never moves it into or out of the value above.
            if not rest:  # a blank line continues the value; its whitespace may still be wrong
                if not bad_lead:
                    content = True
                elif cont_kind == "plain":
                    content = spaces > cont_parent
                else:
                    content = cont_indent is not None and spaces >= cont_indent
            elif cont_kind == "plain":
                if width > cont_parent:
                    content, indent_fault = True, bad_lead and spaces <= cont_parent
                else:
                    cont_kind = None
            elif cont_indent is None:
                if spaces > cont_parent:
                    content, cont_indent = True, spaces
                elif width > cont_parent:
                    content, indent_fault, cont_indent = True, True, width
                else:
                    cont_kind = None
            elif spaces >= cont_indent:
                content = True
            elif width >= cont_indent:
                content, indent_fault = True, True
            else:
                cont_kind = None
        if cont_kind is None or not content:
            indent_fault = bad_lead

        if indent_fault and last_item is not None and width == last_item[0] and "\t" in lead \
                and rest[:1] not in ("", "-", "#") and _ASCII_KEY_RE.match(rest):
            edits = (_Edit(line_start, line_start + len(lead), " " * last_item[1]),)
            faults.append(_Fault(number, _indent_text(lead.count(_FW_SPACE), lead.count("\t")), edits))
            width = last_item[1]  # its column once fixed: what follows is measured from there
        elif indent_fault:
            edits = tuple(
                _Edit(line_start + i, line_start + i + 1, "  ") for i, c in enumerate(lead) if c in "\t\u3000"
            )
            faults.append(_Fault(number, _indent_text(lead.count(_FW_SPACE), lead.count("\t")), edits))
        if content or not rest or rest[0] in "#%":
            continue

        column = width
        base = line_start + len(lead)  # offset of rest[0]
        dashes = _DASHES_RE.match(rest).end()
        item_column = column + (rest.rfind("-", 0, dashes) if dashes else 0)
        key_re = _ANY_KEY_RE if column == 0 and dashes == 0 else _ASCII_KEY_RE
        match = key_re.match(rest, dashes)
        value_at = dashes if dashes else None
        if match is not None:
            key, colon = match.group(1), match.group(2)
            after = match.end()
            ws_end = after
            while ws_end < len(rest) and rest[ws_end] in (" \t\u3000" if colon == "：" else " \t"):
                ws_end += 1
            has_value = ws_end < len(rest)
            if colon == "：":
                start = match.start(2)
                new = ": " if has_value else ":"
                faults.append(_Fault(number, _colon_text(key), (_Edit(base + start, base + ws_end, new),)))
            elif "\t" in rest[after:ws_end]:
                new = " " if has_value else ""
                faults.append(_Fault(number, _colon_tab_text(key), (_Edit(base + after, base + ws_end, new),)))
            value_at = ws_end if has_value else None
            if dashes:
                last_item = (item_column, column + match.start(1))
            item_column = column + match.start(1)
        if value_at is None or value_at >= len(rest):
            continue

        value = rest[value_at:]
        first = value[0]
        if first in "\"'":
            if _skip_quoted(value, 0) is None:
                quote = first
            continue
        if first in "|>" and _BLOCK_RE.fullmatch(value):
            cont_kind, cont_parent, cont_indent = "block", item_column, None
            continue
        if first in _SEQ_OPEN or first in _MAP_OPEN:
            found = _flow(value)
            if found is not None:
                length, rel_edits, kinds = found
                old = value[:length]
                at = base + value_at
                edits = tuple(_Edit(at + a, at + b, n) for a, b, n in rel_edits)
                faults.append(_Fault(number, _flow_text(old, _apply(old, rel_edits), kinds), edits))
        # a plain scalar, or a flow collection spread over lines: what follows, indented
        # deeper, continues it (after a one-line collection that would be a YAML error anyway)
        cont_kind, cont_parent, cont_indent = "plain", item_column, None
    return faults


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts, last = [], 0
    for start, end, new in sorted(edits):
        parts.append(text[last:start])
        parts.append(new)
        last = end
    parts.append(text[last:])
    return "".join(parts)


def find_faults(yaml_text: str) -> list[tuple[int, Text]]:
    """Each full-width or tab mistake in YAML syntax: (1-based line in ``yaml_text``, message).

    Messages say what to change and carry no ``file:line:`` prefix; the caller adds it.
    """
    return [(fault.line, fault.text) for fault in _scan(yaml_text)]


def fix(yaml_text: str) -> str:
    """``yaml_text`` with exactly the faults :func:`find_faults` reports repaired.

    Everything else stays byte-identical; ``fix(fix(x)) == fix(x)``.
    """
    faults = _scan(yaml_text)
    if not faults:
        return yaml_text
    edits = [(e.start, e.end, e.new) for fault in faults for e in fault.edits]
    return _apply(yaml_text, edits)
