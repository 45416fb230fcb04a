// Encoding of the parquet.thrift structs (for the writer): one Write function per struct;
// optional fields are written only when set.

#include "berserkr/common/error.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/thrift_compact_internal.h"

namespace berserkr::parquet {

namespace {

using Writer = ThriftCompactWriter;

// --- encoding, one function per struct ---

// Declared up front: the templates below call them for any struct.
void Write(Writer& out, const Statistics& value);
void Write(Writer& out, const LogicalType& value);
void Write(Writer& out, const SchemaElement& value);
void Write(Writer& out, const KeyValue& value);
void Write(Writer& out, const SortingColumn& value);
void Write(Writer& out, const PageEncodingStats& value);
void Write(Writer& out, const SizeStatistics& value);
void Write(Writer& out, const ColumnMetaData& value);
void Write(Writer& out, const ColumnChunk& value);
void Write(Writer& out, const RowGroup& value);
void Write(Writer& out, const ColumnOrder& value);
void Write(Writer& out, const DataPageHeader& value);
void Write(Writer& out, const DictionaryPageHeader& value);
void Write(Writer& out, const DataPageHeaderV2& value);

void WriteStructField(Writer& out, int16_t id, const auto& value) {
  out.WriteStructFieldHeader(id);
  Write(out, value);
}

template <typename Element>
void WriteStructList(Writer& out, int16_t id, const std::vector<Element>& values) {
  out.WriteListFieldHeader(id, ThriftType::kStruct, static_cast<int64_t>(values.size()));
  for (const Element& value : values) Write(out, value);
}

void WriteI64List(Writer& out, int16_t id, const std::vector<int64_t>& values) {
  out.WriteListFieldHeader(id, ThriftType::kI64, static_cast<int64_t>(values.size()));
  for (int64_t value : values) out.WriteI64Element(value);
}

void WriteEmptyStructField(Writer& out, int16_t id) {
  out.WriteStructFieldHeader(id);
  out.BeginStruct();
  out.EndStruct();
}

void Write(Writer& out, const Statistics& value) {
  out.BeginStruct();
  if (value.max) out.WriteBinaryField(1, *value.max);
  if (value.min) out.WriteBinaryField(2, *value.min);
  if (value.null_count) out.WriteI64Field(3, *value.null_count);
  if (value.distinct_count) out.WriteI64Field(4, *value.distinct_count);
  if (value.max_value) out.WriteBinaryField(5, *value.max_value);
  if (value.min_value) out.WriteBinaryField(6, *value.min_value);
  if (value.is_max_value_exact) out.WriteBoolField(7, *value.is_max_value_exact);
  if (value.is_min_value_exact) out.WriteBoolField(8, *value.is_min_value_exact);
  out.EndStruct();
}

void Write(Writer& out, const LogicalType& value) {
  out.BeginStruct();
  const auto id = static_cast<int16_t>(value.kind);
  switch (value.kind) {
    case LogicalType::Kind::kDecimal:
      out.WriteStructFieldHeader(id);
      out.BeginStruct();
      out.WriteI32Field(1, value.decimal_scale);
      out.WriteI32Field(2, value.decimal_precision);
      out.EndStruct();
      break;
    case LogicalType::Kind::kTime:
    case LogicalType::Kind::kTimestamp:
      out.WriteStructFieldHeader(id);
      out.BeginStruct();
      out.WriteBoolField(1, value.is_adjusted_to_utc);
      out.WriteStructFieldHeader(2);
      out.BeginStruct();
      WriteEmptyStructField(out, static_cast<int16_t>(value.unit));
      out.EndStruct();
      out.EndStruct();
      break;
    case LogicalType::Kind::kInteger:
      out.WriteStructFieldHeader(id);
      out.BeginStruct();
      out.WriteByteField(1, value.bit_width);
      out.WriteBoolField(2, value.is_signed);
      out.EndStruct();
      break;
    case LogicalType::Kind::kUnrecognized:
      break;  // an empty union: readers treat it as unknown, as we do
    default:
      WriteEmptyStructField(out, id);
      break;
  }
  out.EndStruct();
}

void Write(Writer& out, const SchemaElement& value) {
  out.BeginStruct();
  if (value.type) out.WriteI32Field(1, static_cast<int32_t>(*value.type));
  if (value.type_length) out.WriteI32Field(2, *value.type_length);
  if (value.repetition_type) out.WriteI32Field(3, static_cast<int32_t>(*value.repetition_type));
  out.WriteBinaryField(4, value.name);
  if (value.num_children) out.WriteI32Field(5, *value.num_children);
  if (value.converted_type) out.WriteI32Field(6, static_cast<int32_t>(*value.converted_type));
  if (value.scale) out.WriteI32Field(7, *value.scale);
  if (value.precision) out.WriteI32Field(8, *value.precision);
  if (value.field_id) out.WriteI32Field(9, *value.field_id);
  if (value.logical_type) WriteStructField(out, 10, *value.logical_type);
  out.EndStruct();
}

void Write(Writer& out, const KeyValue& value) {
  out.BeginStruct();
  out.WriteBinaryField(1, value.key);
  if (value.value) out.WriteBinaryField(2, *value.value);
  out.EndStruct();
}

void Write(Writer& out, const SortingColumn& value) {
  out.BeginStruct();
  out.WriteI32Field(1, value.column_idx);
  out.WriteBoolField(2, value.descending);
  out.WriteBoolField(3, value.nulls_first);
  out.EndStruct();
}

void Write(Writer& out, const PageEncodingStats& value) {
  out.BeginStruct();
  out.WriteI32Field(1, static_cast<int32_t>(value.page_type));
  out.WriteI32Field(2, static_cast<int32_t>(value.encoding));
  out.WriteI32Field(3, value.count);
  out.EndStruct();
}

void Write(Writer& out, const SizeStatistics& value) {
  out.BeginStruct();
  if (value.unencoded_byte_array_data_bytes) {
    out.WriteI64Field(1, *value.unencoded_byte_array_data_bytes);
  }
  if (!value.repetition_level_histogram.empty()) {
    WriteI64List(out, 2, value.repetition_level_histogram);
  }
  if (!value.definition_level_histogram.empty()) {
    WriteI64List(out, 3, value.definition_level_histogram);
  }
  out.EndStruct();
}

void Write(Writer& out, const ColumnMetaData& value) {
  out.BeginStruct();
  out.WriteI32Field(1, static_cast<int32_t>(value.type));
  out.WriteListFieldHeader(2, ThriftType::kI32, static_cast<int64_t>(value.encodings.size()));
  for (Encoding encoding : value.encodings) out.WriteI32Element(static_cast<int32_t>(encoding));
  out.WriteListFieldHeader(3, ThriftType::kBinary,
                           static_cast<int64_t>(value.path_in_schema.size()));
  for (const std::string& part : value.path_in_schema) out.WriteBinaryElement(part);
  out.WriteI32Field(4, static_cast<int32_t>(value.codec));
  out.WriteI64Field(5, value.num_values);
  out.WriteI64Field(6, value.total_uncompressed_size);
  out.WriteI64Field(7, value.total_compressed_size);
  if (!value.key_value_metadata.empty()) WriteStructList(out, 8, value.key_value_metadata);
  out.WriteI64Field(9, value.data_page_offset);
  if (value.index_page_offset) out.WriteI64Field(10, *value.index_page_offset);
  if (value.dictionary_page_offset) out.WriteI64Field(11, *value.dictionary_page_offset);
  if (value.statistics) WriteStructField(out, 12, *value.statistics);
  if (!value.encoding_stats.empty()) WriteStructList(out, 13, value.encoding_stats);
  if (value.bloom_filter_offset) out.WriteI64Field(14, *value.bloom_filter_offset);
  if (value.bloom_filter_length) out.WriteI32Field(15, *value.bloom_filter_length);
  if (value.size_statistics) WriteStructField(out, 16, *value.size_statistics);
  out.EndStruct();
}

void Write(Writer& out, const ColumnChunk& value) {
  out.BeginStruct();
  if (value.file_path) out.WriteBinaryField(1, *value.file_path);
  out.WriteI64Field(2, value.file_offset);
  if (value.meta_data) WriteStructField(out, 3, *value.meta_data);
  if (value.offset_index_offset) out.WriteI64Field(4, *value.offset_index_offset);
  if (value.offset_index_length) out.WriteI32Field(5, *value.offset_index_length);
  if (value.column_index_offset) out.WriteI64Field(6, *value.column_index_offset);
  if (value.column_index_length) out.WriteI32Field(7, *value.column_index_length);
  out.EndStruct();
}

void Write(Writer& out, const RowGroup& value) {
  out.BeginStruct();
  WriteStructList(out, 1, value.columns);
  out.WriteI64Field(2, value.total_byte_size);
  out.WriteI64Field(3, value.num_rows);
  if (!value.sorting_columns.empty()) WriteStructList(out, 4, value.sorting_columns);
  if (value.file_offset) out.WriteI64Field(5, *value.file_offset);
  if (value.total_compressed_size) out.WriteI64Field(6, *value.total_compressed_size);
  if (value.ordinal) out.WriteI16Field(7, *value.ordinal);
  out.EndStruct();
}

void Write(Writer& out, const ColumnOrder& value) {
  out.BeginStruct();
  if (value.type_defined_order) WriteEmptyStructField(out, 1);
  out.EndStruct();
}

void Write(Writer& out, const FileMetaData& value) {
  out.BeginStruct();
  out.WriteI32Field(1, value.version);
  WriteStructList(out, 2, value.schema);
  out.WriteI64Field(3, value.num_rows);
  WriteStructList(out, 4, value.row_groups);
  if (!value.key_value_metadata.empty()) WriteStructList(out, 5, value.key_value_metadata);
  if (value.created_by) out.WriteBinaryField(6, *value.created_by);
  if (!value.column_orders.empty()) WriteStructList(out, 7, value.column_orders);
  out.EndStruct();
}

void Write(Writer& out, const DataPageHeader& value) {
  out.BeginStruct();
  out.WriteI32Field(1, value.num_values);
  out.WriteI32Field(2, static_cast<int32_t>(value.encoding));
  out.WriteI32Field(3, static_cast<int32_t>(value.definition_level_encoding));
  out.WriteI32Field(4, static_cast<int32_t>(value.repetition_level_encoding));
  if (value.statistics) WriteStructField(out, 5, *value.statistics);
  out.EndStruct();
}

void Write(Writer& out, const DictionaryPageHeader& value) {
  out.BeginStruct();
  out.WriteI32Field(1, value.num_values);
  out.WriteI32Field(2, static_cast<int32_t>(value.encoding));
  if (value.is_sorted) out.WriteBoolField(3, *value.is_sorted);
  out.EndStruct();
}

void Write(Writer& out, const DataPageHeaderV2& value) {
  out.BeginStruct();
  out.WriteI32Field(1, value.num_values);
  out.WriteI32Field(2, value.num_nulls);
  out.WriteI32Field(3, value.num_rows);
  out.WriteI32Field(4, static_cast<int32_t>(value.encoding));
  out.WriteI32Field(5, value.definition_levels_byte_length);
  out.WriteI32Field(6, value.repetition_levels_byte_length);
  out.WriteBoolField(7, value.is_compressed);
  if (value.statistics) WriteStructField(out, 8, *value.statistics);
  out.EndStruct();
}

void Write(Writer& out, const PageHeader& value) {
  out.BeginStruct();
  out.WriteI32Field(1, static_cast<int32_t>(value.type));
  out.WriteI32Field(2, value.uncompressed_page_size);
  out.WriteI32Field(3, value.compressed_page_size);
  if (value.crc) out.WriteI32Field(4, *value.crc);
  if (value.data_page_header) WriteStructField(out, 5, *value.data_page_header);
  if (value.has_index_page_header) WriteEmptyStructField(out, 6);
  if (value.dictionary_page_header) WriteStructField(out, 7, *value.dictionary_page_header);
  if (value.data_page_header_v2) WriteStructField(out, 8, *value.data_page_header_v2);
  out.EndStruct();
}

}  // namespace

std::string EncodeFileMetaData(const FileMetaData& metadata) {
  Writer out;
  Write(out, metadata);
  return out.Take();
}

std::string EncodePageHeader(const PageHeader& header) {
  Writer out;
  Write(out, header);
  return out.Take();
}

}  // namespace berserkr::parquet
