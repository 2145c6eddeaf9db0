#pragma once
// curl-timing's exchanges (botapi) as the report's plain records, for the botapi module's series.
#include "tgperf/botapi/timing_session.hpp"
#include "tgperf/report/timing_record.hpp"

namespace tgperf::exporter {

// The fields the timing statistics and metrics read: connection reuse, transport and HTTP outcome,
// the Bot API verdict, the phases and the total. Texts are left out (a probe prints none of them).
report::TimingRecord timing_record(const botapi::TimedExchange& exchange);

}  // namespace tgperf::exporter
