"""Lint: checks over the whole linked site, just before anything is published.

Two mistakes can only be seen once every file is read:

- a private number in public text: a resident's ID-card number (valid check digit), or a mobile
  number that is not a declared contact (a team's or a service's ``contact``, the community's
  ``phone``) and not allowed in ``site.yaml`` (``privacy: allowed_numbers: [...]``). Found by
  :mod:`generator.privacy`; messages show the number masked, because build logs get pasted
  into chat groups.
- an entry whose page would land on a page or folder the site itself writes (a page with
  ``slug: notices`` would overwrite the notice list; ``slug: static`` would sit among the
  style sheets), which two entries' URLs alone do not show (see ``link._check_unique_urls``).
- a link in a text to a page of this site that the site does not have (``/notices/...`` with a
  typo in its name, a Mac's ``/Users/...`` pasted as a link): each file's links are found when
  it is parsed (Entry.site_links), and judged here against every file the build publishes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import posixpath
import re
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import privacy
from .encoding import EncodingError, decode_source
from .errors import Problems, did_you_mean, suggestion
from .link import Site
from .load import YamlProblem, split_front_matter
from .markup import OWN_COMPUTER_FOLDERS, as_written, own_computer_message
from .models import Document, Entry, MonthStats, Notice, Service, ServiceCategory, Team
from .routes import Output, plan
from .slugs import slugify

# Folders of the output that are filled by copying files, not by routes (see build.py).
COPIED_FOLDERS = ("static/", "media/", "posters/")

# Front-matter keys whose value lives under another attribute name on the model.
_ATTRIBUTE_OF = {
    (Team, "name"): "title",
    (ServiceCategory, "category"): "title",
    (MonthStats, "highlights"): "highlights_html",
}


def check_site(site: Site, problems: Problems, outputs: list[Output] | None = None,
               with_errors: Sequence[Entry] = (), files: Callable[[], Iterable[str]] | None = None) -> None:
    """Every pre-publish check; problems go into ``problems``. ``outputs``: the site's plan
    when the caller has made it already (planning 10,000 items takes 0.1 s). ``with_errors``:
    models of files with other errors, checked for private numbers too. ``files``: the files
    the build publishes besides ``outputs`` (static files, media, posters), asked for only
    when a text links to a page of the site."""
    check_privacy(site, problems, with_errors)
    outputs = plan(site) if outputs is None else outputs
    check_output_paths(site, problems, outputs)
    check_site_links(site, problems, outputs, files, with_errors)
    check_future_months(site, problems)
    check_ended_years(site, problems)


def check_ended_years(site: Site, problems: Problems) -> None:
    """A year that is over whose figures stop before December (the files of November and
    December never written): its targets are judged on the months there are, and its page
    and poster say so (generator.stats.YearTotal.verdict). Told at every build until the
    months are in, as check_future_months is: it depends on the day of the build."""
    last_of_year: dict[int, MonthStats] = {}
    for stats in site.stats:  # oldest first: the last of each year stays
        last_of_year[stats.month.year] = stats
    for year, last in last_of_year.items():
        if year >= site.today.year or last.month.month == 12:
            continue
        missing = [dt.date(year, month, 1) for month in range(last.month.month + 1, 13)]
        folder = posixpath.dirname(last.path)
        files = "、".join(posixpath.join(folder, f"{month:%Y-%m}.yaml") for month in missing)
        files_en = ", ".join(posixpath.join(folder, f"{month:%Y-%m}.yaml") for month in missing)
        months = "、".join(f"{month.month}月" for month in missing)
        months_en = ", ".join(f"{month:%Y-%m}" for month in missing)
        problems.warning(
            last.path, last.line_of("month"), "month",
            f"{year}年已经结束，统计只到 {last.month:%Y-%m}，缺{months}的文件，{year}年的全年汇总和年目标只能按已有的月份算："
            f"请补上 {files}（可用 noticeboard new stats {missing[0]:%Y-%m} 生成）；"
            f"如果某月确实没有统计，也请建这个月的文件，figures 下的数字空着",
            f"{year} is over but its figures stop at {last.month:%Y-%m}, with no file for {months_en}: the year's "
            f"totals and targets can only be worked out on the months there are. Add {files_en} "
            f"(noticeboard new stats {missing[0]:%Y-%m} writes one); for a month that truly has no figures, add its "
            f"file with the figures left blank",
        )


def check_future_months(site: Site, problems: Problems) -> None:
    """A month's figures are reported after it: one still to come is a year or month typed
    wrong (2027-10 for 2026-10), and the site would show it as the newest report. Here rather
    than when the file is read: it depends on the day of the build, and read files are cached."""
    this_month = site.today.replace(day=1)
    for stats in site.stats:
        if stats.month > this_month:
            problems.warning(
                stats.path, stats.line_of("month"), "month",
                f"{stats.month:%Y-%m} 还没到（今天是 {site.today:%Y-%m-%d}），网站会把它当作最新一期统计显示："
                f"如果年份或月份写错了，请改正 month 和文件名",
                f"{stats.month:%Y-%m} has not come yet (today is {site.today:%Y-%m-%d}) and the site shows it as the "
                f"newest report: if the year or month is wrong, correct month and the file name",
            )


# ---- privacy ---------------------------------------------------------------------------


def declared_numbers(site: Site, with_errors: Sequence[Entry] = ()) -> set[str]:
    """Numbers that may be shown: declared contacts (of files with errors too: their own
    contact is no private number) and the site's explicit allow list."""
    texts = [site.config.community.phone, *site.config.allowed_numbers]
    texts += [team.contact for team in site.teams] + [service.contact for service in site.services]
    texts += [entry.contact for entry in _with_items(with_errors) if isinstance(entry, (Team, Service))]
    return {finding.value for text in texts for finding in privacy.find_private_numbers(text)}


def public_texts(entry: Entry) -> Iterator[tuple[str | None, str]]:
    """(front-matter key or None for the body, text) for every text a page shows of ``entry``."""
    for key, spec in entry.FIELDS.items():
        if spec.kind == "phone":
            continue  # a declared contact: shown on purpose
        value = getattr(entry, _ATTRIBUTE_OF.get((type(entry), key), key), None)
        for text in _strings(value):
            yield key, text
    if isinstance(entry, Document):
        # Not just its text: a tel: link or an alt text is public too. Emphasis inside a
        # number goes (**138**12345678 shows one number), tags with attributes stay.
        yield None, html.unescape(_EMPHASIS.sub("", entry.body_html))


# Inline tags without attributes (as the sanitizer writes them): nothing between a number's digits on the page.
_EMPHASIS = re.compile(r"</?(?:strong|em|b|i|u|s|del|ins|mark|small|sub|sup|code|span)>")


def numbers_in(entry: Entry) -> tuple[tuple[str | None, privacy.Finding], ...]:
    """Every number in ``entry``'s public texts that may be private (see Entry.numbers)."""
    return tuple((key, finding) for key, text in public_texts(entry) for finding in privacy.find_private_numbers(text))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield html.unescape(value)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict):  # attachments: {title, url, name}
                yield from (v for v in item.values() if isinstance(v, str))


def _site_texts(site: Site) -> Iterator[tuple[str, str]]:
    config = site.config
    yield "title", config.title
    yield "description", config.description
    for key in ("name", "address", "hours"):
        yield "community", getattr(config.community, key)


def _with_items(entries: Sequence[Entry]) -> Iterator[Entry]:
    """``entries``, each service category followed by its services."""
    for entry in entries:
        yield entry
        if isinstance(entry, ServiceCategory):
            yield from entry.all_items


def check_privacy(site: Site, problems: Problems, with_errors: Sequence[Entry] = ()) -> None:
    allowed = declared_numbers(site, with_errors)
    for key, text in _site_texts(site):
        for finding in privacy.find_private_numbers(text):
            if finding.value not in allowed:
                _report(problems, "site.yaml", site.config.lines.get(key), key, finding)
    # Scheduled notices too: the unattended build of their date publishes them, and a number
    # found only then would stop that build (and every one after it) with nobody watching.
    listed = {id(notice) for notice in site.notices}
    waiting = [notice for notice in site.scheduled if id(notice) not in listed]
    for entry in [*site.entries(), *site.service_categories, *_with_items(with_errors), *waiting]:
        for key, finding in entry.numbers:
            if finding.value not in allowed:
                line = entry.line_of(key) if key else _body_line(site, entry, finding.value)
                _report(problems, entry.path, line, key, finding)


def _body_line(site: Site, entry: Entry, value: str) -> int | None:
    """The line of the Markdown body where a number stands (the model keeps only the text)."""
    try:
        text, _ = decode_source((site.config.root / entry.path).read_bytes())
        _, body, first_line = split_front_matter(text)
    except (OSError, EncodingError, YamlProblem):
        return None
    for offset, line in enumerate(body.split("\n")):
        if any(f.value == value for f in privacy.find_private_numbers(line)):
            return first_line + offset
    return first_line


def _report(problems: Problems, path: str, line: int | None, key: str | None, finding: privacy.Finding) -> None:
    shown = privacy.mask(finding)
    where_zh, where_en = ("", "") if key else ("正文里", "the body ")
    if finding.kind == "id_card_typo":  # an error too: a mistyped ID is still a resident's number
        problems.error(
            path, line, key,
            f"{where_zh}有一个像身份证号的 18 位数字 {shown}（校验位对不上，可能输错了一位）：居民的身份证号即使输错了"
            f"也不能公开，请删掉或写成 {shown} 这样打码的形式；如果它不是身份证号（如订单号），请把它加到 site.yaml 的 "
            "privacy: allowed_numbers 里",
            f"{where_en}holds an 18-digit number like an ID-card number ({shown}; its check digit is wrong, "
            f"perhaps mistyped): a resident's ID number must not be published even mistyped; remove it or mask "
            f"it like {shown}; if it is no ID number (an order number), add it to privacy: allowed_numbers in site.yaml",
        )
    elif finding.kind == "old_id_card":  # 15 digits: a registration number may look like one
        problems.error(
            path, line, key,
            f"{where_zh}有一个像 15 位老身份证号的数字 {shown}：居民的身份证号不能公开，请删掉或写成 {shown} 这样打码的形式；"
            "如果它不是身份证号（如营业执照注册号、订单号），请把它加到 site.yaml 的 privacy: allowed_numbers 里",
            f"{where_en}holds a number like an old 15-digit ID-card number ({shown}): remove it or mask it like "
            f"{shown}; if it is no ID number (a registration or order number), add it to privacy: allowed_numbers in site.yaml",
        )
    elif finding.kind == "id_card":
        problems.error(
            path, line, key,
            f"{where_zh}有身份证号 {shown}，居民的身份证号不能公开到网站上：请删掉；"
            f"公示名单只写姓名，确需号码时写成 {shown} 这样打码的形式",
            f"{where_en}holds an ID-card number ({shown}); residents' ID numbers must not be published: "
            f"remove it, or write it masked like {shown}",
        )
    else:
        problems.error(
            path, line, key,
            f"{where_zh}有手机号 {shown}，它不是服务队、服务项目或社区登记的联系电话，私人号码不能公开：请删掉，"
            "或改写登记过的联系电话；如果这个号码确实可以公开（如服务热线），请把它加到 site.yaml 的 "
            "privacy: allowed_numbers 里",
            f"{where_en}holds a mobile number ({shown}) that is not a declared contact of a team, a service "
            "or the community; private numbers must not be published: remove it, or if it is public "
            "(a hotline), add it to privacy: allowed_numbers in site.yaml",
        )


# ---- output paths ----------------------------------------------------------------------


def check_output_paths(site: Site, problems: Problems, outputs: list[Output]) -> None:
    """An entry's page must not land on, or inside the folder of, a page the site writes itself."""
    own = [o for o in outputs if _entry_of(o) is None]
    owner_of = {o.path: o for o in own}
    folders: dict[str, str] = {folder: "" for folder in COPIED_FOLDERS}  # "": no page to name
    for output in own:
        folder = output.path  # its folders by string cuts: thousands of outputs, each build
        while (cut := folder.rfind("/")) > 0:
            folder = folder[:cut]
            folders.setdefault(f"{folder}/", output.url)
    for output in outputs:
        entry = _entry_of(output)
        if entry is None:
            continue
        if output.path in owner_of:
            _report_taken(problems, entry, output.url, None)
        elif output.path.removesuffix("index.html") in folders:
            _report_taken(problems, entry, output.url, folders[output.path.removesuffix("index.html")])


def _entry_of(output: Output) -> Entry | None:
    page = output.context.get("page")
    return page if isinstance(page, Entry) else None


def _report_taken(problems: Problems, entry: Entry, url: str, inside: str | None) -> None:
    """``inside`` is None when the site writes a page at ``url`` itself, else a page (or "")
    in the site's own folder at ``url``."""
    explicit = entry.line_of("slug") is not None
    fix_zh = "换一个 slug" if explicit else "给文件改名，或写一个不同的 slug"
    fix_en = "choose another slug" if explicit else "rename the file or give it a slug"
    if inside is None:
        what_zh, what_en = "已被网站自己的页面使用，生成时会互相覆盖", "is a page of the site itself and would be overwritten"
    else:
        what_zh = f"是网站自己使用的文件夹{f'（里面有 {inside}）' if inside else ''}，生成时会混在一起"
        what_en = f"is a folder the site itself uses{f' (for {inside})' if inside else ''}"
    problems.error(
        entry.path, entry.line_of("slug"), "slug" if explicit else None,
        f"网址 {url} {what_zh}：请{fix_zh}",
        f"the URL {url} {what_en}: {fix_en}",
    )


# ---- links to pages of the site --------------------------------------------------------

_PAGE_FILES = (".md", ".yaml", ".yml")


def site_link_path(target: str) -> str:
    """The output file a link to a page of this site (``/notices/x/#map``) asks for,
    relative to the output folder: by its path alone, ``index.html`` for a folder."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if "/." in path or "//" in path:  # what a browser makes of /notices/../activities/
        path = posixpath.normpath(path) + ("/" if path.endswith("/") else "")
    relative = path.lstrip("/")
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


def site_link_exists(target: str, published: set[str] | frozenset[str]) -> bool:
    """Whether a link to a page of this site leads to a file among ``published`` (output
    paths). Without its last "/" (``/notices/x``) it leads to the folder's page too: web
    servers answer with it."""
    path = site_link_path(target)
    return path in published or (not path.endswith("index.html") and f"{path}/index.html" in published)


def check_site_links(site: Site, problems: Problems, outputs: list[Output],
                     files: Callable[[], Iterable[str]] | None = None, with_errors: Sequence[Entry] = ()) -> None:
    """Links in texts to pages of this site that the site does not publish: a warning each,
    with the closest address it has; a place on the staff member's computer is an error,
    as C:\\... is (markup.MediaLinks.link). One set lookup a link; the set of every
    published file is made only when some text links to the site. ``with_errors``: models
    of files with other errors, so that one check tells every problem."""
    linking = [entry for entry in (*site.entries(), *site.service_categories, *with_errors) if entry.site_links]
    if not linking:
        return
    published = {output.path for output in outputs}
    published.update(files() if files is not None else ())
    # Pages of drafts and scheduled notices: in ``published`` in a build with drafts (the
    # preview), where a link to one from a published page works, and staff never learned it
    # leads residents to "page not found" on the real site. Told there as the real build tells it.
    held = {site_link_path(entry.url) for entry in (*site.drafts, *site.scheduled)} & published
    # Files only drafts and scheduled notices link, and copies of photos only they show: told
    # alike, in the preview (which publishes them) as in the real build (which does not).
    held_files = bool(site.held_media or site.held_shown)
    addresses: _Addresses | None = None  # made for the first dead link
    for entry in linking:
        for target, line in entry.site_links:
            if (held and site_link_exists(target, held) or held_files and held_file(site, target) is not None) \
                    and not getattr(entry, "draft", False) \
                    and not (isinstance(entry, Notice) and entry.scheduled_on(site.today)):
                _report_held_link(site, problems, entry.path, line, target)
                continue
            if site_link_exists(target, published) or _made_while_building(site, target, published):
                continue
            if target.startswith(OWN_COMPUTER_FOLDERS):
                problems.error(entry.path, line, None, *own_computer_message(target))
                continue
            addresses = addresses or _Addresses(published)
            _report_dead_link(site, problems, entry.path, line, target, addresses)


def _made_while_building(site: Site, target: str, published: set[str]) -> bool:
    """Whether a link leads to a file the build makes after this check, from what it renders
    or copies: the search index (/search-index/meta.json) and the smaller copies of a photo
    (/media/x.480w.jpg, made of a photo a published text shows, whether or not the photo itself
    is published; not of one only linked, see build.shown_media).
    Asked only for a link to no file among ``published``, so every other link stays one set
    lookup."""
    from .search import is_index_file  # its parts are imported by a build already

    path = site_link_path(target)
    if is_index_file(path):
        return True
    return _copy_of(site, path, site.shown) is not None


def _copy_of(site: Site, path: str, photos: list[str]) -> str | None:
    """The photo among ``photos`` (content paths, sorted) of which the output file ``path``
    (``media/x.480w.jpg``) is a smaller copy that a build makes, or None."""
    from .images import measure, variant_of, widths_for

    variant = variant_of(path)
    if variant is None:
        return None
    original, width = variant
    relpath = _among(_content_paths(original), photos)
    measured = measure(site.config.root / relpath) if relpath is not None else None
    return relpath if measured is not None and width in widths_for(measured[1]) else None


def _content_paths(public: str) -> tuple[str, str]:
    """The files under content/ published as ``public`` (``media/<path under content/>``, or
    so itself for content/media/)."""
    return f"content/{public}", f"content/{public.removeprefix('media/')}"


def _among(relpaths: Iterable[str], ordered: list[str]) -> str | None:
    """The first of ``relpaths`` in the sorted list ``ordered``, or None."""
    for relpath in relpaths:
        at = bisect.bisect_left(ordered, relpath)
        if at < len(ordered) and ordered[at] == relpath:
            return relpath
    return None


def held_file(site: Site, target: str) -> tuple[str, bool] | None:
    """The file under content/ that a link to ``/media/...`` leads to, when only drafts and
    scheduled notices link it (Site.held_media), with False; or the photo of which it asks for a
    smaller copy, when only they show it (Site.held_shown), with True. Published by the
    preview, not by a build without drafts (until one of them is). None for any other link."""
    path = site_link_path(target)
    if not path.startswith("media/"):
        return None
    found = _among(_content_paths(path), site.held_media)
    if found is not None:
        return found, False
    photo = _copy_of(site, path, site.held_shown)
    return (photo, True) if photo is not None else None


class _Addresses:
    """Every published file as a link to it is written, for a did-you-mean. difflib compares
    a word with each choice: 0.1-0.4 s a dead link among 16,000 addresses, each build. Given
    instead the addresses next to it in sorted order, forwards and backwards (those sharing
    the most of its start, or of its end: a typo is in one half or the other), 1 ms."""

    NEAR = 20  # addresses on each side

    def __init__(self, published: set[str]) -> None:
        self.forwards = sorted("/" + path.removesuffix("index.html") for path in published)
        self.backwards = sorted(address[::-1] for address in self.forwards)
        self.known = set(self.forwards)

    def near(self, written: str) -> list[str]:
        found: dict[str, None] = {}
        for ordered, word, turn in ((self.forwards, written, 1), (self.backwards, written[::-1], -1)):
            at = bisect.bisect_left(ordered, word)
            found.update((address[::turn], None) for address in ordered[max(0, at - self.NEAR):at + self.NEAR])
        return list(found)


def _report_held_link(site: Site, problems: Problems, path: str, line: int, target: str) -> bool:
    """A link to the page of a draft or of a scheduled notice: a dead link on the published
    site (until its date, for a scheduled one), told with what it is rather than a
    did-you-mean. Whether ``target`` is such a page."""
    notice = next((n for n in site.scheduled if site_link_exists(target, {site_link_path(n.url)})), None)
    if notice is not None:
        problems.warning(
            path, line, None,
            f"链接的网页 “{target}” 是通知 “{notice.title}”（{notice.path}），定于 {notice.date:%Y-%m-%d} 发布："
            f"在那之前居民点开会看到 “找不到网页”，到那天自动生成后才能打开。如果现在就要发布，请把那条通知的 date 改成今天或更早",
            f"the linked page '{target}' is the notice '{notice.title}' ({notice.path}), scheduled for "
            f"{notice.date:%Y-%m-%d}: residents following it get 'page not found' until the build of that day. "
            f"To publish it now, change that notice's date to today or earlier",
        )
        return True
    draft = next((d for d in site.drafts if site_link_exists(target, {site_link_path(d.url)})), None)
    if draft is None and (site.held_media or site.held_shown) and (held := held_file(site, target)) is not None:
        _report_held_file(site, problems, path, line, target, *held)
        return True
    if draft is not None:
        problems.warning(
            path, line, None,
            f"链接的网页 “{target}” 是草稿 “{draft.title or draft.id}”（{draft.path} 里写了 draft: true），不会发布："
            f"居民点开会看到 “找不到网页”。要发布它，请删掉 {draft.path} 里的 draft: true；否则请删掉这个链接",
            f"the linked page '{target}' is the draft '{draft.title or draft.id}' ({draft.path} says draft: true), "
            f"which is not published: residents following it get 'page not found'. To publish it, remove "
            f"draft: true from {draft.path}; else remove this link",
        )
        return True
    return False


def _report_held_file(site: Site, problems: Problems, path: str, line: int, target: str, relpath: str,
                      copy: bool) -> None:
    """A link from a published page to a file that only drafts and scheduled notices link, or
    (``copy``) to a smaller copy of a photo that only they show: not on the website until one
    of them is published. ``relpath``: the file, or the photo."""
    holder = next(e for e in (*site.drafts, *site.scheduled) if relpath in e.media)
    fixed = as_written(relpath.removeprefix("content/"))
    if isinstance(holder, Notice) and holder.scheduled_on(site.today):
        whose_zh = f"定于 {holder.date:%Y-%m-%d} 发布的通知 “{holder.title}”（{holder.path}）"
        whose_en = f"the notice '{holder.title}' ({holder.path}), scheduled for {holder.date:%Y-%m-%d}"
        until_zh, until_en = "在那之前", "before then"
    else:
        whose_zh = f"草稿 “{holder.title or holder.id}”（{holder.path} 里写了 draft: true）"
        whose_en = f"the draft '{holder.title or holder.id}' ({holder.path} says draft: true)"
        until_zh, until_en = "草稿发布前", "until the draft is published"
    if copy:
        zh = (f"链接的 “{target}” 是照片 {relpath} 的缩小版，只有{whose_zh}显示这张照片，{until_zh}网站上不会有这个缩小版，"
              f"居民点开会看到 “找不到网页”：请改成链接照片本身，写成 {fixed}（照片会和本页一起发布）；否则请等那一条发布后再加这个链接")
        en = (f"the linked '{target}' is a smaller copy of the photo {relpath}, which only {whose_en} shows: the "
              f"website has no such copy {until_en}, and residents following the link get 'page not found'. Link "
              f"the photo itself, as {fixed} (published with this page); else add the link once that one is published")
    else:
        zh = (f"链接的文件 “{target}”（{relpath}）只有{whose_zh}用到，{until_zh}不会放到网站上，居民点开会看到 “找不到网页”："
              f"要和本页一起发布，请写成 {fixed}（开头不要 “/”）；否则请等那一条发布后再加这个链接")
        en = (f"the linked file '{target}' ({relpath}) is linked only by {whose_en} and is not on the website "
              f"{until_en}: residents following the link get 'page not found'. To publish it with this page, write "
              f"{fixed} (without the leading '/'); else add the link once that one is published")
    problems.warning(path, line, None, zh, en)


def _report_dead_link(site: Site, problems: Problems, path: str, line: int, target: str,
                      addresses: _Addresses) -> None:
    if _report_held_link(site, problems, path, line, target):
        return
    written = target.split("#", 1)[0].split("?", 1)[0]
    relative = written.lstrip("/")
    in_content = site.config.root / "content" / relative
    if relative and ".." not in relative.split("/") and not relative.endswith(_PAGE_FILES) and in_content.is_file():
        # /media/照片.jpg: a file of the site, linked as a page, so never copied into the output
        # (a /notices/x.md is meant as its page: the did-you-mean below names it)
        fixed = as_written(relative)
        problems.warning(
            path, line, None,
            f"链接的文件 “{target}” 不会被复制到网站上，居民打不开：链接 content/ 里的文件时开头不要写 “/”，"
            f"请写成 {fixed}",
            f"the linked file '{target}' is not copied into the website: link files under content/ without "
            f"the leading '/', as {fixed}",
        )
        return
    # Written with the Chinese of a file or tag name (/tags/停水/), whose page has its pinyin.
    slugged = "/".join(part if part.isascii() else slugify(part) for part in written.split("/"))
    if slugged != written and (slugged in addresses.known or slugged + "/" in addresses.known):
        address = slugged if slugged in addresses.known else slugged + "/"
        hint_zh, hint_en = suggestion(address)
    else:
        hint_zh, hint_en = did_you_mean(written, addresses.near(written))
    problems.warning(
        path, line, None,
        f"链接的网页 “{target}” 在本网站上不存在，居民点开会看到 “找不到网页”{hint_zh or '。'}"
        f"请核对网址；链接其他网站时请写 https:// 开头的完整网址",
        f"the linked page '{target}' does not exist on this site: residents following it get 'page not "
        f"found'{hint_en or '.'} Check the address; for a page of another site write the full https:// address",
    )
