#include "tgperf/report/bench_json.hpp"

#include <nlohmann/json.hpp>

#include "report/run_json.hpp"
#include "tgperf/report/fault_counts.hpp"

namespace tgperf::report {

namespace {

// The setup's keys are its field names; an open-loop rate is null for a backlog, never 0.
nlohmann::json setup_json(const BenchSetup& setup) {
  return {{"latency_ms", setup.latency_ms}, {"jitter_ms", setup.jitter_ms},
          {"chats", setup.chats},           {"updates", setup.updates},
          {"ordered", setup.ordered},       {"max_connections", setup.max_connections},
          {"rate_per_s", optional_number(setup.rate_per_s)}};
}

}  // namespace

std::string render_bench_json(const BenchSetup& setup, std::span<const BenchRun> runs) {
  nlohmann::json document = setup_json(setup);
  // Cut by a signal: the run under way, if any, is marked too; the runs that did not start are absent.
  bool interrupted = setup.interrupted;
  for (const auto& run : runs) interrupted = interrupted || run.interrupted;
  document["interrupted"] = interrupted;
  return render_runs_json<BenchRun>(std::move(document), runs, [](const BenchRun& run) {
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
    j["interrupted"] = run.interrupted;
    j["unanswered"] = run.unanswered;
    j["duplicates"] = run.duplicates;
    j["out_of_order"] = run.out_of_order;
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
      j["faults"] = {{"configured", f.configured}, {"seed", f.seed}};
      j["faults"].update(fault_counts_json(f.counts));
    } else {
      j["faults"] = nullptr;
    }
    return j;
  });
}

}  // namespace tgperf::report
