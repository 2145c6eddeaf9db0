#pragma once
// A POST of a JSON body to a URL of the caller's choosing, with extra headers: how a server pushes
// to a client (the emulator's webhook deliveries), as opposed to a Bot API call (botapi::configure).
#include <string>
#include <vector>

namespace tgperf::http {

class Easy;
struct TransportOptions;

struct JsonPost {
  std::string url;
  std::string body;                  // sent as application/json
  std::vector<std::string> headers;  // extra "Name: value" headers
};

// Loads `post` onto `easy` (after easy.reset()), then the transport options (timeouts, CA file).
void configure(Easy& easy, const JsonPost& post, const TransportOptions& transport);

}  // namespace tgperf::http
