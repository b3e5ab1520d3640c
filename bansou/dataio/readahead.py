"""Read a large file in a second process while this one looks up and writes.

An import is a pipeline: read, clean and prepare the rows (pure Python, no query; support
records are also matched to their businesses and staff there, from the register begin()
loaded), then look up the rest and write them (queries, and SQLite's own work in this
process). For 100,000 support records each half costs about two seconds; run one after
the other they miss the issue's 20,000 rows/s, side by side on two cores they meet it.
Threads cannot do this (the cleaning holds the GIL), so the reading half runs in a forked
child that sends each batch down a pipe as it is done.

The child is a fork of this process at the moment the import starts: it has the open file,
the kind, the mapping and run.cache as begin() left them, and it never touches a database
(every connection it inherited refuses queries there). The pipe holds one batch or so
(the child waits while it is full), so memory stays bounded on both sides. A problem with
the file (FileProblem) or any other exception in the child is raised again here, as it would
have been raised reading in-process. If this side stops early (a refused import, an error),
the child is stopped too.

Only where forking is safe: Linux, and a process with one thread (the command line, a
pre-forking server's worker). A threaded server (runserver) and small files read in-process,
where starting a process would cost more than it saves.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

from django.db import connections

# Below this a file is read in-process (20,000 support records are about 2 MB).
MIN_BYTES = 2 * 1024 * 1024
PIPE_BYTES = 1024 * 1024


class ReadAheadFailed(RuntimeError):
    """The reading process failed in a way that could not be sent back as its exception."""


def worthwhile(path: Path) -> bool:
    """Whether a file is read in a second process: large, and forking is safe here."""
    if sys.platform != "linux" or threading.active_count() != 1:
        return False
    try:
        return path.stat().st_size >= MIN_BYTES
    except OSError:
        return False


def _refuse_queries(execute, sql, params, many, context):
    raise ReadAheadFailed("the reading process must not query the database")


def _child(produce: Callable[[], Iterator], encode: Callable, out) -> None:
    with ExitStack() as stack:
        for connection in connections.all(initialized_only=True):
            stack.enter_context(connection.execute_wrapper(_refuse_queries))
        try:
            for number, item in enumerate(produce()):
                pickle.dump(("item", encode(item)), out, protocol=pickle.HIGHEST_PROTOCOL)
                if number == 0:
                    # The first (short) batch leaves at once rather than when the buffer
                    # fills: the parent starts writing while the next batches are read.
                    out.flush()
        except BaseException as exc:  # sent to the parent, which raises it there
            try:
                message = pickle.dumps(("raise", exc), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                message = pickle.dumps(("raise", ReadAheadFailed(traceback.format_exc())))
            out.write(message)
        else:
            pickle.dump(("end", None), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


def items(
    produce: Callable[[], Iterator],
    *,
    encode: Callable = lambda item: item,
    decode: Callable = lambda payload: payload,
) -> Iterator:
    """Yield what produce() yields, produced in a forked child; encode/decode carry each item
    through the pipe (pickled) in a form cheaper than the item itself."""
    read_fd, write_fd = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (OSError, AttributeError):
        pass  # a smaller pipe only means more switches between the processes
    pid = os.fork()
    if pid == 0:  # the child: produce, send, and leave without running any cleanup
        status = 1
        try:
            os.close(read_fd)
            with os.fdopen(write_fd, "wb", buffering=PIPE_BYTES) as out:
                _child(produce, encode, out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    finished = False
    try:
        with os.fdopen(read_fd, "rb", buffering=PIPE_BYTES) as source:
            while True:
                try:
                    kind, payload = pickle.load(source)
                except EOFError:
                    raise ReadAheadFailed("the reading process ended without a result") from None
                if kind == "item":
                    yield decode(payload)
                elif kind == "raise":
                    finished = True
                    raise payload
                else:
                    finished = True
                    return
    finally:
        if not finished:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
