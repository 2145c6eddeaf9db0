#pragma once
// The two implementations behind run_echo_bot (private to the bot module).
#include "tgperf/bot/echo_bot.hpp"

namespace tgperf::bot::detail {

// sync and threaded: an Updater thread, a Dispatcher, blocking keep-alive clients.
EchoBotResult run_blocking_echo_bot(const EchoBotOptions& options, std::stop_token stop,
                                    const HandledObserver& on_handled, const PollingObserver& on_polling);
// async: one EventLoop thread does the polling and every reply.
EchoBotResult run_event_loop_echo_bot(const EchoBotOptions& options, std::stop_token stop,
                                      const HandledObserver& on_handled, const PollingObserver& on_polling);

}  // namespace tgperf::bot::detail
