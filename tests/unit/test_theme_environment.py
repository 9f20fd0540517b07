"""The theme's Jinja environment writes what Jinja's own writes (themes.ThemeEnvironment)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings, strategies as st
from markupsafe import Markup

from conftest import MINIMAL_SITE_YAML, make_site_files
from generator.config import load_config
from generator.dates import parse_partial_date
from generator.themes import ThemeEnvironment, compiled_templates, make_environment, resolve_theme

TEMPLATES = {
    "base.html": "<title>{% block title %}{{ title }}{% endblock %}</title>{% block body %}{% endblock %}",
    "page.html": """{% extends "base.html" %}
{% macro item(x) %}<li>{{ x }}</li>{% endmacro %}
{% set captured %}<b>{{ title }}</b>{% endset %}
{% block body %}{{ captured }}|{{ safe }}|{{ number }}|{{ missing }}|{{ none }}|{{ title ~ safe }}
{% for x in items %}{{ item(x) }}{% endfor %}{{ title | upper }}{{ title | e }}{{ items | join(", ") }}
{% autoescape false %}{{ title }}{% endautoescape %}{{ self.title() }}{% filter lower %}{{ title }}{% endfilter %}
{% endblock %}""",
}


def _render(environment_class: type[jinja2.Environment], values: dict, cache: jinja2.BytecodeCache | None = None) -> str:
    environment = environment_class(loader=jinja2.DictLoader(TEMPLATES), autoescape=True, bytecode_cache=cache)
    return environment.get_template("page.html").render(values)


@settings(max_examples=200, deadline=None)
@given(title=st.text(), items=st.lists(st.text(), max_size=3), number=st.integers())
def test_a_page_is_written_as_jinja_writes_it(title: str, items: list[str], number: int) -> None:
    values = {"title": title, "items": items, "number": number, "safe": Markup("<i>&amp;</i>"), "none": None}
    assert _render(ThemeEnvironment, values) == _render(jinja2.Environment, values)


def test_without_markupsafes_inner_function_a_page_is_the_same(monkeypatch) -> None:
    """MarkupSafe 2 has no ``_escape_inner``: the theme then escapes with ``escape`` itself."""
    from markupsafe import escape

    from generator import themes

    monkeypatch.setattr(themes, "_escape_inner", escape)
    values = {"title": "<停水> & \"通知\"", "items": ["'a'"], "number": 3, "safe": Markup("<i>x</i>"), "none": None}
    assert _render(ThemeEnvironment, values) == _render(jinja2.Environment, values)


def test_a_template_from_the_compiled_cache_escapes_as_jinja_does(tmp_path: Path) -> None:
    values = {"title": "<停水> & \"通知\"", "items": ["'a'"], "number": 3, "safe": Markup("<i>x</i>"), "none": None}
    expected = _render(jinja2.Environment, values)
    assert "&lt;停水&gt; &amp; &#34;通知&#34;" in expected
    _render(ThemeEnvironment, values, compiled_templates(tmp_path, "key"))  # compiles into the cache
    assert _render(ThemeEnvironment, values, compiled_templates(tmp_path, "key")) == expected  # loads from it


def _date_text(tmp_path: Path, language: str):
    """The site's date_text filter, as a theme's template calls it."""
    root = make_site_files(tmp_path, {"site.yaml": MINIMAL_SITE_YAML + f"language: {language}\n"})
    config, _ = load_config(root)
    theme = resolve_theme(config)
    env = make_environment(theme, config, theme.template_dirs)
    return lambda template, **values: env.from_string(template).render(**values)


def test_date_text_shows_a_date_only_as_precisely_as_it_was_written(tmp_path: Path) -> None:
    """A site's own team.html writing {{ page.founded | date_text }} showed founded: 2023年 as
    2023年1月1日: only the bundled template knew to pass page.founded_precision. The date
    carries what was written, and a theme can ask for less, never for more."""
    render = _date_text(tmp_path / "zh", "zh-Hans")
    year, month, day = (parse_partial_date(v) for v in ("2023年", "2021-03", "2021年7月1日"))
    assert [render("{{ d | date_text }}", d=d) for d in (year, month, day)] == ["2023年", "2021年3月", "2021年7月1日"]
    assert render("{{ d | date_text }}", d=dt.date(2026, 12, 6)) == "2026年12月6日"
    assert [render("{{ d | date_text('day') }}", d=d) for d in (year, month)] == ["2023年", "2021年3月"]
    assert render("{{ d | date_text('year') }}", d=day) == "2021年"
    assert render("{{ d | date_text('month') }}", d=dt.date(2026, 12, 6)) == "2026年12月"
    english = _date_text(tmp_path / "en", "en")
    assert [english("{{ d | date_text }}", d=d) for d in (year, month, day)] == ["2023", "March 2021", "1 Jul 2021"]


def test_a_day_with_its_weekday_reads_in_the_languages_order(tmp_path: Path) -> None:
    """British English puts the weekday first (Sun 6 Dec 2026); Chinese after the date."""
    sunday = dt.date(2026, 12, 6)
    template = "{{ d | date_weekday }}|{{ d | date_weekday_parts | join('/') }}"
    assert _date_text(tmp_path / "zh", "zh-Hans")(template, d=sunday) == "2026年12月6日 星期日|2026年12月6日/星期日"
    assert _date_text(tmp_path / "en", "en")(template, d=sunday) == "Sun 6 Dec 2026|Sun/6 Dec 2026"


def test_date_text_names_a_precision_it_does_not_know(tmp_path: Path) -> None:
    render = _date_text(tmp_path, "zh-Hans")
    with pytest.raises(ValueError, match="date_text 的参数只能是 'year'、'month' 或 'day'，不是 'months'"):
        render("{{ d | date_text('months') }}", d=dt.date(2026, 12, 6))


def test_the_traditional_chinese_words_are_those_of_hong_kong_and_taiwan() -> None:
    """zh-Hant is read in Hong Kong, Macau and Taiwan, where 搜索, 數據, 信息, 程序 (a computer
    program) and 默認 are the mainland's words, converted character by character: residents
    there write 搜尋, 資料, 資訊, 程式 and 預設 (both governments' open data is 資料)."""
    import yaml

    path = Path(__file__).resolve().parents[2] / "themes/default/strings/zh-Hant.yaml"
    text = path.read_text(encoding="utf-8")
    words = yaml.safe_load(text)
    mainland = ("搜索", "數據", "信息", "程序", "默認")
    assert [(key, value) for key, value in words.items() if any(word in str(value) for word in mainland)] == []
    assert not any(word in text for word in mainland)  # comments too: theme authors copy them
