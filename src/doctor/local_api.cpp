// The demo behind `tgperf doctor --local`: a bot whose webhook never answers, with a backlog.
#include "tgperf/doctor/local_api.hpp"

#include <chrono>
#include <stdexcept>

#include "tgperf/botapi/client.hpp"
#include "tgperf/core/stoppable_wait.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/probe/local_listener.hpp"

namespace tgperf::doctor {
namespace {

// A backlog as the trackers report them, small enough to set up in a moment.
constexpr int kDemoBacklog = 120;
// The webhook gets this long to answer (Telegram: 60 s), so the demo fails within a second.
constexpr auto kDemoWebhookTimeout = std::chrono::milliseconds(500);
constexpr auto kSetUpLimit = std::chrono::seconds(10);

}  // namespace

struct LocalApi::Impl {
  // A webhook that accepts connections (the kernel completes them) and never reads: every delivery
  // ends in "Read timeout expired", as a bot that works before it answers does.
  probe::LocalListener silent_webhook;
  std::unique_ptr<emulator::Emulator> server;
};

LocalApi::LocalApi() : impl_(std::make_unique<Impl>()) {
  emulator::EmulatorOptions options;
  options.tls = true;
  options.tokens = {emulator::kDemoToken};
  options.messages = kDemoBacklog;
  options.chats = 12;
  options.webhook_url = "http://127.0.0.1:" + std::to_string(impl_->silent_webhook.port()) + "/webhook";
  options.webhook_timeout = kDemoWebhookTimeout;
  impl_->server = std::make_unique<emulator::Emulator>(options);

  // Wait until the webhook has failed once, so that getWebhookInfo has an error to show.
  botapi::ClientOptions client_options;
  client_options.transport.ca_file = impl_->server->certificate_file();
  botapi::Client client(botapi::Endpoint(impl_->server->base_url(), botapi::Token::parse(emulator::kDemoToken)), client_options);
  const auto deadline = std::chrono::steady_clock::now() + kSetUpLimit;
  while (!client.call(botapi::get_webhook_info()).contains("last_error_date")) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("the local demo's webhook did not fail in time");
    sleep_unless_stopped({}, std::chrono::milliseconds(50));
  }
}

LocalApi::~LocalApi() = default;

std::string LocalApi::base_url() const { return impl_->server->base_url(); }
std::string LocalApi::ca_file() const { return impl_->server->certificate_file(); }

}  // namespace tgperf::doctor
