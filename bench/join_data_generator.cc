#include "join_data_generator.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/io/input_stream.h"
#include "command_line_flags.h"
#include "random_generator.h"

namespace berserkr::bench {

const char kGenerateJoinUsage[] =
    R"(usage: berserkr-bench gen join --rows N --out DIR [--seed S] [--threads T]

Writes the db-benchmark join tables (h2oai/db-benchmark _data/join-datagen.R, no NULLs, unsorted)
into DIR as CSV with a header row; for N = 1e7:
  J1_1e7_NA_0_0.csv   x, N rows:       id1, id2, id3 (unique), id4, id5, id6, v1
  J1_1e7_1e1_0_0.csv  small, N/1e6:    id1, id4, v2
  J1_1e7_1e4_0_0.csv  medium, N/1e3:   id1, id2, id4, id5, v2
  J1_1e7_1e7_0_0.csv  big, N:          id1, id2, id3, id4, id5, id6, v2
Each key idK draws from a random permutation of 1..1.1*n (n = N/1e6, N/1e3, N for id1, id2, id3):
90% of its values appear on both sides, 10% only in x, 10% only on the right. Every value of a
side appears at least once; the right tables' join keys are unique. id4, id5, id6 are "id" and
the number of id1, id2, id3; v1 and v2 are uniform in [0, 100) with 6 decimals. The values follow
the R script's distributions but not its random stream: they are fixed by --seed.

  --rows N      rows of x: a multiple of 1e7 (1e7 and 10_000_000 are accepted)
  --out DIR     existing directory to write the four files into
  --seed S      random seed (default 108, as in the R script)
  --threads T   formatting threads (default: one per hardware thread)
)";

namespace {

constexpr int64_t kRowsPerBlock = 1 << 17;
constexpr uint64_t kValueMillionths = 100'000'000;  // values in [0, 100) with 6 decimals

// The keys of one id column, split as the R script's split_xlr: a permutation of 1..1.1n whose
// first 0.9n values are common, the next 0.1n left-only and the last 0.1n right-only.
struct KeySplit {
  std::vector<uint32_t> permutation;
  int64_t common = 0;
  int64_t one_side = 0;

  std::vector<uint32_t> LeftKeys() const {
    return {permutation.begin(), permutation.begin() + common + one_side};
  }
  std::vector<uint32_t> RightKeys() const {
    std::vector<uint32_t> keys(permutation.begin(), permutation.begin() + common);
    keys.insert(keys.end(), permutation.begin() + common + one_side, permutation.end());
    return keys;
  }
};

void Shuffle(std::vector<uint32_t>& values, RandomGenerator& random) {
  for (size_t index = values.size(); index > 1; --index) {
    std::swap(values[index - 1], values[random.Below(index)]);
  }
}

KeySplit SplitKeys(int64_t n, RandomGenerator& random) {
  KeySplit split;
  split.common = n / 10 * 9;
  split.one_side = n / 10;
  split.permutation.resize(static_cast<size_t>(split.common + 2 * split.one_side));
  for (size_t index = 0; index < split.permutation.size(); ++index) {
    split.permutation[index] = static_cast<uint32_t>(index + 1);
  }
  Shuffle(split.permutation, random);
  return split;
}

// The R script's sample_all: every key once, then draws with replacement up to `size`, shuffled.
std::vector<uint32_t> SampleAll(std::vector<uint32_t> keys, int64_t size, RandomGenerator& random) {
  const size_t distinct = keys.size();
  while (static_cast<int64_t>(keys.size()) < size) keys.push_back(keys[random.Below(distinct)]);
  Shuffle(keys, random);
  return keys;
}

std::vector<uint32_t> RandomValues(int64_t size, RandomGenerator& random) {
  std::vector<uint32_t> values(static_cast<size_t>(size));
  for (uint32_t& value : values) value = static_cast<uint32_t>(random.Below(kValueMillionths));
  return values;
}

char* WriteNumber(char* out, uint64_t value) { return std::to_chars(out, out + 24, value).ptr; }

// R's fwrite of round(x, 6): trailing zeros dropped, a whole number bare.
char* WriteValue(char* out, uint32_t millionths) {
  out = WriteNumber(out, millionths / 1'000'000);
  const uint32_t fraction = millionths % 1'000'000;
  if (fraction == 0) return out;
  *out++ = '.';
  char digits[6];
  uint32_t rest = fraction;
  for (int digit = 5; digit >= 0; --digit) {
    digits[digit] = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  int length = 6;
  while (digits[length - 1] == '0') --length;
  std::memcpy(out, digits, static_cast<size_t>(length));
  return out + length;
}

// The columns of one table: id1..id3 (those present), then their "id" strings, then the value.
struct JoinTable {
  std::string header;
  std::vector<std::vector<uint32_t>> ids;  // id1, id2, id3 as present
  std::vector<uint32_t> values;            // v1 or v2, in millionths
};

std::string FormatRows(const JoinTable& table, int64_t begin, int64_t end) {
  std::string text;
  text.resize(static_cast<size_t>(end - begin) * (table.ids.size() * 24 + 16));
  char* out = text.data();
  for (int64_t row = begin; row < end; ++row) {
    for (const auto& id : table.ids) {
      out = WriteNumber(out, id[row]);
      *out++ = ',';
    }
    for (const auto& id : table.ids) {
      std::memcpy(out, "id", 2);
      out = WriteNumber(out + 2, id[row]);
      *out++ = ',';
    }
    out = WriteValue(out, table.values[row]);
    *out++ = '\n';
  }
  text.resize(static_cast<size_t>(out - text.data()));
  return text;
}

void WriteTable(const JoinTable& table, const std::string& path, ThreadPool& pool) {
  OutputFile output(path);
  output.Write(table.header);
  const int64_t rows = static_cast<int64_t>(table.values.size());
  const int64_t num_blocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  // A few blocks per thread at a time: formatting runs in parallel, memory stays bounded.
  const int64_t window = 2 * pool.num_threads();
  for (int64_t first = 0; first < num_blocks; first += window) {
    const int64_t count = std::min(window, num_blocks - first);
    std::vector<std::string> texts(static_cast<size_t>(count));
    pool.ParallelFor(count, [&](int64_t index) {
      const int64_t begin = (first + index) * kRowsPerBlock;
      texts[index] = FormatRows(table, begin, std::min(rows, begin + kRowsPerBlock));
    });
    for (const std::string& text : texts) output.Write(text);
  }
  output.Close();
}

}  // namespace

std::string PrettyScientific(int64_t value) {
  const std::string digits = std::to_string(value);
  return digits.substr(0, 1) + "e" + std::to_string(digits.size() - 1);
}

std::vector<std::string> JoinTableFileNames(int64_t rows) {
  const std::string n = PrettyScientific(rows);
  std::vector<std::string> names = {"J1_" + n + "_NA_0_0.csv"};
  for (int64_t divisor : {1'000'000, 1'000, 1}) {
    names.push_back("J1_" + n + "_" + PrettyScientific(rows / divisor) + "_0_0.csv");
  }
  return names;
}

void WriteJoinTables(const JoinDataOptions& options, const std::string& directory) {
  const int64_t n = options.rows;
  if (n <= 0 || n % 10'000'000 != 0 || n > 2'000'000'000) {
    throw InvalidInput(
        "--rows must be a multiple of 1e7 up to 2e9 (the key splits of the small "
        "table need N/1e6 to be a multiple of 10), got " +
        std::to_string(n));
  }
  const std::vector<std::string> names = JoinTableFileNames(n);
  ThreadPool pool(options.threads);
  RandomGenerator random(options.seed, 0);
  const KeySplit key1 = SplitKeys(n / 1'000'000, random);
  const KeySplit key2 = SplitKeys(n / 1'000, random);
  const KeySplit key3 = SplitKeys(n, random);
  const auto path = [&](int table) { return directory + "/" + names[table]; };

  JoinTable x{"id1,id2,id3,id4,id5,id6,v1\n", {}, {}};
  x.ids.push_back(SampleAll(key1.LeftKeys(), n, random));
  x.ids.push_back(SampleAll(key2.LeftKeys(), n, random));
  x.ids.push_back(SampleAll(key3.LeftKeys(), n, random));
  x.values = RandomValues(n, random);
  WriteTable(x, path(0), pool);
  x = JoinTable{};

  JoinTable small{"id1,id4,v2\n", {SampleAll(key1.RightKeys(), n / 1'000'000, random)}, {}};
  small.values = RandomValues(n / 1'000'000, random);
  WriteTable(small, path(1), pool);

  JoinTable medium{"id1,id2,id4,id5,v2\n", {}, {}};
  medium.ids.push_back(SampleAll(key1.RightKeys(), n / 1'000, random));
  medium.ids.push_back(SampleAll(key2.RightKeys(), n / 1'000, random));
  medium.values = RandomValues(n / 1'000, random);
  WriteTable(medium, path(2), pool);

  JoinTable big{"id1,id2,id3,id4,id5,id6,v2\n", {}, {}};
  big.ids.push_back(SampleAll(key1.RightKeys(), n, random));
  big.ids.push_back(SampleAll(key2.RightKeys(), n, random));
  big.ids.push_back(SampleAll(key3.RightKeys(), n, random));
  big.values = RandomValues(n, random);
  WriteTable(big, path(3), pool);
}

int RunGenerateJoin(const std::vector<std::string>& arguments) {
  const std::string command = "berserkr-bench gen join";
  const ParsedFlags flags =
      ParseFlags(arguments, {{"rows"}, {"out"}, {"seed"}, {"threads"}}, command);
  if (flags.count("rows") == 0) throw InvalidInput(command + ": --rows N is required");
  if (flags.count("out") == 0) throw InvalidInput(command + ": --out DIR is required");
  JoinDataOptions options;
  options.rows = ParseIntegerFlag("rows", flags.at("rows"));
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
  const auto start = std::chrono::steady_clock::now();
  WriteJoinTables(options, flags.at("out"));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const std::string& name : JoinTableFileNames(options.rows)) {
    std::printf("wrote %s/%s\n", flags.at("out").c_str(), name.c_str());
  }
  std::printf("in %.2f s\n", seconds);
  return 0;
}

}  // namespace berserkr::bench
