#pragma once
// The exporter's / page: a small HTML page listing the modules and the most recent probes, for a
// person checking that the exporter is alive (Prometheus reads /probe and /metrics).
#include <span>
#include <string>

#include "tgperf/exporter/config.hpp"
#include "tgperf/exporter/exporter_stats.hpp"

namespace tgperf::exporter {

// Every text from outside (targets, failures) is HTML-escaped.
std::string render_status_page(const ExporterConfig& config, std::span<const RecentProbe> recent,
                               const std::string& version);

std::string escape_html(std::string_view text);

}  // namespace tgperf::exporter
