"""Write: publish the output folder so a failed or interrupted build never shows.

Rendered files are staged in a hidden folder beside the output folder (same file system, so
moves are renames). A clean build swaps the whole staged folder in; an incremental build moves
just the changed files over and deletes the outputs no longer produced, with the manifest
distrusted meanwhile (``Manifest.publishing``) so that a build killed halfway is followed by a
clean one.
Leftovers of an interrupted build are removed by the next one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Mapping

from .buildstate import Manifest, file_digest
from .folders import left_behind, mark_output


def staging_folder(out: Path) -> Path:
    return out.with_name(f".{out.name}.building-{os.getpid()}")


class StagedFiles:
    """Writes files into a staging folder, making each folder once. By os-level calls: 16,000
    files written through pathlib (its objects, its open with a buffer, a mkdir for every file)
    took 0.6-1.2 s of CPU, half of it in the kernel; this way 0.4-0.9 s."""

    def __init__(self, staging: Path):
        self.root = str(staging)
        self.made: set[str] = set()

    def write(self, path: str, data: bytes) -> None:
        target = f"{self.root}/{path}"
        self._make(target.rpartition("/")[0])
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked (a full disk raises instead)
                view = view[os.write(descriptor, view):]
        except OSError as error:
            error.filename = error.filename or target  # os.write's errors name no file: the message does
            raise
        finally:
            os.close(descriptor)

    def _make(self, folder: str) -> None:
        """``folder`` and those above it, each once. Not os.makedirs: it asks the file system
        whether the parent exists before each mkdir, and the parent of thousands of page
        folders (``notices/``) is one this process made already."""
        if folder in self.made:
            return
        if folder == self.root:
            os.makedirs(folder, exist_ok=True)
        else:
            self._make(folder.rpartition("/")[0])
            try:
                os.mkdir(folder)
            except FileExistsError:  # another worker made it
                pass
        self.made.add(folder)


def remove_leftovers(out: Path) -> None:
    """Delete staging folders that an interrupted earlier build left beside ``out``."""
    if not out.parent.is_dir():
        return
    for leftover in out.parent.glob(f".{out.name}.*-*"):
        if leftover.is_dir() and left_behind(leftover.name.rsplit("-", 1)[-1]):
            shutil.rmtree(leftover, ignore_errors=True)


def _copy_changed(target: Path, copies: Mapping[str, Path], known: Mapping[str, str]) -> dict[str, str]:
    """Copy static and media files whose bytes changed; return the digests of all of them."""
    digests = {}
    for relative, source in sorted(copies.items()):
        digest = file_digest(source)
        digests[relative] = digest
        if known.get(relative) != digest:
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    return digests


def swap_in(out: Path, staging: Path, copies: Mapping[str, Path], manifest: Manifest, cache_dir: Path) -> None:
    """Clean build: the staging folder becomes the output folder."""
    manifest.copies = _copy_changed(staging, copies, {})
    mark_output(staging)
    if _holds_working_folder(out):
        _replace_contents(out, staging)
        manifest.published(cache_dir)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    manifest.published(cache_dir)


def _holds_working_folder(out: Path) -> bool:
    """``--out .`` (or a folder above the current one): swapping the folder would leave the
    staff member's terminal in a deleted folder, where the next build cannot even start."""
    try:
        working = Path.cwd()
    except OSError:
        return False
    return out.exists() and (working == out or out in working.parents)


def _replace_contents(out: Path, staging: Path) -> None:
    """The staged files in place of ``out``'s, the folder itself kept (not atomic: used only
    where swapping the folder is not possible)."""
    for old in list(out.iterdir()):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()
    for new in list(staging.iterdir()):
        os.replace(new, out / new.name)
    staging.rmdir()


def move_changed(out: Path, staging: Path, changed: list[str], removed: list[str],
                 copies: Mapping[str, Path] | None, manifest: Manifest, previous: Manifest, cache_dir: Path) -> None:
    """Incremental build: move changed files over, delete what is no longer produced.
    ``copies``: None when the files copied into the output are known to be those of ``previous``."""
    if copies is None:
        manifest.copies = dict(previous.copies)
        published = previous.copies
    else:
        # A copy deleted from the output by hand counts as changed: it is copied again.
        published = {path: digest for path, digest in previous.copies.items() if (out / path).is_file()}
        manifest.copies = _copy_changed(staging, copies, published)
    mark_output(out)  # an output of a noticeboard older than the mark gets it now
    moved = changed + [path for path in manifest.copies if manifest.copies[path] != published.get(path)]
    gone = removed + [path for path in previous.copies if path not in manifest.copies]
    if not moved and not gone:
        shutil.rmtree(staging, ignore_errors=True)
        manifest.save(cache_dir)
        return
    Manifest.publishing(cache_dir)
    for path in moved:
        destination = out / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / path, destination)
    for path in gone:
        _remove_file(out, path)
    shutil.rmtree(staging, ignore_errors=True)
    manifest.published(cache_dir)


def _remove_file(out: Path, path: str) -> None:
    """Delete one output and the folders it leaves empty."""
    target = out / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
