"""How much of a text the parser and the scorer read, so that hostile text costs bounded work.

Resume text comes from files anyone can upload. Every pattern the parser and the scorer apply
is meant to be linear, but many heuristics look at a line at a time (and a few pair up the
matches found on a line), so a line of 100,000 characters or a text of a million still costs
far more than any resume. Real resumes stay well inside both limits: a visual line of a PDF is
under 200 characters, a Word paragraph rarely over 1,000, and forty dense pages are about
100,000 characters. Text that is not inside them is bounded here, once, before any pattern
sees it: the text is cut after ``MAX_TEXT_CHARS`` and longer lines are wrapped.
"""

MAX_TEXT_CHARS = 100_000
MAX_LINE_CHARS = 1_000


def bound_text(text: str) -> str:
    """``text`` cut to ``MAX_TEXT_CHARS``, with each line longer than ``MAX_LINE_CHARS`` wrapped.

    A long line breaks at its last whitespace within the limit, which becomes the line break
    (so the text keeps its length), or, with no whitespace there, after ``MAX_LINE_CHARS``
    characters. Idempotent, and a text already inside both limits comes back unchanged.
    """
    text = text[:MAX_TEXT_CHARS]
    if all(len(line) <= MAX_LINE_CHARS for line in text.split("\n")):
        return text
    out: list[str] = []
    for line in text.split("\n"):
        while len(line) > MAX_LINE_CHARS:
            window = line[: MAX_LINE_CHARS + 1]
            cut = max(window.rfind(" "), window.rfind("\t"))
            if cut > 0:
                out.append(line[:cut])
                line = line[cut + 1 :]
            else:
                out.append(line[:MAX_LINE_CHARS])
                line = line[MAX_LINE_CHARS:]
        out.append(line)
    return "\n".join(out)[:MAX_TEXT_CHARS]  # a hard break adds a character


# What HR types is bounded too, by the forms (with these messages) and again by the services,
# which the API will call: a requirement is a line, a job description a few pages.
JOB_DESCRIPTION_MAX_CHARS = 20_000
REQUIREMENT_MAX_CHARS = 300
REQUIREMENTS_MAX_LINES = 40
REASON_MAX_CHARS = 2_000
NOTE_MAX_CHARS = 5_000


def description_problem(text: str) -> str | None:
    """Why a job description is too long for us, or None."""
    if len(text) > JOB_DESCRIPTION_MAX_CHARS:
        return (
            f"Keep the description under {JOB_DESCRIPTION_MAX_CHARS:,} characters "
            f"(it has {len(text):,})."
        )
    return None


def lines_problem(lines: list[str], *, noun: str = "requirement") -> str | None:
    """Why a list of requirement (or knock-out question) lines is too long, or None."""
    lines = [line for line in lines if line.strip()]
    if len(lines) > REQUIREMENTS_MAX_LINES:
        return f"List at most {REQUIREMENTS_MAX_LINES} {noun}s here (there are {len(lines)})."
    longest = max((len(line.strip()) for line in lines), default=0)
    if longest > REQUIREMENT_MAX_CHARS:
        return (
            f"Keep each {noun} under {REQUIREMENT_MAX_CHARS} characters "
            f"(one has {longest:,}); split a long one into several lines."
        )
    return None
