"""Full-width punctuation and tabs in YAML syntax: found, explained and fixed, nothing else touched."""

from __future__ import annotations

import re
import string

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fullwidth import find_faults, fix


def load(text: str):
    return yaml.safe_load(text)


@pytest.mark.parametrize(
    "before, after, data",
    [
        ("title：标题\n", "title: 标题\n", {"title": "标题"}),
        ("title ：标题\n", "title : 标题\n", {"title": "标题"}),
        ("title：　标题\n", "title: 标题\n", {"title": "标题"}),
        ("title： 标题\n", "title: 标题\n", {"title": "标题"}),
        ("标题：通知\n", "标题: 通知\n", {"标题": "通知"}),  # column 0: any text before "：" is a key
        ("items:\n  - name：x\n", "items:\n  - name: x\n", {"items": [{"name": "x"}]}),
        ("community：\n  name：大地社区\n  phone：0831-1234567\n",
         "community:\n  name: 大地社区\n  phone: 0831-1234567\n",
         {"community": {"name": "大地社区", "phone": "0831-1234567"}}),
        ("tags：【a，b】\n", "tags: [a, b]\n", {"tags": ["a", "b"]}),
        ("tags: 【老人，儿童】\n", "tags: [老人, 儿童]\n", {"tags": ["老人", "儿童"]}),
        ("tags: [老人，儿童]\n", "tags: [老人, 儿童]\n", {"tags": ["老人", "儿童"]}),
        ("tags: [老人， 儿童]\n", "tags: [老人, 儿童]\n", {"tags": ["老人", "儿童"]}),
        ("tags: [老人、儿童、残疾人]\n", "tags: [老人, 儿童, 残疾人]\n", {"tags": ["老人", "儿童", "残疾人"]}),
        ("audience: ［老年人］\n", "audience: [老年人]\n", {"audience": ["老年人"]}),
        ("tags: 【a，b】  # 注释：x\n", "tags: [a, b]  # 注释：x\n", {"tags": ["a", "b"]}),
        ("tags: [\"a，b\"，c]\n", "tags: [\"a，b\", c]\n", {"tags": ["a，b", "c"]}),
        ("community: {name：大地社区，hours: 周一至周五，9:00-17:00，phone：123}\n",
         "community: {name: 大地社区, hours: 周一至周五，9:00-17:00, phone: 123}\n",
         {"community": {"name": "大地社区", "hours": "周一至周五，9:00-17:00", "phone": 123}}),
        ("metrics:\n  - {id：visits，label：服务人次，unit：人次}\n",
         "metrics:\n  - {id: visits, label: 服务人次, unit: 人次}\n",
         {"metrics": [{"id": "visits", "label": "服务人次", "unit": "人次"}]}),
        ("　title: x\n", "  title: x\n", {"title": "x"}),
        ("a:\n　　b: 1\n", "a:\n    b: 1\n", {"a": {"b": 1}}),
        ("a:\n\tb: 1\n", "a:\n  b: 1\n", {"a": {"b": 1}}),
        ("a:\n \t b: 1\n", "a:\n    b: 1\n", {"a": {"b": 1}}),
        ("a: 1\n\t\nb: 2\n", "a: 1\n  \nb: 2\n", {"a": 1, "b": 2}),
        ("a: 1\n\t# 注释\nb: 2\n", "a: 1\n  # 注释\nb: 2\n", {"a": 1, "b": 2}),
        ("title:\t通知\n", "title: 通知\n", {"title": "通知"}),
        ("body: |\n　　第一段\n", "body: |\n    第一段\n", {"body": "第一段\n"}),
        ("a：\r\nb：c\r\n", "a:\r\nb: c\r\n", {"a": None, "b": "c"}),
        # A tab-indented key under "- key: value" continues that item (two spaces would put it
        # on the dash, and the fix would itself be a YAML error).
        ("items:\n  - id: x1\n\tname: 代缴\n    fee: 免费\n", "items:\n  - id: x1\n    name: 代缴\n    fee: 免费\n",
         {"items": [{"id": "x1", "name": "代缴", "fee": "免费"}]}),
    ],
)
def test_fix(before, after, data):
    assert find_faults(before)
    assert fix(before) == after
    assert load(after) == data
    assert find_faults(after) == []
    assert fix(after) == after


@pytest.mark.parametrize(
    "text",
    [
        "title: 通知：停水\n",
        "title: 【重要】停水通知\n",
        "title: 【重要通知】\n",  # a title's decoration, not a one-item list
        "title: 【通知】关于停水，请储水【重要】\n",
        'title: "a：b"\n',
        "title: 'x：【a，b】'\n",
        'title: "第一行\n  note：第二行"\nnext: x\n',
        "hours: 9：00-17：00\n",
        "items:\n  - 时间：周一至周五\n  - 9：30 开始\n",
        "summary: 本次活动\n  note：请带身份证\n",  # a folded plain scalar: content
        "body: |\n  　　本月共开展活动：20 次\n  title：不是键\n\n  \t缩进里的 Tab 是内容\n",
        "body: >-\n    note：x\n",
        "community: {name: 大地社区, hours: 周一至周五，9:00-17:00}\n",
        "# 注释：title：x\n",
        "a: 1 # 说明：【a，b】\n",
        "title: 通知\n  \u3000续行\n",
        "tags:\n- 老人，儿童\n",
        "",
        "\n\n",
    ],
)
def test_no_faults_in_values(text):
    assert find_faults(text) == []
    assert fix(text) == text


def test_messages_say_what_to_change():
    [(line, text)] = find_faults("date: 2026-12-01\ntitle：标题\n")
    assert line == 2
    assert text.zh.startswith("把 “title：” 中的全角冒号 “：” 改为半角 “: ”（冒号后加一个空格）")
    assert "title" in text.en and "': '" in text.en

    [(line, text)] = find_faults("a: 1\ntags: [老人，儿童]\n")
    assert line == 2
    assert "“[老人，儿童]” 改为 “[老人, 儿童]”" in text.zh and "逗号" in text.zh
    assert "'[老人，儿童]' to '[老人, 儿童]'" in text.en

    [(line, text)] = find_faults("a:\n　　b: 1\n")
    assert line == 2 and "2 个全角空格" in text.zh and "两个空格" in text.zh
    [(line, text)] = find_faults("a:\n\tb: 1\n")
    assert "Tab" in text.zh and "tab" in text.en

    faults = find_faults("tags：【a，b】\n")
    assert [line for line, _ in faults] == [1, 1]
    assert "括号" in faults[1][1].zh


def test_messages_do_not_carry_a_prefix():
    for _, text in find_faults("title：x\n\tb: 1\ntags: [a，b]\n"):
        assert not text.zh.startswith(("第", "line")) and ":" not in text.zh.split(" ")[0][:3]


# ---- properties -------------------------------------------------------------------------

leads = st.lists(st.sampled_from([" ", " ", " ", "\t", "\u3000"]), max_size=5).map("".join)
keys = st.sampled_from(["title", "name", "tags", "a_b", "red-caps", "标题", "9", "时间", ""])
colons = st.sampled_from([":", ": ", "：", "： ", "：\u3000", ":\t", " :", ""])
pieces = st.sampled_from(
    list("ab老人") + ["，", "、", "：", ":", ",", "【", "】", "［", "］", "[", "]", "{", "}", "｛", "｝",
                     '"', "'", " ", "|", ">", "#", "- ", "\t", "\u3000", "name：", "，x：", "-"]
)
values = st.lists(pieces, max_size=8).map("".join)
lines = st.tuples(leads, st.sampled_from(["", "- ", "- - "]), keys, colons, values).map("".join)
texts = st.lists(lines, max_size=10).map("\n".join)


@settings(max_examples=300)
@given(texts)
def test_fix_properties(text):
    fixed = fix(text)
    assert fix(fixed) == fixed
    assert find_faults(fixed) == []
    faulty = {line for line, _ in find_faults(text)}
    if not faulty:
        assert fixed == text
    before, after = text.split("\n"), fixed.split("\n")
    assert len(before) == len(after)  # no line added, removed or joined
    for number, (old, new) in enumerate(zip(before, after), start=1):
        if number not in faulty:
            assert old == new


ascii_keys = st.text(string.ascii_lowercase + "_", min_size=1, max_size=8)
# Values that look like syntax on purpose are left out: "【a，b】" is taken for a list, and a list
# item "- x：" for a key, since that is what staff typing in a Chinese input method mean.
LOOKS_LIKE_SYNTAX = re.compile(r"[ \u3000]*(?:[【［｛]|[A-Za-z_][\w.-]*[ ]*：)")
chinese_values = st.text(
    alphabet=st.sampled_from(list("社区公告老人儿童活动 ：，、【】［］:,-#|>\"'x1") + ["\u3000"]), max_size=30
).filter(lambda v: not LOOKS_LIKE_SYNTAX.match(v))
documents = st.recursive(
    chinese_values | st.integers(),
    lambda inner: st.lists(inner, min_size=1, max_size=3) | st.dictionaries(ascii_keys, inner, min_size=1, max_size=3),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(ascii_keys, documents, max_size=5), st.sampled_from([12, 40, 1000]))
def test_valid_yaml_has_no_faults(data, width):
    """Whatever PyYAML writes in block style, with Chinese punctuation in values, is left alone."""
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False, width=width, sort_keys=False)
    assert find_faults(text) == []
    assert fix(text) == text


@given(st.dictionaries(ascii_keys, chinese_values.filter(lambda v: not v.startswith("\u3000")), min_size=1, max_size=5))
def test_fullwidth_colons_fixed_to_the_same_data(data):
    """A document typed with full-width key colons reads, once fixed, as the half-width one does.

    (A full-width space right after "：" is taken as part of the separator, so values here do not
    start with one.)
    """
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False, width=1000, sort_keys=False)
    typed = "\n".join(line.replace(": ", "：", 1) if line[:1] in string.ascii_lowercase + "_" else line
                      for line in text.split("\n"))
    assert load(fix(typed)) == load(text)


def test_a_line_after_a_tab_indented_key_of_a_list_item_is_measured_from_its_fixed_column() -> None:
    """Found by the property above: the key moved to column 5, and the next line (column 4)
    was taken as its value's continuation, its full-width colon fixed only by a second pass."""
    text = " - - title:\n \ttitle:\ta\n    title：\n"
    assert fix(text) == " - - title:\n     title: a\n    title:\n"
    assert fix(fix(text)) == fix(text)
