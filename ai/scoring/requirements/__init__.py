"""Structured requirements from a job description, deterministically and offline.

``extract_requirements(job_description)`` returns a :class:`JobRequirements`: must-haves,
nice-to-haves, a minimum number of years, a seniority label and knockout questions. HR can
edit the result as JSON (``to_dict`` / ``from_dict``) and the scorer accepts the edited
version.

How it reads a job description:

1. Split it into sections from headings (Markdown ``##``, ``**bold**``, ``Heading:`` lines or
   short plain lines such as ``Requirements``) and classify each heading (title, summary,
   responsibilities, must, nice, company/benefits, other).
2. Each bullet (or sentence) of a *must* or *nice* section becomes one or more requirements:
   education (degree level + field), role experience ("4 years as a Systems Engineer"),
   vocabulary skills (split into separate requirements unless the clause says "or",
   "such as", "like" ... which makes an any-of group), domain experience
   ("3 years in enterprise risk management"), a general years statement, or, failing those,
   a keyword requirement made of its content phrases. "A plus", "preferred", "bonus" inside
   a required bullet move it to nice-to-have.
3. Skills that the title, summary or responsibilities repeat get a little more weight;
   skills that appear only there become nice-to-haves.
4. With no requirement sections, requirement-like sentences ("experience with", "must",
   "degree", "knowledge of" ...) are used, and skills found anywhere in the text are
   weighted by where and how often they appear.

Pure Python: no Django, no network.

* ``model``      ``Requirement``, ``JobRequirements``, the weights and seniority levels
* ``extract``    ``extract_requirements``: sections to drafts, emphasis, the extra skills
* ``items``      one bullet or sentence to requirements (education, role, years, skills ...)
* ``posting``    the advert as sections of items: headings, bullets, sentences
* ``years``      years of experience asked for
* ``roles``      roles and domains of experience
* ``degrees``    education requirements: degree level and field
* ``skills``     vocabulary skills: any-of groups, examples, plain lists
* ``knockouts``  knockout questions (work authorisation, licences, schedule ...)
* ``title``      the job's title and seniority
* ``hr_lines``   ``requirement_from_line``: a line HR wrote, kept as written
"""

from ai.scoring.requirements.extract import extract_requirements
from ai.scoring.requirements.hr_lines import requirement_from_line
from ai.scoring.requirements.model import KINDS, SENIORITY_LEVELS, JobRequirements, Requirement

__all__ = [
    "KINDS",
    "SENIORITY_LEVELS",
    "JobRequirements",
    "Requirement",
    "extract_requirements",
    "requirement_from_line",
]
