"""Markdown bodies -> safe HTML, with the files they link to found, checked and collected."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .images import responsive_attributes
from .load import RawDocument

_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")

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


class MediaLinks:
    """Resolves links from content to local files (beside the Markdown file or under
    ``content/media/``), reports missing ones with their line, and remembers what to copy."""

    def __init__(self, root: Path, base_path: str):
        self.root = root
        self.content = (root / "content").resolve()
        self.base_path = base_path
        self.sources: dict[str, Path] = {}  # public URL -> file, for images' srcset

    def link(self, target: str, document: RawDocument, line: int | None, field_name: str | None) -> str | None:
        """The public URL of a linked file, or None after reporting the problem."""
        clean = target.split("#", 1)[0].split("?", 1)[0]
        folder = posixpath.dirname(document.path)
        candidates = [posixpath.normpath(posixpath.join(folder, clean)), posixpath.normpath(posixpath.join("content", clean))]
        for candidate in candidates:
            resolved = (self.root / candidate).resolve()
            try:
                inside = resolved.relative_to(self.content).as_posix()
            except ValueError:
                continue
            if resolved.is_file():
                document.media.add(f"content/{inside}")
                public = inside if inside.startswith("media/") else f"media/{inside}"
                self.sources[self.base_path + public] = resolved
                return self.base_path + public
        if all(not self._inside_content(c) for c in candidates):
            document.problems.error(
                document.path, line, field_name,
                f"“{target}” 指向网站文件夹以外，只能链接 content/ 里的文件（建议放在 content/media/）",
                f"'{target}' points outside the site's content folder; link files under content/media/",
            )
        else:
            document.problems.error(
                document.path, line, field_name,
                f"找不到链接的文件 “{target}”：请把文件放在 content/media/ 或与本文件同一文件夹，并检查文件名",
                f"linked file '{target}' not found: put it in content/media/ or beside this file",
            )
        return None

    def _inside_content(self, relpath: str) -> bool:
        try:
            (self.root / relpath).resolve().relative_to(self.content)
        except ValueError:
            return False
        return True


class _LocalLinks(Treeprocessor):
    """Rewrites links to local files to their public URLs and checks images have alt text."""

    def __init__(self, md: markdown.Markdown, renderer: "MarkdownRenderer"):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: Element) -> None:
        renderer = self.renderer
        for element in root.iter():
            attribute = {"img": "src", "a": "href"}.get(element.tag)
            if attribute is None:
                continue
            target = element.get(attribute, "")
            if element.tag == "img":
                element.set("loading", "lazy")
                element.set("decoding", "async")
                if not element.get("alt", "").strip():
                    renderer.report_missing_alt(target)
            if not target or _EXTERNAL.match(target) or target.startswith("/"):
                continue
            url = renderer.current_media_link(target)
            if url:
                element.set(attribute, url)
                if element.tag == "img":
                    element.attrib.update(responsive_attributes(renderer.media.sources[url], url))


class _LocalLinksExtension(Extension):
    def __init__(self, renderer: "MarkdownRenderer"):
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_LocalLinks(md, self.renderer), "noticeboard_links", 5)


class MarkdownRenderer:
    """One reusable Markdown converter (building one costs more than converting a notice)."""

    def __init__(self, media: MediaLinks):
        self.media = media
        self._document: RawDocument | None = None
        self._source = ""
        self._first_line = 1
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", "fenced_code", "nl2br", _LocalLinksExtension(self)],
        )

    def render(self, source: str, document: RawDocument, first_line: int | None = None) -> tuple[str, str]:
        """Markdown -> (sanitized HTML, plain text)."""
        if not source.strip():
            return "", ""
        self._document, self._source = document, source
        self._first_line = document.body_line if first_line is None else first_line
        try:
            converted = self._md.reset().convert(source)
        finally:
            self._document = None
        safe = nh3.clean(
            converted, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer",
        )
        return safe, plain_text(safe)

    def _line_of(self, target: str) -> int:
        for offset, line in enumerate(self._source.split("\n")):
            if target in line:
                return self._first_line + offset
        return self._first_line

    def current_media_link(self, target: str) -> str | None:
        assert self._document is not None
        return self.media.link(target, self._document, self._line_of(target), None)

    def report_missing_alt(self, target: str) -> None:
        assert self._document is not None
        self._document.problems.warning(
            self._document.path, self._line_of(target), None,
            f"图片 “{target}” 缺少文字说明：写成 ![图片内容的说明]({target})，方便视力不好的居民用读屏软件了解图片",
            f"image '{target}' has no alt text: write ![what the image shows]({target})",
        )


def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment, for search, summaries and the privacy lint."""
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()
