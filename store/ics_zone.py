"""The user's time zone for the calendar: `timezone` in config.toml, else the system's,
and the VTIMEZONE that tells readers what its local times mean."""

from __future__ import annotations

import functools
import os
from datetime import date
from pathlib import Path

from store.errors import UserError


def _known(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # not found is a KeyError; "../x" a ValueError
        return False
    return True


def zone_name(configured: str | None = None) -> str:
    """The IANA name of the zone local times are in; a configured name must be a real zone."""
    if configured is not None:
        if not isinstance(configured, str) or not _known(configured):
            raise UserError(
                f"timezone {configured!r} in config.toml is not a known time zone "
                "(try Europe/Berlin or America/New_York)"
            )
        return configured
    return system_zone()


def system_zone() -> str:
    """The system's zone name: $TZ, else /etc/localtime's target, else /etc/timezone."""
    tz = os.environ.get("TZ", "").removeprefix(":")
    if tz and _known(tz):
        return tz
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.split("zoneinfo/", 1)[1]
        if _known(name):
            return name
    try:
        name = Path("/etc/timezone").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        name = ""
    return name if name and _known(name) else "UTC"


@functools.lru_cache(maxsize=8)
def vtimezone(name: str, first_year: int, last_year: int) -> str:
    """The VTIMEZONE of `name` for those years, as folded content lines ending in CRLF."""
    from icalendar import Timezone

    # From a year early: ical.js (Thunderbird) misreads the first year's summer time when
    # the zone starts with the observance icalendar puts on January 1st.
    zone = Timezone.from_tzid(
        name, first_date=date(first_year - 1, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
    for observance in zone.subcomponents:
        # One RDATE a line: ical.js reads only the first date of a comma-separated list.
        if "RDATE" in observance:
            dates = observance.pop("RDATE")
            for value in dates if isinstance(dates, list) else [dates]:
                for day in value.dts:
                    observance.add("RDATE", day.dt)
    return zone.to_ical().decode()
