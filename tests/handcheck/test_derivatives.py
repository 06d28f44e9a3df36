"""Derivatives (:mod:`derive.handcheck.derivatives`): a derivative of an indicator or a
piecewise function of the variable is refused, never carried out piece by piece (F6:
d/dx 1{x > 0} = 0 fails at x = 0); one whose condition does not depend on the variable
keeps its verdicts."""
from __future__ import annotations

import pytest

from derive.handcheck.steps import check_derivation

# (document, the status of its last row)
CASES = [
    ("$$ \\frac{d}{dx} 1\\{x > 0\\} = 0 $$", "diagnostic"),
    ("$$ f(x) = 1\\{x > 0\\} $$\n\n$$ \\frac{d}{dx} f(x) = 0 $$", "diagnostic"),
    ("$$ \\frac{\\partial}{\\partial z_j} 1\\{z_i > 0\\} z_i = 0 $$", "diagnostic"),
    ("$$ \\frac{d}{dx} 1\\{y > 0\\} x = 1\\{y > 0\\} $$", "proved"),
    ("$$ \\frac{d}{dx} 1\\{y > 0\\} x^2 = 2 x 1\\{y > 0\\} $$", "proved"),
    ("$$ \\frac{d}{dx} 1\\{y > 0\\} x^2 = x 1\\{y > 0\\} $$", "refuted"),
]


@pytest.mark.parametrize("text, status", CASES, ids=[c[0] for c in CASES])
def test_a_derivative_of_a_jump(text, status):
    steps = check_derivation(text, kind="md", timeout=10).steps
    assert steps[-1].status == status, steps[-1].detail
