#pragma once
// What `tgperf doctor` gathers about a bot and its path to the Bot API, as plain values: the rules
// (rules.hpp) read only this, so every diagnosis can be tested without a network.
//
// Times are milliseconds. A phase or figure that was not measured is absent (std::nullopt), never
// zero: a reused connection has no DNS, TCP or TLS phase; a server without a Date header gives no
// clock offset.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tgperf::doctor {

// Every A and AAAA address of the API host, and how long the lookup took.
struct DnsMeasurement {
  std::string host;
  std::uint16_t port = 0;
  bool literal = false;               // the host is an address: nothing was looked up
  std::optional<double> lookup_ms;    // absent when the lookup failed
  std::vector<std::string> ipv4, ipv6;
  std::string error;                  // why the lookup failed, else empty
  bool resolved() const { return !ipv4.empty() || !ipv6.empty(); }
};

// TCP connects to one address: the handshake is one round trip.
struct AddressRtt {
  std::string address;
  int ip_version = 4;            // 4 or 6
  int probes = 0;                // probes sent
  std::vector<double> rtt_ms;    // of the probes that connected
  std::string failure;           // how the last failed probe ended ("refused", "timeout", ...), else empty
  std::optional<double> median_ms() const;
};

// One getMe, from the curl-timing code: the phases libcurl saw.
struct RequestTiming {
  bool reused = false;  // rode the previous request's connection: no dns, tcp or tls
  std::optional<double> dns_ms, tcp_ms, tls_ms, server_ms, transfer_ms;
  double total_ms = 0;
  long http_code = 0;           // 0 when no HTTP answer arrived
  std::string transport_error;  // libcurl's message (redacted) when no answer arrived, else empty
  std::string remote_ip;
  bool answered() const { return transport_error.empty() && http_code != 0; }
};

struct TimingMeasurement {
  std::optional<RequestTiming> cold;  // on a new connection
  std::optional<RequestTiming> warm;  // the next one, on the same handle
};

// getMe's verdict on the token.
struct BotMeasurement {
  bool answered = false;     // the Bot API answered getMe (either way)
  bool token_valid = false;
  std::string username;      // without '@'; empty when unknown
  int error_code = 0;        // getMe's error envelope, when the token was refused
  std::string description;
};

// getWebhookInfo, read twice a moment apart: a count that does not move says nobody consumes.
struct WebhookMeasurement {
  bool read = false;               // getWebhookInfo answered ok
  std::string error;               // why it could not be read, else empty
  bool webhook_set = false;        // false: the bot is meant to poll (getUpdates)
  std::string url_host;            // the webhook URL's host only: the path can hold a secret
  std::int64_t pending_update_count = 0;
  std::optional<std::int64_t> pending_update_count_later;  // the second read
  double recheck_after_s = 0;      // between the two reads
  std::optional<std::int64_t> last_error_date;  // unix time
  std::optional<double> last_error_age_s;       // from the local clock at the read
  std::string last_error_message;
  std::optional<int> max_connections;
  std::string ip_address;
};

// The server's Date header against the local clock.
struct ClockMeasurement {
  std::optional<double> offset_s;  // server minus local (Date has whole seconds: ±0.5 s)
  std::string server_date;         // the header as sent
};

// A time for people: "45 us", "2.6 ms", "230 ms", "1.25 s".
std::string format_ms(double milliseconds);

struct Measurements {
  std::string api_root;  // redacted: never a token, never URL userinfo
  DnsMeasurement dns;
  std::vector<AddressRtt> tcp;
  TimingMeasurement timing;
  BotMeasurement bot;
  WebhookMeasurement webhook;
  ClockMeasurement clock;
};

}  // namespace tgperf::doctor
