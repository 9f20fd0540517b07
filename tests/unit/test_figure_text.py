"""How a figure typed from a paper report is read, and what staff are told when it cannot be:
each message says what is wrong with *this* value and the number to write."""

from __future__ import annotations

import pytest

from generator.load import parse_yaml
from generator.validate import Invalid, Unit, as_number, comma_splits, split_by_comma

VISITS = Unit.of_metric("服务人次", "人次")


def message(value: object) -> str:
    with pytest.raises(Invalid) as raised:
        as_number(value, VISITS)
    return raised.value.zh


@pytest.mark.parametrize("written, meant", [
    ("12,50", "是 1250 就写 1250，是 12.50 就写 12.50（小数用点，不用逗号）"),
    ("12，50", "是 1250 就写 1250，是 12.50 就写 12.50（小数用点，不用逗号）"),  # a full-width comma
    ("1,2500人次", "是 12500 就写 12500，是 1.2500 就写 1.2500（小数用点，不用逗号）"),
    ("1,250,00", "写成 125000（不带逗号）"),  # two commas: no decimal comma
])
def test_a_comma_out_of_a_thousands_place_is_named_with_what_was_meant(written: str, meant: str) -> None:
    assert message(written) == f"“{written}” 里的逗号不在千位上（千位逗号后面总是三位数字，如 1,250）：{meant}"


@pytest.mark.parametrize("written, number", [("1,250", 1250), ("１,２５０", 1250), ("1,250.5", 1250.5), ("1,250 人次", 1250)])
def test_a_thousands_comma_is_still_read(written: str, number: float) -> None:
    assert as_number(written, VISITS) == number


@pytest.mark.parametrize("written, mark, bare", [
    ("1250。", "。", "1250"), ("1250人次。", "。", "1250人次"), ("3.2万人次，", "，", "3.2万人次"), ("1250 、", "、", "1250"),
])
def test_a_full_stop_after_the_figure_is_not_a_wrong_unit(written: str, mark: str, bare: str) -> None:
    assert message(written) == f"“{written}” 的数字后面多了标点“{mark}”：删掉它，写成 {bare}"


@pytest.mark.parametrize("written", ["—", "/", "无", "暂无"])
def test_a_dash_for_no_figure_says_to_delete_the_line_or_write_0(written: str) -> None:
    assert message(written) == f"“{written}” 不是数字：没有这个数就删掉这一行；是 0 就写 0"


@pytest.mark.parametrize("written, told", [
    ("1 250", "只写数字，数字中间不加空格，写成 1250"),  # it said 不带单位、引号和逗号: this has none of them
    ("1 250 人次", "只写数字，数字中间不加空格，写成 1250"),
])
def test_a_space_between_the_digits_is_named(written: str, told: str) -> None:
    assert message(written) == f"应为一个数字，这里写的是文字“{written}”：{told}"


def test_a_quoted_number_is_told_about_its_quotes_only() -> None:
    assert message("1250") == "应为一个数字，这里写的是文字“1250”：只写数字，不带引号，写成 1250"


def split_of(text: str) -> dict:
    data, marks = parse_yaml(text)
    return comma_splits(data["figures"], lambda key: marks.get(("figures", str(key))))


@pytest.mark.parametrize("text, found", [
    ("figures: {service_visits: 1,250}\n", {"service_visits": ("1,250", [250])}),
    ("figures: {service_visits: 5704, volunteers: 2,982}\n", {"volunteers": ("2,982", [982])}),
    ("figures: {service_visits: 1,250,000, volunteers: 412}\n", {"service_visits": ("1,250,000", [250, "000"])}),
    ("figures: {hours: 1,200小时}\n", {"hours": ("1,200小时", ["200小时"])}),
    # not a split: a comma between items, and a key of digits on a line of its own
    ("figures: {service_visits: 5704, volunteers: 412}\n", {}),
    ("figures:\n  service_visits: 5704\n  250:\n", {}),
])
def test_a_flow_mapping_split_at_a_thousands_comma_is_found(text: str, found: dict) -> None:
    assert split_of(text) == found


def test_the_split_is_told_as_the_comma_that_separates_items() -> None:
    invalid = split_by_comma("service_visits", "1,250")
    assert invalid.zh == ("在写在同一行的 {…} 里，逗号是隔开各项的：“service_visits: 1,250” 被拆成了 service_visits: 1 "
                          "和另一项 “250”。写成 1250（不带逗号），或者不用 {…}，把每项单独写一行")
    assert invalid.en == ("inside {…} on one line a comma separates items: 'service_visits: 1,250' was read as "
                          "service_visits: 1 and another item '250'. Write 1250 (without the comma), "
                          "or drop the {…} and put each item on a line of its own")
    assert "12.50" in split_by_comma("service_visits", "12,50").zh
