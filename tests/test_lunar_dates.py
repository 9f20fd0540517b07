"""Lunar (农历) dates in front matter, end to end: the pages show the Gregorian date with the
lunar one the staff wrote, and a wrong lunar date is one line naming file, line, field and fix."""

from __future__ import annotations

import re
from pathlib import Path

from htmltree import parse

LANTERNS = """\
---
title: 元宵节猜灯谜
start: 农历2027年正月十五 19:00
end: 21:00
location: 社区广场
---
猜灯谜，吃汤圆。
"""

PORRIDGE = """\
---
title: 腊八节送粥
date: 2026年腊月初八
poster: true
---
腊八节，社区志愿者为老人送腊八粥。
"""

PLAIN = """\
---
title: 冬季健步走
start: 2027-02-21 09:00
---
"""


def flat(html: str) -> str:
    """The text as a reader sees it: no tags, spaces collapsed, no word joiners (a poster's, which
    keep a day or a time on one line unseen)."""
    return " ".join(re.sub(r"<[^>]+>", "", html).replace("\u2060", "").split())


def test_lunar_dates_show_with_their_gregorian_date(make_site, run_cli, tmp_path: Path):
    site = make_site(tmp_path, {
        "content/activities/2027-02-20-lanterns.md": LANTERNS,
        "content/activities/2027-02-21-walk.md": PLAIN,
        "content/notices/2027-01-15-porridge.md": PORRIDGE,
    })
    out = tmp_path / "out"
    code, _, err = run_cli("build", site, "--out", out, "--today", "2027-01-20")
    assert code == 0, err

    page = parse((out / "activities/2027-02-20-lanterns/index.html").read_text("utf-8"))
    when = next(page.iter("time"))
    assert when.attrs["datetime"] == "2027-02-20T19:00:00"
    assert " ".join(when.text.split()) == "2027年2月20日 星期六（农历正月十五） 19:00–21:00"
    # Written Gregorian: no lunar date beside it.
    walk = parse((out / "activities/2027-02-21-walk/index.html").read_text("utf-8"))
    assert "农历" not in next(walk.iter("time")).text

    notice = parse((out / "notices/2027-01-15-porridge/index.html").read_text("utf-8"))
    meta = next(notice.iter("p", class_="meta"))
    assert next(meta.iter("time")).attrs["datetime"] == "2027-01-15"
    assert "发布于 2027年1月15日（农历腊月初八）" in " ".join(meta.text.split())

    # The posters' HTML (what the PDF is printed from) says it too.
    assert "2027年2月20日 星期六（农历正月十五）" in flat((out / "posters/activities/2027-02-20-lanterns.html").read_text("utf-8"))
    assert "2027年1月15日（农历腊月初八）" in flat((out / "posters/notices/2027-01-15-porridge.html").read_text("utf-8"))


def test_wrong_lunar_dates_name_file_line_field_and_fix(make_site, run_cli, tmp_path: Path):
    site = make_site(tmp_path, {
        "content/activities/2027-02-05-eve.md": "---\ntitle: 除夕守岁\nstart: 2026年腊月三十 19:00\n---\n",
        "content/activities/2026-07-14-leap.md": "---\ntitle: 纳凉晚会\nstart: 农历2026年闰六月初一\n---\n",
        "content/activities/2027-02-20-lanterns.md": "---\ntitle: 元宵灯会\nstart: 农历正月十五 19:00\n---\n",
        "content/notices/2026-09-25-moon.md": "---\ntitle: 中秋慰问\ndate: 八月十五\n---\n",
    })
    code, _, err = run_cli("check", site, "--today", "2026-12-05")
    assert code == 1
    lines = err.splitlines()
    assert ('content/activities/2027-02-05-eve.md:3: start: "2026年腊月三十 19:00" 不是有效日期，农历2026年腊月只有 29 天，'
            "应为 农历2026年腊月廿九 19:00（2027年2月5日）或 2027-02-05 19:00") in lines
    assert ('content/activities/2026-07-14-leap.md:3: start: "农历2026年闰六月初一" 不是有效日期，农历2026年没有闰月，'
            "应为 农历2026年六月初一（2026年7月14日）或 2026-07-14") in lines
    assert ('content/activities/2027-02-20-lanterns.md:3: start: "农历正月十五 19:00" 缺少年份，请把年份写上：'
            "下一个农历正月十五是 2027年2月20日，应为 农历2027年正月十五 19:00 或 2027-02-20 19:00") in lines
    assert ('content/notices/2026-09-25-moon.md:3: date: "八月十五" 看不出是农历还是公历：'
            "农历请写成 农历八月十五，公历请写成 2026年8月15日") in lines
    assert "Traceback" not in err

    code, _, err = run_cli("check", site, "--today", "2026-12-05", "--lang", "en")
    assert ('content/activities/2027-02-05-eve.md:3: start: "2026年腊月三十 19:00" is not a valid date: 腊月 of the lunar '
            "year 2026 has only 29 days; write 农历2026年腊月廿九 19:00 (2027-02-05) or 2027-02-05 19:00") in err.splitlines()
