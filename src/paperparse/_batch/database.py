"""SQLite output: a run's papers and appearances written in one transaction, or not at all."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import urllib.parse
from collections.abc import Iterable
from typing import Final

import attrs

from .._exports.values import field_kinds
from .._model import JSON, OutputError, Paper
from .record_fields import PAPER_FIELDS
from .records import Appearance

# The SQL type a field of each kind (``_exports.values.kind_of``) is stored as: a list is a
# JSON array of strings, a flag 0 or 1, a date its ISO text.
_SQL_TYPES: Final = {
    "str": "TEXT",
    "date": "TEXT",
    "strings": "TEXT",
    "int": "INTEGER",
    "bool": "INTEGER",
    "location": "TEXT",
}
_APPEARANCE_FIELDS: Final = tuple(field.name for field in attrs.fields(Appearance))


def _schema() -> str:
    """The SQLite schema `paperparse merge` writes, from the model (docs/cli.md shows it).
    Keys make re-runs idempotent: a paper is one row, an appearance one per (paper, source)."""
    paper_kinds, appearance_kinds = field_kinds(Paper), field_kinds(Appearance)
    papers = ["paper_key TEXT PRIMARY KEY"] + [
        f"{name} {_SQL_TYPES[paper_kinds[name]]}" + (" NOT NULL" if name == "title" else "")
        for name in PAPER_FIELDS
    ]
    appearances = ["paper_key TEXT NOT NULL REFERENCES papers (paper_key)"] + [
        f"{name} {_SQL_TYPES[appearance_kinds[name]]}"
        + (" NOT NULL" if name in ("source", "kind") else "")
        for name in _APPEARANCE_FIELDS
    ]
    return (
        f"CREATE TABLE IF NOT EXISTS papers (\n    {_columns_sql(papers)}\n);\n"
        f"CREATE TABLE IF NOT EXISTS appearances (\n    {_columns_sql(appearances)},\n"
        "    PRIMARY KEY (paper_key, source)\n);\n"
        "CREATE INDEX IF NOT EXISTS appearances_by_day ON appearances (day);\n"
    )


def _columns_sql(columns: list[str]) -> str:
    return ",\n    ".join(columns)


SCHEMA: Final = _schema()

# Re-runs are idempotent: a paper keeps its newest non-empty fields, an appearance its newest
# counts.
_UPSERT_PAPER: Final = (
    f"INSERT INTO papers (paper_key, {', '.join(PAPER_FIELDS)}) "
    f"VALUES (?{', ?' * len(PAPER_FIELDS)}) ON CONFLICT (paper_key) DO UPDATE SET "
    + ", ".join(f"{name} = COALESCE(excluded.{name}, papers.{name})" for name in PAPER_FIELDS)
)
_UPSERT_APPEARANCE: Final = (
    f"INSERT INTO appearances (paper_key, {', '.join(_APPEARANCE_FIELDS)}) "
    f"VALUES (?{', ?' * len(_APPEARANCE_FIELDS)}) ON CONFLICT (paper_key, source) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in _APPEARANCE_FIELDS[1:])
)

# sqlite's primary result codes that get a plain reason (https://sqlite.org/rescode.html).
_BUSY: Final = 5
_LOCKED: Final = 6
_READONLY: Final = 8
_CANTOPEN: Final = 14
_NOTADB: Final = 26
# Python 3.10's exceptions carry no result code, only sqlite's fixed text for it.
_CODE_BY_MESSAGE: Final = {
    "database is locked": _BUSY,
    "database table is locked": _LOCKED,
    "attempt to write a readonly database": _READONLY,
    "unable to open database file": _CANTOPEN,
    "file is not a database": _NOTADB,
}

# Every table, index, view and trigger but sqlite's own (sqlite_sequence, sqlite_stat1...).
_NAMED_SQL: Final = (
    "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
)
# A column as the schema check compares it: name, declared type, NOT NULL, place in the key.
Column = tuple[str, str, int, int]


@attrs.frozen
class Totals:
    """What the database holds once a write is committed, and what that write added."""

    papers: int
    appearances: int
    new_appearances: int


def write_database(
    path: str | os.PathLike[str], records: Iterable[JSON], *, timeout: float
) -> Totals:
    """Upsert ``records`` (``MergedPaper.to_dict()`` rows) into the database at ``path``.

    Everything is one transaction: on any error or interrupt the database is left as it was.
    A file that is not a database, or a database with another schema, is refused untouched.
    Every sqlite3 error becomes an :class:`OutputError`.
    """
    target = os.fspath(path)
    try:
        connection = sqlite3.connect(target, timeout=timeout, isolation_level=None)
    except sqlite3.Error as error:
        raise OutputError(target, _reason(target, error, timeout)) from error
    try:
        return _write_in_one_transaction(connection, target, records)
    except sqlite3.Error as error:
        raise OutputError(target, _reason(target, error, timeout)) from error
    finally:
        connection.close()


def _write_in_one_transaction(
    connection: sqlite3.Connection, target: str, records: Iterable[JSON]
) -> Totals:
    ours = _our_tables()
    # IMMEDIATE takes the write lock first, so no one changes the schema between the check
    # and our writes; waiting for it is what ``timeout`` bounds.
    connection.execute("BEGIN IMMEDIATE")
    try:
        mismatch = _schema_mismatch(connection, ours)
        if mismatch is not None:
            raise OutputError(target, mismatch)
        _add_missing_columns(connection, ours)
        _create_schema(connection)
        appearances_before = _count_rows(connection, "appearances")
        for record in records:
            _upsert(connection, record)
        # Counted inside the transaction: exactly what the commit leaves, and no read after
        # it that could fail on a database whose data is already written.
        appearances = _count_rows(connection, "appearances")
        totals = Totals(
            papers=_count_rows(connection, "papers"),
            appearances=appearances,
            new_appearances=appearances - appearances_before,
        )
        connection.execute("COMMIT")
    except BaseException:
        _roll_back(connection)
        raise
    return totals


def _roll_back(connection: sqlite3.Connection) -> None:
    # sqlite may have rolled back on its own (after an I/O error), and closing the connection
    # discards an open transaction anyway: the error to report is the first one.
    if connection.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def _our_tables() -> dict[str, list[Column]]:
    """Our tables and their columns, read from ``SCHEMA`` built in memory."""
    with contextlib.closing(sqlite3.connect(":memory:")) as template:
        template.executescript(SCHEMA)
        names = [name for kind, name in template.execute(_NAMED_SQL) if kind == "table"]
        return {name: _columns(template, name) for name in names}


def _schema_mismatch(connection: sqlite3.Connection, ours: dict[str, list[Column]]) -> str | None:
    """Why the database is not one of ours, or None when it is (or is empty, or one an
    earlier paperparse wrote: our tables with fewer of our columns)."""
    for kind, name in connection.execute(_NAMED_SQL).fetchall():
        if name in ours and kind != "table":
            return f"another schema: {name!r} is a {kind}, not paperparse's table"
        if name in ours and _added_columns(_columns(connection, name), ours[name]) is None:
            return f"another schema: table {name!r} has other columns"
        if kind == "table" and name not in ours:
            return f"another schema: table {name!r} is not paperparse's"
    return None


def _added_columns(theirs: list[Column], ours: list[Column]) -> list[Column] | None:
    """The columns a table of an earlier paperparse lacks: ours past its own, when its own
    are ours and the rest may be added (nullable, outside the key); None when it is not."""
    if theirs != ours[: len(theirs)]:
        return None
    missing = ours[len(theirs) :]
    return missing if all(not null and not key for _, _, null, key in missing) else None


def _add_missing_columns(connection: sqlite3.Connection, ours: dict[str, list[Column]]) -> None:
    """Bring an earlier paperparse's tables up to ours, column by column (in the write's
    transaction: an interrupted write leaves them as they were)."""
    present = {name for kind, name in connection.execute(_NAMED_SQL) if kind == "table"}
    for table in sorted(present & ours.keys()):
        for name, kind, _, _ in _added_columns(_columns(connection, table), ours[table]) or ():
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def _columns(connection: sqlite3.Connection, table: str) -> list[Column]:
    rows = connection.execute(
        'SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid', (table,)
    )
    return [(name, kind, not_null, key) for name, kind, not_null, key in rows]


def _create_schema(connection: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would commit the open transaction first.
    for statement in SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)


def _count_rows(connection: sqlite3.Connection, table: str) -> int:
    (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


def _upsert(connection: sqlite3.Connection, record: JSON) -> None:
    paper = [record["key"], *(_stored(record[name]) for name in PAPER_FIELDS)]
    connection.execute(_UPSERT_PAPER, paper)
    connection.executemany(
        _UPSERT_APPEARANCE,
        [
            (record["key"], *(_stored(item[name]) for name in _APPEARANCE_FIELDS))
            for item in record["appearances"]
        ],
    )


def _stored(value: object) -> object:
    """A record's JSON value as a column holds it. No names (an empty list) is NULL, as an
    empty field is in the other columns, so that a page without a list never blanks the
    one an earlier page gave."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False) if value else None
    if isinstance(value, bool):
        return int(value)
    return value


def _reason(target: str, error: sqlite3.Error, timeout: float) -> str:
    """The few words an OutputError gives for ``error``."""
    code = _primary_code(error)
    if code == _NOTADB:
        return "not a SQLite database"
    if code in (_BUSY, _LOCKED):
        return f"locked by another process (waited {timeout:g} s)"
    if code == _READONLY:
        return _unwritable(target) or "read-only database"
    if code == _CANTOPEN:
        return _unwritable(target) or str(error)
    return str(error)


def _unwritable(target: str) -> str | None:
    """What keeps sqlite from writing ``target``: the file, or the folder its journal (or a
    new file) goes in; None when neither looks unwritable."""
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        return "no such folder"
    if os.path.exists(target) and not os.access(target, os.W_OK):
        return "read-only database"
    if not os.access(folder, os.W_OK):
        return "read-only folder"
    return None


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11 and later
    if isinstance(code, int):
        return code & 0xFF  # an extended code keeps its primary one in the low byte
    return _CODE_BY_MESSAGE.get(str(error))


def read_database(path: str | os.PathLike[str]) -> list[JSON]:
    """The merged records a database holds, as ``MergedPaper.to_dict()`` rows, in key
    order. Raises :class:`OutputError` for a file that is no database of ours."""
    target = os.fspath(path)
    if not os.path.isfile(target):
        raise OutputError(target, "no such database")
    uri = f"file:{urllib.parse.quote(os.path.abspath(target))}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            mismatch = _schema_mismatch(connection, _our_tables())
            if mismatch is not None:
                raise OutputError(target, mismatch)
            return _records(connection)
    except sqlite3.Error as error:
        raise OutputError(target, _reason(target, error, 0)) from error


def _records(connection: sqlite3.Connection) -> list[JSON]:
    connection.row_factory = sqlite3.Row
    present = {name for kind, name in connection.execute(_NAMED_SQL) if kind == "table"}
    if present != {"papers", "appearances"}:
        return []  # an empty database
    records: dict[str, JSON] = {}
    kinds = field_kinds(Paper)
    paper_columns = set(_columns_named(connection, "papers"))
    for row in connection.execute("SELECT * FROM papers ORDER BY paper_key"):
        paper: JSON = {"key": row["paper_key"]}
        for name in PAPER_FIELDS:
            paper[name] = _loaded(kinds[name], row[name]) if name in paper_columns else None
        paper["appearances"] = []
        records[row["paper_key"]] = paper
    columns = set(_columns_named(connection, "appearances"))
    for row in connection.execute("SELECT * FROM appearances ORDER BY paper_key, day, source"):
        appearance = {name: row[name] if name in columns else None for name in _APPEARANCE_FIELDS}
        record = records.get(row["paper_key"])
        if record is None:
            raise sqlite3.DatabaseError(f"an appearance of {row['paper_key']!r}, a paper missing")
        record["appearances"].append(appearance)
    return list(records.values())


def _loaded(kind: str, value: object) -> object:
    """A column's value as the record's JSON holds it (``_stored`` undone); a value that is
    not of its kind is left as it is, for the record's check to refuse."""
    if kind == "strings":
        if value is None:
            return []
        try:
            return json.loads(value) if isinstance(value, str) else value
        except ValueError:
            return value
    if kind == "bool" and value in (0, 1):
        return bool(value)
    return value


def _columns_named(connection: sqlite3.Connection, table: str) -> list[str]:
    return [name for name, _, _, _ in _columns(connection, table)]
