#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>

#include "berserkr/common/error.h"
#include "formats/parquet/bit_unpacking_internal.h"
#include "formats/parquet/column_chunk_reader_internal.h"
#include "formats/parquet/page_compression_internal.h"

namespace berserkr::parquet {
namespace {

// Pages are at most 2 GiB (the header's sizes are int32); a negative size is corrupt.
constexpr int64_t kMaxPageBytes = INT32_MAX;

int BitWidth(int16_t max_level) {
  int width = 0;
  while ((1 << width) <= max_level) ++width;
  return width;
}

uint32_t LoadLittleEndian32(const uint8_t* bytes) {
  uint32_t value;
  std::memcpy(&value, bytes, 4);
  return value;
}

class ChunkReader {
 public:
  ChunkReader(const ColumnChunk& chunk, const LeafColumn& leaf, int64_t row_group_rows,
              const std::string& context)
      : metadata_(*chunk.meta_data),
        leaf_(leaf),
        row_group_rows_(row_group_rows),
        context_(context) {
    result_.values = PhysicalValues::Make(leaf.physical_type, leaf.type_length);
  }

  ColumnChunkData Read(const RandomAccessFile& file) {
    int64_t start = metadata_.data_page_offset;
    // Some writers put 0 here for "no dictionary" (dict-page-offset-zero.parquet); trust the
    // dictionary offset only when it lies before the first data page.
    if (metadata_.dictionary_page_offset && *metadata_.dictionary_page_offset > 0 &&
        *metadata_.dictionary_page_offset < start) {
      start = *metadata_.dictionary_page_offset;
    }
    const int64_t length = metadata_.total_compressed_size;
    if (start < 0 || length < 0 || start > file.size() || length > file.size() - start) {
      throw InvalidInput(context_ + ": column chunk at bytes [" + std::to_string(start) + ", " +
                         std::to_string(start) + "+" + std::to_string(length) +
                         ") lies outside the file of " + std::to_string(file.size()) +
                         " bytes (corrupt footer or truncated file)");
    }
    if (metadata_.num_values < 0) {
      throw InvalidInput(context_ + ": column chunk claims " +
                         std::to_string(metadata_.num_values) + " values (corrupt footer)");
    }
    if (leaf_.max_repetition_level == 0 && metadata_.num_values > row_group_rows_) {
      throw InvalidInput(context_ + ": column chunk holds " + std::to_string(metadata_.num_values) +
                         " values but its row group has " + std::to_string(row_group_rows_) +
                         " rows");
    }
    // Through the memory pool (accounted against the limit), not zero-filled.
    bytes_ = Buffer::Allocate(length);
    bytes_size_ = length;
    file.ReadAt(start, length, bytes_->mutable_data());
    chunk_start_ = start;
    result_.compressed_bytes = length;
    // Room for the values up front (flat columns know their count), but never more than the
    // chunk's bytes could plausibly hold: a corrupt count must not allocate gigabytes.
    if (leaf_.max_repetition_level == 0) Reserve(std::min(metadata_.num_values, length * 8 + 1024));
    int64_t position = 0;
    while (position < length && result_.num_levels < metadata_.num_values) {
      position = ReadPage(position);
    }
    // Each row starts at repetition level 0, so a chunk (which holds whole rows) must too.
    if (!result_.repetition_levels.empty() && result_.repetition_levels[0] != 0) {
      throw InvalidInput(context_ + ": the column chunk starts with repetition level " +
                         std::to_string(result_.repetition_levels[0]) +
                         " instead of 0 (a chunk must begin a new row; the file is corrupt)");
    }
    if (result_.num_levels < metadata_.num_values) {
      throw InvalidInput(context_ + ": column chunk ends after " +
                         std::to_string(result_.num_levels) + " of its " +
                         std::to_string(metadata_.num_values) + " values");
    }
    return std::move(result_);
  }

 private:
  void Reserve(int64_t levels) {
    if (leaf_.max_definition_level > 0) result_.definition_levels.reserve(levels);
    if (leaf_.max_repetition_level > 0) result_.repetition_levels.reserve(levels);
    result_.values.Reserve(levels);
  }

  std::string PageContext(int64_t position) const {
    return context_ + ", page at byte " + std::to_string(chunk_start_ + position);
  }

  [[noreturn]] void Corrupt(int64_t position, const std::string& reason) const {
    throw InvalidInput(PageContext(position) + ": " + reason);
  }

  // Reads the page at `position` (relative to the chunk) and returns the position after it.
  int64_t ReadPage(int64_t position) {
    const int64_t length = bytes_size_;
    int64_t header_size = 0;
    const PageHeader header = DecodePageHeader(bytes_->data() + position, length - position,
                                               PageContext(position), &header_size);
    const int64_t body = position + header_size;
    const int64_t compressed = header.compressed_page_size;
    const int64_t uncompressed = header.uncompressed_page_size;
    if (compressed < 0 || compressed > length - body) {
      Corrupt(position, "page of " + std::to_string(compressed) + " bytes runs past the column " +
                            "chunk's end (" + std::to_string(length - body) + " bytes left)");
    }
    if (uncompressed < 0 || uncompressed > kMaxPageBytes) {
      Corrupt(position, "impossible uncompressed page size " + std::to_string(uncompressed));
    }
    // A big page must fit in its chunk's recorded uncompressed size: a header corrupted into
    // claiming a gigabyte is refused before the gigabyte is allocated. (Small pages are let
    // through: some old writers recorded chunk sizes loosely.)
    if (uncompressed > (64 << 20) && metadata_.total_uncompressed_size > 0 &&
        uncompressed > metadata_.total_uncompressed_size) {
      Corrupt(position, "page of " + std::to_string(uncompressed) +
                            " uncompressed bytes in a column chunk of " +
                            std::to_string(metadata_.total_uncompressed_size));
    }
    if (header.crc) {
      const uint32_t actual = PageCrc32(bytes_->data() + body, compressed);
      if (actual != static_cast<uint32_t>(*header.crc)) {
        Corrupt(position, "page checksum mismatch: the header's CRC-32 is " +
                              std::to_string(static_cast<uint32_t>(*header.crc)) +
                              " but the page's bytes give " + std::to_string(actual) +
                              " (the file is corrupt)");
      }
    }
    const uint8_t* page = bytes_->data() + body;
    switch (header.type) {
      case PageType::kDictionaryPage:
        ReadDictionaryPage(header, page, compressed, uncompressed, position);
        break;
      case PageType::kDataPage:
        ReadDataPageV1(header, page, compressed, uncompressed, position);
        break;
      case PageType::kDataPageV2:
        ReadDataPageV2(header, page, compressed, uncompressed, position);
        break;
      case PageType::kIndexPage:
        break;  // not used by readers
    }
    return body + compressed;
  }

  // The page's bytes decompressed (or `page` itself when the chunk is uncompressed).
  const uint8_t* Decompress(const uint8_t* page, int64_t compressed, int64_t uncompressed,
                            int64_t position) {
    result_.uncompressed_bytes += uncompressed;
    if (metadata_.codec == CompressionCodec::kUncompressed) {
      if (compressed < uncompressed) {
        Corrupt(position, "uncompressed page of " + std::to_string(compressed) +
                              " bytes, header says " + std::to_string(uncompressed));
      }
      return page;
    }
    CheckDecompressedSize(metadata_.codec, page, compressed, uncompressed, PageContext(position));
    // Grown, never shrunk, and not zero-filled: the codec overwrites every byte it reports.
    if (scratch_ == nullptr || uncompressed > scratch_->size()) {
      scratch_ = Buffer::Allocate(uncompressed);
    }
    if (uncompressed == 0 && compressed == 0) return scratch_->data();
    DecompressPage(metadata_.codec, page, compressed, scratch_->mutable_data(), uncompressed,
                   PageContext(position));
    return scratch_->data();
  }

  void ReadDictionaryPage(const PageHeader& header, const uint8_t* page, int64_t compressed,
                          int64_t uncompressed, int64_t position) {
    if (!header.dictionary_page_header) Corrupt(position, "dictionary page without its header");
    const DictionaryPageHeader& dictionary_header = *header.dictionary_page_header;
    if (dictionary_header.encoding != Encoding::kPlain &&
        dictionary_header.encoding != Encoding::kPlainDictionary) {
      throw NotImplemented(PageContext(position) + ": not supported: dictionary page encoding " +
                           EncodingName(dictionary_header.encoding));
    }
    const uint8_t* data = Decompress(page, compressed, uncompressed, position);
    dictionary_ = std::make_unique<PhysicalValues>(
        PhysicalValues::Make(leaf_.physical_type, leaf_.type_length));
    const std::string context = PageContext(position);
    if (dictionary_header.num_values < 0 ||
        (dictionary_->width > 0 &&
         dictionary_header.num_values > uncompressed / dictionary_->width) ||
        (dictionary_->is_byte_array() && dictionary_header.num_values > uncompressed / 4)) {
      Corrupt(position, "dictionary of " + std::to_string(dictionary_header.num_values) +
                            " values in " + std::to_string(uncompressed) + " bytes");
    }
    PageValuesInput input{data, uncompressed, dictionary_header.num_values, &context};
    DecodePageValues(Encoding::kPlain, input, nullptr, *dictionary_);
    // Strings gathered from the dictionary: size their bytes from its average entry once,
    // instead of growing the buffer (and copying it) page after page.
    if (dictionary_->is_byte_array() && dictionary_->count > 0) {
      const int64_t average = dictionary_->data->size() / dictionary_->count;
      const int64_t expected = std::min(metadata_.num_values, bytes_size_ * 64 + 1024) * average;
      result_.values.data->Reserve(std::min<int64_t>(expected, INT32_MAX));
    }
  }

  void CheckPageValueCount(int64_t num_values, int64_t uncompressed, int64_t position) {
    if (num_values < 0 || num_values > metadata_.num_values - result_.num_levels) {
      Corrupt(position, "page of " + std::to_string(num_values) + " values, but only " +
                            std::to_string(metadata_.num_values - result_.num_levels) +
                            " of the column chunk's values remain");
    }
    // Levels compress without bound (RLE), so a corrupt count could still ask for gigabytes:
    // no writer puts more values in a page than this.
    if (num_values > uncompressed * 64 + (1 << 20)) {
      Corrupt(position, "page of " + std::to_string(uncompressed) + " bytes claims " +
                            std::to_string(num_values) + " values");
    }
    if (leaf_.max_repetition_level > 0) Reserve(result_.num_levels + num_values);
  }

  // Decodes `count` levels of `max_level` in the RLE hybrid (no length prefix) into `levels`.
  void DecodeLevels(const uint8_t* data, int64_t size, int16_t max_level, int64_t count,
                    std::vector<int16_t>& levels, int64_t position, const std::string& context) {
    const size_t start = levels.size();
    levels.resize(start + static_cast<size_t>(count));
    RleBitPackedDecoder decoder(data, size, BitWidth(max_level), &context);
    if (decoder.GetBatch(levels.data() + start, count) != count) {
      Corrupt(position, "level data ends before its " + std::to_string(count) + " levels");
    }
    for (size_t index = start; index < levels.size(); ++index) {
      if (levels[index] > max_level || levels[index] < 0) {
        Corrupt(position, "level " + std::to_string(levels[index]) + " exceeds the maximum " +
                              std::to_string(max_level));
      }
    }
  }

  // The deprecated BIT_PACKED level encoding: most significant bit first, no length prefix.
  int64_t DecodeBitPackedLevels(const uint8_t* data, int64_t size, int16_t max_level, int64_t count,
                                std::vector<int16_t>& levels, int64_t position) {
    const int width = BitWidth(max_level);
    const int64_t bytes = (count * width + 7) / 8;
    if (bytes > size) Corrupt(position, "BIT_PACKED levels run past the page");
    for (int64_t index = 0; index < count; ++index) {
      int value = 0;
      for (int bit = 0; bit < width; ++bit) {
        const int64_t position_bit = index * width + bit;
        value = (value << 1) | ((data[position_bit >> 3] >> (7 - (position_bit & 7))) & 1);
      }
      if (value > max_level) Corrupt(position, "level exceeds its maximum");
      levels.push_back(static_cast<int16_t>(value));
    }
    return bytes;
  }

  // Data page v1 levels: RLE with a 4-byte length prefix (or BIT_PACKED). Returns bytes used.
  int64_t ReadV1Levels(Encoding encoding, const uint8_t* data, int64_t size, int16_t max_level,
                       int64_t count, std::vector<int16_t>& levels, int64_t position,
                       const std::string& context) {
    if (encoding == Encoding::kBitPacked) {
      return DecodeBitPackedLevels(data, size, max_level, count, levels, position);
    }
    if (encoding != Encoding::kRle) {
      throw NotImplemented(context + ": not supported: level encoding " + EncodingName(encoding));
    }
    if (size < 4) Corrupt(position, "page ends inside a level length");
    const uint32_t length = LoadLittleEndian32(data);
    if (length > static_cast<uint64_t>(size - 4)) {
      Corrupt(position, "levels of " + std::to_string(length) + " bytes run past the page");
    }
    DecodeLevels(data + 4, length, max_level, count, levels, position, context);
    return 4 + length;
  }

  // Non-NULL values among the last `count` levels.
  int64_t CountValues(int64_t count) const {
    if (leaf_.max_definition_level == 0) return count;
    const int16_t* levels =
        result_.definition_levels.data() + result_.definition_levels.size() - count;
    const int16_t max = leaf_.max_definition_level;
    int64_t values = 0;
    for (int64_t index = 0; index < count; ++index) values += levels[index] == max;
    return values;
  }

  void DecodeValues(Encoding encoding, const uint8_t* data, int64_t size, int64_t count,
                    const std::string& context) {
    PageValuesInput input{data, size, count, &context};
    DecodePageValues(encoding, input, dictionary_.get(), result_.values);
  }

  void ReadDataPageV1(const PageHeader& header, const uint8_t* page, int64_t compressed,
                      int64_t uncompressed, int64_t position) {
    if (!header.data_page_header) Corrupt(position, "data page without its header");
    const DataPageHeader& data_header = *header.data_page_header;
    const int64_t num_values = data_header.num_values;
    CheckPageValueCount(num_values, uncompressed, position);
    const uint8_t* data = Decompress(page, compressed, uncompressed, position);
    const std::string context = PageContext(position);
    int64_t offset = 0;
    if (leaf_.max_repetition_level > 0) {
      offset += ReadV1Levels(data_header.repetition_level_encoding, data, uncompressed,
                             leaf_.max_repetition_level, num_values, result_.repetition_levels,
                             position, context);
    }
    if (leaf_.max_definition_level > 0) {
      offset += ReadV1Levels(data_header.definition_level_encoding, data + offset,
                             uncompressed - offset, leaf_.max_definition_level, num_values,
                             result_.definition_levels, position, context);
    }
    DecodeValues(data_header.encoding, data + offset, uncompressed - offset,
                 CountValues(num_values), context);
    result_.num_levels += num_values;
  }

  void ReadDataPageV2(const PageHeader& header, const uint8_t* page, int64_t compressed,
                      int64_t uncompressed, int64_t position) {
    if (!header.data_page_header_v2) Corrupt(position, "data page v2 without its header");
    const DataPageHeaderV2& data_header = *header.data_page_header_v2;
    const int64_t num_values = data_header.num_values;
    CheckPageValueCount(num_values, uncompressed, position);
    const int64_t repetition_bytes = data_header.repetition_levels_byte_length;
    const int64_t definition_bytes = data_header.definition_levels_byte_length;
    const int64_t level_bytes = repetition_bytes + definition_bytes;
    if (repetition_bytes < 0 || definition_bytes < 0 || level_bytes > compressed ||
        level_bytes > uncompressed) {
      Corrupt(position, "level lengths exceed the page");
    }
    const std::string context = PageContext(position);
    // Levels are never compressed in v2 pages; only the values are (when is_compressed).
    if (leaf_.max_repetition_level > 0) {
      DecodeLevels(page, repetition_bytes, leaf_.max_repetition_level, num_values,
                   result_.repetition_levels, position, context);
    }
    if (leaf_.max_definition_level > 0) {
      DecodeLevels(page + repetition_bytes, definition_bytes, leaf_.max_definition_level,
                   num_values, result_.definition_levels, position, context);
    }
    const uint8_t* values = page + level_bytes;
    const int64_t values_compressed = compressed - level_bytes;
    const int64_t values_uncompressed = uncompressed - level_bytes;
    if (data_header.is_compressed && metadata_.codec != CompressionCodec::kUncompressed) {
      values = Decompress(values, values_compressed, values_uncompressed, position);
    } else if (values_compressed < values_uncompressed) {
      Corrupt(position, "uncompressed values shorter than the page header says");
    }
    DecodeValues(data_header.encoding, values, values_uncompressed, CountValues(num_values),
                 context);
    result_.num_levels += num_values;
  }

  const ColumnMetaData& metadata_;
  const LeafColumn& leaf_;
  int64_t row_group_rows_;
  const std::string& context_;
  std::shared_ptr<Buffer> bytes_;  // the whole chunk as stored
  int64_t bytes_size_ = 0;
  int64_t chunk_start_ = 0;          // its offset in the file
  std::shared_ptr<Buffer> scratch_;  // the current page decompressed
  std::unique_ptr<PhysicalValues> dictionary_;
  ColumnChunkData result_;
};

}  // namespace

ColumnChunkData ReadColumnChunk(const RandomAccessFile& file, const ColumnChunk& chunk,
                                const LeafColumn& leaf, int64_t row_group_rows,
                                const std::string& context) {
  if (chunk.has_crypto_metadata) {
    throw NotImplemented(context + ": not supported: encrypted column chunks");
  }
  if (chunk.file_path) {
    throw NotImplemented(context + ": not supported: column chunks in another file ('" +
                         *chunk.file_path + "')");
  }
  if (!chunk.meta_data) throw InvalidInput(context + ": column chunk without metadata");
  if (chunk.meta_data->type != leaf.physical_type) {
    throw InvalidInput(context + ": column chunk of type " +
                       PhysicalTypeName(chunk.meta_data->type) + " for a column declared " +
                       PhysicalTypeName(leaf.physical_type));
  }
  try {
    return ChunkReader(chunk, leaf, row_group_rows, context).Read(file);
  } catch (const NotImplemented& error) {
    // Some limits are found deep in the decoders, which do not know the file: name it here.
    const std::string message = error.what();
    if (message.rfind(context, 0) == 0) throw;
    throw NotImplemented(context + ": " + message);
  }
}

}  // namespace berserkr::parquet
