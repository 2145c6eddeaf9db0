// The waterfall where the locale is not UTF-8 (LC_ALL=C): '#' bars, nothing beyond ASCII.
#include <catch2/catch.hpp>

#include <algorithm>

#include "report/timing_fixtures.hpp"
#include "tgperf/report/waterfall.hpp"

using namespace tgperf::report;
using namespace timing_fixtures;

TEST_CASE("ASCII waterfall bars are '#' and the same length as the block bars") {
  const std::string blocks = render_waterfall(cold_https(), WaterfallStyle{40, false, true});
  const std::string ascii = render_waterfall(cold_https(), WaterfallStyle{40, false, false});
  for (const char c : ascii) CHECK(static_cast<unsigned char>(c) < 0x80);
  std::size_t block_cells = 0;
  for (auto at = blocks.find("\u2588"); at != std::string::npos; at = blocks.find("\u2588", at + 1)) ++block_cells;
  CHECK(block_cells > 0);
  // Bars only: the heading's "#1" is the request number, not a bar.
  const std::string bars = ascii.substr(ascii.find('\n'));
  CHECK(static_cast<std::size_t>(std::count(bars.begin(), bars.end(), '#')) == block_cells);
}
