#pragma once
// The echo replies of the event-loop ("async") bot, whatever brings it the updates: long polling
// (the polling async bot) or a webhook receiver posting them to the loop. Each reply is a
// sendMessage submitted to the EventLoop, so at most its max_inflight are on the wire at once;
// a failed one is retried as reply_retry.hpp says, on the loop's timers; with `ordered`, one chat's
// replies go one after another in hand-over order (a queue per chat, its front in flight).
//
// Loop thread only, like the EventLoop it submits to: hand_over from a completion, a timer or a
// posted function; replied(), failed() once the loop has returned.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include "tgperf/bot/echo_bot.hpp"
#include "tgperf/bot/event_loop.hpp"
#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/types.hpp"

namespace tgperf::bot {

// One reply to make: the text back to the chat it came from.
struct ReplyJob {
  std::int64_t update_id = 0;
  std::int64_t chat_id = 0;
  std::string text;
  // When the bot took the update: HandledUpdate::handling is measured from here.
  std::chrono::steady_clock::time_point handed_over{};
};

// The reply an update asks for: none unless it is a text message with a chat.
std::optional<ReplyJob> reply_job_for(const botapi::Update& update);

class EventLoopReplier {
 public:
  // `on_handled` (optional) runs on the loop thread for every reply that succeeded or gave up.
  EventLoopReplier(EventLoop& loop, botapi::Endpoint endpoint, bool ordered, HandledObserver on_handled = nullptr);

  // Starts the reply, or with `ordered` queues it behind the chat's reply in flight. Dropped once
  // stopping: a stopped bot starts nothing.
  void hand_over(ReplyJob job);
  // The bot is stopping: from now on a cancelled send is abandoned (counted neither as replied nor
  // as failed) and a failed one is not retried. Replies still under way finish unless the caller
  // cancels them (EventLoop::cancel_all).
  void stop() { stopping_ = true; }
  bool stopping() const { return stopping_; }

  std::size_t replied() const { return replied_; }
  std::size_t failed() const { return failed_; }

 private:
  void send(ReplyJob job, int attempt);
  void on_sent(ReplyJob job, int attempt, const http::Response& response);

  EventLoop& loop_;
  botapi::Endpoint endpoint_;
  bool ordered_;
  HandledObserver on_handled_;
  bool stopping_ = false;
  // ordered: the replies of each chat waiting for the one in flight (front) to finish.
  std::unordered_map<std::int64_t, std::deque<ReplyJob>> chat_queues_;
  std::size_t replied_ = 0;
  std::size_t failed_ = 0;
};

}  // namespace tgperf::bot
