// Row-group pruning: a row group is skipped when its column statistics prove that no row can
// satisfy a predicate. Wrongly skipping loses rows, so every doubt keeps the row group: missing
// or non-exact-typed statistics, NaN bounds, legacy (signed-order) min/max of types whose order
// is not signed, nested columns, literals of another kind.

#include <cmath>
#include <cstring>
#include <optional>
#include <variant>

#include "formats/parquet/parquet_file_internal.h"

namespace berserkr::parquet {
namespace {

// A bound or literal in one exactly comparable domain.
struct Decimal {
  __int128 unscaled;
  int scale;
};
using Value = std::variant<int64_t, double, Decimal, std::string>;

using Op = ParquetPredicate::Op;

std::optional<Value> LiteralValue(const Column& literal) {
  if (literal.length() < 1 || literal.IsNull(0)) return std::nullopt;
  switch (literal.type().id()) {
    case TypeId::kInt8:
      return int64_t{literal.ValuesAs<int8_t>()[0]};
    case TypeId::kInt16:
      return int64_t{literal.ValuesAs<int16_t>()[0]};
    case TypeId::kInt32:
    case TypeId::kDate:
      return int64_t{literal.ValuesAs<int32_t>()[0]};
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return literal.ValuesAs<int64_t>()[0];
    case TypeId::kFloat32:
      return double{literal.ValuesAs<float>()[0]};
    case TypeId::kFloat64:
      return literal.ValuesAs<double>()[0];
    case TypeId::kDecimal:
      return Decimal{literal.ValuesAs<__int128>()[0], literal.type().scale()};
    case TypeId::kString:
    case TypeId::kBinary:
      return std::string(literal.GetString(0));
    default:
      return std::nullopt;
  }
}

template <typename T>
T Load(const std::string& bytes) {
  T value;
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

// A statistics bound of `leaf` in the domain of its berserkr type, or nullopt when unusable.
std::optional<Value> BoundValue(const LeafColumn& leaf, const std::string& bytes) {
  switch (leaf.physical_type) {
    case PhysicalType::kInt32: {
      if (bytes.size() != 4) return std::nullopt;
      const int32_t raw = Load<int32_t>(bytes);
      switch (leaf.conversion) {
        case ValueConversion::kNone:
        case ValueConversion::kInt32ToInt8:
        case ValueConversion::kInt32ToInt16:
          return int64_t{raw};
        case ValueConversion::kUint16ToInt32:
          return int64_t{static_cast<uint16_t>(raw)};
        case ValueConversion::kUint32ToInt64:
          return int64_t{static_cast<uint32_t>(raw)};
        case ValueConversion::kInt32ToDecimal:
          return Decimal{raw, leaf.type.scale()};
        default:
          return std::nullopt;
      }
    }
    case PhysicalType::kInt64: {
      if (bytes.size() != 8) return std::nullopt;
      const int64_t raw = Load<int64_t>(bytes);
      switch (leaf.conversion) {
        case ValueConversion::kNone:
          return raw;
        case ValueConversion::kMillisToMicros:
          if (raw > INT64_MAX / 1000 || raw < INT64_MIN / 1000) return std::nullopt;
          return raw * 1000;
        case ValueConversion::kNanosToMicros:
          return raw >= 0 ? raw / 1000 : -((-raw + 999) / 1000);
        case ValueConversion::kInt64ToDecimal:
          return Decimal{raw, leaf.type.scale()};
        case ValueConversion::kUint64ToDecimal:
          return Decimal{static_cast<__int128>(static_cast<uint64_t>(raw)), 0};
        default:
          return std::nullopt;
      }
    }
    case PhysicalType::kFloat:
      if (bytes.size() != 4) return std::nullopt;
      return double{Load<float>(bytes)};
    case PhysicalType::kDouble:
      if (bytes.size() != 8) return std::nullopt;
      return Load<double>(bytes);
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      if (leaf.conversion == ValueConversion::kNone ||
          leaf.conversion == ValueConversion::kFixedToBinary) {
        return bytes;
      }
      return std::nullopt;  // decimal bytes: rarely useful, and sign handling is subtle
    default:
      return std::nullopt;
  }
}

// -1, 0, 1, or nullopt when the two cannot be compared exactly.
std::optional<int> Compare(const Value& left, const Value& right) {
  const auto order = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
  if (std::holds_alternative<int64_t>(left) && std::holds_alternative<int64_t>(right)) {
    return order(std::get<int64_t>(left), std::get<int64_t>(right));
  }
  if (std::holds_alternative<std::string>(left) && std::holds_alternative<std::string>(right)) {
    const int result = std::get<std::string>(left).compare(std::get<std::string>(right));
    return result < 0 ? -1 : (result > 0 ? 1 : 0);
  }
  const auto as_double = [](const Value& value) -> std::optional<double> {
    if (std::holds_alternative<double>(value)) return std::get<double>(value);
    // Integers up to 2^53 convert exactly.
    if (std::holds_alternative<int64_t>(value)) {
      const int64_t integer = std::get<int64_t>(value);
      if (integer > (int64_t{1} << 53) || integer < -(int64_t{1} << 53)) return std::nullopt;
      return static_cast<double>(integer);
    }
    return std::nullopt;
  };
  const auto as_decimal = [](const Value& value) -> std::optional<Decimal> {
    if (std::holds_alternative<Decimal>(value)) return std::get<Decimal>(value);
    if (std::holds_alternative<int64_t>(value)) return Decimal{std::get<int64_t>(value), 0};
    return std::nullopt;
  };
  if (std::holds_alternative<double>(left) || std::holds_alternative<double>(right)) {
    const auto a = as_double(left), b = as_double(right);
    if (!a || !b || std::isnan(*a) || std::isnan(*b)) return std::nullopt;
    return order(*a, *b);
  }
  auto a = as_decimal(left), b = as_decimal(right);
  if (!a || !b) return std::nullopt;
  // Rescale the one with fewer digits after the point (exact while it does not overflow).
  while (a->scale < b->scale) {
    if (a->unscaled > (__int128{1} << 120) || a->unscaled < -(__int128{1} << 120))
      return std::nullopt;
    a->unscaled *= 10;
    ++a->scale;
  }
  while (b->scale < a->scale) {
    if (b->unscaled > (__int128{1} << 120) || b->unscaled < -(__int128{1} << 120))
      return std::nullopt;
    b->unscaled *= 10;
    ++b->scale;
  }
  return order(a->unscaled, b->unscaled);
}

bool MayMatch(const ParquetFile& file, const RowGroup& group, const ParquetPredicate& predicate) {
  const std::optional<int> column = file.schema.schema->FieldIndex(predicate.column);
  if (!column) return true;
  const std::vector<int>& leaves = file.schema.column_leaves[*column];
  if (leaves.size() != 1) return true;
  const LeafColumn& leaf = file.schema.leaves[leaves[0]];
  if (leaf.max_repetition_level > 0) return true;
  const ColumnChunk& chunk = group.columns[leaf.index];
  if (!chunk.meta_data || !chunk.meta_data->statistics) return true;
  const Statistics& statistics = *chunk.meta_data->statistics;
  const std::optional<int64_t> nulls = statistics.null_count;
  const bool all_null = nulls && *nulls == group.num_rows;
  switch (predicate.op) {
    case Op::kIsNull:
      return !(nulls && *nulls == 0);
    case Op::kIsNotNull:
      return !all_null;
    default:
      break;
  }
  if (all_null && group.num_rows > 0) return false;  // a comparison with NULL is never true
  if (predicate.value == nullptr) return true;
  const std::optional<Value> literal = LiteralValue(*predicate.value);
  if (!literal) return true;
  // min_value / max_value follow the column order; the legacy min / max are signed comparisons,
  // right only for signed integers and floating point.
  const std::string* min_bytes = statistics.min_value ? &*statistics.min_value : nullptr;
  const std::string* max_bytes = statistics.max_value ? &*statistics.max_value : nullptr;
  const bool legacy_ok =
      (leaf.physical_type == PhysicalType::kInt32 || leaf.physical_type == PhysicalType::kInt64 ||
       leaf.physical_type == PhysicalType::kFloat || leaf.physical_type == PhysicalType::kDouble) &&
      leaf.conversion != ValueConversion::kUint16ToInt32 &&
      leaf.conversion != ValueConversion::kUint32ToInt64 &&
      leaf.conversion != ValueConversion::kUint64ToDecimal;
  if (!min_bytes && legacy_ok && statistics.min) min_bytes = &*statistics.min;
  if (!max_bytes && legacy_ok && statistics.max) max_bytes = &*statistics.max;
  if (!min_bytes || !max_bytes) return true;
  const std::optional<Value> min = BoundValue(leaf, *min_bytes);
  const std::optional<Value> max = BoundValue(leaf, *max_bytes);
  if (!min || !max) return true;
  const std::optional<int> literal_vs_min = Compare(*literal, *min);
  const std::optional<int> literal_vs_max = Compare(*literal, *max);
  if (!literal_vs_min || !literal_vs_max) return true;
  switch (predicate.op) {
    case Op::kEqual:
      return *literal_vs_min >= 0 && *literal_vs_max <= 0;
    case Op::kNotEqual:
      return !(*literal_vs_min == 0 && *literal_vs_max == 0);
    case Op::kLess:  // some value < literal
      return *literal_vs_min > 0;
    case Op::kLessEqual:
      return *literal_vs_min >= 0;
    case Op::kGreater:
      return *literal_vs_max < 0;
    case Op::kGreaterEqual:
      return *literal_vs_max <= 0;
    case Op::kIsNull:
    case Op::kIsNotNull:
      break;
  }
  return true;
}

}  // namespace

bool RowGroupMayMatch(const ParquetFile& file, int row_group,
                      const std::vector<ParquetPredicate>& predicates) {
  const RowGroup& group = file.metadata.row_groups[row_group];
  for (const ParquetPredicate& predicate : predicates) {
    if (!MayMatch(file, group, predicate)) return false;
  }
  return true;
}

}  // namespace berserkr::parquet
