#include "berserkr/types/column.h"

#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"
#include "berserkr/types/temporal.h"

namespace berserkr {

Column::Column(DataType type, int64_t length, int64_t null_count, BufferPtr validity,
               BufferPtr values, BufferPtr data, std::vector<ColumnPtr> children, int64_t offset)
    : type_(std::move(type)),
      length_(length),
      null_count_(null_count),
      offset_(offset),
      validity_(null_count == 0 ? nullptr : std::move(validity)),
      values_(std::move(values)),
      data_(std::move(data)),
      children_(std::move(children)) {}

ColumnPtr Column::MakeNull(DataType type, int64_t length) {
  auto validity = Buffer::Allocate(BytesForBits(length));
  std::memset(validity->mutable_data(), 0, static_cast<size_t>(validity->size()));
  std::shared_ptr<Buffer> values;
  std::shared_ptr<Buffer> data;
  std::vector<ColumnPtr> children;
  const int width = type.byte_width();
  if (width > 0) {
    values = Buffer::Allocate(length * width);
    std::memset(values->mutable_data(), 0, static_cast<size_t>(values->size()));
  } else if (type.id() == TypeId::kBool) {
    values = Buffer::Allocate(BytesForBits(length));
    std::memset(values->mutable_data(), 0, static_cast<size_t>(values->size()));
  } else if (type.is_binary_like() || type.id() == TypeId::kList) {
    values = Buffer::Allocate((length + 1) * 4);
    std::memset(values->mutable_data(), 0, static_cast<size_t>(values->size()));
    data = Buffer::Allocate(0);
    if (type.id() == TypeId::kList) children.push_back(MakeNull(type.item_type(), 0));
  } else if (type.id() == TypeId::kStruct) {
    for (const Field& field : type.children()) children.push_back(MakeNull(field.type, length));
  }
  return std::make_shared<Column>(std::move(type), length, length, std::move(validity),
                                  std::move(values), std::move(data), std::move(children));
}

ColumnPtr Column::Slice(int64_t start, int64_t length) const {
  if (start < 0 || length < 0 || start + length > length_) {
    throw Internal("Column::Slice out of range");
  }
  int64_t null_count = 0;
  if (validity_ != nullptr) {
    for (int64_t row = start; row < start + length; ++row) null_count += IsNull(row);
  }
  // Struct children carry their own offset, so slice them too; list children are reached through
  // the (offset-adjusted) offsets and stay whole.
  std::vector<ColumnPtr> children = children_;
  if (type_.id() == TypeId::kStruct) {
    for (ColumnPtr& child : children) child = child->Slice(start, length);
  }
  return std::make_shared<Column>(type_, length, null_count, validity_, values_, data_,
                                  std::move(children), offset_ + start);
}

std::string Column::FormatValue(int64_t row) const {
  if (IsNull(row)) return "NULL";
  char text[64];
  switch (type_.id()) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBool:
      return GetBool(row) ? "true" : "false";
    case TypeId::kInt8:
      return std::to_string(ValuesAs<int8_t>()[row]);
    case TypeId::kInt16:
      return std::to_string(ValuesAs<int16_t>()[row]);
    case TypeId::kInt32:
      return std::to_string(ValuesAs<int32_t>()[row]);
    case TypeId::kInt64:
      return std::to_string(ValuesAs<int64_t>()[row]);
    case TypeId::kFloat32: {
      // The shortest text that reads back as the same value.
      const auto result = std::to_chars(text, text + sizeof(text), ValuesAs<float>()[row]);
      return std::string(text, result.ptr);
    }
    case TypeId::kFloat64: {
      const auto result = std::to_chars(text, text + sizeof(text), ValuesAs<double>()[row]);
      return std::string(text, result.ptr);
    }
    case TypeId::kDecimal: {
      __int128 value = ValuesAs<__int128>()[row];
      const bool negative = value < 0;
      unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(value + 1)) + 1
                                             : static_cast<unsigned __int128>(value);
      std::string digits;
      do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
        magnitude /= 10;
      } while (magnitude != 0);
      const int scale = type_.scale();
      if (scale > 0) {
        while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
        digits.insert(digits.end() - scale, '.');
      }
      return negative ? "-" + digits : digits;
    }
    case TypeId::kString:
      return std::string(GetString(row));
    case TypeId::kBinary: {
      std::string hex = "\\x";
      for (unsigned char byte : GetString(row)) {
        std::snprintf(text, sizeof(text), "%02X", byte);
        hex += text;
      }
      return hex;
    }
    case TypeId::kDate:
      return FormatDate(ValuesAs<int32_t>()[row]);
    case TypeId::kTimestamp: {
      std::string formatted = FormatTimestamp(ValuesAs<int64_t>()[row]);
      if (type_.timezone() == "UTC") formatted += "+00";
      return formatted;
    }
    case TypeId::kList: {
      const int32_t* offsets = Offsets();
      std::string result = "[";
      for (int32_t item = offsets[row]; item < offsets[row + 1]; ++item) {
        if (item > offsets[row]) result += ", ";
        result += children_[0]->FormatValue(item);
      }
      return result + "]";
    }
    case TypeId::kStruct: {
      std::string result = "{";
      for (size_t index = 0; index < children_.size(); ++index) {
        if (index > 0) result += ", ";
        result += type_.children()[index].name + ": " + children_[index]->FormatValue(row);
      }
      return result + "}";
    }
  }
  return "?";
}

void AppendDouble(std::string& out, double value) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof(text), value);
  out.append(text, result.ptr);
  if (std::isfinite(value) &&
      std::string_view(text, result.ptr - text).find_first_of(".e") == std::string_view::npos) {
    out += ".0";
  }
}

namespace {

// Copies `count` bits from `source` (starting at bit `source_offset`) to `target` at
// `target_offset`.
void CopyBits(const uint8_t* source, int64_t source_offset, uint8_t* target, int64_t target_offset,
              int64_t count) {
  for (int64_t bit = 0; bit < count; ++bit) {
    if (GetBit(source, source_offset + bit)) {
      SetBit(target, target_offset + bit);
    } else {
      ClearBit(target, target_offset + bit);
    }
  }
}

// Whether `columns` are consecutive slices of the same buffers (the batches an operator cut from
// one column it had combined), so that concatenating them is one more slice; `*validity` is then
// the validity of the whole range. A slice without NULLs has dropped the validity buffer (the
// Column constructor does), so it matches any buffer that marks its rows valid.
bool AreAdjacentSlices(const std::vector<ColumnPtr>& columns, BufferPtr* validity) {
  const Column& first = *columns[0];
  if (first.type().id() == TypeId::kStruct || first.values() == nullptr) return false;
  *validity = nullptr;
  int64_t next_offset = first.offset();
  for (const ColumnPtr& column : columns) {
    if (column->values() != first.values() || column->data() != first.data() ||
        column->children() != first.children() || column->offset() != next_offset ||
        column->type() != first.type()) {
      return false;
    }
    if (column->validity() != nullptr) {
      if (*validity != nullptr && column->validity() != *validity) return false;
      *validity = column->validity();
    }
    next_offset += column->length();
  }
  if (*validity == nullptr) return true;
  for (const ColumnPtr& column : columns) {
    if (column->validity() != nullptr) continue;
    for (int64_t row = column->offset(); row < column->offset() + column->length(); ++row) {
      if (!GetBit((*validity)->data(), row)) return false;
    }
  }
  return true;
}

}  // namespace

ColumnPtr ConcatenateColumns(const std::vector<ColumnPtr>& columns) {
  if (columns.empty()) throw Internal("ConcatenateColumns: no columns");
  if (columns.size() == 1) return columns[0];
  // No copy when the pieces already lie end to end in one set of buffers.
  BufferPtr shared_validity;
  if (AreAdjacentSlices(columns, &shared_validity)) {
    int64_t length = 0;
    int64_t null_count = 0;
    for (const ColumnPtr& column : columns) {
      length += column->length();
      null_count += column->null_count();
    }
    const Column& first = *columns[0];
    return std::make_shared<Column>(first.type(), length, null_count, shared_validity,
                                    first.values(), first.data(), first.children(), first.offset());
  }
  const DataType& type = columns[0]->type();
  int64_t length = 0;
  int64_t null_count = 0;
  for (const ColumnPtr& column : columns) {
    if (column->type() != type) {
      throw Internal("ConcatenateColumns: " + column->type().ToString() + " vs " + type.ToString());
    }
    length += column->length();
    null_count += column->null_count();
  }
  std::shared_ptr<Buffer> validity;
  if (null_count > 0) {
    validity = Buffer::Allocate(BytesForBits(length));
    std::memset(validity->mutable_data(), 0xFF, static_cast<size_t>(validity->size()));
    int64_t position = 0;
    for (const ColumnPtr& column : columns) {
      if (column->validity() != nullptr) {
        CopyBits(column->validity()->data(), column->offset(), validity->mutable_data(), position,
                 column->length());
      }
      position += column->length();
    }
  }
  std::shared_ptr<Buffer> values;
  std::shared_ptr<Buffer> data;
  std::vector<ColumnPtr> children;
  const int width = type.byte_width();
  if (width > 0) {
    values = Buffer::Allocate(length * width);
    int64_t position = 0;
    for (const ColumnPtr& column : columns) {
      std::memcpy(values->mutable_data() + position * width,
                  column->values()->data() + column->offset() * width,
                  static_cast<size_t>(column->length() * width));
      position += column->length();
    }
  } else if (type.id() == TypeId::kBool) {
    values = Buffer::Allocate(BytesForBits(length));
    int64_t position = 0;
    for (const ColumnPtr& column : columns) {
      CopyBits(column->values()->data(), column->offset(), values->mutable_data(), position,
               column->length());
      position += column->length();
    }
  } else if (type.is_binary_like() || type.id() == TypeId::kList) {
    values = Buffer::Allocate((length + 1) * 4);
    int32_t* offsets = values->mutable_data_as<int32_t>();
    offsets[0] = 0;
    int64_t row = 0;
    int64_t total = 0;
    std::vector<ColumnPtr> items;
    for (const ColumnPtr& column : columns) {
      const int32_t* source = column->Offsets();
      const int64_t base = source[0];
      for (int64_t index = 1; index <= column->length(); ++index) {
        const int64_t end = total + source[index] - base;
        if (end > INT32_MAX) throw InvalidInput("column too large to concatenate (over 2 GiB)");
        offsets[++row] = static_cast<int32_t>(end);
      }
      const int64_t used = source[column->length()] - base;
      if (type.id() == TypeId::kList) {
        items.push_back(column->children()[0]->Slice(base, used));
      }
      total += used;
    }
    if (type.id() == TypeId::kList) {
      children.push_back(ConcatenateColumns(items));
    } else {
      data = Buffer::Allocate(total);
      int64_t position = 0;
      for (const ColumnPtr& column : columns) {
        const int32_t* source = column->Offsets();
        const int64_t used = source[column->length()] - source[0];
        std::memcpy(data->mutable_data() + position, column->data()->data() + source[0],
                    static_cast<size_t>(used));
        position += used;
      }
    }
  } else if (type.id() == TypeId::kStruct) {
    for (size_t field = 0; field < type.children().size(); ++field) {
      std::vector<ColumnPtr> parts;
      for (const ColumnPtr& column : columns) parts.push_back(column->children()[field]);
      children.push_back(ConcatenateColumns(parts));
    }
  }
  return std::make_shared<Column>(type, length, null_count, std::move(validity), std::move(values),
                                  std::move(data), std::move(children));
}

}  // namespace berserkr
