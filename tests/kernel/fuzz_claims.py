"""Random claims in the softmax vocabulary, true by construction or perturbed, for a differential test.

A claim is built from a random expression ``E`` (sums over ``i`` in ``1..n``,
Kronecker deltas, ``exp``, ``log``, the free indices ``k``, ``j`` and, to
tempt capture, a free ``i`` as well) as ``Eq(E, T(E))`` with ``T`` a chain of
equivalence-preserving rewrites (renaming the bound index, splitting and
peeling sums, contracting deltas, ``exp(a + b) = exp(a) exp(b)``,
``log(exp(a)) = a``, using a hypothesis), or, for the other half, ``T(E)``
perturbed (a constant, a term, an index swapped, a range shortened, a
hypothesis dropped).  The truth of a claim is never taken from its
construction: the test judges it with :mod:`tests.kernel.oracle` at points that
satisfy the hypotheses, which :func:`sample_point` builds exactly.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from sympy import (Derivative, Eq, Idx, Integer, KroneckerDelta, Rational, Sum, Symbol, exp, log,
                   sqrt)

from derive.symbols import family, i, j, k, n, p, y, z

__all__ = ["FuzzClaim", "make_claims", "sample_point"]

a, b = Symbol("a", real=True), Symbol("b", real=True)
q = Idx("q", (1, n))                       # a fresh bound index for renaming
KD = KroneckerDelta
w = family("w", real=True)                 # a second real family


@dataclass
class FuzzClaim:
    name: str
    claim: object
    given: tuple = ()
    intended: bool = True                  # true by construction (perturbed claims: False)
    hyps: tuple = field(default=())        # the hypothesis kinds, for sample_point


def _body(rng):
    """A summand in the bound index i."""
    choices = [z[i], z[i]**2, exp(z[i]), w[i] * z[i], KD(i, k) * z[i], KD(i, k), p[i],
               log(p[i]), y[i] * z[i], z[i] * z[k], exp(z[i] - z[k]), KD(i, j) * w[i]]
    t = rng.choice(choices)
    if rng.random() < 0.3:
        t = t + rng.choice(choices)
    return t * rng.choice([1, 1, 2, Rational(1, 2), -1])


def _sum(rng):
    return Sum(_body(rng), (i, 1, n))


def _term(rng):
    pick = rng.randrange(12)
    if pick < 4:
        return _sum(rng)
    return [z[k], z[i], exp(z[k]), a, b, KD(k, j), Rational(rng.randint(-3, 3), rng.randint(1, 3)),
            log(p[k]), exp(z[k]) / Sum(exp(z[i]), (i, 1, n)), log(Sum(exp(z[i]), (i, 1, n)))][pick - 2]


def _expression(rng):
    terms = [_term(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.25:
        terms[0] = terms[0] * _term(rng)
    return sum(terms[1:], terms[0])


# --- rewrites that keep the value -----------------------------------------------------

def _rename(e):
    """Every Sum over i rewritten over q (alpha-conversion)."""
    return e.replace(lambda s: isinstance(s, Sum) and s.limits[0][0] == i,
                     lambda s: Sum(s.function.xreplace({i: q}), (q,) + tuple(s.limits[0][1:])))


def _split(e):
    return e.replace(lambda s: isinstance(s, Sum) and s.function.is_Add,
                     lambda s: sum((Sum(t, *s.limits) for t in s.function.args), Integer(0)))


def _peel(e):
    """Sum_{i=1}^{n} f = Sum_{i=1}^{n-1} f + f(n) (Karr: for every integer n)."""
    def peel(s):
        var, lo, hi = s.limits[0]
        return Sum(s.function, (var, lo, hi - 1)) + s.function.xreplace({var: hi})
    return e.replace(lambda s: isinstance(s, Sum) and s.limits[0][2] == n, peel)


def _contract(e):
    """Sum_i delta(i, k) g(i) = g(k), k in 1..n."""
    def contract(s):
        var, f = s.limits[0][0], s.function
        for d in f.atoms(KD):
            rest = f / d
            if set(d.args) == {var, k} and not rest.has(KD):
                return rest.xreplace({var: k})
        return s
    # only over 1..n, the range of k (after a peel the range 1..n-1 may miss k)
    return e.replace(lambda s: isinstance(s, Sum) and s.function.is_Mul
                     and tuple(s.limits[0][1:]) == (1, n), contract)


def _exp_log(e):
    """exp(z_k) = exp(z_k - z_j) exp(z_j); log(p_k) = log(p_k p_j) - log(p_j) (p > 0)."""
    out = e.xreplace({exp(z[k]): exp(z[k] - z[j]) * exp(z[j]),
                      log(p[k]): log(p[k] * p[j]) - log(p[j])})
    return out if out != e else e + exp(z[j] + a) - exp(z[j]) * exp(a)


def _softmax_one(e):
    """times the softmax summed over its classes (which is 1)."""
    return e * Sum(exp(z[q]) / Sum(exp(z[i]), (i, 1, n)), (q, 1, n))


REWRITES = (_rename, _split, _peel, _contract, _exp_log, _softmax_one)

# hypotheses, each with a rewrite it makes valid
HYPOTHESES = {
    "targets": (Eq(Sum(y[i], (i, 1, n)), 1), lambda e: e * Sum(y[q], (q, 1, n))),
    "a=2b": (Eq(a, 2 * b), lambda e: e.xreplace({a: 2 * b})),
    "a>0": (a > 0, lambda e: e + sqrt(a**2) - a),
}


# --- perturbations --------------------------------------------------------------------

def _perturb(e, rng):
    kind = rng.randrange(7)
    if kind == 0:
        return e + rng.choice([1, -1, Rational(1, 2), Rational(1, 10**40)])
    if kind == 1:
        return e + rng.choice([z[k], KD(k, j), z[i], exp(z[j])])
    if kind == 2 and e.has(k):
        return e.xreplace({k: j})
    if kind == 3 and e.has(Sum):
        return e.replace(lambda s: isinstance(s, Sum) and s.limits[0][2] == n,
                         lambda s: Sum(s.function, (s.limits[0][0], 1, n - 1)))
    if kind == 4:
        return 2 * e
    if kind == 5 and e.has(Sum):                 # the free i captured by the bound one
        return e.replace(lambda s: isinstance(s, Sum), lambda s: Sum(s.function * z[i], *s.limits))
    return e + Sum(z[i], (i, 1, n)) - Sum(z[i], (i, 1, n - 1))   # that is z_n


def _derivative_claim(rng, true):
    """d/dz_m of a sum over i, m the free i or k: the bound index must not meet the free one."""
    g = rng.choice([lambda v: v**2, lambda v: exp(v), lambda v: v**3 / 3, lambda v: w[i] * v])
    u = Symbol("u", real=True)
    body = g(z[i])
    m = rng.choice([i, k])
    gp = Derivative(g(u), u).doit().xreplace({u: z[m]}).xreplace({w[i]: w[m]})
    lhs = Derivative(Sum(body, (i, 1, n)), z[m])
    if true:
        return lhs, gp
    return lhs, rng.choice([Sum(Derivative(g(u), u).doit().xreplace({u: z[i]}), (i, 1, n)), 2 * gp,
                            gp + 1, gp.xreplace({z[m]: z[j]})])


def _sign_claim(rng, true):
    """(claim, given, hypothesis kinds): a sign or an order of softmax entries."""
    sm = lambda m: exp(z[m]) / Sum(exp(z[i]), (i, 1, n))   # noqa: E731
    order = (z[k] < z[j],)
    good = [(sm(k) > 0, ()), (sm(k) <= 1, ()), (Sum(exp(z[i]), (i, 1, n)) >= exp(z[k]), ()),
            (exp(z[k]) + z[k]**2 > 0, ()), (sm(k) < sm(j), order), (sm(k) <= sm(j), order),
            (Sum(z[i]**2, (i, 1, n)) >= z[k]**2, ())]
    bad = [(sm(k) < 1, ()), (Sum(exp(z[i]), (i, 1, n)) > exp(z[k]), ()), (sm(k) >= Rational(1, 2), ()),
           (z[k] + z[j] > 0, ()), (sm(k) > sm(j), order), (sm(k) < sm(j), ()),
           (Sum(z[i]**2, (i, 1, n)) > z[k]**2, ())]
    claim, given = rng.choice(good if true else bad)
    return claim, given, ("zk<zj",) if given else ()


def make_claims(count: int, seed: int):
    """``count`` claims, about half true by construction, reproducible from ``seed``."""
    rng = random.Random(seed)
    out = []
    for t in range(count):
        true = t % 2 == 0
        kind = rng.random()
        given, hyps = (), ()
        if kind < 0.12:
            lhs, rhs = _derivative_claim(rng, true)
            out.append(FuzzClaim(f"d{t}", Eq(lhs, rhs, evaluate=False), intended=true))
            continue
        if kind < 0.2:
            claim, given, hyps = _sign_claim(rng, true)
            out.append(FuzzClaim(f"s{t}", claim, given, true, hyps))
            continue
        e = _expression(rng)
        rhs = e
        for rewrite in rng.sample(REWRITES, rng.randint(1, 3)):
            rhs = rewrite(rhs)
        if rng.random() < 0.35:
            name = rng.choice(sorted(HYPOTHESES))
            relation, rewrite = HYPOTHESES[name]
            given, hyps = (relation,), (name,)
            rhs = rewrite(rhs)
            if not true and rng.random() < 0.3 and name in ("targets", "a=2b"):
                given, hyps = (), ()                  # the rewrite needs the dropped hypothesis
                out.append(FuzzClaim(f"h{t}", Eq(e, rhs, evaluate=False), given, False, hyps))
                continue
        if not true:
            rhs = _perturb(rhs, rng)
        out.append(FuzzClaim(f"e{t}", Eq(e, rhs, evaluate=False), given, true, hyps))
    return out


def sample_point(claim: FuzzClaim, rng: random.Random):
    """A point (exact values) at which every hypothesis of ``claim`` holds, or None."""
    size = rng.randint(1, 4)
    point = {n: Integer(size), k: Integer(rng.randint(1, size)), j: Integer(rng.randint(1, size)),
             i: Integer(rng.randint(1, size))}

    def real():
        return Rational(rng.randint(-12, 12), rng.randint(1, 4))

    for fam in (z, w, y):
        for t in range(1, size + 2):
            point[fam[t]] = real()
    for t in range(1, size + 2):
        point[p[t]] = Rational(rng.randint(1, 12), rng.randint(1, 4))
    point[a], point[b] = real(), real()
    for name in claim.hyps:
        if name == "targets":
            point[y[size]] = 1 - sum(point[y[t]] for t in range(1, size))
        elif name == "a=2b":
            point[a] = 2 * point[b]
        elif name == "a>0":
            point[a] = abs(point[a]) + Rational(1, 3)
        elif name == "zk<zj":
            if point[k] == point[j]:
                return None
            if point[z[int(point[k])]] >= point[z[int(point[j])]]:
                point[z[int(point[k])]] = point[z[int(point[j])]] - Rational(1, 2)
    return point
