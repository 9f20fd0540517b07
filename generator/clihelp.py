"""The command line's help in Chinese: click writes its frame (Usage, Options, "Show this
message and exit.") in English, and lays text out by counting characters, where a Chinese
one takes two columns on screen. Our commands use the classes here unless ``--lang en``."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import click


def asks_for_english(argv: list[str]) -> bool:
    """``--lang en`` or ``--lang=en`` anywhere on the command line."""
    return "--lang=en" in argv or ("--lang" in argv and argv[argv.index("--lang") + 1:][:1] == ["en"])


def screen_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# A line may break at a space or beside a Chinese character; runs of other characters
# (words, options, paths) stay whole.
_UNITS = re.compile(r" |[^ \u2e80-\uffef]+|.")
_NO_LINE_START = frozenset("，。、；：！？）》」』”’…")


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` columns on screen, paragraphs kept. A closing
    mark never starts a line (the character before it goes down with it); only a word longer
    than a whole line runs over."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        indent, units = first if not lines else rest, []
        for unit in _UNITS.findall(" ".join(paragraph.split())):
            if unit == " " and not units:
                continue
            if unit != " " and units and screen_width(indent + "".join(units) + unit) > width:
                carried = []
                if unit[0] in _NO_LINE_START and len(units) > 1 and units[-1] != " ":
                    carried = [units.pop()]
                lines.append((indent + "".join(units)).rstrip())
                indent, units = rest, carried
            units.append(unit)
        lines.append((indent + "".join(units)).rstrip())
    return lines


def short_help(help_text: str, columns: int) -> str:
    """A command's line in the list of commands: its first sentence, cut to ``columns``."""
    sentence = re.split(r"(?<=[。！？])", " ".join(help_text.split()), maxsplit=1)[0]
    if screen_width(sentence) <= columns:
        return sentence
    while screen_width(sentence + "…") > columns:
        sentence = sentence[:-1]
    return sentence + "…"


class HelpFormatter(click.HelpFormatter):
    """Click's help with its frame in Chinese ("用法" and "选项" rather than "Usage" and
    "Options"), laid out by the columns text takes on screen."""

    SECTIONS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数"}
    PIECES = {"[OPTIONS]": "[选项]", "COMMAND": "命令", "[ARGS]...": "[参数]..."}
    # The kinds of value click names after an option (its types' names)
    VALUES = {"DIRECTORY": "文件夹", "TEXT": "文字", "INTEGER RANGE": "数字", "GLOB": "通配符"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        first = f"{'用法：' if prefix is None else prefix}{prog} "
        args = " ".join(self.PIECES.get(piece, piece) for piece in args.split(" "))
        self.write("\n".join(wrap(args, self.width, first, " " * screen_width(first))) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{self.SECTIONS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write("\n".join(wrap(text, self.width, indent, indent)) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """An option or command, then its help, the help's column lined up on screen."""
        rows = [(self._values_named(term), text) for term, text in rows]
        first_col = min(max((screen_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        hanging = indent + " " * first_col
        for term, text in rows:
            if screen_width(term) <= first_col - col_spacing:
                lead = indent + term + " " * (first_col - screen_width(term))
            else:  # too long for the column: its help starts on the next line
                self.write(indent + term + "\n")
                lead = hanging
            self.write("\n".join(wrap(text, self.width, lead, hanging)) + "\n")

    def _values_named(self, option: str) -> str:
        name, _, value = option.partition(" ")
        return f"{name} {self.VALUES.get(value, value)}" if value else option


def _english(ctx: click.Context) -> bool:
    return getattr(ctx.find_root().command, "english", False)


class Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        if _english(self):
            return super().make_formatter()
        return HelpFormatter(width=self.terminal_width, max_width=self.max_content_width)


class ChineseHelp:
    """For our group and commands (before click's class): Chinese help, --help said in Chinese."""

    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:  # made once per command: said again for each run's language
            option.help = "Show this message and exit." if _english(ctx) else "显示这份说明"
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        own = self.short_help or self.help or ""  # type: ignore[attr-defined]
        english = own.isascii()
        return super().get_short_help_str(limit) if english else short_help(own, limit)  # type: ignore[misc]
