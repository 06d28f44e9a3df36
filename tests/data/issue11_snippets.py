"""The snippets of issue 11, each with its truth (T/F) and the verdict it gets: a script, not a test
(the same claims are rows of tests/kernel/test_claims_table.py).  Run: ``DERIVE_NO_CACHE=1 python
tests/data/issue11_snippets.py``."""
import time
from sympy import *
import derive
from derive import check
from derive.symbols import n, i, j, k, z
x, y, t = symbols('x y t', real=True)
a,b,c,d = symbols('a b c d')
s = Symbol('s', integer=True)
m = Symbol('m', integer=True)
cases = [
 ("1a F", lambda: check(z[k] + Sum(z[k], (k, 1, n)) > 0, given=[z[k] > 0])),
 ("1b F", lambda: check(t + Integral(sqrt(t**2), (t, -1, 1)), t + Integral(t, (t, -1, 1)), given=[t > 0])),
 ("2a F", lambda: check(Eq(Sum(Piecewise((0, s >= 2), (1, True)), (s, 1, n)), 0), given=[s >= 2])),
 ("2b F", lambda: check(Eq(z[k] + Sum(Piecewise((0, k >= 2), (1, True)), (k, 1, n)), z[k]), given=[k >= 2])),
 ("3a T", lambda: check(Eq(Derivative(Sum(z[i]**2, (i, 1, n)), z[i]), 2*z[i]))),
 ("3b F", lambda: check(Eq(Derivative(Sum(z[i]**2, (i, 1, n)), z[i]), Sum(2*z[i], (i, 1, n))))),
 ("3c T", lambda: check(Eq(Derivative(Sum(exp(z[j]), (j, 1, n)), z[j]), exp(z[j])))),
 ("3d F", lambda: check(Eq(Derivative(Sum(exp(z[j]), (j, 1, n)), z[j]), Sum(exp(z[j]), (j, 1, n))))),
 ("3e T", lambda: check(Eq(Derivative(Sum(s**2*x, (s, 1, n)), x), Sum(s**2, (s, 1, n))))),
 ("4 F", lambda: check(Eq(Sum(KroneckerDelta(i, x), (i, 1, n)), 1), given=[x >= 1, x <= n])),
 ("5 F", lambda: check(Eq(Sum(z[i]**KroneckerDelta(k, i) - 1, (i, 1, n)), 0), given=[Eq(Sum(z[i], (i, 1, n)), n)])),
 ("6a F", lambda: check(Eq(x/y, 7), given=[Eq(x, 0), Eq(y, 0)])),
 ("6a' F", lambda: check(Eq(x/y, 8), given=[Eq(x, 0), Eq(y, 0)])),
 ("6b F", lambda: check(Eq((a - b)/(c - d), 5), given=[Eq(a, b), Eq(c, d)])),
 ("7a T", lambda: check(sin(2**400 + x), sin(2**400)*cos(x) + cos(2**400)*sin(x))),
 ("7b T", lambda: check(KroneckerDelta(x + 2**400, 2**400), KroneckerDelta(x, 0))),
 ("8 T", lambda: check(Eq(y, 2*x), given=[Eq(y, Float(2.0)*x)])),
 ("9a F", lambda: check(Eq(Sum(1, (s, 1, x)), x), given=[x >= 1])),
 ("9b F/err", lambda: check(Sum(1, (s, 1, Rational(5, 2))), Rational(5, 2))),
 ("T/O", lambda: check(Eq(x, x + 1, evaluate=False), given=[Eq((a+b+t+c)**30, expand((a+b+t+c)**30) + 1, evaluate=False)], timeout=2)),
 ("vac", lambda: check(Eq(y, 3), given=[Eq(x, 1), Eq(x, 2)])),
 ("ex1 F", lambda: check((x+1)**2, x**2+2*x+1+Rational(1, 10**60))),
 ("ex2 F", lambda: check(Rational(10**100+1, 10**100), 1)),
 ("ex3 F", lambda: check((x+10**50)**2, x**2+2*10**50*x+10**100+1)),
 ("inf1 T", lambda: check(Eq(oo, oo))),
 ("inf2 T", lambda: check(Eq(log(0), -oo))),
 ("inf3 T", lambda: check(Eq(Limit(1/x, x, 0, '+'), oo))),
 ("inf4 nolimit", lambda: check(Eq(Limit(sin(1/x), x, 0), 0))),
 ("inf5 nolimit2", lambda: check(Eq(Limit(1/x, x, 0, '+-'), oo))),
]
for name, f in cases:
    t0=time.time()
    try:
        v = f()
        print(f"{name:14s} {time.time()-t0:6.2f}s  {v.status:8s} method={getattr(v,'method',None)!r} detail={str(getattr(v,'detail',''))[:200]!r} cex={getattr(v,'counterexample',None)}")
    except Exception as e:
        print(f"{name:14s} {time.time()-t0:6.2f}s  EXC {type(e).__name__}: {str(e)[:200]}")
