#pragma once
// `tgperf doctor --local`: the embedded emulator set up the way a struggling bot leaves the Bot
// API, so a full diagnosis can be seen offline: a webhook that never answers (a listening socket
// nobody reads, so every delivery ends in "Read timeout expired") and a backlog of updates.
#include <memory>
#include <string>

namespace tgperf::doctor {

class LocalApi {
 public:
  // Starts it (TLS on loopback) and returns once the webhook has failed at least once, so that
  // getWebhookInfo already shows the error. Throws std::runtime_error when it cannot start.
  LocalApi();
  ~LocalApi();
  LocalApi(const LocalApi&) = delete;
  LocalApi& operator=(const LocalApi&) = delete;

  std::string base_url() const;
  std::string ca_file() const;
  // Its one bot answers to emulator::kDemoToken.

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgperf::doctor
