"""A notice that is a symlink to a file outside the site, and an image linked through a symlink
that leaves the site: neither may be read or published."""

from pathlib import Path


def generate(site: Path) -> None:
    outside = site.parent / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: 机密\ndate: 2026-11-20\n---\n不该发布。\n", encoding="utf-8")
    (outside / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "content/notices/2026-11-20-leak.md").symlink_to(outside / "secret.md")
    (site / "content/media").mkdir(parents=True)
    (site / "content/media/photo.png").symlink_to(outside / "photo.png")
