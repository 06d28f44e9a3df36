"""The float64 references of sparsemax and 1.5-entmax (sort-based projection, bisection on τ):
their data cover ties and supports of size 1 and n at n = 1, 2, 7, 60; they agree with the
derived formulas (the cross-check's ``reference`` rows) and, where it is installed, with the
``entmax`` package (Peters, Niculae and Martins), which is a test extra: ``pip install
'.[sparse]'`` (it needs torch)."""
from __future__ import annotations

import numpy as np
import pytest

from proofs import entmax15, sparsemax
from proofs.entmax15 import bisection
from proofs.sparsemax import projection

SIZES = (1, 2, 7, 60)
REFERENCES = {"sparsemax": (sparsemax, lambda v: projection(v)[0]),
              "entmax15": (entmax15, lambda v: bisection(v)[0])}


def _cases(module, n):
    return module.DERIVATION.numeric.cases(n, np.random.default_rng(n))


@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize("n", SIZES)
def test_the_cases_cover_ties_and_supports_of_size_1_and_n(name, n):
    module, reference = REFERENCES[name]
    cases = {c.note: c.values[module.z] for c in _cases(module, n)}
    supports = {note: int(np.count_nonzero(reference(v))) for note, v in cases.items()}
    assert supports["support of size 1"] == 1
    assert supports["support of size n"] == n
    if n >= 7:
        assert len(np.unique(cases["ties"])) < n


@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize("n", SIZES)
def test_a_reference_is_a_point_of_the_simplex_with_the_derived_form(name, n):
    module, reference = REFERENCES[name]
    for case in _cases(module, n):
        v = case.values[module.z]
        p = reference(v)
        assert np.all(p >= 0) and abs(p.sum() - 1) < 1e-13
        # the derived form: a common threshold on the support (z - p for sparsemax, z/2 - √p for 1.5-entmax)
        on = p > 0
        gap = v - p if name == "sparsemax" else v / 2 - np.sqrt(p)
        assert np.ptp(gap[on]) < 1e-12
        if not on.all():
            assert (v[~on] if name == "sparsemax" else v[~on] / 2).max() <= gap[on][0] + 1e-12


@pytest.mark.parametrize("scores", [np.array([0.3, 0.3, 0.3]), np.array([5.0, 0.0]), np.array([2.0])])
def test_the_references_at_hand_checked_values(scores):
    p = projection(scores)[0]
    assert np.allclose(p, {3: [1 / 3] * 3, 2: [1.0, 0.0], 1: [1.0]}[scores.size], atol=1e-15)


@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize("n", SIZES)
def test_the_entmax_package_agrees(name, n):
    entmax = pytest.importorskip("entmax", reason="the entmax package (extra 'sparse', needs torch) "
                                                  "is not installed")
    import torch
    module, reference = REFERENCES[name]
    fn = entmax.sparsemax if name == "sparsemax" else entmax.entmax15
    for case in _cases(module, n):
        v = case.values[module.z]
        theirs = fn(torch.tensor(v, dtype=torch.float64), dim=0).numpy()
        assert np.max(np.abs(theirs - reference(v))) < 1e-12, case.note
