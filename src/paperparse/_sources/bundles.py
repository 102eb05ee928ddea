"""Source stage for batches: the pages inside a zip or tar archive, from a file or bytes.

Every member that could not be read is an error naming it, and so is damage that ends the
archive early: ``tarfile`` takes a damaged header after the first member for the end of
the archive and stops without a word, where ``tar`` itself reports it.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Final, cast

from .._bounds import MAX_INPUT_BYTES
from .._model import ParseError

Member = tuple[str, bytes] | ParseError  # (the member's name in a batch, its bytes)
Wanted = Callable[[str], bool]  # whether a member, by its path in the archive, is a page to read
_ZIP_MAGIC: Final = b"PK\x03\x04"
_TAR_MAGIC: Final = b"ustar"  # POSIX and GNU tar headers carry it at byte 257
_TAR_MAGIC_AT: Final = 257
_TAR_BLOCK: Final = 512
# What a file's sniff reads: a tar's first header, even compressed (a page's first bytes).
_SNIFF_BYTES: Final = 8 * 1024
Stream = io.BufferedIOBase  # a file, bytes in memory, or a decompressing reader of either


def bundle_kind(data: bytes) -> str | None:
    """ "zip" or "tar" when ``data`` begins such an archive (a tar compressed or not)."""
    if data.startswith(_ZIP_MAGIC):
        return "zip"
    head = data
    if data.startswith(b"\x1f\x8b"):
        try:  # the first header of a .tar.gz, inflated alone
            head = zlib.decompressobj(wbits=31).decompress(data, _TAR_BLOCK)
        except zlib.error:
            return None
    elif data.startswith((b"BZh", b"\xfd7zXZ\x00")):
        head = _decompressed_head(data)
    if head[_TAR_MAGIC_AT : _TAR_MAGIC_AT + len(_TAR_MAGIC)] == _TAR_MAGIC:
        return "tar"
    return None


def _decompressed_head(data: bytes) -> bytes:
    try:
        if data.startswith(b"BZh"):
            return bz2.BZ2Decompressor().decompress(data[: 64 * 1024])[:_TAR_BLOCK]
        return lzma.LZMADecompressor().decompress(data[: 64 * 1024], _TAR_BLOCK)
    except (OSError, lzma.LZMAError, EOFError, ValueError):
        return b""


def file_bundle_kind(path: Path) -> str | None:
    """``bundle_kind`` of a file, from its first bytes."""
    try:
        with path.open("rb") as handle:
            return bundle_kind(handle.read(_SNIFF_BYTES))
    except OSError:
        return None  # reading it as a page then says why it cannot be read


def members(source: Path | bytes, name: str, kind: str, wanted: Wanted) -> Iterator[Member]:
    """The wanted members of a zip or tar archive (a path, or its bytes named ``name``)."""
    opened = source if isinstance(source, Path) else io.BytesIO(source)
    if kind == "zip":
        yield from _zip_members(opened, name, wanted)
    else:
        yield from _tar_members(opened, name, wanted)


def _zip_members(source: Path | Stream, name: str, wanted: Wanted) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        yield ParseError(f"cannot open archive: {exc}", source=name, code=_failure_code(exc))
        return
    with archive:
        for member in archive.infolist():
            member_name = f"{name}:{member.filename}"
            if member.is_dir() or not wanted(member.filename):
                continue
            if member.file_size > MAX_INPUT_BYTES:
                yield _too_large(member_name)
                continue
            try:
                yield member_name, archive.read(member)
            except (OSError, zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
                yield ParseError(
                    f"cannot read archive member: {exc}",
                    source=member_name,
                    code=_failure_code(exc),
                )


def _tar_members(source: Path | Stream, name: str, wanted: Wanted) -> Iterator[Member]:
    try:
        stream = _LastRead(_decompressed(source))
        archive = tarfile.open(fileobj=stream, mode="r:")  # noqa: SIM115 - `with` below
    except (OSError, tarfile.TarError, EOFError, lzma.LZMAError, zlib.error) as exc:
        yield ParseError(f"cannot open archive: {exc}", source=name, code=_failure_code(exc))
        return
    with archive:
        try:
            for member in archive:
                member_name = f"{name}:{member.name}"
                if not member.isfile() or not wanted(member.name):
                    continue
                if member.size > MAX_INPUT_BYTES:
                    yield _too_large(member_name)
                    continue
                handle = archive.extractfile(member)  # reads the member only, never to disk
                if handle is not None:
                    yield member_name, handle.read()
        except (OSError, tarfile.TarError, EOFError, lzma.LZMAError, zlib.error) as exc:
            yield ParseError(f"cannot read archive: {exc}", source=name, code=_failure_code(exc))
            return
    # The members ended: at the end-of-archive blocks (zeros), or where the data stopped;
    # anything else is a header tarfile could not read.
    if stream.last.strip(b"\0"):
        yield ParseError(
            f"the archive is damaged after byte {archive.offset} (uncompressed): "
            "the members after it could not be read",
            source=name,
            code="damaged",
        )


def _decompressed(source: Path | Stream) -> Stream:
    raw: Stream = source.open("rb") if isinstance(source, Path) else source
    magic = raw.read(6)
    raw.seek(0)
    if magic.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if magic.startswith(b"BZh"):
        return bz2.BZ2File(raw)
    if magic.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(cast(IO[bytes], raw))  # typeshed's LZMAFile asks for IO
    return raw


class _LastRead(io.RawIOBase):
    """A stream that remembers the last bytes read from it: after tarfile's last member,
    what it took for the end of the archive."""

    def __init__(self, inner: Stream) -> None:
        self._inner = inner
        self.last = b""

    def read(self, size: int = -1) -> bytes:
        self.last = self._inner.read(size)
        return self.last

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def close(self) -> None:
        self._inner.close()
        super().close()


def _too_large(name: str) -> ParseError:
    return ParseError(
        f"archive member too large: over the {MAX_INPUT_BYTES >> 20} MiB bound on one document",
        source=name,
        code="too-large",
    )


def _failure_code(exc: BaseException) -> str:
    """An error of the file system (it carries an errno) is ``unreadable``; the rest is the
    archive's own damage."""
    return "unreadable" if isinstance(exc, OSError) and exc.errno is not None else "damaged"
