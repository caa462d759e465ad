"""A sampling profiler for the server of `bench_commands.py --profile`.

Why not cProfile: it charges every instrumented call (SQLAlchemy makes tens of
thousands per second), which multiplied the server's CPU per command about seven times
and changed what was expensive; and it counts each resumption of a coroutine as a call
and its "cumulative" time runs across awaits, so an async server's tree is unreadable.
py-spy is not in the venv. So: a statistical profiler, the classic way: the kernel
sends SIGPROF every millisecond of the process's CPU time (`setitimer(ITIMER_PROF)`),
and the handler, run by the main thread at its next bytecode, counts the stack it
interrupted. Sampling by CPU time, in the thread doing the work, is what matters here: a
sampling thread gets the GIL mostly when the main thread releases it, in a socket
`send`, and so charged half the server's work to `send`.

SQLAlchemy's async layer runs its synchronous core in a greenlet whose stack does not
lead back to the task that awaited it; a greenlet trace remembers, at each switch into
such a greenlet, the stack that switched, so a sample inside it is charged to the right
stage (a command's worker, the inbox writer, the reminder dispatcher).
"""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path
from typing import Any

Key = tuple[str, str]  # (file, function)
Stack = tuple[Key, ...]  # innermost first

IDLE = {("selectors.py", "select"), ("selectors.py", "poll")}


def _stack(frame: Any) -> list[Key]:
    keys: list[Key] = []
    while frame is not None:
        code = frame.f_code
        keys.append((code.co_filename, code.co_name))
        frame = frame.f_back
    return keys


class Sampler:
    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.samples: Counter[Stack] = Counter()
        self.idle = 0  # samples in `select`: the loop's own wakeups
        self._parents: dict[int, Any] = {}  # child greenlet -> the frame that entered it
        self._current: int | None = None  # the child greenlet running now, if any

    def start(self) -> None:
        """Call from the main thread (signal handlers and the greenlet trace are its)."""
        import greenlet

        def trace(event: str, args: Any) -> None:
            if event not in ("switch", "throw"):
                return
            origin, target = args
            if target.parent is None:  # back to the main greenlet
                self._current = None
                if origin.dead:
                    self._parents.pop(id(origin), None)
                return
            self._current = id(target)
            if origin.parent is None:
                self._parents[id(target)] = origin.gr_frame  # walked only when sampled

        greenlet.settrace(trace)
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_IGN)  # one still pending must not kill

    def _sample(self, _signum: int, frame: Any) -> None:
        keys = _stack(frame)
        if keys and (Path(keys[0][0]).name, keys[0][1]) in IDLE:
            self.idle += 1
            return
        current = self._current
        if current is not None:
            keys.extend(_stack(self._parents.get(current)))
        self.samples[tuple(keys)] += 1


# -- where a sample belongs ------------------------------------------------------------


def _has(stack: Stack, file_part: str, function: str = "") -> bool:
    return any(file_part in f and (not function or n == function) for f, n in stack)


def stage_of(stack: Stack) -> str:
    """The first stage whose marker frame is on the stack: the specific before the
    general (a command's SQL is the command's, not the database driver's)."""
    if _has(stack, "adapters/slack/inbox.py", "_worker"):
        return "command: " + _command_part(stack)
    if _has(stack, "adapters/slack/inbox.py", "_write_batches") or _has(
        stack, "adapters/slack/inbox.py", "_write_pending"
    ):
        return "inbox: batched INSERT (ack path)"
    if _has(stack, "adapters/slack/inbox.py"):
        return "inbox: finish, lease, claim"
    if _has(stack, "adapters/slack/replay.py", "_write_batches"):
        return "intake: replay ledger write"
    if _has(stack, "aiohttp/web_protocol.py") or _has(stack, "aiohttp/web_app.py"):
        return "intake: " + _intake_part(stack)
    if _has(stack, "bot/reminders") or _has(stack, "apscheduler"):
        return "reminders and scheduler"
    if _has(stack, "aiohttp/client") or _has(stack, "aiohttp/connector.py"):
        return "HTTP client (answers, Web API)"
    if _has(stack, "asyncpg"):
        return "asyncpg protocol (reads)"
    if _has(stack, "aiohttp"):
        return "aiohttp (sockets, parsing)"
    if _has(stack, "asyncio"):
        return "event loop"
    return "other"


def _command_part(stack: Stack) -> str:
    if _has(stack, "adapters/slack/messaging.py", "answer"):
        return "answer post (render + HTTP)"
    if _has(stack, "storage/uow.py", "commit"):
        return "commit (flush + DELETE inbox + COMMIT)"
    if _has(stack, "bot/dispatcher.py", "resolve") or _has(stack, "bot/grammar.py"):
        return "parse"
    if _has(stack, "storage/uow.py", "__call__"):
        return "session open/close"
    sql = _has(stack, "sqlalchemy") or _has(stack, "asyncpg")
    if _has(stack, "storage/inserts.py"):
        return "new contact/interview, numbered (SQL)"
    if _has(stack, "storage/numbering.py"):
        return "per-person numbers (SQL)"
    if sql and (_has(stack, "bot/lifecycle") or _has(stack, "bot/reminders")):
        return "lifecycle/check-ins (SQL)"
    if sql:
        return "journal reads/writes (SQL)"
    if _has(stack, "bot/lifecycle") or _has(stack, "bot/reminders"):
        return "lifecycle/check-ins (Python)"
    if _has(stack, "bot/"):
        return "core logic (Python)"
    return "worker, other"


def _intake_part(stack: Stack) -> str:
    if _has(stack, "slack_sdk/signature"):
        return "signature check"
    if _has(stack, "adapters/slack/listeners.py"):
        return "listener + inbox offer"
    if _has(stack, "slack_bolt"):
        return "bolt dispatch"
    if _has(stack, "adapters/slack"):
        return "shape check, request"
    return "aiohttp server"


def library_of(key: Key) -> str:
    file = key[0]
    for name in ("sqlalchemy", "asyncpg", "slack_bolt", "slack_sdk", "aiohttp", "greenlet"):
        if f"/{name}/" in file:
            return name
    if "/asyncio/" in file:
        return "asyncio"
    for part in ("/bot/", "/adapters/", "/storage/"):
        if part in file and "site-packages" not in file:
            return "inroads " + part.strip("/")
    if "site-packages" in file:
        return "other packages"
    return "stdlib"


def report(sampler_out: dict[str, Any], cpu_ms_per_command: float, top: int = 30) -> None:
    """Print stages (ms per command, from the sample shares scaled to the measured CPU),
    libraries (by the innermost frame) and the hottest functions."""
    samples: Counter[Stack] = Counter(
        {tuple(tuple(k) for k in stack): n for stack, n in sampler_out["samples"]}
    )
    busy = sum(samples.values())
    if not busy:
        print("no samples")
        return
    scale = cpu_ms_per_command / busy
    stages: Counter[str] = Counter()
    libraries: Counter[str] = Counter()
    own: Counter[Key] = Counter()
    inclusive: Counter[Key] = Counter()
    for stack, n in samples.items():
        stages[stage_of(stack)] += n
        libraries[library_of(stack[0])] += n
        own[stack[0]] += n
        for key in set(stack):
            inclusive[key] += n
    idle = sampler_out["idle"]
    print(
        f"\n{busy} samples of the server's CPU ({idle} more in `select`, left out); shares "
        f"scaled to its {cpu_ms_per_command:.2f} ms of CPU per command."
    )
    print(f"\n{'stage':<52}{'share':>7}{'ms/cmd':>8}")
    for name, n in stages.most_common():
        print(f"{name:<52}{n / busy:>7.1%}{n * scale:>8.2f}")
    print(f"\n{'library of the innermost frame':<52}{'share':>7}{'ms/cmd':>8}")
    for name, n in libraries.most_common():
        print(f"{name:<52}{n / busy:>7.1%}{n * scale:>8.2f}")
    for title, counts in (("own", own), ("inclusive", inclusive)):
        print(f"\nhottest functions ({title})")
        for (file, function), n in counts.most_common(top):
            short = "/".join(Path(file).parts[-2:])
            print(f"{n / busy:>7.1%}{n * scale:>8.2f}  {short}:{function}")


def dump(sampler: Sampler) -> dict[str, Any]:
    return {"samples": [[list(s), n] for s, n in sampler.samples.items()], "idle": sampler.idle}
