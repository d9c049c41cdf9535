"""Whether two names can belong to one person.

Intake joins a file to a known candidate only when the email or phone matches *and* the
names agree: a family or placeholder address is shared by different people, and calling
or writing to the wrong one is the mistake this guards against. So the rule is cautious:
when it is unsure, the names disagree, and a recruiter settles it as a possible duplicate.
"""

import re

from recruiting.text.cleanup import fold_accents

# Names are short; anything longer is not a name, and this bounds the work on hostile text.
NAME_MAX_CHARS = 200
NAME_MAX_TOKENS = 8
# Honorifics and suffixes say nothing about which person it is.
_IGNORED = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "jr", "sr", "ii", "iii", "iv", "phd"}
)
_APOSTROPHES = re.compile(r"['’`´‘]")
# Letters NFKD (so ``fold_accents``) does not take apart.
_FOLD = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_SEPARATORS = re.compile(r"[\W_]+")  # any script's letters and digits stay


def name_tokens(name: str) -> list[str]:
    """The words of a name, lower-cased and without accents, in given-name-first order.

    "Smith, John" is read as "John Smith"; apostrophes join ("O'Neil" -> "oneil"); hyphens
    and dots separate ("Jean-Luc" -> "jean", "luc"; "J." -> "j").
    """
    name = (name or "")[:NAME_MAX_CHARS]
    if name.count(",") == 1:
        family, given = name.split(",")
        name = f"{given} {family}"
    # casefold on top of the text layer's folding: "Strauß" and "Strauss" are one name.
    plain = fold_accents(name).casefold().translate(_FOLD)
    plain = _APOSTROPHES.sub("", plain)
    words = [w for w in _SEPARATORS.split(plain) if w and w not in _IGNORED]
    return words[:NAME_MAX_TOKENS]


def names_agree(first: str, second: str) -> bool:
    """Whether ``first`` and ``second`` can name the same person.

    Tolerated: case, accents, order ("SMITH John", "Smith, John"), a missing middle name
    ("Mary Ann O'Neil" ~ "mary oneil") and initials ("J. Smith" ~ "John Smith"). Every word
    of the shorter name must match a different word of the longer, by equality or as an
    initial, and at least two words must match, one of them in full. So "John Smith" and
    "Jane Smith" disagree, and so do "Smith" and "John Smith" (one word names a family,
    not a person), unless both are the same single word ("Madonna").

    An empty (or unreadable) name on either side agrees: a file that shares an email or
    phone with a candidate but has no name we can read is most likely theirs, and it is the
    named-but-different case (a family address) that must be kept apart.
    """
    a, b = name_tokens(first), name_tokens(second)
    if not a or not b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) == 1:
        return a == b and len(a[0]) > 1
    unmatched = list(longer)
    full_matches = 0
    # Full words first, so an initial does not take the word a full match needs.
    pending = []
    for word in shorter:
        if len(word) > 1 and word in unmatched:
            unmatched.remove(word)
            full_matches += 1
        else:
            pending.append(word)
    for word in pending:
        partner = next((w for w in unmatched if _initial_matches(word, w)), None)
        if partner is None:
            return False
        unmatched.remove(partner)
    return full_matches >= 1


def _initial_matches(word: str, other: str) -> bool:
    if len(word) == 1:
        return other.startswith(word)
    return len(other) == 1 and word.startswith(other)
