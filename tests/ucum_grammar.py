"""A validator for UCUM case-sensitive codes, following the UCUM grammar over ucum-essence.xml.

    term      := component (('.' | '/') component)*  |  '/' term
    component := annotatable annotation? | annotation | factor | '(' term ')'
    annotatable := simple_unit exponent?
    simple_unit := prefix? metric_atom | atom
"""

from __future__ import annotations

import re

from tests.shared_reference import ucum_atoms

_ANNOTATION = re.compile(r"\{[^{}]*\}")
_EXPONENT = re.compile(r"[+-]?\d+$")


def _simple_unit_ok(text: str) -> bool:
    atoms, prefixes = ucum_atoms()
    if text in atoms:
        return True
    for p in prefixes:
        if text.startswith(p) and atoms.get(text[len(p):]):
            return True
    return False


def _component_ok(text: str) -> bool:
    if not text:
        return False
    if text.startswith("(") and text.endswith(")"):
        return is_valid_ucum(text[1:-1])
    ann = _ANNOTATION.search(text)
    if ann and ann.end() == len(text):
        text = text[: ann.start()]
        if not text:
            return True
    if text.isdigit():
        return True
    if text.startswith(("10*", "10^")):
        return text[3:].lstrip("+-").isdigit()
    m = _EXPONENT.search(text)
    if m and m.start() > 0 and _simple_unit_ok(text[: m.start()]):
        return True
    return _simple_unit_ok(text)


def _split(term: str) -> list[str] | None:
    parts, depth, start = [], 0, 0
    in_braces = False
    for i, ch in enumerate(term):
        if ch == "{":
            in_braces = True
        elif ch == "}":
            in_braces = False
        elif in_braces:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch in "./" and depth == 0:
            parts.append(term[start:i])
            start = i + 1
    if depth != 0:
        return None
    parts.append(term[start:])
    return parts


def is_valid_ucum(code: str) -> bool:
    """True when ``code`` is a syntactically valid UCUM expression of known atoms."""
    if not code or code != code.strip() or " " in code.replace("{", "").split("}")[-1]:
        return False
    term = code.removeprefix("/")
    parts = _split(term)
    return parts is not None and all(_component_ok(p) for p in parts)
