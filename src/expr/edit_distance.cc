#include <algorithm>
#include <cctype>
#include <vector>

#include "expr/edit_distance_internal.h"

namespace berserkr::expr {

size_t EditDistance(std::string_view left, std::string_view right) {
  std::vector<size_t> previous(right.size() + 1), current(right.size() + 1);
  for (size_t column = 0; column <= right.size(); ++column) previous[column] = column;
  for (size_t row = 1; row <= left.size(); ++row) {
    current[0] = row;
    for (size_t column = 1; column <= right.size(); ++column) {
      const bool same = std::tolower(static_cast<unsigned char>(left[row - 1])) ==
                        std::tolower(static_cast<unsigned char>(right[column - 1]));
      current[column] = std::min(
          {previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (same ? 0 : 1)});
    }
    std::swap(previous, current);
  }
  return previous[right.size()];
}

}  // namespace berserkr::expr
