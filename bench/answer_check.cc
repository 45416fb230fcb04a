#include "answer_check.h"

#include <cmath>
#include <cstdio>

#include "berserkr/common/error.h"

namespace berserkr::bench {

std::string ToPrecision12(double value) {
  if (value == 0) return "0.00000000000";
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  char text[64];
  if (exponent < -6 || exponent >= 12) {
    std::snprintf(text, sizeof(text), "%.11e", value);
    return text;
  }
  std::snprintf(text, sizeof(text), "%.*f", 11 - exponent, value);
  return text;
}

double SumColumn(const Table& table, int column) {
  // Extended precision, so the sum of millions of values is right to the 12 digits printed
  // whatever the summation order.
  long double sum = 0;
  for (const ColumnPtr& chunk : table.ColumnChunks(column)) {
    const Column& values = *chunk;
    for (int64_t row = 0; row < values.length(); ++row) {
      if (values.IsNull(row)) continue;
      switch (values.type().id()) {
        case TypeId::kInt64:
          sum += values.ValuesAs<int64_t>()[row];
          break;
        case TypeId::kInt32:
          sum += values.ValuesAs<int32_t>()[row];
          break;
        case TypeId::kFloat64:
          sum += values.ValuesAs<double>()[row];
          break;
        default:
          throw Internal("benchmark check: cannot sum a column of " + values.type().ToString());
      }
    }
  }
  return static_cast<double>(sum);
}

}  // namespace berserkr::bench
