#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "tgperf/report/bench_chart.hpp"
#include "tgperf/report/bench_json.hpp"
#include "tgperf/report/bench_table.hpp"

using namespace tgperf::report;

namespace {

BenchRun make_run(std::string mode, std::size_t workers, std::size_t inflight, double throughput) {
  BenchRun run;
  run.mode = std::move(mode);
  run.workers = workers;
  run.inflight = inflight;
  run.updates = 100;
  run.answered = 100;
  run.seconds = 100 / throughput;
  run.throughput_per_s = throughput;
  run.bound_per_s = 20.0 * double(workers ? workers : inflight);
  run.efficiency = throughput / *run.bound_per_s;
  run.latency_ms = BenchLatencyMs{51, 60, 70, 80};
  return run;
}

}  // namespace

TEST_CASE("the bench table shows speedup relative to the sync run") {
  std::vector<BenchRun> runs{make_run("sync", 1, 0, 19.5), make_run("threaded", 16, 0, 312),
                             make_run("async", 0, 256, 4875)};
  const auto table = render_bench_table(runs);
  CHECK(table.find("1.0x") != std::string::npos);
  CHECK(table.find("16.0x") != std::string::npos);   // 312 / 19.5
  CHECK(table.find("250.0x") != std::string::npos);  // 4875 / 19.5
  CHECK(table.find("256 in flight") != std::string::npos);
  CHECK(table.find("16 workers") != std::string::npos);
}

TEST_CASE("without a sync run or a latency bound the table says '-' instead of inventing numbers") {
  auto run = make_run("threaded", 4, 0, 1000);
  run.bound_per_s.reset();
  run.efficiency.reset();
  const auto table = render_bench_table(std::vector<BenchRun>{run});
  const auto row = table.substr(table.find('\n') + 1);
  CHECK(row.find(" - ") != std::string::npos);
  CHECK(row.find("x ") == std::string::npos);
}

TEST_CASE("the chart's longest bar belongs to the fastest run") {
  std::vector<BenchRun> runs{make_run("sync", 1, 0, 10), make_run("async", 0, 8, 40)};
  const auto chart = render_bench_chart(runs, 20);
  const auto first = chart.substr(0, chart.find('\n'));
  const auto second = chart.substr(chart.find('\n') + 1);
  auto count_full = [](const std::string& line) {
    std::size_t n = 0;
    for (std::size_t pos = line.find("█"); pos != std::string::npos; pos = line.find("█", pos + 1)) ++n;
    return n;
  };
  CHECK(count_full(second) == 20);
  CHECK(count_full(first) == 5);
}

TEST_CASE("the ASCII chart (LC_ALL=C) draws whole cells of '#' and no byte beyond ASCII") {
  std::vector<BenchRun> runs{make_run("sync", 1, 0, 10), make_run("async", 0, 8, 40)};
  const auto chart = render_bench_chart(runs, 20, BarGlyphs::ascii);
  for (const char c : chart) CHECK(static_cast<unsigned char>(c) < 0x80);
  const auto first = chart.substr(0, chart.find('\n'));
  const auto second = chart.substr(chart.find('\n') + 1);
  CHECK(std::count(second.begin(), second.end(), '#') == 20);
  CHECK(std::count(first.begin(), first.end(), '#') == 5);
  // Bars are padded to one width, so the rates line up.
  CHECK(first.find("/s") == second.substr(0, second.find('\n')).find("/s"));
}

TEST_CASE("rates in the chart keep significant digits: a slow run is not 0.0/s") {
  auto slow = make_run("sync", 1, 0, 1);
  slow.throughput_per_s = 5.0 / 600.0;
  const auto chart = render_bench_chart(std::vector<BenchRun>{slow}, 10);
  CHECK(chart.find(" 0.00833/s") != std::string::npos);
}

TEST_CASE("one worker is singular in the concurrency label") {
  CHECK(bench_concurrency_label(make_run("threaded", 1, 0, 10)) == "1 worker");
  CHECK(bench_concurrency_label(make_run("threaded", 4, 0, 10)) == "4 workers");
}

TEST_CASE("the bench JSON carries every documented key, with null where there is no bound") {
  auto sync = make_run("sync", 1, 0, 19);
  auto zero = make_run("async", 0, 64, 5000);
  zero.bound_per_s.reset();
  zero.efficiency.reset();
  zero.latency_ms.reset();
  const auto j = nlohmann::json::parse(render_bench_json(BenchSetup{50, 0, 8, 100, false, 40, std::nullopt},
                                                          std::vector<BenchRun>{sync, zero}));
  REQUIRE(j["runs"].size() == 2);
  for (const char* key : {"mode", "workers", "inflight", "updates", "answered", "lost", "duplicates",
                          "seconds", "throughput_per_s", "bound_per_s", "efficiency", "cpu_seconds",
                          "latency_ms"}) {
    CHECK(j["runs"][0].contains(key));
  }
  CHECK(j["runs"][0]["latency_ms"]["p99"] == 70);
  CHECK(j["runs"][0]["bound_per_s"] == 20);
  CHECK(j["runs"][1]["bound_per_s"].is_null());
  CHECK(j["runs"][1]["latency_ms"].is_null());
  CHECK(j["latency_ms"] == 50);
}

TEST_CASE("the table printed a row at a time, as each run ends, is the whole table") {
  std::vector<BenchRun> runs{make_run("sync", 1, 0, 19.5), make_run("threaded", 16, 0, 312),
                             make_run("async", 0, 256, 4875)};
  runs[1].ordered = true;  // so the notes are not empty
  std::string streamed = render_bench_table_header();
  std::optional<double> sync_throughput;  // known only once the sync run has ended, as in echo-bench
  for (const auto& run : runs) {
    if (run.mode == "sync" && !sync_throughput) sync_throughput = run.throughput_per_s;
    streamed += render_bench_table_row(run, sync_throughput);
  }
  streamed += render_bench_table_notes(runs);
  CHECK(streamed == render_bench_table(runs));
  CHECK(streamed.find("16.0x") != std::string::npos);
  CHECK(render_bench_table_notes(runs).find("ordered") != std::string::npos);
  CHECK(render_bench_table_row(runs[1], std::nullopt).find(" - ") != std::string::npos);  // no sync run yet
}

TEST_CASE("webhook re-deliveries explain duplicates, and the table and JSON name each run's delivery") {
  tgperf::report::BenchRun run;
  run.mode = "threaded";
  run.workers = 4;
  run.delivery = "webhook";
  run.connections = 40;
  run.updates = 10;
  run.answered = 10;
  run.duplicates = 3;
  CHECK(run.unexplained_duplicates() == 3);  // nothing explains them: a bot bug
  run.redeliveries = 2;
  CHECK(run.unexplained_duplicates() == 1);
  run.redeliveries = 5;
  CHECK(run.unexplained_duplicates() == 0);
  CHECK(tgperf::report::render_bench_table_row(run, std::nullopt).find(" webhook ") != std::string::npos);
  const auto json = nlohmann::json::parse(tgperf::report::render_bench_json({}, std::vector{run}));
  CHECK(json["runs"][0]["delivery"] == "webhook");
  CHECK(json["runs"][0]["max_connections"] == 40);
  CHECK(json["runs"][0]["redeliveries"] == 5);
  CHECK(json["runs"][0]["offered_per_s"].is_null());
  // A sync webhook bot runs one handler per connection: its concurrency says so.
  run.mode = "sync";
  CHECK(tgperf::report::bench_concurrency_label(run) == "40 connections");
}
