#include "tgperf/exporter/timing_records.hpp"

namespace tgperf::exporter {

report::TimingRecord timing_record(const botapi::TimedExchange& x) {
  const http::Response& r = x.response;
  report::TimingRecord rec;
  rec.seq = x.seq;
  rec.reused = x.phases.reused;
  rec.method = x.method;
  rec.scheme = r.scheme;
  rec.curl_code = r.curl_code;
  rec.http_code = r.http_code;
  rec.num_connects = r.times.num_connects;
  if (x.envelope) {
    rec.api_ok = x.envelope->ok;
    if (!x.envelope->ok) rec.error_code = x.envelope->error.error_code;
  } else if (!x.malformed.empty()) {
    rec.malformed = true;
  }
  rec.times = {r.times.namelookup, r.times.connect,       r.times.appconnect, r.times.pretransfer,
               r.times.starttransfer, r.times.total, r.times.redirect};
  rec.phases = {x.phases.dns, x.phases.tcp, x.phases.tls, x.phases.server, x.phases.transfer};
  return rec;
}

}  // namespace tgperf::exporter
