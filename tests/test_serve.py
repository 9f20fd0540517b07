"""``noticeboard serve`` driven for real: a subprocess on a free port, HTTP, a LiveReload client.

One server per test module (its first build is the slow part). Each step saves files the way an
editor does, waits for the reload that livereload.js would get, then fetches what a browser
would fetch after reloading. The save-to-served latency of each step is printed (``pytest -s``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterator

import pytest
from tornado.websocket import websocket_connect

from conftest import TODAY, make_site_files, run_cli_in_process

TIMEOUT = 60  # seconds; generous for a loaded 2-core CI machine, a passing run takes far less
REBUILD_LINE = re.compile(r"^\d\d:\d\d:\d\d ", re.MULTILINE)  # one per build, good or bad


def notice(title: str, date: str = "2026-11-20", body: str = "正文。") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n{body}\n"


# `noticeboard` with Ctrl-C working as in a terminal. A test run started in the background
# (`make test &`, a CI runner's shell) hands its children SIGINT ignored, and a Python started
# so keeps ignoring it: the Ctrl-C test then failed with the preview killed after 15 s.
AS_IN_A_TERMINAL = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                    "from generator.cli import main; sys.argv[0] = 'noticeboard'; sys.exit(main())")


class Served:
    """A running ``noticeboard serve``: its URL, its terminal output, and a reload listener."""

    def __init__(self, site: Path, prelude: str = ""):
        """``prelude``: Python run in the server before noticeboard starts."""
        self.site = site
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-c", prelude + AS_IN_A_TERMINAL, "serve", str(site), "--port", "0", "--today", TODAY],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()
        found = self.wait_for_output(lambda out: re.search(r"http://127\.0\.0\.1:\d+/\S*", out))
        self.url = found.group(0)
        self.origin = re.match(r"http://[^/]+", self.url).group(0)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_output(self, test: Callable[[str], object], timeout: float = TIMEOUT) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if result := test(self.output):
                return result
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the reader take the last lines
                pytest.fail(f"serve exited with {self.process.returncode}:\n{self.output}")
            time.sleep(0.05)
        pytest.fail(f"serve did not print what was expected within {timeout} s:\n{self.output}")

    def rebuilds(self) -> int:
        return len(REBUILD_LINE.findall(self.output))

    def save_and_wait_for_reload(self, save: Callable[[], None], timeout: float = TIMEOUT) -> tuple[float, dict]:
        """Connect as livereload.js does, ``save()``, and wait for the reload command.
        Returns (``time.perf_counter()`` just before the save, the command)."""

        async def run() -> tuple[float, dict]:
            socket = await websocket_connect(self.origin.replace("http", "ws") + "/livereload")
            await socket.write_message(json.dumps({"command": "hello", "protocols": [
                "http://livereload.com/protocols/official-7"]}))
            assert json.loads(await socket.read_message())["command"] == "hello"
            await socket.write_message(json.dumps({"command": "info", "url": self.url, "plugins": {}}))
            await asyncio.sleep(0.1)  # the server registers the client on "info", which has no answer
            saved = time.perf_counter()
            save()
            message = await asyncio.wait_for(socket.read_message(), timeout)
            socket.close()
            return saved, json.loads(message)

        # In a thread of its own: Playwright's sync API (the browser test) leaves an event loop
        # running in this one, where asyncio.run() refuses to start.
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, run()).result()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def write(path: Path, text: str) -> None:
    """Save as editors do: a new file moved over the old one."""
    temporary = path.with_name(path.name + ".tmp~")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    site = make_site_files(tmp_path_factory.mktemp("serve"), {
        "content/notices/water.md": notice("停水通知"),
        "content/notices/plan.md": notice("草稿里的计划", body="还没定。").replace("---\n", "---\ndraft: true\n", 1),
    })
    server = Served(site)
    yield server
    server.stop()


def test_serves_under_base_path_with_drafts_and_livereload(served: Served) -> None:
    assert served.url.endswith("/test/"), served.url  # base_url https://example.org/test/
    status, page = fetch(served.url)
    assert status == 200 and "停水通知" in page
    assert "草稿里的计划" in page  # drafts are shown in preview, marked as drafts
    assert '<span class="badge draft">草稿</span> <a href="/test/notices/' in page
    draft_link = re.search(r'<span class="badge draft">草稿</span> <a href="(/test/notices/[^"]+)"', page).group(1)
    status, draft_page = fetch(served.origin + draft_link)
    assert status == 200 and "这是草稿（draft: true），只在预览里看得到" in draft_page
    assert "这是草稿" not in fetch(served.url + "notices/")[1].split("草稿里的计划")[0]  # no banner on a list page
    assert f'src="/livereload.js?port={served.url.split(":")[2].split("/")[0]}"' in page
    status, script = fetch(served.origin + "/livereload.js")
    assert status == 200 and "LiveReload" in script
    status, _ = fetch(served.origin + "/")
    assert status == 200  # redirected to the base path
    status, missing = fetch(served.url + "no-such-page/")
    assert status == 404 and "livereload.js" in missing
    assert not (served.site / "public").exists()  # preview never touches the published folder


def test_edit_break_fix_and_burst(served: Served) -> None:
    water = served.site / "content/notices/water.md"

    # An edit is served by the time the browser is told to reload.
    saved, command = served.save_and_wait_for_reload(lambda: write(water, notice("停水通知（时间有变）")))
    assert command["command"] == "reload"
    _, page = fetch(served.url)
    latency_edit = time.perf_counter() - saved
    assert "停水通知（时间有变）" in page and "noticeboard-problems" not in page

    # A content error: the last good pages stay, with every problem on them and in the terminal.
    before = served.rebuilds()
    saved, _ = served.save_and_wait_for_reload(lambda: write(water, notice("停水通知（时间有变）", date="2026-13-45")))
    _, page = fetch(served.url)
    latency_error = time.perf_counter() - saved
    assert "停水通知（时间有变）" in page
    panel = re.search(r'<details open id="noticeboard-problems".*?</details>', page, re.S)
    assert panel, page[:2000]
    assert "content/notices/water.md:3: date:" in panel.group(0) and "2026-13-45" in panel.group(0)
    assert "内容有 1 处错误，下面是上次成功生成的页面" in panel.group(0)
    _, missing = fetch(served.url + "no-such-page/")
    assert "noticeboard-problems" in missing  # on every HTML page, the 404 page too
    served.wait_for_output(lambda out: "content/notices/water.md:3: date:" in out)
    assert served.rebuilds() == before + 1

    # Fixing it recovers without a restart.
    saved, _ = served.save_and_wait_for_reload(lambda: write(water, notice("停水通知（已恢复）")))
    _, page = fetch(served.url)
    latency_fix = time.perf_counter() - saved
    assert "停水通知（已恢复）" in page and "noticeboard-problems" not in page
    served.wait_for_output(lambda out: "错误已全部改好" in out)

    # Five files saved at once (an editor's "save all") are one rebuild.
    before = served.rebuilds()

    def burst() -> None:
        for number in range(5):
            write(served.site / f"content/notices/burst-{number}.md", notice(f"连续保存第{number}个"))

    saved, _ = served.save_and_wait_for_reload(burst)
    _, page = fetch(served.url)
    latency_burst = time.perf_counter() - saved
    assert all(f"连续保存第{number}个" in page for number in range(5)), served.output
    time.sleep(1.0)  # room for a second rebuild, if the burst were split
    assert served.rebuilds() == before + 1, served.output
    assert "（改动：" in served.output and "等 5 个文件）" in served.output

    print(f"\nsave -> served: edit {latency_edit:.2f} s, error {latency_error:.2f} s, "
          f"fix {latency_fix:.2f} s, 5 files saved at once {latency_burst:.2f} s; "
          f"build() took {', '.join(re.findall(r'用时 ([0-9.]+) 秒', served.output)[1:])} s")
    assert "Traceback" not in served.output


def test_browser_reloads_by_itself(served: Served) -> None:
    """In headless Chromium the injected livereload.js connects and the page reloads on save."""
    browser = pytest.importorskip("support.browser")
    if not Path(browser.CHROMIUM).exists():
        pytest.skip(f"no Chromium at {browser.CHROMIUM}")
    water = served.site / "content/notices/water.md"
    link = re.search(r'href="(/test/notices/[^"]*water[^"]*)"', fetch(served.url + "notices/")[1])
    assert link, "no link to the notice's page"
    with browser.page(browser.DESKTOP) as page:
        with page.expect_websocket(timeout=TIMEOUT * 1000) as opened:
            browser.goto(page, served.origin + link.group(1))
        opened.value.wait_for_event("framereceived", timeout=TIMEOUT * 1000)  # the server's "hello"
        time.sleep(0.3)  # the client answers with "info", which registers it for reloads
        page.evaluate("window.notReloaded = true")
        saved = time.perf_counter()
        write(water, notice("浏览器自己刷新了"))
        page.wait_for_function("() => document.body.innerText.includes('浏览器自己刷新了')", timeout=TIMEOUT * 1000)
        print(f"\nsave -> shown in Chromium: {time.perf_counter() - saved:.2f} s")
        assert page.evaluate("window.notReloaded === undefined")  # a reload, not a script edit


def test_editor_scratch_files_and_an_unchanged_save_leave_the_page_alone(served: Served) -> None:
    """Emacs's autosave (#water.md#) and Word's lock beside an open attachment (~$报名表.docx)
    rebuilt the preview while staff typed; a file saved unchanged reloaded the browser, which
    lost the place the reader had scrolled to."""
    notices = served.site / "content/notices"
    scratch = [notices / "#water.md#", served.site / "content" / "~$报名表.docx"]
    before = served.rebuilds()
    try:
        scratch[0].write_text("半句话", encoding="utf-8")
        scratch[1].write_bytes(b"lock")
        time.sleep(1.5)
        assert served.rebuilds() == before
        water = notices / "water.md"
        unchanged = water.read_text(encoding="utf-8")
        with pytest.raises(TimeoutError):  # no reload command within 3 s
            served.save_and_wait_for_reload(lambda: write(water, unchanged), timeout=3)
        assert served.rebuilds() == before + 1  # built, found nothing changed
    finally:  # the server is shared by the module's later tests
        for path in scratch:
            path.unlink(missing_ok=True)


def test_a_build_after_the_first_preview_uses_the_same_cache_folder(served: Served) -> None:
    """init, serve, then build: the build refused the site's cache folder, which the preview
    had made without its tag ("里已经有别的文件，不是 noticeboard 的缓存")."""
    code, out, err = run_cli_in_process("build", served.site, "--no-posters", "--today", TODAY,
                                        "--out", served.site / "public")
    assert code == 0, err
    assert (served.site / "public" / "index.html").is_file()


def test_a_second_preview_of_the_site_says_where_the_first_runs(served: Served) -> None:
    """Two serves of one site rebuilt the same folders on every save, each reloading the
    other's browsers: the second stops at once, saying where the running preview is."""
    second = subprocess.run([sys.executable, "-c", AS_IN_A_TERMINAL, "serve", str(served.site), "--port", "0",
                             "--today", TODAY], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert second.returncode == 2, second.stdout + second.stderr
    assert f"这个网站的预览已经在运行：{served.url}。请在浏览器里打开它" in second.stderr, second.stderr
    assert "Traceback" not in second.stderr and served.process.poll() is None


def test_ctrl_c_stops_cleanly(served: Served) -> None:
    assert served.stop() == 0
    time.sleep(0.2)
    assert "预览已停止" in served.output
    assert "Traceback" not in served.output


def test_changes_until_a_quiet_moment_are_one_rebuild(tmp_path: Path) -> None:
    """The builder's own grouping, without the file system: changes 20 ms apart (as the watchers
    report a long burst in pieces) are one rebuild; a change after a quiet moment is another."""
    from generator.serve import QUIET, Preview

    preview = Preview(make_site_files(tmp_path, {}), "zh", None)
    rebuilt: list[set[str]] = []
    preview.rebuild = rebuilt.append  # type: ignore[method-assign]
    preview.start_threads(preview.build_on_change)
    try:
        for number in range(5):
            preview.changes.put({f"burst-{number}.md"})
            time.sleep(0.02)
        time.sleep(QUIET + 0.5)
        preview.changes.put({"later.md"})
        deadline = time.monotonic() + TIMEOUT
        while len(rebuilt) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        preview.stop.set()
    assert rebuilt == [{f"burst-{number}.md" for number in range(5)}, {"later.md"}]


def test_a_failed_head_start_does_not_stop_the_builder(tmp_path: Path, monkeypatch) -> None:
    """Reading the content cache ahead of the first save is only a head start: whatever it
    raises (a damaged cache file can raise almost anything), saves are still rebuilt."""
    import generator.build
    from generator.serve import Preview

    def damaged(*_args: object, **_options: object) -> None:
        raise OverflowError("cannot fit 'int' into an index-sized integer")

    monkeypatch.setattr(generator.build, "check", damaged)
    preview = Preview(make_site_files(tmp_path, {}), "zh", None)
    rebuilt: list[set[str]] = []
    preview.rebuild = rebuilt.append  # type: ignore[method-assign]
    preview.start_threads(preview.build_on_change)
    try:
        preview.changes.put({"saved.md"})
        deadline = time.monotonic() + TIMEOUT
        while not rebuilt and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        preview.stop.set()
    assert rebuilt == [{"saved.md"}]


def test_a_page_replaced_while_it_is_served_arrives_whole(tmp_path: Path, monkeypatch) -> None:
    """A rebuild renames new pages over old ones while a browser may be fetching one: the
    response is the page as it was when the request found it, whole, never the new page's
    bytes under the old page's length (the browser waited for bytes that never came)."""
    from tornado import httpserver, netutil, web

    from generator import serve

    out = tmp_path / "public"
    out.mkdir()
    page = out / "index.html"
    old = ("<!doctype html><html><body><p>" + "旧通知" * 2000 + "</p></body></html>").encode()
    page.write_bytes(old)
    real_size = serve.PreviewHandler.get_content_size

    def size_then_a_rebuild_replaces_the_page(handler: serve.PreviewHandler) -> int:
        size = real_size(handler)
        new = page.with_name("index.html.new")
        new.write_bytes(b"<!doctype html><html><body><p>new</p></body></html>")
        os.replace(new, page)
        return size

    monkeypatch.setattr(serve.PreviewHandler, "get_content_size", size_then_a_rebuild_replaces_the_page)
    preview = SimpleNamespace(out=out, base_path="/", panel=b"", notes=b"")
    sockets = netutil.bind_sockets(0, address="127.0.0.1")
    port = sockets[0].getsockname()[1]
    running: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    async def run() -> None:
        app = web.Application([(r"/(.*)", serve.PreviewHandler, {"preview": preview})],
                              transforms=[serve._injector(preview, port)])
        server = httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        stop = asyncio.Event()
        running.append((asyncio.get_running_loop(), stop))
        await stop.wait()
        server.stop()

    thread = threading.Thread(target=asyncio.run, args=(run(),), daemon=True)
    thread.start()
    deadline = time.monotonic() + TIMEOUT
    while not running and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=TIMEOUT) as response:
            served = response.read().decode("utf-8")
    finally:
        loop, stop = running[0]
        loop.call_soon_threadsafe(stop.set)
        thread.join(TIMEOUT)
    assert "旧通知" * 2000 in served and served.endswith("</p></body></html>")


def test_inject_goes_first_in_body() -> None:
    from generator.serve import inject

    page = b'<!doctype html><html><head><title>t</title></head><body class="home">x</body></html>'
    assert inject(page, b"<P>", b"<S>") == page.replace(b'<body class="home">', b'<body class="home"><P><S>')
    assert inject(b"{}", b"<P>", b"<S>") == b"{}"  # not a page: left alone


def test_busy_port_is_a_usage_error(make_site, run_cli, tmp_path: Path) -> None:
    import socket

    site = make_site(tmp_path, {})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, _, err = run_cli("serve", site, "--port", taken.getsockname()[1])
    assert code == 2 and "换一个端口" in err


def test_the_log_names_the_saved_file_not_the_editors_temporary_one(tmp_path: Path) -> None:
    """sed -i, vim and gedit write a temporary file and rename it: both are reported changed."""
    (tmp_path / "content").mkdir()
    saved = tmp_path / "content" / "a.md"
    saved.write_text("一", encoding="utf-8")
    from generator.serve import Preview

    preview = SimpleNamespace(root=tmp_path, lang="zh")
    assert Preview._describe(preview, [str(tmp_path / "content" / "sedAbc123"), str(saved)]) == "（改动：content/a.md）"
    assert Preview._describe(preview, [str(tmp_path / "content" / "gone.md")]) == "（改动：content/gone.md）"  # a deletion


def test_a_content_folder_replaced_whole_is_still_watched(tmp_path: Path) -> None:
    """Restoring content/ from a backup (the folder deleted and copied back in one go): the
    recursive watch was on the deleted folder, and every later save went unseen until restart."""
    site = make_site_files(tmp_path, {"content/notices/water.md": notice("停水通知")})
    backup = tmp_path / "backup"
    shutil.copytree(site / "content", backup)
    write(backup / "notices/water.md", notice("从备份恢复的通知"))
    server = Served(site)
    try:
        def restore() -> None:
            shutil.rmtree(site / "content")
            shutil.copytree(backup, site / "content")

        server.save_and_wait_for_reload(restore)
        assert "从备份恢复的通知" in fetch(server.url)[1]
        time.sleep(0.5)  # the staff's next save comes seconds later
        server.save_and_wait_for_reload(lambda: write(site / "content/notices/water.md", notice("恢复后又改了一次")),
                                        timeout=10)
        assert "恢复后又改了一次" in fetch(server.url)[1]
    finally:
        server.stop()
    assert "Traceback" not in server.output


def test_a_new_base_url_path_is_told_and_the_open_page_follows(tmp_path: Path) -> None:
    """Editing base_url's path moves the whole preview: the terminal says the new address, and
    the page open in the browser, which reloads at its old address, is sent to the new one
    instead of showing 找不到这个页面."""
    site = make_site_files(tmp_path, {"content/notices/water.md": notice("停水通知")})
    server = Served(site)
    try:
        page = re.search(r'href="/test/(notices/[^"]*water[^"]*)"', fetch(server.url + "notices/")[1]).group(1)
        yaml = (site / "site.yaml").read_text(encoding="utf-8")
        server.save_and_wait_for_reload(lambda: write(site / "site.yaml", yaml.replace("/test/", "/dadi/")))
        new_url = server.origin + "/dadi/"
        assert f"预览地址改为：{new_url}" in server.output, server.output
        status, shown = fetch(server.url + page)  # the old address of the open page
        assert status == 200 and "停水通知" in shown and 'href="/dadi/' in shown
    finally:
        server.stop()
    assert "Traceback" not in server.output


def _removed_files_open(pid: int) -> list[str]:
    """The files process ``pid`` holds open that were deleted since."""
    found = []
    for name in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{name}")
        except OSError:  # closed meanwhile
            continue
        if target.endswith(" (deleted)"):
            found.append(target)
    return found


def test_settings_edits_leave_no_removed_body_file_open(tmp_path: Path) -> None:
    """Each settings change parses every file again, and every few the content cache's body
    file is written afresh and the old one removed: the cache of the build before still held
    the old one open, until the collector freed its entries. Over a day of edits the removed
    files' descriptors and disk space piled up in serve. The collector is off here, as it
    may not run for long: the files must be closed when they are removed."""
    site = make_site_files(tmp_path, {f"content/notices/n{number}.md": notice(f"停水通知{number}", body="停水安排。" * 4000)
                                      for number in range(20)})
    yaml = (site / "site.yaml").read_text(encoding="utf-8")
    server = Served(site, prelude="import gc; gc.disable(); ")
    cache = site / ".noticeboard-cache/preview/cache"
    try:
        held = []
        for edit in range(6):
            # A new timezone changes the settings every file is parsed with; the title, every page.
            zone = "Asia/Chongqing" if edit % 2 else "Asia/Urumqi"
            changed = yaml.replace("测试社区公告栏", f"测试社区公告栏{edit}") + f"timezone: {zone}\n"
            server.save_and_wait_for_reload(lambda: write(site / "site.yaml", changed))
            held.append(_removed_files_open(server.process.pid))
        fresh = [int(path.stem.split("-")[1]) for path in cache.glob("bodies-*.bin")]
        assert fresh and min(fresh) >= 2, fresh  # the body file was written afresh, more than once
        assert held == [[]] * 6, held
    finally:
        server.stop()
    assert "Traceback" not in server.output


@pytest.mark.parametrize("host", ["203.0.113.7", "手机"])  # an address of another computer; not an address
def test_a_wrong_host_is_told_as_a_wrong_host_not_a_busy_port(make_site, run_cli, tmp_path: Path, host: str) -> None:
    """Another port cannot help when --host is wrong: say which --host to write instead."""
    site = make_site(tmp_path, {})
    code, _, err = run_cli("serve", site, "--host", host, "--port", 0)
    assert code == 2
    assert "换一个端口" not in err and "Name or service" not in err, err
    assert f"无法在 {host}:0 上打开预览（这台电脑没有这个地址）" in err, err
    assert "--host 0.0.0.0" in err and "去掉 --host" in err, err


def test_listening_for_phones_prints_the_address_a_phone_opens(tmp_path: Path) -> None:
    """With --host 0.0.0.0 the preview's address (localhost) does not open on a phone; the
    terminal also says this computer's address in its network, and that address serves."""
    from generator.serve import lan_address

    site = make_site_files(tmp_path, {"content/notices/water.md": notice("停水通知")})
    process = subprocess.Popen(
        [sys.executable, "-c", AS_IN_A_TERMINAL, "serve", str(site), "--port", "0", "--host", "0.0.0.0",
         "--today", TODAY], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        out = ""
        while "正在监视" not in out and process.poll() is None:
            out += process.stdout.readline()
        port = re.search(r"http://localhost:(\d+)/test/", out).group(1)
        phone = lan_address()
        if phone is None:  # a machine with no network: nothing a phone could open
            assert "手机打开" not in out, out
        else:
            assert f"同一网络（Wi-Fi）里的手机打开：http://{phone}:{port}/test/" in out, out
            status, page = fetch(f"http://{phone}:{port}/test/")
            assert status == 200 and "停水通知" in page
    finally:
        process.send_signal(signal.SIGINT)
        out += process.communicate(timeout=15)[0]
    assert "Traceback" not in out


def test_a_scheduled_notice_is_shown_marked_with_its_day(tmp_path: Path) -> None:
    """A notice dated after today is published by the build of its date; the preview shows it
    at once, marked as a draft is, with the day, and its page says why the site has it not."""
    site = make_site_files(tmp_path, {"content/notices/water.md": notice("停水通知"),
                                      "content/notices/winter.md": notice("寒假安全提醒", date="2027-01-02")})
    server = Served(site)
    try:
        _, page = fetch(server.url)
        found = re.search(r'<span class="badge draft">定于 2027年1月2日 发布</span> <a href="(/test/notices/[^"]+)">寒假安全提醒', page)
        assert found, page[:3000]
        status, winter = fetch(server.origin + found.group(1))
        assert status == 200 and "这条通知定于 2027年1月2日 发布（date 写的是以后的日期），只在预览里看得到" in winter
        water = fetch(server.url + "notices/water/")[1]
        assert "定于 2027年1月2日" not in water  # no mark on a published notice
        assert "“寒假安全提醒” 定于 2027-01-02 发布：到那天自动生成后才会出现在网站上" in water  # the warnings bar
    finally:
        server.stop()
    assert "定于 2027-01-02 发布" in server.output  # told in the terminal too


def test_warnings_show_in_the_browser_too(tmp_path: Path) -> None:
    """A misspelt field (expire: for expires:) builds, with a warning: the staff watching the
    browser, not the terminal, saw nothing and the notice silently never expired. The pages
    carry the warnings in a folded bar until the warning is gone."""
    site = make_site_files(tmp_path, {"content/notices/water.md": notice("停水通知")})
    water = site / "content/notices/water.md"
    server = Served(site)
    try:
        assert "noticeboard-warnings" not in fetch(server.url)[1]
        server.save_and_wait_for_reload(lambda: write(water, notice("停水通知").replace("date:", "expire: 2026-11-25\ndate:")))
        _, page = fetch(server.url + "no-such-page/")  # every HTML page, the 404 page too
        bar = re.search(r'<details id="noticeboard-warnings".*?</details>', page, re.S)
        assert bar, page[:2000]
        assert "有 1 条提醒" in bar.group(0)
        assert "content/notices/water.md:3: expire: 警告: 不认识的字段，已忽略，是不是想写 “expires”？" in bar.group(0)
        server.save_and_wait_for_reload(lambda: write(water, notice("停水通知").replace("date:", "expires: 2026-11-25\ndate:")))
        assert "noticeboard-warnings" not in fetch(server.url)[1]
    finally:
        server.stop()
    assert "Traceback" not in server.output
