#include "tgperf/bot/updater.hpp"

#include "tgperf/core/stoppable_wait.hpp"

namespace tgperf::bot {

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
    if (!sleep_unless_stopped(stop, step.wait)) break;
  }
  auto result = policy.result();
  result.reason = UpdaterResult::Reason::stop_requested;
  if (options.confirm_on_stop && result.delivered > 0) {
    // A fresh stop token: the caller's has fired, but this short call must still go out; bounded,
    // so a server that does not answer cannot hold up a bot the user stopped.
    const StopAfter limit(kConfirmLimit);
    source_.get_updates(result.next_offset, 1, std::chrono::seconds(0), limit.token());
  }
  return result;
}

}  // namespace tgperf::bot
