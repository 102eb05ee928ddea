"""paperparse.spark in local[2]: the same papers, problems and merged records as the
command line, for folders and crawls, with the model's schema."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import REFERENCE, cli_merged, cli_rows, eighth

pyspark = pytest.importorskip("pyspark", reason="the spark extra is not installed")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java, and there is no java on the PATH", allow_module_level=True)
import paperparse.spark as ppspark  # noqa: E402

DAY = dt.date.fromisoformat(REFERENCE)
# PySpark warns that it does not yet test against pandas 3; nothing here relies on pandas.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)  # the workers run this interpreter
        session = _session(SparkSession)
        yield session
        session.stop()


def _session(builder: Any) -> Any:
    return (
        builder.builder.master("local[2]")
        .appName("paperparse-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def _json(frame: Any) -> list[dict[str, Any]]:
    from paperparse._batch.parquet import json_rows

    return json_rows(frame.toArrow())


def test_a_folder_gives_the_command_lines_rows(spark: Any, corpus_folder: Path) -> None:
    expected = cli_rows([corpus_folder])
    frame = ppspark.read_papers(spark, str(corpus_folder), reference_date=DAY, partition_bytes=1)
    got = sorted(_json(frame), key=lambda row: row["order"])
    assert [{key: row[key] for key in expected[0]} for row in got] == expected


def test_the_schema_is_the_models(spark: Any, corpus_folder: Path) -> None:
    frame = ppspark.read_papers(spark, str(corpus_folder / "api-json"), reference_date=DAY)
    types = dict(frame.dtypes)
    assert types["published"] == "date"
    assert types["upvotes"] == "bigint"
    assert types["authors"] == "array<string>"
    assert types["author_participating"] == "boolean"
    assert types["location"] == "struct<line:bigint,end_line:bigint,path:string>"
    assert frame.where("upvotes = 0").count() == sum(
        1 for row in cli_rows([corpus_folder / "api-json"]) if row["upvotes"] == 0
    )


def test_a_crawl_split_into_ranges_gives_the_command_lines_rows(spark: Any, crawl: Path) -> None:
    expected = cli_rows([crawl])
    frame = ppspark.read_papers(spark, str(crawl), reference_date=DAY, split_bytes=eighth(crawl))
    assert frame.rdd.getNumPartitions() > 4
    got = sorted(_json(frame), key=lambda row: row["order"])
    assert [{key: row[key] for key in expected[0]} for row in got] == expected


def test_the_merge_gives_the_command_lines_records(
    spark: Any, corpus_folder: Path, tmp_path: Path
) -> None:
    folders = sorted(path for path in corpus_folder.iterdir() if path.is_dir())
    expected = cli_merged(folders, tmp_path / "merged.jsonl")
    papers = ppspark.read_papers(spark, [str(path) for path in folders], reference_date=DAY)
    got = {record["key"]: record for record in _json(ppspark.merge_papers(papers))}
    assert got == expected


def test_problems_are_read_too(spark: Any, corpus_folder: Path) -> None:
    problems = _json(ppspark.read_problems(spark, str(corpus_folder), reference_date=DAY))
    skipped = sorted(Path(row["source"]).name for row in problems if row["kind"] == "skipped")
    assert skipped == ["MANIFEST.tsv", "README.md"]
    assert all(row["code"] for row in problems)
