#include "tgperf/http/json_post.hpp"

#include <curl/curl.h>

#include "tgperf/http/easy.hpp"
#include "tgperf/http/transport_options.hpp"

namespace tgperf::http {

void configure(Easy& easy, const JsonPost& post, const TransportOptions& transport) {
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, post.body.c_str());
  std::vector<std::string> headers = post.headers;
  headers.push_back("Content-Type: application/json");
  headers.push_back("Expect:");  // no 100-continue round trip before larger bodies
  easy.set_headers(headers);
  apply(easy, transport);
}

}  // namespace tgperf::http
