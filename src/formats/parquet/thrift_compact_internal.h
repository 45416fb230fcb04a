#pragma once

// The Thrift compact protocol, both directions, as Parquet uses it for its footer and page
// headers. Only what Parquet needs: structs, lists, binary, integers, bool and double (sets and
// maps are skipped when read, never written).
//
// The reader is hardened for hostile input: every length is checked against the bytes that
// remain before anything is allocated, nesting is bounded, and unknown fields (written by a newer
// parquet-format) are skipped, so a corrupt footer gives InvalidInput and never a crash or a
// giant allocation.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berserkr::parquet {

// Compact protocol wire types (the low nibble of a field header).
enum class ThriftType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

struct ThriftFieldHeader {
  int16_t id = 0;
  ThriftType type = ThriftType::kStop;
};

struct ThriftListHeader {
  ThriftType element_type = ThriftType::kStop;
  int64_t size = 0;
};

class ThriftCompactReader {
 public:
  // Deeper nesting than any Parquet struct needs: a corrupt input cannot exhaust the stack.
  static constexpr int kMaxDepth = 64;

  // `context` names the input in messages ("footer of x.parquet", "page header at byte 4").
  ThriftCompactReader(const uint8_t* data, int64_t size, std::string context);

  // Reads the fields of one struct, calling `on_field(header)` for each; `on_field` reads the
  // value and returns true, or returns false to have it skipped (an unknown or unwanted field).
  // A known field whose wire type is not the expected one is skipped too, as Thrift's generated
  // code does (some old writers used other types for fields that were later redefined).
  template <typename OnField>
  void ReadStruct(OnField&& on_field) {
    EnterNested();
    int16_t last_id = 0;
    while (true) {
      const ThriftFieldHeader header = ReadFieldHeader(last_id);
      if (header.type == ThriftType::kStop) break;
      last_id = header.id;
      bool read = false;
      try {
        read = on_field(header);
      } catch (const WireTypeMismatch&) {
        read = false;  // thrown before anything of the value was consumed
      }
      if (!read) Skip(header.type);
    }
    --depth_;
  }

  // Values of a field; each checks that the wire type is the one the field should have.
  bool ReadBool(const ThriftFieldHeader& header);
  int8_t ReadByte(const ThriftFieldHeader& header);
  int16_t ReadI16(const ThriftFieldHeader& header);
  int32_t ReadI32(const ThriftFieldHeader& header);
  int64_t ReadI64(const ThriftFieldHeader& header);
  double ReadDouble(const ThriftFieldHeader& header);
  std::string ReadBinary(const ThriftFieldHeader& header);
  // For a struct or list field: checks the wire type (then use ReadStruct / ReadList).
  void ExpectType(const ThriftFieldHeader& header, ThriftType type);

  // Reads a list whose elements have wire type `element_type`, calling `on_element()` per element;
  // the element reads with the Read*Element functions or ReadStruct.
  template <typename OnElement>
  void ReadList(const ThriftFieldHeader& header, ThriftType element_type, OnElement&& on_element) {
    ExpectType(header, ThriftType::kList);
    EnterNested();
    const ThriftListHeader list = ReadListHeader();
    if (list.element_type != element_type && !(IsBool(list.element_type) && IsBool(element_type))) {
      ThrowCorrupt("list element type " + std::to_string(int(list.element_type)) + ", expected " +
                   std::to_string(int(element_type)));
    }
    for (int64_t index = 0; index < list.size; ++index) on_element();
    --depth_;
  }
  int32_t ReadI32Element() { return static_cast<int32_t>(ZigZagDecode(ReadVarint())); }
  int64_t ReadI64Element() { return ZigZagDecode(ReadVarint()); }
  std::string ReadBinaryElement();

  // Bytes consumed so far.
  int64_t position() const { return position_; }
  const std::string& context() const { return context_; }

  [[noreturn]] void ThrowCorrupt(const std::string& reason) const;

 private:
  // Thrown by ExpectType and caught by the enclosing ReadStruct, which skips the field.
  struct WireTypeMismatch {};

  static bool IsBool(ThriftType type) {
    return type == ThriftType::kBoolTrue || type == ThriftType::kBoolFalse;
  }
  static int64_t ZigZagDecode(uint64_t value) {
    return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
  }
  void EnterNested() {
    if (++depth_ > kMaxDepth) ThrowCorrupt("nesting deeper than " + std::to_string(kMaxDepth));
  }
  ThriftFieldHeader ReadFieldHeader(int16_t last_id);
  ThriftListHeader ReadListHeader();
  uint8_t ReadRawByte();
  uint64_t ReadVarint();
  // A length read from the input, checked against the bytes left (each element of a list takes
  // at least `min_element_bytes` bytes).
  int64_t CheckedLength(uint64_t length, int64_t min_element_bytes);
  void Skip(ThriftType type);

  const uint8_t* data_;
  int64_t size_;
  int64_t position_ = 0;
  int depth_ = 0;
  std::string context_;
};

class ThriftCompactWriter {
 public:
  // Starts and ends a struct (a top-level one or the value of a struct field / list element).
  void BeginStruct();
  void EndStruct();

  void WriteBoolField(int16_t id, bool value);
  void WriteByteField(int16_t id, int8_t value);
  void WriteI16Field(int16_t id, int16_t value);
  void WriteI32Field(int16_t id, int32_t value);
  void WriteI64Field(int16_t id, int64_t value);
  void WriteDoubleField(int16_t id, double value);
  void WriteBinaryField(int16_t id, std::string_view value);
  // Then BeginStruct ... EndStruct for the value.
  void WriteStructFieldHeader(int16_t id);
  // Then `size` elements with the Write*Element functions or BeginStruct/EndStruct.
  void WriteListFieldHeader(int16_t id, ThriftType element_type, int64_t size);

  void WriteI32Element(int32_t value) { WriteVarint(ZigZagEncode(value)); }
  void WriteI64Element(int64_t value) { WriteVarint(ZigZagEncode(value)); }
  void WriteBinaryElement(std::string_view value);

  const std::string& bytes() const { return bytes_; }
  std::string Take() { return std::move(bytes_); }

 private:
  static uint64_t ZigZagEncode(int64_t value) {
    return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  }
  void WriteFieldHeader(int16_t id, ThriftType type);
  void WriteVarint(uint64_t value);

  std::string bytes_;
  std::vector<int16_t> last_ids_;  // one per open struct
};

}  // namespace berserkr::parquet
