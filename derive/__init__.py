"""derive: a symbolic derivation and verification engine on SymPy.

The public API is the names in ``__all__``; everything else is internal.

* ``check(claim, *, given=(), timeout=10.0)`` / ``check(lhs, rhs, ...)`` decides a
  claim and returns a :class:`Verdict` ("proved", "refuted" with a confirmed
  counterexample, or "unknown").
* ``run(derivation)`` checks a derivation step by step (``prove`` raises
  :class:`StepFailed` instead); derivations are declared as :class:`Derivation`
  data from :class:`Step` objects, with the rules in ``RULES``.
* ``Problem``/``Constraint``/``lagrangian``/``stationarity``/``kkt_conditions``
  build Lagrangians for new problems.
* ``CATALOGUE``/``check_identity`` hold the softmax identities of the sources.
* ``check_derivation(text)`` checks a derivation written by hand in LaTeX.
* ``derive.testing`` has assertion helpers for other projects' test suites;
  ``derive.symbols`` the shared notation.
"""
from __future__ import annotations

from .catalogue import CATALOGUE, Identity, check_identity
from .kernel.checker import check
from .derivation.runner import prove, run
from .errors import (DeriveError, GuardNotDischarged, ParseError, PdfError, RuleNotApplicable,
                     StepFailed)
from .derivation.lagrange import Constraint, Problem, kkt_conditions, lagrangian, stationarity
from .derivation.model import (Derivation, DerivationResult, InstanceCheck, NumericCheck, Source, Step,
                    StepResult)
from .derivation.rules import RULES, Obligation, Rule
from .kernel.verdict import Verdict

__version__ = "0.1.0"

__all__ = [
    "check", "Verdict",
    "run", "prove", "Derivation", "Step", "DerivationResult", "StepResult", "InstanceCheck",
    "NumericCheck", "Source", "RULES", "Rule", "Obligation",
    "Problem", "Constraint", "lagrangian", "stationarity", "kkt_conditions",
    "CATALOGUE", "Identity", "check_identity", "check_derivation",
    "DeriveError", "StepFailed", "RuleNotApplicable", "GuardNotDischarged", "ParseError", "PdfError",
]


def check_derivation(text, **options):
    """Check a derivation written by hand (see ``derive.handcheck.steps.check_derivation``)."""
    from .handcheck.steps import check_derivation as _check_derivation  # the parser loads lark
    return _check_derivation(text, **options)
