"""Check the numeric instances ("mp") recorded in truth.json.

For every row with an "mp" entry, evaluate lhs and rhs with mpmath at 50
digits (the expressions use only the names in "vars" and `mp.`):
  * truth "wrong":                 |lhs - rhs| > 1e-10   (a counterexample)
  * truth "correct"/"conditional": |lhs - rhs| < 1e-30   (a spot check)
Run:  python tests/data/real/confirm_wrong.py
"""
import json
import os
import sys

from mpmath import mp

mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))


def evaluate(expr, variables):
    env = {"mp": mp, "__builtins__": {}}
    env.update({k: mp.mpf(str(v)) for k, v in variables.items()})
    return mp.mpf(eval(expr, env))  # expressions are the fixed strings of truth.json


def main():
    with open(os.path.join(HERE, "truth.json"), encoding="utf-8") as fh:
        truth = json.load(fh)
    failures, checked, wrong_rows = [], 0, 0
    for fname, rows in truth.items():
        for row in rows:
            if row["truth"] == "wrong":
                wrong_rows += 1
                if not row.get("mp"):
                    failures.append(f"{fname}:{row['line']}: wrong row without mp")
                    continue
            spec = row.get("mp")
            if not spec:
                continue
            lhs = evaluate(spec["lhs"], spec["vars"])
            rhs = evaluate(spec["rhs"], spec["vars"])
            diff = abs(lhs - rhs)
            checked += 1
            ok = diff > mp.mpf("1e-10") if row["truth"] == "wrong" else diff < mp.mpf("1e-30")
            status = "ok " if ok else "FAIL"
            print(f"{status} {row['truth']:<11} {fname}:{row['line']:<4} lhs={mp.nstr(lhs, 12):<20} rhs={mp.nstr(rhs, 12):<20} |diff|={mp.nstr(diff, 3)}")
            if not ok:
                failures.append(f"{fname}:{row['line']} ({row['truth']}): |lhs-rhs| = {mp.nstr(diff, 5)}")
    print(f"\n{checked} numeric instances checked, {wrong_rows} wrong rows")
    if failures:
        print("FAILURES:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("all numeric instances confirmed")


if __name__ == "__main__":
    main()
