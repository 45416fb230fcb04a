#pragma once

// What a lazy scan in a plan reads from: files of some format that produce batches of a known
// schema, can be narrowed to the columns a plan uses, and are read batch by batch. CsvScanner and
// ParquetScanner implement it, so the planner, optimizer and executor never care which format a
// scan reads.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "berserkr/formats/read_options.h"
#include "berserkr/types/table.h"

namespace berserkr {

// Where a batch of a scan comes from: file index (in expanded-source order) and the batch's place
// in that file. Ordering batches by (file, sequence) gives the file order.
struct BatchPosition {
  int64_t file = 0;
  int64_t sequence = 0;
  auto operator<=>(const BatchPosition&) const = default;
};

using ScanBatchConsumer = std::function<void(Batch batch, BatchPosition position)>;

class ScanSource {
 public:
  virtual ~ScanSource() = default;

  // "Csv", "Parquet": how plans describe the scan (ScanCsv, ScanParquet).
  virtual std::string format_name() const = 0;
  // What else a plan's Explain should show about the scan (" row_groups=1/3"), or "".
  virtual std::string ExplainDetails() const { return ""; }
  // Every column the files have (plus the file-name column when asked for).
  virtual const SchemaPtr& file_schema() const = 0;
  // The columns Scan produces.
  virtual const SchemaPtr& schema() const = 0;
  virtual const std::vector<std::string>& files() const = 0;

  // A source producing only these columns (indices into file_schema()), in this order.
  virtual std::shared_ptr<const ScanSource> SelectColumns(
      const std::vector<int>& columns) const = 0;

  // Reads every file, calling `consume` from pool threads (concurrently) as batches are made.
  virtual ReadStats Scan(const ScanBatchConsumer& consume) const = 0;
};

}  // namespace berserkr
