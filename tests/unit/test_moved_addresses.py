"""build.moved_addresses: which page a page gone since the last build became."""

from __future__ import annotations

import time
from types import SimpleNamespace

from generator import build


def _site(notices: list[str]) -> SimpleNamespace:
    entries = [SimpleNamespace(url=f"/notices/{slug}/", path=f"content/notices/{slug}.md", lines={"title": 2})
               for slug in notices]
    return SimpleNamespace(activities=[], notices=entries, config=SimpleNamespace(base_url="https://example.org/"))


def test_ten_thousand_renamed_notices_are_matched_in_a_moment_not_minutes() -> None:
    """Each page gone was compared with every new page (a regex on each): 10,000 notices whose
    file names' dates were all corrected at once took 130 s to build the warnings."""
    count = 10_000
    before = {f"notices/2025-01-{i % 28 + 1:02d}-n{i}/index.html": None for i in range(count)}
    site = _site([f"2026-01-{i % 28 + 1:02d}-n{i}" for i in range(count)])
    now = {entry.url.lstrip("/") + "index.html": None for entry in site.notices}
    start = time.perf_counter()
    moved = build.moved_addresses(site, before, now)
    assert time.perf_counter() - start < 3
    assert len(moved) == count
    first = next(p for p in moved if p.path == "content/notices/2026-01-01-n0.md")
    assert "slug: 2025-01-01-n0" in first.text.zh


def test_a_notice_taken_down_and_another_put_up_are_not_told_as_moved() -> None:
    """One notice deleted and an unrelated one added in the same build: the new one was told to
    take the deleted one's slug: (an activity, its calendar UID too)."""
    before = {"notices/2026-12-01-ting-shui/index.html": None}
    site = _site(["2026-12-05-ting-dian"])
    assert build.moved_addresses(site, before, {"notices/2026-12-05-ting-dian/index.html": None}) == []


def test_a_date_fixed_in_a_file_name_is_matched_among_other_new_pages() -> None:
    before = {"notices/2026-12-01-ting-shui/index.html": None}
    site = _site(["2026-12-02-ting-shui", "2026-12-05-ting-dian"])
    now = {entry.url.lstrip("/") + "index.html": None for entry in site.notices}
    moved = build.moved_addresses(site, before, now)
    assert [p.path for p in moved] == ["content/notices/2026-12-02-ting-shui.md"]
    assert "slug: 2026-12-01-ting-shui" in moved[0].text.zh
