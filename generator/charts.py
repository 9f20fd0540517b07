"""Chart geometry for the statistics trends: scales, ticks and gaps are computed here, where
they can be tested; the SVG markup is the theme's ``partials/charts.html`` macro, where a
theme can restyle it and where the UI words come from the strings file.

Why not a charting library: pygal writes its own stylesheet and script hooks, matplotlib
turns Chinese labels into outlines unless a CJK font is configured and is a large import for
one chart; neither writes the <desc> and data table a screen reader needs. The one chart we
draw — a monthly line, broken at gaps, with a target line — is a linear scale and a tick rule.
Charts are inline SVG with presentation attributes only, so they look the same with no
JavaScript, with no stylesheet, in print and in WeasyPrint's PDF posters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass

from .stats import Number, Series

# The drawing's own units; the SVG scales to the width of the page or poster.
WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 56, 64  # room for the value axis, the legend, months and years
LABEL_GAP = 12  # between a point and its value label
LABEL_SIZE = 16
MAX_MONTH_LABELS = 12  # more would collide at the font size an elderly reader needs
MAX_VALUE_LABELS = 12
YEAR_ROOM = 4  # months a year label needs at the size phones show it


@dataclass(frozen=True)
class Mark:
    """One month on the chart; ``y`` is None for a gap."""

    month: dt.date
    value: Number | None
    x: float
    y: float | None
    labelled: bool  # its month is written under the axis
    minor: bool  # every other labelled month: left out where the chart is drawn small (phones)
    new_year: bool  # the first month named, or a January: the year is written under the month
    year_minor: bool = False  # the first month's year, left out on phones when a January is close
    label_y: float | None = None  # where its value is written: above the point, below in a valley


@dataclass(frozen=True)
class Tick:
    value: Number
    y: float


@dataclass(frozen=True)
class LineChart:
    series: Series
    marks: tuple[Mark, ...]
    segments: tuple[str, ...]  # SVG path data, one per run of months without a gap
    ticks: tuple[Tick, ...]
    target: Number | None
    target_y: float | None
    value_labels: bool  # few enough months to write each value above its point
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def slot(self) -> float:
        """The width given to one month."""
        return (self.right - self.left) / len(self.marks)


def nice_step(maximum: float, count: int) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) so that ``count`` steps reach ``maximum``."""
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw - 1e-12)


def value_ticks(maximum: float, count: int = 4) -> list[Number]:
    """From zero up to the first round value at or above ``maximum``. The axis always starts
    at zero: these are counts, and a cut axis makes a small change look like a big one."""
    if maximum <= 0:
        return [0, 1]
    step = nice_step(maximum, count)
    steps = math.ceil(maximum / step - 1e-9)
    ticks = [round(step * n, 10) for n in range(steps + 1)]
    return [int(t) if float(t).is_integer() else t for t in ticks]


def line_chart(series: Series) -> LineChart:
    points = series.points
    target = series.target
    present = [p.value for p in points if p.value is not None]
    ticks = value_ticks(max(present + ([target] if target is not None else []), default=0))
    top, bottom = TOP, HEIGHT - BOTTOM
    slot = (WIDTH - RIGHT - LEFT) / len(points)

    def y_of(value: Number) -> float:
        return round(bottom - (bottom - top) * value / ticks[-1], 1)

    label_every = math.ceil(len(points) / MAX_MONTH_LABELS)
    # Months are named counting from the last January, which carries the year under it, so a
    # year is never written under a month left unnamed; without a January, from the newest.
    januaries = [i for i, p in enumerate(points) if p.month.month == 1]
    anchor = januaries[-1] if januaries else len(points) - 1
    first_named = anchor % label_every  # the first month with its name under the axis
    marks = tuple(
        Mark(
            month=p.month,
            value=p.value,
            x=round(LEFT + slot * (i + 0.5), 1),
            y=None if p.value is None else y_of(p.value),
            labelled=(i - anchor) % label_every == 0,
            minor=(i - anchor) % (2 * label_every) != 0,
            new_year=i == first_named or p.month.month == 1,
            year_minor=i == first_named and p.month.month != 1 and any(q.month.month == 1 for q in points[i + 1 : i + YEAR_ROOM]),
        )
        for i, p in enumerate(points)
    )
    target_y = None if target is None else y_of(target)
    marks = tuple(_with_label_places(marks, bottom, target_y))
    return LineChart(
        series=series,
        marks=marks,
        segments=tuple(_segments(marks)),
        ticks=tuple(Tick(t, y_of(t)) for t in ticks),
        target=target,
        target_y=target_y,
        value_labels=len(points) <= MAX_VALUE_LABELS,
    )


def _with_label_places(marks: tuple[Mark, ...], bottom: float, target_y: float | None) -> list[Mark]:
    """Write a value above its point, or below it where the line comes down to it and goes
    up again (a valley), so the label does not sit on the line; and on the other side when
    the target line would cross it — unless that is too close to the axis."""
    placed = []
    for i, mark in enumerate(marks):
        if mark.y is None:
            placed.append(mark)
            continue
        neighbours = [m.y for m in marks[max(i - 1, 0) : i + 2] if m is not mark and m.y is not None]
        # SVG y grows downwards; a nearly flat line keeps every label above it.
        valley = bool(neighbours) and mark.y > sum(neighbours) / len(neighbours) + LABEL_GAP / 2
        above, below = mark.y - LABEL_GAP, mark.y + LABEL_GAP + LABEL_SIZE
        if target_y is not None and _crosses(above if not valley else below, target_y):
            valley = not valley
        label_y = below if valley and below < bottom - 4 else above
        placed.append(dataclasses.replace(mark, label_y=round(label_y, 1)))
    return placed


def _crosses(label_y: float, line_y: float) -> bool:
    """Does a line at ``line_y`` run through a label whose baseline is ``label_y``?"""
    return label_y - LABEL_SIZE - 2 <= line_y <= label_y + 4


def _segments(marks: tuple[Mark, ...]) -> list[str]:
    """Path data for each run of months with a value: a gap breaks the line, so a missing
    month is never drawn as if it were zero or the average of its neighbours."""
    runs: list[list[Mark]] = [[]]
    for mark in marks:
        if mark.y is None:
            runs.append([])
        else:
            runs[-1].append(mark)
    return ["M" + " L".join(f"{m.x} {m.y}" for m in run) for run in runs if len(run) > 1]
