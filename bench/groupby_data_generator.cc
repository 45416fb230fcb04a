#include "groupby_data_generator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <future>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/io/input_stream.h"
#include "command_line_flags.h"
#include "random_generator.h"

namespace berserkr::bench {

const char kGenerateGroupbyUsage[] =
    R"(usage: berserkr-bench gen groupby --rows N --out FILE [--k K] [--nas PERCENT] [--seed S]
                                  [--threads T]

Writes the db-benchmark group-by table (h2oai/db-benchmark _data/groupby-datagen.R) as CSV with a
header row, comma-separated, LF line endings:
  id1, id2  strings id001..idK (id%03d of uniform 1..K)
  id3       string id%010d of uniform 1..N/K
  id4, id5  integers uniform 1..K
  id6       integer uniform 1..N/K
  v1        integer uniform 1..5
  v2        integer uniform 1..15
  v3        double uniform in [0, 100), 6 decimals (trailing zeros dropped)
G1_1e7_1e2_0_0 is --rows 1e7 --k 100 --nas 0. The values follow the same distributions as the R
script but not its random stream: they are fixed by --seed and do not depend on --threads.

  --rows N       rows to write (N >= K; 1e7 and 10_000_000 are accepted)
  --out FILE     output path; written to a temporary file and renamed into place
  --k K          groups of the large-group columns (default 100)
  --nas PERCENT  percentage of each column written as empty (NULL) fields, 0..100 (default 0)
  --seed S       random seed (default 108, as in the R script)
  --threads T    formatting threads (default: one per hardware thread)
)";

namespace {

constexpr char kHeader[] = "id1,id2,id3,id4,id5,id6,v1,v2,v3\n";
constexpr int kNumColumns = 9;
// v3 is drawn as a whole number of millionths so that its text is exact and round-trips.
constexpr uint64_t kV3Millionths = 100'000'000;

struct DigitPairs {
  char text[200];
  constexpr DigitPairs() : text() {
    for (int value = 0; value < 100; ++value) {
      text[2 * value] = static_cast<char>('0' + value / 10);
      text[2 * value + 1] = static_cast<char>('0' + value % 10);
    }
  }
};
constexpr DigitPairs kDigitPairs;

// Writes `value` in decimal, zero-padded to at least `min_width` digits (sprintf "%0*d"), and
// returns the end. Two digits per division: formatting is most of the generator's work.
char* WriteDecimal(char* out, uint64_t value, int min_width) {
  char scratch[24];
  char* const end = scratch + sizeof(scratch);
  char* start = end;
  while (value >= 100) {
    start -= 2;
    std::memcpy(start, kDigitPairs.text + 2 * (value % 100), 2);
    value /= 100;
  }
  if (value >= 10) {
    start -= 2;
    std::memcpy(start, kDigitPairs.text + 2 * value, 2);
  } else {
    *--start = static_cast<char>('0' + value);
  }
  while (end - start < min_width) *--start = '0';
  const size_t length = static_cast<size_t>(end - start);
  std::memcpy(out, start, length);
  return out + length;
}

// Writes "id" and the zero-padded number: sprintf("id%03d") and sprintf("id%010d") in the R script.
char* WriteIdentifier(char* out, uint64_t value, int min_width) {
  std::memcpy(out, "id", 2);
  return WriteDecimal(out + 2, value, min_width);
}

int DecimalDigits(uint64_t value) {
  int digits = 1;
  while (value >= 10) {
    value /= 10;
    ++digits;
  }
  return digits;
}

// Everything a block needs, shared read-only by the formatting threads.
struct TableShape {
  int64_t rows = 0;
  uint64_t groups = 0;        // K
  uint64_t small_groups = 0;  // N / K, as R's sample(N/K) draws from 1..floor(N/K)
  uint64_t seed = 0;
  size_t max_row_bytes = 0;
  // With --nas: one bit per row and column, set when the cell is NULL. Empty otherwise.
  std::vector<std::vector<uint64_t>> null_masks;

  bool IsNull(int column, int64_t row) const {
    return !null_masks.empty() && ((null_masks[column][row >> 6] >> (row & 63)) & 1) != 0;
  }
};

// Marks exactly `count` distinct rows of `mask` with Floyd's algorithm: O(count) draws and no
// row list, like R's sample(N, count) without replacement (but another random stream).
void MarkRandomRows(int64_t rows, int64_t count, RandomGenerator& generator,
                    std::vector<uint64_t>& mask) {
  const auto is_marked = [&](int64_t row) { return ((mask[row >> 6] >> (row & 63)) & 1) != 0; };
  const auto mark = [&](int64_t row) { mask[row >> 6] |= uint64_t{1} << (row & 63); };
  for (int64_t candidate = rows - count; candidate < rows; ++candidate) {
    const int64_t drawn =
        static_cast<int64_t>(generator.Below(static_cast<uint64_t>(candidate) + 1));
    mark(is_marked(drawn) ? candidate : drawn);
  }
}

TableShape MakeShape(const GroupbyDataOptions& options) {
  TableShape shape;
  shape.rows = options.rows;
  shape.groups = static_cast<uint64_t>(options.groups);
  shape.small_groups = static_cast<uint64_t>(options.rows / options.groups);
  shape.seed = options.seed;
  const size_t group_digits = static_cast<size_t>(DecimalDigits(shape.groups));
  const size_t small_group_digits = static_cast<size_t>(DecimalDigits(shape.small_groups));
  shape.max_row_bytes = 2 * (2 + std::max<size_t>(3, group_digits)) +     // id1, id2
                        (2 + std::max<size_t>(10, small_group_digits)) +  // id3
                        2 * group_digits + small_group_digits +           // id4, id5, id6
                        1 + 2 + std::strlen("99.999999") +                // v1, v2, v3
                        kNumColumns;                                      // 8 commas and LF
  if (options.nas_percent > 0) {
    const int64_t null_count = options.rows * options.nas_percent / 100;
    shape.null_masks.resize(kNumColumns);
    for (int column = 0; column < kNumColumns; ++column) {
      shape.null_masks[column].assign(static_cast<size_t>((options.rows + 63) / 64), 0);
      // Streams counted down from the top never meet the block streams counted up from 0.
      RandomGenerator generator(options.seed, ~static_cast<uint64_t>(column));
      MarkRandomRows(options.rows, null_count, generator, shape.null_masks[column]);
    }
  }
  return shape;
}

// Formats rows [block * kGroupbyRowsPerBlock, ...) into the returned text. Each block draws from
// its own stream, so blocks can be formatted on any thread in any order and still make the same
// file.
std::string FormatBlock(const TableShape& shape, int64_t block) {
  const int64_t first_row = block * kGroupbyRowsPerBlock;
  const int64_t end_row = std::min(shape.rows, first_row + kGroupbyRowsPerBlock);
  RandomGenerator generator(shape.seed, static_cast<uint64_t>(block));
  std::string text;
  text.resize(static_cast<size_t>(end_row - first_row) * shape.max_row_bytes);
  char* out = text.data();
  for (int64_t row = first_row; row < end_row; ++row) {
    // Every value is drawn even when its cell is NULL, so --nas leaves the other cells unchanged.
    const uint64_t id1 = generator.Below(shape.groups) + 1;
    const uint64_t id2 = generator.Below(shape.groups) + 1;
    const uint64_t id3 = generator.Below(shape.small_groups) + 1;
    const uint64_t id4 = generator.Below(shape.groups) + 1;
    const uint64_t id5 = generator.Below(shape.groups) + 1;
    const uint64_t id6 = generator.Below(shape.small_groups) + 1;
    const uint64_t v1 = generator.Below(5) + 1;
    const uint64_t v2 = generator.Below(15) + 1;
    const uint64_t v3 = generator.Below(kV3Millionths);
    if (!shape.IsNull(0, row)) out = WriteIdentifier(out, id1, 3);
    *out++ = ',';
    if (!shape.IsNull(1, row)) out = WriteIdentifier(out, id2, 3);
    *out++ = ',';
    if (!shape.IsNull(2, row)) out = WriteIdentifier(out, id3, 10);
    *out++ = ',';
    if (!shape.IsNull(3, row)) out = WriteDecimal(out, id4, 1);
    *out++ = ',';
    if (!shape.IsNull(4, row)) out = WriteDecimal(out, id5, 1);
    *out++ = ',';
    if (!shape.IsNull(5, row)) out = WriteDecimal(out, id6, 1);
    *out++ = ',';
    if (!shape.IsNull(6, row)) out = WriteDecimal(out, v1, 1);
    *out++ = ',';
    if (!shape.IsNull(7, row)) out = WriteDecimal(out, v2, 1);
    *out++ = ',';
    if (!shape.IsNull(8, row)) {
      // R's fwrite prints round(x, 6) with its trailing zeros dropped, and a whole number bare.
      out = WriteDecimal(out, v3 / 1'000'000, 1);
      const uint64_t millionths = v3 % 1'000'000;
      if (millionths != 0) {
        *out++ = '.';
        out = WriteDecimal(out, millionths, 6);
        while (out[-1] == '0') --out;
      }
    }
    *out++ = '\n';
  }
  text.resize(static_cast<size_t>(out - text.data()));
  return text;
}

}  // namespace

void ValidateGroupbyDataOptions(const GroupbyDataOptions& options) {
  if (options.rows <= 0) {
    throw InvalidInput("--rows must be at least 1, got " + std::to_string(options.rows));
  }
  if (options.groups <= 0 || options.groups > options.rows) {
    throw InvalidInput("--k must be between 1 and --rows (" + std::to_string(options.rows) +
                       ") so that id3 and id6 have at least one group, got " +
                       std::to_string(options.groups));
  }
  if (options.nas_percent < 0 || options.nas_percent > 100) {
    throw InvalidInput("--nas is a percentage between 0 and 100, got " +
                       std::to_string(options.nas_percent));
  }
}

int64_t WriteGroupbyCsv(const GroupbyDataOptions& options, const std::string& path,
                        Progress* progress) {
  ValidateGroupbyDataOptions(options);
  const TableShape shape = MakeShape(options);
  OutputFile output(path);
  output.Write(kHeader);
  int64_t bytes_written = static_cast<int64_t>(std::strlen(kHeader));
  if (progress != nullptr) progress->files_total = 1;

  const int64_t num_blocks = (options.rows + kGroupbyRowsPerBlock - 1) / kGroupbyRowsPerBlock;
  // Declared after `shape` and `output`, so its workers stop before what they read goes away.
  ThreadPool pool(options.threads);
  // Workers run ahead of the writer by a few blocks: enough to keep every core busy while this
  // thread writes, few enough that memory stays at tens of MB whatever the row count.
  const size_t window = static_cast<size_t>(2 * pool.num_threads() + 1);
  std::deque<std::future<std::string>> pending;
  int64_t next_block = 0;
  const auto submit_next = [&] {
    const int64_t block = next_block++;
    pending.push_back(pool.Submit([&shape, block] { return FormatBlock(shape, block); }));
  };
  while (next_block < num_blocks && pending.size() < window) submit_next();
  int64_t block_written = 0;
  while (!pending.empty()) {
    const std::string text = pending.front().get();
    pending.pop_front();
    if (next_block < num_blocks) submit_next();
    output.Write(text.data(), static_cast<int64_t>(text.size()));
    bytes_written += static_cast<int64_t>(text.size());
    if (progress != nullptr) {
      const int64_t rows_done = std::min(options.rows, (block_written + 1) * kGroupbyRowsPerBlock);
      progress->rows_done = rows_done;
      progress->bytes_done = bytes_written;
    }
    ++block_written;
  }
  output.Close();
  if (progress != nullptr) progress->files_done = 1;
  return bytes_written;
}

int RunGenerateGroupby(const std::vector<std::string>& arguments) {
  const std::string command = "berserkr-bench gen groupby";
  const ParsedFlags flags =
      ParseFlags(arguments, {{"rows"}, {"out"}, {"k"}, {"nas"}, {"seed"}, {"threads"}}, command);
  if (flags.count("rows") == 0) throw InvalidInput(command + ": --rows N is required");
  if (flags.count("out") == 0) throw InvalidInput(command + ": --out FILE is required");
  GroupbyDataOptions options;
  options.rows = ParseIntegerFlag("rows", flags.at("rows"));
  if (flags.count("k") != 0) options.groups = ParseIntegerFlag("k", flags.at("k"));
  if (flags.count("nas") != 0) {
    const int64_t nas = ParseIntegerFlag("nas", flags.at("nas"));
    if (nas < 0 || nas > 100) {
      throw InvalidInput("--nas is a percentage between 0 and 100, got " + flags.at("nas"));
    }
    options.nas_percent = static_cast<int>(nas);
  }
  if (flags.count("seed") != 0) {
    options.seed = static_cast<uint64_t>(ParseIntegerFlag("seed", flags.at("seed")));
  }
  if (flags.count("threads") != 0) {
    const int64_t threads = ParseIntegerFlag("threads", flags.at("threads"));
    if (threads < 1 || threads > 1024) {
      throw InvalidInput("--threads must be between 1 and 1024, got " + flags.at("threads"));
    }
    options.threads = static_cast<int>(threads);
  }
  const std::string& path = flags.at("out");

  const auto start = std::chrono::steady_clock::now();
  Progress progress;
  int64_t bytes = 0;
  {
    ProgressPrinter printer(progress, "gen groupby");
    bytes = WriteGroupbyCsv(options, path, &progress);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("wrote %s: %lld rows, %.1f MB in %.2f s (%.0f MB/s)\n", path.c_str(),
              static_cast<long long>(options.rows), static_cast<double>(bytes) / 1e6, seconds,
              static_cast<double>(bytes) / 1e6 / seconds);
  return 0;
}

}  // namespace berserkr::bench
