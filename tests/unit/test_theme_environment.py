"""The theme's Jinja environment writes what Jinja's own writes (themes.ThemeEnvironment)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from hypothesis import given, settings, strategies as st
from markupsafe import Markup

from generator.themes import ThemeEnvironment, compiled_templates

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
