"""Markdown bodies -> safe HTML, with the files they link to found, checked and collected."""

from __future__ import annotations

import ctypes
import html
import math
import os
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

import nh3
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options as CmarkOptions

from . import autolink
from .images import Fault, active_content, browser_fault, responsive_attributes, shows_original, too_large
from .load import RawDocument

_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
# A place on the staff member's own computer, pasted from Explorer or a browser's address bar:
# C:\Users\社区\Desktop\照片.jpg, D:/报名表.docx, file:///C:/Users/..., \\server\share\x.jpg
# (which Markdown leaves as \server\...), ~/Desktop/x.jpg (a Mac's or Linux's home folder,
# which no browser or web server knows). No URL scheme has a single letter.
_ON_OWN_COMPUTER = re.compile(r"^(?:[a-zA-Z]:|file:|\\|~[/\\])", re.IGNORECASE)
# Where a Mac or Linux computer keeps files (a Mac's /Users/ and /Volumes/, Linux's /home/,
# temporary folders): a path starting so is a file on the staff member's computer too. In a
# text such a link is one to a page of the site, judged by lint.check_site_links; in a field
# (attachments:) it comes here.
OWN_COMPUTER_FOLDERS = ("/Users/", "/home/", "/Volumes/", "/private/", "/tmp/")
# The same in the HTML Markdown writes, before sanitizing drops such a src or href whole (nh3
# keeps only http, https, mailto and tel), leaving an <img> with no picture and a dead link.
# The first pattern starts with a fixed character: 2 us a body, where the second takes 65 us.
_OWN_COMPUTER_HINT = re.compile(r"""=\s*["']?\s*(?:[a-zA-Z]:|[fF][iI][lL][eE]:)""")
_OWN_COMPUTER_ATTRIBUTE = re.compile(
    r"""(?:src|href)\s*=\s*(?:"\s*((?:[a-z]:|file:)[^"]*)"|'\s*((?:[a-z]:|file:)[^']*)'|((?:[a-z]:|file:)[^\s>]*))""",
    re.IGNORECASE,
)
# What may not stand raw in a URL's path (WHATWG's path percent-encode set, and "%" itself):
# "现场 照片.jpg" breaks a srcset, whose candidates are split at spaces. Chinese stays as it is.
_NOT_IN_URL_PATH = re.compile(r'[\x00-\x20"#%<>?`{}\x7f]')
_TAGS = re.compile(r"<[^>]+>")
# A link or image Markdown did not take, left in the text as written: ![说明](现场 照片.jpg)
_UNLINKED = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\s[^)\n]*\)")

# What survives sanitizing: the Markdown vocabulary staff use (tables, images, links),
# never scripts, event handlers or javascript: URLs (nh3 drops those by construction).
_ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a", "img", "figure", "figcaption",
    "span", "div", "abbr",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
# The kinds of link a resident's browser opens from a page; nh3 drops a src or href with any
# other scheme (ftp:, weixin:, data:, javascript:), which _report_dropped_schemes tells.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Built once: nh3.clean() converts these sets into the sanitizer's settings on every call,
# a third of its time on a typical notice.
_CLEANER = nh3.Cleaner(
    tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
    url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer",
)
# An image's src or a link's href, its value as Markdown or pasted HTML writes it; a URL's scheme.
_LINK_ATTRIBUTE = re.compile(
    r"""<(?:a|img)\s[^>]*?(?<![\w-])(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# The fix for a picture in a format browsers do not show well.
_SAVE_AS = ("请用看图或修图软件把它另存为 JPG 或 PNG 再链接", "save it as JPG or PNG in an image editor and link that")
# Schemes whose links are kept, and scripts in pasted HTML, removed by design without a word.
_NOT_TOLD = URL_SCHEMES | {"javascript", "vbscript"}


class MediaLinks:
    """Resolves links from content to local files (beside the Markdown file or under
    ``content/media/``), reports missing ones with their line, and remembers what to copy."""

    def __init__(self, root: Path, base_path: str):
        self.root = root
        self.content = (root / "content").resolve()
        self.base_path = base_path
        self.sources: dict[str, Path] = {}  # public URL -> file, for images' srcset

    def link(self, target: str, document: RawDocument, line: int | None, field_name: str | None,
             whole: bool = True) -> str | None:
        """The public URL of a linked file, or None after reporting the problem. ``whole``:
        the link leads to the file itself (a link, an attachment), which is then published as
        it is; False for an image, which may be shown from its smaller copies alone."""
        if on_own_computer(target):
            self._report_own_computer(target.strip(), document, line, field_name)
            return None
        clean = target.split("#", 1)[0].split("?", 1)[0]
        folder = posixpath.dirname(document.path)
        if field_name is not None and clean.startswith("/"):
            self._report_rooted(target, clean, folder, document, line, field_name)
            return None
        candidates = [posixpath.normpath(posixpath.join(folder, clean)), posixpath.normpath(posixpath.join("content", clean))]
        for candidate in candidates:
            resolved = (self.root / candidate).resolve()
            try:
                inside = resolved.relative_to(self.content).as_posix()
            except ValueError:
                continue
            if resolved.is_file():
                if (active := active_content(resolved)) is not None:
                    self._report_active(target, active, document, line, field_name)
                    return None
                document.media.add(f"content/{inside}")
                if line is not None:
                    document.ref_lines.setdefault(f"content/{inside}", (line, field_name))
                if whole:
                    document.originals.add(f"content/{inside}")
                public = inside if inside.startswith("media/") else f"media/{inside}"
                url = _NOT_IN_URL_PATH.sub(lambda char: f"%{ord(char.group()):02X}", self.base_path + public)
                self.sources[url] = resolved
                return url
        # 照片\现场.jpg: folders written the Windows way. Not taken as "/": in a body Markdown
        # has already eaten the "\" before punctuation (照片\_1.jpg is 照片_1.jpg), and on the
        # Mac or Linux that builds the site "\" is a letter of a file name; so the address
        # published would not always be the one written. The fix is one keystroke a folder.
        slashed = clean.replace("\\", "/")
        backslash_zh, backslash_en = ("", "")
        if slashed != clean:
            backslash_zh = "用了反斜杠 “\\”（Windows 文件夹的写法），网址里文件夹之间要用 “/”"
            backslash_en = "uses backslashes '\\', the Windows way of writing folders, where addresses separate them with '/'"
            if any(self._is_content_file(posixpath.join(base, slashed)) for base in (folder, "content")):
                fixed = as_written(target.replace("\\", "/"), field_name)
                document.problems.error(
                    document.path, line, field_name,
                    f"“{target}” {backslash_zh}：请写成 {fixed}",
                    f"'{target}' {backslash_en}: write {fixed}",
                )
                return None
        outside = [c for c in candidates if not self._inside_content(c)]
        # all candidates outside (../../x), or one that exists but is a symlink out of the site
        if len(outside) == len(candidates) or any(os.path.lexists(self.root / c) for c in outside):
            document.problems.error(
                document.path, line, field_name,
                f"“{target}” 指向网站文件夹以外，只能链接 content/ 里的文件（建议放在 content/media/）",
                f"'{target}' points outside the site's content folder; link files under content/media/",
            )
        elif (self.content / "media" / slashed).is_file():  # the file is there, the link lacks its folder
            fixed = as_written(f"media/{slashed}", field_name)
            also_zh, also_en = (f"，并且{backslash_zh}", f" (it {backslash_en})") if backslash_zh else ("", "")
            document.problems.error(
                document.path, line, field_name,
                f"找不到链接的文件 “{target}”：content/media/ 里有这个文件，链接要写上文件夹{also_zh}：{fixed}",
                f"linked file '{target}' not found: content/media/ holds it, so write {fixed}{also_en}",
            )
        elif (near := self._near_name(slashed, folder)) is not None:
            fixed, found = as_written(near[0], field_name), near[1]
            document.problems.error(
                document.path, line, field_name,
                f"找不到链接的文件 “{target}”：有文件 {found}，名字只差大小写或扩展名，请写成 {fixed}"
                f"（网站在 Linux 上生成，大小写或扩展名不同就是另一个文件，在 Windows 上看不出来）",
                f"linked file '{target}' not found: there is {found}, whose name differs only in case or "
                f"extension; write {fixed} (the site is built on a system where those are different files)",
            )
        else:
            also_zh, also_en = (f"；另外，链接{backslash_zh}", f"; the link also {backslash_en}") if backslash_zh else ("", "")
            document.problems.error(
                document.path, line, field_name,
                f"找不到链接的文件 “{target}”：请把文件放在 content/media/ 或与本文件同一文件夹，并检查文件名{also_zh}",
                f"linked file '{target}' not found: put it in content/media/ or beside this file{also_en}",
            )
        return None

    def _near_name(self, written: str, folder: str) -> tuple[str, str] | None:
        """``written`` (a link with "/") with the names of the folders and the file that exist
        where they differ only in case (Big.JPG written big.jpg: on Windows, where staff write,
        they are one file; on the Linux that builds the site, two), or the file's only in its
        extension (.jpeg written .jpg, .png written .jpg), and that file from the site's root;
        None when there is no such file."""
        parts = written.split("/")
        for base, prefix in ((folder, ""), ("content", ""), ("content/media", "media/")):
            at, found = self.root / base, []
            for i, part in enumerate(parts):
                if part in ("", ".", ".."):
                    at = at.parent if part == ".." else at
                    found.append(part)
                    continue
                name = _similar_name(at, part, i == len(parts) - 1)
                if name is None:
                    break
                found.append(name)
                at = at / name
            else:
                relpath = posixpath.normpath(at.relative_to(self.root).as_posix())
                if at.is_file() and self._inside_content(relpath):
                    return prefix + "/".join(found), relpath
        return None

    def relpath(self, source: Path) -> str:
        """``content/...`` of a file :meth:`link` found."""
        return f"content/{source.relative_to(self.content).as_posix()}"

    def site_file(self, target: str) -> str | None:
        """The file under content/ that a link to a page of the site (``/media/原图.jpg``)
        leads to once published (``media/<its path under content/>``, or ``media/...`` for
        content/media/), or None. Not checked for anything else: it is published only when
        some other link makes it a file of the site, and the lint tells any other such link."""
        path = unquote(target.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
        if not path.startswith("media/") or "\\" in path:
            return None
        inside = posixpath.normpath(path)
        for candidate in (inside, inside.removeprefix("media/")):
            resolved = (self.content / candidate).resolve()
            try:
                relative = resolved.relative_to(self.content).as_posix()
            except ValueError:
                continue
            public = relative if relative.startswith("media/") else f"media/{relative}"
            if public == inside and resolved.is_file():
                return f"content/{relative}"
        return None

    def _report_active(self, target: str, active: str, document: RawDocument, line: int | None,
                       field_name: str | None) -> None:
        """A file that, published on the site's address, would run its scripts there when a
        resident (or anyone sent the link) opens it: not published at all."""
        if active == "page":
            zh = (f"“{target}” 是网页文件，放到网站上会作为本网站的网页打开，其中的脚本会在居民的浏览器里运行："
                  f"请把它另存为 PDF（或截图存为 PNG）再链接")
            en = (f"'{target}' is a web page file: on the site it would open as one of the site's pages and run "
                  f"its scripts in residents' browsers; save it as PDF (or a PNG screenshot) and link that")
        else:
            zh = (f"“{target}” 这个 SVG 图片里有脚本（script 或 onload 之类），单独打开时会在居民的浏览器里运行："
                  f"请用看图或修图软件把它另存为 PNG 再链接，或删掉其中的脚本")
            en = (f"'{target}' is an SVG image with script in it (script, onload and the like), which runs when the "
                  f"file is opened by itself: save it as PNG in an image editor and link that, or remove the script")
        document.problems.error(document.path, line, field_name, zh, en)

    def _report_own_computer(self, target: str, document: RawDocument, line: int | None,
                             field_name: str | None) -> None:
        document.problems.error(document.path, line, field_name, *own_computer_message(target, field_name))

    def _report_rooted(self, target: str, clean: str, folder: str, document: RawDocument, line: int | None,
                       field_name: str) -> None:
        """A field's file written from "/" (attachments: /media/表.pdf, /mnt/c/Users/...): a field
        names a file of content/, never a page of the site, so "/" starts either the site's
        address as a body's link writes it, when the file is there without that "/" (told with
        the value to write), or a folder of the staff member's own computer (/mnt/c/, /root/),
        told as C:\\ is. Both were "points outside the content folder", which says no fix."""
        # /content/media/表.pdf: the path from the site's folder, content/ and all
        rooted = clean.lstrip("/").removeprefix("content/")
        fixed = target.strip().lstrip("/").removeprefix("content/")
        if any(self._is_content_file(posixpath.normpath(posixpath.join(base, rooted))) for base in (folder, "content")):
            document.problems.error(
                document.path, line, field_name,
                f"“{target}” 开头多了 “/”：写 content/ 里的文件时开头不要写 “/”，请写成 {fixed}",
                f"'{target}' starts with a '/' too many: a file of content/ is written without a leading '/': write {fixed}",
            )
        elif self._site_folder(rooted):
            # /media/报明表.pdf, a file not there (misnamed, not yet copied): no place on a computer
            # starts with the site's own folders, so it is the site's address of a missing file.
            wanted = rooted if rooted.startswith("media/") else f"media/{posixpath.basename(rooted)}"
            document.problems.error(
                document.path, line, field_name,
                f"找不到链接的文件 “{target}”：content/{rooted} 不存在，而且开头不要写 “/”：请检查文件名，"
                f"把文件放到 content/{wanted}，写成 {wanted}",
                f"linked file '{target}' not found: there is no content/{rooted}, and the leading '/' does not "
                f"belong: check the name, put the file at content/{wanted} and write {wanted}",
            )
        else:
            self._report_own_computer(target.strip(), document, line, field_name)

    def _site_folder(self, rooted: str) -> bool:
        """Whether ``rooted`` (a path written from "/", without it) starts with a folder of the
        site or of its content/ (media/, notices/, static/), or is a bare file name."""
        first, _, rest = rooted.partition("/")
        return not rest or first in ("media", "static") or (self.content / first).is_dir() \
            or (self.root / first).is_dir()

    def _is_content_file(self, relpath: str) -> bool:
        """Whether ``relpath`` (from the site root) is a file inside content/."""
        return self._inside_content(relpath) and (self.root / relpath).is_file()

    def _inside_content(self, relpath: str) -> bool:
        try:
            (self.root / relpath).resolve().relative_to(self.content)
        except ValueError:
            return False
        return True


def _similar_name(folder: Path, name: str, last: bool) -> str | None:
    """The entry of ``folder`` called ``name``, or else the one whose name differs only in
    case, or (``last``: the file) only in its extension, when just one does."""
    if (folder / name).exists():
        return name
    try:
        entries = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return None
    same = [entry for entry in entries if entry.casefold() == name.casefold()]
    if len(same) == 1:
        return same[0]
    stem = posixpath.splitext(name)[0].casefold()
    other = [entry for entry in entries if last and posixpath.splitext(entry)[0].casefold() == stem]
    return other[0] if len(other) == 1 else None


def as_written(path: str, field_name: str | None = None) -> str:
    """``path`` as it is written in a link: in a body a name with spaces goes in angle
    brackets; a field's value is written as it is."""
    return f"<{path}>" if " " in path and field_name is None else path


def on_own_computer(target: str) -> bool:
    """Whether ``target`` is a place on the staff member's own computer (C:\\..., file:, ~/,
    /Users/...) rather than a file of the site or an address."""
    target = target.strip()
    return bool(_ON_OWN_COMPUTER.match(target)) or target.startswith(OWN_COMPUTER_FOLDERS)


def own_computer_message(target: str, field_name: str | None = None) -> tuple[str, str]:
    """(zh, en) for a link to a place on the staff member's own computer: where to copy the
    file and how to link it then. ``field_name``: None for a link in a Markdown text."""
    name = re.split(r"[\\/]", unquote(target))[-1] or "文件名.jpg"
    fixed = as_written(f"media/{name}", field_name)
    return (
        f"“{target}” 是您自己电脑上的位置，网站访问不到，居民看不到这个文件：请把文件复制到 content/media/，"
        f"再按文件名写成 {fixed}（或把文件放在与本文件同一文件夹，只写文件名）",
        f"'{target}' is a place on your own computer, which the website cannot reach: copy the file "
        f"into content/media/ and link it by name as {fixed} (or put it beside this file and write its name)",
    )


def _python_markdown() -> Callable[[str], str]:
    import markdown  # only for the sites that ask for it
    from markdown.inlinepatterns import InlineProcessor
    from markdown.util import AtomicString
    from xml.etree import ElementTree

    class BareLinks(InlineProcessor):
        """Bare addresses made links as cmark-gfm's autolink extension makes them (which
        Python-Markdown has not), ending where Chinese text resumes: :mod:`generator.autolink`."""

        ANCESTOR_EXCLUDES = ("a",)  # not inside a link's text

        def handleMatch(self, match: re.Match[str], data: str):  # type: ignore[override]
            link = autolink.link_at(data, match)
            if link is None:
                return None, None, None
            element = ElementTree.Element("a", href=link.href)
            element.text = AtomicString(data[link.start:link.end])
            return element, link.start, link.end

    converter = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code", "nl2br"])
    # After code spans, links, <autolinks> and raw HTML (priority 90) have taken their text,
    # before entities and emphasis (80 and below), which would take "_" or "*" out of an address.
    converter.inlinePatterns.register(BareLinks(autolink.STARTS.pattern, converter), "bare_links", 85)
    return lambda source: _spaced_autolinks(source, converter.reset().convert(source))


# A link cmark-gfm wrote whose text has a non-ASCII character: its autolink extension's, for
# one, which ends a bare address only at a space or "<" (see _cut_glued_links).
_NON_ASCII_LINK = re.compile(r'<a href="([^"]*)">([^<]*[^\x00-\x7f][^<]*)</a>')


def _found_bare(source: str, href: str, text: str) -> bool:
    """Whether a link written ``<a href="href">text</a>`` (href as written in HTML, text
    unescaped) is a bare address an autolinker found: its text is its address (the href the
    text, or ``http://`` or ``mailto:`` and the text) and the source does not write that
    text as a link on purpose (in angle brackets, as a link's text or destination, or as an
    attribute of pasted HTML)."""
    address = unquote(html.unescape(href))
    if address not in (unquote(text), unquote("http://" + text), unquote("mailto:" + text)):
        return False
    return not any(form in source for form in (f"<{text}>", f"[{text}]", f"]({text}", f"](<{text}", f'="{text}', f"='{text}"))


def _cut_glued_links(source: str, converted: str) -> str:
    """cmark-gfm's HTML with each bare address that took the Chinese text after it
    (``https://…?from=poster查看。``) cut where :mod:`generator.autolink` ends it, the rest
    of its text made plain text again, and any other address in that rest a link of its own.

    A link is its extension's when its text is its address (the href the text, or
    ``http://`` or ``mailto:`` and the text) and the source does not write that text as a
    link on purpose: in angle brackets (CommonMark's autolink, which links
    ``<https://zh.wikipedia.org/wiki/社区>`` whole), as a link's text or destination, or as
    an attribute of pasted HTML. cmark's extension cannot be told where to stop, and
    Python-Markdown (which has no such extension) finds addresses with the same code."""
    if "<a href" not in converted:
        return converted

    def cut(match: re.Match[str]) -> str:
        text = html.unescape(match.group(2))
        if not _found_bare(source, match.group(1), text):
            return match.group()
        links = autolink.bare_links(text)
        if len(links) == 1 and links[0].start == 0 and links[0].end == len(text):
            return match.group()
        return _with_links(text, links)

    return _NON_ASCII_LINK.sub(cut, converted)


def _with_links(text: str, links: list[autolink.BareLink]) -> str:
    """``text`` (unescaped) as HTML with each of ``links`` (in order, apart) an ``<a>``."""
    pieces, written = [], 0
    for link in links:
        shown = html.escape(text[link.start:link.end], quote=False)
        pieces += [html.escape(text[written:link.start], quote=False), f'<a href="{html.escape(link.href)}">{shown}</a>']
        written = link.end
    pieces.append(html.escape(text[written:], quote=False))
    return "".join(pieces)


# An <autolink> whose address holds a space (<https://example.org/公告/停水 通知>: the README's
# way to write a Chinese path a space follows). CommonMark takes no space in one, so cmark-gfm
# wrote "&lt;", the link its autolink extension found (cut at the space), the rest and "&gt;";
# Python-Markdown linked it whole, the space raw in its href (no valid URL). The <a> inside
# "&lt;…&gt;" is what tells it from code (`<https://a b>`), where no link is made.
_CUT_AUTOLINK = re.compile(r'&lt;<a href="[^"]*">(https?://[^<]*)</a>([^<]*?)&gt;')
_SPACED_HREF = re.compile(r'<a href="(https?://[^" ]*\s[^"]*)"')


def _spaced_autolinks(source: str, converted: str) -> str:
    """``converted`` with each ``<address with a space>`` of ``source`` one link, its href
    encoded as cmark encodes an href, whichever engine wrote it."""
    def whole(match: re.Match[str]) -> str:
        address = html.unescape(match.group(1) + match.group(2))
        if f"<{address}>" not in source:
            return match.group()
        return f'<a href="{html.escape(autolink.href_of(address))}">{html.escape(address, quote=False)}</a>'

    if "&lt;<a href" in converted:
        converted = _CUT_AUTOLINK.sub(whole, converted)
    if '<a href="http' not in converted:  # most bodies: no regex search
        return converted
    return _SPACED_HREF.sub(lambda m: f'<a href="{html.escape(autolink.href_of(html.unescape(m.group(1))))}"', converted)


# "www." right after a non-ASCII character (详见www.…, （www.…）) in a source: cmark-gfm's
# extension links "www." only at the start or after a space or * _ ~ (, see _link_wide_www.
# The literal first, the character before it looked behind at: "[^\x00-\x7f]www\." tried
# every Chinese character of the body, 25 µs a body of 1,000 characters (its conversion: 85).
_WWW_AFTER_WIDE = re.compile(r"www\.(?<=[^\x00-\x7f]www\.)")
# A tag, comment or declaration of cmark's HTML, and the elements whose text is no sentence.
# Read whole: pasted HTML may hold ">" in a comment or a quoted attribute (title='1 > 0'),
# where a tag ending at the first ">" took the words after it into the attribute.
_HTML_TAG = re.compile(r"""(<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.S)
_NOT_LINKED_IN = frozenset({"a", "code", "pre", "script", "style", "textarea"})


def _link_wide_www(converted: str) -> str:
    """cmark-gfm's HTML with each ``www.`` address that follows Chinese text or full-width
    punctuation (``详见www.example.org``, ``（www.example.org）``) made a link, as
    Python-Markdown's finder (the same :mod:`generator.autolink`) makes it: cmark's
    extension links ``www.`` only after a space, as Latin text writes it, but ``https://``
    after anything, so staff saw one linked and not the other. Text in a link, code or
    pasted HTML's script is left as it is."""
    pieces = _HTML_TAG.split(converted)
    skipped: list[str] = []  # the open elements whose text is left alone
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            name = piece[1:].split(None, 1)[0].rstrip("/>").lower() if len(piece) > 2 else ""
            if name.startswith("/") and name[1:] in _NOT_LINKED_IN:
                if name[1:] in skipped:
                    del skipped[len(skipped) - 1 - skipped[::-1].index(name[1:]):]
            elif name in _NOT_LINKED_IN and not piece.endswith("/>"):
                skipped.append(name)
            continue
        if skipped or "www." not in piece:
            continue
        text = html.unescape(piece)
        links = [link for link in autolink.bare_links(text)
                 if text.startswith("www.", link.start) and link.start > 0 and text[link.start - 1] >= "\x80"]
        if not links:
            continue
        pieces[index] = _with_links(text, links)
    return "".join(pieces)


def _cmark_gfm() -> Callable[[str], str]:
    """cmark-gfm through cmarkgfm's C functions, freeing what they allocate.

    Not ``cmarkgfm.markdown_to_html_with_extensions``: it frees neither the parsed document nor
    the HTML string (theacodes/cmarkgfm#53), 16-25 KB per call, so a worker that converted
    5,000 notices grew by 100 MB. The two functions that free are exported by the same library
    but not declared to cffi, hence ctypes for them."""
    lib, ffi = _cmark.lib, _cmark.ffi
    # UNSAFE keeps raw HTML (a table pasted from Word) for nh3 to sanitize instead of dropping
    # it; HARDBREAKS keeps staff's line breaks, as Python-Markdown's nl2br does. GFM's
    # "tagfilter" is left out: it would show a pasted <script> as text, nh3 removes it whole.
    # STRIKETHROUGH_DOUBLE_TILDE: Chinese writes a range with one tilde (周一~周五 9:00~11:30),
    # which GFM would strike through, showing residents an opening hour crossed out; ~~…~~ still strikes.
    options = (CmarkOptions.CMARK_OPT_UNSAFE | CmarkOptions.CMARK_OPT_HARDBREAKS
               | CmarkOptions.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE)
    lib.cmark_gfm_core_extensions_ensure_registered()
    extensions = [lib.cmark_find_syntax_extension(name) for name in (b"table", b"strikethrough", b"autolink")]
    library = ctypes.CDLL(_cmark.__file__)
    free_node, free = library.cmark_node_free, ctypes.CDLL(None).free  # cmark allocates with calloc
    free_node.argtypes = free.argtypes = [ctypes.c_void_p]

    def address(pointer: object) -> int:
        return int(ffi.cast("uintptr_t", pointer))

    def convert(source: str) -> str:
        parser = lib.cmark_parser_new(options)
        try:
            for extension in extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            data = source.encode("utf-8")
            lib.cmark_parser_feed(parser, data, len(data))
            document = lib.cmark_parser_finish(parser)
            try:
                html = lib.cmark_render_html(document, options, lib.cmark_parser_get_syntax_extensions(parser))
                try:
                    # "replace": for &#xFFFE; and &#xFFFF; cmark writes one byte that is no UTF-8.
                    converted = _spaced_autolinks(source, _cut_glued_links(source, ffi.string(html).decode("utf-8", "replace")))
                    if "www." in source and _WWW_AFTER_WIDE.search(source):
                        converted = _link_wide_www(converted)
                    return converted
                finally:
                    free(address(html))
            finally:
                free_node(address(document))
        finally:
            lib.cmark_parser_free(parser)

    return convert


# Markdown engines by the name site.yaml gives them (``markdown:``). cmark-gfm, GitHub's C
# implementation, is the default because it converts a typical notice in 0.05 ms against
# Python-Markdown's 1.4 ms (measured on the bench corpus, bench/README.md): at 10,000 items
# that is the difference between meeting and missing the build-time target. Python-Markdown
# stays available for sites that rely on its dialect (a list needs a blank line before it).
ENGINES: dict[str, Callable[[], Callable[[str], str]]] = {  # keys: config.MARKDOWN_ENGINES
    "cmark-gfm": _cmark_gfm,
    "python-markdown": _python_markdown,
}

# What cmark-gfm writes for Markdown that holds no "<" (no raw HTML, no <autolink>), when it
# has no link or image either: these tags, without attributes but a table cell's alignment and
# an ordered list's start, each one whole and well nested (cmark's renderer writes them).
# Found as the first "<" that starts none of them: one search, 2 us a notice where counting
# the tags that do took 6 us.
_NOT_PLAIN_TAG = re.compile(
    r'<(?!(?:/?(?:p|h[1-6]|ul|ol|li|table|thead|tbody|tr|th|td|blockquote|pre|code|strong|em|del)'
    r'|(?:th|td) align="(?:left|center|right)"|ol start="[0-9]+"|br /|hr /)>)'
)
# Control characters, which the HTML parser in nh3 may treat in its own ways: left to it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _already_clean(source: str, converted: str) -> str | None:
    """``converted`` as nh3 would write it back, when sanitizing could change nothing but its
    spelling; else None (nh3 sanitizes it).

    Why not always nh3: it parses and writes out every body again, 55 us a notice, 0.4 s of
    CPU (13 % of the parse) at 10,000 items, where most bodies are paragraphs, lists and
    tables. Safe whatever the source: every "<" in the HTML starts one of the tags above, so
    a browser sees those elements and text, and nothing else (no other element, attribute,
    URL or comment; entities decode to text). Equal to nh3's result because cmark wrote
    every tag itself, well nested: a source without "<" has no raw HTML, which cmark passes
    through as written (a lone ``<p>`` that nh3 would close). What remains is nh3's way of
    writing the same tree: void tags without " /", ``"`` unescaped in text, a no-break
    space as ``&nbsp;``, a CR as LF (left to nh3 with the other control characters). That
    spelling belongs to html5ever and cmark-gfm, so each process checks it once against
    the nh3 installed (:func:`_shortcut_holds`); tests/unit/test_markup.py compares the two
    on random Markdown."""
    if "<" in source or _CONTROL.search(converted) or _NOT_PLAIN_TAG.search(converted):
        return None
    return converted.replace("<br />", "<br>").replace("<hr />", "<hr>").replace("&quot;", '"').replace("\xa0", "&nbsp;")


# Every tag and spelling _already_clean rewrites, once each.
_PROBE = ('# 通知 "引号"\n\n第一行\xa0&amp; 1 > 0\n第二行\n\n3. *一*\n4. **二**\n\n- ~~三~~ `四`\n\n'
          "> 引用\n\n| 甲 | 乙 | 丙 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n---\n\n```\ncode\n```\n\n设置\n==\n")


@lru_cache(maxsize=1)
def _shortcut_holds() -> bool:
    """Whether :func:`_already_clean` writes what the installed nh3 writes (an upgrade of
    nh3 or cmark-gfm could change the spelling): if not, every body goes through nh3."""
    converted = _cmark_gfm()(_PROBE)
    return _already_clean(_PROBE, converted) == _CLEANER.clean(converted)


# A link whose text ends with "/", "=" or "-" and that Chinese (non-ASCII) text follows: a
# bare address perhaps cut short (autolink.cut_short). The first pattern is the cheap test,
# run on every body with a link: "</a>" first, as in _WWW_AFTER_WIDE (21 µs a body, now 3).
_MAYBE_CUT_SHORT = re.compile(r"</a>(?<=[/=-]</a>)[^\x00-\x7f]")
_LINK_THEN_TEXT = re.compile(r'<a href="([^"]*)">([^<]*[/=-])</a>([^\x00-\x7f][^<]{0,40})')
_LINKING_TAG = re.compile(r"<(img|a)(?: ([^>]*))?>")  # bare when the sanitizer dropped all: <img src="data:...">
_ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')


class MarkdownRenderer:
    """Markdown -> HTML -> sanitized HTML -> local links resolved, for one build."""

    def __init__(self, media: MediaLinks, engine: str = "cmark-gfm"):
        self.media = media
        self.convert = ENGINES[engine]()
        self._plain_shortcut = engine == "cmark-gfm" and _shortcut_holds()  # _already_clean knows cmark's HTML
        self._document: RawDocument | None = None
        self._source = ""
        self._first_line = 1
        self._dropped = False  # sanitizing took a src or href away (a scheme it does not allow)

    def render(self, source: str, document: RawDocument, first_line: int | None = None) -> tuple[str, str]:
        """Markdown -> (sanitized HTML, plain text)."""
        if not source.strip():
            return "", ""
        self._document, self._source = document, source
        self._first_line = document.body_line if first_line is None else first_line
        self._dropped = False
        try:
            converted = "" if _too_big(source, document, self._first_line) else self.convert(source)
        except RecursionError:  # Python-Markdown recurses once per nesting level
            converted = _report_too_deep(document, self._first_line)
        if _too_deep(converted):
            converted = _report_too_deep(document, self._first_line)
        safe = (self._plain_shortcut and _already_clean(source, converted)) or _CLEANER.clean(converted)
        try:
            # Links are rewritten after sanitizing: nh3 writes every tag in one regular form
            # (lowercase, attributes in double quotes), which a pattern can read reliably.
            if _OWN_COMPUTER_HINT.search(converted):
                self._report_own_computer_links(converted)
            linked = _LINKING_TAG.sub(self._rewrite_tag, safe)
            if self._dropped:
                self._report_dropped_schemes(converted)
            if "</a>" in converted and _MAYBE_CUT_SHORT.search(converted):
                self._report_cut_short(converted)
            text = plain_text(linked)
            if _UNLINKED.search(text):
                self._report_unlinked(_UNLINKED.search(text).group())
        finally:
            self._document = None
        return linked, text

    def _rewrite_tag(self, match: re.Match[str]) -> str:
        tag = match.group(1)
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(2) or "")}
        name = "src" if tag == "img" else "href"
        target = unquote(attributes.get(name, ""))  # cmark percent-encodes 报名表.pdf
        if tag == "img":
            attributes.update(loading="lazy", decoding="async")
            if target and not attributes.get("alt", "").strip():  # no target: told as dropped below
                self._report_missing_alt(target)
        if name not in attributes:
            self._dropped = True  # or never written (<a name="top">): _report_dropped_schemes looks
        if target.startswith("/") and not target.startswith("//"):
            attributes[name] = self.media.base_path + target.lstrip("/")  # a link to a page of this site
            assert self._document is not None
            # Whether that page exists is known once the site is planned (lint.check_site_links).
            self._document.site_links.append((target, self._line_of(target)))
            linked = self.media.site_file(target)
            if linked is not None:  # /media/原图.jpg: the file itself, if another link publishes it
                self._document.originals.add(linked)
        elif tag == "img" and target.lower().startswith(("http://", "https://", "//")):
            assert self._document is not None
            self._document.ref_lines.setdefault(target, (self._line_of(target), None))  # a poster does not fetch it
        elif target and not _EXTERNAL.match(target):
            assert self._document is not None
            url = self.media.link(target, self._document, self._line_of(target), None, whole=tag != "img")
            if url:
                attributes[name] = url
                if tag == "img":
                    source = self.media.sources[url]
                    attributes.update(responsive_attributes(source, url))
                    self._document.shown.add(self.media.relpath(source))
                    if shows_original(source):  # else only its copies are published for it
                        self._document.originals.add(self.media.relpath(source))
                    fault = browser_fault(source)
                    if fault is not None:
                        self._report_unshowable(target, fault)
        written = " ".join(f'{key}="{html.escape(value)}"' for key, value in attributes.items())
        return f"<{tag} {written}>"

    def _report_own_computer_links(self, converted: str) -> None:
        """Images and links to a file on the staff member's computer: an error each, as for
        a missing file (sanitizing would drop them silently)."""
        assert self._document is not None
        for match in _OWN_COMPUTER_ATTRIBUTE.finditer(converted):
            written = next(value for value in match.groups() if value is not None)
            target = unquote(html.unescape(written)).strip()  # cmark percent-encodes C:\ as C:%5C
            if _ON_OWN_COMPUTER.match(target):
                self.media.link(target, self._document, self._line_of(target), None)

    def _report_dropped_schemes(self, converted: str) -> None:
        """Links and images whose URL sanitizing dropped (ftp://, weixin://, data:): a warning
        each, since the page keeps their text but they lead nowhere. A place on the staff
        member's computer (C:\\, file:) is an error told by _report_own_computer_links."""
        assert self._document is not None
        for match in _LINK_ATTRIBUTE.finditer(converted):
            written = next(value for value in match.groups() if value is not None)
            target = unquote(html.unescape(written)).strip()
            scheme = _SCHEME.match(target)
            if scheme is None or scheme.group(1).lower() in _NOT_TOLD or _ON_OWN_COMPUTER.match(target):
                continue
            shown = target if len(target) <= 60 else target[:57] + "..."  # a pasted data: image is huge
            line = self._line_of(target[:200])
            if target[:11].lower() == "data:image/":
                zh = (f"“{shown}” 是直接粘贴进正文的图片数据，网页上不会显示：请把图片另存为文件放进 content/media/，"
                      f"再写成 ![图片说明](media/图片.jpg)")
                en = (f"'{shown}' is picture data pasted into the text, which pages do not show: save the picture "
                      f"as a file in content/media/ and write ![caption](media/picture.jpg)")
            else:
                zh = (f"“{shown}” 这种链接在网页上打不开，已被去掉，居民点不了：网页里只能链接 http://、https://、"
                      f"mailto:（邮箱）和 tel:（电话）开头的地址。请改写成 https:// 开头的网址；文件请放进 content/media/ "
                      f"再按文件名链接")
                en = (f"'{shown}' is a kind of link a web page cannot open, so it was removed: pages link only "
                      f"to http://, https://, mailto: (e-mail) and tel: (phone) addresses. Write an https:// address, "
                      f"or put the file in content/media/ and link it by name")
            self._document.problems.warning(self._document.path, line, None, zh, en)

    def _line_of(self, target: str) -> int:
        # find + count run in C: a body with thousands of links stays linear enough
        index = self._source.find(target)
        return self._first_line + (self._source.count("\n", 0, index) if index >= 0 else 0)

    def _report_cut_short(self, converted: str) -> None:
        """A bare address that ends where Chinese letters follow a "/", "=" or "-"
        (``https://example.org/公告/停水 通知``): linked as far as a sentence could resume,
        most likely short of the page meant. Which it is only staff know: a warning says
        both ways to write it."""
        assert self._document is not None
        for match in _LINK_THEN_TEXT.finditer(converted):
            shown = html.unescape(match.group(2))
            after = html.unescape(match.group(3))
            rest = autolink.cut_short(shown + after, len(shown))
            if not rest or not _found_bare(self._source, match.group(1), shown):
                continue
            # In angle brackets an address needs its scheme (<www.…> is no link, and Python-
            # Markdown drops it as an unknown tag): a www. one gets the http:// its link has.
            whole = f"{'http://' if shown.startswith('www.') else ''}{shown}{rest}"
            self._document.problems.warning(
                self._document.path, self._line_of(shown + rest), None,
                f"网址 “{shown}” 后面紧接着中文 “{rest}”，链接只到 “{shown[-1]}” 为止，可能没写完整：如果 “{rest}” 是网址的一部分，"
                f"请把整个网址写在尖括号里，如 <{whole}>；如果不是，请在网址后面加一个空格",
                f"the web address '{shown}' is followed by Chinese text '{rest}' and its link stops at '{shown[-1]}', "
                f"so it may be cut short: if '{rest}' is part of the address, write the whole address in angle "
                f"brackets, e.g. <{whole}>; if not, put a space after the address",
            )

    def _report_unlinked(self, written: str) -> None:
        """Markdown leaves a link whose file name has a space as plain text, brackets and all."""
        assert self._document is not None
        self._document.problems.warning(
            self._document.path, self._line_of(written), None,
            f"“{written}” 没有变成图片或链接（文件名里有空格？）：请去掉文件名里的空格，或把文件名放在尖括号里，"
            f"如 ![说明](<现场 照片.jpg>)",
            f"'{written}' did not become an image or link (a space in the file name?): remove the space, "
            f"or put the name in angle brackets, e.g. ![caption](<photo 1.jpg>)",
        )

    def _report_unshowable(self, target: str, fault: Fault) -> None:
        """A linked image a resident's browser cannot show: published all the same (the rest
        of the page is fine), with a warning that says how to save a picture browsers show."""
        assert self._document is not None
        if fault.kind == "format" and fault.name == "BMP":  # browsers show it, slowly
            what = "是 BMP 格式，没有压缩，比同一张 JPG 大十倍左右，居民用手机打开很慢"
            what_en = "is a BMP file, uncompressed and about ten times the size of the same JPG: slow on a phone"
            how, how_en = _SAVE_AS
        elif fault.kind == "format":
            what = f"是 {fault.name} 格式，不是网页通用的图片格式，很多居民的手机浏览器显示不了"
            what_en = f"is a {fault.name} file, not an image format of the web, which many residents' browsers cannot show"
            if fault.name in ("HEIC", "HEIF"):  # an iPhone's photo
                how = ("请把它另存为 JPG 或 PNG 再链接（苹果手机可在 设置 > 相机 > 格式 里选 “兼容性最佳”，"
                       "以后拍的照片就是 JPG）")
                how_en = ("save it as JPG or PNG and link that (on an iPhone, Settings > Camera > Formats > "
                          "Most Compatible takes photos as JPG)")
            else:
                how, how_en = _SAVE_AS
        elif fault.kind == "outside":  # an SVG's own picture, which posters print but browsers never load
            what = f"是 SVG 图，里面引用了另一张图片 “{fault.name}”，网页上不会显示那张图片，那里会是空白"
            what_en = (f"is an SVG drawing that refers to another picture, '{fault.name}', which web pages "
                       f"never show inside it: that part stays blank")
            how = "把 SVG 里的图片嵌进去，或者改用 PNG/JPG（在绘图软件里保存时选“嵌入”图片）"
            how_en = "embed the picture in the SVG, or use a PNG/JPG instead (choose 'embed' for pictures when the drawing program saves it)"
        elif fault.kind == "huge":
            large, how, large_en, how_en = too_large()
            what = f"{large}，居民的手机打不开，生成网页时也不会缩小它"
            what_en = f"{large_en}: residents' phones cannot open it, and the build does not shrink it"
        elif fault.kind == "unreadable":
            what = "打不开，不是浏览器能显示的图片（也许是别的文件改了扩展名，或文件已损坏）"
            what_en = "cannot be opened as a picture a browser can show (another kind of file renamed, or damaged)"
            how = "请用看图或修图软件打开原图，重新导出为 JPG 或 PNG 再链接"
            how_en = "open the original in an image editor, export it again as JPG or PNG and link that"
        else:
            what = "不完整或已损坏（可能没有复制或下载完），网页上只会显示一部分或显示不了"
            what_en = "is cut short or damaged (not copied or downloaded in full), so browsers show part of it or nothing"
            how = "请重新复制一份原图，或用看图软件重新导出为 JPG 或 PNG"
            how_en = "copy the original again, or export it again as JPG or PNG"
        self._document.problems.warning(
            self._document.path, self._line_of(target), None,
            f"图片 “{target}” {what}：{how}", f"image '{target}' {what_en}: {how_en}",
        )

    def _report_missing_alt(self, target: str) -> None:
        assert self._document is not None
        written = as_written(target)
        self._document.problems.warning(
            self._document.path, self._line_of(target), None,
            f"图片 “{target}” 缺少文字说明：写成 ![图片内容的说明]({written})，方便视力不好的居民用读屏软件了解图片",
            f"image '{target}' has no alt text: write ![what the image shows]({written})",
        )


# Limits that keep a build's time and memory bounded whatever is pasted into a body (the
# README documents them). 2 MB of text is a book, not a notice: it is a pasted file or image.
# Depth: nh3's HTML parser slows quadratically with nesting (50 KB of ">" took 18 s), while
# real notices stay under 20 levels (each level of a list adds one <ul>).
MAX_BODY_BYTES = 2_000_000
MAX_DEPTH = 100
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
# Not counted: void elements, and those whose end tag HTML lets one leave out (old pasted
# HTML writes "<p>a<p>b"); the parser closes these itself, at no cost.
_NOT_NESTING = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "colgroup",
})


def _too_big(source: str, document: RawDocument, line: int) -> bool:
    size = len(source.encode("utf-8"))
    if size <= MAX_BODY_BYTES:
        return False
    document.problems.error(
        document.path, line, None,
        f"正文有 {math.ceil(size / 1e5) / 10} MB，超过了 {MAX_BODY_BYTES // 1_000_000} MB 的上限，居民的手机打不开这么大的网页："
        "长文件请作为附件（attachments）发布；如果是把图片粘贴成了文字，请把图片放进 content/media/，"
        "再写 ![图片说明](media/图片.jpg)",
        f"the body is {math.ceil(size / 1e5) / 10} MB, over the {MAX_BODY_BYTES // 1_000_000} MB limit: publish long "
        "documents as attachments, and put images in content/media/ and link them",
    )
    return True


def _too_deep(converted: str) -> bool:
    if converted.count("<") - converted.count("</") <= MAX_DEPTH:
        return False  # fewer opening tags than the limit (nearly every body): no need to walk them
    depth = 0
    for match in _TAG.finditer(converted):
        if match.group(2).lower() not in _NOT_NESTING:
            depth = max(0, depth - 1) if match.group(1) else depth + 1
            if depth > MAX_DEPTH:
                return True
    return False


def _report_too_deep(document: RawDocument, line: int) -> str:
    document.problems.error(
        document.path, line, None,
        f"正文的列表、引用或 HTML 标签嵌套超过了 {MAX_DEPTH} 层的上限：请减少缩进和 “>” 的层数，"
        "或检查是否粘贴了没有结束标签的 HTML",
        f"lists, quotes or HTML tags in the body nest deeper than {MAX_DEPTH} levels: "
        "reduce the indentation and '>' levels, or close the pasted HTML tags",
    )
    return ""


_BLOCK_ENDS = re.compile(r"<br\s*/?>|</(?:p|li|h[1-6]|tr|blockquote|pre|div|table)>", re.IGNORECASE)
# A list's opening or closing tag, or an item's opening one (group 2 empty).
_LIST_TAGS = re.compile(r"<(/?)(ol|ul|li)(?:\s[^>]*)?>", re.IGNORECASE)
_LIST_START = re.compile(r"""\sstart\s*=\s*["']?(-?\d+)""", re.IGNORECASE)
_BARE_MARKER = re.compile(r"·|-?\d+\.")
_CELL_ENDS = re.compile(r"</t[dh]>", re.IGNORECASE)


def text_lines(fragment: str) -> str:
    """Visible text of an HTML fragment, a line for each paragraph, heading and list item (with
    a · before it): for a calendar entry's description, read on a phone, where plain_text's
    one line ran a list's items together. Bodies are nh3-sanitized HTML, whose tags are whole
    and attributes quoted: regular expressions find them as plain_text's does.

    An item starts a line of its own even when nothing ends one before it: a list inside an
    item, pasted as HTML on one line (``<li>测血压<ul><li>左臂``), ran into its parent's line.
    An item holding only a list leaves a bare marker, which is dropped. The items of a
    numbered list keep their numbers (steps to sign up read 1. 2. 3., not · · ·)."""
    marked = _CELL_ENDS.sub(" ", _mark_items(_BLOCK_ENDS.sub("\n", fragment)))
    # The other tags are inline (上午<strong>测血压</strong>): no space in their place.
    lines = (" ".join(line.split()) for line in html.unescape(_TAGS.sub("", marked)).split("\n"))
    return "\n".join(line for line in lines if line and not _BARE_MARKER.fullmatch(line))


def _mark_items(fragment: str) -> str:
    """Each list item's opening tag replaced by a line break and its marker: its number in a
    numbered list (from the list's ``start``), else a ·."""
    numbers: list[int | None] = []  # per open list, its next item's number (None: bulleted)

    def marker(tag: re.Match) -> str:
        closing, name = tag.group(1), tag.group(2).lower()
        if name != "li":
            if closing:
                numbers and numbers.pop()
            else:
                start = _LIST_START.search(tag.group(0)) if name == "ol" else None
                numbers.append((int(start.group(1)) if start else 1) if name == "ol" else None)
            return ""
        if closing:
            return tag.group(0)
        if not numbers or numbers[-1] is None:
            return "\n· "
        numbers[-1] += 1
        return f"\n{numbers[-1] - 1}. "

    return _LIST_TAGS.sub(marker, fragment)


def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment, for search, summaries and the privacy lint."""
    # split() and a regex's \s both cut at str.isspace() characters: the same runs of
    # whitespace collapsed to one space, in a quarter of the time of re.sub on a long body.
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


# The tags scroll_tables looks at, as nh3 writes them (lowercase; a table, caption or heading
# keeps no attribute through sanitizing, but attributes are allowed for, should one have some).
_TABLE_PARTS = re.compile(r"<(/?)(table|h[1-6])(?:\s[^>]*)?>")
_CAPTION_NEXT = re.compile(r"\s*<caption(?:\s[^>]*)?>")
_FIRST_ROW = re.compile(r"<tr(?:\s[^>]*)?>(.*?)</tr>", re.S)
_HEADER_CELL = re.compile(r"<th(?:\s[^>]*)?>(.*?)</th>", re.S)
_DATA_CELL = re.compile(r"<td[\s>]")


def scroll_tables(fragment: str, label: str, numbered: str, columns: str = "", separator: str = "、") -> str:
    """A body's sanitized HTML with each of its tables in a region that scrolls sideways,
    as the statistics tables are (``<div class="table-scroll" role="region" tabindex="0">``):
    a table of 楼栋, 联系人, 电话 and 时间 is as wide as its longest words, wider than a phone
    at 特大 (477 px at 320 px), and pushed the whole page sideways. The region takes the
    keyboard focus (one can scroll it without a mouse) and has a name, read out on entering
    it: the table's caption, else the last heading before it (which names the first table
    after it only: the section the table is in), else ``label`` (the theme's word for a table), or, in a body with more
    than one table, ``numbered`` with its number for {n}; with ``columns``, that word is
    followed by the table's header row, "{table}：{columns}" ("表格 2：日期、值班人", the
    headers joined by ``separator``). The table itself is left as it is,
    so screen readers still read it as a table. A table inside another (pasted HTML) is
    scrolled with it.

    Done where the page is written, not in generator/markup's cached HTML: the name comes
    from the theme's words, which the content cache does not depend on, and the posters
    print the table as it is."""
    if "<table" not in fragment:
        return fragment  # nearly every body: one search
    tables: list[tuple[int, int, str]] = []  # each outer table: its start, its end, the region's name
    ids: dict[int, str] = {}  # the end of a caption's or heading's opening tag -> the id it gets
    depth, heading_tag_end = 0, -1
    open_table = open_heading = name_end = -1
    for part in _TABLE_PARTS.finditer(fragment):
        closing, tag = part.group(1), part.group(2)
        if tag == "table":
            if not closing:
                depth += 1
                if depth == 1:
                    open_table = part.start()
                    caption = _CAPTION_NEXT.match(fragment, part.end())
                    name_end = caption.end() if caption else -1
            elif depth:
                depth -= 1
                if depth == 0:
                    number = len(tables) + 1
                    labelled_by = f"body-table-{number}-name"
                    if name_end >= 0 and _has_text(fragment, name_end, "</caption>"):
                        ids[name_end] = labelled_by
                    elif heading_tag_end >= 0:
                        ids[heading_tag_end] = labelled_by
                    else:
                        labelled_by = ""
                    tables.append((open_table, part.end(), labelled_by))
                    heading_tag_end = -1  # a heading names the first table after it only
        elif depth == 0:  # a heading
            if not closing:
                open_heading = part.end()
            elif open_heading >= 0:
                heading_tag_end = open_heading if plain_text(fragment[open_heading:part.start()]) else -1
                open_heading = -1
    if not tables:
        return fragment  # "<table" in the text, or a table never closed (nh3 closes them all)
    edits: list[tuple[int, str]] = [(end - 1, f' id="{name}"') for end, name in ids.items()]  # before the ">"
    for number, (start, end, labelled_by) in enumerate(tables, 1):
        if labelled_by:
            named = f'aria-labelledby="{labelled_by}"'
        else:
            word = label if len(tables) == 1 else numbered.replace("{n}", str(number))
            # Said on entering the region: "表格 1" and "表格 2" told a screen-reader user only
            # that there were two, not which is the fee list and which the rota, before going
            # through either cell by cell. Its header row says what it holds, in the table's
            # own words, beside it whatever the text around it; the number stays, so two tables
            # with the same headers still differ, and it says which one this is.
            headers = _header_row(fragment, start, end) if columns else []
            if headers:
                word = columns.replace("{table}", word).replace("{columns}", separator.join(headers))
            named = f'aria-label="{html.escape(word)}"'
        edits += [(start, f'<div class="table-scroll" role="region" {named} tabindex="0">'), (end, "</div>")]
    pieces: list[str] = []
    written = 0
    for at, text in sorted(edits, key=lambda edit: edit[0]):  # stable: a </div> before the next table's <div>
        pieces += [fragment[written:at], text]
        written = at
    pieces.append(fragment[written:])
    return "".join(pieces)


def _header_row(fragment: str, start: int, end: int) -> list[str]:
    """The words of a table's header cells, when its first row is one (only <th>, as a
    Markdown table's is); none for a first row of data or of empty headers."""
    row = _FIRST_ROW.search(fragment, start, end)
    if not row or _DATA_CELL.search(row.group(1)):
        return []
    return [word for word in map(plain_text, _HEADER_CELL.findall(row.group(1))) if word]


def _has_text(fragment: str, start: int, end_tag: str) -> bool:
    end = fragment.find(end_tag, start)
    return end >= 0 and bool(plain_text(fragment[start:end]))
