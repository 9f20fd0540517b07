"""A local static host, headless Chromium (Debian's, driven by Playwright) and axe-core.

Typical use in a test::

    from support.browser import MOBILE, DESKTOP, serve, run_axe, format_violations

    def test_home_is_accessible(built_site):
        with serve(built_site) as base:
            for width in (MOBILE, DESKTOP):
                for js in (True, False):
                    v = run_axe(f"{base}/", width, javascript=js)
                    assert not v, format_violations(v)

Chromium is Debian's ``/usr/bin/chromium`` (override with ``NOTICEBOARD_CHROMIUM``),
launched through the ``playwright`` PyPI package, whose bundled driver speaks CDP to it;
``playwright install`` is never needed. One Playwright driver is started per process on
first use and stopped at exit; :func:`shared_browser` keeps one Chromium for the whole
process (about 1 s to launch), :func:`browser` launches a private one.

Playwright's sync API must be used from one thread and outside a running asyncio loop,
which is how pytest runs tests (each pytest-xdist worker is its own process).
"""

from __future__ import annotations

import atexit
import contextlib
import http.server
import os
import sys
import threading
import urllib.parse
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

if TYPE_CHECKING:  # imported lazily: serve() works without playwright installed
    from playwright.sync_api import Browser, Page, Response

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("NOTICEBOARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)

MOBILE = 375
DESKTOP = 1280
WIDTHS = (MOBILE, DESKTOP)
_HEIGHTS = {MOBILE: 812, DESKTOP: 800}
AXE_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa")
AXE_TIMEOUT_S = 60  # one axe run on one page; a stuck run raises TimeoutError

INSTALL_HINT = "run scripts/install-test-deps.sh (as root) to install the test dependencies"


# --------------------------------------------------------------------------- static host


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Like a static host: index.html for folders, no folder listings, the site's own
    ``404.html`` (status 404) for anything missing, explicit content types, no caching."""

    prefix = "/"  # set per server by serve()
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".htm": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".xml": "application/xml",
        ".rss": "application/rss+xml",
        ".atom": "application/atom+xml",
        ".txt": "text/plain; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".ics": "text/calendar; charset=utf-8",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".webp": "image/webp",
        ".avif": "image/avif",
        ".ico": "image/x-icon",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".wasm": "application/wasm",
        ".pdf": "application/pdf",
    }

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        url_path = urllib.parse.urlsplit(path).path
        if self.prefix != "/":
            if not (url_path + "/").startswith(self.prefix):
                return os.path.join(self.directory, "__outside_prefix__", "missing")
            path = "/" + url_path[len(self.prefix):]
        return super().translate_path(path)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and self.command in ("GET", "HEAD") and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the browser closed a connection early: normal for a test
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path | str, prefix: str = "/") -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port; yield the base URL, no trailing slash.

    ``prefix`` mounts the folder under a path, for a site built with a ``base_url`` such as
    ``https://example.org/test/``: ``serve(out, "/test/")`` yields
    ``http://127.0.0.1:PORT/test`` and answers 404 outside it. Missing paths get the site's
    ``404.html`` with status 404 when it exists, as a static host would.
    """
    directory = Path(directory).resolve()
    if not directory.is_dir():
        raise FileNotFoundError(f"serve(): no such folder: {directory}")
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("Handler", (_StaticHandler,), {"prefix": prefix})
    server = _QuietServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="test-static-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- Chromium

_playwright: Any = None
_shared: Browser | None = None


def _driver() -> Any:
    global _playwright
    if _playwright is None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:  # pragma: no cover - depends on the machine
            raise RuntimeError(f"the playwright package is missing (pip install playwright); {INSTALL_HINT}") from exc
        _playwright = sync_playwright().start()
        atexit.register(_stop_driver)
    return _playwright


def _stop_driver() -> None:
    global _playwright
    close_shared_browser()
    if _playwright is not None:
        with contextlib.suppress(Exception):
            _playwright.stop()
        _playwright = None


def launch() -> Browser:
    """Launch a new headless Debian Chromium; the caller closes it."""
    if not os.path.exists(CHROMIUM):
        raise RuntimeError(f"no Chromium at {CHROMIUM}; {INSTALL_HINT}")
    return _driver().chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True)


@contextlib.contextmanager
def browser() -> Iterator[Browser]:
    """``with browser() as b:`` a private Chromium, closed on exit."""
    instance = launch()
    try:
        yield instance
    finally:
        with contextlib.suppress(Exception):
            instance.close()


def shared_browser() -> Browser:
    """One Chromium for the whole process, launched on first use, closed at exit."""
    global _shared
    if _shared is None or not _shared.is_connected():
        _shared = launch()
    return _shared


def close_shared_browser() -> None:
    global _shared
    _axe_pages.clear()
    if _shared is not None:
        with contextlib.suppress(Exception):
            _shared.close()
        _shared = None


try:  # a session fixture for tests that want it: `from support.browser import chromium`
    import pytest

    @pytest.fixture(scope="session")
    def chromium() -> Iterator[Browser]:
        yield shared_browser()

except ImportError:  # pragma: no cover
    pass


@contextlib.contextmanager
def page(
    width: int = MOBILE,
    *,
    javascript: bool = True,
    browser: Browser | None = None,
    color_scheme: str = "light",
    height: int | None = None,
    **context_options: Any,
) -> Iterator[Page]:
    """A fresh page in its own browser context (no shared cookies or storage), closed on exit.

    ``javascript=False`` makes a context with ``java_script_enabled=False``: page scripts do
    not run and ``<noscript>`` content is shown, as for a visitor without JavaScript.
    Other keyword arguments go to ``Browser.new_context`` (``locale``, ``is_mobile``, ...).
    """
    context = (browser or shared_browser()).new_context(
        viewport={"width": width, "height": height or _HEIGHTS.get(width, 800)},
        java_script_enabled=javascript,
        color_scheme=color_scheme,  # type: ignore[arg-type]
        **context_options,
    )
    try:
        yield context.new_page()
    finally:
        with contextlib.suppress(Exception):
            context.close()


def no_js_page(width: int = MOBILE, **options: Any) -> contextlib.AbstractContextManager[Page]:
    """``with no_js_page(375) as p:`` — :func:`page` with JavaScript turned off."""
    return page(width, javascript=False, **options)


def goto(pg: Page, url: str, *, allow_error_status: bool = False) -> Response | None:
    """Open ``url`` and wait for ``load``; a 4xx/5xx answer fails unless allowed (for 404.html)."""
    response = pg.goto(url, wait_until="load")
    if response is not None and response.status >= 400 and not allow_error_status:
        raise AssertionError(f"{url} answered HTTP {response.status}")
    return response


def watch_errors(pg: Page) -> list[str]:
    """Start recording what goes wrong on ``pg``; returns a list that fills as it happens:
    console errors, uncaught exceptions, failed requests and 4xx/5xx responses."""
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    # Not one the browser gave up itself (net::ERR_ABORTED): Chromium fetches a page's icon after
    # its load event and drops the request when the test opens the next page, which a busy
    # machine (pytest -n 2) made happen now and then. A missing file is told by its 404.
    pg.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})")
          if r.failure != "net::ERR_ABORTED" else None)
    pg.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    return problems


def screenshot(
    url: str,
    path: Path | str,
    width: int = MOBILE,
    full_page: bool = True,
    *,
    javascript: bool = True,
    color_scheme: str = "light",
    browser: Browser | None = None,
    allow_error_status: bool = False,
) -> Path:
    """Save a PNG of ``url`` at ``width`` CSS pixels (device scale 1); returns ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with page(width, javascript=javascript, color_scheme=color_scheme, browser=browser) as pg:
        goto(pg, url, allow_error_status=allow_error_status)
        pg.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


# --------------------------------------------------------------------------- axe-core

# Is scripting off for this page? With it off, the parser builds <noscript> content as
# elements (and timers never fire, so axe gets its own below).
_SCRIPTING_DISABLED_JS = (
    "() => { const d = document.createElement('div');"
    " d.innerHTML = '<noscript><i></i></noscript>'; return d.querySelector('i') !== null; }"
)

# axe-core is evaluated inside a function whose local setTimeout & co. shadow the page's.
# With JavaScript on they are the real ones. With it off (java_script_enabled=False) the
# page's timers never fire, which would hang axe.run; there a timer of 0-1 ms runs as a
# microtask (axe uses those to yield), and a longer one (only timeouts for frames and asset
# preloading) never fires. The page's own globals are never touched.
_AXE_PRELUDE = """(noScript) => {
  const native = {
    setTimeout: window.setTimeout.bind(window), clearTimeout: window.clearTimeout.bind(window),
    setInterval: window.setInterval.bind(window), clearInterval: window.clearInterval.bind(window),
    requestAnimationFrame: window.requestAnimationFrame.bind(window),
    cancelAnimationFrame: window.cancelAnimationFrame.bind(window),
  };
  let lastId = 0;
  const soon = (fn, args) => { Promise.resolve().then(() => { if (typeof fn === 'function') fn(...args); }); };
  const shim = {
    setTimeout: (fn, ms, ...args) => { if (!(ms > 1)) soon(fn, args); return ++lastId; },
    clearTimeout: () => {}, setInterval: () => ++lastId, clearInterval: () => {},
    requestAnimationFrame: (fn) => { soon(fn, [performance.now()]); return ++lastId; },
    cancelAnimationFrame: () => {},
  };
  const t = noScript ? shim : native;
  const setTimeout = t.setTimeout, clearTimeout = t.clearTimeout, setInterval = t.setInterval,
        clearInterval = t.clearInterval, requestAnimationFrame = t.requestAnimationFrame,
        cancelAnimationFrame = t.cancelAnimationFrame;
"""

_AXE_RUN = """async ({tags, rules, noScript, timeoutMs}) => {
  const options = {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations']};
  if (noScript) {
    // No event handler runs with JavaScript off, so axe must not wait for one: no
    // re-fetching of stylesheets (only css-orientation-lock needs it, and CSS is the same
    // with JavaScript on) and no messaging into iframes.
    options.preload = false;
    options.iframes = false;
  }
  let done = false;
  const run = (async () => {
    if (!noScript && document.fonts) { await document.fonts.ready; }
    return window.axe.run(document, options);
  })().finally(() => { done = true; });
  // A watchdog, so that a stuck run fails instead of hanging the test run. With JavaScript
  // off no timer fires, so it counts time on a chain of microtasks that runs beside axe's.
  const deadline = performance.now() + timeoutMs;
  const watchdog = new Promise(resolve => {
    if (noScript) {
      const tick = () => {
        if (done) return;
        if (performance.now() > deadline) resolve(null); else Promise.resolve().then(tick);
      };
      tick();
    } else {
      window.setTimeout(() => resolve(null), timeoutMs);
    }
  });
  const result = await Promise.race([run, watchdog]);
  if (result === null) return null;
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
  }));
}"""

_axe_injector: str | None = None


def _injector() -> str:
    global _axe_injector
    if _axe_injector is None:
        if not AXE_JS.is_file():
            raise RuntimeError(f"axe-core is missing at {AXE_JS}; {INSTALL_HINT}")
        _axe_injector = _AXE_PRELUDE + AXE_JS.read_text(encoding="utf-8") + "\n}"
    return _axe_injector


def _target_text(target: Sequence[Any]) -> str:
    # One selector per frame level; a level is a list of selectors into shadow roots.
    return " >>> ".join(t if isinstance(t, str) else " >> ".join(t) for t in target)


def run_axe(
    page_or_url: Page | str,
    width: int,
    *,
    javascript: bool = True,
    tags: Iterable[str] = AXE_TAGS,
    disable_rules: Iterable[str] = (),
    color_scheme: str = "light",
    browser: Browser | None = None,
    allow_error_status: bool = False,
) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) and return its violations.

    ``page_or_url``: a URL (opened at ``width``, with or without ``javascript``, in
    ``color_scheme``, in a page kept for such runs; an HTTP error status fails unless
    ``allow_error_status``) or an open Playwright page (resized to ``width``; its own
    JavaScript setting applies, and axe also runs where JavaScript is off).

    Each violation: ``{"id", "impact", "help", "helpUrl", "targets": [css selector, ...],
    "nodes": [{"target", "html", "failureSummary"}], "url", "width"}``.
    """
    if isinstance(page_or_url, str):
        pg = _axe_page(browser or shared_browser(), width, javascript, color_scheme)
        try:
            goto(pg, page_or_url, allow_error_status=allow_error_status)
            return _axe(pg, width, tags, disable_rules)
        finally:
            _forget_state(pg)
    pg = page_or_url
    size = pg.viewport_size
    if size is None or size["width"] != width:
        pg.set_viewport_size({"width": width, "height": (size or {}).get("height") or _HEIGHTS.get(width, 800)})
    return _axe(pg, width, tags, disable_rules)


# run_axe(url) reuses one page per (browser, width, JavaScript, colour scheme): a page in the
# same renderer process gets axe-core from V8's compilation cache, which makes a run about
# 0.3 s instead of 1 s or more in a fresh context. Cookies and storage are cleared after each
# run so runs stay independent.
_axe_pages: dict[tuple[int, int, bool, str], tuple[Browser, Page]] = {}


def _axe_page(b: Browser, width: int, javascript: bool, color_scheme: str) -> Page:
    key = (id(b), width, javascript, color_scheme)
    cached = _axe_pages.get(key)
    if cached is not None and cached[0] is b and b.is_connected() and not cached[1].is_closed():
        return cached[1]
    context = b.new_context(
        viewport={"width": width, "height": _HEIGHTS.get(width, 800)},
        java_script_enabled=javascript,
        color_scheme=color_scheme,  # type: ignore[arg-type]
    )
    pg = context.new_page()
    _axe_pages[key] = (b, pg)
    return pg


def _forget_state(pg: Page) -> None:
    with contextlib.suppress(Exception):
        pg.context.clear_cookies()
        pg.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")


def _axe(pg: Page, width: int, tags: Iterable[str], disable_rules: Iterable[str]) -> list[dict[str, Any]]:
    no_script = bool(pg.evaluate(_SCRIPTING_DISABLED_JS))
    if pg.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'") is not True:
        pg.evaluate(_injector(), no_script)
    raw = pg.evaluate(
        _AXE_RUN,
        {
            "tags": list(tags),
            "rules": {rule: {"enabled": False} for rule in disable_rules},
            "noScript": no_script,
            "timeoutMs": AXE_TIMEOUT_S * 1000,
        },
    )
    if raw is None:
        raise TimeoutError(f"axe-core did not finish within {AXE_TIMEOUT_S} s on {pg.url}")
    violations = []
    for v in raw:
        nodes = [
            {"target": _target_text(n["target"]), "html": n["html"], "failureSummary": n.get("failureSummary") or ""}
            for n in v["nodes"]
        ]
        violations.append(
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "helpUrl": v["helpUrl"],
                "targets": [n["target"] for n in nodes],
                "nodes": nodes,
                "url": pg.url,
                "width": width,
                "javascript": not no_script,
            }
        )
    return violations


def format_violations(violations: Iterable[dict[str, Any]], max_nodes: int = 5) -> str:
    """Readable text for an assertion message: each rule, its impact and help, then the
    offending elements (selector, HTML, axe's summary of what to fix)."""
    violations = list(violations)
    if not violations:
        return "no axe violations"
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        where = ""
        if v.get("url"):
            js = "" if v.get("javascript", True) else ", JavaScript off"
            where = f" at {v['url']} ({v.get('width')}px{js})"
        lines.append(f"- {v['id']} [{v.get('impact')}]{where}: {v.get('help')} <{v.get('helpUrl', '')}>")
        nodes = v.get("nodes") or [{"target": t, "html": "", "failureSummary": ""} for t in v.get("targets", [])]
        for n in nodes[:max_nodes]:
            html = " ".join(str(n.get("html", "")).split())
            if len(html) > 160:
                html = html[:157] + "..."
            lines.append(f"    {n['target']}  {html}".rstrip())
            for summary_line in str(n.get("failureSummary", "")).splitlines():
                if summary_line.strip():
                    lines.append(f"        {summary_line.strip()}")
        if len(nodes) > max_nodes:
            lines.append(f"    ... and {len(nodes) - max_nodes} more element(s)")
    return "\n".join(lines)


__all__ = [
    "AXE_TAGS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DESKTOP",
    "MOBILE",
    "WIDTHS",
    "browser",
    "chromium",
    "close_shared_browser",
    "format_violations",
    "goto",
    "launch",
    "no_js_page",
    "page",
    "run_axe",
    "screenshot",
    "serve",
    "shared_browser",
    "watch_errors",
]
