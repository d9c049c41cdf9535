"""HTML (and XML) pages: the visible text, blocks on their own lines, table cells apart."""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser

from recruiting.extraction.plaintext import decode_text
from recruiting.extraction.result import ExtractedText, finish

_HTML_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "svg",
        "canvas",
        "iframe",
        "object",
    }
)
_HTML_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "caption",
    ]
)
_HTML_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HTML_SKIP:
            if tag not in _HTML_VOID:
                self.skip_depth += 1
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag == "li":
            self.parts.append("\n\u2022 ")
        elif tag == "pre":
            self.pre_depth += 1
            self.parts.append("\n\n")
        elif tag in _HTML_BLOCK:
            self.parts.append(
                "\n\n"
                if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table")
                else "\n"
            )

    def handle_startendtag(self, tag, attrs):
        if tag == "br" or tag == "hr":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HTML_SKIP:
            if self.skip_depth:
                self.skip_depth -= 1
            return
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in _HTML_BLOCK or tag == "pre":
            self.parts.append(
                "\n\n"
                if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table")
                else "\n"
            )

    def handle_data(self, data):
        if self.skip_depth:
            return
        if not self.pre_depth:
            data = re.sub(r"\s+", " ", data)
        self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        raw = re.sub(r"(^|\n)[ \t]*\|[ \t]*", r"\1", raw)  # a row's first cell separator
        return raw


def _html_to_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return parser.text()


def extract_html(data: bytes, content_type: str) -> ExtractedText:
    markup, _encoding = decode_text(data)
    meta = re.search(r"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", markup[:4096], re.I)
    if meta and _encoding in ("cp1252", "latin-1"):
        with contextlib.suppress(LookupError):
            markup = data.decode(meta.group(1), "replace")
    return finish(_html_to_text(markup), page_count=1, content_type=content_type, method="html")
