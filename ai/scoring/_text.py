"""Scorer-specific text normalisation: tokens, a light stemmer, term weights, masking.

Pure Python, no Django. Everything here is deterministic and cached where it is hot.

Term weights ("background") are a fixed, hand-written three-tier table instead of corpus IDF
statistics, so that a single resume can be scored on its own:

* ``STOPWORDS`` – function words; weight 0 and phrase breakers.
* ``GENERIC`` – words that appear in nearly every job description or resume ("experience",
  "ability", "strong", "responsible", "candidate", "score" ...); weight 0 and phrase breakers.
  This list also holds the vocabulary of instructions aimed at an automated screener
  ("ignore", "instructions", "rank", "score") so such text can never earn lexical credit.
* ``COMMON`` – frequent but still somewhat topical workplace words ("management", "team",
  "customer", "data", "system" ...); weight ``COMMON_WEIGHT``.
* everything else – weight 1.0.

The lists were written from general knowledge of English and of resume/job-posting language,
not fitted to any evaluation set.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ai import guardrails

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "afterwards",
        "again",
        "against",
        "all",
        "almost",
        "alone",
        "along",
        "already",
        "also",
        "although",
        "always",
        "am",
        "among",
        "amongst",
        "an",
        "and",
        "another",
        "any",
        "anyhow",
        "anyone",
        "anything",
        "anyway",
        "anywhere",
        "are",
        "around",
        "as",
        "at",
        "be",
        "became",
        "because",
        "become",
        "becomes",
        "becoming",
        "been",
        "before",
        "beforehand",
        "behind",
        "being",
        "below",
        "beside",
        "besides",
        "between",
        "beyond",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "due",
        "during",
        "each",
        "either",
        "else",
        "elsewhere",
        "enough",
        "etc",
        "even",
        "ever",
        "every",
        "everyone",
        "everything",
        "everywhere",
        "except",
        "few",
        "for",
        "former",
        "formerly",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "hence",
        "her",
        "here",
        "hereafter",
        "hereby",
        "herein",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "ie",
        "if",
        "in",
        "indeed",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "last",
        "latter",
        "least",
        "less",
        "made",
        "many",
        "may",
        "me",
        "meanwhile",
        "might",
        "mine",
        "more",
        "moreover",
        "most",
        "mostly",
        "much",
        "must",
        "my",
        "myself",
        "namely",
        "neither",
        "never",
        "nevertheless",
        "next",
        "no",
        "nobody",
        "none",
        "noone",
        "nor",
        "not",
        "nothing",
        "now",
        "nowhere",
        "of",
        "off",
        "often",
        "on",
        "once",
        "one",
        "only",
        "onto",
        "or",
        "other",
        "others",
        "otherwise",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "perhaps",
        "please",
        "rather",
        "re",
        "same",
        "seem",
        "seemed",
        "seeming",
        "seems",
        "several",
        "she",
        "should",
        "since",
        "so",
        "some",
        "somehow",
        "someone",
        "something",
        "sometime",
        "sometimes",
        "somewhere",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "thence",
        "there",
        "thereafter",
        "thereby",
        "therefore",
        "therein",
        "thereupon",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "throughout",
        "thru",
        "thus",
        "to",
        "together",
        "too",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "via",
        "was",
        "we",
        "well",
        "were",
        "what",
        "whatever",
        "when",
        "whence",
        "whenever",
        "where",
        "whereafter",
        "whereas",
        "whereby",
        "wherein",
        "whereupon",
        "wherever",
        "whether",
        "which",
        "while",
        "whither",
        "who",
        "whoever",
        "whole",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "eg",
        "e.g",
        "i.e",
        "vs",
        "etc",
    ]
)

# Words with (almost) no discriminative value in job descriptions or resumes.
GENERIC = frozenset(
    [
        "ability",
        "abilities",
        "able",
        "accomplished",
        "accurate",
        "accurately",
        "active",
        "actively",
        "additional",
        "adept",
        "advanced",
        "applicant",
        "applicants",
        "apply",
        "applying",
        "appropriate",
        "area",
        "areas",
        "assigned",
        "assist",
        "assisted",
        "assisting",
        "attention",
        "background",
        "based",
        "basic",
        "best",
        "better",
        "bonus",
        "candidate",
        "candidates",
        "capable",
        "capacity",
        "career",
        "ceo",
        "cfo",
        "clear",
        "closely",
        "comfortable",
        "company",
        "competency",
        "competencies",
        "competent",
        "complete",
        "completed",
        "comprehensive",
        "consistently",
        "contribute",
        "contributed",
        "current",
        "currently",
        "daily",
        "dedicated",
        "deep",
        "demonstrated",
        "demonstrate",
        "demonstrating",
        "desire",
        "desired",
        "detail",
        "detailed",
        "details",
        "diverse",
        "duties",
        "duty",
        "effective",
        "effectively",
        "efficient",
        "efficiently",
        "eg",
        "employed",
        "employer",
        "ensure",
        "ensured",
        "ensuring",
        "equivalent",
        "essential",
        "excellent",
        "exceptional",
        "expected",
        "experience",
        "experienced",
        "experiences",
        "expert",
        "expertise",
        "extensive",
        "familiar",
        "familiarity",
        "first",
        "focus",
        "focused",
        "framework",
        "frameworks",
        "full",
        "gain",
        "gained",
        "general",
        "given",
        "goal",
        "goals",
        "good",
        "great",
        "hands",
        "handled",
        "hardworking",
        "help",
        "helped",
        "high",
        "highly",
        "hire",
        "hired",
        "ideal",
        "ideally",
        "ignore",
        "important",
        "including",
        "independently",
        "individual",
        "instruction",
        "instructions",
        "interested",
        "job",
        "jobs",
        "key",
        "knowledge",
        "knowledgeable",
        "large",
        "level",
        "looking",
        "major",
        "manner",
        "minimum",
        "motivated",
        "multiple",
        "must",
        "need",
        "needed",
        "needs",
        "new",
        "nice",
        "number",
        "offer",
        "opportunity",
        "outstanding",
        "overall",
        "part",
        "perform",
        "performed",
        "performing",
        "plus",
        "position",
        "positions",
        "possess",
        "practical",
        "preferred",
        "previous",
        "previously",
        "prior",
        "proficiency",
        "proficient",
        "proven",
        "provide",
        "provided",
        "providing",
        "qualification",
        "qualifications",
        "quality",
        "rank",
        "ranked",
        "ranking",
        "rate",
        "rating",
        "related",
        "relevant",
        "require",
        "required",
        "requires",
        "requirement",
        "requirements",
        "responsibilities",
        "responsibility",
        "responsible",
        "result",
        "results",
        "role",
        "roles",
        "score",
        "scored",
        "scoring",
        "seeking",
        "self",
        "significant",
        "similar",
        "skill",
        "skilled",
        "skills",
        "solid",
        "some",
        "sound",
        "specific",
        "strong",
        "successful",
        "successfully",
        "superior",
        "task",
        "tasks",
        "thorough",
        "top",
        "track",
        "type",
        "understand",
        "understanding",
        "use",
        "used",
        "using",
        "utilize",
        "utilized",
        "utilizing",
        "various",
        "verbal",
        "well",
        "wide",
        "willing",
        "work",
        "worked",
        "working",
        "works",
        "world",
        "written",
        "year",
        "years",
    ]
)

# Frequent workplace words that still carry a little topical signal.
COMMON = frozenset(
    [
        "account",
        "accounts",
        "administration",
        "analysis",
        "analyze",
        "analyzed",
        "analytical",
        "business",
        "client",
        "clients",
        "communicate",
        "communication",
        "communications",
        "coordinate",
        "coordinated",
        "coordination",
        "create",
        "created",
        "customer",
        "customers",
        "data",
        "department",
        "design",
        "designed",
        "develop",
        "developed",
        "developing",
        "development",
        "document",
        "documentation",
        "environment",
        "improve",
        "improved",
        "improvement",
        "information",
        "issues",
        "lead",
        "led",
        "maintain",
        "maintained",
        "maintaining",
        "manage",
        "managed",
        "management",
        "manager",
        "managing",
        "member",
        "members",
        "monitor",
        "monitored",
        "office",
        "operation",
        "operations",
        "organization",
        "organizational",
        "organize",
        "organized",
        "perform",
        "planning",
        "plan",
        "plans",
        "problem",
        "problems",
        "procedure",
        "procedures",
        "process",
        "processes",
        "product",
        "products",
        "program",
        "programs",
        "project",
        "projects",
        "record",
        "records",
        "report",
        "reporting",
        "reports",
        "research",
        "review",
        "reviewed",
        "sales",
        "service",
        "services",
        "staff",
        "standard",
        "standards",
        "support",
        "supported",
        "supporting",
        "system",
        "systems",
        "team",
        "teams",
        "technical",
        "time",
        "tool",
        "tools",
        "train",
        "trained",
        "training",
    ]
)
COMMON_WEIGHT = 0.4

_WORD_RE = re.compile(r"[a-z][a-z0-9]*(?:[+#]+|(?:'[a-z]+))?|\d+(?:\.\d+)?")
_TOKEN_SPAN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[+#]+|(?:'[A-Za-z]+))?|\d+(?:\.\d+)?")

# Suffixes stripped once, longest first; the stem is then cut to STEM_LEN characters.
# Together this conflates analyse/analysis/analyst, manage/manager/management,
# teach/teacher/teaching, nurse/nursing, account/accountant/accounting.
_SUFFIXES = tuple(
    sorted(
        [
            "ational",
            "ization",
            "isation",
            "ations",
            "ation",
            "ements",
            "ement",
            "ments",
            "ment",
            "ness",
            "ingly",
            "ings",
            "ing",
            "izing",
            "ising",
            "izes",
            "ises",
            "ized",
            "ised",
            "ize",
            "ise",
            "ions",
            "ion",
            "ists",
            "ist",
            "isms",
            "ism",
            "ities",
            "ity",
            "ical",
            "ically",
            "ally",
            "ers",
            "er",
            "ors",
            "or",
            "ies",
            "ied",
            "ed",
            "es",
            "s",
            "ly",
            "ive",
            "ives",
            "al",
            "ic",
            "ics",
            "ence",
            "ance",
            "ent",
            "ant",
            "ants",
            "ents",
            "able",
            "ible",
            "e",
            "y",
        ],
        key=len,
        reverse=True,
    )
)
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
    for suf in _SUFFIXES:
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
# Upper-case abbreviations common in job titles, expanded so "IT Manager" meets
# "Information Technology Manager" (and "IT" is not dropped as the pronoun "it").
_ABBREVIATIONS = {
    "IT": "information technology",
    "HR": "human resources",
    "QA": "quality assurance",
    "RN": "registered nurse",
    "CPA": "certified public accountant",
}
_ABBREV_RE = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (keeps c++, c#, numbers; "e-commerce" -> "ecommerce")."""
    if "IT" in text or "HR" in text or "QA" in text or "RN" in text or "CPA" in text:
        text = _ABBREV_RE.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    return _WORD_RE.findall(_LETTER_PREFIX_RE.sub(r"\1", text.lower()))


def word_spans(text: str):
    """(start, end, lowercase word) for each word token in ``text``."""
    for m in _TOKEN_SPAN_RE.finditer(text):
        yield m.start(), m.end(), m.group(0).lower()


@lru_cache(maxsize=200_000)
def word_class(word: str) -> str:
    """'stop', 'generic', 'common' or 'content'."""
    w = word.lower()
    if w in STOPWORDS or (len(w) == 1 and not w.isdigit()):
        return "stop"
    if w.isdigit() or w.replace(".", "", 1).isdigit():
        return "stop"
    if w in GENERIC:
        return "generic"
    if w in COMMON:
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
    content = [w for w in ws if w not in STOPWORDS] or ws
    return "-".join(content[:max_words]) or "requirement"
