"""Atomic writes: a whole file or none, never a replaced device, errors that name the file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from entente._io import write_atomic, write_atomic_chunks


def test_whole_file_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    write_atomic(target, b"old")

    def chunks():  # type: ignore[no-untyped-def]
        yield b"new, half"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic_chunks(target, chunks())
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["plan.json"]  # no temporary file left behind


def test_a_device_is_written_to_not_replaced() -> None:
    write_atomic(os.devnull, b"discarded")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_missing_folder_names_the_file_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "plan.json"
    with pytest.raises(FileNotFoundError) as error:
        write_atomic(target, b"x")
    assert error.value.filename == str(target)
