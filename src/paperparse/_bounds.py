"""The bounds paperparse holds on any input, in one place (docs/bounds.md lists each with
what hitting it gives). Each is far above what a real page needs and low enough that a
hostile or wrong input fails fast, in bounded memory, with our own error or problem."""

from __future__ import annotations

from typing import Final

# One document: a file, bytes, a str (in characters), an inflated gzip, an archive member
# or a crawl record. The corpus's largest page is a few MB. Past it: ParseError.
MAX_INPUT_BYTES: Final = 256 * 1024 * 1024
# Nesting: a web archive (MHTML) holds parts in parts at most this deep (browsers nest one
# multipart in another); a deeper part is not looked into.
MHTML_NESTING: Final = 4
# A crawl (WARC) record's headers: at most this many bytes (a line, and all of them together:
# FastWARC's bound), and at most this many lines. Past either: ParseError naming the record.
WARC_HEADER_LINE_BYTES: Final = 64 * 1024
WARC_HEADERS: Final = 1000
# JSON numbers: Python turns at most this many digits into an int (past it: a ValueError
# of its own); a longer one is read as no number, and its field is `invalid-field`.
INT_DIGITS: Final = 4000
# Counts fit a signed 64-bit integer, as SQLite, Parquet and every engine store them;
# a larger one is `invalid-field`.
COUNT_LIMIT: Final = 2**63
# Characters of an offending fragment a Problem keeps in its raw text, for large fragments
# (a whole JSON item, a card's markup); text renderings keep their lines whole.
RAW_LIMIT: Final = 500
