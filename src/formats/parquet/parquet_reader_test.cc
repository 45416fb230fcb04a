#include "berserkr/formats/parquet_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "berserkr/common/error.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/column_builder.h"
#include "formats/parquet/parquet_metadata_internal.h"

namespace berserkr {
namespace {

namespace fs = std::filesystem;

std::string TestFile(const std::string& name) {
  return std::string(BERSERKR_SOURCE_DIR) + "/tests/data/parquet/" + name;
}

std::vector<std::string> ColumnText(const Table& table, int column) {
  std::vector<std::string> cells;
  for (const ColumnPtr& chunk : table.ColumnChunks(column)) {
    for (int64_t row = 0; row < chunk->length(); ++row) cells.push_back(chunk->FormatValue(row));
  }
  return cells;
}

// A scratch directory removed at the end of the test.
class ParquetReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() /
                 ("berserkr-parquet-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  fs::path directory_;
};

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Builds a Parquet file by hand with the metadata encoder: one optional INT64 column "value" and
// one required INT64 column "row", PLAIN pages, one row group per element of `groups`, with
// min / max / null-count statistics. A test of the encoder as much as of the reader.
std::string MakeInt64File(const std::vector<std::vector<std::optional<int64_t>>>& groups) {
  using namespace parquet;
  std::string file = "PAR1";
  FileMetaData metadata;
  metadata.version = 1;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  SchemaElement value;
  value.name = "value";
  value.type = PhysicalType::kInt64;
  value.repetition_type = Repetition::kOptional;
  SchemaElement row;
  row.name = "row";
  row.type = PhysicalType::kInt64;
  row.repetition_type = Repetition::kRequired;
  metadata.schema = {root, value, row};
  int64_t row_number = 0;
  for (const auto& values : groups) {
    RowGroup group;
    group.num_rows = static_cast<int64_t>(values.size());
    for (int column = 0; column < 2; ++column) {
      std::string body;
      Statistics statistics;
      int64_t nulls = 0;
      std::optional<int64_t> min, max;
      if (column == 0) {
        // Definition levels: one RLE run of length 1 per value (header 2, one byte value).
        std::string levels;
        for (const auto& item : values) {
          levels += '\x02';
          levels += item ? '\x01' : '\x00';
        }
        const uint32_t length = static_cast<uint32_t>(levels.size());
        body.append(reinterpret_cast<const char*>(&length), 4);
        body += levels;
        for (const auto& item : values) {
          if (!item) {
            ++nulls;
            continue;
          }
          body.append(reinterpret_cast<const char*>(&*item), 8);
          min = min ? std::min(*min, *item) : *item;
          max = max ? std::max(*max, *item) : *item;
        }
      } else {
        for (size_t index = 0; index < values.size(); ++index) {
          const int64_t number = row_number + static_cast<int64_t>(index);
          body.append(reinterpret_cast<const char*>(&number), 8);
        }
      }
      statistics.null_count = nulls;
      if (min) {
        statistics.min_value = std::string(reinterpret_cast<const char*>(&*min), 8);
        statistics.max_value = std::string(reinterpret_cast<const char*>(&*max), 8);
      }
      PageHeader header;
      header.type = PageType::kDataPage;
      header.uncompressed_page_size = static_cast<int32_t>(body.size());
      header.compressed_page_size = static_cast<int32_t>(body.size());
      header.data_page_header = DataPageHeader{};
      header.data_page_header->num_values = static_cast<int32_t>(values.size());
      const std::string page = EncodePageHeader(header) + body;
      ColumnChunk chunk;
      chunk.file_offset = static_cast<int64_t>(file.size());
      ColumnMetaData meta;
      meta.type = PhysicalType::kInt64;
      meta.encodings = {Encoding::kPlain, Encoding::kRle};
      meta.path_in_schema = {column == 0 ? "value" : "row"};
      meta.codec = CompressionCodec::kUncompressed;
      meta.num_values = static_cast<int64_t>(values.size());
      meta.total_uncompressed_size = static_cast<int64_t>(page.size());
      meta.total_compressed_size = static_cast<int64_t>(page.size());
      meta.data_page_offset = static_cast<int64_t>(file.size());
      meta.statistics = statistics;
      chunk.meta_data = meta;
      group.columns.push_back(chunk);
      file += page;
    }
    row_number += group.num_rows;
    metadata.row_groups.push_back(group);
  }
  metadata.num_rows = row_number;
  metadata.created_by = "berserkr tests";
  const std::string footer = EncodeFileMetaData(metadata);
  const uint32_t footer_length = static_cast<uint32_t>(footer.size());
  file += footer;
  file.append(reinterpret_cast<const char*>(&footer_length), 4);
  file += "PAR1";
  return file;
}

// One required INT64 column "value" in one row group whose chunk is a dictionary page of
// {100, 200, 300}, a dictionary-encoded data page and then a PLAIN page, as writers do when the
// dictionary grows too large mid-chunk. Returns the file's bytes.
std::string MakeDictionaryFallbackFile() {
  using namespace parquet;
  std::string file = "PAR1";
  const auto page = [](PageType type, const std::string& body, int32_t values, Encoding encoding) {
    PageHeader header;
    header.type = type;
    header.uncompressed_page_size = static_cast<int32_t>(body.size());
    header.compressed_page_size = static_cast<int32_t>(body.size());
    if (type == PageType::kDictionaryPage) {
      header.dictionary_page_header = DictionaryPageHeader{values, Encoding::kPlain, false};
    } else {
      header.data_page_header = DataPageHeader{};
      header.data_page_header->num_values = values;
      header.data_page_header->encoding = encoding;
    }
    return EncodePageHeader(header) + body;
  };
  const auto int64s = [](std::initializer_list<int64_t> values) {
    std::string bytes;
    for (int64_t value : values) bytes.append(reinterpret_cast<const char*>(&value), 8);
    return bytes;
  };
  // Indices 2, 0, 1, 1 at bit width 2: one bit-packed group of 8 (header 3 = 1 group, packed).
  std::string indices = std::string("\x02\x03", 2);
  indices += static_cast<char>(2 | (0 << 2) | (1 << 4) | (1 << 6));
  indices += std::string("\x00", 1);
  const std::string chunk =
      page(PageType::kDictionaryPage, int64s({100, 200, 300}), 3, Encoding::kPlain) +
      page(PageType::kDataPage, indices, 4, Encoding::kRleDictionary) +
      page(PageType::kDataPage, int64s({7, 8}), 2, Encoding::kPlain);
  FileMetaData metadata;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  SchemaElement value;
  value.name = "value";
  value.type = PhysicalType::kInt64;
  value.repetition_type = Repetition::kRequired;
  metadata.schema = {root, value};
  metadata.num_rows = 6;
  RowGroup group;
  group.num_rows = 6;
  ColumnChunk column;
  column.file_offset = 4;
  ColumnMetaData meta;
  meta.type = PhysicalType::kInt64;
  meta.encodings = {Encoding::kPlain, Encoding::kRleDictionary};
  meta.path_in_schema = {"value"};
  meta.codec = CompressionCodec::kUncompressed;
  meta.num_values = 6;
  meta.total_uncompressed_size = static_cast<int64_t>(chunk.size());
  meta.total_compressed_size = static_cast<int64_t>(chunk.size());
  meta.dictionary_page_offset = 4;
  meta.data_page_offset = 4;  // (writers point it at the first data page; either works)
  column.meta_data = meta;
  group.columns = {column};
  metadata.row_groups = {group};
  file += chunk;
  const std::string footer = EncodeFileMetaData(metadata);
  const uint32_t footer_length = static_cast<uint32_t>(footer.size());
  file += footer;
  file.append(reinterpret_cast<const char*>(&footer_length), 4);
  return file + "PAR1";
}

ColumnPtr Int64Literal(int64_t value) {
  FixedWidthBuilder<int64_t> builder(DataType::Int64());
  builder.Append(value);
  return builder.Finish();
}

TEST_F(ParquetReaderTest, ReadsFlatTypes) {
  const Table table = ReadParquet({TestFile("alltypes_plain.parquet")});
  ASSERT_EQ(table.num_rows(), 8);
  EXPECT_EQ(table.schema()->ToString(),
            "id INTEGER\nbool_col BOOLEAN\ntinyint_col INTEGER\nsmallint_col INTEGER\nint_col "
            "INTEGER\nbigint_col BIGINT\nfloat_col FLOAT\ndouble_col DOUBLE\ndate_string_col BLOB\n"
            "string_col BLOB\ntimestamp_col TIMESTAMP\n");
  EXPECT_EQ(ColumnText(table, 0),
            (std::vector<std::string>{"4", "5", "6", "7", "2", "3", "0", "1"}));
  EXPECT_EQ(ColumnText(table, 1)[0], "true");
  EXPECT_EQ(ColumnText(table, 7)[1], "10.1");
  EXPECT_EQ(ColumnText(table, 10)[0], "2009-03-01 00:00:00");
  // The dictionary-encoded twin holds the same first rows.
  const Table dictionary = ReadParquet({TestFile("alltypes_dictionary.parquet")});
  EXPECT_EQ(ColumnText(dictionary, 10)[0], "2009-01-01 00:00:00");
}

TEST_F(ParquetReaderTest, ProjectionAndFileNameColumn) {
  ParquetReadOptions options;
  options.columns = {"string_col", "id"};
  options.filename_column = "source";
  const Table table = ReadParquet({TestFile("alltypes_plain.parquet")}, options);
  ASSERT_EQ(table.num_columns(), 2);
  EXPECT_EQ(table.schema()->field(0).name, "string_col");
  EXPECT_EQ(ColumnText(table, 1)[0], "4");
  options.columns = {"id", "source"};
  const Table with_source = ReadParquet({TestFile("alltypes_plain.parquet")}, options);
  EXPECT_EQ(ColumnText(with_source, 1)[0], TestFile("alltypes_plain.parquet"));
  options.columns = {"nope"};
  EXPECT_THROW(ReadParquet({TestFile("alltypes_plain.parquet")}, options), InvalidInput);
}

TEST_F(ParquetReaderTest, DecimalsTimestampsAndHalfFloats) {
  const Table decimals = ReadParquet({TestFile("int32_decimal.parquet")});
  EXPECT_EQ(decimals.schema()->field(0).type, DataType::Decimal(4, 2));
  EXPECT_EQ(ColumnText(decimals, 0)[23], "24.00");
  const Table fixed = ReadParquet({TestFile("fixed_length_decimal.parquet")});
  EXPECT_EQ(fixed.schema()->field(0).type, DataType::Decimal(25, 2));
  EXPECT_EQ(ColumnText(fixed, 0)[0], "1.00");
  const Table spark = ReadParquet({TestFile("int96_from_spark.parquet")});
  EXPECT_EQ(spark.num_rows(), 6);
  const Table halves = ReadParquet({TestFile("float16_nonzeros_and_nans.parquet")});
  EXPECT_EQ(ColumnText(halves, 0)[1], "1");
}

TEST_F(ParquetReaderTest, CodecsAndEncodings) {
  for (const char* name : {"hadoop_lz4_compressed.parquet", "lz4_raw_compressed.parquet"}) {
    const Table table = ReadParquet({TestFile(name)});
    EXPECT_EQ(table.num_rows(), 4) << name;
  }
  EXPECT_EQ(ReadParquet({TestFile("concatenated_gzip_members.parquet")}).num_rows(), 513);
  EXPECT_EQ(ReadParquet({TestFile("byte_stream_split.zstd.parquet")}).num_rows(), 300);
  EXPECT_EQ(ReadParquet({TestFile("delta_length_byte_array.parquet")}).num_rows(), 1000);
  EXPECT_EQ(ReadParquet({TestFile("datapage_v2.snappy.parquet")}).num_rows(), 5);
}

TEST_F(ParquetReaderTest, NestedColumns) {
  const Table lists = ReadParquet({TestFile("list_columns.parquet")});
  EXPECT_EQ(ColumnText(lists, 0), (std::vector<std::string>{"[1, 2, 3]", "[NULL, 1]", "[4]"}));
  const Table old_lists = ReadParquet({TestFile("old_list_structure.parquet")});
  EXPECT_EQ(ColumnText(old_lists, 0)[0], "[[1, 2], [3, 4]]");
  const Table nulls = ReadParquet({TestFile("nulls.snappy.parquet")});
  EXPECT_EQ(nulls.num_rows(), 8);
  EXPECT_EQ(ReadParquet({TestFile("nested_lists.snappy.parquet")}).num_rows(), 3);
  EXPECT_EQ(ReadParquet({TestFile("nested_maps.snappy.parquet")}).num_rows(), 6);
  EXPECT_EQ(ReadParquet({TestFile("repeated_no_annotation.parquet")}).num_rows(), 6);
}

TEST_F(ParquetReaderTest, CorruptFilesFailClearly) {
  const std::string good = ReadBytes(TestFile("alltypes_plain.parquet"));
  const auto expect_error = [&](const std::string& bytes, const std::string& fragment) {
    const std::string path = Write("bad.parquet", bytes);
    try {
      ReadParquet({path});
      ADD_FAILURE() << "no error; expected " << fragment;
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
      EXPECT_NE(std::string(error.what()).find("bad.parquet"), std::string::npos) << error.what();
    }
  };
  expect_error("a,b\n1,2\n", "not a Parquet file");
  expect_error(good.substr(0, good.size() - 1), "magic");
  expect_error(good.substr(0, 100) + good.substr(good.size() - 8), "footer");
  std::string huge_footer = good;
  huge_footer[huge_footer.size() - 6] = '\x7f';  // footer length ~2 GiB
  expect_error(huge_footer, "footer");
  // Every truncation and many single-byte corruptions fail cleanly (or still read).
  for (size_t length = 0; length < good.size(); length += 97) {
    try {
      ReadParquet({Write("cut.parquet", good.substr(0, length))});
    } catch (const Error&) {
    }
  }
  for (size_t position = 4; position < good.size(); position += 13) {
    std::string corrupt = good;
    corrupt[position] = static_cast<char>(corrupt[position] ^ 0x5a);
    try {
      ReadParquet({Write("flipped.parquet", corrupt)});
    } catch (const Error&) {
    }
  }
  try {
    ReadParquet({TestFile("rle-dict-uncompressed-corrupt-checksum.parquet")});
    ADD_FAILURE() << "the corrupt checksum went unnoticed";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("checksum mismatch"), std::string::npos);
  }
}

TEST_F(ParquetReaderTest, HandMadeFileWithStatisticsPrunesRowGroups) {
  const std::string path =
      Write("groups.parquet", MakeInt64File({{1, 5, std::nullopt}, {10, 20, 15}, {std::nullopt}}));
  const Table table = ReadParquet({path});
  ASSERT_EQ(table.num_rows(), 7);
  EXPECT_EQ(table.batches().size(), 3u);
  EXPECT_EQ(ColumnText(table, 0),
            (std::vector<std::string>{"1", "5", "NULL", "10", "20", "15", "NULL"}));
  EXPECT_EQ(ColumnText(table, 1), (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"}));

  const ParquetScanner scanner({path});
  EXPECT_EQ(scanner.total_row_groups(), 3);
  using Op = ParquetPredicate::Op;
  const auto selected = [&](std::vector<ParquetPredicate> predicates) {
    return scanner.WithPredicates(std::move(predicates)).selected_row_groups();
  };
  EXPECT_EQ(selected({{"value", Op::kGreater, Int64Literal(6)}}), 1);
  EXPECT_EQ(selected({{"value", Op::kGreaterEqual, Int64Literal(5)}}), 2);
  EXPECT_EQ(selected({{"value", Op::kEqual, Int64Literal(7)}}), 0);
  EXPECT_EQ(selected({{"value", Op::kLess, Int64Literal(1)}}), 0);
  EXPECT_EQ(selected({{"value", Op::kLessEqual, Int64Literal(1)}}), 1);
  EXPECT_EQ(selected({{"value", Op::kNotEqual, Int64Literal(1)}}), 2);
  EXPECT_EQ(selected({{"value", Op::kIsNull, nullptr}}), 2);
  EXPECT_EQ(selected({{"value", Op::kIsNotNull, nullptr}}), 2);
  EXPECT_EQ(
      selected({{"value", Op::kGreater, Int64Literal(2)}, {"value", Op::kLess, Int64Literal(12)}}),
      2);
  // A pruned scan reads only the row groups left.
  ParquetReadOptions options;
  options.predicates = {{"value", Op::kGreater, Int64Literal(6)}};
  EXPECT_EQ(ReadParquet({path}, options).num_rows(), 3);

  // The optimizer pushes a DataFrame filter's simple conjuncts into the scan: only the second
  // row group is read, and the filter still removes the rows it must.
  ReadStats stats;
  const Table filtered = DataFrame::ScanParquet({path}, {}, &stats)
                             .Filter(Col("value") > Lit(int64_t{12}) && Col("row") >= Lit(0))
                             .Collect();
  EXPECT_EQ(stats.rows_read, 3);
  EXPECT_EQ(ColumnText(filtered, 0), (std::vector<std::string>{"20", "15"}));
  const std::string plan =
      DataFrame::ScanParquet({path}).Filter(Col("value") > Lit(int64_t{12})).Explain();
  EXPECT_NE(plan.find("row_groups=1/3"), std::string::npos) << plan;
  // Literal on the left, and IS NULL.
  const Table nulls = DataFrame::ScanParquet({path}, {}, &stats)
                          .Filter(Lit(int64_t{2}) > Col("value") || IsNull(Col("value")))
                          .Collect();
  EXPECT_EQ(nulls.num_rows(), 3);  // OR is not pushed: all row groups read
  EXPECT_EQ(stats.rows_read, 7);
  DataFrame::ScanParquet({path}, {}, &stats).Filter(IsNull(Col("value"))).Collect();
  EXPECT_EQ(stats.rows_read, 4);
  DataFrame::ScanParquet({path}, {}, &stats).Filter(Lit(int64_t{2}) > Col("value")).Collect();
  EXPECT_EQ(stats.rows_read, 3);
}

TEST_F(ParquetReaderTest, DictionaryFallsBackToPlainMidChunk) {
  const Table table = ReadParquet({Write("fallback.parquet", MakeDictionaryFallbackFile())});
  EXPECT_EQ(ColumnText(table, 0), (std::vector<std::string>{"300", "100", "200", "200", "7", "8"}));
}

TEST_F(ParquetReaderTest, ScannerAndDataFrame) {
  const ParquetScanner scanner({TestFile("alltypes_plain.parquet")});
  EXPECT_EQ(scanner.format_name(), "Parquet");
  const ParquetScanner narrow = scanner.Select({5, 0});
  EXPECT_EQ(narrow.schema()->ToString(), "bigint_col BIGINT\nid INTEGER\n");
  std::mutex mutex;
  int64_t rows = 0;
  const ReadStats stats = narrow.Scan([&](Batch batch, BatchPosition position) {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(batch.num_columns(), 2);
    EXPECT_EQ(position.file, 0);
    rows += batch.num_rows;
  });
  EXPECT_EQ(rows, 8);
  EXPECT_EQ(stats.rows_read, 8);

  // A lazy plan over the file: the optimizer prunes the scan to the columns used.
  const DataFrame frame = DataFrame::ScanParquet({TestFile("alltypes_plain.parquet")})
                              .Filter(Col("id") >= Lit(int64_t{4}))
                              .GroupBy({})
                              .Agg({Sum(Col("bigint_col")).As("total"), CountStar().As("rows")});
  EXPECT_NE(frame.Explain().find("ScanParquet"), std::string::npos) << frame.Explain();
  const Table result = frame.Collect();
  EXPECT_EQ(ColumnText(result, 0)[0], "20");
  EXPECT_EQ(ColumnText(result, 1)[0], "4");
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

// Inputs the fuzzer (parquet_reader_fuzz.cc) once crashed or hung on: each must now read or fail
// with a berserkr::Error.
TEST(ParquetFuzzRegressionTest, CrashInputsFailCleanly) {
  const fs::path directory = fs::path(BERSERKR_SOURCE_DIR) / "tests/data/parquet/fuzz";
  if (!fs::exists(directory)) GTEST_SKIP() << "no fuzz regressions recorded";
  int inputs = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    ++inputs;
    try {
      const Table table = ReadParquet({entry.path().string()});
      for (const Batch& batch : table.batches()) {
        for (const ColumnPtr& column : batch.columns) {
          for (int64_t row = 0; row < column->length(); ++row) column->FormatValue(row);
        }
      }
    } catch (const Error&) {
    }
  }
  EXPECT_GT(inputs, 0);
}

}  // namespace
}  // namespace berserkr
