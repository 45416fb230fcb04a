#pragma once

// The file's schema tree turned into berserkr types: one LeafColumn per primitive column (with its
// maximum definition / repetition levels and how to convert its physical values), and one
// AssemblyNode tree per top-level column saying how to rebuild lists and structs from levels.

#include <cstdint>
#include <string>
#include <vector>

#include "berserkr/types/table.h"
#include "formats/parquet/parquet_metadata_internal.h"

namespace berserkr::parquet {

// How physical values become the values of the column's DataType.
enum class ValueConversion {
  kNone,              // same representation (INT32 -> int32/date, DOUBLE -> float64, ...)
  kInt32ToInt8,       // INT(8, true)
  kInt32ToInt16,      // INT(16, true), UINT(8) (widened: unsigned 8 bits fit int16)
  kUint16ToInt32,     // UINT(16)
  kUint32ToInt64,     // UINT(32)
  kUint64ToDecimal,   // UINT(64) -> DECIMAL(20, 0): every value fits
  kInt32ToDecimal,    // DECIMAL on INT32
  kInt64ToDecimal,    // DECIMAL on INT64
  kBytesToDecimal,    // DECIMAL on BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY (big-endian two's complement)
  kMillisToMicros,    // TIMESTAMP(MILLIS) on INT64
  kNanosToMicros,     // TIMESTAMP(NANOS) on INT64, floored to microseconds
  kInt96ToMicros,     // Impala / Spark INT96 timestamps
  kFloat16ToFloat32,  // FLOAT16 on FIXED_LEN_BYTE_ARRAY(2)
  kFixedToBinary,     // FIXED_LEN_BYTE_ARRAY -> binary
  kAlwaysNull,        // the UNKNOWN ("null") logical type
};

struct LeafColumn {
  int index = 0;  // the leaf's ordinal: its column chunk in each row group
  std::vector<std::string> path;
  PhysicalType physical_type = PhysicalType::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width
  DataType type;            // the type of its values in berserkr
  ValueConversion conversion = ValueConversion::kNone;
  int16_t max_definition_level = 0;
  int16_t max_repetition_level = 0;
  std::string DottedPath() const;
};

// How one berserkr column (or nested field) is rebuilt from the levels of the leaves below it.
// A value of this node exists at a level index when the levels there open a new slot at this
// depth (see record_assembly.cc); it is non-NULL when the definition level is >= definition_level.
struct AssemblyNode {
  enum class Kind { kLeaf, kStruct, kList };
  Kind kind = Kind::kLeaf;
  DataType type;
  int16_t definition_level = 0;
  // kList: the repeated node's levels; a list with definition level >= element_definition_level
  // has at least one element.
  int16_t repetition_level = 0;
  int16_t element_definition_level = 0;
  int leaf = -1;        // kLeaf: index into ParquetSchema::leaves
  int first_leaf = -1;  // any leaf below (its levels describe this node's slots)
  std::vector<AssemblyNode> children;
};

struct ParquetSchema {
  std::vector<LeafColumn> leaves;
  std::vector<AssemblyNode> columns;            // one per top-level field
  SchemaPtr schema;                             // the top-level fields as berserkr sees them
  std::vector<std::vector<int>> column_leaves;  // the leaves each top-level field reads
};

// Builds the schema from the footer's flattened schema list. Throws InvalidInput for a malformed
// tree (bad child counts, a leaf without a type) and NotImplemented ("not supported: ...") for
// types berserkr has no counterpart for.
ParquetSchema BuildParquetSchema(const FileMetaData& metadata, const std::string& context);

}  // namespace berserkr::parquet
