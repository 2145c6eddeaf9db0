"""What every real-client echo test against `tgperf serve` shares (tests/ptb, tests/conformance).

A test starts the emulator with `serving(...)`, points its client at `run.base_url`, waits for the
emulator to exit (`run.finish()`: --exit-when-done ends it once every message is answered) and hands
the result to `judge(...)`: the token's secret never printed, the ledger saying every message was
answered exactly once and nothing unmatched, serve's exit code 0.

Imported through PYTHONPATH=tests/support (set in the ctest registration, tests/CMakeLists.txt); by
hand: PYTHONPATH=tests/support python3 tests/ptb/ptb_echo_test.py build/tgperf
"""
import contextlib
import json
import socket
import subprocess
import sys
import threading
from typing import Iterable, Iterator, NoReturn, Optional, Sequence, Tuple

# A well-formed token; its secret half must never appear in anything tgperf prints.
TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
SECRET = TOKEN.split(":", 1)[1]
# serve's own --duration; the test is killed a little after it in any case (never hang the suite).
TIME_LIMIT_S = 120
# Automake's "skipped", mapped by SKIP_RETURN_CODE in tests/CMakeLists.txt.
SKIP_EXIT_CODE = 77
# The ledger figures every test prints; a test may add its own (latency_ms, redeliveries).
LEDGER_SHOWN = ("messages", "answered", "duplicates", "unanswered", "unmatched", "seconds", "throughput_per_s")


def skip(reason: str) -> NoReturn:
    """Ends the test as skipped (ctest reports it so): a tool this test needs is missing."""
    print(f"SKIP: {reason}")
    sys.exit(SKIP_EXIT_CODE)


def redact(text: str) -> str:
    """The text with the token's secret replaced, for quoting a client's output in a failure."""
    return text.replace(SECRET, "***")


def free_loopback_port() -> int:
    """A loopback port nothing listens on now, for a webhook bot to take."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def messages_and_chats(args: Sequence[str]) -> Tuple[int, int]:
    """The optional [MESSAGES] [CHATS] arguments every test takes after the binary (300 over 30)."""
    messages = int(args[0]) if len(args) > 0 else 300
    chats = int(args[1]) if len(args) > 1 else 30
    return messages, chats


class ServeRun:
    """A running `tgperf serve`: its base URL, then (after finish()) its output and exit code."""

    def __init__(self, process: subprocess.Popen, base_url: str):
        self.process = process
        self.base_url = base_url
        self.stdout = ""
        self.stderr = ""

    def finish(self) -> None:
        """Waits for serve to exit and keeps its output."""
        self.stdout, self.stderr = self.process.communicate(timeout=TIME_LIMIT_S + 20)

    @property
    def returncode(self) -> Optional[int]:
        return self.process.returncode


@contextlib.contextmanager
def serving(binary: str, messages: int, chats: int) -> Iterator[ServeRun]:
    """`tgperf serve` on an ephemeral loopback port with a backlog of MESSAGES over CHATS chats.

    Yields once its banner named the base URL; killed on the way out if it is still running, and
    killed regardless after TIME_LIMIT_S + 30 s so that a hung client cannot hang the suite."""
    process = subprocess.Popen(
        [binary, "serve", "--listen", "127.0.0.1:0", "--messages", str(messages), "--chats", str(chats),
         "--token", TOKEN, "--exit-when-done", "--duration", f"{TIME_LIMIT_S}s", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killer = threading.Timer(TIME_LIMIT_S + 30, process.kill)
    killer.start()
    try:
        banner = process.stderr.readline()
        print(banner.strip())
        if "http://" not in banner:
            raise SystemExit("FAIL: no base URL in the banner")
        yield ServeRun(process, banner[banner.index("http://"):].split()[0])
    finally:
        killer.cancel()
        if process.poll() is None:
            process.kill()
            process.communicate()


def judge(run: ServeRun, messages: int, failures: Iterable[str] = (), also_show: Sequence[str] = ()) -> int:
    """The test's exit code: 0 when serve printed no secret, exited 0 and its ledger says all MESSAGES
    were answered once with nothing unmatched, and the client reported no `failures` of its own.
    Prints the ledger's figures (LEDGER_SHOWN and `also_show`) and every failure."""
    if SECRET in run.stdout + run.stderr:
        print("FAIL: the token's secret appeared in tgperf's output")
        return 1
    failures = list(failures)
    try:
        ledger = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(f"FAIL: serve printed no JSON ledger (exit {run.returncode}): {run.stdout[:400]!r} {run.stderr[:400]!r}")
        return 1
    print(json.dumps({k: ledger.get(k) for k in (*LEDGER_SHOWN, *also_show)}, indent=1))
    if run.returncode != 0:
        failures.append(f"tgperf serve exited {run.returncode}")
    for key, want in (("messages", messages), ("answered", messages), ("duplicates", 0), ("unanswered", 0),
                      ("unmatched", 0)):
        if ledger.get(key) != want:
            failures.append(f"{key} {ledger.get(key)} != {want}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0
