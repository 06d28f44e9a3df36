"""The fixed-n scaling plot (PNG), drawn with matplotlib's Agg canvas.

The figure is built on its own ``Figure`` and Agg canvas, so the global
pyplot backend is neither needed nor changed.
"""
from __future__ import annotations

import io

from .scaling import ScalingResult

__all__ = ["scaling_png"]


def scaling_png(scaling: ScalingResult, *, title: str) -> bytes:
    """The engine's and the naive check's time per dimension, log-log, as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.0, 4.5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    for side, label, style, budget in (("engine", "engine (derive.check)", "o-", scaling.engine_budget),
                                       ("naive", "naive simplify", "s--", scaling.naive_budget)):
        done = [(s.n, getattr(s, side).seconds) for s in scaling.sizes
                if getattr(s, side).seconds is not None]
        if done:
            ax.plot(*zip(*done), style, label=label)
        dnf = [s.n for s in scaling.sizes if getattr(s, side).seconds is None and getattr(s, side).done]
        if dnf:    # an upward triangle at the budget: the true time lies above it
            ax.plot(dnf, [budget] * len(dnf), "^", markersize=10, color="black" if side == "naive" else "red",
                    label=f"{side}: did not finish within {budget:g} s (lower bound)")
    if scaling.general_seconds > 0:
        ax.axhline(scaling.general_seconds, linestyle=":", color="gray",
                   label=f"general n proof ({scaling.general_seconds:.2f} s)")
    ax.plot([32], [1.0], "*", markersize=12, color="green", label="target: n = 32 in 1 s")
    ax.set_xscale("log", base=2)
    ax.set_xticks([s.n for s in scaling.sizes], [str(s.n) for s in scaling.sizes])
    ax.set_yscale("log")
    ax.set_xlabel("n (the Jacobian has n² entries, each checked)")
    ax.set_ylabel("seconds")
    ax.set_title(title, fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
