// nullif(a, b): NULL when a = b, else a (a's type, as in DuckDB; the two compare in their common
// type). ifnull(a, b): a unless it is NULL, then b (two-argument COALESCE, in the common type).

#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

namespace {

// The type two arguments meet in; a string constant takes the other side's type (DuckDB).
std::optional<DataType> CommonArgumentType(const FunctionArguments& arguments) {
  const auto is_string_constant = [&](size_t index) {
    return arguments.constants[index].has_value() && arguments.types[index].id() == TypeId::kString;
  };
  return CommonType(arguments.types[0], arguments.types[1], is_string_constant(0),
                    is_string_constant(1));
}

std::optional<BoundFunction> BindNullIf(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  std::optional<DataType> common = CommonArgumentType(arguments);
  if (!common || common->is_nested()) return std::nullopt;
  if (common->id() == TypeId::kNull) common = DataType::Int32();
  const DataType result = arguments.types[0].id() == TypeId::kNull ? *common : arguments.types[0];
  Kernel kernel = [common = *common](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                                     const KernelContext& context) -> ColumnPtr {
    // Widening a to the common type cannot fail.
    const ColumnPtr left = CastColumn(inputs[0], common, false, context.expression_text);
    std::vector<bool> equal(num_rows);
    VisitPhysicalType(common.id(), [&]<typename T>(std::type_identity<T>) {
      const ValueReader<T> left_values(*left), right_values(*inputs[1]);
      for (int64_t row = 0; row < num_rows; ++row) {
        equal[row] = left_values.valid(row) && right_values.valid(row) &&
                     TotalEqual(left_values(row), right_values(row));  // NaN = NaN
      }
    });
    return VisitPhysicalType(context.result_type.id(), [&]<typename T>(std::type_identity<T>) {
      const ValueReader<T> values(*inputs[0]);
      WriterFor<T> writer(context.result_type, num_rows);
      for (int64_t row = 0; row < num_rows; ++row) {
        if (equal[row] || !values.valid(row)) {
          writer.AppendNull();
        } else {
          writer.Append(values(row));
        }
      }
      return writer.Finish();
    });
  };
  return BoundFunction{{result, *common}, result, kernel};
}

std::optional<BoundFunction> BindIfNull(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  std::optional<DataType> common = CommonArgumentType(arguments);
  if (!common || common->is_nested()) return std::nullopt;
  if (common->id() == TypeId::kNull) common = DataType::Int32();
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) -> ColumnPtr {
    return VisitPhysicalType(context.result_type.id(), [&]<typename T>(std::type_identity<T>) {
      const ValueReader<T> first(*inputs[0]), second(*inputs[1]);
      WriterFor<T> writer(context.result_type, num_rows);
      for (int64_t row = 0; row < num_rows; ++row) {
        if (first.valid(row)) {
          writer.Append(first(row));
        } else if (second.valid(row)) {
          writer.Append(second(row));
        } else {
          writer.AppendNull();
        }
      }
      return writer.Finish();
    });
  };
  return BoundFunction{{*common, *common}, *common, kernel};
}

}  // namespace

void RegisterNullFunctions(FunctionRegistry& registry) {
  registry.Register("nullif", BindNullIf);
  registry.Register("ifnull", BindIfNull);
}

}  // namespace berserkr::expr
