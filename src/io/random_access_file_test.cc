#include "berserkr/io/random_access_file.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "berserkr/common/error.h"
#include "test_util.h"

namespace berserkr {
namespace {

TEST(RandomAccessFileTest, ReadsRangesOfALocalFileFromSeveralThreads) {
  testing_util::TempDir directory;
  std::string text;
  for (int index = 0; index < 100000; ++index) text += static_cast<char>('a' + index % 26);
  const std::string path = directory.File("bytes.bin");
  testing_util::WriteFile(path, text);
  const auto file = OpenLocalRandomAccessFile(path);
  EXPECT_EQ(file->size(), 100000);
  EXPECT_EQ(file->name(), path);
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int thread = 0; thread < 4; ++thread) {
    threads.emplace_back([&, thread] {
      for (int64_t offset = thread; offset < 99000; offset += 997) {
        const std::vector<uint8_t> bytes = file->ReadAt(offset, 1000);
        if (std::string(bytes.begin(), bytes.end()) != text.substr(offset, 1000)) {
          ++failures[thread];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<int>(4, 0));
  EXPECT_TRUE(file->ReadAt(100000, 0).empty());
}

TEST(RandomAccessFileTest, ARangePastTheEndNamesTheFileAndTheRange) {
  const auto file = OpenMemoryRandomAccessFile({1, 2, 3, 4}, "tiny.parquet");
  EXPECT_EQ(file->ReadAt(1, 3), (std::vector<uint8_t>{2, 3, 4}));
  for (const auto& [offset, length] :
       std::vector<std::pair<int64_t, int64_t>>{{2, 3}, {-1, 1}, {0, -1}, {5, 0}, {1, INT64_MAX}}) {
    try {
      file->ReadAt(offset, length);
      ADD_FAILURE() << "no error for " << offset << "+" << length;
    } catch (const InvalidInput& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("tiny.parquet"), std::string::npos) << message;
      EXPECT_NE(message.find("outside the file's 4 bytes"), std::string::npos) << message;
    }
  }
}

TEST(RandomAccessFileTest, AMissingFileOrADirectoryIsAnIoError) {
  testing_util::TempDir directory;
  EXPECT_THROW(OpenLocalRandomAccessFile(directory.File("missing.parquet")), IoError);
  EXPECT_THROW(OpenLocalRandomAccessFile(directory.path()), IoError);
}

}  // namespace
}  // namespace berserkr
