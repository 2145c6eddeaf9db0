#include "tgperf/bot/updater.hpp"

#include <condition_variable>
#include <mutex>

namespace tgperf::bot {

namespace {

// Sleeps unless stop is requested first; false when woken by stop.
bool wait_unless_stopped(std::stop_token& stop, std::chrono::milliseconds duration) {
  if (duration <= std::chrono::milliseconds::zero()) return !stop.stop_requested();
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  return !cv.wait_for(lock, stop, duration, [] { return false; });
}

}  // namespace

Updater::Updater(UpdateSource& source, Deliver deliver, UpdaterOptions options, Observer observer)
    : source_(source),
      deliver_(std::move(deliver)),
      options_(options),
      observer_(std::move(observer)) {}

UpdaterResult Updater::run(std::stop_token stop) {
  PollPolicy policy(options_);
  const auto& options = policy.options();
  while (!stop.stop_requested()) {
    const PollResult poll =
        source_.get_updates(policy.offset(), options.limit, options.poll_timeout, stop);
    if (poll.status == PollResult::Status::cancelled) break;
    // A stop ends the batch: what was not handed over yet stays unconfirmed for the next poller,
    // instead of a stopping bot working through up to 100 more updates.
    const auto step = policy.handle(poll, deliver_, [&stop] { return !stop.stop_requested(); });
    if (step.event && observer_) observer_(*step.event);
    if (step.stop) {
      policy.result().reason = *step.stop;
      return policy.result();
    }
    if (!wait_unless_stopped(stop, step.wait)) break;
  }
  auto result = policy.result();
  result.reason = UpdaterResult::Reason::stop_requested;
  if (options.confirm_on_stop && result.delivered > 0) {
    // A fresh stop token: the caller's has fired, but this short call must still go out.
    source_.get_updates(result.next_offset, 1, std::chrono::seconds(0), std::stop_token{});
  }
  return result;
}

}  // namespace tgperf::bot
