#include "oracle/sql_mirror_families.h"

#include <algorithm>

#include "berserkr/sql/session.h"

namespace berserkr::oracle {

std::vector<Family> SqlMirrorFamilies(const std::vector<Family>& families) {
  std::vector<Family> mirrors;
  for (const Family& family : families) {
    if (family.name.rfind("sql_", 0) == 0) continue;  // already SQL
    Family mirror;
    mirror.name = "sql_" + family.name;
    mirror.default_cases = std::max(20, family.default_cases / 4);
    mirror.generate = [generate = family.generate](Rng& rng, OracleCase& oracle_case) {
      generate(rng, oracle_case);
      // Queries whose DuckDB text carries mask columns use DuckDB-only functions (histogram,
      // list_sort) to compute them: they are the DataFrame families' business.
      std::erase_if(oracle_case.queries,
                    [](const OracleQuery& query) { return !query.mask_targets.empty(); });
      for (OracleQuery& query : oracle_case.queries) {
        const size_t masks = query.mask_targets.size();
        query.build = [sql = query.sql, masks](const TableMap& tables) {
          SqlSession session;
          for (const auto& [name, table] : tables) session.RegisterTable(name, table);
          DataFrame frame = session.Query(sql);
          if (masks == 0) return frame;
          // The trailing "is this value determined" columns are for DuckDB's side only.
          std::vector<NamedExpr> kept;
          const Schema& schema = frame.schema();
          for (int column = 0; column + static_cast<int>(masks) < schema.num_fields(); ++column) {
            kept.push_back({schema.field(column).name, Col(schema.field(column).name)});
          }
          return frame.Select(kept);
        };
      }
    };
    mirrors.push_back(std::move(mirror));
  }
  return mirrors;
}

}  // namespace berserkr::oracle
