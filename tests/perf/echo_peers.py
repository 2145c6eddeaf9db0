#!/usr/bin/env python3
"""Echo throughput of other frameworks' bots next to tgperf's own echo bot (a benchmark, not a test).

Each bot answers the same backlog served by `tgperf serve` with the same settings (zero latency, a
fresh emulator per run so that every bot meets an identical, empty server), one bot at a time:

  python-telegram-bot 13  tests/ptb/ptb_echo_bot.py: Updater(workers=4), the handler run_async=True
                          (Debian's python3-python-telegram-bot 13, run by --ptb-python)
  grammY runner           tests/perf/grammy_echo.cjs: grammy + @grammyjs/runner's run(bot), ctx.reply
                          (npm-installed into the run's temporary directory, removed afterwards,
                          or into / from --node-modules DIR to install once and reuse)
  telebot v3 (Go)         tests/conformance/telebot_echo, one goroutine per update
  tgperf async 64/256     tgperf echo-bot --mode async --inflight 64 / 256
  tgperf threaded 16/4    tgperf echo-bot --mode threaded --workers 16 / 4

A row whose tools are missing (python-telegram-bot, node/npm or the npm install, go/telebot) is
skipped with a message saying why.

The figure is the emulator's ledger throughput: answered messages over the time from the backlog's
first offer to the last first reply. The backlog is offered at the bot's first getUpdates, so bot
start-up (interpreter, imports, getMe, deleteWebhook) is excluded. Every run must answer every message
exactly once, else the benchmark stops.

Backlog size per bot: the bots differ several-fold in speed (on a 2-CPU machine: PTB about 1.3k msg/s,
tgperf about 7k), and a fast bot answering PTB's few-second backlog would be measured over a fraction
of a second, where its first poll and its last replies weigh as much as the steady state. So each
bot first answers a calibration backlog of --messages (3000; not counted), and its measured runs get
rate x --seconds (3 s) messages, rounded up to a thousand, never fewer than --messages nor more
than --max-messages (500000). A calibration run shorter than half of --seconds is repeated on the
backlog its rate asks for (at most three calibration runs), since a short run underrates a fast bot. Every measured run thus lasts about --seconds whatever the bot; the
table shows each row's backlog and seconds per run. The measured runs go in --runs rounds, every
row once per round (as serve_vs_nginx.py alternates), so that the machine's other load changing
during the benchmark hits every row alike. The median of a row's runs is printed with its spread
(half the range, as a share of the median) and every run.

CPU columns: the share of one core serve, the bot and every other process on the machine (others)
used over the measured window (from /proc/PID/stat and /proc/stat, sampled every 20 ms). Serve near
100% means the emulator, not the bot, sets the pace; others near the machine's cores minus serve and
bot means the machine was busy with something else and the row's figure is low by that much.

"tgperf ÷" is the tgperf async 256 median over the row's median (the reference row of issue #18,
whose targets are printed at the end: ≥ 30x python-telegram-bot 13, ≥ 6x grammY runner).

Usage: echo_peers.py TGPERF_BINARY [--messages N] [--seconds S] [--max-messages M] [--chats K]
                     [--runs R] [--only NAME,...] [--node-modules DIR] [--ptb-python PYTHON]
"""
import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from typing import List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
SUPPORT = os.path.join(HERE, "..", "support")
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, SUPPORT)  # tgperf_harness, which conformance_echo imports
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
import conformance_echo  # noqa: E402  (the telebot build)
from tgperf_harness import TOKEN, redact  # noqa: E402

REFERENCE = "tgperf async 256"
TARGETS = (("python-telegram-bot 13", "PTB", 30.0), ("grammY runner", "grammY runner", 6.0))
TICKS_PER_S = os.sysconf("SC_CLK_TCK")
NPM_PACKAGES = ("grammy", "@grammyjs/runner")
BOT_EXIT_GRACE_S = 10


class Row:
    """One bot of the table: how to start it against a base URL, and what it measured."""

    def __init__(self, name: str, command: List[str], env: Optional[dict] = None):
        self.name = name
        self.command = command  # "{url}" stands for serve's base URL
        self.env = env
        self.messages = 0
        self.figures: List[float] = []
        self.seconds: List[float] = []
        self.serve_cpu: List[float] = []
        self.bot_cpu: List[float] = []
        self.others_cpu: List[float] = []

    @property
    def median(self) -> float:
        return statistics.median(self.figures)


def cpu_seconds(pid: int) -> Optional[float]:
    """utime + stime of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S  # fields 14 and 15 of proc(5)


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine spent busy (not idle, not waiting for I/O) since boot."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in f.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_S


class CpuSampler(threading.Thread):
    """(monotonic time, serve CPU s, bot CPU s, machine busy s) every 20 ms until stopped, so that a
    run's CPU can be taken over its measured window alone (start-up excluded, as in the ledger's
    figure), and so can what the machine's other processes took meanwhile."""

    def __init__(self, serve_pid: int, bot_pid: int):
        super().__init__(daemon=True)
        self.pids = (serve_pid, bot_pid)
        self.samples: List[Tuple[float, float, float, float]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            serve, bot = (cpu_seconds(pid) for pid in self.pids)
            if serve is None or bot is None:
                return
            self.samples.append((time.monotonic(), serve, bot, machine_busy_seconds()))
            self.stopped.wait(0.02)

    def over_last(self, seconds: float) -> Tuple[float, float, float]:
        """Serve's, the bot's and every other process's CPU over the last `seconds` of the samples, in
        cores (1.0 = one core all the time)."""
        if len(self.samples) < 2 or seconds <= 0:
            return math.nan, math.nan, math.nan
        end = self.samples[-1]
        start = next((s for s in reversed(self.samples) if s[0] <= end[0] - seconds), self.samples[0])
        span = end[0] - start[0]
        if span <= 0:
            return math.nan, math.nan, math.nan
        serve, bot, machine = ((end[i] - start[i]) / span for i in (1, 2, 3))
        return serve, bot, max(0.0, machine - serve - bot)


def one_run(binary: str, row: Row, messages: int, chats: int, logdir: str) -> Tuple[float, float, float, float, float]:
    """One fresh serve answered by the row's bot: (msg/s, seconds, serve, bot and others' CPU in cores)."""
    server = subprocess.Popen(
        [binary, "serve", "--listen", "127.0.0.1:0", "--messages", str(messages), "--chats", str(chats),
         "--token", TOKEN, "--exit-when-done", "--duration", "300s", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    bot_log_path = os.path.join(logdir, "bot.log")
    try:
        banner = server.stderr.readline()
        if "http://" not in banner:
            raise SystemExit(f"serve printed no base URL: {redact(banner)!r}")
        base_url = banner[banner.index("http://"):].split()[0]
        with open(bot_log_path, "w") as bot_log:
            bot = subprocess.Popen([arg.replace("{url}", base_url) for arg in row.command], env=row.env,
                                   stdin=subprocess.DEVNULL, stdout=bot_log, stderr=subprocess.STDOUT)
        sampler = CpuSampler(server.pid, bot.pid)
        sampler.start()
        try:
            # serve exits by itself once every message is answered; a bot that dies first ends the run.
            stdout = None
            while stdout is None:
                try:
                    stdout, _ = server.communicate(timeout=0.5)
                except subprocess.TimeoutExpired:
                    if bot.poll() is not None:
                        # A bot that stops on its last answer exits a few ms before serve has seen
                        # it and written its ledger: only a serve still waiting well after means the
                        # bot left messages unanswered.
                        try:
                            stdout, _ = server.communicate(timeout=BOT_EXIT_GRACE_S)
                            break
                        except subprocess.TimeoutExpired:
                            pass
                        with open(bot_log_path) as log:
                            tail = redact(log.read()[-2000:])
                        raise SystemExit(f"{row.name} exited {bot.returncode} before answering the backlog:\n{tail}")
        finally:
            sampler.stopped.set()
            sampler.join()
            bot.kill()
            bot.wait()
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    ledger = json.loads(stdout)
    if ledger["answered"] != messages or ledger["duplicates"] != 0 or ledger["unmatched"] != 0:
        raise SystemExit(f"a {row.name} run did not answer every message once: "
                         + json.dumps({k: ledger.get(k) for k in ("messages", "answered", "duplicates", "unmatched")}))
    return (ledger["throughput_per_s"], ledger["seconds"], *sampler.over_last(ledger["seconds"]))


def ptb_row(python: str) -> Optional[Row]:
    """python-telegram-bot 13 through tests/ptb/ptb_echo_bot.py, or None (said why) without PTB."""
    check = subprocess.run([python, "-c", "import telegram; print(telegram.__version__)"], capture_output=True, text=True)
    if check.returncode != 0:
        print(f"python-telegram-bot row skipped: {python} cannot import telegram", file=sys.stderr)
        return None
    version = check.stdout.strip()
    if not version.startswith("13."):
        print(f"note: {python} has python-telegram-bot {version}, not 13", file=sys.stderr)
    env = dict(os.environ, PYTHONPATH=os.path.abspath(SUPPORT), PYTHONDONTWRITEBYTECODE="1")
    script = os.path.join(HERE, "..", "ptb", "ptb_echo_bot.py")
    return Row("python-telegram-bot 13", [python, script, "{url}", "4"], env)


def grammy_row(node_modules: Optional[str], workdir: str, token_file: str) -> Optional[Row]:
    """grammY + @grammyjs/runner through tests/perf/grammy_echo.cjs, npm-installed into `node_modules`
    (a directory holding node_modules/, or node_modules itself) or the work directory when not given.
    None (said why) when node or the install is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None:
        print("grammY row skipped: node is not installed", file=sys.stderr)
        return None
    place = os.path.abspath(node_modules) if node_modules else os.path.join(workdir, "npm")
    if os.path.isdir(os.path.join(place, "grammy")):  # the node_modules directory itself
        modules = place
    else:
        modules = os.path.join(place, "node_modules")
        if not all(os.path.isdir(os.path.join(modules, p)) for p in NPM_PACKAGES):
            if npm is None:
                print("grammY row skipped: npm is not installed", file=sys.stderr)
                return None
            print(f"npm install {' '.join(NPM_PACKAGES)} into {place} ...", file=sys.stderr, flush=True)
            try:
                os.makedirs(place, exist_ok=True)
                if not os.path.exists(os.path.join(place, "package.json")):
                    with open(os.path.join(place, "package.json"), "w") as f:
                        f.write('{"private": true}\n')
                install = subprocess.run([npm, "install", "--no-audit", "--no-fund", *NPM_PACKAGES], cwd=place,
                                         capture_output=True, text=True, timeout=300)
                failed = install.returncode != 0
                why = "\n".join((install.stderr + install.stdout).strip().splitlines()[:4])  # npm's code and reason
            except subprocess.TimeoutExpired:
                failed, why = True, "timed out after 300 s"
            except OSError as error:
                failed, why = True, str(error)
            if failed:
                print(f"grammY row skipped: npm install failed: {why}", file=sys.stderr)
                return None
    versions = []
    for package in NPM_PACKAGES:
        with open(os.path.join(modules, package, "package.json")) as f:
            versions.append(f"{package} {json.load(f)['version']}")
    print(f"grammY row: {', '.join(versions)} from {modules}", file=sys.stderr)
    env = dict(os.environ, NODE_PATH=modules)
    return Row("grammY runner", [node, os.path.join(HERE, "grammy_echo.cjs"), "{url}", token_file], env)


def backlog_for(rate: float, args) -> int:
    """Messages for a bot answering `rate` msg/s to take about --seconds (see the docstring)."""
    wanted = math.ceil(rate * args.seconds / 1000) * 1000
    return max(args.messages, min(args.max_messages, wanted))


def print_table(rows: List[Row], args) -> None:
    """The table of every measured row, then a line per target of issue #18."""
    reference = next((r for r in rows if r.name == REFERENCE), None)
    print(f"{args.chats} chats, zero latency, a fresh serve per run; each bot calibrated on {args.messages} "
          f"messages, then the median of {args.runs} rounds, a run of about {args.seconds:g} s per bot per round")
    header = (f"{'bot':<24}{'messages':>9}{'s/run':>7}{'msg/s':>9}{'spread':>8}{'serve CPU':>10}{'bot CPU':>9}{'others':>8}"
              f"{'tgperf ÷':>10}   runs (msg/s)")
    print(header)
    print("-" * len(header))
    for row in rows:
        spread = (max(row.figures) - min(row.figures)) / 2 / row.median
        ratio = f"{reference.median / row.median:.1f}x" if reference else "-"
        print(f"{row.name:<24}{row.messages:>9}{statistics.median(row.seconds):>7.2f}{row.median:>9.0f}"
              f"{f'±{spread:.0%}':>8}{f'{statistics.median(row.serve_cpu):.0%}':>10}"
              f"{f'{statistics.median(row.bot_cpu):.0%}':>9}{f'{statistics.median(row.others_cpu):.0%}':>8}{ratio:>10}   {' '.join(f'{x:.0f}' for x in row.figures)}")
    print(f"tgperf ÷ = {REFERENCE} median over the row's median; CPU over the measured window in % of one core "
          f"(others: every other process on this {os.cpu_count()}-CPU machine)")
    for name, short, target in TARGETS:
        peer = next((r for r in rows if r.name == name), None)
        if peer is None or reference is None:
            print(f"tgperf vs {short}: not measured (target ≥ {target:g}x)")
            continue
        ratio = reference.median / peer.median
        print(f"tgperf vs {short}: {ratio:.1f}x (target ≥ {target:g}x){'' if ratio >= target else ' NOT MET'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--messages", type=int, default=3000, help="calibration backlog, and every row's minimum")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long a measured run should last")
    parser.add_argument("--max-messages", type=int, default=500000)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="only the rows whose name has one of these comma-separated words (e.g. ptb,grammy,async 256)")
    parser.add_argument("--node-modules", help="reuse (or install grammy into) this directory")
    parser.add_argument("--ptb-python", default="/usr/bin/python3",
                        help="a Python with python-telegram-bot 13 (Debian's; a pyenv python3 lacks it)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)

    workdir = tempfile.mkdtemp(prefix="tgperf-echo-peers-")
    try:
        token_file = os.path.join(workdir, "token")
        with open(token_file, "w") as f:
            f.write(TOKEN)
        only = [w.strip().lower() for w in args.only.split(",")] if args.only else None

        def wanted(name: str) -> bool:
            return only is None or any(w in name.lower() for w in only)

        rows: List[Row] = []
        if wanted("python-telegram-bot 13 ptb"):
            rows += filter(None, [ptb_row(args.ptb_python)])
        if wanted("grammY runner"):
            rows += filter(None, [grammy_row(args.node_modules, workdir, token_file)])
        if wanted("telebot v3 (Go)"):
            try:
                telebot = conformance_echo.build_telebot(workdir)
                rows.append(Row("telebot v3 (Go)", [telebot, "{url}", token_file]))
            except SystemExit as skipped:  # build_telebot exits 77 when go or telebot is missing
                print(f"telebot row skipped ({skipped})", file=sys.stderr)
        common = [binary, "echo-bot", "--token-file", token_file, "--api-url", "{url}", "--quiet",
                  "--max-updates", "{messages}", "--poll-timeout", "5"]
        tgperf_rows = [Row(f"tgperf async {n}", common + ["--mode", "async", "--inflight", str(n)]) for n in (64, 256)]
        tgperf_rows += [Row(f"tgperf threaded {n}", common + ["--mode", "threaded", "--workers", str(n)]) for n in (16, 4)]
        rows += [r for r in tgperf_rows if wanted(r.name)]

        def run(row: Row, messages: int):
            command = [arg.replace("{messages}", str(messages)) for arg in row.command]
            return one_run(binary, Row(row.name, command, row.env), messages, args.chats, workdir)

        for row in rows:
            # A short calibration underrates a fast bot (its ramp-up weighs more): one that then runs
            # under half of --seconds is calibrated again on the longer backlog, at most twice more.
            row.messages = args.messages
            for _ in range(3):
                calibration_rate, calibration_seconds = run(row, row.messages)[:2]
                print(f"{row.name}: calibration {calibration_rate:.0f} msg/s on {row.messages} "
                      f"({calibration_seconds:.2f} s)", file=sys.stderr, flush=True)
                longer = backlog_for(calibration_rate, args)
                if calibration_seconds >= args.seconds / 2 or longer <= row.messages:
                    row.messages = max(row.messages, longer)
                    break
                row.messages = longer
        # Round by round, every row once per round: a change in the machine's other load hits every
        # row alike instead of one row's runs.
        for round_number in range(1, args.runs + 1):
            print(f"round {round_number}:", end="", file=sys.stderr, flush=True)
            for row in rows:
                rate, seconds, serve_cpu, bot_cpu, others_cpu = run(row, row.messages)
                row.figures.append(rate)
                row.seconds.append(seconds)
                row.serve_cpu.append(serve_cpu)
                row.bot_cpu.append(bot_cpu)
                row.others_cpu.append(others_cpu)
                print(f" {row.name} {rate:.0f}", end=";" if row is not rows[-1] else "\n", file=sys.stderr, flush=True)
        if not rows:
            print("no row to measure")
            return 1
        print_table(rows, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
