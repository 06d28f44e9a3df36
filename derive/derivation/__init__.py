"""Declaring and running a derivation.

Modules:
    model: ``Derivation``, ``Step`` and the frozen result types.
    lagrange: ``Problem``/``Constraint``, Lagrangians and KKT conditions.
    rules: the table of inference rules; each turns a step into proof obligations
        and carries the sentence the document prints.
    runner: ``run``/``prove`` -- every step checked for general n, then at fixed n.
    report: derivation results as plain JSON records.

May import: the kernel, :mod:`derive.errors`, :mod:`derive.symbols`, :mod:`derive.printing`.
"""
