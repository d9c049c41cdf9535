"""The parsed profile: ``Profile`` and its ``Position`` and ``Education`` entries."""

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

    def to_dict(self) -> dict:
        """JSON-serialisable dict (dates as ISO strings, tuples as lists)."""
        data = asdict(self)
        data["links"] = list(self.links)
        data["skills"] = list(self.skills)
        data["positions"] = [
            {
                **asdict(p),
                "start": p.start.isoformat() if p.start else None,
                "end": p.end.isoformat() if p.end else None,
            }
            for p in self.positions
        ]
        data["education"] = [asdict(e) for e in self.education]
        return data
