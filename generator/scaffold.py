"""Starting points for staff: ``noticeboard new`` (one content file) and ``noticeboard init``
(a whole site that builds at once). The files are written with comments in Chinese, because
the next person to edit them is a community worker, not a developer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import dates
from .errors import fail
from .slugs import slugify

SITE_YAML = """\
# 网站设置。改完保存后运行 noticeboard build 生成网站。
title: {title}                 # 网站名称
base_url: https://example.org/{slug}/   # 网站上线后的网址（二维码指向这里）
language: zh-Hans                   # 界面语言：zh-Hans 简体、zh-Hant 繁体、en 英文
timezone: Asia/Shanghai
theme: default
community:                          # 社区信息，显示在每页底部和海报上
  name: {name}
  address: {address}
  phone: "{phone}"
  hours: 周一至周五 9:00-17:00
metrics:                            # 月度统计的指标：id 用英文，label 是显示的名称
  - {{id: service_visits, label: 服务人次, unit: 人次, aggregate: sum}}    # aggregate：年度合计 sum、取最后 last、最大 max、平均 mean
  - {{id: volunteers, label: 注册志愿者, unit: 人, aggregate: last}}
posters:
  size: a4        # 海报默认尺寸 a4 或 a3
  bleed: false    # 打印店要求出血位时改为 true（四边各 3 毫米，带裁切线）
"""

NOTICE = """\
---
title: {title}
date: {today}
# expires: {week_later}   # 到期后不再出现在列表里（页面保留）
# pinned: true            # 置顶
# urgent: true            # 紧急通知，首页最上方显示
# poster: a4              # 需要打印海报时写 a4 或 a3
---
在这里写通知正文。空一行开始新的段落。

- 可以用 “- ” 开头写列表
"""

ACTIVITY = """\
---
title: {title}
date: {announced}           # 发布日期：订阅和日历按这天排新旧；放到网站上那天请改成当天
start: {today} 09:30
end: {today} 11:30
location: 社区党群服务中心
organizer: 社区居委会
# team: red-caps          # 负责的志愿服务队编号（content/teams/ 里的文件名）
audience: [居民]
signup: 到服务台登记或电话报名
fee: 免费
---
在这里写活动介绍。
"""

TEAM = """\
---
name: {title}
leader: 队长姓名
contact: "0000-0000000"   # 公开的联系电话
members: []               # 队员名单只留存，不会公开到网站
recruiting: true
---
在这里介绍服务队。
"""

STATS = """\
month: {month}
figures:                   # 每个指标一行：指标 id: 数字（指标在 site.yaml 的 metrics 里声明）；空着表示本月没有数据
{figures}highlights: |
  - 本月工作亮点
"""


def _stats_text(root: Path, month: dt.date) -> str:
    """A month file with a line for each metric the site declares, left blank: a blank is a
    gap until staff fill it in, where a 0 would be published as a real figure."""
    from .config import load_config  # here, not at the top: init writes site.yaml first

    config, _ = load_config(root)
    width = max((len(metric.id) for metric in config.metrics), default=0)
    figures = "".join(
        f"  {metric.id + ':':<{width + 1}}   # {metric.label}{f'（{metric.unit}）' if metric.unit else ''}\n"
        for metric in config.metrics
    )
    return STATS.format(month=f"{month:%Y-%m}", figures=figures)

SERVICES = """\
category: 便民代办
order: 1
items:
  - id: proxy-certificates
    name: 代跑证明
    provider: 社区服务站
    schedule: 周一至周五 9:00-17:00
    fee: 免费
    how_to_order: 到服务台登记
"""

PAGE = """\
---
title: 关于我们
menu: 1
---
在这里介绍社区。
"""

KINDS = ("notice", "activity", "team", "stats")
# The sample words of the files above that staff must replace: a page still showing one was
# published unedited (checked at every build, see content.py).
SAMPLE_NAME = "某某社区"
SAMPLE_ADDRESS = "某某路 1 号"
SAMPLE_PHONE = "0000-0000000"  # a number no one answers, should it be published
# Sample words of site.yaml that config warns about until they are replaced (they show on
# every page and poster).
SITE_PLACEHOLDERS = (SAMPLE_NAME, SAMPLE_ADDRESS, SAMPLE_PHONE)
PLACEHOLDERS = ("在这里写通知正文", "在这里写活动介绍", "在这里介绍服务队", "在这里介绍社区", "队长姓名", "本月工作亮点", SAMPLE_PHONE)


def yaml_value(text: str) -> str:
    """``text`` as a YAML value that reads back as itself: as it is when it can stand plain,
    else in quotes (a title like "文明养犬"倡议书 or 通知：停水 would break the file)."""
    from .load import YamlProblem, parse_yaml  # here: new and init import as little as they can

    try:
        if parse_yaml(f"title: {text}\n")[0] == {"title": text}:
            return text
    except YamlProblem:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar


def new_file(root: Path, kind: str, title: str, today: dt.date, announced: dt.date | None = None) -> Path:
    """Write one new content file and return its path; never overwrite an existing file.
    ``today``: the day the file is named by (an activity's, a week ahead); ``announced``: an
    activity's ``date`` (today): without it, its feed entry and calendar event were dated by
    the build's week and moved every Monday until it started."""
    if kind == "stats":
        try:
            month = dates.parse_month(title)
        except dates.DateError:
            raise fail("content/stats", None, None,
                       f"月度统计的标题要写月份，如 {today:%Y-%m} 或 {today.year}年{today.month}月（“{title}” 不是月份）",
                       f"the title of monthly statistics is its month, like {today:%Y-%m} ('{title}' is not a month)") from None
        relative, text = f"content/stats/{month:%Y-%m}.yaml", _stats_text(root, month)
    else:
        folder, template = {"notice": ("notices", NOTICE), "activity": ("activities", ACTIVITY), "team": ("teams", TEAM)}[kind]
        if not title.strip():  # title: "" would be written, and check would then refuse it
            what_zh, what_en, example = ("服务队名称", "team name", "红帽子志愿服务队") if kind == "team" else ("标题", "title", "停水通知")
            raise fail(f"content/{folder}", None, None,
                       f"{what_zh}是空的，没有新建文件：请在引号里写上{what_zh}，如 noticeboard new {kind} \"{example}\"",
                       f"the {what_en} is empty; no file was made: write it in quotes, e.g. noticeboard new {kind} \"{example}\"")
        slug = slugify(title) or "untitled"
        name = slug if kind == "team" else f"{today}-{slug}"
        relative = f"content/{folder}/{name}.md"
        text = template.format(title=yaml_value(title), today=today, week_later=today + dt.timedelta(days=7),
                               announced=announced or today)
    path = root / relative
    if path.exists():
        if kind == "stats":
            raise fail(relative, None, None, "这个月的统计文件已经有了，没有覆盖：请直接打开它修改",
                       "this month's statistics file already exists and was not overwritten: edit it")
        raise fail(relative, None, None, "文件已存在，没有覆盖：请换一个标题", "the file already exists and was not overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def init_site(folder: Path, today: dt.date) -> None:
    """A new site with one file of each content type."""
    if (folder / "site.yaml").exists():
        raise fail(str(folder / "site.yaml"), None, None, "这里已经有网站了，没有覆盖", "a site already exists here; nothing was overwritten")
    if folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir()):
        # As Hugo's "new site": the sample files would overwrite files of the same names.
        raise fail(str(folder), None, None,
                   "这个文件夹里已经有文件：新网站要建在一个新的或空的文件夹里（什么都没有改动），例如 noticeboard init 新社区",
                   "this folder already holds files: make a new site in a new or empty folder (nothing was changed)")
    # A folder named in Chinese names the community (锦江社区); "site" or "board" does not.
    folder_name = folder.resolve().name
    name = folder_name if any("\u4e00" <= char <= "\u9fff" for char in folder_name) else SAMPLE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(SITE_YAML.format(title=yaml_value(f"{name}公告栏"), name=yaml_value(name), address=SAMPLE_ADDRESS, phone=SAMPLE_PHONE,
                                                      slug=slugify(folder_name) or "site"), encoding="utf-8")
    (folder / "content/services").mkdir(parents=True, exist_ok=True)
    (folder / "content/services/errands.yaml").write_text(SERVICES, encoding="utf-8")
    (folder / "content/pages").mkdir(parents=True, exist_ok=True)
    (folder / "content/pages/about.md").write_text(PAGE, encoding="utf-8")
    if not (folder / ".gitignore").exists():  # a git repository's own stays as it is
        (folder / ".gitignore").write_text("/public/\n/print/\n.noticeboard-cache/\n", encoding="utf-8")
    new_file(folder, "notice", "欢迎使用社区公告栏", today)
    new_file(folder, "activity", "第一次活动", today + dt.timedelta(days=7), today)
    new_file(folder, "team", "志愿服务队", today)
    new_file(folder, "stats", f"{today:%Y-%m}", today)
