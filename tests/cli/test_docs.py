"""docs/cli.md and ``--help`` say the same: the same options, the same defaults."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from paperparse._cli.arguments import build_parser

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
# The sections whose option tables a command's options are documented in.
SECTIONS = {
    "parse": ("## Inputs", "## Reporting", "## `paperparse parse"),
    "inspect": ("## Inputs", "## `paperparse inspect"),
    "merge": ("## Inputs", "## Reporting", "## `paperparse merge"),
}


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (subcommands,) = (
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    return dict(subcommands.choices)


def _section(heading: str) -> str:
    start = DOCS.index(heading)
    end = DOCS.find("\n## ", start + 1)
    return DOCS[start : end if end != -1 else None]


def _table_rows(command: str) -> dict[str, str]:
    """Each documented option's first cell (its spellings, as `--glob PATTERN`) -> its row."""
    rows = {}
    for heading in SECTIONS[command]:
        for cells in re.findall(r"^\| (`-.*?) \| (.*) \|$", _section(heading), re.M):
            rows[cells[0]] = cells[1]
    return rows


def _spelled(action: argparse.Action) -> str:
    """An option as the docs' first cell spells it: `-o FILE`, `--output FILE`."""
    metavar = action.metavar or (
        "{" + ",".join(action.choices) + "}" if action.choices else None  # type: ignore[arg-type]
    )
    suffix = f" {metavar}" if action.nargs != 0 and metavar else ""
    return ", ".join(f"`{option}{suffix}`" for option in action.option_strings)


def _options(command: str) -> list[argparse.Action]:
    return [
        action
        for action in _commands()[command]._actions
        if action.option_strings and action.dest != "help"
    ]


@pytest.mark.parametrize("command", sorted(SECTIONS))
def test_every_option_is_documented_and_every_documented_option_exists(command: str) -> None:
    rows = _table_rows(command)
    assert sorted(rows) == sorted(_spelled(action) for action in _options(command))


@pytest.mark.parametrize("command", sorted(SECTIONS))
def test_the_defaults_are_the_same(command: str) -> None:
    rows = _table_rows(command)
    checked = 0
    for action in _options(command):
        row = rows[_spelled(action)]
        for default in re.findall(r"\(default: [^()]*(?:\([^()]*\)[^()]*)*\)", action.help or ""):
            assert default in row, (action.option_strings, default)
            checked += 1
    assert checked >= 1  # --glob's default, at least


def test_the_commands_are_the_documented_ones() -> None:
    assert sorted(_commands()) == sorted(SECTIONS)
    for command in SECTIONS:
        assert f"## `paperparse {command} " in DOCS


def test_the_documented_sqlite_schema_is_the_one_written() -> None:
    from paperparse._batch.database import SCHEMA

    block = DOCS[DOCS.index("```sql\nCREATE TABLE papers") :]
    block = block[: block.index("```", 6)]
    documented = dict(re.findall(r"^    (\w+) +([A-Z]+)", block, re.M))
    written = dict(re.findall(r"^    (\w+) ([A-Z]+)", SCHEMA, re.M))
    shown = {name: kind for name, kind in written.items() if name in documented}
    assert documented == shown
    # Every column the first release wrote is shown, and every appearance column.
    appearances = SCHEMA[SCHEMA.index("appearances (") :]
    for name in re.findall(r"^    (\w+) [A-Z]", appearances, re.M):
        assert name in documented, name
