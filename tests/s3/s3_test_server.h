#pragma once

// Starts tests/s3/s3_test_server.mjs (an in-memory S3 that checks SigV4 and injects faults) on
// loopback for one test suite, and talks to its control endpoints.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "berserkr/io/s3_options.h"
#include "io/s3/http_client_internal.h"
#include "test_util.h"

namespace berserkr::testing_util {

class S3TestServer {
 public:
  static constexpr const char* kAccessKey = "AKIDBERSERKRTEST";
  static constexpr const char* kSecretKey = "berserkr-test-secret/Do-Not-Print-0123456789";
  static constexpr const char* kRegion = "eu-test-1";

  // "" when it runs, else why it cannot (for GTEST_SKIP). With `tls_certificate` and `tls_key`
  // (PEM files) it serves https, trusting that certificate as the CA.
  std::string Start(const std::vector<std::string>& buckets, int max_keys_limit = 1000,
                    const std::string& tls_certificate = "", const std::string& tls_key = "") {
    if (!HaveCommand("node")) return "node is not installed: run scripts/install-deps.sh";
    const std::string script = std::string(BERSERKR_SOURCE_DIR) + "/tests/s3/s3_test_server.mjs";
    std::vector<std::string> arguments = {
        "node",         script,     "--port",           "0",
        "--access-key", kAccessKey, "--secret-key",     kSecretKey,
        "--region",     kRegion,    "--max-keys-limit", std::to_string(max_keys_limit)};
    for (const std::string& bucket : buckets) {
      arguments.push_back("--bucket");
      arguments.push_back(bucket);
    }
    if (!tls_certificate.empty()) {
      arguments.insert(arguments.end(), {"--tls-cert", tls_certificate, "--tls-key", tls_key});
      ca_bundle_ = tls_certificate;
    }
    int to_child[2];
    int from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return "pipe failed";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      ::close(to_child[1]);
      ::close(from_child[0]);
      std::vector<char*> argv;
      for (std::string& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      ::execvp("node", argv.data());
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    stdin_ = to_child[1];  // closing it tells the server to exit even if we crash
    FILE* output = ::fdopen(from_child[0], "r");
    char line[128] = {0};
    const bool started = std::fgets(line, sizeof(line), output) != nullptr;
    std::fclose(output);
    int port = 0;
    if (!started || std::sscanf(line, "listening %d", &port) != 1) {
      Stop();
      return "the S3 test server did not start (node tests/s3/s3_test_server.mjs)";
    }
    endpoint_ = (tls_certificate.empty() ? "http" : "https") + std::string("://127.0.0.1:") +
                std::to_string(port);
    return "";
  }

  ~S3TestServer() { Stop(); }

  void Stop() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
  }

  const std::string& endpoint() const { return endpoint_; }

  // Options that reach this server, fast to give up (tests of failures should not wait long).
  S3Options Options() const {
    S3Options options;
    options.endpoint = endpoint_;
    options.region = kRegion;
    options.path_style = true;
    options.credentials = S3Credentials{kAccessKey, kSecretKey, ""};
    options.initial_backoff_ms = 5;
    options.max_backoff_ms = 50;
    options.connect_timeout_ms = 2'000;
    options.ca_bundle = ca_bundle_;
    return options;
  }

  // POSTs a fault (see the server's header comment), e.g. R"({"count": 2, "status": 500})".
  void InjectFault(const std::string& json) const { Control("POST", "faults", json); }
  void ClearFaults() const { Control("POST", "clear-faults", ""); }
  // The server's counters as JSON text.
  std::string Stats() const { return Control("GET", "stats", ""); }
  // A number from Stats(): "requests", "uploads_in_progress", "faults_pending".
  int64_t Stat(const std::string& name) const {
    const std::string stats = Stats();
    const size_t at = stats.find("\"" + name + "\":");
    return at == std::string::npos ? -1 : std::stoll(stats.substr(at + name.size() + 3));
  }

 private:
  std::string Control(const std::string& method, const std::string& what,
                      const std::string& body) const {
    s3::HttpRequest request;
    request.method = method;
    request.url = endpoint_ + "/__control/" + what;
    request.body = body;
    s3::HttpOptions options;
    options.ca_bundle = ca_bundle_;
    return s3::PerformHttpRequest(request, options).body;
  }

  pid_t pid_ = -1;
  int stdin_ = -1;
  std::string endpoint_;
  std::string ca_bundle_;
};

}  // namespace berserkr::testing_util
