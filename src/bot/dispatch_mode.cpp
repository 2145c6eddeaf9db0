#include "tgperf/bot/dispatch_mode.hpp"

#include "tgperf/core/usage_error.hpp"

namespace tgperf::bot {

std::string_view to_string(DispatchMode mode) {
  switch (mode) {
    case DispatchMode::sync: return "sync";
    case DispatchMode::threaded: return "threaded";
    case DispatchMode::async: return "async";
  }
  return "?";
}

DispatchMode parse_dispatch_mode(std::string_view text) {
  if (text == "sync" || text == "sequential") return DispatchMode::sync;
  if (text == "threaded" || text == "thread" || text == "threads") return DispatchMode::threaded;
  if (text == "async" || text == "event-loop" || text == "eventloop") return DispatchMode::async;
  throw UsageError("unknown dispatch mode '" + std::string(text) +
                   "' (expected sync, threaded or async)");
}

}  // namespace tgperf::bot
