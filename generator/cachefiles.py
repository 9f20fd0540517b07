"""The cache folder's own files (manifest, snapshot, parsed content, search state): pickles
that are only ever a shortcut. Written so that a reader sees the old file or the new one,
never half of one; read so that a file that is missing, cut short, or left by another
version of noticeboard counts as no cache at all instead of failing the build."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

# What unpickling a damaged or foreign file raises: truncation (EOFError, UnpicklingError),
# another pickle protocol (ValueError), classes that moved or changed (ImportError,
# AttributeError, TypeError), a length field damaged into a huge number (OverflowError,
# MemoryError: pickle tries to allocate it).
UNUSABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, ImportError,
             OverflowError, MemoryError)


def load_pickle(path: Path) -> Any | None:
    """The value kept at ``path``, or None when there is no usable one."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except UNUSABLE:
        return None


def save_pickle(path: Path, value: Any) -> None:
    """Keep ``value`` at ``path``: written beside it under this process's name, then renamed
    over it, so two builds of one site never write into the same file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    with open(temporary, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
