// Pass 2 of the JSON reader: JSON values appended to typed Arrow-layout buffers.

#include <cstdint>
#include <limits>

#include "berserkr/common/error.h"
#include "formats/json/json_reader_internal.h"

namespace berserkr::json {

using simdjson::dom::element;
using simdjson::dom::element_type;

JsonColumnBuilder::JsonColumnBuilder(DataType type) : type_(std::move(type)), id_(type_.id()) {
  if (id_ == TypeId::kStruct) {
    const std::vector<Field>& fields = type_.children();
    children_.reserve(fields.size());
    for (size_t index = 0; index < fields.size(); ++index) {
      children_.emplace_back(fields[index].type);
      field_index_.emplace(fields[index].name, static_cast<int>(index));
    }
  } else if (id_ == TypeId::kList) {
    children_.emplace_back(type_.item_type());
  }
  Reset();
}

void JsonColumnBuilder::Reset() {
  length_ = 0;
  values_ = std::make_shared<Buffer>();
  data_ = nullptr;
  if (type_.is_binary_like() || id_ == TypeId::kList) {
    const int32_t zero = 0;
    values_->Append(&zero, sizeof(zero));
  }
  if (type_.is_binary_like()) data_ = std::make_shared<Buffer>();
}

int JsonColumnBuilder::FieldIndex(std::string_view key) {
  const std::vector<Field>& fields = type_.children();
  if (next_field_guess_ < fields.size() && fields[next_field_guess_].name == key) {
    return static_cast<int>(next_field_guess_++);
  }
  const auto found = field_index_.find(key);
  if (found == field_index_.end()) return -1;
  next_field_guess_ = static_cast<size_t>(found->second) + 1;
  return found->second;
}

void JsonColumnBuilder::AppendString(std::string_view text) {
  if (data_->size() + static_cast<int64_t>(text.size()) > std::numeric_limits<int32_t>::max()) {
    throw InvalidInput("JSON: the text of one batch of column of type " + type_.ToString() +
                       " would pass 2 GiB; split the input into smaller files");
  }
  data_->Append(text.data(), static_cast<int64_t>(text.size()));
  const int32_t end = static_cast<int32_t>(data_->size());
  values_->Append(&end, sizeof(end));
  validity_.AppendValid();
  ++length_;
}

void JsonColumnBuilder::AppendNull() {
  switch (id_) {
    case TypeId::kNull:
      break;
    case TypeId::kBool: {
      if (length_ % 8 == 0) {
        values_->Resize(length_ / 8 + 1);
        values_->mutable_data()[length_ / 8] = 0;
      }
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      const int32_t end = static_cast<int32_t>(data_->size());
      values_->Append(&end, sizeof(end));
      break;
    }
    case TypeId::kList: {
      const int32_t end = static_cast<int32_t>(children_[0].length());
      values_->Append(&end, sizeof(end));
      break;
    }
    case TypeId::kStruct:
      // Children of a NULL struct row are NULL too, so a child read on its own is right.
      for (JsonColumnBuilder& child : children_) child.AppendNull();
      break;
    default: {
      static const uint8_t kZeros[16] = {};
      values_->Append(kZeros, type_.byte_width());
      break;
    }
  }
  validity_.AppendNull();
  ++length_;
}

bool JsonColumnBuilder::AppendObject(simdjson::dom::object object) {
  const int64_t row = length_;
  next_field_guess_ = 0;
  for (simdjson::dom::key_value_pair field : object) {
    const int index = FieldIndex(field.key);
    if (index < 0) continue;  // a key the type does not have (a user-given struct type)
    JsonColumnBuilder& child = children_[static_cast<size_t>(index)];
    if (child.length_ > row) continue;  // a repeated key: the first one wins
    if (!child.Append(field.value)) return false;
  }
  for (JsonColumnBuilder& child : children_) {
    if (child.length_ == row) child.AppendNull();
  }
  validity_.AppendValid();
  ++length_;
  return true;
}

bool JsonColumnBuilder::Append(element value) {
  const element_type kind = value.type();
  if (kind == element_type::NULL_VALUE) {
    AppendNull();
    return true;
  }
  switch (id_) {
    case TypeId::kNull:
      AppendNull();
      return true;
    case TypeId::kBool: {
      bool flag;
      if (!JsonToBool(value, flag)) return false;
      if (length_ % 8 == 0) {
        values_->Resize(length_ / 8 + 1);
        values_->mutable_data()[length_ / 8] = 0;
      }
      if (flag) SetBit(values_->mutable_data(), length_);
      validity_.AppendValid();
      ++length_;
      return true;
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t number;
      if (kind == element_type::INT64) {
        number = value.get_int64().value_unsafe();
      } else if (!JsonToInt64(value, number)) {
        return false;
      }
      switch (id_) {
        case TypeId::kInt8:
          if (number < INT8_MIN || number > INT8_MAX) return false;
          AppendFixed(static_cast<int8_t>(number));
          break;
        case TypeId::kInt16:
          if (number < INT16_MIN || number > INT16_MAX) return false;
          AppendFixed(static_cast<int16_t>(number));
          break;
        case TypeId::kInt32:
          if (number < INT32_MIN || number > INT32_MAX) return false;
          AppendFixed(static_cast<int32_t>(number));
          break;
        default:
          AppendFixed(number);
      }
      return true;
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double number;
      if (!JsonToFloat64(value, number)) return false;
      if (id_ == TypeId::kFloat32) {
        AppendFixed(static_cast<float>(number));
      } else {
        AppendFixed(number);
      }
      return true;
    }
    case TypeId::kDecimal: {
      __int128 number;
      if (!JsonToDecimal(value, type_.precision(), type_.scale(), number)) return false;
      AppendFixed(number);
      return true;
    }
    case TypeId::kDate: {
      int32_t days;
      if (!JsonToDate(value, days)) return false;
      AppendFixed(days);
      return true;
    }
    case TypeId::kTimestamp: {
      int64_t micros;
      if (!JsonToTimestamp(value, micros)) return false;
      AppendFixed(micros);
      return true;
    }
    case TypeId::kString:
    case TypeId::kBinary:
      if (kind == element_type::STRING) {
        AppendString(value.get_string().value_unsafe());
      } else {
        // A key whose values mix kinds: the other values keep their JSON text.
        scratch_.clear();
        AppendJsonText(value, scratch_);
        AppendString(scratch_);
      }
      return true;
    case TypeId::kList: {
      if (kind != element_type::ARRAY) return false;
      JsonColumnBuilder& items = children_[0];
      for (element item : AsArray(value)) {
        if (!items.Append(item)) return false;
      }
      if (items.length() > std::numeric_limits<int32_t>::max()) {
        throw InvalidInput("JSON: one batch of list column " + type_.ToString() +
                           " would hold more than 2^31 items; split the input into smaller files");
      }
      const int32_t end = static_cast<int32_t>(items.length());
      values_->Append(&end, sizeof(end));
      validity_.AppendValid();
      ++length_;
      return true;
    }
    case TypeId::kStruct:
      if (kind != element_type::OBJECT) return false;
      return AppendObject(AsObject(value));
  }
  return false;
}

ColumnPtr JsonColumnBuilder::Finish() {
  const int64_t length = length_;
  const int64_t null_count = validity_.null_count();
  std::shared_ptr<Buffer> validity = validity_.Finish();
  ColumnPtr column;
  switch (id_) {
    case TypeId::kNull:
      column = Column::MakeNull(type_, length);
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      column = std::make_shared<Column>(type_, length, null_count, std::move(validity),
                                        std::move(values_), std::move(data_));
      break;
    case TypeId::kList:
      column = std::make_shared<Column>(type_, length, null_count, std::move(validity),
                                        std::move(values_), nullptr,
                                        std::vector<ColumnPtr>{children_[0].Finish()});
      break;
    case TypeId::kStruct: {
      std::vector<ColumnPtr> children;
      children.reserve(children_.size());
      for (JsonColumnBuilder& child : children_) children.push_back(child.Finish());
      column = std::make_shared<Column>(type_, length, null_count, std::move(validity), nullptr,
                                        nullptr, std::move(children));
      break;
    }
    default:
      column = std::make_shared<Column>(type_, length, null_count, std::move(validity),
                                        std::move(values_));
  }
  Reset();
  return column;
}

}  // namespace berserkr::json
