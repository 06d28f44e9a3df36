"""The kernel: deciding one claim.

A claim (an equation, an inequality, a conjunction) and its hypotheses go in; a
:class:`~derive.kernel.verdict.Verdict` comes out: proved by an
equivalence-preserving rewrite, refuted by a counterexample confirmed in high
precision, or unknown.

Modules, in the order a claim meets them:
    checker: ``check`` -- validates the input, runs the strategies under the deadline.
    cache, cache_codec: the persistent verdict cache and its keys.
    fastpath, field: the exact fast path for written-out claims (a sparse polynomial ring).
    linear: signs of linear forms (the index facts) from the symbols' bounds.
    deadline: the hard timeout (an alarm in the main thread, a forked child elsewhere).
    prepare: evaluating hypotheses, integer summation bounds, derivatives and
        limits, infinities -- all under the deadline.
    binders: bound variables renamed apart; substitution of free occurrences only.
    indices: index ranges and the facts they give; the normal form of sums.
    sum_rewrites: limit alignment and closed forms of sums.
    sum_splits: sums over adjacent ranges joined (a sum split at a support).
    linear_arith: signs from the hypotheses by checked Farkas certificates.
    positive_part: maxima and minima by cases.
    quantified: hypotheses that hold for every value of an index.
    hypotheses: what a reduction modulo the hypotheses proves (nonzero
        denominators), and contradictions among them.
    strategy, strategies, signs: the table of proof strategies (rewrites and sign arguments).
    sampling, sample_values: the counterexample search.
    confirm, exact, evaluate: confirming a counterexample, exactly or at a
        precision scaled to the numbers.
    verdict: the result type.

May import: :mod:`derive.errors`, :mod:`derive.symbols`, :mod:`derive.printing`.
Nothing from derivation, handcheck, latex, audit, numeric or the pipeline.
"""
