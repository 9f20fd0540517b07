"""The sample words that checks warn about are the ones noticeboard new and init write."""

from __future__ import annotations

from generator import scaffold


def test_every_placeholder_is_written_by_a_template_and_every_template_has_one() -> None:
    templates = {"notice": scaffold.NOTICE, "activity": scaffold.ACTIVITY, "team": scaffold.TEAM,
                 "stats": scaffold.STATS, "page": scaffold.PAGE}
    for name, text in templates.items():
        assert any(phrase in text for phrase in scaffold.PLACEHOLDERS), name
    every = "".join(templates.values())
    assert [phrase for phrase in scaffold.PLACEHOLDERS if phrase not in every] == []
    site_yaml = scaffold.SITE_YAML.format(title="某某社区公告栏", name=scaffold.SAMPLE_NAME,
                                          address=scaffold.SAMPLE_ADDRESS, phone=scaffold.SAMPLE_PHONE, slug="site")
    assert [phrase for phrase in scaffold.SITE_PLACEHOLDERS if phrase not in site_yaml] == []
