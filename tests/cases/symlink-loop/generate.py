"""A notice that is a link to itself, and two links that point to each other: the listing,
the check and the build must name each link and say to delete it, not stop with a traceback
("Too many levels of symbolic links")."""

from pathlib import Path


def generate(site: Path) -> None:
    notices = site / "content/notices"
    (notices / "2026-11-21-loop.md").symlink_to("2026-11-21-loop.md")
    (notices / "2026-11-22-a.md").symlink_to("2026-11-22-b.md")
    (notices / "2026-11-22-b.md").symlink_to("2026-11-22-a.md")
