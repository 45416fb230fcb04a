#include "berserkr/formats/parquet_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>

#include "berserkr/common/error.h"
#include "berserkr/formats/parquet_reader.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/column_builder.h"
#include "exec/sort_testing_internal.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "test_util.h"

namespace berserkr {
namespace {

namespace fs = std::filesystem;
using testing_util::TempDir;

// Every cell of every column as text, row by row across batches (FormatValue covers nested values).
std::vector<std::vector<std::string>> Cells(const Table& table) {
  std::vector<std::vector<std::string>> columns(static_cast<size_t>(table.num_columns()));
  for (int column = 0; column < table.num_columns(); ++column) {
    for (const ColumnPtr& chunk : table.ColumnChunks(column)) {
      for (int64_t row = 0; row < chunk->length(); ++row) {
        columns[static_cast<size_t>(column)].push_back(chunk->FormatValue(row));
      }
    }
  }
  return columns;
}

void ExpectSameTable(const Table& expected, const Table& actual) {
  ASSERT_EQ(expected.schema()->ToString(), actual.schema()->ToString());
  ASSERT_EQ(expected.num_rows(), actual.num_rows());
  const auto want = Cells(expected), got = Cells(actual);
  for (size_t column = 0; column < want.size(); ++column) {
    int differences = 0;
    for (size_t row = 0; row < want[column].size(); ++row) {
      if (want[column][row] != got[column][row] && ++differences <= 3) {
        ADD_FAILURE() << expected.schema()->field(static_cast<int>(column)).name << " row " << row
                      << ": wrote " << want[column][row] << ", read " << got[column][row];
      }
    }
  }
}

// A table of `batches` random batches of the given types (column i named c<i>).
Table RandomTable(const std::vector<DataType>& types, int64_t rows_per_batch, int batches,
                  double null_fraction, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Field> fields;
  for (size_t index = 0; index < types.size(); ++index) {
    fields.push_back({"c" + std::to_string(index), types[index]});
  }
  auto schema = std::make_shared<Schema>(fields);
  std::vector<Batch> list;
  for (int batch = 0; batch < batches; ++batch) {
    Batch out{schema, {}, rows_per_batch};
    for (const DataType& type : types) {
      out.columns.push_back(exec_testing::RandomColumn(type, rows_per_batch, null_fraction, rng));
    }
    list.push_back(std::move(out));
  }
  return Table(schema, std::move(list));
}

// Every flat type: the random generator's extremes, NaN, -0.0, unicode, zero bytes.
std::vector<DataType> FlatTypes() {
  return {DataType::Bool(),          DataType::Int8(),         DataType::Int16(),
          DataType::Int32(),         DataType::Int64(),        DataType::Float32(),
          DataType::Float64(),       DataType::Decimal(38, 2), DataType::String(),
          DataType::Binary(),        DataType::Date(),         DataType::Timestamp(),
          DataType::Timestamp("UTC")};
}

std::vector<DataType> NestedTypes() {
  return {DataType::List(DataType::String()), DataType::List(DataType::List(DataType::Int32())),
          DataType::Struct({{"a", DataType::Int64()},
                            {"b", DataType::List(DataType::String())},
                            {"c", DataType::Struct({{"d", DataType::Bool()}})}}),
          DataType::List(DataType::Struct({{"x", DataType::Float64()}, {"y", DataType::Date()}}))};
}

parquet::FileMetaData Footer(const std::string& path) {
  const std::string bytes = testing_util::ReadFileText(path);
  uint32_t length = 0;
  std::memcpy(&length, bytes.data() + bytes.size() - 8, 4);
  return parquet::DecodeFileMetaData(
      reinterpret_cast<const uint8_t*>(bytes.data() + bytes.size() - 8 - length), length, path);
}

TEST(ParquetWriterTest, FlatTypesRoundTripForEveryCodecAndPageVersion) {
  TempDir directory;
  const Table table = RandomTable(FlatTypes(), 700, 3, 0.2, 1);
  for (ParquetCodec codec :
       {ParquetCodec::kUncompressed, ParquetCodec::kSnappy, ParquetCodec::kGzip,
        ParquetCodec::kZstd, ParquetCodec::kLz4Raw, ParquetCodec::kBrotli}) {
    for (int version : {1, 2}) {
      for (bool dictionary : {true, false}) {
        SCOPED_TRACE(ParquetCodecName(codec) + " v" + std::to_string(version) +
                     (dictionary ? " dictionary" : " plain"));
        ParquetWriteOptions options;
        options.codec = codec;
        options.data_page_version = version;
        options.dictionary = dictionary;
        const std::string path = directory.File("flat.parquet");
        const ParquetWriteSummary summary = WriteParquet(table, path, options);
        EXPECT_EQ(summary.rows, table.num_rows());
        EXPECT_EQ(summary.bytes, static_cast<int64_t>(fs::file_size(path)));
        ExpectSameTable(table, ReadParquet({path}));
      }
    }
  }
}

TEST(ParquetWriterTest, NestedTypesRoundTrip) {
  TempDir directory;
  const Table table = RandomTable(NestedTypes(), 500, 3, 0.25, 2);
  for (int version : {1, 2}) {
    ParquetWriteOptions options;
    options.data_page_version = version;
    options.page_bytes = 512;  // many pages: they must end at row boundaries
    const std::string path = directory.File("nested.parquet");
    WriteParquet(table, path, options);
    ExpectSameTable(table, ReadParquet({path}));
  }
}

TEST(ParquetWriterTest, ManyRowGroupsAndPagesAcrossBatchBoundaries) {
  TempDir directory;
  const Table table =
      RandomTable({DataType::Int64(), DataType::String(), DataType::Float64()}, 997, 7, 0.1, 3);
  ParquetWriteOptions options;
  options.row_group_rows = 1000;
  options.page_bytes = 700;
  const std::string path = directory.File("groups.parquet");
  WriteParquet(table, path, options);
  const Table back = ReadParquet({path});
  ExpectSameTable(table, back);
  const parquet::FileMetaData footer = Footer(path);
  ASSERT_EQ(footer.row_groups.size(), 7u);  // 6979 rows
  EXPECT_EQ(footer.row_groups[0].num_rows, 1000);
  EXPECT_EQ(footer.row_groups[6].num_rows, 979);
}

TEST(ParquetWriterTest, DictionaryFallsBackToPlainForUniqueValues) {
  TempDir directory;
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      {"few", DataType::String()}, {"unique", DataType::String()}, {"ids", DataType::Int64()}});
  StringBuilder few, unique;
  FixedWidthBuilder<int64_t> ids(DataType::Int64());
  const int64_t rows = 300000;
  for (int64_t row = 0; row < rows; ++row) {
    few.Append(row % 3 == 0 ? "grün" : "青");
    unique.Append("unique value number " + std::to_string(row * 7919));
    ids.Append(row);
  }
  const Table table(schema, {Batch{schema, {few.Finish(), unique.Finish(), ids.Finish()}, rows}});
  const std::string path = directory.File("fallback.parquet");
  WriteParquet(table, path);
  ExpectSameTable(table, ReadParquet({path}));
  const parquet::FileMetaData footer = Footer(path);
  const auto has_dictionary = [&](int column) {
    return footer.row_groups[0]
        .columns[static_cast<size_t>(column)]
        .meta_data->dictionary_page_offset.has_value();
  };
  EXPECT_TRUE(has_dictionary(0));
  EXPECT_FALSE(has_dictionary(1));  // > 4 MiB of distinct strings
  EXPECT_FALSE(has_dictionary(2));  // distinct 8-byte integers: a dictionary cannot be smaller
}

TEST(ParquetWriterTest, StatisticsInFooterAndSummary) {
  TempDir directory;
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"text", DataType::String()},
                                                            {"number", DataType::Int32()},
                                                            {"real", DataType::Float64()},
                                                            {"nan", DataType::Float64()},
                                                            {"price", DataType::Decimal(20, 2)},
                                                            {"empty", DataType::Int64()}});
  StringBuilder text;
  FixedWidthBuilder<int32_t> number(DataType::Int32());
  FixedWidthBuilder<double> real(DataType::Float64()), nan(DataType::Float64());
  FixedWidthBuilder<__int128> price(DataType::Decimal(20, 2));
  FixedWidthBuilder<int64_t> empty(DataType::Int64());
  const std::vector<std::string> texts = {"zebra", "été", "apple", "Zoo"};
  for (int row = 0; row < 4; ++row) {
    text.Append(texts[static_cast<size_t>(row)]);
    number.Append(row == 2 ? -7 : row * 10);
    row == 1 ? real.AppendNull() : real.Append(row == 3 ? 0.0 : -1.5 * row);
    nan.Append(row == 2 ? std::nan("") : row);
    price.Append(row == 0 ? -static_cast<__int128>(12345) : static_cast<__int128>(row) * 1000);
    empty.AppendNull();
  }
  const Table table(schema, {Batch{schema,
                                   {text.Finish(), number.Finish(), real.Finish(), nan.Finish(),
                                    price.Finish(), empty.Finish()},
                                   4}});
  const std::string path = directory.File("stats.parquet");
  const ParquetWriteSummary summary = WriteParquet(table, path);
  ASSERT_EQ(summary.columns.size(), 6u);
  EXPECT_EQ(summary.columns[0].path, "text");
  // Unsigned byte order: "é" (0xC3) sorts after "z".
  EXPECT_EQ(summary.columns[0].min->FormatValue(0), "Zoo");
  EXPECT_EQ(summary.columns[0].max->FormatValue(0), "été");
  EXPECT_EQ(summary.columns[1].min->FormatValue(0), "-7");
  EXPECT_EQ(summary.columns[1].max->FormatValue(0), "30");
  EXPECT_EQ(summary.columns[2].null_count, 1);
  EXPECT_EQ(summary.columns[2].min->ValuesAs<double>()[0], -3.0);
  EXPECT_EQ(summary.columns[2].max->ValuesAs<double>()[0], 0.0);
  EXPECT_FALSE(std::signbit(summary.columns[2].max->ValuesAs<double>()[0]));
  EXPECT_EQ(summary.columns[3].min, nullptr);  // NaN: unknown
  EXPECT_EQ(summary.columns[4].min->FormatValue(0), "-123.45");
  EXPECT_EQ(summary.columns[4].max->FormatValue(0), "30.00");
  EXPECT_EQ(summary.columns[5].null_count, 4);
  EXPECT_EQ(summary.columns[5].min, nullptr);

  const parquet::FileMetaData footer = Footer(path);
  const auto& columns = footer.row_groups[0].columns;
  const parquet::Statistics& text_statistics = *columns[0].meta_data->statistics;
  EXPECT_EQ(text_statistics.min_value, "Zoo");
  EXPECT_EQ(text_statistics.max_value, "été");
  EXPECT_FALSE(text_statistics.min.has_value());  // deprecated fields order signed: left out
  const parquet::Statistics& number_statistics = *columns[1].meta_data->statistics;
  ASSERT_TRUE(number_statistics.min.has_value());
  EXPECT_EQ(*number_statistics.min, *number_statistics.min_value);
  EXPECT_FALSE(columns[3].meta_data->statistics->min_value.has_value());
  EXPECT_EQ(columns[3].meta_data->statistics->null_count, 0);
  EXPECT_EQ(footer.column_orders.size(), 6u);

  // The reader prunes with these statistics.
  ParquetReadOptions read;
  FixedWidthBuilder<int32_t> literal(DataType::Int32());
  literal.Append(100);
  read.predicates.push_back({"number", ParquetPredicate::Op::kGreater, literal.Finish()});
  EXPECT_EQ(ReadParquet({path}, read).num_rows(), 0);
}

TEST(ParquetWriterTest, DecimalsOnEveryPhysicalType) {
  TempDir directory;
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (auto [precision, scale] :
       std::vector<std::pair<int, int>>{{1, 0}, {9, 2}, {10, 0}, {18, 4}, {19, 0}, {38, 10}}) {
    const DataType type = DataType::Decimal(precision, scale);
    FixedWidthBuilder<__int128> builder(type);
    __int128 largest = 1;
    for (int digit = 0; digit < precision; ++digit) largest *= 10;
    largest -= 1;
    for (__int128 value :
         {largest, -largest, static_cast<__int128>(0), static_cast<__int128>(-1), largest / 3}) {
      builder.Append(value);
    }
    builder.AppendNull();
    fields.push_back({"d" + std::to_string(precision), type});
    columns.push_back(builder.Finish());
  }
  auto schema = std::make_shared<Schema>(fields);
  const Table table(schema, {Batch{schema, columns, 6}});
  const std::string path = directory.File("decimals.parquet");
  WriteParquet(table, path);
  ExpectSameTable(table, ReadParquet({path}));
  const parquet::FileMetaData footer = Footer(path);
  EXPECT_EQ(footer.schema[1].type, parquet::PhysicalType::kInt32);
  EXPECT_EQ(footer.schema[2].type, parquet::PhysicalType::kInt32);
  EXPECT_EQ(footer.schema[3].type, parquet::PhysicalType::kInt64);
  EXPECT_EQ(footer.schema[4].type, parquet::PhysicalType::kInt64);
  EXPECT_EQ(footer.schema[5].type, parquet::PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(footer.schema[5].type_length, 9);
  EXPECT_EQ(footer.schema[6].type_length, 16);
}

TEST(ParquetWriterTest, EmptyTableKeepsItsSchema) {
  TempDir directory;
  const Table table = RandomTable(FlatTypes(), 0, 0, 0, 4);
  const std::string path = directory.File("empty.parquet");
  const ParquetWriteSummary summary = WriteParquet(table, path);
  EXPECT_EQ(summary.rows, 0);
  const Table back = ReadParquet({path});
  EXPECT_EQ(back.num_rows(), 0);
  EXPECT_EQ(back.schema()->ToString(), table.schema()->ToString());
}

TEST(ParquetWriterTest, HugeStrings) {
  TempDir directory;
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"blob", DataType::String()}});
  StringBuilder builder;
  for (int row = 0; row < 6; ++row) {
    row == 3 ? builder.AppendNull()
             : builder.Append(std::string(static_cast<size_t>(3 << 20) + row, char('a' + row)));
  }
  const Table table(schema, {Batch{schema, {builder.Finish()}, 6}});
  const std::string path = directory.File("huge.parquet");
  const ParquetWriteSummary summary = WriteParquet(table, path);
  ExpectSameTable(table, ReadParquet({path}));
  // The summary keeps the exact values; the footer leaves out values over 4 KiB.
  EXPECT_EQ(summary.columns[0].max->GetString(0).size(), static_cast<size_t>(3 << 20) + 5);
  EXPECT_FALSE(Footer(path).row_groups[0].columns[0].meta_data->statistics->max_value);
}

TEST(ParquetWriterTest, NullTypeColumn) {
  TempDir directory;
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"nothing", DataType::Null()}, {"id", DataType::Int32()}});
  FixedWidthBuilder<int32_t> ids(DataType::Int32());
  for (int row = 0; row < 5; ++row) ids.Append(row);
  const Table table(schema,
                    {Batch{schema, {Column::MakeNull(DataType::Null(), 5), ids.Finish()}, 5}});
  const std::string path = directory.File("null.parquet");
  WriteParquet(table, path);
  ExpectSameTable(table, ReadParquet({path}));
}

// A list<struct<key: string, value: int64>> column.
ColumnPtr MapColumn(
    const std::vector<std::vector<std::pair<std::optional<std::string>, std::optional<int64_t>>>>&
        rows,
    const DataType& type) {
  StringBuilder keys;
  FixedWidthBuilder<int64_t> values(DataType::Int64());
  auto offsets = Buffer::Allocate(static_cast<int64_t>(rows.size() + 1) * 4);
  int32_t* offset_values = offsets->mutable_data_as<int32_t>();
  offset_values[0] = 0;
  for (size_t row = 0; row < rows.size(); ++row) {
    for (const auto& [key, value] : rows[row]) {
      key ? keys.Append(*key) : keys.AppendNull();
      value ? values.Append(*value) : values.AppendNull();
    }
    offset_values[row + 1] = offset_values[row] + static_cast<int32_t>(rows[row].size());
  }
  const int64_t entries = offset_values[rows.size()];
  auto entry = std::make_shared<Column>(type.item_type(), entries, 0, nullptr, nullptr, nullptr,
                                        std::vector<ColumnPtr>{keys.Finish(), values.Finish()});
  return std::make_shared<Column>(type, static_cast<int64_t>(rows.size()), 0, nullptr, offsets,
                                  nullptr, std::vector<ColumnPtr>{entry});
}

TEST(ParquetWriterTest, MapColumnsWriteAsParquetMaps) {
  TempDir directory;
  const DataType type =
      DataType::List(DataType::Struct({{"key", DataType::String()}, {"value", DataType::Int64()}}));
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"tags", type}});
  const Table table(
      schema,
      {Batch{schema, {MapColumn({{{"a", 1}, {"b", std::nullopt}}, {}, {{"ü", 3}}}, type)}, 3}});
  ParquetWriteOptions options;
  options.map_columns = {"tags"};
  const std::string path = directory.File("map.parquet");
  const ParquetWriteSummary summary = WriteParquet(table, path, options);
  ExpectSameTable(table, ReadParquet({path}));
  const parquet::FileMetaData footer = Footer(path);
  EXPECT_EQ(footer.schema[1].converted_type, parquet::ConvertedType::kMap);
  EXPECT_EQ(footer.schema[3].repetition_type, parquet::Repetition::kRequired);  // the key
  EXPECT_EQ(summary.columns[0].path, "tags.key_value.key");
  EXPECT_EQ(summary.columns[1].null_count, 2);  // the NULL value and the empty map

  const Table bad(schema, {Batch{schema, {MapColumn({{{std::nullopt, 1}}}, type)}, 1}});
  EXPECT_THROW(WriteParquet(bad, directory.File("bad.parquet"), options), InvalidInput);
  EXPECT_FALSE(fs::exists(directory.File("bad.parquet")));
}

TEST(ParquetWriterTest, KeyValueMetadataIsWritten) {
  TempDir directory;
  const Table table = RandomTable({DataType::Int32()}, 10, 1, 0, 5);
  ParquetWriteOptions options;
  options.key_value_metadata = {{"writer", "test"}, {"empty", ""}};
  const std::string path = directory.File("kv.parquet");
  WriteParquet(table, path, options);
  const parquet::FileMetaData footer = Footer(path);
  ASSERT_EQ(footer.key_value_metadata.size(), 2u);
  EXPECT_EQ(footer.key_value_metadata[0].key, "writer");
  EXPECT_EQ(footer.key_value_metadata[0].value, "test");
}

TEST(ParquetWriterTest, UnwritableLocationNamesItAndLeavesNoFile) {
  const std::string path = "/nonexistent-berserkr-directory/out.parquet";
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"x", DataType::Int32()}});
  try {
    ParquetWriter writer(path, schema);
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(ParquetWriterTest, FileAppearsOnlyOnClose) {
  TempDir directory;
  const std::string path = directory.File("late.parquet");
  const Table table = RandomTable({DataType::Int64()}, 100, 1, 0, 6);
  {
    ParquetWriter writer(path, table.schema());
    writer.Write(table.batches()[0]);
    EXPECT_FALSE(fs::exists(path));
  }  // destroyed without Close
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_empty(directory.path()));
}

TEST(ParquetWriterTest, RejectsBadOptionsAndBatches) {
  TempDir directory;
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"x", DataType::Int32()}});
  ParquetWriteOptions options;
  options.data_page_version = 3;
  EXPECT_THROW(ParquetWriter(directory.File("a.parquet"), schema, options), InvalidInput);
  options = {};
  options.map_columns = {"x"};
  EXPECT_THROW(ParquetWriter(directory.File("b.parquet"), schema, options), InvalidInput);
  ParquetWriter writer(directory.File("c.parquet"), schema);
  const Table other = RandomTable({DataType::Int64()}, 3, 1, 0, 7);
  EXPECT_THROW(writer.Write(other.batches()[0]), InvalidInput);
  EXPECT_EQ(ParseParquetCodec("ZSTD"), ParquetCodec::kZstd);
  EXPECT_THROW(ParseParquetCodec("lzo"), InvalidInput);
}

TEST(ParquetWriterTest, DataFrameWriteParquetStreams) {
  TempDir directory;
  const Table table = RandomTable({DataType::Int64(), DataType::String()}, 1000, 4, 0.1, 8);
  const std::string path = directory.File("frame.parquet");
  ParquetWriteOptions options;
  options.row_group_rows = 1500;
  const ParquetWriteSummary summary = DataFrame::FromTable(table).WriteParquet(path, options);
  EXPECT_EQ(summary.rows, 4000);
  ExpectSameTable(table, ReadParquet({path}));
}

}  // namespace
}  // namespace berserkr
