#pragma once
// The outcome of one HTTP exchange as a value: what the server answered, where the bytes went,
// how long each phase took, and libcurl's error when there was no answer.
//
// A Response never contains the request URL: the URL of a Bot API request holds the bot token,
// and nothing that reaches output may. `error` is libcurl's message, which names hosts but not
// paths; callers that print it still pass it through botapi::redact() as a last line of defence.
#include <cstdint>
#include <string>
#include <vector>

#include "tgperf/http/curl_codes.hpp"
#include "tgperf/http/phase_times.hpp"

namespace tgperf::http {

// One response header field as it arrived (the name in the server's spelling).
struct HeaderField {
  std::string name;
  std::string value;
};

struct Response {
  int curl_code = 0;      // CURLcode; 0 (CURLE_OK) when an HTTP answer arrived
  std::string error;      // libcurl's detailed message when curl_code != 0, else empty
  long http_code = 0;     // 0 when no answer arrived
  std::string body;
  std::string content_type;
  std::string http_version;  // "1.0", "1.1", "2", "3", or "" when unknown
  std::string scheme;        // "http" or "https" (lower case)
  std::string remote_ip;     // the address actually used (CURLINFO_PRIMARY_IP)
  long remote_port = 0;
  std::string local_ip;
  long local_port = 0;
  std::int64_t size_download = 0;  // body bytes received
  std::int64_t size_upload = 0;    // body bytes sent
  std::int64_t size_header = 0;    // response header bytes
  std::int64_t size_request = 0;   // request bytes sent (headers + body)
  double speed_download = 0;       // bytes per second, as curl reports it
  double speed_upload = 0;
  PhaseTimes times;
  std::vector<HeaderField> headers;  // of the final response; empty when none arrived

  bool transport_ok() const { return curl_code == curl_codes::kOk; }
  // A host name (the server's or the proxy's) that does not resolve: configuration, not a
  // measurement.
  bool name_unresolved() const {
    return curl_code == curl_codes::kCouldntResolveProxy || curl_code == curl_codes::kCouldntResolveHost;
  }
};

}  // namespace tgperf::http
