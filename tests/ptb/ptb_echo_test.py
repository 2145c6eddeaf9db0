#!/usr/bin/env python3
"""A real client against `tgperf serve`: python-telegram-bot 13's threaded echo bot.

Starts `tgperf serve` on an ephemeral port with a backlog of messages over several chats, points a
python-telegram-bot 13 Updater at it (base_url), echoes every text with run_async=True on a worker
pool, and checks the emulator's JSON ledger: every message answered exactly once, nothing unmatched.
Exit 77 (ctest SKIP_RETURN_CODE) when python-telegram-bot is not importable.

Usage: PYTHONPATH=tests/support ptb_echo_test.py TGPERF_BINARY [MESSAGES] [CHATS]
"""
import sys

from ptb_echo_bot import run_echo_test


def start_polling(updater) -> None:
    updater.start_polling(timeout=5)


if __name__ == "__main__":
    sys.exit(run_echo_test("", start_polling, also_show=("latency_ms",)))
