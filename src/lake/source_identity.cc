// SHA-256 of a source file, streamed in blocks so a multi-gigabyte export never sits in memory.

#include "berserkr/lake/source_identity.h"

#include <openssl/evp.h>

#include <memory>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/io/file_system.h"
#include "berserkr/io/input_stream.h"

namespace berserkr {

SourceIdentity IdentifySource(const std::string& location) {
  SourceIdentity identity;
  identity.location = location;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    throw Error("cannot start a SHA-256 digest (OpenSSL)");
  }
  std::unique_ptr<InputStream> stream = OpenInputFile(location);
  std::vector<uint8_t> block(1 << 20);
  while (const int64_t count = stream->Read(block.data(), static_cast<int64_t>(block.size()))) {
    EVP_DigestUpdate(context.get(), block.data(), static_cast<size_t>(count));
    identity.size += count;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int index = 0; index < length; ++index) {
    identity.sha256 += kHex[digest[index] >> 4];
    identity.sha256 += kHex[digest[index] & 15];
  }
  return identity;
}

}  // namespace berserkr
