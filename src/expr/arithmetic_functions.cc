// + - * / // % and unary minus with DuckDB's semantics: integer results keep the common integer
// type and overflow is an error (also MIN // -1 and MIN % -1); DECIMAL results widen as in DuckDB
// (add: max integer digits + max scale + 1; multiply: precisions and scales add; modulo: max
// integer digits + max scale).
// Division by zero, as DuckDB 1.5 (ieee_floating_point_ops, on by default):
// - `/` always divides in DOUBLE (FLOAT for two FLOATs) the IEEE way: 1 / 0 = inf, -1 / 0 = -inf,
//   0 / 0 = NaN.
// - `%` on FLOAT / DOUBLE is fmod: x % 0 = NaN.
// - `//` on FLOAT / DOUBLE (and DECIMAL, which it turns into DOUBLE) is `/` without rounding
//   (7.5 // 2 = 3.75), but NULL for a zero divisor.
// - `//` and `%` on integers and `%` on DECIMAL are NULL for a zero divisor.
// DATE + integer, integer + DATE and DATE - integer move by days (a result outside DATE's finite
// range is an error; infinite dates stay as they are); DATE - DATE counts days as BIGINT.
// TIMESTAMP - TIMESTAMP is an INTERVAL in DuckDB, a type berserkr lacks: it fails to bind with a
// message pointing to date_diff.

#include <cmath>
#include <limits>

#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

namespace {

enum class Operator { kAdd, kSubtract, kMultiply, kModulo, kIntegerDivide };

[[noreturn]] void ThrowOverflow(const KernelContext& context, const char* what) {
  throw InvalidInput(std::string(what) + " overflow in " + context.expression_text);
}

// Integer and decimal arithmetic on T with overflow detection; decimals also check the precision.
template <typename T, Operator kOperator>
ColumnPtr IntegerKernel(const std::vector<ColumnPtr>& arguments, int64_t num_rows,
                        const KernelContext& context) {
  bool overflow = false;
  const bool is_decimal = context.result_type.id() == TypeId::kDecimal;
  const int128 limit = is_decimal ? PowerOfTen(context.result_type.precision()) : 0;
  ColumnPtr result =
      MapRows<T, T, T>(context.result_type, num_rows, arguments, [&](T left, T right, T& out) {
        if constexpr (kOperator == Operator::kAdd) {
          overflow |= __builtin_add_overflow(left, right, &out);
        } else if constexpr (kOperator == Operator::kSubtract) {
          overflow |= __builtin_sub_overflow(left, right, &out);
        } else if constexpr (kOperator == Operator::kMultiply) {
          overflow |= __builtin_mul_overflow(left, right, &out);
        } else {
          if (right == 0) return false;
          // MIN % -1 and MIN // -1 trap in hardware; both are an overflow error in DuckDB.
          if (right == T(-1)) {
            overflow |= __builtin_sub_overflow(T(0), left, &out);
            if constexpr (kOperator == Operator::kModulo) out = 0;
            return true;
          }
          out = kOperator == Operator::kModulo ? T(left % right) : T(left / right);
        }
        if (is_decimal) overflow |= out >= limit || out <= -limit;
        return true;
      });
  if (overflow) ThrowOverflow(context, is_decimal ? "decimal" : "integer");
  return result;
}

template <typename T, Operator kOperator>
ColumnPtr FloatKernel(const std::vector<ColumnPtr>& arguments, int64_t num_rows,
                      const KernelContext& context) {
  return MapRows<T, T, T>(context.result_type, num_rows, arguments, [](T left, T right, T& out) {
    if constexpr (kOperator == Operator::kAdd) {
      out = left + right;
    } else if constexpr (kOperator == Operator::kSubtract) {
      out = left - right;
    } else if constexpr (kOperator == Operator::kMultiply) {
      out = left * right;
    } else if constexpr (kOperator == Operator::kModulo) {
      out = std::fmod(left, right);  // NaN for a zero divisor, as DuckDB
    } else {
      // DuckDB's // on FLOAT / DOUBLE does not round (7.5 // 2 = 3.75); a zero divisor is NULL.
      if (right == 0) return false;
      out = left / right;
    }
    return true;
  });
}

// DATE +/- integer days (the integer is the second input, or the first for integer + DATE).
template <Operator kOperator, bool kDateFirst>
ColumnPtr DateShiftKernel(const std::vector<ColumnPtr>& arguments, int64_t num_rows,
                          const KernelContext& context) {
  // DuckDB keeps +/-infinity (INT32_MAX / -INT32_MAX days) and rejects finite results reaching
  // them.
  constexpr int32_t kInfinity = std::numeric_limits<int32_t>::max();
  bool out_of_range = false;
  ColumnPtr result = MapRows<int32_t, int32_t, int32_t>(
      context.result_type, num_rows, arguments, [&](int32_t left, int32_t right, int32_t& out) {
        const int32_t date = kDateFirst ? left : right;
        const int32_t days = kDateFirst ? right : left;
        if (date == kInfinity || date == -kInfinity) {
          out = date;
          return true;
        }
        bool overflow = kOperator == Operator::kAdd ? __builtin_add_overflow(date, days, &out)
                                                    : __builtin_sub_overflow(date, days, &out);
        out_of_range |= overflow || out == kInfinity || out == -kInfinity;
        return true;
      });
  if (out_of_range) throw InvalidInput("date out of range in " + context.expression_text);
  return result;
}

// DATE - DATE: days as BIGINT (cannot overflow).
ColumnPtr DateDifferenceKernel(const std::vector<ColumnPtr>& arguments, int64_t num_rows,
                               const KernelContext& context) {
  return MapRows<int64_t, int32_t, int32_t>(context.result_type, num_rows, arguments,
                                            [](int32_t left, int32_t right, int64_t& out) {
                                              out = int64_t{left} - int64_t{right};
                                              return true;
                                            });
}

template <Operator kOperator>
Kernel PickKernel(const DataType& type) {
  switch (type.id()) {
    case TypeId::kInt8:
      return IntegerKernel<int8_t, kOperator>;
    case TypeId::kInt16:
      return IntegerKernel<int16_t, kOperator>;
    case TypeId::kInt32:
      return IntegerKernel<int32_t, kOperator>;
    case TypeId::kInt64:
      return IntegerKernel<int64_t, kOperator>;
    case TypeId::kDecimal:
      return IntegerKernel<int128, kOperator>;
    case TypeId::kFloat32:
      return FloatKernel<float, kOperator>;
    default:
      return FloatKernel<double, kOperator>;
  }
}

// The DECIMAL version of a numeric type (integers as DECIMAL(n, 0)).
DataType AsDecimal(const DataType& type) {
  return type.id() == TypeId::kDecimal ? type : DecimalForInteger(type);
}

template <Operator kOperator>
FunctionBinder ArithmeticBinder() {
  return [](const FunctionArguments& arguments) -> std::optional<BoundFunction> {
    if (arguments.types.size() != 2) return std::nullopt;
    const DataType& left = arguments.types[0];
    const DataType& right = arguments.types[1];
    // DATE + integer and DATE - integer move by days; DATE - DATE counts days (as DuckDB).
    if constexpr (kOperator == Operator::kAdd || kOperator == Operator::kSubtract) {
      if (left.id() == TypeId::kDate && right.is_integer()) {
        return BoundFunction{{left, DataType::Int32()}, left, DateShiftKernel<kOperator, true>};
      }
      if (kOperator == Operator::kAdd && right.id() == TypeId::kDate && left.is_integer()) {
        return BoundFunction{{DataType::Int32(), right}, right, DateShiftKernel<kOperator, false>};
      }
      if (kOperator == Operator::kSubtract && left.id() == TypeId::kDate &&
          right.id() == TypeId::kDate) {
        return BoundFunction{{left, right}, DataType::Int64(), DateDifferenceKernel};
      }
      const auto is_temporal = [](const DataType& type) {
        return type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp;
      };
      if (kOperator == Operator::kSubtract && is_temporal(left) && is_temporal(right)) {
        throw InvalidInput(
            "cannot subtract " + right.ToString() + " from " + left.ToString() +
            ": DuckDB gives an INTERVAL, which berserkr does not have; use date_diff('day', "
            "start, end) (or 'microsecond', 'second', ...) for the distance as a BIGINT");
      }
    }
    std::optional<DataType> common = CommonNumericType(left, right);
    if (!common) return std::nullopt;
    if (kOperator == Operator::kIntegerDivide && common->id() == TypeId::kDecimal) {
      common = DataType::Float64();
    }
    if (common->id() != TypeId::kDecimal) {
      return BoundFunction{{*common, *common}, *common, PickKernel<kOperator>(*common)};
    }
    if constexpr (kOperator == Operator::kMultiply) {
      // Unscaled values multiply directly: the scales add up.
      const DataType left_decimal = AsDecimal(left.id() == TypeId::kNull ? *common : left);
      const DataType right_decimal = AsDecimal(right.id() == TypeId::kNull ? *common : right);
      const DataType result =
          DataType::Decimal(std::min(38, left_decimal.precision() + right_decimal.precision()),
                            std::min(38, left_decimal.scale() + right_decimal.scale()));
      return BoundFunction{{left_decimal, right_decimal}, result, PickKernel<kOperator>(result)};
    }
    const int extra_digit = kOperator == Operator::kModulo ? 0 : 1;
    const DataType result =
        DataType::Decimal(std::min(38, common->precision() + extra_digit), common->scale());
    return BoundFunction{{result, result}, result, PickKernel<kOperator>(result)};
  };
}

std::optional<BoundFunction> BindDivide(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  std::optional<DataType> common = CommonNumericType(arguments.types[0], arguments.types[1]);
  if (!common) return std::nullopt;
  const DataType type = common->id() == TypeId::kFloat32 ? *common : DataType::Float64();
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) -> ColumnPtr {
    return VisitPhysicalType(context.result_type.id(), [&]<typename T>(std::type_identity<T>) {
      if constexpr (std::is_floating_point_v<T>) {
        // IEEE: x / 0 is +-inf or NaN, as DuckDB 1.5.
        return MapRows<T, T, T>(context.result_type, num_rows, inputs, [](T left, T right, T& out) {
          out = left / right;
          return true;
        });
      } else {
        return ColumnPtr();
      }
    });
  };
  return BoundFunction{{type, type}, type, kernel};
}

std::optional<BoundFunction> BindNegate(const FunctionArguments& arguments) {
  if (arguments.types.size() != 1) return std::nullopt;
  DataType type = arguments.types[0].id() == TypeId::kNull ? DataType::Int32() : arguments.types[0];
  if (!type.is_numeric()) return std::nullopt;
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) -> ColumnPtr {
    return VisitPhysicalType(context.result_type.id(), [&]<typename T>(std::type_identity<T>) {
      if constexpr ((std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) ||
                    std::is_same_v<T, int128>) {
        bool overflow = false;
        ColumnPtr result =
            MapRows<T, T>(context.result_type, num_rows, inputs, [&](T value, T& out) {
              if constexpr (std::is_integral_v<T> || std::is_same_v<T, int128>) {
                overflow |= __builtin_sub_overflow(T(0), value, &out);
              } else {
                out = -value;
              }
              return true;
            });
        if (overflow) ThrowOverflow(context, "integer");
        return result;
      } else {
        return ColumnPtr();
      }
    });
  };
  return BoundFunction{{type}, type, kernel};
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry& registry) {
  registry.Register("add", ArithmeticBinder<Operator::kAdd>());
  registry.Register("subtract", ArithmeticBinder<Operator::kSubtract>());
  registry.Register("multiply", ArithmeticBinder<Operator::kMultiply>());
  registry.Register("modulo", ArithmeticBinder<Operator::kModulo>());
  registry.Register("integer_divide", ArithmeticBinder<Operator::kIntegerDivide>());
  registry.Register("divide", BindDivide);
  registry.Register("negate", BindNegate);
}

}  // namespace berserkr::expr
