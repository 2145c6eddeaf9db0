// The parts of curl's --write-out language beyond plain variables, as curl 7.88 (Debian 12) does
// them: %header{}, %{header_json}, %{stdout}/%{stderr}, %{onerror}, names in any case.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report/timing_fixtures.hpp"
#include "tgperf/report/write_out.hpp"

using namespace tgperf::report;
using namespace timing_fixtures;

namespace {

botapi::TimingRecord with_headers() {
  botapi::TimingRecord r = cold_https();
  r.response.headers = {{"Server", "nginx/1.18.0"},
               {"Content-Type", "application/json"},
               {"Set-Cookie", "a=1"},
               {"set-cookie", "b=2"}};
  return r;
}

std::string render(const char* text, const botapi::TimingRecord& r) { return WriteOutTemplate::parse(text).render(r); }

}  // namespace

TEST_CASE("%header{name} prints the response header's value, the name in any case, a missing one prints nothing") {
  CHECK(render("%header{server}|%header{CONTENT-TYPE}|%header{x-missing}|", with_headers()) ==
        "nginx/1.18.0|application/json||");
  CHECK(render("%header{set-cookie}", with_headers()) == "a=1");
  CHECK(render("x %header{server", with_headers()) == "x %header{server");  // unclosed: as it is
}

TEST_CASE("%{header_json} is an object of lower-case names, each with every value in order") {
  const auto j = nlohmann::json::parse(render("%{header_json}", with_headers()));
  CHECK(j["server"] == nlohmann::json::array({"nginx/1.18.0"}));
  CHECK(j["set-cookie"] == nlohmann::json::array({"a=1", "b=2"}));
  CHECK(nlohmann::json::parse(render("%{header_json}", refused())) == nlohmann::json::object());
}

TEST_CASE("variable names match in any case, as curl 7 matches them") {
  CHECK(render("%{HTTP_CODE} %{Time_Total}", cold_https()) == render("%{http_code} %{time_total}", cold_https()));
  CHECK(render("%{JSON}", cold_https()) == render("%{json}", cold_https()));
}

TEST_CASE("%{stderr} and %{stdout} switch where the rest goes, in order") {
  const auto chunks = WriteOutTemplate::parse("a %{stderr}b %{http_code}%{stdout} c").render_chunks(cold_https());
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[0].stream == WriteOutStream::out);
  CHECK(chunks[0].text == "a ");
  CHECK(chunks[1].stream == WriteOutStream::err);
  CHECK(chunks[1].text == "b 200");
  CHECK(chunks[2].stream == WriteOutStream::out);
  CHECK(chunks[2].text == " c");
  CHECK(WriteOutTemplate::parse("a %{stderr}b").render(cold_https()) == "a ");  // render(): stdout only
}

TEST_CASE("%{onerror} keeps the rest for failed transfers only") {
  const auto t = WriteOutTemplate::parse("%{http_code}%{onerror} failed: %{errormsg}");
  CHECK(t.render(cold_https()) == "200");
  CHECK(t.render(refused()).starts_with("000 failed: "));
}

TEST_CASE("%{scheme} is upper case, as libcurl 7 reports it, null in JSON when unknown") {
  CHECK(render("%{scheme}", cold_https()) == "HTTPS");
  CHECK(nlohmann::json::parse(render("%{json}", cold_https()))["scheme"] == "HTTPS");
  CHECK(nlohmann::json::parse(render("%{json}", refused()))["scheme"].is_null());
}

TEST_CASE("an empty template prints nothing") {
  CHECK(WriteOutTemplate::parse("").render_chunks(cold_https()).empty());
}
