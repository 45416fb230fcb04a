#include "berserkr/io/compression.h"

#include <gtest/gtest.h>
#include <lzo/lzo1x.h>
#include <stdlib.h>  // mkdtemp
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/io/input_stream.h"
#include "io/compression_internal.h"

// Fixtures are made at test time with the real command-line tools, so the decoders are checked
// against what gzip, zstd, bzip2, lz4 and lzop actually write. A missing tool skips its tests.

namespace berserkr {
namespace {

namespace fs = std::filesystem;

// Deterministic CSV-like text: numbers, words, dates and quoted fields, random enough that the
// compressed files span many blocks and frames.
std::string MakeCsvText(int64_t bytes, uint64_t seed) {
  static const char* const kWords[] = {"alpha", "beta",  "gamma", "delta",  "epsilon", "zeta",
                                       "eta",   "theta", "kappa", "lambda", "omicron", "sigma",
                                       "tau",   "phi",   "chi",   "omega"};
  uint64_t state = seed;
  auto next = [&state] {
    // splitmix64: fast, and the same on every platform.
    state += 0x9E3779B97F4A7C15ull;
    uint64_t mixed = state;
    mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9ull;
    mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBull;
    return mixed ^ (mixed >> 31);
  };
  std::string text = "id,name,amount,date,comment\n";
  for (int64_t row = 0; static_cast<int64_t>(text.size()) < bytes; ++row) {
    const uint64_t random = next();
    text += std::to_string(row);
    text += ',';
    text += kWords[random % 16];
    text += '_';
    text += std::to_string(random >> 40);
    text += ',';
    text += std::to_string((random >> 8) % 100000) + "." + std::to_string(random % 100);
    text += ",20" + std::to_string(10 + random % 15) + "-0" +
            std::to_string(1 + (random >> 4) % 9) + "-1" + std::to_string((random >> 12) % 10);
    text += ",\"";
    text += kWords[(random >> 20) % 16];
    text += ", ";
    text += kWords[(random >> 24) % 16];
    text += "\"\n";
  }
  text.resize(static_cast<size_t>(bytes));
  return text;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

void WriteFileBytes(const std::string& path, std::string_view bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<uint8_t> ToBytes(std::string_view text) { return {text.begin(), text.end()}; }

bool ToolAvailable(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs a shell command; empty on success, else the command for the failure message.
std::string RunCommand(const std::string& command) {
  return std::system(command.c_str()) == 0 ? "" : "command failed: " + command;
}

// Reads `stream` to its end in Reads of `chunk` bytes, checking that no Read overruns the chunk.
std::string ReadInChunks(InputStream& stream, int64_t chunk) {
  std::string result;
  std::vector<uint8_t> buffer(static_cast<size_t>(chunk));
  for (;;) {
    const int64_t count = stream.Read(buffer.data(), chunk);
    EXPECT_LE(count, chunk);
    if (count <= 0) break;
    result.append(reinterpret_cast<const char*>(buffer.data()), static_cast<size_t>(count));
  }
  return result;
}

std::string DecompressFile(const std::string& path, int64_t chunk = 1 << 20) {
  std::unique_ptr<InputStream> stream = OpenFileDecompressed(path);
  return ReadInChunks(*stream, chunk);
}

std::string DecompressBytes(Codec codec, std::string_view compressed, int64_t chunk = 1 << 20) {
  std::unique_ptr<InputStream> stream =
      OpenDecompressor(codec, OpenMemory(ToBytes(compressed), "memory"));
  return ReadInChunks(*stream, chunk);
}

// The message of the InvalidInput that decompressing `path` throws, or "" if none was thrown.
std::string InvalidInputMessage(const std::string& path) {
  try {
    DecompressFile(path);
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "";
}

// A directory under the test temp dir, removed with everything in it.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    std::string pattern = testing::TempDir() + "/berserkr_compression_XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw IoError("mkdtemp failed: " + pattern);
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// One way of compressing: the tool, its options, and what its output guarantees.
struct Variant {
  std::string label;
  std::string tool;
  std::string options;  // placed between the tool and "-c <input>"
  std::string extension;
  Codec codec;
  bool detects_corruption;  // a checksum covers every output byte
  bool has_end_marker;      // a cut exactly after the header is detectable
  bool small_blocks;        // the first output needs at most a chunk or two of input
};

void PrintTo(const Variant& variant, std::ostream* out) { *out << variant.label; }

const std::vector<Variant>& AllVariants() {
  static const std::vector<Variant> variants = {
      {"gzip", "gzip", "-6", ".gz", Codec::kGzip, true, true, true},
      {"gzip_fast", "gzip", "-1", ".gz", Codec::kGzip, true, true, true},
      {"zstd", "zstd", "-q -3", ".zst", Codec::kZstd, true, true, true},
      {"zstd_no_check", "zstd", "-q -9 --no-check", ".zstd", Codec::kZstd, false, true, true},
      {"bzip2", "bzip2", "-9", ".bz2", Codec::kBzip2, true, true, false},
      {"bzip2_small_blocks", "bzip2", "-1", ".bz2", Codec::kBzip2, true, true, true},
      {"lz4", "lz4", "-q", ".lz4", Codec::kLz4, true, true, false},
      {"lz4_linked_64k", "lz4", "-q -B4 -BD", ".lz4", Codec::kLz4, true, true, true},
      {"lz4_block_checksum", "lz4", "-q -B5 -BX --content-size --no-frame-crc", ".lz4", Codec::kLz4,
       true, true, true},
      {"lz4_no_frame_crc", "lz4", "-q -B4 --no-frame-crc", ".lz4", Codec::kLz4, false, true, true},
      {"lz4_legacy", "lz4", "-q -l", ".lz4", Codec::kLz4, false, false, false},
      {"lzop", "lzop", "", ".lzo", Codec::kLzop, true, true, true},
      {"lzop_fast", "lzop", "-1", ".lzo", Codec::kLzop, true, true, true},
      {"lzop_best", "lzop", "-9", ".lzo", Codec::kLzop, true, true, true},
      {"lzop_crc32", "lzop", "--crc32", ".lzo", Codec::kLzop, true, true, true},
      {"lzop_no_checksum", "lzop", "-F", ".lzo", Codec::kLzop, false, true, true},
  };
  return variants;
}

constexpr int64_t kDataBytes = 3 << 20;
constexpr int64_t kSmallDataBytes = 200 << 10;

// The originals, shared by every test; compressed files are made per test in its own directory.
class CompressionCodecTest : public testing::TestWithParam<Variant> {
 protected:
  static void SetUpTestSuite() {
    originals_ = new TemporaryDirectory();
    data_ = MakeCsvText(kDataBytes, 42);
    small_data_ = MakeCsvText(kSmallDataBytes, 7);
    WriteFileBytes(originals_->File("data.csv"), data_);
    WriteFileBytes(originals_->File("small.csv"), small_data_);
    WriteFileBytes(originals_->File("empty.csv"), "");
  }
  static void TearDownTestSuite() {
    delete originals_;
    originals_ = nullptr;
  }

  void SetUp() override {
    if (!ToolAvailable(GetParam().tool)) GTEST_SKIP() << GetParam().tool << " is not installed";
  }

  // Compresses the original `name` (data.csv, small.csv, empty.csv) with this variant into the
  // test's directory and returns the compressed file's path.
  std::string Compress(const std::string& name) {
    const Variant& variant = GetParam();
    const std::string output = directory_.File(name + variant.extension);
    const std::string error = RunCommand(variant.tool + " " + variant.options + " -c '" +
                                         originals_->File(name) + "' > '" + output + "'");
    EXPECT_EQ(error, "");
    return output;
  }

  std::string ReadOriginal(const std::string& name) {
    return ReadFileBytes(originals_->File(name));
  }

  static TemporaryDirectory* originals_;
  static std::string data_;
  static std::string small_data_;
  TemporaryDirectory directory_;
};

TemporaryDirectory* CompressionCodecTest::originals_ = nullptr;
std::string CompressionCodecTest::data_;
std::string CompressionCodecTest::small_data_;

TEST_P(CompressionCodecTest, RoundTripsWithEveryReadSize) {
  const std::string compressed = Compress("data.csv");
  for (const int64_t chunk :
       {int64_t{7}, int64_t{4096 + 13}, int64_t{1} << 20, int64_t{16} << 20}) {
    EXPECT_TRUE(DecompressFile(compressed, chunk) == data_) << "read size " << chunk;
  }
  // Byte-at-a-time reads exercise every resume point of the decoders.
  EXPECT_TRUE(DecompressFile(Compress("small.csv"), 1) == small_data_);
}

TEST_P(CompressionCodecTest, DetectsTheCodecAndNamesTheStream) {
  const std::string compressed = Compress("small.csv");
  const std::string head = ReadFileBytes(compressed).substr(0, 64);
  EXPECT_EQ(DetectCodec(reinterpret_cast<const uint8_t*>(head.data()),
                        static_cast<int64_t>(head.size()), "no_extension"),
            GetParam().codec);
  EXPECT_EQ(OpenFileDecompressed(compressed)->name(),
            compressed + " (" + std::string(CodecName(GetParam().codec)) + ")");
}

TEST_P(CompressionCodecTest, DecompressesFromMemory) {
  const std::string compressed = ReadFileBytes(Compress("small.csv"));
  EXPECT_TRUE(DecompressBytes(GetParam().codec, compressed) == small_data_);
}

TEST_P(CompressionCodecTest, CompressedEmptyInputGivesNoBytes) {
  EXPECT_EQ(DecompressFile(Compress("empty.csv")), "");
}

TEST_P(CompressionCodecTest, EmptyFileIsAnError) {
  const std::string path = directory_.File("nothing.csv" + GetParam().extension);
  WriteFileBytes(path, "");
  const std::string message = InvalidInputMessage(path);
  EXPECT_NE(message.find(path + ": empty " + std::string(CodecName(GetParam().codec)) + " stream"),
            std::string::npos)
      << message;
}

TEST_P(CompressionCodecTest, ConcatenatedFilesDecompressToConcatenatedData) {
  const std::string small = ReadFileBytes(Compress("small.csv"));
  const std::string empty = ReadFileBytes(Compress("empty.csv"));
  const std::string path = directory_.File("joined" + GetParam().extension);
  WriteFileBytes(path, small + empty + small);
  EXPECT_TRUE(DecompressFile(path, 4096) == small_data_ + small_data_);
}

TEST_P(CompressionCodecTest, TruncatedFileThrows) {
  const std::string compressed = ReadFileBytes(Compress("data.csv"));
  const int64_t size = static_cast<int64_t>(compressed.size());
  std::vector<int64_t> cuts = {1, size / 3, size / 2, size - 1};
  // Just past the header: gzip 10 bytes, zstd and lz4 frame headers 6-7, bzip2 4, lzop ~40.
  const int64_t header_bytes = GetParam().codec == Codec::kLzop ? 42 : 10;
  if (GetParam().has_end_marker) cuts.push_back(header_bytes);
  for (const int64_t cut : cuts) {
    const std::string path = directory_.File("cut_" + std::to_string(cut) + GetParam().extension);
    WriteFileBytes(path, std::string_view(compressed).substr(0, static_cast<size_t>(cut)));
    const std::string message = InvalidInputMessage(path);
    EXPECT_NE(
        message.find(path + ": truncated " + std::string(CodecName(GetParam().codec)) +
                     " stream: input ended after " + std::to_string(cut) + " compressed bytes"),
        std::string::npos)
        << "cut at " << cut << " of " << size << ": " << message;
  }
}

TEST_P(CompressionCodecTest, FlippedByteThrows) {
  if (!GetParam().detects_corruption) GTEST_SKIP() << "no checksum covers the data";
  const std::string compressed = ReadFileBytes(Compress("data.csv"));
  const size_t size = compressed.size();
  for (const size_t position : {size / 3, size / 2, 2 * size / 3}) {
    std::string damaged = compressed;
    damaged[position] = static_cast<char>(damaged[position] ^ 0x20);
    const std::string path =
        directory_.File("flip_" + std::to_string(position) + GetParam().extension);
    WriteFileBytes(path, damaged);
    const std::string message = InvalidInputMessage(path);
    EXPECT_NE(message.find(path + ": "), std::string::npos)
        << "flip at " << position << " went unnoticed";
  }
}

// The decoders stream: the first bytes out need only the first chunks in, not the whole file.
TEST_P(CompressionCodecTest, ReadsInputInBoundedChunks) {
  if (!GetParam().small_blocks) GTEST_SKIP() << "blocks are larger than the input chunk";
  class CountingStream final : public InputStream {
   public:
    explicit CountingStream(std::unique_ptr<InputStream> inner) : inner_(std::move(inner)) {}
    int64_t Read(uint8_t* out, int64_t size) override {
      const int64_t count = inner_->Read(out, size);
      bytes_read_ += count;
      return count;
    }
    const std::string& name() const override { return inner_->name(); }
    int64_t bytes_read() const { return bytes_read_; }

   private:
    std::unique_ptr<InputStream> inner_;
    int64_t bytes_read_ = 0;
  };
  const std::string compressed = Compress("data.csv");
  auto counting = std::make_unique<CountingStream>(OpenLocalFile(compressed));
  const CountingStream& counter = *counting;
  std::unique_ptr<InputStream> stream = OpenDecompressor(GetParam().codec, std::move(counting));
  std::vector<uint8_t> buffer(64 << 10);
  ASSERT_GT(stream->Read(buffer.data(), static_cast<int64_t>(buffer.size())), 0);
  EXPECT_LE(counter.bytes_read(), 2 * kCompressedChunkBytes);
  EXPECT_LT(counter.bytes_read(), static_cast<int64_t>(fs::file_size(compressed)));
}

// Every prefix of a small file is truncated and every flipped byte is damage: the decoder must
// throw (or, where no checksum covers a byte, decode) without crashing or hanging.
TEST_P(CompressionCodecTest, EveryPrefixAndEveryFlippedByteIsHandled) {
  const std::string text = small_data_.substr(0, 3000);
  const std::string source = directory_.File("tiny.csv");
  WriteFileBytes(source, text);
  const std::string output = directory_.File("tiny" + GetParam().extension);
  ASSERT_EQ(RunCommand(GetParam().tool + " " + GetParam().options + " -c '" + source + "' > '" +
                       output + "'"),
            "");
  const std::string compressed = ReadFileBytes(output);
  const Codec codec = GetParam().codec;
  for (size_t cut = 1; cut < compressed.size(); ++cut) {  // cut 0: EmptyFileIsAnError
    // A legacy lz4 stream has no end marker: a cut just after the magic is an empty stream.
    if (!GetParam().has_end_marker && cut == 4) continue;
    EXPECT_THROW(DecompressBytes(codec, std::string_view(compressed).substr(0, cut)), InvalidInput)
        << "prefix of " << cut << " bytes";
  }
  for (size_t position = 0; position < compressed.size(); ++position) {
    std::string damaged = compressed;
    damaged[position] = static_cast<char>(damaged[position] ^ 0xFF);
    try {
      const std::string decoded = DecompressBytes(codec, damaged, 1000);
      // Only header fields nobody checks (gzip's mtime, lzop's mode) may change silently.
      if (GetParam().detects_corruption) {
        EXPECT_TRUE(decoded == text) << "flip at " << position;
      }
    } catch (const InvalidInput&) {
    } catch (const NotImplemented&) {
      // A damaged header may name a feature (lzop method, filter) before its checksum is read.
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Compression, CompressionCodecTest, testing::ValuesIn(AllVariants()),
                         [](const testing::TestParamInfo<Variant>& info) {
                           return info.param.label;
                         });

// ---- Detection ----

Codec Detect(std::string_view head, std::string_view path = "file") {
  return DetectCodec(reinterpret_cast<const uint8_t*>(head.data()),
                     static_cast<int64_t>(head.size()), path);
}

TEST(CompressionDetectTest, MagicBytesDecide) {
  using namespace std::string_view_literals;
  EXPECT_EQ(Detect("\x1f\x8b\x08\x00"sv), Codec::kGzip);
  EXPECT_EQ(Detect("\x28\xb5\x2f\xfd\x24"sv), Codec::kZstd);
  EXPECT_EQ(Detect("BZh91AY&SY"sv), Codec::kBzip2);
  EXPECT_EQ(Detect("\x04\x22\x4d\x18\x64\x40"sv), Codec::kLz4);
  EXPECT_EQ(Detect("\x02\x21\x4c\x18\x16\x00"sv), Codec::kLz4);
  EXPECT_EQ(Detect("\x89LZO\x00\x0d\x0a\x1a\x0a\x10\x40"sv), Codec::kLzop);
  // The magic wins over a misleading extension.
  EXPECT_EQ(Detect("\x1f\x8b\x08\x00"sv, "data.csv.zst"), Codec::kGzip);
  EXPECT_EQ(Detect("id,name\n1,a\n", "data.csv"), Codec::kNone);
  EXPECT_EQ(Detect("BZh0 is not a block size"), Codec::kNone);
  EXPECT_EQ(Detect("BZ"), Codec::kNone);
}

TEST(CompressionDetectTest, SkippableFramesLeadToTheFrameAfterThem) {
  using namespace std::string_view_literals;
  const std::string_view skippable = "\x50\x2a\x4d\x18\x03\x00\x00\x00xyz"sv;
  EXPECT_EQ(Detect(std::string(skippable) + "\x28\xb5\x2f\xfd"), Codec::kZstd);
  EXPECT_EQ(Detect(std::string(skippable) + std::string("\x04\x22\x4d\x18"sv)), Codec::kLz4);
  EXPECT_EQ(Detect(std::string(skippable) + std::string(skippable) + "\x04\x22\x4d\x18"),
            Codec::kLz4);
  // The next frame is beyond the head: the extension decides between the two, zstd by default.
  EXPECT_EQ(Detect("\x5f\x2a\x4d\x18\x00\x10\x00\x00"sv), Codec::kZstd);
  EXPECT_EQ(Detect("\x5f\x2a\x4d\x18\x00\x10\x00\x00"sv, "x.lz4"), Codec::kLz4);
}

TEST(CompressionDetectTest, ExtensionDecidesOnlyWhenTheHeadIsTooShort) {
  EXPECT_EQ(Detect("", "a.csv.gz"), Codec::kGzip);
  EXPECT_EQ(Detect("", "A.CSV.GZ"), Codec::kGzip);
  EXPECT_EQ(Detect("\x1f", "a.csv.gz"), Codec::kGzip);
  EXPECT_EQ(Detect("", "a.zst"), Codec::kZstd);
  EXPECT_EQ(Detect("", "a.zstd"), Codec::kZstd);
  EXPECT_EQ(Detect("BZ", "a.bz2"), Codec::kBzip2);
  EXPECT_EQ(Detect("", "a.lz4"), Codec::kLz4);
  EXPECT_EQ(Detect("\x89LZO", "a.lzo"), Codec::kLzop);
  EXPECT_EQ(Detect("\x02\x21", "a.lz4"), Codec::kLz4);      // legacy lz4
  EXPECT_EQ(Detect("\x5a\x2a\x4d", "a.lz4"), Codec::kLz4);  // skippable frame
  EXPECT_EQ(Detect("\x5a\x2a\x4d", "a.zst"), Codec::kZstd);
  EXPECT_EQ(Detect("\x02\x21", "a.zst"), Codec::kNone);
  EXPECT_EQ(Detect("", "a.csv"), Codec::kNone);
  EXPECT_EQ(DetectCodec(nullptr, 0, "a.bz2"), Codec::kBzip2);
  EXPECT_EQ(DetectCodec(nullptr, 0, "a.csv"), Codec::kNone);
  // Bytes that contradict the extension: a plain file with a wrong name is read as it is.
  EXPECT_EQ(Detect("a,b\n", "a.csv.gz"), Codec::kNone);
  EXPECT_EQ(Detect("x", "a.csv.gz"), Codec::kNone);
}

TEST(CompressionDetectTest, CodecNames) {
  EXPECT_EQ(CodecName(Codec::kNone), "none");
  EXPECT_EQ(CodecName(Codec::kGzip), "gzip");
  EXPECT_EQ(CodecName(Codec::kZstd), "zstd");
  EXPECT_EQ(CodecName(Codec::kBzip2), "bzip2");
  EXPECT_EQ(CodecName(Codec::kLz4), "lz4");
  EXPECT_EQ(CodecName(Codec::kLzop), "lzop");
}

// ---- Cases the parameterized suite does not reach ----

class CompressionFileTest : public testing::Test {
 protected:
  // Compresses `text` with `command` ("gzip -c") into `name` in the test directory.
  std::string CompressText(const std::string& command, std::string_view text,
                           const std::string& name) {
    const std::string source = directory_.File(name + ".source");
    WriteFileBytes(source, text);
    const std::string output = directory_.File(name);
    EXPECT_EQ(RunCommand(command + " '" + source + "' > '" + output + "'"), "");
    return output;
  }

  TemporaryDirectory directory_;
  const std::string text_ = MakeCsvText(100 << 10, 3);
};

TEST_F(CompressionFileTest, PlainFilesPassThroughUnchanged) {
  for (const std::string& text :
       {std::string(""), std::string("a"), std::string("a,b\n1,2\n"), MakeCsvText(10000, 1)}) {
    const std::string path = directory_.File("plain.csv");
    WriteFileBytes(path, text);
    std::unique_ptr<InputStream> stream = OpenFileDecompressed(path);
    EXPECT_EQ(stream->name(), path);
    EXPECT_EQ(ReadInChunks(*stream, 3), text);
  }
}

TEST_F(CompressionFileTest, GzipTrailingZerosAreIgnoredAndGarbageIsNot) {
  if (!ToolAvailable("gzip")) GTEST_SKIP() << "gzip is not installed";
  const std::string gzip = ReadFileBytes(CompressText("gzip -c", text_, "a.gz"));
  const std::string padded = directory_.File("padded.gz");
  WriteFileBytes(padded, gzip + std::string(1000, '\0'));
  EXPECT_TRUE(DecompressFile(padded) == text_);

  for (const std::string& tail :
       {std::string("garbage"), std::string("\x1f"), std::string(10, '\0') + "x"}) {
    const std::string path = directory_.File("tail.gz");
    WriteFileBytes(path, gzip + tail);
    EXPECT_THROW(DecompressFile(path), InvalidInput) << tail.size();
  }
  const std::string path = directory_.File("tail.gz");
  WriteFileBytes(path, gzip + "garbage");
  EXPECT_NE(InvalidInputMessage(path).find("not another gzip member"), std::string::npos);
}

TEST_F(CompressionFileTest, TrailingGarbageAfterOtherCodecsThrows) {
  struct Case {
    std::string tool, command, extension;
  };
  for (const Case& codec : {Case{"zstd", "zstd -q -c", ".zst"}, Case{"bzip2", "bzip2 -c", ".bz2"},
                            Case{"lz4", "lz4 -q -c", ".lz4"}, Case{"lzop", "lzop -c", ".lzo"}}) {
    if (!ToolAvailable(codec.tool)) continue;
    const std::string compressed =
        ReadFileBytes(CompressText(codec.command, text_, "a" + codec.extension));
    const std::string path = directory_.File("tail" + codec.extension);
    WriteFileBytes(path, compressed + "garbage, and more garbage");
    EXPECT_THROW(DecompressFile(path), InvalidInput) << codec.tool;
  }
}

TEST_F(CompressionFileTest, ZstdSkippableFramesAreSkipped) {
  if (!ToolAvailable("zstd")) GTEST_SKIP() << "zstd is not installed";
  const std::string frame = ReadFileBytes(CompressText("zstd -q -c", text_, "a.zst"));
  const std::string skippable("\x50\x2a\x4d\x18\x05\x00\x00\x00hello", 13);
  const std::string path = directory_.File("skippable.zst");
  WriteFileBytes(path, skippable + frame + skippable + frame + skippable);
  EXPECT_TRUE(DecompressFile(path) == text_ + text_);
  if (std::system(("zstd -q -d -c '" + path + "' > /dev/null 2>&1").c_str()) != 0) {
    ADD_FAILURE() << "zstd itself rejects the fixture";
  }
}

TEST_F(CompressionFileTest, Lz4LegacyStreamFollowedByFrame) {
  if (!ToolAvailable("lz4")) GTEST_SKIP() << "lz4 is not installed";
  const std::string legacy = ReadFileBytes(CompressText("lz4 -q -l -c", text_, "a.lz4"));
  const std::string frame = ReadFileBytes(CompressText("lz4 -q -c", text_, "b.lz4"));
  const std::string path = directory_.File("mixed.lz4");
  WriteFileBytes(path, legacy + frame + legacy);
  EXPECT_TRUE(DecompressFile(path, 1000) == text_ + text_ + text_);
}

TEST_F(CompressionFileTest, ErrorMessageNamesFileCodecAndOffset) {
  if (!ToolAvailable("gzip")) GTEST_SKIP() << "gzip is not installed";
  const std::string gzip = ReadFileBytes(CompressText("gzip -c", text_, "a.gz"));
  const std::string path = directory_.File("x.csv.gz");
  WriteFileBytes(path, gzip.substr(0, 1234));
  EXPECT_NE(InvalidInputMessage(path).find(
                path + ": truncated gzip stream: input ended after 1234 compressed bytes"),
            std::string::npos);

  std::string damaged = gzip;
  damaged[3] = static_cast<char>(0xE0);  // reserved header flag bits
  WriteFileBytes(path, damaged);
  EXPECT_NE(InvalidInputMessage(path).find(path + ": corrupt gzip data at compressed byte "),
            std::string::npos);
}

// ---- lzop headers and blocks that the lzop tool does not write ----

struct LzopOptions {
  uint16_t version = 0x1040;
  uint32_t flags = 0x03000000;     // OS: Unix
  uint32_t extra_field_bytes = 0;  // > 0 sets F_H_EXTRA_FIELD
  int64_t block_bytes = 64 << 10;
};

void AppendBigEndian(std::string& out, uint32_t value, int width) {
  for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
    out += static_cast<char>(value >> shift & 0xFF);
  }
}

// An lzop file of `text` written the way lzop 1.04's reader expects, with the options lzop's own
// writer never uses (compressed-data checksums, extra field, pre-0.94 header, crc32 header).
std::string WriteLzop(std::string_view text, const LzopOptions& options) {
  constexpr uint32_t kAdler32D = 0x1, kAdler32C = 0x2, kExtra = 0x40, kCrc32D = 0x100,
                     kCrc32C = 0x200, kHeaderCrc32 = 0x1000;
  EXPECT_EQ(lzo_init(), LZO_E_OK);
  const uint32_t flags = options.flags | (options.extra_field_bytes > 0 ? kExtra : 0);
  auto checksum = [flags](std::string_view bytes) {
    const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
    return static_cast<uint32_t>((flags & kHeaderCrc32) ? crc32(0, data, bytes.size())
                                                        : adler32(1, data, bytes.size()));
  };
  std::string out("\x89LZO\x00\x0d\x0a\x1a\x0a", 9);
  std::string header;
  AppendBigEndian(header, options.version, 2);
  AppendBigEndian(header, 0x20a0, 2);
  if (options.version >= 0x0940) AppendBigEndian(header, 0x0940, 2);
  AppendBigEndian(header, 1, 1);  // method LZO1X_1
  if (options.version >= 0x0940) AppendBigEndian(header, 5, 1);
  AppendBigEndian(header, flags, 4);
  AppendBigEndian(header, 0100644, 4);
  AppendBigEndian(header, 1700000000, 4);
  if (options.version >= 0x0940) AppendBigEndian(header, 0, 4);
  AppendBigEndian(header, 5, 1);
  header += "a.csv";
  out += header;
  AppendBigEndian(out, checksum(header), 4);
  if (options.extra_field_bytes > 0) {
    std::string extra;
    AppendBigEndian(extra, options.extra_field_bytes, 4);
    extra += std::string(options.extra_field_bytes, 'e');
    out += extra;
    AppendBigEndian(out, checksum(extra), 4);
  }
  std::vector<uint8_t> work(LZO1X_1_MEM_COMPRESS);
  for (size_t begin = 0; begin < text.size(); begin += static_cast<size_t>(options.block_bytes)) {
    const std::string_view block = text.substr(begin, static_cast<size_t>(options.block_bytes));
    std::string compressed(block.size() + block.size() / 16 + 64 + 3, '\0');
    lzo_uint compressed_size = 0;
    lzo1x_1_compress(reinterpret_cast<const uint8_t*>(block.data()), block.size(),
                     reinterpret_cast<uint8_t*>(compressed.data()), &compressed_size, work.data());
    compressed.resize(compressed_size);
    const bool stored = compressed.size() >= block.size();
    if (stored) compressed = std::string(block);
    const auto* block_data = reinterpret_cast<const Bytef*>(block.data());
    const auto* compressed_data = reinterpret_cast<const Bytef*>(compressed.data());
    AppendBigEndian(out, static_cast<uint32_t>(block.size()), 4);
    AppendBigEndian(out, static_cast<uint32_t>(compressed.size()), 4);
    if (flags & kAdler32D) AppendBigEndian(out, adler32(1, block_data, block.size()), 4);
    if (flags & kCrc32D) AppendBigEndian(out, crc32(0, block_data, block.size()), 4);
    if ((flags & kAdler32C) && !stored) {
      AppendBigEndian(out, adler32(1, compressed_data, compressed.size()), 4);
    }
    if ((flags & kCrc32C) && !stored) {
      AppendBigEndian(out, crc32(0, compressed_data, compressed.size()), 4);
    }
    out += compressed;
  }
  AppendBigEndian(out, 0, 4);
  return out;
}

TEST_F(CompressionFileTest, LzopHeaderAndBlockVariants) {
  // Incompressible bytes in the middle give stored blocks beside compressed ones.
  std::string text = text_;
  uint32_t noise = 12345;
  for (int index = 0; index < 70000; ++index) {
    noise = noise * 1103515245 + 12345;
    text += static_cast<char>(noise >> 16);
  }
  text += text_;
  const std::vector<LzopOptions> variants = {
      {0x1040, 0x03000000 | 0x1 | 0x2, 0, 64 << 10},
      {0x1040, 0x03000000 | 0x100 | 0x200 | 0x1000, 300, 32 << 10},
      {0x1040, 0x03000000 | 0x1 | 0x100 | 0x2 | 0x200, 1, 256 << 10},
      {0x0930, 0x03000000 | 0x1 | 0x2, 0, 64 << 10},
      {0x1040, 0x03000000, 0, 1 << 20},
  };
  const bool have_lzop = ToolAvailable("lzop");
  for (size_t index = 0; index < variants.size(); ++index) {
    const std::string path = directory_.File("handmade_" + std::to_string(index) + ".lzo");
    WriteFileBytes(path, WriteLzop(text, variants[index]));
    EXPECT_TRUE(DecompressFile(path, 5000) == text) << "variant " << index;
    // Debian's lzop is built to decompress blocks of at most 256 KiB; the format allows 64 MiB.
    if (have_lzop && variants[index].block_bytes <= (256 << 10)) {
      // The oracle: lzop itself must accept the hand-made file and agree on its contents.
      const std::string decoded = directory_.File("lzop_decoded");
      EXPECT_EQ(RunCommand("lzop -q -d -c '" + path + "' > '" + decoded + "'"), "")
          << "variant " << index;
      EXPECT_TRUE(ReadFileBytes(decoded) == text) << "variant " << index;
    }
  }
}

TEST_F(CompressionFileTest, LzopDamageIsReported) {
  LzopOptions options;
  options.flags |= 0x1 | 0x2;
  const std::string good = WriteLzop(text_, options);
  const std::string path = directory_.File("damaged.lzo");
  // The first block starts after the 9-byte magic and the 34-byte header (with "a.csv"); its data
  // after the two lengths and two checksums.
  const size_t first_block = 9 + 34;
  auto message_for = [&](std::string bytes) {
    WriteFileBytes(path, bytes);
    return InvalidInputMessage(path);
  };

  std::string damaged = good;
  damaged[first_block + 20] ^= 1;  // inside the first block's compressed bytes
  EXPECT_NE(message_for(damaged).find("corrupt lzop data at compressed byte " +
                                      std::to_string(first_block) +
                                      ": lzop block checksum mismatch (adler32 of the compressed"),
            std::string::npos)
      << message_for(damaged);

  damaged = good;
  damaged[first_block] = 0x10;  // uncompressed length 256 MiB
  EXPECT_NE(message_for(damaged).find("more than the 64 MiB"), std::string::npos);

  damaged = good;
  damaged[12] ^= 1;  // the header's lib version
  EXPECT_NE(message_for(damaged).find("lzop header checksum mismatch"), std::string::npos);

  damaged = good;
  damaged.resize(damaged.size() - 4);  // no end-of-stream block
  EXPECT_NE(message_for(damaged).find("truncated lzop stream"), std::string::npos);
}

TEST_F(CompressionFileTest, LzopFilterIsNotImplemented) {
  if (!ToolAvailable("lzop")) GTEST_SKIP() << "lzop is not installed";
  const std::string path = CompressText("lzop --filter=1 -c", text_, "filtered.lzo");
  EXPECT_THROW(DecompressFile(path), NotImplemented);
}

}  // namespace
}  // namespace berserkr
