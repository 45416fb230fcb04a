#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "berserkr/common/error.h"
#include "berserkr/io/file_system.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::TempDir;

TEST(LocalFileSystemTest, ChosenForPathsAndS3ForUrls) {
  EXPECT_EQ(&FileSystemFor("/tmp/a.csv"), &LocalFileSystem());
  EXPECT_EQ(&FileSystemFor("relative/a.csv"), &LocalFileSystem());
  EXPECT_TRUE(IsS3Location("s3://bucket/key"));
  EXPECT_FALSE(IsS3Location("s3:/bucket"));
  EXPECT_FALSE(IsS3Location("/data/s3://x"));
}

TEST(LocalFileSystemTest, StatListDelete) {
  TempDir dir;
  FileSystem& local = LocalFileSystem();
  testing_util::WriteFile(dir.File("t/_delta_log/00000.json"), "{}");
  testing_util::WriteFile(dir.File("t/_delta_log/00001.json"), "{}\n");
  testing_util::WriteFile(dir.File("t/part-0.parquet"), "12345");
  ASSERT_TRUE(local.Stat(dir.File("t/part-0.parquet")));
  EXPECT_EQ(local.Size(dir.File("t/part-0.parquet")), 5);
  EXPECT_FALSE(local.Exists(dir.File("t/none")));
  EXPECT_FALSE(local.Exists(dir.File("t")));  // a directory is not a file
  EXPECT_THROW(local.Size(dir.File("t/none")), IoError);

  // A directory lists everything below it, hidden names included (the lake reads _delta_log).
  std::vector<FileInfo> all = local.List(dir.File("t"));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].location, dir.File("t/_delta_log/00000.json"));
  EXPECT_EQ(all[1].size, 3);
  EXPECT_EQ(all[2].location, dir.File("t/part-0.parquet"));
  // Any other prefix keeps the paths starting with it, as an S3 key prefix.
  std::vector<FileInfo> log = local.List(dir.File("t/_delta_log/0000"));
  ASSERT_EQ(log.size(), 2u);
  EXPECT_TRUE(local.List(dir.File("missing/dir")).empty());

  local.Delete(dir.File("t/part-0.parquet"));
  local.Delete(dir.File("t/part-0.parquet"));  // already gone: fine
  EXPECT_FALSE(local.Exists(dir.File("t/part-0.parquet")));
}

TEST(LocalFileSystemTest, OutputAppearsOnlyOnClose) {
  TempDir dir;
  const std::string path = dir.File("out.csv");
  {
    auto output = OpenOutputStream(path);
    output->Write("a,b\n", 4);
    EXPECT_FALSE(LocalFileSystem().Exists(path));
    output->Close();
  }
  EXPECT_EQ(testing_util::ReadFileText(path), "a,b\n");
  {
    auto output = OpenOutputStream(path);
    output->Write("lost", 4);
  }  // no Close: the old content stays, no temporary file is left
  EXPECT_EQ(testing_util::ReadFileText(path), "a,b\n");
  EXPECT_EQ(LocalFileSystem().List(dir.path().string()).size(), 1u);
}

TEST(LocalFileSystemTest, PutIfAbsentHasExactlyOneWinner) {
  TempDir dir;
  FileSystem& local = LocalFileSystem();
  for (int round = 0; round < 20; ++round) {
    const std::string path = dir.File(std::to_string(round) + ".json");
    constexpr int kWriters = 8;
    std::vector<PutIfAbsentResult> results(kWriters);
    std::vector<std::thread> writers;
    for (int writer = 0; writer < kWriters; ++writer) {
      writers.emplace_back([&, writer] {
        results[writer] = local.PutIfAbsent(path, "writer " + std::to_string(writer));
      });
    }
    for (std::thread& thread : writers) thread.join();
    ASSERT_EQ(std::count(results.begin(), results.end(), PutIfAbsentResult::kCreated), 1);
    const auto winner =
        std::find(results.begin(), results.end(), PutIfAbsentResult::kCreated) - results.begin();
    EXPECT_EQ(testing_util::ReadFileText(path), "writer " + std::to_string(winner));
  }
  // No temporary files are left behind.
  EXPECT_EQ(local.List(dir.path().string()).size(), 20u);
  EXPECT_THROW(local.PutIfAbsent(dir.File("no/such/dir/x.json"), "x"), IoError);
  local.CreateDirectories(dir.File("no/such/dir"));
  EXPECT_EQ(local.PutIfAbsent(dir.File("no/such/dir/x.json"), "x"), PutIfAbsentResult::kCreated);
}

}  // namespace
}  // namespace berserkr
