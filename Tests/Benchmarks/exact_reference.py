#!/usr/bin/env python3
"""An independent exact reference for costroll-bench: the report job in plain Python.

Same job as `costroll report --group-by user_id,service --bucket day` (UTC days), written from
the format's rules (the reference articles "The event format and validation" and
"Deduplication and the winner rule") rather than from costroll's
code: Python's own gzip and json modules, `decimal.Decimal` for every amount, the winner rule
with raw lines. It writes the report CSV as costroll spells it, so `costroll-bench --compare
reference` can compare the two files byte for byte, and prints the grand total and then, as one
JSON line, the line accounting and dedup counts that costroll's summary.json must match.

Slow on purpose (one core, no tricks): 68.7 s and 2.1 GB for a million events (it keeps each id's
winning raw line and each distinct content of its copies). It needs no package
beyond Python 3's standard library. Damaged gzip input is not handled as costroll handles it
(Python stops with an error on a truncated or corrupt member and skips zero padding, where
costroll reads up to the damage and reports the file): the benchmark's data is never damaged.
"""
import argparse
import datetime
import decimal
import gzip
import json
import re
import sys

decimal.getcontext().prec = 200
QUANTUM = decimal.Decimal(1).scaleb(-18)
LIMIT = decimal.Decimal(10) ** 15
MAX_LINE = 1_048_576
NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
INSTANT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?"
    r"(?:([Zz])|([+-])([0-9]{2})(?::?([0-9]{2}))?)\Z"
)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


class Invalid(Exception):
    """The line is not a valid event (the reference does not need the reason)."""


class NumberLiteral(str):
    """A bare JSON number, kept as its literal text so that nothing goes through a float."""


def no_constants(name):
    raise Invalid(f"{name} is not JSON")


def unique_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Invalid("duplicate key")
    return dict(pairs)


def check_depth_and_text(value, depth):
    """Nesting at most 64 (the object is depth 1), and no lone surrogate in any string."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Invalid("lone surrogate")
        return
    if isinstance(value, (dict, list)):
        if depth > 64:
            raise Invalid("too deep")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str):
                check_depth_and_text(key, depth)
            check_depth_and_text(item, depth + 1)


def has_control(text):
    return CONTROL.search(text) is not None


def label(obj, name):
    value = obj.get(name)
    if not isinstance(value, str) or isinstance(value, NumberLiteral):
        raise Invalid(name)
    size = len(value.encode("utf-8"))
    if not 1 <= size <= 64 or has_control(value):
        raise Invalid(name)
    return value


def instant(text):
    """UTC nanoseconds since the epoch."""
    if not isinstance(text, str) or isinstance(text, NumberLiteral):
        raise Invalid("instant type")
    match = INSTANT.match(text)
    if not match:
        raise Invalid("instant")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = match.group(7) or ""
    if not 1970 <= year <= 2199 or hour > 23 or minute > 59 or second > 59:
        raise Invalid("instant range")
    try:
        days = datetime.date(year, month, day).toordinal() - EPOCH_ORDINAL
    except ValueError:
        raise Invalid("instant date")
    offset = 0
    if match.group(8) is None:
        offset_hours, offset_minutes = int(match.group(10)), int(match.group(11) or "0")
        if offset_hours > 23 or offset_minutes > 59:
            raise Invalid("offset")
        offset = (offset_hours * 60 + offset_minutes) * 60 * (1 if match.group(9) == "+" else -1)
    seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
    return seconds * 1_000_000_000 + int((fraction + "000000000")[:9])


def amount(value, name, required):
    """The kept (rounded) value, or None when absent or null and not required."""
    if value is None:
        if required:
            raise Invalid(f"{name} missing")
        return None
    if not isinstance(value, str):  # NumberLiteral is a str
        raise Invalid(f"{name} type")
    if not NUMBER.match(value):
        raise Invalid(f"{name} literal")
    exact = decimal.Decimal(value)
    if exact < 0:
        raise Invalid(f"{name} negative")
    if exact >= LIMIT:
        raise Invalid(f"{name} too large")
    return exact.quantize(QUANTUM, rounding=decimal.ROUND_HALF_EVEN)


def uuid(obj, name):
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or isinstance(value, NumberLiteral) or not UUID.match(value):
        raise Invalid(name)
    return value.lower()


def event(raw):
    """(id, created_at or None, user_id, service, timestamp, total, normalized content) of a valid line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid("utf-8")
    try:
        obj = json.loads(
            text, object_pairs_hook=unique_keys, parse_float=NumberLiteral, parse_int=NumberLiteral,
            parse_constant=no_constants)
    except (ValueError, RecursionError):
        raise Invalid("json")
    if not isinstance(obj, dict):
        raise Invalid("not an object")
    # Only a line with a \u escape can hold a lone surrogate, and only one with over 64 brackets
    # can nest too deep: the walk is skipped for the others (nearly all).
    if b"\\u" in raw or raw.count(b"{") + raw.count(b"[") > 64:
        check_depth_and_text(obj, 1)
    event_id = obj.get("id")
    if not isinstance(event_id, str) or isinstance(event_id, NumberLiteral):
        raise Invalid("id")
    if not 1 <= len(event_id.encode("utf-8")) <= 128 or has_control(event_id):
        raise Invalid("id")
    if UUID.match(event_id):
        event_id = event_id.lower()
    timestamp = instant(obj.get("timestamp"))
    event_type = label(obj, "event_type")
    service = label(obj, "service")
    unit = label(obj, "unit")
    quantity = amount(obj.get("quantity"), "quantity", True)
    total = amount(obj.get("total_cost_usd"), "total_cost_usd", False)
    unit_cost = amount(obj.get("unit_cost_usd"), "unit_cost_usd", False)
    user_id = uuid(obj, "user_id")
    podcast_id = uuid(obj, "podcast_id")
    episode_id = uuid(obj, "episode_id")
    created = obj.get("created_at")
    created = None if created is None else instant(created)
    metadata = obj.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise Invalid("metadata")
    if total is None:
        if unit_cost is None:
            raise Invalid("no total")
        product = quantity * unit_cost
        if product >= LIMIT:
            raise Invalid("derived total too large")
        total = product.quantize(QUANTUM, rounding=decimal.ROUND_HALF_EVEN)
    # What dedup compares: copies with equal content are duplicates, others conflicts.
    content = (timestamp, user_id, podcast_id, episode_id, event_type, service, unit, quantity, unit_cost, total)
    return event_id, created, user_id, service, timestamp, total, content


def lines(path):
    """Each line's bytes (LF and a CR before it dropped), BOM dropped at byte 0."""
    with open(path, "rb") as file:
        magic = file.read(2)
    opener = gzip.open if magic == b"\x1f\x8b" else open
    with opener(path, "rb") as stream:
        data = stream.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    parts = data.split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()
    for part in parts:
        yield part[:-1] if part.endswith(b"\r") else part


def money(value):
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def csv_cell(text, guarded):
    if guarded and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="where to write the report CSV")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    winners = {}  # id -> ((created-or-infinity flag, created, raw), user_id, service, timestamp, total, content)
    contents = {}  # id -> {normalized content: copies}
    counts = {"lines_read": 0, "blank_lines": 0, "events_valid": 0, "rejected": 0}
    for path in args.files:
        for raw in lines(path):
            counts["lines_read"] += 1
            if raw.strip(b" \t\r") == b"":
                counts["blank_lines"] += 1
                continue
            try:
                if len(raw) > MAX_LINE:
                    raise Invalid("line too long")
                event_id, created, user_id, service, timestamp, total, content = event(raw)
            except Invalid:
                counts["rejected"] += 1
                continue
            counts["events_valid"] += 1
            copies = contents.setdefault(event_id, {})
            copies[content] = copies.get(content, 0) + 1
            rank = (created is None, created or 0, raw)
            known = winners.get(event_id)
            if known is None or rank < known[0]:
                winners[event_id] = (rank, user_id, service, timestamp, total, content)

    counts["events_unique"] = len(winners)
    counts["duplicates"] = sum(contents[key][winner[5]] - 1 for key, winner in winners.items())
    counts["conflicts"] = counts["events_valid"] - counts["events_unique"] - counts["duplicates"]

    rows = {}
    grand = decimal.Decimal(0)
    for _, user_id, service, timestamp, total, _ in winners.values():
        day = datetime.date.fromordinal(EPOCH_ORDINAL + timestamp // (86400 * 1_000_000_000)).isoformat()
        key = (user_id, service, day)
        count, sum_ = rows.get(key, (0, decimal.Decimal(0)))
        rows[key] = (count + 1, sum_ + total)
        grand += total

    def order(key):
        user_id, service, day = key
        return (user_id is not None, (user_id or "").encode(), service.encode(), day)

    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write("user_id,service,bucket_start,event_count,total_cost_usd\r\n")
        for key in sorted(rows, key=order):
            user_id, service, day = key
            count, sum_ = rows[key]
            cells = [user_id or "", csv_cell(service, True), day, str(count), money(sum_)]
            out.write(",".join(cells) + "\r\n")
    print(money(grand))
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
