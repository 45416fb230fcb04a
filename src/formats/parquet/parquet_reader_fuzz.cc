// libFuzzer target for the Parquet reader: any bytes must give a table or a berserkr::Error —
// never a crash, hang or sanitizer report. The bytes are the file, read from memory; every row
// group and column is decoded and every value formatted.
// Build: cmake -B build-fuzz -DBERSERKR_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ && ninja -C build-fuzz
// Run:   build-fuzz/parquet_reader_fuzz -max_total_time=300 -rss_limit_mb=4096 corpus/
// Seeds: tests/data/parquet/*.parquet (and ../shared/data/parquet-testing/data).

#include <cstdint>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/io/random_access_file.h"
#include "formats/parquet/parquet_file_internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto file = berserkr::parquet::OpenParquetFile(berserkr::OpenMemoryRandomAccessFile(
        std::vector<uint8_t>(data, data + size), "fuzz.parquet"));
    std::vector<int> columns;
    for (int column = 0; column < file->schema.schema->num_fields(); ++column) {
      columns.push_back(column);
    }
    for (size_t group = 0; group < file->metadata.row_groups.size(); ++group) {
      const auto decoded =
          berserkr::parquet::ReadRowGroup(*file, static_cast<int>(group), columns, false);
      for (const auto& column : decoded) {
        for (int64_t row = 0; row < column->length(); ++row) column->FormatValue(row);
      }
    }
  } catch (const berserkr::Error&) {
  }
  return 0;
}
