"""Assets: the theme's stylesheets and scripts, renamed by a digest of their bytes.

``static/site.css`` is published as ``static/site.1a2b3c4d5e.css``, so a web host may tell
browsers to keep it for a year: any change gives a new name, and a resident's weak phone
downloads the stylesheet once instead of on every page. Templates ask for the current name
with the ``asset('site.css')`` global.

They are published minified (rcssmin, rjsmin: C-accelerated, well kept): the theme's files
explain themselves in comments for the next theme author, and a resident's phone need not
download them. The default theme's site.css 24.6 -> 13.4 KB, search.js 58 -> 32 KB (14 KB
gzipped, from 24).
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Mapping

import jinja2
import rcssmin
import rjsmin

FINGERPRINTED = (".css", ".js")
_MINIFY = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minified(source: Path) -> bytes:
    """The bytes a CSS or JS file is published as. One that is not UTF-8 (a theme author's
    stylesheet saved in GBK) is published as it is: the browser reads it as before."""
    data = source.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data
    return _MINIFY[source.suffix](text).encode("utf-8")


def fingerprinted_name(relative: str, data: bytes) -> str:
    """``static/site.css`` -> ``static/site.<10 hex digits>.css``."""
    path = PurePosixPath(relative)
    digest = hashlib.blake2b(data, digest_size=5).hexdigest()
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def add_assets(env: jinja2.Environment, static: Mapping[str, Path], folder: Path | None = None) -> dict[str, Path]:
    """Minify CSS and JS among ``static`` (output path -> source) and rename them by their
    digest, give templates the ``asset(name)`` global that returns the URL of the renamed
    file, and return the files to publish: the minified copies, written into ``folder``
    (the cache's; older copies there are removed). Without ``folder``, for a caller that
    needs only the published names, the sources stand for the copies."""
    published: dict[str, Path] = {}
    names: dict[str, str] = {}
    for relative, source in static.items():
        if relative.endswith(FINGERPRINTED):
            data = minified(source)
            renamed = fingerprinted_name(relative, data)
            names[relative.removeprefix("static/")] = renamed
            published[renamed] = source if folder is None else _kept(folder, renamed, data)
        else:
            published[relative] = source
    if folder is not None:
        _remove_others(folder, {path.name for path in published.values() if path.parent == folder})
    url = env.globals["url"]

    def asset(name: str) -> str:
        if name not in names:
            raise jinja2.UndefinedError(f"asset '{name}' is not a CSS or JS file in the theme's static/ folder")
        return url("/" + names[name])  # type: ignore[operator]

    env.globals["asset"] = asset
    return published


def _kept(folder: Path, renamed: str, data: bytes) -> Path:
    """The copy of ``data`` in ``folder``, written unless it is there: its name holds its
    digest. Flat, by the published path with its slashes made dots (static/js/a.1f.js)."""
    path = folder / renamed.replace("/", ".")
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)
    return path


def _remove_others(folder: Path, kept: set[str]) -> None:
    """A stylesheet edited in the preview leaves its earlier copies behind: one a save."""
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name not in kept:
                path.unlink(missing_ok=True)
