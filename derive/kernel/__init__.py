"""The kernel: deciding one claim.

A claim (an equation, an inequality, a conjunction) and its hypotheses go in; a
:class:`~derive.kernel.verdict.Verdict` comes out: proved by an
equivalence-preserving rewrite, refuted by a counterexample confirmed in high
precision, or unknown.

Modules, in the order a claim meets them:
    checker: ``check`` -- validates the input, runs the strategies under the deadline.
    deadline: the hard timeout (an alarm in the main thread, a forked child elsewhere).
    indices: index ranges and the facts they give; the normal form of sums.
    sum_rewrites: limit alignment and closed forms of sums.
    sum_splits: sums over adjacent ranges joined (a sum split at a support).
    linear_arith: signs from the hypotheses by checked Farkas certificates.
    positive_part: maxima and minima by cases.
    quantified: hypotheses that hold for every value of an index.
    strategy, strategies, signs: the table of proof strategies (rewrites and sign arguments).
    sampling, sample_values, evaluate: the counterexample search and its
        high-precision confirmation.
    verdict: the result type.

May import: :mod:`derive.errors`, :mod:`derive.symbols`, :mod:`derive.printing`.
Nothing from derivation, handcheck, latex, audit, numeric or the pipeline.
"""
