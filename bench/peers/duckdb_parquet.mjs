// DuckDB's side of bench/run_parquet_benchmark.sh.
//   node duckdb_parquet.mjs write CSV OUT_PREFIX       writes OUT_PREFIX.snappy.parquet and
//                                                      OUT_PREFIX.zstd.parquet from the CSV
//   node duckdb_parquet.mjs write-timed CSV OUT_PREFIX THREADS RUNS
//                                                      loads the CSV once, then writes
//                                                      OUT_PREFIX.<codec>.parquet (snappy, zstd)
//                                                      RUNS times each and prints
//                                                      "duckdb_write_<codec> <median seconds>"
//                                                      and "duckdb_bytes_<codec> <size>"
//   node duckdb_parquet.mjs read FILE.parquet THREADS  prints "duckdb_read <seconds>" (the file
//                                                      materialized: CREATE TABLE AS SELECT *),
//                                                      "duckdb_rows <n>" and "duckdb_checksum <x>"
// The checksum is computed like `berserkr-bench parquet`'s: the sum of every numeric column plus
// the summed lengths of the string columns.
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const [mode, input, second] = process.argv.slice(2);
const sqlString = (text) => `'${text.replaceAll("'", "''")}'`;

if (mode === 'write') {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE g AS SELECT * FROM read_csv(${sqlString(input)}, header=true)`);
  for (const codec of ['snappy', 'zstd']) {
    const path = `${second}.${codec}.parquet`;
    await connection.run(`COPY g TO ${sqlString(path)} (FORMAT parquet, COMPRESSION '${codec}')`);
    console.error(`wrote ${path}`);
  }
} else if (mode === 'write-timed') {
  const [threads, runs] = process.argv.slice(5);
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads ?? 2) });
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE g AS SELECT * FROM read_csv(${sqlString(input)}, header=true)`);
  for (const codec of ['snappy', 'zstd']) {
    const path = `${second}.${codec}.parquet`;
    const seconds = [];
    for (let run = 0; run < Number(runs ?? 3); ++run) {
      const start = performance.now();
      await connection.run(`COPY g TO ${sqlString(path)} (FORMAT parquet, COMPRESSION '${codec}')`);
      seconds.push((performance.now() - start) / 1000);
    }
    seconds.sort((a, b) => a - b);
    console.log(`duckdb_write_${codec} ${seconds[Math.floor(seconds.length / 2)]}`);
    console.log(`duckdb_bytes_${codec} ${statSync(path).size}`);
  }
} else if (mode === 'read') {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(second ?? 2) });
  const connection = await instance.connect();
  const start = performance.now();
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_parquet(${sqlString(input)})`);
  const seconds = (performance.now() - start) / 1000;
  const columns = (await connection.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 't'`)).getRows();
  const terms = columns.map(([name, type]) =>
    type === 'VARCHAR' ? `sum(length("${name}"))::DOUBLE` : `sum("${name}")::DOUBLE`);
  const result = (await connection.runAndReadAll(
    `SELECT count(*), ${terms.map((term) => `coalesce(${term}, 0)`).join(' + ')} FROM t`)).getRows()[0];
  console.log(`duckdb_read ${seconds}`);
  console.log(`duckdb_rows ${Number(result[0])}`);
  console.log(`duckdb_checksum ${Number(result[1])}`);
} else {
  console.error('usage: node duckdb_parquet.mjs write CSV OUT_PREFIX | write-timed CSV OUT_PREFIX THREADS RUNS | read FILE.parquet THREADS');
  process.exit(2);
}
