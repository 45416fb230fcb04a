#include <thread>

#include "berserkr/common/error.h"
#include "io/s3/s3_client_internal.h"
#include "io/s3/s3_xml_internal.h"

namespace berserkr::s3 {
namespace {

const std::string kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

bool IsSuccess(long status) { return status >= 200 && status < 300; }

std::string S3ErrorCode(const HttpResponse& response) { return XmlTagValue(response.body, "Code"); }

}  // namespace

S3Client::S3Client(S3Options options) : options_(std::move(options)) {
  retry_.max_attempts = std::max(1, options_.max_attempts);
  retry_.initial_backoff_ms = options_.initial_backoff_ms;
  retry_.max_backoff_ms = options_.max_backoff_ms;
  http_.connect_ms = options_.connect_timeout_ms;
  http_.request_ms = options_.request_timeout_ms;
  http_.stall_seconds = options_.stall_seconds;
  http_.ca_bundle = options_.ca_bundle;

  std::string endpoint = options_.endpoint.empty()
                             ? "https://s3." + options_.region + ".amazonaws.com"
                             : options_.endpoint;
  const size_t scheme_end = endpoint.find("://");
  if (scheme_end == std::string::npos) {
    throw InvalidInput("S3 endpoint '" + endpoint +
                       "' has no scheme: write it as http://host:port or https://host");
  }
  scheme_ = endpoint.substr(0, scheme_end);
  host_ = endpoint.substr(scheme_end + 3);
  while (!host_.empty() && host_.back() == '/') host_.pop_back();
  if (host_.find('/') != std::string::npos) {
    throw InvalidInput("S3 endpoint '" + endpoint + "' has a path; give only scheme://host[:port]");
  }
}

HttpRequest S3Client::BuildRequest(const Call& call, const std::string& payload_hash) const {
  const S3Location& location = *call.location;
  const std::string encoded_key = UriEncode(location.key, /*keep_slash=*/true);
  std::string host;
  std::string canonical_uri;
  if (options_.path_style) {
    host = host_;
    canonical_uri = "/" + location.bucket + "/" + encoded_key;
  } else {
    host = location.bucket + "." + host_;
    canonical_uri = "/" + encoded_key;
  }
  const std::string query = CanonicalQueryString(call.query);

  HttpRequest request;
  request.method = call.method;
  request.url = scheme_ + "://" + host + canonical_uri + (query.empty() ? "" : "?" + query);
  request.body = call.body;
  request.destination = call.destination;
  request.destination_capacity = call.destination_capacity;

  request.headers = call.headers;
  request.headers.emplace_back("Host", host);
  if (!options_.credentials) return request;  // anonymous: unsigned

  const std::string amz_date = CurrentAmzDate();
  request.headers.emplace_back("x-amz-date", amz_date);
  request.headers.emplace_back("x-amz-content-sha256", payload_hash);
  if (!options_.credentials->session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", options_.credentials->session_token);
  }
  SigningRequest signing{call.method, canonical_uri, call.query, request.headers, payload_hash};
  request.headers.emplace_back(
      "Authorization",
      AuthorizationHeader(
          signing, {options_.credentials->access_key_id, options_.credentials->secret_access_key},
          amz_date, options_.region, "s3"));
  return request;
}

HttpResponse S3Client::Send(const Call& call, const std::string& action) const {
  // Hash the body once; every attempt signs it again with a fresh date.
  const std::string payload_hash =
      call.body.empty() ? kEmptyPayloadSha256 : Sha256Hex(call.body.data(), call.body.size());
  for (int attempt = 1;; ++attempt) {
    const HttpRequest request = BuildRequest(call, payload_hash);
    HttpResponse response;
    try {
      response = PerformHttpRequest(request, http_);
    } catch (const HttpTransportError& error) {
      if (attempt >= retry_.max_attempts || !error.retryable()) {
        throw IoError(call.location->ToString() + ": " + action + " failed after " +
                      std::to_string(attempt) + (attempt == 1 ? " attempt" : " attempts") +
                      (error.timed_out() ? " (timed out)" : "") + ": " + error.what());
      }
      std::this_thread::sleep_for(retry_.Backoff(attempt));
      continue;
    }
    if (IsSuccess(response.status) ||
        !RetryPolicy::IsRetryableStatus(response.status, S3ErrorCode(response))) {
      return response;
    }
    if (attempt >= retry_.max_attempts)
      ThrowResponseError(action, *call.location, response, attempt);
    std::this_thread::sleep_for(retry_.Backoff(attempt));
  }
}

void S3Client::ThrowResponseError(const std::string& action, const S3Location& location,
                                  const HttpResponse& response, int attempts) const {
  const std::string code = S3ErrorCode(response);
  const std::string message = XmlTagValue(response.body, "Message");
  std::string detail = "HTTP " + std::to_string(response.status);
  if (!code.empty()) detail += " " + code;
  if (!message.empty()) detail += ": " + message;
  if (response.status == 404 && code == "NoSuchBucket") {
    throw IoError("no such bucket '" + location.bucket + "' (" + action + " " +
                  location.ToString() + "; " + detail + ")");
  }
  if (response.status == 404 && (code.empty() || code == "NoSuchKey")) {
    throw IoError("no such object " + location.ToString() + " (" + detail + ")");
  }
  // A bucket in another region: S3 says which (a 301, or a 400 about the signature's region).
  std::string bucket_region = response.Header("x-amz-bucket-region");
  if (bucket_region.empty()) bucket_region = XmlTagValue(response.body, "Region");
  if (!bucket_region.empty() && bucket_region != options_.region &&
      (response.status == 301 || response.status == 400)) {
    throw IoError(action + " " + location.ToString() + " failed: " + detail +
                  "; the bucket is in " + bucket_region + ", not " + options_.region +
                  ": set AWS_REGION=" + bucket_region + " (or --s3-region)");
  }
  if (response.status == 403 || response.status == 401) {
    const std::string who = options_.credentials
                                ? "access key " + options_.credentials->access_key_id
                                : "no credentials (anonymous request)";
    throw IoError(action + " " + location.ToString() + ": access denied (" + detail + ") with " +
                  who + "; check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and " +
                  "the region (" + options_.region + ")");
  }
  const std::string after = attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : "";
  throw IoError(action + " " + location.ToString() + " failed" + after + ": " + detail);
}

std::optional<ObjectInfo> S3Client::HeadObject(const S3Location& location) const {
  const HttpResponse response = Send({"HEAD", &location, {}, {}, {}}, "HEAD");
  if (response.status == 404) return std::nullopt;
  if (!IsSuccess(response.status)) ThrowResponseError("HEAD", location, response);
  ObjectInfo info;
  const std::string length = response.Header("content-length");
  if (length.empty()) {
    throw IoError(location.ToString() + ": HEAD gave no Content-Length; cannot size the object");
  }
  info.size = std::stoll(length);
  info.etag = response.Header("etag");
  return info;
}

void S3Client::GetRange(const S3Location& location, int64_t offset, int64_t length,
                        uint8_t* out) const {
  if (length == 0) return;  // "bytes=N-(N-1)" is not a valid range
  Call call{"GET", &location, {}, {}, {}, out, length};
  call.headers.emplace_back(
      "Range", "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1));
  const HttpResponse response = Send(call, "GET");
  if (!IsSuccess(response.status)) ThrowResponseError("GET", location, response);
  if (response.destination_bytes != length) {
    throw IoError(location.ToString() + ": a ranged GET of " + std::to_string(length) +
                  " bytes at byte " + std::to_string(offset) + " returned " +
                  std::to_string(response.destination_bytes) +
                  " bytes (the object changed or the server ignores Range)");
  }
}

void S3Client::PutObject(const S3Location& location, std::string_view bytes) const {
  const HttpResponse response = Send({"PUT", &location, {}, {}, bytes}, "PUT");
  if (!IsSuccess(response.status)) ThrowResponseError("PUT", location, response);
}

PutIfAbsentResult S3Client::PutObjectIfAbsent(const S3Location& location,
                                              std::string_view bytes) const {
  const HttpResponse response =
      Send({"PUT", &location, {}, {{"If-None-Match", "*"}}, bytes}, "PUT (if absent)");
  if (IsSuccess(response.status)) return PutIfAbsentResult::kCreated;
  const bool exists =
      response.status == 412 ||
      (response.status == 409 && S3ErrorCode(response) == "ConditionalRequestConflict");
  if (!exists) ThrowResponseError("PUT (if absent)", location, response);
  // What is there may be our own write whose answer was lost: an attempt of ours, or one that
  // libcurl re-sent by itself when a reused connection died, landed and a later one met it. It
  // is ours if it holds exactly our bytes (a Delta commit carries its own transaction id, so
  // another writer's commit never does).
  const std::optional<ObjectInfo> info = HeadObject(location);
  if (info && info->size == static_cast<int64_t>(bytes.size())) {
    std::string stored(bytes.size(), '\0');
    GetRange(location, 0, info->size, reinterpret_cast<uint8_t*>(stored.data()));
    if (stored == bytes) return PutIfAbsentResult::kCreated;
  }
  return PutIfAbsentResult::kAlreadyExists;
}

void S3Client::DeleteObject(const S3Location& location) const {
  const HttpResponse response = Send({"DELETE", &location, {}, {}, {}}, "DELETE");
  if (response.status == 404 && S3ErrorCode(response) != "NoSuchBucket") return;
  if (!IsSuccess(response.status)) ThrowResponseError("DELETE", location, response);
}

std::string S3Client::CreateMultipartUpload(const S3Location& location) const {
  const HttpResponse response =
      Send({"POST", &location, {{"uploads", ""}}, {}, {}}, "start upload of");
  if (!IsSuccess(response.status)) ThrowResponseError("start upload of", location, response);
  std::string upload_id = XmlTagValue(response.body, "UploadId");
  if (upload_id.empty()) {
    throw IoError(location.ToString() +
                  ": the server started a multipart upload but gave no "
                  "UploadId");
  }
  return upload_id;
}

std::string S3Client::UploadPart(const S3Location& location, const std::string& upload_id,
                                 int part_number, std::string_view bytes) const {
  const std::string action = "upload part " + std::to_string(part_number) + " of";
  const HttpResponse response =
      Send({"PUT",
            &location,
            {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}},
            {},
            bytes},
           action);
  if (!IsSuccess(response.status)) ThrowResponseError(action, location, response);
  std::string etag = response.Header("etag");
  if (etag.empty()) {
    throw IoError(location.ToString() + ": part " + std::to_string(part_number) +
                  " was stored without an ETag; cannot complete the upload");
  }
  return etag;
}

void S3Client::CompleteMultipartUpload(const S3Location& location, const std::string& upload_id,
                                       const std::vector<std::string>& part_etags,
                                       int64_t total_bytes) const {
  std::string body = "<CompleteMultipartUpload>";
  for (size_t index = 0; index < part_etags.size(); ++index) {
    body += "<Part><PartNumber>" + std::to_string(index + 1) + "</PartNumber><ETag>" +
            XmlEscape(part_etags[index]) + "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  const HttpResponse response = Send(
      {"POST", &location, {{"uploadId", upload_id}}, {{"Content-Type", "application/xml"}}, body},
      "complete upload of");
  if (response.status == 404 && S3ErrorCode(response) == "NoSuchUpload") {
    // An earlier attempt completed the upload but its answer was lost (a retry, ours or
    // libcurl's, then finds no upload): the object is there with our size and part count.
    const std::optional<ObjectInfo> info = HeadObject(location);
    const std::string parts_suffix = "-" + std::to_string(part_etags.size()) + "\"";
    if (info && info->size == total_bytes && info->etag.ends_with(parts_suffix)) return;
  }
  // S3 may answer 200 and still fail: the error is then in the body.
  if (!IsSuccess(response.status) || response.body.find("<Error>") != std::string::npos) {
    HttpResponse failed = response;
    if (IsSuccess(failed.status)) failed.status = 500;
    ThrowResponseError("complete upload of", location, failed);
  }
}

void S3Client::AbortMultipartUpload(const S3Location& location,
                                    const std::string& upload_id) const {
  const HttpResponse response =
      Send({"DELETE", &location, {{"uploadId", upload_id}}, {}, {}}, "abort upload of");
  if (!IsSuccess(response.status) && response.status != 404) {
    ThrowResponseError("abort upload of", location, response);
  }
}

ListPage S3Client::ListObjects(const S3Location& location,
                               const std::string& continuation_token) const {
  const S3Location bucket{location.bucket, ""};
  Call call{"GET", &bucket, {{"list-type", "2"}, {"prefix", location.key}}, {}, {}};
  call.query.emplace_back("max-keys", std::to_string(options_.list_page_size));
  if (!continuation_token.empty())
    call.query.emplace_back("continuation-token", continuation_token);
  const HttpResponse response = Send(call, "list");
  if (!IsSuccess(response.status)) ThrowResponseError("list", location, response);
  ListPage page;
  for (std::string_view contents : XmlElements(response.body, "Contents")) {
    FileInfo info;
    info.location = "s3://" + location.bucket + "/" + XmlTagValue(contents, "Key");
    const std::string size = XmlTagValue(contents, "Size");
    info.size = size.empty() ? 0 : std::stoll(size);
    page.objects.push_back(std::move(info));
  }
  if (XmlTagValue(response.body, "IsTruncated") == "true") {
    page.next_continuation_token = XmlTagValue(response.body, "NextContinuationToken");
    if (page.next_continuation_token.empty()) {
      throw IoError("list " + location.ToString() +
                    ": the page is truncated but carries no NextContinuationToken");
    }
  }
  return page;
}

}  // namespace berserkr::s3
