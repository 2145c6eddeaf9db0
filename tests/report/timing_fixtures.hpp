#pragma once
// Records shaped like what libcurl reports for curl-timing, for the report tests.
#include <optional>

#include "tgperf/botapi/timing_record.hpp"

namespace timing_fixtures {

using tgperf::http::Micros;
namespace botapi = tgperf::botapi;

// A cold HTTPS getMe: dns 4 ms, tcp 37 ms, tls 78 ms, server 37 ms, transfer 0.3 ms.
inline botapi::TimingRecord cold_https(int seq = 1) {
  botapi::TimingRecord r;
  r.seq = seq;
  r.method = "GET";
  r.url = "https://api.telegram.org/bot123456:***/getMe";
  r.response.scheme = "https";
  r.response.http_code = 200;
  r.response.http_version = "1.1";
  r.response.content_type = "application/json";
  r.response.remote_ip = "149.154.167.220";
  r.response.remote_port = 443;
  r.response.local_ip = "10.0.0.2";
  r.response.local_port = 50000;
  r.response.size_download = 250;
  r.response.speed_download = 1602.56;
  r.api_ok = true;
  r.response.times = {Micros(4000), Micros(41000), Micros(119000), Micros(119100), Micros(156000),
                      Micros(156300), Micros(0), std::nullopt, std::nullopt};
  r.response.times.num_connects = 1;
  r.phases = {Micros(4000), Micros(37000), Micros(78000), Micros(36900), Micros(300)};
  return r;
}

// The same request on the reused connection: no dns/tcp/tls.
inline botapi::TimingRecord warm_https(int seq, Micros server = Micros(36000)) {
  botapi::TimingRecord r = cold_https(seq);
  r.response.times = {Micros(20), Micros(0), Micros(0), Micros(60), Micros(60) + server,
                      Micros(60) + server + Micros(200), Micros(0), std::nullopt, std::nullopt};
  r.response.times.num_connects = 0;
  r.phases = {std::nullopt, std::nullopt, std::nullopt, server, Micros(200)};
  r.phases.reused = true;
  return r;
}

inline botapi::TimingRecord api_error(int code, const char* description, int seq = 1) {
  botapi::TimingRecord r = cold_https(seq);
  r.response.http_code = code;
  r.api_ok = false;
  r.error_code = code;
  r.description = description;
  return r;
}

inline botapi::TimingRecord refused(int seq = 1) {
  botapi::TimingRecord r;
  r.seq = seq;
  r.method = "GET";
  r.url = "https://127.0.0.1:9/bot123456:***/getMe";
  r.response.curl_code = 7;
  r.response.error = "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server";
  r.response.times.num_connects = 0;
  r.response.times.namelookup = Micros(30);
  r.response.times.total = Micros(250);
  return r;
}

}  // namespace timing_fixtures
