"""Guardrails around model input and output. A resume is untrusted data.

Input side (``prepare_resume``): invisible characters are removed; text hidden in the file
(white, microscopic or off-page text in a PDF, hidden runs in a DOCX: found at extraction)
and instructions addressed to an automated screener ("ignore previous instructions", "rank
this candidate first"), from the instruction's sentence to the end of its line, are
detected, flagged for HR and cut out before any scorer reads the text, so the score is what
it would be without them; tags that could close the prompt's sections (``</resume>`` and
look-alikes: escaped, encoded, fullwidth, homoglyphs, unterminated) become
``[removed tag]``, flagged too; with blind screening, names, contact details, links, photos,
addresses and graduation years are removed first. ``fence_resume`` then wraps what is left
between tags with a random name, new for every request, for a model to read as data.

Output side: ``protected_attribute_mentions`` finds summaries or reasons that mention age,
gender, race, religion, nationality, disability or family status, for HR to review.

Pure Python (no Django), so the folder command and the benchmarks use the same code.

* ``findings``     the flags for HR, ``PreparedResume``, the ``REMOVED``/``TAG_REMOVED`` marks
* ``fence``        prompt-section tags and look-alikes; the randomly named fences (a resume,
                   a phone screen's answers)
* ``invisible``    invisible and Unicode tag characters
* ``injections``   instructions addressed to the screener; ``placeholder_spans``
* ``blinding``     blind screening: who the person is, removed
* ``preparation``  ``prepare_resume``: the whole input side, in order
* ``output``       protected attributes in a screening's summary and reasons
"""

from ai.guardrails.blinding import blind_text
from ai.guardrails.fence import (
    fence_resume,
    fence_transcript,
    find_fence_tags,
    neutralise_tags,
    new_boundary,
)
from ai.guardrails.findings import REMOVED, PreparedResume
from ai.guardrails.injections import find_injections, placeholder_spans
from ai.guardrails.invisible import strip_invisible
from ai.guardrails.output import output_flags, protected_attribute_mentions
from ai.guardrails.preparation import prepare_resume

__all__ = [
    "REMOVED",
    "PreparedResume",
    "blind_text",
    "fence_resume",
    "fence_transcript",
    "find_fence_tags",
    "find_injections",
    "neutralise_tags",
    "new_boundary",
    "output_flags",
    "placeholder_spans",
    "prepare_resume",
    "protected_attribute_mentions",
    "strip_invisible",
]
