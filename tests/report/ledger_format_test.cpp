// The ledger table's wording: rates with significant digits, counts with the right plural.
#include <catch2/catch.hpp>

#include "tgperf/emulator/ledger.hpp"
#include "tgperf/report/ledger_report.hpp"

using tgperf::report::render_ledger;
using tgperf::emulator::LedgerReport;

TEST_CASE("a slow run's throughput keeps its digits: 5 replies in 600 s is not 0.0 replies/s") {
  LedgerReport r;
  r.scheduled = 5;
  r.answered = 5;
  r.replies = 5;
  r.seconds = 600;
  r.throughput_per_s = 5.0 / 600.0;
  const std::string table = render_ledger(r);
  INFO(table);
  CHECK(table.find("0.00833 replies/s") != std::string::npos);
  CHECK(table.find("0.0 replies/s") == std::string::npos);
}
