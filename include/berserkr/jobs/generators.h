#pragma once

// Synthetic data with a realistic shape for the jobs (`berserkr gen`): reproducible by seed, the
// same file for the same arguments on any machine and thread count.

#include <cstdint>
#include <string>

namespace berserkr {

struct GenerateOptions {
  int64_t rows = 1'000'000;
  uint64_t seed = 42;
};

// App events as `berserkr flyer dwell` reads them: a CSV with header
// timestamp,user_id,event,flyer_id,merchant_id — ISO 8601 timestamps in each user's own UTC
// offset, events list_flyers, flyer_open, item_open, favorite, shopping_list_open (the first and
// last without flyer and merchant: empty fields), sessions of a user browsing a few flyers,
// skewed users, merchants and flyers, more sessions in the evening, on weekends and on Thursdays
// (new flyers), about 0.5% exact duplicate rows, CRLF line endings and no newline after the last
// line — the untidy export the job must handle. Four weeks from 2024-03-04.
void GenerateFlyerEvents(const GenerateOptions& options, const std::string& path);

}  // namespace berserkr

namespace berserkr {

// Segment-style analytics events as JSON lines, as `berserkr events experiments` reads them:
// {"type":"track","event":...,"userId":...,"anonymousId":...,"messageId":...,"timestamp":
// "2024-03-04T10:15:30.123Z","properties":{...},"context":{...}} over two weeks from 2024-03-04.
// Users see two experiments through "Experiment Viewed" events (properties experiment_id,
// variation_id): exp_checkout (control / treatment) and exp_banner (control / variant_b); a few
// users see both variants of one. They view products ("Product Viewed") in the verticals Food,
// Fashion, Electronics and Home, click some ("Product Clicked"), add some to the cart ("Added to
// Cart") and some order ("Order Completed", with revenue). The planted effect: exp_checkout's
// treatment converts 20% more often (12% of users against 10%); nothing else differs between
// variants. Some events carry only an anonymousId (before sign-in).
void GenerateExperimentEvents(const GenerateOptions& options, const std::string& path);

}  // namespace berserkr

namespace berserkr {

// Transaction lines in the UCI Online Retail layout (InvoiceNo,StockCode,Description,Quantity,
// InvoiceDate,UnitPrice,CustomerID,Country), as `berserkr retail report` and `berserkr propensity`
// read them: a year from 2023-01-02 without Saturdays (as the original), invoices of ~15 lines,
// skewed customers and products, customers who come back for the items they bought before (the
// signal purchase propensity learns), guests (a quarter of shoppers, about a tenth of lines)
// without a customer id, ~2% of invoices
// cancelled later ("C" invoices with negative quantities), postage lines, ~0.5% exact duplicates.
void GenerateRetailLines(const GenerateOptions& options, const std::string& path);

}  // namespace berserkr
