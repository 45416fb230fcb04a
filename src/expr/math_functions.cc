// abs, round(x[, digits]), floor, ceil, ln, log10 / log(x), log2, log(base, x), exp, pow / power,
// sqrt, sign, greatest, least.
// Integers and DOUBLE are supported; DECIMAL arguments are computed in DOUBLE (DuckDB keeps
// DECIMAL for round / floor / ceil / abs — a known difference). Logarithms of x <= 0 (and to base
// 1) and sqrt of a negative number throw InvalidInput, as in DuckDB. sign gives TINYINT -1, 0, 1
// (0 for NaN), as in DuckDB.

#include <cmath>
#include <limits>

#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"

namespace berserkr::expr {

namespace {

DataType NumericOrDouble(const DataType& type) {
  return type.is_integer() ? type : DataType::Float64();
}

// A DOUBLE -> DOUBLE function; `domain_error` names the failure when `in_domain` rejects a value.
template <typename Function, typename Domain>
FunctionBinder DoubleFunction(Function function, Domain in_domain, const char* domain_error) {
  return [=](const FunctionArguments& arguments) -> std::optional<BoundFunction> {
    if (arguments.types.size() != 1) return std::nullopt;
    if (!arguments.types[0].is_numeric() && arguments.types[0].id() != TypeId::kNull) {
      return std::nullopt;
    }
    Kernel kernel = [=](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                        const KernelContext& context) {
      bool outside = false;
      ColumnPtr result = MapRows<double, double>(context.result_type, num_rows, inputs,
                                                 [&](double value, double& out) {
                                                   outside |= !in_domain(value);
                                                   out = function(value);
                                                   return true;
                                                 });
      if (outside) throw InvalidInput(std::string(domain_error) + " in " + context.expression_text);
      return result;
    };
    return BoundFunction{{DataType::Float64()}, DataType::Float64(), kernel};
  };
}

std::optional<BoundFunction> BindAbs(const FunctionArguments& arguments) {
  if (arguments.types.size() != 1 || !arguments.types[0].is_numeric()) return std::nullopt;
  const DataType type = NumericOrDouble(arguments.types[0]);
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) -> ColumnPtr {
    return VisitPhysicalType(context.result_type.id(), [&]<typename T>(std::type_identity<T>) {
      if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
        bool overflow = false;
        ColumnPtr result =
            MapRows<T, T>(context.result_type, num_rows, inputs, [&](T value, T& out) {
              if constexpr (std::is_integral_v<T>) {
                if (value == std::numeric_limits<T>::min()) {  // -MIN does not fit
                  overflow = true;
                  out = value;
                  return true;
                }
              }
              out = value < 0 ? T(-value) : value;
              return true;
            });
        if (overflow) throw InvalidInput("integer overflow in " + context.expression_text);
        return result;
      } else {
        return ColumnPtr();
      }
    });
  };
  return BoundFunction{{type}, type, kernel};
}

// DuckDB's round(x, digits) for DOUBLE: scaling may overflow (round(1.79e308, 1)) or the scale
// itself may be inf (digits beyond +-308); then the value itself comes back for digits >= 0 and
// 0 for digits < 0. Negative digits divide by 10^-digits (exact) rather than multiply by 10^digits.
double RoundToDigits(double value, int32_t digits) {
  if (digits < 0) {
    const double modifier = std::pow(10.0, -static_cast<double>(digits));
    const double rounded = std::round(value / modifier) * modifier;
    return std::isfinite(rounded) ? rounded : 0.0;
  }
  const double modifier = std::pow(10.0, digits);
  const double rounded = std::round(value * modifier) / modifier;
  return std::isfinite(rounded) ? rounded : value;
}

// round(x[, digits]) rounds half away from zero; integers pass through unchanged.
std::optional<BoundFunction> BindRound(const FunctionArguments& arguments) {
  if (arguments.types.empty() || arguments.types.size() > 2) return std::nullopt;
  if (!arguments.types[0].is_numeric()) return std::nullopt;
  if (arguments.types.size() == 2 && !arguments.types[1].is_integer()) return std::nullopt;
  if (arguments.types[0].is_integer()) {
    std::vector<DataType> types = arguments.types;
    if (types.size() == 2) types[1] = DataType::Int32();
    Kernel identity = [](const std::vector<ColumnPtr>& inputs, int64_t, const KernelContext&) {
      return inputs[0];
    };
    return BoundFunction{types, arguments.types[0], identity};
  }
  if (arguments.types.size() == 1) {
    Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                       const KernelContext& context) {
      return MapRows<double, double>(context.result_type, num_rows, inputs,
                                     [](double value, double& out) {
                                       out = std::round(value);
                                       return true;
                                     });
    };
    return BoundFunction{{DataType::Float64()}, DataType::Float64(), kernel};
  }
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    return MapRows<double, double, int32_t>(context.result_type, num_rows, inputs,
                                            [](double value, int32_t digits, double& out) {
                                              out = RoundToDigits(value, digits);
                                              return true;
                                            });
  };
  return BoundFunction{{DataType::Float64(), DataType::Int32()}, DataType::Float64(), kernel};
}

template <double (*kFunction)(double)>
std::optional<BoundFunction> BindIntegerPreserving(const FunctionArguments& arguments) {
  if (arguments.types.size() != 1 || !arguments.types[0].is_numeric()) return std::nullopt;
  if (arguments.types[0].is_integer()) {
    Kernel identity = [](const std::vector<ColumnPtr>& inputs, int64_t, const KernelContext&) {
      return inputs[0];
    };
    return BoundFunction{arguments.types, arguments.types[0], identity};
  }
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    return MapRows<double, double>(context.result_type, num_rows, inputs,
                                   [](double value, double& out) {
                                     out = kFunction(value);
                                     return true;
                                   });
  };
  return BoundFunction{{DataType::Float64()}, DataType::Float64(), kernel};
}

double Floor(double value) { return std::floor(value); }
double Ceil(double value) { return std::ceil(value); }

std::optional<BoundFunction> BindPower(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  for (const DataType& type : arguments.types) {
    if (!type.is_numeric() && type.id() != TypeId::kNull) return std::nullopt;
  }
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    return MapRows<double, double, double>(context.result_type, num_rows, inputs,
                                           [](double base, double exponent, double& out) {
                                             out = std::pow(base, exponent);
                                             return true;
                                           });
  };
  return BoundFunction{{DataType::Float64(), DataType::Float64()}, DataType::Float64(), kernel};
}

// log(base, x): DuckDB rejects a base or x <= 0, and base 1.
std::optional<BoundFunction> BindLogBase(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  for (const DataType& type : arguments.types) {
    if (!type.is_numeric() && type.id() != TypeId::kNull) return std::nullopt;
  }
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    const char* failure = nullptr;
    ColumnPtr result = MapRows<double, double, double>(
        context.result_type, num_rows, inputs, [&](double base, double value, double& out) {
          if (base <= 0 || value <= 0) {
            failure = "cannot take the logarithm of zero or a negative number";
          } else if (base == 1) {
            failure = "cannot take a logarithm to base 1 (division by zero)";
          }
          out = std::log(value) / std::log(base);
          return true;
        });
    if (failure != nullptr)
      throw InvalidInput(std::string(failure) + " in " + context.expression_text);
    return result;
  };
  return BoundFunction{{DataType::Float64(), DataType::Float64()}, DataType::Float64(), kernel};
}

std::optional<BoundFunction> BindSign(const FunctionArguments& arguments) {
  if (arguments.types.size() != 1) return std::nullopt;
  if (!arguments.types[0].is_numeric() && arguments.types[0].id() != TypeId::kNull) {
    return std::nullopt;
  }
  // Every integer and decimal keeps its sign as a DOUBLE.
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) {
    return MapRows<int8_t, double>(context.result_type, num_rows, inputs,
                                   [](double value, int8_t& out) {
                                     out = static_cast<int8_t>((value > 0) - (value < 0));
                                     return true;
                                   });
  };
  return BoundFunction{{DataType::Float64()}, DataType::Int8(), kernel};
}

// greatest / least skip NULL arguments (DuckDB); NULL only when every argument is NULL. NaN is
// above every number (greatest(1, NaN) = NaN, least(1, NaN) = 1).
template <bool kGreatest>
std::optional<BoundFunction> BindExtreme(const FunctionArguments& arguments) {
  if (arguments.types.empty()) return std::nullopt;
  DataType type;
  for (const DataType& argument : arguments.types) {
    auto common = CommonType(type, argument);
    if (!common || common->is_nested()) return std::nullopt;
    type = *common;
  }
  if (type.id() == TypeId::kNull) type = DataType::Int32();
  Kernel kernel = [](const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                     const KernelContext& context) -> ColumnPtr {
    return VisitPhysicalType(context.result_type.id(), [&]<typename T>(std::type_identity<T>) {
      std::vector<ValueReader<T>> readers;
      for (const ColumnPtr& input : inputs) readers.emplace_back(*input);
      WriterFor<T> writer(context.result_type, num_rows);
      for (int64_t row = 0; row < num_rows; ++row) {
        bool found = false;
        T best{};
        for (const auto& reader : readers) {
          if (!reader.valid(row)) continue;
          const T value = reader(row);
          // DuckDB's order: NaN is the greatest value.
          if (!found || (kGreatest ? TotalLess(best, value) : TotalLess(value, best))) {
            best = value;
          }
          found = true;
        }
        found ? writer.Append(best) : writer.AppendNull();
      }
      return writer.Finish();
    });
  };
  return BoundFunction{std::vector<DataType>(arguments.types.size(), type), type, kernel};
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& registry) {
  const auto always = [](double) { return true; };
  registry.Register("abs", BindAbs);
  registry.Register("round", BindRound);
  registry.Register("floor", BindIntegerPreserving<Floor>);
  registry.Register("ceil", BindIntegerPreserving<Ceil>);
  registry.Register("ceiling", BindIntegerPreserving<Ceil>);
  registry.Register("ln", DoubleFunction([](double value) { return std::log(value); },
                                         [](double value) { return value > 0; },
                                         "cannot take the logarithm of zero or a negative number"));
  const FunctionBinder log10 = DoubleFunction(
      [](double value) { return std::log10(value); }, [](double value) { return value > 0; },
      "cannot take the logarithm of zero or a negative number");
  registry.Register("log10", log10);
  // DuckDB's log(x) is log10(x); log(base, x) takes the base first.
  registry.Register("log", [log10](const FunctionArguments& arguments) {
    return arguments.types.size() == 2 ? BindLogBase(arguments) : log10(arguments);
  });
  registry.Register("log2",
                    DoubleFunction([](double value) { return std::log2(value); },
                                   [](double value) { return value > 0; },
                                   "cannot take the logarithm of zero or a negative number"));
  registry.Register("sign", BindSign);
  registry.Register("exp",
                    DoubleFunction([](double value) { return std::exp(value); }, always, ""));
  registry.Register("sqrt", DoubleFunction([](double value) { return std::sqrt(value); },
                                           [](double value) { return value >= 0; },
                                           "cannot take the square root of a negative number"));
  registry.Register("pow", BindPower);
  registry.Register("power", BindPower);
  registry.Register("greatest", BindExtreme<true>);
  registry.Register("least", BindExtreme<false>);
}

}  // namespace berserkr::expr
