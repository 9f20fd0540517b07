"""Assets: the theme's stylesheets and scripts, renamed by a digest of their bytes.

``static/site.css`` is published as ``static/site.1a2b3c4d5e.css``, so a web host may tell
browsers to keep it for a year: any change gives a new name, and a resident's weak phone
downloads the stylesheet once instead of on every page. Templates ask for the current name
with the ``asset('site.css')`` global.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Mapping

import jinja2

FINGERPRINTED = (".css", ".js")


def fingerprinted_name(relative: str, data: bytes) -> str:
    """``static/site.css`` -> ``static/site.<10 hex digits>.css``."""
    path = PurePosixPath(relative)
    digest = hashlib.blake2b(data, digest_size=5).hexdigest()
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def add_assets(env: jinja2.Environment, static: Mapping[str, Path]) -> dict[str, Path]:
    """Rename CSS and JS among ``static`` (output path -> source) by their digest, give
    templates the ``asset(name)`` global that returns the URL of the renamed file, and
    return the files to publish."""
    published: dict[str, Path] = {}
    names: dict[str, str] = {}
    for relative, source in static.items():
        if relative.endswith(FINGERPRINTED):
            renamed = fingerprinted_name(relative, source.read_bytes())
            names[relative.removeprefix("static/")] = renamed
            published[renamed] = source
        else:
            published[relative] = source
    url = env.globals["url"]

    def asset(name: str) -> str:
        if name not in names:
            raise jinja2.UndefinedError(f"asset '{name}' is not a CSS or JS file in the theme's static/ folder")
        return url("/" + names[name])  # type: ignore[operator]

    env.globals["asset"] = asset
    return published
