#pragma once
// Long polling, as python-telegram-bot's Updater: getUpdates in a loop, each update handed to the
// dispatcher, offsets confirmed only afterwards.
//
// The offset sent with a getUpdates call confirms every update with a lower id to the server. The
// updater raises its offset past an update only after `deliver` returned for it, so an update
// that was received but not yet handed over (a crash, Ctrl-C, a throwing deliver) is served again
// by the next getUpdates instead of being silently dropped.
//
// Failures: network errors back off exponentially (initial..max, reset after a success); 429
// waits the server's retry_after; 409 (another getUpdates running, or a webhook set) backs off and
// retries, or stops when `stop_on_conflict`; 401 and 404 (wrong token or API URL) stop at once —
// retrying cannot help. All waits end early when stop is requested.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

#include "tgperf/bot/poll_policy.hpp"
#include "tgperf/bot/update_source.hpp"

namespace tgperf::bot {

class Updater {
 public:
  using Deliver = std::function<void(const botapi::Update&)>;
  using Observer = std::function<void(const UpdaterEvent&)>;

  Updater(UpdateSource& source, Deliver deliver, UpdaterOptions options = {},
          Observer observer = nullptr);

  // Polls until `stop` is requested or a failure ends polling; blocks the calling thread.
  // If `deliver` throws, the update is not confirmed and run() ends with delivery_failed
  // (the exception is not rethrown; its message is in last_error).
  UpdaterResult run(std::stop_token stop);

 private:
  UpdateSource& source_;
  Deliver deliver_;
  UpdaterOptions options_;
  Observer observer_;
};

}  // namespace tgperf::bot
