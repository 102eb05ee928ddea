"""Field stage: names as cards print them (organisations, with what a rendering glues on)."""

from __future__ import annotations

import os
import re
from typing import Final

# A Hub handle: one word of letters, digits and "-_.", as in an organisation's page URL.
_HANDLE: Final = re.compile(r"[A-Za-z0-9][\w.-]{0,95}")
_HANDLE_PARTS: Final = re.compile(r"[-_.]")
# An avatar without alternative text, as a text browser shows it: its file's name in brackets,
# glued to the name ("[o]Kandinsky Lab").
_GLUED_PLACEHOLDER: Final = re.compile(r"\A\[[\w.-]{1,40}\](?=\S)")
_HANDLE_HEAD_MIN: Final = 2
_SHARED_START_MIN: Final = 4  # "EverMindAI EverMind", "SUNGKYUNARCH Sungkyunkwan University"


def organization_name(text: str) -> str:
    """The organisation's name without the avatar's alternative text before it.

    A card shows an organisation as its avatar and its name; the avatar's alternative text is
    the organisation's handle, and text browsers print it: "PekingUniversity Peking
    University", "CUHK-CSE The Chinese University of Hong Kong". The first word is taken for
    a handle only when it is spelled from the name: the name run together or cut short
    ("kandinskylab", "SeoulNatlUniv", "EverMindAI"), one of its words or the name inside it
    ("Berkeley", "meituan-longcat"), or its initials ("CUHK", "m-a-p"). An ordinary first
    word of a name is none of these ("Some University of Somewhere" keeps "Some").
    """
    text = _GLUED_PLACEHOLDER.sub("", text)
    handle, _, name = text.partition(" ")
    name = name.strip()
    if handle[:1] == "[" and handle[-1:] == "]":
        handle = handle[1:-1]  # the alternative text in brackets, as pandoc prints it
    if not name or not _HANDLE.fullmatch(handle):
        return text
    parts = [part for part in _HANDLE_PARTS.split(handle) if part]
    whole, letters = _letters(handle), _letters(name)
    head = _letters(parts[0]) if parts else ""
    if len(whole) < _HANDLE_HEAD_MIN:
        return text
    words = _letters_by_word(name)
    initials = "".join(word[0] for word in words)
    if (
        (head[:1] == letters[:1] and _in_order(head, letters))  # "PekingUniversity"
        # (commonprefix compares characters, which is what is wanted here)
        or len(os.path.commonprefix([whole, letters])) >= _SHARED_START_MIN  # noqa: RUF071
        or letters in whole  # "meituan-longcat LongCat"
        or any(_letters(part) in words for part in parts)  # "Berkeley UC Berkeley"
        or (handle.isupper() and _in_order(head, initials))  # "CUHK-CSE"
        or (all(len(part) == 1 for part in parts) and _in_order(whole, initials))  # "m-a-p"
    ):
        return name
    return text


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _letters_by_word(text: str) -> list[str]:
    return [word for word in map(_letters, text.split()) if word]


def _in_order(needle: str, haystack: str) -> bool:
    """Whether every character of ``needle`` appears in ``haystack``, in the same order."""
    remaining = iter(haystack)
    return all(char in remaining for char in needle)
