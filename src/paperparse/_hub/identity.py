"""JSON stage 1: which paper an item is. Its arXiv id comes from its id key, or from a field
that holds the paper's address (a Hub paper page, an arXiv abstract or PDF); where the two
disagree, that is a problem at the address, never a silent choice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import attrs

from .._fields.links import normalize_arxiv_id, paper_id_of_url
from .item_fields import URL_KEYS, ItemFields

# How a whole-value address begins; anything else (a title, an abstract) is not looked at.
_ADDRESS_STARTS: Final = (
    "http://",
    "https://",
    "HTTP",
    "huggingface.co/",
    "hf.co/",
    "arxiv.org/",
    "www.",
)


@attrs.frozen
class Identity:
    """The item's arXiv id, and what else its address fields held."""

    arxiv_id: str | None = None
    links: tuple[str, ...] = ()
    """Addresses under a URL key that name no paper (a blog post, a landing page)."""


def read_identity(fields: ItemFields) -> Identity:
    """The arXiv id of the item ``fields`` reads, with every disagreement recorded.

    The id key (``id``, ``arxiv_id``, ``paper_id``) wins: it is the one field that exists to
    say which paper this is. An address under a URL key (``url``, ``link``, ``paper_url``...)
    gives the id when there is no valid id key, and is an ``invalid-field`` problem when it
    names another paper. Failing both, any other field whose whole value is a paper's address
    gives the id (a tool that saved the Hub link under a name of its own).
    """
    containers = (fields.paper, fields.item) if fields.nested else (fields.paper,)
    arxiv_id = None
    raw_id = fields.text(fields.paper, "id")
    if raw_id is not None:
        arxiv_id = normalize_arxiv_id(raw_id)
        if arxiv_id is None:
            fields.invalid(fields.paper_path("id"), "not an arXiv id", raw_id)
    named: list[tuple[str, str, str]] = []  # (pointer, arXiv id, address) from URL keys
    links: list[str] = []
    for container in containers:
        for key in URL_KEYS:
            if key not in container:
                continue
            address, _ = fields.url(container, key)
            if address is None:
                continue
            paper_id = paper_id_of_url(address)
            if paper_id is None:
                links.append(address)
            else:
                named.append((fields.path_of(container, key), paper_id, address))
    if arxiv_id is None and named:
        arxiv_id = named[0][1]
    for path, paper_id, address in named:
        if paper_id != arxiv_id:
            why = f"the address names paper {paper_id}, but the item is paper {arxiv_id}"
            fields.invalid(path, why, address)
    if arxiv_id is None:
        arxiv_id = _named_anywhere(containers)
    return Identity(arxiv_id, tuple(links))


def _named_anywhere(containers: tuple[Mapping[str, Any], ...]) -> str | None:
    """The first paper named by a field, under any key, whose whole value is its address:
    a tool that saved the Hub link under a name of its own (``"hf": ...``)."""
    for container in containers:
        for key, value in container.items():
            if key in URL_KEYS or not isinstance(value, str):
                continue  # the URL keys were read already
            if value.startswith(_ADDRESS_STARTS) and (paper_id := paper_id_of_url(value)):
                return paper_id
    return None
