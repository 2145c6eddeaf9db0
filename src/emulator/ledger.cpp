#include "tgperf/emulator/ledger.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace tgperf::emulator {
namespace {

constexpr std::string_view kMarker = "tgperf#";
// Histogram bounds in ms: 1-2-5 steps from 1 ms to 10 s, then everything slower.
constexpr std::array<double, 13> kBucketBounds{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

}  // namespace

std::string payload_marker(std::uint64_t sequence) {
  return std::string(kMarker) + std::to_string(sequence);
}

std::optional<std::uint64_t> find_payload_marker(std::string_view text) {
  for (auto pos = text.find(kMarker); pos != std::string_view::npos; pos = text.find(kMarker, pos + 1)) {
    const auto digits = text.substr(pos + kMarker.size());
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc{} && end != digits.data()) return value;
  }
  return std::nullopt;
}

std::uint64_t Ledger::offer(std::int64_t bot, std::int64_t chat_id, std::int64_t message_id,
                            Clock::time_point available_at) {
  std::lock_guard lock(mutex_);
  auto& chat = chats_[ChatKey{bot, chat_id}];
  entries_.push_back(Entry{bot, chat_id, message_id, chat.offered++, available_at, std::nullopt, 0});
  const std::uint64_t sequence = entries_.size();
  chat.by_message_id[message_id] = sequence;
  if (expected_later_ > 0) --expected_later_;
  if (!first_available_ || available_at < *first_available_) first_available_ = available_at;
  // No notify: an offer adds an unanswered update (or takes the place of an expected one), so it
  // cannot make "every scheduled update answered" become true.
  return sequence;
}

void Ledger::expect(std::size_t count) {
  std::lock_guard lock(mutex_);
  expected_later_ += count;
}

void Ledger::record(const Reply& reply) {
  std::lock_guard lock(mutex_);
  ++replies_;
  std::optional<std::uint64_t> sequence = find_payload_marker(reply.text);
  const auto chat_it = chats_.find(ChatKey{reply.bot, reply.chat_id});
  if (!sequence && reply.reply_to_message_id && chat_it != chats_.end()) {
    const auto it = chat_it->second.by_message_id.find(*reply.reply_to_message_id);
    if (it != chat_it->second.by_message_id.end()) sequence = it->second;
  }
  if (!sequence || *sequence == 0 || *sequence > entries_.size()) {
    ++unmatched_;
    return;
  }
  Entry& entry = entries_[*sequence - 1];
  if (entry.bot != reply.bot || entry.chat_id != reply.chat_id || chat_it == chats_.end()) {
    ++unmatched_;
    return;
  }
  ++entry.replies;
  if (entry.answered_at) {
    ++duplicates_;
    return;
  }
  entry.answered_at = reply.received_at;
  ++answered_;
  auto& progress = chat_it->second;
  if (progress.highest_answered && *progress.highest_answered > entry.index_in_chat) {
    ++out_of_order_;
  } else {
    progress.highest_answered = entry.index_in_chat;
  }
  if (!last_answer_ || reply.received_at > *last_answer_) last_answer_ = reply.received_at;
  // Wake the waiter only when its predicate has become true: a notify per answer woke it (and
  // cost a futex call) on every reply for nothing. The waiter checks the predicate under this lock.
  if (all_answered_locked()) answered_changed_.notify_all();
}

void Ledger::count_fault(FaultKind kind) {
  std::lock_guard lock(mutex_);
  switch (kind) {
    case FaultKind::server_error: ++faults_.server_errors; break;
    case FaultKind::reset: ++faults_.resets; break;
    case FaultKind::drop: ++faults_.drops; break;
    case FaultKind::stall: ++faults_.stalls; break;
    case FaultKind::rate_limit: ++faults_.rate_limited; break;
  }
}

void Ledger::count_outage(std::size_t connections_cut) {
  std::lock_guard lock(mutex_);
  ++faults_.outages;
  faults_.outage_cuts += connections_cut;
}

void Ledger::count_unacknowledged_reply() {
  std::lock_guard lock(mutex_);
  ++faults_.unacknowledged_replies;
}

void Ledger::count_flood_refusal(FloodLimit limit) {
  std::lock_guard lock(mutex_);
  switch (limit) {
    case FloodLimit::chat: ++flood_.chat_limited; break;
    case FloodLimit::bot: ++flood_.bot_limited; break;
  }
}

void Ledger::count_early_retry() {
  std::lock_guard lock(mutex_);
  ++flood_.early_retries;
}

void Ledger::count_redelivery() {
  std::lock_guard lock(mutex_);
  ++redeliveries_;
}

namespace {
// The methods the emulator serves, as the Bot API spells them (matched case-insensitively).
constexpr std::array<std::string_view, 8> kLedgerMethods = {"getMe",         "getUpdates",     "sendMessage",
                                                            "setWebhook",    "deleteWebhook",  "getWebhookInfo",
                                                            "logOut",        "close"};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

void Ledger::count_method(std::string_view method) {
  for (std::size_t i = 0; i < kLedgerMethods.size(); ++i) {
    if (equal_ignoring_case(method, kLedgerMethods[i])) {
      method_calls_[i].fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
}

LedgerReport Ledger::report(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  LedgerReport r;
  for (std::size_t i = 0; i < kLedgerMethods.size(); ++i) {
    r.methods[std::string(kLedgerMethods[i])] = method_calls_[i].load(std::memory_order_relaxed);
  }
  r.faults = faults_;
  r.flood = flood_;
  r.redeliveries = redeliveries_;
  r.messages = entries_.size();
  r.scheduled = entries_.size() + expected_later_;
  r.answered = answered_;
  r.duplicates = duplicates_;
  r.unanswered = r.messages - answered_;
  r.unmatched = unmatched_;
  r.out_of_order = out_of_order_;
  r.replies = replies_;

  std::vector<double> samples;
  samples.reserve(answered_);
  for (const auto& e : entries_) {
    if (e.answered_at) samples.push_back(std::max(0.0, to_ms(*e.answered_at - e.available_at)));
  }
  // Summaries take samples in arrival order (for jitter): entries are in availability order,
  // which for one stream is the order users sent them.
  r.latency_ms = stats::summarize(samples);
  r.histogram.reserve(kBucketBounds.size() + 1);
  for (double bound : kBucketBounds) r.histogram.push_back(LatencyBucket{bound, 0});
  r.histogram.push_back(LatencyBucket{std::nullopt, 0});
  for (double s : samples) {
    std::size_t i = 0;
    while (i < kBucketBounds.size() && s > kBucketBounds[i]) ++i;
    ++r.histogram[i].count;
  }

  if (first_available_) {
    const bool done = r.all_answered();
    const Clock::time_point end = done && last_answer_ ? *last_answer_ : now;
    r.seconds = std::max(0.0, to_seconds(end - *first_available_));
    r.throughput_per_s = r.seconds > 0 ? static_cast<double>(answered_) / r.seconds : 0;
  }
  return r;
}

bool Ledger::wait_until_answered(Clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return answered_changed_.wait_until(lock, deadline, [this] { return all_answered_locked(); });
}

bool Ledger::all_answered_locked() const {
  const std::size_t scheduled = entries_.size() + expected_later_;
  return scheduled > 0 && answered_ == scheduled;
}

}  // namespace tgperf::emulator
