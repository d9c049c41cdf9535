"""The offline scorer of phone-screen answers: each answer scored 0 to 100 on three parts,
with its evidence quoted verbatim from what the candidate said.

Pure Python, no Django. It reads plain data (the question, its expected keywords and
length, the answer's text), so the voice app can hand it any screen's answers and the AI
layer never learns about calls.

* **Keyword coverage**: the share of the question's expected keywords the answer names,
  through the skills vocabulary (``recruiting.skills``: "Postgres" and "PostgreSQL" are one
  skill; a skill that implies the expected one counts for ``RELATED_CREDIT``) or, for a
  keyword outside the vocabulary, by the scorer's stems ("mentoring" names "mentor").
* **Substance**: length against the question's expected length (spoken at about
  ``WORDS_PER_SECOND``; half the expected time is a full answer), and specifics: numbers,
  an example of something the candidate did, the tools they name.
* **Relevance**: how many of the question's own words and keywords the answer takes up.

An answer that is a list of keywords rather than sentences (few function words, little
variety) is capped at ``STUFFED_CAP``, with a concern. The guardrails' marks (where an
instruction to the screener was cut out) are never counted.
"""

from __future__ import annotations

import re

from ai.scoring._text import (
    content_stems,
    mask_spans,
    placeholder_spans,
    stem,
    weighted_stem,
    word_spans,
    words,
)
from ai.scoring._vocab import canonical_skill, find_skills, related_skills

WORDS_PER_SECOND = 2.3  # conversational speech: about 140 words a minute
RELATED_CREDIT = 0.6
STUFFED_CAP = 25
WEIGHTS = {"keyword_coverage": 0.4, "substance": 0.3, "relevance": 0.3}
MAX_EVIDENCE = 3
# A question's words that only frame it ("tell me about...") cannot make an answer relevant.
RELEVANCE_DENOMINATOR = 3

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_NUMBER = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?%?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"twenty|fifty|hundred|thousand|million|billion|dozen)\b",
    re.IGNORECASE,
)
# Something the candidate did, told as it happened: "I built", "we moved", "for example".
_EXAMPLE = re.compile(
    r"\b(?:(?:i|we)(?: also)? (?:[a-z]+ed|built|led|ran|wrote|made|taught|set|found|"
    r"brought|took|chose|began|grew|cut|held|kept|won|drove|spent)|for (?:example|instance)|"
    r"such as|last (?:year|month|quarter)|at my (?:last|previous|current) (?:job|role))\b",
    re.IGNORECASE,
)
_FUNCTION_WORDS = frozenset(
    [
        "i",
        "we",
        "you",
        "it",
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "that",
        "this",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "have",
        "has",
        "had",
        "do",
        "did",
        "my",
        "our",
        "me",
        "us",
        "so",
        "as",
        "when",
        "then",
        "there",
    ]
)


def phone_answers_output(inputs: dict) -> dict:
    """Every answer of ``inputs["answers"]`` assessed, in the shape of the model's tool
    call (``ai.schemas.PhoneAnswersOutput``)."""
    assessed = [assess_answer(item) for item in inputs["answers"]]
    return {"answers": assessed, "summary": _summary(inputs["answers"], assessed), "concerns": []}


def assess_answer(item: dict) -> dict:
    """One answer: ``item`` has ``id``, ``question``, ``expected_keywords``,
    ``expected_length_seconds`` and ``text`` (what the candidate said, follow-up included)."""
    text = item.get("text") or ""
    scored = mask_spans(text, placeholder_spans(text))
    keywords = [str(k) for k in item.get("expected_keywords") or [] if str(k).strip()]
    found, missing, keyword_spans = _keywords_named(scored, keywords)
    coverage = (
        round(100 * sum(found.values()) / len(keywords)) if keywords and scored.strip() else None
    )
    answer_words = words(scored)
    substance, specifics = _substance(scored, answer_words, item.get("expected_length_seconds"))
    relevance = _relevance(scored, item.get("question", ""), keywords)
    parts = {"keyword_coverage": coverage, "substance": substance, "relevance": relevance}
    present = {name: value for name, value in parts.items() if value is not None}
    weight = sum(WEIGHTS[name] for name in present)
    score = round(sum(WEIGHTS[n] * v for n, v in present.items()) / weight) if weight else 0
    concerns = []
    if _reads_as_a_list(answer_words, len(found)):
        score = min(score, STUFFED_CAP)
        concerns.append("The answer reads as a list of keywords rather than an account.")
    if not answer_words:
        score = 0
    return {
        "answer_id": item["id"],
        "score": score,
        **parts,
        "evidence": _evidence(text, scored, keyword_spans),
        "reasoning": _reasoning(found, missing, len(answer_words), specifics, relevance),
        "concerns": concerns,
    }


def _keywords_named(
    text: str, keywords: list[str]
) -> tuple[dict[str, float], list[str], list[tuple[int, int]]]:
    """Credit for each expected keyword the text names (1, or ``RELATED_CREDIT``), the ones
    it does not, and where the named ones are."""
    mentions = find_skills(text)
    skills_named = {skill for skill, _, _ in mentions}
    stems_at = [(_root(word), start, end) for start, end, word in word_spans(text)]
    found: dict[str, float] = {}
    missing: list[str] = []
    spans: list[tuple[int, int]] = []
    for keyword in keywords:
        skill = canonical_skill(keyword)
        if skill and skill in skills_named:
            found[keyword] = 1.0
            spans += [(s, e) for name, s, e in mentions if name == skill]
            continue
        implying = [(s, e) for name, s, e in mentions if skill and skill in related_skills(name)]
        if implying:
            found[keyword] = RELATED_CREDIT
            spans += implying
            continue
        wanted = {_root(w) for w in words(keyword) if weighted_stem(w)} or {
            _root(w) for w in words(keyword)
        }
        hits = [(s, e) for st, s, e in stems_at if st in wanted]
        if wanted and wanted <= {st for st, _, _ in stems_at}:
            found[keyword] = 1.0
            spans += hits
        else:
            missing.append(keyword)
    return found, missing, spans


def _root(word: str) -> str:
    """The scorer's stem, taken twice: its one-suffix stemmer leaves "mentoring" at
    "mentor" but cuts "mentor" to "ment"; twice, both are "ment"."""
    return stem(stem(word))


def _substance(text: str, answer_words: list[str], expected_seconds) -> tuple[int, list[str]]:
    expected_words = max(20.0, float(expected_seconds or 60) * WORDS_PER_SECOND / 2)
    length = min(1.0, len(answer_words) / expected_words)
    specifics = []
    if _NUMBER.search(text):
        specifics.append("numbers")
    if _EXAMPLE.search(text):
        specifics.append("an example")
    if len({skill for skill, _, _ in find_skills(text)}) >= 2:
        specifics.append("named tools")
    return round(100 * (0.6 * length + 0.4 * len(specifics) / 3)), specifics


def _relevance(text: str, question: str, keywords: list[str]) -> int:
    wanted = set(content_stems(question))
    for keyword in keywords:
        wanted.update(content_stems(keyword))
    if not wanted:
        return 0
    said = set(content_stems(text))
    for skill, _, _ in find_skills(text):
        said.update(content_stems(skill))
    taken_up = len(wanted & said)
    return round(100 * min(1.0, taken_up / min(len(wanted), RELEVANCE_DENOMINATOR)))


def _reads_as_a_list(answer_words: list[str], keywords_named: int) -> bool:
    """Keywords strung together: hardly a function word, or the same few words again."""
    if len(answer_words) < 4 or not keywords_named:
        return False
    function_share = sum(w in _FUNCTION_WORDS for w in answer_words) / len(answer_words)
    variety = len(set(answer_words)) / len(answer_words)
    return function_share < 0.12 or variety < 0.4


def _evidence(text: str, scored: str, spans: list[tuple[int, int]]) -> list[str]:
    """Up to ``MAX_EVIDENCE`` sentences of the answer, verbatim: those that name an expected
    keyword first, then those with a number or an example. A sentence with a guardrail mark
    in it is never quoted."""
    chosen: list[tuple[int, str]] = []
    fallback: list[tuple[int, str]] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        sentence = text[start:end].strip()
        if not sentence or scored[start:end].strip() != sentence or len(words(sentence)) < 3:
            continue
        if any(start <= s < end for s, _ in spans):
            chosen.append((start, sentence))
        elif _NUMBER.search(sentence) or _EXAMPLE.search(sentence):
            fallback.append((start, sentence))
    picked = (chosen + fallback)[:MAX_EVIDENCE]
    return [sentence for _, sentence in sorted(picked)]


def _reasoning(found, missing, word_count, specifics, relevance) -> str:
    parts = []
    if found:
        parts.append(f"Names {', '.join(found)}")
    if missing:
        parts.append(f"does not mention {', '.join(missing)}")
    parts.append(f"about {word_count} words")
    parts.append(f"gives {' and '.join(specifics)}" if specifics else "no specifics")
    parts.append("on the question" if relevance >= 50 else "mostly off the question")
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def _summary(items: list[dict], assessed: list[dict]) -> str:
    if not assessed:
        return "No answers to assess."
    ranked = sorted(zip(items, assessed, strict=True), key=lambda pair: -pair[1]["score"])
    mean = round(sum(a["score"] for a in assessed) / len(assessed))
    best, worst = ranked[0], ranked[-1]
    lines = [
        f"{len(assessed)} answer{'s' if len(assessed) != 1 else ''} assessed, {mean} on average."
    ]
    lines.append(f"Strongest: \u201c{_short(best[0]['question'])}\u201d ({best[1]['score']}).")
    if len(ranked) > 1:
        lines.append(f"Weakest: \u201c{_short(worst[0]['question'])}\u201d ({worst[1]['score']}).")
    return " ".join(lines)


def _short(question: str, limit: int = 70) -> str:
    question = " ".join(question.split())
    return question if len(question) <= limit else question[: limit - 1].rstrip() + "\u2026"
