#pragma once
// One timed Bot API request as curl-timing reports it: libcurl's numbers, the derived phases and
// the Bot API's verdict, as plain values (no libcurl types), so that every report (waterfall,
// statistics, write-out, JSON, advice) is a pure function of a list of records.
//
// Every string here is safe to print: URLs are redacted (`bot123456:***`) and error texts have
// passed through the token redaction before they were stored.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tgperf::report {

using Micros = std::chrono::microseconds;

// libcurl's cumulative instants, each from the start of the transfer (CURLINFO_*_TIME_T).
struct CurlTimes {
  Micros namelookup{0};
  Micros connect{0};
  Micros appconnect{0};
  Micros pretransfer{0};
  Micros starttransfer{0};
  Micros total{0};
  Micros redirect{0};
};

// The phases a person reads; empty where a phase did not happen (reused connection, plain HTTP,
// no answer). Never negative.
struct PhaseDurations {
  std::optional<Micros> dns;
  std::optional<Micros> tcp;
  std::optional<Micros> tls;
  std::optional<Micros> server;
  std::optional<Micros> transfer;
};

// A response header field, as the server spelled its name (values redacted like every string here).
struct ResponseHeader {
  std::string name;
  std::string value;
};

struct TimingRecord {
  int seq = 0;              // 1-based
  bool reused = false;      // the request reused a kept-alive connection (num_connects == 0)
  std::string method;       // "GET" or "POST"
  std::string url;          // redacted request URL (write-out url and url_effective)
  std::string scheme;       // "http" / "https"

  // Transport: curl's exit code and message (0 and empty when an HTTP answer arrived).
  int curl_code = 0;
  std::string errormsg;

  // The HTTP answer.
  long http_code = 0;       // 0: none
  std::string http_version; // "1.0", "1.1", "2", "3" or ""
  std::string content_type;
  std::string remote_ip;
  long remote_port = 0;
  std::string local_ip;
  long local_port = 0;
  long num_connects = 0;
  long num_redirects = 0;
  std::int64_t size_download = 0, size_upload = 0, size_header = 0, size_request = 0;
  double speed_download = 0, speed_upload = 0;  // bytes per second

  // The Bot API verdict. api_ok: the body was an envelope with "ok": true.
  bool api_ok = false;
  std::optional<int> error_code;    // from an error envelope
  std::string description;          // the envelope's description, or why the body is not one
  std::optional<std::chrono::seconds> retry_after;
  bool malformed = false;           // an HTTP answer that is not a Bot API envelope

  CurlTimes times;
  PhaseDurations phases;
  std::vector<ResponseHeader> headers;  // of the final response (write-out %header{} and %{header_json})

  bool answered() const { return curl_code == 0 && http_code != 0; }
  bool succeeded() const { return answered() && api_ok; }
};

}  // namespace tgperf::report
