"""Invisible characters, look-alike characters and whitespace: how raw text is made readable.

One table of invisible characters serves every reader: the parser drops them while cleaning a
line, the guardrails drop them (and report them) before a scorer reads a resume. ``fold``
maps look-alike characters to the plain ones without changing offsets, for patterns that must
not be fooled by a Cyrillic "о" or a fullwidth "＜".
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Zero-width characters, bidirectional controls, word joiners, the byte-order mark and the
# soft hyphen: they take no room on the page, so a reader never sees them.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# Unicode "tag" characters spell ASCII text that no font draws.
TAG_CHARACTERS = re.compile("[\U000e0000-\U000e007f]+")
# Icon fonts map their glyphs into the private-use area; pdfminer writes unmapped glyphs as
# "(cid:123)". Neither is text.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]|\\(cid:\\d+\\)")
# Horizontal whitespace of every kind, including NBSP and the typographic spaces.
_HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\f]")

_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RUN = re.compile(
    "[\u00c2-\u00f4](?:[\u0080-\u00bf" + re.escape(_CP1252_EXTRA) + "]){1,3}"
)


class InvisibleRemoved(NamedTuple):
    text: str
    smuggled: str | None  # what tag characters spelled (runs joined by a space); None: none
    count: int  # invisible characters removed (tag characters not counted)


def remove_invisible(text: str) -> InvisibleRemoved:
    """``text`` without invisible and tag characters, what the tags spelled, and how many
    invisible characters there were."""
    runs = TAG_CHARACTERS.findall(text)
    smuggled = None
    if runs:
        smuggled = " ".join(
            "".join(chr(ord(c) - 0xE0000) for c in run if 0x20 <= ord(c) - 0xE0000 < 0x7F)
            for run in runs
        )
        text = TAG_CHARACTERS.sub("", text)
    text, count = INVISIBLE.subn("", text)
    return InvisibleRemoved(text, smuggled, count)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line; a line ends at "\\n", "\\r\\n", "\\r" or a form feed.

    The parser's line numbers are indexes into this list, so a reader that keeps offsets
    into the original text (the scorer) can find the parser's lines again.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 read as cp1252 ("â€“" -> "–", "Ã©" -> "é"); other text is unchanged."""

    def repl(m: re.Match) -> str:
        s = m.group()
        try:
            return s.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return s

    if not any(c in text for c in "ÂÃâï"):
        return text
    # "ï¼" + a lost byte is a mangled fullwidth hyphen (U+FF0D): "Company Name － City",
    # "11/2008 － 02/2016".
    text = re.sub("ï¼[\u200b\u0080-\u009f]?", " – ", text)
    text = _MOJIBAKE_RUN.sub(repl, text)
    return re.sub("Â(?=[\\s\u00a0]|$)", " ", text)


def clean_line(line: str) -> str:
    """One line as the parser reads it: mojibake repaired, compatibility characters
    normalised (NFKC), invisible characters dropped, icon glyphs blanked, minus signs and
    hyphens made "-", runs of spaces made one, ends stripped. Idempotent."""
    line = unicodedata.normalize("NFKC", fix_mojibake(line))
    line = remove_invisible(line).text
    line = _PRIVATE_USE.sub(" ", line)
    line = line.replace("\u2212", "-").replace("\u2010", "-").replace("\u2011", "-")
    return _HSPACE.sub(" ", line).strip()


def clean_lines(text: str) -> list[str]:
    """``clean_line`` of each line of ``text`` (lines as ``line_spans`` cuts them)."""
    return [clean_line(text[s:e]) for s, e in line_spans(text)]


def fold_accents(text: str) -> str:
    """Lower case without accents: "Expérience" -> "experience"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- Look-alike characters -------------------------------------------------------------------

# Characters that read as the ASCII one in a tag without being it: Cyrillic and Greek letters,
# and brackets and slashes from other blocks. Characters whose compatibility form (NFKC) is the
# ASCII one (fullwidth ＜, small ﹤, mathematical 𝐫...) are added below from Unicode itself.
_HOMOGLYPHS = {
    "<": "‹〈⟨❬❮˂ᐸ«",
    ">": "›〉⟩❭❯˃ᐳ»",
    "/": "⁄∕⧸╱",
    "|": "ǀ│∣",
    "a": "аα",
    "b": "Ь",
    "c": "сϲ",
    "d": "ԁ",
    "e": "еєε℮",
    "g": "ɡ",
    "h": "һ",
    "i": "іιӏ",
    "j": "ј",
    "k": "κ",
    "m": "м",
    "n": "η",
    "o": "оοσ",
    "p": "рρ",
    "s": "ѕ",
    "t": "т",
    "u": "υ",
    "v": "ν",
    "x": "хχ",
    "y": "уγ",
}
_COMPATIBILITY_BLOCKS = [
    (0x00A0, 0x0250),  # Latin-1 supplement, Latin extended
    (0x2000, 0x2C00),  # punctuation, super/subscripts, letterlike, enclosed alphanumerics
    (0x3000, 0x3040),  # CJK symbols (〈 〉, the ideographic space)
    (0xFE50, 0xFE70),  # small forms (﹤ ﹥)
    (0xFF00, 0xFFF0),  # fullwidth forms
    (0x1D400, 0x1D800),  # mathematical alphanumerics
    (0x1F100, 0x1F200),  # enclosed alphanumerics supplement
]


def _fold_table() -> dict[int, str]:
    """Each character to the one a pattern should read: its NFKC form where that is one
    character (＜ to <, ｒ to r, 𝐫 to r), its ASCII look-alike, a space for any space."""
    table: dict[int, str] = {}
    for low, high in _COMPATIBILITY_BLOCKS:
        for code in range(low, high):
            plain = unicodedata.normalize("NFKC", chr(code))
            if len(plain) == 1 and plain != chr(code):
                table[code] = plain
    for plain, others in _HOMOGLYPHS.items():
        for other in others:
            table[ord(other)] = plain
            if len(other.upper()) == 1 and other.upper() != other:
                table[ord(other.upper())] = plain.upper()
    for space in "\t\r\x0b\x0c\u00a0\u1680\u202f\u205f\u3000" + "".join(
        map(chr, range(0x2000, 0x200B))
    ):
        table[ord(space)] = " "
    return table


_FOLD = _fold_table()


_DASHES = str.maketrans("\u2010\u2011\u2012\u2212\u2043", "-----")
_MANGLED_HYPHEN = re.compile("ï¼[\u200b\u0080-\u009f]?")


def fold_in_place(text: str) -> str:
    """``fold`` plus what ``clean_line`` repairs that keeps its length: hyphens and minus
    signs as "-", a mangled fullwidth hyphen ("ï¼") as " - ". For readers that quote the
    original text by offset (the scorer) and still read it as the parser does."""
    text = _MANGLED_HYPHEN.sub(lambda m: " -" + " " * (len(m.group()) - 2), text)
    return fold(text).translate(_DASHES)


def fold(text: str) -> str:
    """``text`` as the patterns read it: look-alike and compatibility characters replaced by
    the plain ones (NFKC, one character for one), every space a plain space. The length is
    kept, so an offset in the folded text is the same offset in ``text``."""
    return text.translate(_FOLD)


# Extraction: every reader's raw text is normalised once, before it is stored.
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
_CID = re.compile(r"\(cid:\d+\)")
# Private-use areas (icon fonts map their glyphs here) and other characters that carry no text.
# Bidirectional controls, joiners and tag characters are NOT dropped here: they stay in the
# stored text so the guardrails can find and report them (``remove_invisible``).
_DROP_CHARS = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
    "\u00ad\u200b\u200e\u200f\u2060\ufeff\ufffc\ufffd"
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]"
)
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ANY_HSPACE = re.compile(r"[^\S\n]+")  # any whitespace except newline (tabs, NBSP, thin spaces...)
_MANY_BLANKS = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """The normalisation every extracted text gets (``recruiting.extraction.ExtractedText``).

    ``\\n`` between lines, one blank line between blocks and pages, no trailing (or leading)
    spaces on a line, runs of spaces and tabs collapsed, NUL/control characters and private-use
    (icon font) glyphs removed, ``(cid:NN)`` leftovers removed, ligatures expanded.
    """
    if not text:
        return ""
    text = _LINE_BREAKS.sub("\n", text)
    text = _CID.sub("", text)
    for lig, repl in _LIGATURES.items():
        if lig in text:
            text = text.replace(lig, repl)
    text = _DROP_CHARS.sub("", text)
    lines = [_ANY_HSPACE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _MANY_BLANKS.sub("\n\n", text)
    return text.strip("\n")
