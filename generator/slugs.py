"""URL slugs: ASCII, readable, stable. Chinese becomes pinyin (pypinyin), as residents and
search engines read ``ting-shui-tong-zhi`` better than percent-encoded characters."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Slugs already made, by text. The content cache hands back the slugs of earlier builds
# (see remember), so a build that parses only an edited file needs no pinyin tables.
_made: dict[str, str] = {}


def slugify(text: str) -> str:
    """``2026-12-01-生日会`` -> ``2026-12-01-sheng-ri-hui``; ASCII input keeps its words."""
    slug = _made.get(text)
    if slug is None:
        slug = _made[text] = _pinyin_slug(text)
    return slug


def remember(slugs: dict[str, str]) -> None:
    """Slugs made by an earlier build (the same code makes the same slug from the same text)."""
    _made.update(slugs)


def load_tables() -> None:
    """Load pypinyin's tables now (55 MB, 0.2 s): in the parent before parse workers fork,
    they are shared by the workers instead of loaded by each."""
    import pypinyin  # noqa: F401


def _pinyin_slug(text: str) -> str:
    if text.isascii():  # a file name such as 2026-03-14-notice-00042: pypinyin would return it whole
        return _NON_SLUG.sub("-", text.lower()).strip("-")
    # Imported here: its tables take 0.2 s to load, and a build whose content comes from the
    # cache makes no new slug.
    from pypinyin import Style, lazy_pinyin

    text = unicodedata.normalize("NFKC", text)
    words = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    # lazy_pinyin returns runs of non-Chinese text whole and each Chinese character alone.
    joined = "-".join(words).lower()
    ascii_only = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_only).strip("-")
