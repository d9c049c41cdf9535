"""One line of resume text: bullets, ALL CAPS titles, lines that can hold a title or a company."""

from __future__ import annotations

import re

from recruiting.parsing.vocabulary import _ACRONYMS
from recruiting.skills import canonical_skill
from recruiting.text.headings import resume_heading

_BULLET_CHARS = "•·●▪■◦○◆◇►▶➢➤✓✔❖*-–—‣⁃∙"
_LEADING_BULLET = re.compile(r"^\s*(?:[" + re.escape(_BULLET_CHARS) + r"]\s*)+(?=\S)")


def _strip_bullet(line: str) -> str:
    return _LEADING_BULLET.sub("", line).strip()


def _is_bullet(line: str) -> bool:
    return bool(_LEADING_BULLET.match(line))


def _smart_title(text: str) -> str:
    """Title-case an ALL CAPS phrase but keep acronyms (HR, IT, CPA, RN ...)."""
    out = []
    for word in text.split(" "):
        core = re.sub(r"[^A-Za-z]", "", word)
        if (
            core
            and core.upper() == core
            and (
                core in _ACRONYMS
                or not re.search(r"[AEIOUY]", core)
                or (re.search(r"[.#+]", word.strip(".,")) and canonical_skill(word.strip(",")))
            )
        ):
            out.append(word)
        else:
            out.append(word.title() if word.isupper() else word)
    return " ".join(out)


_SENTENCE_BREAK_RE = re.compile(r"[a-z0-9)][.!?]\s+[A-Z]")


def _is_header_candidate(line: str) -> bool:
    """A short line that can hold a title, company or place (not a bullet or a sentence)."""
    if not line or _is_bullet(line):
        return False
    words = line.split()
    if len(words) > 14:
        return False
    if line.endswith(".") and len(words) > 4:
        return False
    if _SENTENCE_BREAK_RE.search(line):
        return False
    if line[0].islower():
        return False
    return resume_heading(line) is None


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip(" ,.;:-–—|/&")
    title = re.sub(r"\s*/\s*", "/", title) if title.count("/") == 1 and len(title) < 60 else title
    if title.isupper() and len(title) > 3:
        title = _smart_title(title)
    return title
