#pragma once
// The echo bot: every text message is answered with sendMessage of the same text to the same chat.
// One bot, three dispatch models (DispatchMode); echo-bench measures them, `tgperf echo-bot` runs
// one against a real Bot API, a local Bot API server or the emulator.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <utility>

#include "tgperf/bot/dispatch_mode.hpp"
#include "tgperf/bot/poll_policy.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/duration.hpp"

namespace tgperf::bot {

struct EchoBotOptions {
  explicit EchoBotOptions(botapi::Token bot_token) : token(std::move(bot_token)) {}

  std::string api_url = "https://api.telegram.org";  // root; requests go to <root>/bot<token>/<method>
  botapi::Token token;
  DispatchMode mode = DispatchMode::threaded;
  std::size_t workers = 4;     // threaded: worker threads, each with its own keep-alive connection
  std::size_t inflight = 64;   // async: requests in flight at most
  bool ordered = false;        // one chat's replies one after another, in update order
  UpdaterOptions polling{};
  // Longest wait for one answer (libcurl's max time, connect included): a stalled server must not
  // hang the bot. getUpdates gets its long-poll timeout on top of it.
  Duration request_timeout = std::chrono::seconds(10);
};

// One answered (or failed) update, as the bot saw it.
struct HandledUpdate {
  std::int64_t update_id = 0;
  std::int64_t chat_id = 0;
  Duration handling{0};  // from the handler's start to sendMessage's answer (queueing excluded)
  bool ok = false;
  std::string error;     // when !ok: the API's description or the transport error (token redacted)
};

struct EchoBotResult {
  UpdaterResult polling;
  std::size_t replied = 0;
  std::size_t failed = 0;
};

using HandledObserver = std::function<void(const HandledUpdate&)>;  // called from handler threads
using PollingObserver = std::function<void(const UpdaterEvent&)>;

// Runs until `stop` fires or polling ends with an error. A stop ends polling at once and abandons
// the replies in flight or queued (they are counted neither as replied nor as failed); when
// polling ends by itself, the pending replies are finished before it returns.
EchoBotResult run_echo_bot(const EchoBotOptions& options, std::stop_token stop,
                           const HandledObserver& on_handled = nullptr,
                           const PollingObserver& on_polling = nullptr);

}  // namespace tgperf::bot
