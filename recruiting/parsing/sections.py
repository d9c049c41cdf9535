"""Resume sections: the lines between headings, and what kind each one is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recruiting.skills import canonical_skill
from recruiting.text.headings import resume_heading


@dataclass
class _Section:
    kind: str
    start: int  # first body line index
    end: int  # one past the last body line
    heading: str
    line: int = -1  # the heading's line


def split_sections(lines: list[str]) -> list[_Section]:
    """Sections in order; lines before the first heading form a "header" section."""
    sections: list[_Section] = []
    current = _Section("header", 0, 0, "")
    for i, line in enumerate(lines):
        hk = resume_heading(line)
        if hk is None:
            continue
        kind, _rest = hk
        if _rest and current.kind == "skills":
            continue  # "Languages: Python, C++" / "Tools: Jira" are labels inside a skills list
        if (
            _rest
            and kind == "languages"
            and any(canonical_skill(item) for item in re.split(r"[,;|/]", _rest))
        ):
            kind = "skills"  # "Languages: Python, Go" means programming languages
        current.end = i
        sections.append(current)
        current = _Section(kind, i + (0 if _rest else 1), 0, line, i)
    current.end = len(lines)
    sections.append(current)
    return [s for s in sections if s.end > s.start or s.kind != "header"]
