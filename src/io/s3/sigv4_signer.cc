#include <openssl/sha.h>

#include <algorithm>
#include <ctime>

#include "io/s3/sigv4_signer_internal.h"

namespace berserkr::s3 {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string text(size * 2, '0');
  for (size_t index = 0; index < size; ++index) {
    text[2 * index] = kHexDigits[bytes[index] >> 4];
    text[2 * index + 1] = kHexDigits[bytes[index] & 0xF];
  }
  return text;
}

std::string Sha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

// HMAC-SHA256 (RFC 2104) over the one-shot SHA256(). OpenSSL 3's HMAC() fetches the algorithm
// on every call and leaves per-thread error state behind on threads that exit (LeakSanitizer
// reports it); a signature needs five HMACs of a few hundred bytes, which this does directly.
std::string HmacSha256(std::string_view key, std::string_view data) {
  constexpr size_t kBlockBytes = 64;
  std::string block_key = key.size() > kBlockBytes ? Sha256(key) : std::string(key);
  block_key.resize(kBlockBytes, '\0');
  std::string inner(kBlockBytes, '\0');
  std::string outer(kBlockBytes, '\0');
  for (size_t index = 0; index < kBlockBytes; ++index) {
    inner[index] = static_cast<char>(block_key[index] ^ 0x36);
    outer[index] = static_cast<char>(block_key[index] ^ 0x5c);
  }
  inner.append(data);
  outer.append(Sha256(inner));
  return Sha256(outer);
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& character : lower) {
    if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
  }
  return lower;
}

// Header values are signed trimmed, with runs of spaces inside collapsed to one.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string result;
  bool in_space = false;
  for (char character : value) {
    if (character == ' ' || character == '\t') {
      in_space = !result.empty();
      continue;
    }
    if (in_space) result += ' ';
    in_space = false;
    result += character;
  }
  return result;
}

HeaderList SortedCanonicalHeaders(const HeaderList& headers) {
  HeaderList sorted;
  sorted.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    sorted.emplace_back(ToLower(name), CanonicalHeaderValue(value));
  }
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

}  // namespace

std::string UriEncode(std::string_view text, bool keep_slash) {
  std::string encoded;
  encoded.reserve(text.size());
  for (unsigned char character : text) {
    const bool unreserved = (character >= 'A' && character <= 'Z') ||
                            (character >= 'a' && character <= 'z') ||
                            (character >= '0' && character <= '9') || character == '-' ||
                            character == '_' || character == '.' || character == '~';
    if (unreserved || (keep_slash && character == '/')) {
      encoded += static_cast<char>(character);
    } else {
      encoded += '%';
      encoded += "0123456789ABCDEF"[character >> 4];
      encoded += "0123456789ABCDEF"[character & 0xF];
    }
  }
  return encoded;
}

std::string CanonicalQueryString(const QueryList& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) {
    encoded.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string text;
  for (const auto& [name, value] : encoded) {
    if (!text.empty()) text += '&';
    text += name;
    text += '=';
    text += value;
  }
  return text;
}

std::string SignedHeaderNames(const HeaderList& headers) {
  std::string names;
  for (const auto& [name, value] : SortedCanonicalHeaders(headers)) {
    if (!names.empty()) names += ';';
    names += name;
  }
  return names;
}

std::string CanonicalRequest(const SigningRequest& request) {
  std::string text = request.method + "\n" + request.canonical_uri + "\n" +
                     CanonicalQueryString(request.query) + "\n";
  for (const auto& [name, value] : SortedCanonicalHeaders(request.headers)) {
    text += name + ":" + value + "\n";
  }
  text += "\n" + SignedHeaderNames(request.headers) + "\n" + request.payload_sha256_hex;
  return text;
}

std::string StringToSign(const std::string& canonical_request, const std::string& amz_date,
                         const std::string& region, const std::string& service) {
  const std::string scope = amz_date.substr(0, 8) + "/" + region + "/" + service + "/aws4_request";
  return "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(canonical_request);
}

std::string AuthorizationHeader(const SigningRequest& request, const SigningKeys& keys,
                                const std::string& amz_date, const std::string& region,
                                const std::string& service) {
  const std::string date = amz_date.substr(0, 8);
  const std::string string_to_sign =
      StringToSign(CanonicalRequest(request), amz_date, region, service);
  // The signing key is derived, never the secret itself, so the secret appears in no string
  // that could be logged.
  const std::string date_key = HmacSha256("AWS4" + keys.secret_access_key, date);
  const std::string region_key = HmacSha256(date_key, region);
  const std::string service_key = HmacSha256(region_key, service);
  const std::string signing_key = HmacSha256(service_key, "aws4_request");
  const std::string signature = HmacSha256(signing_key, string_to_sign);
  return "AWS4-HMAC-SHA256 Credential=" + keys.access_key_id + "/" + date + "/" + region + "/" +
         service + "/aws4_request,SignedHeaders=" + SignedHeaderNames(request.headers) +
         ",Signature=" +
         Hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

std::string Sha256Hex(std::string_view data) { return Sha256Hex(data.data(), data.size()); }

std::string Sha256Hex(const void* data, size_t size) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(static_cast<const unsigned char*>(data), size, digest);
  return Hex(digest, sizeof(digest));
}

std::string HexHmacSha256ForTesting(std::string_view key, std::string_view data) {
  const std::string digest = HmacSha256(key, data);
  return Hex(reinterpret_cast<const unsigned char*>(digest.data()), digest.size());
}

std::string CurrentAmzDate() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

}  // namespace berserkr::s3
