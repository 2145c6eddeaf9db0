#include "tgperf/bot/event_loop_replier.hpp"

#include "tgperf/http/curl_codes.hpp"

#include "tgperf/bot/reply_retry.hpp"
#include "tgperf/bot/update_fields.hpp"
#include "tgperf/botapi/outcome.hpp"
#include "tgperf/botapi/request.hpp"

namespace tgperf::bot {

std::optional<ReplyJob> reply_job_for(const botapi::Update& update) {
  const auto chat = chat_id_of(update);
  const auto text = text_of(update);
  if (!chat || text.empty()) return std::nullopt;
  return ReplyJob{update_id_of(update), *chat, std::string(text), std::chrono::steady_clock::now()};
}

EventLoopReplier::EventLoopReplier(EventLoop& loop, botapi::Endpoint endpoint, bool ordered,
                                   HandledObserver on_handled)
    : loop_(loop), endpoint_(std::move(endpoint)), ordered_(ordered), on_handled_(std::move(on_handled)) {}

void EventLoopReplier::hand_over(ReplyJob job) {
  if (stopping_) return;
  if (!ordered_) {
    send(std::move(job), 1);
    return;
  }
  auto& queue = chat_queues_[job.chat_id];
  queue.push_back(std::move(job));
  if (queue.size() == 1) send(queue.front(), 1);  // otherwise it waits for the reply before it
}

void EventLoopReplier::send(ReplyJob job, int attempt) {
  auto request = botapi::encode(endpoint_, botapi::send_message(job.chat_id, job.text), botapi::Encoding::json);
  loop_.submit(std::move(request), [this, job = std::move(job), attempt](const http::Response& r) mutable {
    on_sent(std::move(job), attempt, r);
  });
}

void EventLoopReplier::on_sent(ReplyJob job, int attempt, const http::Response& response) {
  // Cancelled by the caller's stop: neither replied nor failed, left out of the counts.
  if (stopping_ && response.curl_code == http::curl_codes::kAbortedByCallback) return;
  HandledUpdate handled;
  handled.update_id = job.update_id;
  handled.chat_id = job.chat_id;
  // The sent message that comes back is not read: it is checked as JSON, not built.
  const botapi::Outcome outcome = botapi::interpret(response, endpoint_, botapi::ResultUse::discard);
  if (outcome.ok()) {
    handled.ok = true;
  } else {
    auto failure = classify_reply_failure(outcome, attempt);
    if (failure.retry_in && !stopping_) {
      loop_.schedule(*failure.retry_in, [this, job, attempt] { send(job, attempt + 1); });
      return;
    }
    handled.error = std::move(failure.description);
  }
  handled.handling = std::chrono::steady_clock::now() - job.handed_over;
  ++(handled.ok ? replied_ : failed_);
  if (on_handled_) on_handled_(handled);
  if (ordered_) {
    auto it = chat_queues_.find(job.chat_id);
    it->second.pop_front();
    if (it->second.empty()) {
      chat_queues_.erase(it);
    } else {
      send(it->second.front(), 1);
    }
  }
}

}  // namespace tgperf::bot
