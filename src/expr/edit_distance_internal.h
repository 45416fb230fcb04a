#pragma once

#include <cstddef>
#include <string_view>

namespace berserkr::expr {

// Case-insensitive Levenshtein distance, for "did you mean" suggestions.
size_t EditDistance(std::string_view left, std::string_view right);

}  // namespace berserkr::expr
