"""Text stage 3: self-checks that turn a doubtful read into a problem, whatever the rendering.

The readers decide from context what each line is; these checks look at what came out. A
title that still holds markup, an address, a widget's count or page chrome was not read
right; a paper page the rendering links to that no paper claims was lost somewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from .._model import Location, Paper, Problem
from .card_clues import paper_id
from .line_kinds import CHROME_LINES, Kind, Token, classify

# What a title can hold only when a rendering's markup or a widget was taken for its text.
_MARKUP_IN_TITLE: Final = re.compile(
    r"""\]\(              # a markdown link left whole
      | <\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>  # an HTML tag
      | \bhttps?://       # an address
      | \A\[\s?\]         # a box drawn for a button or an image
    """,
    re.VERBOSE,
)
# Widgets, labels and dates are short: longer titles need not be classified again.
_PIECE_MAX: Final = 40
# The longest arXiv titles run to about 250 characters: a "title" far past that is an
# abstract or a run of lines that lost their breaks.
TITLE_LENGTH_MAX: Final = 500
_BLOCK_CODES: Final = frozenset({"truncated", "unparsed-block"})
# Token kinds that a whole title can never be: a widget, a card piece, a label.
_NO_TITLE_KINDS: Final = frozenset(
    {Kind.COUNT, Kind.UPVOTE, Kind.GITHUB, Kind.AUTHORS, Kind.DATE, Kind.CHROME, Kind.DAY_RANK}
)


def title_doubt(title: str) -> str | None:
    """Why the title cannot be one as it stands, or None when it reads as a title."""
    # (Each of the patterns needs one of these characters; most titles have none.)
    if ("<" in title or "]" in title or "/" in title) and _MARKUP_IN_TITLE.search(title):
        return "holds markup or an address"
    if len(title) > TITLE_LENGTH_MAX:
        return f"is {len(title)} characters long, longer than any title"
    if title.lower() in CHROME_LINES:
        return "is page chrome"
    if len(title) <= _PIECE_MAX and classify(title, 0).kind in _NO_TITLE_KINDS:
        return "is a card's widget or label, not a title"
    return None


def check_titles(papers: Sequence[Paper], problems: list[Problem]) -> None:
    """A ``suspicious-title`` problem for each title that holds what no title holds."""
    for paper in papers:
        why = title_doubt(paper.title or "")
        if why is not None:
            message = f"the title {why}: the rendering was not read right here"
            problems.append(Problem("suspicious-title", message, paper.location, paper.title or ""))


def check_paper_links(
    tokens: Sequence[Token], papers: Sequence[Paper], problems: list[Problem]
) -> None:
    """An ``unclaimed-paper-link`` problem for each paper page the listing links to that
    no paper of the listing is: a card that was not read as a paper, or lost its link."""
    claimed = {paper.arxiv_id for paper in papers}
    # Blocks already reported whole (a cut-off tail, text that is no card) say it already.
    reported = sorted(
        (problem.location.line, problem.location.end_line or problem.location.line)
        for problem in problems
        if problem.code in _BLOCK_CODES and problem.location.line is not None
    )
    seen: set[str] = set()
    block = 0  # the first reported block that does not end before the token (tokens ascend)
    for token in tokens:
        linked = paper_id(token) if token.urls else None
        if linked is None or linked in claimed or linked in seen:
            continue
        while block < len(reported) and reported[block][1] < token.line:
            block += 1
        if block < len(reported) and reported[block][0] <= token.line:
            continue
        seen.add(linked)
        problems.append(
            Problem(
                "unclaimed-paper-link",
                f"a link to the paper {linked} that no paper of the listing is",
                Location(line=token.line, end_line=token.last_line),
                token.text,
            )
        )
