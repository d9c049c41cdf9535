"""Turn resume text into a structured :class:`Profile`.

Pure Python (no Django).  The input is plain text as produced by ``recruiting.extraction``
(or pdfplumber): one line per visual line, in reading order.  Everything here is rule-based
and deterministic:

* the text is cleaned (double-encoded UTF-8 such as ``â€“``/``Ã©`` is repaired, bullets and
  zero-width characters are dropped);
* section headings are recognised from a vocabulary of heading phrases in many variants
  ("Experience", "Professional Experience", "Work History", "Employment", "Education and
  Training", "Skills", "Core Competencies", "Highlights", Markdown ``## Experience``, ...);
* contact details come from regular expressions and ``phonenumbers``;
* positions are anchored on date ranges inside experience sections; the title and company
  are read from the date line and the lines around it;
* total experience is the length of the union of the position intervals (overlapping jobs
  count once), in years with one decimal.

Date conventions: a range with months counts both end months ("Jan 2019 - Dec 2019" is 12
months); a year-only range counts whole years ("2014 - 2016" is 24 months, "2016 - 2016" is
12); "Present"/"Current" runs to ``today`` (inclusive of the current month).

* ``profile``     ``Profile``, ``Position``, ``Education``, ``Section``: what the parser
  returns, and ``Profile.from_dict`` for a stored one
* ``assembly``    ``parse_profile``: cleans the text, then reads each part below
* ``sections``    ``split_sections``: the lines between headings and what kind each one is
* ``contact``     e-mail, links, phone number, location
* ``names``       the person's name and headline
* ``positions``   positions around date ranges; their title and company
* ``education``   education entries: degree, field, institution, year
* ``degrees``     degree mentions (long forms and abbreviations)
* ``segments``    the parts of a header line (title, company, place)
* ``lines``       bullets and ALL CAPS titles on one line
* ``vocabulary``  word lists: acronyms, places, name words, credentials, company markers

Dates, years, headings, roles and degree levels are the text layer's (``recruiting.text``).
"""

from recruiting.parsing.assembly import parse_profile
from recruiting.parsing.profile import Education, Position, Profile, Section
from recruiting.parsing.sections import split_sections
from recruiting.text.dates import find_date_ranges
from recruiting.text.degrees import degree_level

__all__ = [
    "Education",
    "Position",
    "Profile",
    "Section",
    "degree_level",
    "find_date_ranges",
    "parse_profile",
    "split_sections",
]
