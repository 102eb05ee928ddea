"""Engine stage: what a distributed read was asked for, planned into its partitions.

One value for both engines, so that Dask and Spark read the same paths the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from .pieces import SPLIT_BYTES, Paths, Planned, partitions, plan
from .reading import paper_rows, problem_rows

# The bytes a partition holds about: small files share a task, a crawl's range is one.
PARTITION_BYTES: Final = 64 << 20


@attrs.frozen
class Reading:
    """A read's paths and options, as the public ``read_*`` functions take them."""

    paths: Paths
    reference_date: dt.date | None = None
    strict: bool = False
    globs: Iterable[str] = ()
    split_bytes: int = SPLIT_BYTES
    partition_bytes: int = PARTITION_BYTES
    storage_options: Mapping[str, Any] | None = None

    def groups(self) -> list[list[Planned]]:
        """The partitions' pieces, planned here, on the client or driver."""
        planned = plan(
            self.paths,
            globs=self.globs,
            split_bytes=self.split_bytes,
            storage_options=self.storage_options,
        )
        return partitions(planned, target_bytes=self.partition_bytes)

    @property
    def parsing(self) -> dict[str, Any]:
        """The options each worker parses with."""
        return {"reference_date": self.reference_date, "strict": self.strict}


def rows_of(kind: str) -> Any:
    """What a partition's results become for a frame of ``kind``: papers or problems."""
    return paper_rows if kind == "papers" else problem_rows
