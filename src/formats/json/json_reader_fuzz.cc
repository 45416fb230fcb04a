// libFuzzer target for the JSON lines reader: any bytes must give a table or a berserkr::Error —
// never a crash, hang or sanitizer report — and the answer must not depend on how the input is
// cut into runs, chunks and batches. The first byte picks the options, the rest is the input.
// Build: cmake -B build-fuzz-json -G Ninja -DBERSERKR_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++
//        ninja -C build-fuzz-json json_reader_fuzz
// Run:   build-fuzz-json/json_reader_fuzz -max_total_time=180 corpus/
// Every input that once failed goes to tests/data/json_regressions/ (read by json_reader_test).

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/formats/json_reader.h"
#include "berserkr/io/compression.h"
#include "json_reader_internal.h"

namespace {

using berserkr::Batch;
using berserkr::ColumnPtr;
using berserkr::DataType;
using berserkr::JsonOptions;
using berserkr::OnError;
using berserkr::ReadStats;
using berserkr::Table;
using berserkr::TypeId;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// Walks every value, and checks that struct children keep their parent's length.
void CheckColumn(const ColumnPtr& column) {
  for (int64_t row = 0; row < column->length(); ++row) column->FormatValue(row);
  if (column->type().id() == TypeId::kStruct) {
    for (const ColumnPtr& child : column->children()) {
      Check(child->length() == column->length());
      CheckColumn(child);
    }
  }
}

void CheckTable(const Table& table, const ReadStats& stats) {
  Check(stats.rows_read == stats.rows_accepted + stats.rows_rejected);
  Check(table.num_rows() == stats.rows_accepted);
  for (const Batch& batch : table.batches()) {
    Check(batch.num_rows <= 64 * 1024);
    for (const ColumnPtr& column : batch.columns) {
      Check(column->length() == batch.num_rows);
      CheckColumn(column);
    }
  }
}

std::string CellText(const Table& table) {
  std::string text = table.schema()->ToString();
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      for (const ColumnPtr& column : batch.columns) text += column->FormatValue(row) + "|";
      text += "\n";
    }
  }
  return text;
}

// Pass 2 must meet exactly the records pass 1 counted, whatever the input. (Only the start of the
// message is compared: keys of the input appear later in other messages.)
void CheckConsistentPasses(const berserkr::Error& error, const std::string& path) {
  Check(std::string(error.what()).rfind(path + ": the file changed", 0) != 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string path =
      "/dev/shm/berserkr-json-fuzz-" + std::to_string(::getpid()) + ".jsonl";
  const uint8_t selector = data[0];
  ++data;
  --size;
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data, 1, size, file);
  std::fclose(file);

  JsonOptions options;
  if (selector & 1) {
    options.column_types["a"] = DataType::Int32();
    options.column_types["p.q"] = DataType::Decimal(9, 3);
  }
  if (selector & 2) {
    options.column_types["t"] = DataType::Timestamp("UTC");
    options.column_types["l"] = DataType::List(DataType::Int64());
  }
  if (selector & 4) options.filename_column = "source";

  // The same bytes as one in-memory input, default sizes.
  auto bytes = std::make_shared<berserkr::json::PaddedBytes>();
  bytes->data = std::make_unique<uint8_t[]>(size + berserkr::json::kPadding);
  if (size > 0) std::memcpy(bytes->data.get(), data, size);
  bytes->size = static_cast<int64_t>(size);
  const std::vector<berserkr::json::JsonSource> in_memory = {{path, "", bytes}};

  // The file, streamed in tiny runs, chunks and batches (decompressed when it looks compressed).
  berserkr::json::JsonReadTuning tiny;
  tiny.chunk_bytes = 1 + (selector >> 4);
  tiny.segment_bytes = 8 + (selector >> 3);
  tiny.batch_rows = 1 + (selector >> 5);
  tiny.keep_input_bytes = (selector & 8) ? 1 << 20 : 0;
  const std::vector<berserkr::json::JsonSource> on_disk = {{path, path, nullptr}};
  const bool compressed =
      berserkr::DetectCodec(data, static_cast<int64_t>(size), path) != berserkr::Codec::kNone;

  for (const OnError policy : {OnError::kSkip, OnError::kFail}) {
    options.on_error = policy;
    std::string memory_text;
    bool memory_ok = false;
    ReadStats memory_stats;
    try {
      Table table = berserkr::json::ReadJsonSources(in_memory, options, &memory_stats);
      CheckTable(table, memory_stats);
      memory_text = CellText(table);
      memory_ok = true;
    } catch (const berserkr::Error& error) {
      CheckConsistentPasses(error, path);
    }
    try {
      ReadStats stats;
      Table table = berserkr::json::ReadJsonSources(on_disk, options, &stats, tiny);
      CheckTable(table, stats);
      if (!compressed) {
        // Where the input is cut must not change the answer.
        Check(memory_ok);
        Check(stats.rows_read == memory_stats.rows_read);
        Check(stats.rows_rejected == memory_stats.rows_rejected);
        Check(CellText(table) == memory_text);
      }
    } catch (const berserkr::Error& error) {
      CheckConsistentPasses(error, path);
      if (!compressed && policy == OnError::kSkip) Check(!memory_ok);
    }
  }
  return 0;
}
