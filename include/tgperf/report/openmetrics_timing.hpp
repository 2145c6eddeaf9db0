#pragma once
// `tgperf curl-timing` as metrics (see openmetrics.hpp for the two text formats):
//
//   tgperf_curl_timing_requests_total{method="getMe",host="api.telegram.org",status="ok"}
//       counter, one series per status, zeros included: ok (the Bot API said ok), api_error (an
//       error envelope such as 401 or 429), malformed (an HTTP answer that is no Bot API
//       envelope), no_answer (no HTTP answer: DNS, connect, TLS or timeout failure);
//   tgperf_curl_timing_phase_seconds{method,host,connection="new|reused",phase="dns|tcp|tls|server|transfer|total"}
//       one summary per phase and connection kind, over the requests that got an HTTP answer.
//       A reused connection has no dns/tcp/tls phase: those series exist for connection="new"
//       only, and a phase that did not happen is not observed (never a zero or a negative time).
//
// Labels never carry the token or the URL path: the host label is the API root's host[:port].
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tgperf/report/openmetrics.hpp"
#include "tgperf/botapi/timing_record.hpp"
#include "tgperf/report/timing_summary.hpp"

namespace tgperf::report {

struct TimingMetricLabels {
  std::string method;  // the Bot API method, e.g. "getMe"
  std::string host;    // see api_host_label
};

// "api.telegram.org" from "https://api.telegram.org", "127.0.0.1:8081" from
// "http://user:pw@127.0.0.1:8081/prefix/": scheme, credentials and path are dropped.
std::string api_host_label(std::string_view api_root);

// The status label of one request (see above).
std::string_view timing_status_label(const botapi::TimingRecord& record);

std::vector<MetricFamily> timing_metrics(std::span<const botapi::TimingRecord> records, const TimingSummary& summary,
                                         const TimingMetricLabels& labels);

}  // namespace tgperf::report
