"""Versioned prompt files: ``ai/prompts/<name>/v<N>.md``.

Each file starts with front matter between ``---`` lines (``version``, ``tool``,
``tool_description``...) followed by the instructions. A prompt is never edited once it has
been used: a change is a new file (``v2.md``), so every AIRun's ``prompt_version`` names the
exact text that produced its output. The highest version is the one in use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent
_VERSION_FILE = re.compile(r"^v(\d+)\.md$")


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str  # e.g. "screen_resume/v1"
    text: str
    meta: dict[str, str] = field(default_factory=dict)


def versions(name: str) -> list[str]:
    folder = PROMPTS_DIR / name
    found = []
    for path in folder.glob("v*.md"):
        match = _VERSION_FILE.match(path.name)
        if match:
            found.append((int(match.group(1)), path.stem))
    return [stem for _, stem in sorted(found)]


@lru_cache(maxsize=32)
def get_prompt(name: str, version: str | None = None) -> Prompt:
    """The prompt ``name`` at ``version`` ("v1"), or its newest version."""
    available = versions(name)
    if not available:
        raise LookupError(f"No prompt named {name!r} in {PROMPTS_DIR}.")
    stem = version or available[-1]
    if stem not in available:
        raise LookupError(f"Prompt {name!r} has no version {stem!r} (has {available}).")
    raw = (PROMPTS_DIR / name / f"{stem}.md").read_text(encoding="utf-8")
    meta, text = _front_matter(raw)
    return Prompt(
        name=name, version=meta.get("version") or f"{name}/{stem}", text=text.strip(), meta=meta
    )


def _front_matter(raw: str) -> tuple[dict[str, str], str]:
    if not raw.startswith("---"):
        return {}, raw
    _, header, body = raw.split("---", 2)
    meta = {}
    for line in header.strip().splitlines():
        key, _, value = line.partition(":")
        if key.strip():
            meta[key.strip()] = value.strip()
    return meta, body
