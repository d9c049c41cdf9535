"""The offline scorer's and question writer's data files (ai/scoring/data/) and their loaders."""

import pytest

from ai.scoring import _text
from ai.scoring._wordlists import (
    load_term_weights,
    load_title_words,
    load_word_forms,
    read_term_weights,
    read_title_words,
    read_word_forms,
)
from ai.scoring.questions import load_question_bank, read_question_bank
from recruiting.word_lists import WordListError, data_file


@pytest.fixture(autouse=True)
def _media_root():
    """Overrides the repository conftest's autouse fixture, which needs pytest-django."""
    return None


def _shipped(name: str) -> str:
    return data_file("ai.scoring", name).read_text(encoding="utf-8")


def _write(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def _rejected(reader, path) -> str:
    """The error message of reading ``path``, which must name the file first."""
    with pytest.raises(WordListError) as error:
        reader(path)
    message = str(error.value)
    assert message.startswith(path.name), message
    return message


# ----------------------------------------------------------------------------- shipped files


def test_shipped_term_weights_load_once():
    tiers = load_term_weights()
    assert load_term_weights() is tiers
    assert {"the", "and", "e.g"} <= tiers.stopwords
    assert {"experience", "ignore", "score"} <= tiers.generic
    assert {"management", "team"} <= tiers.common
    assert not (tiers.stopwords & tiers.generic or tiers.generic & tiers.common)


def test_shipped_word_forms_and_title_words_load():
    forms = load_word_forms()
    assert forms.abbreviations["IT"] == "information technology"
    assert [len(s) for s in forms.suffixes] == sorted(
        (len(s) for s in forms.suffixes), reverse=True
    )
    assert {"senior", "jr", "ii"} <= load_title_words().seniority


def test_shipped_question_bank_loads():
    bank = load_question_bank()
    assert bank.difficulty["senior"] == "hard"
    assert "{skill}" in bank.skill_templates["database"].text
    assert bank.skill_templates["accounting"] is bank.skill_templates["finance"]
    assert "soft_skill" not in bank.skill_templates
    assert "experience" in bank.ignored_keywords


def test_the_word_lists_drive_the_text_layer():
    assert _text.word_class("the") == "stop"
    assert _text.word_class("experience") == "generic"
    assert _text.term_weight("team") == _text.COMMON_WEIGHT
    assert _text.term_weight("kubernetes") == 1.0
    assert _text.words("IT Manager, HR") == [
        "information",
        "technology",
        "manager",
        "human",
        "resources",
    ]
    assert _text.stem("management") == _text.stem("manage") == "manag"
    assert _text.slugify("The Python and the SQL") == "python-sql"


# ----------------------------------------------------------------------------- malformed files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('stopwords = ["the"]\ngeneric = ["able"]\n', "term_weights.toml: missing 'common'"),
        (
            'stopwords = ["the"]\ngeneric = ["able"]\ncommon = ["team"]\nrare = ["x"]\n',
            "unknown entry 'rare'",
        ),
        (
            'stopwords = ["the", "the"]\ngeneric = ["able"]\ncommon = ["team"]\n',
            "'stopwords' lists 'the' twice",
        ),
        (
            'stopwords = ["The"]\ngeneric = ["able"]\ncommon = ["team"]\n',
            "has 'The', which is not in lower case",
        ),
        ('stopwords = ["the"]\ngeneric = []\ncommon = ["team"]\n', "'generic' must be a non-empty"),
        ('stopwords = ["the"]\ngeneric = [" "]\ncommon = ["team"]\n', "has ' ', not a word"),
        ('stopwords = ["the"]\ngeneric = [3]\ncommon = ["team"]\n', "has 3, not a word"),
        (
            'stopwords = ["the"]\ngeneric = ["able"]\ncommon = ["able"]\n',
            "common: 'able' is already in generic",
        ),
        ('stopwords = ["the"\n', "term_weights.toml: not valid TOML"),
    ],
)
def test_term_weights_reader_rejects_a_malformed_file(tmp_path, content, message):
    path = _write(tmp_path, "term_weights.toml", content)
    assert message in _rejected(read_term_weights, path)


def test_word_forms_reader_rejects_a_malformed_file(tmp_path):
    shipped = _shipped("word_forms.toml")
    for old, new, message in [
        ('IT = "information technology"', 'it = "information technology"', "'it' must be capital"),
        ('HR = "human resources"', 'HR = "Human Resources"', "HR: 'Human Resources' must be lower"),
        ('"ational",', '"ation al",', "'ation al' must be letters"),
        ('"ational",', '"ization",', "lists 'ization' twice"),
        ("[stemmer]", "[stemming]", "missing 'stemmer'"),
    ]:
        assert old in shipped
        path = _write(tmp_path, "word_forms.toml", shipped.replace(old, new, 1))
        assert message in _rejected(read_word_forms, path)


def test_title_words_reader_rejects_a_malformed_file(tmp_path):
    path = _write(tmp_path, "titles.toml", 'seniority = "senior"\n')
    assert "titles.toml: 'seniority' must be a non-empty list" in _rejected(read_title_words, path)
    path = _write(tmp_path, "titles.toml", 'seniority = ["sr"]\n')
    assert read_title_words(path).seniority == {"sr"}


def test_question_bank_reader_rejects_a_malformed_file(tmp_path):
    shipped = _shipped("questions.toml")
    for old, new, message in [
        ('senior = "hard"', 'senior = "tough"', "[difficulty]: senior must be one of"),
        (
            "where you wrote {skill}.",
            "where you wrote {skil}.",
            "template #1: text: unknown placeholder {skil}",
        ),
        (
            'categories = ["backend"]',
            'categories = ["programming_language"]',
            "'programming_language' already has",
        ),
        (
            'categories = ["backend"]',
            'categories = ["plumbing"]',
            "unknown vocabulary category 'plumbing'",
        ),
        ("[requirement]\ntext", "[requirement]\ntexts", "[requirement]: missing 'text'"),
        (
            'keywords = ["yes", "no"]',
            'keywords = ["yes", "yes"]',
            "[logistics]: 'keywords' lists 'yes' twice",
        ),
        ("[answer_keywords]", "[answer_words]", "missing 'answer_keywords'"),
        (
            "disagreed with a colleague",
            "disagreed with {colleague}",
            "[behavioural.senior]: text: unknown placeholder {colleague}",
        ),
        (
            "worked with {skill}, and",
            "worked with {skills}, and",
            "[skill]: years_followup: unknown placeholder {skills}",
        ),
    ]:
        assert old in shipped
        path = _write(tmp_path, "questions.toml", shipped.replace(old, new, 1))
        assert message in _rejected(read_question_bank, path)


def test_question_bank_reader_accepts_the_shipped_file_from_anywhere(tmp_path):
    path = _write(tmp_path, "questions.toml", _shipped("questions.toml"))
    assert read_question_bank(path) == load_question_bank()
