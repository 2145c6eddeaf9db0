#include <catch2/catch.hpp>

#include <curl/curl.h>

#include "tgperf/http/easy.hpp"
#include "tgperf/http/multi.hpp"
#include "tgperf/http/transport_options.hpp"

using namespace tgperf::http;

TEST_CASE("a refused connection is a value with libcurl's code and message, not an exception") {
  Easy easy;
  // Port 9 on loopback: a closed port here makes the kernel refuse at once.
  curl_easy_setopt(easy.get(), CURLOPT_URL, "http://127.0.0.1:9/");
  TransportOptions options;
  options.connect_timeout = std::chrono::milliseconds(2000);
  apply(easy, options);
  const Response r = easy.perform();
  CHECK_FALSE(r.transport_ok());
  CHECK(r.curl_code == CURLE_COULDNT_CONNECT);
  CHECK_FALSE(r.error.empty());
  CHECK(r.http_code == 0);
}

TEST_CASE("a malformed URL is reported by libcurl, not sent") {
  Easy easy;
  curl_easy_setopt(easy.get(), CURLOPT_URL, "http://[::1/");
  const Response r = easy.perform();
  CHECK(r.curl_code == CURLE_URL_MALFORMAT);
}

TEST_CASE("a moved Easy keeps its handle and capture") {
  Easy a;
  CURL* raw = a.get();
  Easy b(std::move(a));
  CHECK(b.get() == raw);
  curl_easy_setopt(b.get(), CURLOPT_URL, "http://127.0.0.1:9/");
  CHECK(b.perform().curl_code == CURLE_COULDNT_CONNECT);
}

TEST_CASE("a Multi reports a finished transfer with its code") {
  Multi multi;
  Easy easy;
  curl_easy_setopt(easy.get(), CURLOPT_URL, "http://127.0.0.1:9/");
  multi.add(easy);
  std::vector<Multi::Done> done;
  for (int i = 0; i < 1000 && done.empty(); ++i) {
    multi.perform();
    done = multi.take_done();
    if (done.empty()) multi.poll(std::chrono::milliseconds(100));
  }
  REQUIRE(done.size() == 1);
  CHECK(done[0].handle == easy.get());
  multi.remove(easy);
  CHECK(easy.collect(done[0].curl_code).curl_code == CURLE_COULDNT_CONNECT);
}

TEST_CASE("transport options that libcurl supports are applied without error") {
  Easy easy;
  TransportOptions options;
  options.http_version = HttpVersion::http2;  // supported by Debian's libcurl: must not throw
  CHECK_NOTHROW(apply(easy, options));
}
