"""The build, as a recipe: load -> validate -> link -> render -> print -> write."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .config import SiteConfig, load_config
from .errors import Problem, Problems, SiteError
from .link import Site, link_site
from .load import content_files, escapes_root, load_document
from .markup import MarkdownRenderer, MediaLinks
from .models import Entry, type_for_folder
from .render import render_all
from .routes import plan
from .themes import Theme, load_strings, make_environment, resolve_theme
from .validate import FileContext, validate_document
from .write import publish


@dataclass
class BuildReport:
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    next_change: dt.date | None = None
    next_change_reason: tuple[str, str] = ("", "")


def today_in(config: SiteConfig) -> dt.date:
    return dt.datetime.now(config.tz).date()


def load_content(config: SiteConfig, problems: Problems) -> tuple[list[Entry], set[str]]:
    """Load and validate every content file; problems go into ``problems``."""
    root = config.root
    renderer = MarkdownRenderer(MediaLinks(root, config.base_path))
    entries: list[Entry] = []
    media: set[str] = set()
    for relpath in content_files(root):
        parts = PurePosixPath(relpath).parts  # ("content", folder, ..., name)
        suffix = PurePosixPath(relpath).suffix.lower()
        kind = type_for_folder(parts[1], suffix) if len(parts) == 3 else None
        if kind is None:
            if suffix in (".md", ".yaml", ".yml") and parts[1] != "media":
                problems.warning(relpath, None, None,
                                 "这个文件不在 notices、activities、services、teams、stats、pages 文件夹里，未使用",
                                 "this file is not in a content folder (notices, activities, services, teams, stats, pages) and is not used")
            continue
        if escapes_root(root, relpath):
            problems.error(relpath, None, None, "这是指向网站文件夹以外的链接（快捷方式），不会被读取，请把文件本身放进来",
                           "this is a link to a file outside the site folder and is not followed")
            continue
        document = load_document(root, relpath, markdown=kind.SUFFIXES == (".md",))
        entry = None
        if not document.problems.errors:
            entry = validate_document(kind, FileContext(document, config, renderer))
        problems.extend(document.problems)
        if entry is not None and not document.problems.errors:
            entries.append(entry)
            media |= document.media
    return entries, media


def static_files(theme: Theme) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for folder in theme.static_dirs:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    files["static/" + path.relative_to(folder).as_posix()] = path
    return files


def media_files(site: Site) -> dict[str, Path]:
    files = {}
    for relpath in site.media:
        inside = relpath.removeprefix("content/")
        public = inside if inside.startswith("media/") else f"media/{inside}"
        files[public] = site.config.root / relpath
    return files


def check(root: Path, today: dt.date | None = None, drafts: bool = False) -> tuple[Site | None, Problems]:
    """load -> validate -> link, collecting every problem; never raises for content mistakes."""
    config, problems = load_config(root)
    entries, media = load_content(config, problems)
    site = link_site(config, entries, media, today or today_in(config), drafts, problems)
    return site, problems


def build(root: Path, out: Path, today: dt.date | None = None, drafts: bool = False) -> BuildReport:
    started = time.perf_counter()
    site, problems = check(root, today, drafts)
    if problems.errors or site is None:
        raise SiteError(problems.sorted())
    theme = resolve_theme(site.config)
    env = make_environment(theme, site.config, theme.template_dirs)
    shared = {"site": site, "config": site.config, "t": load_strings(theme, site.config.language), "today": site.today}
    outputs = plan(site)
    files = render_all(env, outputs, shared)
    publish(out, files, {**static_files(theme), **media_files(site)})
    report = BuildReport(pages=len(outputs), warnings=problems.sorted(), seconds=time.perf_counter() - started)
    report.next_change, report.next_change_reason = next_change(site)
    return report


def next_change(site: Site) -> tuple[dt.date, tuple[str, str]]:
    """The first day on which the site would look different without any edit: a notice
    expires, an activity becomes past, a new week or month starts."""
    candidates: list[tuple[dt.date, str, str]] = [
        (site.today + dt.timedelta(days=7 - site.today.weekday()), "新的一周开始，“本周活动” 更新", "a new week starts"),
        ((site.today.replace(day=28) + dt.timedelta(days=4)).replace(day=1), "新的月份开始，日历更新", "a new month starts"),
    ]
    for notice in site.notices:
        if notice.expires is not None and notice.expires >= site.today:
            candidates.append((notice.expires + dt.timedelta(days=1), f"通知 “{notice.title}” 过期", f"notice '{notice.title}' expires"))
    for activity in site.upcoming:
        ends = (activity.end or activity.start).date()
        candidates.append((ends + dt.timedelta(days=1), f"活动 “{activity.title}” 结束", f"activity '{activity.title}' ends"))
    day, zh, en = min(candidates, key=lambda c: (c[0], c[1]))
    return day, (zh, en)
