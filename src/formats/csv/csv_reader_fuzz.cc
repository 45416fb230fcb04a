// libFuzzer target for the CSV reader: any bytes must give a table or a berserkr::Error — never a
// crash, hang or sanitizer report. The first byte picks the options, the rest is the file.
// Build: cmake -B build-fuzz -DBERSERKR_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ && ninja -C build-fuzz
// Run:   build-fuzz/csv_reader_fuzz -max_total_time=300 corpus/

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string path =
      "/dev/shm/berserkr-csv-fuzz-" + std::to_string(::getpid()) + ".csv";
  const uint8_t selector = data[0];
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data + 1, 1, size - 1, file);
  std::fclose(file);

  berserkr::CsvOptions options;
  options.on_error = (selector & 1) ? berserkr::OnError::kSkip : berserkr::OnError::kFail;
  if (selector & 2) options.header = (selector & 4) != 0;
  if (selector & 8) options.delimiter = ';';
  if (selector & 16) options.column_types["column0"] = berserkr::DataType::Decimal(9, 3);
  if (selector & 32) options.sample_rows = 1;  // forces widening paths
  if (selector & 64) options.null_values = {"NA", ""};
  try {
    berserkr::ReadStats stats;
    berserkr::Table table = berserkr::ReadCsv({path}, options, &stats);
    if (stats.rows_read != stats.rows_accepted + stats.rows_rejected) __builtin_trap();
    if (table.num_rows() != stats.rows_accepted) __builtin_trap();
    for (const berserkr::Batch& batch : table.batches()) {
      for (const auto& column : batch.columns) {
        for (int64_t row = 0; row < batch.num_rows; ++row) column->FormatValue(row);
      }
    }
  } catch (const berserkr::Error&) {
  }
  return 0;
}
