"""Find what should never reach a document: SymPy's class names and internal names.

A printer that falls back to SymPy's defaults writes ``\\text{NegativeInfinity}``
or ``\\mathtt{\\text{Sum(...)}}``; text copied from the checker can carry
``str()`` of an expression (``Sum(_s0*z[_s0], (_s0, 1, n))``), a nameless
``Dummy`` or the handcheck's placeholder indices (``ι4``); a relation SymPy
decided when it was built prints as ``\\text{True}``.  :func:`find_leaks`
scans LaTeX source for all of these; the tests run it on every generated
document.

Example:
    >>> [leak.kind for leak in find_leaks(r"\\lim_{x \\to \\text{NegativeInfinity}} f")]
    ['class name in text']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Leak", "find_leaks", "sympy_class_names"]


@dataclass(frozen=True)
class Leak:
    """One leak: what kind, the offending text, and the line it is on (1-based)."""

    kind: str
    text: str
    line: int


@lru_cache(maxsize=1)
def sympy_class_names() -> frozenset[str]:
    """The names of SymPy's expression classes, as a ``\\text{...}`` would show them.

    Every subclass of ``Basic`` defined in a ``sympy`` module (functions made
    at run time, ``Function("f")``, are not), with the singletons that print
    through their own hook (``Infinity``, ``Pi``...); names of two letters
    or fewer, or in capitals, are left out, so that no word of prose matches.
    """
    import sympy
    from sympy import Basic

    names, todo = set(), [Basic]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if (getattr(sub, "__module__", None) or "").startswith("sympy") and \
                    sub.__name__ not in names:
                names.add(sub.__name__)
                todo.append(sub)
    names |= {"Infinity", "NegativeInfinity", "ComplexInfinity", "NaN", "Pi", "Exp1",
              "ImaginaryUnit", "Dummy", "Symbol", "Sum", "Max", "Min", "Piecewise", "Limit"}
    del sympy
    return frozenset(n for n in names if len(n) > 2 and n[0].isupper() and not n.isupper())


_TEXT_GROUP = re.compile(r"\\(?:text|mathrm|operatorname|mathtt|textrm|textup)\s*\{([^{}]*)\}")
_OTHER = (
    ("internal dummy", re.compile(r"Dummy")),
    ("internal bound name", re.compile(r"(?<![A-Za-z0-9])\\?_s\d")),
    ("placeholder index", re.compile(r"\u03b9\s*\d|\\iota\s*(?:_\s*\{?\s*)?\d|\\iota\}\s*\d")),
    ("SymPy str()", re.compile(r"\b(?:Sum|Product|Limit|Derivative|Indexed|IndexedBase|Idx|"
                               r"KroneckerDelta|Piecewise|Max|Min|Abs|Lambda|Subs|Symbol|Integer|"
                               r"Rational|Float|Mul|Add|Pow|Eq|Ne|Lt|Le|Gt|Ge|Tuple)\(")),
    ("Python power", re.compile(r"\*\*")),
    # a Python module path in the prose: the reader gets "derive.numeric" for a method
    ("module name", re.compile(r"\bderive\.(?:[a-z_]+\.)*[a-z_]+\b")),
    # a relation SymPy decided when it was built: the equation is gone, "True" is left
    ("decided relation", re.compile(r"\\(?:text|mathrm)\s*\{(?:True|False)\}")),
    ("Python indexing", re.compile(r"(?<![\\A-Za-z])[A-Za-z]\[[A-Za-z0-9_]+(?:, ?[A-Za-z0-9_]+)*\]")),
)


def find_leaks(tex: str) -> list[Leak]:
    """Every leak in ``tex`` (see the module docstring), in order.

    Comments (``%`` to the end of a line, unescaped) are not scanned.

    Raises:
        TypeError: ``tex`` is not a str.
    """
    if not isinstance(tex, str):
        raise TypeError(f"tex must be a str, got {type(tex).__name__}")
    names = sympy_class_names()
    found = []
    for number, line in enumerate(tex.split("\n"), 1):
        line = re.sub(r"(?<!\\)%.*", "", line)
        for group in _TEXT_GROUP.finditer(line):
            words = set(re.findall(r"[A-Za-z]+", group.group(1)))
            for word in sorted(words & names):
                found.append(Leak("class name in text", group.group(0), number))
        for kind, pattern in _OTHER:
            found += [Leak(kind, m.group(0), number) for m in pattern.finditer(line)]
    return found
