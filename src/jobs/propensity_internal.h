#pragma once

// The propensity job's files on disk (model_info.json, metrics.json, report.html) and small
// helpers shared by its steps.

#include <map>
#include <string>
#include <vector>

#include "berserkr/jobs/propensity.h"

namespace berserkr {

void WriteModelInfo(const PropensityModelInfo& info, const std::vector<double>& means,
                    const std::vector<double>& deviations, const std::string& path);
// Throws IoError for a missing file, InvalidInput for one that is not a model directory's.
PropensityModelInfo ReadModelInfo(const std::string& path, std::vector<double>& means,
                                  std::vector<double>& deviations);

// Distinct items each customer of `index_of` bought in the horizon (CandidateSet::bought).
std::vector<int64_t> ActualPurchasesPerCustomer(const Table& bought,
                                                const std::map<std::string, uint32_t>& index_of);

// A DOUBLE column's values with NULL and NaN as 0.
std::vector<double> NumberValuesOrZero(const Table& table, const std::string& name);

void WriteMetricsJson(const PropensityEvaluation& evaluation, int k, const std::string& path);
void WritePropensityReport(const PropensityEvaluation& evaluation,
                           const std::vector<uint8_t>& labels, const std::string& path);

}  // namespace berserkr
