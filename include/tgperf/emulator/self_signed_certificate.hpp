#pragma once
// A throwaway TLS identity for `tgperf serve --tls`: an EC P-256 key and a self-signed X.509
// certificate for localhost, 127.0.0.1 and ::1 (valid one day), written as PEM files into a fresh
// private temporary directory that is removed when the object is destroyed, or when the process
// dies without destroying it (see TemporaryDirectory). Clients trust it with
// `--cacert <certificate_file()>`.
#include <string>

#include "tgperf/core/temporary_directory.hpp"

namespace tgperf::emulator {

class SelfSignedCertificate {
 public:
  // Throws std::runtime_error with OpenSSL's reason when generation or writing fails.
  SelfSignedCertificate();
  SelfSignedCertificate(const SelfSignedCertificate&) = delete;
  SelfSignedCertificate& operator=(const SelfSignedCertificate&) = delete;

  const std::string& certificate_file() const { return cert_file_; }
  const std::string& key_file() const { return key_file_; }

 private:
  TemporaryDirectory directory_;
  std::string cert_file_;
  std::string key_file_;
};

}  // namespace tgperf::emulator
