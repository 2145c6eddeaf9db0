#!/usr/bin/env python3
"""A real client against `tgperf serve`: python-telegram-bot 13's threaded echo bot.

Starts `tgperf serve` on an ephemeral port with a backlog of messages over several chats, points a
python-telegram-bot 13 Updater at it (base_url), echoes every text with run_async=True on a worker
pool, and checks the emulator's JSON ledger: every message answered exactly once, nothing unmatched.
Exit 77 (ctest SKIP_RETURN_CODE) when python-telegram-bot is not importable.

Usage: PYTHONPATH=tests/support ptb_echo_test.py TGPERF_BINARY [MESSAGES] [CHATS]
"""
import sys

from tgperf_harness import judge, messages_and_chats, serving
from ptb_echo_bot import VERSION, echo_updater


def main() -> int:
    binary = sys.argv[1]
    messages, chats = messages_and_chats(sys.argv[2:])
    print(f"python-telegram-bot {VERSION}, {messages} messages over {chats} chats")
    with serving(binary, messages, chats) as run:
        with echo_updater(run.base_url) as updater:
            updater.start_polling(timeout=5)
            run.finish()
    return judge(run, messages, also_show=("latency_ms",))


if __name__ == "__main__":
    sys.exit(main())
