// ScanDelta: a Delta table's snapshot read through a DeltaScanner.

#include "berserkr/plan/delta_table.h"

namespace berserkr {

DataFrame ScanDelta(const std::string& location, const DeltaScanOptions& options,
                    ReadStats* stats) {
  return DataFrame::Scan(std::make_shared<DeltaScanner>(
                             ReadDeltaSnapshot(location, options.version), options.predicates),
                         stats);
}

}  // namespace berserkr
