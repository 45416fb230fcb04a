// Pass 1 of the JSON reader: the shape of every accepted record, merged into one schema.

#include "berserkr/types/temporal.h"
#include "formats/json/json_reader_internal.h"

namespace berserkr::json {

using simdjson::dom::element;
using simdjson::dom::element_type;

TextKind ClassifyText(std::string_view text) {
  // Only ISO 8601 forms: a US "12/1/2010" in an event is more likely a label than a time.
  if (text.size() < 10 || text.size() > 40 || text[4] != '-') return TextKind::kText;
  for (int index = 0; index < 4; ++index) {
    if (text[index] < '0' || text[index] > '9') return TextKind::kText;
  }
  if (text.size() == 10) return ParseDate(text) ? TextKind::kDate : TextKind::kText;
  const auto timestamp = ParseTimestamp(text);
  if (!timestamp) return TextKind::kText;
  return timestamp->offset_seconds ? TextKind::kUtcTimestamp : TextKind::kNaiveTimestamp;
}

TextKind JoinTextKinds(TextKind left, TextKind right) {
  if (left == TextKind::kUnseen) return right;
  if (right == TextKind::kUnseen || left == right) return left;
  const auto naive = [](TextKind kind) {
    return kind == TextKind::kDate || kind == TextKind::kNaiveTimestamp;
  };
  // Wall-clock times and instants do not mix: the wall clock's zone is unknown.
  if (naive(left) && naive(right)) return TextKind::kNaiveTimestamp;
  return TextKind::kText;
}

ShapeNode::ShapeNode(std::string path, const TypeOverrides* overrides,
                     const DataType* override_type)
    : path_(std::move(path)), overrides_(overrides), override_type_(override_type) {}

ShapeNode& ShapeNode::Child(std::string_view key) {
  if (next_child_guess_ < names_.size() && names_[next_child_guess_] == key) {
    return *children_[next_child_guess_++];
  }
  const auto found = child_index_.find(key);
  if (found != child_index_.end()) {
    next_child_guess_ = found->second + 1;
    return *children_[found->second];
  }
  std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  const DataType* override_type = overrides_ != nullptr ? overrides_->Find(path) : nullptr;
  child_index_.emplace(std::string(key), names_.size());
  names_.emplace_back(key);
  children_.push_back(std::make_unique<ShapeNode>(std::move(path), overrides_, override_type));
  next_child_guess_ = names_.size();
  return *children_.back();
}

ShapeNode& ShapeNode::Item() {
  if (item_ == nullptr) item_ = std::make_unique<ShapeNode>(path_ + "[]", nullptr, nullptr);
  return *item_;
}

void ShapeNode::BecomeMap() {
  is_map_ = true;
  names_.clear();
  children_.clear();
  child_index_.clear();
  next_child_guess_ = 0;
}

void ShapeNode::ObserveObject(simdjson::dom::object object) {
  next_child_guess_ = 0;
  for (simdjson::dom::key_value_pair field : object) Child(field.key).Observe(field.value);
  // The record root (path "") keeps every key: its keys are the table's columns.
  if (names_.size() > kMaxStructFields && !path_.empty()) BecomeMap();
}

void ShapeNode::Observe(element value) {
  switch (value.type()) {
    case element_type::NULL_VALUE:
      kinds_ |= kNull;
      return;
    case element_type::BOOL:
      kinds_ |= kBool;
      return;
    case element_type::INT64:
      kinds_ |= kInt;
      return;
    case element_type::UINT64:  // past int64: a double keeps its magnitude
    case element_type::DOUBLE:
      kinds_ |= kDouble;
      return;
    case element_type::STRING:
      kinds_ |= kString;
      if (text_kind_ != TextKind::kText && override_type_ == nullptr) {
        text_kind_ = JoinTextKinds(text_kind_, ClassifyText(value.get_string().value_unsafe()));
      }
      return;
    case element_type::OBJECT:
      kinds_ |= kObject;
      // An overridden key converts as a whole: what is inside does not shape the schema.
      if (override_type_ == nullptr && !is_map_) ObserveObject(AsObject(value));
      return;
    case element_type::ARRAY:
      kinds_ |= kArray;
      if (override_type_ == nullptr) {
        ShapeNode& item = Item();
        for (element entry : AsArray(value)) item.Observe(entry);
      }
      return;
  }
}

void ShapeNode::Merge(ShapeNode&& other) {
  kinds_ |= other.kinds_;
  text_kind_ = JoinTextKinds(text_kind_, other.text_kind_);
  if (other.is_map_ && !is_map_) BecomeMap();
  for (size_t index = 0; index < other.names_.size() && !is_map_; ++index) {
    const auto found = child_index_.find(other.names_[index]);
    if (found != child_index_.end()) {
      children_[found->second]->Merge(std::move(*other.children_[index]));
    } else {
      child_index_.emplace(other.names_[index], names_.size());
      names_.push_back(std::move(other.names_[index]));
      children_.push_back(std::move(other.children_[index]));
    }
  }
  if (names_.size() > kMaxStructFields && !path_.empty()) BecomeMap();
  if (other.item_ != nullptr) {
    if (item_ == nullptr) {
      item_ = std::move(other.item_);
    } else {
      item_->Merge(std::move(*other.item_));
    }
  }
}

std::vector<Field> ShapeNode::ResolveFields(std::set<std::string>* applied_overrides) const {
  std::vector<Field> fields;
  fields.reserve(names_.size());
  for (size_t index = 0; index < names_.size(); ++index) {
    fields.push_back({names_[index], children_[index]->ResolveType(applied_overrides), true});
  }
  return fields;
}

DataType ShapeNode::ResolveType(std::set<std::string>* applied_overrides) const {
  if (override_type_ != nullptr) {
    applied_overrides->insert(path_);
    return *override_type_;
  }
  const uint8_t kinds = kinds_ & ~kNull;
  if (kinds == kObject) {
    // An object that never had a key has no columns to offer, a map too many: keep their text.
    if (names_.empty() || is_map_) return DataType::String();
    return DataType::Struct(ResolveFields(applied_overrides));
  }
  if (kinds == kArray) {
    return DataType::List(item_ != nullptr ? item_->ResolveType(applied_overrides)
                                           : DataType::String());
  }
  if (kinds == kBool) return DataType::Bool();
  if (kinds == kInt) return DataType::Int64();
  if (kinds != 0 && (kinds & ~(kInt | kDouble)) == 0) return DataType::Float64();
  if (kinds == kString) {
    switch (text_kind_) {
      case TextKind::kDate:
        return DataType::Date();
      case TextKind::kNaiveTimestamp:
        return DataType::Timestamp();
      case TextKind::kUtcTimestamp:
        return DataType::Timestamp("UTC");
      default:
        return DataType::String();
    }
  }
  // Only NULLs, or kinds that do not mix (objects with scalars, numbers with strings): text, with
  // non-string values as their JSON.
  return DataType::String();
}

}  // namespace berserkr::json
