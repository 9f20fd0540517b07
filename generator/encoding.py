"""Turn the bytes of a content file into text, whatever Windows saved it as.

Staff edit in Notepad, WPS or whatever came with the office PC, so a file may arrive as UTF-8
(with or without a BOM), as GBK/GB18030 (the old Chinese Windows default), as UTF-16 (Notepad's
"Unicode"), with CRLF line endings, or not as text at all (a Word file renamed ``.md``).
:func:`decode_source` reads all of the text ones, warns for the ones that should be resaved,
and refuses the rest with a message that says how to fix the file. It does no file I/O.

UTF-8 is tried first on purpose: short ASCII and most UTF-8 are also valid GB18030, so trying
GB18030 first would turn correct UTF-8 Chinese into nonsense without a word.
"""

from __future__ import annotations

import codecs

from .errors import Text

__all__ = ["EncodingError", "decode_source"]


class EncodingError(ValueError):
    """Bytes that are not a text file we can read; ``.text`` says how to fix it."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


_HOW_TO_RESAVE_ZH = (
    "请改存为 UTF-8：用记事本打开，点“文件 → 另存为”，在“编码”处选“UTF-8”后保存"
    "（WPS：“文件 → 另存为”，文件类型选纯文本，编码选 UTF-8）"
)
_HOW_TO_RESAVE_EN = (
    "please resave it as UTF-8: open it in Notepad, choose File → Save As, set Encoding to UTF-8 "
    "and save (WPS: File → Save As, plain text, encoding UTF-8)"
)

_GBK_WARNING = Text(
    f"文件是 GBK（GB18030）编码，已按 GBK 读取；{_HOW_TO_RESAVE_ZH}",
    f"the file is encoded as GBK (GB18030) and was read as such; {_HOW_TO_RESAVE_EN}",
)
_UTF16_WARNING = Text(
    f"文件是 UTF-16 编码（记事本里叫“Unicode”），已读取；{_HOW_TO_RESAVE_ZH}",
    f"the file is encoded as UTF-16 (Notepad calls it 'Unicode') and was read as such; {_HOW_TO_RESAVE_EN}",
)

# Files that are not text at all, by their first bytes, named the way staff know them.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "压缩包或 Word/Excel 文档（.docx/.xlsx/.zip）", "a zip archive or a Word/Excel document"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word/Excel 文档（.doc/.xls）", "an old Word/Excel document (.doc/.xls)"),
    (b"%PDF", "PDF 文件", "a PDF file"),
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"{\\rtf", "RTF 文档（写字板/Word 另存的格式）", "an RTF document"),
    (b"\x1f\x8b", "压缩文件（.gz）", "a compressed file (.gz)"),
)

# Controls that never occur in a hand-written text file (tab, newlines and form feed do).
_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f") | {"\x7f"}


def _not_text(what_zh: str, what_en: str) -> EncodingError:
    return EncodingError(Text(
        f"这不是文本文件，而是{what_zh}；内容文件要用记事本等编辑器写成纯文本，"
        "可新建一个文件，把内容粘贴进去，另存为 UTF-8 编码",
        f"this is not a text file but {what_en}; content files must be plain text: "
        "create a new file in a text editor such as Notepad, paste the content in and save it as UTF-8",
    ))


def _unknown(data: bytes, position: int) -> EncodingError:
    line = data.count(b"\n", 0, position) + 1
    return EncodingError(Text(
        f"无法识别文件的编码（既不是 UTF-8，也不是 GBK），第 {line} 行有无法识别的字符；"
        f"{_HOW_TO_RESAVE_ZH}，如果保存后仍有乱码，请把乱码处重新输入",
        f"the file's encoding is not recognised (neither UTF-8 nor GBK); line {line} has bytes that "
        f"are not text; {_HOW_TO_RESAVE_EN}, and retype any garbled text",
    ))


def _chinese_utf8(valid: bytes) -> bool:
    """Whether bytes that decode as UTF-8 hold Chinese written in UTF-8. GBK bytes decode as
    UTF-8 now and then too (停 is CD A3, a two-byte UTF-8 sequence), but as scattered Latin
    and combining marks, hardly ever as CJK, which takes three bytes in UTF-8."""
    beyond_ascii = [char for char in valid.decode("utf-8") if char > "\x7f"]
    chinese = sum("\u4e00" <= char <= "\u9fff" for char in beyond_ascii)
    return chinese >= 2 and chinese >= 0.8 * len(beyond_ascii)


def _mixed(data: bytes, position: int) -> EncodingError:
    line = data.count(b"\n", 0, position) + 1
    return EncodingError(Text(
        f"这个文件是 UTF-8 编码，但第 {line} 行有另一种编码的文字（常见于从别的文档复制粘贴）："
        f"请在编辑器里删掉这一行的乱码重新输入，再另存为 UTF-8 编码",
        f"this file is UTF-8 but line {line} holds text in another encoding (often pasted from "
        f"another document): retype that line in the editor and save as UTF-8",
    ))


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_source(data: bytes) -> tuple[str, Text | None]:
    """The text of a content file, BOM removed and line endings made ``\\n``, and a warning if any.

    UTF-8 (with or without BOM) gives no warning. GB18030/GBK and UTF-16/UTF-32 with a BOM are read
    and come with a warning telling how to resave as UTF-8. Anything else raises
    :class:`EncodingError`.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _newlines(data[3:].decode("utf-8")), None
        except UnicodeDecodeError as err:
            raise _unknown(data, err.start + 3) from None
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                break  # not really UTF-16/32: fall through to the binary checks
            if "\x00" in text:
                break
            return _newlines(text), _UTF16_WARNING

    for magic, what_zh, what_en in _MAGIC:
        if data.startswith(magic):
            raise _not_text(what_zh, what_en)
    if b"\x00" in data:
        raise _not_text("二进制文件（可能是图片、文档或程序文件）", "a binary file (perhaps an image, a document or a program)")

    try:
        return _newlines(data.decode("utf-8")), None
    except UnicodeDecodeError as err:
        utf8_error = err.start
    if _chinese_utf8(data[:utf8_error]):
        # Chinese text decoded as UTF-8 before the bad bytes: a UTF-8 file with a line pasted
        # from elsewhere. Read as GBK, its UTF-8 part would be published garbled.
        raise _mixed(data, utf8_error)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise _unknown(data, utf8_error) from None
    # GB18030 maps almost every byte sequence somewhere; a binary file shows up as control
    # characters or private-use code points, which no one types into a notice.
    for index, char in enumerate(text):
        if char in _CONTROLS or "\ue000" <= char <= "\uf8ff":
            raise _unknown(data, len(text[:index].encode("gb18030")))
    return _newlines(text), _GBK_WARNING
