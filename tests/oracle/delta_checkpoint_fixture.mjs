// Writes a Delta checkpoint with DuckDB (an independent Parquet writer, real MAP columns) for
// src/lake/delta_checkpoint_test.cc. Usage: node delta_checkpoint_fixture.mjs OUTPUT.parquet
import { DuckDBInstance } from '@duckdb/node-api';

const output = process.argv[2];
if (!output) {
  console.error('usage: node delta_checkpoint_fixture.mjs OUTPUT.parquet');
  process.exit(2);
}
const schema = JSON.stringify({
  type: 'struct',
  fields: [
    { name: 'id', type: 'long', nullable: true, metadata: {} },
    { name: 'day', type: 'string', nullable: true, metadata: {} },
  ],
}).replaceAll("'", "''");
const noMap = 'MAP {}::MAP(VARCHAR, VARCHAR)';
const sql = `
COPY (
  SELECT
    CASE WHEN kind = 'txn' THEN {'appId': 'ingest', 'version': 3::BIGINT, 'lastUpdated': 1::BIGINT} END AS txn,
    CASE WHEN kind = 'add' THEN {'path': path, 'partitionValues': MAP {'day': day},
      'size': 100::BIGINT, 'modificationTime': 1700000000000::BIGINT, 'dataChange': false,
      'tags': MAP {'source': path}, 'stats': '{"numRecords":2}'} END AS add,
    CASE WHEN kind = 'remove' THEN {'path': path, 'deletionTimestamp': 1700000000000::BIGINT,
      'dataChange': true, 'extendedFileMetadata': true, 'partitionValues': MAP {'day': day},
      'size': 100::BIGINT} END AS remove,
    CASE WHEN kind = 'metaData' THEN {'id': 'b6d5c9a0-0000-4000-8000-000000000000',
      'name': NULL::VARCHAR, 'description': NULL::VARCHAR,
      'format': {'provider': 'parquet', 'options': ${noMap}}, 'schemaString': '${schema}',
      'partitionColumns': ['day'], 'configuration': MAP {'delta.appendOnly': 'false'},
      'createdTime': 1700000000000::BIGINT} END AS metaData,
    CASE WHEN kind = 'protocol' THEN {'minReaderVersion': 1::INTEGER, 'minWriterVersion': 2::INTEGER}
      END AS protocol
  FROM (VALUES ('protocol', NULL, NULL), ('metaData', NULL, NULL), ('txn', NULL, NULL),
               ('add', 'day=1/a%20b.parquet', '1'), ('add', 'day=2/c.parquet', '2'),
               ('add', 'day=__HIVE_DEFAULT_PARTITION__/n.parquet', NULL),
               ('remove', 'day=1/old.parquet', '1')) AS t(kind, path, day)
) TO '${output.replaceAll("'", "''")}' (FORMAT parquet)`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(sql);
