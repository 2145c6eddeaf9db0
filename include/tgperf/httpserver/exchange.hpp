#pragma once
// What both HTTP servers (threaded_http_server.hpp, async_http_server.hpp) hand their handler and
// take back: one request, its answer, and the work to do once the answer is written.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>

namespace tgperf::httpserver {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// What the handler answers a request with.
struct Answer {
  Response response;  // written as it is: the handler sets keep_alive and prepares the payload
  // Runs on the thread that served the request once the response is written (or its write failed),
  // before the next request is read: work the client must not wait for. Empty: nothing.
  std::function<void()> after_write;
};

// Called one request at a time per connection: on the connection's thread (ThreadedHttpServer,
// several connections at once) or on the server's one I/O thread (AsyncHttpServer, where it must
// not block: every connection waits for it).
using Handler = std::function<Answer(const Request&)>;

}  // namespace tgperf::httpserver
