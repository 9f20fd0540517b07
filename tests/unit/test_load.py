"""Loading front matter: the direct construction of plain YAML gives what PyYAML's own
constructor gives, lines and errors included; the splitting of front matter from the body."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

import pytest

from generator.errors import Problems
from generator.load import (YamlProblem, _collect_marks, _Loader, content_files, parse_yaml, plain_number, prefetch,
                            read_bytes, split_front_matter)
from generator.markup import plain_text
from generator.validate import file_id


def pyyaml_reference(text: str) -> tuple[object, dict]:
    """What parse_yaml gave before it built plain documents itself."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    marks: dict = {}
    if node is not None:
        _collect_marks(node, (), 2, marks, text.split("\n"))
    return value, marks


SAME_AS_PYYAML = [
    "title: 停水通知\ndate: 2026-12-01\ntags: [老年人, 儿童]\ncapacity: 20\ndraft: no\n",
    "items:\n  - id: a\n    name: 理发\n    audience:\n      - 老年人\n  - id: b\n    fee: ~\n",
    "figures: {visits: 1.5, calls: 0x1F, gaps: .inf}\nnotes: |\n  第一行\n  第二行\n",
    "a: &x [1, 2]\nb: *x\n",  # anchors: PyYAML shares the list
    "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",  # merge keys
    "<<: {a: 1}\nb: 2\n",
    "=: 3\n",
    "a: !!str 12\nb: !!set {x, y}\nc: !!null x\n",
    "True: 1\nnull: 2\n1.5: 3\n",
    "- a\n- [b, {c: d}]\n",
    "just text\n",
    "x: " + "[" * 30 + "]" * 30 + "\n",
]


@pytest.mark.parametrize("text", SAME_AS_PYYAML)
def test_values_and_lines_are_pyyamls(text: str) -> None:
    value, marks = parse_yaml(text, first_line=2)
    expected_value, expected_marks = pyyaml_reference(text)
    assert value == expected_value and marks == expected_marks
    if text.startswith("a: &x"):
        assert value["a"] is value["b"]


@pytest.mark.parametrize(("text", "expected", "number"), [
    ("end: 11:30", "11:30", "11:30"),  # YAML 1.1: the base-60 number 690
    ("duration: 1:30:00.5", "1:30:00.5", "1:30:00.5"),  # a base-60 float
    ("contact: 07551234567", "07551234567", 7551234567),  # YAML 1.1: an octal number
    ("held: 07", "07", 7), ("held: 08", "08", 8), ("down: -05", "-05", -5),
    ("count: 30", 30, 30), ("zero: 0", 0, 0), ("minus: -12", -12, -12), ("big: 1_000", 1000, 1000),
    ("hex: 0x1F", 31, 31), ("ratio: 1.5", 1.5, 1.5), ("tiny: 6.02e+23", 6.02e23, 6.02e23),
    ('quoted: "07"', "07", "07"),  # quoted: text, even where a number is expected
])
def test_a_leading_zero_or_a_time_is_text_as_written(text: str, expected: object, number: object) -> None:
    """A number with a leading zero reads as the number only where a number is expected."""
    (value,) = parse_yaml(text)[0].values()
    assert value == expected and isinstance(value, type(expected))
    assert plain_number(value) == number and type(plain_number(value)) is type(number)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("a: 1\nb: 2\na: 3\n", 3, "given twice (first on line 1)"),
    ("1: a\n'1': b\n", 2, "given twice"),
    ("tags:\n  - 老年人\n   - 儿童\n", 3, "does not line up"),
    ("[a]: 1\n", 1, "unhashable key"),
    ("a: !local x\n", 1, "could not determine a constructor"),
])
def test_errors_are_pyyamls(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(text)
    assert raised.value.line == line and words in raised.value.en



@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_pasted_in_is_a_space_and_lines_stay_the_files(separator: str) -> None:
    """YAML ends a line at these and editors do not: a mistake after one was told on a line
    the file does not have, and one on that line crashed the build (IndexError)."""
    value, marks = parse_yaml(f"title: 停水{separator}通知\ndate: 2026-12-01\n")
    assert value["title"] == "停水 通知" and marks[("date",)] == 2
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(f"title: a{separator}b{separator}c: [x\nd: 1\n")
    assert raised.value.line == 1

@pytest.mark.parametrize(("text", "line", "column", "above"), [
    ("audience:\n  - 老年人\n  - 儿童\n - 残疾人\n", 4, 2, 3),
    ("tags:\n  - a\n- b\ntitle: x\n", 3, 2, 2),
    ("items:\n  - id: a\n    tags:\n      - x\n - id: c\n", 5, 2, 2),  # the list it follows, not the one inside
])
def test_a_list_item_left_of_its_list_names_the_column(text: str, line: int, column: int, above: int) -> None:
    """libyaml's "did not find expected key" was told as a vague 'inconsistent indentation'."""
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(text)
    assert raised.value.line == line, raised.value.all()
    assert raised.value.en.endswith(f"line it up with the '- ' on line {above}, {column} spaces from the margin")
    assert raised.value.zh.endswith(f"要和第 {above} 行的 “- ” 对齐，前面是 {column} 个空格")


@pytest.mark.parametrize(("text", "line", "fix"), [
    ('title: a\nattachments:\n  - "附件\\通知.pdf"\n', 3, '写成 - "附件/通知.pdf"'),  # unknown escape
    ('file: "media\\x\\报名表.pdf"\n', 1, '写成 file: "media/x/报名表.pdf"'),  # \x wants 2 hex digits
    ("- {title: 表, file: \"D:\\u盘\\表.pdf\"}\n", 1, "写成 media/表.pdf（或把文件放在与本文件同一文件夹，只写文件名）"),  # \u wants 4: own computer
    ('note: "甲\\乙"  # 说明\n', 1, "写成 note: '甲\\乙'  # 说明"),  # not a path: single quotes keep it
    # \" and \\ were written to mean a quote and one backslash: in single quotes they are those
    ('title: "通知\\说明 \\"重要\\" \\\\ 乙"\n', 1, "写成 title: '通知\\说明 \"重要\" \\ 乙'"),
    ('file: "附件\\\\旧\\通知.pdf"\n', 1, '写成 file: "附件/旧/通知.pdf"'),  # \\ is one folder's end too
])
def test_a_backslash_in_double_quotes_is_told_with_the_line_to_write(text: str, line: int, fix: str) -> None:
    """PyYAML said only "found unknown escape character" (or "did not find expected
    hexdecimal number") for a Windows path typed in double quotes."""
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(text)
    assert raised.value.line == line and raised.value.zh.endswith(fix), raised.value.all()
    assert "YAML 格式错误" not in raised.value.zh and "escape" not in raised.value.zh


def test_a_backslash_in_quotes_closed_on_a_later_line_proposes_no_line() -> None:
    """A double-quoted text over two lines: the line of its opening quote is no whole line to
    write (it proposed summary: '第一行', dropping 第二行 and all after)."""
    with pytest.raises(YamlProblem) as raised:
        parse_yaml('summary: "第一行\n  第二行\\q"\n')
    assert raised.value.line == 1 and "写成" not in raised.value.zh and "“第一行…”" in raised.value.zh, raised.value.all()
    assert "单引号" in raised.value.zh and "escape" not in raised.value.zh


def test_a_bad_explicit_tag_fails_as_in_pyyaml() -> None:
    with pytest.raises(ValueError, match="invalid literal for int"):
        parse_yaml("a: !!int abc\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: a\n---\nbody\n", ("title: a\n", "body\n", 4)),
    ("---\ntitle: a\n--- \t\r\nbody", ("title: a\n", "body", 4)),
    ("---\n\n...\u3000\n", ("\n", "", 4)),
    ("---\na: 1\n---", ("a: 1\n", "", 4)),
    ("---\na: ----\n ---\n---\nb\n", ("a: ----\n ---\n", "b\n", 5)),
    ("---x\na\n", (None, "---x\na\n", 1)),
])
def test_front_matter_ends_at_the_first_closing_line(text: str, expected: tuple) -> None:
    assert split_front_matter(text) == expected


def test_front_matter_never_closed() -> None:
    with pytest.raises(YamlProblem, match="never closed"):
        split_front_matter("---\ntitle: a\n-- -\n")


@pytest.mark.parametrize(("text", "line", "written"), [
    ("---\ntitle: a\n——\nbody\n", 3, "——"),
    ("---\ntitle: a\ndate: b\n—- \nbody\n", 4, "—-"),
    ("---\ntitle: a\n－－－\n", 3, "－－－"),
    ("---\ntitle: a\n\n———\nbody\n", 4, "———"),
])
def test_a_closing_line_typed_with_chinese_dashes_is_named(text: str, line: int, written: str) -> None:
    with pytest.raises(YamlProblem) as raised:
        split_front_matter(text)
    assert raised.value.line == line and f"“{written}”" in raised.value.zh and "“---”" in raised.value.zh


@pytest.mark.parametrize("relpath", ["content/notices/2026-12-01-生日会.md", "content/a/b.c.d", "content/a/.hidden.md",
                                     "content/a/b.", "content/a/.md", "content/a/noext"])
def test_file_id_is_the_stem(relpath: str) -> None:
    assert file_id(relpath) == PurePosixPath(relpath).stem


def test_plain_text_collapses_every_kind_of_space() -> None:
    assert plain_text("<p>\u3000一\u00a0 <b>二</b>\n\t&amp;三\u2028</p>") == "一 二 &三"


def test_prefetch_passes_over_what_it_cannot_open(tmp_path) -> None:
    """Only a hint to the system: a file gone or unreadable is reported by the read after."""
    (tmp_path / "a.md").write_text("一", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    assert prefetch(tmp_path, ["a.md", "gone.md", "folder"]) is None


def test_content_files_tells_links_and_does_not_enter_linked_folders(tmp_path) -> None:
    """As os.walk did: hidden names and editor backups are left out, a linked folder is not
    entered; the linked files are named, so only they are checked for leaving the site."""
    notices = tmp_path / "content" / "notices"
    notices.mkdir(parents=True)
    for name in ("b.md", "a.md", ".hidden.md", "a.md~"):
        (notices / name).write_text("一", encoding="utf-8")
    (tmp_path / "content" / ".git").mkdir()
    (tmp_path / "content" / ".git" / "x.md").write_text("一", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("一", encoding="utf-8")
    (notices / "leak.md").symlink_to(outside / "secret.md")
    (tmp_path / "content" / "pages").symlink_to(outside, target_is_directory=True)
    links: set[str] = set()
    assert content_files(tmp_path, links) == ["content/notices/a.md", "content/notices/b.md", "content/notices/leak.md"]
    assert links == {"content/notices/leak.md"}
    assert content_files(tmp_path / "missing") == []


@pytest.mark.parametrize("size", [0, 1, 4095, 65536, 200_000])
def test_a_file_is_read_whole(tmp_path, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    (tmp_path / "a.md").write_bytes(data)
    assert read_bytes(tmp_path, "a.md", Problems()) == data


def test_a_file_that_grew_since_its_size_was_asked_is_read_whole(tmp_path, monkeypatch) -> None:
    data = "停水通知".encode() * 30_000  # 360,000 bytes: several reads past the size first told
    (tmp_path / "a.md").write_bytes(data)
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:])))
    assert read_bytes(tmp_path, "a.md", Problems()) == data


def test_a_file_that_cannot_be_read_is_told_by_name(tmp_path) -> None:
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")  # as a file removed while the build lists them
    problems = Problems()
    assert read_bytes(tmp_path, "gone.md", problems) is None
    (problem,) = problems.items
    assert problem.path == "gone.md" and "无法读取文件：找不到它。如果它是一个链接（快捷方式）" in problem.format()
    assert "No such file" not in problem.format()  # the system's English words are not the message


def test_a_fault_marked_past_the_last_line_is_a_problem_not_a_traceback() -> None:
    # A full-width colon on a last line without a newline: PyYAML marks the line after it,
    # and looking that line up to word the message raised IndexError (found by test_fuzz).
    with pytest.raises(YamlProblem) as raised:
        parse_yaml("  - attachments: 2026-12-01\n  - attachments: 2026-12-01\n  ：2026-12-01")
    assert raised.value.zh.startswith("缺少冒号")


@pytest.mark.parametrize(("text", "fix"), [
    ("figures: {service_visits: 1,500, volunteers: 2,500}\n", "写成 2500（不带逗号）"),
    ("target: {monthly: 1,000, yearly: 12,000}\n", "写成 12000（不带逗号）"),
])
def test_two_thousands_commas_on_one_line_are_told_as_commas(text: str, fix: str) -> None:
    """Both 500s of {a: 1,500, b: 2,500} are keys to YAML, the second "a field given twice":
    it said 字段 “500” 写了两次, a field nobody wrote, instead of the comma to take out."""
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(text)
    assert raised.value.line == 1 and "写了两次" not in raised.value.zh and fix in raised.value.zh, raised.value.all()
    assert "逗号是隔开各项的" in raised.value.zh


def test_a_number_key_given_twice_without_a_comma_is_still_told_twice() -> None:
    with pytest.raises(YamlProblem) as raised:
        parse_yaml("rooms:\n  101: 张\n  101: 李\n")
    assert "写了两次" in raised.value.zh, raised.value.all()
