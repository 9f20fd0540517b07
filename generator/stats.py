"""Monthly statistics: every figure the report pages, the year pages, the open data files and
the monthly report poster show, computed once here so they can never disagree.

Templates call ``statistics(site)`` (a Jinja global) and never compute a figure themselves:
``statistics(site).month(page.month)`` is everything a month's page or poster needs.

Rules, from the design:
- A missing month file, or a metric left out of a month, is a gap (``None``), never a zero:
  a change against a gap is unknown, and a year's figure is made of the months that exist.
- A metric starts where its data starts: months before its first figure are not gaps, the
  metric simply did not exist yet (the "time bank" that opened in March).
- A year aggregates by the metric's rule: ``sum`` (service visits), ``last`` (registered
  volunteers at the end of the period), ``max`` or ``mean`` (average response hours).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from dataclasses import dataclass
from statistics import fmean
from typing import Callable, Iterator, Sequence

from .config import Metric, SiteConfig
from .link import Site
from .models import MonthStats
from .validate import exact_text

Number = int | float  # figures keep the type staff wrote: 5704 stays an int, 3.5 a float

# Each rule gets the month values that exist, oldest first (never an empty list).
AGGREGATORS: dict[str, Callable[[list[Number]], Number]] = {
    "sum": lambda values: sum(values) if all(isinstance(v, int) for v in values) else math.fsum(values),
    "last": lambda values: values[-1],
    "max": max,
    "mean": fmean,
}


def aggregate(rule: str, values: Sequence[Number | None]) -> Number | None:
    """``values`` by ``rule``, skipping gaps; ``None`` when there is nothing to aggregate."""
    present = [value for value in values if value is not None]
    return AGGREGATORS[rule](present) if present else None


def shift_month(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from ``first`` to ``last``, both included."""
    count = (last.year - first.year) * 12 + last.month - first.month
    return [shift_month(first, n) for n in range(count + 1)]


def percent(part: Number | None, whole: Number | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole * 100


def margin(value: Number | None, target: Number | None) -> Number | None:
    """How far ``value`` is above its target (below: negative). A share's distance to its
    target is told so, in points (已达成（高出 3.8 个百分点）, 差 1.2 个百分点): its progress,
    a percentage of a percentage (95%，完成 104%), means nothing to a reader (Metric.share)."""
    if value is None or target is None:
        return None
    return value - target


def meets(value: Number | None, target: Number | None, higher_is_better: bool) -> bool | None:
    if value is None or target is None:
        return None
    return value >= target if higher_is_better else value <= target


# A target's verdict, the words of stats.json (Verdict.status); None: no target or no figure.
REACHED, NOT_REACHED, PENDING = "reached", "not_reached", "pending"


def verdict(metric: Metric, met: bool | None, over: bool) -> str | None:
    """Is the target reached (REACHED), missed (NOT_REACHED), or may the rest of the month or
    year still change that (PENDING)? ``met``: where the figure stands now (meets); ``over``:
    the month or year has ended. Decided here, once, for the pages, the posters (the
    ``target_text`` macro) and stats.json alike, so that no reader has to decide it again.

    Once the period is over, where the figure stands is the verdict. Before, a count added up
    (sum) or a worst day (max) only grows, so it is settled one way: a target to reach that it
    has reached is reached for good, a ceiling it went over is missed for good (投诉件数 7
    against 不超过 5 件 in November). Anything else (a mean, a latest figure, a count still
    under its ceiling) may cross its target either way until the end: pending."""
    if met is None:
        return None
    grows = metric.aggregate in ("sum", "max")
    if over or (grows and met == metric.higher_is_better):
        return REACHED if met else NOT_REACHED
    return PENDING


@dataclass(frozen=True)
class Verdict:
    """A year's target, judged on a given day (YearTotal.verdict)."""

    status: str  # REACHED, NOT_REACHED or PENDING
    over: bool  # the year has ended: a status that is not PENDING will not change by itself
    first: dt.date  # the months the year's figure is made of: its first and last with a figure
    last: dt.date
    missing: tuple[dt.date, ...] = ()  # months of an ended year after ``last``, without a figure
    settled: bool = False  # the figures settle it whatever the months to come (verdict before the end)

    @property
    def partial(self) -> bool:
        """Is the verdict on the months there are, where a missing one might have changed it?
        Then it says so (按1月–10月数据：未达成；缺11月、12月数据). A sum that reached its
        target in October has reached it whatever November brought: 已达成, no more."""
        return bool(self.missing) and not self.settled


def chart_target(metric: Metric) -> Number | None:
    """The target a chart of monthly values can show as a line: the monthly one, or a yearly
    one when the year's figure is itself a month's value (last, max, mean) — a yearly
    target of a sum is not comparable with any single month."""
    if metric.monthly_target is not None:
        return metric.monthly_target
    return metric.yearly_target if metric.aggregate != "sum" else None


@dataclass(frozen=True)
class Point:
    month: dt.date
    value: Number | None  # None: a gap


@dataclass(frozen=True)
class Series:
    """One metric over consecutive months, gaps included, for a chart and its data table."""

    metric: Metric
    points: tuple[Point, ...]
    starts: bool = False  # the metric's first figure is the first point, later than asked for

    @property
    def present(self) -> list[Point]:
        return [point for point in self.points if point.value is not None]

    @property
    def gaps(self) -> list[dt.date]:
        return [point.month for point in self.points if point.value is None]

    @property
    def first(self) -> dt.date:
        return self.points[0].month

    @property
    def last(self) -> dt.date:
        return self.points[-1].month

    @property
    def latest(self) -> Point | None:
        present = self.present
        return present[-1] if present else None

    @property
    def highest(self) -> Point | None:
        # The earliest of equal values, so the description names the first time it happened.
        return max(self.present, key=lambda p: p.value, default=None)  # type: ignore[arg-type,return-value]

    @property
    def lowest(self) -> Point | None:
        return min(self.present, key=lambda p: p.value, default=None)  # type: ignore[arg-type,return-value]

    @property
    def target(self) -> Number | None:
        return chart_target(self.metric)


@dataclass(frozen=True)
class Figure:
    """One metric in one month, with everything a report says about it."""

    metric: Metric
    month: dt.date
    value: Number | None
    previous: Number | None  # the calendar month before
    last_year: Number | None  # the same month a year before
    year_to_date: Number | None  # this year's months up to this one, by the metric's rule
    # This year's months up to this one (from the metric's start) without a figure: the year
    # to date is made of the others, and "本年累计 11760 人次" must say May is not in it.
    # Empty for ``last``: the latest figure is the latest whatever came before it.
    year_gaps: tuple[dt.date, ...] = ()

    @property
    def change(self) -> Number | None:
        return None if self.value is None or self.previous is None else self.value - self.previous

    @property
    def change_percent(self) -> float | None:
        return percent(self.change, self.previous)

    @property
    def year_change(self) -> Number | None:
        return None if self.value is None or self.last_year is None else self.value - self.last_year

    @property
    def year_change_percent(self) -> float | None:
        return percent(self.year_change, self.last_year)

    @property
    def target_progress(self) -> float | None:
        return percent(self.value, self.metric.monthly_target)

    @property
    def target_met(self) -> bool | None:
        return meets(self.value, self.metric.monthly_target, self.metric.higher_is_better)

    @property
    def target_margin(self) -> Number | None:
        return margin(self.value, self.metric.monthly_target)

    @property
    def year_target_progress(self) -> float | None:
        return percent(self.year_to_date, self.metric.yearly_target)

    @property
    def year_target_met(self) -> bool | None:
        return meets(self.year_to_date, self.metric.yearly_target, self.metric.higher_is_better)

    @property
    def year_target_margin(self) -> Number | None:
        return margin(self.year_to_date, self.metric.yearly_target)


@dataclass(frozen=True)
class MonthReport:
    month: dt.date
    entry: MonthStats | None  # the month's file; None when the month is a gap
    figures: tuple[Figure, ...]  # every metric that has started by this month
    previous: MonthStats | None  # the nearest earlier month that has a file, for navigation
    next: MonthStats | None
    trends: tuple[Series, ...]  # the twelve months up to this one, per metric


def year_target(metric: Metric, year: int, start: dt.date | None) -> tuple[Number | None, int | None]:
    """The year's target of ``metric`` and, when it is worked out from the monthly one, the
    number of months it counts (None: the yearly target as declared, or none).

    A summed metric with only a monthly target ("2500 service visits a month") has, for a
    community worker, a yearly target of that many a month over the year: 2500 × 12 = 30000,
    as 月均 2500 reads as 全年 3 万. Counted are the months of the year from the metric's first
    figure on (the time bank that opened in March: × 10; the first year of the site: from
    its first month), so a year that started late is not held to twelve months of work; a
    gap (a month without a file) still counts, as with a declared yearly target. It is the
    whole year's target even while the year goes on, shown with its progress ("完成 92%")
    like a declared one, and "not met" only once the year is over. The page says how it was
    worked out (每月 2500 × 12 个月).

    A metric whose year is a month's level, aggregated by mean, last or max (诉求办结率 with a
    monthly target of 95%, the year's mean; registered volunteers, the last month's count;
    最高单日服务人次, the year's best month), has the monthly target itself as the year's: the
    year reaches 95% or not, as each month does. For a max that is what a staff member holds
    the year to: its best month reached 40 a day (higher is better), or no month of it went
    over 48 hours (lower is better, 最长办结用时). No number of months goes with it (None), the
    year's page names no working.

    A monthly target of 0 (安全事故 0 起) is the year's as it is: none a month is none a year,
    and "0 起（每月 0 × 12 个月）" worked out what needs no working."""
    if metric.yearly_target is not None:
        return metric.yearly_target, None
    if metric.monthly_target is None or start is None or start.year > year:
        return None, None
    if metric.aggregate != "sum" or metric.monthly_target == 0:  # mean, last, max: a month's level
        return metric.monthly_target, None
    months = 12 - (start.month - 1 if start.year == year else 0)
    return metric.monthly_target * months, months


@dataclass(frozen=True)
class YearTotal:
    metric: Metric
    year: int
    value: Number | None
    months: int  # how many months of the year have a figure
    target: Number | None = None  # the year's target (see year_target)
    target_months: int | None = None  # the target is the monthly one times this many months
    first: dt.date | None = None  # the year's first and last month with a figure of the metric
    last: dt.date | None = None
    # The year's last month with a file, its figures blank or not: a month after ``last`` whose
    # file is there is one staff confirmed as having no figure (as check_ended_years asks), not
    # one missing. None: taken to be ``last``.
    last_file: dt.date | None = None

    @property
    def target_progress(self) -> float | None:
        return percent(self.value, self.target)

    @property
    def target_met(self) -> bool | None:
        return meets(self.value, self.target, self.metric.higher_is_better)

    @property
    def target_margin(self) -> Number | None:
        return margin(self.value, self.target)

    def verdict(self, today: dt.date) -> Verdict | None:
        """The year's target judged on ``today``; None without a target or a figure.

        A year is over once ``today`` is in a later one, whether or not its December is in. It
        waited for December before, and a year whose figures stop in October (the files of
        November and December never written) never got a verdict, not even years later: staff
        and residents could not tell whether the year's target was reached. Such a year is
        judged on the months there are, and the verdict names the months it lacks (按1月–10月
        数据：已达成；缺11月、12月数据), since a missing month may still have changed it.
        Months whose files are there with the figures left blank lack nothing: staff said
        there was no figure, and the verdict is on the months with one, not partial."""
        over = self.year < today.year
        status = verdict(self.metric, self.target_met, over)
        if status is None or self.first is None or self.last is None:
            return None
        written = max(self.last, self.last_file or self.last)
        missing = tuple(month_range(shift_month(written, 1), dt.date(self.year, 12, 1))) \
            if over and written.month < 12 else ()
        settled = verdict(self.metric, self.target_met, False) != PENDING
        return Verdict(status, over, self.first, self.last, missing, settled)


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    entry: MonthStats | None
    values: tuple[Number | None, ...]  # one per metric of the report, in the same order


@dataclass(frozen=True)
class MonthTable:
    metrics: tuple[Metric, ...]  # the metrics that have started by the last month
    rows: tuple[MonthRow, ...]  # every month in the range, gaps included


@dataclass(frozen=True)
class YearReport:
    year: int
    table: MonthTable  # the year's months within the data
    totals: tuple[YearTotal, ...]
    trends: tuple[Series, ...]

    @property
    def whole(self) -> bool:
        """Does the data cover January to December of this year?"""
        rows = self.table.rows
        return bool(rows) and rows[0].month.month == 1 and rows[-1].month.month == 12

    def total(self, metric: Metric) -> YearTotal | None:
        return next((total for total in self.totals if total.metric == metric), None)

    def over(self, today: dt.date) -> bool:
        """Is the year over and its December in? Deprecated (docs/themes.md): kept for
        templates written before YearTotal.verdict, which judges a year whose figures stop
        before December too, so the two disagree on such a year; read the verdict."""
        rows = self.table.rows
        return bool(rows) and rows[-1].month.month == 12 and self.year < today.year


TREND_MONTHS = 12  # on a month's page and poster: the last year at a glance
INDEX_MONTHS = 24  # on the statistics index: two years, so this year reads against the last


class Statistics:
    """The figures of a site: ``metrics`` as declared, ``entries`` one per month file."""

    def __init__(self, metrics: Sequence[Metric], entries: Sequence[MonthStats]):
        self.metrics = tuple(metrics)
        self.entries = {entry.month: entry for entry in sorted(entries, key=lambda e: e.month)}
        self.months = month_range(min(self.entries), max(self.entries)) if self.entries else []
        self._values = {(metric, entry.month): value for entry in self.entries.values() for metric, value in entry.figures.items()}
        self._starts: dict[str, dt.date] = {}
        for metric, month in sorted(self._values, key=lambda key: key[1]):
            self._starts.setdefault(metric, month)

    def value(self, metric: Metric, month: dt.date) -> Number | None:
        return self._values.get((metric.id, month))

    def start(self, metric: Metric) -> dt.date | None:
        """The month of the metric's first figure."""
        return self._starts.get(metric.id)

    def started(self, metric: Metric, by: dt.date) -> bool:
        start = self.start(metric)
        return start is not None and start <= by

    @property
    def years(self) -> list[int]:
        return sorted({month.year for month in self.entries})

    def aggregate_between(self, metric: Metric, first: dt.date, last: dt.date) -> Number | None:
        return aggregate(metric.aggregate, [self.value(metric, m) for m in month_range(first, last)])

    def figure(self, metric: Metric, month: dt.date) -> Figure:
        return Figure(
            metric=metric,
            month=month,
            value=self.value(metric, month),
            previous=self.value(metric, shift_month(month, -1)),
            last_year=self.value(metric, shift_month(month, -12)),
            year_to_date=self.aggregate_between(metric, month.replace(month=1), month),
            year_gaps=() if metric.aggregate == "last" else tuple(
                m for m in month_range(max(month.replace(month=1), self.start(metric) or month), month)
                if self.value(metric, m) is None),
        )

    def series(self, metric: Metric, first: dt.date, last: dt.date) -> Series | None:
        """The metric from ``first`` (or its own start, when later) to ``last``; None if it
        has not started by ``last``."""
        start = self.start(metric)
        if start is None or start > last:
            return None
        months = month_range(max(first, start), last)
        starts = start > max(first, self.months[0])  # later than the data itself, not only the window
        return Series(metric, tuple(Point(m, self.value(metric, m)) for m in months), starts=starts)

    def trends(self, first: dt.date, last: dt.date) -> tuple[Series, ...]:
        found = (self.series(metric, first, last) for metric in self.metrics)
        return tuple(series for series in found if series is not None)

    def month(self, month: dt.date) -> MonthReport:
        month = month.replace(day=1)
        earlier = [m for m in self.entries if m < month]
        later = [m for m in self.entries if m > month]
        return MonthReport(
            month=month,
            entry=self.entries.get(month),
            figures=tuple(self.figure(metric, month) for metric in self.metrics if self.started(metric, month)),
            previous=self.entries[earlier[-1]] if earlier else None,
            next=self.entries[later[0]] if later else None,
            trends=self.trends(shift_month(month, 1 - TREND_MONTHS), month),
        )

    @property
    def latest(self) -> MonthReport | None:
        return self.month(self.months[-1]) if self.months else None

    def table(self, first: dt.date, last: dt.date) -> MonthTable:
        metrics = tuple(metric for metric in self.metrics if self.started(metric, last))
        rows = tuple(
            MonthRow(m, self.entries.get(m), tuple(self.value(metric, m) for metric in metrics))
            for m in month_range(first, last)
        )
        return MonthTable(metrics, rows)

    def year(self, year: int) -> YearReport:
        months = [m for m in self.months if m.year == year]
        if not months:
            return YearReport(year, MonthTable((), ()), (), ())
        first, last = months[0], months[-1]
        table = self.table(first, last)
        last_file = max((m for m in self.entries if m.year == year), default=None)
        totals = []
        for metric in table.metrics:
            present = [m for m in months if self.value(metric, m) is not None]
            target, target_months = year_target(metric, year, self.start(metric))
            totals.append(YearTotal(metric, year, self.aggregate_between(metric, first, last), len(present),
                                    target, target_months, present[0] if present else None,
                                    present[-1] if present else None, last_file))
        return YearReport(year, table, tuple(totals), self.trends(first, last))

    @property
    def year_reports(self) -> list[YearReport]:
        return [self.year(year) for year in self.years]

    @property
    def all_months(self) -> MonthTable:
        return self.table(self.months[0], self.months[-1]) if self.months else MonthTable((), ())

    def recent(self, count: int = INDEX_MONTHS) -> tuple[Series, ...]:
        """The last ``count`` months of every metric, for the statistics index."""
        if not self.months:
            return ()
        last = self.months[-1]
        return self.trends(shift_month(last, 1 - count), last)

    def figures(self) -> Iterator[tuple[dt.date, Metric, Number]]:
        """Every figure staff wrote: month by month, metrics in their declared order."""
        for month in self.entries:
            for metric in self.metrics:
                value = self.value(metric, month)
                if value is not None:
                    yield month, metric, value


_cached: tuple[object, object, Statistics] | None = None


def compute(metrics: Sequence[Metric], entries: Sequence[MonthStats]) -> Statistics:
    """The statistics of these metrics and month files; computed once per build, since every
    statistics page and poster of a build asks for the same figures."""
    global _cached
    if _cached is None or _cached[0] is not metrics or _cached[1] is not entries:
        _cached = (metrics, entries, Statistics(metrics, entries))
    return _cached[2]


def statistics(site: Site) -> Statistics:
    """The statistics of a site, for Python callers (open data, posters' own code)."""
    return compute(site.config.metrics, site.stats)


# --- open data --------------------------------------------------------------------------

def plain(value: Number) -> int | float:
    """A figure as data: 12.0 and 12 are both 12; other floats keep every digit."""
    return int(value) if float(value).is_integer() else float(value)


def stats_csv(site: Site) -> bytes:
    """Every figure, one row each: month, metric id, label, unit, value. A month or metric
    without a row has no figure (a gap, not a zero).

    UTF-8 *with* a byte order mark: Excel on Chinese Windows opens a CSV without one as GBK
    and shows the labels as mojibake; with it, a double click just works. CRLF line ends
    (the csv module's default) are what Excel writes itself."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["month", "metric", "label", "unit", "value"])
    for month, metric, value in statistics(site).figures():
        writer.writerow([f"{month:%Y-%m}", metric.id, metric.label, metric.unit, plain(value)])
    return buffer.getvalue().encode("utf-8-sig")


def json_verdict(judged: Verdict | None) -> dict[str, object] | None:
    """A year's verdict as stats.json has it: ``status`` (reached, not_reached, pending),
    ``year_over``, the months it is based on (``from``, ``to``), ``missing`` (the months of
    an ended year without a file after ``to``: a month whose file has blank figures is not one) and ``partial`` (one of those might have
    changed the status: the page says 按1月–10月数据)."""
    if judged is None:
        return None
    return {"status": judged.status, "year_over": judged.over, "from": f"{judged.first:%Y-%m}",
            "to": f"{judged.last:%Y-%m}", "missing": [f"{month:%Y-%m}" for month in judged.missing],
            "partial": judged.partial}


def stats_json(site: Site) -> bytes:
    """The same figures as stats.csv, with the metrics' declarations and the year figures.

    Fields are only ever added, never renamed, so that a program reading an older file keeps
    working. A year's ``target`` is the one its page and poster show (year_target): the
    declared yearly one, for a sum with only a monthly one that times ``target_months``, for a
    mean, last or max with only a monthly one that monthly target itself (``target_months`` null
    then, as when the target is declared or there is none).

    A year's ``verdict`` is the one its page and poster show, judged on the build's day: a
    program reading the file need not know the rules of when a target is settled (verdict)
    nor whether the year is over (json_verdict). The day itself is not written: the file
    would then change every day, and a daily build would publish it anew on days nothing
    changed (next_change announces the days the output changes)."""
    stats = statistics(site)
    data = {
        "title": site.config.title,
        "url": site.config.absolute("/stats/"),
        "metrics": [
            {
                "id": metric.id, "label": metric.label, "unit": metric.unit, "aggregate": metric.aggregate,
                "monthly_target": metric.monthly_target, "yearly_target": metric.yearly_target,
                "higher_is_better": metric.higher_is_better,
            }
            for metric in stats.metrics
        ],
        "months": [f"{month:%Y-%m}" for month in stats.entries],
        "figures": [
            {"month": f"{month:%Y-%m}", "metric": metric.id, "value": plain(value)}
            for month, metric, value in stats.figures()
        ],
        "years": [
            {"year": total.year, "metric": total.metric.id, "aggregate": total.metric.aggregate,
             "value": None if total.value is None else plain(total.value), "months": total.months,
             "target": None if total.target is None else plain(total.target), "target_months": total.target_months,
             "verdict": json_verdict(total.verdict(site.today))}
            for report in stats.year_reports for total in report.totals
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- how figures read ---------------------------------------------------------------------

def decimals(metric: Metric | None) -> int:
    """How many decimals a figure of ``metric`` is shown with: one, which is all a monthly
    report needs, or as many as its finest target has (exact_text: 0.95 has two). A mean of
    0.95 read "0.9%" beside "目标 0.95%，已达成", which reads as a contradiction."""
    targets = () if metric is None else (metric.monthly_target, metric.yearly_target)
    written = (exact_text(target).partition(".")[2] for target in targets if target is not None)
    return max((len(digits) for digits in written), default=1) or 1


def number_text(value: Number | None, metric: Metric | None = None) -> str:
    """5704 -> "5704"; 3.25 -> "3.3": one decimal, or as many as ``metric``'s target has
    (decimals): 0.95 -> "0.95" and 0.9 -> "0.90" beside a target of 0.95. A whole number
    has none (3.0 -> "3")."""
    if value is None:
        return "—"
    places = decimals(metric)
    rounded = round(value, places)
    if float(rounded).is_integer():
        return str(int(rounded))
    return f"{rounded:.{places}f}"


def signed_text(value: Number | None, metric: Metric | None = None) -> str:
    if value is None:
        return "—"
    text = number_text(abs(value), metric)
    return text if text == "0" else ("+" if value > 0 else "-") + text


def percent_text(value: float | None, signed: bool = False) -> str:
    """A change reads "+12.5%"; progress to a target is floored ("99%" until it is reached)."""
    if value is None:
        return "—"
    if signed:
        return signed_text(value) + "%"
    return f"{math.floor(value + 1e-9)}%"


# Signs, not words: written against the number, as Chinese and English both write them
# (96%, 3‰), where a word keeps the project's space (11760 人次, 12 小时). 百分比 is a
# percentage written out as a unit name ("96 百分比" is no Chinese): its figures read 96%.
SIGN_UNITS = {"%": "%", "％": "％", "‰": "‰", "百分比": "%"}


def unit_suffix(metric: Metric) -> str:
    """What follows a figure of ``metric``: " 人次", "%" (no space before a sign), or ""."""
    unit = metric.unit.strip()
    if not unit:
        return ""
    return SIGN_UNITS.get(unit, " " + unit)


def register(env, config: SiteConfig) -> None:
    """Make the model, the chart geometry and the formatting available to every template
    (pages and posters alike): ``statistics(site)``, ``line_chart(series, layout)`` with
    ``chart_layouts.wide`` or ``.phone``, ``target_verdict(metric, met, over)`` (verdict), and
    the filters ``number`` and ``signed`` (``value | number(metric)``: with as many decimals as
    the metric's target has, see decimals), ``percent``, ``exact`` (a target as written: exact_text)
    and ``unit_suffix`` (``metric | unit_suffix``: what follows a figure of the metric)."""
    from .charts import PHONE, WIDE, line_chart  # charts builds on this module's Series

    def site_statistics(site: Site) -> Statistics:
        # Read only ``site.stats`` from the site: incremental builds record what a page read
        # through ``site``, and the metrics come from site.yaml, which every page depends on.
        return compute(config.metrics, site.stats)

    env.globals.update(statistics=site_statistics, line_chart=line_chart, chart_layouts={"wide": WIDE, "phone": PHONE},
                       target_verdict=verdict)
    env.filters.update(number=number_text, signed=signed_text, percent=percent_text, unit_suffix=unit_suffix,
                       exact=exact_text)
