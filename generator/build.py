"""The build, as a recipe: load -> validate -> link -> render -> print -> write."""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
import gc
import re
import shlex
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Mapping, Sequence

from .assets import FINGERPRINTED, add_assets
from .bodyedit import remember
from .buildstate import Manifest, _hash, code_version, file_digest
from .config import SiteConfig, load_config
from .content import load_content
from .errors import Problem, Problems, SiteError
from .folders import claim_build_folders, claim_poster_folders
from .images import resized_images, without_private
from .link import Site, link_site
from .models import Activity, Notice
from .lint import check_site
from .rebuild import render_stale
from .render import render_output
from .routes import plan
from .search import index_search
from .snapshot import BuildReport, cache_folder, Inputs, Snapshot, forget, input_folders, request_of
from .validate import _DATED_PREFIX
from .themes import (BUNDLED_THEMES, Theme, blocks_never_shown, compiled_templates, inside, links_leading_out,
                     load_strings, make_environment, resolve_theme)
from .write import move_changed, remove_leftovers, staging_folder, swap_in

if TYPE_CHECKING:  # posters pull in printing and QR codes (segno, urllib): imported when printing
    from .posters import PosterRun, PosterSpec, Progress


def today_in(config: SiteConfig) -> dt.date:
    return dt.datetime.now(config.tz).date()


def scan_inputs(root: Path, out: Path) -> Inputs:
    """Every file a build of ``root`` into ``out`` may read, as stat sees it now."""
    return Inputs.scan(input_folders(root, BUNDLED_THEMES), frozenset({str(out.resolve())}))


def check(root: Path, today: dt.date | None = None, drafts: bool = False,
          cache_dir: Path | None = None, inputs: Inputs | None = None, lint: bool = True) -> tuple[Site, Problems]:
    """load -> validate -> link, collecting every problem; raises only when site.yaml is unusable.
    ``inputs``: the files as stat saw them before the build read any (lets unchanged ones
    come from the cache unread). ``lint``: False when the caller lints with its own plan."""
    config, problems = load_config(root)
    today = today or today_in(config)
    content = load_content(config, problems, cache_dir, inputs.trusted(root, "content") if inputs else None, today)
    site = link_site(config, content.entries, content.media, today, drafts, problems)
    if lint or problems.errors:
        # privacy, output paths and links to the site's pages, before anything is published
        check_site(site, problems, with_errors=content.with_errors, files=lambda: files_besides_pages(site))
    return site, problems


def files_besides_pages(site: Site) -> set[str]:
    """The files a build publishes besides the planned pages, as ``check`` knows them: static
    files (with their published names), media, and the posters with their page, as a build
    that prints them has. For the links to pages of the site (lint.check_site_links)."""
    files = set(published_media(site))
    try:
        theme = resolve_theme(site.config)
        files.update(add_assets(make_environment(theme, site.config, theme.template_dirs), static_files(theme)))
        from .posters import poster_specs  # imported only when a text links to the site

        specs = poster_specs(site, load_strings(theme, site.config.language))
    except SiteError:  # a broken theme: check_templates tells what is wrong with it
        return files
    return files | poster_files(specs)


def _posters_of(site: Site, t: dict[str, str]) -> list[PosterSpec]:
    """The posters a build that prints would make: a link to one is no dead link in the
    preview or a build with --no-posters, as ``check`` does not take it for one either."""
    from .posters import poster_specs  # imported only when a text links to the site

    return poster_specs(site, t)


def poster_files(specs: Sequence[PosterSpec]) -> set[str]:
    """The files printing ``specs`` publishes, and the page listing them."""
    files = {path for spec in specs for path in (spec.pdf, spec.html, spec.preview)}
    return files | {"posters/index.html"} if specs else files


def check_templates(site: Site, problems: Problems) -> None:
    """Render one page of each template, so that ``check`` finds a mistake in a template or a
    theme file (a wrong field name, a broken strings file) before ``build`` stops on it."""
    try:
        theme = resolve_theme(site.config)
        problems.extend(theme_warnings(theme, site.config.root))
        env = make_environment(theme, site.config, theme.template_dirs)
        add_assets(env, static_files(theme))
        shared = {"site": site, "config": site.config, "t": load_strings(theme, site.config.language),
                  "today": site.today, "posters_page": False}
        samples = {output.template: output for output in plan(site) if output.template}
        for output in samples.values():
            render_output(env, output, shared)
    except SiteError as error:
        problems.extend(error.problems)


def theme_warnings(theme: Theme, root: Path) -> list[Problem]:
    """What the theme's author wrote that means nothing: a key of theme.yaml (``extend:``), a
    block the template extended has not (``{% block contents %}``), a link out of its folder."""
    return [*theme.warnings, *blocks_never_shown(theme, root), *links_leading_out(theme, root)]


def static_files(theme: Theme) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for folder in theme.static_dirs:
        if folder.is_dir():
            owner = theme.owner(folder)
            for path in sorted(folder.rglob("*")):
                # A link out of the theme's folder is not copied (theme_warnings tells of it).
                if path.is_file() and inside(path, owner):
                    files["static/" + path.relative_to(folder).as_posix()] = path
    return files


def media_files(site: Site) -> dict[str, Path]:
    """Output path -> file, for every file content links to: what the smaller copies of
    photos and the posters are made from."""
    return {_public(relpath): site.config.root / relpath for relpath in site.media}


def published_media(site: Site) -> dict[str, Path]:
    """Output path -> file, for the linked files published as they are (Site.originals): not
    a photo shown only from its smaller copies, which a resident never downloads whole."""
    return {_public(relpath): site.config.root / relpath for relpath in site.originals}


def shown_media(site: Site) -> dict[str, Path]:
    """Output path -> file, for the linked images a published text shows (Site.shown): those
    the smaller copies are made of. A photo only linked (``[看原图](photo.jpg)``) has none: no
    page would name them, and a phone photo's three copies take half a second to make."""
    return {_public(relpath): site.config.root / relpath for relpath in site.shown}


def _public(relpath: str) -> str:
    """``content/media/x.jpg`` -> ``media/x.jpg``; ``content/notices/x.jpg`` -> ``media/notices/x.jpg``."""
    inside = relpath.removeprefix("content/")
    return inside if inside.startswith("media/") else f"media/{inside}"


def _global_key(site: Site, theme: Theme, drafts: bool, posters: bool) -> str:
    """What every output depends on: our code, site.yaml, the theme's words and colour, the day, and
    whether posters are printed (every footer links to them then)."""
    strings = sorted(p for folder in theme.folders for p in (folder / "strings").glob("*.yaml"))
    assets = sorted(p for p in static_files(theme).values() if p.suffix in FINGERPRINTED)
    return _hash(code_version(), site.config.digest, *(file_digest(p) for p in strings + assets),
                 theme.color, site.today.isoformat(), str(drafts), str(posters))


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """A build keeps hundreds of thousands of objects alive (models, output records) and
    Python's collector, at its default thresholds, walks them again and again while they
    are made: 0.2-0.5 s of a one-file rebuild at 10,000 items. Collect less often."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def build(root: Path, out: Path, today: dt.date | None = None, drafts: bool = False,
          cache_dir: Path | None = None, posters: bool = True, progress: Progress | None = None,
          inputs: Inputs | None = None) -> BuildReport:
    """Build the site into ``out``. ``posters``: print the posters too (the slowest stage,
    cached); ``progress(done, total, title)`` is called after each poster printed.
    ``inputs``: the site's files scanned just before (by the no-change check), else scanned here."""
    # The theme's warnings are told also when the build then fails: ``extend:`` for ``extends:``
    # in theme.yaml fails it at "no base.html", far from the typo.
    told: list[Problem] = []
    with fewer_collections():
        try:
            return _build(root, out, today, drafts, cache_dir, posters, progress, inputs, told)
        except SiteError as error:
            if not told:
                raise
            every = Problems()
            every.extend([*error.problems, *told])
            raise SiteError(every.sorted()) from None


def _build(root: Path, out: Path, today: dt.date | None, drafts: bool, cache_dir: Path | None,
           posters: bool, progress: Progress | None, inputs: Inputs | None, told: list[Problem]) -> BuildReport:
    started = time.perf_counter()
    cache_dir = cache_dir or cache_folder(root)
    claim_build_folders(root, out, cache_dir)
    out = out.resolve()  # "--out ." has no name to put the staging folder beside
    if inputs is None or list(inputs.folders) != [str(folder) for folder in input_folders(root, BUNDLED_THEMES)]:
        inputs = scan_inputs(root, out)  # before anything is read
    site, problems = check(root, today, drafts, cache_dir, inputs, lint=False)
    if problems.errors:  # linted already, so that every problem is told at once
        raise SiteError(problems.sorted())
    theme = resolve_theme(site.config)
    told += theme_warnings(theme, site.config.root)
    problems.extend(told)
    env = make_environment(theme, site.config, theme.template_dirs)
    assets = add_assets(env, static_files(theme), cache_dir / "assets")
    shared = {"site": site, "config": site.config, "t": load_strings(theme, site.config.language), "today": site.today}
    specs = []
    if posters:
        from .posters import check_qr_address, poster_specs  # imported only by builds that print

        specs = poster_specs(site, shared["t"])
        if specs:
            check_qr_address(site.config, problems)
    shared["posters_page"] = bool(specs)
    outputs = plan(site, specs, cache_dir)
    originals = published_media(site)
    check_site(site, problems, outputs, files=lambda: {*assets, *originals, *poster_files(specs or _posters_of(site, shared["t"]))})
    if problems.errors:
        raise SiteError(problems.sorted())
    media = media_files(site)
    # Photos are published without where they were taken, their thumbnail and staff's names;
    # posters print from those copies too.
    cleaned = without_private(media, cache_dir)
    copies = {**assets, **originals, **{path: copy for path, copy in cleaned.items() if path in originals},
              **resized_images(shown_media(site), cache_dir)}
    global_key = _global_key(site, theme, drafts, bool(specs))
    env.bytecode_cache = compiled_templates(cache_dir, global_key)

    remove_leftovers(out)
    previous = Manifest.load(cache_dir, out)
    if not previous.matches(out):
        previous = Manifest()
    staging = staging_folder(out)
    try:
        staged = render_stale(outputs, env, shared, global_key, theme.template_dirs, staging, previous)
        search = index_search(staged.documents, staged.records, previous, staging, out, cache_dir)
        staged.records.update(search.records)
        staged.staged += search.staged
        # Printed after the pages (a template mistake shows first) and before publishing,
        # so the PDFs are swapped in with the pages they belong to.
        printed = None
        if specs:
            from .posters import make_posters

            printed = make_posters(site, specs, theme, shared, media, cache_dir / "posters", progress,
                                       cleaned=cleaned)
        if printed is not None:
            copies.update(printed.files)
        manifest = Manifest(str(out.resolve()), staged.records, template_references=staged.template_references)
        forget(cache_dir)
        if previous.outputs:
            removed = sorted(set(previous.outputs) - set(staged.records))
            move_changed(out, staging, staged.staged, removed, copies, manifest, previous, cache_dir)
        else:
            staging.mkdir(parents=True, exist_ok=True)
            swap_in(out, staging, copies, manifest, cache_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    report = BuildReport(pages=len(outputs), rendered=staged.rendered,
                         written=len(staged.staged), warnings=problems.sorted(),
                         seconds=time.perf_counter() - started)
    if printed is not None:
        report.warnings += printed.warnings
        report.posters, report.posters_printed = len(specs), len(printed.report.printed)
        report.poster_seconds = printed.report.seconds
    report.next_change, report.next_change_reason = next_change(site)
    published = sorted([*manifest.outputs, *manifest.copies])
    body_edits = remember(site, outputs, manifest, {spec.source for spec in specs}, global_key, bool(specs),
                          report.warnings)
    Snapshot(request_of(out, drafts, posters), site.config.timezone, site.today, inputs, published, report,
             body_edits).save(cache_dir)
    # After the snapshot is saved: a build that finds nothing changed gives its report again,
    # and must not tell of the move again.
    report.moved = moved_addresses(site, previous.outputs, manifest.outputs)
    return report


def moved_addresses(site: Site, before: Mapping[str, object], now: Mapping[str, object]) -> list[Problem]:
    """Activities and notices whose page moved since the last build of this output: a date fixed
    in the file name, a file renamed. Posters on the board carry the old address in their QR code,
    residents bookmarked it, and a calendar subscription (its UID is the slug, see ical.event_uid)
    shows the activity twice. ``slug:`` keeps the old address and UID in one line, so that is the
    fix told, once, from the last build's outputs; the output itself never depends on them (a
    clean build must equal an incremental one), so no redirect page is made from them. The UID
    stays the slug, date and all: a UID without the date would collide for a monthly activity
    of the same name, and changing the rule would change every published UID once."""
    problems = Problems()
    for entries in (site.activities, site.notices):
        pages = {entry.url.lstrip("/") + "index.html": entry for entry in entries}
        folders = {page.split("/", 1)[0] for page in pages}
        gone = [page for page in before if page not in now and page.endswith("/index.html")
                and page.split("/", 1)[0] in folders and page.count("/") == 2]
        new = _NewPages([page for page in pages if page not in before])
        for old in gone:
            page = new.renamed_as(old)
            if page is None:
                continue
            entry, old_slug = pages[page], old.split("/")[1]
            twice_zh, twice_en = (("，订阅了日历的居民会看到同一个活动两次", ", and calendar subscribers see the activity twice")
                                  if isinstance(entry, Activity) else ("", ""))
            old_url = site.config.base_url.rstrip("/") + "/" + old.removesuffix("index.html")
            problems.warning(
                entry.path, entry.lines.get("title"), "slug",
                f"这条内容的网址变了：上次生成时是 {old_url}，现在是 {entry.url}（文件改了名）。已经打印的海报上的二维码、"
                f"居民收藏或转发的链接会打不开{twice_zh}。要保留原来的网址，请在文件开头加一行 "
                f"slug: {old_slug}（网址里的日期不跟着改，二维码和日历都照常有效）；如果还没有发布过，可以不管这条提示",
                f"this item's address moved: the last build had it at {old_url}, now it is {entry.url} (the file was "
                f"renamed). QR codes on printed posters and shared links lead nowhere{twice_en}. To keep the old address, add the line slug: {old_slug} (the date in the address stays "
                f"as it was; QR codes and calendars keep working); if it was never published, ignore this")
    return problems.sorted()


class _NewPages:
    """The pages new since the last build, by folder and name without its date, looked up once
    for each page gone: compared page by page, 10,000 notices whose file names all changed took
    130 s (13 ms a page gone)."""

    def __init__(self, pages: list[str]) -> None:
        self.undated: dict[tuple[str, str], list[str]] = {}
        for page in pages:
            folder, name = page.split("/")[:2]
            self.undated.setdefault((folder, _DATED_PREFIX.sub("", name)), []).append(page)

    def renamed_as(self, old: str) -> str | None:
        """The new page ``old`` became: the one of the same name but the date (a date fixed in
        the file name, as the file-name date warning asks). Not "the only page new in its
        folder": a notice deleted and another added in one build (an old one taken down, a new
        one put up) would be told to take the deleted one's slug: and, an activity, its UID.
        A file renamed to another name is not told (the last build's titles are not kept)."""
        folder, name = old.split("/")[:2]
        same = self.undated.get((folder, _DATED_PREFIX.sub("", name)), [])
        return same[0] if len(same) == 1 else None


def posters_only(root: Path, out: Path, today: dt.date | None = None, only: str | None = None,
                 cache_dir: Path | None = None, progress: Progress | None = None, drafts: bool = False) -> PosterRun:
    """``noticeboard posters``: print the posters (those whose name, title or file matches
    ``only``: see _matches) as ``out/<name>.pdf``, without building the website. Shares the
    print cache with ``build``. ``drafts``: drafts' posters too (printed before the page is
    published: each says its QR code leads nowhere yet)."""
    from .posters import PosterRun, check_qr_address, make_posters, poster_specs

    cache_dir = cache_dir or cache_folder(root)
    claim_poster_folders(root, out, cache_dir)
    site, problems = check(root, today, drafts, cache_dir)
    if problems.errors:
        raise SiteError(problems.sorted())
    check_qr_address(site.config, problems)
    theme = resolve_theme(site.config)
    problems.extend(theme_warnings(theme, site.config.root))
    shared = {"site": site, "config": site.config, "t": load_strings(theme, site.config.language), "today": site.today}
    specs = [spec for spec in poster_specs(site, shared["t"])
             if only is None or any(_matches(value, only) for value in (spec.name, spec.title, spec.source))]
    told_why = only is not None and not specs and _why_no_poster(site, only, problems, drafts)
    for spec in specs:
        if getattr(spec.entry, "draft", False):
            address = site.config.absolute(spec.page_url)
            problems.warning(spec.source, spec.entry.line_of("draft"), "draft",
                             f"这是草稿：海报上的二维码指向 {address}，网站发布（去掉 draft: true 再 build）前扫码打不开",
                             f"a draft: the QR code leads to {address}, which opens only once the site is built "
                             f"without draft: true")
        elif isinstance(spec.entry, Notice) and spec.entry.scheduled_on(site.today):
            address = site.config.absolute(spec.page_url)
            problems.warning(spec.source, spec.entry.line_of("date"), "date",
                             f"这条通知定于 {spec.entry.date:%Y-%m-%d} 发布：海报上的二维码指向 {address}，"
                             f"到那天网站自动生成后扫码才打得开",
                             f"scheduled for {spec.entry.date:%Y-%m-%d}: the QR code leads to {address}, which "
                             f"opens only once the build of that day has published it")
    media = media_files(site)
    run = make_posters(site, specs, theme, shared, media, cache_dir / "posters", progress, out_dir=out,
                       cleaned=without_private(media, cache_dir)) if specs else PosterRun(specs)
    run.warnings = problems.sorted() + run.warnings
    run.told_why = told_why
    return run


def _why_no_poster(site: Site, only: str, problems: Problems, drafts: bool) -> bool:
    """``--only`` matched no poster: say why for the notices and activities it names (they
    print only while listed, and only when they ask for a poster; drafts and scheduled notices
    only with ``--drafts``), with what to do. Whether it said anything."""
    listed = {id(entry) for entry in (*site.notices, *site.activities)}
    # Without --drafts these are in no list: named by --only, they were told as "no poster
    # matches", and the writer looked for a typo in a word that was right.
    held = [] if drafts else [entry for entry in (*site.drafts, *site.scheduled)
                              if isinstance(entry, (Notice, Activity)) and id(entry) not in listed]
    told = False
    for entry in (*site.notices, *site.activities, *held):
        if not any(_matches(value, only) for value in (f"{entry.FOLDER}/{entry.slug}", entry.title, entry.path)):
            continue
        if entry.poster is None and entry.line_of("poster"):
            problems.warning(entry.path, entry.line_of("poster"), "poster",
                             f"“{entry.title}” 写了不印海报：要印，把这一行改成 poster: true（或 poster: a3）",
                             f"'{entry.title}' says no poster: to print one, make this line poster: true (or poster: a3)")
        elif entry.poster is None:
            problems.warning(entry.path, None, "poster",
                             f"“{entry.title}” 没有要海报：在文件开头的字段里加一行 poster: true（或 poster: a3）",
                             f"'{entry.title}' asks for no poster: add poster: true (or poster: a3) to its front matter")
        elif isinstance(entry, Notice) and entry.expired_on(site.today):
            problems.warning(entry.path, entry.line_of("expires"), "expires",
                             f"“{entry.title}” 已在 {entry.expires:%Y-%m-%d} 过期，过期的通知不再印海报；"
                             f"要补印，加上 --today {entry.expires:%Y-%m-%d}",
                             f"'{entry.title}' expired on {entry.expires:%Y-%m-%d} and expired notices print no poster; "
                             f"to print it anyway, add --today {entry.expires:%Y-%m-%d}")
        elif isinstance(entry, Activity) and entry.is_past(site.now):
            field = "end" if entry.line_of("end") else "start"  # the line named is the field's
            problems.warning(entry.path, entry.line_of(field), field,
                             f"“{entry.title}” 已在 {entry.last_day:%Y-%m-%d} 结束，结束的活动不再印海报；"
                             f"要补印，加上 --today {entry.last_day:%Y-%m-%d}",
                             f"'{entry.title}' ended on {entry.last_day:%Y-%m-%d} and past activities print no poster; "
                             f"to print it anyway, add --today {entry.last_day:%Y-%m-%d}")
        elif entry.draft:
            problems.warning(entry.path, entry.line_of("draft"), "draft",
                             f"“{entry.title}” 是草稿（draft: true），草稿不印海报；要现在先印出来，在刚才的命令后加上 --drafts，"
                             f"如 {_posters_command(only)}",
                             f"'{entry.title}' is a draft (draft: true) and drafts print no poster; to print it now, "
                             f"add --drafts to the command, as in {_posters_command(only)}")
        elif isinstance(entry, Notice) and entry.scheduled_on(site.today):
            problems.warning(entry.path, entry.line_of("date"), "date",
                             f"“{entry.title}” 定于 {entry.date:%Y-%m-%d} 发布，还没发布的通知不印海报；"
                             f"要现在先印出来，在刚才的命令后加上 --drafts，如 {_posters_command(only)}",
                             f"'{entry.title}' is scheduled for {entry.date:%Y-%m-%d} and a notice not yet published "
                             f"prints no poster; to print it now, add --drafts to the command, as in "
                             f"{_posters_command(only)}")
        else:
            continue  # it has its poster: not why nothing matched
        told = True
    return told


def _posters_command(only: str) -> str:
    """The command that prints what ``--only`` named, drafts and scheduled notices included."""
    # Quoted only when a shell needs it: shlex.quote puts quotes around any Chinese word.
    word = only if re.fullmatch(r"[\w@%+=:,./-]+", only) else shlex.quote(only)
    return f"noticeboard posters --only {word} --drafts"


def _matches(value: str, only: str) -> bool:
    """``--only``: a glob, or, without * ? [, a word the name, title or file contains (staff
    type ``--only 停水`` for the poster about the water cut)."""
    if any(mark in only for mark in "*?["):
        return fnmatch.fnmatchcase(value.casefold(), only.casefold())
    return only.casefold() in value.casefold()


def next_change(site: Site) -> tuple[dt.date, tuple[str, str]]:
    """The first day on which the site would look different without any edit: a notice
    expires or is published (a scheduled one), an activity becomes past, a paused service
    resumes, a team is dissolved, a new week or month starts. On a day with several, one of the
    content's is the reason given: staff know it, where a new month is routine."""
    candidates: list[tuple[dt.date, int, str, str]] = [
        (site.today + dt.timedelta(days=7 - site.today.weekday()), 1, "新的一周开始，“本周活动” 更新", "a new week starts"),
        ((site.today.replace(day=28) + dt.timedelta(days=4)).replace(day=1), 1, "新的月份开始，日历更新", "a new month starts"),
    ]
    for notice in site.notices:
        if notice.expires is not None and notice.expires >= site.today:
            candidates.append((notice.expires + dt.timedelta(days=1), 0, f"通知 “{notice.title}” 过期", f"notice '{notice.title}' expires"))
    for notice in site.scheduled:  # held back until its date: the build of that day publishes it
        candidates.append((notice.date, 0, f"通知 “{notice.title}” 发布", f"notice '{notice.title}' is published"))
    for activity in site.upcoming:
        candidates.append((activity.last_day + dt.timedelta(days=1), 0, f"活动 “{activity.title}” 结束", f"activity '{activity.title}' ends"))
    for service in site.services:
        if service.resumes is not None and service.paused_on(site.today):  # offered again that day
            candidates.append((service.resumes, 0, f"服务 “{service.name}” 恢复", f"service '{service.name}' resumes"))
    for team in site.teams:
        if team.dissolved is not None and team.dissolved > site.today:
            candidates.append((team.dissolved, 0, f"服务队 “{team.name}” 解散", f"team '{team.name}' is dissolved"))
    day, _, zh, en = min(candidates, key=lambda c: c[:3])
    return day, (zh, en)
