// Candidates and synthesized features for purchase propensity. Every feature of a cutoff reads
// only lines before it: the history table is the one input of every aggregate below.

#include <map>

#include "berserkr/common/error.h"
#include "berserkr/jobs/propensity.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/temporal.h"

namespace berserkr {
namespace {

Expr Date(int32_t days) { return Lit(Scalar::Date(days)); }

Expr DaysBetween(Expr from, Expr to) {
  return Cast(Call("date_diff", {Lit("day"), std::move(from), std::move(to)}), DataType::Float64());
}

// Purchases: lines of non-cancelled invoices with a customer, a positive quantity and price.
DataFrame Purchases(const Table& lines) {
  return DataFrame::FromTable(lines)
      .Filter(Not(Coalesce({Call("starts_with", {Col("invoice"), Lit("C")}), Lit(false)})) &&
              IsNotNull(Col("customer_id")) && IsNotNull(Col("stock_code")) &&
              Col("quantity") > Lit(0) && Col("unit_price") > Lit(0.0))
      .Select({{"customer_id", Col("customer_id")},
               {"stock_code", Col("stock_code")},
               {"invoice", Col("invoice")},
               {"day", Cast(Col("invoice_date"), DataType::Date())},
               {"quantity", Cast(Col("quantity"), DataType::Float64())},
               {"amount", Cast(Col("quantity"), DataType::Float64()) * Col("unit_price")},
               {"unit_price", Col("unit_price")},
               {"country", Col("country")}});
}

std::vector<std::string> Keys(const std::string& entity) {
  if (entity == "customer") return {"customer_id"};
  if (entity == "item") return {"stock_code"};
  return {"customer_id", "stock_code"};
}

// What one feature needs from its group's aggregate, and how its value follows.
struct FeaturePlan {
  std::vector<AggregateSpec> aggregates;
  Expr value;
};

FeaturePlan PlanFeature(const FeatureDefinition& feature, const std::string& prefix,
                        int32_t cutoff) {
  const std::string a = prefix + "_a";
  const std::string b = prefix + "_b";
  const std::string c = prefix + "_c";
  const std::string& f = feature.function;
  const Expr column = feature.column.empty() ? Lit(1) : Col(feature.column);
  if (f == "count") return {{CountStar().As(a)}, Cast(Col(a), DataType::Float64())};
  if (f == "sum" || f == "mean" || f == "max" || f == "min" || f == "stddev" ||
      f == "count_distinct") {
    const std::string function = f == "mean" ? "avg" : f;
    return {{Aggregate(function, {column}, a)}, Cast(Col(a), DataType::Float64())};
  }
  if (f == "days_since_last") {
    return {{Max(column).As(a)}, DaysBetween(Col(a), Date(cutoff))};
  }
  if (f == "days_since_first") {
    return {{Min(column).As(a)}, DaysBetween(Col(a), Date(cutoff))};
  }
  // Mean days between the distinct days with a purchase (NULL with one day); overdue: days since
  // the last purchase in units of that interval (> 1: later than usual).
  if (f == "mean_interval" || f == "overdue") {
    const Expr interval = DaysBetween(Col(a), Col(b)) /
                          Call("nullif", {Cast(Col(c), DataType::Float64()) - Lit(1.0), Lit(0.0)});
    return {{Min(column).As(a), Max(column).As(b), Aggregate("count_distinct", {column}, c)},
            f == "overdue" ? DaysBetween(Col(b), Date(cutoff)) / interval : interval};
  }
  // Recent buyers against the 90-day average: > 1 means the item is rising.
  if (f == "trend") {
    const Expr recent = Case({{Col("day") >= Date(cutoff - 30), column}});
    return {{Aggregate("count_distinct", {recent}, a), Aggregate("count_distinct", {column}, b)},
            Cast(Col(a), DataType::Float64()) /
                Call("nullif", {Cast(Col(b), DataType::Float64()) / Lit(3.0), Lit(0.0)})};
  }
  if (f == "share") {
    return {{Mean(Cast(column, DataType::Float64())).As(a)}, Col(a)};
  }
  throw Internal("unknown feature function " + f);
}

// The source table of a feature group, restricted to its window.
DataFrame Source(const std::string& source, const Table& history, int window_days, int32_t cutoff) {
  DataFrame frame = DataFrame::FromTable(history);
  if (source == "invoices") {
    frame = frame.GroupBy({Col("invoice"), Col("customer_id")})
                .Agg({Min(Col("day")).As("day"), Sum(Col("amount")).As("amount"),
                      CountStar().As("lines")})
                .WithColumn("lines", Cast(Col("lines"), DataType::Float64()));
  } else if (source == "customer_items") {
    frame = frame.GroupBy({Col("customer_id"), Col("stock_code")})
                .Agg({Aggregate("count_distinct", {Col("invoice")}, "invoices"),
                      Max(Col("day")).As("day")})
                .WithColumn("repeat", Col("invoices") >= Lit(int64_t{2}));
  }
  if (window_days > 0) frame = frame.Filter(Col("day") >= Date(cutoff - window_days));
  return frame;
}

// customer_id, stock_code and where each candidate came from.
DataFrame Candidates(const Table& history, int32_t cutoff, const PropensityOptions& options) {
  const DataFrame lines = DataFrame::FromTable(history);
  const DataFrame bought =
      lines.Select({{"customer_id", Col("customer_id")}, {"stock_code", Col("stock_code")}})
          .Distinct();
  // Items bought in the same invoice as each item, most often first.
  const DataFrame invoice_items =
      lines.Select({{"invoice", Col("invoice")}, {"stock_code", Col("stock_code")}}).Distinct();
  const DataFrame pairs =
      invoice_items
          .Join(invoice_items.Select({{"invoice", Col("invoice")}, {"other", Col("stock_code")}}),
                {"invoice"})
          .Filter(Col("stock_code") != Col("other"))
          .GroupBy({Col("stock_code"), Col("other")})
          .Agg({CountStar().As("together")})
          .Window({Col("stock_code")}, {{"together", false}, {"other"}}, {RowNumber().As("rank")})
          .Filter(Col("rank") <= Lit(int64_t{options.copurchased_items}));
  const DataFrame copurchased = bought.Join(pairs, {"stock_code"})
                                    .GroupBy({Col("customer_id"), Col("other")})
                                    .Agg({Sum(Col("together")).As("score")})
                                    .Select({{"customer_id", Col("customer_id")},
                                             {"stock_code", Col("other")},
                                             {"score", Cast(Col("score"), DataType::Float64())}});
  const DataFrame popular = lines.Filter(Col("day") >= Date(cutoff - 30))
                                .GroupBy({Col("stock_code")})
                                .Agg({Aggregate("count_distinct", {Col("customer_id")}, "buyers")})
                                .Sort({{"buyers", false}, {"stock_code"}})
                                .Limit(options.popular_items);
  const DataFrame customers = bought.Select({{"customer_id", Col("customer_id")}}).Distinct();
  const DataFrame everyone_popular =
      customers.WithColumn("one", Lit(1))
          .Join(popular.WithColumn("one", Lit(1)), {"one"})
          .Select({{"customer_id", Col("customer_id")}, {"stock_code", Col("stock_code")}});
  auto flagged = [](const DataFrame& frame, const char* flag, Expr score) {
    return frame.Select({{"customer_id", Col("customer_id")},
                         {"stock_code", Col("stock_code")},
                         {"from_history", Lit(flag == std::string("history") ? 1.0 : 0.0)},
                         {"from_copurchase", Lit(flag == std::string("copurchase") ? 1.0 : 0.0)},
                         {"copurchase_score", std::move(score)},
                         {"from_popular", Lit(flag == std::string("popular") ? 1.0 : 0.0)}});
  };
  return flagged(bought, "history", Lit(0.0))
      .UnionAll(flagged(copurchased, "copurchase", Col("score")))
      .UnionAll(flagged(everyone_popular, "popular", Lit(0.0)))
      .GroupBy({Col("customer_id"), Col("stock_code")})
      .Agg({Max(Col("from_history")).As("from_history"),
            Max(Col("from_copurchase")).As("from_copurchase"),
            Max(Col("copurchase_score")).As("copurchase_score"),
            Max(Col("from_popular")).As("from_popular")});
}

}  // namespace

std::vector<FeatureDefinition> SynthesizeFeatures() {
  std::vector<FeatureDefinition> features;
  auto add = [&](std::string entity, std::string source, std::string function, std::string column,
                 int window) {
    std::string name =
        entity + "." + function + "(" + source + (column.empty() ? "" : "." + column) + ")";
    if (window > 0) name += "[" + std::to_string(window) + "d]";
    features.push_back({name, entity, source, function, column, window});
  };
  for (const int window : {0, 30, 90}) {
    add("customer", "lines", "count_distinct", "invoice", window);
    add("customer", "lines", "sum", "amount", window);
    add("customer", "lines", "count_distinct", "stock_code", window);
    add("item", "lines", "count_distinct", "customer_id", window);
    add("item", "lines", "sum", "quantity", window);
  }
  add("customer", "lines", "sum", "quantity", 0);
  add("customer", "lines", "mean", "unit_price", 0);
  add("customer", "lines", "days_since_last", "day", 0);
  add("customer", "lines", "days_since_first", "day", 0);
  add("customer", "invoices", "mean", "amount", 0);
  add("customer", "invoices", "max", "amount", 0);
  add("customer", "invoices", "stddev", "amount", 0);
  add("customer", "invoices", "mean", "lines", 0);
  add("customer", "invoices", "mean_interval", "day", 0);
  add("item", "lines", "count_distinct", "invoice", 0);
  add("item", "lines", "mean", "unit_price", 0);
  add("item", "lines", "days_since_last", "day", 0);
  add("item", "lines", "trend", "customer_id", 90);
  add("item", "customer_items", "share", "repeat", 0);
  add("item", "customer_items", "mean", "invoices", 0);
  add("customer_item", "lines", "count_distinct", "invoice", 0);
  add("customer_item", "lines", "count_distinct", "invoice", 90);
  add("customer_item", "lines", "sum", "quantity", 0);
  add("customer_item", "lines", "sum", "amount", 0);
  add("customer_item", "lines", "days_since_last", "day", 0);
  add("customer_item", "lines", "days_since_first", "day", 0);
  add("customer_item", "lines", "mean_interval", "day", 0);
  add("customer_item", "lines", "overdue", "day", 0);
  for (const char* flag : {"from_history", "from_copurchase", "copurchase_score", "from_popular"}) {
    features.push_back(
        {std::string("candidate.") + flag, "candidate", "candidates", "candidate", flag, 0});
  }
  return features;
}

CandidateSet BuildCandidates(const Table& lines, int32_t cutoff,
                             const std::vector<FeatureDefinition>& features,
                             const PropensityOptions& options) {
  const DataFrame purchases = Purchases(lines);
  const Table history = purchases.Filter(Col("day") < Date(cutoff)).Collect();
  CandidateSet set;
  set.cutoff = cutoff;
  if (history.num_rows() == 0) {
    throw InvalidInput("no purchase before the cutoff " + FormatDate(cutoff) +
                       ": choose a later cutoff");
  }
  DataFrame rows = Candidates(history, cutoff, options);

  // Labels: the (customer, item) pairs bought in the horizon by customers known at the cutoff.
  const DataFrame known =
      DataFrame::FromTable(history).Select({{"customer_id", Col("customer_id")}}).Distinct();
  const Table bought_later =
      purchases
          .Filter(Col("day") >= Date(cutoff) && Col("day") < Date(cutoff + options.horizon_days))
          .Select({{"customer_id", Col("customer_id")}, {"stock_code", Col("stock_code")}})
          .Distinct()
          .Join(known, {"customer_id"}, JoinType::kSemi)
          .WithColumn("label", Lit(1.0))
          .Collect();
  set.actual_purchases = bought_later.num_rows();
  set.bought = bought_later;
  set.customers = known.Collect().num_rows();
  rows =
      rows.Join(DataFrame::FromTable(bought_later), {"customer_id", "stock_code"}, JoinType::kLeft)
          .WithColumn("label", Coalesce({Col("label"), Lit(0.0)}));

  // One aggregate and one join per (entity, source, window); features keep their order.
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t index = 0; index < features.size(); ++index) {
    const FeatureDefinition& feature = features[index];
    if (feature.entity == "candidate") continue;
    groups[feature.entity + "|" + feature.source + "|" + std::to_string(feature.window_days)]
        .push_back(index);
  }
  for (const auto& [group, members] : groups) {
    const FeatureDefinition& first = features[members[0]];
    std::vector<Expr> keys;
    for (const std::string& key : Keys(first.entity)) keys.push_back(Col(key));
    std::vector<AggregateSpec> aggregates;
    std::vector<NamedExpr> values;
    for (const std::string& key : Keys(first.entity)) values.push_back({key, Col(key)});
    for (const size_t index : members) {
      FeaturePlan plan = PlanFeature(features[index], "f" + std::to_string(index), cutoff);
      for (AggregateSpec& aggregate : plan.aggregates) aggregates.push_back(std::move(aggregate));
      values.push_back({"f" + std::to_string(index), plan.value});
    }
    const Table computed = Source(first.source, history, first.window_days, cutoff)
                               .GroupBy(keys)
                               .Agg(std::move(aggregates))
                               .Select(std::move(values))
                               .Collect();
    rows = rows.Join(DataFrame::FromTable(computed), Keys(first.entity), JoinType::kLeft);
  }
  std::vector<NamedExpr> output = {{"customer_id", Col("customer_id")},
                                   {"stock_code", Col("stock_code")},
                                   {"label", Col("label")}};
  for (size_t index = 0; index < features.size(); ++index) {
    const FeatureDefinition& feature = features[index];
    output.push_back(
        {feature.name, feature.entity == "candidate"
                           ? Cast(Col(feature.column), DataType::Float64())
                           : Cast(Col("f" + std::to_string(index)), DataType::Float64())});
  }
  set.rows = rows.Select(std::move(output)).Sort({{"customer_id"}, {"stock_code"}}).Collect();
  const std::vector<ColumnPtr> label = {set.rows.CombinedColumn(2)};
  for (int64_t row = 0; row < set.rows.num_rows(); ++row) {
    set.covered += label[0]->ValuesAs<double>()[row] > 0;
  }
  return set;
}

}  // namespace berserkr
