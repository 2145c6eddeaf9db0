#!/usr/bin/env python3
"""A real webhook bot against `tgperf serve`: python-telegram-bot 13's start_webhook.

Starts `tgperf serve` on an ephemeral port with a backlog of messages over several chats, runs a
python-telegram-bot 13 Updater in webhook mode (its own tornado server on a free loopback port,
setWebhook with a plain-http loopback URL), echoes every text, and checks the emulator's JSON
ledger: every message answered exactly once, nothing unmatched. Re-deliveries are allowed (they are
shown, not judged): setWebhook can start the deliveries a moment before PTB's server listens
(refused, retried after 1 s, as Telegram does); a reply to each is still due only once.
Exit 77 (ctest SKIP_RETURN_CODE) when python-telegram-bot is not importable.

Usage: PYTHONPATH=tests/support ptb_webhook_test.py TGPERF_BINARY [MESSAGES] [CHATS]
"""
import sys

from ptb_echo_bot import run_echo_test
from tgperf_harness import free_loopback_port


def start_webhook(updater) -> None:
    port = free_loopback_port()
    updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                          webhook_url=f"http://127.0.0.1:{port}/hook", max_connections=10)


if __name__ == "__main__":
    sys.exit(run_echo_test(" webhook", start_webhook, also_show=("latency_ms", "redeliveries")))
