#pragma once

// AWS Signature Version 4 for S3 requests (header-based authorization).
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// Pure functions over strings so the AWS documented examples can be checked byte for byte.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berserkr::s3 {

using HeaderList = std::vector<std::pair<std::string, std::string>>;
using QueryList = std::vector<std::pair<std::string, std::string>>;

// The request as it is signed. Query names and values are given decoded; the signer encodes them.
struct SigningRequest {
  std::string method;         // "GET", "PUT", ...
  std::string canonical_uri;  // the URI-encoded path as sent: "/bucket/a%20b.csv"
  QueryList query;
  HeaderList headers;              // every header to sign, host and x-amz-date included
  std::string payload_sha256_hex;  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

struct SigningKeys {
  std::string access_key_id;
  std::string secret_access_key;
};

// RFC 3986 encoding as SigV4 wants it: unreserved characters (A-Z a-z 0-9 - _ . ~) stay, every
// other byte becomes %XX (upper case); '/' stays when `keep_slash` (object keys in paths).
std::string UriEncode(std::string_view text, bool keep_slash);

// The query in canonical form (sorted by encoded name, then value): also what the URL carries, so
// the signed and the sent query string are the same bytes.
std::string CanonicalQueryString(const QueryList& query);

// "host;range;x-amz-content-sha256;x-amz-date": lower-case names, sorted.
std::string SignedHeaderNames(const HeaderList& headers);

std::string CanonicalRequest(const SigningRequest& request);

// `amz_date` is the request time as "20130524T000000Z"; the scope is date/region/service.
std::string StringToSign(const std::string& canonical_request, const std::string& amz_date,
                         const std::string& region, const std::string& service);

// The value of the Authorization header:
// "AWS4-HMAC-SHA256
// Credential=KEY/20130524/us-east-1/s3/aws4_request,SignedHeaders=...,Signature=..."
std::string AuthorizationHeader(const SigningRequest& request, const SigningKeys& keys,
                                const std::string& amz_date, const std::string& region,
                                const std::string& service);

// Hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
std::string Sha256Hex(const void* data, size_t size);

// Hex HMAC-SHA256 of `data` under `key` (the signer's building block, exposed for its test).
std::string HexHmacSha256ForTesting(std::string_view key, std::string_view data);

// "20130524T000000Z" for the current UTC time.
std::string CurrentAmzDate();

}  // namespace berserkr::s3
