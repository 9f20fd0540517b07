"""Link: typed models -> one :class:`Site`, with cross-references resolved and checked,
collections ordered, and everything that depends on "today" decided in one place."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .buildstate import KEYED, note_fact
from .config import SiteConfig
from .errors import Problems, did_you_mean, suggestion
from .models import Activity, Document, Entry, MonthStats, Notice, Page, Service, ServiceCategory, Team
from .slugs import slugify
from .validate import ID_PATTERN, exact_text


@dataclass
class Tag:
    """A tag and the items that have it. Its digest (what a page reading ``site.tags`` depends
    on) holds its name, address and count, not its items: an edit to one item's title leaves
    the tag cloud alone. A template reading ``tag.items`` depends on every tag's items
    instead (the site fact ``tag_items``)."""

    name: str
    slug: str
    count: int = 0
    members: list[Entry] = field(default_factory=list, repr=False, compare=False, metadata={KEYED: False})

    @property
    def url(self) -> str:
        return f"/tags/{self.slug}/"

    @property
    def items(self) -> list[Entry]:
        note_fact("tag_items")
        return self.members


def tag_slug(name: str) -> str:
    return slugify(name) or "tag"


def tag_url(name: str) -> str:
    """The page of a tag, from its name alone: an item's page links its tags without reading
    the site's whole tag list (which would make every page stale whenever any item changed)."""
    return f"/tags/{tag_slug(name)}/"


@dataclass
class Site:
    """Everything the templates may show, already ordered and cross-linked."""

    config: SiteConfig
    today: dt.date
    now: dt.datetime  # naive, in the site's time zone
    notices: list[Notice]  # every published notice, pinned and urgent first, then newest
    activities: list[Activity]  # by start time
    teams: list[Team]
    service_categories: list[ServiceCategory]
    stats: list[MonthStats]  # oldest month first
    pages: list[Page]
    tags: list[Tag]
    # Content files linked from the content this build publishes: copied into the output, or
    # resized. Not those only drafts and scheduled notices link (a resident's photo, a scanned
    # 公示 with names, before the notice is approved), but in a build with drafts (the preview).
    media: list[str]
    # Those of ``media`` published as they are (Entry.originals), sorted; the others (photos
    # shown only from their smaller copies) are not published themselves.
    originals: list[str] = field(default_factory=list)
    # Those of ``media`` shown by an <img> (Entry.shown), sorted: the photos smaller copies are
    # made of. A photo only linked (``[看原图](photo.jpg)``) gets none: no page names them.
    shown: list[str] = field(default_factory=list)
    # What a build with drafts publishes and one without does not, whichever this one is: the
    # files that only drafts and scheduled notices link (``held_media``), and the photos that
    # only they show (``held_shown``: their smaller copies), sorted. A link to one from a
    # published page is told by the lint as the real build tells it, in the preview too.
    held_media: list[str] = field(default_factory=list)
    held_shown: list[str] = field(default_factory=list)
    # Notices dated after today (Notice.scheduled_on), newest last: published by the build of
    # their date. In ``notices`` too only in a build with drafts (the preview).
    scheduled: list[Notice] = field(default_factory=list)
    # Every draft file (draft: true: notices, activities, teams, pages), by path: in the lists
    # too only in a build with drafts. What a build without them tells staff about, as for
    # ``scheduled`` (``noticeboard posters --only`` naming one, a link to one).
    drafts: list[Document] = field(default_factory=list)

    @cached_property
    def listed_notices(self) -> list[Notice]:
        """Notices shown in lists: expired ones keep their page but leave the lists."""
        return [n for n in self.notices if not n.expired_on(self.today)]

    @cached_property
    def important_notices(self) -> list[Notice]:
        """Listed notices that are urgent (first) or pinned: the home page's first section."""
        return [n for n in self.listed_notices if n.urgent or n.pinned]

    @cached_property
    def latest_notices(self) -> list[Notice]:
        """The five newest listed notices neither urgent nor pinned: the home page's list. A
        fact of its own, so that the home page depends on these five, not on every notice."""
        return [n for n in self.listed_notices if not (n.urgent or n.pinned)][:HOME_NOTICES]

    @cached_property
    def tag_items(self) -> dict[str, list[Entry]]:
        """Every tag's items, by slug: what a template reading ``tag.items`` depends on."""
        return {tag.slug: tag.members for tag in self.tags}

    @cached_property
    def upcoming(self) -> list[Activity]:
        return [a for a in self.activities if not a.is_past(self.now)]

    @cached_property
    def past(self) -> list[Activity]:
        return [a for a in reversed(self.activities) if a.is_past(self.now)]

    @cached_property
    def services(self) -> list[Service]:
        return [service for category in self.service_categories for service in category.services]

    @cached_property
    def active_teams(self) -> list[Team]:
        """Teams not dissolved by today: the teams list, the roster poster, recruiting."""
        return [team for team in self.teams if not team.dissolved_on(self.today)]

    @cached_property
    def dissolved_teams(self) -> list[Team]:
        """Dissolved teams, the latest first: their pages stay, for their history."""
        return sorted((team for team in self.teams if team.dissolved_on(self.today)),
                      key=lambda team: (-team.dissolved.toordinal(), team.id))

    @cached_property
    def menu(self) -> list[Page]:
        return [page for page in self.pages if page.menu is not None]

    def entries(self) -> list[Entry]:
        """Every item with a page of its own."""
        return [*self.notices, *self.activities, *self.services, *self.teams, *self.stats, *self.pages]


HOME_NOTICES = 5


def notice_order(notice: Notice) -> tuple:
    """Urgent, then pinned, then newest first. Never by title: an edited title is published
    with the lists as they were ordered (generator.bodyedit)."""
    return (not notice.urgent, not notice.pinned, -notice.date.toordinal(), notice.slug)


def category_order(category: ServiceCategory) -> tuple:
    """The service menu's order: categories with an ``order``, smallest first, then those
    without one (a new file staff have not placed yet went first, as order 0); each group by
    file name, which staff see and can change, as a tie. Never by title: the pinyin order of
    Chinese titles is one nobody can predict from the menu."""
    return (category.order is None, category.order or 0, category.id)


def _media_of(entries: list[Entry], live: list[Entry], include_drafts: bool, media: set[str]) -> dict[str, list[str]]:
    """Site's ``media``, ``originals``, ``shown``, ``held_media`` and ``held_shown`` (see
    Site). ``live``: the entries a build without drafts publishes. ``media``: every file the
    entries link; one a live entry links is published, whichever held entry links it too."""
    live_ids = {id(entry) for entry in live}
    held = [entry for entry in entries if id(entry) not in live_ids]

    def union(group: list[Entry], name: str) -> set[str]:
        return {path for entry in group for path in getattr(entry, name)}

    held_media = union(held, "media") - union(live, "media")
    published, files = (entries, media) if include_drafts else (live, media - held_media)
    return {
        "media": sorted(files),
        # A link to /media/x.jpg (markup.MediaLinks.site_file) publishes x.jpg only when some
        # text of this build links it as a file: hence ``files``.
        "originals": sorted(union(published, "originals") & files),
        "shown": sorted(union(published, "shown") & files),
        "held_media": sorted(held_media & media),
        "held_shown": sorted((union(held, "shown") - union(live, "shown")) & media),
    }


def link_site(
    config: SiteConfig, entries: list[Entry], media: set[str], today: dt.date, include_drafts: bool, problems: Problems
) -> Site:
    live = [e for e in entries if not e.held_back_on(today)]
    published = entries if include_drafts else live
    by_type: dict[type, list] = defaultdict(list)
    for entry in published:
        by_type[type(entry)].append(entry)
    teams = sorted(by_type[Team], key=lambda t: t.id)
    categories = sorted(by_type[ServiceCategory], key=category_order)
    scheduled = sorted((e for e in entries if isinstance(e, Notice) and e.scheduled_on(today)), key=lambda n: (n.date, n.slug))
    # Scheduled notices are published by the unattended build of their date: a clash of their
    # address or tags with another page, found only then, would stop that build (and every one
    # after it) with nobody watching, so they are checked now, as check_privacy does.
    waiting = [] if include_drafts else scheduled
    for category in categories:  # an ended service is a draft item: left out like a draft file
        category.unlink()
        category.services = [item for item in category.all_items if include_drafts or not item.draft]
    site = Site(
        config=config,
        today=today,
        now=dt.datetime.combine(today, dt.time()),
        notices=sorted(by_type[Notice], key=notice_order),
        activities=sorted(by_type[Activity], key=lambda a: (a.start, a.slug)),
        teams=teams,
        service_categories=categories,
        stats=sorted(by_type[MonthStats], key=lambda s: s.month),
        pages=sorted(by_type[Page], key=lambda p: (p.menu if p.menu is not None else 1_000_000, p.slug)),
        tags=_tags(published, problems, waiting),
        **_media_of(entries, live, include_drafts, media),
        scheduled=scheduled,
        drafts=sorted((e for e in entries if isinstance(e, Document) and e.draft), key=lambda e: e.path),
    )
    _check_unique_urls(site, problems, waiting)
    _check_unique_months(site, problems)
    _check_percent_scale(site, problems)
    _check_unique_service_names(site, problems)
    drafts = {} if include_drafts else {e.id: e.path for e in entries if isinstance(e, Team) and e.draft}
    _link_teams(site, problems, drafts)
    _check_dissolved_teams(site, problems)
    _check_resumed_services(site, problems)
    _check_stale_important(site, problems)
    _tell_scheduled(site, problems)
    # An activity without ``date`` is dated by its start, but never after the build's day (a
    # feed entry or a DTSTAMP in the future is wrong): capped at this week's Monday, not at
    # today, which moved its feed entry and DTSTAMP every day until it began (a feed reader
    # saw it updated daily, and the site changed on days next_change did not announce).
    # A new week is one of next_change's days.
    week_start = site.now - dt.timedelta(days=today.weekday())
    for activity in site.activities:
        activity.announced = (dt.datetime.combine(activity.date, dt.time()) if activity.date
                              else min(activity.start, week_start))
        activity.updated = (_cancelled_at(activity, site, problems) if activity.cancelled
                            else activity.announced + AFTER_ANNOUNCEMENT * activity.sequence)
    return site


# How much later than its announcement a cancellation, or a move to another day (which no field
# dates), is dated at the least: enough for the feed entry's ``updated`` (written to the second)
# and the event's DTSTAMP to differ.
AFTER_ANNOUNCEMENT = dt.timedelta(seconds=1)


def _cancelled_at(activity: Activity, site: Site, problems: Problems) -> dt.datetime:
    """When a cancelled activity's cancellation was published (Activity.updated), from its
    content alone, so that it moves with no build day: its ``cancelled_on``, later than its
    announcement ``date`` in any case (a reader that saw the announcement must see a newer
    version, also when both were on one day). Without ``cancelled_on``, the second after its
    announcement: no file tells the day, and the build's day or week dated the same
    cancellation anew every day or week. A ``cancelled_on`` after the build's day is capped at that day:
    nothing is dated in the future."""
    # A second for each change (Activity.sequence): cancelled after a move is newer than the move.
    after_announcement = activity.announced + AFTER_ANNOUNCEMENT * activity.sequence
    on = activity.cancelled_on
    if on is None:
        if not activity.is_past(site.now):  # once it is over, its entry no longer matters
            problems.warning(
                activity.path, activity.line_of("cancelled"), "cancelled",
                f"“{activity.title}” 已取消，但没有写哪天取消的：订阅本站动态（feed.xml）的阅读器只能按发布日期排它，"
                f"排在旧消息中间，居民容易错过取消；请在 cancelled 下面加一行 cancelled_on: {site.today:%Y-%m-%d}（取消那天的日期）",
                f"'{activity.title}' is cancelled but does not say on which day: in residents' feed readers "
                f"(feed.xml) it stays among old entries, where the cancellation is easily missed; add a line "
                f"cancelled_on: {site.today:%Y-%m-%d} (the day it was cancelled) below cancelled",
            )
        return after_announcement
    if on.date() > site.today:
        problems.warning(
            activity.path, activity.line_of("cancelled_on"), "cancelled_on",
            f"取消日期 {on:%Y-%m-%d} 还没到（今天是 {site.today:%Y-%m-%d}），取消却已经发布了：请把 cancelled_on "
            f"改成真正决定取消的那天，如今天 {site.today:%Y-%m-%d}",
            f"the day it was called off ({on:%Y-%m-%d}) is after today ({site.today:%Y-%m-%d}), yet the "
            f"cancellation is published now: set cancelled_on to the day it was really cancelled, e.g. today, "
            f"{site.today:%Y-%m-%d}",
        )
        on = site.now
    if activity.date is None:
        # Announced on or before it was called off, which is all a file without ``date`` tells:
        # its announcement as capped at the build's week would move this weekly.
        return on
    return max(on, after_announcement)


def _tags(entries: list[Entry], problems: Problems, waiting: list[Notice]) -> list[Tag]:
    """The tags of ``entries``. Those of ``waiting`` (scheduled notices) are checked for
    sounding like another, as they will be on their day, but are on no tag's page yet."""
    tags: dict[str, Tag] = {}
    told: set[str] = set()
    held_back = {id(notice) for notice in waiting}
    first: dict[str, Entry] = {}  # by tag slug: the file that named it first, for the message
    for entry in [*entries, *waiting]:
        for name in getattr(entry, "tags", []):
            slug = tag_slug(name)
            tag = tags.setdefault(slug, Tag(name, slug))
            first.setdefault(slug, entry)
            if name != tag.name and _folded(tag.name) != _folded(name) and name not in told:  # 公示 and 共识: gong-shi
                told.add(name)
                problems.error(
                    entry.path, entry.line_of("tags"), "tags",
                    f"标签 “{name}” 和 “{tag.name}”（{first[slug].path}）的拼音相同，网址都是 {tag_url(name)}，"
                    f"两个标签会并成一页：请把其中一个换个说法（如“{name}事项”），所有文件里都改",
                    f"the tags '{name}' and '{tag.name}' ({first[slug].path}) sound alike and share the address "
                    f"{tag_url(name)}: reword one of them, in every file",
                )
            if id(entry) not in held_back:
                tag.members.append(entry)
    # An entry's place, made once however many tags it has: by day and address, never by title
    # (an edited title is published with the tag pages as they were ordered: generator.bodyedit).
    order: dict[int, tuple[int, str]] = {}
    for tag in tags.values():
        tag.members.sort(key=lambda e: order.get(id(e)) or order.setdefault(id(e), (-_entry_day(e).toordinal(), e.url)))
        tag.count = len(tag.members)
    return sorted((tag for tag in tags.values() if tag.members), key=lambda t: t.slug)


def _folded(name: str) -> str:
    """A tag as the same tag however its letters, spaces and marks are written: WiFi, wifi,
    ｗｉｆｉ, Wi-Fi; AED急救 and AED 急救. Those share a page; other tags with one address
    only sound alike."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name).casefold())


def _entry_day(entry: Entry) -> dt.date:
    if isinstance(entry, Activity):
        return entry.start.date()
    return getattr(entry, "date", None) or dt.date.min


def _check_unique_urls(site: Site, problems: Problems, waiting: list[Notice]) -> None:
    """Two files for one address. ``waiting``: scheduled notices, not published yet."""
    owners: dict[str, Entry] = {}
    for entry in [*site.entries(), *waiting]:
        other = owners.setdefault(entry.url, entry)
        if other is entry or isinstance(entry, MonthStats):
            continue  # two files for one month are reported by _check_unique_months, in its words
        if isinstance(entry, Service):
            problems.error(
                entry.path, entry.line_of("id"), "id",
                f"服务编号 “{entry.id}” 在 {other.path} 第 {other.line_of('id')} 行已经用过：每项服务的 id 要不同，请改掉其中一个",
                f"service id '{entry.id}' is already used in {other.path}: give each service its own id",
            )
            continue
        explicit = "slug" in entry.lines or "slug" in other.lines
        why_zh, why_en = ("", "") if explicit else ("（两个文件名转成拼音网址后相同）", " (both file names give this URL in pinyin)")
        problems.error(
            entry.path, entry.line_of("slug"), "slug" if "slug" in entry.lines else None,
            f"网址 {entry.url} 与 {other.path} 重复{why_zh}：请给其中一个改文件名或写一个不同的 slug",
            f"the URL {entry.url} is also used by {other.path}{why_en}: rename one file or give it another slug",
        )


def _check_unique_service_names(site: Site, problems: Problems) -> None:
    """Two services by one name (a second 老人理发 added for home visits) read as the same
    service twice on the menu, the board and in search: a resident cannot tell which to order."""
    seen: dict[str, Service] = {}
    for service in site.services:
        other = seen.setdefault(service.name, service)
        if other is not service:
            where = "本文件" if other.path == service.path else f" {other.path} "
            problems.warning(
                service.path, service.line_of("name"), f"{service.id}.name",
                f"服务名称 “{service.name}” 与{where}第 {other.line_of('name')} 行的服务（{other.id}）相同："
                f"居民在服务清单和海报上分不清两项，请在名称里写出两项的区别（如上门、地点或时间），或合并成一项",
                f"the service name '{service.name}' is also that of {other.id} ({other.path}:{other.line_of('name')}): "
                f"residents cannot tell them apart on the menu and the board: say in the name how they differ (at home, "
                f"the place or the time), or make them one service",
            )


def _check_unique_months(site: Site, problems: Problems) -> None:
    seen: dict[dt.date, MonthStats] = {}
    for month in site.stats:
        other = seen.setdefault(month.month, month)
        if other is not month and other.path != month.path:
            problems.error(
                month.path, month.line_of("month"), "month",
                f"{month.month:%Y-%m} 的统计已在 {other.path} 中，一个月只能有一个文件",
                f"statistics for {month.month:%Y-%m} are already in {other.path}",
            )


def _hundredfold(small: float, large: float | None) -> bool:
    """Is ``small`` clearly ``large`` written as a fraction, 0.98 beside 98 (or 96, 101)? A
    percentage under 1 against one a hundred times it, give or take half: 1.7 against a
    target of 0.02 is, 1.7 against 0.9 or 0.1 is not."""
    return large is not None and 0 < small <= 1 < large and 50 <= large / small <= 200


def _check_percent_scale(site: Site, problems: Problems) -> None:
    """A metric in % (满意度) with its target written 0.98, as a spreadsheet keeps 98%, while the
    months say 98 (or the months written 0.98 against a target of 98): the target read 0.98%,
    "已达成（高出 97.6 个百分点）", and nothing told why. Only a clear hundredfold is told
    (_hundredfold): a ceiling of 0.5% beside months of 0.4% is no mistake. A figure far under
    a ceiling may be real (投诉率 0.02% against at most 2%): it is told only beside months
    written as percentages."""
    for metric in site.config.metrics:
        if not metric.percentage:
            continue
        written = [(month, month.figures[metric.id]) for month in site.stats if metric.id in month.figures]
        if not written:
            continue
        unit = "%" if metric.unit.strip() == "百分比" else metric.unit.strip()  # 百分比 is % written out
        values = sorted(value for _, value in written)
        middle = values[len(values) // 2]
        low, high = exact_text(values[0]), exact_text(values[-1])
        # A sum's yearly target is no month's level (and a sum of % is told in config).
        targets = {"monthly": metric.monthly_target, "yearly": None if metric.aggregate == "sum" else metric.yearly_target}
        for kind, target in targets.items():
            if target is not None and _hundredfold(target, middle):
                shown, fixed = exact_text(target), exact_text(target * 100)
                problems.warning(
                    "site.yaml", metric.lines.get(f"target.{kind}"), f"{metric.where or 'metrics'}.target.{kind}",
                    f"“{metric.label}” 的目标写的是 {shown}，而各月数字在 {low} 到 {high} 之间：单位是 {metric.unit}，"
                    f"{shown} 就是 {shown}{unit}。目标和各月数字一样写百分数，请改成 {kind}: {fixed}（表示 {fixed}{unit}）",
                    f"the target of '{metric.label}' is {shown} while its months are {low} to {high}: in {metric.unit}, "
                    f"{shown} means {shown}{unit}. Write the target as the months are: {kind}: {fixed} (for {fixed}{unit})",
                )
        target = metric.monthly_target if metric.monthly_target is not None else targets["yearly"]
        if target is None or target <= 1:
            continue
        for month, value in written:
            if _hundredfold(value, target) and (metric.higher_is_better or _hundredfold(value, middle)):
                shown, fixed = exact_text(value), exact_text(value * 100)
                problems.warning(
                    month.path, month.line_of(f"figures.{metric.id}"), f"figures.{metric.id}",
                    f"“{metric.label}” 写的是 {shown}，而目标是 {exact_text(target)}{unit}：单位是 {metric.unit}，"
                    f"{shown} 就是 {shown}{unit}。请改成 {metric.id}: {fixed}（表示 {fixed}{unit}）",
                    f"'{metric.label}' is written {shown} while its target is {exact_text(target)}{unit}: in "
                    f"{metric.unit}, {shown} means {shown}{unit}. Write {metric.id}: {fixed} (for {fixed}{unit})",
                )


# How long an urgent or pinned notice without ``expires`` may stay so before the build asks:
# a water cut is urgent for days, a pin for a season; one from a year ago is forgotten, and
# it kept the top of the home page and of page 1 of the notices (25 of them after 3 years).
STALE_URGENT_DAYS = 30
STALE_PINNED_DAYS = 365


def _check_stale_important(site: Site, problems: Problems) -> None:
    for notice in site.listed_notices:
        if notice.expires is not None:
            continue
        age = (site.today - notice.date).days
        for flag, zh_word, limit in (("urgent", "紧急", STALE_URGENT_DAYS), ("pinned", "置顶", STALE_PINNED_DAYS)):
            if getattr(notice, flag) and age > limit:
                problems.warning(
                    notice.path, notice.line_of(flag), flag,
                    f"“{notice.title}” 发布于 {notice.date:%Y-%m-%d}（{age} 天前），仍标为{zh_word}，一直排在首页和通知列表最前面："
                    f"事情已过去就删掉 {flag}: true；要它到某天自动撤下，加一行 expires: {site.today:%Y-%m-%d}（写那一天的日期）",
                    f"'{notice.title}' was published on {notice.date:%Y-%m-%d} ({age} days ago) and is still {flag}, "
                    f"so it stays at the top of the home page and the notice list: remove {flag}: true, or add "
                    f"a line expires: {site.today:%Y-%m-%d} (the day to take it off the lists)",
                )
                break  # one line a notice: both flags have the same fix


def _tell_scheduled(site: Site, problems: Problems) -> None:
    """A line for each scheduled notice at every build and check: a date typed a year ahead
    (2027 for 2026) would otherwise keep a notice off the site without a word. A warning,
    which fails no build: holding it back is what the date asks for."""
    for notice in site.scheduled:
        problems.warning(
            notice.path, notice.line_of("date"), "date",
            f"“{notice.title}” 定于 {notice.date:%Y-%m-%d} 发布：到那天自动生成后才会出现在网站上；"
            f"如果现在就要发布，请把 date 改成今天（{site.today:%Y-%m-%d}）或更早",
            f"'{notice.title}' is scheduled for {notice.date:%Y-%m-%d}: it appears on the website with the "
            f"build of that day; to publish it now, change date to today ({site.today:%Y-%m-%d}) or earlier",
        )


def _check_resumed_services(site: Site, problems: Problems) -> None:
    """A service whose ``resumes`` day has come is offered again by itself; its pause, kept in
    the file, would be read by the next staff member as current: ask to delete the two lines."""
    for service in site.services:
        if service.paused and service.resumes is not None and not service.paused_on(site.today):
            problems.warning(
                service.path, service.line_of("resumes"), f"{service.id}.resumes",
                f"恢复日期 {service.resumes:%Y-%m-%d} 已到，“{service.name}” 已重新显示为可以点单：请删掉 paused 和 "
                f"resumes 两行；如果还没恢复，请把 resumes 改成新的恢复日期，或删掉 resumes 一行（暂停到另行通知）",
                f"the resume day {service.resumes:%Y-%m-%d} has come and '{service.name}' is shown as offered again: "
                f"delete the paused and resumes lines; if it is still paused, give resumes a new day, or delete the "
                f"resumes line (paused until further notice)",
            )


def _check_dissolved_teams(site: Site, problems: Problems) -> None:
    """A dissolved team keeps its past activities (its history); an activity from the day it
    was dissolved on, or a service it still provides, names a team that is gone."""
    for team in site.teams:
        if team.dissolved is None:
            continue
        day = f"{team.dissolved:%Y-%m-%d}"
        for activity in team.activities:
            if activity.start.date() >= team.dissolved:
                problems.warning(
                    activity.path, activity.line_of("team"), "team",
                    f"志愿服务队 “{team.name}”（{team.id}）在 {day} 解散（{team.path} 里的 dissolved），这个活动在那天或之后："
                    f"请把 team 改成接手的服务队编号，或删掉这一行（主办单位写在 organizer）；如果解散日期写错了，请改正 {team.path}",
                    f"team '{team.id}' is dissolved on {day} (dissolved in {team.path}) and this activity is on or after "
                    f"that day: name the team taking it over in team, or delete the line (name the organizer in organizer); "
                    f"if the day is wrong, correct it in {team.path}",
                )
        for service in team.services:
            problems.warning(
                service.path, service.line_of("provider"), f"{service.id}.provider",
                f"提供服务的志愿服务队 “{team.name}”（{team.id}）在 {day} 解散（{team.path} 里的 dissolved）："
                f"请把 provider 改成接手的服务队编号或单位名称（如 社区卫生服务站）；这项服务不再提供的，删掉这一项或加一行 draft: true",
                f"the providing team '{team.id}' is dissolved on {day} (dissolved in {team.path}): name the team "
                f"or body taking it over in provider (e.g. 社区卫生服务站); if the service has ended, delete it or add draft: true",
            )


def _team_hint(written: str, teams: list[Team]) -> tuple[str, str]:
    """A close id, or the id of a team whose name is close to what was written."""
    by_name = {team.name: team.id for team in teams}
    close = difflib.get_close_matches(written, list(by_name), n=1, cutoff=0.6)
    if close:
        return suggestion(by_name[close[0]], close[0])
    return did_you_mean(written, [team.id for team in teams])


def _draft_team(team_id: str, path: str) -> tuple[str, str]:
    """Why a team that has a file is not there: a draft (how a dissolved team is often put
    away), so "no such file" would send staff looking for a file they can see."""
    return (
        f"志愿服务队 “{team_id}” 是草稿（{path} 里写了 draft: true），不会发布：如果这个队已解散，"
        f"请把 {path} 里的 draft: true 换成 dissolved: 解散的日期（如 dissolved: 2026-12-01），它的页面和以前的活动都会保留；"
        f"否则去掉 {path} 里的 draft: true",
        f"team '{team_id}' is a draft ({path} says draft: true) and is not published: if the team was "
        f"dissolved, replace draft: true in {path} with dissolved: and the day (e.g. dissolved: 2026-12-01), "
        f"which keeps its page and its past activities; else remove draft: true from {path}",
    )


def _link_teams(site: Site, problems: Problems, drafts: dict[str, str]) -> None:
    """Link activities and services to their teams. ``drafts``: the ids and files of draft
    teams left out of this build."""
    teams = {team.id: team for team in site.teams}
    # A team file with errors of its own is not loaded; its error is the one to read, not one
    # "no such team" per activity that names it.
    broken = {problem.path.removeprefix("content/teams/").rsplit(".", 1)[0]
              for problem in problems.errors if problem.path.startswith("content/teams/")}
    # Models may come from the content cache of an earlier build: start their links afresh.
    for entry in (*site.teams, *site.activities, *site.services):
        entry.unlink()
    for activity in site.activities:
        if not activity.team_id:
            continue
        team = teams.get(activity.team_id)
        if team is None and activity.team_id in broken:
            continue
        named = None if team is not None else next((t.id for t in site.teams if t.name == activity.team_id), None)
        if named:  # asked only of an unknown id: every other activity would walk the teams
            problems.error(
                activity.path, activity.line_of("team"), "team",
                f"“{activity.team_id}” 是服务队的名称，这里要写它的编号（content/teams/ 里的文件名）：team: {named}",
                f"'{activity.team_id}' is the team's name: write its id (its file name in content/teams/), team: {named}",
            )
            continue
        if team is None and activity.team_id in drafts:
            problems.error(activity.path, activity.line_of("team"), "team", *_draft_team(activity.team_id, drafts[activity.team_id]))
            continue
        if team is None:
            hint_zh, hint_en = _team_hint(activity.team_id, site.teams)
            problems.error(
                activity.path, activity.line_of("team"), "team",
                f"找不到志愿服务队 “{activity.team_id}”（content/teams/ 里没有 {activity.team_id}.md）{hint_zh}",
                f"no team '{activity.team_id}' (no content/teams/{activity.team_id}.md){hint_en}",
            )
            continue
        activity.team = team
        team.activities.append(activity)
    for service in site.services:
        team = teams.get(service.provider)
        if team is not None:
            service.provider_team = team
            team.services.append(service)
        elif service.provider in drafts:
            problems.error(service.path, service.line_of("provider"), "provider", *_draft_team(service.provider, drafts[service.provider]))
        elif ID_PATTERN.match(service.provider) and service.provider not in broken:
            hint_zh, hint_en = did_you_mean(service.provider, teams)
            problems.error(
                service.path, service.line_of("provider"), "provider",
                f"“{service.provider}” 像是志愿服务队编号，但 content/teams/ 里没有这个队{hint_zh}（如果是单位名称，请直接写中文，如 社区卫生服务站）",
                f"'{service.provider}' looks like a team id but no such team exists{hint_en}",
            )
