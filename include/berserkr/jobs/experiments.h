#pragma once

// A/B experiment metrics from Segment-style event logs (`berserkr events experiments`): who saw
// which variant, what they did afterwards, click-through and conversion rates with 95% Wilson
// intervals, two-proportion z-tests against control, GMV, and counts per hour.
// docs/experiments.md states the definitions.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "berserkr/types/table.h"

namespace berserkr {

struct ExperimentOptions {
  // Assignment: an exposure event names the experiment and the variant in two properties.
  std::string exposure_event = "Experiment Viewed";
  std::string experiment_property = "experiment_id";
  std::string variant_property = "variation_id";
  std::string control_variant = "control";
  // Outcomes, counted for a user only after their first exposure to the experiment.
  std::string click_event = "Product Clicked";
  std::string conversion_event = "Order Completed";
  std::string revenue_property = "revenue";  // of conversion events: GMV
  // An extra event to count per variant and hour (empty: none), kept only when every property
  // in `where` equals its value (as text), e.g. "Added to Cart" with {"vertical", "Food"}.
  std::string event;
  std::vector<std::pair<std::string, std::string>> where;
};

struct ExperimentResult {
  int64_t events = 0;          // rows read
  int64_t exposures = 0;       // exposure events with a user, an experiment and a variant
  int64_t excluded_users = 0;  // users who saw more than one variant of an experiment
  // experiment, variant, users, clickers, ctr, ctr_low, ctr_high, ctr_z, ctr_p_value, converters,
  // conversion_rate, conversion_low, conversion_high, conversion_lift, conversion_z,
  // conversion_p_value, gmv, gmv_per_user, events (the --event count). z and p against the
  // experiment's control variant (empty on the control row).
  Table variants;
  // experiment, variant, hour (UTC), exposures (users first exposed), clicks, conversions, gmv,
  // events.
  Table hourly;
};

ExperimentResult AnalyzeExperiments(const Table& events, const ExperimentOptions& options);

// DIR/variants.csv, DIR/hourly.csv and DIR/report.html.
void WriteExperiments(const ExperimentResult& result, const ExperimentOptions& options,
                      const std::string& directory);

}  // namespace berserkr
