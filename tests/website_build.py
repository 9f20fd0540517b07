"""The example community, built once per test process (the website, no posters) for the
website tests (test_website.py, test_feeds_ical.py, test_browser.py), with the linked model
it came from.

Each of those modules has a session fixture that calls :func:`example`; the build runs
the first time only, whichever module asks first. ``NOTICEBOARD_EXAMPLE_SITE`` points the
tests at another site folder (default: the repository's example).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import build, check
from generator.link import Site

REPO = Path(__file__).resolve().parent.parent
SITE_ROOT = Path(os.environ.get("NOTICEBOARD_EXAMPLE_SITE", REPO))
TODAY = dt.date(2026, 11, 22)


@dataclass(frozen=True)
class Example:
    out: Path  # the built website
    site: Site  # what it was built from
    cache: Path

    @property
    def prefix(self) -> str:
        """The base path the site is served under, e.g. ``/jinjiang/``."""
        return self.site.config.base_path

    def file(self, url: str) -> Path:
        """The output file of a site URL such as ``/notices/x/``."""
        relative = url.lstrip("/")
        return self.out / (relative + "index.html" if relative == "" or relative.endswith("/") else relative)

    def html(self, url: str) -> str:
        return self.file(url).read_text(encoding="utf-8")


_built: dict[str, Example] = {}


def example(factory: pytest.TempPathFactory) -> Example:
    if "example" not in _built:
        folder = factory.mktemp("website")
        out, cache = folder / "public", folder / "cache"
        build(SITE_ROOT, out, today=TODAY, cache_dir=cache, posters=False)
        site, problems = check(SITE_ROOT, TODAY, cache_dir=cache)
        assert not problems.errors
        _built["example"] = Example(out, site, cache)
    return _built["example"]


def visible_text(html: str) -> str:
    """Text of a page without tags, scripts and styles (structure does not matter here)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)
