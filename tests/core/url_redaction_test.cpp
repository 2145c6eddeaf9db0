// URL userinfo is redacted the way curl's verbose output shows it: `user:***@`.
#include <catch2/catch.hpp>

#include "tgperf/core/url_redaction.hpp"

using tgperf::redact_url_userinfo;

TEST_CASE("a URL's password is replaced, the user kept") {
  CHECK(redact_url_userinfo("http://user:SECRET@host:8080/path?q=1") == "http://user:***@host:8080/path?q=1");
  CHECK(redact_url_userinfo("https://alice:p%40ss@example.com") == "https://alice:***@example.com");
}

TEST_CASE("a token pasted as userinfo keeps only its bot id") {
  CHECK(redact_url_userinfo("http://123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0@127.0.0.1:8081") ==
        "http://123456:***@127.0.0.1:8081");
}

TEST_CASE("userinfo without a password may be the secret itself: all of it goes") {
  CHECK(redact_url_userinfo("socks5h://SECRETKEY@proxy:1080") == "socks5h://***@proxy:1080");
  CHECK(redact_url_userinfo("http://:SECRET@host") == "http://***@host");
}

TEST_CASE("a password holding '@' is redacted up to the last '@' of the authority") {
  CHECK(redact_url_userinfo("http://u:a@b@host/x@y") == "http://u:***@host/x@y");
}

TEST_CASE("URLs inside running text are found, any number of them, other text is untouched") {
  CHECK(redact_url_userinfo("invalid API URL 'http://u:pw@h?x': it must not contain '?'") ==
        "invalid API URL 'http://u:***@h?x': it must not contain '?'");
  CHECK(redact_url_userinfo("a http://u:1@h b https://v:2@k c") == "a http://u:***@h b https://v:***@k c");
  CHECK(redact_url_userinfo("no URL: user@example.com, a://b") == "no URL: user@example.com, a://b");
  CHECK(redact_url_userinfo("http://host/path@x") == "http://host/path@x");
  CHECK(redact_url_userinfo("") == "");
  CHECK(redact_url_userinfo("://u:p@h") == "://u:p@h");  // no scheme: no URL
}
