#include <algorithm>

#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

const FunctionRegistry& FunctionRegistry::Get() {
  // Built on first use (not at static-initialization time) and never destroyed.
  static const FunctionRegistry* registry = [] {
    auto* built = new FunctionRegistry();
    RegisterArithmeticFunctions(*built);
    RegisterComparisonFunctions(*built);
    RegisterNullFunctions(*built);
    RegisterMathFunctions(*built);
    RegisterStringFunctions(*built);
    RegisterStringEditFunctions(*built);
    RegisterRegexpFunctions(*built);
    RegisterDateFunctions(*built);
    RegisterTimeZoneFunctions(*built);
    return built;
  }();
  return *registry;
}

const FunctionBinder* FunctionRegistry::Find(const std::string& name) const {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char character) { return std::tolower(character); });
  const auto found = binders_.find(lower);
  return found == binders_.end() ? nullptr : &found->second;
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, binder] : binders_) names.push_back(name);
  return names;
}

int128 PowerOfTen(int exponent) {
  int128 value = 1;
  for (int step = 0; step < exponent; ++step) value *= 10;
  return value;
}

DataType DecimalForInteger(const DataType& integer) {
  switch (integer.id()) {
    case TypeId::kInt8:
      return DataType::Decimal(3, 0);
    case TypeId::kInt16:
      return DataType::Decimal(5, 0);
    case TypeId::kInt32:
      return DataType::Decimal(10, 0);
    default:
      return DataType::Decimal(19, 0);
  }
}

std::optional<DataType> CommonNumericType(const DataType& left, const DataType& right) {
  if (left.id() == TypeId::kNull && (right.is_numeric() || right.id() == TypeId::kNull)) {
    return right.id() == TypeId::kNull ? DataType::Int32() : right;
  }
  if (right.id() == TypeId::kNull && left.is_numeric()) return left;
  if (!left.is_numeric() || !right.is_numeric()) return std::nullopt;
  if (left.id() == TypeId::kFloat64 || right.id() == TypeId::kFloat64) return DataType::Float64();
  if (left.is_floating() || right.is_floating()) return DataType::Float32();
  if (left.is_integer() && right.is_integer()) return left.id() >= right.id() ? left : right;
  const DataType left_decimal = left.is_integer() ? DecimalForInteger(left) : left;
  const DataType right_decimal = right.is_integer() ? DecimalForInteger(right) : right;
  const int scale = std::max(left_decimal.scale(), right_decimal.scale());
  const int digits = std::max(left_decimal.precision() - left_decimal.scale(),
                              right_decimal.precision() - right_decimal.scale());
  return DataType::Decimal(std::min(38, digits + scale), scale);
}

std::optional<DataType> CommonType(const DataType& left, const DataType& right,
                                   bool left_is_string_constant, bool right_is_string_constant) {
  if (left == right) return left;
  if (left.id() == TypeId::kNull) return right;
  if (right.id() == TypeId::kNull) return left;
  // A string literal takes the type of what it meets: date_column = '2024-01-31'.
  if (left_is_string_constant && right.id() != TypeId::kString) return right;
  if (right_is_string_constant && left.id() != TypeId::kString) return left;
  if (left.is_numeric() && right.is_numeric()) return CommonNumericType(left, right);
  const auto is_temporal = [](const DataType& type) {
    return type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp;
  };
  if (is_temporal(left) && is_temporal(right)) {
    return left.id() == TypeId::kTimestamp ? left : right;
  }
  if (left.is_binary_like() && right.is_binary_like()) return DataType::String();
  return std::nullopt;
}

}  // namespace berserkr::expr
