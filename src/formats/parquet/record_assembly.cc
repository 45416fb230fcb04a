// Record assembly. Every node of the schema has "slots": the level indices of a leaf below it
// where one of its values (NULL or not) starts. For a node inside lists whose innermost list
// repeats at level r, and whose ancestors are all present from definition level d, the slots are
// the indices i with rep[i] <= r and def[i] >= d — in *any* leaf below the node. So each node
// finds its slots in its own first leaf, and children line up with their parents without ever
// sharing positions: a struct's children use the struct's criteria (they have a slot wherever the
// struct has one, NULL where it is); a list's element uses (the list's repetition level, the
// level at which the list has elements).

#include <cstring>

#include "berserkr/common/error.h"
#include "formats/parquet/record_assembly_internal.h"

namespace berserkr::parquet {
namespace {

class Assembler {
 public:
  Assembler(const std::vector<DecodedLeaf>& leaves, const std::string& context)
      : leaves_(leaves), context_(context) {}

  ColumnPtr Build(const AssemblyNode& node, int16_t slot_repetition, int16_t slot_definition) {
    switch (node.kind) {
      case AssemblyNode::Kind::kLeaf:
        return BuildLeaf(node, slot_repetition, slot_definition);
      case AssemblyNode::Kind::kStruct:
        return BuildStruct(node, slot_repetition, slot_definition);
      case AssemblyNode::Kind::kList:
        return BuildList(node, slot_repetition, slot_definition);
    }
    throw Internal("unhandled assembly node");
  }

 private:
  struct Levels {
    const int16_t* definition = nullptr;  // null: every level is 0
    const int16_t* repetition = nullptr;
    int64_t count = 0;
    int16_t Definition(int64_t index) const { return definition ? definition[index] : 0; }
    int16_t Repetition(int64_t index) const { return repetition ? repetition[index] : 0; }
  };

  Levels LevelsOf(int leaf) const {
    const ColumnChunkData& chunk = *leaves_[leaf].chunk;
    Levels levels;
    levels.count = chunk.num_levels;
    if (!chunk.definition_levels.empty()) levels.definition = chunk.definition_levels.data();
    if (!chunk.repetition_levels.empty()) levels.repetition = chunk.repetition_levels.data();
    return levels;
  }

  // Validity of each slot of `node` (1 = present), in slot order.
  std::vector<uint8_t> SlotValidity(const Levels& levels, int16_t slot_repetition,
                                    int16_t slot_definition, int16_t present_definition) const {
    std::vector<uint8_t> valid;
    valid.reserve(static_cast<size_t>(levels.count));
    for (int64_t index = 0; index < levels.count; ++index) {
      const int16_t definition = levels.Definition(index);
      if (levels.Repetition(index) > slot_repetition || definition < slot_definition) continue;
      valid.push_back(definition >= present_definition);
    }
    return valid;
  }

  static std::shared_ptr<Buffer> ValidityBitmap(const std::vector<uint8_t>& valid,
                                                int64_t* null_count) {
    auto bits = Buffer::Allocate(BytesForBits(static_cast<int64_t>(valid.size())));
    std::memset(bits->mutable_data(), 0, static_cast<size_t>(bits->size()));
    int64_t nulls = 0;
    for (size_t row = 0; row < valid.size(); ++row) {
      if (valid[row]) {
        SetBit(bits->mutable_data(), static_cast<int64_t>(row));
      } else {
        ++nulls;
      }
    }
    *null_count = nulls;
    return bits;
  }

  ColumnPtr BuildLeaf(const AssemblyNode& node, int16_t slot_repetition, int16_t slot_definition) {
    const ColumnPtr& dense = leaves_[node.leaf].values;
    const Levels levels = LevelsOf(node.leaf);
    // Without repetition every level is a slot; with as many values as levels none is NULL.
    if (levels.repetition == nullptr && dense->length() == levels.count) return dense;
    const std::vector<uint8_t> valid =
        SlotValidity(levels, slot_repetition, slot_definition, node.definition_level);
    int64_t valid_count = 0;
    for (uint8_t flag : valid) valid_count += flag;
    if (valid_count != dense->length()) {
      throw InvalidInput(context_ + ": the definition levels of a column announce " +
                         std::to_string(valid_count) + " values but its pages hold " +
                         std::to_string(dense->length()));
    }
    if (valid_count == static_cast<int64_t>(valid.size())) return dense;  // no NULLs here
    return ExpandWithNulls(*dense, valid);
  }

  // Spreads the dense values over the slots, leaving NULLs where `valid` is 0.
  ColumnPtr ExpandWithNulls(const Column& dense, const std::vector<uint8_t>& valid) const {
    const int64_t length = static_cast<int64_t>(valid.size());
    int64_t null_count = 0;
    std::shared_ptr<Buffer> validity = ValidityBitmap(valid, &null_count);
    const DataType& type = dense.type();
    if (type.id() == TypeId::kNull) return Column::MakeNull(type, length);
    if (type.id() == TypeId::kBool) {
      auto bits = Buffer::Allocate(BytesForBits(length));
      std::memset(bits->mutable_data(), 0, static_cast<size_t>(bits->size()));
      int64_t source = 0;
      for (int64_t row = 0; row < length; ++row) {
        if (valid[row] && dense.GetBool(source++)) SetBit(bits->mutable_data(), row);
      }
      return std::make_shared<Column>(type, length, null_count, validity, std::move(bits));
    }
    if (type.is_binary_like()) {
      auto offsets = Buffer::Allocate((length + 1) * 4);
      auto* target = offsets->mutable_data_as<int32_t>();
      const int32_t* source = dense.Offsets();
      int64_t next = 0;
      target[0] = source[0];
      for (int64_t row = 0; row < length; ++row) {
        if (valid[row]) ++next;
        target[row + 1] = source[next];
      }
      return std::make_shared<Column>(type, length, null_count, validity, std::move(offsets),
                                      dense.data());
    }
    const int width = type.byte_width();
    if (width <= 0) throw Internal("ExpandWithNulls: unexpected nested leaf type");
    auto values = Buffer::Allocate(length * width);
    uint8_t* target = values->mutable_data();
    const uint8_t* source = dense.values()->data() + dense.offset() * width;
    for (int64_t row = 0; row < length; ++row) {
      if (valid[row]) {
        std::memcpy(target + row * width, source, static_cast<size_t>(width));
        source += width;
      } else {
        std::memset(target + row * width, 0, static_cast<size_t>(width));
      }
    }
    return std::make_shared<Column>(type, length, null_count, validity, std::move(values));
  }

  ColumnPtr BuildStruct(const AssemblyNode& node, int16_t slot_repetition,
                        int16_t slot_definition) {
    const Levels levels = LevelsOf(node.first_leaf);
    const std::vector<uint8_t> valid =
        SlotValidity(levels, slot_repetition, slot_definition, node.definition_level);
    const int64_t length = static_cast<int64_t>(valid.size());
    std::vector<ColumnPtr> children;
    for (const AssemblyNode& child : node.children) {
      children.push_back(Build(child, slot_repetition, slot_definition));
      if (children.back()->length() != length) {
        throw InvalidInput(context_ + ": the fields of a struct have different value counts (" +
                           std::to_string(children.back()->length()) + " and " +
                           std::to_string(length) + ")");
      }
    }
    int64_t null_count = 0;
    std::shared_ptr<Buffer> validity = ValidityBitmap(valid, &null_count);
    return std::make_shared<Column>(node.type, length, null_count, std::move(validity), nullptr,
                                    nullptr, std::move(children));
  }

  ColumnPtr BuildList(const AssemblyNode& node, int16_t slot_repetition, int16_t slot_definition) {
    const Levels levels = LevelsOf(node.first_leaf);
    std::vector<uint8_t> valid;
    std::vector<int32_t> offsets = {0};
    int64_t elements = 0;
    for (int64_t index = 0; index < levels.count; ++index) {
      const int16_t definition = levels.Definition(index);
      const int16_t repetition = levels.Repetition(index);
      if (repetition <= slot_repetition && definition >= slot_definition) {
        // A new list: close the previous one.
        if (!valid.empty()) offsets.push_back(static_cast<int32_t>(elements));
        valid.push_back(definition >= node.definition_level);
      }
      if (repetition <= node.repetition_level && definition >= node.element_definition_level) {
        ++elements;
        if (elements > INT32_MAX) {
          throw NotImplemented(context_ +
                               ": not supported: more than 2^31 list elements in a row group");
        }
      }
    }
    if (!valid.empty()) offsets.push_back(static_cast<int32_t>(elements));
    ColumnPtr item = Build(node.children[0], node.repetition_level, node.element_definition_level);
    if (item->length() != elements) {
      throw InvalidInput(context_ + ": list levels announce " + std::to_string(elements) +
                         " elements but the element column has " + std::to_string(item->length()));
    }
    const int64_t length = static_cast<int64_t>(valid.size());
    auto offset_buffer = Buffer::Allocate((length + 1) * 4);
    std::memcpy(offset_buffer->mutable_data(), offsets.data(), offsets.size() * 4);
    int64_t null_count = 0;
    std::shared_ptr<Buffer> validity = ValidityBitmap(valid, &null_count);
    return std::make_shared<Column>(node.type, length, null_count, std::move(validity),
                                    std::move(offset_buffer), nullptr,
                                    std::vector<ColumnPtr>{std::move(item)});
  }

  const std::vector<DecodedLeaf>& leaves_;
  const std::string& context_;
};

}  // namespace

ColumnPtr AssembleColumn(const AssemblyNode& node, const std::vector<DecodedLeaf>& leaves,
                         int64_t num_rows, const std::string& context) {
  ColumnPtr column = Assembler(leaves, context).Build(node, 0, 0);
  if (column->length() != num_rows) {
    throw InvalidInput(context + ": a column holds " + std::to_string(column->length()) +
                       " rows but its row group has " + std::to_string(num_rows));
  }
  return column;
}

}  // namespace berserkr::parquet
