// Fuzzes curl-timing's --write-out templates (report/write_out.hpp): arbitrary templates rendered
// against a fixed timing record.
//
// Properties, besides no crash and no sanitizer report:
// - WriteOutTemplate::parse accepts the template or throws UsageError naming an unknown variable;
// - a template without '%' or '\' renders as itself;
// - `%%` renders '%' and `%{json}` renders one JSON object holding every write-out variable, even
//   when the record's texts (error message, content type) are arbitrary bytes from the input.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "report/timing_fixtures.hpp"  // the report tests' cold HTTPS getMe
#include "tgperf/core/usage_error.hpp"
#include "tgperf/report/write_out.hpp"

namespace {

using tgperf::report::WriteOutTemplate;

void check_json(std::string_view bytes) {
  tgperf::botapi::TimingRecord r = timing_fixtures::cold_https();
  r.response.error = std::string(bytes);
  r.response.content_type = std::string(bytes.substr(0, bytes.size() / 2));
  const std::string out = WriteOutTemplate::parse("%{json}").render(r);
  const auto j = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(j.is_object(), "%%{json} is not a JSON object: %s", out.c_str());
  for (const auto& name : tgperf::report::write_out_variables()) {
    FUZZ_CHECK(name == "json" || j.contains(name), "%%{json} lacks '%s'", name.c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const tgperf::botapi::TimingRecord record = timing_fixtures::cold_https();

  std::optional<WriteOutTemplate> parsed;
  try {
    parsed = WriteOutTemplate::parse(text);
  } catch (const tgperf::UsageError& e) {
    FUZZ_CHECK(std::string_view(e.what()).starts_with("unknown --write-out variable '"), "message: %s", e.what());
    FUZZ_CHECK(text.find("%{") != std::string_view::npos, "rejected without a %%{: %s", e.what());
  }
  if (parsed) {
    const std::string out = parsed->render(record);
    FUZZ_CHECK(out == parsed->render(record), "render is not deterministic");
    if (text.find_first_of("%\\") == std::string_view::npos) {
      FUZZ_CHECK(out == text, "plain text changed: '%s'", out.c_str());
    }
  }
  // `%%` + the text: a leading '%' more, whatever the rest renders to (the rest is parsed alone).
  if (parsed) {
    const std::string with_percent = "%%" + std::string(text);
    FUZZ_CHECK(WriteOutTemplate::parse(with_percent).render(record) == "%" + parsed->render(record),
               "'%%%%' prefix does not render one '%%'");
  }
  check_json(text);
  return 0;
}
