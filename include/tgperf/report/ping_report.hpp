#pragma once
// How `tgperf ping` shows its results, as pure functions of them: ping-like text lines, the
// summary, the verdict, one JSON document, CSV rows. Times in milliseconds with microsecond digits.
#include <string>

#include "tgperf/probe/ping_session.hpp"
#include "tgperf/probe/target.hpp"

namespace tgperf::report {

// The wiki's guidance: a stable ping of 50 ms or less is good, under 15 ms is what central Europe
// reaches. "stable": nothing lost and mdev at most a quarter of the average (or under 1 ms, below
// which variation does not matter for a bot).
struct PingVerdict {
  std::string rating;  // "excellent" (<15 ms avg), "good" (<=50 ms), "far" (>50 ms), "no answer"
  bool stable = false;
  std::string advice;  // one line
};

PingVerdict ping_verdict(const probe::PingStats& stats);

// `TCPING api.telegram.org (149.154.167.220) port 443`
std::string ping_header(const probe::ResolvedTarget& target);
// `connected to 1.2.3.4:443: seq=1 time=12.345 ms` and the other statuses. `color`: ANSI colours
// for the status words that are not a connection (refused yellow, the rest red).
std::string ping_probe_line(const probe::ResolvedTarget& target, const probe::ProbeResult& probe,
                            Duration timeout, bool color = false);
// `--- host tcping statistics ---`, counts, rtt lines and the verdict line (no trailing newline).
// `color`: the verdict's rating in green (excellent, good), yellow (far) or red (no answer).
std::string ping_summary_text(const probe::ResolvedTarget& target, const probe::PingStats& stats,
                              bool color = false);
std::string ping_json(const probe::ResolvedTarget& target, const probe::PingRun& run, const probe::PingStats& stats);
std::string ping_csv_header();  // "seq,status,rtt_ms,error"
std::string ping_csv_row(const probe::ProbeResult& probe);
// With several targets, each row starts with the target's label: "target,seq,status,rtt_ms,error".
std::string ping_csv_target_header();
std::string ping_csv_target_row(const std::string& target, const probe::ProbeResult& probe);

}  // namespace tgperf::report
