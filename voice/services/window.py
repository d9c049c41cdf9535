"""When a candidate may be called: the calling window in their own timezone."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from django.conf import settings
from phonenumbers import timezone as phone_timezones

from recruiting.models import Candidate

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def candidate_timezone(candidate: Candidate) -> ZoneInfo:
    """The candidate's timezone: their profile's, else their number's country and area,
    else the site's.

    A number whose area spans several zones (a mobile range, a whole country) gets the
    first zone ``phonenumbers`` lists for it.
    """
    for name in (candidate.timezone, *_zones_of_number(candidate.phone)):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo(settings.TIME_ZONE)


def _zones_of_number(number: str) -> tuple[str, ...]:
    try:
        parsed = phonenumbers.parse(number, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ()
    return tuple(z for z in phone_timezones.time_zones_for_number(parsed) if "/" in z)


def _window() -> tuple[time, time, set[int]]:
    start = time.fromisoformat(settings.VOICE_CALLING_WINDOW_START)
    end = time.fromisoformat(settings.VOICE_CALLING_WINDOW_END)
    days = {DAYS.index(day.strip().lower()[:3]) for day in settings.VOICE_CALLING_DAYS}
    return start, end, days


def next_calling_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` if it falls inside the calling window in ``zone``, else the start of the
    next window, as an aware datetime.

    The window is wall-clock time: across a DST change the next start is still 09:00 on
    the candidate's clock, whatever that is in UTC.
    """
    start, end, days = _window()
    local = moment.astimezone(zone)
    if local.weekday() in days and start <= local.time() < end:
        return moment
    day = local.date()
    for offset in range(8):
        candidate_day = day + timedelta(days=offset)
        if candidate_day.weekday() not in days:
            continue
        opening = datetime.combine(candidate_day, start, tzinfo=zone)
        if opening > local:
            return opening
    raise ValueError("VOICE_CALLING_DAYS names no day of the week.")
