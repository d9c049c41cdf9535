"""Scorer-specific text normalisation: tokens, a light stemmer, term weights, masking.

Pure Python, no Django. Everything here is deterministic and cached where it is hot.

Term weights ("background") are a fixed, hand-written three-tier table instead of corpus IDF
statistics, so that a single resume can be scored on its own. The tiers are data in
``ai/scoring/data/term_weights.toml`` (its header says what each holds); stopwords and generic
words weigh 0 and break key phrases, common workplace words weigh ``COMMON_WEIGHT``, every
other word 1.0. The abbreviations and the stemmer's suffixes are in ``word_forms.toml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ai import guardrails
from ai.scoring._wordlists import load_term_weights, load_word_forms

COMMON_WEIGHT = 0.4

_WORD_RE = re.compile(r"[a-z][a-z0-9]*(?:[+#]+|(?:'[a-z]+))?|\d+(?:\.\d+)?")
_TOKEN_SPAN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[+#]+|(?:'[A-Za-z]+))?|\d+(?:\.\d+)?")

STEM_LEN = 6
_MIN_STEM = 3


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Crude but conflating stemmer: strip one suffix, normalise z->s, cut to STEM_LEN."""
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or not w.isalpha():
        return w
    for suf in load_word_forms().suffixes:
        if w.endswith(suf) and len(w) - len(suf) >= _MIN_STEM:
            w = w[: -len(suf)]
            break
    w = w.replace("z", "s")
    while len(w) > 3 and w[-1] in "ey":
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2]:  # planning -> plann -> plan
        w = w[:-1]
    return w[:STEM_LEN]


_LETTER_PREFIX_RE = re.compile(r"\b([a-z])-(?=[a-z]{3,})")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (keeps c++, c#, numbers; "e-commerce" -> "ecommerce")."""
    forms = load_word_forms()
    for short in forms.abbreviations:
        if short in text:  # a substring test first: most text names none, and it is cheaper
            text = forms.expand_abbreviations(text)
            break
    return _WORD_RE.findall(_LETTER_PREFIX_RE.sub(r"\1", text.lower()))


def word_spans(text: str):
    """(start, end, lowercase word) for each word token in ``text``."""
    for m in _TOKEN_SPAN_RE.finditer(text):
        yield m.start(), m.end(), m.group(0).lower()


@lru_cache(maxsize=200_000)
def word_class(word: str) -> str:
    """'stop', 'generic', 'common' or 'content'."""
    w = word.lower()
    tiers = load_term_weights()
    if w in tiers.stopwords or (len(w) == 1 and not w.isdigit()):
        return "stop"
    if w.isdigit() or w.replace(".", "", 1).isdigit():
        return "stop"
    if w in tiers.generic:
        return "generic"
    if w in tiers.common:
        return "common"
    if len(w) > 4 and w.endswith("ly"):  # adverbs: "accurately", "effectively"
        return "generic"
    return "content"


def term_weight(word: str) -> float:
    c = word_class(word)
    if c == "content":
        return 1.0
    if c == "common":
        return COMMON_WEIGHT
    return 0.0


_WEIGHTED_STEM: dict[str, str] = {}


def weighted_stem(word: str) -> str:
    """Stem of a lower-case word, or "" if the word carries no weight (dict-cached)."""
    st = _WEIGHTED_STEM.get(word)
    if st is None:
        st = stem(word) if term_weight(word) > 0 else ""
        if len(_WEIGHTED_STEM) < 500_000:
            _WEIGHTED_STEM[word] = st
    return st


def content_stems(text: str) -> list[str]:
    """Stems of words with non-zero weight, in order."""
    return [stem(w) for w in words(text) if term_weight(w) > 0]


@lru_cache(maxsize=200_000)
def stem_weight(word: str) -> float:
    return term_weight(word)


def key_phrases(text: str, max_len: int = 3) -> list[str]:
    """Split text into short phrases of consecutive weighted words.

    Stopwords, generic words and punctuation break phrases. Used to turn a requirement
    bullet that names no vocabulary skill into matchable keywords.
    """
    phrases: list[str] = []
    cur: list[str] = []
    # Punctuation (except hyphen/slash inside words) breaks phrases too.
    for chunk in re.split(r"[,;:()\[\]!?\"“”]|\.(?:\s|$)|\s[-–—]\s", text):
        for w in words(chunk):
            if term_weight(w) > 0:
                cur.append(w)
                if len(cur) == max_len:
                    phrases.append(" ".join(cur))
                    cur = []
            else:
                if cur:
                    phrases.append(" ".join(cur))
                cur = []
        if cur:
            phrases.append(" ".join(cur))
        cur = []
    seen: set[str] = set()
    out: list[str] = []
    for p in phrases:
        # A phrase made only of COMMON words is weak but kept; drop pure numbers.
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


# --------------------------------------------------------------------------- masking


def injection_spans(text: str) -> list[tuple[int, int]]:
    """Spans (whole lines) of text that reads as instructions to a screener.

    The guardrails' detector, so that the scorer and the guardrails agree on what is an
    instruction (and on what is ordinary text such as "System: Windows, Linux").
    """
    return [(s, e) for s, e, _ in guardrails.find_injections(text)]


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Marks the guardrails left where they removed something: never words to score."""
    return guardrails.placeholder_spans(text)


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace spans with spaces (newlines kept) so offsets stay valid."""
    if not spans:
        return text
    parts = []
    last = 0
    for s, e in spans:
        parts.append(text[last:s])
        parts.append("".join("\n" if c == "\n" else " " for c in text[s:e]))
        last = e
    parts.append(text[last:])
    return "".join(parts)


def copied_spans(text: str, source_shingles: frozenset, n: int) -> list[tuple[int, int]]:
    """Spans of ``text`` covered by word n-grams that also occur in the source (a JD)."""
    if not source_shingles:
        return []
    firsts = _FIRSTS.get(id(source_shingles))
    if firsts is None or firsts[0] is not source_shingles:
        firsts = (source_shingles, frozenset(k[0] for k in source_shingles))
        _FIRSTS.clear()
        _FIRSTS[id(source_shingles)] = firsts
    first_set = firsts[1]
    words_only = [w.lower() for w in _TOKEN_SPAN_RE.findall(text)]
    hits = [
        i
        for i in range(len(words_only) - n + 1)
        if words_only[i] in first_set and tuple(words_only[i : i + n]) in source_shingles
    ]
    if not hits:
        return []
    toks = list(word_spans(text))
    spans: list[tuple[int, int]] = []
    for i in hits:
        s, e = toks[i][0], toks[i + n - 1][1]
        if spans and s <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(e, spans[-1][1]))
        else:
            spans.append((s, e))
    return spans


_FIRSTS: dict = {}


def shingles(text: str, n: int) -> frozenset:
    toks = [t[2] for t in word_spans(text)]
    return frozenset(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def slugify(text: str, max_words: int = 6) -> str:
    ws = [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("+", "p").replace("#", "sharp"))]
    stopwords = load_term_weights().stopwords
    content = [w for w in ws if w not in stopwords] or ws
    return "-".join(content[:max_words]) or "requirement"
