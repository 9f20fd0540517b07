"""Load: files on disk -> raw documents, with the file and line of every value.

Nothing here knows what a notice or an activity is; it reads bytes, decodes them, splits
front matter from the Markdown body and parses YAML while keeping the line of every key, so
that any later stage can point the user at the exact line.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import xxhash
import yaml

from . import fullwidth
from .encoding import EncodingError, decode_source
from .errors import Problems

try:  # the C parser is about ten times faster; the fallback keeps odd platforms working
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without YAML 1.1 timestamps: dates are parsed by :mod:`generator.dates`,
    which accepts the Chinese forms and reports bad dates with the field's line.

    Nor YAML 1.1's base-60 and leading-zero octal numbers: ``end: 11:30`` was the number 690
    and ``contact: 07551234567`` (an area code of 0755) the number 1034238327. Base-60 is gone
    from YAML 1.2 too; a leading zero is kept as text here (YAML 1.2 would drop the zero from
    the phone number), and fields that take a number read it as one (:func:`plain_number`)."""


_NUMBERS = {  # PyYAML's patterns less the base-60 and octal forms
    "tag:yaml.org,2002:int": re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, _NUMBERS.get(tag, regexp)) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class LeadingZero(str):
    """A plain number written with a leading zero (``07``, ``07551234567``): text as written,
    which a field that takes a number reads as the number (:func:`plain_number`)."""


_LEADING_ZERO = "tag:noticeboard,2026:leading-zero"
for _first in "+-0":
    _Loader.add_implicit_resolver(_LEADING_ZERO, re.compile(r"^[-+]?0[0-9]+$"), [_first])
_Loader.add_constructor(_LEADING_ZERO, lambda loader, node: LeadingZero(node.value))


def plain_number(value: Any) -> Any:
    """``value``, or the number a :class:`LeadingZero` text stands for."""
    return int(value) if isinstance(value, LeadingZero) else value


# How staff write yes and no (YAML itself reads true/false, yes/no and on/off).
_YES = frozenset({"true", "yes", "是", "对", "y", "1"})
_NO = frozenset({"false", "no", "否", "不", "n", "0"})


def yes_or_no(value: Any) -> bool | None:
    """``value`` as a yes or a no (是/否 too), None when it is neither."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in _YES else False if text in _NO else None


# Line numbers are kept per path of keys: ("items", 2, "provider") -> 14.
Marks = dict[tuple, int]


@dataclass
class RawDocument:
    """One content file after loading: data, where each value stands, and the Markdown body."""

    path: str  # relative to the site root, with forward slashes
    data: dict[str, Any]
    marks: Marks
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    digest: str = ""
    problems: Problems = field(default_factory=Problems)
    media: set[str] = field(default_factory=set)  # files under content/ this document links to
    # Those of ``media`` published as they are: linked in full (a link, an attachment, a link
    # to /media/...), or shown by an <img> that is not resized (images.shows_original).
    originals: set[str] = field(default_factory=set)
    # Those of ``media`` shown by an <img> (resizable ones get smaller copies): not a photo only
    # linked (``[看原图](photo.jpg)``), whose copies no page would name.
    shown: set[str] = field(default_factory=set)
    # Links to pages of this site ("/notices/..."), (as written, line): judged once the site's
    # pages are planned (lint.check_site_links), since a page of another file may make them live.
    site_links: list[tuple[str, int]] = field(default_factory=list)
    # Where it first refers to each file of ``media`` and each picture at a web address:
    # (line, field or None for the body). Posters print them too, and a poster's warning
    # about one names the line the website's warning names (printing.PosterJob.lines).
    ref_lines: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    # Fields left empty because their value starts with "#" ("title: # 紧急"): key path -> that text.
    commented: dict[tuple, str] = field(default_factory=dict)

    def line(self, *keys: Any) -> int | None:
        """The line of a key path, falling back to its nearest parent."""
        while keys:
            if keys in self.marks:
                return self.marks[keys]
            keys = keys[:-1]
        return 1 if self.marks else None


class YamlProblem(Exception):
    def __init__(self, line: int | None, zh: str, en: str, more: tuple[tuple[int, str, str], ...] = ()):
        super().__init__(en)
        self.line, self.zh, self.en = line, zh, en
        self.more = more  # further (line, zh, en) found in the same pass, so staff fix them at once

    def all(self) -> list[tuple[int | None, str, str]]:
        return [(self.line, self.zh, self.en), *self.more]


# PyYAML's English problems, explained for staff. Unlisted problems keep the original words.
_YAML_HINTS = {
    "mapping values are not allowed": (
        "这一行的冒号位置不对：每行应是 “字段: 值”，冒号后加一个空格；值里有冒号时请用引号把值括起来",
        "a colon is misplaced: write 'field: value' with one space after the colon, and quote values that contain a colon",
    ),
    "could not find expected ':'": (
        "缺少冒号：每行应是 “字段: 值”（半角冒号，后面加一个空格）",
        "a colon is missing: write 'field: value' (half-width colon and a space)",
    ),
    "found character '\\t' that cannot start any token": (
        "这一行用了 Tab 缩进，请改为空格",
        "this line is indented with a tab; use spaces",
    ),
    "found undefined alias": ("“*” 开头的值需要用引号括起来", "values starting with '*' must be quoted"),
    "expected <block end>, but found": (
        "缩进不一致：同一层的字段要对齐，列表项 “- ” 前的空格数要一样",
        "inconsistent indentation: keys of one level must line up",
    ),
    "did not find expected key": (
        "缩进不一致或列表格式不对：同一层的字段要对齐",
        "inconsistent indentation or a malformed list",
    ),
    "found unexpected end of stream": (
        "引号没有配对：请检查这一段的引号是否成对",
        "a quote is not closed",
    ),
    "while scanning a quoted scalar": ("引号没有配对：请检查引号是否成对", "a quote is not closed"),
    "while parsing a flow sequence": (
        "方括号 “[” 没有配对的 “]”：列表要写在同一行，如 [老年人, 儿童]",
        "a '[' is not closed by ']': write a list on one line, like [a, b]",
    ),
    "did not find expected '-' indicator": (
        "缩进不对：列表项里的字段要和同一项的其他字段对齐，“- ” 要和同一列表的其他 “- ” 对齐（前面的空格数一样）",
        "inconsistent indentation: the fields of a list item line up, and so do the '- ' of one list",
    ),
    "while parsing a flow mapping": (
        "花括号 “{” 没有配对的 “}”：要写在同一行，如 {size: a3}",
        "a '{' is not closed by '}': write it on one line, like {size: a3}",
    ),
}

# Problems PyYAML finds only where the text ends: the line that opened the construct is the one to fix.
_REPORT_AT_CONTEXT = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")

_INDENTED_KEY = (
    "这一行前面多了空格：与上一行同级的字段要顶格对齐（如果这是上一行的值的一部分且含有冒号，请给值加引号）",
    "this line is indented more than it should be: fields of one level line up "
    "(if it continues the value above and holds a colon, quote that value)",
)
# Where a field must stand inside a list item: "    name:" under "  - id: a" (see _list_alignment).
_ITEM_FIELD = re.compile(r"^( *)(?:(-)( +|$))?(?:([^\s:#'\"\[{][^:#]*?):(?:[ \t]|$))?")
_TOO_DEEP = (
    "字段嵌套得太深（方括号 “[” 或缩进的层数太多），请检查括号是否配对、缩进是否多了",
    "the fields nest far too deep (too many '[' or indentation levels): check brackets and indentation",
)
# PyYAML's problems for a value that starts with one of YAML's own signs (* & ! % @ ` > | -).
_SIGN_PROBLEMS = ("while scanning an alias", "while scanning an anchor", "while scanning a tag",
                  "cannot start any token", "while scanning a block scalar", "block sequence entries are not allowed")
_KEY_VALUE = re.compile(r"^(\s*(?:- )?[^\s:#][^:#]*):[ \t]+(\S.*?)\s*$")
# "title: 停水通知 #3号楼": YAML drops " #..." as a comment, and staff meant it as text.
# Only "#" followed by text: "# 说明" after a value is a comment someone meant to write.
_CUT_COMMENT = re.compile(r"^\s*(?:- )?[^\s:#'\"][^:#]*:[ \t]+([^\s'\"#\[{|>][^#]*?)[ \t]+#([^\s#].*?)\s*$")
# A space forgotten after a key's colon or a list item's dash: YAML reads the line as text and
# fails on the next one, so the error is reported a line too low with the wrong fix.
_NO_SPACE_AFTER = (
    (re.compile(r"^(\s*(?:- )?[A-Za-z_][\w-]*):(?![\s:/])(\S.*)$"), r"\1: \2",
     "冒号后面要加一个空格", "a colon needs a space after it"),
    (re.compile(r"^(\s*)-(?![\s-])(\S.*)$"), r"\1- \2", "列表项的 “-” 后面要加一个空格", "a list item's '-' needs a space after it"),
)
_FIX_HINT = ("（可运行 noticeboard check --fix 自动改正）", " (noticeboard check --fix repairs this)")


# A file's name at the end of a value: 附件\通知.pdf, D:\报名表.docx.
_FILE_NAME_END = re.compile(r"[^\s\\/]\.[A-Za-z0-9]{1,5}$")


def _backslash_in_quotes(line: str, column: int) -> tuple[str, str]:
    r"""``- "附件\通知.pdf"``: in double quotes YAML reads "\" as the start of an escape
    (\n, \u4e00), so a Windows path typed there is a syntax error, and PyYAML said only "found
    unknown escape character". The fix with the line rewritten: a path on the staff member's
    computer (C:\...) is told where to copy the file; another path gets "/" between folders
    (as the site's links need: see MediaLinks.link); other text keeps its "\" in single quotes,
    where YAML takes it as it is. ``column``: the opening quote's."""
    end = column + 1
    while end < len(line) and line[end] != '"':
        end += 2 if line[end] == "\\" else 1
    value = line[column + 1:end]
    from .markup import on_own_computer, own_computer_message  # markup reads documents through load

    if on_own_computer(value):
        return own_computer_message(value, "file")
    if end >= len(line):  # the quotes close on a later line: no one line to rewrite
        return (f"双引号里的反斜杠 “\\” 在 YAML 里是转义符号，从这一行开始的 “{value}…” 读不出来：文件夹之间要用 “/”；"
                f"要写 “\\” 这个字，请把双引号换成英文单引号（里面的单引号写两遍）",
                f"a backslash '\\' inside double quotes starts an escape in YAML, so the text starting '{value}…' "
                f"cannot be read: separate folders with '/'; to write a '\\' itself, use single quotes instead "
                f"(with any single quote in it written twice)")
    said_zh = f"双引号里的反斜杠 “\\” 在 YAML 里是转义符号，“{value}” 读不出来"
    said_en = f"a backslash '\\' inside double quotes starts an escape in YAML, so '{value}' cannot be read"
    if _FILE_NAME_END.search(value):
        fixed = (line[:column + 1] + re.sub(r"\\+", "/", value) + line[end:]).strip()
        return (f"{said_zh}：文件夹之间要用 “/”，写成 {fixed}",
                f"{said_en}: separate folders with '/': write {fixed}")
    # \" and \\ are escapes written on purpose, a quote and one backslash: single quotes take
    # those as they are, so they are written so there (\"重要\" would keep its backslashes).
    quoted = "'" + re.sub(r'\\(["\\])', r"\1", value).replace("'", "''") + "'"
    fixed = (line[:column] + quoted + line[end + 1:]).strip()
    return (f"{said_zh}：要写 “\\” 这个字，请把双引号换成英文单引号，写成 {fixed}",
            f"{said_en}: to write a '\\' itself, use single quotes instead: {fixed}")


def _quote_the_value(line: str) -> tuple[str, str] | None:
    """The fix for a value that starts with a sign YAML reads as its own: the line, quoted."""
    found = _KEY_VALUE.match(line)
    if found is None:
        return None
    key, value = found.groups()
    quoted = f'{key.strip()}: "{value.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
    return (f"值以 “{value[0]}” 开头，YAML 会把它当成特殊符号：请用英文引号把整个值括起来，写成 {quoted}",
            f"the value starts with '{value[0]}', which YAML reads as a sign of its own: quote the whole value: {quoted}")


def _line_shape(line: str) -> tuple[int, bool, int, str | None]:
    """(spaces before the line, whether it is a list item "- ", column of the field or value
    after "- ", the field's name or None)."""
    found = _ITEM_FIELD.match(line)
    assert found is not None  # every part of the pattern is optional
    indent, dash, gap, key = found.groups()
    column = len(indent) + (1 + len(gap) if dash else 0)
    return len(indent), dash is not None, column, key.strip() if key else None


def _is_field_at(line: str, column: int) -> bool:
    """Whether ``line`` is "field: ..." with ``column`` spaces before it (no "- ")."""
    indent, is_item, _, key = _line_shape(line)
    return indent == column and not is_item and key is not None


def _lines_above(lines: list[str], index: int) -> Iterable[int]:
    """Indexes of the lines above ``index`` that hold YAML, nearest first (not blank, not comments)."""
    return (i for i in range(min(index, len(lines)) - 1, -1, -1)
            if lines[i].strip() and not lines[i].lstrip().startswith("#"))


def _align_with_above(lines: list[str], index: int, first_line: int) -> tuple[str, str] | None:
    """An over-indented field under another field that is itself indented (in a list item or
    a group): the fix is to line it up with that field, not to start it at the margin."""
    above = next(iter(_lines_above(lines, index)), None)
    if above is None:
        return None
    _, _, column, key = _line_shape(lines[above])
    if column == 0 or key is None:
        return None  # a top-level field above: _INDENTED_KEY says it
    return (f"这一行前面多了空格：要和第 {first_line + above} 行的 “{key}:” 对齐，前面应是 {column} 个空格"
            "（如果这是上一行的值的一部分且含有冒号，请给值加引号）",
            f"this line is indented more than it should be: line it up with '{key}:' on line {first_line + above}, "
            f"{column} spaces from the margin (if it continues the value above and holds a colon, quote that value)")


def _list_alignment(lines: list[str], index: int, first_line: int) -> tuple[str, str] | None:
    """PyYAML's "did not find expected '-' indicator": inside a list, a line stands in no
    column YAML can place. A "- " that does not line up with the list's other "- ", or a field
    that does not line up with the other fields of its list item."""
    if not 0 <= index < len(lines):
        return None
    indent, is_item, _, _ = _line_shape(lines[index])
    if is_item:
        for above in _lines_above(lines, index):
            other, other_is_item, _, _ = _line_shape(lines[above])
            if other_is_item and other != indent:
                return (f"这一行的 “- ” 和同一列表的其他项没有对齐：要和第 {first_line + above} 行的 “- ” 一样，"
                        f"前面是 {other} 个空格",
                        f"this '- ' does not line up with the other items of its list: start it like the '- ' on "
                        f"line {first_line + above}, {other} spaces from the margin")
        return None
    item = next((above for above in _lines_above(lines, index)
                 if _line_shape(lines[above])[1] and _line_shape(lines[above])[0] <= indent), None)
    if item is None:
        return None
    _, _, column, key = _line_shape(lines[item])
    if column == indent:
        return None
    # The field nearest above in the item's column ("name:"), else the one after the "- ".
    reference = next((above for above in _lines_above(lines, index) if above > item
                      and _is_field_at(lines[above], column)), item)
    key = _line_shape(lines[reference])[3]
    if key is None:
        return None
    return (f"这一行前面是 {indent} 个空格，和同一列表项里的其他字段没有对齐：要和第 {first_line + reference} 行的 "
            f"“{key}:” 一样，前面是 {column} 个空格",
            f"this line has {indent} spaces before it and does not line up with the other fields of its list item: "
            f"start it like '{key}:' on line {first_line + reference}, {column} spaces from the margin")


def _item_less_indented(lines: list[str], index: int, first_line: int) -> tuple[str, str] | None:
    """PyYAML's "did not find expected key" (libyaml) or "expected <block end>" at a "- "
    indented less than the items of its list: YAML cannot place it in any list. The column to
    line up with is the one of the list it follows: the least indented item above that is
    still right of it, up to the field the list belongs to."""
    if not 0 <= index < len(lines):
        return None
    indent, is_item, _, _ = _line_shape(lines[index])
    if not is_item:
        return None
    found: tuple[int, int] | None = None  # (spaces, line index) of the list's item
    for above in _lines_above(lines, index):
        other, other_is_item, _, _ = _line_shape(lines[above])
        if other <= indent:
            break  # the field the list belongs to, or an earlier item of the same column
        if other_is_item and (found is None or other < found[0]):
            found = (other, above)
    if found is None:
        return None
    spaces, above = found
    return (f"这一行的 “- ” 比同一列表的其他项靠左（前面是 {indent} 个空格）：要和第 {first_line + above} 行的 “- ” 对齐，"
            f"前面是 {spaces} 个空格",
            f"this '- ' stands left of the other items of its list: line it up with the '- ' on line "
            f"{first_line + above}, {spaces} spaces from the margin")


def _field_less_indented(lines: list[str], index: int, first_line: int) -> tuple[str, str] | None:
    """PyYAML's "did not find expected key" (or "expected <block end>") at a field indented
    less than the fields above it and more than the field they belong to (" volunteers: 575"
    under "figures:" and "  service_visits: 2650"): a space deleted by hand. YAML said only that
    the indentation is inconsistent; the fix is the column of the fields above, or, if the line
    does not belong under their field, that field's own."""
    if not 0 <= index < len(lines):
        return None
    indent, is_item, _, key = _line_shape(lines[index])
    if is_item or key is None:
        return None
    reference: tuple[int, int, str] | None = None  # (spaces, line index, field) of the block's fields
    parent: tuple[int, int, str] | None = None  # the same of the field the block belongs to
    for above in _lines_above(lines, index):
        other, _, column, other_key = _line_shape(lines[above])
        if other <= indent:
            if other_key is not None:
                parent = (column, above, other_key)
            break
        if other_key is not None and (reference is None or other <= reference[0]):
            reference = (other, above, other_key)
    if reference is None:
        return None
    spaces, above, field = reference
    zh = (f"这一行前面是 {indent} 个空格，和上面的字段没有对齐：要和第 {first_line + above} 行的 “{field}:” 一样，"
          f"前面是 {spaces} 个空格")
    en = (f"this line has {indent} spaces before it and does not line up with the fields above: start it like "
          f"'{field}:' on line {first_line + above}, {spaces} spaces from the margin")
    if parent is not None and parent[0] < indent:
        column, line, name = parent
        zh += f"（如果 “{key}” 不属于第 {first_line + line} 行的 “{name}:”，就和 “{name}:” 对齐，前面是 {column} 个空格）"
        en += (f" (if '{key}' does not belong under '{name}:' on line {first_line + line}, line it up with '{name}:', "
               f"{column} spaces from the margin)")
    return zh, en


_EMPTY_FIELD = re.compile(r"^(\s*)([^\s:#'\"\-][^:#]*?):\s*(?:#.*)?$")
_LIST_ENTRY_EXAMPLE = re.compile(r"[^\t ,，、]+")


def _list_without_dashes(lines: list[str], index: int, first_line: int) -> tuple[int, str, str] | None:
    """(line, zh, en) for PyYAML's "could not find expected ':'" at a line with no colon right
    under a field left empty ("members:" and then 张三, 李四, one a line, as a list is typed by
    hand or a column pasted from Excel, Tab-separated): a list written without its "- ".
    The fix is the list form, not the missing colon PyYAML asks for."""
    if not 0 <= index < len(lines) or ":" in lines[index] or lines[index].lstrip().startswith("-"):
        return None
    above = next(iter(_lines_above(lines, index)), None)
    found = _EMPTY_FIELD.match(lines[above]) if above is not None else None
    if found is None or len(found.group(1)) > len(lines[index]) - len(lines[index].lstrip()):
        return None
    key = found.group(2).strip()
    first = _LIST_ENTRY_EXAMPLE.search(lines[index].strip())
    # A pasted row may hold a member's phone after the name: the example never shows a number.
    example = first.group() if first and not THREE_DIGITS.search(first.group()) else "张三"
    item = f"{found.group(1)}  - {example}"
    pasted = "\t" in lines[index]  # cells of a spreadsheet row: one of them is the item
    return (first_line + index,
            f"“{key}:” 下面的几行是一个列表，但没有以 “- ” 开头，YAML 读不出来：请每项单独一行，"
            f"前面加两个空格和 “- ”，写成 “{item}”" + ("（从 Excel 复制的一行有几格，只留名字那一格）" if pasted else ""),
            f"the lines under '{key}:' are a list but do not start with '- ', so YAML cannot read them: "
            f"write one item a line with two spaces and '- ' before it: '{item}'"
            + (" (of a row pasted from Excel, keep only the name)" if pasted else ""))


# Three digits in a row: part of a phone or ID number, which no example in a message shows (it
# would go to the build log). A name has none; a role may have one or two (第3组组长).
# validate.as_members judges a pasted roster by it too.
THREE_DIGITS = re.compile(r"[0-9０-９]{3}")


_CURLY_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}


def _colon_in_curly_quotes(line: str) -> tuple[str, str] | None:
    """``title: “停电: 3号楼”``: a value with a colon, quoted as told, but with the curly quotes
    Word and Chinese input methods type, which YAML does not take for quotes. "Quote the
    value" would tell staff to do what they did: the fix is English quotes."""
    found = _KEY_VALUE.match(line)
    if found is None or found.group(2)[0] not in _CURLY_QUOTES:
        return None
    key, value = found.group(1).strip(), found.group(2)
    inner = value[1:-1] if value[-1] == _CURLY_QUOTES[value[0]] else value
    fixed = f'{key}: "{inner.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
    return (f"值里有冒号 “:”，两边的 {value[0]} {_CURLY_QUOTES[value[0]]} 是中文引号（Word 或输入法打出的），YAML 不把它当引号，"
            f"冒号就被当成了字段的冒号：请换成英文引号，写成 {fixed}",
            f"the value holds a colon, and the curly quotes {value[0]} {_CURLY_QUOTES[value[0]]} around it (typed by Word "
            f"or an input method) are not quotes to YAML, so the colon is read as a field's: use straight quotes: {fixed}")


def _braces_as_text(line: str) -> tuple[str, str]:
    """``category: {{安全}}``: braces meant as text, read by YAML as a group of fields."""
    found = _KEY_VALUE.match(line)
    fixed = ""
    if found is not None and found.group(2)[:1] == "{":
        key, value = found.group(1).strip(), found.group(2)
        fixed = f'{key}: "{value.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
    return ("花括号 “{ }” 在 YAML 里有特殊含义（表示一组 “字段: 值”），不能直接当文字写：请用英文引号把整个值括起来"
            + (f"，写成 {fixed}" if fixed else ""),
            "braces '{ }' have a meaning in YAML (a group of 'field: value'): quote the whole value"
            + (f": {fixed}" if fixed else ""))


def _missing_space(lines: list[str], error_line: int) -> tuple[int, str, str] | None:
    """(line index, zh, en) when the failing line or the one above lacks a space after ':' or '-'."""
    for index in (error_line - 1, error_line):
        if 0 <= index < len(lines):
            for pattern, repaired, zh, en in _NO_SPACE_AFTER:
                if pattern.match(lines[index]):
                    fixed = pattern.sub(repaired, lines[index]).strip()
                    return index, f"{zh}：写成 “{fixed}”", f"{en}: write '{fixed}'"
    return None


def _text_after_quotes(line: str) -> tuple[str, str] | None:
    """``title: "辞旧迎新"联欢会``: YAML takes the quotes as the value's own and stops at the
    second one; the fix is the whole value inside the other kind of quotes."""
    found = _KEY_VALUE.match(line)
    if found is None or found.group(2)[0] not in "'\"":
        return None
    key, value = found.group(1).strip(), found.group(2)
    quote = value[0]
    if value.count(quote) < 2 or value.endswith(quote):
        return None
    other = "'" if quote == '"' else '"'
    fixed = f"{key}: {other}{value}{other}" if other not in value else f'{key}: "{value.replace(chr(34), chr(92) + chr(34))}"'
    return (f"值以引号开头，引号后面还有文字，YAML 只认引号里的部分：请把整个值放进另一种引号里，写成 {fixed}",
            f"the value starts with a quote and goes on after it; YAML takes only the quoted part: put the whole "
            f"value in the other kind of quotes: {fixed}")


def _text_after_brackets(line: str) -> bool:
    """``title: [重要]通知``: brackets meant as text, not a list."""
    found = _KEY_VALUE.match(line)
    return found is not None and found.group(2)[0] in "[{" and found.group(2)[-1] not in "]}" and \
        any(close in found.group(2) for close in "]}")


# "title: # 紧急 停水": a value that starts with "#" is all comment, and the field is empty.
_COMMENT_VALUE = re.compile(r"^\s*(?:- )?([^\s:#'\"][^:#]*?):[ \t]+(#.*?)\s*$")


def commented_values(text: str, first_line: int, data: Any, marks: Marks) -> dict[tuple, str]:
    """Key path -> the text after the colon, for each field that YAML left empty because its
    value starts with "#" (the whole value read as a comment)."""
    paths_at: dict[int, list[tuple]] = {}
    for path, line in marks.items():
        if path and isinstance(path[-1], str):
            paths_at.setdefault(line, []).append(path)
    found = {}
    for number, line in enumerate(text.split("\n")):
        if "#" in line and (match := _COMMENT_VALUE.match(line)):
            for path in paths_at.get(first_line + number, ()):
                if path[-1] == match.group(1).strip() and _value_at(data, path) is None:
                    found[path] = match.group(2)
    return found


def _value_at(data: Any, path: tuple) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def cut_comments(text: str, first_line: int) -> list[tuple[int, str]]:
    """(line, text) of every " #..." that YAML drops from an unquoted value as a comment."""
    return [(first_line + number, found.group(2)) for number, line in enumerate(text.split("\n"))
            if (found := _CUT_COMMENT.match(line))]


_UNICODE_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def parse_yaml(text: str, first_line: int = 1) -> tuple[Any, Marks]:
    """Parse YAML, returning the value and the line of every key and list item."""
    # YAML also ends a line at U+0085, U+2028 and U+2029, which text pasted from a web page
    # or a chat carries invisibly and no editor shows as a new line: the lines YAML counted
    # were not the file's (and the messages' lines pointed past its end). A space instead.
    text = _UNICODE_LINE_BREAKS.sub(" ", text)
    faults = [
        (first_line + line - 1, message.zh + _FIX_HINT[0], message.en + _FIX_HINT[1])
        for line, message in fullwidth.find_faults(text)
    ]
    if faults:
        raise YamlProblem(*faults[0], more=tuple(faults[1:]))
    loader = _Loader(text)
    marks: Marks = {}
    try:
        node = loader.get_single_node()
        value = None if node is None else _construct(loader, node, text, first_line, marks)
    except yaml.MarkedYAMLError as error:
        problem = f"{error.context or ''} {error.problem or ''}".strip()
        if "maximum nesting depth" in problem:  # libyaml's own limit (PyYAML 6.0.3 and later)
            raise YamlProblem(first_line, *_TOO_DEEP) from None
        at_context = error.context_mark is not None and (error.context or "") in _REPORT_AT_CONTEXT
        mark = error.context_mark if at_context else (error.problem_mark or error.context_mark)
        line = first_line + mark.line if mark else None
        zh, en = next(
            (hint for key, hint in _YAML_HINTS.items() if key in problem),
            (f"YAML 格式错误（{problem}）", f"YAML syntax error ({problem})"),
        )
        lines = text.split("\n")
        # The failing line; PyYAML may mark the line after the last one (a text ending without
        # a newline, at a full-width sign), which is no line to quote.
        at = lines[mark.line] if mark and mark.line < len(lines) else ""
        if "mapping values are not allowed" in problem and mark and (curly := _colon_in_curly_quotes(at)):
            zh, en = curly
        elif "mapping values are not allowed" in problem and mark and at[:1] == " ":
            zh, en = _align_with_above(lines, mark.line, first_line) or _INDENTED_KEY
        elif ("did not find expected key" in problem or "expected <block end>" in problem) and mark:
            zh, en = (_item_less_indented(lines, mark.line, first_line)
                      or _field_less_indented(lines, mark.line, first_line) or (zh, en))
        elif "expected '-' indicator" in problem and mark:
            zh, en = _list_alignment(lines, mark.line, first_line) or (zh, en)
        elif "found unhashable key" in problem and mark and "{" in at:
            zh, en = _braces_as_text(at)
        elif "could not find expected ':'" in problem and error.context_mark and (
                dashless := _list_without_dashes(lines, error.context_mark.line, first_line)):
            line, zh, en = dashless
        escape = error.context_mark if "quoted scalar" in (error.context or "") else None
        if escape is not None and escape.line < len(lines) and ("escape" in problem or "hex" in problem):
            line = first_line + escape.line
            zh, en = _backslash_in_quotes(lines[escape.line], escape.column)
        elif mark and (missing := _missing_space(lines, mark.line)):
            line, zh, en = first_line + missing[0], *missing[1:]
        elif mark and (quoted := _text_after_quotes(at)):
            zh, en = quoted
        elif mark and (any(sign in problem for sign in _SIGN_PROBLEMS) or _text_after_brackets(at)):
            zh, en = _quote_the_value(at) or (zh, en)
        raise YamlProblem(line, zh, en) from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, f"YAML 格式错误（{error}）", f"YAML syntax error ({error})") from None
    except RecursionError:
        raise YamlProblem(first_line, *_TOO_DEEP) from None
    finally:
        loader.dispose()
    return value, marks


class _Unusual(Exception):
    """Met by :func:`_plain_value`: a document for PyYAML's own constructor instead."""


def _construct(loader: Any, node: yaml.Node, text: str, first_line: int, marks: Marks) -> Any:
    """The value of a composed document, its lines put into ``marks``.

    Front matter is a small tree of plain scalars, built directly in one walk that also takes
    the lines: 0.04 ms a file less than PyYAML's constructor (generators per collection, a
    resolver call per node) followed by a second walk for the lines. Anything else, anchors
    included (shared nodes are shared objects), goes through PyYAML and :func:`_collect_marks`
    as before, so that values, errors and their order stay exactly what they were."""
    if "&" not in text and "*" not in text:
        try:
            return _plain_value(loader, node, (), first_line, marks)
        except _Unusual:
            marks.clear()
    value = loader.construct_document(node)
    _collect_marks(node, (), first_line, marks, text.split("\n"))
    return value


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
# Scalars whose SafeConstructor method gives the value (merge "<<" and value "=" keys do not).
_SCALAR_TAGS = frozenset([*(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float")), _LEADING_ZERO])
# Deeper than any content file nests: leaves PyYAML to meet (and report) a document too deep.
_PLAIN_DEPTH = 20


def _plain_value(loader: Any, node: yaml.Node, path: tuple, first_line: int, marks: Marks) -> Any:
    """What ``loader.construct_document`` gives for ``node``, with :func:`_collect_marks`'s
    lines; raises _Unusual where the two might differ, including every error."""
    if isinstance(node, yaml.ScalarNode):
        return _plain_scalar(loader, node)
    if len(path) >= _PLAIN_DEPTH:
        raise _Unusual
    if node.tag == _MAP and isinstance(node, yaml.MappingNode):
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Unusual  # a list as a key
            child = path + (key_node.value,)
            if child in marks:
                raise _Unusual  # a field given twice
            marks[child] = first_line + key_node.start_mark.line
            # Most values are text: taken here, without a call per value.
            if value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode):
                value = value_node.value
                if " - " in value and _swallowed_item(value_node):
                    raise _Unusual
            else:
                value = _plain_value(loader, value_node, child, first_line, marks)
            mapping[_plain_scalar(loader, key_node)] = value
        return mapping
    if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            if _swallowed_item(item):
                raise _Unusual
            marks[path + (index,)] = first_line + item.start_mark.line
            items.append(_plain_value(loader, item, path + (index,), first_line, marks))
        return items
    raise _Unusual  # an explicit tag of another kind (!!set, !!omap, !local)


def _plain_scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    if node.tag == _STR:
        return node.value
    if node.tag not in _SCALAR_TAGS:
        raise _Unusual  # a merge key, "=", !!binary, !local
    try:
        return loader.yaml_constructors[node.tag](loader, node)
    except Exception:  # an explicit "!!int abc": PyYAML reports it
        raise _Unusual from None


def _split_at_comma(node: yaml.MappingNode, key_node: yaml.Node, lines: list[str]) -> tuple[str, str] | None:
    """``{service_visits: 1,500, volunteers: 2,500}``: in a mapping on one line YAML ends an item
    at each comma, so both 500s became keys, and the second one "a field given twice". Told
    as the thousands comma it is (validate.split_by_comma, as for a single one), None for a key
    given twice that follows no such comma."""
    row = lines[key_node.start_mark.line] if key_node.start_mark.line < len(lines) else ""
    before = row[:key_node.start_mark.column].rstrip()
    index = next(i for i, (key, _) in enumerate(node.value) if key is key_node)
    if not (str(key_node.value)[:1].isdigit() and before.endswith(",") and before[:-1].rstrip()[-1:].isdigit()
            and index > 0 and isinstance(node.value[index - 1][1], yaml.ScalarNode)):
        return None
    from .validate import split_by_comma  # validate reads documents through this module

    owner, value = node.value[index - 1]
    invalid = split_by_comma(owner.value, f"{value.value},{key_node.value}")
    return invalid.zh, invalid.en


def _collect_marks(node: yaml.Node, path: tuple, first_line: int, marks: Marks, lines: list[str]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            child = path + (key,)
            if child in marks:
                if split := _split_at_comma(node, key_node, lines):
                    raise YamlProblem(first_line + key_node.start_mark.line, *split)
                raise YamlProblem(
                    first_line + key_node.start_mark.line,
                    f"字段 “{key}” 写了两次（第一次在第 {marks[child]} 行），请删掉一个",
                    f"field '{key}' is given twice (first on line {marks[child]}); remove one",
                )
            marks[child] = first_line + key_node.start_mark.line
            if _swallowed_item(value_node) and _dash_line_within(value_node, lines):
                raise YamlProblem(
                    first_line + value_node.end_mark.line,
                    f"这一行的 “- ” 被并进了上一行 {key} 的值（成了 “{value_node.value}”）：几项要么都写在冒号后的同一行、"
                    f"用 “、” 隔开，要么冒号后什么都不写、每项单独一行以 “- ” 开头；不是一项就删掉这一行",
                    f"this '- ' line was merged into the value of {key} above ('{value_node.value}'): write the items "
                    "on the field's line separated by '、', or none there and each on a line of its own starting '- '",
                )
            _collect_marks(value_node, child, first_line, marks, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            marks[path + (index,)] = first_line + item.start_mark.line
            if _swallowed_item(item) and _dash_line_within(item, lines):
                raise YamlProblem(
                    first_line + item.end_mark.line,
                    "这一行的 “- ” 和上一项没有对齐，被并进了上一项（成了 “" + item.value + "”）：同一个列表的 “- ” 前面的空格数要一样",
                    f"this '- ' does not line up with the item above and was merged into it ('{item.value}'): "
                    "items of one list start in the same column",
                )
            _collect_marks(item, path + (index,), first_line, marks, lines)


def _swallowed_item(node: yaml.Node) -> bool:
    """A list item indented one space more than the one above, or under a field that has a value
    on its own line, is for YAML the rest of that text ("老年人 - 儿童"): legal YAML, but never
    what staff meant."""
    return (isinstance(node, yaml.ScalarNode) and not node.style  # plain: None, or "" from the C parser
            and node.end_mark.line > node.start_mark.line and " - " in node.value)


def _dash_line_within(node: yaml.Node, lines: list[str]) -> bool:
    """Whether a line after the first of a field's text starts with "- " (a list item): a text
    that merely holds " - " (9:00 - 11:00) and goes on over the next line is no mistake."""
    return any(lines[line].lstrip().startswith("- ") for line in range(node.start_mark.line + 1, node.end_mark.line + 1)
               if line < len(lines))


_CLOSING_LINE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
# A line of dashes meant as "---": "——" (the dash of a Chinese input method), "—-", "－－－",
# "———", "--". At the margin no field or value can be only dashes, so it is always this mistake.
MISTYPED_DASHES = re.compile(r"^(?!---[^\S\n]*$)[\-‐‑‒–—―−－─━﹣]{2,}[^\S\n]*$", re.MULTILINE)


def _dashes_words(written: str) -> tuple[str, str]:
    return (f"把 “{written}” 改为三个半角减号 “---”（中文输入法打出的破折号 YAML 认不出）",
            f"change '{written}' to three ASCII hyphens '---' (YAML does not read the dash of a Chinese input method)")


def _mistyped_dashes_problem(text: str, match: re.Match[str]) -> YamlProblem:
    zh, en = _dashes_words(match.group().strip())
    return YamlProblem(text.count("\n", 0, match.start()) + 1, f"{zh}，否则文件开头的字段没有结束{_FIX_HINT[0]}",
                       f"{en}; otherwise the front matter never ends{_FIX_HINT[1]}")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``---`` front matter from the body: (front matter or None, body, body's first line).

    Raises YamlProblem when the closing ``---`` is missing.
    """
    if not text.startswith("---"):
        return None, text, 1
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        return None, text, 1
    # One search in C instead of a loop over the lines; [^\S\n] is what str.rstrip() removes,
    # short of the newline that ends the line.
    closing = _CLOSING_LINE.search(text, first_newline + 1)
    if closing is None and (mistyped := MISTYPED_DASHES.search(text, first_newline + 1)):
        raise _mistyped_dashes_problem(text, mistyped)
    if closing is not None:
        body_start = min(closing.end() + 1, len(text))
        return text[first_newline + 1 : closing.start()], text[body_start:], text.count("\n", 0, closing.start()) + 2
    raise YamlProblem(
        1,
        "文件开头的 “---” 没有结束：在字段写完后另起一行写 “---”，正文写在它下面",
        "the front matter that starts with '---' is never closed: add a line '---' after the fields",
    )


def _no_front_matter(text: str, fields: tuple[str, ...]) -> tuple[int, str, str]:
    """(line, zh, en): why a Markdown file has no front matter, as exactly as can be told.
    ``fields``: the required fields of the file's kind, named as examples (a team's are name,
    not a notice's title and date)."""
    examples_zh = f"（如 {'、'.join(fields)}）" if fields else ""
    examples_en = f" ({', '.join(fields)}, ...)" if fields else ""
    stripped = text.lstrip(" \t\r\n")
    first = stripped.split("\n", 1)[0].strip()
    before = text[:len(text) - len(stripped)]
    blank = before.count("\n")
    # check --fix (repair.py) mends these when the dashes stand at the margin, as it can tell.
    hint_zh, hint_en = _FIX_HINT if before == "" or before.endswith("\n") else ("", "")
    if first == "---" and blank:
        return (1, f"“---” 前面有 {blank} 个空行：“---” 要写在文件的第 1 行，请删掉它前面的空行{hint_zh}",
                f"there are {blank} empty lines before '---': it must be the first line of the file; delete them{hint_en}")
    if (mistyped := MISTYPED_DASHES.match(stripped)) is not None:
        zh, en = _dashes_words(mistyped.group().strip())
        return (blank + 1, f"{zh}，字段{examples_zh}要写在两行 “---” 之间{hint_zh}",
                f"{en}; the fields{examples_en} go between two '---' lines{hint_en}")
    return (1, f"文件开头缺少 “---” 包起来的字段{examples_zh}，请参照 noticeboard new 生成的文件",
            f"the file does not start with '---' front matter{examples_en}; see a file made by 'noticeboard new'")


def read_bytes(root: Path, relpath: str, problems: Problems) -> bytes | None:
    """The file's bytes. By os-level calls: a Path object per file cost a third of reading a
    notice, and open()'s file object asks whether the file is a terminal and where it stands
    (two more system calls) before reading it."""
    try:
        descriptor = os.open(os.path.join(root, relpath), os.O_RDONLY | os.O_CLOEXEC)
        try:
            parts = [os.read(descriptor, os.fstat(descriptor).st_size + 1)]
            while parts[-1]:  # until the end, should the file have grown since fstat
                parts.append(os.read(descriptor, 1 << 16))
        finally:
            os.close(descriptor)
    except OSError as error:
        if error.errno == errno.ELOOP:  # a link to itself, or links that lead to each other
            problems.error(relpath, None, None,
                           "这个链接（快捷方式）绕成了圈（指向自己，或几个链接互相指向），找不到文件：请删除这个链接，把文件本身放进来",
                           "this link (shortcut) goes round in a loop (to itself, or links that point to each other) "
                           "and reaches no file: delete the link and put the file itself here")
        elif error.errno == errno.ENOENT:  # a link to a file that is gone, or one removed during the build
            problems.error(relpath, None, None,
                           "无法读取文件：找不到它。如果它是一个链接（快捷方式），它指向的文件已经不在了：请删除这个链接，"
                           "把文件本身放进来；如果刚刚删除或改名了文件，请重新运行",
                           "cannot read the file: it is not there. If it is a link (shortcut), the file it points to "
                           "is gone: delete the link and put the file itself here; if you just removed or renamed it, run again")
        elif error.errno in (errno.EACCES, errno.EPERM):
            problems.error(relpath, None, None, "无法读取文件：没有读取它的权限，请检查文件的权限（或用有权限的账号运行）",
                           "cannot read the file: no permission to read it; check its permissions")
        else:
            problems.error(relpath, None, None, f"无法读取文件（{error.strerror}）", f"cannot read the file ({error.strerror})")
        return None
    return b"".join(parts)


def prefetch(root: Path, relpaths: Iterable[str]) -> None:
    """Ask the system to start reading these files now, all at once, and return at once.

    A site's files are often no longer in memory when a build starts (the first build of the
    day, or a machine that reclaims idle cache): read one by one, each waits for the disk, and
    a 10,000-file parse spent 12 of its 18 s waiting (1-2 ms a file here). Asked for together,
    the disk serves them side by side while the first ones are parsed."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:  # pragma: no cover (not POSIX)
        return
    for relpath in relpaths:
        try:
            descriptor = os.open(os.path.join(root, relpath), os.O_RDONLY)
        except OSError:
            continue  # reading it reports the problem
        try:
            advise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(descriptor)


def digest_bytes(data: bytes) -> str:
    """What tells whether a file, a page or a key changed since the last build. XXH3 (128
    bits), not a cryptographic hash: nothing here defends against forged collisions, and a
    10,000-item build hashes about 200 MB of sources, pages and keys (16,000 pages of 8 KB:
    0.20 s of CPU with blake2b, 0.02 s with XXH3)."""
    return xxhash.xxh3_128_hexdigest(data)


def decode_text(relpath: str, data: bytes, problems: Problems) -> str | None:
    """Decode one file's bytes, reporting encodings staff must fix (or should resave)."""
    try:
        text, warning = decode_source(data)
    except EncodingError as error:
        problems.error(relpath, None, None, error.text.zh, error.text.en)
        return None
    if warning:
        problems.warning(relpath, None, None, warning.zh, warning.en)
    return text


def read_text(root: Path, relpath: str, problems: Problems) -> tuple[str, str] | None:
    """Read and decode one file: (text, digest), or None after reporting why not."""
    data = read_bytes(root, relpath, problems)
    if data is None:
        return None
    text = decode_text(relpath, data, problems)
    return None if text is None else (text, digest_bytes(data))


def load_document(relpath: str, data: bytes, markdown: bool, fields: tuple[str, ...] = ()) -> RawDocument:
    """Load one content file from its bytes: a Markdown file with front matter, or a YAML file.
    ``fields``: the required fields of its kind, the examples a message about missing front matter gives."""
    problems = Problems()
    document = RawDocument(relpath, {}, {}, digest=digest_bytes(data), problems=problems)
    text = decode_text(relpath, data, problems)
    if text is None:
        return document
    try:
        if markdown:
            front, document.body, document.body_line = split_front_matter(text)
            if front is None:
                line, zh, en = _no_front_matter(text, fields)
                problems.error(relpath, line, None, zh, en)
                return document
            try:
                data, document.marks = parse_yaml(front, first_line=2)
            except YamlProblem as problem:
                # "——" meant as the closing "---", and a "---" further down (a rule in the body)
                # taken for it: the body was read as YAML. The problems above the "——" stand.
                mistyped = MISTYPED_DASHES.search(front)
                if mistyped is None:
                    raise
                own = _mistyped_dashes_problem(front, mistyped)
                line = own.line + 1  # the front matter starts on line 2
                found = [*(found for found in problem.all() if found[0] is not None and found[0] < line),
                         (line, own.zh, own.en)]
                raise YamlProblem(*found[0], more=tuple(found[1:])) from None
            yaml_text, yaml_line = front, 2
        else:
            data, document.marks = parse_yaml(text)
            yaml_text, yaml_line = text, 1
    except YamlProblem as problem:
        for line, zh, en in problem.all():
            problems.error(relpath, line, None, zh, en)
        return document
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(
            relpath, 1, None,
            "内容应是 “字段: 值” 的列表，每行一个字段",
            "the content should be 'field: value' lines, one per line",
        )
        return document
    document.data = data
    if "#" in yaml_text:
        document.commented = commented_values(yaml_text, yaml_line, data, document.marks)
    for line, comment in cut_comments(yaml_text, yaml_line) if "#" in yaml_text else ():
        problems.warning(relpath, line, None,
                         f"“#{comment}” 被当成注释省略了（YAML 里空格加 # 开始注释）：如果它是值的一部分，请用英文引号把整个值括起来",
                         f"'#{comment}' was dropped as a comment (in YAML a space and # start one): if it belongs to "
                         f"the value, quote the whole value")
    return document


def content_files(root: Path, links: set[str] | None = None) -> list[str]:
    """Every file under ``content/``, relative to the site root, sorted; folders that are
    symlinks are not entered (as ``os.walk`` does). ``links``: filled with the files that are
    symlinks, the only ones :func:`escapes_root` must look at: a directory listing tells
    which they are, a check per file costs a system call (10,000 of them on a large site)."""
    found = []
    pending = ["content"]
    while pending:
        folder = pending.pop()
        try:
            listing = os.scandir(os.path.join(root, folder))
        except OSError:
            continue
        with listing:
            for entry in listing:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_folder = entry.is_dir()
                except OSError:  # a link in a loop (ELOOP): listed as a file, whose reading reports it
                    is_folder = False
                if is_folder:
                    if not entry.is_symlink():
                        pending.append(f"{folder}/{name}")
                elif not name.endswith("~"):
                    found.append(f"{folder}/{name}")
                    if links is not None and entry.is_symlink():
                        links.add(found[-1])
    return sorted(found)


def escapes_root(root: Path, relpath: str) -> bool:
    """True when a path (after following symlinks) is outside the site root."""
    if not os.path.islink(os.path.join(root, relpath)):
        return False  # only a link can lead out: content_files does not enter linked folders
    try:
        (root / relpath).resolve().relative_to(root.resolve())
    except ValueError:
        return True
    except (OSError, RuntimeError):  # a link in a loop (RuntimeError before Python 3.13): leads nowhere
        return False
    return False
