"""Make the table search reads sounds by: writes generator/pinyin.py, each toneless pinyin
syllable with the characters read so, for GB2312's 6,763 characters (levels 1 and 2: the
characters Simplified Chinese is written with, residents' typing and notices' titles alike).

Run by hand when pypinyin's readings should be taken again: ``python scripts/pinyin_table.py``.

Why a table made once and kept in the repository rather than made by every build: the index
(generator/search.py, from the titles) and the browser (search.js, from the query, over the
copy the build publishes as search-index/sounds.txt) must read a character the same way, and
a syllable is numbered by its line here in both: a pypinyin upgrade would otherwise change the
numbers between two builds, and an incremental build would patch terms of one numbering into
shards of the other. And a build then loads 30 KB, not pypinyin's 55 MB of tables.

Every reading of a character (pypinyin's heteronyms, tones dropped): 行 is under both hang and
xing, so 银行 is found by yinhang and by 银航, and 长者 by zhangzhe. ü is written v (lv, nv),
as pinyin keyboards type it.
"""

from __future__ import annotations

from pathlib import Path

from pypinyin import Style, pinyin

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "generator/pinyin.py"

HEADER = '''"""Toneless pinyin syllables, one a line in alphabetical order, each with the GB2312
characters read so (every reading of a character: 行 under hang and xing): search's table of
sounds (generator/search.py's sound_terms, and search.js over the copy published as
search-index/sounds.txt). A syllable's number is its line. Made by scripts/pinyin_table.py
from pypinyin; its docstring says why it is kept here. Do not edit by hand.
"""

'''


def gb2312() -> list[str]:
    """The 6,763 characters of GB2312 (rows 16 to 87)."""
    found = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:  # the last row's five unused places
                pass
    return found


def table() -> dict[str, str]:
    """syllable -> its characters, syllables sorted."""
    found: dict[str, list[str]] = {}
    for char in gb2312():
        for syllable in dict.fromkeys(pinyin(char, style=Style.NORMAL, heteronym=True)[0]):
            found.setdefault(syllable, []).append(char)
    return {syllable: "".join(chars) for syllable, chars in sorted(found.items())}


def main() -> None:
    lines = "\n".join(f"{syllable} {chars}" for syllable, chars in table().items())
    MODULE.write_text(f'{HEADER}SOUNDS = """\\\n{lines}"""\n', encoding="utf-8")


if __name__ == "__main__":
    main()
