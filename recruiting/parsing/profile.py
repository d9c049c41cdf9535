"""The parsed profile: ``Profile`` and its ``Position``, ``Education`` and ``Section`` entries,
and ``Profile.from_dict`` for the shape ``to_dict`` stores."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True)
class Position:
    title: str
    company: str
    start: date | None
    end: date | None
    current: bool
    months: int
    # Line numbers (into ``recruiting.text.cleanup.line_spans`` of the parsed text) of the date
    # and of the title / company, for readers that quote the resume by line (the scorer).
    line: int = -1
    header_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Section:
    kind: str  # "header" for the lines before the first heading
    start: int  # first body line
    end: int  # one past the last body line
    heading_line: int = -1  # the heading's own line; == start for "Skills: Python, SQL"


@dataclass(frozen=True)
class Education:
    degree: str
    field: str
    institution: str
    year: int | None


@dataclass(frozen=True)
class Profile:
    name: str
    email: str
    phone: str  # E.164 or ""
    location: str
    links: tuple[str, ...]
    skills: tuple[str, ...]  # canonical, ordered by first mention
    positions: tuple[Position, ...]
    total_years_experience: float  # overlaps counted once (union of intervals), one decimal
    education: tuple[Education, ...]
    headline: str
    sections: tuple[Section, ...] = ()
    # Lines of the parsed text; 0 in profiles stored before lines were kept, whose sections
    # and position lines are unknown.
    line_count: int = 0

    @classmethod
    def from_dict(cls, data: dict) -> Profile:
        """The profile ``to_dict`` stored; keys missing from older stored shapes get their
        defaults."""

        def day(value) -> date | None:
            return date.fromisoformat(value) if value else None

        positions = tuple(
            Position(
                title=p.get("title", ""),
                company=p.get("company", ""),
                start=day(p.get("start")),
                end=day(p.get("end")),
                current=bool(p.get("current")),
                months=int(p.get("months") or 0),
                line=int(p.get("line", -1)),
                header_lines=tuple(p.get("header_lines") or ()),
            )
            for p in data.get("positions") or ()
        )
        return cls(
            name=data.get("name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            location=data.get("location", ""),
            links=tuple(data.get("links") or ()),
            skills=tuple(data.get("skills") or ()),
            positions=positions,
            total_years_experience=float(data.get("total_years_experience") or 0.0),
            education=tuple(Education(**e) for e in data.get("education") or ()),
            headline=data.get("headline", ""),
            sections=tuple(Section(**s) for s in data.get("sections") or ()),
            line_count=int(data.get("line_count") or 0),
        )

    def to_dict(self) -> dict:
        """JSON-serialisable dict (dates as ISO strings, tuples as lists)."""
        data = asdict(self)
        data["links"] = list(self.links)
        data["skills"] = list(self.skills)
        data["positions"] = [
            {
                **asdict(p),
                "header_lines": list(p.header_lines),
                "start": p.start.isoformat() if p.start else None,
                "end": p.end.isoformat() if p.end else None,
            }
            for p in self.positions
        ]
        data["education"] = [asdict(e) for e in self.education]
        data["sections"] = [asdict(s) for s in self.sections]
        return data
