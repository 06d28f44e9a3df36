"""The shapes of parse trees the name resolver looks for: scripts, labels, bare names.

Pure functions on lark trees (no state): which tokens a subscript holds, a
superscript in parentheses (``y^{(i)}``), a star (``w^*``), a single bare
name, the expression a script holds.
"""
from __future__ import annotations

import re

from lark import Token, Tree
from sympy import Integer, Rational

from .notation import FUNCTIONS

__all__ = ["bare_token", "digit_and_letter", "function_name", "index_label", "is_bare_based",
           "is_star", "label", "letters", "number", "script_parts", "single_script", "upright_word"]


def script_parts(children) -> tuple:
    """Split ``_ a ^ b`` / ``^ b _ a`` / Unicode digit scripts into (sub, sup)."""
    sub = sup = None
    items = list(children)
    while items:
        head = items.pop(0)
        if head.type == "USCORE":
            sub = items.pop(0)
        elif head.type == "CARET":
            sup = items.pop(0)
        elif head.type == "SUBDIGITS":
            sub = head
        elif head.type == "SUPDIGITS":
            sup = head
    return sub, sup


def label(script):
    """The expression of a superscript in parentheses (``{(i)}``), else None."""
    if not (isinstance(script, Tree) and script.data == "script" and len(script.children) == 3):
        return None
    chains = script.children[1].children[::2]
    if len(chains) != 1 or len(chains[0].children) != 1:
        return None
    node = chains[0].children[0]
    while isinstance(node, Tree) and node.data == "term" and len(node.children) == 1:
        node = node.children[0]
    if isinstance(node, Tree) and node.data == "based" and len(node.children) == 1 \
            and isinstance(node.children[0], Tree) and node.children[0].data == "paren" \
            and node.children[0].children[0].type == "LPAR" \
            and len(node.children[0].children[1].children) == 1:
        return node.children[0].children[1].children[0]
    return None


def index_label(node) -> bool:
    """Whether a label holds only index letters (i, j, k, l, m, n, t), numbers and + -."""
    for tok in _tokens_of(node):
        if tok.type in ("LETTER", "GREEK") and str(tok) not in "ijklmnt":
            return False
        if tok.type not in ("LETTER", "NUMBER", "PLUS", "MINUS", "GREEK"):
            return False
    return True


def _tokens_of(node):
    if isinstance(node, Token):
        yield node
    else:
        for c in node.children:
            yield from _tokens_of(c)


def is_star(script) -> bool:
    return isinstance(script, Tree) and script.data == "star_script"


def is_bare_based(node) -> bool:
    return (isinstance(node, Tree) and node.data == "based" and len(node.children) == 1
            and isinstance(node.children[0], Tree) and node.children[0].data == "name")


def number(text: str):
    """``"2"`` -> Integer(2), ``"0.25"`` -> 1/4, ``"1e-3"`` -> 1/1000 (exact, never a float)."""
    return Rational(text) if any(c in text for c in ".eE") else Integer(text)


def function_name(token) -> str:
    """``\\log``, ``log``, ``\\operatorname{softmax}``, ``\\arg\\max`` -> canonical name."""
    text = str(token)
    if "{" in text:
        text = text[text.index("{") + 1:text.rindex("}")].strip()
    elif text.startswith("\\arg"):
        text = "arg" + text.rsplit("\\", 1)[-1]
    text = text.lstrip("\\").replace("\\_", "").replace("-", "").replace("_", "")
    return FUNCTIONS.get(text, FUNCTIONS.get(text.lower(), text))


def digit_and_letter(sub):
    """The tokens of a subscript ``{2j}`` or ``{j2}`` (one digit, one letter, in their
    order), else None."""
    toks = [t for t in sub.scan_values(lambda v: isinstance(v, Token)) if str(t) not in "{}"]
    if len(toks) != 2 or sorted(t.type for t in toks) != ["LETTER", "NUMBER"] or any(
            t.type == "NUMBER" and not (len(str(t)) == 1 and str(t).isdigit()) for t in toks):
        return None
    return toks


def bare_token(node):
    """The name token of an expression tree that is a single bare name, else None."""
    while isinstance(node, Tree):
        if node.data == "name":
            return node.children[0]
        if node.data in ("based", "term", "script", "chain", "script_body") and \
                len([c for c in node.children if not _is_brace(c)]) == 1:
            node = next(c for c in node.children if not _is_brace(c))
            continue
        return None
    return node if isinstance(node, Token) else None


def _is_brace(c) -> bool:
    return isinstance(c, Token) and c.type in ("LBRACE", "RBRACE")


_UPRIGHT = re.compile(r"\\(mathrm|operatorname\*?|text|textrm)\s*\{\s*([A-Za-z]+)\s*\}")


def upright_word(sub):
    """The word of an upright subscript (``{\\mathrm{a}}``, ``{\\mathrm{softmax}}``, ``\\log``),
    else None: upright type is a label, part of the name, never an index, whatever
    its length (``L_{\\mathrm{a}}`` and ``L_{\\mathrm{b}}`` are two functions)."""
    if isinstance(sub, Tree) and sub.data == "label_script":
        tok = next(t for t in sub.children if t.type == "FUNC")
        return re.findall(r"[A-Za-z]+", str(tok).split("{")[-1])[-1]
    tok = bare_token(sub) if isinstance(sub, Tree) else None
    match = _UPRIGHT.fullmatch(str(tok)) if tok is not None and tok.type == "NAMECMD" else None
    return match.group(2) if match else None


def letters(script):
    """Tokens of a script made only of bare single letters (``i``, ``{ik}``), else None."""
    if isinstance(script, Token) or script.data != "script":
        return None     # a digit subscript or a label (``_{\\log}``) holds no letters
    if len(script.children) == 1:
        tok = script.children[0]
        return [tok] if tok.type in ("LETTER", "GREEK") else None
    chains = script.children[1].children[::2]
    if len(chains) != 1 or len(chains[0].children) != 1:
        return None
    term = chains[0].children[0]
    if isinstance(term, Tree) and term.data == "term" and all(is_bare_based(c) for c in term.children):
        toks = [c.children[0].children[0] for c in term.children]
        return toks if all(t.type in ("LETTER", "GREEK") for t in toks) else None
    tok = bare_token(term)
    return [tok] if tok is not None and tok.type in ("LETTER", "GREEK") else None


def single_script(script, resolver, node):
    """The expression a script holds: a token, or the one chain in braces."""
    if isinstance(script, Token):
        return script
    if script.data == "script" and len(script.children) == 1:
        return script.children[0]
    chains = script.children[1].children[::2] if script.data == "script" else [script]
    if len(chains) != 1 or len(chains[0].children) != 1:
        resolver.fail("a script here must be one expression (no commas or relations)", node)
    return chains[0].children[0]
