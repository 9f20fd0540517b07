"""Live preview (``noticeboard serve``): build with drafts, serve, rebuild on save, reload the browser.

The preview is built into ``SITE/.noticeboard-cache/preview/site`` with its own cache beside it,
so ``public/`` stays what was last published and ``build`` and ``serve`` do not take turns
invalidating each other's manifest. Each rebuild is what ``noticeboard build`` does: the no-change
check, the body-edit fast path (an edit to a notice's text is served in ~0.4 s at 10,000 items),
else the incremental ``build()``.

What does what, and why:

- Watching: watchfiles (the OS's change notifications, through Rust's ``notify``). A burst of
  saves (an editor's "save all", a ``git pull``) must be ONE rebuild: the builder waits until
  :data:`QUIET` seconds pass without a new change. livereload's own ``Watcher`` is not used
  because it polls every 0.8 s and reports one changed file per poll, so a burst rebuilds once per
  file, which is why MkDocs dropped it (mkdocs#2061).
- Reloading: livereload's WebSocket handler (LiveReload protocol 7) and its ``livereload.js``
  client, served by tornado, which livereload runs on. Our handler serves the files under the
  site's base path, so ``url(...)`` links work as they will online.
- Mistakes: ``build()`` publishes atomically, so a failed build leaves the last good preview in
  place; until a build succeeds again, every HTML page served carries a panel listing the
  problems, and the terminal lists them too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import queue
import re
import socket
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Iterable

import click
import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, netutil, web
from tornado.ioloop import IOLoop

from .snapshot import CACHE_FOLDER, build_if_changed
from .config import load_config
from .errors import Problem, SiteError, Text, counted
from .folders import claim_cache, try_to_hold
from .themes import BUNDLED_THEMES, resolve_theme

WATCHED = ("content", "templates", "static", "themes")  # folders of the site whose changes rebuild it
# A burst of saves (an editor's "save all", a git pull) is one rebuild: each watcher groups
# changes until STEP_MS pass without one, and the builder merges the groups of both watchers
# until QUIET seconds pass without one. Every saved edit waits for both, so they are short
# (0.05 + 0.15 s was a fifth of a title edit's way to the browser at 10,000 items), and
# together longer than the gaps between the files of a burst.
STEP_MS = 20
QUIET = 0.1


class OnePreview:
    """This site's preview, held by one ``serve`` at a time: a second one rebuilt the same
    folders on every save, each reloading the other's browsers. The first writes its address
    into the lock file, so the second can tell staff where the running preview is."""

    def __init__(self, root: Path) -> None:
        # The site's cache folder holds the preview's: tagged as ours first, or the next
        # `build` would find a folder of unknown files there and refuse it.
        claim_cache(root / CACHE_FOLDER, root)
        folder = preview_folders(root)[0].parent
        folder.mkdir(exist_ok=True)
        self.path = folder / "serve.lock"
        self.lock = try_to_hold(self.path)

    def running_elsewhere(self) -> str | None:
        """The address of the preview another ``serve`` runs ("" before it printed one), or
        None when this one holds the site's preview."""
        if self.lock is not None:
            return None
        return self.path.read_text(encoding="utf-8").strip()

    def announce(self, url: str) -> None:
        assert self.lock is not None
        self.lock.truncate(0)
        self.lock.write(url)
        self.lock.flush()


class _EditorFiles(watchfiles.DefaultFilter):
    """watchfiles' default ignores (vim's .swp, ~ backups, .# locks, .DS_Store), and Emacs's
    autosaves (#通知.md#) and the lock file Word or WPS keeps beside an open attachment
    (~$报名表.docx): they change while staff type, and each change rebuilt the preview."""

    ignore_entity_patterns = (*watchfiles.DefaultFilter.ignore_entity_patterns, r"^#.*#$", r"^~\$")


def preview_folders(root: Path) -> tuple[Path, Path]:
    """(output folder, cache folder) of the preview, both under the site's cache folder."""
    base = root / CACHE_FOLDER / "preview"
    return base / "site", base / "cache"


class Preview:
    """The preview's state: rebuilt by the builder thread, read by the web handlers.

    Handlers only read attributes that the builder replaces whole, so no lock is needed.
    """

    def __init__(self, root: Path, lang: str, today: dt.date | None):
        self.root = root
        self.lang = lang
        self.today = today
        self.out, self.cache = preview_folders(root)
        self.base_path = "/"
        self.old_base_paths: list[str] = []  # earlier base paths: their addresses redirect to the new one
        self.origin = ""  # http://host:port, once serving; then a new base path is told
        self.folders: tuple[Path, ...] = ()  # watched recursively; changes when a folder appears
        self.panel = b""  # HTML put into every page while the last build failed
        self.notes = b""  # the warnings of the last good build, folded, on every page
        self.warnings: list[str] = []
        self.changes: queue.Queue[set[str]] = queue.Queue()
        self.stop = threading.Event()
        self.refolder = threading.Event()
        self.loop: IOLoop | None = None
        self.refresh()

    def say(self, zh: str, en: str, err: bool = False) -> None:
        click.echo(en if self.lang == "en" else zh, err=err)

    def refresh(self) -> None:
        """Base path and watched folders, from site.yaml as it is now (kept if it is unusable)."""
        try:
            config, _ = load_config(self.root)
            theme = resolve_theme(config)
        except SiteError:
            bundled: list[Path] = []
        else:
            if config.base_path != self.base_path:
                self._moved(config.base_path)
            bundled = [folder for folder in theme.folders if folder.is_relative_to(BUNDLED_THEMES)]
        folders = tuple(p for p in [*(self.root / name for name in WATCHED), *bundled] if p.is_dir())
        if folders != self.folders:
            self.folders = folders
            self.refolder.set()

    def _moved(self, base_path: str) -> None:
        """base_url's path changed: every page has a new address. Say it, and remember the old
        one, so the page open in the browser (which reloads at its old address) follows."""
        if self.origin:  # serving already (not the first reading of site.yaml)
            self.say(f"site.yaml 的 base_url 改了，预览地址改为：{self.origin}{base_path}",
                     f"base_url in site.yaml changed; the preview is now at {self.origin}{base_path}")
            if base_path in self.old_base_paths:
                self.old_base_paths.remove(base_path)
            self.old_base_paths.append(self.base_path)
        self.base_path = base_path

    # ------------------------------------------------------------------ building

    def rebuild(self, changed: Iterable[str] = ()) -> None:
        """Build once, report in the terminal and in the pages, then reload the browsers."""
        when = time.strftime("%H:%M:%S")
        changed = sorted(changed)
        what = self._describe(changed)
        shown, written = (self.panel, self.notes), 0
        try:
            report = build_if_changed(self.root, self.out, today=self.today, drafts=True, cache_dir=self.cache,
                                      posters=False)
        except SiteError as error:
            self._failed(when, what, [p for p in error.problems if p.is_error] or error.problems)
        except OSError as error:  # a file vanished mid-build, the disk is full
            self._failed(when, what, [Problem(_relative(self.root, error.filename), None, None, Text(
                f"读写文件失败：{error.strerror}", f"could not read or write a file: {error.strerror}"))])
        except Exception as error:  # noqa: BLE001 - a bug must not end the preview; show it
            traceback.print_exc()
            self._failed(when, what, [Problem("", None, None, Text(
                f"noticeboard 内部错误（请报告给维护者）：{error!r}", f"internal error in noticeboard (please report it): {error!r}"))])
        else:
            recovered, written = bool(self.panel), report.written
            self.panel = b""
            warnings = [w.format(self.lang) for w in report.warnings]
            self._print_warnings(warnings)
            self.notes = _warnings_bar(warnings, self.lang)
            self.say(f"{when} {'已更新' if changed else '已生成'}{what}：共 {report.pages} 个页面，重新生成 "
                     f"{report.rendered} 个，写入 {report.written} 个文件，用时 {report.seconds:.2f} 秒。"
                     + ("错误已全部改好。" if recovered else ""),
                     f"{when} {'updated' if changed else 'built'}{what}: {report.pages} pages, rendered "
                     f"{report.rendered}, wrote {report.written} files in {report.seconds:.2f} s."
                     + (" All errors fixed." if recovered else ""))
        self.refresh()
        # A save that changed no page (the same text saved again) leaves the browsers where the
        # resident scrolled to; a changed page, or errors or warnings shown or gone, reloads.
        if self.loop is not None and (written or (self.panel, self.notes) != shown):
            self.loop.add_callback(_reload_browsers)

    def _describe(self, changed: list[str]) -> str:
        # Editors save through a temporary file that is gone by now (sed -i, vim, gedit): name
        # the files that are there, unless the change was a deletion.
        changed = [path for path in changed if os.path.exists(path)] or changed
        if not changed:
            return ""
        first = _relative(self.root, changed[0])
        # "改动：": after "有 1 处错误" a bare file count read as a count of broken files.
        if len(changed) == 1:
            return f"（改动：{first}）" if self.lang != "en" else f" (changed: {first})"
        return (f"（改动：{first} 等 {len(changed)} 个文件）" if self.lang != "en"
                else f" (changed: {first} and {len(changed) - 1} more)")

    def _failed(self, when: str, what: str, problems: list[Problem]) -> None:
        kept = (self.out / "index.html").is_file()  # False when no build has succeeded yet
        self.panel = _panel(problems, self.lang, kept)
        for problem in problems:
            self.say(problem.format("zh"), problem.format("en"), err=True)
        self.say(f"{when} 有 {len(problems)} 处错误{what}，" + ("预览保持上次成功生成的页面，" if kept else "")
                 + "浏览器里也会显示这些错误；改好并保存后自动恢复。",
                 f"{when} {counted(len(problems), 'error')}{what}; " + ("the preview keeps the last good pages and " if kept else "")
                 + "the browser shows the errors too; save a fix to recover.", err=True)

    def _print_warnings(self, warnings: list[str]) -> None:
        """Warnings when they change, not again on every rebuild."""
        if warnings != self.warnings:
            for line in warnings:
                click.echo(line, err=True)
        self.warnings = warnings

    # ------------------------------------------------------------------ watching

    def watch_root(self) -> None:
        """site.yaml, and content/ templates/ themes/ appearing or vanishing (not recursive:
        the output and cache folders live in the site folder too)."""
        names = {"site.yaml", *WATCHED}
        for batch in watchfiles.watch(self.root, recursive=False, step=STEP_MS, stop_event=self.stop,
                                      raise_interrupt=False,
                                      watch_filter=lambda _change, path: Path(path).name in names):
            self.changes.put({path for _change, path in batch})
            if any(Path(path).name in WATCHED for _change, path in batch):
                # A watched folder deleted and made again (content/ restored from a backup)
                # is a new folder at the same path: the recursive watch stayed on the deleted
                # one, and refresh() sees the same set of folders, so every later save went
                # unseen. Watch the folders anew.
                self.refolder.set()

    def watch_folders(self) -> None:
        """The watched folders, recursively; started again when the set of folders changes."""
        while not self.stop.is_set():
            self.refolder.clear()
            folders = self.folders
            if not folders:
                self.refolder.wait(0.5)
                continue
            try:
                for batch in watchfiles.watch(*folders, step=STEP_MS, stop_event=_Either(self.stop, self.refolder),
                                              watch_filter=_EditorFiles(),
                                              raise_interrupt=False):
                    self.changes.put({path for _change, path in batch})
            except OSError:  # a folder vanished; watch_root saw it, and the rebuild refreshes the set
                self.refolder.wait(0.5)

    def build_on_change(self) -> None:
        self.preload()
        while not self.stop.is_set():
            try:
                changed = self.changes.get(timeout=0.5)
            except queue.Empty:
                continue
            while True:  # a burst of saves is one rebuild
                try:
                    changed |= self.changes.get(timeout=QUIET)
                except queue.Empty:
                    break
            self.rebuild(changed)

    def preload(self) -> None:
        """Load and link the site once before the first save, so that its build does not:
        the first build usually found nothing changed and imported, read and linked nothing.
        Measured at 10,000 items, without this the first title edit reached the browser in
        0.83-1.0 s (a notice) and 1.03-1.16 s (an activity: calendar.ics writes every event the
        first time a process writes it); with it, in 0.72-0.76 s, as later edits do."""
        from .build import check, scan_inputs  # Jinja, the renderer, the search: imported while nobody waits
        from .ical import remember_events

        try:
            inputs = scan_inputs(self.root, self.out)  # as the build will, so the cache keeps its signatures
            site, _ = check(self.root, self.today, drafts=True, cache_dir=self.cache, inputs=inputs, lint=False)
            remember_events(site.activities, site.config)
        except Exception:  # noqa: BLE001 - only a head start: the next build reports what is wrong
            pass

    def start_threads(self, *targets: Any) -> None:
        for target in targets:
            threading.Thread(target=target, name=target.__name__, daemon=True).start()

    # ------------------------------------------------------------------ serving

    async def run(self, sockets: list[socket.socket], port: int) -> None:
        app = web.Application(
            [(r"/livereload", LiveReloadHandler),
             (r"/livereload\.js", LiveReloadJSHandler),
             (r"/(.*)", PreviewHandler, {"preview": self})],
            transforms=[_injector(self, port)],
            log_function=lambda _handler: None,  # no line per request in the staff's terminal
        )
        server = httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        self.loop = IOLoop.current()
        self.start_threads(self.build_on_change)
        await asyncio.Event().wait()  # until Ctrl-C


class _Either:
    """Set when any of the events is (watchfiles only asks ``is_set()``)."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)


def _relative(root: Path, path: str | None) -> str:
    if not path:
        return ""
    for base in (root, BUNDLED_THEMES.parent):
        try:
            return Path(path).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _reload_browsers() -> None:
    """Tell every connected livereload.js to reload the whole page (the CSS is fingerprinted,
    so a style change is a page change too)."""
    for waiter in list(LiveReloadHandler.waiters):
        waiter.send_message({"command": "reload", "path": "*", "liveCSS": False, "liveImg": False})


def _panel(problems: list[Problem], lang: str, kept: bool) -> bytes:
    """The problems, as HTML that shows on top of any theme and collapses without script."""
    if lang == "en":
        heading = (f"{counted(len(problems), 'error')}: " + ("this is the last good preview. " if kept else "nothing could be built yet. ")
                   + "Save a fix and the page reloads.")
    else:
        heading = (f"内容有 {len(problems)} 处错误，" + ("下面是上次成功生成的页面。" if kept else "还没能生成任何页面。")
                   + "改好并保存后页面会自动刷新。")
    items = "".join(f"<li>{html.escape(problem.format(lang))}</li>" for problem in problems)
    return (
        '<details open id="noticeboard-problems" role="alert" style="position:fixed;left:0;right:0;bottom:0;'
        "z-index:2147483647;max-height:50vh;overflow:auto;margin:0;padding:.75em 1.25em;background:#fff4f4;"
        "color:#5c0000;border-top:4px solid #c00;box-shadow:0 -2px 12px rgba(0,0,0,.3);"
        'font:16px/1.6 system-ui,sans-serif;text-align:left">'
        f'<summary style="font-weight:bold;cursor:pointer">{html.escape(heading)}</summary>'
        f'<ol style="margin:.5em 0 0;padding-left:1.5em;font-family:ui-monospace,monospace">{items}</ol></details>'
    ).encode()


def _warnings_bar(warnings: list[str], lang: str) -> bytes:
    """The warnings, folded into a bar at the bottom: a misspelt field (``expire:``) builds, and
    the staff watch the browser, not the terminal. Folded, since a warning may stay for long
    (a date that does not match the file name) and must not hide the page."""
    if not warnings:
        return b""
    heading = (f"{counted(len(warnings), 'warning')}: the page built, but check them (click to open)" if lang == "en"
               else f"有 {len(warnings)} 条提醒：页面已生成，但请看看是不是写错了（点开查看）")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in warnings)
    return (
        '<details id="noticeboard-warnings" role="status" style="position:fixed;left:0;right:0;bottom:0;'
        "z-index:2147483647;max-height:50vh;overflow:auto;margin:0;padding:.5em 1.25em;background:#fffbe6;"
        "color:#4d3800;border-top:4px solid #b38600;box-shadow:0 -2px 12px rgba(0,0,0,.2);"
        'font:16px/1.6 system-ui,sans-serif;text-align:left">'
        f'<summary style="font-weight:bold;cursor:pointer">{html.escape(heading)}</summary>'
        f'<ol style="margin:.5em 0 0;padding-left:1.5em;font-family:ui-monospace,monospace">{items}</ol></details>'
    ).encode()


_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def inject(page: bytes, panel: bytes, script: bytes) -> bytes:
    """The problems panel and the livereload client, first thing in ``<body>``."""
    body = _BODY.search(page)
    if body is None:
        return page
    return page[:body.end()] + panel + script + page[body.end():]


def _injector(preview: Preview, port: int) -> type[web.OutputTransform]:
    # The client finds the server from its own address; the port travels in the query.
    script = f'<script src="/livereload.js?port={port}" async></script>'.encode()

    class Injector(web.OutputTransform):
        """Rewrites HTML responses on their way out, like livereload's LiveScriptInjector,
        with the panel as it is at the moment of the request."""

        def transform_first_chunk(self, status_code: int, headers: Any, chunk: bytes, finishing: bool) -> tuple:
            if "text/html" in headers.get("Content-Type", ""):
                # The errors while the last build failed, else the last good build's warnings.
                changed = inject(chunk, preview.panel or preview.notes, script)
                if "Content-Length" in headers:
                    headers["Content-Length"] = str(int(headers["Content-Length"]) + len(changed) - len(chunk))
                chunk = changed
            return status_code, headers, chunk

    return Injector


NOT_FOUND = b'<!doctype html><html><head><meta charset="utf-8"><title>404</title></head><body><p>404</p></body></html>'


class PreviewHandler(web.StaticFileHandler):
    """The preview's files under the site's base path; the site's own 404 page otherwise.

    Each file is read whole, once, when the request finds it. A rebuild replaces files (a
    rename) at any moment, and tornado's own way, the length from a stat and the bytes from
    a later open, sent a new shorter page under the old page's length: the browser waited
    for bytes that never came, or showed the page cut off."""

    def initialize(self, preview: Preview) -> None:  # type: ignore[override]
        self.preview = preview
        super().initialize(path=str(preview.out), default_filename="index.html")

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        path = super().validate_absolute_path(root, absolute_path)
        if path is not None:
            try:
                with open(path, "rb") as file:
                    self._read_stat, self._read = os.fstat(file.fileno()), file.read()
            except FileNotFoundError:  # removed since, by a rebuild: the new build has no such page
                raise web.HTTPError(404) from None
        return path

    def get_modified_time(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(int(self._read_stat.st_mtime), dt.timezone.utc)

    def get_content_size(self) -> int:
        return len(self._read)

    def get_content(self, abspath: str, start: int | None = None, end: int | None = None) -> bytes:  # type: ignore[override]
        return self._read[start:end]

    def compute_etag(self) -> None:
        return None  # tornado's reads the file again (and 304s are off: should_return_304)

    async def get(self, path: str, include_body: bool = True) -> None:
        base = self.preview.base_path
        requested = "/" + path
        if base != "/" and requested in ("/", base.rstrip("/")):
            self.redirect(base)
            return
        if not requested.startswith(base):
            # The longest old base path first: "/" is a prefix of every address.
            for old in sorted(self.preview.old_base_paths, key=len, reverse=True):
                if requested.startswith(old) or requested == old.rstrip("/"):
                    rest = requested[len(old):] if requested.startswith(old) else ""
                    query = f"?{self.request.query}" if self.request.query else ""
                    self.redirect(base + rest + query)
                    return
            raise web.HTTPError(404)
        await super().get(requested[len(base):], include_body)

    def should_return_304(self) -> bool:
        return False  # the same file may be served with or without the problems panel

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code != 404:
            super().write_error(status_code, **kwargs)
            return
        page = self.preview.out / "404.html"
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page.read_bytes() if page.is_file() else NOT_FOUND)


def lan_address() -> str | None:
    """This computer's address in its local network, as a phone in the same Wi-Fi opens it;
    None when it has none. ``--host 0.0.0.0`` listens on every address, and the staff asked to
    open "this computer's IP" do not know it (ipconfig, ip addr): the terminal says it.
    Connecting a UDP socket only picks the route, no packet is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("203.0.113.1", 9))  # any address outside this network (TEST-NET-3)
            address = probe.getsockname()[0]
        except OSError:  # no network at all
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def bind(host: str = "127.0.0.1", port: int = 8000) -> list[socket.socket]:
    """The listening sockets; OSError when the port is taken or the host is not ours."""
    return netutil.bind_sockets(port, address=host)


def serve(root: Path, sockets: list[socket.socket], lang: str = "zh", today: dt.date | None = None,
          held: OnePreview | None = None) -> None:
    """Build, then serve the preview on ``sockets`` and rebuild on change, until Ctrl-C.
    ``held``: the site's preview, told the address once it is known."""
    host, port = sockets[0].getsockname()[:2]  # the port the system chose for --port 0
    preview = Preview(root, lang, today)
    try:
        preview.start_threads(preview.watch_root, preview.watch_folders)  # edits during the first build count
        preview.say("正在生成预览（含草稿）……", "Building the preview (drafts included)...")
        preview.rebuild()
        shown = "localhost" if host in ("0.0.0.0", "::") else host
        preview.origin = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}"
        url = preview.origin + preview.base_path
        if held is not None:
            held.announce(url)
        preview.say(f"预览地址：{url}  （用浏览器打开；保存文件后自动刷新；按 Ctrl-C 停止）",
                    f"Preview at {url}  (open it in a browser; it reloads on save; Ctrl-C stops)")
        phone = lan_address() if host in ("0.0.0.0", "::") else None
        if phone:
            preview.say(f"同一网络（Wi-Fi）里的手机打开：http://{phone}:{port}{preview.base_path}",
                        f"On a phone in the same network (Wi-Fi): http://{phone}:{port}{preview.base_path}")
        preview.say("正在监视 content/、templates/、static/、themes/ 和 site.yaml 的改动。",
                    "Watching content/, templates/, static/, themes/ and site.yaml for changes.")
        asyncio.run(preview.run(sockets, port))
    except KeyboardInterrupt:
        preview.say("预览已停止。", "Preview stopped.")
    finally:
        preview.stop.set()
        for sock in sockets:
            sock.close()
