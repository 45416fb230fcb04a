#include <gtest/gtest.h>
#include <lz4.h>
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "formats/parquet/page_compression_internal.h"

namespace berserkr::parquet {
namespace {

std::string SamplePage() {
  std::string page;
  for (int index = 0; index < 20000; ++index) page += "value " + std::to_string(index % 977) + ";";
  return page;
}

std::string Decompress(CompressionCodec codec, const std::string& compressed, int64_t size) {
  std::string output(static_cast<size_t>(size), '\0');
  DecompressPage(codec, reinterpret_cast<const uint8_t*>(compressed.data()),
                 static_cast<int64_t>(compressed.size()), reinterpret_cast<uint8_t*>(output.data()),
                 size, "test page");
  return output;
}

std::string BigEndian32(uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
          static_cast<char>(value >> 8), static_cast<char>(value)};
}

std::string Lz4Block(const std::string& input) {
  std::string output(static_cast<size_t>(LZ4_compressBound(static_cast<int>(input.size()))), '\0');
  const int size = LZ4_compress_default(input.data(), output.data(), static_cast<int>(input.size()),
                                        static_cast<int>(output.size()));
  output.resize(static_cast<size_t>(size));
  return output;
}

std::string LzoBlock(const std::string& input) {
  lzo_init();
  std::vector<uint8_t> work(LZO1X_1_MEM_COMPRESS);
  std::string output(input.size() + input.size() / 16 + 64 + 3, '\0');
  lzo_uint size = output.size();
  lzo1x_1_compress(reinterpret_cast<const uint8_t*>(input.data()), input.size(),
                   reinterpret_cast<uint8_t*>(output.data()), &size, work.data());
  output.resize(size);
  return output;
}

// Hadoop's framing: [uncompressed size][compressed size][block] per block.
std::string HadoopFrame(const std::string& input, std::string (*compress)(const std::string&)) {
  std::string framed;
  for (size_t start = 0; start < input.size(); start += 64 * 1024) {
    const std::string part = input.substr(start, 64 * 1024);
    const std::string block = compress(part);
    framed += BigEndian32(static_cast<uint32_t>(part.size())) +
              BigEndian32(static_cast<uint32_t>(block.size())) + block;
  }
  return framed;
}

TEST(PageCompressionTest, EveryCodecRoundTrips) {
  const std::string page = SamplePage();
  const auto size = static_cast<int64_t>(page.size());

  std::string snappy(snappy_max_compressed_length(page.size()), '\0');
  size_t snappy_size = snappy.size();
  ASSERT_EQ(snappy_compress(page.data(), page.size(), snappy.data(), &snappy_size), SNAPPY_OK);
  snappy.resize(snappy_size);
  EXPECT_EQ(Decompress(CompressionCodec::kSnappy, snappy, size), page);

  std::string zstd(ZSTD_compressBound(page.size()), '\0');
  zstd.resize(ZSTD_compress(zstd.data(), zstd.size(), page.data(), page.size(), 3));
  EXPECT_EQ(Decompress(CompressionCodec::kZstd, zstd, size), page);

  // GZIP: two gzip members back to back make one page.
  std::string gzip;
  for (const std::string& half : {page.substr(0, page.size() / 2), page.substr(page.size() / 2)}) {
    z_stream stream;
    std::memset(&stream, 0, sizeof(stream));
    ASSERT_EQ(deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string member(deflateBound(&stream, half.size()) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(half.data()));
    stream.avail_in = static_cast<uInt>(half.size());
    stream.next_out = reinterpret_cast<Bytef*>(member.data());
    stream.avail_out = static_cast<uInt>(member.size());
    ASSERT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
    member.resize(stream.total_out);
    deflateEnd(&stream);
    gzip += member;
  }
  EXPECT_EQ(Decompress(CompressionCodec::kGzip, gzip, size), page);

  EXPECT_EQ(Decompress(CompressionCodec::kLz4Raw, Lz4Block(page), size), page);
  // Parquet's LZ4: Hadoop-framed, or (older Arrow) a raw block.
  EXPECT_EQ(Decompress(CompressionCodec::kLz4, HadoopFrame(page, Lz4Block), size), page);
  EXPECT_EQ(Decompress(CompressionCodec::kLz4, Lz4Block(page), size), page);
  // LZO: Hadoop's LzoCodec framing, or a bare LZO1X block.
  EXPECT_EQ(Decompress(CompressionCodec::kLzo, HadoopFrame(page, LzoBlock), size), page);
  EXPECT_EQ(Decompress(CompressionCodec::kLzo, LzoBlock(page), size), page);
  EXPECT_EQ(Decompress(CompressionCodec::kUncompressed, page, size), page);
}

TEST(PageCompressionTest, CorruptDataAndWrongSizesThrow) {
  const std::string page = SamplePage();
  const auto size = static_cast<int64_t>(page.size());
  const std::string garbage(100, '\x17');
  for (CompressionCodec codec :
       {CompressionCodec::kSnappy, CompressionCodec::kGzip, CompressionCodec::kZstd,
        CompressionCodec::kLz4, CompressionCodec::kLz4Raw, CompressionCodec::kBrotli,
        CompressionCodec::kLzo}) {
    EXPECT_THROW(Decompress(codec, garbage, size), InvalidInput) << CompressionCodecName(codec);
  }
  // The right data but a header claiming another size.
  const std::string block = Lz4Block(page);
  EXPECT_THROW(Decompress(CompressionCodec::kLz4Raw, block, size + 1), InvalidInput);
  EXPECT_THROW(Decompress(static_cast<CompressionCodec>(42), block, size), NotImplemented);
}

TEST(PageCompressionTest, Crc32MatchesZlib) {
  const std::string bytes = "123456789";
  EXPECT_EQ(PageCrc32(reinterpret_cast<const uint8_t*>(bytes.data()), 9), 0xCBF43926u);
}

}  // namespace
}  // namespace berserkr::parquet
