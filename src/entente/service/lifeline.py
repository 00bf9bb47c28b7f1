"""Worker processes die with the server that started them.

Solves and compiles run in processes forked by multiprocessing's forkserver,
which lives as long as any of them does, so neither a signal on the
forkserver's death nor the process tree ties a worker to its server. The
pipe does: a worker reports on the write end of a pipe whose only read end
is in the server. :func:`die_with_reader` starts a thread that sleeps in
``poll`` on that write end until the pipe has no reader left (the server
exited, ``kill -9`` included: the kernel closes its descriptors), then kills
its own process (also once the worker has closed its end itself: its
answer is sent, nothing is lost). So no solver keeps a core busy for a
server that is gone, and a second server that takes a job over once its
lease ran out is the only one running it (issue 11, item 7). Where
``select.poll`` does not exist (Windows), a worker still ends at its time limit.
"""

from __future__ import annotations

import os
import select
import signal
import threading
from multiprocessing.connection import Connection

__all__ = ["die_with_reader"]


def die_with_reader(channel: Connection) -> None:
    """Kill this process as soon as nobody can read ``channel`` (its write end) any more."""
    if not hasattr(select, "poll"):
        return
    descriptor = channel.fileno()

    def watch() -> None:
        poller = select.poll()
        poller.register(descriptor, 0)  # POLLERR and POLLHUP are always reported
        while True:
            for _, events in poller.poll():
                if events & (select.POLLERR | select.POLLHUP | select.POLLNVAL):
                    os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="entente-lifeline", daemon=True).start()
