// Experiment metrics as DataFrame programs: assignment from exposure events, outcomes after the
// first exposure, then per-variant proportions. The statistics (intervals, z-tests) are computed
// on the per-variant rows, a handful per experiment.

#include "berserkr/jobs/experiments.h"

#include <cmath>
#include <map>

#include "berserkr/common/error.h"
#include "berserkr/plan/data_frame.h"
#include "jobs/table_values.h"

namespace berserkr {
namespace {

constexpr double kZ95 = 1.959963984540054;

// properties.<name> as `type`, or NULL when no event has that property (so the schema lacks it).
Expr Property(const Schema& schema, const std::string& name, const DataType& type) {
  const std::optional<int> properties = schema.FieldIndex("properties");
  if (properties) {
    const DataType& struct_type = schema.field(*properties).type;
    if (struct_type.id() == TypeId::kStruct) {
      for (const Field& field : struct_type.children()) {
        if (field.name == name) return TryCast(Col("properties." + name), type);
      }
    }
  }
  return NullLit(type);
}

Expr Flag(Expr condition) { return Cast(Coalesce({condition, Lit(false)}), DataType::Int64()); }

// Wilson score interval of x successes in n at 95%.
std::pair<double, double> Wilson(double x, double n) {
  if (n <= 0) return {std::nan(""), std::nan("")};
  const double p = x / n;
  const double z2 = kZ95 * kZ95;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = kZ95 * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  return {centre - half, centre + half};
}

// Pooled two-proportion z statistic of x1/n1 against x0/n0, and its two-sided p-value.
std::pair<double, double> ZTest(double x1, double n1, double x0, double n0) {
  if (n1 <= 0 || n0 <= 0) return {std::nan(""), std::nan("")};
  const double pooled = (x1 + x0) / (n1 + n0);
  const double error = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  if (error == 0) return {std::nan(""), std::nan("")};
  const double z = (x1 / n1 - x0 / n0) / error;
  return {z, std::erfc(std::abs(z) / std::sqrt(2.0))};
}

// Per experiment and variant: users, clickers, converters, gmv, events — then rates, intervals
// and tests against control.
Table VariantStatistics(const Table& counts, const std::string& control) {
  const std::vector<std::string> experiments = StringValues(counts, "experiment");
  const std::vector<std::string> variants = StringValues(counts, "variant");
  const std::vector<double> users = NumberValues(counts, "users");
  const std::vector<double> clickers = NumberValues(counts, "clickers");
  const std::vector<double> converters = NumberValues(counts, "converters");
  const std::vector<double> gmv = NumberValues(counts, "gmv");
  const std::vector<double> events = NumberValues(counts, "events");
  std::map<std::string, size_t> control_row;
  for (size_t row = 0; row < experiments.size(); ++row) {
    if (variants[row] == control) control_row[experiments[row]] = row;
  }
  std::vector<double> ctr, ctr_low, ctr_high, ctr_z, ctr_p, rate, rate_low, rate_high, lift, rate_z,
      rate_p, gmv_total, gmv_per_user;
  for (size_t row = 0; row < experiments.size(); ++row) {
    const auto [click_low, click_high] = Wilson(clickers[row], users[row]);
    const auto [conversion_low, conversion_high] = Wilson(converters[row], users[row]);
    ctr.push_back(clickers[row] / users[row]);
    ctr_low.push_back(click_low);
    ctr_high.push_back(click_high);
    rate.push_back(converters[row] / users[row]);
    rate_low.push_back(conversion_low);
    rate_high.push_back(conversion_high);
    const double money = std::isnan(gmv[row]) ? 0 : gmv[row];
    gmv_total.push_back(money);
    gmv_per_user.push_back(money / users[row]);
    const auto found = control_row.find(experiments[row]);
    if (found == control_row.end() || found->second == row) {
      for (auto* column : {&ctr_z, &ctr_p, &lift, &rate_z, &rate_p})
        column->push_back(std::nan(""));
      continue;
    }
    const size_t base = found->second;
    const auto [click_z, click_p] = ZTest(clickers[row], users[row], clickers[base], users[base]);
    const auto [conversion_z, conversion_p] =
        ZTest(converters[row], users[row], converters[base], users[base]);
    ctr_z.push_back(click_z);
    ctr_p.push_back(click_p);
    lift.push_back(rate.back() / (converters[base] / users[base]) - 1);
    rate_z.push_back(conversion_z);
    rate_p.push_back(conversion_p);
  }
  std::vector<int64_t> whole_users(users.begin(), users.end());
  std::vector<int64_t> whole_clickers(clickers.begin(), clickers.end());
  std::vector<int64_t> whole_converters(converters.begin(), converters.end());
  std::vector<int64_t> whole_events;
  for (double value : events)
    whole_events.push_back(std::isnan(value) ? 0 : static_cast<int64_t>(value));
  return MakeTable({{"experiment", StringColumn(experiments)},
                    {"variant", StringColumn(variants)},
                    {"users", Int64Column(whole_users)},
                    {"clickers", Int64Column(whole_clickers)},
                    {"ctr", Float64Column(ctr)},
                    {"ctr_low", Float64Column(ctr_low)},
                    {"ctr_high", Float64Column(ctr_high)},
                    {"ctr_z", Float64Column(ctr_z)},
                    {"ctr_p_value", Float64Column(ctr_p)},
                    {"converters", Int64Column(whole_converters)},
                    {"conversion_rate", Float64Column(rate)},
                    {"conversion_low", Float64Column(rate_low)},
                    {"conversion_high", Float64Column(rate_high)},
                    {"conversion_lift", Float64Column(lift)},
                    {"conversion_z", Float64Column(rate_z)},
                    {"conversion_p_value", Float64Column(rate_p)},
                    {"gmv", Float64Column(gmv_total)},
                    {"gmv_per_user", Float64Column(gmv_per_user)},
                    {"events", Int64Column(whole_events)}});
}

}  // namespace

ExperimentResult AnalyzeExperiments(const Table& events, const ExperimentOptions& options) {
  const Schema& schema = *events.schema();
  for (const char* column : {"event", "userId", "timestamp"}) {
    if (!schema.FieldIndex(column)) {
      throw InvalidInput(std::string("the event log has no '") + column +
                         "' field (Segment's track events have event, userId, timestamp and "
                         "properties); its fields: " +
                         schema.ToString());
    }
  }
  const DataType text = DataType::String();
  ExperimentResult result;
  result.events = events.num_rows();
  const DataFrame all = DataFrame::FromTable(events).WithColumn(
      "instant", Cast(Col("timestamp"), DataType::Timestamp("UTC")));

  const Table exposures =
      all.Filter(Col("event") == Lit(options.exposure_event) && IsNotNull(Col("userId")))
          .Select({{"experiment", Property(schema, options.experiment_property, text)},
                   {"variant", Property(schema, options.variant_property, text)},
                   {"user", Cast(Col("userId"), text)},
                   {"instant", Col("instant")}})
          .Filter(IsNotNull(Col("experiment")) && IsNotNull(Col("variant")))
          .Collect();
  result.exposures = exposures.num_rows();
  // A user's assignment: the variant of their exposures, from the first; users who saw two
  // variants of one experiment are left out of it (counted).
  const Table assignments = DataFrame::FromTable(exposures)
                                .GroupBy({Col("experiment"), Col("user")})
                                .Agg({Min(Col("instant")).As("exposed_at"),
                                      Aggregate("count_distinct", {Col("variant")}, "variants"),
                                      Min(Col("variant")).As("variant")})
                                .Collect();
  const DataFrame assigned =
      DataFrame::FromTable(assignments).Filter(Col("variants") == Lit(int64_t{1}));
  result.excluded_users = assignments.num_rows() - assigned.Collect().num_rows();

  Expr target = Lit(false);
  if (!options.event.empty()) {
    target = Col("event") == Lit(options.event);
    for (const auto& [property, value] : options.where) {
      target = target && (Property(schema, property, text) == Lit(value));
    }
  }
  const Expr is_conversion = Col("event") == Lit(options.conversion_event);
  const DataFrame activity =
      all.Filter(IsNotNull(Col("userId")))
          .Select({{"user", Cast(Col("userId"), text)},
                   {"at", Col("instant")},
                   {"click", Flag(Col("event") == Lit(options.click_event))},
                   {"conversion", Flag(is_conversion)},
                   {"revenue", Case({{is_conversion, Property(schema, options.revenue_property,
                                                              DataType::Float64())}})},
                   {"target", Flag(target)}})
          .Filter(Col("click") + Col("conversion") + Col("target") > Lit(int64_t{0}));
  // Outcomes count from the user's first exposure on.
  const Table after =
      assigned.Join(activity, {"user"}).Filter(Col("at") >= Col("exposed_at")).Collect();
  const DataFrame outcomes = DataFrame::FromTable(after);
  const DataFrame per_user =
      outcomes.GroupBy({Col("experiment"), Col("variant"), Col("user")})
          .Agg({Sum(Col("click")).As("clicks"), Sum(Col("conversion")).As("conversions"),
                Sum(Col("revenue")).As("gmv"), Sum(Col("target")).As("events")});
  const Table counts =
      assigned.Join(per_user, {"experiment", "variant", "user"}, JoinType::kLeft)
          .GroupBy({Col("experiment"), Col("variant")})
          .Agg({CountStar().As("users"), Sum(Flag(Col("clicks") > Lit(int64_t{0}))).As("clickers"),
                Sum(Flag(Col("conversions") > Lit(int64_t{0}))).As("converters"),
                Sum(Col("gmv")).As("gmv"), Sum(Col("events")).As("events")})
          .Sort({{"experiment"}, {"variant"}})
          .Collect();
  result.variants = VariantStatistics(counts, options.control_variant);

  const Expr exposure_hour = Call("date_trunc", {Lit("hour"), Col("exposed_at")});
  const DataFrame new_exposures = assigned.WithColumn("hour", exposure_hour)
                                      .GroupBy({Col("experiment"), Col("variant"), Col("hour")})
                                      .Agg({CountStar().As("exposures")});
  const DataFrame hourly_outcomes =
      outcomes.WithColumn("hour", Call("date_trunc", {Lit("hour"), Col("at")}))
          .GroupBy({Col("experiment"), Col("variant"), Col("hour")})
          .Agg({Sum(Col("click")).As("clicks"), Sum(Col("conversion")).As("conversions"),
                Sum(Col("revenue")).As("gmv"), Sum(Col("target")).As("events")});
  const Expr zero = Lit(int64_t{0});
  result.hourly =
      new_exposures.Join(hourly_outcomes, {"experiment", "variant", "hour"}, JoinType::kFull)
          .Select({{"experiment", Col("experiment")},
                   {"variant", Col("variant")},
                   {"hour", Col("hour")},
                   {"exposures", Coalesce({Col("exposures"), zero})},
                   {"clicks", Coalesce({Col("clicks"), zero})},
                   {"conversions", Coalesce({Col("conversions"), zero})},
                   {"gmv", Coalesce({Col("gmv"), Lit(0.0)})},
                   {"events", Coalesce({Col("events"), zero})}})
          .Sort({{"experiment"}, {"variant"}, {"hour"}})
          .Collect();
  return result;
}

}  // namespace berserkr
