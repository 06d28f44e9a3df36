"""Finding displayed equations, with their line numbers, in .tex and .md text."""
from __future__ import annotations

import pytest

from derive.handcheck.extract import Equation, extract_equations

TEX = r"""\documentclass{article}
\begin{document}
Inline $a = b$ is prose. % a comment with $$x = 1$$ inside
% given: \sum_i y_i = 1
\begin{equation}
  L = - \sum_i p_i \log p_i \label{eq:L} \tag{1}
\end{equation}
\begin{align*}
  a &= b \\
    &= c \nonumber \\[2pt]
  d &= e % trailing comment
\end{align*}
\[ x^2 = 1 \]
$$ \sum_i p_i = 1 \quad \text{(given)} $$
\begin{gather}
f = g \\ h = k
\end{gather}
50\% is not a comment: $$ 1 = 1 $$
\end{document}
"""

TEX_EXPECTED = [
    (r"\sum_i y_i = 1", 4, "given", "given"),
    (r"L = - \sum_i p_i \log p_i", 6, "equation", "step"),
    (r"a &= b", 9, "align*", "step"),
    (r"&= c", 10, "align*", "step"),
    (r"d &= e", 11, "align*", "step"),
    (r"x^2 = 1", 13, "\\[", "step"),
    (r"\sum_i p_i = 1 \quad \text{(given)}", 14, "$$", "given"),
    (r"f = g", 16, "gather", "step"),
    (r"h = k", 16, "gather", "step"),
    (r"1 = 1", 18, "$$", "step"),
]

MD = """# Title

80% of the time is prose, and so is $z_i$.

$$ H = - \\Sigma_i p_i * log(p_i) $$

<!-- given: \\lambda_2 = -1 -->

```python
x = "$$ not math $$"
```

```math
p_i = e^{z_i} \\\\
q = 1 % comment in math
```

$$
\\begin{align}
-log(p_i) = 1 + λ_1 \\\\
=> p_i = e^{(-1 - λ_1)}
\\end{align}
$$

$$(4)$$
"""

MD_EXPECTED = [
    (r"H = - \Sigma_i p_i * log(p_i)", 5, "$$", "step"),
    (r"\lambda_2 = -1", 7, "given", "given"),
    (r"p_i = e^{z_i}", 14, "math", "step"),
    (r"q = 1", 15, "math", "step"),
    (r"-log(p_i) = 1 + λ_1", 20, "$$", "step"),
    (r"=> p_i = e^{(-1 - λ_1)}", 21, "$$", "step"),
]


@pytest.mark.parametrize("text, kind, expected",
                         [(TEX, "tex", TEX_EXPECTED), (MD, "md", MD_EXPECTED)], ids=["tex", "md"])
def test_equations_with_lines(text, kind, expected):
    got = [(e.text, e.line, e.environment, e.role) for e in extract_equations(text, kind=kind)]
    assert got == expected


def test_each_row_is_an_equation_object():
    eqs = extract_equations("$$a = b$$", kind="md")
    assert eqs == [Equation("a = b", 1, "$$", "step")]


CASES = [
    ("", "tex", []),
    ("no math here, 100% sure", "md", []),
    ("only $inline$ math", "tex", []),
    ("$$\n\n$$", "md", []),
    ("$$ a = 1", "tex", [("a = 1", 1)]),                 # unclosed block: read to the end
    ("x\n\\[\n a = 1 \\\\ \n\n b = 2 \\]", "tex", [("a = 1", 3), ("b = 2", 5)]),
    ("\\begin{equation*}a\\end{equation*}", "tex", [("a", 1)]),
    ("\\begin{align}\\begin{split} a \\\\ b \\end{split}\\end{align}", "tex", [("a", 1), ("b", 1)]),
    ("$$\\begin{matrix} a \\\\ b \\\\ \\end{matrix}$$", "md", [("a", 1), ("b", 1)]),
    ("~~~\n$$ a $$\n~~~\n$$ b $$", "md", [("b", 4)]),
    ("\\% given: a = 1\n$$b$$", "tex", [("b", 2)]),
]

# (text, kind, [(row, line, role)]): displays Markdown renders inside quotes and lists,
# TeX's other comments, and displays the reader does not read (reported, never skipped)
ROLES = [
    ("> $$ a = 1 $$", "md", [("a = 1", 1, "step")]),
    ("> $$\n> a = 1\n> $$", "md", [("a = 1", 2, "step")]),
    ("> > $$ a = 1 $$", "md", [("a = 1", 1, "step")]),
    ("1. $$ a = 1 $$\n2. $$ b = 2 $$", "md", [("a = 1", 1, "step"), ("b = 2", 2, "step")]),
    ("- $$\n  a = 1\n  $$", "md", [("a = 1", 2, "step")]),
    ("$$\na\n> 0\n$$", "md", [("a\n> 0", 2, "step")]),          # math, no quote
    ("- a = 1 is prose", "md", []),
    ("Hence $$ a = 1 $$", "md", [("a = 1", 1, "unread")]),
    ("| 2 | $$ a = 1 $$ |", "md", [("a = 1", 1, "unread")]),
    ("where $$x$$ is the input", "md", []),
    ("\\begin{empheq}[box=\\fbox]{align}\na &= b\n\\end{empheq}", "tex", [("a &= b", 2, "step")]),
    ("\\begin{empheq}[left={L=\\empheqlbrace}]{align}a = b\\end{empheq}", "tex",
     [("a = b", 1, "step")]),
    ("\\begin{mymath}\na = b\n\\end{mymath}", "tex", [("a = b", 1, "unread")]),
    ("\\begin{theorem} if $a = b$ \\end{theorem}", "tex", []),
    ("\\begin{proof}\n\\[ a = b \\]\n\\end{proof}", "tex", [("a = b", 2, "step")]),
    ("\\iffalse\n\\[ a = 1 \\quad \\text{(given)} \\]\n\\fi\n\\[ b = 2 \\]", "tex",
     [("b = 2", 4, "step")]),
    ("\\iffalse \\ifx a b \\fi \\[ a = 1 \\] \\fi\n\\[ b = 2 \\]", "tex", [("b = 2", 2, "step")]),
    ("\\begin{comment}\n\\[ a = 1 \\]\n\\end{comment}\n$$b = 2$$", "tex", [("b = 2", 4, "step")]),
    ("\\iffalse\ngiven: a = 1\n\\fi\n$$b = 2$$", "tex", [("a = 1", 2, "given"), ("b = 2", 4, "step")]),
]


@pytest.mark.parametrize("text, kind, expected", ROLES, ids=[repr(c[0])[:30] for c in ROLES])
def test_containers_and_unread_displays(text, kind, expected):
    assert [(e.text, e.line, e.role) for e in extract_equations(text, kind=kind)] == expected


def test_a_given_in_iffalse_is_hidden():
    eqs = extract_equations("\\iffalse\ngiven: a = 1\n\\fi\n$$b = 2$$", kind="tex")
    assert eqs[0].hidden and not eqs[1].hidden


@pytest.mark.parametrize("text, kind, expected", CASES, ids=[repr(c[0])[:30] for c in CASES])
def test_edge_cases(text, kind, expected):
    assert [(e.text, e.line) for e in extract_equations(text, kind=kind)] == expected


@pytest.mark.parametrize("kwargs, error, name", [
    (dict(text=b"$$a$$"), TypeError, "text"),
    (dict(text=None), TypeError, "text"),
    (dict(text="$$a$$", kind="rst"), ValueError, "kind"),
])
def test_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        extract_equations(**kwargs)


# (text, kind, [(row, line)]): what makes two rows one formula, and one row two equations
JOINS_AND_PAIRS = [
    ("\\begin{multline}\na = b + c \\\\\n + d\n\\end{multline}", "tex", [("a = b + c + d", 2)]),
    ("\\begin{multline*}\na = b \\\\\n c\n\\end{multline*}", "tex", [("a = b c", 2)]),
    ("$$\\begin{multlined} a = b \\\\ + c \\end{multlined}$$", "md", [("a = b + c", 1)]),
    ("$$ a = b + \\\\\n c $$", "md", [("a = b + c", 1)]),
    ("$$ a = b \\cdot \\\\\n c $$", "md", [("a = b \\cdot c", 1)]),
    ("$$ a = b \\\\\n c = d $$", "md", [("a = b", 1), ("c = d", 2)]),       # no operator: two rows
    ("\\begin{align}\na &= 1 & b &= 2 \\\\\na+b &= 3 & a+b &= 4\n\\end{align}", "tex",
     [("a &= 1", 2), ("b &= 2", 2), ("a+b &= 3", 3), ("a+b &= 4", 3)]),
    ("\\begin{alignat}{2}\na &= 1 & b &= 2\n\\end{alignat}", "tex", [("a &= 1", 2), ("b &= 2", 2)]),
    ("\\begin{flalign}\na &= 1 & b &= 2\n\\end{flalign}", "tex", [("a &= 1", 2), ("b &= 2", 2)]),
    ("\\begin{xalignat}{2}\na &= 1 & b &= 2\n\\end{xalignat}", "tex", [("a &= 1", 2), ("b &= 2", 2)]),
    ("\\begin{xxalignat}{2}\na &= 1 & b &= 2\n\\end{xxalignat}", "tex", [("a &= 1", 2), ("b &= 2", 2)]),
    ("$$\\begin{aligned} a &= 1 & b &= 2 \\end{aligned}$$", "md", [("a &= 1", 1), ("b &= 2", 1)]),
    ("\\begin{align*}\n&= b & c &= d\n\\end{align*}", "tex", [("&= b", 2), ("c &= d", 2)]),
    # a pair that is a note stays with its equation; so do an array's and eqnarray's cells
    ("\\begin{align}\na &= b && \\text{since } x = 1\n\\end{align}", "tex",
     [("a &= b && \\text{since } x = 1", 2)]),
    ("\\begin{align}\na &= b & (i = j)\n\\end{align}", "tex", [("a &= b & (i = j)", 2)]),
    ("\\begin{align}\na &= b & \\text{if } i = j\n\\end{align}", "tex",
     [("a &= b & \\text{if } i = j", 2)]),
    ("\\begin{eqnarray}\na &=& 1\n\\end{eqnarray}", "tex", [("a &=& 1", 2)]),
    ("$$\\begin{cases} a = 1 & b = 2 \\end{cases}$$", "md", [("\\begin{cases} a = 1 & b = 2 \\end{cases}", 1)]),
    # a superscript or subscript star or sign ends a name, not an operator: two rows
    ("$$ a = x^* \\\\\n b = 2 $$", "md", [("a = x^*", 1), ("b = 2", 2)]),
    ("$$ a = x^\\ast \\\\\n b = 2 $$", "md", [("a = x^\\ast", 1), ("b = 2", 2)]),
    ("$$ a = x_* \\\\\n b = 2 $$", "md", [("a = x_*", 1), ("b = 2", 2)]),
    ("$$ a = x^{*} \\\\\n b = 2 $$", "md", [("a = x^{*}", 1), ("b = 2", 2)]),
    ("$$ a = x * \\\\\n b $$", "md", [("a = x * b", 1)]),
    # after a line of several pairs, each pair continues its own column's chain
    ("\\begin{align}\na &= 1 & b &= 2 \\\\\n&= 3 & &= 4\n\\end{align}", "tex",
     [("a &= 1", 2), ("b &= 2", 2), ("1 &= 3", 3), ("2 &= 4", 3)]),
    ("\\begin{align}\na &= 1 & b &= 2 \\\\\n&= 3\n\\end{align}", "tex",
     [("a &= 1", 2), ("b &= 2", 2), ("1 &= 3", 3)]),
    ("\\begin{align}\na &= 1 & b &= 2 \\\\\n&= 3 & &= 4 \\\\\n&= 5 & &= 6\n\\end{align}", "tex",
     [("a &= 1", 2), ("b &= 2", 2), ("1 &= 3", 3), ("2 &= 4", 3), ("3 &= 5", 4), ("4 &= 6", 4)]),
    ("\\begin{align}\na &= 1 \\\\\n&= 3\n\\end{align}", "tex", [("a &= 1", 2), ("&= 3", 3)]),
]


@pytest.mark.parametrize("text, kind, expected", JOINS_AND_PAIRS,
                         ids=[repr(c[0])[:40] for c in JOINS_AND_PAIRS])
def test_rows_joined_and_column_pairs_split(text, kind, expected):
    got = [(" ".join(e.text.split()), e.line) for e in extract_equations(text, kind=kind)]
    assert got == expected


# (text, [role of each row]): a pair that continues no column above it is not read
LAYOUTS = [
    ("\\begin{align}\na &= 1 & b &= 2 \\\\\n&= 1 & &= 2 & &= 3\n\\end{align}",
     ["step", "step", "step", "step", "unread"]),
    ("\\begin{align}\na &= 1 & b &= 2 \\\\\n&= 1 & &= 2\n\\end{align}", ["step"] * 4),
    # two equations in a multline are not one product
    ("\\begin{multline}\na = 1 \\\\\nb = 2\n\\end{multline}", ["unread"]),
    ("\\begin{multline}\na = 1 + b \\\\\n+ 2\n\\end{multline}", ["step"]),
    ("\\begin{multline}\na = 1 \\\\\n= 2 - 1\n\\end{multline}", ["step", "step"]),
    ("\\begin{multline}\na = b \\\\\nc\n\\end{multline}", ["step"]),
]


@pytest.mark.parametrize("text, roles", LAYOUTS, ids=[repr(c[0])[:40] for c in LAYOUTS])
def test_an_ambiguous_column_layout_is_unread(text, roles):
    assert [e.role for e in extract_equations(text, kind="tex")] == roles
