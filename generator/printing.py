"""Print stage: poster HTML -> PDF with WeasyPrint, cached, with the checks a print shop needs.

The slowest stage by far (about 0.6 s to import WeasyPrint, then 0.3-0.5 s a poster), so:

- **Cache.** A poster is printed again only when what it is made from changed: its HTML, the
  bytes of every local file WeasyPrint fetched for it (CSS, images, @font-face fonts: recorded
  by a custom URL fetcher while printing), the installed fonts (fontconfig's list of font files
  with their sizes and dates) and the WeasyPrint version. Because the files a poster uses are
  only known after printing it, the cache works in two steps, like ccache's direct mode:
  ``<key>.json`` (key = digest of HTML, fonts and versions) lists the files fetched last time
  and their digests; the PDF is ``<digest>.pdf`` where digest also covers those files' current
  bytes. Files under ``base_url`` are recorded relative to it, so a build made in a fresh
  staging folder still finds its cache. The PDF is hard-linked (or copied) to ``out_dir``.
- **Lazy import.** WeasyPrint is imported only when a poster must be printed; a build where
  every poster is cached never loads it.
- **One process, sequentially**, ``gc.collect()`` after each poster (memory stays about
  150 MiB instead of climbing past 500 MiB over 20 posters). From ``POOL_FROM`` posters on,
  when the machine has a core to spare, a second process prints every other poster.

Checks, so nothing unusable reaches the print shop:

- **Fonts.** Before printing, fontconfig must know a font that covers Chinese, else the build
  stops with one message naming the package to install (without one, WeasyPrint prints every
  character as an empty box and exits 0). After each poster, any glyph WeasyPrint had to draw
  as ``.notdef`` (an empty box) is an error naming the characters: no tofu PDF is published.
- **Slow subsetter.** Without libharfbuzz-subset WeasyPrint silently subsets fonts with
  fontTools, 8-12 s a poster instead of 0.3-1.3 s; reported once as a warning.
- **Overflow.** A poster meant to be one page that needs two is printed again with all its
  type a little smaller (``FIT_SCALES``), so the sheet put up on the board still carries the
  QR code and the contact in its footer (at full size they went onto a second sheet, the first
  had none). Either way it is a warning suggesting A3 or a shorter text; the text is never cut.
  A board of several pages (the team roster, the service menu) is printed the same way, without
  a warning, whenever that saves a sheet (``_fewer_sheets``).
- **Empty sheet.** An activity or notice poster whose text leaves much of its sheet empty is
  printed with larger type (``FILL_SCALES``; the title, the QR code, tables and code blocks
  keep their size): a three-sentence notice printed 14.4 pt type above half a blank page.
  The scale is planned from the first layout and checked with one more, rarely two.
- **Wide tables.** A number, a building or a room in a table cell never breaks
  (posters.whole_numbers), nor does a word of a column's header; a table whose numbers or headers
  make it wider than the sheet is printed with its
  cells' type smaller (``_fit_tables``) instead of running off the edge.
- **Missing files.** A local file the poster refers to that does not exist is a warning (the
  poster is printed without it); remote URLs are not fetched (printing stays offline and
  reproducible) and are reported the same way.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import math
import os
import pickle
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import quote, unquote, urljoin, urlsplit

from .errors import Problem, Severity, SiteError, Text
from .folders import SOURCES

# Bump when anything here changes what a PDF looks like (print options, fetcher rules).
# 7: a photo with a GPS position is printed from its copy without it; 8: also one in XMP;
# 9: a photo is printed from a copy of the size it is printed at (images.print_copy);
# 10: tables and code blocks keep their size on a poster printed with larger type;
# 11: a table too wide for the sheet (its numbers never break) is printed smaller (_fit_tables);
# 12: a label never ends a line without its value (posters.label_value, a notice's dates);
# 13: a building, unit, room or floor in a table cell never breaks (posters.whole_numbers);
# 14: nor one in a poster's body (posters.whole_places);
# 15: files are printed by fixed URLs (SITE_URL, THEMES_URL), not by where they are on this computer
# 16: a board is printed smaller whenever that saves a sheet, not only when its last one is mostly empty
# 17: the pictures a poster left out (not printable, damaged) are recorded, to be told from the cache too
# 18: only the site's content/, static/ and themes/ are read (_PRINTABLE), not .git/ or .env
# 19: a 16-bit greyscale PNG is printed from an 8-bit copy (images.eight_bit), not as a black box
# 20: the bookmarks (the PDF's outline) without the word joiners that keep a place whole (_clean_bookmarks)
# 21: a picture larger than the largest sheet shows is laid out from a copy of that size (images.first_print_size)
ENGINE_VERSION = "21"

# Print with two processes from this many posters on (when a core is idle, see _spare_core).
POOL_FROM = 12

# Unused cache files are removed after this many days.
CACHE_DAYS = 30

INSTALL_CJK_FONT = Text(
    "打印海报需要中文字体，但本机没有安装（不装的话海报上每个汉字都会变成空方框）。"
    "Debian/Ubuntu 请运行 sudo apt-get install fonts-noto-cjk；"
    "其他系统请安装思源黑体（Noto Sans CJK SC / Source Han Sans SC），然后重新生成。",
    "Printing posters needs a Chinese font and none is installed (every Chinese character "
    "would print as an empty box). On Debian/Ubuntu run: sudo apt-get install fonts-noto-cjk; "
    "on other systems install Noto Sans CJK SC / Source Han Sans SC, then build again.",
)

SLOW_SUBSETTER = Text(
    "WeasyPrint 找不到 HarfBuzz 的字体子集库，只能用慢的办法嵌入字体（每张海报 8–12 秒）。"
    "Debian/Ubuntu 请运行 sudo apt-get install libharfbuzz-subset0（其他系统安装 harfbuzz 4.1 以上）。",
    "WeasyPrint cannot find HarfBuzz's subsetting library and falls back to a slow font "
    "subsetter (8-12 s a poster). On Debian/Ubuntu run: sudo apt-get install libharfbuzz-subset0 "
    "(elsewhere install harfbuzz 4.1 or newer).",
)


# A one-page poster that overflows is printed again with its root font size (every rem of the
# theme) at these fractions, the first that fits one sheet wins. 0.8 is the floor: the body
# of an A4 poster is then 11.5 pt, about the least a board read from a metre away allows (the
# QR code keeps its size); a poster that needs less stays at full size on two pages, with the
# overflow warning.
FIT_SCALES = (0.9, 0.85, 0.8)
# A board of several pages (the service menu, the team roster) is printed at the largest of
# FIT_SCALES that saves a sheet (a sixth team put one team and the footer alone on a second
# sheet). Whether to try was once decided by how empty its last sheet was (60 %), which made
# the size depend on where the last page break fell: a 50-service menu's A4 last sheet was 76 %
# empty, so A4 printed at 90 % on 10 sheets, and A3's only 42 %, so A3 stayed at full size on
# 11; at 90 % a board of a dozen sheets needs two or three fewer. Layouts tried beyond the first,
# at most: the plan is from the first layout, which rarely needs a second check.
BOARD_TRIES = 2

# A one-page poster whose text leaves much of its sheet empty (a notice of three sentences
# printed its body at 14.4 pt above half a blank A4 page) is printed with its root font size at
# the largest of these that still fits one sheet: a board is read from one or two metres.
# The title keeps its size (its lines were chosen for it, see posters.title_lines, and it is
# already the largest type) and so does the QR code. So do tables and code blocks
# (``KEEP_SIZE``): their columns and lines were laid out for the sheet's width, and larger, a
# table of six columns of phone numbers broke each number over three lines ("0831-", "8765",
# "4300"). 1.5 makes the body 21.6 pt on A4.
FILL_SCALES = (1.5, 1.3, 1.15)
KEEP_SIZE = ("table", "pre")
# Layouts tried beyond the first, at most: each costs about 0.1-0.3 s.
FILL_TRIES = 2

# A table wider than the sheet (its numbers never break: posters.whole_numbers) is printed with
# its cells' type at the fraction of its size the width leaves, down to TABLE_FLOOR: 70 % of the
# body's 14.4 pt is 10 pt on A4, small, but a phone number in one piece is what the reader
# came for. Layouts tried beyond the first, at most: the first plan nearly always fits.
TABLE_FLOOR = 0.7
TABLE_TRIES = 2

OVERFLOW_FIX = Text("请改用 A3（在文件里写 poster: {size: a3}），或缩短正文。",
                    "Use A3 (poster: {size: a3}) or shorten the text.")


@dataclass(frozen=True)
class PosterJob:
    output: str  # relative output path, e.g. "posters/activities/2026-12-06-birthday.pdf"
    html: str  # full poster HTML (already rendered)
    base_url: str  # where relative asset URLs resolve: a file:// URL of the built site folder
    single_page: bool  # activity/notice posters: more than one page is an overflow warning
    title: str  # for messages: the poster's human name
    # What to do when a single-page poster overflows; None: the entry's own poster: field.
    overflow_fix: Text | None = None
    # A one-page poster whose text leaves much of the sheet empty is printed with larger
    # type (FILL_SCALES); activity and notice posters, not the boards or the monthly report.
    fill_page: bool = False
    # (photo, copy) absolute paths: the copy is read wherever the poster shows the photo, a
    # photo's copy without what is private in it (images.without_private). The HTML names
    # the photo, so the PDF (whose image names come from the URL) is the same wherever the
    # cache folder is (--cache).
    instead: tuple[tuple[str, str], ...] = ()
    # Folder of the photos' copies at the size the poster prints them (images.print_copy);
    # "": photos are printed whole.
    image_cache: str = ""
    # Where the poster's source file refers to a file (site-relative, "content/media/x.jpg") or
    # a web address: (it, line, field or None), as load.RawDocument.ref_lines. A warning about
    # one names that line, the one the website's warning about the same picture names.
    lines: tuple[tuple[str, int, str | None], ...] = ()


@dataclass
class PrintReport:
    printed: list[str] = field(default_factory=list)  # outputs printed this time
    reused: list[str] = field(default_factory=list)  # outputs taken from the cache
    warnings: list[Problem] = field(default_factory=list)  # path = the poster's output
    seconds: float = 0.0
    workers: int = 1  # processes that printed


Progress = Callable[[int, int, str], None]


def print_posters(
    jobs: list[PosterJob],
    out_dir: Path,
    cache_dir: Path,
    progress: Progress | None = None,
    workers: int | None = None,
    link: bool = True,
) -> PrintReport:
    """Print every job to ``out_dir / job.output``, reusing unchanged PDFs from ``cache_dir``.

    ``progress(done, total, title)`` is called after each poster actually printed (reused ones
    are not counted), e.g. to show ``打印海报 3/20: 耄耋老人集体生日会``. ``workers``: processes
    to print with (1 or 2); by default two from ``POOL_FROM`` posters on when a core is idle.

    Returns what was printed, reused and warned about. Raises :class:`SiteError` when no
    Chinese font is installed (before printing anything) and, after trying every poster, when
    a poster could not be printed or would contain empty boxes; the other posters are then
    cached so the next run does not print them again.
    """
    started = time.perf_counter()
    out_dir, cache_dir = Path(out_dir), Path(cache_dir)
    report = PrintReport()
    if not jobs:
        return report
    seen: dict[str, str] = {}
    for job in jobs:
        if job.output in seen:
            raise ValueError(f"two posters write {job.output}: {seen[job.output]!r} and {job.title!r}")
        seen[job.output] = job.title

    cache_dir.mkdir(parents=True, exist_ok=True)
    fonts = installed_fonts()
    key_base = _key_base(fonts.digest)
    hasher = _FileHasher()

    todo: list[tuple[PosterJob, str]] = []
    for job in jobs:
        key = _digest(key_base, job.html, "fill" if job.fill_page else "")
        hit = _lookup(cache_dir, key, job, hasher)
        if hit is None:
            todo.append((job, key))
            continue
        pdf, warnings = hit
        _place(pdf, out_dir / job.output, link)
        report.reused.append(job.output)
        report.warnings.extend(warnings)

    errors: list[Problem] = []
    if todo:
        if fonts.known and not fonts.cjk:
            raise SiteError([Problem("", None, None, INSTALL_CJK_FONT)])
        n = workers if workers is not None else (
            2 if len(todo) >= POOL_FROM and _spare_core() else 1)
        n = max(1, min(n, 2, len(todo)))  # this process and at most one child
        report.workers = n
        with contextlib.closing(_run(todo, n)) as results:
            for done, (job, key, result) in enumerate(results, 1):
                if result.subsetter_slow and not any(w.text == SLOW_SUBSETTER for w in report.warnings):
                    report.warnings.append(Problem("", None, None, SLOW_SUBSETTER, Severity.WARNING))
                problem = _tofu_problem(job, result.missing_chars) or (
                    _failure_problem(job, result.failure) if result.failure else None)
                if problem is not None:
                    if problem.text is INSTALL_CJK_FONT:  # every poster would be boxes: stop now
                        raise SiteError([problem])
                    errors.append(problem)
                else:
                    pdf, warnings = _store(cache_dir, key, job, result)
                    _place(pdf, out_dir / job.output, link)
                    report.printed.append(job.output)
                    report.warnings.extend(warnings)
                if progress is not None:
                    progress(done, len(todo), job.title)

    _prune(cache_dir)
    report.seconds = time.perf_counter() - started
    if errors:
        raise SiteError(errors + report.warnings)
    return report


# ---- fonts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fonts:
    known: bool  # fontconfig could be asked
    cjk: tuple[str, ...]  # families covering Chinese
    digest: str  # changes when any installed font file changes


def installed_fonts() -> Fonts:
    """What fontconfig knows (``fc-list``; honours FONTCONFIG_FILE): CJK families and a digest.

    Takes about 20 ms. Without ``fc-list`` the font folders are scanned for the digest and
    the CJK check is left to the check after printing.
    """
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True,
            timeout=60).stdout
        cjk = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True,
            timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        files = sorted(str(p) for d in _font_dirs() if d.is_dir() for p in d.rglob("*") if p.is_file())
        return Fonts(False, (), _fonts_digest(files))
    families = tuple(sorted({line.split(",")[0].strip() for line in cjk.splitlines() if line.strip()}))
    return Fonts(True, families, _fonts_digest(sorted(set(listing.splitlines()) - {""})))


def _font_dirs() -> list[Path]:
    home = Path.home()
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local/share/fonts", home / ".fonts", Path("/Library/Fonts"),
            home / "Library/Fonts", Path("C:/Windows/Fonts")]


def _fonts_digest(files: list[str]) -> str:
    h = hashlib.sha256(os.environ.get("FONTCONFIG_FILE", "").encode())
    for name in files:
        try:
            st = os.stat(name)
        except OSError:
            continue
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _tofu_problem(job: PosterJob, missing: list[str]) -> Problem | None:
    if not missing:
        return None
    common_cjk = [c for c in missing if 0x4E00 <= ord(c) <= 0x9FFF or 0x3000 <= ord(c) <= 0x303F]
    if common_cjk:
        return Problem("", None, None, INSTALL_CJK_FONT)
    shown = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing[:10])
    shown_en = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:10])
    emoji = any(ord(c) >= 0x1F000 or 0x2600 <= ord(c) <= 0x27BF for c in missing)
    hint_zh = "（表情符号可安装 fonts-noto-color-emoji）" if emoji else ""
    hint_en = " (for emoji: install fonts-noto-color-emoji)" if emoji else ""
    return Problem(job.output, None, None, Text(
        f"海报《{job.title}》里有字符没有可用的字体，印出来会是空方框：{shown}。"
        f"请删去或换成常用字，或安装含有这些字符的字体{hint_zh}。",
        f"poster '{job.title}' has characters no installed font has, they would print as empty "
        f"boxes: {shown_en}. Remove or replace them, or install a font that has them{hint_en}.",
    ))


def _failure_problem(job: PosterJob, failure: str) -> Problem:
    return Problem(job.output, None, None, Text(
        f"海报《{job.title}》无法打印：{failure}。请检查海报模板。",
        f"poster '{job.title}' could not be printed: {failure}. Check the poster template.",
    ))


# ---- printing -------------------------------------------------------------------------------


@dataclass
class _Result:
    """What printing one poster gave; plain data so it can come back from a worker process."""

    pdf: bytes = b""
    pages: int = 0
    scale: float = 1.0  # < 1: type made smaller to fit one page (FIT_SCALES); > 1: larger to fill it
    deps: list[tuple[str, str | None]] = field(default_factory=list)  # (file URL, sha256 or None)
    refused: list[str] = field(default_factory=list)  # remote URLs not fetched
    missing_chars: list[str] = field(default_factory=list)
    subsetter_slow: bool = False
    unprinted: list[str] = field(default_factory=list)  # site-relative paths of pictures left out
    failure: str = ""


def _run(todo: list[tuple[PosterJob, str]], workers: int):
    """Yield (job, key, result) as posters come out of the printer(s).

    With two workers this process prints every other poster while one child process (a plain
    ``python -c``, not :mod:`multiprocessing`, whose spawn mode would run the CLI's
    ``__main__`` again in the child) prints the rest. If the child fails, this process
    prints what the child did not.
    """
    if workers <= 1 or len(todo) < 2:
        for job, key in todo:
            result = _print_one(job)
            gc.collect()
            yield job, key, result
        return
    mine, theirs = todo[0::2], todo[1::2]
    done_theirs: queue.SimpleQueue = queue.SimpleQueue()
    child = _start_child([job for job, _ in theirs], done_theirs)
    received = 0
    child_done = False

    def drain(block: bool):
        nonlocal received, child_done
        while received < len(theirs) and not child_done:
            try:
                item = done_theirs.get(block=block)
            except queue.Empty:
                return
            if item is None:  # the child stopped early
                child_done = True
                return
            job, key = theirs[received]
            received += 1
            yield job, key, item

    try:
        for job, key in mine:
            result = _print_one(job)
            gc.collect()
            yield job, key, result
            yield from drain(block=False)
        yield from drain(block=True)
        child.wait()
        for job, key in theirs[received:]:  # the child failed: print the rest here
            result = _print_one(job)
            gc.collect()
            yield job, key, result
    finally:  # also when the caller stops early (no Chinese font): no printer left running
        if child.poll() is None:
            child.kill()
            child.wait()


def _spare_core() -> bool:
    """True when a second printer would get a core of its own (2+ cores, one of them idle).

    On a machine whose cores are all busy the second process only competes with the first:
    measured 20 posters on 2 cores at load 9: 17 s alone, 20 s with a second process.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    return cores >= 2 and load <= cores - 1


def _start_child(jobs: list[PosterJob], results: "queue.SimpleQueue") -> subprocess.Popen:
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    child = subprocess.Popen(
        [sys.executable, "-c", "from generator.printing import _child_main; _child_main()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def feed_and_read() -> None:
        try:
            child.stdin.write(pickle.dumps(jobs))
            child.stdin.close()
            for _ in jobs:
                results.put(pickle.load(child.stdout))
        except Exception:  # broken pipe, crash: the parent prints the rest
            pass
        results.put(None)

    threading.Thread(target=feed_and_read, daemon=True, name="poster-printer").start()
    return child


def _child_main() -> None:
    """Worker process: print the pickled jobs from stdin, one pickled result each to stdout."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else printed goes to stderr, not into the results stream
    jobs = pickle.load(sys.stdin.buffer)
    for job in jobs:
        result = _print_one(job)
        gc.collect()
        pickle.dump(result, out)
        out.flush()


_SLOW_SUBSET = None


def _subsetter_slow() -> bool:
    global _SLOW_SUBSET
    if _SLOW_SUBSET is None:
        from weasyprint.text import ffi

        _SLOW_SUBSET = ffi.harfbuzz_subset is None or not ffi.harfbuzz.hb_version_atleast(4, 1, 0)
    return _SLOW_SUBSET


_NOTDEF = re.compile(r"\.notdef glyph.*\(U\+([0-9A-Fa-f]{4,6})\)")


class _Log(logging.Handler):
    """Collects what WeasyPrint says while one poster prints."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: dict[str, None] = {}
        self.slow = False
        self.unloaded: dict[str, None] = {}  # URLs of pictures WeasyPrint fetched and could not read

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # pragma: no cover - a malformed record must not stop printing
            return
        if m := _NOTDEF.search(message):
            self.missing[chr(int(m.group(1), 16))] = None
        elif "instead of HarfBuzz-Subset" in message:
            self.slow = True
        elif message.startswith(("Failed to load image at", "Failed to render SVG image")) and record.args:
            self.unloaded[str(record.args[0])] = None


def _print_one(job: PosterJob) -> _Result:
    import weasyprint  # lazily: 0.6 s, only when something must be printed

    result = _Result()
    # With the copies' folder from the first layout on: a picture WeasyPrint cannot print as it
    # is (images.first_print_size: too large, 16 bits) is laid out from its copy too.
    fetcher = _recording_fetcher(weasyprint, result, job.base_url, dict(job.instead),
                                 image_cache=Path(job.image_cache) if job.image_cache else None)
    log = _Log()
    logger = logging.getLogger("weasyprint")
    saved = logger.level, logger.propagate
    logger.addHandler(log)
    if logger.getEffectiveLevel() > logging.WARNING:  # the tofu check needs its warnings
        logger.setLevel(logging.WARNING)
    # WeasyPrint's notes ("Ignored `line-break: strict`"…) stay out of the user's console:
    # what matters becomes a message of ours. NOTICEBOARD_WEASYPRINT_LOG=1 shows them.
    logger.propagate = bool(os.environ.get("NOTICEBOARD_WEASYPRINT_LOG"))
    try:
        html = weasyprint.HTML(string=job.html, base_url=SITE_URL, url_fetcher=fetcher)
        document = html.render()
        smaller = _print_sizes(document, job.base_url) if job.image_cache else {}
        if smaller:  # laid out again with the copies, of the same size on paper: see _print_sizes
            result.deps.clear()
            result.refused.clear()
            fetcher = _recording_fetcher(weasyprint, result, job.base_url, dict(job.instead), smaller,
                                         Path(job.image_cache))
            html = weasyprint.HTML(string=job.html, base_url=SITE_URL, url_fetcher=fetcher)
            document = html.render()
        if "<table" in job.html:  # most posters have none: no walk through their boxes
            document = _fit_tables(html, document)
        pages = len(document.pages)
        if job.single_page and pages > 1:
            document, result.scale = _fit(weasyprint, html, document, 1)
        elif pages > 1:
            document, result.scale = _fewer_sheets(weasyprint, html, document)
        elif job.single_page and job.fill_page:
            document, result.scale = _fill_page(weasyprint, html, document)
        result.pages = len(document.pages)
        _clean_bookmarks(document)
        result.pdf = document.write_pdf()
        del document
    except Exception as exc:  # a template WeasyPrint cannot print: a message, not a traceback
        result.failure = f"{type(exc).__name__}: {exc}"
    finally:
        logger.removeHandler(log)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
    result.missing_chars = list(log.missing)
    # A missing file or one not fetched has its own warning: here the files read and not printed
    # (an iPhone's HEIC, a damaged picture), which WeasyPrint leaves out with a note in English.
    fetched = {url for url, digest in result.deps if digest is not None}
    site = _url_path(job.base_url)
    result.unprinted = sorted({_url_path(real).removeprefix(site) for real in
                               (_real_url(url, job.base_url) for url in log.unloaded) if real in fetched})
    result.subsetter_slow = log.slow or _subsetter_slow()
    return result


# What posters.whole_places puts between the characters of a building or a room (5号楼) so that
# it never breaks on the sheet.
WORD_JOINER = "\u2060"
_JOINERS = str.maketrans("", "", WORD_JOINER)


def _clean_bookmarks(document) -> None:
    """The document's bookmarks (made from its headings: the PDF's outline, which a viewer or a
    print shop's software lists) without word joiners. The sheet needs them, a bookmark does
    not: it read "5\u2060号\u2060楼停水通知", invisible characters or boxes, and searching it
    for 5号楼 found nothing. The text on the page keeps them (a PDF reader's copied text has
    none: they draw no glyph)."""
    for page in document.pages:
        page.bookmarks = [(level, label.translate(_JOINERS), position, state)
                          for level, label, position, state in page.bookmarks]


def _fit_tables(html, document):
    """The document laid out again with smaller type in each table wider than the sheet.

    A number in a table cell never breaks (posters.whole_numbers), so a table of six columns of
    phone numbers asks for more width than an A4 sheet has (measured: 6 × 13812345678 at 14.4 pt
    with the theme's padding, 44 em where the text is 36 em wide) and WeasyPrint lays it out
    past the sheet's edge. Such a table's cells are printed at the fraction of their size that
    the width leaves (planned from the table's width, checked by laying it out again, at most
    TABLE_TRIES times), not below TABLE_FLOOR. A table too wide even then is printed at the
    floor with its numbers breaking again where they must, which is still better than a column
    lost off the sheet. Styles on the cells themselves (``style=""``), so they hold in every
    layout that follows (the page fitted to one sheet, the type enlarged to fill it: tables
    keep their size there, see KEEP_SIZE) whatever style sheets those add.
    """
    original: dict[object, str | None] = {}  # cell element -> its own style attribute
    scales: dict[object, float] = {}  # table element -> fraction of its type
    for _ in range(TABLE_TRIES):
        wide = _wide_tables(document)
        if not wide:
            return document
        for table, ratio in wide:
            scales[table] = max(TABLE_FLOOR, math.floor(scales.get(table, 1.0) * ratio * 100) / 100)
            _style_cells(table, original, f"font-size: {scales[table] * 100:.0f}%")
        document = html.render()
    for table, _ in _wide_tables(document):  # at the floor and still too wide: numbers may break
        scales[table] = TABLE_FLOOR
        _style_cells(table, original, f"font-size: {TABLE_FLOOR * 100:.0f}%", "white-space: normal")
        document = html.render()
    return document


def _wide_tables(document) -> list[tuple[object, float]]:
    """(table element, width it has / width it takes) for each table reaching past the right
    edge of its page's text (the page's content box): the fraction its type must shrink to."""
    wide: dict[object, float] = {}
    for page in document.pages:
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        for box in page_box.descendants():
            if _tag(box) != "table" or not getattr(box, "is_table_wrapper", False) or box.element is None:
                continue
            width = box.margin_width()
            if box.position_x + width > right + 0.5 and width > 0:
                ratio = max(right - box.position_x, 1) / width
                wide[box.element] = min(ratio, wide.get(box.element, 1.0))
    return list(wide.items())


def _style_cells(table, original: dict, *declarations: str) -> None:
    """Each cell of ``table`` (an element of the parsed HTML) with its own style and these."""
    for cell in table.iter():
        if str(cell.tag).rsplit("}", 1)[-1] not in ("td", "th"):
            continue
        own = original.setdefault(cell, cell.get("style"))
        cell.set("style", "; ".join(filter(None, [own, *declarations])))
        if "white-space: normal" in declarations:
            for span in cell.iter():
                if "nobr" in (span.get("class") or "").split():
                    span.set("style", "white-space: normal")


def _fit(weasyprint, html, document, pages: int, scales: tuple[float, ...] = FIT_SCALES):
    """The document laid out again with smaller type (each of ``scales`` in turn) until it
    fits ``pages`` pages, and the scale used; the full-size ``document`` and 1.0 when even the
    smallest step does not fit.

    A user style sheet with ``!important`` wins over any theme's font size, so this works
    for a site's own poster templates too; sizes in rem and em follow the root, the paper
    and its margins (mm) do not.
    """
    root = _root_font_size(document)
    # The QR code keeps its size: a theme sizes it in rem too, and 90 % of A4's 34 mm code
    # (quiet zone included) left the code itself under the 25 mm a phone needs from print.
    qr = next((_qr_rule(box) for page in document.pages if (box := _find(page, "svg", "qr"))), "")
    return _first_within(weasyprint, html, root, scales, qr, pages) or (document, 1.0)


def _fewer_sheets(weasyprint, html, document):
    """A board of several pages laid out again with smaller type when that saves a sheet: at
    the largest of FIT_SCALES planned to fit one page fewer (at most BOARD_TRIES layouts), and
    the scale; the full-size ``document`` and 1.0 when none does.

    The plan: the content (the pages before the last, and what the last holds) shrinks with
    the square of the scale (lines are lower and, on the same width, hold more characters).
    That overestimates what a one-line fact saves, so the plan is checked by laying it out.
    The same rule for A4 and A3, whose sheets hold the same at their type sizes (poster.css),
    so an A3 board never takes more sheets than the A4 one where its last page break fell
    elsewhere (a threshold on the last sheet's emptiness shrank one and not the other).
    """
    pages = len(document.pages)
    used = pages - _free_height(document.pages[-1]._page_box) / _page_height(document)
    planned = [s for s in FIT_SCALES if used * s * s <= pages - 1]
    if not planned:
        return document, 1.0
    return _fit(weasyprint, html, document, pages - 1, tuple(planned[:BOARD_TRIES]))


def _fill_page(weasyprint, html, document):
    """A one-page ``document`` laid out again with larger type when its content leaves much
    of the sheet empty: the scale of FILL_SCALES planned to fit, verified by laying it out
    (the next smaller one when it does not fit, at most FILL_TRIES layouts). Returns the
    document and its scale; ``document``, 1.0 when none fits.

    The plan comes from the first layout: the title, the QR code, pictures, tables and code
    blocks (KEEP_SIZE) keep their size, the rest of the content grows with the square of the
    scale (each line is taller and, on the same width, holds fewer characters, so a paragraph
    has more lines). That overestimates one-line facts, so the plan errs towards a smaller
    scale, which still fits; a fact that wraps onto a second line can still overflow, hence
    the check.
    """
    page = document.pages[0]
    page_box = page._page_box
    available = page_box.height  # the content box of the page: paper less its margins
    free = _free_height(page_box)
    title, qr = _find(page, "h1", "poster-title"), _find(page, "svg", "qr")
    fixed = (title.margin_height() if title else 0) + (qr.margin_height() if qr else 0)
    # Pictures are sized in mm or by the text's width (poster.css), not in rem: they stay.
    fixed += sum(box.margin_height() for box in page_box.descendants()
                 if _tag(box) == "img" and box.height is not None)
    # Tables and code blocks keep their size too (KEEP_SIZE); a table's wrapper holds its caption.
    kept = [box for box in page_box.descendants() if _tag(box) in KEEP_SIZE
            and (_tag(box) != "table" or getattr(box, "is_table_wrapper", False))]
    fixed += sum(box.margin_height() for box in kept)
    growing = max(available - free - fixed, 1)
    planned = [s for s in FILL_SCALES if fixed + growing * s * s <= available]
    if not planned:
        return document, 1.0
    root = _root_font_size(document)
    pins = _qr_rule(qr) if qr else ""
    if title is not None:  # its lines were broken for this size: larger, they would wrap again
        pins += f" .poster-title {{ font-size: {title.style['font_size']:.3f}px !important; }}"
    for tag in KEEP_SIZE:  # the first one's size for all of them: the theme gives them the body's
        if (box := next((box for box in kept if _tag(box) == tag), None)) is not None:
            pins += f" {tag} {{ font-size: {box.style['font_size']:.3f}px !important; }}"
    return _first_within(weasyprint, html, root, planned[:FILL_TRIES], pins, 1) or (document, 1.0)


def _first_within(weasyprint, html, root: float, scales, pins: str, pages: int):
    """The document laid out with its root font size at each of ``scales`` in turn (``pins``:
    rules keeping some boxes at their size), and that scale: the first that fits ``pages``
    pages, or None."""
    for scale in scales:
        sheet = weasyprint.CSS(string=f"html {{ font-size: {root * scale:.3f}px !important; }} {pins}")
        document = html.render(stylesheets=[sheet])
        if len(document.pages) <= pages:
            return document, scale
    return None


def _page_height(document) -> float:
    return document.pages[0]._page_box.height  # the content box: the paper less its margins


def _free_height(page_box) -> float:
    """Height the page's content leaves empty: the box of class ``poster-fill`` (the default
    theme's spacer that pushes a poster's footer to the foot of the sheet), or what is below
    the content where it ends higher up (the last page of a board that runs over pages)."""
    spacer = _find_box(page_box, "div", "poster-fill")
    root = page_box.children[0]
    below = page_box.content_box_y() + page_box.height - (root.position_y + root.margin_height())
    return max(spacer.height or 0 if spacer is not None else 0, below, 0)


def _root_font_size(document) -> float:
    return document.pages[0]._page_box.children[0].style["font_size"]  # px, as the theme set it


def _find(page, tag: str, css_class: str):
    """The first box of a page made by an element ``<tag class="… css_class …">``."""
    return _find_box(page._page_box, tag, css_class)


def _find_box(page_box, tag: str, css_class: str):
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if _tag(box) == tag and element is not None and css_class in (element.get("class") or "").split():
            return box
    return None


def _tag(box) -> str:
    """The name of the element a box is made by, without a namespace (inline SVG: {…}svg)."""
    return str(getattr(box, "element_tag", "")).rsplit("}", 1)[-1]


def _qr_rule(box) -> str:
    return f"svg.qr {{ width: {box.width:.3f}px !important; height: {box.height:.3f}px !important; }}"


# A picture is printed from a smaller copy when it has this much more than PRINT_DPI needs:
# below that the copy would save little and only add a second JPEG compression.
SHRINK_FROM = 1.15


def _print_sizes(document, base_url: str) -> dict[str, tuple[int, int]]:
    """Resolved path -> (width, height) in pixels for each local raster picture that has more
    pixels than :data:`images.PRINT_DPI` needs at the largest size the poster prints it.

    Measured on the first layout. The copy, so sized, is still larger than the box in CSS
    pixels (300 dpi is 3.1 image pixels to a CSS pixel), so a picture sized by ``max-width``
    and ``max-height`` (the default theme) or by its box takes the same place with it. A
    picture in a site's own template sized in rem may grow a little when a short poster's type
    is enlarged (FILL_SCALES): it then prints at somewhat less than 300 dpi, still sharp."""
    from .images import PRINT_DPI

    wanted: dict[str, tuple[float, float, int, int]] = {}  # path -> inches wide, high; pixels
    for page in document.pages:
        for box in page._page_box.descendants():
            image, element = getattr(box, "replacement", None), getattr(box, "element", None)
            if type(image).__name__ != "RasterImage" or element is None or not element.get("src"):
                continue
            url = _real_url(urljoin(SITE_URL, element.get("src")), base_url)
            if urlsplit(url).scheme.lower() != "file" or not box.width or not box.height:
                continue
            path = str(Path(_url_path(url)).resolve())
            inches = (box.width / 96, box.height / 96)  # CSS pixels
            seen = wanted.get(path, (0.0, 0.0, image.width, image.height))
            wanted[path] = (max(seen[0], inches[0]), max(seen[1], inches[1]), image.width, image.height)
    sizes = {}
    for path, (wide, high, width, height) in wanted.items():
        scale = max(wide * PRINT_DPI / width, high * PRINT_DPI / height)
        if scale * SHRINK_FROM < 1:
            sizes[path] = (max(1, round(width * scale)), max(1, round(height * scale)))
    return sizes


# The bundled themes' static files (their icons, a logo), which a site's poster template may
# show as a page does (url('/static/icon-512.png')): the tool's own files, outside the site's
# folder where the site was made with `init`. (themes.BUNDLED_THEMES, not imported: the
# printing child process imports this module alone, without Jinja.)
_BUNDLED_THEMES = (Path(__file__).resolve().parents[1] / "themes").resolve()
_BUNDLED_STATIC = tuple(path.resolve() for path in _BUNDLED_THEMES.glob("*/static"))

# What WeasyPrint is told the poster's files are called. It names each picture in the PDF by the
# digest of its URL (md5 of the resolved URL, images.get_image_from_uri), so a picture named by
# its real file URL printed a PDF that differed from one computer to the next: a bundled theme's
# icon by the path of the virtualenv, a photo by the site's folder. Printed from these fixed
# URLs, which the fetcher maps to the real files, the same site prints the same bytes wherever
# the tool and the site are, and no local path reaches the print shop (a link to a file, too).
SITE_URL = "file:///.noticeboard-site/"  # the site's folder (PosterJob.base_url)
THEMES_URL = "file:///.noticeboard-themes/"  # the bundled themes' folder


def bundled_url(path: Path) -> str | None:
    """The URL a poster names a bundled theme's static file by (:data:`THEMES_URL`), None for
    any other file."""
    path = path.resolve()
    if not any(path.is_relative_to(folder) for folder in _BUNDLED_STATIC):
        return None
    return THEMES_URL + quote(path.relative_to(_BUNDLED_THEMES).as_posix())


def _real_url(url: str, base_url: str) -> str:
    """``url`` as printed (:data:`SITE_URL`, :data:`THEMES_URL`) as the real file's URL;
    any other URL as it is."""
    if url.startswith(SITE_URL):  # a URL relative to the site's folder, as WeasyPrint joined it
        return urljoin(base_url, url[len(SITE_URL):])
    if url.startswith(THEMES_URL):
        return _BUNDLED_THEMES.as_uri() + "/" + url[len(THEMES_URL):]
    return url


# The site's folders a poster may print a file of: its pictures, its theme's static files. Not
# the rest of the site's folder: a theme downloaded from the internet (not trusted with the files
# of the build machine) wrote <a rel="attachment" href=".git/config"> and the remote's URL with
# its token was embedded in a PDF published on the website; so were .env, the cache, site.yaml.
_PRINTABLE = tuple(folder for folder in SOURCES if folder != "templates")


def _readable(path: Path, site: Path | None) -> bool:
    """Whether printing may read ``path`` (resolved): a file of the site's :data:`_PRINTABLE`
    folders or of a bundled theme's static folder."""
    return (site is not None and any(path.is_relative_to(site / folder) for folder in _PRINTABLE)) \
        or any(path.is_relative_to(folder) for folder in _BUNDLED_STATIC)


def _recording_fetcher(weasyprint, result: _Result, base_url: str, instead: Mapping[str, str] | None = None,
                       smaller: Mapping[str, tuple[int, int]] | None = None, image_cache: Path | None = None):
    base = _base_dir(base_url)
    site = Path(base).resolve() if base else None
    instead = instead or {}
    smaller = smaller or {}

    class RecordingFetcher(weasyprint.URLFetcher):
        """Fetches local files only, those in the site's content/, static/ and themes/
        (:data:`_PRINTABLE`) and the bundled themes' static files, and records each one with
        the digest of its bytes."""

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            printed_as, url = url, _real_url(url, base_url)
            # A file outside the site's printable folders is not read: an image in a notice written as
            # /home/…/身份证.jpg (a link to a page of the site, where base_url has no path)
            # would resolve to that file on this computer and be printed into a public PDF.
            if scheme != "file" or site is None or not _readable(Path(_url_path(url)).resolve(), site):
                result.refused.append(url)
                raise ValueError(f"not fetched while printing: {url}")
            resolved = str(Path(_url_path(url)).resolve())
            copy = instead.get(resolved)
            try:
                response = super().fetch(url, headers)
                body = response.read()
                response.close()
                printed = body if copy is None else Path(copy).read_bytes()
            except Exception:
                result.deps.append((url, None))
                raise
            if image_cache is not None:
                from .images import first_print_size, print_copy

                try:
                    if (size := smaller.get(resolved) or first_print_size(printed)) is not None:
                        printed = print_copy(printed, size, image_cache)
                except Exception:  # noqa: BLE001 - WeasyPrint read it, Pillow not (damaged): printed whole
                    pass
            # The photo's own digest, also where its copy is printed: the copy follows from it.
            result.deps.append((url, hashlib.sha256(body).hexdigest()))
            # Under the URL it was printed by (also the base of a style sheet's own url()s), and
            # without a path: WeasyPrint reads the bytes given, not a file of that URL's name.
            return _without_path(weasyprint)(printed_as, printed, response.headers, response.status)

    return RecordingFetcher(timeout=10)


def _without_path(weasyprint):  # noqa: ANN001, ANN202 - WeasyPrint is imported lazily
    """A response class whose ``path`` is None: WeasyPrint 70 embeds a picture fetched from a
    file:// URL by reading that file again when it writes the PDF (LazyLocalImage), not the
    bytes the fetcher gave, so the photo itself (whole, with its GPS position) was printed
    in place of its copy; and a file printed by :data:`SITE_URL` or :data:`THEMES_URL` has no
    file of that name to read. The URL stays the photo's: the PDF is the same wherever the cache is."""

    class Substituted(weasyprint.urls.URLFetcherResponse):
        path = None

    return Substituted


def _warnings_for(job: PosterJob, pages: int, deps: list[tuple[str, str | None]],
                  refused: list[str], scale: float = 1.0, unprinted: list[str] = ()) -> list[Problem]:
    """Warnings for one poster, made afresh from the job on every run (also from the cache),
    so a changed title, ``overflow_fix`` or line never shows stale words. ``deps`` as recorded.
    Each about the job's output, at the line of the file or address it is about (job.lines)."""
    warnings: list[Text] = []
    about: dict[int, str] = {}  # index in warnings -> the file or address it is about
    if job.single_page and pages > 1:
        fix = job.overflow_fix or OVERFLOW_FIX
        warnings.append(Text(
            f"海报《{job.title}》内容超出一页（共 {pages} 页），文字没有被删减。{fix.zh}",
            f"poster '{job.title}' does not fit on one page ({pages} pages); nothing was "
            f"cut. {fix.en}",
        ))
    elif job.single_page and scale < 1:
        fix = job.overflow_fix or OVERFLOW_FIX
        percent = round(scale * 100)
        warnings.append(Text(
            f"海报《{job.title}》内容多，一页放不下，字号已缩小到 {percent}% 才印在一页上（文字没有被删减），"
            f"站远了看会吃力。{fix.zh}",
            f"poster '{job.title}' did not fit one page: its type was printed at {percent}% to fit (nothing "
            f"was cut) and is harder to read from a distance. {fix.en}",
        ))
    for ref, digest in deps:
        if digest is None:
            name = ref.removeprefix("rel:")
            about[len(warnings)] = name
            warnings.append(Text(
                f"海报《{job.title}》引用的文件不存在：{name}，海报上缺了这一项。",
                f"poster '{job.title}' refers to a file that does not exist: {name}; it is "
                f"missing from the poster.",
            ))
    from .images import browser_fault, too_large  # only stdlib at import: the printing child may load it

    site = _base_dir(job.base_url)
    for name in unprinted:
        # Over Pillow's limit WeasyPrint says only "Failed to load image", as for a damaged file.
        if site is not None and (fault := browser_fault(Path(site) / name)) is not None and fault.kind == "huge":
            large, how, large_en, how_en = too_large()
            warnings.append(Text(
                f"海报《{job.title}》里的图片 {name} {large}，打印不出来，海报上缺了这张图：{how}。",
                f"poster '{job.title}': the picture {name} {large_en} to be printed, so it is missing from "
                f"the poster: {how_en}.",
            ))
            continue
        if Path(name).suffix.lower() in (".heic", ".heif"):
            fix = ("请在手机相册里把这张照片导出为 JPG 再放进 content/media/（苹果手机可在 设置 > 相机 > 格式 里选 “兼容性最佳”，"
                   "以后拍的照片就是 JPG）",
                   "export the photo as JPG from the phone's album and put that in content/media/ (on an iPhone, "
                   "Settings > Camera > Formats > Most Compatible takes photos as JPG)")
        else:
            fix = ("请用看图或修图软件打开原图，重新导出为 JPG 或 PNG 再引用",
                   "open the original in an image editor, export it again as JPG or PNG and refer to that")
        about[len(warnings)] = name
        warnings.append(Text(
            f"海报《{job.title}》里的图片 {name} 打印不出来（不是能打印的图片格式，或文件已损坏），海报上缺了这张图：{fix[0]}。",
            f"poster '{job.title}': the picture {name} cannot be printed (not a format posters print, or "
            f"damaged), so it is missing from the poster: {fix[1]}.",
        ))
    for url in refused:
        if urlsplit(url).scheme.lower() == "file":
            path = _url_path(url)
            if (site := _base_dir(job.base_url)) and Path(path).resolve().is_relative_to(Path(site).resolve()):
                folders = "、".join(f"{folder}/" for folder in _PRINTABLE)
                about[len(warnings)] = Path(path).resolve().relative_to(Path(site).resolve()).as_posix()
                warnings.append(Text(
                    f"海报《{job.title}》引用了文件 {path}，它不在网站的 {folders} 里，打印海报时不读取，海报上缺了这一项；"
                    f"请把文件放到 content/media/ 里再引用。",
                    f"poster '{job.title}' refers to {path}, which is not in the site's "
                    f"{', '.join(f'{folder}/' for folder in _PRINTABLE)}: printing never reads it, it is missing "
                    f"from the poster. Put the file in content/media/ and refer to it there.",
                ))
                continue
            warnings.append(Text(
                f"海报《{job.title}》引用了网站文件夹以外的文件 {path}，打印海报时不读取，海报上缺了这一项；"
                f"请把文件放到 content/media/ 里再引用。",
                f"poster '{job.title}' refers to {path}, outside the site's folder, which printing never "
                f"reads: it is missing from the poster. Put the file in content/media/ and refer to it there.",
            ))
            continue
        about[len(warnings)] = url
        warnings.append(Text(
            f"海报《{job.title}》引用了网络地址 {url}，打印海报时不下载网络文件；"
            f"请把文件放到 content/media/ 里再引用。",
            f"poster '{job.title}' refers to {url}; printing never downloads files. Put the file "
            f"in content/media/ and refer to it there.",
        ))
    where = {ref: (line, field_name) for ref, line, field_name in job.lines}
    return [Problem(job.output, *where.get(about.get(i, ""), (None, None)), text, Severity.WARNING)
            for i, text in enumerate(warnings)]


# ---- cache ----------------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _key_base(fonts_digest: str) -> str:
    return _digest(ENGINE_VERSION, _version("weasyprint"), _version("pydyf"), fonts_digest)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _base_dir(base_url: str) -> str | None:
    parts = urlsplit(base_url)
    if parts.scheme != "file":
        return None
    path = unquote(parts.path)
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def _url_path(url: str) -> str:
    return unquote(urlsplit(url).path)


def _dep_ref(url: str, base: str | None) -> str:
    """A file URL as recorded: ``rel:<path>`` under the base folder, else the absolute path."""
    path = _url_path(url)
    if base and path.startswith(base):
        return "rel:" + path[len(base):]
    return path


def _dep_path(ref: str, base: str | None) -> str | None:
    if ref.startswith("rel:"):
        return None if base is None else base + ref[4:]
    return ref


class _FileHasher:
    """sha256 of files, once per run (a logo shared by 20 posters is read once)."""

    def __init__(self) -> None:
        self._memo: dict[str, str | None] = {}

    def __call__(self, path: str) -> str | None:
        if path not in self._memo:
            try:
                with open(path, "rb") as f:
                    self._memo[path] = hashlib.file_digest(f, "sha256").hexdigest()
            except OSError:
                self._memo[path] = None
        return self._memo[path]


def _full_digest(key: str, deps: list[tuple[str, str | None]]) -> str:
    return _digest(key, *(f"{ref}\0{digest}" for ref, digest in deps))


def _lookup(cache_dir: Path, key: str, job: PosterJob, hasher: _FileHasher):
    """The cached PDF path and the poster's warnings if nothing it is made from changed."""
    try:
        manifest = json.loads((cache_dir / f"{key}.json").read_text("utf-8"))
        recorded = [(ref, digest) for ref, digest in manifest["deps"]]
        pages, refused = int(manifest["pages"]), list(manifest["refused"])
        scale = float(manifest.get("scale", 1.0))
        pdf_name = manifest["pdf"]
        unprinted = list(manifest.get("unprinted", []))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    base = _base_dir(job.base_url)
    current = []
    for ref, _ in recorded:
        path = _dep_path(ref, base)
        current.append((ref, hasher(path) if path else None))
    if current != recorded or pdf_name != _full_digest(key, current) + ".pdf":
        return None
    pdf = cache_dir / pdf_name
    if not pdf.is_file():
        return None
    _touch(pdf, cache_dir / f"{key}.json")
    return pdf, _warnings_for(job, pages, recorded, refused, scale, unprinted)


def _store(cache_dir: Path, key: str, job: PosterJob, result: _Result) -> tuple[Path, list[Problem]]:
    base = _base_dir(job.base_url)
    deps = sorted({(_dep_ref(url, base), digest) for url, digest in result.deps},
                  key=lambda d: (d[0], d[1] or ""))
    pdf = cache_dir / (_full_digest(key, deps) + ".pdf")
    _write_atomic(pdf, result.pdf)
    manifest = {"deps": deps, "pdf": pdf.name, "pages": result.pages, "scale": result.scale,
                "refused": sorted(set(result.refused)), "unprinted": result.unprinted, "title": job.title}
    _write_atomic(cache_dir / f"{key}.json", json.dumps(manifest, ensure_ascii=False).encode())
    return pdf, _warnings_for(job, result.pages, deps, manifest["refused"], result.scale, result.unprinted)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _place(pdf: Path, target: Path, link: bool = True) -> None:
    """Hard-link the cached PDF into the output (copy across file systems, or when ``link`` is
    False: a folder of PDFs handed to staff, who may edit one in place and would change the
    cached copy that later builds publish)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        target.unlink()
    except FileNotFoundError:
        pass
    if link:
        try:
            os.link(pdf, target)
            return
        except OSError:
            pass
    shutil.copyfile(pdf, target)


def _touch(*paths: Path) -> None:
    for path in paths:
        try:
            os.utime(path)
        except OSError:
            pass


_CACHE_FILE = re.compile(r"\.?[0-9a-f]{64}\.(pdf|json)(\.\d+\.tmp)?")


def _prune(cache_dir: Path) -> None:
    """Forget cache entries unused for CACHE_DAYS days (a reused entry is touched)."""
    limit = time.time() - CACHE_DAYS * 86400
    try:
        entries = list(os.scandir(cache_dir))
    except OSError:
        return
    for entry in entries:
        if _CACHE_FILE.fullmatch(entry.name):
            try:
                if entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass


__all__ = ["PosterJob", "PrintReport", "print_posters", "installed_fonts", "Fonts"]
