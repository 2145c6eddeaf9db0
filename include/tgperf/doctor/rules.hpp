#pragma once
// The diagnosis: pure functions from Measurements to Findings. Each rule looks at one thing and
// returns a finding or nothing; diagnose() runs them all and ranks the result.
//
// Thresholds: RTT as the python-telegram-bot wiki grades it (<= 15 ms excellent, <= 50 ms good,
// more is far); the others are stated next to each rule in rules.cpp.
#include <optional>
#include <vector>

#include "tgperf/doctor/finding.hpp"
#include "tgperf/doctor/measurements.hpp"

namespace tgperf::doctor {

std::optional<Finding> check_reachability(const Measurements& m);   // api_unreachable
std::optional<Finding> check_token(const Measurements& m);          // token_invalid
std::optional<Finding> check_webhook_errors(const Measurements& m); // webhook_read_timeout, ...
std::optional<Finding> check_no_consumer(const Measurements& m);    // no_consumer
std::optional<Finding> check_backlog(const Measurements& m);        // update_backlog
std::optional<Finding> check_rtt(const Measurements& m);            // rtt_excellent/good/far
std::optional<Finding> check_ipv6(const Measurements& m);           // ipv6_broken, ipv6_slow
std::optional<Finding> check_tls(const Measurements& m);            // tls_dominates
std::optional<Finding> check_server_time(const Measurements& m);    // server_slow
std::optional<Finding> check_clock(const Measurements& m);          // clock_skew

// Every rule, ranked; a first finding "healthy" (info) when none is above info.
std::vector<Finding> diagnose(const Measurements& m);

}  // namespace tgperf::doctor
