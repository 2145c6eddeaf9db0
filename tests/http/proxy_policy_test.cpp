#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "tgperf/http/proxy_policy.hpp"

using tgperf::http::no_proxy_list;
using tgperf::http::proxy_for;
using tgperf::http::redact_userinfo;

namespace {
// Sets the proxy variables for one test and restores a clean environment after it.
struct ProxyEnv {
  ProxyEnv(std::initializer_list<std::pair<const char*, const char*>> vars) {
    clear();
    for (const auto& [name, value] : vars) ::setenv(name, value, 1);
  }
  ~ProxyEnv() { clear(); }
  static void clear() {
    for (const char* n : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"}) {
      ::unsetenv(n);
    }
  }
};
}  // namespace

TEST_CASE("loopback is never proxied, whatever the environment says") {
  ProxyEnv env{{"https_proxy", "http://proxy.example:3128"}, {"http_proxy", "http://proxy.example:3128"},
               {"all_proxy", "socks5://proxy.example:1080"}};
  for (const char* url : {"https://127.0.0.1:8443/bot1:x/getMe", "http://127.9.9.9:81/", "http://localhost:8081/",
                          "http://[::1]:8081/botX/getMe"}) {
    INFO(url);
    CHECK_FALSE(proxy_for(url, std::nullopt));
    CHECK_FALSE(proxy_for(url, std::string("http://proxy.example:3128")));
  }
  const std::string list = no_proxy_list();
  CHECK(list.find("127.0.0.0/8") != std::string::npos);
  CHECK(list.find("::1") != std::string::npos);
  CHECK(list.find("localhost") != std::string::npos);
}

TEST_CASE("the proxy in use is named with the variable it came from") {
  ProxyEnv env{{"https_proxy", "http://user:hunter2@proxy.example:3128"}, {"http_proxy", "http://plain.example:8080"}};
  const auto https = proxy_for("https://api.telegram.org/bot1:x/getMe", std::nullopt);
  REQUIRE(https);
  CHECK(https->source == "https_proxy");
  CHECK(https->url == "http://user:***@proxy.example:3128");
  const auto http = proxy_for("http://api.example:81/", std::nullopt);
  REQUIRE(http);
  CHECK(http->source == "http_proxy");
  const auto given = proxy_for("https://api.telegram.org/", std::string("http://other.example:1"));
  REQUIRE(given);
  CHECK(given->source == "--proxy");
  CHECK_FALSE(proxy_for("https://api.telegram.org/", std::string()));  // --proxy "": none at all
}

TEST_CASE("no_proxy entries are kept and honoured") {
  ProxyEnv env{{"https_proxy", "http://proxy.example:3128"}, {"no_proxy", "internal.example, .telegram.org"}};
  CHECK_FALSE(proxy_for("https://api.telegram.org/", std::nullopt));
  CHECK_FALSE(proxy_for("https://internal.example:443/", std::nullopt));
  CHECK(proxy_for("https://other.example/", std::nullopt));
  CHECK(no_proxy_list().starts_with("internal.example, .telegram.org,"));
}

TEST_CASE("a password in a URL is redacted, a user name alone is not") {
  CHECK(redact_userinfo("http://u:secret@h:1/p@x") == "http://u:***@h:1/p@x");
  CHECK(redact_userinfo("socks5h://u@h:1") == "socks5h://u@h:1");
  CHECK(redact_userinfo("proxy.example:3128") == "proxy.example:3128");
}
