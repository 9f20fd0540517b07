"""Search: a Chinese full-text index that the browser queries from static files.

Pagefind (PyPI ``pagefind[extended]``; the extended build segments Chinese into words)
indexes the rendered pages and writes a bundle of small files under ``/pagefind/``; the
search page loads only the fragments a query needs, so a phone never downloads the whole
index. Only pages whose template marks their main text with
``data-pagefind-body`` are indexed (notices, activities, services, teams, pages), which
keeps menus and footers out of the results.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Mapping

from .buildstate import OutputRecord, _hash
from .errors import SiteError, fail

OUTPUT = "pagefind"
MARK = b"data-pagefind-body"
# Pagefind's ready-made interfaces: the theme's own small search script replaces them.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


def _index(site: Path, folder: Path) -> None:
    """Run Pagefind's command line over ``site``. Not its Python API: that API answers
    "written" before every file is on disk and then stops the indexer, which left
    truncated files behind (pagefind.js cut at 40 KB)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(folder), "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError((result.stderr or result.stdout).strip() or f"exit code {result.returncode}")


def _lay_out(pages: Mapping[str, bytes], site: Path) -> None:
    """Write ``pages`` as they are published. Pagefind derives each result's URL from the
    file's path, and its script adds the folder it is served from (``/jinjiang/``), so a
    site under a base path needs nothing more."""
    for path, data in pages.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _read_pages(paths: list[str], staging: Path, out: Path) -> dict[str, bytes]:
    """The searchable pages among ``paths``: re-rendered ones are in ``staging``, current
    ones are still in the published ``out`` folder."""
    pages = {}
    for path in paths:
        fresh = staging / path
        data = (fresh if fresh.is_file() else out / path).read_bytes()
        if MARK in data:
            pages[path] = data
    return pages


def search_bundle(records: Mapping[str, OutputRecord], staging: Path, out: Path, cache_dir: Path) -> dict[str, Path]:
    """Output path -> file of the search bundle for this build's pages. The bundle is kept
    in ``cache_dir`` under a digest of every page's bytes, so a build that changed no page
    does not index again."""
    paths = sorted(path for path in records if path.endswith(".html"))
    key = _hash("pagefind-cli", *(f"{path}:{records[path].content}" for path in paths))
    folder = cache_dir / "search" / key
    if not folder.is_dir():
        _build(_read_pages(paths, staging, out), folder)
    return {
        f"{OUTPUT}/{path.relative_to(folder).as_posix()}": path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(UNUSED)
    }


def _build(pages: Mapping[str, bytes], folder: Path) -> None:
    """Index ``pages`` into ``folder``, replacing older bundles (only the newest is kept)."""
    scratch = folder.with_name(folder.name + ".part")
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        with tempfile.TemporaryDirectory(prefix="noticeboard-search-") as site:
            _lay_out(pages, Path(site))
            if pages:  # Pagefind refuses a site with nothing to index
                _index(Path(site), scratch)
    except (OSError, RuntimeError) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise _failure(error) from None
    scratch.mkdir(parents=True, exist_ok=True)
    for old in folder.parent.iterdir():
        if old != scratch:
            shutil.rmtree(old, ignore_errors=True)
    scratch.rename(folder)


def _failure(error: Exception) -> SiteError:
    return fail(
        "pagefind", None, None,
        f"生成站内搜索索引失败：{error}。请重新安装：pip install 'pagefind[extended]'",
        f"building the search index failed: {error}. Reinstall with: pip install 'pagefind[extended]'",
    )
