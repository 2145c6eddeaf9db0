#include "test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace tgperf::test {
namespace {

std::size_t append(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

TestClient::TestClient(std::string base_url, std::string ca_file)
    : base_url_(std::move(base_url)), ca_file_(std::move(ca_file)), easy_(curl_easy_init()) {
  if (!easy_) throw std::runtime_error("curl_easy_init failed");
}

TestClient::~TestClient() { curl_easy_cleanup(easy_); }

HttpAnswer TestClient::perform(long timeout_s) {
  HttpAnswer answer;
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, &answer.headers);
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  if (!ca_file_.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, ca_file_.c_str());
  answer.code = curl_easy_perform(easy_);
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_easy_getinfo(easy_, CURLINFO_NUM_CONNECTS, &answer.new_connections);
  return answer;
}

HttpAnswer TestClient::get(const std::string& path, long timeout_s) {
  const std::string url = base_url_ + path;
  curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(easy_, CURLOPT_MIMEPOST, nullptr);
  return perform(timeout_s);
}

HttpAnswer TestClient::post(const std::string& path, const std::string& body, const std::string& content_type,
                            long timeout_s) {
  const std::string url = base_url_ + path;
  curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy_, CURLOPT_MIMEPOST, nullptr);
  curl_easy_setopt(easy_, CURLOPT_POST, 1L);
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  const std::string header = "Content-Type: " + content_type;
  curl_slist* headers = curl_slist_append(nullptr, header.c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers);
  auto answer = perform(timeout_s);
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  return answer;
}

HttpAnswer TestClient::post_multipart(const std::string& path,
                                      const std::vector<std::pair<std::string, std::string>>& fields) {
  const std::string url = base_url_ + path;
  curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, nullptr);
  curl_mime* mime = curl_mime_init(easy_);
  for (const auto& [name, value] : fields) {
    curl_mimepart* part = curl_mime_addpart(mime);
    curl_mime_name(part, name.c_str());
    curl_mime_data(part, value.data(), value.size());
  }
  curl_easy_setopt(easy_, CURLOPT_MIMEPOST, mime);
  auto answer = perform(60);
  curl_easy_setopt(easy_, CURLOPT_MIMEPOST, nullptr);
  curl_mime_free(mime);
  return answer;
}

HttpAnswer TestClient::call(const std::string& method, const nlohmann::json& params, long timeout_s) {
  return post("/bot" + kToken + "/" + method, params.dump(), "application/json", timeout_s);
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes) {
  Fd s{::socket(AF_INET, SOCK_STREAM, 0)};
  if (s.fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(s.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("connect failed");
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(s.fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (a request it refuses): read what it said
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(s.fd, SHUT_WR);
  std::string out;
  char buffer[4096];
  pollfd p{s.fd, POLLIN, 0};
  while (::poll(&p, 1, 10'000) > 0) {
    const auto n = ::recv(s.fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace tgperf::test
