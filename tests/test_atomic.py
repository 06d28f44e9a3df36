"""Tests for derive.atomic: whole-file replacement, cleanup on failure."""
from __future__ import annotations

import os
import stat

import pytest

import derive.atomic as atomic
from derive.atomic import replace_outputs, write_bytes_atomic, write_text_atomic


def _leftovers(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("text", ["", "one line\n", "λ é €\n", "a\r\nb\rc\n", "x" * 100_000])
def test_text_round_trip_is_byte_exact(tmp_path, text):
    target = write_text_atomic(tmp_path / "f.txt", text)
    assert target.read_bytes() == text.encode("utf-8")
    assert _leftovers(tmp_path) == []


def test_bytes_replace_existing(tmp_path):
    target = tmp_path / "f.bin"
    target.write_bytes(b"old contents")
    write_bytes_atomic(target, b"\x00new")
    assert target.read_bytes() == b"\x00new"


def test_new_file_is_not_private_and_mode_is_kept(tmp_path):
    fresh = write_text_atomic(tmp_path / "fresh.txt", "x")
    plain = tmp_path / "plain.txt"
    plain.write_text("x")   # what open() gives under the current umask
    assert stat.S_IMODE(fresh.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    kept = tmp_path / "kept.txt"
    kept.write_text("x")
    os.chmod(kept, 0o600)
    write_text_atomic(kept, "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


@pytest.mark.parametrize("call, error", [
    (lambda d: write_text_atomic(d / "f", b"bytes"), TypeError),
    (lambda d: write_bytes_atomic(d / "f", "text"), TypeError),
    (lambda d: write_text_atomic(None, "x"), TypeError),
    (lambda d: write_text_atomic("", "x"), TypeError),
    (lambda d: write_text_atomic(d / "missing" / "f", "x"), FileNotFoundError),
])
def test_bad_arguments(tmp_path, call, error):
    with pytest.raises(error):
        call(tmp_path)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_failure_while_writing_leaves_target_and_no_temp(tmp_path, monkeypatch, failure):
    target = tmp_path / "f.txt"
    target.write_text("old")

    def broken_fsync(fd):
        raise failure

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(type(failure)):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_failure_at_rename_leaves_target_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "f.txt"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError("rename refused")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError, match="rename refused"):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_replace_outputs_writes_all_and_creates_the_directory(tmp_path):
    out = tmp_path / "output"
    paths = replace_outputs(out, {"b.tex": "B\n", "a.json": b"{}", "c.tex": "λ"})
    assert [p.name for p in paths] == ["a.json", "b.tex", "c.tex"]
    assert (out / "b.tex").read_text() == "B\n"
    assert (out / "a.json").read_bytes() == b"{}"
    assert (out / "c.tex").read_bytes() == "λ".encode("utf-8")
    assert _leftovers(out) == []


def test_replace_outputs_is_all_or_nothing_when_staging_fails(tmp_path, monkeypatch):
    for name in ("a.tex", "b.tex", "c.tex"):
        (tmp_path / name).write_text("old " + name)
    real_stage = atomic._stage
    calls = []

    def stage_then_fail(target, data):
        calls.append(target.name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # an interrupted run
        return real_stage(target, data)

    monkeypatch.setattr(atomic, "_stage", stage_then_fail)
    with pytest.raises(KeyboardInterrupt):
        replace_outputs(tmp_path, {"a.tex": "new", "b.tex": "new", "c.tex": "new"})
    for name in ("a.tex", "b.tex", "c.tex"):
        assert (tmp_path / name).read_text() == "old " + name
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("files, error", [
    ({"../escape.tex": "x"}, ValueError),
    ({"sub/dir.tex": "x"}, ValueError),
    ({"": "x"}, ValueError),
    ({"..": "x"}, ValueError),
    ({3: "x"}, TypeError),
    ({"a.tex": 3}, TypeError),
    ([("a.tex", "x")], TypeError),
])
def test_replace_outputs_rejects_bad_input_before_writing(tmp_path, files, error):
    (tmp_path / "a.tex").write_text("old")
    with pytest.raises(error):
        replace_outputs(tmp_path, files)
    assert (tmp_path / "a.tex").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tex"]
