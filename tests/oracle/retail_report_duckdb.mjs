// The retail report's tables computed independently in DuckDB SQL, for tests/retail_report_test.cc.
// Usage: node retail_report_duckdb.mjs 'GLOB' OUT_DIR
// Writes OUT_DIR/<table>.csv with the same columns and definitions as `berserkr retail report`
// (docs/retail-report.md), written from the definitions, not from berserkr's code.
import { DuckDBInstance } from '@duckdb/node-api';

const [glob, out] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const run = (sql) => c.run(sql);
const scalar = async (sql) => (await c.runAndReadAll(sql)).getRows()[0][0];

await run(`CREATE TABLE raw AS SELECT * FROM read_csv('${glob}', header = true,
  types = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR',
  'Description': 'VARCHAR', 'Country': 'VARCHAR', 'Quantity': 'BIGINT', 'UnitPrice': 'DOUBLE',
  'CustomerID': 'DOUBLE', 'InvoiceDate': 'TIMESTAMP'})`);
await run(`CREATE TABLE l0 AS SELECT InvoiceNo invoice, StockCode stock_code, Description description,
  Quantity quantity, InvoiceDate invoice_date, UnitPrice unit_price,
  CAST(CustomerID AS BIGINT) customer_id, Country country,
  rowid seq FROM raw`);
const steps = [];
const count = (table) => scalar(`SELECT count(*) FROM ${table}`);
// Exact duplicates: the first of each (by file order) stays.
await run(`CREATE TABLE l1 AS SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER (
  PARTITION BY invoice, stock_code, description, quantity, invoice_date, unit_price, customer_id,
  country ORDER BY seq) rn FROM l0) WHERE rn = 1`);
steps.push(['duplicates', (await count('l0')) - (await count('l1'))]);
const codes = 'POST|DOT|C2|M|m|D|S|B|CRUK|PADS|AMAZONFEE|BANK CHARGES|ADJUST.*|TEST.*|gift_.*';
await run(`CREATE TABLE l2 AS SELECT * FROM l1
  WHERE NOT coalesce(regexp_full_match(stock_code, '${codes}'), false)`);
steps.push(['non_product', (await count('l1')) - (await count('l2'))]);
await run(`CREATE TABLE l3 AS SELECT * FROM l2 WHERE unit_price > 0`);
steps.push(['zero_price', (await count('l2')) - (await count('l3'))]);
steps.push(['anonymous', await scalar(`SELECT count(*) FROM l3 WHERE customer_id IS NULL`)]);

await run(`CREATE TABLE e AS SELECT *, CAST(quantity AS DOUBLE) * unit_price amount,
  strftime(invoice_date, '%Y-%m') "month", CAST(date_trunc('month', invoice_date) AS DATE) month_start,
  CAST(invoice_date AS DATE) "day", coalesce(starts_with(invoice, 'C'), false) cancelled
  FROM l3 ORDER BY seq`);
const copy = (name, sql) => run(`COPY (${sql}) TO '${out}/${name}.csv' (HEADER)`);

await copy('cleaning', `SELECT * FROM (VALUES ${steps.map(([n, v]) => `('${n}', ${v})`).join(',')})
  t(rule, rows)`);
await copy('monthly', `WITH m AS (SELECT "month",
    count(DISTINCT invoice) FILTER (WHERE NOT cancelled) orders_placed,
    count(DISTINCT invoice) FILTER (WHERE cancelled) orders_cancelled, sum(amount) sales,
    count(DISTINCT customer_id) FILTER (WHERE NOT cancelled) customers_active
    FROM e GROUP BY "month"),
  f AS (SELECT "month", count(*) new_customers FROM (SELECT customer_id, min("month") "month" FROM e
    WHERE NOT cancelled AND customer_id IS NOT NULL GROUP BY customer_id) GROUP BY "month")
  SELECT "month", orders_placed, orders_cancelled, round(sales, 2) sales,
    (sales - lag(sales) OVER w) / abs(lag(sales) OVER w) sales_growth, customers_active,
    coalesce(new_customers, 0) customers_new, customers_active - coalesce(new_customers, 0) customers_returning
  FROM m LEFT JOIN f USING ("month") WINDOW w AS (ORDER BY "month") ORDER BY "month"`);
await run(`CREATE TABLE inv AS SELECT invoice, round(sum(amount), 2) amount FROM e
  WHERE NOT cancelled AND quantity > 0 AND unit_price > 0 GROUP BY invoice`);
const stats = (subset, where) => `SELECT '${subset}' subset, count(*) invoices, avg(amount) mean,
  median(amount) median, (SELECT amount FROM inv ${where} GROUP BY amount
  ORDER BY count(*) DESC, amount LIMIT 1) AS "mode", min(amount) AS "min", max(amount) AS "max" FROM inv ${where}`;
const below = `WHERE amount < (SELECT quantile_cont(amount, 0.85) FROM inv)`;
await copy('invoice_stats', `${stats('all', '')} UNION ALL ${stats('below_p85', below)}`);
await run(`CREATE TABLE rfm AS WITH c AS (SELECT customer_id,
    date_diff('day', max("day") FILTER (WHERE NOT cancelled), (SELECT max("day") + 1 FROM e)) recency_days,
    count(DISTINCT invoice) FILTER (WHERE NOT cancelled) frequency, round(sum(amount), 2) monetary
    FROM e WHERE customer_id IS NOT NULL GROUP BY customer_id HAVING frequency > 0),
  s AS (SELECT *,
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY recency_days DESC)))::BIGINT r,
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY frequency)))::BIGINT f,
    least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY monetary)))::BIGINT m FROM c)
  SELECT *, CASE
    WHEN r <= 2 AND f <= 2 THEN 'Hibernating' WHEN r <= 2 AND f <= 4 THEN 'At Risk'
    WHEN r <= 2 THEN 'Can''t Lose' WHEN r = 3 AND f <= 2 THEN 'About to Sleep'
    WHEN r = 3 AND f = 3 THEN 'Need Attention' WHEN r <= 4 AND f >= 4 THEN 'Loyal Customers'
    WHEN r = 4 AND f = 1 THEN 'Promising' WHEN r = 5 AND f = 1 THEN 'New Customers'
    WHEN f <= 3 THEN 'Potential Loyalists' ELSE 'Champions' END segment FROM s`);
await copy('rfm_customers', `SELECT * FROM rfm ORDER BY customer_id`);
await copy('rfm_segments', `SELECT segment, count(*) customers, avg(recency_days) recency_mean,
  avg(frequency) frequency_mean, avg(monetary) monetary_mean FROM rfm GROUP BY segment
  ORDER BY customers DESC, segment`);
await copy('top_products', `SELECT stock_code, mode(description ORDER BY seq) description,
  sum(quantity) quantity, round(sum(amount), 2) sales,
  count(DISTINCT customer_id) FILTER (WHERE NOT cancelled) customers FROM e GROUP BY stock_code
  ORDER BY sales DESC, stock_code LIMIT 10`);
await copy('top_countries', `SELECT country, count(DISTINCT invoice) FILTER (WHERE NOT cancelled) orders,
  count(DISTINCT customer_id) FILTER (WHERE NOT cancelled) customers, round(sum(amount), 2) sales
  FROM e GROUP BY country ORDER BY sales DESC, country LIMIT 10`);
await copy('cohorts', `WITH a AS (SELECT DISTINCT customer_id, month_start FROM e
    WHERE NOT cancelled AND customer_id IS NOT NULL),
  f AS (SELECT customer_id, min(month_start) cohort_start FROM a GROUP BY customer_id),
  s AS (SELECT cohort_start, count(*) n FROM f GROUP BY cohort_start)
  SELECT strftime(cohort_start, '%Y-%m') cohort, strftime(month_start, '%Y-%m') "month",
    date_diff('month', cohort_start, month_start) months_since, count(*) customers,
    count(*) / any_value(n) retention
  FROM a JOIN f USING (customer_id) JOIN s USING (cohort_start)
  GROUP BY cohort_start, month_start ORDER BY cohort, months_since`);
