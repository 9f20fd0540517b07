"""buildstate.digest_of: one digest per output context, so different contexts must differ."""

from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import Markup

from generator.buildstate import digest_of


@pytest.mark.parametrize("one, other", [
    (["a", "b"], ["ab"]),
    ([["a"], "b"], [["a", "b"]]),
    ({"a": ["b"]}, {"a": "b"}),
    ({"a": 1, "b": 2}, {"a": 2, "b": 1}),
    ({"a\x00b": 1}, {"a": "b", "": 1}),
    (["V'x'"], ["x"]),
    ("1", 1),
    (dt.date(2026, 11, 20), "2026-11-20"),
    (None, "None"),
    ({1, 2}, [1, 2]),
])
def test_different_contexts_have_different_digests(one: object, other: object) -> None:
    assert digest_of(one) != digest_of(other)


def test_equal_contexts_have_equal_digests_whatever_the_order_of_keys() -> None:
    assert digest_of({"b": [1, {"c": dt.date(2026, 1, 1)}], "a": "x"}) == digest_of({"a": "x", "b": [1, {"c": dt.date(2026, 1, 1)}]})
    assert digest_of({3, 1, 2}) == digest_of({2, 3, 1})
    assert digest_of((1, "a")) == digest_of([1, "a"])  # a tuple is a list to a template


def test_a_str_subclass_is_digested_by_its_value() -> None:
    assert digest_of(Markup("<b>通知</b>")) != digest_of(Markup("<b>通告</b>"))
