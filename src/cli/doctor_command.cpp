// tgperf doctor: one command, one ranked diagnosis for "my bot is slow".
//
// Flags -> Endpoint (or --local's demo API) -> doctor::gather (read-only measurements) ->
// doctor::diagnose (rules) -> doctor::render_text / to_json -> exit status from the findings.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/token_source.hpp"
#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/bounded_file.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/terminal.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/doctor/gather.hpp"
#include "tgperf/doctor/local_api.hpp"
#include "tgperf/doctor/render.hpp"
#include "tgperf/doctor/rules.hpp"

namespace tgperf::cli {
namespace {

struct DoctorFlags {
  std::string token;
  std::string token_file;
  std::string api_url{botapi::kDefaultApiRoot};
  std::string cacert;
  bool local = false;
  bool json = false;
  bool no_color = false;
};

int run_doctor(const DoctorFlags& f) {
  const std::optional<botapi::Token> given = botapi::token_from_flags(f.token, f.token_file);
  check_local_without_api_url(f.local, f.api_url);
  if (f.local && given) throw UsageError("--local runs its own demo bot: drop the token");
  const botapi::Token token = token_or_demo(given, f.local);
  doctor::DoctorPlan plan;
  plan.transport.user_agent = "tgperf/" TGPERF_VERSION;
  if (!f.cacert.empty()) check_input_file(f.cacert, "--cacert", kMaxCaBundleBytes);
  plan.transport.ca_file = f.cacert;
  std::string api_url = f.api_url;
  std::unique_ptr<doctor::LocalApi> local;
  if (f.local) {
    if (!f.cacert.empty()) throw UsageError("--cacert has no effect with --local (it trusts its own certificate)");
    local = std::make_unique<doctor::LocalApi>();
    api_url = local->base_url();
    plan.transport.ca_file = local->ca_file();
  }
  const botapi::Endpoint endpoint(api_url, token);

  SignalStop signals;  // Ctrl-C: diagnose what was gathered so far
  ProgressLine progress;
  const doctor::Measurements measured =
      doctor::gather(endpoint, plan, [&progress](std::string_view step) { progress.update("doctor: " + std::string(step), true); },
                     signals.token());
  progress.clear();
  const std::vector<doctor::Finding> findings = doctor::diagnose(measured);
  if (f.json) {
    std::cout << doctor::to_json(measured, findings).dump(2) << '\n';
  } else {
    std::cout << doctor::render_text(measured, findings, stdout_color_enabled(f.no_color));
  }
  std::cout.flush();
  if (signals.signalled()) std::cerr << "tgperf: interrupted: the diagnosis covers what was measured so far\n";
  return doctor::exit_status(findings);
}

}  // namespace

void add_doctor_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<DoctorFlags>();
  auto* sub = app.add_subcommand("doctor", "Diagnose a slow bot: network, token, webhook and backlog, "
                                           "ranked findings with the numbers and what to do (read-only)");
  add_token_options(*sub, flags->token, flags->token_file);
  sub->add_option("--api-url", flags->api_url, "Bot API root (e.g. a local Bot API server)")->capture_default_str();
  sub->add_option("--cacert", flags->cacert, "CA certificate file to verify the API server with");
  sub->add_flag("--local", flags->local,
                "diagnose the embedded emulator, set up with a webhook that times out and a backlog (no token, offline)");
  sub->add_flag("--json", flags->json, "findings and raw measurements (dns, tcp, timing, webhook, bot, clock) as JSON");
  sub->add_flag("--no-color", flags->no_color, "no colours (NO_COLOR is honoured too)");
  sub->footer(
      "Examples:\n"
      "  tgperf doctor --local                            # try it: a full diagnosis, offline\n"
      "  tgperf doctor --token-file ~/.bot-token\n"
      "  TGPERF_TOKEN=... tgperf doctor --api-url http://127.0.0.1:8081 --json\n"
      "It only reads: getMe and getWebhookInfo, never getUpdates (which would take a running bot's\n"
      "updates), setWebhook, deleteWebhook, logOut or close. It takes a few seconds.\n"
      "Exit status: 0 no finding above info, 1 findings to act on, 2 bad input.");
  sub->callback([flags, &run] { run = [flags] { return run_doctor(*flags); }; });
}

}  // namespace tgperf::cli
