#pragma once

// The ten db-benchmark group-by questions, each as a DataFrame program and as the SQL that
// ../shared/peers/duckdb_groupby.mjs runs (over a table or view named x). Shared by
// `berserkr-bench groupby [--sql]` and the test that the two give one answer
// (src/sql/db_benchmark_sql_test.cc).

#include <functional>
#include <vector>

#include "berserkr/plan/data_frame.h"

namespace berserkr::bench {

struct GroupbyQuestion {
  int num_keys;     // the answer's leading key columns
  const char* sql;  // over x; q8 without DuckDB's unnest (the answer is a LIST, as the DataFrame's)
  std::function<DataFrame(const DataFrame&)> build;
};

inline const std::vector<GroupbyQuestion>& GroupbyQuestions() {
  static const std::vector<GroupbyQuestion> questions = {
      {1, "SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1",
       [](const DataFrame& x) { return x.GroupBy({Col("id1")}).Agg({Sum(Col("v1")).As("v1")}); }},
      {2, "SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2",
       [](const DataFrame& x) {
         return x.GroupBy({Col("id1"), Col("id2")}).Agg({Sum(Col("v1")).As("v1")});
       }},
      {1, "SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3",
       [](const DataFrame& x) {
         return x.GroupBy({Col("id3")}).Agg({Sum(Col("v1")).As("v1"), Mean(Col("v3")).As("v3")});
       }},
      {1, "SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4",
       [](const DataFrame& x) {
         return x.GroupBy({Col("id4")})
             .Agg({Mean(Col("v1")).As("v1"), Mean(Col("v2")).As("v2"), Mean(Col("v3")).As("v3")});
       }},
      {1, "SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6",
       [](const DataFrame& x) {
         return x.GroupBy({Col("id6")})
             .Agg({Sum(Col("v1")).As("v1"), Sum(Col("v2")).As("v2"), Sum(Col("v3")).As("v3")});
       }},
      {2,
       "SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev(v3) AS sd_v3 FROM x "
       "GROUP BY id4, id5",
       [](const DataFrame& x) {
         return x.GroupBy({Col("id4"), Col("id5")})
             .Agg({Median(Col("v3")).As("median_v3"), StdDev(Col("v3")).As("sd_v3")});
       }},
      {1, "SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3",
       [](const DataFrame& x) {
         return x.GroupBy({Col("id3")})
             .Agg({Max(Col("v1")).As("max_v1"), Min(Col("v2")).As("min_v2")})
             .Select({{"id3", Col("id3")}, {"range_v1_v2", Col("max_v1") - Col("min_v2")}});
       }},
      {1, "SELECT id6, max(v3, 2) AS largest2_v3 FROM x WHERE v3 IS NOT NULL GROUP BY id6",
       [](const DataFrame& x) {
         return x.Filter(IsNotNull(Col("v3")))
             .GroupBy({Col("id6")})
             .Agg({TopK(Col("v3"), 2).As("largest2_v3")});
       }},
      {2, "SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4",
       [](const DataFrame& x) {
         return x.GroupBy({Col("id2"), Col("id4")})
             .Agg({Corr(Col("v1"), Col("v2")).As("r")})
             .Select({{"id2", Col("id2")},
                      {"id4", Col("id4")},
                      {"r2", Call("pow", {Col("r"), Lit(2)})}});
       }},
      {6,
       "SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x "
       "GROUP BY id1, id2, id3, id4, id5, id6",
       [](const DataFrame& x) {
         return x.GroupBy({Col("id1"), Col("id2"), Col("id3"), Col("id4"), Col("id5"), Col("id6")})
             .Agg({Sum(Col("v3")).As("v3"), CountStar().As("count")});
       }},
  };
  return questions;
}

}  // namespace berserkr::bench
