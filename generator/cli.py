"""The command line: a thin shell that turns problems into messages and exit codes.

Exit codes: 0 ok, 1 content errors (the site was not published), 2 usage errors.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import re
import socket
import sys
from pathlib import Path
from typing import Callable

import click

# Only what every command needs: the pipeline (Jinja, YAML, Markdown, pinyin tables: half a
# second) is imported by the commands that run it, after the no-change check of `build`.
from . import scaffold
from .clihelp import ChineseHelp, asks_for_english
from .errors import Problem, SiteError, Text, counted
from .folders import claim_build_folders, claim_poster_folders, missing_site, one_build_at_a_time
from .snapshot import build_if_changed, cache_folder



class _Choice(click.Choice):
    """A choice whose refusal is in Chinese (click's says "'x' is not one of ...")."""

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 (click's signature)
        if value in self.choices:
            return value
        self.fail(f"“{value}” 不是可选的值，请写 {'、'.join(map(str, self.choices))} 之一", param, ctx)


LANG_OPTION = click.option("--lang", type=_Choice(["zh", "en"]), default="zh",
                           help="提示信息的语言，默认 zh / message language (default: zh)")


class _Command(ChineseHelp, click.Command):
    pass


class _Group(ChineseHelp, click.Group):
    """Click's group, with its usage errors and help told in Chinese (unless ``--lang en``):
    staff type these commands by hand, and "Error: Missing argument 'TITLE'." helps none of them."""

    command_class = _Command
    english = False  # asked for with --lang en, anywhere on the command line (clihelp)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # noqa: ANN001, ANN201
        argv = sys.argv[1:] if args is None else list(args)
        self.english = asks_for_english(argv)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            if self.english or type(error).__name__ == "NoArgsIsHelpError":  # no command given: click's help
                error.show()
            else:
                _show_usage_error(error, self, argv)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("已取消。", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _show_usage_error(error: click.UsageError, group: click.Group, argv: list[str]) -> None:
    ctx = error.ctx or _context_of(group, argv)
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        click.echo(f"查看说明：{ctx.command_path} --help", err=True)
    click.echo(f"错误：{_usage_message(error)}", err=True)


def _context_of(group: click.Group, argv: list[str]) -> click.Context | None:
    """The command's context, for its usage line, when click's parser did not give it (an
    option given without its value)."""
    name = next((arg for arg in argv if arg in group.commands), None)
    if name is None:
        return None
    root = group.context_class(group, info_name="noticeboard")
    return group.commands[name].context_class(group.commands[name], info_name=name, parent=root)


def _usage_message(error: click.UsageError) -> str:
    """The Chinese words for click's usage errors; any other keeps click's own."""
    message = error.message
    suggestion = "".join(f"，是不是想写 “{p}”？" for p in (getattr(error, "possibilities", None) or [])[:1])
    if isinstance(error, click.NoSuchOption):
        return f"没有 “{error.option_name}” 这个选项{suggestion}"
    if type(error).__name__ == "NoSuchCommand":  # click 8.4 and later
        commands = "、".join(sorted(error.ctx.command.list_commands(error.ctx))) if error.ctx else ""
        return f"没有 “{error.command_name}” 这个命令{suggestion}可用的命令：{commands}"
    if isinstance(error, click.MissingParameter) and error.param is not None:
        kind = "参数" if error.param.param_type_name == "argument" else "选项"
        return f"缺少{kind} {error.param.get_error_hint(error.ctx).strip(chr(39))}"
    if isinstance(error, click.BadParameter) and error.param is not None:
        return f"{error.param.get_error_hint(error.ctx).strip(chr(39))} 的值不对：{_in_chinese(message)}"
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", message)
    if extra:
        spaces = "（标题里有空格时，请用英文引号把整个标题括起来）" if error.ctx and error.ctx.info_name == "new" else ""
        return f"多出了参数：{extra.group(1)}{spaces}"
    return "缺少命令" if message == "Missing command." else _in_chinese(message)


# Click's other messages, as they are worded in click 8 (types.py, parser.py).
_CLICK_MESSAGES = [
    (re.compile(r"Option '(.+)' requires an argument\."), "选项 {0} 后面要写一个值，如 {0} 值"),
    (re.compile(r"Option '(.+)' requires \d+ arguments\."), "选项 {0} 后面要写几个值"),
    (re.compile(r"Option '(.+)' does not take a value\."), "选项 {0} 不用写值：只写 {0}"),
    (re.compile(r"(.+) is not in the range (.+)\."), "{0} 不在 {1} 的范围内"),
    (re.compile(r"'(.+)' is not a valid integer range\."), "“{0}” 不是整数"),
    (re.compile(r"'(.+)' is not a valid integer\."), "“{0}” 不是整数"),
    (re.compile(r"Directory '(.+)' is a file\."), "“{0}” 是一个文件，这里要写文件夹"),
    (re.compile(r"File '(.+)' is a directory\."), "“{0}” 是一个文件夹，这里要写文件"),
    (re.compile(r"(?:Directory|File|Path) '(.+)' does not exist\."), "找不到 “{0}”"),
]


def _in_chinese(message: str) -> str:
    for pattern, words in _CLICK_MESSAGES:
        if found := pattern.fullmatch(message):
            return words.format(*found.groups())
    return message


class DateParam(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):  # noqa: ANN001 (click's signature)
        if isinstance(value, dt.date):
            return value
        from . import dates  # here: a no-change build imports as little as it can

        try:  # the forms content files accept: 2026/12/3, 2026年12月3日...
            return dates.parse_date(value)
        except dates.DateError:
            self.fail(f"“{value}” 不是日期，应为 2026-11-22 这样的格式", param, ctx)


def _print_problems(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        click.echo(problem.format(lang), err=True)


_WRITE_FAILURES = {  # errno -> what staff can do about it
    errno.ENOSPC: ("磁盘已满，请清理磁盘空间后重新生成", "the disk is full: free some space and build again"),
    errno.EDQUOT: ("磁盘配额已用完，请清理空间后重新生成", "the disk quota is used up: free some space and build again"),
    errno.EACCES: ("没有写入这个文件夹的权限", "no permission to write there"),
    errno.EPERM: ("没有写入这个文件夹的权限", "no permission to write there"),
    errno.EROFS: ("这个磁盘是只读的", "the disk is read-only"),
    errno.EIO: ("磁盘读写出错（文件不完整或磁盘有故障），请检查磁盘后重新生成",
                "a disk read or write failed (a file cut short, or a failing disk): check the disk and build again"),
}


def _write_failure(error: OSError, lang: str) -> str:
    zh, en = _WRITE_FAILURES.get(error.errno, (error.strerror or str(error), error.strerror or str(error)))
    # EIO also comes from reading back what the build wrote (the search's key files): not "写入".
    failed_zh, failed_en = ("读写失败", "could not read or write") if error.errno == errno.EIO else ("写入失败", "could not write")
    where = f"（{error.filename}）" if error.filename else ""
    return (f"{failed_zh}：{zh}{where}。网站没有发布，原来的网站保持不变。" if lang == "zh"
            else f"{failed_en}: {en}{f' ({error.filename})' if error.filename else ''}; nothing was published, the previous output is unchanged.")


_SOCKET_FAILURES = {  # errno -> why serve cannot listen, in words staff know
    errno.EADDRINUSE: "这个端口已经被别的程序占用，可能是另一个 noticeboard serve 还开着",
    errno.EACCES: "没有使用这个端口的权限：1024 以下的端口要管理员权限",
}

_OUTCOMES = {  # what a failed command did not do, after the count of errors
    "site": ("网站没有发布（原来的网站保持不变）", "nothing was published (the previous output is unchanged)"),
    "posters": ("海报没有打印", "no poster was printed"),
}


def _fail(error: SiteError, lang: str, outcome: str | None = "site") -> None:
    """Print the problems and exit 1; ``outcome``: say what was not done (None: nothing to say)."""
    _print_problems(error.problems, lang)
    if outcome is not None:
        errors = sum(1 for p in error.problems if p.is_error)
        zh, en = _OUTCOMES[outcome]
        click.echo(f"有 {errors} 处错误，{zh}。" if lang == "zh" else f"{counted(errors, 'error')}; {en}.", err=True)
    sys.exit(1)


@click.group(cls=_Group, help="社区公告栏：把 YAML 和 Markdown 文件生成网站和海报。")
@click.version_option(package_name="noticeboard", message="%(prog)s %(version)s", help="显示版本号")
def main() -> None:
    pass


@main.command(help="生成网站（默认输出到 SITE/public）。")
@click.argument("site", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="输出文件夹，默认 SITE/public")
@click.option("--drafts", is_flag=True, help="把草稿（draft: true）也生成出来，用于预览")
@click.option("--today", type=DateParam(), help="把“今天”固定为这一天（用于重现构建和测试）")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="缓存文件夹，默认 SITE/.noticeboard-cache（可随时删除）")
@click.option("--no-posters", is_flag=True, help="不打印海报（PDF），只生成网站")
@LANG_OPTION
def build(site: Path, out: Path | None, drafts: bool, today: dt.date | None, cache: Path | None,
          no_posters: bool, lang: str) -> None:
    cache, out = cache or cache_folder(site), out or site / "public"
    try:
        claim_build_folders(site, out, cache)
        with one_build_at_a_time(cache, _waiting_for_other_build(lang)):
            report = build_if_changed(site, out, today=today, drafts=drafts, cache_dir=cache,
                                      posters=not no_posters, progress=_print_progress(lang))
    except SiteError as error:
        _fail(error, lang)
    except OSError as error:
        click.echo(_write_failure(error, lang), err=True)
        sys.exit(1)
    _print_problems(report.warnings + report.moved, lang)
    when = report.next_change
    zh, en = report.next_change_reason
    if lang == "zh":
        click.echo(f"共 {report.pages} 个页面，本次重新生成 {report.rendered} 个、写入 {report.written} 个文件，用时 {report.seconds:.1f} 秒。")
        if report.posters:
            click.echo(f"海报 {report.posters} 张（在 posters/ 里），{_printed(report.posters, report.posters_printed, lang)}，"
                       f"打印用时 {report.poster_seconds:.1f} 秒。")
        click.echo(f"网站将在 {when} 自动变化（{zh}），请在那天之前重新生成；可以设置每天自动生成，见 README。")
    else:
        click.echo(f"{report.pages} pages; rendered {report.rendered}, wrote {report.written} files in {report.seconds:.1f} s.")
        if report.posters:
            click.echo(f"{report.posters} posters (in posters/); {_printed(report.posters, report.posters_printed, lang)}, "
                       f"in {report.poster_seconds:.1f} s.")
        click.echo(f"The site changes by itself on {when} ({en}): rebuild by then, or daily (see README).")
    # The process ends here: spare the collector's last pass over every model and record of a
    # big site (0.3 s at 10,000 items), which only frees memory the system takes back anyway.
    gc.freeze()


def _waiting_for_other_build(lang: str) -> Callable[[Text], None]:
    """Says, on stderr (a cron job's log), that the build waits for another one of the site."""
    return lambda said: click.echo(said(lang), err=True)


def _print_progress(lang: str):
    """Shows each poster as it is printed, on stderr: 打印海报 3/20：耄耋老人集体生日会."""
    def progress(done: int, total: int, title: str) -> None:
        click.echo(f"打印海报 {done}/{total}：{title}" if lang == "zh" else f"printing poster {done}/{total}: {title}", err=True)

    return progress


@main.command(help="只打印海报（PDF），不生成网站。默认打印全部海报到 SITE/print/，"
                   "用 --only 挑选，如 --only 生日会（标题里有这个词）、--only 'activities/*'、--only services。")
@click.argument("site", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--only", metavar="WORD", help="只打印名称、标题或文件名含有这个词（或符合这个通配符）的海报")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="PDF 放到这个文件夹，默认 SITE/print")
@click.option("--drafts", is_flag=True, help="也打印草稿（draft: true）和定时发布的通知（date 在以后）的海报，用于发布前先印出来")
@click.option("--today", type=DateParam(), help="把“今天”固定为这一天")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="缓存文件夹，默认 SITE/.noticeboard-cache（可随时删除）")
@LANG_OPTION
def posters(site: Path, only: str | None, out: Path | None, drafts: bool, today: dt.date | None, cache: Path | None,
            lang: str) -> None:
    from . import build as build_module

    out = out or site / "print"
    if only is not None and not only.strip():
        raise click.UsageError("--only 后面要写标题里的词或海报的名称，如 --only 生日会" if lang == "zh" else
                               "--only takes a word of a title or a poster's name, such as --only 生日会")
    cache = cache or cache_folder(site)
    try:
        claim_poster_folders(site, out, cache)
        with one_build_at_a_time(cache, _waiting_for_other_build(lang)):
            run = build_module.posters_only(site, out, today=today, only=only, cache_dir=cache,
                                            progress=_print_progress(lang), drafts=drafts)
    except SiteError as error:
        _fail(error, lang, outcome="posters")
    except OSError as error:
        click.echo(f"写入海报失败：{error}" if lang == "zh" else f"could not write the posters: {error}", err=True)
        sys.exit(1)
    _print_problems(run.warnings, lang)
    if not run.specs and run.told_why:  # the word was right: the warnings above say what to do
        raise click.UsageError(f"没有海报符合 --only “{only}”：原因和办法见上面的警告" if lang == "zh" else
                               f"no poster matches --only '{only}': see the warnings above for why and what to do")
    if not run.specs:
        raise click.UsageError(f"没有海报符合 --only “{only}”；可以用标题里的词（如 生日会）或海报的名称（如 activities/*、services、stats/2026-*）"
                               if lang == "zh" else
                               f"no poster matches --only '{only}'; use a word of the title (生日会) or a name (activities/*, services, stats/2026-*)")
    printed = len(run.report.printed)
    if lang == "zh":
        click.echo(f"海报 {len(run.specs)} 张，在 {out}；{_printed(len(run.specs), printed, lang)}，用时 {run.report.seconds:.1f} 秒。")
    else:
        click.echo(f"{len(run.specs)} posters in {out}; {_printed(len(run.specs), printed, lang)}, in {run.report.seconds:.1f} s.")


def _printed(total: int, printed: int, lang: str) -> str:
    """How many posters were printed this time, and that the others came from the cache."""
    if printed == total:
        return f"本次打印 {printed} 张（全部）" if lang == "zh" else f"printed all {printed}"
    return (f"本次打印 {printed} 张，其余 {total - printed} 张没有变化、沿用上次的" if lang == "zh"
            else f"printed {printed}, the other {total - printed} were unchanged")


@main.command(help="只检查内容，列出所有问题，不生成网站。有错误时退出码为 1。")
@click.argument("site", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--today", type=DateParam(), help="把“今天”固定为这一天")
@click.option("--fix", is_flag=True,
              help="先自动改正中文输入法造成的全角冒号、全角括号和逗号、全角空格或 Tab 缩进，以及写成 “——” 的 “---” "
                   "和 “---” 前面的空行（只改这些，只改字段部分，不动正文）；改之前的原文件保存为旁边的 “文件名.bak”，并逐行显示改了什么，然后再检查")
@LANG_OPTION
def check(site: Path, today: dt.date | None, fix: bool, lang: str) -> None:
    from . import build as build_module

    if fix:
        _repair(site, lang)
    try:
        checked, problems = build_module.check(site, today)
    except SiteError as error:  # site.yaml unusable: what is wrong with it, and the count
        _checked(error.problems, lang)
    if not problems.errors:  # the pages can be made: try each template once
        build_module.check_templates(checked, problems)
    _checked(problems.sorted(), lang)


def _checked(ordered: list[Problem], lang: str) -> None:
    """Print the problems found by check and their count; exit 1 if one is an error."""
    _print_problems(ordered, lang)
    errors = sum(1 for p in ordered if p.is_error)
    warnings = len(ordered) - errors
    click.echo(f"检查完毕：{errors} 处错误，{warnings} 条警告。" if lang == "zh"
               else f"Checked: {counted(errors, 'error')}, {counted(warnings, 'warning')}.", err=bool(errors))
    sys.exit(1 if errors else 0)


def _repair(site: Path, lang: str) -> None:
    """check --fix: rewrite the full-width and tab faults and the mistyped "---" lines, show each change."""
    from .repair import repair_site

    try:
        repairs = repair_site(site)
    except OSError as error:
        click.echo(f"无法改写文件：{error}" if lang == "zh" else f"could not rewrite a file: {error}", err=True)
        sys.exit(1)
    tab, space = ("[Tab]", "[全角空格]") if lang == "zh" else ("[tab]", "[full-width space]")
    for repair in repairs:
        if repair.removed_blank_lines:
            click.echo(f"{repair.path}:1: 已改正：删掉了 “---” 前面的 {repair.removed_blank_lines} 个空行" if lang == "zh"
                       else f"{repair.path}:1: fixed: deleted the {repair.removed_blank_lines} empty line(s) before '---'")
        for line, old, new in repair.changes:
            old = old.replace("\t", tab).replace("\u3000", space)  # show what was invisible
            click.echo(f"{repair.path}:{line}: 已改正：“{old}” → “{new}”" if lang == "zh"
                       else f"{repair.path}:{line}: fixed: '{old}' -> '{new}'")
    if lang == "zh":
        click.echo(f"已改正 {len(repairs)} 个文件，改之前的原文件保存在旁边的 “文件名.bak”。" if repairs
                   else "没有需要自动改正的全角符号、Tab 缩进或 “---” 的写法。")
    else:
        click.echo(f"Fixed {len(repairs)} file(s); the originals are kept beside them as 'name.bak'." if repairs
                   else "Nothing to fix: no full-width punctuation, tab indentation or mistyped '---' in YAML.")


@main.command(help="新建一个内容文件：notice 通知、activity 活动、team 服务队、stats 月度统计。")
@click.argument("kind", type=_Choice(scaffold.KINDS))
@click.argument("title")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=".", help="网站文件夹")
@LANG_OPTION
def new(kind: str, title: str, site: Path, lang: str) -> None:
    if not (site / "site.yaml").is_file():
        raise click.UsageError(missing_site(site)[0 if lang == "zh" else 1])
    today = _site_today(site)
    # An activity a week ahead, as init's: one dated today at 9:30 is past already at noon,
    # and a build would list its placeholder under past activities.
    day = today + dt.timedelta(days=7) if kind == "activity" else today
    try:
        path = scaffold.new_file(site, kind, title, day, today)
    except SiteError as error:
        _fail(error, lang, outcome=None)
    click.echo(path)


def _site_today(site: Path) -> dt.date:
    """Today where the site is (its time zone in site.yaml), as builds count it; this
    computer's date when site.yaml cannot be read (check tells why)."""
    from .config import load_config

    try:
        config, _ = load_config(site)
    except SiteError:
        return dt.date.today()
    return dt.datetime.now(config.tz).date()


@main.command(help="新建一个网站（带示例文件，可以直接生成）。")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@LANG_OPTION
def init(directory: Path, lang: str) -> None:
    try:
        scaffold.init_site(directory, dt.date.today())
    except SiteError as error:
        _fail(error, lang, outcome=None)
    # The commands after it run inside the site folder (or are told to cd there): say so now.
    click.echo(f"已新建网站：{directory}。下一步：cd {directory}，然后运行 noticeboard build（以后的命令都在这个文件夹里运行）"
               if lang == "zh" else f"Created {directory}. Next: cd {directory}, then noticeboard build (run every command there)")


@main.command(help="边写边预览：生成网站（含草稿）到 SITE/.noticeboard-cache/preview/（public/ 保持上次发布的样子），"
                   "在本机开一个网址；保存 content/、templates/、static/、themes/ 或 site.yaml 后自动重新生成并刷新浏览器，"
                   "内容有错时浏览器和这里都会列出错误。按 Ctrl-C 停止。")
@click.argument("site", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--port", type=click.IntRange(0, 65535), default=8000,
              help="端口，默认 8000（0 = 任选一个空闲端口）")
@click.option("--host", default="127.0.0.1",
              help="监听地址，默认 127.0.0.1：只有这台电脑能打开；0.0.0.0 让同一网络的手机也能打开")
@click.option("--today", type=DateParam(), help="把“今天”固定为这一天")
@LANG_OPTION
def serve(site: Path, port: int, host: str, today: dt.date | None, lang: str) -> None:
    from . import serve as preview  # tornado and watchfiles load only for this command

    if not (site / "site.yaml").is_file():
        raise click.UsageError(missing_site(site)[0 if lang == "zh" else 1])
    held = preview.OnePreview(site)
    address = held.running_elsewhere()
    if address is not None:
        raise click.UsageError(
            f"这个网站的预览已经在运行{f'：{address}' if address else ''}。请在浏览器里打开它（保存文件后它会自动刷新）；"
            "要重新启动预览，先在运行它的那个窗口按 Ctrl-C" if lang == "zh" else
            f"this site's preview is already running{f' at {address}' if address else ''}: open it in a browser "
            "(it reloads on save); to restart it, press Ctrl-C in the window that runs it first")
    try:
        sockets = preview.bind(host, port)  # before the first build, so a busy port is told at once
    except OSError as error:  # the port is taken, or the host is not an address of this computer
        if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
            # Another port cannot help: the --host is wrong (another computer's address, or
            # no address at all, like 手机), and the resolver's English said nothing to staff.
            raise click.UsageError(
                f"无法在 {host}:{port} 上打开预览（这台电脑没有这个地址）：去掉 --host 就在这台电脑上预览；"
                "要让同一网络的手机也能打开，写 --host 0.0.0.0" if lang == "zh" else
                f"cannot serve on {host}:{port} ({error.strerror}): leave out --host to preview on this computer, "
                "or write --host 0.0.0.0 to let phones on the same network open it")
        why = _SOCKET_FAILURES.get(error.errno, error.strerror)
        raise click.UsageError(f"无法在 {host}:{port} 上打开预览（{why}），换一个端口试试，如 --port {port + 1}"
                               if lang == "zh" else
                               f"cannot serve on {host}:{port} ({error.strerror}); try another port, e.g. --port {port + 1}")
    preview.serve(site, sockets, lang=lang, today=today, held=held)
