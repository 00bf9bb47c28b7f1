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


def test_a_sweep_job_dies_with_its_server_too() -> None:
    """Sweeps and budgets run in workers of their own: they watch the pipe as solves do."""
    import orjson

    from entente.scenario import builtin_scenarios, load_scenario
    from entente.service.sweep_worker import run_sweep_job

    document = load_scenario(builtin_scenarios()["paris-2024"]).document
    options = {"resource": "fr-teams", "counts": "0..400", "time_limit": 600}
    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(
        target=run_sweep_job, args=(writer, orjson.dumps(document), options, "sweep"), daemon=True
    )
    process.start()
    writer.close()
    try:
        assert reader.poll(60)
        assert reader.recv() == ("stage", "preparing")
        reader.close()  # the server is gone; hundreds of solves are left
        process.join(30)
        assert process.exitcode == -signal.SIGKILL
    finally:
        if process.is_alive():
            process.kill()
            process.join()
