"""A list nested 1,000 levels deep and a quote nested 50,000 levels ("> > > ..."): refused
quickly instead of taking minutes in the HTML sanitizer."""

from pathlib import Path


def generate(site: Path) -> None:
    (site / "content/notices").mkdir(parents=True, exist_ok=True)  # git keeps no empty folder
    nested = "".join("  " * level + "- 第 %d 层\n" % level for level in range(1000))
    (site / "content/notices/2026-11-20-list.md").write_text(
        "---\ntitle: 很深的列表\ndate: 2026-11-20\n---\n" + nested, encoding="utf-8")
    (site / "content/notices/2026-11-21-quote.md").write_text(
        "---\ntitle: 很深的引用\ndate: 2026-11-21\n---\n" + ">" * 50_000 + " 引用\n", encoding="utf-8")
