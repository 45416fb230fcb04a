// Time on flyer as DataFrame programs. Both methods start from the same parsed, de-duplicated
// events: the UTC instant of each event, and its local date.

#include "berserkr/jobs/flyer_dwell.h"

#include "berserkr/common/error.h"
#include "jobs/table_values.h"

namespace berserkr {
namespace {

constexpr const char* kColumns[] = {"timestamp", "user_id", "event", "flyer_id", "merchant_id"};

int64_t CountWhere(const DataFrame& frame, Expr predicate) {
  const Table counted =
      frame.Filter(std::move(predicate)).GroupBy({}).Agg({CountStar().As("rows")}).Collect();
  return counted.CombinedColumn(0)->ValuesAs<int64_t>()[0];
}

// The local date of an event: in its own offset, the date its ISO 8601 text starts with; with a
// time zone, the date of its instant there.
Expr LocalDate(const FlyerDwellOptions& options) {
  if (!options.timezone.empty()) {
    return Cast(Call("timezone", {Lit(options.timezone), Col("instant")}), DataType::Date());
  }
  return Cast(Call("substr", {Col("timestamp"), Lit(1), Lit(10)}), DataType::Date());
}

Expr Seconds(const char* from, const char* to) {
  return Cast(Call("date_diff", {Lit("microsecond"), Col(from), Col(to)}), DataType::Float64()) /
         Lit(1e6);
}

Expr IsFlyerView() {
  return In(Col("event"), {Lit("flyer_open"), Lit("item_open")}) && IsNotNull(Col("flyer_id")) &&
         IsNotNull(Col("merchant_id"));
}

// Counts of `seconds` in buckets from "0-5 s" to "30 min+", in order, empty buckets included.
Table Histogram(const DataFrame& durations) {
  static const std::pair<double, const char*> kBuckets[] = {
      {5, "0-5 s"},     {15, "5-15 s"},   {30, "15-30 s"},   {60, "30-60 s"},
      {120, "1-2 min"}, {300, "2-5 min"}, {600, "5-10 min"}, {1800, "10-30 min"}};
  std::vector<std::pair<ExprPtr, ExprPtr>> branches;
  for (int64_t index = 0; index < 8; ++index) {
    branches.push_back({Col("seconds") < Lit(kBuckets[index].first), Lit(index)});
  }
  const Table counts = durations.Filter(IsNotNull(Col("seconds")))
                           .WithColumn("bucket", Case(branches, Lit(int64_t{8})))
                           .GroupBy({Col("bucket")})
                           .Agg({CountStar().As("views")})
                           .Collect();
  std::vector<int64_t> views(9, 0);
  const ColumnPtr buckets = counts.CombinedColumn(0);
  const ColumnPtr values = counts.CombinedColumn(1);
  for (int64_t row = 0; row < counts.num_rows(); ++row) {
    views[buckets->ValuesAs<int64_t>()[row]] = values->ValuesAs<int64_t>()[row];
  }
  std::vector<std::string> labels;
  for (const auto& bucket : kBuckets) labels.push_back(bucket.second);
  labels.push_back("30 min+");
  return MakeTable({{"bucket", StringColumn(labels)}, {"views", Int64Column(views)}});
}

// avg_seconds = total_seconds / views (NULL when no view has a duration).
DataFrame WithAverage(const DataFrame& frame) {
  return frame.WithColumn("avg_seconds", Col("total_seconds") / Col("views"));
}

// Session method, from segments: user_id, merchant_id, flyer_id, date, seconds (NULL: no end).
void SessionTables(const DataFrame& segments, FlyerDwellResult& result) {
  const DataFrame closed = segments.Filter(IsNotNull(Col("seconds")));
  // Per user, flyer and day first: every output is a sum over these.
  const Table per_flyer =
      closed.GroupBy({Col("user_id"), Col("merchant_id"), Col("flyer_id"), Col("date")})
          .Agg({CountStar().As("views"), Sum(Col("seconds")).As("total_seconds")})
          .Collect();
  const DataFrame base = DataFrame::FromTable(per_flyer);
  result.user_merchant_day =
      WithAverage(base.GroupBy({Col("user_id"), Col("merchant_id"), Col("date")})
                      .Agg({Sum(Col("views")).As("views"), CountStar().As("flyers"),
                            Sum(Col("total_seconds")).As("total_seconds")}))
          .Sort({{"user_id"}, {"merchant_id"}, {"date"}})
          .Collect();
  result.user_day =
      WithAverage(base.GroupBy({Col("user_id"), Col("date")})
                      .Agg({Aggregate("count_distinct", {Col("merchant_id")}, "merchants"),
                            CountStar().As("flyers"), Sum(Col("views")).As("views"),
                            Sum(Col("total_seconds")).As("total_seconds")}))
          .Sort({{"user_id"}, {"date"}})
          .Collect();
  result.merchant_day =
      WithAverage(
          base.GroupBy({Col("merchant_id"), Col("date")})
              .Agg({Aggregate("count_distinct", {Col("user_id")}, "users"),
                    Aggregate("count_distinct", {Col("flyer_id")}, "flyers"),
                    Sum(Col("views")).As("views"), Sum(Col("total_seconds")).As("total_seconds")}))
          .WithColumn("avg_seconds_per_user", Col("total_seconds") / Col("users"))
          .Sort({{"merchant_id"}, {"date"}})
          .Collect();
  result.flyer_day = WithAverage(base.GroupBy({Col("flyer_id"), Col("merchant_id"), Col("date")})
                                     .Agg({CountStar().As("users"), Sum(Col("views")).As("views"),
                                           Sum(Col("total_seconds")).As("total_seconds")}))
                         .Sort({{"flyer_id"}, {"merchant_id"}, {"date"}})
                         .Collect();
}

// Every column of the parsed events, in the order that places a user's events in time: events at
// the same instant in a fixed order (flyer_open before item_open), so the answer does not depend
// on the order rows arrive in. The date comes last: it only makes exact duplicates peers.
std::vector<SortSpec> EventOrder() {
  return {{"instant"}, {"event"}, {"flyer_id"}, {"merchant_id"}, {"date"}};
}

// The flyer views (user_id, merchant_id, flyer_id, date, seconds: NULL when open, capped), and
// result.events and result.duplicates. One pass orders each user's events and finds both the
// exact duplicates and each view's end: in an order over every column, the copies of a row are
// peers, so the last of them (row_number = count over the default frame, which runs to the last
// peer) is kept, and the row after it is the next distinct event. This replaces a hash Distinct
// over every column before the window. The events stream from `events` into the window (no other
// copy of them is kept). Its output is not filtered before it is collected: the columns passed
// on unchanged then stay slices of the window's own (no copy), and the event, instant and
// window results are freed with the window; the views are compacted afterwards.
Table SessionViews(const DataFrame& events, const FlyerDwellOptions& options,
                   FlyerDwellResult& result) {
  const double timeout = static_cast<double>(options.timeout_seconds);
  std::vector<WindowSpec> functions = {Lead(Col("instant")).As("next_instant")};
  Expr duplicate = Lit(false);
  if (options.drop_duplicates) {
    functions.push_back(RowNumber().As("position"));
    functions.push_back(Over(CountStar()).As("through_last_peer"));
    duplicate = Col("position") != Col("through_last_peer");
  }
  const Table segments =
      events.Window({Col("user_id")}, EventOrder(), std::move(functions))
          .WithColumn("gap", Seconds("instant", "next_instant"))
          .Select({{"user_id", Col("user_id")},
                   {"merchant_id", Col("merchant_id")},
                   {"flyer_id", Col("flyer_id")},
                   {"date", Col("date")},
                   // (least() would skip a NULL gap and give an open view the timeout.)
                   {"seconds", Case({{Col("gap") > Lit(timeout), Lit(timeout)}}, Col("gap"))},
                   {"capped", Col("gap") > Lit(timeout)},
                   {"duplicate", std::move(duplicate)},
                   {"view", IsFlyerView()}})
          .Collect();
  result.events = segments.num_rows();
  result.duplicates = CountWhere(DataFrame::FromTable(segments), Col("duplicate"));
  return DataFrame::FromTable(segments)
      .Filter(Col("view") && !Col("duplicate"))
      .Select({{"user_id", Col("user_id")},
               {"merchant_id", Col("merchant_id")},
               {"flyer_id", Col("flyer_id")},
               {"date", Col("date")},
               {"seconds", Col("seconds")},
               {"capped", Col("capped")}})
      .Collect();
}

FlyerDwellResult Session(const DataFrame& events, const FlyerDwellOptions& options,
                         FlyerDwellResult result) {
  const Table views = SessionViews(events, options, result);
  const DataFrame frame = DataFrame::FromTable(views);
  result.open_views = CountWhere(frame, IsNull(Col("seconds")));
  result.capped_views = CountWhere(frame, Coalesce({Col("capped"), Lit(false)}));
  result.views = views.num_rows() - result.open_views;
  result.dwell_histogram = Histogram(frame);
  SessionTables(frame, result);
  return result;
}

// (last − first) ÷ events over the flyer events of each group of `keys`, with `extra` aggregates.
DataFrame FirstLastSpans(const DataFrame& views, std::vector<Expr> keys,
                         std::vector<AggregateSpec> extra) {
  std::vector<AggregateSpec> aggregates = {Min(Col("instant")).As("first"),
                                           Max(Col("instant")).As("last"), CountStar().As("views")};
  for (AggregateSpec& spec : extra) aggregates.push_back(std::move(spec));
  return views.GroupBy(std::move(keys))
      .Agg(std::move(aggregates))
      .WithColumn("total_seconds", Seconds("first", "last"));
}

FlyerDwellResult FirstLast(const Table& events, FlyerDwellResult result) {
  const DataFrame views = DataFrame::FromTable(events).Filter(IsFlyerView());
  result.views = CountWhere(DataFrame::FromTable(events), IsFlyerView());
  const Table user_merchant_day =
      FirstLastSpans(views, {Col("user_id"), Col("merchant_id"), Col("date")},
                     {Aggregate("count_distinct", {Col("flyer_id")}, "flyers")})
          .Collect();
  result.user_merchant_day = WithAverage(DataFrame::FromTable(user_merchant_day))
                                 .Select({{"user_id", Col("user_id")},
                                          {"merchant_id", Col("merchant_id")},
                                          {"date", Col("date")},
                                          {"views", Col("views")},
                                          {"flyers", Col("flyers")},
                                          {"total_seconds", Col("total_seconds")},
                                          {"avg_seconds", Col("avg_seconds")}})
                                 .Sort({{"user_id"}, {"merchant_id"}, {"date"}})
                                 .Collect();
  result.dwell_histogram = Histogram(
      DataFrame::FromTable(result.user_merchant_day).Select({{"seconds", Col("avg_seconds")}}));
  result.user_day =
      WithAverage(FirstLastSpans(views, {Col("user_id"), Col("date")},
                                 {Aggregate("count_distinct", {Col("merchant_id")}, "merchants"),
                                  Aggregate("count_distinct", {Col("flyer_id")}, "flyers")}))
          .Select({{"user_id", Col("user_id")},
                   {"date", Col("date")},
                   {"merchants", Col("merchants")},
                   {"flyers", Col("flyers")},
                   {"views", Col("views")},
                   {"total_seconds", Col("total_seconds")},
                   {"avg_seconds", Col("avg_seconds")}})
          .Sort({{"user_id"}, {"date"}})
          .Collect();
  // A merchant's day sums its users' spans; a flyer's day sums each user's span on it.
  result.merchant_day =
      WithAverage(
          DataFrame::FromTable(user_merchant_day)
              .GroupBy({Col("merchant_id"), Col("date")})
              .Agg({CountStar().As("users"), Sum(Col("flyers")).As("flyers"),
                    Sum(Col("views")).As("views"), Sum(Col("total_seconds")).As("total_seconds")}))
          .WithColumn("avg_seconds_per_user", Col("total_seconds") / Col("users"))
          .Sort({{"merchant_id"}, {"date"}})
          .Collect();
  result.flyer_day =
      WithAverage(FirstLastSpans(
                      views, {Col("user_id"), Col("flyer_id"), Col("merchant_id"), Col("date")}, {})
                      .GroupBy({Col("flyer_id"), Col("merchant_id"), Col("date")})
                      .Agg({CountStar().As("users"), Sum(Col("views")).As("views"),
                            Sum(Col("total_seconds")).As("total_seconds")}))
          .Sort({{"flyer_id"}, {"merchant_id"}, {"date"}})
          .Collect();
  return result;
}

}  // namespace

DataFrame ScanFlyerEvents(const std::vector<std::string>& sources, CsvOptions options,
                          ReadStats* stats) {
  options.column_types.emplace("timestamp", DataType::String());
  options.column_types.emplace("event", DataType::String());
  DataFrame events = DataFrame::ScanCsv(sources, options, stats);
  std::string missing;
  for (const char* column : kColumns) {
    if (!events.schema().FieldIndex(column))
      missing += std::string(missing.empty() ? "" : ", ") + column;
  }
  if (!missing.empty()) {
    throw InvalidInput("the events lack the column(s) " + missing +
                       " (expected timestamp,user_id,event,flyer_id,merchant_id; found " +
                       events.schema().ToString() + ")");
  }
  return events;
}

FlyerDwellResult ComputeFlyerDwell(const DataFrame& events, const FlyerDwellOptions& options) {
  if (options.timeout_seconds <= 0) throw InvalidInput("the inactivity timeout must be positive");
  FlyerDwellResult result;
  // Events without a user or a time cannot be placed in anyone's sequence and are left out.
  const DataFrame parsed =
      events.Filter(IsNotNull(Col("user_id")) && IsNotNull(Col("timestamp")))
          .WithColumn("instant", Cast(Col("timestamp"), DataType::Timestamp("UTC")))
          .WithColumn("date", LocalDate(options))
          .Select({{"user_id", Col("user_id")},
                   {"event", Col("event")},
                   {"flyer_id", Col("flyer_id")},
                   {"merchant_id", Col("merchant_id")},
                   {"instant", Col("instant")},
                   {"date", Col("date")}});
  if (options.method == DwellMethod::kSession) return Session(parsed, options, std::move(result));
  // Parsed once into memory: every table below reads these columns.
  Table distinct = parsed.Collect();
  result.events = distinct.num_rows();
  if (options.drop_duplicates) {
    distinct = DataFrame::FromTable(std::move(distinct)).Distinct().Collect();
    result.duplicates = result.events - distinct.num_rows();
  }
  return FirstLast(distinct, std::move(result));
}

}  // namespace berserkr
