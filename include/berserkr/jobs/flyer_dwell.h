#pragma once

// Time on flyer: how long app users look at each merchant's flyer, per user, merchant, flyer and
// local day, from events timestamp,user_id,event,flyer_id,merchant_id (`berserkr flyer dwell`).
// docs/flyer-dwell.md states the rules and how the job scales.

#include <cstdint>
#include <string>
#include <vector>

#include "berserkr/formats/csv_reader.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/table.h"

namespace berserkr {

enum class DwellMethod {
  // A flyer_open or item_open starts a segment that lasts until the same user's next event (any
  // event), at most the inactivity timeout.
  kSession,
  // Per user × merchant × local day: (last − first timestamp among flyer_open and item_open
  // events) ÷ the number of those events — the figure some analysts use, for comparison.
  kFirstLast,
};

struct FlyerDwellOptions {
  DwellMethod method = DwellMethod::kSession;
  int64_t timeout_seconds = 30 * 60;
  // Empty: an event's local date is the date in its own UTC offset. Else an IANA zone (e.g.
  // "Europe/Berlin") every event's date is taken in.
  std::string timezone;
  bool drop_duplicates = true;  // exact duplicate rows (--keep-duplicates keeps them)
};

struct FlyerDwellResult {
  int64_t events = 0;        // rows read
  int64_t duplicates = 0;    // exact duplicates dropped
  int64_t views = 0;         // segments (session) or flyer events (first-last) that count
  int64_t open_views = 0;    // session: flyer events with no later event of the user (no end)
  int64_t capped_views = 0;  // session: segments cut at the timeout
  Table user_merchant_day;  // user_id, merchant_id, date, views, flyers, total_seconds, avg_seconds
  Table user_day;           // user_id, date, merchants, flyers, views, total_seconds, avg_seconds
  Table merchant_day;       // merchant_id, date, users, flyers, views, total_seconds, avg_seconds,
                            // avg_seconds_per_user
  Table flyer_day;          // flyer_id, merchant_id, date, users, views, total_seconds, avg_seconds
  // How long views last (session: each segment; first-last: each user × merchant × day figure):
  // bucket (e.g. "15-30 s"), views — for the report's distribution chart.
  Table dwell_histogram;
};

// A lazy scan of event CSVs with the timestamp kept as text (its UTC offset gives the local date).
// Throws InvalidInput naming any of the five columns that is missing.
DataFrame ScanFlyerEvents(const std::vector<std::string>& sources, CsvOptions options = {},
                          ReadStats* stats = nullptr);

FlyerDwellResult ComputeFlyerDwell(const DataFrame& events, const FlyerDwellOptions& options);

// DIR/user_merchant_day.csv, user_day.csv, merchant_day.csv, flyer_day.csv and report.html.
void WriteFlyerDwell(const FlyerDwellResult& result, const FlyerDwellOptions& options,
                     const std::string& directory);

}  // namespace berserkr
