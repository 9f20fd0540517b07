"""Make the table of Traditional characters search folds to Simplified ones: writes
generator/hanzi.py and the TRADITIONAL and SIMPLIFIED line of themes/default/static/search.js
(tests/unit/test_search.py checks the two are one table).

Run by hand, with OpenCC, when the vocabulary grows: ``pip install opencc`` (it is no
dependency of noticeboard: the table is made once, here), then
``python scripts/hanzi_table.py``.

Which characters: OpenCC's t2s pairs (one BMP character for one, so that search.js's fold
keeps every match at its place in the text shown) whose Simplified character a notice board
writes: those of the example site (content/), of the theme's Chinese strings and of
search.js's own word lists. All of OpenCC's 3,417 such pairs would add 20.5 KB to search.js
(14.9 KB over gzip, which is 16.5 KB itself), on the phones of residents with little data;
these (709 when made) add 4.3 KB (4.2 KB over gzip: CJK
characters hardly compress).
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "themes/default/static/search.js"
MODULE = ROOT / "generator/hanzi.py"
LINE = re.compile(r'^const TRADITIONAL = ".*", SIMPLIFIED = ".*";$', re.MULTILINE)
HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))

HEADER = '''"""Traditional characters and the Simplified ones search folds them to, in the index
(generator/search.py) and in the query and the pages read back (search.js's fold(), which has
the same table): 33號樓 finds 33号楼 on a Simplified site, 电梯 finds 電梯 on a Traditional one.

Made by scripts/hanzi_table.py from OpenCC's t2s, for the characters a notice board writes:
its docstring says which and why not all (20.5 KB more for search.js). Do not edit by hand.
"""

'''


def vocabulary() -> set[str]:
    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "content").rglob("*")
             if path.suffix in (".md", ".yaml") and path.is_file()]
    texts += [(ROOT / "themes/default/strings/zh-Hans.yaml").read_text(encoding="utf-8"), SCRIPT.read_text(encoding="utf-8")]
    return {char for text in texts for char in text}


def table() -> dict[str, str]:
    convert = opencc.OpenCC("t2s").convert
    words = vocabulary()
    found = {}
    for start, end in HAN:
        for point in range(start, end + 1):
            char = chr(point)
            simple = convert(char)
            if simple != char and len(simple) == 1 and ord(simple) < 0x10000 and simple in words:
                found[char] = simple
    return found


def main() -> None:
    pairs = table()
    traditional, simplified = "".join(pairs), "".join(pairs.values())
    MODULE.write_text(HEADER + f'TRADITIONAL = "{traditional}"\nSIMPLIFIED = "{simplified}"\n', encoding="utf-8")
    script = SCRIPT.read_text(encoding="utf-8")
    line = f'const TRADITIONAL = "{traditional}", SIMPLIFIED = "{simplified}";'
    if not LINE.search(script):
        raise SystemExit(f"{SCRIPT}: no line {LINE.pattern} to replace")
    SCRIPT.write_text(LINE.sub(lambda _: line, script), encoding="utf-8")
    print(f"{len(pairs)} pairs, {len(line.encode())} bytes in search.js")


if __name__ == "__main__":
    main()
