"""Yes and no as staff write them: true/false, yes/no, 是/否."""

import pytest

from generator.load import yes_or_no
from generator.models import Poster
from generator.validate import Invalid, as_poster


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("是", True), ("否", False), ("对", True), ("不", False),
    ("Yes", True), (" no ", False), (1, True), (0, False), ("也许", None), ("a4", None), (None, None),
])
def test_yes_or_no(value, expected):
    assert yes_or_no(value) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("否", None), (False, None), (None, None), ("是", Poster("a4")), (True, Poster("a4")),
    ("A3", Poster("a3")), ({"size": "a3"}, Poster("a3")),
])
def test_an_activitys_poster_may_be_said_no_in_chinese(value, expected):
    assert as_poster(value, "a4") == expected


def test_a_wrong_poster_size_names_false_for_none():
    with pytest.raises(Invalid) as error:
        as_poster("a5", "a4")
    assert "不要海报请写 false" in error.value.zh


@pytest.mark.parametrize(("value", "number"), [("30人", 30), ("３０名", 30), ("20 人", 20)])
def test_a_count_with_its_unit_names_the_number_to_write(value, number):
    from generator.validate import as_count

    with pytest.raises(Invalid) as error:
        as_count(value)
    assert f"写成 {number}" in error.value.zh
