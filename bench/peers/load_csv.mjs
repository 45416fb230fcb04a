// Times loading a CSV into the peer engines, DuckDB and Polars, for comparison with
// `berserkr-bench load`. Usage: node load_csv.mjs FILE [THREADS]
//
// Prints one "name value" line per figure (seconds; MB = 1e6 bytes):
//   duckdb_load, duckdb_rows, duckdb_peak_rss_mb, duckdb_base_rss_mb       read_csv, types inferred
//   duckdb_typed_load, ...                      read_csv with the types of duckdb_groupby.mjs
//   polars_load, polars_rows, polars_peak_rss_mb, polars_base_rss_mb       pl.readCSV, inferred
// Each load runs in its own child process so that its peak RSS (VmHWM) is its own; base_rss is the
// child's resident memory after loading the engine and before reading, i.e. what node and the
// engine's library cost before any data. THREADS (default 2) sets DuckDB's `threads` and Polars'
// POLARS_MAX_THREADS (which wins over one set in the environment, so both peers use the same).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const kEngines = ['duckdb', 'duckdb_typed', 'polars'];
// The explicit schema of /work/shared/peers/duckdb_groupby.mjs (and `berserkr-bench load --types`).
const kDuckdbTypes =
  "{'id4':'INTEGER','id5':'INTEGER','id6':'INTEGER','v1':'INTEGER','v2':'INTEGER','v3':'DOUBLE'}";

// Reads a field of /proc/self/status ("VmHWM", "VmRSS") in MB; NaN where there is no /proc.
function statusMegabytes(field) {
  try {
    const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) * 1024 / 1e6 : NaN;
  } catch {
    return NaN;
  }
}

const sqlString = (text) => `'${text.replaceAll("'", "''")}'`;

// Child: loads FILE into one engine and prints a JSON line with the figures.
async function loadInChild(engine, file, threads) {
  let seconds;
  let rows;
  let baseRss;
  if (engine === 'polars') {
    const pl = createRequire(import.meta.url)('nodejs-polars');
    baseRss = statusMegabytes('VmRSS');
    const start = performance.now();
    const frame = pl.readCSV(file);
    seconds = (performance.now() - start) / 1000;
    rows = frame.height;  // keeps the frame alive until the peak has been read below
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
    const connection = await instance.connect();
    baseRss = statusMegabytes('VmRSS');
    const types = engine === 'duckdb_typed' ? `, types=${kDuckdbTypes}` : '';
    const start = performance.now();
    await connection.run(`CREATE TABLE x AS SELECT * FROM read_csv(${sqlString(file)}, header=true${types})`);
    seconds = (performance.now() - start) / 1000;
    rows = Number((await connection.runAndReadAll('SELECT count(*) FROM x')).getRows()[0][0]);
  }
  const peakRss = statusMegabytes('VmHWM');
  process.stdout.write(JSON.stringify({ seconds, rows, peakRss, baseRss }) + '\n');
}

function runChild(engine, file, threads) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), file, String(threads), '--engine', engine], {
    env: { ...process.env, POLARS_MAX_THREADS: String(threads) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) {
    throw new Error(`${engine} load of ${file} failed (exit ${child.status ?? child.signal})`);
  }
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

const [file, threadsText = '2', flag, engine] = process.argv.slice(2);
const threads = Number.parseInt(threadsText, 10);
if (!file || !(threads >= 1)) {
  console.error('usage: node load_csv.mjs FILE [THREADS]');
  process.exit(2);
}
if (!existsSync(file)) {
  console.error(`load_csv.mjs: ${file}: no such file`);
  process.exit(2);
}
if (flag === '--engine') {
  if (!kEngines.includes(engine)) {
    console.error(`unknown engine '${engine}'; one of ${kEngines.join(', ')}`);
    process.exit(2);
  }
  try {
    await loadInChild(engine, file, threads);
  } catch (error) {
    console.error(`${engine}: ${error.message}`);
    process.exit(1);
  }
  process.exit(0);  // DuckDB's instance would otherwise keep the event loop alive a while
}
for (const name of kEngines) {
  let result;
  try {
    result = runChild(name, file, threads);
  } catch (error) {
    console.error(`load_csv.mjs: ${error.message}`);
    process.exit(1);
  }
  console.log(`${name}_load ${result.seconds.toFixed(3)}`);
  console.log(`${name}_rows ${result.rows}`);
  console.log(`${name}_peak_rss_mb ${result.peakRss.toFixed(1)}`);
  console.log(`${name}_base_rss_mb ${result.baseRss.toFixed(1)}`);
}
