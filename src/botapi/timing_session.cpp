#include "tgperf/botapi/timing_session.hpp"

#include "tgperf/core/interrupt.hpp"
#include "tgperf/http/easy.hpp"

namespace tgperf::botapi {

TimingSession::TimingSession(Endpoint endpoint, TimingPlan plan)
    : endpoint_(std::move(endpoint)), plan_(std::move(plan)) {}

std::vector<TimedExchange> TimingSession::run(
    const std::function<void(const TimedExchange&)>& on_exchange) {
  const EncodedRequest encoded = encode(endpoint_, plan_.request, plan_.encoding);
  const http::TransportOptions transport =
      plan_.fresh ? http::TransportOptions::cold(plan_.transport) : plan_.transport;
  http::Easy easy;  // one handle for the run: its connection cache is what makes requests warm
  std::vector<TimedExchange> exchanges;
  for (int seq = 1; seq <= plan_.count && !interrupt_requested(); ++seq) {
    if (seq > 1 && plan_.interval.count() > 0 && !sleep_unless_interrupted(plan_.interval)) break;
    easy.reset();
    configure(easy, encoded, transport);
    easy.set_abort_check([] { return interrupt_requested(); });

    TimedExchange x;
    x.seq = seq;
    x.method = encoded.http_method;
    x.redacted_url = encoded.redacted_url;
    x.response = easy.perform();
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
