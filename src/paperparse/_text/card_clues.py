"""Text stage 2a's clues: what a line's links and length say it is (a paper's page, its
upvote button, a profile, prose)."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import unquote_plus

from .._fields.links import arxiv_id_from_url
from .line_kinds import Token

# An abstract is long prose; a title is short. Lines between are judged by whether they
# read as sentences.
_ABSTRACT_MIN_LENGTH: Final = 250


_PROSE_MIN_LENGTH: Final = 100


_SENTENCE_MIN_LENGTH: Final = 60


_SENTENCE_BREAK: Final = re.compile(r"[.!?]\s+[A-Z(]")


# Hub URLs that are navigation, not something the paper links to.
HUB_INTERNAL: Final = re.compile(r"\Ahttps?://(?:www\.)?(?:huggingface\.co|hf\.co)(?:/|\Z)")


def is_profile_link(token: Token) -> bool:
    if len(token.text) > _PROFILE_TEXT_MAX or looks_like_abstract(token.text):
        return False
    for url in token.urls:
        match = _PROFILE_URL.match(url)
        if match and match["name"].lower() not in _RESERVED_PATHS:
            return True
    return False


# A Hub user or organisation page: one path segment and nothing after it.
_PROFILE_URL: Final = re.compile(r"\Ahttps?://(?:www\.)?huggingface\.co/(?P<name>[\w.-]+)/?\Z")


_PROFILE_TEXT_MAX: Final = 120


# First path segments that are Hub sections, not profiles.
_RESERVED_PATHS: Final = frozenset(
    {"papers", "login", "join", "models", "datasets", "spaces", "docs", "pricing",
     "enterprise", "posts", "blog", "collections", "settings", "organizations", "learn",
     "tasks", "chat", "storage", "search", "notifications", "new", "terms-of-service",
     "privacy", "huggingface"}
)  # fmt: skip


def paper_id(token: Token) -> str | None:
    """The arXiv id of the Hub paper page a line links to (not its comments or login)."""
    for url in token.urls:
        if HUB_INTERNAL.match(url) and "/papers/" in url and "#" not in url:
            return arxiv_id_from_url(url)
    return None


def login_target(token: Token) -> str | None:
    """The paper an upvote button points at: ``/login?next=/papers/ID``."""
    for url in token.urls:
        if "login?next=" in url:
            # The first query parameter, read directly: parse_qs cost more than the card.
            target = url.partition("login?next=")[2].partition("#")[0].partition("&")[0]
            return arxiv_id_from_url(unquote_plus(target)) if target else None
    return None


def looks_like_abstract(text: str) -> bool:
    if len(text) >= _ABSTRACT_MIN_LENGTH:
        return True
    if len(text) >= _SENTENCE_MIN_LENGTH and text.endswith("."):
        return True
    return len(text) >= _PROSE_MIN_LENGTH and bool(_SENTENCE_BREAK.search(text))
