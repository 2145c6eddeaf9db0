// A grammY echo bot driven by @grammyjs/runner: the grammY row of echo_peers.py (a benchmark).
//
// `run(bot)` with the runner's defaults (concurrent handling, up to 500 updates in flight, getUpdates
// batches of up to 100); every text is answered with itself through ctx.reply. It polls the Bot API
// at the base URL it is given (grammY's client.apiRoot) until killed.
//
// grammy and @grammyjs/runner come from npm into a directory outside the source tree; echo_peers.py
// runs this file with NODE_PATH set to that directory's node_modules (require() honours NODE_PATH).
//
// Usage: NODE_PATH=DIR/node_modules node grammy_echo.cjs BASE_URL TOKEN_FILE
// (the token comes from a file so that it never appears in a process listing)
"use strict";

const fs = require("fs");
const { Bot } = require("grammy");
const { run } = require("@grammyjs/runner");

if (process.argv.length !== 4) {
  console.error("usage: grammy_echo.cjs BASE_URL TOKEN_FILE");
  process.exit(2);
}
const [apiRoot, tokenFile] = process.argv.slice(2);
const bot = new Bot(fs.readFileSync(tokenFile, "utf8").trim(), { client: { apiRoot } });
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
// A failed reply is reported, not fatal: the emulator's ledger judges what was answered.
bot.catch((error) => console.error("grammy_echo:", error.message));
run(bot);
