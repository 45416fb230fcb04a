// = <> < <= > >= over any two values that meet in a common type (see CommonType). Strings compare
// bytewise (memcmp order), booleans false < true. FLOAT / DOUBLE follow DuckDB, not IEEE: NaN
// is above every other value and equal to itself (so NaN = NaN, NaN > inf, BETWEEN / IN too), and
// -0.0 = 0.0. A batch without NaN takes the plain IEEE operators, which then agree.

#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

namespace {

enum class Comparison { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

// `left <op> right` in DuckDB's order (kTotal) or with the plain operators (for non-NaN values).
template <Comparison kComparison, bool kTotal, typename T>
bool Compare(T left, T right) {
  if constexpr (kTotal) {
    switch (kComparison) {
      case Comparison::kEqual:
        return TotalEqual(left, right);
      case Comparison::kNotEqual:
        return !TotalEqual(left, right);
      case Comparison::kLess:
        return TotalLess(left, right);
      case Comparison::kLessEqual:
        return !TotalLess(right, left);
      case Comparison::kGreater:
        return TotalLess(right, left);
      case Comparison::kGreaterEqual:
        return !TotalLess(left, right);
    }
  }
  switch (kComparison) {
    case Comparison::kEqual:
      return left == right;
    case Comparison::kNotEqual:
      return left != right;
    case Comparison::kLess:
      return left < right;
    case Comparison::kLessEqual:
      return left <= right;
    case Comparison::kGreater:
      return left > right;
    case Comparison::kGreaterEqual:
      return left >= right;
  }
  return false;
}

template <Comparison kComparison, bool kTotal, typename T>
ColumnPtr CompareRows(const std::vector<ColumnPtr>& inputs, int64_t num_rows) {
  return MapRows<bool, T, T>(DataType::Bool(), num_rows, inputs, [](T left, T right, bool& out) {
    out = Compare<kComparison, kTotal>(left, right);
    return true;
  });
}

template <Comparison kComparison>
FunctionBinder ComparisonBinder() {
  return [](const FunctionArguments& arguments) -> std::optional<BoundFunction> {
    if (arguments.types.size() != 2) return std::nullopt;
    const auto is_string_constant = [&](size_t index) {
      return arguments.constants[index].has_value() &&
             arguments.types[index].id() == TypeId::kString;
    };
    std::optional<DataType> common = CommonType(arguments.types[0], arguments.types[1],
                                                is_string_constant(0), is_string_constant(1));
    if (!common || common->is_nested()) return std::nullopt;
    if (common->id() == TypeId::kNull) common = DataType::Bool();
    Kernel kernel = [type = *common](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                                     const KernelContext& context) -> ColumnPtr {
      return VisitPhysicalType(type.id(), [&]<typename T>(std::type_identity<T>) {
        if constexpr (std::is_floating_point_v<T>) {
          if (HasNaN<T>(*inputs[0]) || HasNaN<T>(*inputs[1])) {
            return CompareRows<kComparison, true, T>(inputs, num_rows);
          }
        }
        return CompareRows<kComparison, false, T>(inputs, num_rows);
      });
    };
    return BoundFunction{{*common, *common}, DataType::Bool(), kernel};
  };
}

}  // namespace

void RegisterComparisonFunctions(FunctionRegistry& registry) {
  registry.Register("equal", ComparisonBinder<Comparison::kEqual>());
  registry.Register("not_equal", ComparisonBinder<Comparison::kNotEqual>());
  registry.Register("less", ComparisonBinder<Comparison::kLess>());
  registry.Register("less_equal", ComparisonBinder<Comparison::kLessEqual>());
  registry.Register("greater", ComparisonBinder<Comparison::kGreater>());
  registry.Register("greater_equal", ComparisonBinder<Comparison::kGreaterEqual>());
}

}  // namespace berserkr::expr
