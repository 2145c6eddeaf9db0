#include "tgperf/emulator/fault_model.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>

#include "tgperf/core/duration_flag.hpp"
#include "tgperf/core/usage_error.hpp"

namespace tgperf::emulator {
namespace {

constexpr std::array<unsigned, 4> kServerErrorMix{500, 502, 503, 504};

double parse_rate(std::string_view text, std::string_view whole) {
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    throw UsageError(fmt::format("--fault '{}': the rate must be a share like 0.1 or a percentage like 10%", whole));
  }
  if (percent) value /= 100;
  if (!(value > 0 && value <= 1)) {
    throw UsageError(fmt::format("--fault '{}': the rate must be above 0 and at most 1 (100%)", whole));
  }
  return value;
}

std::string percent(double rate) { return fmt::format("{:g}%", rate * 100); }

}  // namespace

std::string_view to_string(FaultKind kind) {
  switch (kind) {
    case FaultKind::server_error: return "5xx";
    case FaultKind::reset: return "reset";
    case FaultKind::drop: return "drop";
    case FaultKind::stall: return "stall";
    case FaultKind::rate_limit: return "429";
  }
  return "?";
}

FaultRule parse_fault_rule(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view kind = text.substr(0, colon);
  FaultRule rule;
  rule.rate = colon == std::string_view::npos ? kDefaultFaultRate : parse_rate(text.substr(colon + 1), text);
  if (kind == "5xx") {
    rule.kind = FaultKind::server_error;
  } else if (kind == "reset") {
    rule.kind = FaultKind::reset;
  } else if (kind == "drop") {
    rule.kind = FaultKind::drop;
  } else if (kind == "stall") {
    rule.kind = FaultKind::stall;
  } else if (kind == "429") {
    rule.kind = FaultKind::rate_limit;
  } else {
    unsigned code = 0;
    const auto [end, ec] = std::from_chars(kind.data(), kind.data() + kind.size(), code);
    if (kind.empty() || ec != std::errc{} || end != kind.data() + kind.size() || code < 500 || code > 599) {
      throw UsageError(fmt::format(
          "--fault '{}': the kind must be one of 5xx, 500-599, reset, drop, stall, 429 (e.g. drop:0.05)", text));
    }
    rule.kind = FaultKind::server_error;
    rule.status = code;
  }
  return rule;
}

OutageWindow parse_outage(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos) {
    throw UsageError(fmt::format("--outage '{}': expected LENGTH@START, e.g. 2s@3s (down 2 s from 3 s on)", text));
  }
  // Bare numbers are seconds; an outage past a day, or one starting after a month, is a typo.
  using namespace std::chrono_literals;
  OutageWindow window;
  window.length = parse_duration_flag(text.substr(0, at), {"--outage LENGTH", 24h, std::nullopt, true, true});
  window.start = parse_duration_flag(text.substr(at + 1), {"--outage START", 24h * 31, std::nullopt, false, true});
  return window;
}

std::string describe(const FaultRule& rule) {
  const std::string kind =
      rule.kind == FaultKind::server_error && rule.status != 0 ? std::to_string(rule.status) : std::string(to_string(rule.kind));
  return kind + " " + percent(rule.rate);
}

std::string describe(const FaultOptions& options) {
  if (!options.any()) return "none";
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  for (const auto& rule : options.rules) {
    std::string part = describe(rule);
    if (rule.kind == FaultKind::stall) part += " (held " + format_duration(options.stall_for) + ")";
    if (rule.kind == FaultKind::rate_limit) part += fmt::format(" (retry_after {})", options.retry_after_s);
    add(part);
  }
  for (const auto& w : options.outages) {
    add("outage " + format_duration(w.length) + " at " + format_duration(w.start));
  }
  return out;
}

void validate(const FaultOptions& options) {
  double total = 0;
  for (const auto& rule : options.rules) {
    if (!(rule.rate > 0 && rule.rate <= 1)) throw UsageError("--fault: each rate must be above 0 and at most 1");
    if (rule.kind == FaultKind::server_error && rule.status != 0 && (rule.status < 500 || rule.status > 599)) {
      throw UsageError("--fault: a server error code must be between 500 and 599");
    }
    total += rule.rate;
  }
  if (total > 1 + 1e-9) {
    throw UsageError(fmt::format("--fault: the rates add up to {}, more than every request (100%)", percent(total)));
  }
  if (options.stall_for <= Duration::zero()) throw UsageError("--stall-for must be above zero");
  if (options.retry_after_s < 0 || options.retry_after_s > 3600) {
    throw UsageError("--retry-after must be between 0 and 3600 seconds");
  }
  for (const auto& w : options.outages) {
    if (w.length <= Duration::zero() || w.start < Duration::zero()) {
      throw UsageError("--outage: the length must be above zero and the start not negative");
    }
  }
}

std::uint64_t random_fault_seed() {
  std::random_device device;
  return (std::uint64_t{device()} << 32) ^ device();
}

FaultModel::FaultModel(FaultOptions options)
    : options_(std::move(options)),
      seed_(options_.seed ? *options_.seed : random_fault_seed()),
      rng_(seed_) {}

FaultModel::Draw FaultModel::draw() {
  Draw result;
  if (options_.rules.empty()) return result;
  std::lock_guard lock(mutex_);
  const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
  double cumulative = 0;
  for (const auto& rule : options_.rules) {
    cumulative += rule.rate;
    if (u < cumulative) {
      result.kind = rule.kind;
      if (rule.kind == FaultKind::server_error) {
        result.status = rule.status != 0
                            ? rule.status
                            : kServerErrorMix[std::uniform_int_distribution<std::size_t>(0, kServerErrorMix.size() - 1)(rng_)];
      }
      break;
    }
  }
  return result;
}

std::uint32_t FaultModel::derive_seed() {
  // splitmix64 of (seed, n): a stream of its own, so the number of connections does not shift the
  // fault draws.
  std::uint64_t z = seed_ + 0x9E3779B97F4A7C15ull * ++derived_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<std::uint32_t>((z ^ (z >> 31)) >> 32);
}

}  // namespace tgperf::emulator
