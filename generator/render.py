"""Render: outputs + theme templates -> bytes, with template errors pointed at their line."""

from __future__ import annotations

import difflib
import re
from typing import Any

import jinja2

from .errors import SiteError, did_you_mean, fail, suggestion
from .routes import Output


def render_output(env: jinja2.Environment, output: Output, shared: dict[str, Any]) -> bytes:
    if output.produce is not None:
        return output.produce()
    try:
        template = env.get_template(output.template)
        text = template.render({**shared, "page": None, "current_url": output.url, **output.context})
    except jinja2.TemplateNotFound as missing:
        raise _missing_template(env, output, missing) from None
    except jinja2.TemplateSyntaxError as error:
        raise fail(error.filename or output.template, error.lineno, None,
                   f"模板语法错误：{_syntax_in_chinese(env, error)}", f"template syntax error: {error.message}") from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError, KeyError) as error:
        raise _template_failure(output, error) from None
    except SiteError:
        raise
    except Exception as error:
        # Anything else a template's own code raised ({{ a // b }} with b 0 on some pages,
        # an include of itself): the theme author's mistake, to be named with its line, not
        # a traceback nor an "internal error" of noticeboard. Raised outside any template, it
        # is ours, and keeps its traceback.
        if _template_frame(error) is None:
            raise
        raise _template_failure(output, error) from None
    return text.encode("utf-8")


def _template_frame(error: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in the traceback (Jinja rewrites its frames to
    point at the template source), or None when no template code was running."""
    tb, found = error.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".ics", ".txt", ".svg", ".css")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _missing_template(env: jinja2.Environment, output: Output, missing: jinja2.TemplateNotFound) -> SiteError:
    """A template that is not there: named where it is asked for (the include, import or
    extends line of the template that asks, when the page's own template is there), with the
    closest name the theme has."""
    where, line = _template_frame(missing) or (output.template, None)
    searched = "、".join(str(p) for p in env.loader.searchpath)  # type: ignore[union-attr]
    known = env.list_templates()
    close = difflib.get_close_matches(str(missing.name), known, n=1, cutoff=0.9)
    hint_zh, hint_en = suggestion(close[0]) if close else (
        "：请检查名字的拼写，或把主题里的同名文件复制过来再改", ": check the spelling, or copy the theme's file of that name")
    return fail(where, line, None, f"找不到模板 “{missing.name}”（查找了：{searched}）{hint_zh}",
                f"template '{missing.name}' not found (searched: {searched}){hint_en}")


def _template_failure(output: Output, error: Exception) -> SiteError:
    """Point at the template line that failed (Jinja keeps it in the traceback)."""
    where, line = _template_frame(error) or (output.template, None)
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
    if isinstance(error, jinja2.TemplateRuntimeError) and (found := _NO_FILTER.fullmatch(text)):
        return _no_such(found["kind"], found["name"], None)  # a test Jinja looks up when it runs
    if isinstance(error, ZeroDivisionError):
        return f"除数是 0（{text}）：先判断，例如 {{% if n %}}…{{% endif %}}"
    if isinstance(error, RecursionError):
        return "模板套用自己（include、import 或 extends 形成了循环）：请检查这一行引用的模板"
    if isinstance(error, (jinja2.UndefinedError, TypeError, ValueError, AttributeError, KeyError)):
        return text
    return f"{type(error).__name__}: {text}"


_UNKNOWN_TAG = re.compile(r"Encountered unknown tag '(?P<tag>[^']+)'\.")
_INNERMOST = re.compile(r"The innermost block that needs to be closed is '(?P<tag>[^']+)'\.")
_NO_FILTER = re.compile(r"No (?P<kind>filter|test) named '(?P<name>[^']+)'(?: found)?\.?")
# Jinja's statements, for a did-you-mean on a tag it does not know ({% fi %}, {% endfi %}).
_TAGS = ("if", "elif", "else", "endif", "for", "endfor", "block", "endblock", "set", "endset", "include",
         "import", "from", "extends", "macro", "endmacro", "call", "endcall", "filter", "endfilter",
         "with", "endwith", "raw", "endraw", "autoescape", "endautoescape")


def _syntax_in_chinese(env: jinja2.Environment, error: jinja2.TemplateSyntaxError) -> str:
    """Jinja's commonest syntax complaints (a block left open or closed in the wrong order, a
    misspelt tag or filter) in words a theme's author can act on; others as Jinja says them."""
    text = error.message or ""
    innermost = _INNERMOST.search(text)
    opened = f"前面的 {{% {innermost['tag']} %}} 还没有用 {{% end{innermost['tag']} %}} 结束" if innermost else ""
    if text.startswith("Unexpected end of template.") and innermost:
        return f"模板到了结尾，{opened}：请补上 {{% end{innermost['tag']} %}}"
    if found := _UNKNOWN_TAG.match(text):
        tag = found["tag"]
        if tag in _TAGS and innermost:  # {% endif %} closing a for, {% endblock %} inside an if
            return f"遇到 {{% {tag} %}}，但{opened}：请在它之前补上 {{% end{innermost['tag']} %}}，或检查嵌套的先后"
        if tag in _TAGS:  # an {% endif %} or {% else %} with no {% if %} open
            opener = tag.removeprefix("end") if tag.startswith("end") else "if"
            return f"{{% {tag} %}} 前面没有对应的 {{% {opener} %}}：请删掉它，或在前面补上 {{% {opener} … %}}"
        close = difflib.get_close_matches(tag, _TAGS, n=1, cutoff=0.6)
        return f"不认识的标签 {{% {tag} %}}{suggestion(f'{{% {close[0]} %}}')[0] if close else '：请检查拼写'}"
    if found := _NO_FILTER.fullmatch(text):
        return _no_such(found["kind"], found["name"], env)
    return text


def _no_such(kind: str, name: str, env: jinja2.Environment | None) -> str:
    """A filter (``| x``) or test (``is x``) Jinja does not have, with the closest it has."""
    if kind == "filter":
        words, known = "过滤器", list(env.filters) if env else []
    else:
        words, known = "判断（is 后面的词）", list(env.tests) if env else []
    hint = did_you_mean(name, known)[0] or "：请检查拼写（可用的见 docs/themes.md 和 Jinja 的说明）"
    return f"没有叫 “{name}” 的{words}{hint}"
