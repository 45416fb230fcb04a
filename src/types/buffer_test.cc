#include "berserkr/types/buffer.h"

#include <gtest/gtest.h>

#include <string_view>

namespace berserkr {
namespace {

TEST(BufferTest, AppendsBytes) {
  Buffer buffer;
  buffer.Append("ab", 2);
  buffer.Append("cde", 3);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()), "abcde");
}

// An empty string_view has a null data(): appending it must not reach memcpy (UB under UBSan).
TEST(BufferTest, AppendsNothingFromANullPointer) {
  Buffer buffer;
  buffer.Append("x", 1);
  const std::string_view empty;
  buffer.Append(empty.data(), 0);
  EXPECT_EQ(buffer.size(), 1);
  EXPECT_EQ(buffer.data()[0], 'x');
}

}  // namespace
}  // namespace berserkr
