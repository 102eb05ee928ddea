"""Write the JSON Schema files the package ships, from the model (``python3 dev.py schemas``).

``tests/test_schema.py`` fails when a shipped file is not what the model makes.
"""

from __future__ import annotations

import json
from pathlib import Path

from paperparse._batch.schemas import json_schema

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "paperparse"
SHIPPED = {"listing": PACKAGE / "listing.schema.json"}


def rendered(name: str) -> str:
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for name, path in SHIPPED.items():
        path.write_text(rendered(name), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
