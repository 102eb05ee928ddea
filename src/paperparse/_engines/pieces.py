"""Engine stage: the inputs of a distributed read, planned as pieces of work.

A piece is one file, or one byte range of a large crawl, on any filesystem fsspec reaches
(local paths, ``s3://`` with s3fs, ``gcs://``, ``https://``...). Pieces are planned on the
client, from listings and sizes alone; every byte is read where the piece is parsed.
Folders are walked and globs matched as the command line does, in the same sorted order,
so that a merge folds the pages in the command line's order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from .._sources.inputs import CRAWL_SUFFIXES, page_choice
from .._sources.named import Skipped

# A crawl larger than this is read as several pieces, split at record boundaries found
# where each piece starts: Common Crawl's files (about 1 GB) become eight pieces.
SPLIT_BYTES: Final = 128 << 20
_GLOB_CHARACTERS: Final = frozenset("*?[")
_NO_GLOB: Final = "its name matches no glob"


@attrs.frozen
class Piece:
    """One unit of work: a file, or the records of a crawl that begin in ``[start, stop)``."""

    name: str
    """The input as the batch names it: an absolute local path, else the fsspec URL."""
    path: str
    """The path as ``filesystem`` takes it."""
    filesystem: Any = attrs.field(eq=False, repr=False)
    """The ``fsspec`` filesystem holding it (picklable, so it travels to the workers)."""
    walked: bool = False
    """Found in a folder or by a glob: a file there that is no page is skipped, not an error."""
    start: int = 0
    stop: int | None = None
    """For a crawl's piece, the byte range its records begin in; None: to the end."""
    size: int = 0
    """The bytes it spans, as stored: what partitions are balanced by."""

    @property
    def crawl(self) -> bool:
        return self.path.lower().endswith(CRAWL_SUFFIXES)

    @property
    def ranged(self) -> bool:
        """One byte range of a crawl split into several."""
        return self.start > 0 or self.stop is not None

    @property
    def local(self) -> bool:
        return "file" in _protocols(self.filesystem)


Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]
"""What a read takes: one path or URL, or many."""
Planned = tuple[int, "Piece | Skipped"]
"""A piece and its number in the plan, which orders its rows among all the others."""


def plan(
    paths: Paths,
    *,
    globs: Iterable[str] = (),
    split_bytes: int = SPLIT_BYTES,
    storage_options: Mapping[str, Any] | None = None,
) -> list[Piece | Skipped]:
    """The pieces of ``paths`` (files, folders, globs, fsspec URLs), in the command line's
    order. Raises ``FileNotFoundError`` for a path that names nothing, as a read should."""
    if split_bytes < 1:
        raise ValueError(f"split_bytes must be at least 1, got {split_bytes}")
    import fsspec  # type: ignore[import-untyped,unused-ignore]

    choice = page_choice(globs)
    options = dict(storage_options or {})
    planned: list[Piece | Skipped] = []
    for given in [paths] if isinstance(paths, (str, os.PathLike)) else paths:
        filesystem, path = fsspec.core.url_to_fs(os.fspath(given), **options)
        for found, size, relative in _files(filesystem, path, os.fspath(given)):
            name = _name(filesystem, found)
            if relative is not None and not choice(relative):
                planned.append(Skipped(name, _NO_GLOB, by="name"))
                continue
            piece = Piece(name, found, filesystem, walked=relative is not None, size=size)
            planned.extend(_pieces(piece, size, split_bytes))
    return planned


def _files(filesystem: Any, path: str, given: str) -> Iterator[tuple[str, int, str | None]]:
    """Each file ``path`` names, with its size and, for a file a folder walk found, its
    path below the folder (None for a file named, or matched by a glob, as a shell's are)."""
    if _GLOB_CHARACTERS & set(path):
        found = filesystem.glob(path, detail=True)
        root = path[: min(path.find(mark) for mark in _GLOB_CHARACTERS if mark in path)]
        files = sorted(
            name
            for name, info in found.items()
            if info.get("type") != "directory" and not _hidden(name[len(root) :], path)
        )
        if not files:
            raise FileNotFoundError(f"no files match {given}")
        for name in files:
            yield name, int(found[name].get("size") or 0), None
        return
    info = filesystem.info(path)  # FileNotFoundError for a path that names nothing
    if info.get("type") != "directory":
        yield path, int(info.get("size") or 0), None
        return
    listed = filesystem.find(path, detail=True)
    for name in sorted(listed):
        relative = name[len(path.rstrip("/")) :].lstrip("/")
        if not _hidden(relative):
            yield name, int(listed[name].get("size") or 0), relative


def _hidden(relative: str, pattern: str = "") -> bool:
    """A file below a dot folder, or with a dot name, that a walk or a shell's glob passes
    over (as ``.git``, ``.DS_Store``), unless the glob itself asks for dot names."""
    if "/." in pattern or pattern.startswith("."):
        return False
    return any(part.startswith(".") for part in relative.split("/"))


def _pieces(piece: Piece, size: int, split_bytes: int) -> Iterator[Piece]:
    if not piece.crawl or size <= split_bytes:
        yield piece
        return
    for start in range(0, size, split_bytes):
        stop = min(start + split_bytes, size)
        yield attrs.evolve(
            piece, start=start, stop=stop if stop < size else None, size=stop - start
        )


def _name(filesystem: Any, path: str) -> str:
    """An input's name: a local file by its resolved path (as ``merge`` names it, so the
    engine's records and the command line's agree), another by its full URL."""
    if "file" in _protocols(filesystem):
        return os.path.realpath(path)
    return str(filesystem.unstrip_protocol(path))


def _protocols(filesystem: Any) -> tuple[str, ...]:
    protocol = filesystem.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def partitions(planned: list[Piece | Skipped], *, target_bytes: int) -> list[list[Planned]]:
    """The planned pieces, numbered in order, as partitions of about ``target_bytes``:
    small files share one, and each range of a split crawl is one of its own."""
    groups: list[list[Planned]] = []
    group: list[Planned] = []
    weight = 0
    for number, piece in enumerate(planned):
        ranged = isinstance(piece, Piece) and piece.ranged
        if group and ranged:
            groups.append(group)
            group, weight = [], 0
        group.append((number, piece))
        weight += piece.size if isinstance(piece, Piece) else 0
        if weight >= target_bytes or ranged:
            groups.append(group)
            group, weight = [], 0
    if group:
        groups.append(group)
    return groups
