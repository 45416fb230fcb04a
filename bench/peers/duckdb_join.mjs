// The five db-benchmark join questions in DuckDB (node bindings), on the tables written by
// 'berserkr-bench gen join'. Prints what 'berserkr-bench join' prints:
//   load <s>; q<i> <s> rows=<n> chk=<sum v1>;<sum v2>; total <s>
// Usage: node duckdb_join.mjs DIR [THREADS]   (DIR holds J1_<N>_NA_0_0.csv and the right tables)
// The questions select x.* plus the right table's non-key columns, as db-benchmark's DuckDB
// solution does; each answer is materialized (CREATE TEMP TABLE) inside the timing.
import { DuckDBInstance } from '@duckdb/node-api';
import { readdirSync } from 'node:fs';

const [dir, threads = '2'] = process.argv.slice(2);
const xName = readdirSync(dir).find((name) => /^J1_[0-9]e[0-9]+_NA_0_0\.csv$/.test(name));
if (!xName) throw new Error(`no J1_<N>_NA_0_0.csv in ${dir}`);
const n = xName.split('_')[1];
const rows = Number(n[0]) * 10 ** Number(n.slice(2));
const pretty = (value) => { const digits = String(value); return `${digits[0]}e${digits.length - 1}`; };
const path = (right) => `${dir}/J1_${n}_${right}_0_0.csv`;

const inst = await DuckDBInstance.create(':memory:', { threads });
const con = await inst.connect();
const timed = async (sql) => { const s = performance.now(); const r = await con.runAndReadAll(sql); return [(performance.now() - s) / 1000, r]; };
const load = (table, file) => `CREATE TABLE ${table} AS SELECT * FROM read_csv('${file}', header=true, types={'v1':'DOUBLE','v2':'DOUBLE'})`;
let loadSeconds = 0;
for (const [table, file] of [['x', path('NA')], ['small', path(pretty(rows / 1e6))],
                             ['medium', path(pretty(rows / 1e3))], ['big', path(pretty(rows))]]) {
  if (table === 'x' || table === 'big') {
    loadSeconds += (await timed(load(table, file).replace("{'v1':'DOUBLE','v2':'DOUBLE'}", table === 'x' ? "{'v1':'DOUBLE'}" : "{'v2':'DOUBLE'}")))[0];
  } else {
    loadSeconds += (await timed(load(table, file).replace("{'v1':'DOUBLE','v2':'DOUBLE'}", "{'v2':'DOUBLE'}")))[0];
  }
}
console.log(`load ${loadSeconds.toFixed(3)}`);
const qs = [
  'SELECT x.*, small.id4 AS small_id4, v2 FROM x JOIN small USING (id1)',
  'SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x JOIN medium USING (id2)',
  'SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x LEFT JOIN medium USING (id2)',
  'SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2 FROM x JOIN medium USING (id5)',
  'SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5, big.id6 AS big_id6, v2 FROM x JOIN big USING (id3)',
];
let total = 0;
for (let i = 0; i < qs.length; i++) {
  await con.run('DROP TABLE IF EXISTS ans');
  const [e] = await timed(`CREATE TEMP TABLE ans AS ${qs[i]}`);
  total += e;
  // fsum (Kahan summation): the check does not depend on the order DuckDB's threads add in.
  const [, r] = await timed('SELECT count(*), fsum(v1), fsum(v2) FROM ans');
  const row = r.getRows()[0];
  console.log(`q${i + 1} ${e.toFixed(3)} rows=${row[0]} chk=${row.slice(1).map((v) => Number(v).toPrecision(12)).join(';')}`);
}
console.log(`total ${total.toFixed(3)}`);
