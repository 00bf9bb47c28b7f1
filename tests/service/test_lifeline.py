"""A worker process dies when nobody can read its report pipe any more (its server is gone)."""

from __future__ import annotations

import multiprocessing
import signal
import time
from multiprocessing.connection import Connection

from entente.service.lifeline import die_with_reader


def _report_then_wait(channel: Connection) -> None:
    die_with_reader(channel)
    channel.send("watching")
    time.sleep(120)


def test_a_worker_dies_when_its_reader_is_gone() -> None:
    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_report_then_wait, args=(writer,), daemon=True)
    process.start()
    writer.close()
    try:
        assert reader.poll(60)
        assert reader.recv() == "watching"
        process.join(1.0)
        assert process.is_alive()  # its reader is still there
        reader.close()  # what the kernel does to a killed server's descriptors
        process.join(30)
        assert process.exitcode == -signal.SIGKILL
    finally:
        if process.is_alive():
            process.kill()
            process.join()
