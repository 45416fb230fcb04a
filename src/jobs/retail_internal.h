#pragma once

// Shared by the retail report's files: the canonical column names of a transaction line.

namespace berserkr::retail {

inline constexpr const char* kInvoice = "invoice";
inline constexpr const char* kStockCode = "stock_code";
inline constexpr const char* kDescription = "description";
inline constexpr const char* kQuantity = "quantity";
inline constexpr const char* kInvoiceDate = "invoice_date";
inline constexpr const char* kUnitPrice = "unit_price";
inline constexpr const char* kCustomerId = "customer_id";
inline constexpr const char* kCountry = "country";
inline constexpr const char* kColumns[] = {kInvoice,     kStockCode, kDescription, kQuantity,
                                           kInvoiceDate, kUnitPrice, kCustomerId,  kCountry};

}  // namespace berserkr::retail

#include <string>
#include <vector>

#include "berserkr/jobs/retail_report.h"

namespace berserkr {

// The cleaning steps as a table: rule, flag, rows.
Table CleaningTable(const std::vector<CleaningStep>& steps);

// cohorts.csv as a grid for the heatmap: a row per cohort, a column per months since.
struct CohortGrid {
  std::vector<std::string> cohorts;
  std::vector<std::string> offsets;
  std::vector<std::vector<double>> shares;  // NaN: no such month yet
};
CohortGrid MakeCohortGrid(const Table& cohorts);

}  // namespace berserkr
