#include <cstring>

#include "berserkr/common/error.h"
#include "formats/parquet/thrift_compact_internal.h"

namespace berserkr::parquet {

ThriftCompactReader::ThriftCompactReader(const uint8_t* data, int64_t size, std::string context)
    : data_(data), size_(size), context_(std::move(context)) {}

void ThriftCompactReader::ThrowCorrupt(const std::string& reason) const {
  throw InvalidInput(context_ + ": corrupt Thrift metadata at byte " + std::to_string(position_) +
                     ": " + reason);
}

uint8_t ThriftCompactReader::ReadRawByte() {
  if (position_ >= size_) ThrowCorrupt("input ends inside a value");
  return data_[position_++];
}

uint64_t ThriftCompactReader::ReadVarint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    const uint8_t byte = ReadRawByte();
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return result;
  }
  ThrowCorrupt("varint longer than 10 bytes");
}

int64_t ThriftCompactReader::CheckedLength(uint64_t length, int64_t min_element_bytes) {
  const uint64_t remaining = static_cast<uint64_t>(size_ - position_);
  if (min_element_bytes > 0 && length > remaining / static_cast<uint64_t>(min_element_bytes)) {
    ThrowCorrupt("length " + std::to_string(length) + " exceeds the " + std::to_string(remaining) +
                 " bytes left");
  }
  return static_cast<int64_t>(length);
}

ThriftFieldHeader ThriftCompactReader::ReadFieldHeader(int16_t last_id) {
  const uint8_t byte = ReadRawByte();
  ThriftFieldHeader header;
  header.type = static_cast<ThriftType>(byte & 0x0f);
  if (header.type == ThriftType::kStop) return header;
  if (header.type > ThriftType::kStruct) {
    ThrowCorrupt("unknown wire type " + std::to_string(byte & 0x0f));
  }
  const int delta = byte >> 4;
  if (delta != 0) {
    header.id = static_cast<int16_t>(last_id + delta);
  } else {
    header.id = static_cast<int16_t>(ZigZagDecode(ReadVarint()));
  }
  return header;
}

ThriftListHeader ThriftCompactReader::ReadListHeader() {
  const uint8_t byte = ReadRawByte();
  ThriftListHeader header;
  header.element_type = static_cast<ThriftType>(byte & 0x0f);
  if (static_cast<uint8_t>(header.element_type) > static_cast<uint8_t>(ThriftType::kStruct)) {
    ThrowCorrupt("unknown list element type " + std::to_string(byte & 0x0f));
  }
  uint64_t size = byte >> 4;
  if (size == 15) size = ReadVarint();
  // Every element takes at least one byte on the wire, so a count larger than what is left is
  // corrupt; checking it here keeps callers from reserving memory for it.
  header.size = CheckedLength(size, 1);
  return header;
}

void ThriftCompactReader::ExpectType(const ThriftFieldHeader& header, ThriftType type) {
  const bool both_bool = IsBool(header.type) && IsBool(type);
  if (header.type != type && !both_bool) throw WireTypeMismatch{};
}

bool ThriftCompactReader::ReadBool(const ThriftFieldHeader& header) {
  ExpectType(header, ThriftType::kBoolTrue);
  return header.type == ThriftType::kBoolTrue;
}

int8_t ThriftCompactReader::ReadByte(const ThriftFieldHeader& header) {
  ExpectType(header, ThriftType::kByte);
  return static_cast<int8_t>(ReadRawByte());
}

int16_t ThriftCompactReader::ReadI16(const ThriftFieldHeader& header) {
  ExpectType(header, ThriftType::kI16);
  return static_cast<int16_t>(ZigZagDecode(ReadVarint()));
}

int32_t ThriftCompactReader::ReadI32(const ThriftFieldHeader& header) {
  ExpectType(header, ThriftType::kI32);
  return static_cast<int32_t>(ZigZagDecode(ReadVarint()));
}

int64_t ThriftCompactReader::ReadI64(const ThriftFieldHeader& header) {
  ExpectType(header, ThriftType::kI64);
  return ZigZagDecode(ReadVarint());
}

double ThriftCompactReader::ReadDouble(const ThriftFieldHeader& header) {
  ExpectType(header, ThriftType::kDouble);
  if (size_ - position_ < 8) ThrowCorrupt("input ends inside a double");
  double value;
  std::memcpy(&value, data_ + position_, 8);
  position_ += 8;
  return value;
}

std::string ThriftCompactReader::ReadBinary(const ThriftFieldHeader& header) {
  ExpectType(header, ThriftType::kBinary);
  return ReadBinaryElement();
}

std::string ThriftCompactReader::ReadBinaryElement() {
  const int64_t length = CheckedLength(ReadVarint(), 1);
  std::string value(reinterpret_cast<const char*>(data_ + position_), static_cast<size_t>(length));
  position_ += length;
  return value;
}

void ThriftCompactReader::Skip(ThriftType type) {
  switch (type) {
    case ThriftType::kStop:
      ThrowCorrupt("unexpected stop marker");
    case ThriftType::kBoolTrue:
    case ThriftType::kBoolFalse:
      return;  // a bool field's value is its type
    case ThriftType::kByte:
      ReadRawByte();
      return;
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64:
      ReadVarint();
      return;
    case ThriftType::kDouble:
      if (size_ - position_ < 8) ThrowCorrupt("input ends inside a double");
      position_ += 8;
      return;
    case ThriftType::kBinary:
      position_ += CheckedLength(ReadVarint(), 1);
      return;
    case ThriftType::kList:
    case ThriftType::kSet: {
      EnterNested();
      const ThriftListHeader list = ReadListHeader();
      for (int64_t index = 0; index < list.size; ++index) {
        // Bools inside a list take one byte each.
        if (IsBool(list.element_type)) {
          ReadRawByte();
        } else {
          Skip(list.element_type);
        }
      }
      --depth_;
      return;
    }
    case ThriftType::kMap: {
      EnterNested();
      const int64_t size = CheckedLength(ReadVarint(), 2);
      if (size > 0) {
        const uint8_t types = ReadRawByte();
        const auto key_type = static_cast<ThriftType>(types >> 4);
        const auto value_type = static_cast<ThriftType>(types & 0x0f);
        if (key_type > ThriftType::kStruct || value_type > ThriftType::kStruct ||
            key_type == ThriftType::kStop || value_type == ThriftType::kStop) {
          ThrowCorrupt("unknown map element type");
        }
        for (int64_t index = 0; index < size; ++index) {
          IsBool(key_type) ? void(ReadRawByte()) : Skip(key_type);
          IsBool(value_type) ? void(ReadRawByte()) : Skip(value_type);
        }
      }
      --depth_;
      return;
    }
    case ThriftType::kStruct:
      ReadStruct([](const ThriftFieldHeader&) { return false; });
      return;
  }
  ThrowCorrupt("unknown wire type " + std::to_string(int(type)));
}

// --- writer ---

void ThriftCompactWriter::WriteVarint(uint64_t value) {
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void ThriftCompactWriter::BeginStruct() { last_ids_.push_back(0); }

void ThriftCompactWriter::EndStruct() {
  bytes_.push_back(static_cast<char>(ThriftType::kStop));
  last_ids_.pop_back();
}

void ThriftCompactWriter::WriteFieldHeader(int16_t id, ThriftType type) {
  int16_t& last_id = last_ids_.back();
  const int delta = id - last_id;
  if (delta > 0 && delta <= 15) {
    bytes_.push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    bytes_.push_back(static_cast<char>(type));
    WriteVarint(ZigZagEncode(id));
  }
  last_id = id;
}

void ThriftCompactWriter::WriteBoolField(int16_t id, bool value) {
  WriteFieldHeader(id, value ? ThriftType::kBoolTrue : ThriftType::kBoolFalse);
}

void ThriftCompactWriter::WriteByteField(int16_t id, int8_t value) {
  WriteFieldHeader(id, ThriftType::kByte);
  bytes_.push_back(static_cast<char>(value));
}

void ThriftCompactWriter::WriteI16Field(int16_t id, int16_t value) {
  WriteFieldHeader(id, ThriftType::kI16);
  WriteVarint(ZigZagEncode(value));
}

void ThriftCompactWriter::WriteI32Field(int16_t id, int32_t value) {
  WriteFieldHeader(id, ThriftType::kI32);
  WriteVarint(ZigZagEncode(value));
}

void ThriftCompactWriter::WriteI64Field(int16_t id, int64_t value) {
  WriteFieldHeader(id, ThriftType::kI64);
  WriteVarint(ZigZagEncode(value));
}

void ThriftCompactWriter::WriteDoubleField(int16_t id, double value) {
  WriteFieldHeader(id, ThriftType::kDouble);
  char raw[8];
  std::memcpy(raw, &value, 8);
  bytes_.append(raw, 8);
}

void ThriftCompactWriter::WriteBinaryField(int16_t id, std::string_view value) {
  WriteFieldHeader(id, ThriftType::kBinary);
  WriteBinaryElement(value);
}

void ThriftCompactWriter::WriteBinaryElement(std::string_view value) {
  WriteVarint(value.size());
  bytes_.append(value);
}

void ThriftCompactWriter::WriteStructFieldHeader(int16_t id) {
  WriteFieldHeader(id, ThriftType::kStruct);
}

void ThriftCompactWriter::WriteListFieldHeader(int16_t id, ThriftType element_type, int64_t size) {
  WriteFieldHeader(id, ThriftType::kList);
  if (size < 15) {
    bytes_.push_back(static_cast<char>((size << 4) | static_cast<int>(element_type)));
  } else {
    bytes_.push_back(static_cast<char>(0xf0 | static_cast<int>(element_type)));
    WriteVarint(static_cast<uint64_t>(size));
  }
}

}  // namespace berserkr::parquet
