"""Benchmark the bot: training time, per-message latency through the REST webhook, peak memory.

    python benchmarks/bot_latency.py [--config config.yml] [--skip-train] [--messages 400]

Prints (never asserts):
- training time of a cold ``rasa train`` (empty cache) with ``--config``;
- intent accuracy on the held-out messages for that model;
- latency p50/p95 and throughput through Rasa's REST webhook with the action server, at 1 and 20
  concurrent conversations, each a distinct sender running a scripted multi-turn conversation;
- peak resident memory (VmHWM) of the Rasa server process.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Tuple

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import servers  # noqa: E402
from tests.nlu import evaluate  # noqa: E402

CONVERSATIONS = [
    ("en", ["hi", "what happened?", "when did it happen", "am I affected?", "which data did they get",
            "what should I do now", "thanks, bye"]),
    ("de", ["Hallo", "Was ist passiert?", "Bin ich betroffen?", "Ist mein Konto sicher?",
            "Was soll ich tun?", "danke, tschüss"]),
]


def train(config: Path, out: Path) -> Tuple[float, Path]:
    """Train a model with an empty cache; return (seconds, model path)."""
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).with_name("rasa")), "train", "--config", str(config), "--domain",
             "bot/domain", "--data", "data/nlu", "data/rules", "--out", str(out),
             "--fixed-model-name", "bench"],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**__import__("os").environ, "RASA_CACHE_DIRECTORY": cache, "RASA_TELEMETRY_ENABLED": "false"},
        )
        return time.perf_counter() - started, out / "bench.tar.gz"


async def run_load(bot: servers.Servers, concurrency: int, total_messages: int) -> Tuple[List[float], float, int]:
    """Run conversations until ``total_messages`` were sent; return (latencies s, wall s, errors)."""
    latencies: List[float] = []
    errors = 0
    sent = 0
    headers = {"Authorization": f"Bearer {bot.rasa_token}"}
    url = f"{bot.rasa_url}/webhooks/rest/webhook"

    async def conversation(session: aiohttp.ClientSession, number: int) -> None:
        nonlocal errors, sent
        language, lines = CONVERSATIONS[number % len(CONVERSATIONS)]
        sender = f"bench-{concurrency}-{number}"
        for line in lines:
            if sent >= total_messages:
                return
            sent += 1
            started = time.perf_counter()
            try:
                async with session.post(url, headers=headers, json={
                        "sender": sender, "message": line, "metadata": {"language": language}}) as reply:
                    body = await reply.json()
                    if reply.status != 200 or not body:
                        errors += 1
            except aiohttp.ClientError:
                errors += 1
            latencies.append(time.perf_counter() - started)

    async def worker(session: aiohttp.ClientSession, first: int) -> None:
        number = first
        while sent < total_messages:
            await conversation(session, number)
            number += concurrency

    started = time.perf_counter()
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(worker(session, index) for index in range(concurrency)))
    return latencies, time.perf_counter() - started, errors


def peak_memory_mb(pid: int) -> float:
    """Peak resident set size of ``pid`` in MiB (Linux /proc VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: List[float], share: float) -> float:
    """The ``share`` quantile (0..1) of ``values``."""
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else values[0]


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--skip-train", action="store_true", help="use models/breach-assistant.tar.gz")
    parser.add_argument("--messages", type=int, default=400, help="messages per concurrency level")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.skip_train:
            model = ROOT / "models" / "breach-assistant.tar.gz"
            print(f"model: {model} (training not measured)")
        else:
            seconds, model = train(args.config, workdir / "models")
            print(f"config: {args.config.name}; cold training time: {seconds:.0f} s")
        outcomes = evaluate.classify(evaluate.load_agent(model),
                                     [(text, intent, language) for language in evaluate.HELDOUT
                                      for text, intent in evaluate.heldout_examples(language)])
        print(f"held-out accuracy: classifier {evaluate.accuracy(outcomes):.3f}, "
              f"answered right {evaluate.accuracy(outcomes, answered=True):.3f} ({len(outcomes)} messages)")
        bot = servers.start(model, workdir, {})
        try:
            bot.say("warm-up", "hello", "en")
            for concurrency, total in ((1, max(args.messages // 4, 20)), (20, args.messages)):
                latencies, wall, errors = asyncio.run(run_load(bot, concurrency, total))
                print(f"{concurrency:>3} concurrent conversations: {len(latencies)} messages in {wall:.1f} s = "
                      f"{len(latencies) / wall:.1f} msg/s; latency p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
                      f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms; errors {errors}")
            print(f"Rasa server peak memory: {peak_memory_mb(bot.processes[1].pid):.0f} MiB; "
                  f"action server: {peak_memory_mb(bot.processes[0].pid):.0f} MiB")
        finally:
            bot.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
