// race-bench end to end in process: the bank bot on the bot core, against the in-process emulator.
// Property tests over seeds: the safe variants never lose money, the intern's version usually does.
#include <catch2/catch.hpp>

#include <chrono>

#include "tgperf/bench/race_bench.hpp"
#include "tgperf/core/usage_error.hpp"

using namespace tgperf::bench;
using namespace std::chrono_literals;

namespace {

// Small delays keep a run short; the race window (three notifications, four store calls) stays.
RaceBenchOptions quick(std::vector<RaceVariant> variants, std::uint64_t seed) {
  RaceBenchOptions options;
  options.variants = std::move(variants);
  options.workers = 8;
  options.accounts = 3;
  options.transactions = 40;
  options.latency = 1ms;
  options.db_latency = 200us;
  options.seed = seed;
  return options;
}

void check_safe(const tgperf::report::RaceRun& run) {
  CAPTURE(run.variant);
  CHECK(run.safe_by_design);
  CHECK(run.finished == run.transactions);
  CHECK(run.notifications_failed == 0);
  CHECK(run.money_before == run.money_after);
  CHECK(run.money_drift == 0);
  CHECK(run.lost_updates == 0);
  CHECK(run.wrong_accounts == 0);
  CHECK(run.consistent());
}

}  // namespace

TEST_CASE("race-bench: split and locked conserve money over 10 seeds") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    const auto result = run_race_bench(quick({RaceVariant::split, RaceVariant::locked}, seed));
    CHECK(result.seed == seed);
    REQUIRE(result.runs.size() == 2);
    for (const auto& run : result.runs) check_safe(run);
  }
}

TEST_CASE("race-bench: sync conserves money and keeps every chat's notifications in order") {
  const auto result = run_race_bench(quick({RaceVariant::sync}, 3));
  REQUIRE(result.runs.size() == 1);
  const auto& run = result.runs[0];
  check_safe(run);
  CHECK(run.workers == 1);
  CHECK(run.notifications_out_of_order == 0);
  REQUIRE(run.latency_ms);
  CHECK(run.latency_ms->p50 > 0);
  CHECK(run.latency_ms->p99 >= run.latency_ms->p50);
  CHECK(run.throughput_per_s > 0);
  REQUIRE(run.bound_per_s);
}

TEST_CASE("race-bench: the bound follows each variant's concurrency") {
  RaceBenchOptions options;  // defaults: 8 workers, 4 accounts, 20ms latency, 2ms db-latency
  const double t = 3 * 0.020 + 4 * 0.002;
  CHECK(*race_bound_per_s(RaceVariant::sync, options) == Approx(1 / t));
  CHECK(*race_bound_per_s(RaceVariant::naive, options) == Approx(8 / t));
  CHECK(*race_bound_per_s(RaceVariant::locked, options) == Approx(8 / t));
  CHECK(*race_bound_per_s(RaceVariant::ordered, options) == Approx(4 / t));  // one chat per account
  CHECK(*race_bound_per_s(RaceVariant::split, options) == Approx(std::min(1 / 0.008, 8 / 0.060)));
  options.latency = 0ms;
  options.db_latency = 0ms;
  CHECK_FALSE(race_bound_per_s(RaceVariant::sync, options));
}

TEST_CASE("race-bench: bad settings are usage errors naming the flag") {
  RaceBenchOptions options;
  options.accounts = 1;
  CHECK_THROWS_AS(validate(options), tgperf::UsageError);
  options = {};
  options.workers = 0;
  CHECK_THROWS_WITH(validate(options), Catch::Contains("--workers"));
  options = {};
  options.transactions = 0;
  CHECK_THROWS_WITH(validate(options), Catch::Contains("--transactions"));
  options = {};
  options.variants.clear();
  CHECK_THROWS_WITH(validate(options), Catch::Contains("--variants"));
  CHECK_THROWS_WITH(parse_race_variant("fast"), Catch::Contains("--variants"));
  CHECK(parse_race_variant("locked") == RaceVariant::locked);
}

TEST_CASE("race-bench: naive drifts at the default settings in at least 4 of 5 seeds") {
  // The stated rate: at least 80% of seeds. Measured when this test was written: 20 of 20 seeds
  // (1..20) drifted, by +$738 to +$2662, with 145 to 154 lost updates per 100 transfers. A failure
  // here means the race stopped happening: the bench would no longer show the wiki's lesson.
  std::size_t drifted = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    RaceBenchOptions options;  // the defaults: 8 workers, 4 accounts, 100 transfers, 20ms, 2ms
    options.variants = {RaceVariant::naive};
    options.seed = seed;
    const auto result = run_race_bench(options);
    REQUIRE(result.runs.size() == 1);
    const auto& run = result.runs[0];
    CAPTURE(seed, run.money_drift, run.lost_updates);
    CHECK(run.finished == run.transactions);
    CHECK_FALSE(run.safe_by_design);
    // The drift's sign says which way money went: after - before, from the opening balances.
    CHECK(run.money_before == static_cast<std::int64_t>(options.accounts) * options.opening_balance);
    CHECK(run.money_drift == run.money_after - run.money_before);
    if (run.money_drift != 0) {
      ++drifted;
      // Money appears or vanishes only through overwritten writes, and then some balance is off.
      CHECK(run.lost_updates > 0);
      CHECK(run.wrong_accounts > 0);
    }
  }
  CHECK(drifted >= 4);
}
