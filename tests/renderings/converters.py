"""The converters people save pages with, each as a function from a saved HTML file to text.

Python converters are test dependencies (the ``renderings`` extra); command-line ones are
installed by ``.ci/run`` with the system package manager. A converter that is not installed
says so in ``missing()``, and the tests that need it skip with that reason.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

import attrs

TIMEOUT_SECONDS: Final = 120


@attrs.frozen
class Converter:
    """One converter with one set of options."""

    name: str
    render: Callable[[Path], str]
    needs: str  # the Python module or program it runs

    def missing(self) -> str | None:
        """Why this converter cannot run here, or None when it can."""
        if self.needs.startswith("bin:"):
            program = self.needs.removeprefix("bin:")
            return None if shutil.which(program) else f"{program} is not installed"
        if importlib.util.find_spec(self.needs) is None:
            return f"the Python package {self.needs} is not installed"
        return None


def _html(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def _html2text(path: Path, *, body_width: int | None = None, inline: bool = True) -> str:
    import html2text

    converter = html2text.HTML2Text()
    if body_width is not None:
        converter.body_width = body_width
    converter.inline_links = inline  # False: "[text][1]" and a "[1]: url" list at the end
    return str(converter.handle(_html(path)))


def _markdownify(path: Path) -> str:
    import markdownify

    return str(markdownify.markdownify(_html(path)))


def _inscriptis(path: Path) -> str:
    import inscriptis

    return str(inscriptis.get_text(_html(path)))


def _trafilatura(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(_html(path), output_format="markdown", include_links=True) or ""


def _markitdown(path: Path) -> str:
    from markitdown import MarkItDown

    return str(MarkItDown().convert(str(path)).text_content)


def _get_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(_html(path), "lxml").get_text("\n")


def _html_text(path: Path) -> str:
    import html_text

    return str(html_text.extract_text(_html(path)))


def _html_to_markdown(path: Path) -> str:
    import html_to_markdown

    return str(html_to_markdown.convert(_html(path)).content)


def _resiliparse(path: Path) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return str(extract_plain_text(HTMLTree.parse(_html(path))))


def _run(*command: str) -> Callable[[Path], str]:
    def render(path: Path) -> str:
        # A home of its own: text browsers write their settings and cookies there, and must
        # never write beside the page (the corpus is shared).
        with tempfile.TemporaryDirectory() as home:
            completed = subprocess.run(
                [*command, str(path)],
                capture_output=True,
                check=True,
                timeout=TIMEOUT_SECONDS,
                env={"LANG": "C.UTF-8", "HOME": home, "TERM": "dumb"},
            )
        return completed.stdout.decode("utf-8", errors="replace")

    return render


def _pandoc(to: str) -> Callable[[Path], str]:
    return _run("pandoc", "--from", "html", "--to", to, "--wrap", "auto")


CONVERTERS: Final = (
    Converter("html2text", _html2text, "html2text"),
    Converter("html2text (body_width=0)", lambda path: _html2text(path, body_width=0), "html2text"),
    Converter(
        "html2text (reference links)",
        lambda path: _html2text(path, inline=False),
        "html2text",
    ),
    Converter("markdownify", _markdownify, "markdownify"),
    Converter("html-to-markdown", _html_to_markdown, "html_to_markdown"),
    Converter("markitdown", _markitdown, "markitdown"),
    Converter("trafilatura (markdown, links)", _trafilatura, "trafilatura"),
    Converter("inscriptis", _inscriptis, "inscriptis"),
    Converter("html-text", _html_text, "html_text"),
    Converter("resiliparse", _resiliparse, "resiliparse"),
    Converter('BeautifulSoup get_text("\\n")', _get_text, "bs4"),
    Converter(
        "lynx -dump",
        _run("lynx", "-dump", "-force_html", "-width=100", "-display_charset=utf-8"),
        "bin:lynx",
    ),
    Converter(
        "lynx -dump -nolist",
        _run("lynx", "-dump", "-nolist", "-force_html", "-width=100", "-display_charset=utf-8"),
        "bin:lynx",
    ),
    Converter("w3m -dump", _run("w3m", "-dump", "-T", "text/html", "-O", "UTF-8"), "bin:w3m"),
    Converter(
        "elinks -dump",
        _run("elinks", "-dump", "-dump-charset", "utf-8", "-force-html"),
        "bin:elinks",
    ),
    Converter("links -dump", _run("links", "-dump", "-codepage", "utf-8"), "bin:links"),
    Converter("pandoc gfm", _pandoc("gfm"), "bin:pandoc"),
    Converter("pandoc plain", _pandoc("plain"), "bin:pandoc"),
)
