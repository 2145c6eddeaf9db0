#include "tgperf/botapi/outcome.hpp"

#include "tgperf/botapi/errors.hpp"
#include "tgperf/botapi/token.hpp"

namespace tgperf::botapi {

Outcome Outcome::cancelled_call() {
  Outcome o;
  o.kind = Kind::cancelled;
  o.description = "cancelled";
  return o;
}

Outcome interpret(const http::Response& response, const Endpoint& endpoint, ResultUse use) {
  Outcome o;
  if (!response.transport_ok()) {
    o.kind = Outcome::Kind::transport_error;
    o.curl_code = response.curl_code;
    o.description = redact(redact_secrets(response.error), endpoint.token());
    return o;
  }
  o.http_code = response.http_code;
  Envelope envelope;
  try {
    envelope = parse_envelope(response.body, response.http_code, use);
  } catch (const MalformedResponse& e) {
    o.kind = Outcome::Kind::malformed;
    o.description = e.what();  // describes the body without quoting it
    return o;
  }
  if (!envelope.ok) {
    o.kind = Outcome::Kind::api_error;
    envelope.error.description = redact(redact_secrets(envelope.error.description), endpoint.token());
    o.error = std::move(envelope.error);
    o.description = describe(o.error);
    return o;
  }
  o.result = std::move(envelope.result);
  return o;
}

void throw_failure(Outcome failed) {
  if (failed.kind == Outcome::Kind::api_error) throw ApiException(std::move(failed.error));
  if (failed.kind == Outcome::Kind::cancelled) throw Cancelled();
  // transport_error, malformed (and, misused, ok: an empty description)
  throw NetworkError(failed.description, failed.curl_code, failed.http_code);
}

nlohmann::json result_or_throw(Outcome outcome) {
  if (!outcome.ok()) throw_failure(std::move(outcome));
  return std::move(outcome.result);
}

}  // namespace tgperf::botapi
