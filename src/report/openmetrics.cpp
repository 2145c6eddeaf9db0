#include "tgperf/report/openmetrics.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace tgperf::report {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool valid_metric_name(std::string_view name) {
  if (name.empty() || !(is_alpha(name[0]) || name[0] == '_' || name[0] == ':')) return false;
  for (char c : name) {
    if (!(is_alpha(c) || is_digit(c) || c == '_' || c == ':')) return false;
  }
  return true;
}

bool valid_label_name(std::string_view name) {
  if (name.empty() || !(is_alpha(name[0]) || name[0] == '_') || name.starts_with("__")) return false;
  for (char c : name) {
    if (!(is_alpha(c) || is_digit(c) || c == '_')) return false;
  }
  return true;
}

[[noreturn]] void invalid(const MetricFamily& family, const std::string& why) {
  throw std::invalid_argument("metric family '" + family.name + "': " + why);
}

void check_family(const MetricFamily& family) {
  if (!valid_metric_name(family.name)) invalid(family, "not a valid metric name");
  if (!family.unit.empty()) {
    if (!valid_metric_name(family.unit)) invalid(family, "unit '" + family.unit + "' is not a valid name part");
    if (!family.name.ends_with("_" + family.unit)) invalid(family, "the unit must be the name's suffix");
  }
  if (family.type == MetricType::counter && family.name.ends_with("_total")) {
    invalid(family, "a counter is named without '_total' (the sample gets it)");
  }
  for (const auto& point : family.points) {
    const bool summary_value = std::holds_alternative<SummaryValue>(point.value);
    const bool histogram_value = std::holds_alternative<HistogramValue>(point.value);
    if (summary_value != (family.type == MetricType::summary) ||
        histogram_value != (family.type == MetricType::histogram)) {
      invalid(family, "value does not match the type");
    }
    for (const auto& label : point.labels) {
      if (!valid_label_name(label.name)) invalid(family, "'" + label.name + "' is not a valid label name");
      if (family.type == MetricType::summary && label.name == "quantile") invalid(family, "'quantile' is reserved");
      if (family.type == MetricType::histogram && label.name == "le") invalid(family, "'le' is reserved");
    }
    if (const auto* h = std::get_if<HistogramValue>(&point.value)) {
      if (std::isnan(h->sum)) invalid(family, "NaN sum");
      for (std::size_t i = 0; i < h->buckets.size(); ++i) {
        const auto& b = h->buckets[i];
        if (std::isnan(b.le) || std::isinf(b.le)) invalid(family, "a bucket bound is not a finite number");
        if (i > 0 && (b.le <= h->buckets[i - 1].le || b.count < h->buckets[i - 1].count)) {
          invalid(family, "buckets are not ascending and cumulative");
        }
        if (b.count > h->count) invalid(family, "a bucket holds more than the count");
      }
      continue;
    }
    if (const auto* v = std::get_if<double>(&point.value)) {
      if (std::isnan(*v)) invalid(family, "NaN value");
      if (family.type == MetricType::counter && *v < 0) invalid(family, "negative counter");
    } else {
      const auto& s = std::get<SummaryValue>(point.value);
      if (std::isnan(s.sum)) invalid(family, "NaN sum");
      for (const auto& q : s.quantiles) {
        if (!(q.q >= 0 && q.q <= 1)) invalid(family, "quantile outside 0..1");
        if (std::isnan(q.value)) invalid(family, "NaN quantile value");
      }
    }
  }
}

// The HELP text. OpenMetrics escapes it like a label value; Prometheus' text format knows only
// `\\` and `\n` there (a `\"` would be an invalid escape to its parser).
std::string escape_help(std::string_view text, ExpositionFormat format) {
  if (format == ExpositionFormat::openmetrics) return escape_label_value(text);
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string label_set(const std::vector<MetricLabel>& labels, const MetricLabel* extra = nullptr) {
  if (labels.empty() && extra == nullptr) return "";
  std::string out = "{";
  bool first = true;
  auto add = [&](const MetricLabel& label) {
    if (!first) out += ',';
    first = false;
    out += label.name;
    out += "=\"";
    out += escape_label_value(label.value);
    out += '"';
  };
  for (const auto& label : labels) add(label);
  if (extra != nullptr) add(*extra);
  return out + "}";
}

// A counter of events is a whole number: written as one ("3", not "3.0") while it is exact.
std::string count_text(double value) {
  if (value == std::floor(value) && value < 9007199254740992.0) {
    return std::to_string(static_cast<std::uint64_t>(value));
  }
  return format_metric_number(value);
}

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::summary:
      return "summary";
    case MetricType::histogram:
      return "histogram";
  }
  return "unknown";
}

void render_family(std::string& out, const MetricFamily& family, ExpositionFormat format) {
  const bool om = format == ExpositionFormat::openmetrics;
  // The name the metadata lines carry: the family's in OpenMetrics, the sample's in Prometheus.
  const std::string sample_name = family.type == MetricType::counter ? family.name + "_total" : family.name;
  const std::string& meta_name = om ? family.name : sample_name;
  // Built with += : `" " + std::string&&` trips GCC 12's false -Wrestrict at -O3.
  std::string help;
  if (!family.help.empty()) help += ' ', help += escape_help(family.help, format);
  if (om) {
    out += "# TYPE " + meta_name + " " + std::string(type_name(family.type)) + "\n";
    if (!family.unit.empty()) out += "# UNIT " + meta_name + " " + family.unit + "\n";
    if (!family.help.empty()) out += "# HELP " + meta_name + help + "\n";
  } else {
    if (!family.help.empty()) out += "# HELP " + meta_name + help + "\n";
    out += "# TYPE " + meta_name + " " + std::string(type_name(family.type)) + "\n";
  }
  for (const auto& point : family.points) {
    if (const auto* v = std::get_if<double>(&point.value)) {
      out += sample_name + label_set(point.labels) + " " + (family.type == MetricType::counter ? count_text(*v) : format_metric_number(*v)) + "\n";
      continue;
    }
    if (const auto* h = std::get_if<HistogramValue>(&point.value)) {
      for (const auto& b : h->buckets) {
        const MetricLabel le{"le", format_metric_number(b.le)};
        out += family.name + "_bucket" + label_set(point.labels, &le) + " " + std::to_string(b.count) + "\n";
      }
      const MetricLabel inf{"le", "+Inf"};
      out += family.name + "_bucket" + label_set(point.labels, &inf) + " " + std::to_string(h->count) + "\n";
      out += family.name + "_sum" + label_set(point.labels) + " " + format_metric_number(h->sum) + "\n";
      out += family.name + "_count" + label_set(point.labels) + " " + std::to_string(h->count) + "\n";
      continue;
    }
    const auto& s = std::get<SummaryValue>(point.value);
    if (s.count > 0) {
      for (const auto& q : s.quantiles) {
        const MetricLabel quantile{"quantile", format_metric_number(q.q)};
        out += family.name + label_set(point.labels, &quantile) + " " + format_metric_number(q.value) + "\n";
      }
    }
    out += family.name + "_sum" + label_set(point.labels) + " " + format_metric_number(s.sum) + "\n";
    out += family.name + "_count" + label_set(point.labels) + " " + std::to_string(s.count) + "\n";
  }
}

}  // namespace

std::string_view to_string(ExpositionFormat format) {
  return format == ExpositionFormat::openmetrics ? "openmetrics" : "prometheus";
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_metric_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  // Shortest round-trip form (fixed or scientific, whichever is shorter).
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, end);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

double metric_seconds(double seconds) { return std::round(seconds * 1e9) / 1e9; }

std::string render_exposition(std::span<const MetricFamily> families, ExpositionFormat format) {
  std::string out;
  for (const auto& family : families) {
    check_family(family);
    render_family(out, family, format);
  }
  if (format == ExpositionFormat::openmetrics) out += "# EOF\n";
  return out;
}

}  // namespace tgperf::report
