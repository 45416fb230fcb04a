#include "berserkr/exec/hash_join.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

// One side of a test join: batches of (key BIGINT, tag VARCHAR, payload DOUBLE), the keys drawn
// from a small domain (duplicates) with some NULLs; the join keys are (key) or (key, tag).
struct Side {
  JoinInput input;
  std::vector<std::vector<std::string>> rows;  // every row as text, across batches
};

Side MakeSide(const std::string& prefix, const std::vector<int>& batch_sizes, int domain,
              int null_percent, bool two_keys, uint64_t seed) {
  auto schema =
      std::make_shared<Schema>(std::vector<Field>{{prefix + "key", DataType::Int64(), true},
                                                  {prefix + "tag", DataType::String(), true},
                                                  {prefix + "payload", DataType::Float64(), true}});
  std::mt19937_64 random(seed);
  Side side;
  side.input.schema = schema;
  side.input.key_types = {DataType::Int64()};
  if (two_keys) side.input.key_types.push_back(DataType::String());
  int serial = 0;
  for (int size : batch_sizes) {
    FixedWidthBuilder<int64_t> keys(DataType::Int64());
    StringBuilder tags;
    FixedWidthBuilder<double> payloads(DataType::Float64());
    for (int row = 0; row < size; ++row) {
      const bool null_key = static_cast<int>(random() % 100) < null_percent;
      const int64_t key = static_cast<int64_t>(random() % domain) - domain / 2;
      const std::string tag = "t" + std::to_string(random() % 2);
      const bool null_tag = static_cast<int>(random() % 100) < null_percent;
      null_key ? keys.AppendNull() : keys.Append(key);
      null_tag ? tags.AppendNull() : tags.Append(tag);
      payloads.Append(serial + 0.5);
      side.rows.push_back({null_key ? "NULL" : std::to_string(key), null_tag ? "NULL" : tag,
                           std::to_string(serial) + ".5"});
      ++serial;
    }
    Batch batch{schema, {keys.Finish(), tags.Finish(), payloads.Finish()}, size};
    side.input.keys.push_back({batch.columns[0]});
    if (two_keys) side.input.keys.back().push_back(batch.columns[1]);
    side.input.batches.push_back(std::move(batch));
  }
  return side;
}

// SQL equality of the key parts: NULL equals nothing.
bool KeysMatch(const std::vector<std::string>& left, const std::vector<std::string>& right,
               int num_keys) {
  const int key_columns[] = {0, 1};
  for (int key = 0; key < num_keys; ++key) {
    const int column = key_columns[key];
    if (left[column] == "NULL" || right[column] == "NULL" || left[column] != right[column]) {
      return false;
    }
  }
  return true;
}

std::string RowText(const std::vector<std::string>* left, const std::vector<std::string>* right,
                    bool with_right) {
  std::string text;
  for (int column = 0; column < 3; ++column) text += (left ? (*left)[column] : "NULL") + "|";
  if (!with_right) return text;
  for (int column = 0; column < 3; ++column) text += (right ? (*right)[column] : "NULL") + "|";
  return text;
}

// The nested-loop reference, in the order HashJoin documents: probe rows in order, each with its
// matches in build order, then (outer on the build side) the unmatched build rows.
std::vector<std::string> NestedLoopJoin(const Side& left, const Side& right, JoinType type,
                                        JoinSide build_side, int num_keys) {
  const bool probe_left = build_side == JoinSide::kRight;
  const Side& probe = probe_left ? left : right;
  const Side& build = probe_left ? right : left;
  const bool keep_left = type == JoinType::kLeft || type == JoinType::kFull;
  const bool keep_right = type == JoinType::kRight || type == JoinType::kFull;
  const bool probe_outer = probe_left ? keep_left : keep_right;
  const bool build_outer = probe_left ? keep_right : keep_left;
  const bool with_right = type != JoinType::kSemi && type != JoinType::kAnti;
  std::vector<std::string> output;
  std::vector<bool> build_matched(build.rows.size(), false);
  for (const auto& probe_row : probe.rows) {
    bool matched = false;
    for (size_t build_row = 0; build_row < build.rows.size(); ++build_row) {
      if (!KeysMatch(probe_row, build.rows[build_row], num_keys)) continue;
      matched = true;
      build_matched[build_row] = true;
      if (!with_right) continue;
      const auto* left_row = probe_left ? &probe_row : &build.rows[build_row];
      const auto* right_row = probe_left ? &build.rows[build_row] : &probe_row;
      output.push_back(RowText(left_row, right_row, true));
    }
    if ((type == JoinType::kSemi && matched) || (type == JoinType::kAnti && !matched)) {
      output.push_back(RowText(&probe_row, nullptr, false));
    }
    if (!matched && probe_outer) {
      output.push_back(probe_left ? RowText(&probe_row, nullptr, true)
                                  : RowText(nullptr, &probe_row, true));
    }
  }
  if (build_outer) {
    for (size_t build_row = 0; build_row < build.rows.size(); ++build_row) {
      if (build_matched[build_row]) continue;
      output.push_back(probe_left ? RowText(nullptr, &build.rows[build_row], true)
                                  : RowText(&build.rows[build_row], nullptr, true));
    }
  }
  return output;
}

std::vector<std::string> OutputRows(const std::vector<Batch>& batches) {
  std::vector<std::string> rows;
  for (const Batch& batch : batches) {
    EXPECT_GT(batch.num_rows, 0) << "empty batches are dropped";
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      std::string text;
      for (const ColumnPtr& column : batch.columns) {
        EXPECT_EQ(column->length(), batch.num_rows);
        text += (column->IsNull(row) ? "NULL" : column->FormatValue(row)) + "|";
      }
      rows.push_back(text);
    }
  }
  return rows;
}

SchemaPtr OutputSchema(const Side& left, const Side& right, JoinType type) {
  std::vector<Field> fields = left.input.schema->fields();
  if (type != JoinType::kSemi && type != JoinType::kAnti) {
    for (const Field& field : right.input.schema->fields()) fields.push_back(field);
  }
  return std::make_shared<Schema>(std::move(fields));
}

constexpr JoinType kAllTypes[] = {JoinType::kInner, JoinType::kLeft, JoinType::kRight,
                                  JoinType::kFull,  JoinType::kSemi, JoinType::kAnti};

void CheckAllJoins(const Side& left, const Side& right, int num_keys) {
  for (JoinType type : kAllTypes) {
    for (JoinSide build_side : {JoinSide::kRight, JoinSide::kLeft}) {
      if (build_side == JoinSide::kLeft && (type == JoinType::kSemi || type == JoinType::kAnti)) {
        continue;
      }
      SCOPED_TRACE(JoinTypeName(type) +
                   (build_side == JoinSide::kLeft ? " build=left" : " build=right"));
      const std::vector<std::string> expected =
          NestedLoopJoin(left, right, type, build_side, num_keys);
      for (int num_threads : {1, 2, 3}) {
        ThreadPool threads(num_threads);
        const std::vector<Batch> batches = HashJoin(left.input, right.input, type, build_side,
                                                    OutputSchema(left, right, type), &threads);
        ASSERT_EQ(OutputRows(batches), expected) << num_threads << " threads";
      }
    }
  }
}

TEST(HashJoinTest, EveryJoinTypeMatchesANestedLoopJoinWithDuplicatesAndNulls) {
  const Side left = MakeSide("l_", {50, 1, 70, 33}, 25, 10, false, 1);
  const Side right = MakeSide("r_", {40, 45}, 25, 10, false, 2);
  CheckAllJoins(left, right, 1);
}

TEST(HashJoinTest, TwoKeyColumnsOneOfThemAString) {
  const Side left = MakeSide("l_", {60, 60, 20}, 12, 8, true, 3);
  const Side right = MakeSide("r_", {30, 1, 30}, 12, 8, true, 4);
  CheckAllJoins(left, right, 2);
}

TEST(HashJoinTest, UniqueBuildKeysAndKeysOnOneSideOnly) {
  // Domain 1000 with 60 rows: keys are mostly unique and mostly unmatched.
  const Side left = MakeSide("l_", {30, 30}, 1000, 5, false, 5);
  const Side right = MakeSide("r_", {60}, 1000, 5, false, 6);
  CheckAllJoins(left, right, 1);
}

TEST(HashJoinTest, EmptySidesAndEmptyBatches) {
  const Side some = MakeSide("s_", {20, 0, 15}, 6, 10, false, 7);
  const Side no_batches = MakeSide("n_", {}, 6, 10, false, 8);
  const Side empty_batch = MakeSide("e_", {0}, 6, 10, false, 9);
  CheckAllJoins(some, no_batches, 1);
  CheckAllJoins(no_batches, some, 1);
  CheckAllJoins(empty_batch, some, 1);
  CheckAllJoins(some, empty_batch, 1);
  CheckAllJoins(no_batches, no_batches, 1);
}

TEST(HashJoinTest, AllNullKeysNeverMatch) {
  const Side left = MakeSide("l_", {20}, 3, 100, false, 10);
  const Side right = MakeSide("r_", {20}, 3, 100, false, 11);
  CheckAllJoins(left, right, 1);
  ThreadPool threads(2);
  EXPECT_TRUE(HashJoin(left.input, right.input, JoinType::kInner, JoinSide::kRight,
                       OutputSchema(left, right, JoinType::kInner), &threads)
                  .empty());
}

TEST(HashJoinTest, TableListsEachKeysRowsInOrder) {
  const Side build = MakeSide("b_", {10, 10}, 4, 20, false, 12);
  std::vector<int64_t> batch_rows = {10, 10};
  const JoinHashTable table({DataType::Int64()}, build.input.keys, batch_rows);
  EXPECT_EQ(table.num_rows(), 20);
  EXPECT_FALSE(table.keys_unique());
  std::vector<uint32_t> ids(10);
  table.Find(build.input.keys[1], 10, ids.data());
  for (int row = 0; row < 10; ++row) {
    const std::vector<std::string>& text = build.rows[10 + row];
    if (text[0] == "NULL") {
      EXPECT_EQ(ids[row], Grouper::kNoGroup);
      continue;
    }
    std::vector<uint32_t> expected;
    for (uint32_t other = 0; other < 20; ++other) {
      if (build.rows[other][0] == text[0]) expected.push_back(other);
    }
    const auto rows = table.RowsOf(ids[row]);
    EXPECT_EQ(std::vector<uint32_t>(rows.begin(), rows.end()), expected);
  }
}

TEST(HashJoinTest, RejectsMismatchedKeysAndSemiJoinsBuiltOnTheLeft) {
  const Side left = MakeSide("l_", {5}, 3, 0, false, 13);
  const Side two_keys = MakeSide("r_", {5}, 3, 0, true, 14);
  EXPECT_THROW(HashJoin(left.input, two_keys.input, JoinType::kInner, JoinSide::kRight,
                        OutputSchema(left, two_keys, JoinType::kInner)),
               Internal);
  EXPECT_THROW(HashJoin(left.input, left.input, JoinType::kSemi, JoinSide::kLeft,
                        OutputSchema(left, left, JoinType::kSemi)),
               Internal);
}

}  // namespace
}  // namespace berserkr
