#pragma once

// A berserkr schema turned into Parquet's: the flattened SchemaElement list of the footer, one
// WriteLeaf per primitive column (its physical type and maximum levels) and one WriteNode tree per
// top-level column saying how its values become definition / repetition levels.

#include <cstdint>
#include <string>
#include <vector>

#include "berserkr/types/table.h"
#include "formats/parquet/parquet_metadata_internal.h"

namespace berserkr::parquet {

struct WriteLeaf {
  std::vector<std::string> path;  // path_in_schema
  PhysicalType physical_type = PhysicalType::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width (decimals)
  DataType type;            // the berserkr type of the values
  int16_t max_definition_level = 0;
  int16_t max_repetition_level = 0;
  std::string DottedPath() const;
};

// One schema node. A value of the node (at some row / list position) is present — not NULL — at
// definition level `definition_level`; NULL values take definition_level - 1.
struct WriteNode {
  enum class Kind { kLeaf, kStruct, kList };
  Kind kind = Kind::kLeaf;
  // A REQUIRED node (a map's key and key_value group) has no level of its own: a NULL there is
  // refused. `column_name` names the top-level column in that message.
  bool required = false;
  std::string column_name;
  int16_t definition_level = 0;
  // kList: the repetition level of its elements (the level its repeated group adds).
  int16_t repetition_level = 0;
  int leaf = -1;  // kLeaf: index into WriteSchema::leaves
  int first_leaf = 0;
  int leaf_count = 0;
  std::vector<WriteNode> children;  // struct fields, or a list's single element
};

struct WriteSchema {
  std::vector<SchemaElement> elements;  // depth-first, the root first
  std::vector<WriteLeaf> leaves;
  std::vector<WriteNode> columns;  // one per top-level field
};

// Throws InvalidInput when a map column is missing or not list<struct<key, value>>, and
// NotImplemented for a struct without fields (Parquet has no empty groups).
WriteSchema BuildWriteSchema(const Schema& schema, const std::vector<std::string>& map_columns);

}  // namespace berserkr::parquet
