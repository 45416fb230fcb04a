// gzip (RFC 1952) through zlib's inflate, member after member.
#include <zlib.h>

#include <algorithm>
#include <climits>

#include "berserkr/common/error.h"
#include "io/compression_internal.h"

namespace berserkr {
namespace {

constexpr std::string_view kGzipMagic("\x1f\x8b", 2);

class GzipStream final : public DecompressorStream {
 public:
  explicit GzipStream(std::unique_ptr<InputStream> source)
      : DecompressorStream(std::move(source), Codec::kGzip) {
    // 16 + MAX_WBITS accepts the gzip wrapper only: a zlib or raw deflate stream behind a gzip
    // magic is damage, not something to guess around.
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
      throw OutOfMemory(input_.source_name() + ": cannot allocate a gzip decoder");
    }
  }
  ~GzipStream() override { inflateEnd(&stream_); }

  int64_t Read(uint8_t* out, int64_t size) override {
    int64_t produced = 0;
    while (produced < size) {
      if (member_ended_) {
        if (!StartNextMember()) break;
      }
      if (input_.available() == 0) input_.Refill();
      const uInt offered_in = static_cast<uInt>(std::min<int64_t>(input_.available(), UINT_MAX));
      const uInt offered_out = static_cast<uInt>(std::min<int64_t>(size - produced, UINT_MAX));
      stream_.next_in = const_cast<Bytef*>(input_.data());
      stream_.avail_in = offered_in;
      stream_.next_out = out + produced;
      stream_.avail_out = offered_out;
      const int result = inflate(&stream_, Z_NO_FLUSH);
      const uInt used_in = offered_in - stream_.avail_in;
      const uInt made_out = offered_out - stream_.avail_out;
      input_.Consume(used_in);
      produced += made_out;
      switch (result) {
        case Z_STREAM_END:
          member_ended_ = true;
          break;
        case Z_OK:
        case Z_BUF_ERROR:
          // No progress with everything offered means inflate needs bytes the file does not have.
          if (used_in == 0 && made_out == 0 && !input_.Refill()) input_.ThrowTruncated();
          break;
        case Z_MEM_ERROR:
          throw OutOfMemory(input_.source_name() + ": out of memory while decompressing gzip");
        default:
          input_.ThrowCorrupt(stream_.msg != nullptr ? stream_.msg : "inflate failed");
      }
    }
    return produced;
  }

 private:
  // After a member's trailer: true when another member follows (decoder reset for it), false at
  // the end of the input.
  bool StartNextMember() {
    if (!input_.Ensure(1)) return false;
    if (input_.data()[0] == 0) {
      SkipZeroPadding();
      return false;
    }
    if (!InputStartsWith(input_, kGzipMagic)) {
      input_.ThrowCorrupt(
          "trailing data after the end of the gzip stream is not another gzip member");
    }
    if (inflateReset(&stream_) != Z_OK) throw Internal("inflateReset failed");
    member_ended_ = false;
    return true;
  }

  // Tape and block devices pad gzip files with zero bytes; gzip -d accepts them silently, so do
  // we. Anything else after the padding is garbage.
  void SkipZeroPadding() {
    do {
      const uint8_t* data = input_.data();
      const int64_t available = input_.available();
      const int64_t zeros =
          std::find_if(data, data + available, [](uint8_t byte) { return byte != 0; }) - data;
      input_.Consume(zeros);
      if (zeros < available) {
        input_.ThrowCorrupt(
            "trailing data after the end of the gzip stream is not another gzip member");
      }
    } while (input_.Refill());
  }

  z_stream stream_{};
  bool member_ended_ = false;
};

}  // namespace

std::unique_ptr<InputStream> OpenGzipDecompressor(std::unique_ptr<InputStream> source) {
  return std::make_unique<GzipStream>(std::move(source));
}

}  // namespace berserkr
