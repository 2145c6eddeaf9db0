#!/usr/bin/env python3
"""A real webhook bot against `tgperf serve`: python-telegram-bot 13's start_webhook.

Starts `tgperf serve` on an ephemeral port with a backlog of messages over several chats, runs a
python-telegram-bot 13 Updater in webhook mode (its own tornado server on a free loopback port,
setWebhook with a plain-http loopback URL), echoes every text, and checks the emulator's JSON
ledger: every message answered exactly once, nothing unmatched.
Exit 77 (ctest SKIP_RETURN_CODE) when python-telegram-bot is not importable.

Usage: ptb_webhook_test.py TGPERF_BINARY [MESSAGES] [CHATS]
"""
import json
import logging
import socket
import subprocess
import sys
import threading
import warnings

warnings.simplefilter("ignore")  # PTB 13 warns about Debian's unbundled urllib3
try:
    import telegram
    from telegram.ext import Filters, MessageHandler, Updater
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"SKIP: python-telegram-bot is not installed ({error})")
    sys.exit(77)

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
SECRET = TOKEN.split(":", 1)[1]
TIME_LIMIT_S = 120


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    binary = sys.argv[1]
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    chats = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    print(f"python-telegram-bot {telegram.__version__} webhook, {messages} messages over {chats} chats")

    server = subprocess.Popen(
        [binary, "serve", "--listen", "127.0.0.1:0", "--messages", str(messages), "--chats", str(chats),
         "--token", TOKEN, "--exit-when-done", "--duration", f"{TIME_LIMIT_S}s", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killer = threading.Timer(TIME_LIMIT_S + 30, server.kill)  # never hang the test suite
    killer.start()
    updater = None
    try:
        banner = server.stderr.readline()
        print(banner.strip())
        if "http://" not in banner:
            print("FAIL: no base URL in the banner")
            return 1
        base_url = banner[banner.index("http://"):].split()[0]

        def echo(update, context):
            update.message.reply_text(update.message.text)

        logging.basicConfig(level=logging.WARNING)
        updater = Updater(TOKEN, base_url=base_url + "/bot", workers=8)
        updater.dispatcher.add_handler(MessageHandler(Filters.text & ~Filters.command, echo, run_async=True))
        port = free_loopback_port()
        updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                              webhook_url=f"http://127.0.0.1:{port}/hook", max_connections=10)

        stdout, stderr = server.communicate(timeout=TIME_LIMIT_S + 20)
        logging.getLogger("telegram").setLevel(logging.CRITICAL)
    finally:
        killer.cancel()
        if updater is not None:
            updater.stop()
        if server.poll() is None:
            server.kill()

    output = stdout + stderr
    if SECRET in output:
        print("FAIL: the token's secret appeared in tgperf's output")
        return 1
    ledger = json.loads(stdout)
    print(json.dumps({k: ledger[k] for k in ("messages", "answered", "duplicates", "unanswered", "unmatched",
                                              "redeliveries", "seconds", "throughput_per_s", "latency_ms")},
                     indent=1))
    failures = []
    if server.returncode != 0:
        failures.append(f"tgperf serve exited {server.returncode}")
    # Re-deliveries are allowed: setWebhook can start the deliveries a moment before PTB's server
    # listens (refused, retried after 1 s, as Telegram does). A reply to each is still due only once.
    for key, want in (("messages", messages), ("answered", messages), ("duplicates", 0), ("unanswered", 0),
                      ("unmatched", 0)):
        if ledger[key] != want:
            failures.append(f"{key} {ledger[key]} != {want}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
