"""Render: outputs + theme templates -> bytes, with template errors pointed at their line."""

from __future__ import annotations

import re
from typing import Any, Iterable

import jinja2

from .errors import SiteError, fail
from .routes import Output


def render_output(env: jinja2.Environment, output: Output, shared: dict[str, Any]) -> bytes:
    if output.produce is not None:
        return output.produce()
    try:
        template = env.get_template(output.template)
        text = template.render({**shared, "page": None, "current_url": output.url, **output.context})
    except jinja2.TemplateNotFound as missing:
        searched = "、".join(str(p) for p in env.loader.searchpath)  # type: ignore[union-attr]
        raise fail(output.template, None, None,
                   f"找不到模板 {missing.name}（查找了：{searched}）",
                   f"template {missing.name} not found (searched: {searched})") from None
    except jinja2.TemplateSyntaxError as error:
        raise fail(error.filename or output.template, error.lineno, None,
                   f"模板语法错误：{error.message}", f"template syntax error: {error.message}") from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError, KeyError) as error:
        raise _template_failure(output, error) from None
    return text.encode("utf-8")


def _template_failure(output: Output, error: Exception) -> SiteError:
    """Point at the template line that failed (Jinja keeps it in the traceback)."""
    tb, where, line = error.__traceback__, output.template, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".ics", ".txt", ".svg")):
            where, line = filename, tb.tb_lineno
        tb = tb.tb_next
    page = output.context.get("page")
    source = f"（生成 {page.path} 的页面时）" if page is not None else f"（生成 {output.url} 时）"
    source_en = f" (while rendering {page.path})" if page is not None else f" (while rendering {output.url})"
    return fail(where, line, None, f"模板出错：{_in_chinese(error)}{source}", f"template error: {error}{source_en}")


_NO_ATTRIBUTE = re.compile(r"'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'")
_UNDEFINED = re.compile(r"'(?P<name>[^']+)' is undefined")


def _in_chinese(error: Exception) -> str:
    """Jinja's two most common complaints in words a theme's author can act on; others as Jinja says them."""
    text = str(error)
    if found := _NO_ATTRIBUTE.fullmatch(text):
        owner = found["owner"].removeprefix("generator.models.").removesuffix(" object")
        owner = "界面文字（t，主题的 strings/*.yaml）或其他字典" if owner == "dict" else owner
        return f"{owner} 没有 “{found['name']}” 这一项：请检查拼写"
    if found := _UNDEFINED.fullmatch(text):
        return f"没有叫 “{found['name']}” 的变量：请检查拼写"
    return text


def render_all(env: jinja2.Environment, outputs: Iterable[Output], shared: dict[str, Any]) -> dict[str, bytes]:
    return {output.path: render_output(env, output, shared) for output in outputs}
