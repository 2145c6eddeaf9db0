#pragma once
// One timed Bot API request as curl-timing measures it: the HTTP exchange as libcurl reported it
// (http::Response, its times and headers), the phases derived from those times, and the Bot API's
// verdict on the body. TimingSession fills it; every report (waterfall, statistics, write-out,
// JSON, OpenMetrics, advice) is a pure function of a list of records.
//
// Every string here is safe to print: the URL is redacted (`bot123456:***`), and libcurl's message,
// the header values and the envelope's description have passed through the token redaction. The
// body is not kept (it may echo the request).
#include <chrono>
#include <optional>
#include <string>

#include "tgperf/http/phase_times.hpp"
#include "tgperf/http/response.hpp"

namespace tgperf::botapi {

struct TimingRecord {
  int seq = 0;           // 1-based
  std::string method;    // "GET" or "POST"
  std::string url;       // redacted request URL (write-out url and url_effective)
  http::Response response;  // body cleared; `error` and header values redacted
  http::Phases phases;      // derive_phases(response.times)

  // The Bot API verdict. api_ok: the body was an envelope with "ok": true.
  bool api_ok = false;
  std::optional<int> error_code;    // from an error envelope
  std::string description;          // the envelope's description, or why the body is not one
  std::optional<std::chrono::seconds> retry_after;
  bool malformed = false;           // an HTTP answer that is not a Bot API envelope

  bool answered() const { return response.curl_code == 0 && response.http_code != 0; }
  bool succeeded() const { return answered() && api_ok; }
};

}  // namespace tgperf::botapi
