#pragma once

#include <cstdint>
#include <vector>

namespace berserkr {

// The rows of a batch that pass a filter, as ascending row indices (DuckDB's selection vector).
// A filter computes one instead of copying; Take/Filter compact only when a consumer needs dense
// columns.
struct SelectionVector {
  std::vector<uint32_t> indices;

  // The number of selected rows.
  int64_t size() const { return static_cast<int64_t>(indices.size()); }
};

}  // namespace berserkr
