#include "tgperf/bot/poll_policy.hpp"

#include <algorithm>
#include <exception>

#include "tgperf/bot/update_fields.hpp"

namespace tgperf::bot {

using std::chrono::milliseconds;

PollPolicy::PollPolicy(const UpdaterOptions& options)
    : options_(options), backoff_(options.backoff_initial) {
  options_.limit = std::clamp(options_.limit, 1, 100);
  result_.next_offset = options_.initial_offset;
}

// Waits the current backoff, then doubles it for next time (up to the cap).
PollPolicy::Step PollPolicy::backoff_step(UpdaterEvent::Kind kind, const std::string& description) {
  Step step;
  step.wait = backoff_;
  step.event = UpdaterEvent{kind, description, backoff_};
  backoff_ = std::min(backoff_ * 2, options_.backoff_max);
  return step;
}

PollPolicy::Step PollPolicy::handle(const PollResult& poll, const Deliver& deliver,
                                    const std::function<bool()>& keep_going) {
  ++result_.polls;
  if (poll.status == PollResult::Status::network_error) {
    ++result_.network_errors;
    result_.last_error = poll.description;
    return backoff_step(UpdaterEvent::Kind::network_error, poll.description);
  }
  if (poll.status == PollResult::Status::api_error) {
    result_.last_error = poll.description;
    if (poll.error_code == 429) {
      ++result_.rate_limited;
      // Telegram's retry_after is a minimum; without one, fall back to our own backoff.
      if (!poll.retry_after) return backoff_step(UpdaterEvent::Kind::rate_limited, poll.description);
      Step step;
      step.wait = milliseconds(*poll.retry_after);
      step.event = UpdaterEvent{UpdaterEvent::Kind::rate_limited, poll.description, step.wait};
      return step;
    }
    if (poll.error_code == 409) {
      ++result_.conflicts;
      if (!options_.stop_on_conflict) return backoff_step(UpdaterEvent::Kind::conflict, poll.description);
      Step step;
      step.stop = UpdaterResult::Reason::conflict;
      step.event = UpdaterEvent{UpdaterEvent::Kind::conflict, poll.description, milliseconds(0)};
      return step;
    }
    if (poll.error_code == 401 || poll.error_code == 404) {
      Step step;
      step.stop = UpdaterResult::Reason::fatal_error;
      step.event = UpdaterEvent{UpdaterEvent::Kind::fatal_error, poll.description, milliseconds(0)};
      return step;
    }
    // 5xx and anything unexpected: transient as far as we can tell.
    ++result_.network_errors;
    return backoff_step(UpdaterEvent::Kind::network_error, poll.description);
  }

  backoff_ = options_.backoff_initial;
  for (const auto& update : poll.updates) {
    const std::int64_t id = update_id_of(update);
    if (id < result_.next_offset) continue;  // already delivered: never hand it over twice
    if (keep_going && !keep_going()) break;
    try {
      deliver(update);
    } catch (const std::exception& e) {
      result_.last_error = e.what();
      Step step;
      step.stop = UpdaterResult::Reason::delivery_failed;
      return step;  // not confirmed: served again to the next poller
    } catch (...) {
      result_.last_error = "unknown exception while delivering an update";
      Step step;
      step.stop = UpdaterResult::Reason::delivery_failed;
      return step;
    }
    ++result_.delivered;
    result_.next_offset = id + 1;  // confirmed to the server by the next getUpdates
  }
  return Step{};
}

}  // namespace tgperf::bot
