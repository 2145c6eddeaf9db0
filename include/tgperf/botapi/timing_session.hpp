#pragma once
// curl-timing's measurement: the same Bot API request sent N times on one libcurl handle, each
// exchange timed by libcurl and judged by the Bot API envelope.
//
// Connection policy: by default the first request opens the connection (cold) and the rest reuse
// it (warm), as a bot with a persistent session does; `fresh` makes every request cold (new
// connection, no DNS cache, no TLS session resumption). Nothing is printed here; the caller gets
// each exchange as it completes.
#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/request.hpp"
#include "tgperf/botapi/timing_record.hpp"
#include "tgperf/http/transport_options.hpp"

namespace tgperf::botapi {

struct TimingPlan {
  Request request = get_me();
  Encoding encoding = Encoding::query;  // the wiki's curl: GET with a query string
  http::TransportOptions transport;
  int count = 5;
  std::chrono::nanoseconds interval{0};  // pause between the end of one request and the next
  bool fresh = false;                    // every request cold
};

class TimingSession {
 public:
  TimingSession(Endpoint endpoint, TimingPlan plan);

  // Runs the plan; a stop request ends it early, returning the requests that completed (the one
  // in flight is abandoned and left out). `on_exchange` is called after each request.
  std::vector<TimingRecord> run(const std::function<void(const TimingRecord&)>& on_exchange = {},
                                 std::stop_token stop = {});

 private:
  Endpoint endpoint_;
  TimingPlan plan_;
};

}  // namespace tgperf::botapi
