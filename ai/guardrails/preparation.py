"""The whole input side: the resume text a scorer may read, and the flags for HR."""

from __future__ import annotations

import re

from ai.guardrails.blinding import blind_text
from ai.guardrails.fence import _tag_flags, find_fence_tags, neutralise_tags
from ai.guardrails.findings import REMOVED, PreparedResume, _flag
from ai.guardrails.injections import find_injections
from ai.guardrails.invisible import strip_invisible
from recruiting.textbounds import bound_text

# Text hidden in the file: extraction finds it (``recruiting.extraction``, from the characters
# it reads); here it is cut out of the text.


def _remove_hidden(text: str, hidden: list[str]) -> tuple[str, int]:
    removed = 0
    for passage in hidden:
        words = passage.split()
        if not words:
            continue
        pattern = re.compile(r"\s*".join(re.escape(w) for w in words))
        text, n = pattern.subn(" ", text)
        removed += n
    return text, removed


def prepare_resume(
    text: str,
    *,
    blind: bool = False,
    identity: dict | None = None,
    hidden: list[str] | None = None,
    default_region: str = "US",
    profile: dict | None = None,
) -> PreparedResume:
    """The resume text a scorer may read, and the flags for HR.

    ``hidden``: passages found hidden in the file (``ExtractedText.hidden``, kept on the
    resume as ``hidden_passages``). ``identity``:
    known name / email / phone / location of the candidate, removed when ``blind``.
    ``profile``: the resume's stored parse (``Profile.to_dict()``), read instead of parsing
    the text again.
    """
    flags: list[dict] = []
    text, invisible_flags = strip_invisible(bound_text(text or ""))
    flags.extend(invisible_flags)
    if hidden:
        text, _ = _remove_hidden(text, hidden)
        for passage in hidden[:5]:
            flags.append(
                _flag(
                    "hidden_text",
                    "Text hidden in the file (white or tiny) was ignored.",
                    passage,
                )
            )
    if blind:
        text = blind_text(text, identity=identity, default_region=default_region, profile=profile)
    # Lines are judged with fence tags already neutralised (a tag splits no words), and shown
    # to HR as written: neutralising keeps every line break, so line numbers agree.
    tags = find_fence_tags(text)
    neutral = neutralise_tags(text, tags)
    spans = find_injections(neutral)
    lines = text.split("\n")
    removed: set[int] = set()
    kept: list[str] = []
    line, counted_to, last = 0, 0, 0
    for number, (start, end, kind) in enumerate(spans):
        line += neutral.count("\n", counted_to, start)
        counted_to = start
        last_line = line + neutral.count("\n", start, end)
        line_start = neutral.rfind("\n", 0, start) + 1
        before = neutral[line_start:start]
        if number < 5:
            passage = "\n".join(lines[line : last_line + 1])
            if before.strip() and passage.startswith(before):
                passage = passage[len(before) :]
            flags.append(
                _flag(
                    "injection",
                    f"Text addressed to an automated screener was ignored ({kind}).",
                    passage,
                )
            )
        # The mark goes on a line of its own, which scorers skip; what the line said before
        # the instruction stays as it was.
        if before.strip():
            kept += [neutral[last:start].rstrip(), "\n", REMOVED]
        else:
            kept += [neutral[last:line_start], REMOVED]
            removed.add(line)
        removed.update(range(line + 1, last_line + 1))
        last = end
    kept.append(neutral[last:])
    flags.extend(_tag_flags(text, tags, skip_lines=removed))
    text = "".join(kept)
    return PreparedResume(text=text, flags=flags)
