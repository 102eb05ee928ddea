"""The rendering conformance matrix as the table in docs/renderings.md.

    python3 dev.py renderings           # rewrite the table in docs/renderings.md
    python3 dev.py renderings --print   # print it instead

Each row is a converter (with its version), each column a page; a cell gives the page's
papers that the rendering shows, how many came back right, how many were flagged (not right,
with a problem at the paper's lines), and marks a cell with wrong or spurious papers. The
same cells are the tests in tests/renderings/test_matrix.py.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.renderings.converters import CONVERTERS, Converter  # noqa: E402
from tests.renderings.matrix import Cell, pages, score  # noqa: E402

DOC = ROOT / "docs" / "renderings.md"
BEGIN = "<!-- matrix: begin (python3 dev.py renderings) -->"
END = "<!-- matrix: end -->"
DISTRIBUTIONS = {
    "bs4": "beautifulsoup4",
    "html_text": "html-text",
    "html_to_markdown": "html-to-markdown",
}
VERSION_FLAGS = {"lynx": "-version", "w3m": "-version", "links": "-version"}


def version(converter: Converter) -> str:
    if converter.needs.startswith("bin:"):
        program = converter.needs.removeprefix("bin:")
        flag = VERSION_FLAGS.get(program, "--version")
        try:
            out = subprocess.run([program, flag], capture_output=True, text=True, timeout=30)
        except OSError:
            return "not installed"
        first = (out.stdout or out.stderr).strip().splitlines()[:1]
        words = first[0].split() if first else []
        words = [part for word in words for part in word.split("/")]  # "w3m/0.5.3"
        return next((word.strip(",") for word in words if word[:1].isdigit()), "?")
    try:
        return importlib.metadata.version(DISTRIBUTIONS.get(converter.needs, converter.needs))
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def cell_text(cell: Cell) -> str:
    text = f"{cell.right}/{cell.papers}"
    if cell.flagged:
        text += f" +{cell.flagged} flagged"
    wrong = len({miss.title for miss in cell.misses}) + len(cell.spurious)
    if cell.error is not None:
        return "refused"
    return text + (f" **{wrong} wrong**" if wrong else "")


def table() -> str:
    page_list = list(pages())
    header = "| converter | version | " + " | ".join(f"`{page.name}`" for page in page_list) + " |"
    rows = [header, "|---|---|" + "---|" * len(page_list)]
    for converter in CONVERTERS:
        if (why := converter.missing()) is not None:
            rows.append(f"| {converter.name} | {why} |" + " |" * len(page_list))
            continue
        cells = [
            cell_text(score(page, converter, converter.render(page.path))) for page in page_list
        ]
        rows.append(f"| {converter.name} | {version(converter)} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    text = table()
    if "--print" in argv:
        print(text)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        print(f"{DOC} has no {BEGIN!r} ... {END!r} markers", file=sys.stderr)
        return 1
    head, _, rest = doc.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{BEGIN}\n\n{text}\n\n{END}{tail}", encoding="utf-8")
    print(f"wrote the matrix into {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
