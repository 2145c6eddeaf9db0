#pragma once
// The three ways the echo bot can dispatch updates, as the wiki contrasts them.
#include <string>
#include <string_view>

namespace tgperf::bot {

enum class DispatchMode {
  sync,      // one thread: poll, then each handler in turn (python-telegram-bot's default)
  threaded,  // handlers run_async on a WorkerPool of N threads, each with its own keep-alive client
  async,     // one event-loop thread keeps up to M requests in flight on a curl multi handle
};

std::string_view to_string(DispatchMode mode);
// "sync", "threaded" or "async" (also "thread"/"threads", "event-loop"); UsageError otherwise.
DispatchMode parse_dispatch_mode(std::string_view text);

}  // namespace tgperf::bot
