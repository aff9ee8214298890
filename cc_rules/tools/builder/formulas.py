"""The computations, as SQL an analyst can read, run by DuckDB.

Each source is loaded once into a typed table (one per file: `file_no`, its record number `rowid`, the canonical
columns, and `reason`, why a row is bad or left out, else NULL). Every fact is then one query over `valid_<kind>`,
the rows with no reason and not a later duplicate. The formulas, as docs/evidence-build.md states them:

- offered = calls that arrived in the period; answered = those with an answer time; abandoned = offered − answered;
  short abandons = abandoned with a wait under `short_abandon_seconds`
- answer rate = answered / offered × 100; abandon rate = abandoned / offered × 100
- service level = answered with a wait ≤ `service_level_seconds` / offered × 100, or / (offered − short abandons)
  when `service_level_denominator` is `offered_excluding_short_abandons`
- wait = queue_seconds when the export has it, else answer − arrival (answered) or end − arrival (abandoned)
- ASA = Σ wait of answered / answered; AHT = Σ (talk + wrap) of answered / answered (talk = end − answer when the
  export has no talk time)
- FCR = answered contacts (calls and chats) after which the same customer makes no contact within
  `fcr_window_days` (a contact exactly at the window's end is a repeat) / answered contacts × 100
- head counts: distinct people per role whose start ≤ the period's last day ≤ their end (no end: still there)
- WAPE per month = Σ |actual − forecast| / Σ actual × 100; months validated = the run of consecutive months, ending
  with the period's last month that has data, whose WAPE ≤ `tolerance_pct`
- QA samples per agent per month = evaluations / (agent, month) pairs evaluated, rounded down
- knowledge review age = the period's last day − last review date; the median over live articles, and the oldest
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import duckdb

from cc_rules.base import errors
from cc_rules.tools.builder import files, kinds
from cc_rules.tools.builder.sources import Source

EXCLUDED = ("outside-period", "ignored-label")  # left out of the computation, counted, not bad
REASONS = ("malformed-row", "invalid-encoding", "missing-value", "unparsable-time", "unparsable-number",
           "unknown-label", "answer-before-arrival", "negative-duration", "end-before-start", "negative-value",
           "date-after-period", "duplicate-id")
FIRST_ROWS = 5
_POS = 4294967296  # file_no * _POS + rowid orders rows across files
TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y%m%d%H%M%S", "%Y年%m月%d日 %H:%M:%S")
DATE_FORMATS = ("%Y/%m/%d", "%Y%m%d", "%Y-%m", "%Y/%m", "%Y年%m月%d日", "%Y年%m月")

# Row checks beyond parsing, per kind, in the order they are tried (the first that holds is the row's reason).
CHECKS: dict[str, tuple[tuple[str, str], ...]] = {
    "cdr": (
        ("answer-before-arrival", "answer < arrival"),
        ("negative-duration", '"end" < coalesce(answer, arrival) OR queue_seconds < 0 OR talk_seconds < 0 '
                              "OR wrap_seconds < 0"),
    ),
    "chat": (
        ("answer-before-arrival", "answer < arrival"),
        ("negative-duration", '"end" < coalesce(answer, arrival)'),
    ),
    "roster": (("end-before-start", '"end" < start'),),
    "forecast": (("negative-value", "forecast < 0 OR actual < 0"),),
    "knowledge": (("date-after-period", "reviewed > $end"),),
}


@dataclasses.dataclass(frozen=True)
class FileRows:
    """One file of a source: records DuckDB accepted and the lines it rejected (malformed), to turn a record
    number into the row a spreadsheet shows (the header is row 1)."""

    shown: str
    records: int
    rejected: tuple[int, ...]
    first: int = 2  # the row of the first record: 2 under a header row, 1 in Parquet (no header)

    def row_of(self, record: int) -> int:
        line = record + self.first
        for rejected in self.rejected:
            if rejected <= line:
                line += 1
            else:
                break
        return line

    @property
    def last_row(self) -> int:
        return self.records + len(self.rejected) + self.first - 1


@dataclasses.dataclass(frozen=True)
class Count:
    """Rows with one reason: how many and where the first few are (file, row)."""

    reason: str
    count: int
    first: tuple[tuple[str, int], ...]


@dataclasses.dataclass(frozen=True)
class Loaded:
    source: Source
    files: tuple[FileRows, ...]
    bad: tuple[Count, ...]
    excluded: tuple[Count, ...]
    valid: int

    @property
    def rows(self) -> int:
        return sum(f.records + len(f.rejected) for f in self.files)

    @property
    def bad_rows(self) -> int:
        return sum(c.count for c in self.bad)

    @property
    def left_out(self) -> int:
        return sum(c.count for c in self.excluded)


def connect(workdir: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to `workdir` past 1.5 GB; insertion order kept, so `rowid` is the record
    number; no progress bar (stdout may be the evidence file)."""
    con = duckdb.connect(config={"preserve_insertion_order": True, "temp_directory": workdir,
                                 "memory_limit": "1500MB"})
    con.execute("SET enable_progress_bar = false")
    return con


def load(con: duckdb.DuckDBPyConnection, source: Source, prepared: Sequence[files.Prepared],
         start: dt.date, end: dt.date) -> Loaded:
    """Load every file of `source` into `src_<kind>_<n>` and define `valid_<kind>`; count the bad rows."""
    kind = kinds.KINDS[source.kind]
    params = {"start": start, "end": end}
    rows: list[FileRows] = []
    selects = []
    for n, (ready, shown) in enumerate(zip(prepared, source.shown, strict=True)):
        table = f"src_{kind.name}_{n}"
        parquet = ready.encoding == "parquet"
        header = _parquet_header(con, ready, shown) if parquet else _header(ready, source, shown)
        mapping = resolve_columns(kind, header, dict(source.columns), shown)
        sql = typed_select(kind, source, mapping)
        if parquet:  # typed columns are read as text, so every source takes the same checks
            read = "(SELECT COLUMNS(*)::VARCHAR FROM read_parquet($path))"
        else:
            columns = "{" + ", ".join(f"{_literal(h)}: 'VARCHAR'" for h in header) + "}"
            read = (f"read_csv($path, auto_detect = false, header = true, columns = {columns}, delim = $delim, "
                    f"quote = '\"', escape = '\"', "
                    f"max_line_size = {files.MAX_LINE_BYTES + 16}, store_rejects = true, "
                    f"rejects_table = 'rejects_{kind.name}_{n}', rejects_scan = 'scans_{kind.name}_{n}')")
        try:
            query = f"CREATE TABLE {table} AS " + sql.replace("{read}", read)
            given = {**params, "path": str(ready.csv), "delim": source.delimiter}
            con.execute(query, {k: v for k, v in given.items() if f"${k}" in query})
        except duckdb.Error as exc:
            raise _read_problem(exc, shown) from None
        rejected = [] if parquet else con.execute(
            f"SELECT line, error_type FROM rejects_{kind.name}_{n} ORDER BY line").fetchall()  # noqa: S608
        records = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]  # noqa: S608
        rows.append(FileRows(shown, int(records), tuple(sorted({int(r[0]) for r in rejected})), 1 if parquet else 2))
        selects.append(f"SELECT {n} AS file_no, rowid AS rec, * FROM {table}")  # noqa: S608
        _rejects(con, kind.name, n, rejected)
    con.execute(f"CREATE VIEW all_{kind.name} AS " + " UNION ALL ".join(selects))
    if kind.key is not None:
        con.execute(f"""
            CREATE TABLE dups_{kind.name} AS
            WITH keyed AS (SELECT {kind.key} AS key, file_no * {_POS} + rec AS pos
                           FROM all_{kind.name} WHERE reason IS NULL),
                 firsts AS (SELECT key, min(pos) AS first FROM keyed GROUP BY key HAVING count(*) > 1)
            SELECT pos // {_POS} AS file_no, pos % {_POS} AS rec
            FROM keyed JOIN firsts USING (key) WHERE pos > first""")  # noqa: S608
    else:
        con.execute(f"CREATE TABLE dups_{kind.name} (file_no BIGINT, rec BIGINT)")
    con.execute(f"""
        CREATE VIEW valid_{kind.name} AS
        SELECT a.* FROM all_{kind.name} a
        ANTI JOIN dups_{kind.name} d ON a.file_no = d.file_no AND a.rec = d.rec
        WHERE a.reason IS NULL""")  # noqa: S608
    counts = _counts(con, kind.name, rows)
    valid = con.execute(f"SELECT count(*) FROM valid_{kind.name}").fetchone()[0]  # type: ignore[index]  # noqa: S608
    return Loaded(source, tuple(rows), tuple(c for c in counts if c.reason not in EXCLUDED),
                  tuple(c for c in counts if c.reason in EXCLUDED), int(valid))


def _rejects(con: duckdb.DuckDBPyConnection, kind: str, n: int, rejected: Sequence[tuple[Any, ...]]) -> None:
    """Rows DuckDB could not split into the header's columns (or not decode), as bad rows of this file."""
    table = f"rejected_{kind}"
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} (file_no BIGINT, line BIGINT, reason VARCHAR)")
    for line, error_type in rejected:
        reason = "invalid-encoding" if "ENCODING" in str(error_type).upper() else "malformed-row"
        con.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", [n, int(line), reason])  # noqa: S608


def _counts(con: duckdb.DuckDBPyConnection, kind: str, rows: Sequence[FileRows]) -> list[Count]:
    """Rows per reason with the first few of each, in the order of `REASONS` then `EXCLUDED`."""
    found = con.execute(f"""
        WITH reasons AS (
            SELECT reason, file_no, rec FROM all_{kind} WHERE reason IS NOT NULL
            UNION ALL SELECT 'duplicate-id', file_no, rec FROM dups_{kind}),
        ranked AS (SELECT reason, file_no, rec, count(*) OVER (PARTITION BY reason) AS n,
                          row_number() OVER (PARTITION BY reason ORDER BY file_no, rec) AS k FROM reasons)
        SELECT reason, n, file_no, rec FROM ranked WHERE k <= {FIRST_ROWS} ORDER BY reason, file_no, rec""").fetchall()  # noqa: S608
    table = f"rejected_{kind}"
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()
    rejected = con.execute(f"""
        SELECT reason, count(*) OVER (PARTITION BY reason), file_no, line FROM {table}
        QUALIFY row_number() OVER (PARTITION BY reason ORDER BY file_no, line) <= {FIRST_ROWS}
        ORDER BY reason, file_no, line""").fetchall() if exists and exists[0] else []  # noqa: S608
    by_reason: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    for reason, n, file_no, rec in found:
        _, first = by_reason.setdefault(reason, (int(n), []))
        first.append((rows[file_no].shown, rows[file_no].row_of(int(rec))))
    for reason, n, file_no, line in rejected:
        _, first = by_reason.setdefault(reason, (int(n), []))
        first.append((rows[file_no].shown, int(line)))
    order = [*REASONS, *EXCLUDED]
    return [Count(r, by_reason[r][0], tuple(by_reason[r][1])) for r in order if r in by_reason]


def _header(ready: files.Prepared, source: Source, shown: str) -> list[str]:
    """The header row, read with the csv module (DuckDB's sniffer is not asked: a malformed row near the top can
    mislead it); empty names become column<N>, repeated names get a suffix, as the columns DuckDB is given."""
    with open(ready.csv, encoding="utf-8-sig", newline="") as handle:
        first = next(csv.reader(handle, delimiter=source.delimiter), None)
    if not first:
        raise files.problem("builder.empty-file", shown)
    out: list[str] = []
    for i, name in enumerate(first):
        name = name.strip() or f"column{i}"
        while name in out:
            name += "_"
        out.append(name)
    return out


def _parquet_header(con: duckdb.DuckDBPyConnection, ready: files.Prepared, shown: str) -> list[str]:
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(ready.csv)}).fetchall()
    except duckdb.Error as exc:
        raise _read_problem(exc, shown) from None
    return [str(row[0]) for row in described]


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-（）()]+", "", name).lower()


def resolve_columns(kind: kinds.Kind, header: Sequence[str], given: dict[str, str], shown: str) -> dict[str, str]:
    """Canonical column → the file's header: the SOURCES mapping first, then the built-in aliases; a required column
    that is not found is an error naming the headers the file has."""
    by_norm = {_norm(h): h for h in reversed(header)}
    out: dict[str, str] = {}
    for column in kind.columns:
        if column.name in given:
            wanted = given[column.name]
            if wanted in header:
                out[column.name] = wanted
            elif _norm(wanted) in by_norm:
                out[column.name] = by_norm[_norm(wanted)]
            else:
                raise errors.InputError([errors.Problem.of(
                    "builder.no-column", file=shown, code="source", column=column.name, header=wanted,
                    headers=", ".join(header), suggestion=errors.did_you_mean(wanted, header))])
            continue
        for alias in (column.name, *column.aliases):
            if _norm(alias) in by_norm:
                out[column.name] = by_norm[_norm(alias)]
                break
        else:
            if column.required:
                raise errors.InputError([errors.Problem.of(
                    "builder.missing-column", file=shown, code="source", column=column.name,
                    aliases=", ".join(column.aliases[:6]), headers=", ".join(header))])
    return out


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(formats: Sequence[str]) -> str:
    return "[" + ", ".join(_literal(f) for f in formats) + "]"


def label_case(raw: str, mapping: dict[str, list[str | int]]) -> str:
    """`CASE` mapping a label (trimmed, case-folded; a whole number read as its digits, so 5.0 is 5) to its
    category; NULL for an unknown label."""
    norm = (f"CASE WHEN try_cast({raw} AS DOUBLE) = round(try_cast({raw} AS DOUBLE)) "
            f"THEN CAST(CAST(try_cast({raw} AS DOUBLE) AS BIGINT) AS VARCHAR) ELSE lower({raw}) END")
    whens = []
    for category, labels in mapping.items():
        values = ", ".join(_literal(str(x).strip().lower()) for x in labels)
        whens.append(f"WHEN {norm} IN ({values}) THEN {_literal(category)}")
    return "CASE " + " ".join(whens) + " END" if whens else "NULL"


def typed_select(kind: kinds.Kind, source: Source, mapping: dict[str, str]) -> str:
    """The typed rows of one file and each row's reason; `{read}` is the `read_csv(...)` call."""
    inner, checks = [], []
    for column in kind.columns:
        header = mapping.get(column.name)
        raw = f"nullif(trim({_ident(header)}), '')" if header is not None else "CAST(NULL AS VARCHAR)"
        name = _ident(column.name)
        if column.type == "time":
            typed = (f"coalesce(try_cast({raw} AS TIMESTAMP), try_strptime({raw}, {_list(TIME_FORMATS)}), "
                     f"try_strptime({raw}, {_list(DATE_FORMATS)}))")
        elif column.type == "date":
            typed = (f"coalesce(try_cast({raw} AS DATE), CAST(try_cast({raw} AS TIMESTAMP) AS DATE), "
                     f"CAST(try_strptime({raw}, {_list(DATE_FORMATS)}) AS DATE))")
        elif column.type == "number":
            typed = f"try_cast({raw} AS DOUBLE)"
        elif column.type == "label":
            assert column.labels is not None
            typed = label_case(raw, source.param(column.labels).value)
        else:
            typed = raw
        inner.append(f"{typed} AS {name}")
        inner.append(f"{raw} AS {_ident(column.name + '__raw')}")
    def raw_of(c: kinds.Column) -> str:
        return _ident(c.name + "__raw")

    def failed(c: kinds.Column) -> str:
        return f"({raw_of(c)} IS NOT NULL AND {_ident(c.name)} IS NULL)"

    required = [f"{raw_of(c)} IS NULL" for c in kind.columns if c.required]
    if required:
        checks.append(("missing-value", " OR ".join(required)))
    times = [failed(c) for c in kind.columns if c.type in ("time", "date")]
    if times:
        checks.append(("unparsable-time", " OR ".join(times)))
    numbers = [failed(c) for c in kind.columns if c.type == "number"]
    if numbers:
        checks.append(("unparsable-number", " OR ".join(numbers)))
    labels = [c for c in kind.columns if c.type == "label"]
    if labels:
        checks.append(("unknown-label", " OR ".join(failed(c) for c in labels)))
    checks.extend(CHECKS.get(kind.name, ()))
    if labels:
        checks.append(("ignored-label", " OR ".join(f"{_ident(c.name)} = {_literal(kinds.IGNORE)}" for c in labels)))
    if kind.period is not None:
        checks.append(("outside-period", f"CAST({_ident(kind.period)} AS DATE) NOT BETWEEN $start AND $end"))
    reason = "CASE " + " ".join(f"WHEN {cond} THEN {_literal(r)}" for r, cond in checks) + " END"
    keep = ", ".join(_ident(c.name) for c in kind.columns)
    return (f"SELECT {keep}, {reason} AS reason FROM (SELECT " + ", ".join(inner) + " FROM {read})")  # noqa: S608


def _read_problem(exc: duckdb.Error, shown: str) -> errors.InputError:
    """DuckDB's error as one clear sentence (never the offending line itself, which may be huge)."""
    text = str(exc)
    if "Maximum line size" in text:
        return files.problem("builder.line-too-long", shown, line="?", limit=files.MAX_LINE_BYTES)
    first = text.splitlines()[0] if text else type(exc).__name__
    return files.problem("builder.unreadable", shown, reason=first[:200])


# --- the facts --------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Fact:
    """A computed value and how: the catalogue key of its formula and the numbers it is filled with."""

    name: str
    value: int | float | str | tuple[str, ...]
    formula: str
    numbers: tuple[tuple[str, object], ...]
    kinds: tuple[str, ...]


def pct(numerator: float, denominator: float) -> float | None:
    return round(100.0 * numerator / denominator, 2) if denominator else None


def one(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> dict[str, Any]:
    cursor = con.execute(sql, params or {})
    names = [d[0] for d in cursor.description or ()]
    row = cursor.fetchone()
    return dict(zip(names, row or (None,) * len(names), strict=True))


CDR_SQL = """
SELECT count(*)                                                         AS offered,
       count(answer)                                                    AS answered,
       count(*) FILTER (WHERE answer IS NULL)                           AS abandoned,
       count(*) FILTER (WHERE answer IS NULL AND wait < $short)         AS short_abandoned,
       count(*) FILTER (WHERE answer IS NOT NULL AND wait <= $threshold) AS answered_within,
       sum(wait) FILTER (WHERE answer IS NOT NULL)                      AS wait_answered,
       sum(handle) FILTER (WHERE answer IS NOT NULL)                    AS handle_answered
FROM (SELECT answer,
             coalesce(queue_seconds, epoch(coalesce(answer, "end") - arrival))             AS wait,
             coalesce(talk_seconds, epoch("end" - answer)) + coalesce(wrap_seconds, 0)     AS handle
      FROM valid_cdr)
"""


def cdr_facts(con: duckdb.DuckDBPyConnection, source: Source) -> list[Fact]:
    threshold = source.param("service_level_seconds").value
    short = source.param("short_abandon_seconds").value
    r = one(con, CDR_SQL, {"threshold": threshold, "short": short})
    offered, answered, abandoned = int(r["offered"]), int(r["answered"]), int(r["abandoned"])
    short_n, within = int(r["short_abandoned"]), int(r["answered_within"])
    out = [
        Fact("contacts.voice.offered", offered, "builder.f-offered", (("offered", offered),), ("cdr",)),
        Fact("contacts.voice.answered", answered, "builder.f-answered", (("answered", answered),), ("cdr",)),
        Fact("contacts.voice.abandoned", abandoned, "builder.f-abandoned",
             (("abandoned", abandoned), ("offered", offered), ("answered", answered)), ("cdr",)),
        Fact("contacts.voice.short_abandoned", short_n, "builder.f-short-abandoned",
             (("short", short_n), ("seconds", short)), ("cdr",)),
    ]
    if not offered:
        return out
    out.append(Fact("kpi.answer_rate", pct(answered, offered) or 0.0, "builder.f-answer-rate",
                    (("answered", answered), ("offered", offered), ("value", pct(answered, offered))), ("cdr",)))
    out.append(Fact("kpi.abandon_rate", pct(abandoned, offered) or 0.0, "builder.f-abandon-rate",
                    (("abandoned", abandoned), ("offered", offered), ("value", pct(abandoned, offered))), ("cdr",)))
    exclude = source.param("service_level_denominator").value == "offered_excluding_short_abandons"
    denominator = offered - short_n if exclude else offered
    level = pct(within, denominator)
    if level is not None:
        out.append(Fact("ops.service_level_pct", level,
                        "builder.f-service-level-excl" if exclude else "builder.f-service-level",
                        (("within", within), ("seconds", threshold), ("denominator", denominator),
                         ("offered", offered), ("short", short_n), ("value", level)), ("cdr",)))
    if answered:
        asa = round(float(r["wait_answered"] or 0) / answered, 1)
        out.append(Fact("kpi.asa_seconds", asa, "builder.f-asa",
                        (("wait", round(float(r["wait_answered"] or 0))), ("answered", answered), ("value", asa)),
                        ("cdr",)))
        if r["handle_answered"] is not None:
            aht = round(float(r["handle_answered"]) / answered, 1)
            out.append(Fact("kpi.aht_seconds", aht, "builder.f-aht",
                            (("handle", round(float(r["handle_answered"]))), ("answered", answered), ("value", aht)),
                            ("cdr",)))
    return out


FCR_SQL = """
WITH contacts AS (
    {contacts}
),
ordered AS (
    SELECT answered, at_time, lead(at_time) OVER (PARTITION BY customer ORDER BY at_time) AS next_at FROM contacts
)
SELECT count(*) FILTER (WHERE answered)                                                     AS handled,
       count(*) FILTER (WHERE answered AND (next_at IS NULL OR next_at > at_time + to_days($days))) AS resolved
FROM ordered
"""


def fcr_fact(con: duckdb.DuckDBPyConnection, source: Source, with_chat: bool) -> Fact | None:
    """FCR over every contact that names its customer: calls, and chats when there is a chat source."""
    days = int(source.param("fcr_window_days").value)
    parts = ["SELECT customer, arrival AS at_time, answer IS NOT NULL AS answered FROM valid_cdr "
             "WHERE customer IS NOT NULL"]
    if with_chat:
        parts.append("SELECT customer, arrival, answer IS NOT NULL FROM valid_chat WHERE customer IS NOT NULL")
    r = one(con, FCR_SQL.format(contacts="\n    UNION ALL ".join(parts)), {"days": days})
    handled, resolved = int(r["handled"]), int(r["resolved"])
    value = pct(resolved, handled)
    if value is None:
        return None
    return Fact("business.first_contact_resolution_pct", value, "builder.f-fcr",
                (("resolved", resolved), ("handled", handled), ("days", days), ("value", value)),
                ("cdr", "chat") if with_chat else ("cdr",))


CHANNEL_SQL = "SELECT channel, count(*) AS contacts FROM valid_chat GROUP BY channel ORDER BY channel"


def channel_fact(con: duckdb.DuckDBPyConnection, voice: int | None, with_chat: bool) -> Fact | None:
    """`channels.offered`: every channel with at least one contact in the period, in the packs' channel order."""
    volumes: dict[str, int] = {}
    if voice:
        volumes["voice"] = voice
    if with_chat:
        for channel, contacts in con.execute(CHANNEL_SQL).fetchall():
            volumes[channel] = volumes.get(channel, 0) + int(contacts)
    offered = tuple(c for c in kinds.CHANNELS if volumes.get(c))
    if not offered:
        return None
    shown = ", ".join(f"{c} {volumes[c]:,}" for c in offered)
    used = tuple(k for k, on in (("cdr", voice is not None), ("chat", with_chat)) if on)
    return Fact("channels.offered", offered, "builder.f-channels", (("volumes", shown),), used)


SURVEY_SQL = "SELECT rating, count(*) AS responses FROM valid_survey GROUP BY rating"


def survey_facts(con: duckdb.DuckDBPyConnection) -> list[Fact]:
    counts = dict(con.execute(SURVEY_SQL).fetchall())
    total = sum(int(v) for v in counts.values())
    return [Fact(f"satisfaction.survey.{c}", int(counts.get(c, 0)), "builder.f-survey",
                 (("category", c), ("count", int(counts.get(c, 0))), ("total", total)), ("survey",))
            for c in kinds.SURVEY_CATEGORIES]


ROSTER_SQL = """
SELECT role, count(DISTINCT person) AS people
FROM valid_roster
WHERE (start IS NULL OR start <= $end) AND ("end" IS NULL OR "end" >= $end)
GROUP BY role
"""


def roster_facts(con: duckdb.DuckDBPyConnection, end: dt.date) -> list[Fact]:
    counts = dict(con.execute(ROSTER_SQL, {"end": end}).fetchall())
    return [Fact(f"staffing.{fact}", int(counts.get(role, 0)), "builder.f-headcount",
                 (("role", role), ("count", int(counts.get(role, 0))), ("day", end.isoformat())), ("roster",))
            for role, fact in kinds.ROLES.items()]


FORECAST_SQL = """
SELECT strftime(date_trunc('month', month), '%Y-%m')            AS month,
       sum(abs(actual - forecast))                              AS error,
       sum(actual)                                              AS actual
FROM valid_forecast
GROUP BY 1
ORDER BY 1
"""


def forecast_facts(con: duckdb.DuckDBPyConnection, source: Source) -> list[Fact]:
    tolerance = float(source.param("tolerance_pct").value)
    months = [(m, float(e), float(a)) for m, e, a in con.execute(FORECAST_SQL).fetchall()]
    if not months:
        return []
    wape = {m: (100.0 * e / a if a else None) for m, e, a in months}
    names = [m for m, _, _ in months]
    run, later = 0, None
    for m in reversed(names):  # back from the last month, while each is within tolerance and follows the next
        value = wape[m]
        if value is None or value > tolerance or (later is not None and _next_month(m) != later):
            break
        run, later = run + 1, m
    total_error = sum(e for _, e, _ in months)
    total_actual = sum(a for _, _, a in months)
    shown = ", ".join(f"{m} {wape[m]:.1f} %" if wape[m] is not None else f"{m} —" for m in names)
    out = [Fact("forecasting.validated_months", run, "builder.f-validated",
                (("run", run), ("tolerance", _num(tolerance)), ("months", shown)), ("forecast",))]
    overall = pct(total_error, total_actual)
    if overall is not None:
        out.append(Fact("forecasting.wape_pct", overall, "builder.f-wape",
                        (("error", _num(round(total_error))), ("actual", _num(round(total_actual))),
                         ("value", overall)), ("forecast",)))
    return out


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


QA_SQL = """
SELECT count(*) AS evaluations,
       count(DISTINCT (agent, date_trunc('month', date))) AS agent_months,
       count(DISTINCT agent) AS agents
FROM valid_qa
"""


def qa_facts(con: duckdb.DuckDBPyConnection) -> list[Fact]:
    r = one(con, QA_SQL)
    evaluations, agent_months = int(r["evaluations"]), int(r["agent_months"])
    if not agent_months:
        return []
    value = evaluations // agent_months
    return [Fact("quality.samples_per_agent_month", value, "builder.f-qa",
                 (("evaluations", evaluations), ("agent_months", agent_months), ("agents", int(r["agents"])),
                  ("value", value)), ("qa",))]


KNOWLEDGE_SQL = """
SELECT count(*)                                             AS articles,
       quantile_disc(date_diff('day', reviewed, $end), 0.5)  AS median_age,
       max(date_diff('day', reviewed, $end))                 AS oldest
FROM valid_knowledge
"""


def knowledge_facts(con: duckdb.DuckDBPyConnection, end: dt.date) -> list[Fact]:
    r = one(con, KNOWLEDGE_SQL, {"end": end})
    articles = int(r["articles"])
    out = [Fact("knowledge.articles", articles, "builder.f-articles", (("articles", articles),), ("knowledge",))]
    if articles:
        out.append(Fact("knowledge.median_review_age_days", int(r["median_age"]), "builder.f-review-age",
                        (("value", int(r["median_age"])), ("articles", articles), ("day", end.isoformat())),
                        ("knowledge",)))
        out.append(Fact("knowledge.review_cycle_days", int(r["oldest"]), "builder.f-review-cycle",
                        (("value", int(r["oldest"])), ("day", end.isoformat())), ("knowledge",)))
    return out


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
