"""The README's "In your own test suite" examples run, and their tests pass."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## In your own test suite", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_section_shows_a_batched_float32_and_a_gradient_example():
    code = "\n".join(_blocks())
    assert 'batch=(4,), dtype="float32"' in code and "axis=0" in code
    assert "assert_gradient(" in code and "mean_cross_entropy" in code


def test_the_examples_run_and_their_tests_pass():
    namespace: dict = {}
    ran = []
    for block in _blocks():
        needs = [m for m in ("torch", "jax") if re.search(rf"^import {m}\b", block, flags=re.M)]
        if any(importlib.util.find_spec(m) is None for m in needs):
            continue                    # an optional library's example
        before = set(namespace)
        exec(compile(block, str(README), "exec"), namespace)       # noqa: S102 - our own README
        for name in sorted(set(namespace) - before):
            if name.startswith("test_"):
                namespace[name]()
                ran.append(name)
    assert {"test_my_softmax", "test_my_softmax_on_float32_batches", "test_my_gradient"} <= set(ran)
    if importlib.util.find_spec("torch") is not None:      # the optional library's example
        assert "test_torch_softmax_jacobian" in ran
