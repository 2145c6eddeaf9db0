#include "tgperf/botapi/timing_session.hpp"

#include "tgperf/core/stoppable_wait.hpp"
#include "tgperf/http/easy.hpp"

namespace tgperf::botapi {

TimingSession::TimingSession(Endpoint endpoint, TimingPlan plan)
    : endpoint_(std::move(endpoint)), plan_(std::move(plan)) {}

std::vector<TimedExchange> TimingSession::run(
    const std::function<void(const TimedExchange&)>& on_exchange, std::stop_token stop) {
  const EncodedRequest encoded = encode(endpoint_, plan_.request, plan_.encoding);
  const http::TransportOptions transport =
      plan_.fresh ? http::TransportOptions::cold(plan_.transport) : plan_.transport;
  http::Easy easy;  // one handle for the run: its connection cache is what makes requests warm
  std::vector<TimedExchange> exchanges;
  for (int seq = 1; seq <= plan_.count && !stop.stop_requested(); ++seq) {
    if (seq > 1 && plan_.interval.count() > 0 && !sleep_unless_stopped(stop, plan_.interval)) break;
    easy.reset();
    configure(easy, encoded, transport);
    easy.set_abort_check([&stop] { return stop.stop_requested(); });

    TimedExchange x;
    x.seq = seq;
    x.method = encoded.http_method;
    x.redacted_url = encoded.redacted_url;
    x.response = easy.perform();
    // A request the user cut short measured nothing: it is left out, whatever it had done so far,
    // so the counts (and the exit status) do not depend on where the signal landed.
    if (!x.response.transport_ok() && stop.stop_requested()) break;
    // libcurl's messages name hosts, not paths; redact anyway, it costs nothing.
    x.response.error = redact(redact_secrets(x.response.error), endpoint_.token());
    x.phases = http::derive_phases(x.response.times);
    if (x.response.transport_ok() && x.response.http_code != 0) {
      try {
        Envelope e = parse_envelope(x.response.body, x.response.http_code);
        e.result = nullptr;
        e.error.description = redact(redact_secrets(e.error.description), endpoint_.token());
        x.envelope = std::move(e);
      } catch (const MalformedResponse& m) {
        x.malformed = m.what();
      }
    }
    x.response.body.clear();  // may echo the request; not needed past the verdict
    if (on_exchange) on_exchange(x);
    exchanges.push_back(std::move(x));
  }
  return exchanges;
}

}  // namespace tgperf::botapi
