#pragma once
// A strict reader of OpenMetrics 1.0 text for the tests: it accepts only what the specification's
// ABNF and rules allow (and what tgperf promises on top: every family has a TYPE, no timestamps),
// and throws std::runtime_error naming the line for anything else. Written from the specification
// (https://github.com/OpenObservability/OpenMetrics, specification/OpenMetrics.md), independently
// of tgperf's writer, so that a test comparing the two means something.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tgperf::test {

struct OmSample {
  std::string name;
  std::map<std::string, std::string> labels;  // unescaped values
  double value = 0;
  std::string value_text;
};

struct OmFamily {
  std::string name, type, unit, help;
  std::vector<OmSample> samples;
};

struct OmExposition {
  std::vector<OmFamily> families;
  const OmFamily* find(std::string_view name) const {
    for (const auto& f : families) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
};

namespace om_detail {

inline bool metric_name_ok(std::string_view n) {
  if (n.empty() || !(std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_' || n[0] == ':')) return false;
  for (char c : n) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':')) return false;
  }
  return true;
}

inline bool label_name_ok(std::string_view n) {
  if (n.empty() || !(std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_')) return false;
  for (char c : n) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

// realnumber of the ABNF, or [sign] inf / infinity / nan (case-insensitive).
inline bool number_ok(std::string_view t) {
  std::string lower;
  for (char c : t) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view s = lower;
  if (s == "nan") return true;
  std::string_view unsigned_part = s;
  if (!unsigned_part.empty() && (unsigned_part[0] == '+' || unsigned_part[0] == '-')) unsigned_part.remove_prefix(1);
  if (unsigned_part == "inf" || unsigned_part == "infinity") return true;
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < unsigned_part.size() && std::isdigit(static_cast<unsigned char>(unsigned_part[i]))) ++i;
    return i - start;
  };
  const std::size_t before = digits();
  std::size_t after = 0;
  if (i < unsigned_part.size() && unsigned_part[i] == '.') {
    ++i;
    after = digits();
  }
  if (before + after == 0) return false;
  if (i < unsigned_part.size() && unsigned_part[i] == 'e') {
    ++i;
    if (i < unsigned_part.size() && (unsigned_part[i] == '+' || unsigned_part[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == unsigned_part.size();
}

// The escaped-string of the ABNF up to the closing quote; `pos` is just after the opening quote.
inline std::string unescape_until_quote(std::string_view line, std::size_t& pos) {
  std::string out;
  while (pos < line.size() && line[pos] != '"') {
    if (line[pos] == '\\') {
      if (pos + 1 >= line.size()) throw std::runtime_error("dangling backslash");
      const char e = line[pos + 1];
      if (e == 'n') {
        out += '\n';
      } else if (e == '"' || e == '\\') {
        out += e;
      } else {
        throw std::runtime_error(std::string("undefined escape \\") + e);
      }
      pos += 2;
    } else {
      out += line[pos++];
    }
  }
  if (pos >= line.size()) throw std::runtime_error("unterminated label value");
  ++pos;
  return out;
}

inline std::string unescape_help(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') throw std::runtime_error("unescaped double quote in HELP");
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (i + 1 >= text.size()) throw std::runtime_error("dangling backslash in HELP");
    const char e = text[++i];
    if (e == 'n') {
      out += '\n';
    } else if (e == '"' || e == '\\') {
      out += e;
    } else {
      throw std::runtime_error(std::string("undefined escape in HELP \\") + e);
    }
  }
  return out;
}

// The sample names a family of this type may expose.
inline bool sample_belongs(const OmFamily& f, std::string_view name) {
  auto is = [&](std::string_view suffix) { return name == f.name + std::string(suffix); };
  if (f.type == "counter") return is("_total") || is("_created");
  if (f.type == "summary") return is("") || is("_sum") || is("_count") || is("_created");
  if (f.type == "gauge" || f.type == "unknown") return is("");
  if (f.type == "histogram") return is("_bucket") || is("_sum") || is("_count") || is("_created");
  return false;  // gaugehistogram, stateset, info...: tgperf exposes none
}

}  // namespace om_detail

// Parses and checks a whole exposition. Throws std::runtime_error("line N: why").
inline OmExposition parse_openmetrics(std::string_view text) {
  using namespace om_detail;
  OmExposition out;
  if (text.empty() || text.back() != '\n') throw std::runtime_error("the exposition must end in a line feed");
  if (text.find('\r') != std::string_view::npos) throw std::runtime_error("carriage return in the exposition");
  std::set<std::string> seen_families;
  std::set<std::string> seen_series;  // sample name + label set: a metric point appears once
  bool eof = false;
  bool family_has_samples = false;
  int order = 0;  // of the metadata lines seen for the current family: 1 TYPE, 2 UNIT, 3 HELP
  std::size_t start = 0;
  int line_no = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    const auto fail = [&](const std::string& why) {
      throw std::runtime_error("line " + std::to_string(line_no) + ": " + why + " in '" + std::string(line) + "'");
    };
    if (eof) fail("data after # EOF");
    if (line == "# EOF") {
      eof = true;
      continue;
    }
    if (line.starts_with("#")) {
      if (!line.starts_with("# ")) fail("a line starting with # that is no metadata");
      const std::string_view rest = line.substr(2);
      const auto sp1 = rest.find(' ');
      if (sp1 == std::string_view::npos) fail("metadata without a name");
      const std::string_view keyword = rest.substr(0, sp1);
      const std::string_view after = rest.substr(sp1 + 1);
      const auto sp2 = after.find(' ');
      const std::string name(after.substr(0, sp2));
      const std::string_view value = sp2 == std::string_view::npos ? std::string_view() : after.substr(sp2 + 1);
      if (!metric_name_ok(name)) fail("bad metric name");
      int rank = 0;
      if (keyword == "TYPE") {
        rank = 1;
      } else if (keyword == "UNIT") {
        rank = 2;
      } else if (keyword == "HELP") {
        rank = 3;
      } else {
        fail("unknown metadata '" + std::string(keyword) + "' (comments are not allowed)");
      }
      if (out.families.empty() || out.families.back().name != name || family_has_samples) {
        if (seen_families.count(name) != 0) fail("family '" + name + "' appears twice (interleaved)");
        seen_families.insert(name);
        out.families.push_back(OmFamily{name, "", "", "", {}});
        family_has_samples = false;
        order = 0;
      }
      if (rank <= order) fail("metadata out of order (TYPE, UNIT, HELP) or repeated");
      order = rank;
      auto& f = out.families.back();
      if (rank == 1) {
        static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "gaugehistogram",
                                                     "stateset", "info", "summary", "unknown"};
        if (kTypes.count(std::string(value)) == 0) fail("unknown type");
        f.type = std::string(value);
      } else if (rank == 2) {
        f.unit = std::string(value);
        if (!f.unit.empty() && !name.ends_with("_" + f.unit)) fail("unit is not the name's suffix");
      } else {
        f.help = unescape_help(value);
      }
      continue;
    }
    // A sample: metricname [labels] SP number LF (tgperf writes no timestamps or exemplars).
    std::size_t pos = 0;
    while (pos < line.size() && line[pos] != '{' && line[pos] != ' ') ++pos;
    OmSample sample;
    sample.name = std::string(line.substr(0, pos));
    if (!metric_name_ok(sample.name)) fail("bad sample name");
    if (pos < line.size() && line[pos] == '{') {
      ++pos;
      while (true) {
        if (pos < line.size() && line[pos] == '}') {
          ++pos;
          break;
        }
        const auto eq = line.find('=', pos);
        if (eq == std::string_view::npos) fail("label without '='");
        const std::string label(line.substr(pos, eq - pos));
        if (!label_name_ok(label)) fail("bad label name '" + label + "'");
        if (eq + 1 >= line.size() || line[eq + 1] != '"') fail("label value not quoted");
        pos = eq + 2;
        std::string value;
        try {
          value = unescape_until_quote(line, pos);
        } catch (const std::runtime_error& e) {
          fail(e.what());
        }
        if (!sample.labels.emplace(label, value).second) fail("label '" + label + "' repeated");
        if (pos < line.size() && line[pos] == ',') {
          ++pos;
        } else if (pos >= line.size() || line[pos] != '}') {
          fail("expected ',' or '}' after a label");
        }
      }
    }
    if (pos >= line.size() || line[pos] != ' ') fail("expected one space before the value");
    sample.value_text = std::string(line.substr(pos + 1));
    if (!number_ok(sample.value_text)) fail("bad number (or a timestamp, which tgperf never writes)");
    sample.value = std::strtod(sample.value_text.c_str(), nullptr);
    if (out.families.empty()) fail("a sample before any TYPE");
    auto& f = out.families.back();
    if (f.type.empty()) fail("family '" + f.name + "' has no TYPE");
    if (!sample_belongs(f, sample.name)) fail("sample '" + sample.name + "' is not part of family '" + f.name + "'");
    std::string key = sample.name;
    for (const auto& [k, v] : sample.labels) key += "\x1f" + k + "=" + v;
    if (!seen_series.insert(key).second) fail("sample repeated");
    const bool quantile_sample = f.type == "summary" && sample.name == f.name;
    if (quantile_sample) {
      const auto q = sample.labels.find("quantile");
      if (q == sample.labels.end()) fail("summary quantile sample without a quantile label");
      if (!number_ok(q->second)) fail("quantile label is not a number");
      const double qv = std::strtod(q->second.c_str(), nullptr);
      if (!(qv >= 0 && qv <= 1)) fail("quantile outside 0..1");
      if (sample.value < 0) fail("negative quantile value");
    } else if (sample.labels.count("quantile") != 0) {
      fail("quantile label outside a summary's quantile sample");
    }
    // A histogram's buckets: an `le` label on each (a number, +Inf the last), bounds ascending and
    // counts cumulative within one series.
    const bool bucket_sample = f.type == "histogram" && sample.name == f.name + "_bucket";
    if (bucket_sample) {
      const auto le = sample.labels.find("le");
      if (le == sample.labels.end() || !number_ok(le->second)) fail("a histogram bucket without a numeric le label");
      const double bound = std::strtod(le->second.c_str(), nullptr);
      auto series = sample.labels;
      series.erase("le");
      for (auto it = f.samples.rbegin(); it != f.samples.rend(); ++it) {
        if (it->name != sample.name) continue;
        auto other = it->labels;
        const double other_bound = std::strtod(other["le"].c_str(), nullptr);
        other.erase("le");
        if (other != series) continue;
        if (!(bound > other_bound)) fail("histogram bucket bounds not ascending");
        if (sample.value < it->value) fail("histogram bucket counts not cumulative");
        break;
      }
      if (sample.value_text.find_first_of(".eE") != std::string::npos) fail("a bucket count is an integer");
    } else if (sample.labels.count("le") != 0 && f.type == "histogram") {
      fail("le label outside a histogram bucket");
    }
    if (sample.name.ends_with("_count") || sample.name.ends_with("_total")) {
      if (!(sample.value >= 0) || std::isinf(sample.value)) fail("a count or total must be a non-negative number");
    }
    if (sample.name.ends_with("_count") && sample.value_text.find_first_of(".eE") != std::string::npos) {
      fail("a count is an integer");
    }
    family_has_samples = true;
    f.samples.push_back(std::move(sample));
  }
  if (!eof) throw std::runtime_error("no # EOF at the end");
  for (const auto& f : out.families) {
    if (f.type.empty()) throw std::runtime_error("family '" + f.name + "' has no TYPE");
  }
  return out;
}

}  // namespace tgperf::test
