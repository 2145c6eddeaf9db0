#include "tgperf/emulator/ledger.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tgperf/core/plural.hpp"
#include "tgperf/core/significant_digits.hpp"

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
  answered_changed_.notify_all();
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
  answered_changed_.notify_all();
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

void Ledger::count_redelivery() {
  std::lock_guard lock(mutex_);
  ++redeliveries_;
}

LedgerReport Ledger::report(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  LedgerReport r;
  r.faults = faults_;
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
  return answered_changed_.wait_until(lock, deadline, [this] {
    const std::size_t scheduled = entries_.size() + expected_later_;
    return scheduled > 0 && answered_ == scheduled;
  });
}

nlohmann::json to_json(const LedgerReport& r) {
  nlohmann::json latency = nullptr;
  if (r.latency_ms) {
    const auto& s = *r.latency_ms;
    latency = {{"count", s.count}, {"min", s.min}, {"avg", s.avg}, {"p50", s.p50},
               {"p90", s.p90},     {"p99", s.p99}, {"max", s.max}};
  }
  nlohmann::json histogram = nlohmann::json::array();
  for (const auto& b : r.histogram) {
    histogram.push_back({{"le_ms", b.upper_ms ? nlohmann::json(*b.upper_ms) : nlohmann::json(nullptr)},
                         {"count", b.count}});
  }
  const auto& f = r.faults;
  const nlohmann::json faults = {{"server_errors", f.server_errors},
                                 {"resets", f.resets},
                                 {"drops", f.drops},
                                 {"stalls", f.stalls},
                                 {"rate_limited", f.rate_limited},
                                 {"outages", f.outages},
                                 {"outage_cuts", f.outage_cuts},
                                 {"unacknowledged_replies", f.unacknowledged_replies}};
  return {{"scheduled", r.scheduled},
          {"messages", r.messages},
          {"answered", r.answered},
          {"duplicates", r.duplicates},
          {"unanswered", r.unanswered},
          {"unmatched", r.unmatched},
          {"out_of_order", r.out_of_order},
          {"replies", r.replies},
          {"seconds", r.seconds},
          {"throughput_per_s", r.throughput_per_s},
          {"latency_ms", latency},
          {"histogram", histogram},
          {"faults", faults},
          {"redeliveries", r.redeliveries}};
}

std::string format_fault_counts(const FaultCounts& f) {
  std::string out;
  auto add = [&out](std::size_t n, std::string_view what) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", n, what);
  };
  add(f.server_errors, "5xx");
  add(f.resets, "reset before the answer");
  add(f.drops, "dropped mid-response");
  add(f.stalls, "stalled");
  add(f.rate_limited, "429");
  add(f.outages, f.outages == 1 ? "outage" : "outages");
  add(f.outage_cuts, "connections cut by an outage");
  return out.empty() ? std::string("none") : out;
}

std::string format_ledger(const LedgerReport& r) {
  std::string out;
  auto line = [&out](std::string_view name, const std::string& value) {
    out += fmt::format("  {:<16} {}\n", name, value);
  };
  out += "Ledger\n";
  line("messages", fmt::format("{} offered of {} scheduled", r.messages, r.scheduled));
  line("answered", std::to_string(r.answered));
  line("unanswered", std::to_string(r.unanswered));
  line("duplicates", std::to_string(r.duplicates));
  line("unmatched", std::to_string(r.unmatched));
  line("out of order", std::to_string(r.out_of_order));
  line("seconds", fmt::format("{:.3f}", r.seconds));
  line("throughput", with_significant_digits(r.throughput_per_s) + " replies/s");
  if (r.faults.any()) {
    line("faults injected", format_fault_counts(r.faults));
    if (r.faults.unacknowledged_replies > 0 || r.duplicates > 0) {
      line("", fmt::format("{} lost (a retry of one is a duplicate)",
                           counted(static_cast<std::int64_t>(r.faults.unacknowledged_replies),
                                   "executed sendMessage answer")));
    }
  }
  if (r.redeliveries > 0) {
    line("re-deliveries", fmt::format("{} webhook deliveries of an update sent before (a reply to one is a duplicate)",
                                      r.redeliveries));
  }
  if (r.latency_ms) {
    const auto& s = *r.latency_ms;
    line("latency ms", fmt::format("p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  max {:.2f}  (min {:.2f}, avg {:.2f})",
                                   s.p50, s.p90, s.p99, s.max, s.min, s.avg));
    std::size_t peak = 0;
    for (const auto& b : r.histogram) peak = std::max(peak, b.count);
    for (const auto& b : r.histogram) {
      if (b.count == 0) continue;
      const std::string label = b.upper_ms ? fmt::format("<= {:g} ms", *b.upper_ms) : std::string("> 10000 ms");
      const auto width = static_cast<std::size_t>(std::lround(30.0 * static_cast<double>(b.count) /
                                                              static_cast<double>(peak)));
      out += fmt::format("    {:>11} {:>7} {}\n", label, b.count, std::string(std::max<std::size_t>(width, 1), '#'));
    }
  } else {
    line("latency ms", "none (nothing answered)");
  }
  return out;
}

}  // namespace tgperf::emulator
