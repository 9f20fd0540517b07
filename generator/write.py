"""Write: publish the output folder atomically.

The new site is written into a hidden folder beside the old one and swapped in only when
everything succeeded, so a failed or interrupted build never leaves a half-published site.
Leftovers of an interrupted build are removed by the next one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Mapping


def _staging_names(out: Path) -> tuple[Path, Path]:
    pid = os.getpid()
    return out.with_name(f".{out.name}.building-{pid}"), out.with_name(f".{out.name}.old-{pid}")


def remove_leftovers(out: Path) -> None:
    """Delete staging folders that an interrupted earlier build left beside ``out``."""
    if not out.parent.is_dir():
        return
    for leftover in out.parent.glob(f".{out.name}.*-*"):
        if leftover.is_dir() and leftover.name.rsplit("-", 1)[-1].isdigit():
            shutil.rmtree(leftover, ignore_errors=True)


def write_tree(folder: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> None:
    """Write rendered files and copy static ones into an empty folder."""
    made: set[Path] = set()
    for relative, data in files.items():
        target = folder / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
    for relative, source in copies.items():
        target = folder / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        shutil.copyfile(source, target)


def publish(out: Path, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> None:
    """Replace ``out`` with exactly these files, or leave it untouched on any failure."""
    remove_leftovers(out)
    staging, old = _staging_names(out)
    try:
        staging.mkdir(parents=True)
        write_tree(staging, files, copies)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
