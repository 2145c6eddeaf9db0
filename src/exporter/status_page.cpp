#include "tgperf/exporter/status_page.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace tgperf::exporter {

std::string escape_html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_status_page(const ExporterConfig& config, std::span<const RecentProbe> recent,
                               const std::string& version) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tgperf exporter</title></head><body>\n"
      "<h1>tgperf exporter {}</h1>\n<p><a href=\"/metrics\">/metrics</a> &middot; "
      "<code>/probe?target=HOST:PORT&amp;module=NAME</code></p>\n<h2>Modules</h2>\n<table border=\"1\">\n"
      "<tr><th>module</th><th>prober</th><th>count</th><th>timeout</th></tr>\n",
      escape_html(version));
  for (const auto& [name, m] : config.modules) {
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", escape_html(name), to_string(m.prober),
                        m.prober == ProberKind::webhook ? 1 : m.count, format_duration(m.timeout));
  }
  html += "</table>\n<h2>Recent probes</h2>\n";
  if (recent.empty()) {
    html += "<p>none yet</p>\n";
  } else {
    html += "<table border=\"1\">\n<tr><th>time (UTC)</th><th>module</th><th>target</th><th>result</th><th>duration</th></tr>\n";
    for (const auto& p : recent) {
      html += fmt::format("<tr><td>{:%Y-%m-%d %H:%M:%S}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                          std::chrono::floor<std::chrono::seconds>(p.at), escape_html(p.module), escape_html(p.target),
                          p.success ? "success" : "failure: " + escape_html(p.failure), format_duration(p.duration));
    }
    html += "</table>\n";
  }
  return html + "</body></html>\n";
}

}  // namespace tgperf::exporter
