#pragma once
// How an interleaved `tgperf ping` run shows (several targets, --all-addresses, --resolve-every):
// probe lines behind a prefix column, one summary per lane, the addresses a lane saw and their
// shares, a table ranked by median with the wiki's verdict per row, the IPv6-against-IPv4 line for
// the addresses of one name, and the JSON and CSV forms. Pure functions of the run.
#include <string>
#include <vector>

#include "tgperf/core/duration.hpp"
#include "tgperf/probe/interleaved_ping.hpp"
#include "tgperf/report/ping_distribution.hpp"

namespace tgperf::report {

// What names a lane in the prefix column, the tables and JSON: "api.telegram.org:443", or with
// --all-addresses "IPv6 2001:67c:4e8:f004::9" (prefixed by the target when there are several).
std::vector<std::string> lane_labels(const probe::InterleavedRun& run, bool all_addresses);

// The lane's target as it was probed by `probe` (its address may have changed with DNS).
probe::ResolvedTarget probed_target(const probe::LaneRun& lane, const probe::LaneProbe& probe);

// One probe line. With `label_width` > 0, behind the label padded to that width; " [new address]"
// after the first probe to an address the lane had not probed before.
std::string lane_probe_line(const std::string& label, std::size_t label_width, const probe::LaneRun& lane,
                            const probe::LaneProbe& probe, Duration timeout, bool color = false);

// "addresses: 127.0.0.1 67% (4 probes), 127.0.0.2 33% (2 probes)" when a lane probed more than one
// address (and "n lookups failed, the last address was kept" when some did); "" otherwise.
std::string lane_addresses_text(const probe::LaneRun& lane);

// The summaries of every lane, then (several lanes) the ranked table and the comparison lines.
std::string lanes_summary_text(const probe::InterleavedRun& run, const std::vector<std::string>& labels,
                               const DistributionOptions& distribution, bool color = false);

// "--- ranked by median rtt ---" and the table: rank, target, probes, loss, p50, p90, mdev, verdict.
// Lanes without a round trip rank last, marked "-".
std::string ranked_table_text(const probe::InterleavedRun& run, const std::vector<std::string>& labels);

// For each name probed at several addresses: "IPv6 ::1 is 0.012 ms slower than IPv4 127.0.0.1 at
// the median" against its fastest address; "" when no name has two addresses that answered.
std::string address_comparison_text(const probe::InterleavedRun& run);

// The JSON document: one lane keeps the single-target shape (plus `address`/`new_address` per probe
// and `addresses` with --resolve-every); several lanes give {"targets": [...], "ranking": [...]}.
std::string lanes_json(const probe::InterleavedRun& run, const std::vector<std::string>& labels, bool resolve_every);

}  // namespace tgperf::report
