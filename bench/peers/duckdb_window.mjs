// Times in DuckDB the window queries of `berserkr-bench window`, for comparison.
// Usage: node duckdb_window.mjs [ROWS] [THREADS]   (defaults 1e7 and 2)
//
// The table has the same shape (g: 1000 partitions, o: order key 0..99999 with ties, v: BIGINT with
// 1% NULLs, d: DOUBLE) but DuckDB's own random values, so check sums differ. Each query sums its
// window column(s) so the result is not materialized in node. Prints "<query> <best seconds of 3>".
import { DuckDBInstance } from '@duckdb/node-api';

const rows = Number(process.argv[2] ?? 1e7);
const threads = Number(process.argv[3] ?? 2);
const kQueries = {
  row_number: 'select sum(x) from (select row_number() over (partition by g order by o) x from t)',
  running_sum: 'select sum(x) from (select sum(v) over (partition by g order by o) x from t)',
  sliding_sum_max:
    'select sum(m), sum(s) from (select max(v) over w m, sum(d) over w s from t window w as ' +
    '(partition by g order by o rows between 100 preceding and 100 following))',
  lag_rank:
    'select sum(r), sum(p) from (select rank() over w r, lag(v) over w p from t window w as ' +
    '(partition by g order by o))',
  one_partition_running_sum: 'select sum(x) from (select sum(v) over (order by o) x from t)',
};

const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
await connection.run(`SET threads=${threads}`);
await connection.run(
  `create table t as select (hash(i) % 1000)::bigint g, (hash(i + 7) % 100000)::bigint o,
   case when i % 100 = 0 then null else (hash(i + 13) % 1000)::bigint end v,
   (hash(i + 17) % 10000) / 100.0 d from range(${rows}) r(i)`);
for (const [name, query] of Object.entries(kQueries)) {
  let best = Infinity;
  for (let repeat = 0; repeat < 3; ++repeat) {
    const start = performance.now();
    await connection.runAndReadAll(query);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  console.log(`${name} ${best.toFixed(3)}`);
}
