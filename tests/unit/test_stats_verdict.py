"""A target's verdict (generator.stats.verdict, YearTotal.verdict) and a target shown as written
(generator.validate.exact_text): decided once in Python for the pages, the posters and stats.json."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.config import Metric
from generator.models import MonthStats
from generator.stats import NOT_REACHED, PENDING, REACHED, Statistics, verdict
from generator.validate import exact_text

VISITS = Metric("visits", "服务人次", "人次", "sum", yearly_target=1000)
RATE = Metric("rate", "居民满意度", "%", "mean", monthly_target=95)
COMPLAINTS = Metric("complaints", "投诉件数", "件", "sum", yearly_target=5, higher_is_better=False)


def months(year: int, first: int, last: int, **figures: float) -> list[MonthStats]:
    return [MonthStats(path=f"content/stats/{year}-{m:02}.yaml", id=f"{year}-{m:02}", slug=f"{year}-{m:02}", lines={},
                       month=dt.date(year, m, 1), figures=dict(figures))
            for m in range(first, last + 1)]


@pytest.mark.parametrize("metric, met, over, expected", [
    (VISITS, True, False, REACHED),  # a sum only grows: reached in October is reached for good
    (VISITS, False, False, PENDING),
    (VISITS, False, True, NOT_REACHED),
    (RATE, True, False, PENDING),  # a mean may still fall under its target
    (RATE, True, True, REACHED),
    (COMPLAINTS, False, False, NOT_REACHED),  # a count over its ceiling has missed it for good
    (COMPLAINTS, True, False, PENDING),  # under it so far: it may still go over
    (COMPLAINTS, True, True, REACHED),
    (RATE, None, True, None),  # no target or no figure: nothing to judge
])
def test_a_verdict_is_settled_once_the_period_is_over_or_a_growing_figure_settles_it(metric, met, over, expected):
    assert verdict(metric, met, over) == expected


def test_a_year_over_whose_figures_stop_in_october_is_judged_on_january_to_october():
    """2025's figures stop in October and it is 2026: the year got no verdict at all before
    (it waited for December). Now it does, on the months there are, naming the two missing."""
    stats = Statistics((VISITS, RATE), months(2025, 1, 10, visits=90, rate=96.5))
    report = stats.year(2025)
    visits, rate = report.total(VISITS), report.total(RATE)
    november, december = dt.date(2025, 11, 1), dt.date(2025, 12, 1)

    judged = rate.verdict(dt.date(2026, 3, 1))
    assert (judged.status, judged.over, judged.first, judged.last) == (REACHED, True, dt.date(2025, 1, 1), dt.date(2025, 10, 1))
    assert judged.missing == (november, december) and judged.partial  # November might have pulled the mean down

    judged = visits.verdict(dt.date(2026, 3, 1))  # 900 of 1000: not reached on ten months
    assert (judged.status, judged.missing, judged.partial) == (NOT_REACHED, (november, december), True)

    # While 2025 goes on nothing is missing yet: a mean is pending, a sum under its target too.
    assert (rate.verdict(dt.date(2025, 11, 20)).status, rate.verdict(dt.date(2025, 11, 20)).missing) == (PENDING, ())
    assert visits.verdict(dt.date(2025, 11, 20)).status == PENDING


def test_a_sum_that_reached_its_target_needs_no_missing_month():
    stats = Statistics((VISITS,), months(2025, 1, 10, visits=110))  # 1100 of 1000 by October
    judged = stats.year(2025).total(VISITS).verdict(dt.date(2026, 3, 1))
    assert judged.status == REACHED and judged.missing == (dt.date(2025, 11, 1), dt.date(2025, 12, 1))
    assert not judged.partial  # reached whatever November and December brought


def test_a_whole_year_and_a_year_without_a_target_or_figure():
    bank = Metric("bank", "时间银行时长", "小时")
    stats = Statistics((VISITS, RATE, bank),
                       [*months(2025, 1, 12, visits=80, rate=96, bank=3), *months(2026, 1, 2, visits=90)])
    judged = stats.year(2025).total(VISITS).verdict(dt.date(2026, 3, 1))
    assert (judged.status, judged.missing, judged.partial) == (NOT_REACHED, (), False)  # 960 of 1000
    assert stats.year(2025).total(bank).verdict(dt.date(2026, 3, 1)) is None  # no target
    assert stats.year(2026).total(RATE).verdict(dt.date(2026, 3, 1)) is None  # no figure in 2026


@pytest.mark.parametrize("value, text", [
    (0.95, "0.95"),  # the one decimal of a figure made it 0.9
    (0.9512345, "0.9512345"),
    (2500.0, "2500"),
    (2500, "2500"),
    (98.5, "98.5"),
    (0, "0"),
    (0.1 * 3, "0.3"),  # a target worked out: no float noise
    (0.95 * 100, "95"),
    (1.5e7, "15000000"),  # never 1.5e+07
    (None, "—"),
])
def test_a_target_is_shown_with_every_digit_it_was_written_with(value, text):
    assert exact_text(value) == text
