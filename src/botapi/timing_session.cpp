#include "tgperf/botapi/timing_session.hpp"

#include "tgperf/botapi/outcome.hpp"

#include "tgperf/core/stoppable_wait.hpp"
#include "tgperf/http/easy.hpp"

namespace tgperf::botapi {
namespace {

// The verdict, and every string of the exchange made printable: libcurl's message (it names
// hosts, not paths; redacted anyway, it costs nothing), the envelope's description, and the
// header values (a Location or a server's own header could echo the request URL).
void judge(TimingRecord& record, const Endpoint& endpoint) {
  const Outcome outcome = interpret(record.response, endpoint);
  record.response.error = outcome.kind == Outcome::Kind::transport_error ? outcome.description : "";
  for (auto& header : record.response.headers) header.value = redact_secrets(header.value);
  if (!record.answered()) return;
  switch (outcome.kind) {
    case Outcome::Kind::ok:
      record.api_ok = true;
      break;
    case Outcome::Kind::api_error:
      record.error_code = outcome.error.error_code;
      record.description = outcome.error.description;
      record.retry_after = outcome.error.retry_after;
      break;
    case Outcome::Kind::malformed:
      record.malformed = true;
      record.description = outcome.description;
      break;
    case Outcome::Kind::transport_error:
    case Outcome::Kind::cancelled:
      break;
  }
}

}  // namespace

TimingSession::TimingSession(Endpoint endpoint, TimingPlan plan)
    : endpoint_(std::move(endpoint)), plan_(std::move(plan)) {}

std::vector<TimingRecord> TimingSession::run(
    const std::function<void(const TimingRecord&)>& on_exchange, std::stop_token stop) {
  const EncodedRequest encoded = encode(endpoint_, plan_.request, plan_.encoding);
  const http::TransportOptions transport =
      plan_.fresh ? http::TransportOptions::cold(plan_.transport) : plan_.transport;
  http::Easy easy;  // one handle for the run: its connection cache is what makes requests warm
  std::vector<TimingRecord> exchanges;
  for (int seq = 1; seq <= plan_.count && !stop.stop_requested(); ++seq) {
    if (seq > 1 && plan_.interval.count() > 0 && !sleep_unless_stopped(stop, plan_.interval)) break;
    easy.reset();
    configure(easy, encoded, transport);
    easy.set_abort_check([&stop] { return stop.stop_requested(); });

    TimingRecord x;
    x.seq = seq;
    x.method = encoded.http_method;
    x.url = encoded.redacted_url;
    x.response = easy.perform();
    // A request the user cut short measured nothing: it is left out, whatever it had done so far,
    // so the counts (and the exit status) do not depend on where the signal landed.
    if (!x.response.transport_ok() && stop.stop_requested()) break;
    x.phases = http::derive_phases(x.response.times);
    judge(x, endpoint_);
    x.response.body.clear();  // may echo the request; not needed past the verdict
    if (on_exchange) on_exchange(x);
    exchanges.push_back(std::move(x));
  }
  return exchanges;
}

}  // namespace tgperf::botapi
