"""What a poster that runs onto a second page tells staff to change."""

from __future__ import annotations

from generator.posters import _long_title_fix
from generator.validate import LONG_TITLE


def test_a_long_title_is_named_as_the_reason_a_poster_overflows() -> None:
    assert _long_title_fix("停水通知") is None
    fix = _long_title_fix("停" * (LONG_TITLE + 10))
    assert fix is not None and f"标题有 {LONG_TITLE + 10} 个字" in fix.zh and "shorten it" in fix.en
