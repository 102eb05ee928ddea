"""The bounds paperparse holds on any input, in one place (docs/bounds.md lists each with
what hitting it gives). Each is far above what a real page needs and low enough that a
hostile or wrong input fails fast, in bounded memory, with our own error or problem."""

from __future__ import annotations

from typing import Final

# One document: a file, bytes, a str (in characters), an inflated gzip, an archive member
# or a crawl record. The corpus's largest page is a few MB. Past it: ParseError.
MAX_INPUT_BYTES: Final = 256 * 1024 * 1024
