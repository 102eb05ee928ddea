"""The public surface is pinned: changing it must be a deliberate, changelogged act."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import attrs

import paperparse
from paperparse import Listing, Paper, Problem
from paperparse._model import ERROR_CODES, PROBLEM_CODES

ROOT = Path(__file__).resolve().parents[1]


def test_all_is_pinned() -> None:
    assert sorted(paperparse.__all__) == sorted(
        [
            "Appearance",
            "Collection",
            "Listing",
            "Location",
            "MergedPaper",
            "OutputError",
            "Paper",
            "ParseError",
            "Problem",
            "__version__",
            "json_schema",
            "parse",
            "parse_many",
        ]
    )
    for name in paperparse.__all__:
        assert hasattr(paperparse, name)


def test_the_engines_entries_are_pinned() -> None:
    import paperparse.dask
    import paperparse.spark

    assert paperparse.dask.__all__ == [
        "merge_papers",
        "read_listings",
        "read_papers",
        "read_problems",
    ]
    assert paperparse.spark.__all__ == ["merge_papers", "read_papers", "read_problems"]
    for module in (paperparse.dask, paperparse.spark):
        assert all(callable(getattr(module, name)) for name in module.__all__)


def test_paper_fields_are_pinned() -> None:
    assert [field.name for field in attrs.fields(Paper)] == [
        "title", "abstract", "arxiv_id", "url", "authors", "author_count", "published",
        "published_text", "date_resolution", "submitted", "submitted_by",
        "submitter_organization", "upvotes", "comments", "discussion_id", "author_participating",
        "code_links", "links", "github_repo", "github_repo_added_by", "github_stars",
        "project_page", "ai_summary", "ai_summary_model", "ai_keywords", "organization",
        "thumbnail", "media_urls", "rank", "day_rank", "location",
    ]  # fmt: skip


def test_listing_and_problem_fields_are_pinned() -> None:
    assert [field.name for field in attrs.fields(Listing)] == [
        "papers", "problems", "kind", "input_format", "page_date", "period", "query", "url",
        "retrieved", "source", "layers",
    ]  # fmt: skip
    assert [field.name for field in attrs.fields(Problem)] == [
        "code", "message", "location", "raw", "count"
    ]  # fmt: skip


def _loaded_after(code: str, modules: set[str]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``code``."""
    import subprocess
    import sys

    script = f"import sys, paperparse; {code}; print(sorted({modules!r} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded: list[str] = ast.literal_eval(out.stdout.strip())
    return loaded


def test_import_is_light() -> None:
    """lxml, bs4, dateutil, process pools and the extras load on first use, never at import."""
    heavy = {"lxml", "bs4", "dateutil", "concurrent.futures", "sqlite3", "csv",
             "charset_normalizer", "pandas", "pyarrow", "dask", "pyspark", "fastwarc"}  # fmt: skip
    assert _loaded_after("pass", heavy) == []


def test_the_extras_load_only_when_their_output_is_asked_for() -> None:
    page = "Daily Papers\\nA Paper\\n\\u00b7\\n2 authors\\n"
    merged = f"paperparse.Collection([paperparse.parse('{page}')]).to_rows()"
    assert _loaded_after(merged, {"pandas", "pyarrow"}) == []


def test_parse_signature() -> None:
    parameters = inspect.signature(paperparse.parse).parameters
    assert list(parameters) == ["document", "source", "reference_date", "strict"]
    assert parameters["document"].kind is inspect.Parameter.POSITIONAL_ONLY
    for option in ("source", "reference_date", "strict"):
        assert parameters[option].kind is inspect.Parameter.KEYWORD_ONLY


def test_version_lives_in_one_place_and_is_in_the_changelog() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", paperparse.__version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{paperparse.__version__}]" in changelog


def test_package_is_typed() -> None:
    assert (Path(paperparse.__file__).parent / "py.typed").exists()


def _codes_in_source() -> set[str]:
    """Every code the library can emit: the first argument of each ``Problem(...)`` call."""
    codes = set()
    for module in (ROOT / "src" / "paperparse").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Problem"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                codes.add(node.args[0].value)
    return codes


def test_every_problem_code_is_documented_and_every_documented_code_exists() -> None:
    page = (ROOT / "docs" / "problems.md").read_text()
    problems, _, errors = page.partition("## Error codes")
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", problems, re.M))
    emitted = _codes_in_source()
    assert "encoding-guessed" in emitted  # the scan finds the calls
    assert emitted == documented == PROBLEM_CODES
    assert set(re.findall(r"^\| `([a-z-]+)` \|", errors, re.M)) == set(ERROR_CODES)


def test_every_error_code_is_one_the_table_names() -> None:
    codes = set()
    for module in (ROOT / "src" / "paperparse").rglob("*.py"):
        codes.update(re.findall(r'code="([a-z-]+)"', module.read_text(encoding="utf-8")))
    assert codes - PROBLEM_CODES <= set(ERROR_CODES)
    assert "not-a-papers-page" in ERROR_CODES  # ParseError's default


def test_output_error_names_its_target_and_survives_pickling() -> None:
    import pickle

    error = paperparse.OutputError("papers.sqlite", "not a SQLite database")
    assert str(error) == "papers.sqlite: not a SQLite database"
    again = pickle.loads(pickle.dumps(error))
    assert (again.target, again.reason) == ("papers.sqlite", "not a SQLite database")
