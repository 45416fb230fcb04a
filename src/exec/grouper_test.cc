#include "berserkr/exec/grouper.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

// The key of one cell as text in which equal SQL group keys (NaN = NaN, -0.0 = 0.0, NULL = NULL)
// and only those are equal: the reference the groupers are checked against.
std::string CanonicalCell(const Column& column, int64_t row) {
  if (column.IsNull(row)) return "N";
  double value = 0;
  if (column.type().id() == TypeId::kFloat64) value = column.ValuesAs<double>()[row];
  if (column.type().id() == TypeId::kFloat32) value = column.ValuesAs<float>()[row];
  if (column.type().is_floating()) {
    if (std::isnan(value)) return "V:nan";
    if (value == 0) return "V:0";
  }
  const std::string text = column.FormatValue(row);
  return "V" + std::to_string(text.size()) + ":" + text;
}

std::string CanonicalRow(const std::vector<ColumnPtr>& keys, int64_t row) {
  std::string text;
  for (const ColumnPtr& key : keys) text += CanonicalCell(*key, row) + "|";
  return text;
}

// A random column of `type` drawn from a small domain (so keys repeat), `null_percent` NULLs.
ColumnPtr RandomColumn(const DataType& type, int64_t length, int domain, int null_percent,
                       std::mt19937_64& random) {
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<int> pick(0, domain - 1);
  const auto is_null = [&] { return percent(random) < null_percent; };
  static const std::vector<double> kFloats = {std::nan(""),
                                              -std::nan(""),
                                              -0.0,
                                              0.0,
                                              1.5,
                                              -2.25,
                                              std::numeric_limits<double>::infinity(),
                                              -std::numeric_limits<double>::infinity(),
                                              1e300};
  static const std::vector<std::string> kStrings = {"",
                                                    "a",
                                                    "ab",
                                                    "Grüße",
                                                    "日本語テキスト",
                                                    "emoji 🎉",
                                                    "a longer string over sixteen bytes",
                                                    "id001",
                                                    "id0000000001",
                                                    std::string("\0x", 2)};
  switch (type.id()) {
    case TypeId::kBool: {
      BoolBuilder builder;
      for (int64_t row = 0; row < length; ++row) {
        is_null() ? builder.AppendNull() : builder.Append(pick(random) % 2 == 0);
      }
      return builder.Finish();
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      StringBuilder builder(type);
      for (int64_t row = 0; row < length; ++row) {
        const int value = pick(random);
        if (is_null()) {
          builder.AppendNull();
        } else if (value < static_cast<int>(kStrings.size())) {
          builder.Append(kStrings[value]);
        } else {
          builder.Append("s" + std::to_string(value));
        }
      }
      return builder.Finish();
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      std::vector<double> values;
      for (int64_t row = 0; row < length; ++row) {
        const int value = pick(random);
        values.push_back(value < static_cast<int>(kFloats.size()) ? kFloats[value] : value * 0.5);
      }
      if (type.id() == TypeId::kFloat32) {
        FixedWidthBuilder<float> builder(type);
        for (double value : values) is_null() ? builder.AppendNull() : builder.Append(float(value));
        return builder.Finish();
      }
      FixedWidthBuilder<double> builder(type);
      for (double value : values) is_null() ? builder.AppendNull() : builder.Append(value);
      return builder.Finish();
    }
    default:
      break;
  }
  const auto build = [&](auto zero) {
    using T = decltype(zero);
    FixedWidthBuilder<T> builder(type);
    for (int64_t row = 0; row < length; ++row) {
      // Values straddle zero so sign extension and negative keys are exercised.
      const T value = static_cast<T>(pick(random) - domain / 2);
      is_null() ? builder.AppendNull() : builder.Append(value);
    }
    return builder.Finish();
  };
  switch (type.id()) {
    case TypeId::kInt8:
      return build(int8_t{});
    case TypeId::kInt16:
      return build(int16_t{});
    case TypeId::kInt32:
    case TypeId::kDate:
      return build(int32_t{});
    case TypeId::kDecimal:
      return build(__int128{});
    default:
      return build(int64_t{});
  }
}

std::vector<ColumnPtr> RandomKeys(const std::vector<DataType>& types, int64_t length, int domain,
                                  int null_percent, std::mt19937_64& random) {
  std::vector<ColumnPtr> keys;
  for (const DataType& type : types) {
    keys.push_back(RandomColumn(type, length, domain, null_percent, random));
  }
  return keys;
}

// Feeds `batches` to a grouper and checks ids (numbered by first appearance) and keys against a
// std::map reference.
void CheckGrouper(const std::vector<DataType>& types,
                  const std::vector<std::vector<ColumnPtr>>& batches, int64_t reserve = 0) {
  std::unique_ptr<Grouper> grouper = Grouper::Make(types);
  if (reserve > 0) grouper->Reserve(reserve);
  std::map<std::string, uint32_t> reference;
  std::vector<std::string> reference_keys;
  for (const auto& batch : batches) {
    const int64_t num_rows = batch.empty() ? 0 : batch[0]->length();
    std::vector<uint32_t> ids(static_cast<size_t>(num_rows));
    grouper->Consume(batch, num_rows, ids.data());
    for (int64_t row = 0; row < num_rows; ++row) {
      const std::string key = CanonicalRow(batch, row);
      auto [position, inserted] =
          reference.emplace(key, static_cast<uint32_t>(reference_keys.size()));
      if (inserted) reference_keys.push_back(key);
      ASSERT_EQ(ids[row], position->second) << "row " << row << " key " << key;
    }
  }
  ASSERT_EQ(grouper->num_groups(), reference_keys.size());
  // Find, after the fact, gives every consumed row the group Consume gave it.
  for (const auto& batch : batches) {
    const int64_t num_rows = batch.empty() ? 0 : batch[0]->length();
    std::vector<uint32_t> found(static_cast<size_t>(num_rows));
    grouper->Find(batch, num_rows, found.data());
    for (int64_t row = 0; row < num_rows; ++row) {
      ASSERT_EQ(found[row], reference.at(CanonicalRow(batch, row))) << "Find, row " << row;
    }
  }
  const std::vector<ColumnPtr> keys = grouper->Keys();
  ASSERT_EQ(keys.size(), types.size());
  for (size_t index = 0; index < keys.size(); ++index) {
    ASSERT_EQ(keys[index]->type(), types[index]);
    ASSERT_EQ(keys[index]->length(), static_cast<int64_t>(reference_keys.size()));
  }
  for (size_t group = 0; group < reference_keys.size(); ++group) {
    ASSERT_EQ(CanonicalRow(keys, static_cast<int64_t>(group)), reference_keys[group]) << group;
  }
}

const std::vector<DataType>& AllKeyTypes() {
  static const std::vector<DataType> types = {
      DataType::Bool(),   DataType::Int8(),    DataType::Int16(),   DataType::Int32(),
      DataType::Int64(),  DataType::Float32(), DataType::Float64(), DataType::Decimal(18, 2),
      DataType::String(), DataType::Binary(),  DataType::Date(),    DataType::Timestamp()};
  return types;
}

TEST(GrouperTest, SingleKeyOfEveryTypeMatchesReference) {
  std::mt19937_64 random(1);
  for (const DataType& type : AllKeyTypes()) {
    SCOPED_TRACE(type.ToString());
    for (int null_percent : {0, 20, 100}) {
      std::vector<std::vector<ColumnPtr>> batches;
      for (int batch = 0; batch < 4; ++batch) {
        batches.push_back(RandomKeys({type}, 500, 40, null_percent, random));
      }
      CheckGrouper({type}, batches);
    }
  }
}

TEST(GrouperTest, PairsOfEveryTypeMatchReference) {
  std::mt19937_64 random(2);
  for (const DataType& first : AllKeyTypes()) {
    for (const DataType& second : AllKeyTypes()) {
      SCOPED_TRACE(first.ToString() + ", " + second.ToString());
      std::vector<std::vector<ColumnPtr>> batches;
      for (int batch = 0; batch < 3; ++batch) {
        batches.push_back(RandomKeys({first, second}, 300, 12, 15, random));
      }
      CheckGrouper({first, second}, batches);
    }
  }
}

TEST(GrouperTest, SixKeysLikeDbBenchmarkQ10AndManyGroups) {
  std::mt19937_64 random(3);
  const std::vector<DataType> types = {DataType::String(), DataType::String(), DataType::String(),
                                       DataType::Int64(),  DataType::Int64(),  DataType::Int32()};
  std::vector<std::vector<ColumnPtr>> batches;
  for (int batch = 0; batch < 5; ++batch)
    batches.push_back(RandomKeys(types, 20000, 30, 5, random));
  CheckGrouper(types, batches);
}

TEST(GrouperTest, LargeSingleKeysGrowTheirTables) {
  std::mt19937_64 random(4);
  for (const DataType& type :
       {DataType::Int64(), DataType::String(), DataType::Float64(), DataType::Decimal(38, 0)}) {
    SCOPED_TRACE(type.ToString());
    std::vector<std::vector<ColumnPtr>> batches;
    for (int batch = 0; batch < 3; ++batch) {
      batches.push_back(RandomKeys({type}, 40000, 200000, 1, random));
    }
    CheckGrouper({type}, batches);
  }
}

TEST(GrouperTest, ReservedTablesGiveTheSameGroups) {
  std::mt19937_64 random(9);
  for (const auto& types :
       std::vector<std::vector<DataType>>{{DataType::Int64()},
                                          {DataType::String()},
                                          {DataType::Int32(), DataType::String()},
                                          {DataType::Int8()}}) {
    std::vector<std::vector<ColumnPtr>> batches;
    for (int batch = 0; batch < 3; ++batch) {
      batches.push_back(RandomKeys(types, 5000, 20000, 2, random));
    }
    CheckGrouper(types, batches, 15000);
    CheckGrouper(types, batches, 10);  // too small a hint: the table still grows
  }
}

TEST(GrouperTest, NanAndSignedZeroAreOneKeyEach) {
  FixedWidthBuilder<double> builder(DataType::Float64());
  for (double value : {std::nan(""), -0.0, 0.0, -std::nan(""), 1.0}) builder.Append(value);
  builder.AppendNull();
  const std::vector<ColumnPtr> keys = {builder.Finish()};
  for (const auto& types : {std::vector<DataType>{DataType::Float64()},
                            std::vector<DataType>{DataType::Float64(), DataType::Float64()}}) {
    std::unique_ptr<Grouper> grouper = Grouper::Make(types);
    std::vector<ColumnPtr> batch = keys;
    if (types.size() == 2) batch.push_back(keys[0]);
    std::vector<uint32_t> ids(6);
    grouper->Consume(batch, 6, ids.data());
    EXPECT_EQ(ids, (std::vector<uint32_t>{0, 1, 1, 0, 2, 3}));
    EXPECT_EQ(grouper->num_groups(), 4u);
    EXPECT_TRUE(grouper->Keys()[0]->IsNull(3));
  }
}

TEST(GrouperTest, EmptyInputAndNoKeys) {
  std::mt19937_64 random(5);
  CheckGrouper({DataType::Int64(), DataType::String()}, {});
  CheckGrouper({DataType::String()}, {RandomKeys({DataType::String()}, 0, 5, 0, random)});
  std::unique_ptr<Grouper> global = Grouper::Make({});
  std::vector<uint32_t> ids(3, 7);
  global->Consume({}, 0, ids.data());
  EXPECT_EQ(global->num_groups(), 0u);
  global->Consume({}, 3, ids.data());
  EXPECT_EQ(global->num_groups(), 1u);
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 0, 0}));
}

TEST(GrouperTest, MergeOfPartialGroupersEqualsOneGrouper) {
  std::mt19937_64 random(6);
  const std::vector<std::vector<DataType>> type_sets = {
      {DataType::Int64()},
      {DataType::Int16()},
      {DataType::String()},
      {DataType::Decimal(10, 1)},
      {DataType::String(), DataType::Float64(), DataType::Bool()}};
  for (const auto& types : type_sets) {
    std::unique_ptr<Grouper> left = Grouper::Make(types);
    std::unique_ptr<Grouper> right = Grouper::Make(types);
    const auto left_keys = RandomKeys(types, 3000, 60, 10, random);
    const auto right_keys = RandomKeys(types, 3000, 60, 10, random);
    std::vector<uint32_t> left_ids(3000);
    std::vector<uint32_t> right_ids(3000);
    left->Consume(left_keys, 3000, left_ids.data());
    right->Consume(right_keys, 3000, right_ids.data());
    std::vector<uint32_t> mapping;
    left->Merge(*right, mapping);
    ASSERT_EQ(mapping.size(), right->num_groups());
    // Every row's merged id must hold that row's key, and equal keys must share one id.
    const std::vector<ColumnPtr> merged_keys = left->Keys();
    std::map<std::string, uint32_t> seen;
    const auto check = [&](const std::vector<ColumnPtr>& keys, int64_t row, uint32_t id) {
      const std::string key = CanonicalRow(keys, row);
      ASSERT_EQ(CanonicalRow(merged_keys, id), key);
      auto [position, inserted] = seen.emplace(key, id);
      ASSERT_EQ(position->second, id);
    };
    for (int64_t row = 0; row < 3000; ++row) check(left_keys, row, left_ids[row]);
    for (int64_t row = 0; row < 3000; ++row) check(right_keys, row, mapping[right_ids[row]]);
    EXPECT_EQ(left->num_groups(), seen.size());
  }
}

// Partitioned merges and spilling rely on it: a key hashes alike as a group (KeyHashes) and as a
// row (HashKeys), in every grouper of the same key types, and equal keys hash alike.
TEST(GrouperTest, KeyHashesOfGroupsEqualHashKeysOfRows) {
  std::mt19937_64 random(8);
  std::vector<std::vector<DataType>> type_sets = {
      {},
      {DataType::String(), DataType::Float64(), DataType::Bool()},
      {DataType::Decimal(20, 2), DataType::Int8()},
      {DataType::Int32(), DataType::Date(), DataType::String()}};
  for (const DataType& type : AllKeyTypes()) type_sets.push_back({type});
  for (const auto& types : type_sets) {
    std::string names;
    for (const DataType& type : types) names += type.ToString() + " ";
    SCOPED_TRACE(names);
    std::unique_ptr<Grouper> first = Grouper::Make(types);
    std::unique_ptr<Grouper> second = Grouper::Make(types);
    const auto keys = RandomKeys(types, 2000, 50, 15, random);
    const auto other_keys = RandomKeys(types, 2000, 50, 15, random);
    std::vector<uint32_t> ids(2000);
    first->Consume(other_keys, 2000, ids.data());  // different ids for the same keys below
    second->Consume(keys, 2000, ids.data());
    std::vector<uint64_t> group_hashes(second->num_groups());
    second->KeyHashes(group_hashes.data());
    std::vector<uint64_t> row_hashes(2000);
    first->HashKeys(keys, 2000, row_hashes.data());
    for (int64_t row = 0; row < 2000; ++row) {
      ASSERT_EQ(row_hashes[row], group_hashes[ids[row]]) << CanonicalRow(keys, row);
    }
  }
}

TEST(GrouperTest, FindGivesNoGroupForUnseenKeysAndCreatesNone) {
  std::mt19937_64 random(8);
  const std::vector<std::vector<DataType>> type_sets = {{DataType::Int64()},
                                                        {DataType::Int16()},
                                                        {DataType::String()},
                                                        {DataType::Float64()},
                                                        {DataType::Decimal(10, 1)},
                                                        {DataType::String(), DataType::Int32()},
                                                        {}};
  for (const auto& types : type_sets) {
    std::unique_ptr<Grouper> grouper = Grouper::Make(types);
    const auto seen_keys = RandomKeys(types, 200, 60, 10, random);
    std::vector<uint32_t> ids(200);
    grouper->Consume(seen_keys, 200, ids.data());
    std::map<std::string, uint32_t> reference;
    for (int64_t row = 0; row < 200; ++row) reference[CanonicalRow(seen_keys, row)] = ids[row];
    const uint32_t num_groups = grouper->num_groups();
    // A wider domain: about two thirds of these keys were never consumed.
    const auto probe_keys = RandomKeys(types, 500, 180, 10, random);
    std::vector<uint32_t> found(500);
    grouper->Find(probe_keys, 500, found.data());
    EXPECT_EQ(grouper->num_groups(), num_groups);
    for (int64_t row = 0; row < 500; ++row) {
      const auto position = reference.find(CanonicalRow(probe_keys, row));
      const uint32_t expected = position == reference.end() ? Grouper::kNoGroup : position->second;
      ASSERT_EQ(found[row], expected) << "row " << row;
    }
  }
  std::unique_ptr<Grouper> empty = Grouper::Make({DataType::Int64()});
  const auto keys = RandomKeys({DataType::Int64()}, 10, 5, 30, random);
  std::vector<uint32_t> found(10);
  empty->Find(keys, 10, found.data());
  EXPECT_EQ(found, std::vector<uint32_t>(10, Grouper::kNoGroup));
}

TEST(GrouperTest, SlicedColumnsUseTheirOffset) {
  std::mt19937_64 random(7);
  for (const DataType& type : AllKeyTypes()) {
    SCOPED_TRACE(type.ToString());
    const auto keys = RandomKeys({type, DataType::Int32()}, 400, 30, 20, random);
    CheckGrouper({type, DataType::Int32()}, {{keys[0]->Slice(37, 300), keys[1]->Slice(37, 300)}});
    CheckGrouper({type}, {{keys[0]->Slice(13, 200)}});
  }
}

}  // namespace
}  // namespace berserkr
