#pragma once
// A small, pure writer of metric expositions for monitoring systems, in two dialects of one model:
//
// - OpenMetrics 1.0 text (https://github.com/OpenObservability/OpenMetrics): `# TYPE`, `# UNIT`,
//   `# HELP` per family; a counter family `foo` exposes the sample `foo_total`; ends in `# EOF`.
// - Prometheus text 0.0.4: what node_exporter's textfile collector and `promtool check metrics`
//   read. A counter is named `foo_total` in its `# HELP`/`# TYPE` lines too, there is no UNIT line
//   and no `# EOF` (Prometheus' text parser would make the counter an untyped `foo_total` without
//   help otherwise, which promtool reports as a problem).
//
// The writer never invents a number: a summary with no observations exposes `_count 0` and
// `_sum 0.0` and no quantile samples (the OpenMetrics alternative would be NaN quantiles, which
// dashboards turn into gaps or errors).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tgperf::report {

enum class ExpositionFormat { openmetrics, prometheus };

// "openmetrics" / "prometheus".
std::string_view to_string(ExpositionFormat format);

enum class MetricType { counter, gauge, summary, histogram };

struct MetricLabel {
  std::string name;   // [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"
  std::string value;  // any UTF-8; escaped when written
};

struct Quantile {
  double q = 0;      // 0..1, e.g. 0.5
  double value = 0;  // in the family's unit
};

struct SummaryValue {
  std::uint64_t count = 0;
  double sum = 0;                  // in the family's unit
  std::vector<Quantile> quantiles;  // left out when written if count == 0
};

// A histogram: how many observations fell at or below each bound (cumulative, bounds ascending).
// The writer adds the `le="+Inf"` bucket itself, which holds `count`.
struct HistogramBucketCount {
  double le = 0;             // upper bound, inclusive, in the family's unit
  std::uint64_t count = 0;   // observations <= le
};

struct HistogramValue {
  std::uint64_t count = 0;
  double sum = 0;  // in the family's unit
  std::vector<HistogramBucketCount> buckets;
};

// One labelled series of a family: a counter's total or a gauge's value (double), a summary or a
// histogram.
struct MetricPoint {
  std::vector<MetricLabel> labels;
  std::variant<double, SummaryValue, HistogramValue> value;
};

struct MetricFamily {
  std::string name;  // without the counter's `_total`; ends in `_<unit>` when unit is set
  MetricType type = MetricType::gauge;
  std::string unit;  // "" or a base unit such as "seconds"
  std::string help;  // one line of plain text (escaped when written)
  std::vector<MetricPoint> points;
};

// The whole exposition, every line ending in '\n'. Throws std::invalid_argument for a family the
// format cannot express (bad metric or label name, unit not a suffix of the name, counter name
// ending in `_total`, a counter/gauge given a summary value or the other way round, a summary
// with a `quantile` label, a histogram with an `le` label or with buckets not ascending or not
// cumulative, a negative counter or NaN where a number is needed); these are bugs
// of the caller, not user input.
std::string render_exposition(std::span<const MetricFamily> families, ExpositionFormat format);

// A label value or OpenMetrics HELP text escaped: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);

// A number as both formats read it: the shortest text that reads back as the same double, with
// ".0" added to an integral value so that it reads as a float ("0.5", "1.0", "1.5e-05");
// "NaN", "+Inf", "-Inf" for the special values.
std::string format_metric_number(double value);

// Seconds rounded to whole nanoseconds, for values derived from measurements (a ms -> s division,
// an interpolated quantile): no clock here resolves finer, and the rounding keeps binary noise such
// as 2.1000000000000002e-05 out of the text.
double metric_seconds(double seconds);

}  // namespace tgperf::report
