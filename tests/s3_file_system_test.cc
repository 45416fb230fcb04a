// s3:// end to end against a real S3-protocol server on loopback (tests/s3/s3_test_server.mjs):
// signed requests, the readers and writers through FileSystem, multipart uploads, conditional
// puts, listing with continuation, errors, retries and timeouts.

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/formats/json_reader.h"
#include "berserkr/formats/json_writer.h"
#include "berserkr/formats/parquet_reader.h"
#include "berserkr/io/compression.h"
#include "berserkr/io/file_listing.h"
#include "berserkr/io/file_system.h"
#include "berserkr/io/s3_options.h"
#include "s3/s3_test_server.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::S3TestServer;
using testing_util::TempDir;

// The server's pages hold at most this many keys whatever the client asks, so every listing
// below runs through continuation tokens.
constexpr int kServerPageLimit = 7;

std::string Fingerprint(const Table& table) {
  std::string text = table.schema()->ToString();
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      for (const ColumnPtr& column : batch.columns) text += column->FormatValue(row) + "|";
      text += "\n";
    }
  }
  return text;
}

std::string RandomBytes(size_t size, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random());
  return bytes;
}

std::string ReadObject(FileSystem& file_system, const std::string& location) {
  auto file = file_system.OpenRandomAccess(location);
  std::string bytes(static_cast<size_t>(file->size()), '\0');
  file->ReadAt(0, file->size(), reinterpret_cast<uint8_t*>(bytes.data()));
  return bytes;
}

void WriteObject(FileSystem& file_system, const std::string& location, const std::string& bytes) {
  auto output = file_system.OpenOutputStream(location);
  output->Write(bytes.data(), static_cast<int64_t>(bytes.size()));
  output->Close();
}

std::string ErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

class S3FileSystemTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new S3TestServer();
    skip_reason_ = server_->Start({"lake", "other"}, kServerPageLimit);
    if (skip_reason_.empty()) SetDefaultS3Options(server_->Options());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    // Without node the tests cannot run here; a server that does not start is a failure.
    if (!testing_util::HaveCommand("node")) GTEST_SKIP() << skip_reason_;
    ASSERT_TRUE(skip_reason_.empty()) << skip_reason_;
    server_->ClearFaults();
  }

  // A file system of its own, with options changed for one test.
  std::unique_ptr<FileSystem> MakeFileSystem(const std::function<void(S3Options&)>& change) {
    S3Options options = server_->Options();
    change(options);
    return MakeS3FileSystem(options);
  }

  static S3TestServer* server_;
  static std::string skip_reason_;
};

S3TestServer* S3FileSystemTest::server_ = nullptr;
std::string S3FileSystemTest::skip_reason_;

TEST_F(S3FileSystemTest, CsvRoundTripThroughReadersAndWriters) {
  TempDir dir;
  const std::string local = dir.File("retail.csv");
  const std::string bundled =
      std::string(BERSERKR_SOURCE_DIR) + "/data/online-retail/by-day/2011-12-08.csv.zst";
  // The compressed file goes up as it is: the reader finds zstd from the bytes of the object.
  {
    auto input = OpenLocalFile(bundled);
    const std::vector<uint8_t> bytes = ReadAll(*input);
    WriteObject(FileSystemFor("s3://lake/"), "s3://lake/raw/2011-12-08.csv.zst",
                std::string(bytes.begin(), bytes.end()));
  }
  const Table local_table = ReadCsv({bundled}, CsvOptions{});
  const Table remote_table = ReadCsv({"s3://lake/raw/2011-12-08.csv.zst"}, CsvOptions{});
  ASSERT_GT(local_table.num_rows(), 1000);
  EXPECT_EQ(Fingerprint(remote_table), Fingerprint(local_table));

  // The writer puts the same bytes on S3 as on disk.
  WriteCsv(local_table, local);
  WriteCsv(remote_table, "s3://lake/clean/2011-12-08.csv");
  EXPECT_EQ(ReadObject(FileSystemFor("s3://lake/"), "s3://lake/clean/2011-12-08.csv"),
            testing_util::ReadFileText(local));
  EXPECT_EQ(Fingerprint(ReadCsv({"s3://lake/clean/2011-12-08.csv"}, CsvOptions{})),
            Fingerprint(local_table));
}

// Parquet reads through ranged GETs: the footer at the end, then the column chunks.
TEST_F(S3FileSystemTest, ParquetReadsFromS3AsFromDisk) {
  const std::string local =
      std::string(BERSERKR_SOURCE_DIR) + "/tests/data/parquet/alltypes_plain.parquet";
  {
    auto input = OpenLocalFile(local);
    const std::vector<uint8_t> bytes = ReadAll(*input);
    WriteObject(FileSystemFor("s3://lake/"), "s3://lake/parquet/alltypes_plain.parquet",
                std::string(bytes.begin(), bytes.end()));
  }
  const Table local_table = ReadParquet({local}, ParquetReadOptions{});
  const Table remote_table = ReadParquet({"s3://lake/parquet/"}, ParquetReadOptions{});
  ASSERT_EQ(local_table.num_rows(), 8);
  EXPECT_EQ(Fingerprint(remote_table), Fingerprint(local_table));
}

TEST_F(S3FileSystemTest, JsonLinesAndQuarantineThroughS3) {
  FileSystem& s3 = FileSystemFor("s3://lake/");
  WriteObject(s3, "s3://lake/events/day1.jsonl",
              "{\"user\": 1, \"event\": \"view\", \"props\": {\"price\": 2.5}}\n"
              "{\"user\": 2, \"event\": \"buy\", \"props\": {\"price\": 9}}\n");
  const Table events = ReadJson({"s3://lake/events"}, JsonOptions{});
  ASSERT_EQ(events.num_rows(), 2);
  WriteJsonLines(events, "s3://lake/events-copy/day1.jsonl");
  EXPECT_EQ(Fingerprint(ReadJson({"s3://lake/events-copy/day1.jsonl"}, JsonOptions{})),
            Fingerprint(events));

  // Rejected rows can be quarantined to an object as well.
  WriteObject(s3, "s3://lake/bad/numbers.csv", "n\n1\nnot a number\n3\n");
  CsvOptions options;
  options.column_types["n"] = DataType::Int64();
  options.on_error = OnError::kQuarantine;
  options.quarantine_path = "s3://lake/bad/_rejected.csv";
  ReadStats stats;
  EXPECT_EQ(ReadCsv({"s3://lake/bad/numbers.csv"}, options, &stats).num_rows(), 2);
  const std::string rejected = ReadObject(s3, "s3://lake/bad/_rejected.csv");
  EXPECT_NE(rejected.find("\"s3://lake/bad/numbers.csv\",3,\"n\""), std::string::npos) << rejected;
}

TEST_F(S3FileSystemTest, ExpandSourcesListsPrefixesAndGlobs) {
  FileSystem& s3 = FileSystemFor("s3://lake/");
  for (const char* key :
       {"days/2024-01-01.csv", "days/2024-01-02.csv", "days/2024-02-01.csv", "days/_SUCCESS",
        "days/.part.crc", "days/sub/2024-03-01.csv", "daysbefore.csv"}) {
    WriteObject(s3, std::string("s3://lake/") + key, "a\n1\n");
  }
  EXPECT_EQ(ExpandSources({"s3://lake/days"}),
            (std::vector<std::string>{
                "s3://lake/days/2024-01-01.csv", "s3://lake/days/2024-01-02.csv",
                "s3://lake/days/2024-02-01.csv", "s3://lake/days/sub/2024-03-01.csv"}));
  EXPECT_EQ(
      ExpandSources({"s3://lake/days/2024-01-*.csv"}),
      (std::vector<std::string>{"s3://lake/days/2024-01-01.csv", "s3://lake/days/2024-01-02.csv"}));
  EXPECT_EQ(ExpandSources({"s3://lake/days/s*"}),
            (std::vector<std::string>{"s3://lake/days/sub/2024-03-01.csv"}));
  EXPECT_EQ(ExpandSources({"s3://lake/daysbefore.csv"}),
            (std::vector<std::string>{"s3://lake/daysbefore.csv"}));
  EXPECT_EQ(ReadCsv({"s3://lake/days/2024-0[12]-*.csv"}, CsvOptions{}).num_rows(), 3);
  EXPECT_NE(ErrorOf([] { ExpandSources({"s3://lake/days/*.json"}); }).find("matches no object"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] {
              ExpandSources({"s3://lake/nothing-here"});
            }).find("no such object s3://lake/nothing-here"),
            std::string::npos);
}

TEST_F(S3FileSystemTest, ListFollowsContinuationTokens) {
  auto file_system = MakeFileSystem([](S3Options& options) { options.list_page_size = 3; });
  std::vector<std::string> expected;
  for (int index = 0; index < 25; ++index) {
    char key[64];
    std::snprintf(key, sizeof(key), "s3://lake/many/key-%03d", index);
    WriteObject(*file_system, key, std::string(static_cast<size_t>(index), 'x'));
    expected.push_back(key);
  }
  WriteObject(*file_system, "s3://lake/manyother", "not below many/");
  const int64_t before = server_->Stat("requests");
  const std::vector<FileInfo> listed = file_system->List("s3://lake/many/");
  ASSERT_EQ(listed.size(), expected.size());
  for (size_t index = 0; index < listed.size(); ++index) {
    EXPECT_EQ(listed[index].location, expected[index]);
    EXPECT_EQ(listed[index].size, static_cast<int64_t>(index));
  }
  EXPECT_EQ(server_->Stat("requests") - before, 9);  // ceil(25 / 3) pages
  // The default page size asks for 1000; the server's limit still pages it.
  EXPECT_EQ(FileSystemFor("s3://lake").List("s3://lake/many/").size(), 25u);
  EXPECT_TRUE(FileSystemFor("s3://lake").List("s3://lake/none-such/").empty());
}

TEST_F(S3FileSystemTest, RangedReadsFromManyThreads) {
  const std::string bytes = RandomBytes(3 << 20, 7);
  FileSystem& s3 = FileSystemFor("s3://lake/");
  WriteObject(s3, "s3://lake/blob.bin", bytes);
  auto file = OpenRandomAccessFile("s3://lake/blob.bin");
  EXPECT_EQ(file->size(), static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(file->name(), "s3://lake/blob.bin");
  // The Parquet pattern: the last 8 bytes, then chunks anywhere, from several threads.
  const std::vector<uint8_t> tail = file->ReadAt(file->size() - 8, 8);
  EXPECT_EQ(std::string(tail.begin(), tail.end()), bytes.substr(bytes.size() - 8));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 4; ++thread) {
    threads.emplace_back([&, thread] {
      std::mt19937_64 random(thread);
      for (int read = 0; read < 20; ++read) {
        const int64_t offset = static_cast<int64_t>(random() % bytes.size());
        const int64_t length =
            static_cast<int64_t>(random() % std::min<uint64_t>(bytes.size() - offset, 200'000));
        std::vector<uint8_t> got = file->ReadAt(offset, length);
        if (std::string(got.begin(), got.end()) != bytes.substr(offset, length)) ++mismatches;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_THROW(file->ReadAt(file->size() - 4, 8), InvalidInput);
  // Sequential reads in chunks smaller than the object.
  auto chunked = MakeFileSystem([](S3Options& options) { options.read_chunk_bytes = 1 << 16; });
  auto stream = chunked->OpenInputStream("s3://lake/blob.bin");
  const std::vector<uint8_t> streamed = ReadAll(*stream);
  EXPECT_TRUE(std::string(streamed.begin(), streamed.end()) == bytes);
}

TEST_F(S3FileSystemTest, SequentialReadsFetchAheadAndSurviveErrors) {
  const std::string bytes = RandomBytes((1 << 20) + 17, 5);
  auto file_system = MakeFileSystem([](S3Options& options) {
    options.read_chunk_bytes = 1 << 16;  // 17 chunks
    options.max_attempts = 3;
  });
  WriteObject(*file_system, "s3://lake/stream.bin", bytes);
  // Failures while the fetching thread is ahead are retried there...
  server_->InjectFault(R"({"count": 2, "status": 500, "method": "GET"})");
  {
    auto stream = file_system->OpenInputStream("s3://lake/stream.bin");
    const std::vector<uint8_t> streamed = ReadAll(*stream);
    EXPECT_TRUE(std::string(streamed.begin(), streamed.end()) == bytes);
  }
  // ... and once the attempts run out, the reader gets the error.
  server_->InjectFault(R"({"count": 30, "status": 500, "method": "GET"})");
  auto stream = file_system->OpenInputStream("s3://lake/stream.bin");
  const std::string message = ErrorOf([&] { ReadAll(*stream); });
  EXPECT_NE(message.find("s3://lake/stream.bin"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 500"), std::string::npos) << message;
  server_->ClearFaults();
  // A stream dropped half read stops its fetching thread.
  auto half = file_system->OpenInputStream("s3://lake/stream.bin");
  uint8_t head[100];
  EXPECT_EQ(half->Read(head, sizeof(head)), 100);
  half.reset();
}

TEST_F(S3FileSystemTest, LargeWritesUseMultipartUpload) {
  auto file_system = MakeFileSystem([](S3Options& options) {
    options.part_size = 5 << 20;
    options.upload_concurrency = 2;
  });
  const std::string bytes = RandomBytes((17 << 20) + 12345, 11);
  auto output = file_system->OpenOutputStream("s3://lake/big/object.bin");
  for (size_t offset = 0; offset < bytes.size(); offset += 1'000'003) {
    output->Write(bytes.data() + offset,
                  static_cast<int64_t>(std::min<size_t>(1'000'003, bytes.size() - offset)));
  }
  EXPECT_EQ(server_->Stat("uploads_in_progress"), 1);
  EXPECT_FALSE(file_system->Exists("s3://lake/big/object.bin")) << "visible before Close";
  output->Close();
  EXPECT_EQ(server_->Stat("uploads_in_progress"), 0);
  EXPECT_EQ(file_system->Size("s3://lake/big/object.bin"), static_cast<int64_t>(bytes.size()));
  EXPECT_TRUE(ReadObject(*file_system, "s3://lake/big/object.bin") == bytes);
}

TEST_F(S3FileSystemTest, ACompletionWhoseAnswerWasLostStillSucceeds) {
  auto file_system = MakeFileSystem([](S3Options& options) { options.part_size = 5 << 20; });
  const std::string bytes = RandomBytes((10 << 20) + 3, 17);
  auto output = file_system->OpenOutputStream("s3://lake/big/lost-answer.bin");
  output->Write(bytes.data(), static_cast<int64_t>(bytes.size()));
  // The server completes the upload, then drops the connection: the retry finds no upload.
  server_->InjectFault(R"({"count": 1, "drop_after": true, "method": "POST"})");
  output->Close();
  EXPECT_TRUE(ReadObject(*file_system, "s3://lake/big/lost-answer.bin") == bytes);
}

TEST_F(S3FileSystemTest, AFailedPartAbortsTheUpload) {
  auto file_system = MakeFileSystem([](S3Options& options) {
    options.part_size = 5 << 20;
    options.max_attempts = 1;
  });
  auto output = file_system->OpenOutputStream("s3://lake/big/failed.bin");
  const std::string bytes = RandomBytes(11 << 20, 13);
  server_->InjectFault(R"({"count": 1, "status": 500, "method": "PUT"})");
  const std::string message = ErrorOf([&] {
    output->Write(bytes.data(), static_cast<int64_t>(bytes.size()));
    output->Close();
  });
  EXPECT_NE(message.find("upload part"), std::string::npos) << message;
  EXPECT_EQ(server_->Stat("uploads_in_progress"), 0);
  EXPECT_FALSE(file_system->Exists("s3://lake/big/failed.bin"));
}

TEST_F(S3FileSystemTest, AnUnclosedUploadIsAbortedAndNeverAppears) {
  auto file_system = MakeFileSystem([](S3Options& options) { options.part_size = 5 << 20; });
  {
    auto output = file_system->OpenOutputStream("s3://lake/big/abandoned.bin");
    const std::string bytes = RandomBytes(6 << 20, 3);
    output->Write(bytes.data(), static_cast<int64_t>(bytes.size()));
    EXPECT_EQ(server_->Stat("uploads_in_progress"), 1);
  }  // destroyed without Close, as when a writer throws
  EXPECT_EQ(server_->Stat("uploads_in_progress"), 0);
  EXPECT_FALSE(file_system->Exists("s3://lake/big/abandoned.bin"));
  // A small output is not written at all without Close.
  { auto output = file_system->OpenOutputStream("s3://lake/small-abandoned.csv"); }
  EXPECT_FALSE(file_system->Exists("s3://lake/small-abandoned.csv"));
}

TEST_F(S3FileSystemTest, PutIfAbsentHasExactlyOneWinner) {
  FileSystem& s3 = FileSystemFor("s3://lake/");
  for (int round = 0; round < 10; ++round) {
    const std::string location = "s3://lake/_delta_log/" + std::to_string(round) + ".json";
    constexpr int kWriters = 6;
    std::vector<PutIfAbsentResult> results(kWriters);
    std::vector<std::thread> writers;
    for (int writer = 0; writer < kWriters; ++writer) {
      writers.emplace_back([&, writer] {
        results[writer] = s3.PutIfAbsent(location, "commit by writer " + std::to_string(writer));
      });
    }
    for (std::thread& thread : writers) thread.join();
    const int winners =
        static_cast<int>(std::count(results.begin(), results.end(), PutIfAbsentResult::kCreated));
    ASSERT_EQ(winners, 1) << location;
    const int winner = static_cast<int>(
        std::find(results.begin(), results.end(), PutIfAbsentResult::kCreated) - results.begin());
    EXPECT_EQ(ReadObject(s3, location), "commit by writer " + std::to_string(winner));
  }
  EXPECT_EQ(s3.PutIfAbsent("s3://lake/_delta_log/0.json", "late"),
            PutIfAbsentResult::kAlreadyExists);
}

TEST_F(S3FileSystemTest, PutIfAbsentWhoseAnswerWasLostStillCountsAsCreated) {
  FileSystem& s3 = FileSystemFor("s3://lake/");
  // The server stores the object, then drops the connection: the retry (ours or libcurl's) meets
  // 412, and the object holding our exact bytes shows it was our own first attempt.
  server_->InjectFault(R"({"count": 1, "drop_after": true, "method": "PUT"})");
  EXPECT_EQ(s3.PutIfAbsent("s3://lake/_delta_log/lost.json", "mine"), PutIfAbsentResult::kCreated);
  server_->InjectFault(R"({"count": 1, "drop_after": true, "method": "PUT"})");
  EXPECT_EQ(s3.PutIfAbsent("s3://lake/_delta_log/lost.json", "someone else's"),
            PutIfAbsentResult::kAlreadyExists);
}

TEST_F(S3FileSystemTest, MissingObjectsAndBucketsAreNamed) {
  EXPECT_NE(ErrorOf([] {
              OpenRandomAccessFile("s3://lake/nope.csv");
            }).find("no such object s3://lake/nope.csv"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] {
              ReadCsv({"s3://lake/raw/nope.csv"}, CsvOptions{});
            }).find("no such object s3://lake/raw/nope.csv"),
            std::string::npos);
  EXPECT_FALSE(FileSystemFor("s3://lake").Exists("s3://lake/nope.csv"));
  const std::string bucket_error =
      ErrorOf([] { WriteObject(FileSystemFor("s3://x"), "s3://no-bucket/a.csv", "x"); });
  EXPECT_NE(bucket_error.find("no such bucket 'no-bucket'"), std::string::npos) << bucket_error;
  EXPECT_NE(bucket_error.find("NoSuchBucket"), std::string::npos) << bucket_error;
  EXPECT_NE(ErrorOf([] {
              FileSystemFor("s3://x").List("s3://no-bucket/");
            }).find("no such bucket 'no-bucket'"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] {
              FileSystemFor("s3://x").Size("s3://lake/nope.csv");
            }).find("no such object s3://lake/nope.csv"),
            std::string::npos);
  // Deleting what is not there is not an error; deleting removes.
  FileSystem& s3 = FileSystemFor("s3://lake/");
  s3.Delete("s3://lake/nope.csv");
  WriteObject(s3, "s3://lake/doomed.csv", "x");
  s3.Delete("s3://lake/doomed.csv");
  EXPECT_FALSE(s3.Exists("s3://lake/doomed.csv"));
}

TEST_F(S3FileSystemTest, WrongCredentialsSayAccessDeniedWithoutTheSecret) {
  const std::string wrong_secret = "wrong-secret-which-must-not-leak-42";
  auto file_system = MakeFileSystem(
      [&](S3Options& options) { options.credentials->secret_access_key = wrong_secret; });
  WriteObject(FileSystemFor("s3://lake/"), "s3://lake/secret-test.csv", "a\n1\n");
  for (const std::string& message :
       {ErrorOf([&] { file_system->OpenRandomAccess("s3://lake/secret-test.csv")->size(); }),
        ErrorOf([&] { file_system->OpenInputStream("s3://lake/secret-test.csv"); }),
        ErrorOf([&] { WriteObject(*file_system, "s3://lake/x.csv", "x"); }),
        ErrorOf([&] { file_system->List("s3://lake/"); })}) {
    EXPECT_NE(message.find("403"), std::string::npos) << message;
    EXPECT_EQ(message.find(wrong_secret), std::string::npos) << message;
    EXPECT_EQ(message.find(S3TestServer::kSecretKey), std::string::npos) << message;
  }
  const std::string put_error = ErrorOf([&] { WriteObject(*file_system, "s3://lake/x.csv", "x"); });
  EXPECT_NE(put_error.find("access denied"), std::string::npos) << put_error;
  EXPECT_NE(put_error.find("SignatureDoesNotMatch"), std::string::npos) << put_error;

  auto unknown_key = MakeFileSystem(
      [](S3Options& options) { options.credentials->access_key_id = "AKIDUNKNOWN"; });
  const std::string key_error = ErrorOf([&] { unknown_key->List("s3://lake/"); });
  EXPECT_NE(key_error.find("InvalidAccessKeyId"), std::string::npos) << key_error;

  auto wrong_region = MakeFileSystem([](S3Options& options) { options.region = "us-west-2"; });
  const std::string region_error = ErrorOf([&] { wrong_region->List("s3://lake/"); });
  EXPECT_NE(region_error.find("AuthorizationHeaderMalformed"), std::string::npos) << region_error;
  EXPECT_NE(region_error.find("set AWS_REGION=eu-test-1"), std::string::npos) << region_error;
}

TEST_F(S3FileSystemTest, RetriesServerErrorsThenSucceeds) {
  FileSystem& s3 = FileSystemFor("s3://lake/");
  const int64_t before = server_->Stat("requests");
  server_->InjectFault(R"({"count": 2, "status": 500})");
  WriteObject(s3, "s3://lake/retried.csv", "a\n1\n");
  EXPECT_EQ(server_->Stat("requests") - before, 3);
  server_->InjectFault(R"({"count": 1, "status": 503, "code": "SlowDown"})");
  server_->InjectFault(R"({"count": 1, "status": 429, "code": "TooManyRequests"})");
  EXPECT_EQ(ReadObject(s3, "s3://lake/retried.csv"), "a\n1\n");
  server_->InjectFault(R"({"count": 1, "drop": true})");
  EXPECT_EQ(ReadCsv({"s3://lake/retried.csv"}, CsvOptions{}).num_rows(), 1);

  auto impatient = MakeFileSystem([](S3Options& options) { options.max_attempts = 2; });
  server_->InjectFault(R"({"count": 2, "status": 500})");
  const std::string message = ErrorOf([&] { impatient->Stat("s3://lake/retried.csv"); });
  EXPECT_NE(message.find("HTTP 500"), std::string::npos) << message;
  EXPECT_NE(message.find("HEAD s3://lake/retried.csv failed after 2 attempts"), std::string::npos)
      << message;
  // libcurl itself re-sends once when a reused connection turns out dead, so drop plenty.
  server_->InjectFault(R"({"count": 6, "drop": true})");
  const std::string dropped = ErrorOf([&] { impatient->Stat("s3://lake/retried.csv"); });
  EXPECT_NE(dropped.find("after 2 attempts"), std::string::npos) << dropped;
  server_->ClearFaults();
  // Client errors are not retried.
  const int64_t before_missing = server_->Stat("requests");
  EXPECT_THROW(impatient->OpenInputStream("s3://lake/missing.csv"), IoError);
  EXPECT_EQ(server_->Stat("requests") - before_missing, 1);
}

TEST_F(S3FileSystemTest, SlowAnswersTimeOut) {
  auto file_system = MakeFileSystem([](S3Options& options) {
    options.request_timeout_ms = 300;
    options.max_attempts = 2;
  });
  WriteObject(*file_system, "s3://lake/slow.csv", "a\n1\n");
  // One slow answer: the retry gets through.
  server_->InjectFault(R"({"count": 1, "delay_ms": 1500})");
  EXPECT_EQ(ReadObject(*file_system, "s3://lake/slow.csv"), "a\n1\n");
  // Slow every time: a timeout error after the attempts run out.
  server_->InjectFault(R"({"count": 2, "delay_ms": 1500})");
  const std::string message = ErrorOf([&] { file_system->Stat("s3://lake/slow.csv"); });
  EXPECT_NE(message.find("timed out"), std::string::npos) << message;
  EXPECT_NE(message.find("s3://lake/slow.csv"), std::string::npos) << message;
  server_->ClearFaults();
}

TEST_F(S3FileSystemTest, VirtualHostedStyleUrls) {
  // http://lake.localhost:PORT/key: the bucket in the host name, signed as such.
  auto virtual_hosted = MakeFileSystem([&](S3Options& options) {
    options.endpoint.replace(options.endpoint.find("127.0.0.1"), 9, "localhost");
    options.path_style = false;
  });
  WriteObject(*virtual_hosted, "s3://lake/virtual/a b+c.csv", "x\n1\n");
  EXPECT_EQ(ReadObject(FileSystemFor("s3://lake/"), "s3://lake/virtual/a b+c.csv"), "x\n1\n");
  const std::vector<FileInfo> listed = virtual_hosted->List("s3://lake/virtual/");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].location, "s3://lake/virtual/a b+c.csv");
  EXPECT_EQ(ReadObject(*virtual_hosted, "s3://lake/virtual/a b+c.csv"), "x\n1\n");
}

// https with a certificate of its own (AWS_CA_BUNDLE / S3Options::ca_bundle), parallel parts
// sharing TLS sessions; without that CA the certificate is refused at once, not retried.
TEST(S3OverTlsTest, SignedRequestsOverHttpsWithAPrivateCa) {
  if (!testing_util::HaveCommand("node") || !testing_util::HaveCommand("openssl")) {
    GTEST_SKIP() << "node or openssl is missing: run scripts/install-deps.sh";
  }
  TempDir dir;
  const std::string certificate = dir.File("cert.pem");
  const std::string key = dir.File("key.pem");
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                         "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
                         key + "' -out '" + certificate + "' 2>/dev/null")
                            .c_str()),
            0);
  S3TestServer server;
  const std::string failure = server.Start({"secure"}, 1000, certificate, key);
  ASSERT_TRUE(failure.empty()) << failure;
  ASSERT_EQ(server.endpoint().substr(0, 8), "https://");
  S3Options options = server.Options();
  options.part_size = 5 << 20;
  auto file_system = MakeS3FileSystem(options);
  const std::string bytes = RandomBytes((16 << 20) + 1, 23);
  WriteObject(*file_system, "s3://secure/big.bin", bytes);
  EXPECT_TRUE(ReadObject(*file_system, "s3://secure/big.bin") == bytes);
  EXPECT_EQ(file_system->List("s3://secure/").size(), 1u);

  options.ca_bundle = "";  // the system's CAs do not know this certificate
  options.max_attempts = 5;
  auto untrusting = MakeS3FileSystem(options);
  const int64_t before = server.Stat("requests");
  const std::string message = ErrorOf([&] { untrusting->Stat("s3://secure/big.bin"); });
  EXPECT_NE(message.find("after 1 attempt"), std::string::npos) << message;
  EXPECT_NE(message.find("certificate"), std::string::npos) << message;
  EXPECT_EQ(server.Stat("requests"), before);
}

TEST_F(S3FileSystemTest, CommandLineConvertsToAndFromS3) {
  TempDir dir;
  const std::string local = dir.File("in.csv");
  testing_util::WriteFile(local, "id,name\n1,ann\n2,bob\n");
  const std::string environment = std::string("AWS_ENDPOINT_URL=") + server_->endpoint() +
                                  " AWS_ACCESS_KEY_ID=" + S3TestServer::kAccessKey +
                                  " AWS_SECRET_ACCESS_KEY='" + S3TestServer::kSecretKey +
                                  "' AWS_REGION=" + S3TestServer::kRegion + " ";
  const std::string cli = std::string(BERSERKR_CLI_PATH);
  ASSERT_EQ(std::system((environment + cli + " convert '" + local +
                         "' --to s3://lake/cli/out.csv > /dev/null 2>&1")
                            .c_str()),
            0);
  EXPECT_EQ(ReadObject(FileSystemFor("s3://lake/"), "s3://lake/cli/out.csv"),
            "id,name\n1,ann\n2,bob\n");
  const std::string back = dir.File("back.csv");
  ASSERT_EQ(std::system(
                (environment + cli + " convert s3://lake/cli --to '" + back + "' > /dev/null 2>&1")
                    .c_str()),
            0);
  EXPECT_EQ(testing_util::ReadFileText(back), "id,name\n1,ann\n2,bob\n");
}

}  // namespace
}  // namespace berserkr
