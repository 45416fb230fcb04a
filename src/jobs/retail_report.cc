// The retail report: cleaning, then each table as a DataFrame program over the cleaned lines.
// Definitions (docs/retail-report.md) are repeated where each table is built.

#include "berserkr/jobs/retail_report.h"

#include "berserkr/common/error.h"
#include "berserkr/plan/data_frame.h"
#include "jobs/retail_internal.h"

namespace berserkr {
namespace {

using retail::kCustomerId;
using retail::kInvoice;

// Derived columns every table uses.
constexpr const char* kAmount = "amount";           // quantity × unit price
constexpr const char* kMonth = "month";             // YYYY-MM
constexpr const char* kMonthStart = "month_start";  // DATE, first of the month
constexpr const char* kDay = "day";                 // DATE
constexpr const char* kCancelled = "cancelled";     // invoice starts with C

// The only value of a one-column answer of one row (NULL or no row: nullopt).
template <typename T>
std::optional<T> OnlyValue(const Table& table) {
  if (table.num_rows() == 0) return std::nullopt;
  if (table.num_rows() != 1)
    throw Internal("expected one row, got " + std::to_string(table.num_rows()));
  const ColumnPtr column = table.CombinedColumn(0);
  if (column->IsNull(0)) return std::nullopt;
  return column->ValuesAs<T>()[0];
}

int64_t CountRows(const DataFrame& frame) {
  return *OnlyValue<int64_t>(frame.GroupBy({}).Agg({CountStar().As("rows")}).Collect());
}

DataFrame Enrich(const Table& lines) {
  const Expr timestamp = Col(retail::kInvoiceDate);
  return DataFrame::FromTable(lines)
      .WithColumn(kAmount,
                  Cast(Col(retail::kQuantity), DataType::Float64()) * Col(retail::kUnitPrice))
      .WithColumn(kMonth, Call("strftime", {timestamp, Lit("%Y-%m")}))
      .WithColumn(kMonthStart,
                  Cast(Call("date_trunc", {Lit("month"), timestamp}), DataType::Date()))
      .WithColumn(kDay, Cast(timestamp, DataType::Date()))
      .WithColumn(kCancelled,
                  Coalesce({Call("starts_with", {Col(kInvoice), Lit("C")}), Lit(false)}));
}

// month, orders_placed, orders_cancelled, sales, sales_growth, customers_active, customers_new,
// customers_returning — one row per month with any line, in order.
Table Monthly(const DataFrame& lines, const DataFrame& purchases) {
  const Expr placed = Not(Col(kCancelled));
  const DataFrame months =
      lines.GroupBy({Col(kMonth)})
          .Agg({Aggregate("count_distinct", {Case({{placed, Col(kInvoice)}})}, "orders_placed"),
                Aggregate("count_distinct", {Case({{Col(kCancelled), Col(kInvoice)}})},
                          "orders_cancelled"),
                Sum(Col(kAmount)).As("sales"),
                Aggregate("count_distinct", {Case({{placed, Col(kCustomerId)}})},
                          "customers_active")});
  // A customer is new in the month of their first purchase ever (in the data read).
  const DataFrame first_months = purchases.Filter(IsNotNull(Col(kCustomerId)))
                                     .GroupBy({Col(kCustomerId)})
                                     .Agg({Min(Col(kMonth)).As(kMonth)})
                                     .GroupBy({Col(kMonth)})
                                     .Agg({CountStar().As("new")});
  return months.Join(first_months, {kMonth}, JoinType::kLeft)
      .Window({}, {{kMonth}}, {Lag(Col("sales")).As("previous_sales")})
      .Select({{kMonth, Col(kMonth)},
               {"orders_placed", Col("orders_placed")},
               {"orders_cancelled", Col("orders_cancelled")},
               {"sales", Call("round", {Col("sales"), Lit(2)})},
               {"sales_growth",
                (Col("sales") - Col("previous_sales")) / Call("abs", {Col("previous_sales")})},
               {"customers_active", Col("customers_active")},
               {"customers_new", Coalesce({Col("new"), Lit(int64_t{0})})},
               {"customers_returning",
                Col("customers_active") - Coalesce({Col("new"), Lit(int64_t{0})})}})
      .Sort({{kMonth}})
      .Collect();
}

// Amounts of non-cancellation invoices over their lines with quantity > 0 and unit price > 0;
// statistics of all of them and of those below the 85th percentile (interpolated, as numpy).
Table InvoiceStats(const DataFrame& purchases) {
  const DataFrame invoices =
      purchases.Filter(Col(retail::kQuantity) > Lit(0) && Col(retail::kUnitPrice) > Lit(0.0))
          .GroupBy({Col(kInvoice)})
          .Agg({Sum(Col(kAmount)).As(kAmount)})
          .WithColumn(kAmount, Call("round", {Col(kAmount), Lit(2)}));
  AggregateOptions p85;
  p85.quantile = 0.85;
  const std::optional<double> threshold = OnlyValue<double>(
      invoices.GroupBy({}).Agg({Aggregate("quantile", {Col(kAmount)}, "p85", p85)}).Collect());
  // The mode is the most frequent amount, the smallest of them on a tie (so it does not depend on
  // the order invoices come in).
  auto stats = [](const DataFrame& amounts, const char* subset) {
    const std::optional<double> mode = OnlyValue<double>(amounts.GroupBy({Col(kAmount)})
                                                             .Agg({CountStar().As("invoices")})
                                                             .Sort({{"invoices", false}, {kAmount}})
                                                             .Limit(1)
                                                             .Select({{kAmount, Col(kAmount)}})
                                                             .Collect());
    return amounts.GroupBy({})
        .Agg({CountStar().As("invoices"), Mean(Col(kAmount)).As("mean"),
              Median(Col(kAmount)).As("median"), Min(Col(kAmount)).As("min"),
              Max(Col(kAmount)).As("max")})
        .Select({{"subset", Lit(subset)},
                 {"invoices", Col("invoices")},
                 {"mean", Col("mean")},
                 {"median", Col("median")},
                 {"mode", mode ? Lit(*mode) : NullLit(DataType::Float64())},
                 {"min", Col("min")},
                 {"max", Col("max")}});
  };
  const DataFrame below =
      threshold ? invoices.Filter(Col(kAmount) < Lit(*threshold)) : invoices.Limit(0);
  return stats(invoices, "all").UnionAll(stats(below, "below_p85")).Collect();
}

// The standard RFM segment of a customer's recency and frequency scores.
Expr Segment(const Expr& r, const Expr& f) {
  auto in = [](const Expr& score, int64_t low, int64_t high) {
    return Between(score, Lit(low), Lit(high));
  };
  return Case({{in(r, 1, 2) && in(f, 1, 2), Lit("Hibernating")},
               {in(r, 1, 2) && in(f, 3, 4), Lit("At Risk")},
               {in(r, 1, 2) && f == Lit(5), Lit("Can't Lose")},
               {r == Lit(3) && in(f, 1, 2), Lit("About to Sleep")},
               {r == Lit(3) && f == Lit(3), Lit("Need Attention")},
               {in(r, 3, 4) && in(f, 4, 5), Lit("Loyal Customers")},
               {r == Lit(4) && f == Lit(1), Lit("Promising")},
               {r == Lit(5) && f == Lit(1), Lit("New Customers")},
               {in(r, 4, 5) && in(f, 2, 3), Lit("Potential Loyalists")},
               {r == Lit(5) && in(f, 4, 5), Lit("Champions")}});
}

// A score 1..5 from a customer's place among all customers, worst first: 1 + ⌊5 × percent_rank⌋
// capped at 5, where percent_rank = (rank − 1) / (customers − 1) and rank is SQL RANK(). Equal
// values share the rank of the first of them, so they always share a score, and the worst value
// always scores 1 however many customers share it (a third have one order).
Expr Quintile(const char* percent_rank) {
  return Call("least", {Lit(int64_t{5}),
                        Lit(int64_t{1}) + Cast(Call("floor", {Lit(5.0) * Col(percent_rank)}),
                                               DataType::Int64())});
}

// Per customer with a purchase: days from the last purchase to the reference date, purchases
// (distinct non-cancellation invoices), and net sales (cancellations subtract: a customer who
// returned everything is worth nothing).
Table RfmCustomers(const DataFrame& lines, int32_t reference_date) {
  const Expr placed = Not(Col(kCancelled));
  return lines.Filter(IsNotNull(Col(kCustomerId)))
      .GroupBy({Col(kCustomerId)})
      .Agg({Max(Case({{placed, Col(kDay)}})).As("last_day"),
            Aggregate("count_distinct", {Case({{placed, Col(kInvoice)}})}, "frequency"),
            Sum(Col(kAmount)).As("monetary")})
      .Filter(Col("frequency") > Lit(0))
      .WithColumn("monetary", Call("round", {Col("monetary"), Lit(2)}))
      .WithColumn("recency_days", Call("date_diff", {Lit("day"), Col("last_day"),
                                                     Lit(Scalar::Date(reference_date))}))
      .Window({}, {{"recency_days", /*ascending=*/false}}, {PercentRank().As("r_share")})
      .Window({}, {{"frequency"}}, {PercentRank().As("f_share")})
      .Window({}, {{"monetary"}}, {PercentRank().As("m_share")})
      .WithColumn("r", Quintile("r_share"))
      .WithColumn("f", Quintile("f_share"))
      .WithColumn("m", Quintile("m_share"))
      .Select({{kCustomerId, Col(kCustomerId)},
               {"recency_days", Col("recency_days")},
               {"frequency", Col("frequency")},
               {"monetary", Col("monetary")},
               {"r", Col("r")},
               {"f", Col("f")},
               {"m", Col("m")},
               {"segment", Segment(Col("r"), Col("f"))}})
      .Sort({{kCustomerId}})
      .Collect();
}

Table RfmSegments(const Table& customers) {
  return DataFrame::FromTable(customers)
      .GroupBy({Col("segment")})
      .Agg({CountStar().As("customers"), Mean(Col("recency_days")).As("recency_mean"),
            Mean(Col("frequency")).As("frequency_mean"), Mean(Col("monetary")).As("monetary_mean")})
      .Sort({{"customers", false}, {"segment"}})
      .Collect();
}

// Products and countries by net sales: a cancelled order subtracts what it added.
Table TopProducts(const DataFrame& lines, int top) {
  return lines.GroupBy({Col(retail::kStockCode)})
      .Agg({Aggregate("mode", {Col(retail::kDescription)}, "description"),
            Sum(Col(retail::kQuantity)).As("quantity"), Sum(Col(kAmount)).As("sales"),
            Aggregate("count_distinct", {Case({{Not(Col(kCancelled)), Col(kCustomerId)}})},
                      "customers")})
      .WithColumn("sales", Call("round", {Col("sales"), Lit(2)}))
      .Sort({{"sales", false}, {retail::kStockCode}})
      .Limit(top)
      .Collect();
}

Table TopCountries(const DataFrame& lines, int top) {
  const Expr placed = Not(Col(kCancelled));
  return lines.GroupBy({Col(retail::kCountry)})
      .Agg({Aggregate("count_distinct", {Case({{placed, Col(kInvoice)}})}, "orders"),
            Aggregate("count_distinct", {Case({{placed, Col(kCustomerId)}})}, "customers"),
            Sum(Col(kAmount)).As("sales")})
      .WithColumn("sales", Call("round", {Col("sales"), Lit(2)}))
      .Sort({{"sales", false}, {retail::kCountry}})
      .Limit(top)
      .Collect();
}

// Customers by the month of their first purchase (cohort) and each later month they bought in.
Table Cohorts(const DataFrame& purchases) {
  const DataFrame activity =
      purchases.Filter(IsNotNull(Col(kCustomerId)))
          .Select({{kCustomerId, Col(kCustomerId)}, {kMonthStart, Col(kMonthStart)}})
          .Distinct();
  const DataFrame first =
      activity.GroupBy({Col(kCustomerId)}).Agg({Min(Col(kMonthStart)).As("cohort_start")});
  const DataFrame sizes =
      first.GroupBy({Col("cohort_start")}).Agg({CountStar().As("cohort_customers")});
  return activity.Join(first, {kCustomerId})
      .GroupBy({Col("cohort_start"), Col(kMonthStart)})
      .Agg({CountStar().As("customers")})
      .Join(sizes, {"cohort_start"})
      .Select(
          {{"cohort", Call("strftime", {Col("cohort_start"), Lit("%Y-%m")})},
           {kMonth, Call("strftime", {Col(kMonthStart), Lit("%Y-%m")})},
           {"months_since",
            Call("date_diff", {Lit("month"), Col("cohort_start"), Col(kMonthStart)})},
           {"customers", Col("customers")},
           {"retention", Cast(Col("customers"), DataType::Float64()) / Col("cohort_customers")}})
      .Sort({{"cohort"}, {"months_since"}})
      .Collect();
}

}  // namespace

Table CleanRetailLines(const Table& lines, const RetailCleaningOptions& options,
                       std::vector<CleaningStep>& steps) {
  Table current = lines;
  auto apply = [&](const std::string& rule, const std::string& flag, const DataFrame& kept) {
    Table next = kept.Collect();
    steps.push_back({rule, flag, current.num_rows() - next.num_rows()});
    current = std::move(next);
  };
  if (options.drop_duplicates) {
    apply("exact duplicate lines (the first of each is kept)", "--keep-duplicates",
          DataFrame::FromTable(current).Distinct());
  }
  if (options.drop_non_product) {
    const Expr non_product = Coalesce(
        {Call("regexp_full_match", {Col(retail::kStockCode), Lit(options.non_product_codes)}),
         Lit(false)});
    apply("non-product codes: postage, fees, manual adjustments, vouchers (stock code matching " +
              options.non_product_codes + ")",
          "--keep-non-product", DataFrame::FromTable(current).Filter(!non_product));
  }
  if (options.drop_zero_price) {
    apply("zero, negative or missing unit price (test lines, free samples, bad-debt adjustments)",
          "--keep-zero-price",
          DataFrame::FromTable(current).Filter(Col(retail::kUnitPrice) > Lit(0.0)));
  }
  steps.push_back(
      {"lines without a customer: kept for sales and orders, left out of customer "
       "metrics (RFM, active / new customers, cohorts)",
       "", CountRows(DataFrame::FromTable(current).Filter(IsNull(Col(kCustomerId))))});
  return current;
}

RetailReport BuildRetailReport(const Table& lines, const RetailReportOptions& options) {
  RetailReport report;
  report.rows_read = lines.num_rows();
  const Table cleaned = CleanRetailLines(lines, options.cleaning, report.cleaning);
  report.rows_kept = cleaned.num_rows();
  if (cleaned.num_rows() == 0) {
    throw InvalidInput("no transaction lines are left after cleaning (" +
                       std::to_string(lines.num_rows()) + " read); see the --keep-* flags");
  }
  const Table enriched = Enrich(cleaned).Collect();
  const DataFrame all = DataFrame::FromTable(enriched);
  const DataFrame purchases = all.Filter(Not(Col(kCancelled)));

  const Table days =
      all.GroupBy({}).Agg({Min(Col(kDay)).As("first"), Max(Col(kDay)).As("last")}).Collect();
  if (days.CombinedColumn(0)->IsNull(0)) throw InvalidInput("no line has an invoice date");
  report.first_day = days.CombinedColumn(0)->ValuesAs<int32_t>()[0];
  report.last_day = days.CombinedColumn(1)->ValuesAs<int32_t>()[0];
  report.reference_date = options.reference_date.value_or(report.last_day + 1);

  report.monthly = Monthly(all, purchases);
  report.invoice_stats = InvoiceStats(purchases);
  report.rfm_customers = RfmCustomers(all, report.reference_date);
  report.rfm_segments = RfmSegments(report.rfm_customers);
  report.top_products = TopProducts(all, options.top);
  report.top_countries = TopCountries(all, options.top);
  report.cohorts = Cohorts(purchases);
  return report;
}

}  // namespace berserkr
