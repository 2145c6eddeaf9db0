// Non-ASCII output only where the locale is UTF-8: LC_ALL=C gets "+/-" and '#' bars.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

#include "tgperf/core/terminal.hpp"

namespace {

// Sets the locale variables for one test and restores them after.
class LocaleEnvironment {
 public:
  LocaleEnvironment(const char* lc_all, const char* lc_ctype, const char* lang) {
    for (const char* name : kNames) saved_.push_back(read(name));
    set("LC_ALL", lc_all);
    set("LC_CTYPE", lc_ctype);
    set("LANG", lang);
  }
  ~LocaleEnvironment() {
    for (std::size_t i = 0; i < 3; ++i) set(kNames[i], saved_[i] ? saved_[i]->c_str() : nullptr);
  }

 private:
  static constexpr const char* kNames[] = {"LC_ALL", "LC_CTYPE", "LANG"};
  static std::optional<std::string> read(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  }
  static void set(const char* name, const char* value) {
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  std::vector<std::optional<std::string>> saved_;
};

}  // namespace

TEST_CASE("LC_ALL=C and POSIX mean ASCII even when LANG says UTF-8") {
  LocaleEnvironment env("C", nullptr, "en_US.UTF-8");
  CHECK_FALSE(tgperf::unicode_output());
  CHECK(tgperf::plus_minus_sign() == "+/-");
  LocaleEnvironment posix("POSIX", "en_US.UTF-8", nullptr);
  CHECK_FALSE(tgperf::unicode_output());
}

TEST_CASE("a UTF-8 locale, from the first variable that is set, allows Unicode") {
  LocaleEnvironment env(nullptr, "C.UTF-8", nullptr);
  CHECK(tgperf::unicode_output());
  CHECK(tgperf::plus_minus_sign() == "\xC2\xB1");
  LocaleEnvironment lang(nullptr, nullptr, "de_DE.utf8");
  CHECK(tgperf::unicode_output());
  LocaleEnvironment empty_all("", nullptr, "en_US.UTF-8");  // empty counts as unset
  CHECK(tgperf::unicode_output());
}

TEST_CASE("no locale variable at all is the C locale: ASCII") {
  LocaleEnvironment env(nullptr, nullptr, nullptr);
  CHECK_FALSE(tgperf::unicode_output());
}
