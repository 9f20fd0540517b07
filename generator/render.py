"""Render: outputs + theme templates -> bytes, with template errors pointed at their line."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

import jinja2

from .errors import SiteError, did_you_mean, fail, suggestion
from .routes import Output
from .themes import site_path


def render_output(env: jinja2.Environment, output: Output, shared: dict[str, Any]) -> bytes:
    if output.produce is not None:
        return output.produce()
    try:
        template = env.get_template(output.template)
        text = template.render({**shared, "page": None, "current_url": output.url, **output.context})
    except jinja2.TemplateNotFound as missing:
        raise _missing_template(env, output, missing) from None
    except jinja2.TemplateSyntaxError as error:
        zh, en = _syntax_explained(env, error)
        raise fail(_shown(env, error.filename) if error.filename else output.template, error.lineno, None,
                   f"模板语法错误：{zh}", f"template syntax error: {en}") from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError, KeyError) as error:
        raise _template_failure(env, output, error) from None
    except SiteError:
        raise
    except Exception as error:
        # Anything else a template's own code raised ({{ a // b }} with b 0 on some pages,
        # an include of itself): the theme author's mistake, to be named with its line, not
        # a traceback nor an "internal error" of noticeboard. Raised outside any template, it
        # is ours, and keeps its traceback.
        if _template_frame(error) is None:
            raise
        raise _template_failure(env, output, error) from None
    return text.encode("utf-8")


def _shown(env: jinja2.Environment, filename: str) -> str:
    """A template's file as messages name files: from the site folder, as ``build`` run in
    it shows them, whether the command was given ``.``, a folder or a full path (``serve``)."""
    return site_path(filename, getattr(env, "site_root", None))


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
    if line is not None:
        where = _shown(env, where)
    searched = "、".join(_shown(env, p) for p in env.loader.searchpath)  # type: ignore[union-attr]
    known = env.list_templates()
    close = difflib.get_close_matches(str(missing.name), known, n=1, cutoff=0.9)
    hint_zh, hint_en = suggestion(close[0]) if close else (
        "：请检查名字的拼写，或把主题里的同名文件复制过来再改", ": check the spelling, or copy the theme's file of that name")
    return fail(where, line, None, f"找不到模板 “{missing.name}”（查找了：{searched}）{hint_zh}",
                f"template '{missing.name}' not found (searched: {searched}){hint_en}")


def _template_failure(env: jinja2.Environment, output: Output, error: Exception) -> SiteError:
    """Point at the template line that failed (Jinja keeps it in the traceback)."""
    frame = _template_frame(error)
    where, line = frame or (output.template, None)
    page = output.context.get("page")
    source = f"（生成 {page.path} 的页面时）" if page is not None else f"（生成 {output.url} 时）"
    source_en = f" (while rendering {page.path})" if page is not None else f" (while rendering {output.url})"
    code = _source_line(where, line) if frame else ""
    zh, en = _explained(error, code, page is None)
    if isinstance(error, RecursionError) and frame and (parent := _parent_template(env, where, code)):
        zh += f"；要套用上级主题的同名模板，在名字前加主题名：{{% extends \"{parent}\" %}}"
        en += f"; to extend the parent theme's template of the same name, put the theme's name before it: {{% extends \"{parent}\" %}}"
    return fail(_shown(env, where) if frame else where, line, None, f"模板出错：{zh}{source}", f"template error: {en}{source_en}")


def _source_line(filename: str, line: int | None) -> str:
    """The template's line that failed, to name the expression in a message ("" if unread)."""
    try:
        return Path(filename).read_text(encoding="utf-8-sig").splitlines()[(line or 0) - 1] if line else ""
    except (OSError, UnicodeDecodeError, IndexError):
        return ""


def _parent_template(env: jinja2.Environment, filename: str, code: str) -> str | None:
    """For a template that extends, includes or imports its own name (a theme's home.html
    saying ``{% extends "home.html" %}``): the name of the template it means, the one of the
    same name it replaces, with its theme before it (``default/home.html``); else None."""
    loader = env.loader
    own = Path(filename).resolve()
    name = next((own.relative_to(Path(folder).resolve()).as_posix() for folder in getattr(loader, "searchpath", ())
                 if own.is_relative_to(Path(folder).resolve())), None)
    if name is None or not re.search(rf"""["']{re.escape(name)}["']""", code):
        return None
    themes = getattr(loader, "themes", {})
    # A site's own template (not in a theme) replaces the first theme's; a theme's, the next one's.
    started = not any(own.is_relative_to(Path(folder).resolve()) for sub in themes.values() for folder in sub.searchpath)
    for theme, sub in themes.items():
        found = sub.find(name)
        if found is None:
            return None
        if found.resolve() == own:
            started = True
        elif started:
            return f"{theme}/{name}"
    return None


_NO_ATTRIBUTE = re.compile(r"'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'")
_UNDEFINED = re.compile(r"'(?P<name>[^']+)' is undefined")
_NO_ELEMENT = re.compile(r"(?P<owner>[\w.]+(?: object)?) has no element (?P<index>-?\d+)")
# What Jinja calls a plain value in "'str object' has no attribute 'x'", as an author knows it.
_KINDS = {"str": "一段文字", "int": "一个数字", "float": "一个数字", "bool": "真假值（true/false）",
          "list": "一个列表", "tuple": "一个列表", "datetime.date": "一个日期", "datetime.datetime": "一个日期时间",
          "dict": "界面文字（t，主题的 strings/*.yaml）或其他字典"}


def _explained(error: Exception, code: str, page_is_none: bool) -> tuple[str, str]:
    """Jinja's most common complaints in words a theme's author can act on, in both
    languages; others as Jinja says them. ``code``: the template's line, to name what was
    none; ``page_is_none``: the page renders no entry of its own (home, lists)."""
    text = str(error)
    if found := _NO_ATTRIBUTE.fullmatch(text):
        name, owner = found["name"], found["owner"].removeprefix("generator.models.").removesuffix(" object")
        if owner == "None":
            return _none_has_no(name, code, page_is_none)
        return f"{_KINDS.get(owner, owner)} 没有 “{name}” 这一项：请检查拼写", text
    if found := _NO_ELEMENT.fullmatch(text):  # site.upcoming[0] with no activity to come
        owner = _KINDS.get(found["owner"].removesuffix(" object"), found["owner"])
        return (f"{owner}没有第 {found['index']} 项（从 0 数起）：它在这个页面上可能是空的，请先判断 {{% if … %}}…{{% endif %}}",
                f"{text}: it may be empty on this page; test it with {{% if … %}} first")
    return _in_chinese(error), text


def _none_has_no(name: str, code: str, page_is_none: bool) -> tuple[str, str]:
    """``page.x`` on the home page, where ``page`` is none: Jinja said "'None' has no
    attribute 'x'", which the Chinese message gave as "None 没有 “x” 这一项"."""
    # The expression before .name on the failing line (page.x, activity.team.name), when one.
    found = re.search(rf"([A-Za-z_][\w.]*)\.{re.escape(name)}\b", code)
    held = found[1] if found else None
    if held == "page" and page_is_none:
        return (f"这个页面没有 page（page 是空的 none）：首页、列表页这样不属于某一条内容的页面没有 page，"
                f"所以没有 “page.{name}”：请先判断 {{% if page %}}…{{% endif %}}，或用别的变量（见 docs/themes.md）",
                f"this page has no page (it is none): the home page and list pages belong to no single entry, so "
                f"there is no 'page.{name}': test {{% if page %}}…{{% endif %}} first, or use another variable "
                f"(see docs/themes.md)")
    if held:
        return (f"“{held}” 在这个页面上是空的（none），没有 “{name}” 这一项：请先判断 {{% if {held} %}}…{{% endif %}}，"
                f"或检查拼写",
                f"'{held}' is none on this page, so it has no '{name}': test {{% if {held} %}}…{{% endif %}} first, "
                f"or check the spelling")
    return (f"这里的值是空的（none），没有 “{name}” 这一项：请先用 {{% if … %}} 判断它有没有值，或检查拼写",
            f"the value is none here, so it has no '{name}': test it with {{% if … %}} first, or check the spelling")


_NO_ATTRIBUTE = re.compile(r"'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'")
_UNDEFINED = re.compile(r"'(?P<name>[^']+)' is undefined")
_NO_ELEMENT = re.compile(r"(?P<owner>[\w.]+(?: object)?) has no element (?P<index>-?\d+)")


def _in_chinese(error: Exception) -> str:
    """Jinja's other common complaints in words a theme's author can act on; others as Jinja says them."""
    text = str(error)
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


# Jinja's parser and lexer, for a typo in a tag ({{ x }, {% if a = b %}, a full-width ｜).
_UNEXPECTED = re.compile(r"unexpected '(?P<found>[^']+)'(?:, expected '(?P<expected>[^']+)')?")
_UNEXPECTED_CHAR = re.compile(r"unexpected char (?P<char>'.'|\".\") at \d+")
_ENDS_EARLY = re.compile(r"unexpected end of template, expected '(?P<expected>[^']+)'\.?")
_EXPECTED_TOKEN = re.compile(r"expected token '(?P<expected>[^']+)', got '(?P<got>[^']+)'")
_NO_EXPRESSION = re.compile(r"Expected an expression, got '(?P<got>[^']+)'")
# Jinja's names of tokens, as the template shows them.
_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "begin of print statement": "{{",
           "begin of statement block": "{%", "end of template": "模板结尾"}
_OPENER = {")": "(", "]": "[", "}": "{"}
# What a Chinese input method types for the ASCII signs of a tag; NFKC gives the others (｜（），：).
_HALF_WIDTH = {"“": '"', "”": '"', "‘": "'", "’": "'", "。": ".", "、": ","}


def _syntax_explained(env: jinja2.Environment, error: jinja2.TemplateSyntaxError) -> tuple[str, str]:
    """Jinja's commonest syntax complaints (a block left open or closed in the wrong order, a
    misspelt tag or filter, a brace or quote too few, a full-width sign) in words a theme's
    author can act on, in both languages; others as Jinja says them."""
    text = error.message or ""
    if found := _UNEXPECTED_CHAR.fullmatch(text):
        char = found["char"][1]
        meant = _HALF_WIDTH.get(char) or unicodedata.normalize("NFKC", char)
        if meant != char and meant.isascii():
            return (f"“{char}” 是全角符号（中文输入法打的），{{{{ }}}} 和 {{% %}} 里要用半角：请改成 “{meant}”",
                    f"{text}: '{char}' is a full-width sign (typed with a Chinese input method); write '{meant}'")
        if char in "\"'":
            return (f"引号没有配对：{char} 开始的文字没有用 {char} 结束：请在文字后面补上 {char}",
                    f"{text}: the text begun with {char} is not closed with {char}")
        return (f"{{{{ }}}} 和 {{% %}} 里不能有 “{char}”：文字要放在引号里，或检查这一行",
                f"{text}: put text in quotes, or check the line")
    if found := _ENDS_EARLY.fullmatch(text):
        close = _TOKENS.get(found["expected"], found["expected"])
        opener = {"}}": "{{", "%}": "{%"}.get(close)
        where = f"{opener} 还没有用 {close} 结束" if opener else f"还缺 “{close}”"
        return f"模板到了结尾，{where}：请补上 {close}", f"{text} (close it with {close})"
    if found := _UNEXPECTED.fullmatch(text):
        seen, expected = found["found"], found["expected"]
        if seen == "end of template":
            return ("模板到了结尾，最后一个标签还没有结束：{{ … }} 要用 }} 结束，{% … %} 要用 %} 结束",
                    f"{text}: the last tag is not closed ({{{{ … }}}} ends with }}}}, {{% … %}} with %}})")
        seen = _TOKENS.get(seen, seen)
        if expected in _OPENER:
            return (f"括号没有配对：遇到 “{seen}” 时，前面的 “{_OPENER[expected]}” 还没有用 “{expected}” 结束：请补上 “{expected}”",
                    f"{text}: a '{_OPENER[expected]}' before it is not closed")
        if seen.startswith("}"):
            return ("多了或少了一个 “}”：变量要写成 {{ 名字 }}，两边各两个花括号；标签写成 {% … %}",
                    f"{text}: a value is written {{{{ name }}}}, two braces on each side, a tag {{% … %}}")
        if seen in _OPENER:
            return (f"“{seen}” 前面没有对应的 “{_OPENER[seen]}”：请删掉它，或在前面补上 “{_OPENER[seen]}”",
                    f"{text}: no '{_OPENER[seen]}' before it")
        if expected is None:  # {{ x with no }}: the HTML after it read as code (</p>: '/')
            return (f"这里不该有 “{seen}”：前面的 {{{{ 或 {{% 是不是没有结束（少了 }}}} 或 %}}）？",
                    f"{text}: is a {{{{ or {{% before it not closed (a }}}} or %}} missing)?")
    if found := _EXPECTED_TOKEN.fullmatch(text):
        expected, got = found["expected"], found["got"]
        shown = _TOKENS.get(got, got)
        if expected == "end of statement block" and got == "=":
            return ("{% … %} 里比较是否相等要写两个等号 ==（{% if a == b %}）；给变量赋值写 {% set a = b %}",
                    f"{text}: compare with == ({{% if a == b %}}); assign with {{% set a = b %}}")
        if expected == "end of statement block" and got == "if":
            return "“else if” 在 Jinja 里写成 elif：{% elif … %}", f"{text}: write {{% elif … %}} for else if"
        if expected in ("end of print statement", "end of statement block"):
            close = _TOKENS[expected]
            return (f"在 “{shown}” 之前应该结束（{close}）：一个 {{{{ }}}} 只写一个值，过滤器前要加 |"
                    f"（{{{{ page.date | date_text }}}}），文字要放在引号里",
                    f"{text}: one value a tag, a filter after a | ({{{{ page.date | date_text }}}}), text in quotes")
        if expected == "name":
            return (f"这里应是一个名字（变量、过滤器或属性），却遇到 “{shown}”：| 或 . 后面是不是少写了名字？",
                    f"{text}: is a name missing after a | or a .?")
    if found := _NO_EXPRESSION.fullmatch(text):
        shown = _TOKENS.get(found["got"], found["got"])
        return (f"这里少了一个值（变量、数字或带引号的文字），却遇到 “{shown}”：{{{{ }}}} 里不能空着，= 后面要写值",
                f"{text}: a value (a name, a number or quoted text) is missing")
    if text == "expected name or number":
        return "“.” 后面少了名字：例如 page.title", f"{text}: a name is missing after the . (page.title)"
    return _syntax_in_chinese(env, error), text


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
