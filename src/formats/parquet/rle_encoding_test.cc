#include <gtest/gtest.h>

#include <random>

#include "formats/parquet/bit_unpacking_internal.h"
#include "formats/parquet/rle_encoding_internal.h"

namespace berserkr::parquet {
namespace {

std::vector<uint32_t> Decode(const std::string& bytes, int bit_width, int64_t count) {
  const std::string context = "test";
  RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(bytes.data()),
                              static_cast<int64_t>(bytes.size()), bit_width, &context);
  std::vector<uint32_t> values(static_cast<size_t>(count));
  EXPECT_EQ(decoder.GetBatch(values.data(), count), count);
  return values;
}

TEST(RleEncodingTest, BitWidths) {
  EXPECT_EQ(BitWidthFor(0), 0);
  EXPECT_EQ(BitWidthFor(1), 1);
  EXPECT_EQ(BitWidthFor(2), 2);
  EXPECT_EQ(BitWidthFor(255), 8);
  EXPECT_EQ(BitWidthFor(256), 9);
}

// Runs of every length around the 8-value boundaries, mixed with literals, at every width: the
// decoder reads back exactly what was encoded.
TEST(RleEncodingTest, RoundTripsThroughTheDecoder) {
  std::mt19937_64 rng(7);
  for (int bit_width = 1; bit_width <= 32; ++bit_width) {
    const uint64_t limit = bit_width == 32 ? UINT32_MAX : (uint64_t{1} << bit_width) - 1;
    std::vector<uint32_t> values;
    while (values.size() < 5000) {
      const auto value = static_cast<uint32_t>(rng() % (limit + 1));
      const size_t run = rng() % 3 == 0 ? rng() % 20 : 1;
      values.insert(values.end(), run, value);
    }
    std::string bytes;
    AppendRleBitPacked(values.data(), static_cast<int64_t>(values.size()), bit_width, &bytes);
    EXPECT_EQ(Decode(bytes, bit_width, static_cast<int64_t>(values.size())), values)
        << "bit width " << bit_width;
  }
}

TEST(RleEncodingTest, LongRunsBecomeRleRunsAndWidthZeroIsOneRun) {
  const std::vector<uint32_t> ones(1000, 1);
  std::string bytes;
  AppendRleBitPacked(ones.data(), 1000, 1, &bytes);
  EXPECT_EQ(bytes.size(), 3u);  // varint header (2 bytes) + 1 value byte
  EXPECT_EQ(Decode(bytes, 1, 1000), ones);

  const std::vector<uint32_t> zeros(77, 0);
  std::string zero_width;
  AppendRleBitPacked(zeros.data(), 77, 0, &zero_width);
  EXPECT_EQ(Decode(zero_width, 0, 77), zeros);

  const std::vector<int16_t> levels = {0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0};
  std::string level_bytes;
  AppendRleBitPacked(levels.data(), 13, 2, &level_bytes);
  const std::vector<uint32_t> decoded = Decode(level_bytes, 2, 13);
  EXPECT_EQ(std::vector<int16_t>(decoded.begin(), decoded.end()), levels);
}

}  // namespace
}  // namespace berserkr::parquet
