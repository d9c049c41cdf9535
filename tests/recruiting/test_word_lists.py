"""The word lists shipped as data files: the parser's (``recruiting/parsing/data/words.toml``)
and the not-a-resume verdict's (``recruiting/data/verdict.toml``). The shipped files load; a
malformed one is refused with the file, the list and the entry named."""

import copy
import re

import pytest

from ai.scoring._wordlists import read_title_words
from recruiting.parsing.vocabulary import load_parser_words, parse_parser_words
from recruiting.text.roles import parse_role_words
from recruiting.verdict import load_verdict_words, parse_verdict_words
from recruiting.word_lists import WordListError, data_file, read_toml


@pytest.fixture
def parser_data():
    return copy.deepcopy(read_toml(data_file("recruiting.parsing", "words.toml")))


@pytest.fixture
def verdict_data():
    return copy.deepcopy(read_toml(data_file("recruiting", "verdict.toml")))


def test_the_parser_words_load():
    words = load_parser_words()
    assert {"HR", "CPA"} <= words.acronyms
    assert {"CA", "DC", "PR"} <= words.us_states and len(words.us_states) == 52
    assert "new york" in words.us_state_names and "united kingdom" in words.countries
    assert {"van", "st."} <= words.name_particles and "shrm-cp" in words.credentials
    assert "resume" in words.name_stopwords and "accounting" in words.field_words
    assert load_parser_words() is words  # read once


def test_the_parser_patterns_match_whole_words_in_any_case():
    markers = load_parser_words().company_markers
    assert markers.fullmatch("Inc.") and markers.fullmatch("L.L.C") and markers.search("City of X")
    assert not markers.search("Incorporeal") and not markers.search("cobalt")
    institutions = load_parser_words().institutions
    assert institutions.fullmatch("UNIVERSITÉ") and institutions.fullmatch("Univ")
    assert institutions.search("Technische Hochschule Berlin") and not institutions.search("Unit")


def test_the_verdict_words_load():
    words = load_verdict_words()
    assert {"experience", "education", "skills"} <= words.career_kinds
    assert "i'm" in words.first_person and "lorem" in words.lorem_words
    features = words.invoice_features
    assert list(features) == [
        "an invoice or receipt number",
        "totals",
        "VAT or sales tax",
        "quantities and unit prices",
        "billing details",
    ]
    assert features["an invoice or receipt number"].search("INVOICE #204")
    assert features["totals"].search("Sub-Total:   $1,200.00")
    assert not features["totals"].search("total commitment")
    assert features["VAT or sales tax"].search("VAT (20%)  24.00")
    assert features["billing details"].search("Bill\n  To: Acme")
    assert load_verdict_words() is words


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["names"]["particles"].append("van"),
            "words.toml [names]: 'particles' lists 'van' twice",
        ),
        (lambda d: d["acronyms"].append("Hr"), "'acronyms' has 'Hr', which is not in upper case"),
        (lambda d: d["acronyms"].append("K-12"), "'acronyms' has 'K-12', not capital letters only"),
        (
            lambda d: d["places"]["us_states"].append("CAL"),
            "'us_states' has 'CAL', not a two-letter",
        ),
        (
            lambda d: d["places"]["countries"].append("France "),
            "'countries' has 'France ', not a word",
        ),
        (
            lambda d: d["places"]["countries"].append("New Caledonia"),
            "'New Caledonia', which is not in lower",
        ),
        (lambda d: d["organisations"]["institutions"].append("la  salle"), "more than one space"),
        (lambda d: d["names"].update(stopwords=[]), "'stopwords' must be a non-empty list"),
        (
            lambda d: d["names"].update(particle=["van"]),
            "words.toml [names]: unknown key 'particle'",
        ),
        (lambda d: d.pop("places"), "words.toml: [places] is missing"),
        (lambda d: d.update(acronym=["HR"]), "words.toml: unknown key 'acronym'"),
    ],
)
def test_a_malformed_parser_word_list_is_refused(parser_data, change, message):
    change(parser_data)
    with pytest.raises(WordListError, match=re.escape(message)):
        parse_parser_words(parser_data)


def _feature(data, label):
    return next(f for f in data["invoice_feature"] if f["label"] == label)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["lorem_words"].append("ipsum"),
            "verdict.toml: 'lorem_words' lists 'ipsum' twice",
        ),
        (
            lambda d: d["first_person"].append("Ich"),
            "'first_person' has 'Ich', which is not in lower case",
        ),
        (
            lambda d: d["career_kinds"].append("hobbies"),
            "career kind 'hobbies' is no resume section kind",
        ),
        (
            lambda d: _feature(d, "totals").update(followed_by="price"),
            "[[invoice_feature]] 'totals': followed_by 'price' is not one of",
        ),
        (
            lambda d: _feature(d, "totals").update(pattern="total"),
            "[[invoice_feature]] 'totals': unknown key 'pattern'",
        ),
        (
            lambda d: _feature(d, "totals")["words"].append("Total"),
            "[[invoice_feature]] 'totals': 'words' has 'Total', which is not in lower case",
        ),
        (
            lambda d: d["invoice_feature"].append({"label": "totals", "words": ["sum"]}),
            "[[invoice_feature]] 'totals' is listed twice",
        ),
        (
            lambda d: d["invoice_feature"].append({"words": ["sum"]}),
            "[[invoice_feature]] #6 needs a label",
        ),
        (lambda d: d.update(invoice_feature=[]), "verdict.toml: no [[invoice_feature]] entries"),
    ],
)
def test_a_malformed_verdict_word_list_is_refused(verdict_data, change, message):
    change(verdict_data)
    with pytest.raises(WordListError, match=re.escape(message)):
        parse_verdict_words(verdict_data)


def test_a_data_file_that_is_not_toml_is_refused_with_its_name(tmp_path, monkeypatch):
    package = tmp_path / "broken_words"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "data" / "words.toml").write_text('acronyms = ["HR",\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(WordListError, match=r"^words\.toml: not valid TOML"):
        read_toml(data_file("broken_words", "words.toml"))


def test_every_data_file_is_checked_by_the_same_helpers(tmp_path):
    path = tmp_path / "titles.toml"
    path.write_text('seniority = ["vice  president"]\n', encoding="utf-8")
    with pytest.raises(WordListError, match=r"^titles\.toml: 'seniority' has .* more than one"):
        read_title_words(path)
    with pytest.raises(WordListError, match=r"^roles\.toml: 'nouns' lists 'chef' twice"):
        parse_role_words({"nouns": ["chef", "chef"], "title_words": ["sous"]})
