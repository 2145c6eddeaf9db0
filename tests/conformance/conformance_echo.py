#!/usr/bin/env python3
"""Real clients against `tgperf serve`: each an echo bot that must answer every message exactly once.

Clients:
  telebot         Go telebot v3 (Debian's golang-gopkg-telebot.v3-dev), built here with GO111MODULE=off.
                  It POSTs every call as JSON: getMe's body is `null`, numbers are strings.
  telebot-webhook the same bot in webhook mode: telebot's Webhook poller calls setWebhook (with a
                  secret token) and serves the emulator's deliveries on a loopback port.
  curl-form       curl, application/x-www-form-urlencoded bodies (--data-urlencode)
  curl-json       curl, application/json bodies with numbers as numbers
  curl-multipart  curl, multipart/form-data bodies (--form-string)
  curl-query      curl, GET with every parameter in the query string
  curl-chunked    curl, JSON bodies sent chunked, numbers as strings, with Expect: 100-continue

Starts `tgperf serve` on an ephemeral port with a backlog of MESSAGES messages over CHATS chats,
runs the client until the emulator exits (--exit-when-done) and checks its JSON ledger: every
message answered once, no duplicates, nothing unmatched, and the token's secret never printed.
Exit 77 (ctest SKIP_RETURN_CODE) when the client's tools are missing.

Usage: PYTHONPATH=tests/support conformance_echo.py CLIENT TGPERF_BINARY [MESSAGES] [CHATS]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from tgperf_harness import TOKEN, ServeRun, free_loopback_port, judge, messages_and_chats, redact, serving, skip

HERE = os.path.dirname(os.path.abspath(__file__))
GOPATH = "/usr/share/gocode"  # Debian's tree of Go library sources
TELEBOT_SOURCE = os.path.join(GOPATH, "src", "gopkg.in", "telebot.v3")


def build_telebot(workdir: str) -> str:
    """The Go echo bot from tests/conformance/telebot_echo, compiled offline against Debian's telebot."""
    if shutil.which("go") is None:
        skip("go is not installed (apt-get install golang-go)")
    if not os.path.isdir(TELEBOT_SOURCE):
        skip(f"{TELEBOT_SOURCE} is missing (apt-get install golang-gopkg-telebot.v3-dev)")
    binary = os.path.join(workdir, "telebot_echo")
    env = dict(os.environ, GO111MODULE="off", GOPATH=GOPATH, GOFLAGS="",
               GOCACHE=os.environ.get("TGPERF_GOCACHE", os.path.join(workdir, "gocache")))
    build = subprocess.run(["go", "build", "-o", binary, "."], cwd=os.path.join(HERE, "telebot_echo"), env=env,
                           capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stdout + build.stderr)
        raise SystemExit("FAIL: go build of the telebot echo bot failed")
    return binary


class CurlBot:
    """An echo bot whose every HTTP call is curl with one body encoding; one curl run per poll's replies."""

    def __init__(self, encoding: str, base_url: str, server: subprocess.Popen):
        if shutil.which("curl") is None:
            skip("curl is not installed")
        self.encoding = encoding
        self.api = f"{base_url}/bot{TOKEN}/"
        self.server = server
        self.failures = []

    def _request(self, method: str, params: dict) -> list:
        """curl arguments for one call (without the leading `curl`)."""
        url = self.api + method
        if self.encoding == "curl-form":
            return [url] + [a for k, v in params.items() for a in ("--data-urlencode", f"{k}={v}")]
        if self.encoding == "curl-query":
            return ["-G", url] + [a for k, v in params.items() for a in ("--data-urlencode", f"{k}={v}")]
        if self.encoding == "curl-multipart":
            return [url] + [a for k, v in params.items() for a in ("--form-string", f"{k}={v}")]
        if self.encoding == "curl-json":
            return [url, "-H", "Content-Type: application/json", "--data-binary", json.dumps(params)]
        if self.encoding == "curl-chunked":
            as_strings = {k: str(v) for k, v in params.items()}
            return [url, "-H", "Content-Type: application/json", "-H", "Transfer-Encoding: chunked",
                    "-H", "Expect: 100-continue", "--data-binary", json.dumps(as_strings)]
        raise SystemExit(f"unknown client {self.encoding}")

    def server_done(self) -> bool:
        """Whether the emulator has exited, or is exiting: with --exit-when-done it closes its port
        once every message is answered, and under a sanitizer its exit can take a few seconds more."""
        try:
            self.server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return False
        return True

    def _curl(self, calls: list) -> list:
        """Runs the calls in one curl process (keep-alive between them); returns (status, body) pairs."""
        args = ["curl", "-sS", "--max-time", "30", "-w", "\n%{http_code}\n"]
        for i, (method, params) in enumerate(calls):
            if i:
                args.append("--next")
                args += ["-sS", "--max-time", "30", "-w", "\n%{http_code}\n"]
            args += self._request(method, params)
        run = subprocess.run(args, capture_output=True, text=True)
        lines = run.stdout.split("\n")
        answers = []
        # Each answer is a one-line JSON body, then the status on its own line.
        for i in range(0, len(lines) - 1, 2):
            answers.append((lines[i + 1], lines[i]))
        # Once the emulator is done (all answered), a refused connection is the end, not a failure.
        if (run.returncode != 0 or len(answers) != len(calls)) and not self.server_done():
            self.failures.append(f"curl exited {run.returncode}: {redact(run.stderr.strip())}")
        return answers

    def run(self) -> None:
        server = self.server
        offset = 0
        while server.poll() is None:
            [(status, body)] = self._curl([("getUpdates", {"offset": offset, "timeout": 1})]) or [("", "")]
            if status != "200":
                if not self.server_done():
                    self.failures.append(f"getUpdates answered {status}: {redact(body)}")
                return
            updates = json.loads(body)["result"]
            if not updates:
                continue
            offset = updates[-1]["update_id"] + 1
            replies = [("sendMessage", {"chat_id": u["message"]["chat"]["id"], "text": u["message"]["text"]})
                       for u in updates if "message" in u]
            for status, body in self._curl(replies):
                if status != "200" and server.poll() is None:
                    self.failures.append(f"sendMessage answered {status}: {redact(body)}")


def main() -> int:
    client = sys.argv[1]
    binary = sys.argv[2]
    messages, chats = messages_and_chats(sys.argv[3:])
    print(f"{client}: {messages} messages over {chats} chats")
    workdir = tempfile.mkdtemp(prefix="tgperf-conformance-")
    try:
        bot_binary = build_telebot(workdir) if client.startswith("telebot") else None
        with serving(binary, messages, chats) as run:
            started = time.monotonic()
            if bot_binary:
                failures = run_telebot(client, bot_binary, workdir, run)
            else:
                curl_bot = CurlBot(client, run.base_url, run.process)
                curl_bot.run()
                run.finish()
                failures = curl_bot.failures
            print(f"client ran {time.monotonic() - started:.1f} s")
        return judge(run, messages, failures)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_telebot(client: str, bot_binary: str, workdir: str, run: ServeRun) -> list:
    """Runs the Go bot until serve exits; the failures it showed (serve's output is in `run`)."""
    failures = []
    token_file = os.path.join(workdir, "token")
    with open(token_file, "w") as f:
        f.write(TOKEN)
    bot_args = [bot_binary, run.base_url, token_file]
    if client == "telebot-webhook":
        bot_args.append(f"127.0.0.1:{free_loopback_port()}")
    bot = subprocess.Popen(bot_args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # The bot runs until the emulator has seen every answer; a bot that dies first has failed
        # (telebot exits at once when its getMe is refused).
        server = run.process
        while server.poll() is None and bot.poll() is None:
            time.sleep(0.05)
        if server.poll() is None:
            failures.append(f"the bot exited {bot.returncode} before answering every message")
            server.terminate()  # the ledger of a SIGTERMed serve still says what was answered
        run.finish()
    finally:
        bot.kill()
        bot_output = bot.communicate()[0]
        if bot.returncode not in (0, -9):
            failures.append(f"the bot exited {bot.returncode}: {redact(bot_output.strip())}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
