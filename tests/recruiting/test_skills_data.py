"""Tests for the skills vocabulary data file and its loader (recruiting/data/skills.toml)."""

from importlib import resources

import pytest

from recruiting import skills
from recruiting.skills import load_vocabulary, parse_vocabulary, vocabulary


@pytest.fixture(autouse=True)
def _media_root():
    """Shadow the Django-only autouse fixture of tests/conftest.py: these tests are pure Python."""
    return None


VALID = """
[categories]
all = ["programming_language", "backend", "office"]
tech = ["programming_language", "backend", "office"]
core_tech = ["programming_language", "backend"]
code_tech = ["programming_language", "backend"]
business = ["office"]

[compatible]
programming_language = { groups = ["tech"] }
office = { groups = ["all"], categories = ["office"] }

[cues]
no_cue = ["word"]

[[skill]]
name = "JavaScript"
category = "programming_language"
aliases = ["js"]

[[skill]]
name = "Go"
category = "programming_language"
aliases = ["Go", "golang"]
ambiguous = ["Go"]

[[skill]]
name = "Node.js"
category = "backend"
aliases = ["Node", "nodejs"]
ambiguous = ["Node"]
related = ["JavaScript"]

[[skill]]
name = "Express.js"
category = "backend"
aliases = ["express"]
related = ["Node.js"]

[[skill]]
name = "Microsoft Excel"
category = "office"
aliases = ["Excel", "EXCEL VBA"]
ambiguous = ["Excel"]
case_sensitive = ["EXCEL VBA"]
"""


def test_a_small_valid_vocabulary_builds_its_indexes():
    v = parse_vocabulary(VALID)
    assert list(v.categories) == ["JavaScript", "Go", "Node.js", "Express.js", "Microsoft Excel"]
    # the name comes first unless one of its own spellings is flagged
    assert v.aliases["Go"] == ("Go", "golang")
    assert v.aliases["Node.js"] == ("Node.js", "Node", "nodejs")
    assert v.ambiguous == {"Go", "Node", "Excel"}
    assert v.case_sensitive == {"EXCEL VBA"}
    assert v.related["Express.js"] == {"Node.js", "JavaScript"}
    assert v.related["JavaScript"] == frozenset()
    assert v.compatible["office"] == {"programming_language", "backend", "office"}
    assert v.no_cue == {"word"}
    assert v.alias_index[("node", "js")] == "Node.js"
    assert v.match_index[("nodejs",)] == "Node.js"
    assert v.case_keys[("excel",)] == "Excel"
    assert ("go",) in v.ambig_keys and ("excel", "vba") not in v.ambig_keys


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # a second skill with the same canonical name
        (
            'name = "Express.js"',
            'name = "JavaScript"',
            "skill 'JavaScript': duplicate canonical skill",
        ),
        # one alias, two skills
        ('aliases = ["express"]', 'aliases = ["golang"]', "alias 'golang' also belongs to 'Go'"),
        # the same key through a different spelling
        ('aliases = ["express"]', 'aliases = ["Node JS"]', "also belongs to 'Node.js'"),
        (
            'category = "office"',
            'category = "offce"',
            "skill 'Microsoft Excel': unknown category 'offce'",
        ),
        ('aliases = ["express"]', 'aliases = ["express", ""]', "skill 'Express.js': empty alias"),
        ('aliases = ["express"]', 'aliases = ["--"]', "skill 'Express.js': empty alias '--'"),
        ('name = "Express.js"', 'name = ""', "skill #4: name must be a non-empty string"),
        (
            'related = ["Node.js"]',
            'related = ["Deno"]',
            "skill 'Express.js': related skill 'Deno' is not a canonical skill",
        ),
        (
            'ambiguous = ["Go"]',
            'ambiguous = ["go"]',
            "skill 'Go': ambiguous 'go' is not one of its aliases",
        ),
        (
            'case_sensitive = ["EXCEL VBA"]',
            'case_sensitive = ["Excel"]',
            "skill 'Microsoft Excel': 'Excel' is both ambiguous and case_sensitive",
        ),
        (
            'aliases = ["express"]',
            'alias = ["express"]',
            "skill 'Express.js': unknown field 'alias'",
        ),
        ('aliases = ["js"]', 'aliases = "js"', "skill 'JavaScript': aliases must be a list"),
        (
            'business = ["office"]',
            'business = ["ofice"]',
            "[categories] business: unknown category",
        ),
        (
            'programming_language = { groups = ["tech"] }',
            'programming_language = { groups = ["techs"] }',
            "[compatible] programming_language: unknown group 'techs'",
        ),
        (
            'programming_language = { groups = ["tech"] }',
            'cooking = { groups = ["tech"] }',
            "[compatible] cooking: unknown category 'cooking'",
        ),
        ("[[skill]]", "[[skill]", "not valid TOML"),
    ],
)
def test_a_broken_vocabulary_is_refused_naming_the_entry(old, new, message):
    assert old in VALID
    broken = VALID.replace(old, new, 1)
    with pytest.raises(ValueError, match=None) as exc:
        parse_vocabulary(broken)
    assert message in str(exc.value)


def test_the_vocabulary_is_loaded_once(monkeypatch):
    assert load_vocabulary() is load_vocabulary()
    loaded = load_vocabulary()
    # the module's public names are the loaded vocabulary, not copies built elsewhere
    assert skills.SKILL_ALIASES is loaded.aliases
    assert skills.RELATED_SKILLS is loaded.related

    reads = []
    real_parse = skills.parse_vocabulary
    monkeypatch.setattr(
        vocabulary, "parse_vocabulary", lambda text: reads.append(text) or real_parse(text)
    )
    load_vocabulary.cache_clear()
    try:
        fresh = [load_vocabulary() for _ in range(3)]
        assert len(reads) == 1
        assert fresh[0] is fresh[1] is fresh[2]
    finally:
        # put the module's own instance back in the cache
        load_vocabulary.cache_clear()
        monkeypatch.setattr(vocabulary, "parse_vocabulary", lambda text: loaded)
        assert load_vocabulary() is loaded


def test_the_data_file_ships_inside_the_package():
    data = resources.files("recruiting").joinpath("data/skills.toml")
    assert data.is_file()
    assert "[[skill]]" in data.read_text(encoding="utf-8")


# --- equivalence with the vocabulary as it was written in Python --------------------------------
# Frozen facts of the vocabulary when it moved from recruiting/skills.py to the data file.


def _entry(name):
    v = load_vocabulary()
    spellings = v.aliases[name]
    return (
        v.categories[name],
        spellings,
        tuple(s for s in spellings if s in v.ambiguous),
        tuple(s for s in spellings if s in v.case_sensitive),
        v.implies.get(name, ()),
        v.related[name],
    )


def test_the_data_file_keeps_the_vocabulary_counts():
    v = load_vocabulary()
    assert len(v.categories) == 726
    assert len(set(v.categories.values())) == 27
    assert sum(len(a) for a in v.aliases.values()) == 2678
    assert len(v.ambiguous) == 58
    assert len(v.case_sensitive) == 56
    assert len(v.implies) == 170
    assert len(v.match_index) == 5729
    assert len(v.no_cue) == 28
    assert len(v.tech) == 16 and len(v.core_tech) == 10 and len(v.code_tech) == 9
    assert len(v.business) == 7
    assert v.compatible["office"] == set(v.categories.values())
    assert v.compatible["engineering"] == v.tech | {"engineering", "management"}
    assert v.compatible["healthcare"] == {"healthcare", "office"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Go",
            (
                "programming_language",
                ("Go", "golang", "go lang", "go language", "go programming"),
                ("Go",),
                (),
                (),
                frozenset(),
            ),
        ),
        (
            "R",
            (
                "programming_language",
                ("R", "r programming", "r language", "rstudio", "r studio"),
                ("R",),
                (),
                (),
                frozenset(),
            ),
        ),
        (
            "C++",
            (
                "programming_language",
                ("C++", "cpp", "c plus plus", "cplusplus", "c++11", "c++14", "c++17", "c++20"),
                (),
                (),
                (),
                frozenset(),
            ),
        ),
        (
            "C#",
            (
                "programming_language",
                ("C#", "c sharp", "csharp", "c#.net"),
                (),
                (),
                (),
                frozenset(),
            ),
        ),
        (
            ".NET",
            (
                "backend",
                (
                    ".NET",
                    ".net",
                    "dotnet",
                    "dot net",
                    ".net framework",
                    ".net core",
                    "net core",
                    "asp.net core",
                ),
                (),
                (),
                ("C#",),
                frozenset({"C#"}),
            ),
        ),
        (
            "Node.js",
            (
                "backend",
                ("Node.js", "Node", "nodejs", "node js"),
                ("Node",),
                (),
                ("JavaScript",),
                frozenset({"JavaScript"}),
            ),
        ),
        (
            "Microsoft Excel",
            (
                "office",
                (
                    "Microsoft Excel",
                    "Excel",
                    "ms excel",
                    "excel spreadsheets",
                    "advanced excel",
                    "pivot tables",
                    "pivot table",
                    "vlookup",
                    "v-lookup",
                    "spreadsheets",
                ),
                ("Excel",),
                (),
                ("Microsoft Office",),
                frozenset({"Microsoft Office"}),
            ),
        ),
    ],
)
def test_tricky_entries_are_unchanged(name, expected):
    assert _entry(name) == expected


def test_entries_with_both_flags_and_a_flagged_name_are_unchanged():
    v = load_vocabulary()
    # the name is flagged itself, so it keeps its place among the aliases
    assert v.aliases["Sass"] == ("scss", "Sass")
    assert v.aliases["Mandarin"] == ("Mandarin", "mandarin chinese", "chinese mandarin", "Chinese")
    assert "Mandarin" in v.case_sensitive and "Chinese" in v.ambiguous
    # a plain and a case-sensitive spelling of one key: the stricter rule wins
    assert v.case_keys[("redshift",)] == "Redshift"
    assert v.related["Django REST Framework"] == {"Django", "REST APIs", "Python"}
