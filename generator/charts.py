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
from typing import Sequence

from .stats import Number, Series, number_text

# Words are measured from their font size, so that the margins, the rows under the axis and
# how many ticks and month names fit follow it: a chart whose words were made larger without
# this cut the value axis's numbers off and wrote its 0 over the first month. Line boxes are
# those of Noto Sans CJK (ascent 1.16 em, descent 0.29 em), the tallest of the theme's fonts;
# widths are generous: a CJK character 1 em, a digit or Latin letter 0.6 em.
ASCENT, DESCENT = 1.16, 0.29
TICK_SHIFT = 0.35  # a tick's number is written this far (in em) below its line: centred on it
GAP_LINE = 1.15  # em between the characters of 无数据, written downwards
LEGEND_LINE = 1.25  # em between the lines of a target's legend too wide for one (on a phone)
LEGEND_SAMPLE = 50  # the legend's sample of the dashed line and the space after it, before its words
LABEL_GAP = 12  # between a point and its value label
MAX_MONTH_LABELS = 12
MAX_VALUE_LABELS = 12
LABEL_STEPS = (1, 2, 3, 4, 6, 12)  # months between names: named months fall on the same months each year


@dataclass(frozen=True)
class Layout:
    """A chart's size and the size of its words, in the drawing's own units (the SVG scales
    to the width of the page or poster); the margins are at least these, more if the words
    need it."""

    width: int
    height: int
    font: float  # axis numbers and month names
    small: float  # value labels, years, the target's legend, 无数据
    value_labels: bool = True  # each value above its point, where few enough months
    left: int = 0
    right: int = 12
    top: int = 0
    bottom: int = 0
    month_row: int = 0  # the month names' baseline, below the axis
    year_row: int = 0  # between the month names' and the years' baselines


# The page and the poster: drawn at about its own size on a computer (the SVG is at most
# 40rem wide, so its words grow with the resident's text size) and on paper.
WIDE = Layout(width=640, height=320, font=18, small=16, left=72, right=24, top=56, bottom=64, month_row=24, year_row=28)
# A phone draws the chart at the width of its screen: its words are written 1rem in the
# drawing's units (site.css), so they are at least the page's text size in px only where the
# drawing is shown at least as wide in px as it is in units. It is as wide as the narrowest
# screen's text column: 294 px of a 320 px one (site.css's --gap, 4vw a side); 340, as wide
# as a 375 px screen's, drew them at 15.6 px at 320 and 17.5 px at 360 (the most common
# Android width) under 18 px text. The margins and names are laid out for the largest size
# (特大, 26 px): at the smaller ones the same layout holds smaller words, never cut off.
PHONE = Layout(width=290, height=340, font=26, small=26, value_labels=False)


def text_width(text: str, size: float) -> float:
    """A generous estimate of how wide ``text`` is written at ``size``."""
    return sum(size * (0.6 if ord(char) < 0x2E80 else 1.0) for char in text)


@dataclass(frozen=True)
class Mark:
    """One month on the chart; ``y`` is None for a gap."""

    month: dt.date
    value: Number | None
    x: float
    y: float | None
    labelled: bool  # its month is written under the axis
    new_year: bool  # the first month named, or a January: the year is written under the month
    label_y: float | None = None  # where its value is written: above the point, below in a valley
    name_x: float = 0  # where its month's name is written: under it, or moved in from the edge
    year_x: float = 0  # and its year


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
    layout: Layout = WIDE
    left: float = WIDE.left
    right: float = WIDE.width - WIDE.right
    top: float = WIDE.top
    bottom: float = WIDE.bottom
    legend_x: float = WIDE.left  # where the target line's legend starts
    legend_y: float = 24  # its baseline
    legend_lines: tuple[str, ...] = ()  # its words, on one line or (on a phone) on more
    legend_step: float = 0  # from one line's baseline to the next
    month_y: float = 0  # the baselines of the month names and the years
    year_y: float = 0
    gap_y: float = 0  # the baseline of 无数据's first character, written downwards

    @property
    def width(self) -> int:
        return self.layout.width

    @property
    def height(self) -> int:
        return self.layout.height

    @property
    def font(self) -> float:
        return self.layout.font

    @property
    def small(self) -> float:
        return self.layout.small

    @property
    def slot(self) -> float:
        """The width given to one month."""
        return (self.right - self.left) / len(self.marks)


def nice_step(maximum: float, count: int) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) so that ``count`` steps reach ``maximum``.

    Never finer than the one decimal a figure is written with (number_text): a rate under 4
    (0.9%, 3‰) had ticks at 0.25 and 0.75 labelled 0.2 and 0.8, and under 0.4 at 0.01,
    0.02, … all labelled 0."""
    raw = maximum / count
    if raw <= 0.1:
        return 0.1
    power = 10 ** math.floor(math.log10(raw))
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw - 1e-12 and (m != 2.5 or power >= 1))


def value_ticks(maximum: float, count: int = 4) -> list[Number]:
    """From zero up to the first round value at or above ``maximum``. The axis always starts
    at zero: these are counts, and a cut axis makes a small change look like a big one."""
    if maximum <= 0:
        return [0, 1]
    step = nice_step(maximum, count)
    steps = math.ceil(maximum / step - 1e-9)
    ticks = [round(step * n, 10) for n in range(steps + 1)]
    return [int(t) if float(t).is_integer() else t for t in ticks]


def legend_lines(parts: Sequence[str], room: float, size: float) -> tuple[str, ...]:
    """The legend's ``parts`` on as few lines as fit ``room`` at ``size``, each part whole:
    "目标线：", "不超过 ", "36 小时" is one line on a wide chart, and on a phone's, where its
    26-unit words would run off the drawing's edge, "目标线：不超过" over "36 小时"."""
    lines: list[str] = []
    for part in parts:
        if lines and text_width((lines[-1] + part).rstrip(), size) <= room:
            lines[-1] += part
        else:
            lines.append(part)
    return tuple(line.strip() for line in lines if line.strip())


def line_chart(series: Series, layout: Layout = WIDE, *, month_name: str = "{m}月", year_name: str = "{y}年",
               legend: str | Sequence[str] = "", no_data: str = "无数据") -> LineChart:
    """The chart of ``series`` laid out for ``layout``'s words. ``month_name`` and ``year_name``
    are the theme's patterns for the names under the axis, ``legend`` the target line's
    legend and ``no_data`` the word in a gap: their widths decide how many names fit. A legend
    given in parts (its label, "不超过 ", the target with its unit) is written on more lines
    where one would not fit the drawing, broken between the parts only."""
    points = series.points
    target = series.target
    font, small = layout.font, layout.small
    present = [p.value for p in points if p.value is not None]
    maximum = max(present + ([target] if target is not None else []), default=0)

    # Above the chart: the target's legend, then the top tick's number, centred on its line.
    lines = legend_lines([legend] if isinstance(legend, str) else legend, layout.width - 2 - LEGEND_SAMPLE - 2, small)
    legend_step = round(LEGEND_LINE * small, 1)
    legend_y = max(24, math.ceil(ASCENT * small + 4))
    legend_bottom = legend_y + legend_step * max(0, len(lines) - 1) + DESCENT * small  # the last line's descent
    above_ticks = ASCENT * font - TICK_SHIFT * font  # how far a tick's number reaches above it
    top = max(layout.top, math.ceil((legend_bottom if target is not None else 0) + above_ticks + 4))
    # Below it: the month names, clear of the 0 of the value axis, then the years.
    month_row = max(layout.month_row, math.ceil(ASCENT * font + 3))
    clear_of_zero = math.ceil((TICK_SHIFT + DESCENT + ASCENT) * font + 2)
    year_row = max(layout.year_row, math.ceil(DESCENT * font + ASCENT * small + 2))

    def bottom_margin(month_row: int) -> int:
        return max(layout.bottom, math.ceil(month_row + year_row + DESCENT * small + 2))

    # As many ticks as fit one above the other, each number a line box and a little apart.
    room = layout.height - top - bottom_margin(clear_of_zero)
    ticks = value_ticks(maximum, max(1, min(4, int(room // (1.6 * font)))))
    widest_tick = max(text_width(number_text(t), font) for t in ticks)
    left = max(layout.left, math.ceil(widest_tick + 10 + 4))
    widest_name = max(text_width(month_name.replace("{m}", str(m)), font) for m in range(1, 13))
    year_width = text_width(year_name.replace("{y}", "2000"), small)
    januaries = [i for i, p in enumerate(points) if p.month.month == 1]
    last = len(points) - 1
    right_margin = layout.right
    for _ in range(3):  # the last month's names inside the drawing, centred under it
        slot = (layout.width - right_margin - left) / len(points)
        # Names as far apart as the widest needs, on the same months each year.
        steps = [k for k in LABEL_STEPS if k * slot >= widest_name + font / 4]
        label_every = max(math.ceil(len(points) / MAX_MONTH_LABELS), steps[0] if steps else LABEL_STEPS[-1])
        # Months are named counting from the last January, which carries the year under it, so a
        # year is never written under a month left unnamed; without a January, from the newest.
        anchor = januaries[-1] if januaries else last
        first_named = anchor % label_every  # the first month with its name under the axis
        # The first month's year gives way to a January's written too close after it.
        year_room = math.ceil((year_width + small / 2) / slot)
        first_year = not any(p.month.month == 1 for p in points[first_named + 1 : first_named + year_room])
        reach = max(widest_name / 2 if (last - anchor) % label_every == 0 else 0,
                    year_width / 2 if points[last].month.month == 1 or (last == first_named and first_year) else 0)
        needed = math.ceil(reach + 2 - slot / 2)
        if needed <= right_margin:
            break
        right_margin = needed
    right = layout.width - right_margin
    # The 0 of the value axis (ending 10 left of the axis) and the first name: one below the
    # other where they would meet.
    if (first_named + 0.5) * slot - widest_name / 2 < -10 + 2:
        month_row = max(month_row, clear_of_zero)
    bottom = layout.height - bottom_margin(month_row)

    def y_of(value: Number) -> float:
        return round(bottom - (bottom - top) * value / ticks[-1], 1)

    def name_x(x: float, width: float) -> float:
        """Centred under the month; moved in if it would still leave the drawing."""
        half = width / 2 + 2
        return round(min(max(x, half), layout.width - half), 1)

    marks = []
    for i, p in enumerate(points):
        x = round(left + slot * (i + 0.5), 1)
        marks.append(Mark(
            month=p.month,
            value=p.value,
            x=x,
            y=None if p.value is None else y_of(p.value),
            labelled=(i - anchor) % label_every == 0,
            new_year=p.month.month == 1 or (i == first_named and first_year),
            name_x=name_x(x, widest_name),
            year_x=name_x(x, year_width),
        ))
    target_y = None if target is None else y_of(target)
    placed = tuple(_with_label_places(tuple(marks), bottom, target_y, small))
    legend_room = LEGEND_SAMPLE + max((text_width(line, small) for line in lines), default=0) + 2
    return LineChart(
        series=series,
        marks=placed,
        segments=tuple(_segments(placed)),
        ticks=tuple(Tick(t, y_of(t)) for t in ticks),
        target=target,
        target_y=target_y,
        value_labels=layout.value_labels and len(points) <= MAX_VALUE_LABELS,
        layout=layout,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        legend_x=max(2, min(left, layout.width - legend_room)),
        legend_y=legend_y,
        legend_lines=lines,
        legend_step=legend_step,
        month_y=bottom + month_row,
        year_y=bottom + month_row + year_row,
        gap_y=round((top + bottom) / 2 - (len(no_data) - 1) * GAP_LINE * small / 2 + TICK_SHIFT * small, 1),
    )


def _with_label_places(marks: tuple[Mark, ...], bottom: float, target_y: float | None, size: float) -> list[Mark]:
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
        above, below = mark.y - LABEL_GAP, mark.y + LABEL_GAP + size
        if target_y is not None and _crosses(above if not valley else below, target_y, size):
            valley = not valley
        label_y = below if valley and below < bottom - 4 else above
        placed.append(dataclasses.replace(mark, label_y=round(label_y, 1)))
    return placed


def _crosses(label_y: float, line_y: float, size: float) -> bool:
    """Does a line at ``line_y`` run through a label whose baseline is ``label_y``?"""
    return label_y - size - 2 <= line_y <= label_y + 4


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
