// One column chunk: gather the leaf's levels and non-NULL values of the row group into dense
// vectors, compute statistics, try a dictionary, cut pages at row boundaries, compress.

#include <cmath>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "berserkr/common/error.h"
#include "formats/parquet/column_chunk_writer_internal.h"
#include "formats/parquet/dictionary_builder_internal.h"
#include "formats/parquet/page_compression_internal.h"
#include "formats/parquet/rle_encoding_internal.h"

namespace berserkr::parquet {
namespace {

// The levels of the whole chunk; empty vectors for levels the leaf does not have.
struct ChunkLevels {
  std::vector<int16_t> definition;
  std::vector<int16_t> repetition;
  int64_t count = 0;
};

ChunkLevels GatherLevels(const WriteLeaf& leaf, const std::vector<LeafPiece>& pieces) {
  ChunkLevels levels;
  for (const LeafPiece& piece : pieces) levels.count += piece.num_levels();
  if (leaf.max_definition_level > 0) levels.definition.reserve(levels.count);
  if (leaf.max_repetition_level > 0) levels.repetition.reserve(levels.count);
  for (const LeafPiece& piece : pieces) {
    if (piece.flat) {
      const Column& column = *piece.column;
      if (leaf.max_definition_level == 0) continue;
      if (column.type().id() == TypeId::kNull) {
        levels.definition.insert(levels.definition.end(), static_cast<size_t>(column.length()), 0);
        continue;
      }
      for (int64_t row = 0; row < column.length(); ++row) {
        levels.definition.push_back(column.IsValid(row) ? 1 : 0);
      }
      continue;
    }
    if (leaf.max_definition_level > 0) {
      levels.definition.insert(levels.definition.end(), piece.definition_levels.begin(),
                               piece.definition_levels.end());
    }
    if (leaf.max_repetition_level > 0) {
      levels.repetition.insert(levels.repetition.end(), piece.repetition_levels.begin(),
                               piece.repetition_levels.end());
    }
  }
  return levels;
}

// Calls visit(row) for each value of the piece, in order.
template <typename Visit>
void ForEachValueRow(const LeafPiece& piece, Visit&& visit) {
  if (!piece.flat) {
    for (int64_t row : piece.value_rows) visit(row);
    return;
  }
  const Column& column = *piece.column;
  if (column.null_count() == 0) {
    for (int64_t row = 0; row < column.length(); ++row) visit(row);
    return;
  }
  for (int64_t row = 0; row < column.length(); ++row) {
    if (column.IsValid(row)) visit(row);
  }
}

// The value at `row` as its physical type.
template <typename T>
T PhysicalValue(const Column& column, int64_t row) {
  switch (column.type().id()) {
    case TypeId::kInt8:
      return static_cast<T>(column.ValuesAs<int8_t>()[row]);
    case TypeId::kInt16:
      return static_cast<T>(column.ValuesAs<int16_t>()[row]);
    case TypeId::kDecimal:
      return static_cast<T>(column.ValuesAs<__int128>()[row]);
    default:
      return column.ValuesAs<T>()[row];
  }
}

// Writes the big-endian two's complement of a decimal in `width` bytes.
void AppendBigEndian(__int128 value, int32_t width, std::string* out) {
  const auto bits = static_cast<unsigned __int128>(value);
  for (int32_t byte = width - 1; byte >= 0; --byte) {
    out->push_back(static_cast<char>(static_cast<uint8_t>(bits >> (8 * byte))));
  }
}

// The dense non-NULL values of the chunk. `storage` owns the bytes of FIXED_LEN_BYTE_ARRAY
// decimals, which exist only in this encoding.
template <typename T>
std::vector<T> GatherValues(const WriteLeaf& leaf, const std::vector<LeafPiece>& pieces,
                            std::string* storage) {
  std::vector<T> values;
  if (leaf.type.id() == TypeId::kNull) return values;
  if constexpr (std::is_same_v<T, std::string_view>) {
    if (leaf.physical_type == PhysicalType::kFixedLenByteArray) {
      for (const LeafPiece& piece : pieces) {
        const auto* decimals = piece.column->template ValuesAs<__int128>();
        ForEachValueRow(
            piece, [&](int64_t row) { AppendBigEndian(decimals[row], leaf.type_length, storage); });
      }
      const size_t width = static_cast<size_t>(leaf.type_length);
      values.reserve(storage->size() / width);
      for (size_t offset = 0; offset < storage->size(); offset += width) {
        values.emplace_back(storage->data() + offset, width);
      }
      return values;
    }
    for (const LeafPiece& piece : pieces) {
      const Column& column = *piece.column;
      ForEachValueRow(piece, [&](int64_t row) { values.push_back(column.GetString(row)); });
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    for (const LeafPiece& piece : pieces) {
      const Column& column = *piece.column;
      ForEachValueRow(piece, [&](int64_t row) { values.push_back(column.GetBool(row)); });
    }
  } else {
    for (const LeafPiece& piece : pieces) {
      const Column& column = *piece.column;
      if (piece.flat && column.null_count() == 0 && column.type().byte_width() == sizeof(T) &&
          column.type().id() != TypeId::kDecimal) {
        const T* source = column.ValuesAs<T>();
        values.insert(values.end(), source, source + column.length());
        continue;
      }
      ForEachValueRow(piece, [&](int64_t row) { values.push_back(PhysicalValue<T>(column, row)); });
    }
  }
  return values;
}

template <typename T>
std::string_view StatisticBytes(const T& value, T* scratch) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    (void)scratch;
    return value;
  } else {
    *scratch = value;
    return std::string_view(reinterpret_cast<const char*>(scratch), sizeof(T));
  }
}

template <typename T>
ChunkStatistics ComputeStatistics(const WriteLeaf& leaf, const std::vector<T>& values,
                                  int64_t null_count) {
  ChunkStatistics statistics;
  statistics.null_count = null_count;
  if (values.empty()) return statistics;
  if constexpr (std::is_floating_point_v<T>) {
    T min = values[0], max = values[0];
    for (const T& value : values) {
      if (std::isnan(value)) {
        statistics.saw_nan = true;
        return statistics;
      }
      if (value < min) min = value;
      if (value > max) max = value;
    }
    // The spec: a zero minimum is written as -0.0 and a zero maximum as +0.0, whichever zeros
    // the data held, so readers never skip a row group for the sign of a zero.
    if (min == 0) min = -T(0);
    if (max == 0) max = T(0);
    statistics.min.assign(reinterpret_cast<const char*>(&min), sizeof(T));
    statistics.max.assign(reinterpret_cast<const char*>(&max), sizeof(T));
  } else if constexpr (std::is_same_v<T, bool>) {
    bool min = values[0], max = values[0];
    for (bool value : values) {
      min = min && value;
      max = max || value;
    }
    statistics.min.assign(1, static_cast<char>(min));
    statistics.max.assign(1, static_cast<char>(max));
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    size_t min = 0, max = 0;
    for (size_t index = 1; index < values.size(); ++index) {
      if (StatisticLess(leaf, values[index], values[min])) min = index;
      if (StatisticLess(leaf, values[max], values[index])) max = index;
    }
    statistics.min = std::string(values[min]);
    statistics.max = std::string(values[max]);
  } else {
    T min = values[0], max = values[0];
    for (const T& value : values) {
      min = value < min ? value : min;
      max = value > max ? value : max;
    }
    statistics.min.assign(reinterpret_cast<const char*>(&min), sizeof(T));
    statistics.max.assign(reinterpret_cast<const char*>(&max), sizeof(T));
  }
  statistics.has_min_max = true;
  return statistics;
}

template <typename T>
void AppendPlain(const WriteLeaf& leaf, const T* values, int64_t count, std::string* out) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    const bool with_length = leaf.physical_type == PhysicalType::kByteArray;
    for (int64_t index = 0; index < count; ++index) {
      if (with_length) {
        const auto length = static_cast<uint32_t>(values[index].size());
        out->append(reinterpret_cast<const char*>(&length), 4);
      }
      out->append(values[index]);
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    const size_t first = out->size();
    out->resize(first + static_cast<size_t>((count + 7) / 8), '\0');
    auto* bits = reinterpret_cast<uint8_t*>(out->data() + first);
    for (int64_t index = 0; index < count; ++index) {
      if (values[index]) bits[index >> 3] |= static_cast<uint8_t>(1u << (index & 7));
    }
  } else {
    (void)leaf;
    out->append(reinterpret_cast<const char*>(values), static_cast<size_t>(count) * sizeof(T));
  }
}

void AppendUint32(uint32_t value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), 4);
}

// One data page's extent: level entries [level_begin, level_end), values [value_begin, value_end).
struct PageExtent {
  int64_t level_begin = 0, level_end = 0;
  int64_t value_begin = 0, value_end = 0;
};

template <typename T>
class ChunkEncoder {
 public:
  ChunkEncoder(const WriteLeaf& leaf, const std::vector<LeafPiece>& pieces,
               const ChunkWriteOptions& options)
      : leaf_(leaf), options_(options) {
    levels_ = GatherLevels(leaf, pieces);
    values_ = GatherValues<T>(leaf, pieces, &fixed_storage_);
    if (leaf.max_definition_level == 0) levels_.count = static_cast<int64_t>(values_.size());
  }

  EncodedChunk Encode() {
    EncodedChunk chunk;
    const int64_t null_count = levels_.count - static_cast<int64_t>(values_.size());
    use_dictionary_ = options_.dictionary && !std::is_same_v<T, bool> && TryDictionary();
    // The dictionary holds exactly the distinct values: their min / max are the chunk's, found
    // over far fewer values.
    chunk.statistics =
        ComputeStatistics(leaf_, use_dictionary_ ? dictionary_ : values_, null_count);

    ColumnMetaData& metadata = chunk.metadata;
    metadata.type = leaf_.physical_type;
    metadata.path_in_schema = leaf_.path;
    metadata.codec = options_.codec;
    metadata.num_values = levels_.count;
    if (use_dictionary_) {
      metadata.dictionary_page_offset = 0;
      WriteDictionaryPage(chunk);
    }
    metadata.data_page_offset = static_cast<int64_t>(chunk.bytes.size());
    int32_t data_pages = 0;
    for (const PageExtent& page : CutPages()) {
      WriteDataPage(page, chunk);
      ++data_pages;
    }
    const Encoding value_encoding = use_dictionary_ ? Encoding::kRleDictionary : Encoding::kPlain;
    if (use_dictionary_) {
      metadata.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
      metadata.encoding_stats.push_back({PageType::kDictionaryPage, Encoding::kPlain, 1});
    } else {
      metadata.encodings = {Encoding::kPlain, Encoding::kRle};
    }
    const PageType data_page_type =
        options_.data_page_version == 2 ? PageType::kDataPageV2 : PageType::kDataPage;
    metadata.encoding_stats.push_back({data_page_type, value_encoding, data_pages});
    metadata.total_compressed_size = static_cast<int64_t>(chunk.bytes.size());
    metadata.total_uncompressed_size = uncompressed_bytes_;
    return chunk;
  }

 private:
  bool TryDictionary() {
    if constexpr (std::is_same_v<T, bool>) return false;  // PLAIN booleans take one bit already
    if (values_.empty()) return false;
    DictionaryBuilder<T> builder;
    if (!builder.Build(values_, kMaxDictionaryBytes, &dictionary_, &indices_)) {
      dictionary_.clear();
      indices_.clear();
      return false;
    }
    // Worth it only when the dictionary plus the packed indices beat PLAIN.
    int64_t dictionary_bytes = 0, plain_bytes = 0;
    for (const T& value : dictionary_) dictionary_bytes += DictionaryBuilder<T>::PlainBytes(value);
    for (const T& value : values_) plain_bytes += DictionaryBuilder<T>::PlainBytes(value);
    index_bit_width_ = BitWidthFor(dictionary_.size() - 1);
    const int64_t index_bytes = static_cast<int64_t>(values_.size()) * index_bit_width_ / 8;
    if (dictionary_bytes + index_bytes >= plain_bytes) {
      dictionary_.clear();
      indices_.clear();
      return false;
    }
    return true;
  }

  // Estimated PLAIN / index bytes of the value at `index`, for cutting pages.
  double ValueBytes(int64_t index) const {
    if (use_dictionary_) return index_bit_width_ / 8.0;
    if constexpr (std::is_same_v<T, std::string_view>) {
      return 4.0 + static_cast<double>(values_[static_cast<size_t>(index)].size());
    } else if constexpr (std::is_same_v<T, bool>) {
      return 1.0 / 8;
    } else {
      return sizeof(T);
    }
  }

  // Pages end at row boundaries (repetition level 0) once they pass the target size.
  std::vector<PageExtent> CutPages() const {
    std::vector<PageExtent> pages;
    PageExtent page;
    double bytes = 0;
    const bool has_definition = leaf_.max_definition_level > 0;
    const bool has_repetition = leaf_.max_repetition_level > 0;
    const double level_bytes = has_definition || has_repetition ? 0.25 : 0;
    int64_t value = 0;
    for (int64_t level = 0; level < levels_.count; ++level) {
      if (bytes >= static_cast<double>(options_.page_bytes) &&
          (!has_repetition || levels_.repetition[static_cast<size_t>(level)] == 0)) {
        page.level_end = level;
        page.value_end = value;
        pages.push_back(page);
        page = PageExtent{level, 0, value, 0};
        bytes = 0;
      }
      bytes += level_bytes;
      if (!has_definition ||
          levels_.definition[static_cast<size_t>(level)] == leaf_.max_definition_level) {
        bytes += ValueBytes(value);
        ++value;
      }
    }
    page.level_end = levels_.count;
    page.value_end = value;
    if (page.level_end > page.level_begin || pages.empty()) pages.push_back(page);
    return pages;
  }

  void AppendValues(const PageExtent& page, std::string* out) const {
    const int64_t count = page.value_end - page.value_begin;
    if (use_dictionary_) {
      out->push_back(static_cast<char>(index_bit_width_));
      AppendRleBitPacked(indices_.data() + page.value_begin, count, index_bit_width_, out);
      return;
    }
    if constexpr (std::is_same_v<T, bool>) {
      // std::vector<bool> has no data(): copy the page's values.
      std::vector<uint8_t> bits(values_.begin() + page.value_begin,
                                values_.begin() + page.value_end);
      const size_t first = out->size();
      out->resize(first + static_cast<size_t>((count + 7) / 8), '\0');
      auto* bytes = reinterpret_cast<uint8_t*>(out->data() + first);
      for (int64_t index = 0; index < count; ++index) {
        if (bits[static_cast<size_t>(index)]) {
          bytes[index >> 3] |= static_cast<uint8_t>(1u << (index & 7));
        }
      }
    } else {
      AppendPlain(leaf_, values_.data() + page.value_begin, count, out);
    }
  }

  void AppendLevels(const std::vector<int16_t>& levels, int16_t max_level, const PageExtent& page,
                    bool with_length, std::string* out) const {
    if (max_level == 0) return;
    const size_t length_position = out->size();
    if (with_length) AppendUint32(0, out);
    AppendRleBitPacked(levels.data() + page.level_begin, page.level_end - page.level_begin,
                       BitWidthFor(static_cast<uint64_t>(max_level)), out);
    if (with_length) {
      const auto length = static_cast<uint32_t>(out->size() - length_position - 4);
      std::memcpy(out->data() + length_position, &length, 4);
    }
  }

  void AppendPage(PageHeader header, const std::string& uncompressed_tail,
                  const std::string& stored_tail, const std::string& stored_prefix,
                  EncodedChunk& chunk) {
    header.uncompressed_page_size =
        static_cast<int32_t>(stored_prefix.size() + uncompressed_tail.size());
    header.compressed_page_size = static_cast<int32_t>(stored_prefix.size() + stored_tail.size());
    const std::string header_bytes = EncodePageHeader(header);
    chunk.bytes += header_bytes;
    chunk.bytes += stored_prefix;
    chunk.bytes += stored_tail;
    uncompressed_bytes_ +=
        static_cast<int64_t>(header_bytes.size()) + header.uncompressed_page_size;
  }

  // Compresses into a buffer reused across pages: fresh megabyte buffers per page cost more in
  // page faults than the compression itself.
  const std::string& Compress(const std::string& bytes) {
    CompressPage(options_.codec, options_.compression_level,
                 reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()),
                 &compressed_);
    return compressed_;
  }

  void WriteDictionaryPage(EncodedChunk& chunk) {
    std::string& plain = body_;
    plain.clear();
    if constexpr (!std::is_same_v<T, bool>) {
      AppendPlain(leaf_, dictionary_.data(), static_cast<int64_t>(dictionary_.size()), &plain);
    }
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    header.dictionary_page_header =
        DictionaryPageHeader{static_cast<int32_t>(dictionary_.size()), Encoding::kPlain, false};
    AppendPage(header, plain, Compress(plain), std::string(), chunk);
  }

  void WriteDataPage(const PageExtent& page, EncodedChunk& chunk) {
    const int64_t num_levels = page.level_end - page.level_begin;
    const int64_t num_values = page.value_end - page.value_begin;
    const Encoding encoding = use_dictionary_ ? Encoding::kRleDictionary : Encoding::kPlain;
    PageHeader header;
    if (options_.data_page_version == 2) {
      // v2: levels stay uncompressed in front of the (compressed) values.
      std::string& levels = levels_buffer_;
      levels.clear();
      AppendLevels(levels_.repetition, leaf_.max_repetition_level, page, false, &levels);
      const auto repetition_bytes = static_cast<int32_t>(levels.size());
      AppendLevels(levels_.definition, leaf_.max_definition_level, page, false, &levels);
      std::string& values = body_;
      values.clear();
      AppendValues(page, &values);
      int64_t num_rows = num_levels;
      if (leaf_.max_repetition_level > 0) {
        num_rows = 0;
        for (int64_t level = page.level_begin; level < page.level_end; ++level) {
          num_rows += levels_.repetition[static_cast<size_t>(level)] == 0;
        }
      }
      DataPageHeaderV2 v2;
      v2.num_values = static_cast<int32_t>(num_levels);
      v2.num_nulls = static_cast<int32_t>(num_levels - num_values);
      v2.num_rows = static_cast<int32_t>(num_rows);
      v2.encoding = encoding;
      v2.repetition_levels_byte_length = repetition_bytes;
      v2.definition_levels_byte_length = static_cast<int32_t>(levels.size()) - repetition_bytes;
      v2.is_compressed = options_.codec != CompressionCodec::kUncompressed;
      header.type = PageType::kDataPageV2;
      header.data_page_header_v2 = v2;
      AppendPage(header, values, Compress(values), levels, chunk);
      return;
    }
    std::string& body = body_;
    body.clear();
    AppendLevels(levels_.repetition, leaf_.max_repetition_level, page, true, &body);
    AppendLevels(levels_.definition, leaf_.max_definition_level, page, true, &body);
    AppendValues(page, &body);
    DataPageHeader v1;
    v1.num_values = static_cast<int32_t>(num_levels);
    v1.encoding = encoding;
    v1.definition_level_encoding = Encoding::kRle;
    v1.repetition_level_encoding = Encoding::kRle;
    header.type = PageType::kDataPage;
    header.data_page_header = v1;
    AppendPage(header, body, Compress(body), std::string(), chunk);
  }

  const WriteLeaf& leaf_;
  const ChunkWriteOptions& options_;
  ChunkLevels levels_;
  std::string fixed_storage_;
  std::vector<T> values_;
  bool use_dictionary_ = false;
  std::vector<T> dictionary_;
  std::vector<uint32_t> indices_;
  int index_bit_width_ = 0;
  int64_t uncompressed_bytes_ = 0;
  std::string body_, levels_buffer_, compressed_;  // reused by every page
};

template <typename T>
EncodedChunk Encode(const WriteLeaf& leaf, const std::vector<LeafPiece>& pieces,
                    const ChunkWriteOptions& options) {
  return ChunkEncoder<T>(leaf, pieces, options).Encode();
}

}  // namespace

EncodedChunk EncodeColumnChunk(const WriteLeaf& leaf, const std::vector<LeafPiece>& pieces,
                               const ChunkWriteOptions& options) {
  switch (leaf.physical_type) {
    case PhysicalType::kBoolean:
      return Encode<bool>(leaf, pieces, options);
    case PhysicalType::kInt32:
      return Encode<int32_t>(leaf, pieces, options);
    case PhysicalType::kInt64:
      return Encode<int64_t>(leaf, pieces, options);
    case PhysicalType::kFloat:
      return Encode<float>(leaf, pieces, options);
    case PhysicalType::kDouble:
      return Encode<double>(leaf, pieces, options);
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      return Encode<std::string_view>(leaf, pieces, options);
    case PhysicalType::kInt96:
      break;
  }
  throw Internal("EncodeColumnChunk: physical type " + PhysicalTypeName(leaf.physical_type));
}

}  // namespace berserkr::parquet
