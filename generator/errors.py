"""Problems a staff member can cause, and how they are reported.

Every message names the file, the line and the field, says what is wrong and how to fix it,
in Chinese by default and English with ``--lang en``. Each message is written in both
languages where it is raised, so a reader of the code sees the user's words next to the check.
Stages collect problems in a :class:`Problems` list instead of raising one at a time, so a
user sees every mistake in one run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Iterator


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Text:
    """One message in the user's languages."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the site root, with forward slashes
    line: int | None
    field: str | None
    text: Text = field(compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def format(self, lang: str = "zh") -> str:
        where = self.path or "site"
        if self.line:
            where += f":{self.line}"
        prefix = f"{where}: {self.field}: " if self.field else f"{where}: "
        if self.severity is Severity.WARNING:
            prefix += "警告: " if lang != "en" else "warning: "
        return prefix + self.text(lang)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass
class Problems:
    """An ordered collection of problems; stages append, the CLI prints."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, field_name: str | None, zh: str, en: str) -> None:
        self.items.append(Problem(path, line, field_name, Text(zh, en), Severity.ERROR))

    def warning(self, path: str, line: int | None, field_name: str | None, zh: str, en: str) -> None:
        self.items.append(Problem(path, line, field_name, Text(zh, en), Severity.WARNING))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def sorted(self) -> list[Problem]:
        """Problems in file and line order, each reported once."""
        seen: set[tuple] = set()
        unique = []
        for p in sorted(self.items, key=lambda p: (p.path, p.line or 0, p.field or "")):
            key = (p.path, p.line, p.field, p.text.zh)
            if key not in seen:
                seen.add(key)
                unique.append(p)
        return unique


class SiteError(Exception):
    """Stops the build with problems the user must fix; the CLI prints them, no traceback."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format("en") for p in self.problems))

    def __reduce__(self):  # so an error raised in a worker process arrives whole
        return (SiteError, (self.problems,))


def counted(count: int, noun: str) -> str:
    """"1 error", "2 errors": the English messages' counts (the Chinese ones need no plural)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def fail(path: str, line: int | None, field_name: str | None, zh: str, en: str) -> SiteError:
    """A single-problem :class:`SiteError`, for the few mistakes that stop everything at once."""
    return SiteError([Problem(path, line, field_name, Text(zh, en))])


def did_you_mean(word: str, choices: Iterable[str]) -> tuple[str, str]:
    """A suffix for messages in both languages: ``，是不是想写 "xxx"？`` or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return suggestion(close[0]) if close else ("", "")


def suggestion(meant: str, aside: str = "") -> tuple[str, str]:
    """``，是不是想写 "meant"（aside）？`` in both languages, for what is known to be meant."""
    return (f"，是不是想写 “{meant}”{f'（{aside}）' if aside else ''}？",
            f"; did you mean '{meant}'{f' ({aside})' if aside else ''}?")
