"""Which folders a build may replace or clear: only folders noticeboard made.

A clean build replaces the whole output folder (see :mod:`write`), and a build clears old
files out of its cache folder. Both folders can be chosen on the command line, and a slip
there (``--out ~``, ``--out ..``, ``--out content``, ``--cache .``) must not delete a home
folder, the site itself or anything else that is not ours. Like Jekyll and MkDocs, which
refuse a destination that holds the source, we refuse those outright; and like tools that
tag their cache folders (CACHEDIR.TAG, bford.info/cachedir), we mark the folders we make,
and only ever replace an existing folder that is empty or carries our mark.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterator

from .errors import Problems, SiteError, Text, fail

SOURCES = ("content", "templates", "static", "themes")  # the site's own folders, never written by a build
OUTPUT_MARK = ".noticeboard-output"
OUTPUT_NOTE = ("这个文件夹由 noticeboard 生成，每次生成都会整个替换，请不要把别的文件放在这里。\n"
               "This folder is made by noticeboard and replaced by every build: keep nothing else in it.\n")
CACHE_TAG = "CACHEDIR.TAG"
# The standard's signature line (backup tools skip a folder whose tag starts with it).
CACHE_NOTE = ("Signature: 8a477f597d28d172789f06886806bc55\n"
              "# noticeboard 的缓存文件夹，可以随时删除 / noticeboard's cache: safe to delete at any time.\n")
# What a cache folder of a noticeboard made before CACHE_TAG existed holds.
_OLD_CACHE_FILES = ("inputs.pickle", "manifest.pickle", "content.pickle", "search-index.pickle")
PREVIEW_CACHE_TAG = f"preview/cache/{CACHE_TAG}"  # see serve.preview_folders
BUILD_LOCK = "build.lock"  # in the cache folder: see one_build_at_a_time
# How long a build waits for another build of the same site. A clean build of 10,000 items
# takes ~10 s and printing hundreds of posters minutes: one running for half an hour is stuck.
# Waiting longer, the daily cron build would queue behind it day after day; giving up exits 1
# with a message in its log (and cron's mail), and the next day's build tries again.
BUILD_PATIENCE = 30 * 60
POLL = 0.1  # seconds between two tries to take a held lock


def claim_output(out: Path, root: Path, cache_dir: Path, known: Callable[[], bool]) -> None:
    """Raise a SiteError unless a build may replace ``out`` as a whole. ``known``: whether
    the cache's manifest says the last build wrote ``out`` (asked only when ``out`` holds
    files but not our mark: an output of a noticeboard older than the mark)."""
    target, site = out.resolve(), root.resolve()
    _refuse_site_folders(target, site, "输出", "output", out)
    cache = cache_dir.resolve()
    if cache == target or target in cache.parents:
        raise fail(str(out), None, None,
                   f"缓存文件夹 {cache_dir} 在输出文件夹 {out} 里面：每次生成替换输出文件夹时缓存会被删掉。请把两个文件夹分开放",
                   f"the cache folder {cache_dir} is inside the output folder {out}, which every build replaces: keep them apart")
    if _holds_files(target) and not (target / OUTPUT_MARK).is_file() and not known():
        raise fail(str(out), None, None,
                   f"输出文件夹 {out} 里已经有别的文件，不是 noticeboard 生成的：生成会整个替换这个文件夹，为了不删掉这些文件，"
                   f"这次没有生成。请用 --out 换一个新的或空的文件夹；如果里面的东西确实不要了，请先自己删除这个文件夹",
                   f"the output folder {out} holds files that noticeboard did not make, and a build replaces the whole "
                   f"folder: nothing was built. Choose a new or empty folder with --out, or delete that folder yourself "
                   f"if you do not need what is in it")


def claim_cache(cache_dir: Path, root: Path) -> None:
    """Raise a SiteError unless ``cache_dir`` is ours to fill and clear; tag it as ours."""
    target, site = cache_dir.resolve(), root.resolve()
    _refuse_site_folders(target, site, "缓存", "cache", cache_dir)
    tag = target / CACHE_TAG
    if tag.is_file():
        return
    # A preview run before any build (its own cache tagged inside) left the folder untagged.
    ours = any((target / name).is_file() for name in _OLD_CACHE_FILES) or (target / PREVIEW_CACHE_TAG).is_file()
    if _holds_files(target) and not ours:
        raise fail(str(cache_dir), None, None,
                   f"缓存文件夹 {cache_dir} 里已经有别的文件，不是 noticeboard 的缓存：生成时会清理缓存里的旧文件，"
                   f"为了不删掉这些文件，这次没有生成。请不写 --cache（用默认的缓存文件夹），或换一个新的文件夹",
                   f"the cache folder {cache_dir} holds files that are not noticeboard's cache, and a build clears "
                   f"old files out of its cache: nothing was built. Leave out --cache (the default folder) or choose a new one")
    target.mkdir(parents=True, exist_ok=True)
    tag.write_text(CACHE_NOTE, encoding="utf-8")


def require_site(root: Path) -> None:
    """Raise the :class:`SiteError` of a folder without ``site.yaml``: before a command makes
    any folder there (a cache, an output) for a site that is not one."""
    if not (root / "site.yaml").is_file():
        raise SiteError(_missing_site_problems(root))


def _missing_site_problems(root: Path) -> list:
    scratch = Problems()
    scratch.error("site.yaml", None, None, *missing_site(root))
    return scratch.items


def missing_site(root: Path) -> tuple[str, str]:
    """(zh, en): ``root`` has no site.yaml, and what to run instead. Staff run a command in
    the folder they were editing in (``content/notices``) or in the one above the site they
    just made with ``init``: name the site folder found above or below, not "."."""
    folder = root.resolve()
    here = folder == Path.cwd().resolve()
    where = f"当前文件夹 {folder}" if here else str(root)
    where_en = f"the current folder {folder}" if here else str(root)
    above = next((parent for parent in folder.parents if (parent / "site.yaml").is_file()), None)
    below = [] if above is not None else _sites_inside(folder)
    site = above if above is not None else (folder / below[0] if len(below) == 1 else None)
    if site is not None:
        inside = f"它在网站文件夹 {site} 里面" if above is not None else f"网站在它的子文件夹 {below[0]} 里"
        inside_en = f"it is inside the site folder {site}" if above is not None else f"the site is in its sub-folder {below[0]}"
        go = f"cd {site}" if above is not None else f"cd {below[0]}"
        return ((f"{where} 不是网站文件夹（里面没有 site.yaml），{inside}：请先运行 {go}，再运行这条命令" if here else
                 f"{where} 不是网站文件夹（里面没有 site.yaml），{inside}：请把命令里的文件夹改成 {site}"),
                (f"{where_en} is not a site folder (it has no site.yaml); {inside_en}: run {go} first, then this "
                 "command again" if here else
                 f"{where_en} is not a site folder (it has no site.yaml); {inside_en}: write {site} in the command instead"))
    if below:
        listed = "、".join(below[:3]) + ("等" if len(below) > 3 else "")
        return (f"{where} 不是网站文件夹（里面没有 site.yaml），它的子文件夹 {listed} 是网站：请先 cd 到要用的那一个，"
                "再运行这条命令" if here else
                f"{where} 不是网站文件夹（里面没有 site.yaml），它的子文件夹 {listed} 是网站：请把命令里的文件夹改成其中一个",
                f"{where_en} is not a site folder (it has no site.yaml); its sub-folders {', '.join(below[:3])} are "
                "sites: choose one of them")
    return (f"{where} 里找不到 site.yaml，这里不是网站文件夹：请在网站文件夹里运行，或用 noticeboard init 新建一个网站",
            f"no site.yaml in {where_en}: run inside the site folder, or create one with 'noticeboard init'")


def _sites_inside(folder: Path) -> list[str]:
    """Names of the sub-folders of ``folder`` that are sites (one level down, as ``init`` makes them)."""
    try:
        return sorted(child.name for child in folder.iterdir()
                      if not child.name.startswith(".") and (child / "site.yaml").is_file())
    except OSError:  # a folder that cannot be listed: no hint, the message still says what is wrong
        return []


def claim_build_folders(root: Path, out: Path, cache_dir: Path) -> None:
    """Raise a SiteError unless ``root`` is a site whose build may write ``out`` and
    ``cache_dir``: checked before anything is written, the cache folder's lock included."""
    require_site(root)  # before making a folder in one that is not a site
    claim_output(out, root, cache_dir, lambda: _written_by_last_build(cache_dir, out))
    claim_cache(cache_dir, root)


def claim_poster_folders(root: Path, out: Path, cache_dir: Path) -> None:
    """:func:`claim_build_folders` for ``noticeboard posters``, which prints into ``out``."""
    require_site(root)
    claim_print_folder(out, root)
    claim_cache(cache_dir, root)


def _written_by_last_build(cache_dir: Path, out: Path) -> bool:
    from .buildstate import Manifest  # asked only of an output without our mark

    return bool(Manifest.load(cache_dir, out).outputs)


@contextmanager
def one_build_at_a_time(cache_dir: Path, waiting: Callable[[Text], None], patience: float | None = None) -> Iterator[None]:
    """Hold the (claimed) cache folder for one command: a second build of the site (a
    scheduled one starting while staff build by hand) waits, after calling ``waiting`` once
    with what to tell the user, instead of writing the same manifest, content cache and search
    index at the same time; after ``patience`` seconds (BUILD_PATIENCE) it gives up with a
    SiteError naming the process it waited for. Hugo's ``.hugo_build.lock`` does this from the site's folder, which
    then needs a line in .gitignore; ours is in the cache folder. The system's ``flock`` is
    released when the process ends, killed or not, so no lock is ever left stale: the process
    id written into the file only tells the waiting one whom it waits for. (The filelock
    package does the same here and adds 17 ms of imports to each no-change build; its Windows
    branch would not help, as the build itself needs fcntl and os.pread: see bodies.py.)"""
    patience = BUILD_PATIENCE if patience is None else patience  # read here: a test sets it shorter
    path = cache_dir / BUILD_LOCK
    lock = try_to_hold(path)
    if lock is None:
        holder = _holder(path)
        waiting(Text(f"另一个 noticeboard{holder.zh}正在生成这个网站（缓存文件夹 {cache_dir}），等它完成后再开始"
                     f"（最多等 {_minutes(patience)}）……按 Ctrl+C 可以取消",
                     f"another noticeboard build of this site{holder.en} is running (cache folder {cache_dir}): "
                     f"waiting for it to finish (for {_minutes(patience, 'en')} at most)… Ctrl+C cancels"))
        lock = _hold_within(path, patience)
        if lock is None:
            holder = _holder(path)  # the one still running, if it changed meanwhile
            raise fail(str(cache_dir), None, None,
                       f"另一个 noticeboard{holder.zh}生成这个网站已经超过 {_minutes(patience)}，还没有完成，"
                       f"这次没有生成。如果它卡住了，请先结束它{holder.stop_zh}，再运行一次这条命令",
                       f"another noticeboard build of this site{holder.en} has not finished in "
                       f"{_minutes(patience, 'en')}: nothing was done. If it is stuck, end it{holder.stop_en}, "
                       f"then run this command again")
    with lock:
        # Who holds it, for a build that comes to wait: the file is ours while it is locked.
        lock.truncate(0)
        lock.write(f"{os.getpid()}\n{dt.datetime.now().isoformat(timespec='seconds')}\n")
        lock.flush()
        yield  # closing the file releases the lock


@dataclass(frozen=True)
class _Holder:
    """The process holding a build lock, as the messages name it after "noticeboard" (default:
    not known, and only the space before the Chinese that follows)."""

    zh: str = " "
    en: str = ""
    stop_zh: str = ""
    stop_en: str = ""


def _holder(path: Path) -> _Holder:
    """Who holds the lock at ``path``, from what it wrote into the file. Nothing known when the
    file holds no running process's id: the holder has just taken it and not yet written, or
    is a noticeboard older than the record."""
    try:
        pid, started = path.read_text(encoding="utf-8").split()
        since = dt.datetime.fromisoformat(started)
    except (OSError, UnicodeDecodeError, ValueError):
        return _Holder()
    if left_behind(pid):  # a build that ended (killed) before the current holder wrote
        return _Holder()
    return _Holder(f"（进程 {pid}，{since:%Y-%m-%d %H:%M:%S} 开始）",
                   f" (process {pid}, started {since:%Y-%m-%d %H:%M:%S})",
                   f"（Linux、macOS 上运行 kill {pid}）", f" (kill {pid})")


def _hold_within(path: Path, patience: float) -> IO[str] | None:
    """The lock at ``path``, waited for ``patience`` seconds at most; None if not had by then.
    ``flock`` itself waits without a time limit, so this asks again every POLL seconds, as
    the filelock package does."""
    deadline = time.monotonic() + patience
    while (lock := try_to_hold(path)) is None and time.monotonic() < deadline:
        time.sleep(POLL)
    return lock


def _minutes(seconds: float, lang: str = "zh") -> str:
    if seconds < 60:  # only tests wait so little
        return f"{seconds:g} 秒" if lang == "zh" else f"{seconds:g} s"
    return f"{seconds / 60:g} 分钟" if lang == "zh" else f"{seconds / 60:g} minutes"


def try_to_hold(path: Path) -> IO[str] | None:
    """``path``, opened and locked for as long as it stays open (the system's ``flock``, which
    it releases when the process ends, killed or not); None when another process holds it."""
    handle = open(path, "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def mark_output(folder: Path) -> None:
    """Mark a folder a build made as ours (see :func:`claim_output`)."""
    mark = folder / OUTPUT_MARK
    if not mark.is_file():
        mark.write_text(OUTPUT_NOTE, encoding="utf-8")


def claim_print_folder(out: Path, root: Path) -> None:
    """Raise a SiteError when ``noticeboard posters --out`` names the site, a folder above it
    or one of its sources (PDFs are only added there, but not among the site's own files)."""
    _refuse_site_folders(out.resolve(), root.resolve(), "海报", "poster", out, f"请指定一个单独的文件夹，例如 {root / 'print'}")


def _refuse_site_folders(target: Path, site: Path, zh_kind: str, en_kind: str, given: Path, fix: str = "") -> None:
    """The site folder, anything above it (a home folder, /), and its sources are never ours."""
    if target == site or target in site.parents:
        fix = fix or (f"请指定一个单独的新文件夹，例如 {site / 'public'}" if en_kind == "output" else "请不写 --cache，用默认的缓存文件夹")
        raise fail(str(given), None, None,
                   f"{zh_kind}文件夹 {given} 是网站文件夹本身或它的上级文件夹：生成时会替换或清理这个文件夹，"
                   f"网站的文件会被删掉。{fix}",
                   f"the {en_kind} folder {given} is the site folder or above it: a build replaces or clears it and "
                   f"would delete the site's files. Choose a separate new folder")
    for name in SOURCES:
        source = site / name
        if target == source or source in target.parents:
            raise fail(str(given), None, None,
                       f"{zh_kind}文件夹 {given} 在网站的 {name}/ 文件夹里：生成的文件会和网站的源文件混在一起，还可能删掉它们。"
                       f"请换到 {name}/ 以外的文件夹",
                       f"the {en_kind} folder {given} is inside the site's {name}/ folder, among the files the site is "
                       f"made from: choose a folder outside {name}/")


def _holds_files(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return False


def left_behind(pid: str) -> bool:
    """Whether a build's temporary folder, named with the id of its process (``pid``), was
    left by a build that is over: an earlier one of this process, or one whose process is
    gone (killed). The folders of a build running beside this one are kept."""
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process
        return False
    return False
