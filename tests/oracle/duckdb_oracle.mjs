// DuckDB as an oracle for berserkr's randomized query tests (tests/oracle/).
//
//   node duckdb_oracle.mjs REQUEST.json RESPONSE.jsonl
//
// REQUEST is {"cases": [{"tables": [TABLE...], "queries": ["SELECT ...", ...]}, ...]} where
//   TABLE = {"name": "t", "columns": [["a", "INTEGER"], ...], "rows": [[VALUE, ...], ...]}.
// Input values, by column type (all lossless):
//   NULL: null;  BOOLEAN: true/false;  TINYINT..BIGINT: decimal text ("-9223372036854775808");
//   DOUBLE: text read by Number() plus "nan", "inf", "-inf", "-0";  VARCHAR: a JSON string;
//   DATE: days since 1970-01-01 (number);  TIMESTAMP: microseconds since the epoch (text).
// Tables are loaded with an appender, not through CSV or JSON parsing, so every value (NaN, -0.0,
// embedded quotes and line breaks, any UTF-8) arrives exactly as the C++ side generated it.
//
// RESPONSE has one line per query, in order: {"case": c, "query": q, "ok": true, "names": [...],
// "types": ["BIGINT", "DOUBLE[]", ...], "rows": [[VALUE, ...], ...]} or {"case": c, "query": q,
// "ok": false, "error": "..."}. Output values use the input encoding, extended with
//   HUGEINT/UBIGINT...: decimal text;  FLOAT/DOUBLE: shortest round-trip text (String(x)) or
//   "nan", "inf", "-inf", "-0";  DECIMAL: DuckDB's text ("-12.50");  TIMESTAMP (any precision,
//   also WITH TIME ZONE): microseconds text;  LIST: a JSON array of item values.
// One process answers a whole batch: node start-up costs ~0.3 s, a query ~1 ms.

import fs from 'node:fs';
import {
  DuckDBInstance, DuckDBDateValue, DuckDBTimestampValue, DuckDBTypeId,
} from '@duckdb/node-api';

const [requestPath, responsePath] = process.argv.slice(2);
if (!requestPath || !responsePath) {
  console.error('usage: node duckdb_oracle.mjs REQUEST.json RESPONSE.jsonl');
  process.exit(2);
}

function parseDouble(text) {
  switch (text) {
    case 'nan': return NaN;
    case 'inf': return Infinity;
    case '-inf': return -Infinity;
    default: return Number(text);  // "-0" gives -0
  }
}

function appendValue(appender, type, value) {
  if (value === null) { appender.appendNull(); return; }
  switch (type) {
    case 'BOOLEAN': appender.appendBoolean(value); break;
    case 'TINYINT': appender.appendTinyInt(Number(value)); break;
    case 'SMALLINT': appender.appendSmallInt(Number(value)); break;
    case 'INTEGER': appender.appendInteger(Number(value)); break;
    case 'BIGINT': appender.appendBigInt(BigInt(value)); break;
    case 'DOUBLE': appender.appendDouble(parseDouble(value)); break;
    case 'VARCHAR': appender.appendVarchar(value); break;
    case 'DATE': appender.appendDate(new DuckDBDateValue(value)); break;
    case 'TIMESTAMP': appender.appendTimestamp(new DuckDBTimestampValue(BigInt(value))); break;
    default: throw new Error(`duckdb_oracle: unsupported input column type ${type}`);
  }
}

function encodeDouble(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

// Encodes one result value of DuckDB logical type `type` (a DuckDBType).
function encodeValue(type, value) {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return value;
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT: case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER: case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
      return String(value);
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE: return encodeDouble(value);
    case DuckDBTypeId.DECIMAL: return value.toString();
    case DuckDBTypeId.VARCHAR: return value;
    case DuckDBTypeId.DATE: return value.days;
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_TZ: return String(value.micros);
    case DuckDBTypeId.TIMESTAMP_S: return String(value.seconds * 1000000n);
    case DuckDBTypeId.TIMESTAMP_MS: return String(value.millis * 1000n);
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY:
      return value.items.map((item) => encodeValue(type.valueType, item));
    default: return value.toString();
  }
}

const request = JSON.parse(fs.readFileSync(requestPath, 'utf8'));
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
const out = fs.openSync(responsePath, 'w');
const quote = (name) => `"${name.replaceAll('"', '""')}"`;

for (let caseIndex = 0; caseIndex < request.cases.length; ++caseIndex) {
  const testCase = request.cases[caseIndex];
  for (const table of testCase.tables) {
    const columns = table.columns.map(([name, type]) => `${quote(name)} ${type}`).join(', ');
    await connection.run(`CREATE OR REPLACE TABLE ${quote(table.name)} (${columns})`);
    const appender = await connection.createAppender(table.name);
    for (const row of table.rows) {
      row.forEach((value, index) => appendValue(appender, table.columns[index][1], value));
      appender.endRow();
    }
    appender.closeSync();
  }
  for (let queryIndex = 0; queryIndex < testCase.queries.length; ++queryIndex) {
    let answer;
    try {
      const reader = await connection.runAndReadAll(testCase.queries[queryIndex]);
      const types = reader.columnTypes();
      answer = {
        case: caseIndex, query: queryIndex, ok: true,
        names: reader.columnNames(),
        types: types.map((type) => type.toString()),
        rows: reader.getRows().map((row) => row.map((value, index) => encodeValue(types[index], value))),
      };
    } catch (error) {
      answer = { case: caseIndex, query: queryIndex, ok: false, error: String(error.message ?? error) };
    }
    fs.writeSync(out, JSON.stringify(answer) + '\n');
  }
  for (const table of testCase.tables) await connection.run(`DROP TABLE ${quote(table.name)}`);
}
fs.closeSync(out);
