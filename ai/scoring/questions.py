"""Phone-screen questions from structured requirements, offline and deterministic.

One technical question per must-have (up to ``MAX_TECHNICAL``), worded for the kind of
requirement (a language, a database, a cloud platform, a role, a qualification...), one
behavioural question and one or two logistics (knock-out) questions. Each has follow-ups,
a type, a difficulty from the job's seniority, the keywords a good answer would mention
and an expected length in seconds, in the shape of seed 001's question generator.

The wording is data in ``ai/scoring/data/questions.toml``, read and checked once by
:func:`load_question_bank`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ai.scoring import _vocab
from recruiting.word_lists import (
    DataFile,
    WordListError,
    check_keys,
    data_file,
    read_toml,
    sub_table,
    text,
    word_list,
)

if TYPE_CHECKING:
    from ai.scoring.requirements import JobRequirements, Requirement

MAX_TECHNICAL = 5
_DIFFICULTIES = frozenset({"easy", "medium", "hard"})


@dataclass(frozen=True)
class Template:
    text: str
    followups: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class QuestionBank:
    difficulty: dict[str, str]  # job seniority -> question difficulty
    skill_templates: dict[str, Template]  # vocabulary category -> template
    skill_fallback: Template
    skill_years_followup: str
    experience: Template
    requirement: Template
    role: Template
    senior_levels: frozenset[str]
    behavioural_senior: Template
    behavioural_other: Template
    knockout_followups: tuple[str, ...]  # a knock-out question itself is asked as written
    knockout_keywords: tuple[str, ...]
    logistics_default: Template
    ignored_keywords: frozenset[str]


def _with_placeholders(wording: str, allowed: set[str], where: str) -> str:
    """The wording, if every "{name}" in it is one the writer fills in."""
    used = {name for _, name, _, _ in string.Formatter().parse(wording) if name is not None}
    unknown = sorted(used - allowed)
    if unknown:
        raise WordListError(f"{where}: unknown placeholder {{{unknown[0]}}}")
    return wording


def _template(
    table: dict, where: str, placeholders: set[str], *, keywords: bool = True, extra=()
) -> Template:
    check_keys(
        table,
        where,
        required={"text", "followups", *(["keywords"] if keywords else [])},
        optional=tuple(extra),
    )
    return Template(
        text=_with_placeholders(text(table, "text", where), placeholders, f"{where}: text"),
        followups=word_list(table, "followups", where, case=None),
        keywords=word_list(table, "keywords", where, case=None) if keywords else (),
    )


def _skill_templates(skill: dict, where: str) -> dict[str, Template]:
    entries = skill.get("template")
    if not isinstance(entries, list) or not entries:
        raise WordListError(f"{where}: template must be a non-empty array of tables")
    known = _vocab.CATEGORIES
    by_category: dict[str, Template] = {}
    for n, entry in enumerate(entries, 1):
        at = f"{where} template #{n}"
        if not isinstance(entry, dict):
            raise WordListError(f"{at}: must be a table")
        template = _template(entry, at, {"skill"}, extra=["categories"])
        for category in word_list(entry, "categories", at):
            if known and category not in known:
                raise WordListError(f"{at}: unknown vocabulary category {category!r}")
            if category in by_category:
                raise WordListError(f"{at}: category {category!r} already has a template")
            by_category[category] = template
    return by_category


def read_question_bank(source: DataFile) -> QuestionBank:
    data = read_toml(source)
    name = source.name
    tables = ("difficulty", "skill", "experience", "requirement", "role", "behavioural")
    check_keys(data, name, required={*tables, "logistics", "answer_keywords"})
    difficulty = sub_table(data, "difficulty", name)
    for level in difficulty:
        if text(difficulty, level, f"{name} [difficulty]") not in _DIFFICULTIES:
            raise WordListError(f"{name} [difficulty]: {level} must be one of easy, medium, hard")
    skill = sub_table(data, "skill", name)
    check_keys(skill, f"{name} [skill]", required={"years_followup", "template", "fallback"})
    behavioural = sub_table(data, "behavioural", name)
    check_keys(behavioural, f"{name} [behavioural]", required={"senior_levels", "senior", "other"})
    logistics = sub_table(data, "logistics", name)
    check_keys(logistics, f"{name} [logistics]", required={"followups", "keywords", "default"})
    ignored = sub_table(data, "answer_keywords", name)
    check_keys(ignored, f"{name} [answer_keywords]", required={"ignore"})

    def template(table: dict, path: str, placeholders: set[str], **kw) -> Template:
        key = path.rsplit(".", 1)[-1]
        return _template(sub_table(table, key, name), f"{name} [{path}]", placeholders, **kw)

    return QuestionBank(
        difficulty=dict(difficulty),
        skill_templates=_skill_templates(skill, f"{name} [skill]"),
        skill_fallback=template(skill, "skill.fallback", {"skill"}),
        skill_years_followup=_with_placeholders(
            text(skill, "years_followup", f"{name} [skill]"),
            {"skill"},
            f"{name} [skill]: years_followup",
        ),
        experience=template(data, "experience", {"role"}),
        requirement=template(data, "requirement", {"text"}, keywords=False),
        role=template(data, "role", {"role"}, keywords=False),
        senior_levels=frozenset(word_list(behavioural, "senior_levels", f"{name} [behavioural]")),
        behavioural_senior=template(behavioural, "behavioural.senior", set()),
        behavioural_other=template(behavioural, "behavioural.other", set()),
        knockout_followups=word_list(logistics, "followups", f"{name} [logistics]", case=None),
        knockout_keywords=word_list(logistics, "keywords", f"{name} [logistics]", case=None),
        logistics_default=template(logistics, "logistics.default", set()),
        ignored_keywords=frozenset(word_list(ignored, "ignore", f"{name} [answer_keywords]")),
    )


@cache
def load_question_bank() -> QuestionBank:
    return read_question_bank(data_file("ai.scoring", "questions.toml"))


# ----------------------------------------------------------------------------- questions


def generate_questions(requirements: JobRequirements, *, title: str = "") -> list[dict]:
    """Questions in seed 001's shape: id, text, followups, type, difficulty,
    expected_keywords, expected_length (seconds)."""
    bank = load_question_bank()
    difficulty = bank.difficulty.get(requirements.seniority, "medium")
    role = title or requirements.title or "this role"
    questions: list[dict] = []
    seen_skills: set[str] = set()
    for req in requirements.must_have:
        if len(questions) >= MAX_TECHNICAL:
            break
        question = _technical(req, difficulty, seen_skills)
        if question:
            questions.append(question)
    if not questions:
        # Nothing technical to ask about: ask about the role itself.
        questions.append(
            _question(
                bank.role.text.format(role=role),
                bank.role.followups,
                "situational",
                difficulty,
                _content_words(role),
                90,
            )
        )
    questions.append(_behavioural(requirements.seniority, difficulty))
    questions.extend(_logistics(requirements.knockouts))
    for index, question in enumerate(questions, start=1):
        question["id"] = f"q{index}"
    return [{"id": q.pop("id"), **q} for q in questions]


def _question(
    question: str,
    followups,
    kind: str,
    difficulty: str,
    keywords,
    length: int,
) -> dict:
    return {
        "text": question,
        "followups": list(followups),
        "type": kind,
        "difficulty": difficulty,
        "expected_keywords": list(keywords),
        "expected_length": length,
    }


def _technical(req: Requirement, difficulty: str, seen: set[str]) -> dict | None:
    if req.kind in ("education", "years"):
        return None  # read from the resume, not asked on the phone
    if req.kind == "experience":
        return _experience_question(req, difficulty)
    skills = [s for s in req.skills if s not in seen]
    if req.kind == "skill" and skills:
        seen.update(req.skills)
        return _skill_question(req, skills[0], difficulty)
    if req.kind == "keyword" or not skills:
        requirement = req.text.rstrip(".")
        if not requirement:
            return None
        template = load_question_bank().requirement
        return _question(
            template.text.format(text=requirement[:200]),
            template.followups,
            "situational",
            difficulty,
            _unique(req.keywords or _content_words(requirement))[:6],
            90,
        )
    return None


def _experience_question(req: Requirement, difficulty: str) -> dict:
    template = load_question_bank().experience
    role_name = (req.keywords[0] if req.keywords else req.text).strip()
    years = f" ({req.min_years:g}+ years)" if req.min_years else ""
    return _question(
        template.text.format(role=f"{_article(role_name)} {role_name}{years}"),
        template.followups,
        "technical",
        difficulty,
        [*_content_words(role_name)[:4], *template.keywords],
        120,
    )


def _skill_question(req: Requirement, skill: str, difficulty: str) -> dict | None:
    bank = load_question_bank()
    category = _vocab.skill_category(skill) or ""
    if category == "soft_skill":
        return None  # the behavioural question covers it
    template = bank.skill_templates.get(category, bank.skill_fallback)
    followups = list(template.followups)
    if req.min_years:
        followups.insert(0, bank.skill_years_followup.format(skill=skill))
    related = sorted(_vocab.related_skills(skill))[:3]
    name = skill if len(req.skills) == 1 else " or ".join(req.skills[:3])
    return _question(
        template.text.format(skill=name),
        followups,
        "technical",
        difficulty,
        _unique([skill, *related, *template.keywords])[:8],
        120 if difficulty != "easy" else 90,
    )


def _behavioural(seniority: str, difficulty: str) -> dict:
    bank = load_question_bank()
    senior = seniority in bank.senior_levels
    template = bank.behavioural_senior if senior else bank.behavioural_other
    return _question(
        template.text, template.followups, "behavioural", difficulty, template.keywords, 120
    )


def _logistics(knockouts: list[str]) -> list[dict]:
    bank = load_question_bank()
    out = []
    for knockout in knockouts[:2]:
        # Knock-outs read 'Question? ("the sentence of the description it came from")'.
        question = re.sub(r'\s*\(".*"\)\s*$', "", knockout).strip()
        if question:
            out.append(
                _question(
                    question,
                    bank.knockout_followups,
                    "logistics",
                    "easy",
                    bank.knockout_keywords,
                    30,
                )
            )
    if not out:
        default = bank.logistics_default
        out.append(
            _question(default.text, default.followups, "logistics", "easy", default.keywords, 30)
        )
    return out


def _content_words(phrase: str) -> list[str]:
    ignored = load_question_bank().ignored_keywords
    found = re.findall(r"[A-Za-z][A-Za-z+#.-]*", phrase)
    return _unique(w for w in found if w.lower() not in ignored and len(w) > 2)


def _unique(items) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
