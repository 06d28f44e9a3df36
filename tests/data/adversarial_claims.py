"""Adversarial claims for ``derive.check``: data only.

Every entry is a dict with

* ``id``      -- short unique name (``<family>_<nn>``),
* ``family``  -- one of ``FAMILIES``,
* ``claim``   -- a SymPy relational, ``sympy.false``, or an ``(lhs, rhs)`` tuple
  meaning ``lhs == rhs`` (pass it as ``check(lhs, rhs, ...)``, which keeps the
  equation unevaluated),
* ``given``   -- a tuple of hypotheses,
* ``truth``   -- ``True``, ``False``, ``"vacuous"`` (the hypotheses are
  contradictory: the right verdict is "proved" with a method containing
  "vacuous") or ``"input_error"`` (the claim is ill-posed; the right answer is
  a ``TypeError``/``ValueError``),
* ``confirm`` -- how the truth was confirmed independently of ``derive``
  (``tests/data/confirm_adversarial.py`` re-does every confirmation),
* ``witness`` -- for ``truth is False``: exact values (names -> ints/Rationals;
  a family is a tuple ``(z_1, z_2, ...)`` or a dict ``{(r, k): value}``) at
  which every hypothesis holds exactly and the claim is false,
* ``note``    -- optional: the convention the truth depends on.

Semantics used for ``truth`` (the confirmation script implements exactly these):

* Symbols are real unless declared otherwise; ``n``, ``N`` are positive
  integers; an ``Idx`` ranges over its bounds (``i, j, k`` over ``1..n``).
* An ``Idx`` free in a hypothesis but not free in the claim is universally
  quantified over its range (the documented convention of ``derive.check``).
  A free non-``Idx`` symbol of a hypothesis is a parameter like any other.
* A bound variable (Sum/Product/Integral/Limit/Subs/Lambda) is a different
  variable from a free one with the same name; hypotheses about the free one
  say nothing about the bound one.
* Sums follow Karr's (SymPy's) convention: ``Sum(f, (q, a, b))`` with
  ``b = a - 1`` is 0 and with ``b < a - 1`` is ``-Sum(f, (q, b + 1, a - 1))``;
  products likewise with the reciprocal (SymPy's convention).  A sum over an
  integer variable with a symbolic upper limit ``x`` that happens to be
  non-integer means the sum over the integers ``a <= q <= x`` (so
  ``Sum(1, (s, 1, 3/2)) = 1``); a *numeric* non-integer limit is an input error.
* A side that is undefined at a point (0/0, 1/0, log(0), oo - oo, a limit that
  does not exist) makes the claim false there.  ``log(0)`` is SymPy's ``zoo``:
  it is not ``-oo`` (only the one-sided limit is).
* As in SymPy and the README of ``derive``, a rational function is identified
  with its reduced form; entries whose truth depends on this carry a ``note``
  (their truth under the strict pointwise reading is the opposite).
* Floats are read as their exact binary values (all Floats used here, 2.0,
  1.0, 0.5, 0.25, 0.75, are exact).
"""
from sympy import (Abs, Derivative, Eq, Float, Integral, KroneckerDelta, Lambda, Limit, Max, Ne,
                   Piecewise, Product, Rational, S, Subs, Sum, Symbol, atan, cos, exp, floor, log,
                   oo, pi, sin, sqrt, symbols, tan)

from derive.symbols import N, Y, family, i, index, j, k, n, z

__all__ = ["CLAIMS", "FAMILIES"]

FAMILIES = ("binders", "deltas", "hypotheses", "denominators", "precision", "limits")

# --- setup symbols -------------------------------------------------------------
x, y, t, a, b, c, d = symbols("x y t a b c d", real=True)
s = Symbol("s", integer=True)          # integer parameter / bound variable
q = Symbol("q", integer=True)          # integer summation variable
xi = Symbol("xi", integer=True)        # an integer point for Kronecker deltas
ia, ib = symbols("ia ib", integer=True)
h = index("h", upper=n + 1)            # an index that may leave 1..n
r = index("r", upper=N)                # a row index over 1..N
u = family("u", real=True)             # weights, e.g. sum_i u_i = 1
KD = KroneckerDelta
BIG = S(2)**400

CLAIMS = []


def _add(id, family, claim, given=(), truth=True, confirm="", witness=None, note=None,
         convention=None):
    entry = {"id": id, "family": family, "claim": claim, "given": tuple(given),
             "truth": truth, "confirm": confirm}
    if witness is not None:
        entry["witness"] = witness
    if note is not None:
        entry["note"] = note
    if convention is not None:
        entry["convention"] = convention   # "reduced_form": sides compared after sympy.cancel
    CLAIMS.append(entry)


ALL_N = "exact and mpmath 60/120 digits at n=1..4, every index assignment, random rationals"

# =============================================================================
# 1. binders
# =============================================================================
B = "binders"
_add("binders_01", B, z[k] + Sum(z[k], (k, 1, n)) > 0, [z[k] > 0], False,
     "exact at n=2,k=1,z=(1,-10): lhs=1+(1-10)=-8 (known defect: hypothesis on free k "
     "applied to the bound k)",
     {"n": 2, "k": 1, "z": (1, -10)})
_add("binders_02", B, (t + Integral(sqrt(t**2), (t, -1, 1)), t + Integral(t, (t, -1, 1))),
     [t > 0], False,
     "mpmath quad at t=1: lhs=1+1=2, rhs=1+0=1 (bound t ranges over [-1,1]; t>0 is about "
     "the free t)", {"t": 1})
_add("binders_03", B, Eq(Sum(Piecewise((0, s >= 2), (1, True)), (s, 1, n)), 0), [s >= 2], False,
     "exact at n=1,s=2: the bound s=1 gives Piecewise=1, sum=1 != 0",
     {"n": 1, "s": 2})
_add("binders_04", B, Eq(Derivative(Sum(z[i]**2, (i, 1, n)), z[i]), 2 * z[i]), [], True,
     "sums written out at n=1..4, differentiated by the free z_i: 2*z_i; " + ALL_N)
_add("binders_05", B, Eq(Derivative(Sum(z[i]**2, (i, 1, n)), z[i]), Sum(2 * z[i], (i, 1, n))),
     [], False,
     "exact at n=2,i=1,z=(1,1): d/dz_1 (z_1^2+z_2^2) = 2, rhs = 2+2 = 4 (known defect)",
     {"n": 2, "i": 1, "z": (1, 1)})
_add("binders_06", B, z[k] + Sum(z[k], (k, 1, n)) > 0, [z[j] > 0], True,
     "j is not free in the claim, so z_j > 0 for every j; samples with all z_j > 0; " + ALL_N)
_add("binders_07", B, Sum(z[k], (k, 1, n)) > 0, [z[k] > 0], True,
     "k is bound in the claim, so the hypothesis is quantified (z_k > 0 for every k); "
     "samples with all z_k > 0; " + ALL_N,
     note="relies on the documented convention: an Idx free in a hypothesis but not in the "
          "claim is universally quantified")
_add("binders_08", B, Eq(Sum(z[j], (j, 1, n)) - Sum(z[i], (i, 1, n)), 0), [], True,
     "alpha-renaming; " + ALL_N)
_add("binders_09", B, Eq(Sum(z[i], (i, 1, n)), n * z[i]), [], False,
     "exact at n=2,i=1,z=(0,1): lhs=1, rhs=0", {"n": 2, "i": 1, "z": (0, 1)})
_add("binders_10", B, Eq(Sum(z[i] * z[j], (i, 1, n)), z[j] * Sum(z[i], (i, 1, n))), [], True,
     "free factor z_j pulled out of the sum over i; " + ALL_N)
_add("binders_11", B, Eq(Sum(z[i] * z[j], (i, 1, n)), z[i] * Sum(z[j], (j, 1, n))), [], False,
     "exact at n=2,i=1,j=2,z=(1,2): lhs=z_2*(z_1+z_2)=6, rhs=z_1*(z_1+z_2)=3",
     {"n": 2, "i": 1, "j": 2, "z": (1, 2)})
_add("binders_12", B, Eq(Derivative(Sum(exp(z[i]), (i, 1, n)), z[j]), exp(z[j])), [], True,
     "sums written out, differentiated by z_j; " + ALL_N)
_add("binders_13", B, Eq(Derivative(Sum(exp(z[i]), (i, 1, n)), z[i]), Sum(exp(z[i]), (i, 1, n))),
     [], False, "at n=2,i=1,z=(0,0): lhs=exp(0)=1, rhs=2",
     {"n": 2, "i": 1, "z": (0, 0)})
_add("binders_14", B, Eq(Derivative(Sum(z[i] * z[k], (k, 1, n)), z[k]), z[i]), [], False,
     "exact at n=1,i=1,k=1,z=(1,): d/dz_1 (z_1*z_1) = 2, rhs = 1 (the free i may equal k)",
     {"n": 1, "i": 1, "k": 1, "z": (1,)})
_add("binders_15", B, Eq(Derivative(Sum(z[i] * z[k], (k, 1, n)), z[k]),
                         z[i] + KD(i, k) * Sum(z[j], (j, 1, n))), [], True,
     "d/dz_k (z_i * sum_k' z_k') = z_i + delta_ik * sum z; " + ALL_N)
_add("binders_16", B, Eq(Derivative(Sum(z[i]**3, (i, 1, n)), z[i], 2), 6 * z[i]), [], True,
     "second derivative of the written-out sum; " + ALL_N)
_add("binders_17", B, Eq(Integral(x, (x, 0, 1)) + x, x + Rational(1, 2)), [x > 5], True,
     "mpmath quad: integral = 1/2 whatever the free x (x > 5 says nothing about the bound x); "
     "samples x in (5, 15]")
_add("binders_18", B, Eq(Integral(x * y, (y, 0, 1)), y / 2), [], False,
     "mpmath quad at x=1,y=0: lhs = x/2 = 1/2, rhs = 0", {"x": 1, "y": 0})
_add("binders_19", B, Eq(Integral(x * y, (x, 0, 1)), y / 2), [], True,
     "mpmath quad at random y: lhs = y/2")
_add("binders_20", B, Eq(Product(t, (t, 1, 3)), t**3), [], False,
     "exact at t=1: lhs = 1*2*3 = 6, rhs = 1", {"t": 1})
_add("binders_21", B, Eq(Product(x, (t, 1, 3)), x**3), [Eq(t, 0)], True,
     "product written out: x*x*x; t = 0 is irrelevant; random x, exact")
_add("binders_22", B, (Sum(t, (t, 1, 3)), S.Zero), [Eq(t, 0)], False,
     "exact at t=0: the bound t runs over 1,2,3, lhs = 6", {"t": 0})
_add("binders_23", B, Eq(Sum(t, (t, 1, 3)), 6), [Eq(t, 0)], True,
     "exact: 1+2+3 = 6 regardless of the free t (= 0 by construction)")
_add("binders_24", B, Eq(Subs(x * y + x, x, y), y**2 + y), [], True,
     "Subs evaluated by substituting x := y: y*y + y; random y, exact")
_add("binders_25", B, Eq(Subs(x * y, x, y), x * y), [], False,
     "exact at x=1,y=2: lhs = y*y = 4, rhs = 2", {"x": 1, "y": 2})
_add("binders_26", B, (Lambda(y, x + y)(x), 2 * x), [], True,
     "beta-reduction x + x (SymPy applies the Lambda when built); random x, exact")
_add("binders_27", B, (Lambda(x, x * y)(y), x * y), [], False,
     "exact at x=1,y=2: lhs = y*y = 4, rhs = 2", {"x": 1, "y": 2})
_add("binders_28", B, Eq(Sum(z[i] * Sum(z[i], (i, 1, n)), (i, 1, n)), Sum(z[i], (i, 1, n))**2),
     [], True, "the inner i shadows the outer one; both sides (sum z)^2; " + ALL_N)
_add("binders_29", B, Eq(Sum(Sum(z[i], (i, 1, j)), (j, 1, n)), Sum((n - i + 1) * z[i], (i, 1, n))),
     [], True, "exchange of a triangular double sum; " + ALL_N)
_add("binders_30", B, Eq(Sum(Sum(z[i], (i, 1, j)), (j, 1, n)), Sum(j * z[j], (j, 1, n))), [], False,
     "exact at n=2,z=(1,0): lhs = z_1 + (z_1+z_2) = 2, rhs = z_1 + 2 z_2 = 1",
     {"n": 2, "z": (1, 0)})
_add("binders_31", B, Eq(Integral(t * exp(t), (t, 0, 1)), 1), [t < 0], True,
     "mpmath quad: [e^t (t-1)]_0^1 = 1; the free t < 0 is irrelevant")
_add("binders_32", B, Eq(Subs(Sum(z[i] * x, (i, 1, n)), x, z[i]), Sum(z[i]**2, (i, 1, n))), [],
     False, "capture: x := z_i (free i) must not be captured by the bound i; exact at "
     "n=2,i=1,z=(1,2): lhs = z_1*(z_1+z_2) = 3, rhs = 1+4 = 5",
     {"n": 2, "i": 1, "z": (1, 2)})
_add("binders_33", B, Eq(Subs(Sum(z[i] * x, (i, 1, n)), x, z[i]), z[i] * Sum(z[j], (j, 1, n))),
     [], True, "substitution without capture; " + ALL_N)
_add("binders_34", B, Eq(Product(z[i], (i, 1, n)) * z[i], Product(z[i]**2, (i, 1, n))), [], False,
     "exact at n=2,i=1,z=(1,2): lhs = (1*2)*1 = 2, rhs = 1*4 = 4",
     {"n": 2, "i": 1, "z": (1, 2)})
_add("binders_35", B, Eq(Limit(x + y, x, 1), x + y), [], False,
     "the limit variable x is bound: lhs = 1 + y; at x=0,y=0: lhs 1, rhs 0", {"x": 0, "y": 0})

# =============================================================================
# 2. deltas
# =============================================================================
D = "deltas"
_add("deltas_01", D, Eq(Sum(KD(i, x), (i, 1, n)), 1), [x >= 1, x <= n], False,
     "exact at n=2,x=3/2: no integer i equals 3/2, lhs = 0 (known defect)",
     {"n": 2, "x": Rational(3, 2)})
_add("deltas_02", D, Eq(Sum(KD(i, xi), (i, 1, n)), 1), [xi >= 1, xi <= n], True,
     "integer xi in 1..n: exactly one term is 1; exact at n=1..4, every xi in range")
_add("deltas_03", D, Eq(Sum(z[i]**KD(k, i) - 1, (i, 1, n)), 0), [Eq(Sum(z[i], (i, 1, n)), n)],
     False, "exact at n=2,k=1,z=(0,2): (0^1 - 1) + (2^0 - 1) = -1; hypothesis 0+2 = 2 "
     "(known defect)", {"n": 2, "k": 1, "z": (0, 2)})
_add("deltas_04", D, Eq(Sum(z[i] * KD(i, k), (i, 1, n)), z[k]), [], True, ALL_N)
_add("deltas_05", D, Eq(Sum(KD(i, k), (i, 1, n)), 1), [], True, ALL_N)
_add("deltas_06", D, Eq(Sum(KD(i, n + 1), (i, 1, n)), 0), [], True,
     "the point n+1 is outside 1..n; exact at n=1..4")
_add("deltas_07", D, Eq(Sum(KD(i, n + 1), (i, 1, n)), 1), [], False,
     "exact at n=1: delta(1, 2) = 0", {"n": 1})
_add("deltas_08", D, Eq(Sum(KD(i, 0), (i, 1, n)), 0), [], True, "exact at n=1..4")
_add("deltas_09", D, Eq(Sum(KD(i, j) * KD(j, k), (j, 1, n)), KD(i, k)), [], True, ALL_N)
_add("deltas_10", D, Eq(Sum(KD(i, x), (i, 1, n)), 0), [x > n], True,
     "x > n: no i in 1..n equals x; samples x in (n, n+10], exact")
_add("deltas_11", D, Eq(Sum(KD(i, x), (i, 1, n)), 0), [x >= 1], False,
     "exact at n=1,x=1: delta(1,1) = 1", {"n": 1, "x": 1})
_add("deltas_12", D, Eq(Sum(KD(i, k), (k, 1, n)), 1), [], True,
     "bound k meets the free i once; " + ALL_N)
_add("deltas_13", D, Eq(Sum(KD(i, k), (k, 1, j)), 1), [], False,
     "exact at n=2,i=2,j=1: the sum over k=1..1 of delta(2,k) = 0",
     {"n": 2, "i": 2, "j": 1})
_add("deltas_14", D, Eq(Sum(KD(i, k), (k, 1, j)), Piecewise((1, i <= j), (0, True))), [], True,
     ALL_N)
_add("deltas_15", D, Eq(KD(i, j) * (z[i] - z[j]), 0), [], True, "case split i = j / i != j; " + ALL_N)
_add("deltas_16", D, Eq(KD(i, j) * z[i], z[j]), [], False,
     "exact at n=2,i=1,j=2,z=(1,1): lhs 0, rhs 1", {"n": 2, "i": 1, "j": 2, "z": (1, 1)})
_add("deltas_17", D, Eq(Sum(KD(i, j), (i, 1, n), (j, 1, n)), n), [], True, "exact at n=1..4")
_add("deltas_18", D, Eq(Sum(KD(i, j), (i, 1, n), (j, 1, n)), n**2), [], False,
     "exact at n=2: lhs 2, rhs 4", {"n": 2})
_add("deltas_19", D, Eq(Sum(z[i] * KD(i, k + 1), (i, 1, n)), z[k + 1]), [], False,
     "exact at n=1,k=1,z=(0,5): k+1 = 2 is outside 1..n, lhs 0, rhs z_2 = 5",
     {"n": 1, "k": 1, "z": (0, 5)})
_add("deltas_20", D, Eq(Sum(KD(i, h) * z[i], (i, 1, n)), z[h]), [], False,
     "h ranges over 1..n+1; exact at n=1,h=2,z=(0,1): lhs 0, rhs 1",
     {"n": 1, "h": 2, "z": (0, 1)})
_add("deltas_21", D, Eq(Sum(KD(i, k), (i, k, n)), 1), [], True, "exact at n=1..4, every k")
_add("deltas_22", D, Eq(Sum(KD(i, k), (i, k + 1, n)), 0), [], True,
     "empty at k = n (upper = lower - 1); exact at n=1..4, every k")
_add("deltas_23", D, Eq(Sum(KD(i, k), (i, 1, k - 1)), 1), [], False,
     "exact at n=1,k=1: empty sum (upper = lower - 1) = 0", {"n": 1, "k": 1})
_add("deltas_24", D, Eq(Sum(KD(i, k) * z[j], (i, 1, n)), z[j]), [], True, ALL_N)
_add("deltas_25", D, Eq(Sum(z[i] * KD(i, xi), (i, 1, n)), z[xi]), [xi >= 1], False,
     "exact at n=1,xi=2,z=(0,1): xi outside 1..n, lhs 0, rhs z_2 = 1",
     {"n": 1, "xi": 2, "z": (0, 1)})
_add("deltas_26", D, Eq(Sum(z[i] * KD(i, xi), (i, 1, n)), z[xi]), [xi >= 1, xi <= n], True,
     ALL_N + ", every integer xi in 1..n")
_add("deltas_27", D, Eq(KD(i, j) * KD(j, k), KD(i, k) * KD(i, j)), [], True, "exact at n=1..4")
_add("deltas_28", D, Eq(KD(i, j) + KD(j, k), KD(i, k) + 1), [], False,
     "exact at n=3,i=1,j=2,k=3: lhs 0, rhs 1", {"n": 3, "i": 1, "j": 2, "k": 3})
_add("deltas_29", D, (Sum(KD(q, 2), (q, 3, 1)), -1), [], True,
     "Karr: sum_{q=3}^{1} = -sum_{q=2}^{2} delta(q,2) = -1 (SymPy's doit agrees)")
_add("deltas_30", D, (Sum(KD(q, 2), (q, 3, 1)), 0), [], False,
     "Karr: the reversed sum is -1, not 0", {})

_add("deltas_31", D, Eq(Sum(KD(i, j) * z[i] * z[j], (i, 1, n), (j, 1, n)), Sum(z[i], (i, 1, n))**2),
     [], False, "exact at n=2,z=(1,1): lhs = 1+1 = 2, rhs = 4", {"n": 2, "z": (1, 1)})
_add("deltas_32", D, Eq(Sum(KD(i, xi), (i, 1, n)), 1), [xi >= 0, xi <= n], False,
     "exact at n=1,xi=0: the point 0 is outside 1..n, lhs 0", {"n": 1, "xi": 0})
_add("deltas_33", D, Eq(KD(i, j) * KD(i, k), KD(j, k)), [], False,
     "exact at n=2,i=1,j=2,k=2: lhs 0, rhs 1", {"n": 2, "i": 1, "j": 2, "k": 2})

# =============================================================================
# 3. hypotheses
# =============================================================================
H = "hypotheses"
_add("hypotheses_01", H, Eq(y, 2 * x), [Eq(y, Float(2.0) * x)], True,
     "2.0 is exactly 2; samples y := 2x; exact (known defect: must never be refuted; "
     "proved or unknown are both acceptable)")
_add("hypotheses_02", H, Eq(x, 3), [Eq(x, 1), Eq(x, 2)], "vacuous",
     "sympy.solve([x-1, x-2]) = [] (known defect)")
_add("hypotheses_03", H, x > 5, [Eq(x, 1), Eq(x, 2)], "vacuous", "sympy.solve([x-1, x-2]) = []")
_add("hypotheses_04", H, S.false, [Eq(x, 1), Eq(x, 2)], "vacuous",
     "sympy.solve([x-1, x-2]) = []; even the claim false holds vacuously")
_add("hypotheses_05", H, Eq(x, 1), [Eq(x**2, 1)], False, "exact at x=-1", {"x": -1})
_add("hypotheses_06", H, Eq(x, 1), [Eq(x**2, 1), x > 0], True,
     "real roots of x^2 = 1 are +-1, x > 0 leaves 1; samples by sympy.solve")
_add("hypotheses_07", H, Eq(Sum(u[i] * c, (i, 1, n)), c), [Eq(Sum(u[i], (i, 1, n)), 1)], True,
     "samples u_n := 1 - (u_1+...+u_{n-1}); " + ALL_N)
_add("hypotheses_08", H, Eq(Sum(u[i] * z[i], (i, 1, n)), z[1]), [Eq(Sum(u[i], (i, 1, n)), 1)],
     False, "exact at n=2,u=(0,1),z=(1,0): lhs 0, rhs 1",
     {"n": 2, "u": (0, 1), "z": (1, 0)})
_add("hypotheses_09", H, Eq(Sum(u[i] * (z[i] - c), (i, 1, n)), Sum(u[i] * z[i], (i, 1, n)) - c),
     [Eq(Sum(u[i], (i, 1, n)), 1)], True, "samples u_n := 1 - rest; " + ALL_N)
_add("hypotheses_10", H, Eq(Sum(u[i] * (z[i] - c), (i, 1, n)), Sum(u[i] * z[i], (i, 1, n)) - c),
     [], False, "exact at n=1,u=(0,),z=(0,),c=1: lhs 0, rhs -1",
     {"n": 1, "u": (0,), "z": (0,), "c": 1})
_add("hypotheses_11", H, Eq(Sum(Y[r, k], (r, 1, N), (k, 1, n)), N),
     [Eq(Sum(Y[r, k], (k, 1, n)), 1)], True,
     "r is not free in the claim: every row of Y sums to 1; samples Y[r,n] := 1 - rest, "
     "N=1..3, n=1..4, exact")
_add("hypotheses_12", H, Eq(Sum(Y[r, k], (r, 1, N), (k, 1, n)), n),
     [Eq(Sum(Y[r, k], (k, 1, n)), 1)], False,
     "exact at N=2,n=1,Y=[[1],[1]]: rows sum to 1, total 2 != n = 1",
     {"N": 2, "n": 1, "Y": {(1, 1): 1, (2, 1): 1}})
_add("hypotheses_13", H, Eq(Sum(Y[r, k], (k, 1, n)), 1), [Eq(Sum(Y[1, k], (k, 1, n)), 1)], False,
     "exact at N=2,n=1,r=2,Y=[[1],[0]]: only row 1 is constrained",
     {"N": 2, "n": 1, "r": 2, "Y": {(1, 1): 1, (2, 1): 0}})
_add("hypotheses_14", H, Sum(z[i], (i, 1, n)) > 0, [z[j] > 0], True,
     "j quantified: all z_j > 0; samples with positive z; " + ALL_N)
_add("hypotheses_15", H, z[j] > 0, [z[k] > 0], True,
     "k is not free in the claim, so z_k > 0 for every k in 1..n; samples with positive z",
     note="relies on the documented quantification convention for hypothesis-only indices")
_add("hypotheses_16", H, z[k + 1] > 0, [z[k] > 0], False,
     "k is free in the claim, so only z_k > 0 is known; exact at n=1,k=1,z=(1,-1)",
     {"n": 1, "k": 1, "z": (1, -1)})
_add("hypotheses_17", H, Eq(2 * x, 1), [Eq(x, Float(0.5))], True,
     "0.5 is exact: x = 1/2; exact")
_add("hypotheses_18", H, Eq(x, Rational(1, 3)), [Eq(3 * x, Float(1.0))], True,
     "1.0 is exact: x = 1/3; exact")
_add("hypotheses_19", H, Eq(y, 3 * x), [Eq(y, Float(2.0) * x)], False,
     "exact at x=1,y=2: hypothesis 2 = 2.0*1, claim 2 != 3", {"x": 1, "y": 2})
_add("hypotheses_20", H, x > 0, [x > Float(0.25)], True, "samples x in (1/4, 10], exact")
_add("hypotheses_21", H, x > Rational(1, 2), [x > Float(0.25)], False,
     "exact at x=3/8: 3/8 > 0.25 but 3/8 < 1/2", {"x": Rational(3, 8)})
_add("hypotheses_22", H, Eq(x, 7), [x > 1, x < 0], "vacuous",
     "sympy.reduce_inequalities([x > 1, x < 0]) is false")
_add("hypotheses_23", H, Eq(z[k], 5), [z[k] > 0, z[k] < 0], "vacuous",
     "with w = z_k: reduce_inequalities([w > 0, w < 0]) is false")
_add("hypotheses_24", H, Eq(u[k], 0), [Eq(Sum(u[i], (i, 1, n)), 1), Eq(Sum(u[i], (i, 1, n)), 2)],
     "vacuous", "with S = sum u: solve([S-1, S-2]) = []")
_add("hypotheses_25", H, Eq(x, 1), [x**2 < -x - 1], "vacuous",
     "reduce_inequalities([x**2 < -x - 1]) is false: x^2 + x + 1 = (x + 1/2)^2 + 3/4 > 0")
_add("hypotheses_26", H, Eq(z[k], 0), [k > n], "vacuous",
     "the range of k gives k <= n; (k - n) + (n - k) = 0 contradicts k - n > 0")
_add("hypotheses_27", H, Ne(x, 0), [Eq(x * y, 1)], True, "samples y := 1/x, x != 0; exact")
_add("hypotheses_28", H, Eq(x, 0), [Eq(x * y, 0)], False, "exact at x=1,y=0", {"x": 1, "y": 0})
_add("hypotheses_29", H, x * y > 0, [x > 0, y > 0], True, "samples x, y > 0; exact")
_add("hypotheses_30", H, x - y > 0, [x > 0, y > 0], False, "exact at x=1,y=2", {"x": 1, "y": 2})
_add("hypotheses_31", H, Eq(a, b), [Eq(a**3, b**3)], True,
     "the real cube root is unique; samples a := the real root of a^3 = b^3; exact")
_add("hypotheses_32", H, Eq(a, b), [Eq(a**2, b**2)], False, "exact at a=1,b=-1",
     {"a": 1, "b": -1})
_add("hypotheses_33", H, Sum(exp(z[i]), (i, 1, n)) >= n, [Eq(Sum(z[i], (i, 1, n)), 0)], True,
     "exp(w) >= 1 + w summed; samples z_n := -rest; mpmath 60/120 digits, n=1..4")
_add("hypotheses_34", H, Eq(Sum(exp(z[i]), (i, 1, n)), n), [Eq(Sum(z[i], (i, 1, n)), 0)], False,
     "mpmath at n=2,z=(1,-1): e + 1/e = 3.0861... != 2", {"n": 2, "z": (1, -1)})
_add("hypotheses_35", H, Eq(sqrt(x**2), x), [x >= 0], True, "samples x >= 0; exact")
_add("hypotheses_36", H, Eq(sqrt(x**2), x), [x >= -1], False, "exact at x=-1: 1 != -1",
     {"x": -1})
_add("hypotheses_37", H, Eq(log(x**2), 2 * log(x)), [x > 0], True, "mpmath, samples x > 0")
_add("hypotheses_38", H, Eq(log(x**2), 2 * log(x)), [Ne(x, 0)], False,
     "mpmath at x=-1: log(1) = 0, 2 log(-1) = 2*pi*i (undefined over the reals)", {"x": -1})
_add("hypotheses_39", H, Eq(x, 2), [Eq(x, y), Ne(x, y)], "vacuous",
     "substituting the solution x = y of the equation into Ne(x, y) gives false")
_add("hypotheses_40", H, Eq(x + y, 1), [Eq(x, Float(0.25)), Eq(y, Float(0.75))], True,
     "0.25 and 0.75 are exact binary fractions: 1/4 + 3/4 = 1; exact")

_add("hypotheses_41", H, Eq(Sum(u[i] * z[i], (i, 1, n)), Sum(z[i], (i, 1, n)) / n),
     [Eq(Sum(u[i], (i, 1, n)), 1)], False,
     "exact at n=2,u=(1,0),z=(1,0): lhs 1, rhs 1/2", {"n": 2, "u": (1, 0), "z": (1, 0)})
_add("hypotheses_42", H, Eq(Y[r, k], 1 / n), [Eq(Sum(Y[r, k], (k, 1, n)), 1)], False,
     "r and k are free in the claim: one row sums to 1, entries need not be equal; exact at "
     "N=1,n=2,r=1,k=1,Y=[[1,0]]", {"N": 1, "n": 2, "r": 1, "k": 1, "Y": {(1, 1): 1, (1, 2): 0}})

# =============================================================================
# 4. denominators
# =============================================================================
Q = "denominators"
_add("denominators_01", Q, Eq(x / y, 7), [Eq(x, 0), Eq(y, 0)], False,
     "at x=y=0 the lhs is 0/0 (undefined), known defect", {"x": 0, "y": 0})
_add("denominators_02", Q, Eq((a - b) / (c - d), 5), [Eq(a, b), Eq(c, d)], False,
     "at a=b=c=d=0 the lhs is 0/0, known defect", {"a": 0, "b": 0, "c": 0, "d": 0})
_add("denominators_03", Q, Eq(x / y, 0), [Eq(x, 0), Eq(y, 0)], False,
     "0/0 is undefined even though the numerator reduces to 0", {"x": 0, "y": 0})
_add("denominators_04", Q, Eq(x / y, 0), [Eq(x, 0), y > 0], True, "samples x := 0, y > 0; exact")
_add("denominators_05", Q, Eq(x / y, 1), [Eq(x, y)], False,
     "at x=y=0: 0/0 undefined (x/y is already reduced)", {"x": 0, "y": 0})
_add("denominators_06", Q, Eq(x / y, 1), [Eq(x, y), Ne(y, 0)], True,
     "samples x := y, y != 0; exact")
_add("denominators_07", Q, Eq(x / y, 1), [Eq(x, y), y > 0], True, "samples x := y > 0; exact")
_add("denominators_08", Q, Eq((x**2 - 1) / (x - 1), x + 1), [], True,
     "cancel: (x^2-1)/(x-1) reduces to x+1; exact at random x != 1 and on the reduced form",
     note="true only under the reduced-form convention (README: x/x = 1); pointwise it is "
          "undefined at x = 1", convention="reduced_form")
_add("denominators_09", Q, Eq((x**2 - 1) / (x - 1), x + 1), [Ne(x, 1)], True,
     "samples x != 1; exact")
_add("denominators_10", Q, Eq((x**2 - 1) / (x - 1), x - 1), [], False,
     "exact at x=0: lhs 1, rhs -1", {"x": 0})
_add("denominators_11", Q, Eq(1 / (x - y), 1), [Eq(x, y + 1)], True, "samples x := y + 1; exact")
_add("denominators_12", Q, (1 / (x - y), S.Zero), [Eq(x, y)], False,
     "at x=y=0: 1/0 is undefined (zoo), not 0", {"x": 0, "y": 0})
_add("denominators_13", Q, Eq(x / y + 1, (x + y) / y), [Eq(y, 0)], True,
     "the two sides have the same reduced form (x + y)/y: cancel(lhs - rhs) = 0",
     note="true only under the reduced-form convention (the two sides are one rational "
          "function); pointwise both sides are 1/0 at y = 0", convention="reduced_form")
_add("denominators_14", Q, Eq(x / (x - y) - y / (x - y), 1), [x > y], True,
     "samples x > y; exact")
_add("denominators_15", Q, Eq(sin(x) / x, 1), [Eq(x, 0)], False,
     "at x=0: sin(0)/0 = 0/0 undefined (only the limit is 1)", {"x": 0})
_add("denominators_16", Q, Eq((x**3 - y**3) / (x - y), x**2 + x * y + y**2), [x > y], True,
     "samples x > y; exact")
_add("denominators_17", Q, Eq(1 / x + 1 / y, (x + y) / (x * y)), [x > 0, y > 0], True,
     "samples x, y > 0; exact")
_add("denominators_18", Q, Eq(1 / x + 1 / y, 1 / (x + y)), [x > 0, y > 0], False,
     "exact at x=y=1: 2 != 1/2", {"x": 1, "y": 1})
_add("denominators_19", Q, Eq(z[k] / Sum(z[i], (i, 1, n)), 1), [Eq(Sum(z[i], (i, 1, n)), z[k])],
     False, "at n=2,k=1,z=(0,0): hypothesis 0 + 0 = 0, lhs 0/(0 + 0) undefined (at n = 1 the "
     "lhs z_1/z_1 is already 1 as SymPy builds it)",
     {"n": 2, "k": 1, "z": (0, 0)})
_add("denominators_20", Q, Eq(z[k] / Sum(z[i], (i, 1, n)), 1),
     [Eq(Sum(z[i], (i, 1, n)), z[k]), z[k] > 0], True,
     "samples: solve the sum hypothesis for one z_i != z_k, keep z_k > 0; " + ALL_N)
_add("denominators_21", Q, Eq((x - y) / (y - x), -1), [x > y], True, "samples x > y; exact")
_add("denominators_22", Q, (1 / (exp(x) - 1), S.Zero), [Eq(x, 0)], False,
     "at x=0: 1/(e^0 - 1) = 1/0 undefined", {"x": 0})
_add("denominators_23", Q, Eq((exp(x) - 1) / x, 1), [Eq(x, 0)], False,
     "at x=0: 0/0 undefined (not a rational function, no reduced form)", {"x": 0})
_add("denominators_24", Q, Eq(x / y, Rational(1, 2)), [Eq(y, 2 * x), x > 0], True,
     "samples x > 0, y := 2x; exact")
_add("denominators_25", Q, Eq(x / y, Rational(1, 2)), [Eq(y, 2 * x)], False,
     "at x=y=0: 0/0 undefined", {"x": 0, "y": 0})
_add("denominators_26", Q, Eq((x**2 - 1) / (x - 1), 2), [Eq(x, 1)], True,
     "reduced form x + 1 at x = 1 is 2; exact on the reduced form",
     note="true only under the reduced-form convention; pointwise the lhs is 0/0 at x = 1",
     convention="reduced_form")
_add("denominators_27", Q, Eq(1 / (n - 1), 1), [Eq(n, 2)], True, "exact at n=2")
_add("denominators_28", Q, (1 / (n - 1), S.Zero), [n < 2], False,
     "n is a positive integer, so n = 1 and 1/(n-1) = 1/0 is undefined", {"n": 1})

_add("denominators_29", Q, Eq(x**2 / y, x), [Eq(x, y)], False,
     "at x=y=0: 0/0 undefined (x^2/y is reduced)", {"x": 0, "y": 0})
_add("denominators_30", Q, Eq(Sum(z[i], (i, 1, n)) / Sum(z[i]**2, (i, 1, n)), 1),
     [Eq(Sum(z[i]**2, (i, 1, n)), Sum(z[i], (i, 1, n)))], False,
     "at n=1,z=(0,): hypothesis 0 = 0, lhs 0/0 undefined", {"n": 1, "z": (0,)})

# =============================================================================
# 5. precision
# =============================================================================
P = "precision"
_add("precision_01", P, (sin(BIG + x), sin(BIG) * cos(x) + cos(BIG) * sin(x)), [], True,
     "addition theorem; mpmath 60/120 digits with the argument 2**400 + x kept exact "
     "(argument precision raised by its magnitude), random rational x (known defect)")
_add("precision_02", P, (KD(x + BIG, BIG), KD(x, 0)), [], True,
     "exact at x = 0 and at random rationals (known defect)")
_add("precision_03", P, ((x + 1)**2, x**2 + 2 * x + 1 + Rational(1, 10**60)), [], False,
     "exact at x=0: 1 vs 1 + 10^-60 (known defect)", {"x": 0})
_add("precision_04", P, (Rational(10**100 + 1, 10**100), S.One), [], False,
     "exact: differs by 10^-100 (known defect)", {})
_add("precision_05", P, ((x + 10**50)**2, x**2 + 2 * 10**50 * x + 10**100 + 1), [], False,
     "exact at x=0: 10^100 vs 10^100 + 1 (known defect)", {"x": 0})
_add("precision_06", P, ((x + 10**50)**2, x**2 + 2 * 10**50 * x + 10**100), [], True,
     "exact at random rationals")
_add("precision_07", P, ((x + BIG)**2 - (x + BIG - 1)**2, 2 * x + 2 * BIG - 1), [], True,
     "exact at random rationals")
_add("precision_08", P, ((x + BIG)**2 - (x + BIG - 1)**2, 2 * x + 2 * BIG), [], False,
     "exact at x=0: differs by 1 on numbers of size 2^401", {"x": 0})
_add("precision_09", P, (x, x + Rational(1, 10**60)), [], False,
     "exact at x=0: 0 vs 10^-60", {"x": 0})
_add("precision_10", P, Ne(x + Rational(1, 10**60), x, evaluate=False), [], True,
     "exact: the difference is the constant 10^-60")
_add("precision_11", P, (cos(x)**2 + sin(x)**2, 1 + Rational(1, 10**60)), [], False,
     "exact at x=0: 1 vs 1 + 10^-60", {"x": 0})
_add("precision_12", P, (cos(x + BIG)**2 + sin(x + BIG)**2, S.One), [], True,
     "mpmath 60/120 digits, argument kept exact, random rational x")
_add("precision_13", P, (sin(BIG)**2 + cos(BIG)**2, S.One), [], True, "mpmath 60/120 digits")
_add("precision_14", P, (sqrt(10**100 + 1) - 10**50, 1 / (sqrt(10**100 + 1) + 10**50)), [], True,
     "rationalization; mpmath 60/120 digits with the cancellation resolved by the working "
     "precision (intermediate 10^50)")
_add("precision_15", P, (sqrt(10**100 + 1) - 10**50, S.Zero), [], False,
     "mpmath 120 digits: lhs = 5.0e-51 (the 60-digit run cannot resolve it next to 10^50)",
     {})
_add("precision_16", P, (log(10**100 + 1) - log(10**100), log(1 + Rational(1, 10**100))), [], True,
     "mpmath 60/120 digits: both about 1e-100")
_add("precision_17", P, (log(10**100 + 1), log(10**100)), [], False,
     "mpmath 120 digits: the sides differ by 1e-100 (below the 60-digit resolution of "
     "values near 230; log is injective on the positive reals)", {})
_add("precision_18", P, (x * Rational(10**100 + 1, 10**100), x), [x > 0], False,
     "exact at x=1: differs by 10^-100", {"x": 1})
_add("precision_19", P, (cos(BIG)**2, (1 + cos(2 * BIG)) / 2), [], True,
     "double-angle formula at 2**400; mpmath 60/120 digits")
_add("precision_20", P, (cos(BIG)**2, (1 + cos(2 * BIG)) / 2 + Rational(1, 10**40)), [], False,
     "mpmath 60/120 digits: the sides differ by 1e-40", {})
_add("precision_21", P, ((x + Rational(1, 10**30))**2 - x**2,
                         2 * x / 10**30 + Rational(1, 10**60)), [], True,
     "exact at random rationals")
_add("precision_22", P, ((x + Rational(1, 10**30))**2 - x**2, 2 * x / 10**30), [], False,
     "exact at x=0: 10^-60 vs 0", {"x": 0})
_add("precision_23", P, (sqrt(x**2 + Rational(1, 10**60)), Abs(x)), [], False,
     "exact at x=0: 10^-30 vs 0 (at x = 1 the difference is only 5e-61)", {"x": 0})
_add("precision_24", P, (tan(BIG) * cos(BIG), sin(BIG)), [], True,
     "cos(2**400) != 0; mpmath 60/120 digits")
_add("precision_25", P, (atan(10**50) + atan(Rational(1, 10**50)), pi / 2), [], True,
     "atan(A) + atan(1/A) = pi/2 for A > 0; mpmath 60/120 digits")
_add("precision_26", P, (atan(10**30), pi / 2), [], False,
     "mpmath 60/120 digits: pi/2 - atan(10^30) = 1e-30", {})

_add("precision_27", P, (sin(BIG + x), sin(BIG) * cos(x) + cos(BIG) * sin(x) + Rational(1, 10**40)),
     [], False, "mpmath 60/120 digits at x=0: the sides differ by exactly 1e-40", {"x": 0})

# =============================================================================
# 6. limits and sums
# =============================================================================
L = "limits"
_add("limits_01", L, Eq(Sum(1, (s, 1, x)), x), [x >= 1], False,
     "at x=3/2 the sum runs over the integer s=1 only: 1 != 3/2; never provable (SymPy's "
     "closed form x is wrong for non-integer x) (known defect)", {"x": Rational(3, 2)})
_add("limits_02", L, (Sum(1, (s, 1, Rational(5, 2))), Rational(5, 2)), [], "input_error",
     "a numeric non-integer limit is ill-posed: SymPy's doit gives 5/2, the sum over the "
     "integers 1..5/2 gives 2 (known defect)")
_add("limits_03", L, (oo, oo), [], True, "exact: extended reals, oo = oo (known defect list)")
_add("limits_04", L, (log(0), -oo), [], False,
     "log(0) is built by SymPy as zoo (complex infinity) and is undefined over the reals; "
     "only the one-sided limit is -oo (see limits_08)", {},
     note="decided: zoo != -oo; the claim as built is Eq(zoo, -oo)")
_add("limits_05", L, Eq(Limit(1 / x, x, 0, "+"), oo), [], True,
     "numeric: 1/h for h = 10^-3..10^-24 grows without bound, positive (known defect list)")
_add("limits_06", L, Eq(Limit(1 / x, x, 0, "-"), -oo), [], True, "numeric one-sided limit")
_add("limits_07", L, Eq(Limit(1 / x, x, 0, "-"), oo), [], False,
     "numeric: the left limit is -oo", {})
_add("limits_08", L, Eq(Limit(log(x), x, 0, "+"), -oo), [], True,
     "numeric: log(h) decreases without bound")
_add("limits_09", L, (Sum(1, (q, 3, 1)), -1), [], True,
     "Karr: sum_{3}^{1} = -sum_{2}^{2} = -1 (README)")
_add("limits_10", L, (Sum(1, (q, 3, 1)), 0), [], False, "Karr: the reversed sum is -1", {})
_add("limits_11", L, (Sum(q, (q, 1, 0)), 0), [], True, "upper = lower - 1: empty sum")
_add("limits_12", L, (Sum(q, (q, 4, 1)), -5), [], True, "Karr: -(2 + 3) = -5")
_add("limits_13", L, (Sum(q, (q, 4, 1)), 0), [], False, "Karr: the reversed sum is -5", {})
_add("limits_14", L, Eq(Sum(q**2, (q, 1, ia)) + Sum(q**2, (q, ia + 1, ib)), Sum(q**2, (q, 1, ib))),
     [], True, "Karr additivity for all integers; exact at ia, ib in -4..6")
_add("limits_15", L, Eq(Sum(q, (q, 1, ia)), ia * (ia + 1) / 2), [], True,
     "Karr: holds for every integer ia, e.g. ia=-2: -(-1+0) = 1; exact at ia in -6..8")
_add("limits_16", L, Eq(Sum(1, (q, 1, ia)), Max(ia, 0)), [], False,
     "exact at ia=-2: Karr gives -sum_{-1}^{0} 1 = -2, rhs 0", {"ia": -2})
_add("limits_17", L, Eq(Sum(1 / (q * (q + 1)), (q, 1, n)), 1 - 1 / (n + 1)), [], True,
     "telescoping; exact at n=1..4")
_add("limits_18", L, Eq(Sum(z[i + 1] - z[i], (i, 1, n)), z[n + 1] - z[1]), [], True,
     "telescoping; " + ALL_N)
_add("limits_19", L, Eq(Sum(z[i + 1] - z[i], (i, 1, n)), z[n] - z[1]), [], False,
     "exact at n=1,z=(0,1): lhs 1, rhs 0", {"n": 1, "z": (0, 1)})
_add("limits_20", L, Eq(Sum(x**q, (q, 0, n)), (x**(n + 1) - 1) / (x - 1)), [Ne(x, 1)], True,
     "geometric sum at symbolic n; exact at n=1..4, random x != 1")
_add("limits_21", L, Eq(Sum(Rational(1, 2)**q, (q, 0, n)), 2 - Rational(1, 2)**n), [], True,
     "exact at n=1..4")
_add("limits_22", L, Eq(Sum(Rational(1, 2)**q, (q, 0, n)), 2), [], False,
     "exact at n=1: 3/2", {"n": 1})
_add("limits_23", L, (Sum(Rational(1, 2)**q, (q, 0, oo)), S(2)), [], True,
     "mpmath nsum 60/120 digits")
_add("limits_24", L, (Sum(1 / q**2, (q, 1, oo)), pi**2 / 6), [], True, "mpmath nsum 60/120 digits")
_add("limits_25", L, (Sum(1 / q**2, (q, 1, oo)), Rational(5, 3)), [], False,
     "mpmath nsum: 1.6449... != 1.6667", {})
_add("limits_26", L, Eq(Sum(q, (q, 1, x)), x * (x + 1) / 2), [x >= 1], False,
     "at x=3/2 the sum over the integer q=1 is 1, rhs 15/8 (SymPy's closed form is wrong "
     "for non-integer x)", {"x": Rational(3, 2)})
_add("limits_27", L, Eq(Sum(1, (q, 1, floor(x))), floor(x)), [x >= 1], True,
     "integer upper limit floor(x); exact at random x >= 1")
_add("limits_28", L, Eq(Sum(1, (i, 3, n)), n - 2), [], True,
     "Karr: at n=1 the sum is -1 = n - 2, at n=2 it is empty; exact at n=1..4")
_add("limits_29", L, Eq(Sum(1, (q, 3, n)), Max(n - 2, 0)), [], False,
     "exact at n=1: Karr gives -1, rhs 0", {"n": 1})
_add("limits_30", L, Eq(Limit(sin(x) / x, x, 0), 1), [], True, "numeric limit from the right")
_add("limits_31", L, Eq(Limit(sin(1 / x), x, 0, "+"), 0), [], False,
     "numeric: sin(1/h) keeps oscillating in [-1, 1]; the limit does not exist", {})
_add("limits_32", L, Eq(Limit(1 / x, x, 0, "+-"), oo), [], False,
     "numeric: the one-sided limits are +oo and -oo, the two-sided one does not exist", {})
_add("limits_33", L, (log(x), -oo), [Eq(x, 0)], False,
     "at x=0: log(0) is undefined (zoo), not -oo", {"x": 0})
_add("limits_34", L, (S.Infinity - S.Infinity, S.Zero), [], False,
     "oo - oo is built as nan: undefined", {})
_add("limits_35", L, Eq(Sum(1, (q, n, 1)), 2 - n), [], True,
     "Karr: sum_{q=a}^{b} 1 = b - a + 1 for all integers; exact at n=1..4")
_add("limits_36", L, Eq(Sum(1, (q, n, 1)), 0), [n >= 3], False,
     "exact at n=3: -sum_{2}^{2} 1 = -1", {"n": 3})
_add("limits_37", L, Eq(Sum(2**i, (i, 1, n)), 2**(n + 1) - 2), [], True, "exact at n=1..4")
_add("limits_38", L, Eq(Sum(2**i, (i, 1, n)), 2**n - 1), [], False, "exact at n=1: 2 vs 1",
     {"n": 1})
_add("limits_39", L, Eq(Limit(x / (x + 1), x, oo), 1), [], True, "numeric limit at oo")
_add("limits_40", L, Eq(Limit(x / (x + 1), x, oo), 0), [], False, "numeric: the limit is 1", {})
_add("limits_41", L, (Sum(1 / (q * (q + 1)), (q, 1, oo)), S.One), [], True, "mpmath nsum")
_add("limits_42", L, Eq(Product(q, (q, 3, 1)), Rational(1, 2)), [], True,
     "SymPy's (Karr) product convention: prod_{3}^{1} = 1/prod_{2}^{2} = 1/2",
     note="SymPy's convention for reversed products (the README documents only sums)")
_add("limits_43", L, Eq(Limit(x * sin(1 / x), x, 0), 0), [], True,
     "numeric: |h sin(1/h)| <= h")
_add("limits_44", L, Eq(Sum(q, (q, 1, n)), n**2 / 2), [], False, "exact at n=1: 1 vs 1/2",
     {"n": 1})

_add("limits_45", L, Eq(Limit(sin(x) / x, x, oo), 1), [], False,
     "numeric: |sin(x)/x| <= 1/x, the limit at oo is 0", {})
_add("limits_46", L, Eq(Sum(1, (i, 2, n)), Max(n - 1, 1)), [], False,
     "exact at n=1: the sum over 2..1 is empty (0), rhs 1", {"n": 1})

_ids = [e["id"] for e in CLAIMS]
assert len(_ids) == len(set(_ids)), "duplicate ids"
assert all(e["family"] in FAMILIES for e in CLAIMS)
assert all(("witness" in e) == (e["truth"] is False) for e in CLAIMS)
