"""Source stage for batches: expand files, folders, archives and stdin into named inputs.

Nothing is left out in silence. A folder or file that cannot be read is a ``ParseError``
naming it. A file a folder walk passes over, because its name says it is no page, is a
``Skipped`` input, so that the batch can count it.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Final

import attrs

from .._bounds import MAX_INPUT_BYTES
from .._model import ParseError
from .bundles import bundle_kind, file_bundle_kind, members
from .crawls import CrawlRecord, warc_records
from .loading import PAGE_SUFFIXES
from .named import Input, Skipped

_NO_GLOB: Final = "its name matches no --glob"
CRAWL_SUFFIXES: Final = (".warc", ".warc.gz")
ARCHIVE_SUFFIXES: Final = (
    ".zip",
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tar.xz",
    *CRAWL_SUFFIXES,
)
# Every page format ``parse`` reads, also gzip-compressed: what a folder walk takes by
# default. Archives and crawls are always opened, whatever the globs say.
DEFAULT_GLOBS: Final = tuple(
    f"*{suffix}{gz}" for suffix in (*PAGE_SUFFIXES, ".jsonl", ".ndjson") for gz in ("", ".gz")
)


Expanded = Input | Skipped | ParseError


@attrs.frozen
class _Choice:
    """Which files of a folder or archive are pages: those matching one of ``globs``, by
    name or by path (a glob holding a ``/`` matches the path below the folder walked)."""

    globs: Sequence[str] = DEFAULT_GLOBS  # lower-case

    def __call__(self, path: str) -> bool:
        name = PurePosixPath(path).name
        if name.startswith("."):
            return False  # hidden: an editor's or a system's file (".DS_Store", "._x")
        if name.lower().endswith(ARCHIVE_SUFFIXES):
            return True
        name, path = name.lower(), path.lower()  # case does not matter, as on the Mac
        return any(fnmatch.fnmatchcase(path if "/" in glob else name, glob) for glob in self.globs)


def page_choice(globs: Iterable[str] = ()) -> _Choice:
    """Which of a folder's files are pages: those ``globs`` match (``DEFAULT_GLOBS`` when
    none are given), by name, or by the path below the folder for a glob with a ``/``."""
    return _Choice(tuple(glob.lower() for glob in globs) or DEFAULT_GLOBS)


def expand(
    paths: Iterable[str], *, globs: Sequence[str] = (), resolve: bool = False
) -> Iterator[Expanded]:
    """Each argument as inputs: a file, every page in a folder or archive, a member named
    ``ARCHIVE:MEMBER``, or stdin for "-".

    ``resolve`` names files by their resolved path and stdin by its content's digest, so
    that every spelling of one file (relative, absolute, ``a/../a``) is one source.
    """
    choice = page_choice(globs)
    for argument in paths:
        if argument == "-":
            yield from _stdin_inputs(choice, resolve=resolve)
            continue
        path = Path(argument)
        name = os.path.realpath(path) if resolve else argument
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:  # a file in a folder we may not enter
            yield ParseError(
                f"cannot read: {exc.strerror or exc}", source=argument, code="unreadable"
            )
            continue
        if mode is not None and stat.S_ISDIR(mode):
            yield from _folder_inputs(path, name, choice)
        elif mode is not None and stat.S_ISREG(mode):
            yield from _file_inputs(path, name, choice, walked=False)
        elif mode is not None:
            yield ParseError("not a file or a folder", source=argument, code="unreadable")
        elif (member := _archive_member(argument)) is not None:
            archive, wanted = member
            shown = os.path.realpath(archive) if resolve else str(archive)
            yield from _file_inputs(archive, shown, _Named(wanted), walked=False, only=wanted)
        else:
            yield ParseError("no such file or folder", source=argument, code="unreadable")


def _folder_inputs(folder: Path, name: str, choice: _Choice) -> Iterator[Expanded]:
    """The files below ``folder``, in sorted order; hidden files and folders (a name that
    begins with a dot, as ``.git``) are not walked."""
    unreadable: list[OSError] = []
    found: list[str] = []
    for here, folders, files in os.walk(folder, onerror=unreadable.append):
        folders[:] = [each for each in folders if not each.startswith(".")]
        found.extend(os.path.join(here, each) for each in files if not each.startswith("."))
    for error in unreadable:
        where = error.filename or str(folder)
        shown = where if where != str(folder) else name
        yield ParseError(
            f"cannot read folder: {error.strerror or error}", source=shown, code="unreadable"
        )
    for each in sorted(found):
        path = Path(each)
        relative = path.relative_to(folder).as_posix()
        shown = os.path.join(name, relative)
        if choice(relative):
            yield from _file_inputs(path, shown, choice, walked=True)
        else:
            yield Skipped(shown, _NO_GLOB, by="name")


def _file_inputs(
    path: Path, name: str, choice: _Choice | _Named, *, walked: bool, only: str | None = None
) -> Iterator[Expanded]:
    lower = path.name.lower()
    if lower.endswith(CRAWL_SUFFIXES):
        for record in warc_records(path, max_bytes=MAX_INPUT_BYTES, name=name):
            if only is None or isinstance(record, ParseError) or record.name == f"{name}:{only}":
                yield crawl_input(record)
    elif kind := ("zip" if lower.endswith(".zip") else None) or file_bundle_kind(path):
        yield from _archive_inputs(path, name, kind, choice)
    elif lower.endswith(ARCHIVE_SUFFIXES):  # a .tar.gz that is no tar: tarfile says why
        yield from _archive_inputs(path, name, "tar", choice)
    else:
        yield Input(name, path=path, walked=walked)


def _archive_member(argument: str) -> tuple[Path, str] | None:
    """``ARCHIVE:MEMBER`` as the archive's path and the member's name, when some ``:``
    splits the argument into an archive that exists and a name."""
    at = argument.find(":")
    while at > 0:
        archive = Path(argument[:at])
        if _is_file(archive) and (
            archive.name.lower().endswith(ARCHIVE_SUFFIXES) or file_bundle_kind(archive)
        ):
            return archive, argument[at + 1 :]
        at = argument.find(":", at + 1)
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # in a folder we may not enter: not an archive we can name
        return False


@attrs.frozen
class _Named:
    """The one member ``ARCHIVE:MEMBER`` names (its path in the archive, or a glob)."""

    member: str

    def __call__(self, path: str) -> bool:
        return path == self.member or fnmatch.fnmatch(path, self.member)


@attrs.define
class _Counting:
    """A member choice that remembers what it passed over, to report it as skipped."""

    choice: _Choice | _Named
    passed_over: list[str] = attrs.Factory(list)

    def __call__(self, path: str) -> bool:
        wanted = self.choice(path)
        hidden = PurePosixPath(path).name.startswith(".")
        if not wanted and not hidden and not isinstance(self.choice, _Named):
            self.passed_over.append(path)
        return wanted


def _archive_inputs(
    source: Path | bytes, name: str, kind: str, choice: _Choice | _Named
) -> Iterator[Expanded]:
    """An archive's members as inputs, then the members it passed over as skipped."""
    counting = _Counting(choice)
    for member in members(source, name, kind, counting):
        if isinstance(member, ParseError):
            yield member
        else:
            yield Input(member[0], data=member[1], walked=True)
    for path in counting.passed_over:
        yield Skipped(f"{name}:{path}", _NO_GLOB, by="name")


def _stdin_inputs(choice: _Choice, *, resolve: bool) -> Iterator[Expanded]:
    """Standard input: one page, or an archive of them (``tar c pages | paperparse parse -``)."""
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    name = "<stdin>"
    if resolve:  # one content, one source, however often it is piped in
        name = f"<stdin sha256:{hashlib.sha256(data).hexdigest()[:16]}>"
    yield from data_inputs(data, name, choice=choice)


def data_inputs(
    data: bytes, name: str, *, choice: _Choice | None = None, walked: bool = False
) -> Iterator[Expanded]:
    """Bytes already read as inputs: one page, or an archive's pages (found by content)."""
    kind = bundle_kind(data)
    if kind is not None:
        yield from _archive_inputs(data, name, kind, choice or page_choice())
    else:
        yield Input(name, data=data, walked=walked)


def file_inputs(path: Path, name: str, *, walked: bool = False) -> Iterator[Expanded]:
    """A file as inputs, named ``name``: a page, or the pages of an archive or crawl."""
    yield from _file_inputs(path, name, page_choice(), walked=walked)


def crawl_input(record: CrawlRecord | ParseError) -> Input | ParseError:
    """A crawl's Hub record as an input, dated by its ``WARC-Date``; damage as it came."""
    if isinstance(record, ParseError):
        return record
    return Input(record.name, data=record.body, walked=True, saved_on=record.saved_on)
