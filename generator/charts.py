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

from .config import Metric
from .stats import Number, Point, Series, number_text

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
    gap_words: tuple[float, ...] = ()  # where 无数据 is written: the middle of each run of gaps it fits

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


@dataclass(frozen=True)
class Rows:
    """The vertical places of the words around the plot, from the words' sizes."""

    legend_y: float  # the legend's first baseline
    legend_step: float  # from one of its lines to the next
    top: int  # the plot's top margin: under the legend and the top tick's number
    month_row: int  # from the axis to the month names' baseline
    clear_of_zero: int  # a month row under the value axis's 0, where the first name would meet it
    year_row: int  # from the month names' baseline to the years'


def word_rows(layout: Layout, legend: Sequence[str], value_labels: bool) -> Rows:
    """Above the plot the target's legend (``legend``, its lines; none without a target), then
    the top tick's number centred on its line, or a value written above a point on it; below
    it the month names, clear of the axis, then the years."""
    font, small = layout.font, layout.small
    legend_step = round(LEGEND_LINE * small, 1)
    legend_y = max(24, math.ceil(ASCENT * small + 4))
    legend_bottom = legend_y + legend_step * (len(legend) - 1) + DESCENT * small if legend else 0
    above_ticks = ASCENT * font - TICK_SHIFT * font  # how far a tick's number reaches above its line
    # A value above a point on the top line reached into the legend: 目标线：99.5% over 99.4.
    above_labels = LABEL_GAP + ASCENT * small if value_labels and legend else 0
    top = max(layout.top, math.ceil(legend_bottom + max(above_ticks, above_labels) + 4))
    return Rows(
        legend_y=legend_y,
        legend_step=legend_step,
        top=top,
        month_row=max(layout.month_row, math.ceil(ASCENT * font + 3)),
        clear_of_zero=math.ceil((TICK_SHIFT + DESCENT + ASCENT) * font + 2),
        year_row=max(layout.year_row, math.ceil(DESCENT * font + ASCENT * small + 2)),
    )


def bottom_margin(layout: Layout, rows: Rows, month_row: int) -> int:
    """Under the plot: the month names' row, the years' and the years' descent."""
    return max(layout.bottom, math.ceil(month_row + rows.year_row + DESCENT * layout.small + 2))


def tick_values(maximum: float, layout: Layout, rows: Rows) -> list[Number]:
    """As many ticks as fit one above the other in the plot's height, each number a line box
    and a little apart (the plot as low as it is when the month names go under the 0)."""
    room = layout.height - rows.top - bottom_margin(layout, rows, rows.clear_of_zero)
    return value_ticks(maximum, max(1, min(4, int(room // (1.6 * layout.font)))))


def left_margin(ticks: Sequence[Number], layout: Layout) -> int:
    """Room for the widest tick number, right-aligned 10 before the axis, and 4 beyond it."""
    return max(layout.left, math.ceil(max(text_width(number_text(t), layout.font) for t in ticks) + 10 + 4))


@dataclass(frozen=True)
class MonthNames:
    """Which months are named under the axis, and the right margin that keeps the last
    name (or year) inside the drawing."""

    every: int  # months from one name to the next
    anchor: int  # the month counted from: the last January, else the newest month
    first_named: int  # the first month with its name under the axis
    first_year: bool  # the first named month carries its year
    right: int  # the right margin
    slot: float  # the width of one month
    widest: float  # the widest month name
    year_width: float

    def named(self, i: int) -> bool:
        return (i - self.anchor) % self.every == 0


def month_names(points: Sequence[Point], layout: Layout, left: int, month_name: str, year_name: str) -> MonthNames:
    """Names as far apart as the widest needs, on the same months each year; the right
    margin widened (and the slot narrowed, so this is done again) until the last month's
    names, centred under it, stay inside the drawing."""
    font, small = layout.font, layout.small
    widest = max(text_width(month_name.replace("{m}", str(m)), font) for m in range(1, 13))
    year_width = text_width(year_name.replace("{y}", "2000"), small)
    januaries = [i for i, p in enumerate(points) if p.month.month == 1]
    last = len(points) - 1
    # Months are named counting from the last January, which carries the year under it, so a
    # year is never written under a month left unnamed; without a January, from the newest.
    anchor = januaries[-1] if januaries else last
    right = layout.right
    for _ in range(3):
        slot = (layout.width - right - left) / len(points)
        steps = [k for k in LABEL_STEPS if k * slot >= widest + font / 4]
        every = max(math.ceil(len(points) / MAX_MONTH_LABELS), steps[0] if steps else LABEL_STEPS[-1])
        first_named = anchor % every
        # The first month's year gives way to a January's written too close after it.
        year_room = math.ceil((year_width + small / 2) / slot)
        first_year = not any(p.month.month == 1 for p in points[first_named + 1 : first_named + year_room])
        reach = max(widest / 2 if (last - anchor) % every == 0 else 0,
                    year_width / 2 if points[last].month.month == 1 or (last == first_named and first_year) else 0)
        needed = math.ceil(reach + 2 - slot / 2)
        if needed <= right:
            break
        right = needed
    return MonthNames(every, anchor, first_named, first_year, right, slot, widest, year_width)


def month_row(layout: Layout, rows: Rows, names: MonthNames) -> int:
    """The month names' row: under the value axis's 0 (ending 10 left of the axis) where the
    first name would meet it, else just under the axis."""
    if (names.first_named + 0.5) * names.slot - names.widest / 2 < -10 + 2:
        return max(rows.month_row, rows.clear_of_zero)
    return rows.month_row


def value_labels_fit(values: Sequence[Number], layout: Layout, slot: float, metric: Metric | None = None) -> bool:
    """Each value above its point where the layout writes them, there are few enough months,
    and the widest is narrower than a month: 123273 beside 122726 ran into each other. Each
    measured as written, with ``metric``'s decimals (number_text)."""
    if not layout.value_labels or not values or len(values) > MAX_VALUE_LABELS:
        return False
    return max(text_width(number_text(v, metric), layout.small) for v in values) + 4 <= slot


def gap_words(marks: Sequence[Mark], slot: float, top: float, bottom: float, word: str, size: float) -> tuple[float, ...]:
    """Where 无数据 is written downwards: once per run of months without a value, in the
    middle of the run, where it fits its width and the plot's height (a phone's two-year chart
    wrote it over its neighbour's). Where it does not, the grey band and the description above
    the chart (无数据：2025年2月、…) tell the gap."""
    tall = (len(word) - 1) * GAP_LINE * size + (ASCENT + DESCENT) * size
    widest = max((text_width(char, size) for char in word), default=0)
    places = []
    for run in _runs(marks, gaps=True):
        if len(run) * slot >= widest + 4 and tall <= bottom - top:
            places.append(round((run[0].x + run[-1].x) / 2, 1))
    return tuple(places)


def line_chart(series: Series, layout: Layout = WIDE, *, month_name: str = "{m}月", year_name: str = "{y}年",
               legend: str | Sequence[str] = "", no_data: str = "无数据") -> LineChart:
    """The chart of ``series`` laid out for ``layout``'s words. ``month_name`` and ``year_name``
    are the theme's patterns for the names under the axis, ``legend`` the target line's
    legend and ``no_data`` the word in a gap: their widths decide how many names fit. A legend
    given in parts (its label, "不超过 ", the target with its unit) is written on more lines
    where one would not fit the drawing, broken between the parts only.

    The words' sizes come first, the plot gets what they leave: the legend and the rows above
    and below it (word_rows), the ticks that fit its height (tick_values), the left margin for their
    numbers (left_margin), the month names that fit a month's width (month_names)."""
    points, target = series.points, series.target
    present = [p.value for p in points if p.value is not None]
    maximum = max(present + ([target] if target is not None else []), default=0)
    lines = legend_lines([legend] if isinstance(legend, str) else legend, layout.width - 2 - LEGEND_SAMPLE - 2, layout.small)
    lines = lines if target is not None else ()
    # Whether values are written decides the top margin, and the month's width decides whether
    # they fit: the width first, with the widest tick number a value could need.
    rough = month_names(points, layout, left_margin(value_ticks(maximum), layout), month_name, year_name)
    labels = value_labels_fit(present, layout, rough.slot, series.metric)
    place = word_rows(layout, lines, labels)
    ticks = tick_values(maximum, layout, place)
    left = left_margin(ticks, layout)
    names = month_names(points, layout, left, month_name, year_name)
    labels = labels and value_labels_fit(present, layout, names.slot, series.metric)
    names_row = month_row(layout, place, names)
    top, bottom = place.top, layout.height - bottom_margin(layout, place, names_row)

    def y_of(value: Number) -> float:
        return round(bottom - (bottom - top) * value / ticks[-1], 1)

    def name_x(x: float, width: float) -> float:
        """Centred under the month; moved in if it would still leave the drawing."""
        half = width / 2 + 2
        return round(min(max(x, half), layout.width - half), 1)

    marks = []
    for i, p in enumerate(points):
        x = round(left + names.slot * (i + 0.5), 1)
        marks.append(Mark(
            month=p.month, value=p.value, x=x, y=None if p.value is None else y_of(p.value),
            labelled=names.named(i),
            new_year=p.month.month == 1 or (i == names.first_named and names.first_year),
            name_x=name_x(x, names.widest), year_x=name_x(x, names.year_width),
        ))
    target_y = None if target is None else y_of(target)
    placed = tuple(_with_label_places(tuple(marks), bottom, target_y, layout.small))
    legend_room = LEGEND_SAMPLE + max((text_width(line, layout.small) for line in lines), default=0) + 2
    return LineChart(
        series=series,
        marks=placed,
        segments=tuple(_segments(placed)),
        ticks=tuple(Tick(t, y_of(t)) for t in ticks),
        target=target,
        target_y=target_y,
        value_labels=labels,
        layout=layout,
        left=left,
        right=layout.width - names.right,
        top=top,
        bottom=bottom,
        legend_x=max(2, min(left, layout.width - legend_room)),
        legend_y=place.legend_y,
        legend_lines=lines,
        legend_step=place.legend_step,
        month_y=bottom + names_row,
        year_y=bottom + names_row + place.year_row,
        gap_y=round((top + bottom) / 2 - (len(no_data) - 1) * GAP_LINE * layout.small / 2 + TICK_SHIFT * layout.small, 1),
        gap_words=gap_words(placed, names.slot, top, bottom, no_data, layout.small),
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


def _runs(marks: Sequence[Mark], gaps: bool = False) -> list[list[Mark]]:
    """The runs of months with a value (or, with ``gaps``, without one), in order."""
    runs: list[list[Mark]] = [[]]
    for mark in marks:
        if (mark.y is None) != gaps:
            runs.append([])
        else:
            runs[-1].append(mark)
    return [run for run in runs if run]


def _segments(marks: tuple[Mark, ...]) -> list[str]:
    """Path data for each run of months with a value: a gap breaks the line, so a missing
    month is never drawn as if it were zero or the average of its neighbours."""
    return ["M" + " L".join(f"{m.x} {m.y}" for m in run) for run in _runs(marks) if len(run) > 1]
