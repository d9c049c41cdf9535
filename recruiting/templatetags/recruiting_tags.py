import re

import phonenumbers
from django import template
from django.conf import settings

register = template.Library()

CHIP_ICONS = {"met": "✓", "partial": "◐", "missing": "✗"}
CHIP_LABELS = {"met": "met", "partial": "partly met", "missing": "missing"}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def chip_class(score) -> str:
    """How a requirement's 0-100 score shows as a chip."""
    if score is None:
        return ""
    return "met" if score >= 75 else "partial" if score >= 35 else "missing"


@register.filter
def chip_icon(state: str) -> str:
    return CHIP_ICONS.get(state, "")


@register.filter
def chip_state_label(state: str) -> str:
    return CHIP_LABELS.get(state, "not assessed")


@register.filter
def paragraphs(text: str) -> list[str]:
    """Extracted resume text as paragraphs (split at blank lines) for a readable preview.
    The template escapes each one: the text is untrusted."""
    blocks = re.split(r"\n[ \t]*\n", (text or "").replace("\r\n", "\n").strip())
    return [block.strip("\n") for block in blocks if block.strip()]


@register.filter
def phone(value: str) -> str:
    """A stored (E.164) phone number as people write it: national format for the default
    region, international otherwise; anything unparseable is shown as stored."""
    if not value:
        return ""
    region = settings.PHONE_DEFAULT_REGION
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_possible_number(number):
        return value
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for sort and page links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def batch_match_counts_for_viewer(context, batch) -> dict:
    """How the batch's files found their candidates, for a recruiter; empty for anyone
    else, to whom "joined an existing candidate" would say the person applied elsewhere
    (their files read as new candidates)."""
    from recruiting import roles, selectors

    request = context.get("request")
    if request is None or not roles.is_recruiter(request.user):
        return {}
    return selectors.batch_match_counts(batch)


@register.filter
def csv_rows_for(rows, user) -> list[dict]:
    """A CSV report as ``user`` may read it: for anyone but a recruiter, a row that joined
    a candidate from another job reads as a new candidate (no "already a candidate")."""
    from recruiting import roles

    if roles.is_recruiter(user):
        return rows
    return [{**row, **row.get("public", {})} for row in rows]
