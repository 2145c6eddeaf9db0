"""The python-telegram-bot 13 echo bot both PTB tests run, polling (ptb_echo_test.py) or behind
start_webhook (ptb_webhook_test.py): every text echoed with run_async=True on a pool of 8 workers.

Importing it skips the test (exit 77, ctest SKIP_RETURN_CODE) where python-telegram-bot is missing.

Run as a program it is the PTB row of tests/perf/echo_peers.py: the same bot polling BASE_URL on a
pool of WORKERS until killed.
Usage: PYTHONPATH=tests/support ptb_echo_bot.py BASE_URL [WORKERS]
"""
import contextlib
import logging
import sys
import warnings
from typing import Callable, Iterator, Sequence

from tgperf_harness import TOKEN, judge, messages_and_chats, serving, skip

warnings.simplefilter("ignore")  # PTB 13 warns about Debian's unbundled urllib3
try:
    import telegram
    from telegram.ext import Filters, MessageHandler, Updater
except ImportError as error:  # pragma: no cover - depends on the machine
    skip(f"python-telegram-bot is not installed ({error})")

VERSION = telegram.__version__


def _echo(update, context) -> None:
    update.message.reply_text(update.message.text)


@contextlib.contextmanager
def echo_updater(base_url: str, workers: int = 8) -> Iterator[Updater]:
    """An Updater against the emulator at `base_url`, its echo handler added and run_async on a pool of
    `workers`; the caller starts it (start_polling or start_webhook). Stopped on the way out."""
    logging.basicConfig(level=logging.WARNING)
    updater = Updater(TOKEN, base_url=base_url + "/bot", workers=workers)
    updater.dispatcher.add_handler(MessageHandler(Filters.text & ~Filters.command, _echo, run_async=True))
    try:
        yield updater
        # The emulator is gone now: the updater's last poll failing is expected, not news.
        logging.getLogger("telegram").setLevel(logging.CRITICAL)
    finally:
        updater.stop()


def run_echo_test(mode: str, start: Callable[[Updater], None], also_show: Sequence[str]) -> int:
    """The test for one way of receiving updates: serve, the echo bot started by `start`, the ledger
    judged once serve has exited. Arguments: TGPERF_BINARY [MESSAGES] [CHATS]."""
    binary = sys.argv[1]
    messages, chats = messages_and_chats(sys.argv[2:])
    print(f"python-telegram-bot {VERSION}{mode}, {messages} messages over {chats} chats")
    with serving(binary, messages, chats) as run:
        with echo_updater(run.base_url) as updater:
            start(updater)
            run.finish()
    return judge(run, messages, also_show=also_show)


def poll_until_killed(argv: Sequence[str]) -> int:
    """The benchmark's PTB bot: polls BASE_URL (argv[1]) with WORKERS (argv[2], default 8) workers
    until a signal ends it."""
    base_url = argv[1]
    workers = int(argv[2]) if len(argv) > 2 else 8
    with echo_updater(base_url, workers) as updater:
        updater.start_polling(timeout=5)
        updater.idle()
    return 0


if __name__ == "__main__":
    sys.exit(poll_until_killed(sys.argv))
