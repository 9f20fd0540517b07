"""Dates and times as residents read them, in the site's language: the theme's filters
(``date_text``, ``date_weekday``, ``time_text``...) and the feed's entries use these same
functions, so an activity's time reads the same on its page and in a feed reader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .models import Activity, ClockTime

WEEKDAYS = {"zh-Hans": "一二三四五六日", "zh-Hant": "一二三四五六日"}
# What a date_text may show of a date, the coarsest first.
_PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True)
class DateWords:
    """``language``: the site's; ``strings``: the theme's UI words for it (``lunar_date`` and
    ``until`` are read by :meth:`activity_time`)."""

    language: str
    strings: Mapping[str, str]

    @property
    def _weekdays(self) -> str | None:
        return WEEKDAYS.get(self.language)

    def weekday(self, day: dt.date) -> str:
        weekdays = self._weekdays
        if weekdays is None:
            return day.strftime("%a")
        return "星期" + weekdays[day.weekday()]

    def date_text(self, day: dt.date, precision: str | None = None) -> str:
        """A day as residents read it, to the precision it is known: a date known only to its
        year or month (a team's ``founded: 2023年``, a :class:`~generator.dates.PartialDate`)
        shows only that, 2023年 or 2021年3月, not a first day nobody wrote. ``precision``
        ("year", "month" or "day") may ask for less than is known, never for more: a theme
        cannot make up a day by asking for one."""
        known = getattr(day, "precision", "day")
        if precision is not None and precision not in _PRECISIONS:
            # Shown with the template's file and line (render._template_failure), to its author.
            raise ValueError(f"date_text 的参数只能是 'year'、'month' 或 'day'，不是 {precision!r}"
                             f"（date_text 本来就只显示写了的年、月或日，一般不用写参数）")
        if precision is not None and _PRECISIONS.index(precision) < _PRECISIONS.index(known):
            known = precision
        if known == "year":
            return str(day.year) if self._weekdays is None else f"{day.year}年"
        if known == "month":
            return self.month_text(day)
        if self._weekdays is None:
            return day.strftime("%d %b %Y").lstrip("0")
        return f"{day.year}年{day.month}月{day.day}日"

    def date_weekday_parts(self, day: dt.date) -> list[str]:
        """A day and its weekday in the order the language reads them, each a piece a poster
        keeps unbroken: 2026年12月6日, 星期日; but Sun, 6 Dec 2026, as British English writes
        it ("6 Dec 2026 Sun" read as a date with a word left over)."""
        parts = [self.date_text(day), self.weekday(day)]
        return parts if self._weekdays is not None else parts[::-1]

    def date_weekday(self, day: dt.date) -> str:
        """:meth:`date_weekday_parts` as one text: 2026年12月6日 星期日, Sun 6 Dec 2026."""
        return " ".join(self.date_weekday_parts(day))

    @staticmethod
    def time_text(moment: dt.datetime | dt.time | ClockTime) -> str:
        # A ClockTime may say 24:00: an activity's end at midnight (Activity.end_time).
        return f"{moment.hour}:{moment.minute:02d}"

    def month_text(self, day: dt.date) -> str:
        return day.strftime("%B %Y") if self._weekdays is None else f"{day.year}年{day.month}月"

    def activity_time(self, activity: Activity, lunar: bool = False) -> str:
        """When an activity takes place, as its page's 时间 line says it: its day and weekday,
        the lunar date when ``lunar`` and it has one, its start and end times, its last day
        when it runs over several: 2026年12月6日 星期日 9:30–11:00."""
        start = activity.start
        text = self.date_weekday(start.date())
        if lunar and activity.start_lunar:
            text += self.strings["lunar_date"].replace("{d}", activity.start_lunar)
        if not activity.all_day:
            text += " " + self.time_text(start)
        if activity.end:
            end_time = activity.end_time
            if activity.last_day == start.date():
                if end_time:
                    text += "–" + self.time_text(end_time)
            else:
                text += f" {self.strings['until']} {self.date_text(activity.last_day)}"
                if end_time:
                    text += " " + self.time_text(end_time)
        return text

    def rescheduled_text(self, activity: Activity) -> str:
        """That an activity moved, and the day it was first announced for (its
        ``rescheduled_from``), in the theme's ``rescheduled_note``: 已改期（原定 2026年12月12日
        星期六）; "" when it did not move. Moved again, also the last day it was moved to before
        its start, in ``rescheduled_again_note`` (a theme without it says the first day alone).
        Its page, poster and feed entry say it in these words."""
        return self.rescheduled_words(activity, self.strings["rescheduled_note"],
                                      self.strings.get("rescheduled_again_note"))

    def rescheduled_words(self, activity: Activity, once: str, again: str | None) -> str:
        """``once`` with the day first announced for {date}, or for an activity moved more than
        once ``again`` with {later} too: the last earlier day, the one residents heard of last.
        The days between are left out: two days are what a resident compares with the one they
        remember, and a list of them would push the new time off a phone's first screen."""
        days = activity.rescheduled_days
        if not days:
            return ""
        first = self.date_weekday(days[0])
        if len(days) == 1 or again is None:
            return once.replace("{date}", first)
        return again.replace("{date}", first).replace("{later}", self.date_weekday(days[-1]))
