"""Resume sections: the lines between headings, and what kind each one is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recruiting.skills import canonical_skill
from recruiting.text.dates import find_date_ranges
from recruiting.text.headings import resume_heading

# Heading kinds that also serve as labels inside a job entry ("Accomplishments:",
# "Technologies: Java, Spring", "Key Projects:"): under a job they belong to it.
_ENTRY_LABEL_KINDS = {"awards", "skills", "projects"}


@dataclass
class _Section:
    kind: str
    start: int  # first body line index
    end: int  # one past the last body line
    heading: str
    line: int = -1  # the heading's line


def split_sections(lines: list[str]) -> list[_Section]:
    """Sections in order; lines before the first heading form a "header" section."""
    headings = {i: hk for i, line in enumerate(lines) if (hk := resume_heading(line)) is not None}
    sections: list[_Section] = []
    current = _Section("header", 0, 0, "")
    for i, (kind, _rest) in headings.items():
        line = lines[i]
        if _rest and current.kind == "skills":
            continue  # "Languages: Python, C++" / "Tools: Jira" are labels inside a skills list
        if current.kind == "experience" and _is_entry_label(lines, headings, i):
            continue
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


def _is_entry_label(lines: list[str], headings: dict[int, tuple[str, str]], i: int) -> bool:
    """Whether the heading on line ``i``, inside work experience, labels a part of one job
    rather than starting a section: it is written as a label ("Accomplishments:", "Tools: Jira")
    and more dated lines follow before the next heading that is not such a label, so the list
    of jobs goes on after it. A heading without a colon ("Achievements") always starts a
    section."""
    if not _label_like(lines[i], headings[i]):
        return False
    for k in range(i + 1, len(lines)):
        if k in headings and not _label_like(lines[k], headings[k]):
            return False
        if k not in headings and find_date_ranges(lines[k]):
            return True
    return False


def _label_like(line: str, heading: tuple[str, str]) -> bool:
    kind, rest = heading
    if kind == "skills":
        # "Skills:" alone on its line heads the skills list; "Tools: Jira, Git" labels a job's
        return bool(rest)
    return kind in _ENTRY_LABEL_KINDS and (bool(rest) or line.rstrip().endswith(":"))
