// Writes Parquet files with DuckDB and records DuckDB's own reading of them, for
// tests/parquet_oracle_test.cc. Usage: node parquet_oracle.mjs OUTPUT_DIR
//
// For every variant (codec x page version x row-group size) it writes OUTPUT_DIR/<variant>.parquet
// from one table covering NULLs, multi-byte UTF-8, decimals (INT32 / INT64 / FIXED_LEN_BYTE_ARRAY
// backed), dates, timestamps (naive, UTC, milli and nano), lists, structs, maps, low-cardinality
// (dictionary) and unique (plain fallback) strings, then OUTPUT_DIR/<variant>.jsonl: one JSON
// object per row as DuckDB reads the file back, with values made exact for comparison —
// decimals and dates as text, timestamps as epoch microseconds, blobs as hex.
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';

const outputDir = process.argv[2];
if (!outputDir) {
  console.error('usage: node parquet_oracle.mjs OUTPUT_DIR');
  process.exit(2);
}

const kRows = 5000;
const kTable = `
  SELECT
    i::BIGINT AS id,
    CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 37 % 1000 - 500)::INTEGER END AS small_int,
    (i % 3 = 0) AS flag,
    CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 1.5 - 1000.25)::DOUBLE / 3 END AS real_value,
    (i * 0.25)::FLOAT AS float_value,
    CASE WHEN i % 5 = 0 THEN NULL ELSE ['red', 'grün', 'синий', '青', '🦀 crab'][i % 5 + 1] END AS color,
    'row ' || i || ' ' || repeat('é', i % 4) AS unique_text,
    CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 12.34)::DECIMAL(9, 2) END AS price_int32,
    (i * -98765.4321)::DECIMAL(18, 4) AS price_int64,
    (i * 123456789.123)::DECIMAL(30, 3) AS price_wide,
    DATE '1969-12-25' + (i % 20000)::INTEGER AS day,
    TIMESTAMP '1999-12-31 23:59:59.123456' + to_microseconds(i * 3600000123) AS moment,
    (TIMESTAMP '2020-02-29 12:00:00' + to_microseconds(i * 1000))::TIMESTAMPTZ AS moment_utc,
    (TIMESTAMP '2001-01-01 00:00:00' + to_microseconds(i * 1000000))::TIMESTAMP_MS AS moment_ms,
    (TIMESTAMP '2001-01-01 00:00:00' + to_microseconds(i * 17))::TIMESTAMP_NS AS moment_ns,
    CASE WHEN i % 9 = 0 THEN NULL
         WHEN i % 9 = 1 THEN []::INTEGER[]
         ELSE [i, NULL, i * 2][1:(i % 3 + 1)] END AS int_list,
    CASE WHEN i % 4 = 0 THEN NULL ELSE ['a' || i, NULL, 'ü'] END AS text_list,
    CASE WHEN i % 6 = 0 THEN NULL
         ELSE {'x': i % 10, 'name': CASE WHEN i % 2 = 0 THEN NULL ELSE 'n' || i END,
               'tags': [i % 4, i % 5]} END AS record,
    CASE WHEN i % 8 = 0 THEN NULL ELSE MAP(['k' || (i % 3), 'z'], [i, NULL]) END AS attributes,
    [[i % 2, i % 3], [], NULL] AS nested_list,
    CASE WHEN i % 10 = 0 THEN NULL ELSE ('\\x' || lpad(to_hex(i % 256), 2, '0') || 'ab')::BLOB END AS payload,
    CASE WHEN i % 17 = 0 THEN NULL ELSE (i % 200)::UTINYINT END AS unsigned_byte,
    (i * 100003)::UINTEGER AS unsigned_int,
    (i * 1000000007)::UBIGINT AS unsigned_big
  FROM range(${kRows}) t(i)`;

// What each column becomes in the answer: exact text or numbers.
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

const kVariants = [
  { name: 'snappy_v1', options: "COMPRESSION 'snappy'" },
  { name: 'zstd_v2', options: "COMPRESSION 'zstd', PARQUET_VERSION 'V2'" },
  { name: 'gzip_small_groups', options: "COMPRESSION 'gzip', ROW_GROUP_SIZE 1000" },
  { name: 'uncompressed', options: "COMPRESSION 'uncompressed'" },
  { name: 'brotli_v2', options: "COMPRESSION 'brotli', PARQUET_VERSION 'V2'" },
  { name: 'lz4_raw', options: "COMPRESSION 'lz4_raw'" },
  { name: 'zstd_no_dictionary', options: "COMPRESSION 'zstd', DICTIONARY_SIZE_LIMIT 1" },
];

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
await connection.run(`SET TimeZone = 'UTC'`);
await connection.run(`CREATE TABLE oracle AS ${kTable}`);
for (const variant of kVariants) {
  const path = `${outputDir}/${variant.name}.parquet`;
  try {
    await connection.run(`COPY oracle TO '${path}' (FORMAT parquet, ${variant.options})`);
  } catch (error) {
    // An option this DuckDB does not know: fall back to the codec alone.
    console.error(`${variant.name}: ${error.message}; writing without extra options`);
    await connection.run(`COPY oracle TO '${path}' (FORMAT parquet)`);
  }
  const reader = await connection.runAndReadAll(kAnswer.replace('?', `'${path}'`));
  const lines = reader.getRows().map((row) => String(row[0]));
  writeFileSync(`${outputDir}/${variant.name}.jsonl`, lines.join('\n') + '\n');
}
