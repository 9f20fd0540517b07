"""Search: a Chinese full-text index that the browser queries from static files.

Pagefind (PyPI ``pagefind[extended]``; the extended build segments Chinese into words)
indexes the rendered pages in memory and writes a bundle of small files under
``/pagefind/``; the search page loads only the fragments a query needs, so a phone never
downloads the whole index. Only pages whose template marks their main text with
``data-pagefind-body`` are indexed (notices, activities, services, teams, pages), which
keeps menus and footers out of the results.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Mapping

from .buildstate import OutputRecord, _hash
from .config import SiteConfig
from .errors import SiteError, fail

OUTPUT = "pagefind"
MARK = b"data-pagefind-body"
# Pagefind's ready-made interfaces: the theme's own small search script replaces them.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


def page_url(path: str, config: SiteConfig) -> str:
    return config.base_path + path.removesuffix("index.html")


async def _index(pages: Mapping[str, bytes], config: SiteConfig, folder: Path) -> None:
    # Imported here: Pagefind's service is only started when an index is built.
    from pagefind.index import PagefindIndex

    async with PagefindIndex({"output_path": str(folder)}) as index:
        for path, data in pages.items():
            await index.add_html_file(content=data.decode("utf-8"), url=page_url(path, config))


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


def search_bundle(records: Mapping[str, OutputRecord], staging: Path, out: Path, config: SiteConfig,
                  cache_dir: Path) -> dict[str, Path]:
    """Output path -> file of the search bundle for this build's pages. The bundle is kept
    in ``cache_dir`` under a digest of every page's bytes, so a build that changed no page
    does not index again."""
    paths = sorted(path for path in records if path.endswith(".html"))
    key = _hash(config.base_path, *(f"{path}:{records[path].content}" for path in paths))
    folder = cache_dir / "search" / key
    if not folder.is_dir():
        _build(_read_pages(paths, staging, out), config, folder)
    return {
        f"{OUTPUT}/{path.relative_to(folder).as_posix()}": path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(UNUSED)
    }


def _build(pages: Mapping[str, bytes], config: SiteConfig, folder: Path) -> None:
    """Index ``pages`` into ``folder``, replacing older bundles (only the newest is kept)."""
    scratch = folder.with_name(folder.name + ".part")
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        asyncio.run(_index(pages, config, scratch))
    except (OSError, RuntimeError, AssertionError) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise _failure(error) from None
    scratch.mkdir(parents=True, exist_ok=True)  # Pagefind writes nothing for a site with no pages
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
