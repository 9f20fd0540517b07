"""Shared test helpers: build a small site in a temp folder, run the CLI in-process.

    def test_bad_date(make_site, run_cli, tmp_path):
        site = make_site(tmp_path, {"content/notices/a.md": "---\\ntitle: 停水\\ndate: 2026-13-01\\n---\\n"})
        code, out, err = run_cli("check", site, "--today", "2026-11-22")
        assert code == 1 and "2026-13-01" in err

``make_site`` writes into ``tmp_path / "site"`` (so ``tmp_path`` keeps room for an output
folder or a file "outside the site") and returns that folder. ``run_cli`` runs the real click
command in this process, so it is fast and never lets a Python exception pass as a message.
"""

from __future__ import annotations

import hashlib
import traceback
from pathlib import Path
from typing import Callable, Mapping

import pytest
from hypothesis import settings
from click.testing import CliRunner

from generator.cli import main
from website_build import example

# Hypothesis's deadline (200 ms an example) measures the machine, not the code: with both
# cores busy (pytest -n 2, a build beside it) a property test of privacy masking failed on
# it once. What these tests check is the answers; speed has its own benchmarks.
settings.register_profile("noticeboard", deadline=None)
settings.load_profile("noticeboard")

TODAY = "2026-11-22"

# The smallest site.yaml that builds: one metric, so statistics files can be tested too.
MINIMAL_SITE_YAML = """\
title: 测试社区公告栏
base_url: https://example.org/test/
community:
  name: 测试社区
  phone: "0831-1234567"
metrics:
  - {id: service_visits, label: 服务人次, unit: 人次, aggregate: sum}
"""


def make_site_files(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (site-relative path -> text or bytes) into ``tmp_path/site``.

    Text is written as UTF-8 exactly as given (no newline translation); bytes are written
    as they are, for encodings and line endings. A minimal valid ``site.yaml`` is added
    unless ``files`` has one or the folder already holds one, so calling it twice adds files.
    """
    root = tmp_path / "site"
    root.mkdir(parents=True, exist_ok=True)
    if "site.yaml" not in files and not (root / "site.yaml").exists():
        (root / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
    for relpath, content in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
    return root


def run_cli_in_process(*args: object) -> tuple[int, str, str]:
    """Run ``noticeboard ARGS`` in-process: (exit code, stdout, stderr).

    An uncaught Python exception is a bug for every command and input we test, so it fails
    the test with its traceback instead of being returned as exit code 1.
    """
    result = CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        details = "".join(traceback.format_exception(*result.exc_info))  # type: ignore[misc]
        pytest.fail(f"noticeboard {' '.join(map(str, args))} raised instead of reporting:\n{details}")
    return result.exit_code, result.stdout, result.stderr


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (symlinks included as links) -> sha256, to prove a folder
    is byte-for-byte what it was."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            hashes[relative] = "link:" + str(path.readlink())
        elif path.is_file():
            hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


@pytest.fixture
def make_site() -> Callable[[Path, Mapping[str, str | bytes]], Path]:
    """``make_site(tmp_path, {path: text or bytes}) -> site root``; see :func:`make_site_files`."""
    return make_site_files


@pytest.fixture
def run_cli() -> Callable[..., tuple[int, str, str]]:
    """``run_cli("check", site, "--today", "2026-11-22") -> (exit code, stdout, stderr)``."""
    return run_cli_in_process


@pytest.fixture(autouse=True, scope="module")
def _stop_the_browser_after_each_module():
    """Playwright's sync driver keeps an asyncio loop running in the main thread while it is
    up, and a later module that calls asyncio.run (test_serve.py) would fail. It restarts on
    demand, so every module that drove the browser stops it when it ends."""
    yield
    import sys

    browser_support = sys.modules.get("support.browser")
    if browser_support is not None:
        browser_support._stop_driver()


@pytest.fixture(scope="session")
def ex(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - website_build.Example
    """The example site, built once for the session (website_build.example)."""
    return example(tmp_path_factory)
