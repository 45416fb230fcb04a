// Dremel shredding, one top-level value at a time: a NULL (or an empty list) writes one level
// entry to every leaf below the node, at the definition level reached so far; a list element
// after the first starts with the list's repetition level instead of the caller's.

#include "berserkr/common/error.h"
#include "formats/parquet/level_shredding_internal.h"

namespace berserkr::parquet {
namespace {

class Shredder {
 public:
  // Pieces for the leaves of `root`, each knowing its column in this batch even when no value
  // reaches it (all NULL, empty lists).
  Shredder(const WriteNode& root, const ColumnPtr& column) : first_leaf_(root.first_leaf) {
    pieces_.resize(static_cast<size_t>(root.leaf_count));
    SetLeafColumns(root, column);
  }

  // The value at `row` of `column` (a value of `node`), starting with repetition level `rep`.
  // Repetition levels are recorded for every leaf; the chunk writer ignores them for leaves
  // outside lists.
  void Shred(const WriteNode& node, const Column& column, int64_t row, int16_t rep) {
    if (column.IsNull(row) || column.type().id() == TypeId::kNull) {
      if (node.required) {
        throw InvalidInput("column " + node.column_name +
                           ": NULL map key or entry (Parquet maps require keys)");
      }
      EmitEmpty(node, static_cast<int16_t>(node.definition_level - 1), rep);
      return;
    }
    switch (node.kind) {
      case WriteNode::Kind::kLeaf: {
        LeafPiece& piece = pieces_[static_cast<size_t>(node.leaf - first_leaf_)];
        piece.definition_levels.push_back(node.definition_level);
        piece.repetition_levels.push_back(rep);
        piece.value_rows.push_back(row);
        return;
      }
      case WriteNode::Kind::kStruct:
        // Struct children are sliced with the struct: the same row.
        for (size_t index = 0; index < node.children.size(); ++index) {
          Shred(node.children[index], *column.children()[index], row, rep);
        }
        return;
      case WriteNode::Kind::kList: {
        const int32_t* offsets = column.Offsets();
        const int64_t begin = offsets[row], end = offsets[row + 1];
        if (begin == end) {
          EmitEmpty(node, node.definition_level, rep);
          return;
        }
        const Column& items = *column.children()[0];
        for (int64_t item = begin; item < end; ++item) {
          Shred(node.children[0], items, item, item == begin ? rep : node.repetition_level);
        }
        return;
      }
    }
  }

  std::vector<LeafPiece>& pieces() { return pieces_; }

 private:
  void SetLeafColumns(const WriteNode& node, const ColumnPtr& column) {
    switch (node.kind) {
      case WriteNode::Kind::kLeaf:
        pieces_[static_cast<size_t>(node.leaf - first_leaf_)].column = column;
        return;
      case WriteNode::Kind::kStruct:
        for (size_t index = 0; index < node.children.size(); ++index) {
          SetLeafColumns(node.children[index], column->children()[index]);
        }
        return;
      case WriteNode::Kind::kList:
        SetLeafColumns(node.children[0], column->children()[0]);
        return;
    }
  }

  void EmitEmpty(const WriteNode& node, int16_t definition, int16_t rep) {
    for (int leaf = node.first_leaf; leaf < node.first_leaf + node.leaf_count; ++leaf) {
      LeafPiece& piece = pieces_[static_cast<size_t>(leaf - first_leaf_)];
      piece.definition_levels.push_back(definition);
      piece.repetition_levels.push_back(rep);
    }
  }

  int first_leaf_;
  std::vector<LeafPiece> pieces_;
};

}  // namespace

void ShredColumn(const WriteNode& node, const ColumnPtr& column,
                 std::vector<std::vector<LeafPiece>>& pieces) {
  if (node.kind == WriteNode::Kind::kLeaf) {
    LeafPiece piece;
    piece.column = column;
    piece.flat = true;
    pieces[static_cast<size_t>(node.leaf)].push_back(std::move(piece));
    return;
  }
  Shredder shredder(node, column);
  for (int64_t row = 0; row < column->length(); ++row) shredder.Shred(node, *column, row, 0);
  for (size_t index = 0; index < shredder.pieces().size(); ++index) {
    pieces[static_cast<size_t>(node.first_leaf) + index].push_back(
        std::move(shredder.pieces()[index]));
  }
}

}  // namespace berserkr::parquet
