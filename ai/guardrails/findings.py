"""What the guardrails tell HR: flags (kind, message, passage) and the marks left in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REMOVED = "[⚠]"  # a line that stands where passages aimed at the screener were cut out
TAG_REMOVED = "[removed tag]"  # where a tag that could open or close a prompt section was


@dataclass
class PreparedResume:
    """The text every scorer reads, and what was found on the way."""

    text: str
    flags: list[dict] = field(default_factory=list)


def _flag(kind: str, message: str, passage: str = "") -> dict:
    """A finding for HR: ``kind``, ``message`` and, when it is about part of the resume,
    ``passage``: that text, on one line, cut at 200 characters (``excerpt`` is its old name,
    kept for screenings stored before)."""
    flag = {"kind": kind, "message": message}
    if passage:
        passage = re.sub(r"\s+", " ", passage).strip()
        flag["passage"] = flag["excerpt"] = (
            passage if len(passage) <= 200 else passage[:197] + "..."
        )
    return flag


def _line_around(text: str, start: int, end: int) -> str:
    line_end = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : line_end if line_end >= 0 else len(text)]
