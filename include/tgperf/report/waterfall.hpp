#pragma once
// An httpstat-style waterfall of one request: a header line (connection new/reused, address, HTTP
// version, status and Bot API verdict), then one line per phase with its duration in ms and a bar
// placed on the request's own timeline, so the bars line up like the phases did.
#include <string>

#include "tgperf/botapi/timing_record.hpp"

namespace tgperf::report {

struct WaterfallStyle {
  int bar_width = 40;  // columns the request's total time maps to
  bool color = false;  // ANSI colours for the bars and the verdict
  bool unicode = true; // block characters for the bars; '#' where the locale is not UTF-8 (LC_ALL=C)
};

// The Bot API verdict in a few words: "ok", "401 Unauthorized", "no answer: <curl error>".
std::string timing_verdict(const botapi::TimingRecord& record);

// Ends in a newline.
std::string render_waterfall(const botapi::TimingRecord& record, const WaterfallStyle& style = {});

}  // namespace tgperf::report
