"""A 5 MB Markdown notice (a whole document pasted in): refused at once with the limit named."""

from pathlib import Path


def generate(site: Path) -> None:
    (site / "content/notices").mkdir(parents=True, exist_ok=True)  # git keeps no empty folder
    paragraph = "社区通知正文，请居民互相转告。" * 40 + "\n\n"
    body = paragraph * (5_000_000 // len(paragraph.encode("utf-8")) + 1)
    (site / "content/notices/2026-11-20-huge.md").write_text(
        "---\ntitle: 很长的通知\ndate: 2026-11-20\n---\n" + body, encoding="utf-8")
