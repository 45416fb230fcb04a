// The counts behind `berserkr events experiments` computed independently in DuckDB SQL, for
// tests/experiments_test.cc. Same definitions as docs/experiments.md.
// Usage: node experiments_duckdb.mjs EVENTS.jsonl OUT_DIR
import { DuckDBInstance } from '@duckdb/node-api';

const [input, out] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const run = (sql) => c.run(sql);

await run(`CREATE TABLE e AS SELECT event, userId AS "user", CAST("timestamp" AS TIMESTAMPTZ) AS ts,
  properties.experiment_id AS experiment, properties.variation_id AS variant,
  TRY_CAST(properties.revenue AS DOUBLE) AS revenue, properties.vertical AS vertical
  FROM read_json('${input}', format = 'newline_delimited') WHERE userId IS NOT NULL`);
await run(`CREATE TABLE a AS SELECT experiment, "user", min(ts) AS exposed_at,
  min(variant) AS variant FROM e WHERE event = 'Experiment Viewed' AND experiment IS NOT NULL
  AND variant IS NOT NULL GROUP BY experiment, "user" HAVING count(DISTINCT variant) = 1`);
await run(`CREATE TABLE o AS SELECT a.experiment, a.variant, a."user", e.ts,
  (e.event = 'Product Clicked')::BIGINT AS click, (e.event = 'Order Completed')::BIGINT AS conversion,
  CASE WHEN e.event = 'Order Completed' THEN e.revenue END AS revenue,
  (e.event = 'Added to Cart' AND e.vertical = 'Food')::BIGINT AS target
  FROM a JOIN e USING ("user") WHERE e.ts >= a.exposed_at
  AND e.event IN ('Product Clicked', 'Order Completed', 'Added to Cart')`);
await run(`COPY (SELECT a.experiment, a.variant, count(*) AS users,
    count(*) FILTER (WHERE clicks > 0) AS clickers, count(*) FILTER (WHERE conversions > 0) AS converters,
    sum(gmv) AS gmv, coalesce(sum(events), 0) AS events
  FROM a LEFT JOIN (SELECT experiment, variant, "user", sum(click) AS clicks,
    sum(conversion) AS conversions, sum(revenue) AS gmv, sum(target) AS events FROM o GROUP BY ALL) p
    USING (experiment, variant, "user")
  GROUP BY ALL ORDER BY ALL) TO '${out}/variants.csv' (HEADER)`);
await run(`COPY (SELECT experiment, variant, hour, coalesce(exposures, 0) AS exposures,
    coalesce(clicks, 0) AS clicks, coalesce(conversions, 0) AS conversions,
    coalesce(gmv, 0) AS gmv, coalesce(events, 0) AS events
  FROM (SELECT experiment, variant, date_trunc('hour', exposed_at) AS hour, count(*) AS exposures
        FROM a GROUP BY ALL)
  FULL JOIN (SELECT experiment, variant, date_trunc('hour', ts) AS hour, sum(click) AS clicks,
        sum(conversion) AS conversions, sum(revenue) AS gmv, sum(target) AS events FROM o GROUP BY ALL)
  USING (experiment, variant, hour) ORDER BY ALL) TO '${out}/hourly.csv' (HEADER)`);
