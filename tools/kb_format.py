"""Write the knowledge base as readable JSON: one key per line, short lists kept on one line.

Usage: python tools/kb_format.py  (rewrites src/bloodclarity/data/knowledge_base.json in place)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

KB_PATH = Path(__file__).resolve().parents[1] / "src/bloodclarity/data/knowledge_base.json"
INLINE_WIDTH = 100


def _dump(value: Any, indent: int) -> str:
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= INLINE_WIDTH or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dump(v, indent + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if all(not isinstance(v, (dict, list)) for v in value):
        return flat
    return "[\n" + ",\n".join(pad + _dump(v, indent + 1) for v in value) + "\n" + " " * indent + "]"


def dump_kb(kb: dict[str, Any]) -> str:
    """The canonical text of the knowledge-base document."""
    return _dump(kb, 0) + "\n"


if __name__ == "__main__":
    KB_PATH.write_text(dump_kb(json.loads(KB_PATH.read_text("utf-8"))), "utf-8")
