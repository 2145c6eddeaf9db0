#pragma once
// What to do about the numbers: rules over a curl-timing run that turn measurements and Bot API
// errors into one sentence each (thresholds from the python-telegram-bot wiki where it gives them).
#include <span>
#include <string>
#include <vector>

#include "tgperf/botapi/timing_record.hpp"
#include "tgperf/report/timing_summary.hpp"

namespace tgperf::report {

// Thresholds in ms.
inline constexpr double kTcpFarMs = 50;      // the wiki: <= 50 ms is good
inline constexpr double kTcpCentralMs = 15;  // the wiki: < 15 ms from central Europe
inline constexpr double kDnsSlowMs = 20;
inline constexpr double kReuseWorthMs = 5;   // a saving worth a sentence
inline constexpr double kServerDominantShare = 0.6;
inline constexpr double kServerDominantMs = 100;

// One string per applicable rule, most important first. Never empty: when nothing needs doing it
// says so.
std::vector<std::string> timing_advice(std::span<const botapi::TimingRecord> records,
                                       const TimingSummary& summary);

}  // namespace tgperf::report
