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
