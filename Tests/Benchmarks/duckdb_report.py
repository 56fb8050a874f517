#!/usr/bin/env python3
"""The report job in DuckDB, for costroll-bench's comparison.

Same job as `costroll report --group-by user_id,service --bucket day`: read the gzipped JSON
lines with DuckDB's own NDJSON reader, validate strictly in SQL, dedup by id (earliest
created_at first), group by user x service x UTC day, exact DECIMAL(38,18) sums, CSV out.
Prints the grand total.

This is the fastest strict form of the query: `read_ndjson` with every needed field read as
VARCHAR. Reading each line as text and taking its fields with `json_extract_string` would let the
raw line break dedup ties as costroll does, but is 2.5-3 times slower (5 M events in 16 files,
2 threads, DuckDB 2.0.1: 33 s and 3.5 GB against 13.4 s and 1.0 GB), and comparing with it would
flatter costroll. DuckDB's NDJSON reader does not give the raw line, so copies of one id with
the same created_at are ordered by their total, user and service instead of by their raw line.
The generated data never has such a tie between differing copies (a conflicting copy is written
an hour later), so the totals are unaffected there; on other data they can differ.

Lines DuckDB cannot read as a JSON object are skipped (`ignore_errors`): they are rejections in
costroll too. Numbers come out of DuckDB's JSON reader as doubles, so a value with more than 17
significant digits is not exact here (the generator writes at most 17).

Derived totals (quantity x unit_cost_usd) are cast back to 18 decimal places, as costroll rounds
them. DuckDB's DECIMAL casts round ties (a value whose 19th and last decimal is 5, common in
JavaScript double spellings) half away from zero, where costroll rounds half to even, so DuckDB's
totals come out higher by up to 10^-18 per tie (5.6 x 10^-15 on the benchmark's 1 M events).
"""
import argparse
import duckdb

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--out", required=True)
parser.add_argument("files", nargs="+")
args = parser.parse_args()

con = duckdb.connect()
con.execute(f"SET threads={args.threads}")
con.execute("SET preserve_insertion_order=false")
uuid = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
ts = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}(:?\d{2})?)$"
num = r"^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$"
fields = ["id", "timestamp", "created_at", "user_id", "service", "event_type", "unit", "quantity",
          "unit_cost_usd", "total_cost_usd"]
columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in fields) + "}"
query = f"""
COPY (
WITH parsed AS (
  SELECT id, "timestamp" AS ts, created_at AS created, user_id, service, event_type, unit,
         quantity AS q, unit_cost_usd AS u, total_cost_usd AS t
  FROM read_ndjson($files, columns={columns}, format='newline_delimited', ignore_errors=true)
), valid AS (
  SELECT CASE WHEN regexp_full_match(id, '{uuid}') THEN lower(id) ELSE id END AS id,
         CAST(ts AS TIMESTAMPTZ) AS ts, TRY_CAST(created AS TIMESTAMPTZ) AS created,
         lower(user_id) AS user_id, service,
         COALESCE(TRY_CAST(t AS DECIMAL(38,18)), CAST(TRY_CAST(q AS DECIMAL(38,18)) * TRY_CAST(u AS DECIMAL(38,18)) AS DECIMAL(38,18))) AS total
  FROM parsed
  WHERE id IS NOT NULL AND strlen(id) BETWEEN 1 AND 128
    AND regexp_full_match(ts, '{ts}') AND TRY_CAST(ts AS TIMESTAMPTZ) IS NOT NULL
    AND (created IS NULL OR TRY_CAST(created AS TIMESTAMPTZ) IS NOT NULL)
    AND (user_id IS NULL OR regexp_full_match(user_id, '{uuid}'))
    AND strlen(service) BETWEEN 1 AND 64 AND strlen(event_type) BETWEEN 1 AND 64 AND strlen(unit) BETWEEN 1 AND 64
    AND regexp_full_match(q, '{num}') AND TRY_CAST(q AS DECIMAL(38,18)) >= 0
    AND (t IS NULL OR (regexp_full_match(t, '{num}') AND TRY_CAST(t AS DECIMAL(38,18)) >= 0))
    AND (u IS NULL OR (regexp_full_match(u, '{num}') AND TRY_CAST(u AS DECIMAL(38,18)) >= 0))
    AND (t IS NOT NULL OR u IS NOT NULL)
), kept AS (
  SELECT * FROM valid
  QUALIFY row_number() OVER (PARTITION BY id ORDER BY created ASC NULLS LAST, total, user_id, service) = 1
)
SELECT user_id, service, CAST(timezone('UTC', ts) AS DATE) AS bucket_start, count(*) AS event_count,
       sum(total) AS total_cost_usd
FROM kept GROUP BY ALL ORDER BY user_id NULLS FIRST, service, bucket_start
) TO '{args.out}' (HEADER, DELIMITER ',')
"""
con.execute(query, {"files": args.files})
total = con.execute(f"SELECT sum(total_cost_usd) FROM read_csv('{args.out}', types={{'total_cost_usd': 'DECIMAL(38,18)'}})").fetchone()[0]
text = format(total, "f").rstrip("0").rstrip(".") if total is not None else "0"
print(text)
