// Decoding of the parquet.thrift structs: one Read function per struct. Unknown fields are
// skipped; missing required fields make the struct corrupt.

#include "berserkr/common/error.h"
#include "formats/parquet/parquet_metadata_internal.h"
#include "formats/parquet/thrift_compact_internal.h"

namespace berserkr::parquet {

namespace {

using Reader = ThriftCompactReader;
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

}  // namespace berserkr::parquet
