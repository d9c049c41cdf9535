"""RTF: the document text from the control words, headers and footers included.

A small tokenizer rather than a library: it keeps Unicode escapes (``\\uN`` with its ``\\ucN``
fallback bytes), code-page bytes (``\\'hh`` under ``\\ansicpg``) and table cells (`` | ``), and
drops the destinations that are not text (fonts, pictures, field instructions).
"""

from __future__ import annotations

import codecs
import contextlib
import re

from recruiting.extraction.result import ExtractedText, finish
from recruiting.extraction.sniffing import RTF

_RTF_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word with its optional argument
    r"|\\'([0-9a-fA-F]{2})"  # hex-escaped byte
    r"|\\([^a-zA-Z])"  # control symbol
    r"|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
# Destinations whose content is not document text.
_RTF_SKIP_DEST = frozenset(
    [
        "fonttbl",
        "colortbl",
        "stylesheet",
        "info",
        "pict",
        "object",
        "objdata",
        "themedata",
        "colorschememapping",
        "datastore",
        "latentstyles",
        "listtable",
        "listoverridetable",
        "revtbl",
        "rsidtbl",
        "generator",
        "xmlnstbl",
        "filetbl",
        "mmathPr",
        "fldinst",
        "bkmkstart",
        "bkmkend",
        "nonshppict",
        "shpinst",
        "header",
        "headerl",
        "headerr",
        "headerf",
        "footnote",
        "annotation",
        "atnid",
        "atnauthor",
        "comment",
        "private",
        "userprops",
        "docvar",
        "pgdsctbl",
        "xmlopen",
        "xmlclose",
        "wgrffmtfilter",
        "listtext",
        "pntext",
        "pntxta",
        "pntxtb",
        "fchars",
        "lchars",
    ]
)
_RTF_KEEP_HEADERS = frozenset(
    {"header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf"}
)
_RTF_SPECIAL = {
    "par": "\n",
    "line": "\n",
    "sect": "\n\n",
    "page": "\n\n",
    "row": "\n",
    "cell": " | ",
    "nestcell": " | ",
    "tab": "\t",
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": " ",
    "enspace": " ",
    "qmspace": " ",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "~": "\u00a0",
    "-": "",
    "_": "-",
}


def _rtf_to_text(rtf: str) -> str:
    """Strip RTF control words, keeping the document text (headers and footers included)."""
    return _RtfText().read(rtf)


class _RtfText:
    """One pass over the tokens of an RTF document, with the state groups push and pop."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[tuple[bool, int, str]] = []
        self.skip = False  # inside a destination we drop
        self.uc = 1  # bytes to skip after \\uN
        self.pending_skip = 0
        self.codepage = "cp1252"
        self.hexbuf = bytearray()

    def read(self, rtf: str) -> str:
        for m in _RTF_TOKEN.finditer(rtf):
            word, arg, hexcode, symbol, brace, chunk = m.groups()
            if hexcode is not None:
                self._hex_byte(hexcode)
                continue
            self._flush_hex()
            if brace is not None:
                self._brace(brace)
            elif symbol is not None:
                self._symbol(symbol)
            elif word is not None:
                self._control_word(word, arg)
            elif chunk is not None:
                self._chunk(chunk)
            # What is left is a raw line break: line breaks in RTF source are not text.
        self._flush_hex()
        return "".join(self.out)

    def _hex_byte(self, hexcode: str) -> None:
        # Bytes in a row make one character in a multi-byte code page: decoded together.
        if self.pending_skip:
            self.pending_skip -= 1
        elif not self.skip:
            self.hexbuf.append(int(hexcode, 16))

    def _flush_hex(self) -> None:
        if self.hexbuf:
            self.out.append(bytes(self.hexbuf).decode(self.codepage, "replace"))
            self.hexbuf.clear()

    def _brace(self, brace: str) -> None:
        if brace == "{":
            self.stack.append((self.skip, self.uc, self.codepage))
            return
        if self.stack:
            self.skip, self.uc, self.codepage = self.stack.pop()
        self.pending_skip = 0

    def _symbol(self, symbol: str) -> None:
        if symbol == "*":
            self.skip = True  # {\* ...}: an ignorable destination
        elif not self.skip:
            if symbol in "\\{}":
                self.out.append(symbol)
            elif symbol in "\r\n":
                self.out.append("\n")
            else:
                self.out.append(_RTF_SPECIAL.get(symbol, ""))

    def _control_word(self, word: str, arg: str | None) -> None:
        self.pending_skip = 0
        if word in _RTF_KEEP_HEADERS:
            self.out.append("\n")
        elif word in _RTF_SKIP_DEST:
            self.skip = True
        elif word == "uc" and arg is not None:
            self.uc = max(int(arg), 0)
        elif word == "ansicpg" and arg is not None:
            cp = f"cp{int(arg)}"
            with contextlib.suppress(LookupError):
                codecs.lookup(cp)
                self.codepage = cp
        elif word == "u" and arg is not None:
            if not self.skip:
                code = int(arg)
                if code < 0:
                    code += 65536
                self.out.append(chr(code) if code < 0x110000 else "")
            self.pending_skip = self.uc
        # \binN data is not skipped by its length: in practice it sits inside a skipped
        # destination (a picture, an object), whose text is dropped anyway.
        elif not self.skip and word in _RTF_SPECIAL:
            self.out.append(_RTF_SPECIAL[word])

    def _chunk(self, chunk: str) -> None:
        if self.pending_skip:
            drop = min(self.pending_skip, len(chunk))
            chunk = chunk[drop:]
            self.pending_skip -= drop
        if not self.skip:
            self.out.append(chunk)


def extract_rtf(data: bytes) -> ExtractedText:
    text = _rtf_to_text(data.decode("latin-1"))
    return finish(text, page_count=1, content_type=RTF, method="rtf")
