#include <gtest/gtest.h>

#include "berserkr/common/error.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/thrift_compact_internal.h"

namespace berserkr::parquet {
namespace {

FileMetaData FullMetadata() {
  FileMetaData metadata;
  metadata.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 3;
  SchemaElement id;
  id.name = "id";
  id.type = PhysicalType::kInt64;
  id.repetition_type = Repetition::kRequired;
  id.field_id = 7;
  id.logical_type = LogicalType{};
  id.logical_type->kind = LogicalType::Kind::kInteger;
  id.logical_type->bit_width = 64;
  id.logical_type->is_signed = false;
  SchemaElement price;
  price.name = "price";
  price.type = PhysicalType::kFixedLenByteArray;
  price.type_length = 9;
  price.repetition_type = Repetition::kOptional;
  price.converted_type = ConvertedType::kDecimal;
  price.precision = 20;
  price.scale = 4;
  price.logical_type = LogicalType{};
  price.logical_type->kind = LogicalType::Kind::kDecimal;
  price.logical_type->decimal_precision = 20;
  price.logical_type->decimal_scale = 4;
  SchemaElement when;
  when.name = "when \xc3\xa9t\xc3\xa9";  // multi-byte UTF-8 names survive
  when.type = PhysicalType::kInt64;
  when.repetition_type = Repetition::kOptional;
  when.logical_type = LogicalType{};
  when.logical_type->kind = LogicalType::Kind::kTimestamp;
  when.logical_type->is_adjusted_to_utc = true;
  when.logical_type->unit = TimeUnit::kNanos;
  metadata.schema = {root, id, price, when};
  metadata.num_rows = 1'000'000'000'000;

  RowGroup group;
  group.num_rows = 1'000'000'000'000;
  group.total_byte_size = 1 << 30;
  group.file_offset = 4;
  group.total_compressed_size = 12345;
  group.ordinal = 0;
  group.sorting_columns = {{0, false, true}, {2, true, false}};
  for (int column = 0; column < 3; ++column) {
    ColumnChunk chunk;
    chunk.file_offset = 4 + column * 100;
    ColumnMetaData meta;
    meta.type = metadata.schema[column + 1].type.value();
    meta.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
    meta.path_in_schema = {metadata.schema[column + 1].name};
    meta.codec = CompressionCodec::kZstd;
    meta.num_values = 1'000'000'000'000;
    meta.total_uncompressed_size = 200;
    meta.total_compressed_size = 100;
    meta.key_value_metadata = {{"k", std::string("v")}, {"only key", std::nullopt}};
    meta.data_page_offset = 4 + column * 100;
    meta.dictionary_page_offset = 4 + column * 100 - 1;
    meta.index_page_offset = 99;
    Statistics statistics;
    statistics.min_value = std::string("\x00\x01", 2);
    statistics.max_value = std::string("\xff\xfe", 2);
    statistics.min = std::string("a");
    statistics.max = std::string("z");
    statistics.null_count = 0;
    statistics.distinct_count = 17;
    statistics.is_max_value_exact = true;
    statistics.is_min_value_exact = false;
    meta.statistics = statistics;
    meta.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1},
                           {PageType::kDataPage, Encoding::kRleDictionary, 30}};
    meta.bloom_filter_offset = 1000;
    meta.bloom_filter_length = 64;
    SizeStatistics sizes;
    sizes.unencoded_byte_array_data_bytes = 5;
    sizes.definition_level_histogram = {1, 2};
    sizes.repetition_level_histogram = {3};
    meta.size_statistics = sizes;
    chunk.meta_data = meta;
    chunk.offset_index_offset = 5000;
    chunk.offset_index_length = 20;
    chunk.column_index_offset = 6000;
    chunk.column_index_length = 30;
    group.columns.push_back(chunk);
  }
  metadata.row_groups = {group, group};
  metadata.key_value_metadata = {{"ARROW:schema", std::string(300, 'x')}};
  metadata.created_by = "berserkr version 0.1.0";
  metadata.column_orders = {ColumnOrder{}, ColumnOrder{}, ColumnOrder{}};
  return metadata;
}

TEST(ParquetMetadataTest, FileMetaDataRoundTrips) {
  const FileMetaData metadata = FullMetadata();
  const std::string bytes = EncodeFileMetaData(metadata);
  const FileMetaData decoded = DecodeFileMetaData(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                  static_cast<int64_t>(bytes.size()), "test");
  EXPECT_EQ(decoded, metadata);
  EXPECT_EQ(EncodeFileMetaData(decoded), bytes);
}

TEST(ParquetMetadataTest, PageHeadersRoundTrip) {
  PageHeader v1;
  v1.type = PageType::kDataPage;
  v1.uncompressed_page_size = 100;
  v1.compressed_page_size = 80;
  v1.crc = -123456;
  v1.data_page_header = DataPageHeader{};
  v1.data_page_header->num_values = 10;
  v1.data_page_header->encoding = Encoding::kPlainDictionary;
  v1.data_page_header->statistics = Statistics{};
  v1.data_page_header->statistics->null_count = 3;

  PageHeader dictionary;
  dictionary.type = PageType::kDictionaryPage;
  dictionary.uncompressed_page_size = 10;
  dictionary.compressed_page_size = 10;
  dictionary.dictionary_page_header = DictionaryPageHeader{5, Encoding::kPlain, true};

  PageHeader v2;
  v2.type = PageType::kDataPageV2;
  v2.uncompressed_page_size = 300;
  v2.compressed_page_size = 200;
  v2.data_page_header_v2 = DataPageHeaderV2{};
  v2.data_page_header_v2->num_values = 40;
  v2.data_page_header_v2->num_nulls = 4;
  v2.data_page_header_v2->num_rows = 20;
  v2.data_page_header_v2->encoding = Encoding::kDeltaBinaryPacked;
  v2.data_page_header_v2->definition_levels_byte_length = 7;
  v2.data_page_header_v2->repetition_levels_byte_length = 8;
  v2.data_page_header_v2->is_compressed = false;

  for (const PageHeader& header : {v1, dictionary, v2}) {
    const std::string bytes = EncodePageHeader(header);
    int64_t size = 0;
    const PageHeader decoded = DecodePageHeader(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                static_cast<int64_t>(bytes.size()), "test", &size);
    EXPECT_EQ(decoded, header);
    EXPECT_EQ(size, static_cast<int64_t>(bytes.size()));
  }
}

TEST(ParquetMetadataTest, SkipsFieldsFromNewerWriters) {
  // A Statistics struct with extra fields of every wire type (ids 20..27) among known ones.
  ThriftCompactWriter out;
  out.BeginStruct();
  out.WriteI64Field(3, 42);  // null_count
  out.WriteBoolField(20, true);
  out.WriteDoubleField(21, 1.5);
  out.WriteBinaryField(22, "future");
  out.WriteListFieldHeader(23, ThriftType::kStruct, 2);
  for (int element = 0; element < 2; ++element) {
    out.BeginStruct();
    out.WriteI32Field(1, element);
    out.EndStruct();
  }
  out.WriteStructFieldHeader(24);
  out.BeginStruct();
  out.WriteListFieldHeader(1, ThriftType::kBoolTrue, 3);
  out.EndStruct();
  out.EndStruct();
  std::string bytes = out.Take();
  // The bool list's three elements (written by hand: the writer has no bool elements).
  // They go before the inner struct's stop byte and the outer one.
  bytes.insert(bytes.size() - 2, std::string("\x01\x02\x01", 3));
  PageHeader header;
  header.type = PageType::kDataPage;
  header.uncompressed_page_size = 1;
  header.compressed_page_size = 1;
  header.data_page_header = DataPageHeader{};
  header.data_page_header->num_values = 1;
  // Splice the statistics into a page header as field 5 of the data page header.
  ThriftCompactWriter page;
  page.BeginStruct();
  page.WriteI32Field(1, 0);
  page.WriteI32Field(2, 1);
  page.WriteI32Field(3, 1);
  page.WriteStructFieldHeader(5);
  page.BeginStruct();
  page.WriteI32Field(1, 7);
  page.WriteI32Field(2, 0);
  page.WriteStructFieldHeader(5);
  std::string encoded = page.Take() + bytes + std::string("\x00\x00", 2);
  int64_t size = 0;
  const PageHeader decoded = DecodePageHeader(reinterpret_cast<const uint8_t*>(encoded.data()),
                                              static_cast<int64_t>(encoded.size()), "test", &size);
  ASSERT_TRUE(decoded.data_page_header.has_value());
  EXPECT_EQ(decoded.data_page_header->num_values, 7);
  ASSERT_TRUE(decoded.data_page_header->statistics.has_value());
  EXPECT_EQ(decoded.data_page_header->statistics->null_count, 42);
  EXPECT_EQ(size, static_cast<int64_t>(encoded.size()));
}

TEST(ParquetMetadataTest, CorruptInputThrowsInsteadOfCrashing) {
  const std::string bytes = EncodeFileMetaData(FullMetadata());
  // Every truncation fails cleanly.
  for (size_t length = 0; length < bytes.size(); length += 7) {
    EXPECT_THROW(DecodeFileMetaData(reinterpret_cast<const uint8_t*>(bytes.data()),
                                    static_cast<int64_t>(length), "test"),
                 InvalidInput);
  }
  // A list claiming billions of elements is refused before anything is allocated.
  const std::string huge_list = std::string("\x19\xfc\xff\xff\xff\xff\x0f", 7);
  EXPECT_THROW(DecodeFileMetaData(reinterpret_cast<const uint8_t*>(huge_list.data()),
                                  static_cast<int64_t>(huge_list.size()), "test"),
               InvalidInput);
  // Deep nesting is bounded.
  std::string deep;
  for (int depth = 0; depth < 10'000; ++depth) deep += '\x1c';  // field +1, struct
  EXPECT_THROW(DecodeFileMetaData(reinterpret_cast<const uint8_t*>(deep.data()),
                                  static_cast<int64_t>(deep.size()), "test"),
               InvalidInput);
  // A wrong wire type for a known field.
  const std::string wrong_type = std::string("\x18\x01\x41\x00", 4);  // version as binary
  EXPECT_THROW(DecodeFileMetaData(reinterpret_cast<const uint8_t*>(wrong_type.data()),
                                  static_cast<int64_t>(wrong_type.size()), "test"),
               InvalidInput);
}

TEST(ParquetMetadataTest, ThriftIntegersUseZigZagVarints) {
  ThriftCompactWriter out;
  out.BeginStruct();
  out.WriteI32Field(1, -1);
  out.WriteI64Field(2, INT64_MIN);
  out.WriteI16Field(300, 5);  // a long jump: explicit field id
  out.EndStruct();
  const std::string bytes = out.Take();
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]), 0x15);  // delta 1, i32
  EXPECT_EQ(static_cast<uint8_t>(bytes[1]), 0x01);  // zigzag(-1) = 1
  ThriftCompactReader in(reinterpret_cast<const uint8_t*>(bytes.data()),
                         static_cast<int64_t>(bytes.size()), "test");
  int32_t small = 0;
  int64_t large = 0;
  int16_t far = 0;
  in.ReadStruct([&](const ThriftFieldHeader& field) {
    if (field.id == 1) small = in.ReadI32(field);
    if (field.id == 2) large = in.ReadI64(field);
    if (field.id == 300) far = in.ReadI16(field);
    return true;
  });
  EXPECT_EQ(small, -1);
  EXPECT_EQ(large, INT64_MIN);
  EXPECT_EQ(far, 5);
}

}  // namespace
}  // namespace berserkr::parquet
