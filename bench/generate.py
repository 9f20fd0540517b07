#!/usr/bin/env python3
"""Generate a realistic benchmark corpus, written three times: for noticeboard, Hugo and Pelican.

    python bench/generate.py N OUTDIR [--seed 20261122]

writes

    OUTDIR/noticeboard/   site.yaml + content/ in this project's format (DESIGN.md)
    OUTDIR/hugo/          config.toml + content/ + minimal layouts/ (no theme download)
    OUTDIR/pelican/       pelicanconf.py + content/ + a minimal theme of its own

All three hold the same N items: half notices, half activities, with the same ASCII file names
(so the slugs, and therefore the item URLs, match across tools), titles, dates, 1-3 tags from a
pool of 50 Chinese tags, a category, and the same Markdown body (300-1,500 Chinese characters,
paragraphs, a list, sometimes a table).  Only noticeboard also gets what the other tools have no
notion of: 5 volunteer teams, 20 services in 5 category files and 24 months of statistics.

The output is a pure function of (N, seed): the same command gives byte-identical files.
Bodies never contain phone numbers or long digit runs (the noticeboard build has a privacy lint):
every number in a body has at most 4 digits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import shutil
import sys
from pathlib import Path

TODAY = dt.date(2026, 11, 22)  # the --today every benchmark build uses
SEED = 20261122

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

TAGS = [
    "老年人", "儿童", "青少年", "志愿服务", "垃圾分类", "消防安全", "防诈骗", "健康义诊", "文明养犬", "停车管理",
    "电梯维修", "停水", "停电", "燃气安全", "疫苗接种", "医保", "养老服务", "老年助餐", "党建", "读书会",
    "书法", "广场舞", "太极拳", "手工", "亲子", "暑期托管", "就业招聘", "技能培训", "法律咨询", "心理健康",
    "环境整治", "绿化", "节日活动", "中秋", "春节", "重阳节", "端午", "邻里节", "文艺演出", "电影放映",
    "体检", "反家暴", "助残", "退役军人", "社区议事", "物业", "租房登记", "防汛", "高温提示", "网格服务",
]

NOTICE_CATEGORIES = ["社区通知", "物业管理", "安全提示", "政策宣传", "便民信息", "停水停电"]
ACTIVITY_CATEGORIES = ["文体活动", "志愿服务", "健康讲座", "亲子活动", "老年关爱", "党建活动"]

PLACES = [
    "社区党群服务中心二楼", "社区活动室", "小区中心广场", "社区卫生服务站", "居委会一楼大厅", "老年日间照料中心",
    "社区图书室", "三号楼前空地", "社区文化长廊", "新时代文明实践站", "社区食堂", "岷江路口便民服务点",
]
GROUPS = ["辖区居民", "老年朋友", "小朋友和家长", "青少年", "楼栋长", "网格员", "志愿者", "退休党员", "新市民", "残疾人朋友"]
ORGS = ["大地社区居委会", "社区党委", "社区物业服务中心", "社区卫生服务站", "街道办事处", "社区社会组织联合会"]
THINGS = [
    "垃圾分类", "消防安全", "反电信诈骗", "健康养生", "家庭教育", "文明养犬", "电动车充电安全", "防汛避险",
    "老年人权益保护", "医保政策", "邻里互助", "节约用水", "燃气安全", "心理健康", "食品安全", "居家养老",
]
EVENTS = ["读书分享会", "书法培训班", "太极拳教学", "健康义诊", "亲子手工课", "广场舞展演", "电影放映",
          "法律咨询日", "志愿服务日", "包饺子活动", "集体生日会", "趣味运动会", "插花体验课", "防诈骗讲座",
          "消防演练", "旧物交换市集", "摄影沙龙", "合唱排练", "象棋比赛", "科普展览"]
NOTICE_SUBJECTS = ["二次供水水箱清洗", "电梯年度检修", "小区道路维修", "燃气管道安全检查", "楼道杂物清理",
                   "非机动车集中整治", "绿化带修剪", "化粪池清掏", "地下车库照明改造", "外墙安全排查",
                   "高龄津贴申报", "城乡居民医保缴费", "适龄儿童疫苗接种", "流动人口信息登记", "困难家庭帮扶申请",
                   "冬季供暖准备", "防汛物资发放", "垃圾分类督导", "公共区域消毒", "停车位重新划线"]
NAMES = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周丽", "吴军", "徐婷", "孙浩",
         "马兰", "朱明", "胡杰", "郭艳", "何平", "高峰", "林霞", "罗勇"]

# Sentence templates. {p} place, {g} group, {o} organiser, {t} theme, {e} event, {s} subject,
# {m} month, {d} day, {h} hour, {n} small number.
SENTENCES = [
    "为进一步做好{t}工作，{o}将于{m}月{d}日在{p}开展专项活动，欢迎{g}积极参加。",
    "本次活动面向{g}，名额有限，请提前到社区服务台登记报名。",
    "近期有居民反映{s}的问题，社区高度重视，已联系相关单位尽快处理。",
    "请各位居民相互转告，提前做好准备，给您带来的不便敬请谅解。",
    "活动现场将有专业人员讲解{t}的基本知识，并解答居民关心的问题。",
    "届时还将发放宣传资料和小礼品，数量有限，先到先得。",
    "施工期间请居民注意安全，看管好家中老人和儿童，不要在作业区域逗留。",
    "如有疑问，请在工作时间到居委会一楼大厅咨询，工作人员将耐心为您解答。",
    "社区网格员将逐户上门走访，请大家配合做好相关信息的核对工作。",
    "天气逐渐转凉，请{g}注意添衣保暖，外出时结伴而行。",
    "本次{e}由{o}主办，社区志愿服务队协办，全程免费。",
    "参加活动的居民请于{h}点前到{p}签到，活动时长约{n}分钟。",
    "去年同期，社区共组织类似活动{n}场，受到居民的广泛好评。",
    "请不要在楼道、消防通道内堆放杂物，更不要为电动车私拉电线充电。",
    "社区将持续关注{t}情况，及时向居民公布工作进展。",
    "欢迎居民朋友对社区工作提出意见和建议，共同建设美好家园。",
    "{s}工作计划于{m}月{d}日至{m}月{dd}日进行，期间部分区域将临时封闭。",
    "有需要的{g}可以通过社区服务台或线上点单的方式预约相关服务。",
    "为保障活动顺利进行，请大家遵守现场秩序，听从工作人员安排。",
    "社区还将邀请辖区共建单位的志愿者参与，为居民提供更贴心的服务。",
    "对于行动不便的老人，社区将安排志愿者提供上门服务。",
    "请居民认真阅读以下注意事项，并在规定时间内完成相关手续。",
    "本通知自发布之日起执行，具体安排如有调整，将另行通知。",
    "{e}已连续举办多年，成为社区里深受欢迎的品牌活动。",
    "活动结束后，社区将对居民的意见进行汇总，持续改进服务质量。",
    "各楼栋长请及时将本通知转发至楼栋居民群，确保家家户户知晓。",
    "社区卫生服务站的医生将现场为居民测量血压、血糖，并提供用药指导。",
    "孩子们在志愿者的带领下动手制作，现场气氛十分热烈。",
    "请参加活动的家长全程陪同孩子，注意安全。",
    "本次{t}宣传进小区活动共设置{n}个展板，内容通俗易懂。",
]

LIST_ITEMS = [
    "携带本人身份证件原件及复印件", "提前{k}分钟到达现场签到", "佩戴好口罩，保持适当距离",
    "请勿携带宠物进入活动场地", "行动不便的居民可联系网格员上门办理", "活动期间请将手机调至静音",
    "贵重物品请随身携带，妥善保管", "施工期间请绕行{p}", "如遇雨天，活动改在{p}举行",
    "报名时请说明参加人数", "请自带水杯，减少一次性用品", "未成年人须由监护人陪同",
    "按照{t}要求做好分类投放", "关好门窗，检查家中燃气阀门", "发现安全隐患请及时向物业报告",
    "请{g}相互转告", "办理结果将在{k}个工作日内告知", "现场提供免费茶水和老花镜",
]

TABLE_KINDS = [
    (("时间", "内容", "地点"), lambda r, c: (f"{r.randint(8, 16)}:{r.choice(['00', '30'])}", r.choice(EVENTS), r.choice(PLACES))),
    (("楼栋", "检修日期", "影响范围"), lambda r, c: (f"{r.randint(1, 30)}号楼", f"{r.randint(1, 12)}月{r.randint(1, 28)}日", r.choice(["全天停水", "上午停电", "电梯暂停使用", "燃气暂停供应"]))),
    (("项目", "对象", "费用"), lambda r, c: (r.choice(THINGS), r.choice(GROUPS), r.choice(["免费", "低偿", f"{r.randint(5, 50)} 元"]))),
]

TITLE_NOTICE = ["关于{s}的通知", "{s}温馨提示", "关于开展{s}工作的公告", "{s}安排告知", "社区{s}进展情况通报",
                "关于做好{t}工作的通知", "{t}倡议书"]
TITLE_ACTIVITY = ["{e}", "“{t}”主题{e}", "社区{e}邀您参加", "{g}{e}", "第{n}期{e}"]


# ---------------------------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------------------------

def cjk_len(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def fill(template: str, r: random.Random) -> str:
    m = r.randint(1, 12)
    d = r.randint(1, 25)
    return template.format(
        p=r.choice(PLACES), g=r.choice(GROUPS), o=r.choice(ORGS), t=r.choice(THINGS),
        e=r.choice(EVENTS), s=r.choice(NOTICE_SUBJECTS), m=m, d=d, dd=d + r.randint(1, 3),
        h=r.randint(8, 15), n=r.randint(2, 120), k=r.randint(2, 15),
    )


def make_body(r: random.Random) -> str:
    """Markdown: paragraphs, one list, sometimes a table; 300-1,500 Chinese characters."""
    target = r.randint(300, 1500)
    parts: list[str] = []
    has_list = has_table = False
    want_table = r.random() < 0.35
    while True:
        para = "".join(fill(t, r) for t in r.sample(SENTENCES, r.randint(2, 5)))
        parts.append(para)
        size = cjk_len("\n".join(parts))
        if not has_list and (size > target * 0.3 or size > target - 120):
            intro = r.choice(["注意事项如下：", "具体安排如下：", "请居民注意以下几点：", "办理须知："])
            items = r.sample(LIST_ITEMS, r.randint(3, 6))
            marker = r.choice(["-", "1."])
            lines = [f"{marker} {fill(it, r)}" for it in items]
            parts.append(intro + "\n\n" + "\n".join(lines))
            has_list = True
        elif want_table and not has_table and size > target * 0.6:
            header, row = r.choice(TABLE_KINDS)
            rows = [row(r, i) for i in range(r.randint(3, 6))]
            table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            table += ["| " + " | ".join(cells) + " |" for cells in rows]
            parts.append(r.choice(["安排见下表：", "详见下表：", "时间安排："]) + "\n\n" + "\n".join(table))
            has_table = True
        size = cjk_len("\n".join(parts))
        if size >= target and has_list:
            break
    # trim from the end while above 1,500 (keep list and table)
    while cjk_len("\n\n".join(parts)) > 1480 and len(parts) > 2:
        idx = next((i for i in range(len(parts) - 1, -1, -1) if "\n" not in parts[i]), None)
        if idx is None:
            break
        parts.pop(idx)
    parts.append(fill(r.choice(["特此通知。", "欢迎大家踊跃参与！", "感谢您的理解与支持。",
                                 "{o}\n\n{m}月{d}日"]), r))
    return "\n\n".join(parts) + "\n"


def make_items(n: int, seed: int) -> list[dict]:
    r = random.Random(seed)
    weights = [1.0 / math.sqrt(i + 1) for i in range(len(TAGS))]  # mildly skewed, like real use
    n_notices = n - n // 2
    items: list[dict] = []
    span = 730  # notices over two years up to TODAY
    for i in range(n):
        notice = i < n_notices
        tags: list[str] = []
        k = r.randint(1, 3)
        while len(tags) < k:
            t = r.choices(TAGS, weights)[0]
            if t not in tags:
                tags.append(t)
        if notice:
            day = TODAY - dt.timedelta(days=r.randint(0, span))
            item = {
                "kind": "notice",
                "id": f"{day.isoformat()}-notice-{i + 1:05d}",
                "title": fill(r.choice(TITLE_NOTICE), r),
                "category": r.choice(NOTICE_CATEGORIES),
                "date": dt.datetime(day.year, day.month, day.day, r.randint(8, 17), r.choice([0, 30])),
            }
        else:
            # starts from two years back to three months ahead of TODAY: ~12% are upcoming
            start_day = TODAY + dt.timedelta(days=r.randint(-span, 90))
            start = dt.datetime(start_day.year, start_day.month, start_day.day, r.randint(8, 19), r.choice([0, 30]))
            end = start + dt.timedelta(minutes=r.choice([60, 90, 120, 180]))
            announced = start - dt.timedelta(days=r.randint(3, 20), hours=r.randint(0, 5))
            item = {
                "kind": "activity",
                "id": f"{start_day.isoformat()}-activity-{i + 1:05d}",
                "title": fill(r.choice(TITLE_ACTIVITY), r),
                "category": r.choice(ACTIVITY_CATEGORIES),
                "date": announced.replace(minute=0),
                "start": start,
                "end": end,
                "location": r.choice(PLACES),
                "organizer": r.choice(ORGS),
                "team": r.choice(TEAM_IDS + [""] * 3),
                "audience": r.sample(["老年人", "儿童", "青少年", "家长", "全体居民", "残疾人"], r.randint(1, 2)),
                "capacity": r.choice([None, 20, 30, 50, 100]),
                "fee": r.choice(["免费", "免费", "低偿 10 元"]),
            }
        item["tags"] = tags
        item["body"] = make_body(r)
        items.append(item)
    return items


# ---------------------------------------------------------------------------------------------
# noticeboard
# ---------------------------------------------------------------------------------------------

TEAM_IDS = ["red-caps", "party-365", "elder-care", "youth-league", "green-home"]
TEAMS = [
    ("red-caps", "红帽子志愿服务队", ["邻里互助", "文明劝导"]),
    ("party-365", "党员365志愿服务队", ["便民代办", "政策宣传"]),
    ("elder-care", "银龄关爱服务队", ["老年助餐", "上门探访"]),
    ("youth-league", "青年志愿服务队", ["四点半课堂", "科普宣传"]),
    ("green-home", "绿色家园环保队", ["垃圾分类", "环境整治"]),
]
METRICS = [
    ("service_visits", "服务人次", "人次", "sum"),
    ("volunteers", "注册志愿者", "人", "last"),
    ("activities_held", "开展活动", "场", "sum"),
    ("meals_served", "老年助餐", "份", "sum"),
    ("satisfaction", "居民满意度", "%", "mean"),
    ("peak_day_visits", "单日最高服务人次", "人次", "max"),
]
SERVICE_CATS = [
    ("errands", "便民代办", ["代跑证明", "代缴水电费", "代购药品", "代办医保"]),
    ("elderly", "养老服务", ["老年助餐", "助浴服务", "上门探访", "健康监测"]),
    ("health", "健康服务", ["家庭医生签约", "血压血糖测量", "慢病随访", "心理疏导"]),
    ("legal", "法律与调解", ["法律咨询", "邻里纠纷调解", "法律援助申请", "劳动权益咨询"]),
    ("youth", "青少年服务", ["四点半课堂", "暑期托管", "亲子阅读", "科普体验"]),
]


def q(value: str) -> str:
    """A YAML/TOML-safe double-quoted string."""
    return json.dumps(value, ensure_ascii=False)


def fmt_dt(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_noticeboard(root: Path, items: list[dict], seed: int) -> None:
    r = random.Random(seed + 1)
    metrics = "\n".join(f"  - {{id: {m}, label: {label}, unit: {q(unit)}, aggregate: {agg}}}"
                        for m, label, unit, agg in METRICS)
    write(root / "site.yaml", f"""title: 大地社区公告栏
base_url: https://example.org/dadi/
language: zh-Hans
timezone: Asia/Shanghai
theme: default
community: {{name: 大地社区, address: 岷江路 88 号, phone: 0831-1234567, hours: 周一至周五 9:00-17:00}}
metrics:
{metrics}
posters: {{size: a4, bleed: false}}
""")
    content = root / "content"
    for it in items:
        fm = [f"title: {q(it['title'])}"]
        if it["kind"] == "notice":
            fm.append(f"date: {fmt_dt(it['date'])[:10]}")
        else:
            fm.append(f"start: {fmt_dt(it['start'])}")
            fm.append(f"end: {fmt_dt(it['end'])}")
            fm.append(f"date: {it['date'].date().isoformat()}")
            fm.append(f"location: {q(it['location'])}")
            fm.append(f"organizer: {q(it['organizer'])}")
            if it["team"]:
                fm.append(f"team: {it['team']}")
            fm.append("audience: [" + ", ".join(it["audience"]) + "]")
            if it["capacity"]:
                fm.append(f"capacity: {it['capacity']}")
            fm.append("signup: 到社区服务台登记或线上点单")
            fm.append(f"fee: {q(it['fee'])}")
        fm.append(f"category: {q(it['category'])}")
        fm.append("tags: [" + ", ".join(it["tags"]) + "]")
        folder = "notices" if it["kind"] == "notice" else "activities"
        write(content / folder / f"{it['id']}.md", "---\n" + "\n".join(fm) + "\n---\n" + it["body"])

    for i, (tid, name, focus) in enumerate(TEAMS):
        members = r.sample(NAMES, r.randint(5, 12))
        write(content / "teams" / f"{tid}.md", f"""---
name: {name}
leader: {members[0]}
contact: 0831-12345{60 + i}
members: [{", ".join(members)}]
founded: {2015 + i}-0{i + 3}-01
focus: [{", ".join(focus)}]
recruiting: {"true" if i % 2 == 0 else "false"}
hours: {r.randint(800, 5000)}
---
{name}成立以来，围绕{focus[0]}和{focus[1]}开展常态化志愿服务，累计服务居民数千人次。

欢迎热心居民加入，到社区服务台登记即可。
""")

    providers = TEAM_IDS + ["社区卫生服务站", "街道司法所", "社区物业服务中心"]
    for order, (cid, cname, names) in enumerate(SERVICE_CATS, start=1):
        lines = [f"category: {cname}", f"order: {order}", f"description: {q(cname + '相关服务，居民可到服务台点单。')}", "items:"]
        for j, sname in enumerate(names):
            lines += [
                f"  - id: {cid}-{j + 1}",
                f"    name: {sname}",
                f"    description: {q('为有需要的居民提供' + sname + '服务。')}",
                f"    provider: {q(r.choice(providers))}",
                "    schedule: 周一至周五 9:00-17:00",
                f"    location: {q(r.choice(PLACES))}",
                f"    fee: {r.choice(['免费', '低偿 5 元', '低偿 10 元'])}",
                "    how_to_order: 到服务台登记，或拨打 0831-1234567",
                "    contact: 0831-1234567",
                f"    audience: [{r.choice(['老年人', '全体居民', '儿童', '残疾人'])}]",
            ]
        write(content / "services" / f"{cid}.yaml", "\n".join(lines) + "\n")

    month = dt.date(2024, 11, 1)
    volunteers = 2400
    for _ in range(24):
        volunteers += r.randint(5, 40)
        figures = {
            "service_visits": r.randint(3000, 7000),
            "volunteers": volunteers,
            "activities_held": r.randint(20, 80),
            "meals_served": r.randint(1500, 4000),
            "satisfaction": round(r.uniform(92, 99.5), 1),
            "peak_day_visits": r.randint(300, 900),
        }
        figs = ", ".join(f"{k}: {v}" for k, v in figures.items())
        ym = f"{month.year}-{month.month:02d}"
        write(content / "stats" / f"{ym}.yaml",
              f"month: {ym}\nfigures: {{{figs}}}\nhighlights: 本月解决“微心愿” {r.randint(20, 150)} 个，开展入户走访 {r.randint(100, 600)} 次。\n")
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


# ---------------------------------------------------------------------------------------------
# Hugo
# ---------------------------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "https://example.org/dadi/"
languageCode = "zh-cn"
defaultContentLanguage = "zh"
title = "大地社区公告栏"
timeZone = "Asia/Shanghai"
hasCJKLanguage = true
buildFuture = true
buildExpired = true
paginate = 20
summaryLength = 60
enableRobotsTXT = false
# pages comparable with the other tools: items, paginated section lists, tag pages, home
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]

[taxonomies]
  tag = "tags"

[markup.goldmark.renderer]
  unsafe = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} - {{ .Site.Title }}{{ end }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "/notices/" | relURL }}">通知公告</a> <a href="{{ "/activities/" | relURL }}">活动</a> <a href="{{ "/tags/" | relURL }}">标签</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>© {{ .Site.Title }}</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>{{ with .Params.category }} · {{ . }}{{ end }}</p>
{{ with .Params.start }}<p>时间：{{ . }}{{ with $.Params.location }} · 地点：{{ . }}{{ end }}</p>{{ end }}
{{ .Content }}
{{ with .GetTerms "tags" }}<p>标签：{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $paginator := .Paginate .Pages }}
<ul>{{ range $paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary | plainify | truncate 120 }}</p></li>{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<h2>最新通知</h2><ul>{{ range first 10 (where .Site.RegularPages "Section" "notices").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<h2>最新活动</h2><ul>{{ range first 10 (where .Site.RegularPages "Section" "activities").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
}


def hugo_time(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:00+08:00")


def write_hugo(root: Path, items: list[dict]) -> None:
    write(root / "config.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write(root / "layouts" / name, text)
    write(root / "content" / "notices" / "_index.md", '---\ntitle: "通知公告"\n---\n')
    write(root / "content" / "activities" / "_index.md", '---\ntitle: "活动"\n---\n')
    write(root / "content" / "tags" / "_index.md", '---\ntitle: "标签"\n---\n')
    for it in items:
        fm = [f"title: {q(it['title'])}", f"date: {hugo_time(it['date'])}",
              f"category: {q(it['category'])}", "tags: [" + ", ".join(q(t) for t in it["tags"]) + "]"]
        if it["kind"] == "activity":
            fm += [f"start: {q(fmt_dt(it['start']))}", f"location: {q(it['location'])}"]
        folder = "notices" if it["kind"] == "notice" else "activities"
        write(root / "content" / folder / f"{it['id']}.md", "---\n" + "\n".join(fm) + "\n---\n" + it["body"])


# ---------------------------------------------------------------------------------------------
# Pelican
# ---------------------------------------------------------------------------------------------

PELICAN_CONF = """# Generated by bench/generate.py: same pages as the Hugo site (items, paginated category
# lists, paginated tag pages, a tag index, a home page); no feeds, no author/archive pages.
AUTHOR = "大地社区"
SITENAME = "大地社区公告栏"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh_cn"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"category": None, "tag": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DIRECT_TEMPLATES = ["index", "tags"]
TAGS_SAVE_AS = "tags/index.html"

ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGE_SAVE_AS = ""
USE_FOLDER_AS_CATEGORY = False

FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Pelican's own content cache (off by default): on, so its rebuilds are as fast as it can make them.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"

SUMMARY_MAX_LENGTH = 60
"""

PELICAN_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>
</head>
<body>
<header><a href="/">{{ SITENAME }}</a>
<nav><a href="/notices/">通知公告</a> <a href="/activities/">活动</a> <a href="/tags/">标签</a></nav></header>
<main>{% block content %}{% endblock %}</main>
<footer>© {{ SITENAME }}</footer>
</body>
</html>
""",
    "article.html": """{% extends "base.html" %}
{% block title %}{{ article.title }} - {{ SITENAME }}{% endblock %}
{% block content %}<article>
<h1>{{ article.title }}</h1>
<p><time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time> · {{ article.category }}</p>
{% if article.start %}<p>时间：{{ article.start }}{% if article.location %} · 地点：{{ article.location }}{% endif %}</p>{% endif %}
{{ article.content }}
{% if article.tags %}<p>标签：{% for tag in article.tags %}<a href="/{{ tag.url }}">{{ tag }}</a> {% endfor %}</p>{% endif %}
</article>{% endblock %}
""",
    "pagination.html": """{% if articles_page and articles_paginator.num_pages > 1 %}<nav class="pagination">
{% if articles_page.has_previous() %}<a href="/{{ articles_previous_page.url }}">上一页</a>{% endif %}
第 {{ articles_page.number }} / {{ articles_paginator.num_pages }} 页
{% if articles_page.has_next() %}<a href="/{{ articles_next_page.url }}">下一页</a>{% endif %}
</nav>{% endif %}
""",
    "list.html": """{% extends "base.html" %}
{% block content %}<h1>{% block heading %}{% endblock %}</h1>
<ul>{% for article in articles_page.object_list %}
<li><a href="/{{ article.url }}">{{ article.title }}</a> <time>{{ article.locale_date }}</time><p>{{ article.summary|striptags|truncate(120) }}</p></li>{% endfor %}
</ul>
{% include "pagination.html" %}{% endblock %}
""",
    "category.html": """{% extends "list.html" %}
{% block title %}{{ category }} - {{ SITENAME }}{% endblock %}
{% block heading %}{{ category }}{% endblock %}
""",
    "tag.html": """{% extends "list.html" %}
{% block title %}{{ tag }} - {{ SITENAME }}{% endblock %}
{% block heading %}{{ tag }}{% endblock %}
""",
    "tags.html": """{% extends "base.html" %}
{% block content %}<h1>标签</h1>
<ul>{% for tag, articles in tags|sort %}<li><a href="/{{ tag.url }}">{{ tag }}</a> ({{ articles|count }})</li>{% endfor %}</ul>{% endblock %}
""",
    "index.html": """{% extends "base.html" %}
{% block content %}<h1>{{ SITENAME }}</h1>
<h2>最新通知</h2><ul>{% for a in (articles|selectattr("category.slug", "equalto", "notices")|list)[:10] %}<li><a href="/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>
<h2>最新活动</h2><ul>{% for a in (articles|selectattr("category.slug", "equalto", "activities")|list)[:10] %}<li><a href="/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "page.html": """{% extends "base.html" %}
{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}
""",
}


def write_pelican(root: Path, items: list[dict]) -> None:
    write(root / "pelicanconf.py", PELICAN_CONF)
    for name, text in PELICAN_TEMPLATES.items():
        write(root / "theme" / "templates" / name, text)
    (root / "theme" / "static").mkdir(parents=True, exist_ok=True)
    for it in items:
        folder = "notices" if it["kind"] == "notice" else "activities"
        meta = [f"Title: {it['title']}", f"Date: {fmt_dt(it['date'])}", f"Category: {folder}",
                f"Slug: {it['id']}", "Tags: " + ", ".join(it["tags"]), f"Kind: {it['category']}"]
        if it["kind"] == "activity":
            meta += [f"Start: {fmt_dt(it['start'])}", f"Location: {it['location']}"]
        write(root / "content" / folder / f"{it['id']}.md", "\n".join(meta) + "\n\n" + it["body"])


# ---------------------------------------------------------------------------------------------

def expected_pages(items: list[dict], per_page: int = 20) -> dict[str, int]:
    """Pages every tool should produce for the shared part: items, lists, tag pages, home."""
    sections = {"notice": 0, "activity": 0}
    tags: dict[str, int] = {}
    for it in items:
        sections[it["kind"]] += 1
        for t in it["tags"]:
            tags[t] = tags.get(t, 0) + 1
    lists = sum(math.ceil(c / per_page) for c in sections.values() if c)
    tag_pages = sum(math.ceil(c / per_page) for c in tags.values())
    return {"items": len(items), "section_list_pages": lists, "tags": len(tags),
            "tag_pages": tag_pages, "tag_index": 1, "home": 1,
            "total": len(items) + lists + tag_pages + 2}


def generate(n: int, outdir: Path, seed: int = SEED) -> dict[str, int]:
    items = make_items(n, seed)
    for sub in ("noticeboard", "hugo", "pelican"):
        shutil.rmtree(outdir / sub, ignore_errors=True)
    write_noticeboard(outdir / "noticeboard", items, seed)
    write_hugo(outdir / "hugo", items)
    write_pelican(outdir / "pelican", items)
    expected = expected_pages(items)
    write(outdir / "expected.json", json.dumps(expected, indent=1) + "\n")
    return expected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of items (half notices, half activities)")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    if args.n < 2:
        ap.error("N must be at least 2")
    expected = generate(args.n, args.outdir, args.seed)
    print(f"wrote {args.n} items x 3 sites to {args.outdir}; shared pages expected per tool: "
          f"{expected['total']} ({expected['items']} items + {expected['section_list_pages']} list pages "
          f"+ {expected['tag_pages']} tag pages over {expected['tags']} tags + tag index + home)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
