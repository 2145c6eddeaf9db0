// The asyncio-style echo bot: one thread, one EventLoop, the long poll and every reply in flight
// together. The same PollPolicy as the blocking Updater decides offsets, waits and errors; the
// replies are EventLoopReplier's, shared with the webhook's async bot.
#include <chrono>
#include <optional>
#include <vector>

#include "bot/echo_bot_modes.hpp"
#include "tgperf/bot/client_update_source.hpp"
#include "tgperf/bot/event_loop.hpp"
#include "tgperf/bot/event_loop_replier.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/core/stoppable_wait.hpp"

namespace tgperf::bot::detail {

namespace {

// Every request ends within the bot's request timeout (a poll: plus its long-poll wait).
http::TransportOptions transport_for(const EchoBotOptions& options) {
  http::TransportOptions transport;
  transport.max_time = std::chrono::duration_cast<std::chrono::milliseconds>(options.request_timeout);
  return transport;
}

class EventLoopEchoBot {
 public:
  EventLoopEchoBot(const EchoBotOptions& options, const HandledObserver& on_handled,
                   const PollingObserver& on_polling)
      : options_(options),
        endpoint_(options.api_url, options.token),
        loop_(std::max<std::size_t>(options.inflight, 1), transport_for(options)),
        replier_(loop_, endpoint_, options.ordered, on_handled),
        policy_(options.polling),
        on_polling_(on_polling) {}

  EchoBotResult run(std::stop_token outer) {
    // Our own stop source: a fatal polling error ends the loop as an outer stop request does.
    std::stop_callback forward(outer, [this] { internal_.request_stop(); });
    poll();
    loop_.run(internal_.get_token(), [this, &outer] {
      stopping_ = true;
      replier_.stop();
      if (outer.stop_requested()) {
        // The caller stopped the bot: the poll and every reply in flight are abandoned now.
        loop_.cancel_all();
      } else if (poll_id_) {
        // Polling ended by itself (a fatal error): the replies under way still finish.
        loop_.cancel(*poll_id_);
      }
    });
    EchoBotResult result;
    result.polling = policy_.result();
    if (!stop_reason_) {
      result.polling.reason = UpdaterResult::Reason::stop_requested;
      if (policy_.options().confirm_on_stop && result.polling.delivered > 0) confirm();
    } else {
      result.polling.reason = *stop_reason_;
    }
    result.replied = replier_.replied();
    result.failed = replier_.failed();
    return result;
  }

 private:
  void poll() {
    const auto& o = policy_.options();
    auto request = botapi::encode(endpoint_, botapi::get_updates(policy_.offset(), o.limit, o.poll_timeout),
                                  botapi::Encoding::json);
    // Unlimited: the long poll must never queue behind replies.
    poll_id_ = loop_.submit(std::move(request), [this](const http::Response& r) { on_polled(r); },
                            /*limited=*/false);
  }

  void on_polled(const http::Response& response) {
    poll_id_.reset();
    if (stopping_) return;  // cancelled by the stop: nothing in it was delivered or confirmed
    const PollResult poll = poll_result(botapi::interpret(response, endpoint_));
    // Handing over = taking the update into this bot's own queue, which cannot fail; the replies
    // start right after the next poll is on its way, so the poll never waits behind 100 sends
    // being set up (one getUpdates round trip per batch is the intake limit of long polling).
    std::vector<ReplyJob> fresh;
    const auto step = policy_.handle(poll, [&fresh](const botapi::Update& u) {
      if (auto job = reply_job_for(u)) fresh.push_back(std::move(*job));
    });
    if (step.event && on_polling_) on_polling_(*step.event);
    if (step.stop) {
      stop_reason_ = step.stop;
      internal_.request_stop();
    } else if (step.wait > std::chrono::milliseconds::zero()) {
      loop_.schedule(step.wait, [this] { this->poll(); });
    } else {
      this->poll();
    }
    for (auto& job : fresh) replier_.hand_over(std::move(job));
  }

  // Tells the server what was delivered, as the blocking Updater does on a clean stop.
  void confirm() {
    try {
      botapi::ClientOptions client_options;
      client_options.transport = transport_for(options_);
      botapi::Client client(endpoint_, client_options);
      // Bounded: a server that does not answer cannot hold up a bot the user stopped.
      const StopAfter limit(kConfirmLimit);
      client.get_updates(policy_.offset(), 1, std::chrono::seconds(0), limit.token());
    } catch (const std::exception&) {
      // Best effort: the updates will be offered again to the next poller, and the echo bot is
      // stopping anyway.
    }
  }

  const EchoBotOptions& options_;
  botapi::Endpoint endpoint_;
  EventLoop loop_;
  EventLoopReplier replier_;  // the replies: sends, retries, ordered queues, counts
  PollPolicy policy_;
  const PollingObserver& on_polling_;
  std::stop_source internal_;
  std::optional<EventLoop::TransferId> poll_id_;
  bool stopping_ = false;
  std::optional<UpdaterResult::Reason> stop_reason_;
};

}  // namespace

EchoBotResult run_event_loop_echo_bot(const EchoBotOptions& options, std::stop_token stop,
                                      const HandledObserver& on_handled, const PollingObserver& on_polling) {
  EventLoopEchoBot bot(options, on_handled, on_polling);
  return bot.run(stop);
}

}  // namespace tgperf::bot::detail
