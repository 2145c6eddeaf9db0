#include "tgperf/report/bench_json.hpp"

#include <nlohmann/json.hpp>

namespace tgperf::report {

namespace {

nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::string render_bench_json(const BenchSetup& setup, std::span<const BenchRun> runs) {
  nlohmann::json out;
  out["latency_ms"] = setup.latency_ms;
  out["jitter_ms"] = setup.jitter_ms;
  out["chats"] = setup.chats;
  out["updates"] = setup.updates;
  out["ordered"] = setup.ordered;
  out["max_connections"] = setup.max_connections;
  out["rate_per_s"] = optional_number(setup.rate_per_s);
  out["runs"] = nlohmann::json::array();
  for (const auto& run : runs) {
    nlohmann::json j;
    j["mode"] = run.mode;
    j["delivery"] = run.delivery;
    j["max_connections"] = run.connections > 0 ? nlohmann::json(run.connections) : nlohmann::json(nullptr);
    j["workers"] = run.workers;
    j["inflight"] = run.inflight;
    j["ordered"] = run.ordered;
    j["updates"] = run.updates;
    j["answered"] = run.answered;
    j["lost"] = run.lost;
    j["duplicates"] = run.duplicates;
    j["out_of_order"] = run.out_of_order;
    j["seconds"] = run.seconds;
    j["throughput_per_s"] = run.throughput_per_s;
    j["bound_per_s"] = optional_number(run.bound_per_s);
    j["efficiency"] = optional_number(run.efficiency);
    j["offered_per_s"] = optional_number(run.offered_per_s);
    j["bot_error"] = run.bot_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(run.bot_error);
    j["cpu_seconds"] = run.cpu_seconds;
    if (run.latency_ms) {
      j["latency_ms"] = {{"p50", run.latency_ms->p50},
                         {"p90", run.latency_ms->p90},
                         {"p99", run.latency_ms->p99},
                         {"max", run.latency_ms->max}};
    } else {
      j["latency_ms"] = nullptr;
    }
    j["redeliveries"] = run.redeliveries;
    j["unexplained_duplicates"] = run.unexplained_duplicates();
    if (run.faults) {
      const auto& f = *run.faults;
      j["faults"] = {{"configured", f.configured},
                     {"seed", f.seed},
                     {"server_errors", f.server_errors},
                     {"resets", f.resets},
                     {"drops", f.drops},
                     {"stalls", f.stalls},
                     {"rate_limited", f.rate_limited},
                     {"outages", f.outages},
                     {"outage_cuts", f.outage_cuts},
                     {"unacknowledged_replies", f.unacknowledged_replies}};
    } else {
      j["faults"] = nullptr;
    }
    out["runs"].push_back(std::move(j));
  }
  return out.dump(2) + "\n";
}

}  // namespace tgperf::report
