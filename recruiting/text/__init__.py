"""The text layer: how resume and job-advert text is read, once for every reader.

Pure Python (no Django). The parser (``recruiting.parsing``), the offline scorer
(``ai.scoring``), the requirement extractor (``ai.scoring.requirements``), the guardrails
(``ai.guardrails``) and the not-a-resume verdict all read text through it:

* ``cleanup``  invisible and tag characters, look-alike folding, mojibake, whitespace, lines
* ``dates``    the one date grammar: dates, date ranges, ranges split over lines
* ``years``    month arithmetic: intervals of ranges, their union, years of experience
* ``roles``    role words of job titles (``data/roles.toml``)
* ``headings`` resume and job-advert section headings (``data/headings.toml``)
* ``degrees``  degree levels (``DegreeLevel``, ``degree_level``)
"""

from recruiting.text.cleanup import clean_line, clean_lines, fold, line_spans, remove_invisible
from recruiting.text.dates import DateRange, find_date_ranges, parse_date
from recruiting.text.degrees import DegreeLevel, degree_level
from recruiting.text.headings import foreign_heading, posting_heading, resume_heading
from recruiting.text.roles import has_role_word, is_role_noun, is_role_word, load_role_words
from recruiting.text.years import interval, month_of, union_months, years_between

__all__ = [
    "DateRange",
    "DegreeLevel",
    "clean_line",
    "clean_lines",
    "degree_level",
    "find_date_ranges",
    "fold",
    "foreign_heading",
    "has_role_word",
    "interval",
    "is_role_noun",
    "is_role_word",
    "line_spans",
    "load_role_words",
    "month_of",
    "parse_date",
    "posting_heading",
    "remove_invisible",
    "resume_heading",
    "union_months",
    "years_between",
]
