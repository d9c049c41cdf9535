"""What HR types when they correct the AI, checked the same way wherever it is typed: a
score out of 100, and the reason an override needs."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from recruiting.textbounds import REASON_MAX_CHARS

# Every score is kept to the cent.
CENTS = Decimal("0.01")


def hr_score(value, *, what: str) -> Decimal:
    """``value`` as a score from 0 to 100 in cents; ``what`` names it in the message
    ("The corrected score")."""
    try:
        score = Decimal(str(value)).quantize(CENTS)
    except (ArithmeticError, ValueError) as exc:
        raise ValidationError(f"{what} must be a number.") from exc
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError(f"{what} must be between 0 and 100.")
    return score


def override_reason(reason: str | None, *, overriding: str) -> str:
    """The reason HR gives for overriding ``overriding`` ("the AI's ranking"), stripped;
    required and bounded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(f"Say why: a reason is required to override {overriding}.")
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(f"Keep the reason under {REASON_MAX_CHARS:,} characters.")
    return reason
