#pragma once
// The read-only measurements of `tgperf doctor`: name resolution, TCP connects, a cold and a warm
// getMe (curl-timing's code), getWebhookInfo read twice, and the server's clock.
//
// It never disturbs a live bot: the only methods it calls are getMe and getWebhookInfo. Never
// getUpdates (it would steal the running bot's updates and get it a 409), never setWebhook,
// deleteWebhook, logOut or close.
#include <chrono>
#include <functional>
#include <stop_token>
#include <string_view>

#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/doctor/measurements.hpp"
#include "tgperf/http/transport_options.hpp"

namespace tgperf::doctor {

struct DoctorPlan {
  http::TransportOptions transport;        // connect and max time are set by gather() when unset
  int probes_per_address = 3;              // TCP connects per address
  int addresses_per_family = 2;            // of IPv4 and of IPv6 each
  Duration probe_timeout = std::chrono::seconds(2);
  Duration recheck_after = std::chrono::seconds(1);  // between the two getWebhookInfo reads
};

// Called before each step ("resolving", "TCP connects", ...), for a progress line.
using StepObserver = std::function<void(std::string_view step)>;

// Gathers everything; failures are measured, not thrown (an unreachable API is a finding). Throws
// UsageError only for an API root it cannot take apart. A stop request ends it early with what was
// gathered so far.
Measurements gather(const botapi::Endpoint& endpoint, const DoctorPlan& plan, const StepObserver& on_step = {},
                    std::stop_token stop = {});

}  // namespace tgperf::doctor
