// Reads Parquet files written by berserkr with DuckDB and with Polars and checks each engine reads
// them exactly as it reads a reference file, for tests/parquet_writer_oracle_test.cc.
// Usage: node parquet_writer_oracle.mjs REFERENCE.parquet OURS.parquet...
//
// The reference is DuckDB's own file (parquet_oracle.mjs) that berserkr read and wrote again, so
// every engine compares with itself: no engine's formatting has to match another's. DuckDB's rows
// are canonical as in parquet_oracle.mjs (decimals and dates as text, timestamps as epoch
// microseconds, blobs as hex); Polars' rows are its records with BigInts and Dates as text.
// Prints one "ok <engine> <file>" or "DIFF <engine> <file>: ..." line per engine and file, and
// "skip polars: <reason>" when nodejs-polars is not installed. Exits 1 when anything differs.
import { DuckDBInstance } from '@duckdb/node-api';
import { createRequire } from 'node:module';

const [reference, ...ours] = process.argv.slice(2);
if (!reference || ours.length === 0) {
  console.error('usage: node parquet_writer_oracle.mjs REFERENCE.parquet OURS.parquet...');
  process.exit(2);
}

const kAnswer = `
  SELECT to_json(struct_pack(
    id, small_int, flag, real_value, float_value, color, unique_text,
    price_int32 := price_int32::VARCHAR, price_int64 := price_int64::VARCHAR,
    price_wide := price_wide::VARCHAR, day := day::VARCHAR,
    moment := epoch_us(moment), moment_utc := epoch_us(moment_utc),
    moment_ms := epoch_us(moment_ms), moment_ns := epoch_us(moment_ns::TIMESTAMP),
    int_list, text_list, record, attributes, nested_list,
    payload := hex(payload), unsigned_byte, unsigned_int,
    unsigned_big := unsigned_big::VARCHAR)) AS row
  FROM read_parquet(?) ORDER BY id`;

let failed = false;

function compare(engine, file, expected, actual) {
  if (expected.length !== actual.length) {
    console.log(`DIFF ${engine} ${file}: ${actual.length} rows, the reference has ${expected.length}`);
    failed = true;
    return;
  }
  for (let row = 0; row < expected.length; ++row) {
    if (expected[row] !== actual[row]) {
      console.log(`DIFF ${engine} ${file} row ${row}:\n  want ${expected[row]}\n  got  ${actual[row]}`);
      failed = true;
      return;
    }
  }
  console.log(`ok ${engine} ${file}`);
}

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
await connection.run(`SET TimeZone = 'UTC'`);
async function duckdbRows(path) {
  const reader = await connection.runAndReadAll(kAnswer.replace('?', `'${path}'`));
  return reader.getRows().map((row) => String(row[0]));
}
const duckdbReference = await duckdbRows(reference);
for (const file of ours) {
  try {
    compare('duckdb', file, duckdbReference, await duckdbRows(file));
  } catch (error) {
    console.log(`DIFF duckdb ${file}: ${error.message}`);
    failed = true;
  }
}

let pl = null;
try {
  pl = createRequire(import.meta.url)('nodejs-polars');
} catch (error) {
  console.log(`skip polars: nodejs-polars is not installed (${error.message.split('\n')[0]})`);
}
if (pl !== null) {
  // Columns whose type berserkr changes on the way (unsigned integers become wider signed ones,
  // UBIGINT a DECIMAL(20, 0)) print differently in Polars; they are compared through DuckDB.
  const kSkipped = new Set(['unsigned_byte', 'unsigned_int', 'unsigned_big']);
  const canonical = (value) => JSON.stringify(value, (key, item) => {
    if (typeof item === 'bigint') return item.toString();
    if (item instanceof Date) return item.toISOString();
    if (item instanceof Uint8Array || Buffer.isBuffer(item)) return Buffer.from(item).toString('hex');
    return item;
  });
  // nodejs-polars cannot hand decimals to JavaScript (they are compared as text) nor binary
  // columns (left to DuckDB); top-level timestamps are compared as epoch microseconds.
  const polarsRows = (path) => {
    const frame = pl.readParquet(path).sort('id');
    const columns = [];
    for (const name of frame.columns) {
      if (kSkipped.has(name)) continue;
      let dtype;
      try {
        dtype = String(frame.getColumn(name).dtype);
      } catch {
        continue;
      }
      if (dtype.startsWith('DataType(Decimal')) {
        columns.push(pl.col(name).cast(pl.Utf8));
      } else if (dtype.startsWith('DataType(Datetime')) {
        // Exact epoch microseconds: JavaScript Dates hold milliseconds, and Polars rounds
        // nanosecond timestamps on the way to them differently from microsecond ones.
        columns.push(pl.col(name).cast(pl.Datetime('us')).cast(pl.Int64));
      } else {
        columns.push(pl.col(name));
      }
    }
    return frame.select(...columns).toRecords().map(canonical);
  };
  const polarsReference = polarsRows(reference);
  for (const file of ours) {
    try {
      compare('polars', file, polarsReference, polarsRows(file));
    } catch (error) {
      console.log(`DIFF polars ${file}: ${error.message}`);
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
