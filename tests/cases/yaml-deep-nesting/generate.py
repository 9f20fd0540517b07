"""Front matter nested 10,000 levels deep ([[[[...]]]]): a message, not a RecursionError."""

from pathlib import Path


def generate(site: Path) -> None:
    (site / "content/notices").mkdir(parents=True, exist_ok=True)  # git keeps no empty folder
    (site / "content/notices/2026-11-20-deep.md").write_text(
        "---\ntitle: 深\ndate: 2026-11-20\ntags: " + "[" * 10_000 + "]" * 10_000 + "\n---\n正文\n", encoding="utf-8")
