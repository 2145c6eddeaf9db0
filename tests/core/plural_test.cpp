// Counts printed with their nouns: "1 update", never "1 updates".
#include <catch2/catch.hpp>

#include "tgperf/core/plural.hpp"

using tgperf::counted;
using tgperf::plural_noun;

TEST_CASE("one is singular, zero, many and negative counts are plural") {
  CHECK(counted(1, "update") == "1 update");
  CHECK(counted(0, "update") == "0 updates");
  CHECK(counted(2, "probe") == "2 probes");
  CHECK(counted(1, "reply", "replies") == "1 reply");
  CHECK(counted(5, "reply", "replies") == "5 replies");
  CHECK(plural_noun(-1, "second") == "second");
  CHECK(plural_noun(-2, "second") == "seconds");
}
