"""Which posters ``noticeboard posters --only`` prints."""

from __future__ import annotations

from generator.build import _matches


def test_a_word_is_looked_for_inside_the_name_title_or_file() -> None:
    assert _matches("社区老人集体生日会", "生日会")
    assert _matches("activities/2026-12-06-sheng-ri-hui", "SHENG-RI")  # letters in any case
    assert not _matches("冬季防跌倒讲座", "生日会")


def test_a_pattern_with_a_star_or_question_mark_is_a_glob() -> None:
    assert _matches("activities/2026-12-06-sheng-ri-hui", "activities/*")
    assert not _matches("services", "activities/*")
    assert _matches("stats/2026-11", "stats/2026-1?")
    assert _matches("activities/2026-12-06-sheng-ri-hui", "ACTIVITIES/*")  # in any case, as a word
    assert not _matches("社区老人集体生日会", "生日会*")  # a glob matches the whole text
