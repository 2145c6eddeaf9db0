#!/usr/bin/env python3
"""Echo throughput of a compiled peer next to tgperf's own echo bot (a benchmark, not a test).

Each bot answers the same backlog served by `tgperf serve` with the same settings (zero latency, a
fresh emulator per run so that every bot meets an identical, empty server), one bot at a time:

  telebot             Go telebot v3 echo bot (tests/conformance/telebot_echo), one goroutine per update
  tgperf async        tgperf echo-bot --mode async --inflight 64
  tgperf threaded     tgperf echo-bot --mode threaded --workers 16

The figure is the emulator's ledger throughput: answered messages over the time from the backlog's
first delivery to the last first reply (bot start-up excluded). The median of --runs runs is printed
with the spread. Needs go and golang-gopkg-telebot.v3-dev for the telebot row (skipped otherwise).

Usage: echo_peers.py TGPERF_BINARY [--messages N] [--chats K] [--runs R]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(HERE, "..", "support"))  # tgperf_harness, which conformance_echo imports
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
import conformance_echo  # noqa: E402  (the telebot build and the test token)

TOKEN = conformance_echo.TOKEN


def one_run(binary: str, bot_command: list, messages: int, chats: int) -> float:
    server = subprocess.Popen(
        [binary, "serve", "--listen", "127.0.0.1:0", "--messages", str(messages), "--chats", str(chats),
         "--token", TOKEN, "--exit-when-done", "--duration", "300s", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = server.stderr.readline()
        base_url = banner[banner.index("http://"):].split()[0]
        bot = subprocess.Popen([arg.replace("{url}", base_url) for arg in bot_command],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            stdout, _ = server.communicate(timeout=320)
        finally:
            bot.kill()
            bot.wait()
    finally:
        if server.poll() is None:
            server.kill()
    ledger = json.loads(stdout)
    if ledger["answered"] != messages or ledger["duplicates"] != 0:
        raise SystemExit(f"a run did not answer every message once: {ledger}")
    return ledger["throughput_per_s"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="tgperf-echo-peers-")
    try:
        token_file = os.path.join(workdir, "token")
        with open(token_file, "w") as f:
            f.write(TOKEN)
        peers = []
        try:
            telebot = conformance_echo.build_telebot(workdir)
            peers.append(("telebot v3 (Go)", [telebot, "{url}", token_file]))
        except SystemExit as skipped:  # build_telebot exits 77 when go or telebot is missing
            print(f"telebot row skipped ({skipped})", file=sys.stderr)
        common = [args.binary, "echo-bot", "--token-file", token_file, "--api-url", "{url}", "--quiet",
                  "--max-updates", str(args.messages), "--poll-timeout", "5"]
        peers.append(("tgperf async 64", common + ["--mode", "async", "--inflight", "64"]))
        peers.append(("tgperf threaded 16", common + ["--mode", "threaded", "--workers", "16"]))

        print(f"{args.messages} messages over {args.chats} chats, zero latency, median of {args.runs} runs")
        print(f"{'bot':<22}{'msg/s':>10}   runs")
        for name, command in peers:
            figures = [one_run(args.binary, command, args.messages, args.chats) for _ in range(args.runs)]
            runs = " ".join(f"{x:.0f}" for x in figures)
            print(f"{name:<22}{statistics.median(figures):>10.0f}   {runs}", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
