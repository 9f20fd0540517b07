"""``noticeboard check --fix``: rewrite the full-width and tab mistakes a Chinese input method
puts into YAML (``title：``, ``【a，b】``, indentation with U+3000 or tabs), and the two that
keep a Markdown file's front matter from being found (dashes typed ``——`` for ``---``, empty
lines before the opening ``---``), and nothing else.

What is fixed is exactly what :func:`generator.fullwidth.find_faults` reports, in the YAML part
only (site.yaml, a YAML content file, or a Markdown file's front matter; never a body), and the
``---`` lines the loader names as mistyped (``load._no_front_matter``, ``load.MISTYPED_DASHES``). A file
keeps its encoding, BOM and line endings, so the only bytes that change are the faults. Before a
file is rewritten its original is kept beside it as ``name.bak`` (``name.bak2``… if that exists:
an earlier backup is never overwritten), and every changed line is reported old -> new.
Symlinks are not followed: a fix never writes outside the site.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import fullwidth
from .encoding import EncodingError, decode_source
from .load import MISTYPED_DASHES, YamlProblem, content_files, parse_yaml, split_front_matter

# Empty (or only blank) lines at the top of a file: before an opening "---" (or one typed
# "——") at the margin, the loader says to delete them.
_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)+")
_OPENING = re.compile(r"---[^\S\n]*(?:\n|$)")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Repair:
    path: str  # relative to the site root
    backup: str  # file name of the backup, beside the file
    changes: tuple[tuple[int, str, str], ...]  # (line, old, new), lines of the fixed file
    removed_blank_lines: int = 0  # empty lines deleted before the opening "---"


def _decode_keeping_form(data: bytes) -> tuple[str, str, bytes] | None:
    """(text with its own line endings, codec, BOM), or None for a file check cannot read."""
    try:
        decode_source(data)  # the same acceptance rules as loading
    except EncodingError:
        return None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec), codec, bom
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030", b""


def _fixed(text: str, markdown: bool) -> tuple[str, int]:
    """(``text`` fixed, how many empty lines before the opening "---" were deleted)."""
    if not markdown:
        return fullwidth.fix(text), 0
    text, removed = _front_matter_dashes(text)
    try:
        front, _, _ = split_front_matter(text)  # it reads "---\r\n" too; front is the raw slice
    except YamlProblem:
        return text, removed  # no closing "---": where the YAML ends is unknown, so leave it to the user
    if front is None:
        return text, removed
    head = text.index("\n") + 1
    return text[:head] + fullwidth.fix(front) + text[head + len(front):], removed


def _front_matter_dashes(text: str) -> tuple[str, int]:
    """The "---" lines of a Markdown file as the loader wants them: empty lines before the
    opening one deleted, and an opening or closing line of dashes typed with a Chinese input
    method ("——", "－－－") written "---". A closing one only where the loader takes it for
    one: before the first real "---", and then only if the YAML up to that "---" fails (a
    margin "——" inside a quoted text that goes on over lines is the text's own)."""
    blank = _BLANK_LINES.match(text)
    removed = 0
    if blank and (_OPENING.match(text, blank.end()) or MISTYPED_DASHES.match(text, blank.end())):
        removed, text = blank.group().count("\n"), text[blank.end():]
    if (opening := MISTYPED_DASHES.match(text)) is not None:
        text = _as_dashes(text, opening)
    first_newline = text.find("\n")
    if not text.startswith("---") or first_newline < 0 or text[:first_newline].strip() != "---":
        return text, removed
    closing = MISTYPED_DASHES.search(text, first_newline + 1)
    if closing is None:
        return text, removed
    try:
        front, _, _ = split_front_matter(text)
    except YamlProblem:
        front = None  # no "---" after it: the loader reads it as the closing line
    if front is not None:
        if closing.start() >= first_newline + 1 + len(front):
            return text, removed  # a real "---" comes first: the "——" is in the body
        try:
            parse_yaml(fullwidth.fix(front))  # as the loader will read it once fixed
            return text, removed  # the YAML holds it as text
        except YamlProblem:
            pass
    return _as_dashes(text, closing), removed


def _as_dashes(text: str, match: re.Match[str]) -> str:
    """``text`` with the line of dashes ``match`` found written "---", its line ending kept."""
    written = match.group()
    trailing = written[len(written.rstrip()):]  # "\r" of a CRLF file, spaces
    return text[:match.start()] + "---" + trailing + text[match.end():]


def _backup_name(path: Path) -> Path:
    candidate, number = path.with_name(path.name + ".bak"), 1
    while os.path.lexists(candidate):
        number += 1
        candidate = path.with_name(f"{path.name}.bak{number}")
    return candidate


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def repair_file(root: Path, relpath: str) -> Repair | None:
    """Fix one file in place (after backing it up); None when there was nothing to fix."""
    path = root / relpath
    if path.is_symlink():
        return None
    data = path.read_bytes()
    decoded = _decode_keeping_form(data)
    if decoded is None:
        return None
    text, codec, bom = decoded
    new_text, removed = _fixed(text, markdown=path.suffix.lower() == ".md")
    if new_text == text:
        return None
    # Deleting the empty lines at the top moves every line up: compare what follows them.
    old_lines, new_lines = text.split("\n")[removed:], new_text.split("\n")
    changes = tuple(
        (number, old.rstrip("\r"), new.rstrip("\r"))
        for number, (old, new) in enumerate(zip(old_lines, new_lines), start=1) if old != new
    )
    backup = _backup_name(path)
    shutil.copy2(path, backup)
    _write_atomically(path, bom + new_text.encode(codec))
    return Repair(relpath, backup.name, changes, removed)


def repair_site(root: Path) -> list[Repair]:
    """Fix site.yaml, every YAML and Markdown file under content/, and the YAML of the site's
    own themes (theme.yaml, strings/*.yaml), whose errors offer ``check --fix`` too."""
    candidates = ["site.yaml"] if (root / "site.yaml").is_file() else []
    candidates += [p for p in content_files(root) if Path(p).suffix.lower() in (".md", ".yaml", ".yml")]
    candidates += sorted(path.relative_to(root).as_posix() for pattern in ("themes/*/theme.yaml", "themes/*/strings/*.yaml")
                         for path in root.glob(pattern) if path.is_file())
    repairs = [repair_file(root, relpath) for relpath in candidates]
    return [repair for repair in repairs if repair is not None]
