"""The test support itself: the static host, Chromium with axe-core, and the Nu checker.

Every check compares what the real tool says about pages written here with what it must
say, so a broken install, a checker that reports nothing, or a helper that hides results
fails here first.
"""

from __future__ import annotations

import base64
import struct
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .browser import DESKTOP, MOBILE, format_violations, goto, no_js_page, page, run_axe, screenshot, serve
from .htmlcheck import validate_html, validate_html_later

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)

GOOD = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>停水通知 — 测试社区</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="/">测试社区公告栏</a></header>
<main>
<h1>停水通知</h1>
<p id="status">本页不需要脚本。</p>
<noscript><p id="nojs">脚本已关闭。</p></noscript>
<img src="photo.png" alt="水泵房" width="1" height="1">
</main>
<footer><p>电话 0831-1234567</p></footer>
<script>document.getElementById("status").textContent = "脚本已运行。";</script>
</body>
</html>
"""

BAD = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<title>不合格的页面</title>
</head>
<body>
<main>
<h1>不合格的页面</h1>
<img src="photo.png">
<p style="color:#bbbbbb;background:#ffffff">浅灰色的字看不清。</p>
</main>
</body>
</html>
"""

NOT_FOUND = GOOD.replace("停水通知", "找不到这一页")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(GOOD, encoding="utf-8")
    (root / "bad.html").write_text(BAD, encoding="utf-8")
    (root / "404.html").write_text(NOT_FOUND, encoding="utf-8")
    (root / "photo.png").write_bytes(PNG_1PX)
    # An @import makes axe want to re-fetch stylesheets, which must not hang with JS off.
    (root / "style.css").write_text('@import url("base.css");\na{color:#0b57d0}\n', encoding="utf-8")
    (root / "base.css").write_text("body{font:16px/1.5 sans-serif;color:#1a1a1a;background:#fff;margin:0 1rem}\n")
    (root / "活动").mkdir()
    (root / "活动" / "index.html").write_text(GOOD, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def base(site: Path):
    with serve(site) as url:
        yield url


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8", "replace")


def test_serve_like_a_static_host(base: str) -> None:
    assert base.startswith("http://127.0.0.1:") and not base.endswith("/")
    status, ctype, body = _get(f"{base}/")
    assert (status, ctype) == (200, "text/html; charset=utf-8") and "停水通知" in body
    status, _, body = _get(f"{base}/%E6%B4%BB%E5%8A%A8/")  # /活动/
    assert status == 200 and "停水通知" in body
    status, _, body = _get(f"{base}/no/such/page/")
    assert status == 404 and "找不到这一页" in body
    assert _get(f"{base}/photo.png")[:2] == (200, "image/png")
    assert _get(f"{base}/style.css")[:2] == (200, "text/css; charset=utf-8")


def test_serve_under_a_prefix(site: Path) -> None:
    with serve(site, "/test/") as url:
        assert url.endswith("/test")
        assert _get(f"{url}/")[0] == 200
        assert _get(f"{url}/bad.html")[0] == 200
        outside = url[: -len("/test")] + "/index.html"
        status, _, body = _get(outside)
        assert status == 404 and "找不到这一页" in body
    with pytest.raises(urllib.error.URLError):  # the server is gone after the block
        urllib.request.urlopen(f"{url}/", timeout=2)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [MOBILE, DESKTOP])
def test_axe_passes_an_accessible_page(base: str, width: int, javascript: bool) -> None:
    violations = run_axe(f"{base}/", width, javascript=javascript)
    assert violations == [], format_violations(violations)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_axe_finds_missing_alt_and_low_contrast(base: str, javascript: bool) -> None:
    violations = run_axe(f"{base}/bad.html", MOBILE, javascript=javascript)
    by_id = {v["id"]: v for v in violations}
    assert set(by_id) == {"image-alt", "color-contrast"}, format_violations(violations)
    assert by_id["image-alt"]["targets"] == ["img"]
    assert by_id["image-alt"]["impact"] == "critical"
    assert by_id["color-contrast"]["targets"] == ["p"]
    assert all(v["javascript"] is javascript and v["width"] == MOBILE for v in violations)
    text = format_violations(violations)
    assert "image-alt [critical]" in text and '<img src="photo.png">' in text and "bad.html" in text
    if not javascript:
        assert "JavaScript off" in text


def test_axe_on_an_open_page_and_its_width(base: str) -> None:
    with page(DESKTOP) as pg:
        goto(pg, f"{base}/bad.html")
        assert {v["id"] for v in run_axe(pg, MOBILE)} == {"image-alt", "color-contrast"}
        assert pg.viewport_size == {"width": MOBILE, "height": 800}
        assert pg.evaluate("window.innerWidth") == MOBILE
        assert {v["id"] for v in run_axe(pg, DESKTOP)} == {"image-alt", "color-contrast"}  # axe already there


def test_javascript_off(base: str) -> None:
    with no_js_page(MOBILE) as pg:
        goto(pg, f"{base}/")
        assert pg.text_content("#status") == "本页不需要脚本。"
        assert pg.is_visible("#nojs")
    with page(MOBILE) as pg:
        goto(pg, f"{base}/")
        assert pg.text_content("#status") == "脚本已运行。"
        assert not pg.is_visible("#nojs")


def test_goto_refuses_an_error_page_unless_allowed(base: str) -> None:
    with pytest.raises(AssertionError, match="HTTP 404"):
        run_axe(f"{base}/missing/", MOBILE)
    assert run_axe(f"{base}/missing/", MOBILE, allow_error_status=True) == []


def test_screenshot(base: str, tmp_path: Path) -> None:
    shot = screenshot(f"{base}/", tmp_path / "shots" / "home.png", width=MOBILE)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == MOBILE and height >= 812  # full page: at least the viewport


@pytest.fixture(scope="module", autouse=True)
def html_check(tmp_path_factory: pytest.TempPathFactory):
    """Starts the Nu checker at the start of the module, so its JVM works while Chromium
    does; test_html_checker collects the answer."""
    folder = tmp_path_factory.mktemp("html")
    good = folder / "good.html"
    bad = folder / "子目录" / "bad page.html"
    bad.parent.mkdir()
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD.replace("<main>", "<main><div><span></div>"), encoding="utf-8")
    missing = folder / "missing.html"
    # The folder means every *.html below it (good.html, then 子目录/bad page.html), in
    # one JVM; `ignore` drops matching messages; a missing file is an error, not silence.
    pending = validate_html_later([folder, missing], ignore=[r"^Unclosed element “span”"])
    yield good, bad, missing, pending
    pending.exception()  # wait: never leave the JVM behind


def test_html_checker(html_check) -> None:
    good, bad, missing, pending = html_check
    errors = pending.result(timeout=300)
    assert errors == [
        f"{bad}:8: End tag “div” seen, but there were open elements.",
        f"{bad}:10: An “img” element must have an “alt” attribute, except under certain conditions."
        " For details, consult guidance on providing text alternatives for images.",
        f"{missing}: file not found",
    ], "\n".join(errors)
    assert not [e for e in errors if str(good) in e]  # the valid page passes


def test_html_checker_with_no_files() -> None:
    assert validate_html([]) == []  # no JVM started for nothing
