#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "io/s3/http_client_internal.h"

namespace berserkr::s3 {
namespace {

// curl_global_init is not thread-safe; run it once before the first handle.
void InitializeCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// DNS answers and TLS sessions shared by every thread's handle, so a new thread (a part upload,
// a read-ahead) resumes a TLS session instead of a full handshake. Connections themselves stay
// per handle: libcurl does not support sharing them between threads running at once.
class SharedCaches {
 public:
  SharedCaches() {
    share_ = curl_share_init();
    if (share_ == nullptr) return;
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, Lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, Unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
  // Never destroyed: thread-local handles may outlive static objects at exit.
  CURLSH* share() const { return share_; }

 private:
  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<SharedCaches*>(user)->mutexes_[data].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<SharedCaches*>(user)->mutexes_[data].unlock();
  }

  CURLSH* share_ = nullptr;
  std::mutex mutexes_[CURL_LOCK_DATA_LAST];
};

CURLSH* SharedCache() {
  static SharedCaches* caches = new SharedCaches();  // intentionally leaked, see above
  return caches->share();
}

// The handle of this thread. curl_easy_reset between requests keeps its connection cache.
CURL* ThreadHandle() {
  struct Handle {
    CURL* curl = nullptr;
    ~Handle() {
      if (curl != nullptr) curl_easy_cleanup(curl);
    }
  };
  thread_local Handle handle;
  if (handle.curl == nullptr) {
    InitializeCurlOnce();
    handle.curl = curl_easy_init();
    if (handle.curl == nullptr) throw IoError("cannot initialize libcurl");
  } else {
    curl_easy_reset(handle.curl);
  }
  return handle.curl;
}

struct Transfer {
  CURL* curl;
  const HttpRequest* request;
  HttpResponse* response;
  size_t body_sent = 0;
  bool destination_overflow = false;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  Transfer& transfer = *static_cast<Transfer*>(user);
  const std::string_view body = transfer.request->body;
  const size_t length = std::min(size * count, body.size() - transfer.body_sent);
  std::memcpy(buffer, body.data() + transfer.body_sent, length);
  transfer.body_sent += length;
  return length;
}

// curl rewinds the body when it must send it again (a redirect or a retried connection).
int SeekBody(void* user, curl_off_t offset, int origin) {
  Transfer& transfer = *static_cast<Transfer*>(user);
  if (origin != SEEK_SET || offset < 0 ||
      static_cast<size_t>(offset) > transfer.request->body.size()) {
    return CURL_SEEKFUNC_FAIL;
  }
  transfer.body_sent = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  Transfer& transfer = *static_cast<Transfer*>(user);
  const size_t length = size * count;
  long status = 0;
  curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &status);
  const HttpRequest& request = *transfer.request;
  HttpResponse& response = *transfer.response;
  if (request.destination != nullptr && status >= 200 && status < 300) {
    if (response.destination_bytes + static_cast<int64_t>(length) > request.destination_capacity) {
      transfer.destination_overflow = true;
      return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    std::memcpy(request.destination + response.destination_bytes, data, length);
    response.destination_bytes += static_cast<int64_t>(length);
  } else {
    response.body.append(data, length);
  }
  return length;
}

size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
  HttpResponse& response = *static_cast<Transfer*>(user)->response;
  const size_t length = size * count;
  std::string_view line(data, length);
  // A new status line (after "100 Continue" or a redirect) starts a new set of headers.
  if (line.starts_with("HTTP/")) {
    response.headers.clear();
    return length;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return length;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char character) { return std::tolower(character); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  response.headers.emplace_back(std::move(name), std::string(value));
  return length;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (header_name == name) return value;
  }
  return "";
}

HttpResponse PerformHttpRequest(const HttpRequest& request, const HttpOptions& options) {
  CURL* curl = ThreadHandle();
  HttpResponse response;
  Transfer transfer{curl, &request, &response};
  char error_text[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  if (CURLSH* share = SharedCache()) curl_easy_setopt(curl, CURLOPT_SHARE, share);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_ms));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_ms));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stall_seconds));
  if (!options.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_bundle.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);

  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT" || request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, SeekBody);
    curl_easy_setopt(curl, CURLOPT_SEEKDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  curl_slist* header_list = nullptr;
  for (const auto& [name, value] : request.headers) {
    header_list = curl_slist_append(header_list, (name + ": " + value).c_str());
  }
  // No "Expect: 100-continue" round trip before bodies: S3 answers errors after the body anyway.
  header_list = curl_slist_append(header_list, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);

  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(header_list);
  if (transfer.destination_overflow) {
    throw IoError(request.method + " " + request.url + ": the response is longer than the " +
                  std::to_string(request.destination_capacity) + " bytes asked for");
  }
  if (code != CURLE_OK) {
    const std::string reason = error_text[0] != 0 ? error_text : curl_easy_strerror(code);
    // Certificates, protocols and URLs do not get better on a second try.
    const bool retryable = code != CURLE_PEER_FAILED_VERIFICATION &&
                           code != CURLE_SSL_CACERT_BADFILE && code != CURLE_SSL_CERTPROBLEM &&
                           code != CURLE_UNSUPPORTED_PROTOCOL && code != CURLE_URL_MALFORMAT &&
                           code != CURLE_NOT_BUILT_IN;
    throw HttpTransportError(request.method + " " + request.url + ": " + reason,
                             code == CURLE_OPERATION_TIMEDOUT, retryable);
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace berserkr::s3
