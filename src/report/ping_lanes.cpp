#include "tgperf/report/ping_lanes.hpp"

#include <fmt/format.h>
#include <sys/socket.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "ping_json_document.hpp"
#include "tgperf/probe/resolver.hpp"
#include "tgperf/report/openmetrics_ping.hpp"
#include "tgperf/report/ping_report.hpp"
#include "text_style.hpp"

namespace tgperf::report {
namespace {


std::vector<probe::PingStats> all_stats(const probe::InterleavedRun& run) {
  std::vector<probe::PingStats> out;
  for (std::size_t i = 0; i < run.lanes.size(); ++i) out.push_back(probe::ping_stats(probe::lane_ping_run(run, i)));
  return out;
}

// Lane indices by median RTT, fastest first; lanes without a round trip last, in their own order.
std::vector<std::size_t> ranked_order(const std::vector<probe::PingStats>& stats) {
  std::vector<std::size_t> order(stats.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (stats[a].rtt && stats[b].rtt) return stats[a].rtt->p50 < stats[b].rtt->p50;
    return stats[a].rtt.has_value() && !stats[b].rtt.has_value();
  });
  return order;
}

std::string family_and_address(const probe::ResolvedTarget& target) {
  return fmt::format("{} {}", probe::family_name(target.family), target.address);
}

}  // namespace

std::vector<std::string> lane_labels(const probe::InterleavedRun& run, bool all_addresses) {
  std::vector<std::string> names;
  for (const auto& lane : run.lanes) names.push_back(ping_target_label(lane.lane.target));
  const bool several_names =
      std::any_of(names.begin(), names.end(), [&](const std::string& n) { return n != names.front(); });
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < run.lanes.size(); ++i) {
    if (!all_addresses) {
      labels.push_back(names[i]);
    } else {
      const auto address = family_and_address(run.lanes[i].lane.target);
      labels.push_back(several_names ? names[i] + " " + address : address);
    }
  }
  return labels;
}

probe::ResolvedTarget probed_target(const probe::LaneRun& lane, const probe::LaneProbe& probe) {
  auto target = lane.lane.target;
  if (probe.address != target.address) {
    target.address = probe.address;
    target.family = probe.address.find(':') != std::string::npos ? AF_INET6 : AF_INET;
  }
  return target;
}

std::string lane_probe_line(const std::string& label, std::size_t label_width, const probe::LaneRun& lane,
                            const probe::LaneProbe& probe, Duration timeout, bool color) {
  std::string line;
  if (label_width > 0) line = fmt::format("{:<{}}  ", label, label_width);
  line += ping_probe_line(probed_target(lane, probe), probe.result, timeout, color);
  if (probe.new_address) line += " [new address]";
  return line;
}

std::string lane_addresses_text(const probe::LaneRun& lane) {
  std::string out;
  if (lane.addresses.size() > 1) {
    out = "addresses:";
    for (std::size_t i = 0; i < lane.addresses.size(); ++i) {
      const auto n = static_cast<std::size_t>(std::count_if(lane.probes.begin(), lane.probes.end(),
                                                           [&](const auto& p) { return p.address == lane.addresses[i]; }));
      out += fmt::format("{} {} {:.0f}% ({} probe{})", i == 0 ? "" : ",", lane.addresses[i],
                         100.0 * static_cast<double>(n) / static_cast<double>(lane.probes.size()), n, n == 1 ? "" : "s");
    }
    out += "\n";
  }
  if (lane.failed_lookups > 0) {
    out += fmt::format("{} re-resolution{} failed; probes went on to the last address\n", lane.failed_lookups,
                       lane.failed_lookups == 1 ? "" : "s");
  }
  return out;
}

std::string lanes_summary_text(const probe::InterleavedRun& run, const std::vector<std::string>& labels,
                               const DistributionOptions& distribution, bool color) {
  const bool several = run.lanes.size() > 1;
  std::string out;
  for (std::size_t i = 0; i < run.lanes.size(); ++i) {
    auto titled = run.lanes[i].lane.target;
    if (several) titled.host = labels[i];
    const auto lane_run = probe::lane_ping_run(run, i);
    if (i > 0) out += "\n";
    out += ping_summary_text(titled, probe::ping_stats(lane_run), color) + "\n";
    out += ping_distribution_text(lane_run, distribution);
    out += lane_addresses_text(run.lanes[i]);
  }
  if (several) out += "\n" + ranked_table_text(run, labels) + address_comparison_text(run);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string ranked_table_text(const probe::InterleavedRun& run, const std::vector<std::string>& labels) {
  const auto lanes = all_stats(run);
  std::size_t width = 6;
  for (const auto& l : labels) width = std::max(width, l.size());
  std::string out = "--- ranked by median rtt ---\n";
  out += fmt::format("{:>4}  {:<{}}  {:>6}  {:>5}  {:>9}  {:>9}  {:>9}  {}\n", "rank", "target", width, "probes",
                     "loss", "p50 ms", "p90 ms", "mdev ms", "verdict");
  std::size_t rank = 0;
  for (const auto i : ranked_order(lanes)) {
    const auto& s = lanes[i];
    const auto v = ping_verdict(s);
    const auto cell = [&](double stats::Summary::*field) { return s.rtt ? ms3((*s.rtt).*field) : std::string("-"); };
    out += fmt::format("{:>4}  {:<{}}  {:>6}  {:>5}  {:>9}  {:>9}  {:>9}  {}\n",
                       s.rtt ? std::to_string(++rank) : std::string("-"), labels[i], width, s.transmitted,
                       fmt::format("{:g}%", s.loss_pct), cell(&stats::Summary::p50), cell(&stats::Summary::p90),
                       cell(&stats::Summary::mdev), s.rtt ? v.rating + (v.stable ? ", stable" : ", unstable") : v.rating);
  }
  return out;
}

std::string address_comparison_text(const probe::InterleavedRun& run) {
  const auto stats = all_stats(run);
  // The lanes of each name (host and port), in rank order.
  std::map<std::string, std::vector<std::size_t>> by_name;
  std::vector<std::string> name_order;
  for (const auto i : ranked_order(stats)) {
    if (!stats[i].rtt) continue;
    const auto name = ping_target_label(run.lanes[i].lane.target);
    if (!by_name.contains(name)) name_order.push_back(name);
    by_name[name].push_back(i);
  }
  std::string out;
  for (const auto& name : name_order) {
    const auto& lanes = by_name[name];
    const auto& fastest = run.lanes[lanes.front()].lane.target;
    for (std::size_t k = 1; k < lanes.size(); ++k) {
      const auto& other = run.lanes[lanes[k]].lane.target;
      if (other.address == fastest.address) continue;
      out += fmt::format("{} is {} ms slower than {} at the median\n", family_and_address(other),
                         ms3(stats[lanes[k]].rtt->p50 - stats[lanes.front()].rtt->p50), family_and_address(fastest));
    }
  }
  return out;
}

std::string lanes_json(const probe::InterleavedRun& run, const std::vector<std::string>& labels, bool resolve_every) {
  const auto stats = all_stats(run);
  auto lane_document = [&](std::size_t i, bool with_addresses) {
    const auto& lane = run.lanes[i];
    auto doc = ping_json_document(lane.lane.target, probe::lane_ping_run(run, i), stats[i]);
    if (!with_addresses) return doc;
    for (std::size_t k = 0; k < lane.probes.size(); ++k) {
      doc["probes"][k]["address"] = lane.probes[k].address;
      doc["probes"][k]["new_address"] = lane.probes[k].new_address;
    }
    auto addresses = nlohmann::json::array();
    for (const auto& address : lane.addresses) {
      const auto n = std::count_if(lane.probes.begin(), lane.probes.end(), [&](const auto& p) { return p.address == address; });
      addresses.push_back({{"address", address},
                           {"probes", n},
                           {"share", static_cast<double>(n) / static_cast<double>(lane.probes.size())}});
    }
    doc["addresses"] = addresses;
    doc["failed_lookups"] = lane.failed_lookups;
    return doc;
  };
  if (run.lanes.size() == 1) return lane_document(0, resolve_every).dump(2);
  nlohmann::json doc;
  doc["targets"] = nlohmann::json::array();
  for (std::size_t i = 0; i < run.lanes.size(); ++i) {
    auto lane = lane_document(i, true);
    lane["target"]["label"] = labels[i];
    doc["targets"].push_back(std::move(lane));
  }
  auto ranking = nlohmann::json::array();
  for (const auto i : ranked_order(stats)) {
    if (stats[i].rtt) ranking.push_back(labels[i]);
  }
  doc["ranking"] = ranking;
  doc["interrupted"] = run.interrupted;
  return doc.dump(2);
}

}  // namespace tgperf::report
