"""Declaring and running a derivation.

Modules:
    model: ``Derivation``, ``Step`` and the frozen result types.
    lagrange: ``Problem``/``Constraint``, Lagrangians and KKT conditions.
    rules: the table of inference rules; each turns a step into proof obligations
        and carries the sentence the document prints.
    obligations: the rule and obligation types, and how a rule reads a step.
    kkt_rules: the KKT system (necessary and sufficient), complementary-slackness
        cases, consequences of premises, definitions.
    support_rules: renumbering a symmetric problem, the support of sorted
        entries, sums of inequalities, square roots, positive parts in limits.
    runner: ``run``/``prove`` -- every step checked for general n, then at fixed n.
    report: derivation results as plain JSON records.

May import: the kernel, :mod:`derive.errors`, :mod:`derive.symbols`, :mod:`derive.printing`.
"""
