// = <> < <= > >= over any two values that meet in a common type (see CommonType). Strings compare
// bytewise (memcmp order), booleans false < true. NaN follows IEEE (unequal to itself), unlike
// DuckDB, which orders NaN above every number.

#include <functional>

#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

namespace {

template <typename Compare>
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
        return MapRows<bool, T, T>(DataType::Bool(), num_rows, inputs,
                                   [](T left, T right, bool& out) {
                                     out = Compare()(left, right);
                                     return true;
                                   });
      });
    };
    return BoundFunction{{*common, *common}, DataType::Bool(), kernel};
  };
}

}  // namespace

void RegisterComparisonFunctions(FunctionRegistry& registry) {
  registry.Register("equal", ComparisonBinder<std::equal_to<>>());
  registry.Register("not_equal", ComparisonBinder<std::not_equal_to<>>());
  registry.Register("less", ComparisonBinder<std::less<>>());
  registry.Register("less_equal", ComparisonBinder<std::less_equal<>>());
  registry.Register("greater", ComparisonBinder<std::greater<>>());
  registry.Register("greater_equal", ComparisonBinder<std::greater_equal<>>());
}

}  // namespace berserkr::expr
