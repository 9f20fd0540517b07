"""``noticeboard check --fix``: rewrite the full-width and tab mistakes a Chinese input method
puts into YAML (``title：``, ``【a，b】``, indentation with U+3000 or tabs), and nothing else.

What is fixed is exactly what :func:`generator.fullwidth.find_faults` reports, in the YAML part
only (site.yaml, a YAML content file, or a Markdown file's front matter; never a body). A file
keeps its encoding, BOM and line endings, so the only bytes that change are the faults. Before a
file is rewritten its original is kept beside it as ``name.bak`` (``name.bak2``… if that exists:
an earlier backup is never overwritten), and every changed line is reported old -> new.
Symlinks are not followed: a fix never writes outside the site.
"""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import fullwidth
from .encoding import EncodingError, decode_source
from .load import YamlProblem, content_files, split_front_matter

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
    changes: tuple[tuple[int, str, str], ...]  # (line, old, new)


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


def fixed_text(text: str, markdown: bool) -> str:
    """``text`` with its YAML part's faults fixed (a Markdown body is left alone)."""
    if not markdown:
        return fullwidth.fix(text)
    try:
        front, _, _ = split_front_matter(text)  # it reads "---\r\n" too; front is the raw slice
    except YamlProblem:
        return text  # no closing "---": where the YAML ends is unknown, so leave it to the user
    if front is None:
        return text
    head = text.index("\n") + 1
    return text[:head] + fullwidth.fix(front) + text[head + len(front):]


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
    new_text = fixed_text(text, markdown=path.suffix.lower() == ".md")
    if new_text == text:
        return None
    old_lines, new_lines = text.split("\n"), new_text.split("\n")
    changes = tuple(
        (number, old.rstrip("\r"), new.rstrip("\r"))
        for number, (old, new) in enumerate(zip(old_lines, new_lines), start=1) if old != new
    )
    backup = _backup_name(path)
    shutil.copy2(path, backup)
    _write_atomically(path, bom + new_text.encode(codec))
    return Repair(relpath, backup.name, changes)


def repair_site(root: Path) -> list[Repair]:
    """Fix site.yaml and every YAML and Markdown file under content/."""
    candidates = ["site.yaml"] if (root / "site.yaml").is_file() else []
    candidates += [p for p in content_files(root) if Path(p).suffix.lower() in (".md", ".yaml", ".yml")]
    repairs = [repair_file(root, relpath) for relpath in candidates]
    return [repair for repair in repairs if repair is not None]
