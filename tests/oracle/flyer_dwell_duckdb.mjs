// Time on flyer computed independently in DuckDB SQL, for tests/flyer_dwell_test.cc and the
// benchmark in bench/README.md. Same rules as docs/flyer-dwell.md.
// Usage: node flyer_dwell_duckdb.mjs EVENTS.csv OUT_DIR session|first-last TIMEOUT_SECONDS
//          [THREADS [MEMORY_LIMIT [TEMP_DIR]]]
// MEMORY_LIMIT is DuckDB's memory_limit (e.g. 9GiB); past it DuckDB spills to TEMP_DIR.
// Prints the seconds the computation took (load and query, CSVs written) on stdout.
import { DuckDBInstance } from '@duckdb/node-api';

const [input, out, method, timeout, threads, memoryLimit, tempDir] = process.argv.slice(2);
const config = {};
if (threads) config.threads = threads;
if (memoryLimit) config.memory_limit = memoryLimit;
if (tempDir) config.temp_directory = tempDir;
const db = await DuckDBInstance.create(':memory:', config);
const c = await db.connect();
const run = (sql) => c.run(sql);
const start = performance.now();

await run(`CREATE TABLE raw AS SELECT * FROM read_csv('${input}', header = true,
  types = {'timestamp': 'VARCHAR', 'event': 'VARCHAR'})`);
// Parsed events; exact duplicates dropped; the local date is the one written in the timestamp.
await run(`CREATE TABLE e AS SELECT DISTINCT user_id, event, flyer_id, merchant_id,
  CAST("timestamp" AS TIMESTAMPTZ) AS instant, CAST(substr("timestamp", 1, 10) AS DATE) AS "date"
  FROM raw WHERE user_id IS NOT NULL AND "timestamp" IS NOT NULL`);
const view = `event IN ('flyer_open', 'item_open') AND flyer_id IS NOT NULL AND merchant_id IS NOT NULL`;
const secs = (a, b) => `date_diff('microsecond', ${a}, ${b}) / 1e6`;
const copy = (name, sql) => run(`COPY (${sql}) TO '${out}/${name}.csv' (HEADER)`);

if (method === 'session') {
  await run(`CREATE TABLE s AS SELECT user_id, merchant_id, flyer_id, "date",
    CASE WHEN next_instant IS NULL THEN NULL ELSE least(${secs('instant', 'next_instant')}, ${timeout}) END AS seconds FROM (
      SELECT *, lead(instant) OVER (PARTITION BY user_id ORDER BY instant, event, flyer_id, merchant_id) AS next_instant FROM e)
    WHERE ${view}`);
  await run(`CREATE TABLE f AS SELECT user_id, merchant_id, flyer_id, "date", count(*) AS views,
    sum(seconds) AS total_seconds FROM s WHERE seconds IS NOT NULL GROUP BY ALL`);
  await copy('user_merchant_day', `SELECT user_id, merchant_id, "date", sum(views) AS views,
    count(*) AS flyers, sum(total_seconds) AS total_seconds, sum(total_seconds) / sum(views) AS avg_seconds
    FROM f GROUP BY ALL ORDER BY ALL`);
  await copy('user_day', `SELECT user_id, "date", count(DISTINCT merchant_id) AS merchants,
    count(*) AS flyers, sum(views) AS views, sum(total_seconds) AS total_seconds,
    sum(total_seconds) / sum(views) AS avg_seconds FROM f GROUP BY ALL ORDER BY ALL`);
  await copy('merchant_day', `SELECT merchant_id, "date", count(DISTINCT user_id) AS users,
    count(DISTINCT flyer_id) AS flyers, sum(views) AS views, sum(total_seconds) AS total_seconds,
    sum(total_seconds) / sum(views) AS avg_seconds,
    sum(total_seconds) / count(DISTINCT user_id) AS avg_seconds_per_user FROM f GROUP BY ALL ORDER BY ALL`);
  await copy('flyer_day', `SELECT flyer_id, merchant_id, "date", count(*) AS users, sum(views) AS views,
    sum(total_seconds) AS total_seconds, sum(total_seconds) / sum(views) AS avg_seconds
    FROM f GROUP BY ALL ORDER BY ALL`);
} else {
  await run(`CREATE TABLE v AS SELECT * FROM e WHERE ${view}`);
  await run(`CREATE TABLE umd AS SELECT user_id, merchant_id, "date", count(*) AS views,
    count(DISTINCT flyer_id) AS flyers, ${secs('min(instant)', 'max(instant)')} AS total_seconds
    FROM v GROUP BY ALL`);
  await copy('user_merchant_day', `SELECT *, total_seconds / views avg_seconds FROM umd ORDER BY ALL`);
  await copy('user_day', `SELECT user_id, "date", count(DISTINCT merchant_id) AS merchants,
    count(DISTINCT flyer_id) AS flyers, count(*) AS views,
    ${secs('min(instant)', 'max(instant)')} AS total_seconds,
    ${secs('min(instant)', 'max(instant)')} / count(*) AS avg_seconds FROM v GROUP BY ALL ORDER BY ALL`);
  await copy('merchant_day', `SELECT merchant_id, "date", count(*) AS users, sum(flyers) AS flyers,
    sum(views) AS views, sum(total_seconds) AS total_seconds, sum(total_seconds) / sum(views) AS avg_seconds,
    sum(total_seconds) / count(*) AS avg_seconds_per_user FROM umd GROUP BY ALL ORDER BY ALL`);
  await copy('flyer_day', `SELECT flyer_id, merchant_id, "date", count(*) AS users, sum(views) AS views,
    sum(total_seconds) AS total_seconds, sum(total_seconds) / sum(views) AS avg_seconds FROM (
      SELECT user_id, flyer_id, merchant_id, "date", count(*) AS views,
        ${secs('min(instant)', 'max(instant)')} AS total_seconds FROM v GROUP BY ALL)
    GROUP BY ALL ORDER BY ALL`);
}
console.log(((performance.now() - start) / 1000).toFixed(3));
