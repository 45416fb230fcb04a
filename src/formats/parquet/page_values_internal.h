#pragma once

// Values of a column chunk in their physical Parquet representation, and the decoders of every
// value encoding that append a page's values to them. Values are dense: NULLs have no entry (the
// definition levels say where they go).

#include <cstdint>
#include <memory>
#include <string>

#include "berserkr/types/buffer.h"
#include "formats/parquet/parquet_metadata_internal.h"

namespace berserkr::parquet {

struct PhysicalValues {
  PhysicalType type = PhysicalType::kInt32;
  // Bytes per value of fixed-width types: 1 for BOOLEAN (one byte per value, packed later), 4, 8,
  // 12 for INT96, the declared length for FIXED_LEN_BYTE_ARRAY. 0 for BYTE_ARRAY.
  int width = 0;
  int64_t count = 0;
  std::shared_ptr<Buffer> fixed;    // width * count bytes
  std::shared_ptr<Buffer> offsets;  // BYTE_ARRAY: count + 1 int32 offsets into data
  std::shared_ptr<Buffer> data;     // BYTE_ARRAY bytes

  // Empty values of a column's physical type; `type_length` is FIXED_LEN_BYTE_ARRAY's width.
  static PhysicalValues Make(PhysicalType type, int32_t type_length);
  bool is_byte_array() const { return type == PhysicalType::kByteArray; }
  // Room for `values` more values (and `bytes` more bytes of byte arrays).
  void Reserve(int64_t values, int64_t bytes = 0);
  void AppendByteArray(const uint8_t* bytes, int64_t length);
};

// Where a page's values are decoded: their bytes, how many non-NULL values they hold, and the
// context for messages ("x.parquet: column a, row group 0, page at byte 123").
struct PageValuesInput {
  const uint8_t* data = nullptr;
  int64_t size = 0;
  int64_t count = 0;
  const std::string* context = nullptr;
};

// Appends `input.count` values in `encoding` to `out`. Dictionary encodings take `dictionary`
// (null when the chunk had no dictionary page: InvalidInput). Throws InvalidInput for data that
// is short or corrupt, NotImplemented for an encoding the physical type cannot have.
void DecodePageValues(Encoding encoding, const PageValuesInput& input,
                      const PhysicalValues* dictionary, PhysicalValues& out);

}  // namespace berserkr::parquet
