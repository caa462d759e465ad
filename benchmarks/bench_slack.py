"""Slack adapter latency: how fast a signed slash command is acked, and answered.

Slack gives an app 3 seconds to ack. This drives real slack-bolt over a real HTTP socket
(aiohttp server, signature verification, ack, background work, `respond` to the local
fake Slack's response_url) with real SQLite, and measures:

* ack: request sent → HTTP 200 received (what Slack's 3-second limit applies to);
* answer: request sent → the reply arrives at the response_url;
* render: Reply → Block Kit dicts for a large reply (60 buttons, 400 items).

Commands alternate `interview log` (a write) and `interview list` (a read that grows).

Usage: python benchmarks/bench_slack.py [--quick]   (last line: JSON figures)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp

from adapters.http.server import HttpComponent
from adapters.runtime import build_app
from adapters.slack.connector import build_slack
from adapters.slack.render import render_blocks
from bot.reply import Action, Reply
from tests.slack.conftest import SlackHarness, form_headers, make_settings
from tests.slack.fake_slack import FakeSlack


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(count: int) -> dict[str, float]:
    fake = await FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        app = await build_app(make_settings(Path(tmp), fake))
        http = HttpComponent(app.settings, host="127.0.0.1", port=0)
        component = build_slack(app.parts, http)
        await http.start()
        harness = SlackHarness(fake, app, component, None)  # type: ignore[arg-type]
        url = f"http://127.0.0.1:{http.bound_port}/slack/events"
        acks: list[float] = []
        answers: list[float] = []
        try:
            async with aiohttp.ClientSession() as session:
                for i in range(count):
                    text = f'log "Person {i}" company:Acme' if i % 2 == 0 else "list"
                    body = harness.command_body("/interview", text)
                    started = time.perf_counter()
                    async with session.post(url, data=body, headers=form_headers(body)) as r:
                        assert r.status == 200
                    acks.append((time.perf_counter() - started) * 1000)
                    await fake.wait_for_response(i + 1, within=30)
                    answers.append((time.perf_counter() - started) * 1000)
        finally:
            await http.stop()
            await app.close()
            await fake.stop()
    assert not fake.violations, fake.violations
    big = Reply(
        title="Big",
        text="x " * 4000,
        items=tuple(f"item {i} " * 5 for i in range(400)),
        actions=tuple(Action(f"Button {i}", f"checkin done {i}") for i in range(60)),
    )
    renders = []
    for _ in range(200):
        started = time.perf_counter()
        render_blocks(big)
        renders.append((time.perf_counter() - started) * 1000)
    return {
        "commands": float(count),
        "ack_p50_ms": round(statistics.median(acks), 2),
        "ack_p99_ms": round(pct(acks, 0.99), 2),
        "ack_max_ms": round(max(acks), 2),
        "answer_p50_ms": round(statistics.median(answers), 2),
        "answer_p99_ms": round(pct(answers, 0.99), 2),
        "render_big_p50_ms": round(statistics.median(renders), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    count = 60 if parser.parse_args().quick else 400
    figures = asyncio.run(run(count))
    print(f"{'figure':<22}{'value':>12}")
    for key, value in figures.items():
        print(f"{key:<22}{value:>12}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
