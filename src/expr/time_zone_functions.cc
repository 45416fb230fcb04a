// timezone(zone, value), DuckDB's function behind `value AT TIME ZONE zone`:
//
// - timezone(zone, TIMESTAMP WITH TIME ZONE) -> TIMESTAMP: the wall-clock time of the instant in
//   `zone` (whatever zone the argument's type names: its values are UTC instants).
// - timezone(zone, TIMESTAMP or DATE) -> TIMESTAMP WITH TIME ZONE ('UTC'): the instant at which
//   the clocks in `zone` show that wall time (a DATE is its midnight). A time the clocks skip or
//   repeat resolves as ICU and DuckDB do (TimeZone::LocalToUtc).
// - The local DATE of an instant in a zone is CAST(timezone(zone, value) AS DATE), as in DuckDB.
//
// A constant zone (the usual case) is loaded at bind time, so an unknown zone is a bind error; a
// zone column is looked up per row, reusing the last zone while the name repeats. Zones are read
// from the system tz database (time_zone.cc).

#include "berserkr/common/error.h"
#include "berserkr/types/temporal.h"
#include "expr/function_registry_internal.h"
#include "expr/kernel_internal.h"
#include "expr/time_zone_internal.h"

namespace berserkr::expr {

namespace {

using View = std::string_view;
using ZonePtr = std::shared_ptr<const TimeZone>;

// Runs `convert(zone, value, out) -> bool` over the rows of inputs (zone, value) — inputs[0] is
// not read when the zone is constant. A false return is an out-of-range result, reported after
// the loop naming the first such value.
template <typename Convert>
ColumnPtr MapWithZone(const TimeZone* constant_zone, bool null_zone,
                      const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                      const KernelContext& context, Convert&& convert) {
  if (null_zone) return Column::MakeNull(context.result_type, num_rows);
  std::optional<int64_t> failed;
  const auto checked = [&](const TimeZone& zone, int64_t value, int64_t& out) {
    if (convert(zone, value, out)) return true;
    if (!failed) failed = value;
    return false;
  };
  ColumnPtr result;
  if (constant_zone) {
    result = MapRows<int64_t, int64_t>(
        context.result_type, num_rows, {inputs[1]},
        [&](int64_t value, int64_t& out) { return checked(*constant_zone, value, out); });
  } else {
    ZonePtr last_zone;
    std::string last_name;
    result = MapRows<int64_t, View, int64_t>(
        context.result_type, num_rows, inputs, [&](View name, int64_t value, int64_t& out) {
          if (!last_zone || name != last_name) {
            last_zone = TimeZone::Load(name, context.expression_text);
            last_name.assign(name);
          }
          return checked(*last_zone, value, out);
        });
  }
  if (failed) {
    throw InvalidInput("the result for " + FormatTimestamp(*failed) +
                       " is out of the TIMESTAMP range in " + context.expression_text);
  }
  return result;
}

std::optional<BoundFunction> BindTimeZone(const FunctionArguments& arguments) {
  if (arguments.types.size() != 2) return std::nullopt;
  const DataType& zone_type = arguments.types[0];
  const DataType& value_type = arguments.types[1];
  if (zone_type.id() != TypeId::kString && zone_type.id() != TypeId::kNull) return std::nullopt;
  const TypeId value_id = value_type.id();
  if (value_id != TypeId::kTimestamp && value_id != TypeId::kDate && value_id != TypeId::kNull) {
    return std::nullopt;
  }
  const bool from_instant = value_id == TypeId::kTimestamp && !value_type.timezone().empty();

  ZonePtr constant_zone;
  bool null_zone = false;
  if (const auto& zone = arguments.constants[0]) {
    if (zone->is_null()) {
      null_zone = true;
    } else {
      constant_zone = TimeZone::Load(zone->string_value(), "timezone");
    }
  }
  Kernel kernel = [constant_zone, null_zone, from_instant](const std::vector<ColumnPtr>& inputs,
                                                           int64_t num_rows,
                                                           const KernelContext& context) {
    if (from_instant) {
      return MapWithZone(constant_zone.get(), null_zone, inputs, num_rows, context,
                         [](const TimeZone& zone, int64_t utc, int64_t& local) {
                           return zone.UtcToLocal(utc, local);
                         });
    }
    return MapWithZone(constant_zone.get(), null_zone, inputs, num_rows, context,
                       [](const TimeZone& zone, int64_t local, int64_t& utc) {
                         return zone.LocalToUtc(local, utc);
                       });
  };
  if (from_instant) {
    return BoundFunction{{DataType::String(), value_type}, DataType::Timestamp(), kernel};
  }
  return BoundFunction{
      {DataType::String(), DataType::Timestamp()}, DataType::Timestamp("UTC"), kernel};
}

}  // namespace

std::shared_ptr<const TimeZone> ZoneOfType(const DataType& type, const std::string& where) {
  if (type.id() != TypeId::kTimestamp || type.timezone().empty() || type.timezone() == "UTC") {
    return nullptr;
  }
  return TimeZone::Load(type.timezone(), where);
}

ColumnPtr InstantsToWallClock(const ColumnPtr& instants, const TimeZone& zone,
                              const std::string& where) {
  return MapWithZone(&zone, false, {nullptr, instants}, instants->length(),
                     KernelContext{where, DataType::Timestamp()},
                     [](const TimeZone& target, int64_t utc, int64_t& local) {
                       return target.UtcToLocal(utc, local);
                     });
}

ColumnPtr WallClockToInstants(const ColumnPtr& wall_clock, const TimeZone& zone,
                              const DataType& instant_type, const std::string& where) {
  return MapWithZone(&zone, false, {nullptr, wall_clock}, wall_clock->length(),
                     KernelContext{where, instant_type},
                     [](const TimeZone& target, int64_t local, int64_t& utc) {
                       return target.LocalToUtc(local, utc);
                     });
}

void RegisterTimeZoneFunctions(FunctionRegistry& registry) {
  registry.Register("timezone", BindTimeZone);
}

}  // namespace berserkr::expr
