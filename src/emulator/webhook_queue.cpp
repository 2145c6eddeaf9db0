#include "tgperf/emulator/webhook_queue.hpp"
#include "tgperf/core/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace tgperf::emulator {

WebhookQueue::WebhookQueue(int max_connections, WebhookBackoff backoff)
    : max_connections_(std::max(max_connections, 1)), backoff_(backoff) {}

void WebhookQueue::count_waiting(std::int64_t chat) { ++waiting_per_chat_[chat]; }

void WebhookQueue::uncount_waiting(std::int64_t chat) {
  const auto it = waiting_per_chat_.find(chat);
  if (it != waiting_per_chat_.end() && --it->second == 0) waiting_per_chat_.erase(it);
}

void WebhookQueue::push(Update update, Clock::time_point now) {
  count_waiting(update.chat_id);
  waiting_.push_back(Entry{std::move(update), 0, {}, now});
}

std::optional<WebhookQueue::Delivery> WebhookQueue::next(Clock::time_point now) {
  if (static_cast<int>(sending_.size()) >= max_connections_) return std::nullopt;
  // Chats met so far whose oldest waiting update cannot go (busy, or not due): their later updates
  // wait behind it. Once every waiting chat is among them, nothing further can go.
  std::unordered_set<std::int64_t> held;
  for (auto it = waiting_.begin(); it != waiting_.end() && held.size() < waiting_per_chat_.size(); ++it) {
    const std::int64_t chat = it->update.chat_id;
    if (held.contains(chat)) continue;
    if (busy_chats_.contains(chat) || it->due > now) {
      held.insert(chat);
      continue;
    }
    Entry entry = std::move(*it);
    waiting_.erase(it);
    uncount_waiting(chat);
    busy_chats_.insert(chat);
    Delivery delivery{entry.update, entry.failures + 1};
    sending_.push_back(std::move(entry));
    return delivery;
  }
  return std::nullopt;
}

void WebhookQueue::acknowledge(std::int64_t update_id) {
  const auto it = std::find_if(sending_.begin(), sending_.end(),
                               [&](const Entry& e) { return e.update.update_id == update_id; });
  if (it == sending_.end()) return;
  busy_chats_.erase(it->update.chat_id);
  sending_.erase(it);
}

std::chrono::milliseconds WebhookQueue::fail(std::int64_t update_id, Clock::time_point now,
                                             std::optional<std::chrono::seconds> retry_after) {
  const auto it = std::find_if(sending_.begin(), sending_.end(),
                               [&](const Entry& e) { return e.update.update_id == update_id; });
  if (it == sending_.end()) return std::chrono::milliseconds(0);
  Entry entry = std::move(*it);
  sending_.erase(it);
  busy_chats_.erase(entry.update.chat_id);
  // Telegram: the first failure waits the initial delay, each further one twice the last, capped.
  entry.delay = entry.failures == 0 ? backoff_.initial : std::min(backoff_.max, entry.delay * 2);
  ++entry.failures;
  const auto wait = retry_after && retry_after->count() > 0
                        ? std::chrono::duration_cast<std::chrono::milliseconds>(*retry_after)
                        : entry.delay;
  entry.due = now + wait;
  // Back to its place by update_id, so it stays ahead of its chat's later updates.
  const auto place = std::find_if(waiting_.begin(), waiting_.end(), [&](const Entry& e) {
    return e.update.update_id > entry.update.update_id;
  });
  count_waiting(entry.update.chat_id);
  waiting_.insert(place, std::move(entry));
  return wait;
}

std::optional<WebhookQueue::Clock::time_point> WebhookQueue::next_due() const {
  // Only the oldest waiting update of a chat with nothing out can be next; the rest wait behind it.
  // And nothing can go while every connection is out (else the delivery loop would spin on a due
  // update it has no connection for).
  if (static_cast<int>(sending_.size()) >= max_connections_) return std::nullopt;
  std::optional<Clock::time_point> earliest;
  std::unordered_set<std::int64_t> seen;
  for (auto it = waiting_.begin(); it != waiting_.end() && seen.size() < waiting_per_chat_.size(); ++it) {
    if (!seen.insert(it->update.chat_id).second || busy_chats_.contains(it->update.chat_id)) continue;
    if (!earliest || it->due < *earliest) earliest = it->due;
  }
  return earliest;
}

std::vector<WebhookQueue::Update> WebhookQueue::take_all() {
  std::vector<Update> out;
  for (auto& e : sending_) out.push_back(std::move(e.update));
  for (auto& e : waiting_) out.push_back(std::move(e.update));
  std::sort(out.begin(), out.end(), [](const Update& a, const Update& b) { return a.update_id < b.update_id; });
  sending_.clear();
  waiting_.clear();
  busy_chats_.clear();
  waiting_per_chat_.clear();
  return out;
}

std::string wrong_response_message(long http_status) {
  const char* reason = "Unknown";
  switch (http_status) {
    case 301: reason = "Moved Permanently"; break;
    case 302: reason = "Found"; break;
    case 400: reason = "Bad Request"; break;
    case 401: reason = "Unauthorized"; break;
    case 403: reason = "Forbidden"; break;
    case 404: reason = "Not Found"; break;
    case 405: reason = "Method Not Allowed"; break;
    case 408: reason = "Request Timeout"; break;
    case 409: reason = "Conflict"; break;
    case 410: reason = "Gone"; break;
    case 413: reason = "Payload Too Large"; break;
    case 429: reason = "Too Many Requests"; break;
    case 500: reason = "Internal Server Error"; break;
    case 501: reason = "Not Implemented"; break;
    case 502: reason = "Bad Gateway"; break;
    case 503: reason = "Service Unavailable"; break;
    case 504: reason = "Gateway Timeout"; break;
    default: break;
  }
  return "Wrong response from the webhook: " + std::to_string(http_status) + " " + reason;
}

bool refused_in_webhook_reply(std::string_view method) {
  const std::string m = ascii_lower(method);
  return m.empty() || m.starts_with("get") || m == "setwebhook" || m == "deletewebhook" || m == "logout" ||
         m == "close";
}

}  // namespace tgperf::emulator
