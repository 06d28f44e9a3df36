"""The machine a benchmark ran on: CPU, cores, memory, load and library versions."""
from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Machine", "describe_machine", "load_average"]


@dataclass(frozen=True)
class Machine:
    """What the figures depend on, for the report's header."""

    cpu: str
    cores: int
    usable_cores: int
    memory_gib: float | None
    system: str
    python: str
    versions: tuple[tuple[str, str], ...]     # (library, version), in a fixed order

    def record(self) -> dict:
        return {"cpu": self.cpu, "cores": self.cores, "usable_cores": self.usable_cores,
                "memory_gib": self.memory_gib, "system": self.system, "python": self.python,
                "versions": dict(self.versions)}

    def summary(self) -> str:
        """One line: CPU, cores, memory, Python and SymPy."""
        mem = f", {self.memory_gib:.0f} GiB" if self.memory_gib else ""
        versions = dict(self.versions)
        return (f"{self.cpu}, {self.usable_cores} of {self.cores} cores usable{mem}; "
                f"{self.system}; Python {self.python}, SymPy {versions.get('sympy', '?')}")


def _cpuinfo_field(text: str, field: str) -> str | None:
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == field:
            return value.strip()
    return None


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:     # not Linux: fall back on what the platform module knows
        return platform.processor() or platform.machine() or "unknown CPU"
    return (_cpuinfo_field(text, "model name") or _cpuinfo_field(text, "Hardware")
            or platform.machine() or "unknown CPU")


def _memory_gib() -> float | None:
    try:
        text = Path("/proc/meminfo").read_text()
    except OSError:
        return None
    value = _cpuinfo_field(text, "MemTotal")          # "23981234 kB"
    if not value or not value.split()[0].isdigit():
        return None
    return round(int(value.split()[0]) / 2**20, 1)


def _version(module: str) -> str:
    try:
        return __import__(module).__version__
    except Exception:    # noqa: BLE001 - a missing or odd library is reported, not fatal
        return "not installed"


def describe_machine() -> Machine:
    """The machine this process runs on."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return Machine(
        cpu=_cpu_model(), cores=os.cpu_count() or 1, usable_cores=usable or 1,
        memory_gib=_memory_gib(), system=f"{platform.system()} {platform.release()}",
        python=platform.python_version(),
        versions=tuple((m, _version(m)) for m in ("sympy", "numpy", "scipy", "mpmath", "matplotlib")),
    )


def load_average() -> tuple[float, float, float] | None:
    """The 1, 5 and 15 minute load averages (None where the OS has none)."""
    try:
        return tuple(round(v, 2) for v in os.getloadavg())
    except (AttributeError, OSError):
        return None
