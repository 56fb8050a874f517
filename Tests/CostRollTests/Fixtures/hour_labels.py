#!/usr/bin/env python3
"""Hour-bucket labels computed with Python's zoneinfo, for HourBucketTests.

Usage: hour_labels.py YEAR ZONES_FILE. Reads zone names (one per line) from ZONES_FILE and prints, for each zone the tz database here knows,
a line `zone NAME`, then `EPOCH LABEL` lines: instants through YEAR (every twelve hours at a
varying minute, and around every offset change: just before, at, and up to 90 minutes after),
each with the label of its hour bucket.

The definition: an instant's hour bucket starts at the start of its local hour, unless the
zone's offset changed since then (a DST shift of 30 minutes, or any shift off the hour); then it
starts at that change. The label is the bucket's first instant as local wall time,
YYYY-MM-DDTHH:MM:SS, plus the offset in force at that instant (+HH:MM).
"""
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, available_timezones

YEAR = int(sys.argv[1])
START = int(datetime(YEAR, 1, 1, tzinfo=timezone.utc).timestamp())
END = int(datetime(YEAR + 1, 1, 1, tzinfo=timezone.utc).timestamp())
STEP = 6 * 3600


def offset(zone, seconds):
    return int(datetime.fromtimestamp(seconds, zone).utcoffset().total_seconds())


def first_second(zone, low, high):
    """The first second after `low` since which the offset has been the one at `high` (one
    change between them)."""
    wanted = offset(zone, high)
    while high - low > 1:
        middle = (low + high) // 2
        if offset(zone, middle) == wanted:
            high = middle
        else:
            low = middle
    return high


def label(zone, seconds):
    local = datetime.fromtimestamp(seconds, zone)
    here = int(local.utcoffset().total_seconds())
    start = seconds - (local.minute * 60 + local.second)
    first = local.replace(minute=0, second=0)
    if offset(zone, start) != here:
        first = datetime.fromtimestamp(first_second(zone, start, seconds), zone)
    # The offset written is `here`, the one in force since `first` (a wall time alone can be
    # ambiguous, so it is not asked again).
    minutes = abs(here) // 60
    return first.isoformat(timespec="seconds")[:19] + "%s%02d:%02d" % ("-" if here < 0 else "+", minutes // 60, minutes % 60)


def changes(zone):
    """The first second of each offset change in the year (changes are months apart, so a
    look every six hours finds each one)."""
    found = []
    previous = offset(zone, START)
    for step in range(START + STEP, END + 1, STEP):
        current = offset(zone, step)
        if current != previous:
            found.append(first_second(zone, step - STEP, step))
            previous = current
    return found


known = available_timezones()
with open(sys.argv[2]) as names:
    zones = [line.strip() for line in names if line.strip()]
for index, name in enumerate(zones):
    if name not in known:
        continue
    zone = ZoneInfo(name)
    instants = {START + step * 12 * 3600 + ((index + step) * 7 % 60) * 60 + 17 for step in range(730)}
    for change in changes(zone):
        instants.update(change + delta for delta in (-1, 0, 1, 1799, 1800, 1801, 3599, 3600, 5400))
    print("zone " + name)
    for seconds in sorted(instants):
        print(seconds, label(zone, seconds))
