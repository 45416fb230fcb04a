#include "berserkr/common/error.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/thrift_compact_internal.h"

namespace berserkr::parquet {

std::string CompressionCodecName(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::kUncompressed:
      return "UNCOMPRESSED";
    case CompressionCodec::kSnappy:
      return "SNAPPY";
    case CompressionCodec::kGzip:
      return "GZIP";
    case CompressionCodec::kLzo:
      return "LZO";
    case CompressionCodec::kBrotli:
      return "BROTLI";
    case CompressionCodec::kLz4:
      return "LZ4";
    case CompressionCodec::kZstd:
      return "ZSTD";
    case CompressionCodec::kLz4Raw:
      return "LZ4_RAW";
  }
  return "codec " + std::to_string(static_cast<int>(codec));
}

std::string EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain:
      return "PLAIN";
    case Encoding::kPlainDictionary:
      return "PLAIN_DICTIONARY";
    case Encoding::kRle:
      return "RLE";
    case Encoding::kBitPacked:
      return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked:
      return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray:
      return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary:
      return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit:
      return "BYTE_STREAM_SPLIT";
  }
  return "encoding " + std::to_string(static_cast<int>(encoding));
}

std::string PhysicalTypeName(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean:
      return "BOOLEAN";
    case PhysicalType::kInt32:
      return "INT32";
    case PhysicalType::kInt64:
      return "INT64";
    case PhysicalType::kInt96:
      return "INT96";
    case PhysicalType::kFloat:
      return "FLOAT";
    case PhysicalType::kDouble:
      return "DOUBLE";
    case PhysicalType::kByteArray:
      return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray:
      return "FIXED_LEN_BYTE_ARRAY";
  }
  return "physical type " + std::to_string(static_cast<int>(type));
}

namespace {

using Reader = ThriftCompactReader;
using Writer = ThriftCompactWriter;
using Header = ThriftFieldHeader;

template <typename Enum>
Enum ReadEnum(Reader& in, const Header& field) {
  return static_cast<Enum>(in.ReadI32(field));
}

// Reads a required field's presence: parquet.thrift's `required` fields must be there, or the
// struct is corrupt (and a default would silently misread the file).
void Require(Reader& in, bool present, const char* struct_name, const char* field_name) {
  if (!present) {
    in.ThrowCorrupt(std::string(struct_name) + " lacks required field " + field_name);
  }
}

template <typename Element, typename ReadElement>
void ReadStructList(Reader& in, const Header& field, std::vector<Element>& out,
                    ReadElement&& read_element) {
  in.ReadList(field, ThriftType::kStruct, [&] {
    out.emplace_back();
    read_element(in, out.back());
  });
}

// --- decoding, one function per struct ---

void Read(Reader& in, Statistics& out) {
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.max = in.ReadBinary(field);
        return true;
      case 2:
        out.min = in.ReadBinary(field);
        return true;
      case 3:
        out.null_count = in.ReadI64(field);
        return true;
      case 4:
        out.distinct_count = in.ReadI64(field);
        return true;
      case 5:
        out.max_value = in.ReadBinary(field);
        return true;
      case 6:
        out.min_value = in.ReadBinary(field);
        return true;
      case 7:
        out.is_max_value_exact = in.ReadBool(field);
        return true;
      case 8:
        out.is_min_value_exact = in.ReadBool(field);
        return true;
    }
    return false;
  });
}

TimeUnit ReadTimeUnit(Reader& in) {
  std::optional<TimeUnit> unit;
  in.ReadStruct([&](const Header& field) {
    if (field.id < 1 || field.id > 3) return false;
    in.ExpectType(field, ThriftType::kStruct);
    in.ReadStruct([](const Header&) { return false; });
    unit = static_cast<TimeUnit>(field.id);
    return true;
  });
  Require(in, unit.has_value(), "TimeUnit", "MILLIS/MICROS/NANOS");
  return *unit;
}

// TimestampType and TimeType share their shape.
void ReadTemporalType(Reader& in, LogicalType& out) {
  bool has_adjusted = false, has_unit = false;
  in.ReadStruct([&](const Header& field) {
    if (field.id == 1) {
      out.is_adjusted_to_utc = in.ReadBool(field);
      has_adjusted = true;
      return true;
    }
    if (field.id == 2) {
      in.ExpectType(field, ThriftType::kStruct);
      out.unit = ReadTimeUnit(in);
      has_unit = true;
      return true;
    }
    return false;
  });
  Require(in, has_adjusted && has_unit, "TimestampType/TimeType", "isAdjustedToUTC/unit");
}

void Read(Reader& in, LogicalType& out) {
  bool seen = false;
  in.ReadStruct([&](const Header& field) {
    if (field.type != ThriftType::kStruct) return false;
    seen = true;
    switch (field.id) {
      case 5: {
        out.kind = LogicalType::Kind::kDecimal;
        bool has_scale = false, has_precision = false;
        in.ReadStruct([&](const Header& member) {
          if (member.id == 1) {
            out.decimal_scale = in.ReadI32(member);
            has_scale = true;
            return true;
          }
          if (member.id == 2) {
            out.decimal_precision = in.ReadI32(member);
            has_precision = true;
            return true;
          }
          return false;
        });
        Require(in, has_scale && has_precision, "DecimalType", "scale/precision");
        return true;
      }
      case 7:
      case 8:
        out.kind = static_cast<LogicalType::Kind>(field.id);
        ReadTemporalType(in, out);
        return true;
      case 10: {
        out.kind = LogicalType::Kind::kInteger;
        bool has_width = false, has_signed = false;
        in.ReadStruct([&](const Header& member) {
          if (member.id == 1) {
            out.bit_width = in.ReadByte(member);
            has_width = true;
            return true;
          }
          if (member.id == 2) {
            out.is_signed = in.ReadBool(member);
            has_signed = true;
            return true;
          }
          return false;
        });
        Require(in, has_width && has_signed, "IntType", "bitWidth/isSigned");
        return true;
      }
      case 1:
      case 2:
      case 3:
      case 4:
      case 6:
      case 11:
      case 12:
      case 13:
      case 14:
      case 15:
      case 16:
      case 17:
      case 18:
        // Members without parameters we use (VARIANT / GEOMETRY / GEOGRAPHY have some; they are
        // skipped with the struct's unknown fields).
        out.kind = static_cast<LogicalType::Kind>(field.id);
        in.ReadStruct([](const Header&) { return false; });
        return true;
    }
    out.kind = LogicalType::Kind::kUnrecognized;
    return false;
  });
  if (!seen) out.kind = LogicalType::Kind::kUnrecognized;
}

void Read(Reader& in, SchemaElement& out) {
  bool has_name = false;
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.type = ReadEnum<PhysicalType>(in, field);
        return true;
      case 2:
        out.type_length = in.ReadI32(field);
        return true;
      case 3:
        out.repetition_type = ReadEnum<Repetition>(in, field);
        return true;
      case 4:
        out.name = in.ReadBinary(field);
        has_name = true;
        return true;
      case 5:
        out.num_children = in.ReadI32(field);
        return true;
      case 6:
        out.converted_type = ReadEnum<ConvertedType>(in, field);
        return true;
      case 7:
        out.scale = in.ReadI32(field);
        return true;
      case 8:
        out.precision = in.ReadI32(field);
        return true;
      case 9:
        out.field_id = in.ReadI32(field);
        return true;
      case 10:
        in.ExpectType(field, ThriftType::kStruct);
        out.logical_type.emplace();
        Read(in, *out.logical_type);
        return true;
    }
    return false;
  });
  Require(in, has_name, "SchemaElement", "name");
}

void Read(Reader& in, KeyValue& out) {
  bool has_key = false;
  in.ReadStruct([&](const Header& field) {
    if (field.id == 1) {
      out.key = in.ReadBinary(field);
      has_key = true;
      return true;
    }
    if (field.id == 2) {
      out.value = in.ReadBinary(field);
      return true;
    }
    return false;
  });
  Require(in, has_key, "KeyValue", "key");
}

void Read(Reader& in, SortingColumn& out) {
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.column_idx = in.ReadI32(field);
        return true;
      case 2:
        out.descending = in.ReadBool(field);
        return true;
      case 3:
        out.nulls_first = in.ReadBool(field);
        return true;
    }
    return false;
  });
}

void Read(Reader& in, PageEncodingStats& out) {
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.page_type = ReadEnum<PageType>(in, field);
        return true;
      case 2:
        out.encoding = ReadEnum<Encoding>(in, field);
        return true;
      case 3:
        out.count = in.ReadI32(field);
        return true;
    }
    return false;
  });
}

void ReadI64List(Reader& in, const Header& field, std::vector<int64_t>& out) {
  in.ReadList(field, ThriftType::kI64, [&] { out.push_back(in.ReadI64Element()); });
}

void Read(Reader& in, SizeStatistics& out) {
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.unencoded_byte_array_data_bytes = in.ReadI64(field);
        return true;
      case 2:
        ReadI64List(in, field, out.repetition_level_histogram);
        return true;
      case 3:
        ReadI64List(in, field, out.definition_level_histogram);
        return true;
    }
    return false;
  });
}

void Read(Reader& in, ColumnMetaData& out) {
  int required_seen = 0;  // type, encodings, path, codec, num_values, sizes, data_page_offset
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.type = ReadEnum<PhysicalType>(in, field);
        ++required_seen;
        return true;
      case 2:
        in.ReadList(field, ThriftType::kI32,
                    [&] { out.encodings.push_back(static_cast<Encoding>(in.ReadI32Element())); });
        ++required_seen;
        return true;
      case 3:
        in.ReadList(field, ThriftType::kBinary,
                    [&] { out.path_in_schema.push_back(in.ReadBinaryElement()); });
        ++required_seen;
        return true;
      case 4:
        out.codec = ReadEnum<CompressionCodec>(in, field);
        ++required_seen;
        return true;
      case 5:
        out.num_values = in.ReadI64(field);
        ++required_seen;
        return true;
      case 6:
        out.total_uncompressed_size = in.ReadI64(field);
        ++required_seen;
        return true;
      case 7:
        out.total_compressed_size = in.ReadI64(field);
        ++required_seen;
        return true;
      case 8:
        ReadStructList(in, field, out.key_value_metadata,
                       [](Reader& r, KeyValue& kv) { Read(r, kv); });
        return true;
      case 9:
        out.data_page_offset = in.ReadI64(field);
        ++required_seen;
        return true;
      case 10:
        out.index_page_offset = in.ReadI64(field);
        return true;
      case 11:
        out.dictionary_page_offset = in.ReadI64(field);
        return true;
      case 12:
        in.ExpectType(field, ThriftType::kStruct);
        out.statistics.emplace();
        Read(in, *out.statistics);
        return true;
      case 13:
        ReadStructList(in, field, out.encoding_stats,
                       [](Reader& r, PageEncodingStats& stats) { Read(r, stats); });
        return true;
      case 14:
        out.bloom_filter_offset = in.ReadI64(field);
        return true;
      case 15:
        out.bloom_filter_length = in.ReadI32(field);
        return true;
      case 16:
        in.ExpectType(field, ThriftType::kStruct);
        out.size_statistics.emplace();
        Read(in, *out.size_statistics);
        return true;
    }
    return false;
  });
  Require(in, required_seen >= 8, "ColumnMetaData", "type/encodings/path/codec/sizes/offsets");
}

void Read(Reader& in, ColumnChunk& out) {
  bool has_offset = false;
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.file_path = in.ReadBinary(field);
        return true;
      case 2:
        out.file_offset = in.ReadI64(field);
        has_offset = true;
        return true;
      case 3:
        in.ExpectType(field, ThriftType::kStruct);
        out.meta_data.emplace();
        Read(in, *out.meta_data);
        return true;
      case 4:
        out.offset_index_offset = in.ReadI64(field);
        return true;
      case 5:
        out.offset_index_length = in.ReadI32(field);
        return true;
      case 6:
        out.column_index_offset = in.ReadI64(field);
        return true;
      case 7:
        out.column_index_length = in.ReadI32(field);
        return true;
      case 8:
      case 9:
        out.has_crypto_metadata = true;
        return false;  // skipped: encryption is not supported
    }
    return false;
  });
  // Some writers omit file_offset (it is deprecated in practice); the reader does not use it.
  (void)has_offset;
}

void Read(Reader& in, RowGroup& out) {
  bool has_columns = false, has_rows = false;
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        ReadStructList(in, field, out.columns, [](Reader& r, ColumnChunk& c) { Read(r, c); });
        has_columns = true;
        return true;
      case 2:
        out.total_byte_size = in.ReadI64(field);
        return true;
      case 3:
        out.num_rows = in.ReadI64(field);
        has_rows = true;
        return true;
      case 4:
        ReadStructList(in, field, out.sorting_columns,
                       [](Reader& r, SortingColumn& c) { Read(r, c); });
        return true;
      case 5:
        out.file_offset = in.ReadI64(field);
        return true;
      case 6:
        out.total_compressed_size = in.ReadI64(field);
        return true;
      case 7:
        out.ordinal = in.ReadI16(field);
        return true;
    }
    return false;
  });
  Require(in, has_columns && has_rows, "RowGroup", "columns/num_rows");
}

void Read(Reader& in, ColumnOrder& out) {
  out.type_defined_order = false;
  in.ReadStruct([&](const Header& field) {
    if (field.id == 1 && field.type == ThriftType::kStruct) {
      in.ReadStruct([](const Header&) { return false; });
      out.type_defined_order = true;
      return true;
    }
    return false;
  });
}

void Read(Reader& in, FileMetaData& out) {
  bool has_version = false, has_schema = false, has_rows = false, has_row_groups = false;
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.version = in.ReadI32(field);
        has_version = true;
        return true;
      case 2:
        ReadStructList(in, field, out.schema, [](Reader& r, SchemaElement& e) { Read(r, e); });
        has_schema = true;
        return true;
      case 3:
        out.num_rows = in.ReadI64(field);
        has_rows = true;
        return true;
      case 4:
        ReadStructList(in, field, out.row_groups, [](Reader& r, RowGroup& g) { Read(r, g); });
        has_row_groups = true;
        return true;
      case 5:
        ReadStructList(in, field, out.key_value_metadata,
                       [](Reader& r, KeyValue& kv) { Read(r, kv); });
        return true;
      case 6:
        out.created_by = in.ReadBinary(field);
        return true;
      case 7:
        ReadStructList(in, field, out.column_orders, [](Reader& r, ColumnOrder& o) { Read(r, o); });
        return true;
      case 8:
        out.has_encryption_algorithm = true;
        return false;
    }
    return false;
  });
  (void)has_version;
  Require(in, has_schema && has_rows && has_row_groups, "FileMetaData",
          "schema/num_rows/row_groups");
}

void Read(Reader& in, DataPageHeader& out) {
  int required_seen = 0;
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.num_values = in.ReadI32(field);
        ++required_seen;
        return true;
      case 2:
        out.encoding = ReadEnum<Encoding>(in, field);
        ++required_seen;
        return true;
      case 3:
        out.definition_level_encoding = ReadEnum<Encoding>(in, field);
        return true;
      case 4:
        out.repetition_level_encoding = ReadEnum<Encoding>(in, field);
        return true;
      case 5:
        in.ExpectType(field, ThriftType::kStruct);
        out.statistics.emplace();
        Read(in, *out.statistics);
        return true;
    }
    return false;
  });
  Require(in, required_seen == 2, "DataPageHeader", "num_values/encoding");
}

void Read(Reader& in, DictionaryPageHeader& out) {
  int required_seen = 0;
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.num_values = in.ReadI32(field);
        ++required_seen;
        return true;
      case 2:
        out.encoding = ReadEnum<Encoding>(in, field);
        ++required_seen;
        return true;
      case 3:
        out.is_sorted = in.ReadBool(field);
        return true;
    }
    return false;
  });
  Require(in, required_seen == 2, "DictionaryPageHeader", "num_values/encoding");
}

void Read(Reader& in, DataPageHeaderV2& out) {
  int required_seen = 0;
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.num_values = in.ReadI32(field);
        ++required_seen;
        return true;
      case 2:
        out.num_nulls = in.ReadI32(field);
        ++required_seen;
        return true;
      case 3:
        out.num_rows = in.ReadI32(field);
        ++required_seen;
        return true;
      case 4:
        out.encoding = ReadEnum<Encoding>(in, field);
        ++required_seen;
        return true;
      case 5:
        out.definition_levels_byte_length = in.ReadI32(field);
        ++required_seen;
        return true;
      case 6:
        out.repetition_levels_byte_length = in.ReadI32(field);
        ++required_seen;
        return true;
      case 7:
        out.is_compressed = in.ReadBool(field);
        return true;
      case 8:
        in.ExpectType(field, ThriftType::kStruct);
        out.statistics.emplace();
        Read(in, *out.statistics);
        return true;
    }
    return false;
  });
  Require(in, required_seen == 6, "DataPageHeaderV2", "counts/encoding/level lengths");
}

void Read(Reader& in, PageHeader& out) {
  int required_seen = 0;
  in.ReadStruct([&](const Header& field) {
    switch (field.id) {
      case 1:
        out.type = ReadEnum<PageType>(in, field);
        ++required_seen;
        return true;
      case 2:
        out.uncompressed_page_size = in.ReadI32(field);
        ++required_seen;
        return true;
      case 3:
        out.compressed_page_size = in.ReadI32(field);
        ++required_seen;
        return true;
      case 4:
        out.crc = in.ReadI32(field);
        return true;
      case 5:
        in.ExpectType(field, ThriftType::kStruct);
        out.data_page_header.emplace();
        Read(in, *out.data_page_header);
        return true;
      case 6:
        out.has_index_page_header = true;
        return false;
      case 7:
        in.ExpectType(field, ThriftType::kStruct);
        out.dictionary_page_header.emplace();
        Read(in, *out.dictionary_page_header);
        return true;
      case 8:
        in.ExpectType(field, ThriftType::kStruct);
        out.data_page_header_v2.emplace();
        Read(in, *out.data_page_header_v2);
        return true;
    }
    return false;
  });
  Require(in, required_seen == 3, "PageHeader", "type/sizes");
}

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

FileMetaData DecodeFileMetaData(const uint8_t* data, int64_t size, const std::string& context) {
  Reader in(data, size, context);
  FileMetaData metadata;
  Read(in, metadata);
  return metadata;
}

PageHeader DecodePageHeader(const uint8_t* data, int64_t size, const std::string& context,
                            int64_t* header_size) {
  Reader in(data, size, context);
  PageHeader header;
  Read(in, header);
  *header_size = in.position();
  return header;
}

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
