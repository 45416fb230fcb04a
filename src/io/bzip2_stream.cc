// bzip2 through BZ2_bzDecompress; concatenated streams are read one after another, as bzip2 -d
// does (pbzip2 and lbzip2 write such files).
#include <bzlib.h>

#include <algorithm>
#include <climits>

#include "berserkr/common/error.h"
#include "io/compression_internal.h"

namespace berserkr {
namespace {

constexpr std::string_view kBzip2Magic("BZh", 3);

const char* Bzip2ErrorReason(int result) {
  switch (result) {
    case BZ_DATA_ERROR:
      return "data integrity error (block CRC mismatch or bad block)";
    case BZ_DATA_ERROR_MAGIC:
      return "bad stream magic";
    default:
      return "decoder error";
  }
}

class Bzip2Stream final : public DecompressorStream {
 public:
  explicit Bzip2Stream(std::unique_ptr<InputStream> source)
      : DecompressorStream(std::move(source), Codec::kBzip2) {
    StartDecoder();
  }
  ~Bzip2Stream() override { BZ2_bzDecompressEnd(&stream_); }

  int64_t Read(uint8_t* out, int64_t size) override {
    int64_t produced = 0;
    while (produced < size) {
      if (stream_ended_) {
        if (!StartNextStream()) break;
      }
      if (input_.available() == 0) input_.Refill();
      const unsigned offered_in =
          static_cast<unsigned>(std::min<int64_t>(input_.available(), UINT_MAX));
      const unsigned offered_out =
          static_cast<unsigned>(std::min<int64_t>(size - produced, UINT_MAX));
      // bzlib never writes through next_in; its API just lacks the const.
      stream_.next_in = const_cast<char*>(reinterpret_cast<const char*>(input_.data()));
      stream_.avail_in = offered_in;
      stream_.next_out = reinterpret_cast<char*>(out + produced);
      stream_.avail_out = offered_out;
      const int result = BZ2_bzDecompress(&stream_);
      const unsigned used_in = offered_in - stream_.avail_in;
      const unsigned made_out = offered_out - stream_.avail_out;
      input_.Consume(used_in);
      produced += made_out;
      if (result == BZ_STREAM_END) {
        stream_ended_ = true;
      } else if (result == BZ_OK) {
        if (used_in == 0 && made_out == 0 && !input_.Refill()) input_.ThrowTruncated();
      } else if (result == BZ_MEM_ERROR) {
        throw OutOfMemory(input_.source_name() + ": out of memory while decompressing bzip2");
      } else {
        input_.ThrowCorrupt(Bzip2ErrorReason(result));
      }
    }
    return produced;
  }

 private:
  void StartDecoder() {
    if (BZ2_bzDecompressInit(&stream_, /*verbosity=*/0, /*small=*/0) != BZ_OK) {
      throw OutOfMemory(input_.source_name() + ": cannot allocate a bzip2 decoder");
    }
  }

  // After a stream's end-of-stream marker: true when another stream follows (with a fresh decoder,
  // as bzlib cannot be reset), false at the end of the input.
  bool StartNextStream() {
    if (!input_.Ensure(1)) return false;
    if (!InputStartsWith(input_, kBzip2Magic)) {
      input_.ThrowCorrupt(
          "trailing data after the end of the bzip2 stream is not another bzip2 stream");
    }
    BZ2_bzDecompressEnd(&stream_);
    stream_ = bz_stream{};
    StartDecoder();
    stream_ended_ = false;
    return true;
  }

  bz_stream stream_{};
  bool stream_ended_ = false;
};

}  // namespace

std::unique_ptr<InputStream> OpenBzip2Decompressor(std::unique_ptr<InputStream> source) {
  return std::make_unique<Bzip2Stream>(std::move(source));
}

}  // namespace berserkr
