"""What the loader derives from the vocabulary's entries: the keys a text is matched against,
the token trie the scan walks, and each skill's implications followed transitively."""

from __future__ import annotations

from collections.abc import Iterable


def match_index(
    alias_index: dict[tuple[str, ...], str], case_keys: dict[tuple[str, ...], str]
) -> dict[tuple[str, ...], str]:
    """Explicit keys plus joined multi-token keys ("nodejs" for "node js") and simple plurals."""
    index = dict(alias_index)
    for key, canon in alias_index.items():
        if key in case_keys:  # ambiguous keys are case keys too
            continue
        if len(key) > 1 and all(t.isalnum() for t in key):
            joined = ("".join(key),)
            if len(joined[0]) >= 5 and joined not in index:
                index[joined] = canon
        last = key[-1]
        if last.isalpha() and len(last) >= 4 and not last.endswith("s"):
            for suffix in ("s", "es") if last.endswith(("sh", "ch", "x")) else ("s",):
                plural = (*key[:-1], last + suffix)
                if plural not in index:
                    index[plural] = canon
    return index


def trie(keys: Iterable[tuple[str, ...]]) -> dict:
    """Nested dicts over tokens; the terminal marker "" holds the key."""
    root: dict = {}
    for key in keys:
        node = root
        for tok in key:
            node = node.setdefault(tok, {})
        node[""] = key
    return root


def implied_closure(skill: str, implies: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Every skill `skill` implies, directly or through another: Django -> {Python}."""
    seen: set[str] = set()
    stack = list(implies.get(skill, ()))
    while stack:
        s = stack.pop()
        if s in seen or s == skill:
            continue
        seen.add(s)
        stack.extend(implies.get(s, ()))
    return frozenset(seen)
