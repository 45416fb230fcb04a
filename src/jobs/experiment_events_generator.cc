// `berserkr gen events`: Segment-style JSON lines with two experiments, one with a planted effect.
// Users are split into chunks generated in parallel from their own random streams and written in
// chunk order, so the file depends only on rows and seed.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "berserkr/common/random.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/io/input_stream.h"
#include "berserkr/jobs/generators.h"
#include "berserkr/types/temporal.h"
#include "jobs/generator_internal.h"

namespace berserkr {
namespace {

constexpr int kDays = 14;
constexpr double kBaseConversion = 0.10;
constexpr double kTreatmentConversion = 0.12;  // the planted effect: +20%
constexpr double kClickRate = 0.35;
constexpr const char* kVerticals[] = {"Food", "Fashion", "Electronics", "Home"};

struct Experiment {
  const char* experiment;
  const char* name;
  const char* variants[2];
  double share_exposed;
};
constexpr Experiment kExperiments[] = {
    {"exp_checkout", "Checkout redesign", {"control", "treatment"}, 0.8},
    {"exp_banner", "Homepage banner", {"control", "variant_b"}, 0.6}};

class UserWriter {
 public:
  UserWriter(uint64_t seed, int64_t chunk, std::string& out)
      : random_(seed, static_cast<uint64_t>(chunk)), out_(out) {}

  // Users chunk·10⁷, chunk·10⁷ + 1, ... until `rows` events are written.
  void Write(int64_t chunk, int64_t rows) {
    remaining_ = rows;
    for (int64_t user = chunk * 10'000'000; remaining_ > 0; ++user) User(user);
  }

 private:
  double Uniform() { return random_.Uniform(); }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  // Seconds into the two weeks, more in the evening.
  double Moment() {
    const double day = std::floor(Uniform() * kDays);
    const double hour = Uniform() < 0.6 ? 17 + Uniform() * 6 : Uniform() * 24;
    return day * 86400 + hour * 3600 + Uniform() * 3600;
  }

  void User(int64_t user) {
    char user_id[32];
    std::snprintf(user_id, sizeof(user_id), "u%011lld", static_cast<long long>(user));
    char anonymous_id[32];
    std::snprintf(anonymous_id, sizeof(anonymous_id), "a%011lld", static_cast<long long>(user));
    double checkout_exposure = -1;
    bool treated = false;
    for (const Experiment& experiment : kExperiments) {
      if (Uniform() >= experiment.share_exposed) continue;
      const int variant = static_cast<int>(random_.Below(2));
      const double when = Moment();
      Exposed(user_id, anonymous_id, when, experiment, variant);
      if (Uniform() < 0.005) {  // seen both variants: the job must leave such users out
        Exposed(user_id, anonymous_id, when + Exponential(600), experiment, 1 - variant);
      }
      if (experiment.experiment == kExperiments[0].experiment) {
        checkout_exposure = when;
        treated = variant == 1;
      }
    }
    const int sessions = 1 + static_cast<int>(Exponential(2.0));
    for (int session = 0; session < sessions && remaining_ > 0; ++session) {
      double when = Moment();
      const char* vertical = kVerticals[random_.Below(4)];
      const int views = 1 + static_cast<int>(Exponential(2.0));
      for (int view = 0; view < views; ++view) {
        when += 5 + Exponential(30);
        const int product = static_cast<int>(random_.Below(500));
        const double price = std::round(std::exp(2 + Uniform() * 2.5) * 100) / 100;
        // Before sign-in, some views carry only the anonymous id.
        Product(session == 0 && Uniform() < 0.2 ? nullptr : user_id, anonymous_id, when,
                "Product Viewed", vertical, product, price);
        if (Uniform() >= kClickRate) continue;
        when += 2 + Exponential(10);
        Product(user_id, anonymous_id, when, "Product Clicked", vertical, product, price);
        if (Uniform() >= 0.3) continue;
        when += 2 + Exponential(20);
        Product(user_id, anonymous_id, when, "Added to Cart", vertical, product, price);
      }
    }
    // Orders: the checkout experiment's treatment converts more; an exposed user orders after
    // the exposure, so the effect is measurable.
    if (Uniform() < (treated ? kTreatmentConversion : kBaseConversion)) {
      const double when =
          checkout_exposure >= 0 ? checkout_exposure + 60 + Exponential(86400) : Moment();
      const double revenue = std::round((20 + Exponential(60)) * 100) / 100;
      Order(user_id, anonymous_id, when, kVerticals[random_.Below(4)], revenue, user);
    }
  }

  void Begin(const char* user_id, const char* anonymous_id, double when, const char* event) {
    line_ = "{\"type\":\"track\",\"event\":\"";
    line_ += event;
    line_ += "\",\"userId\":";
    line_ += user_id == nullptr ? std::string("null") : "\"" + std::string(user_id) + "\"";
    line_ += ",\"anonymousId\":\"";
    line_ += anonymous_id;
    line_ += "\",\"messageId\":\"m";
    line_ += std::to_string(random_.Next() >> 16);
    line_ += "\",\"timestamp\":\"";
    AppendTimestamp(when);
    line_ += "\",\"properties\":{";
  }

  void End() {
    line_ +=
        "},\"context\":{\"app\":{\"version\":\"5.2.1\"},\"library\":{\"name\":"
        "\"analytics-ios\"}}}\n";
    if (remaining_ == 0) return;
    out_ += line_;
    --remaining_;
  }

  void Exposed(const char* user_id, const char* anonymous_id, double when,
               const Experiment& experiment, int variant) {
    Begin(user_id, anonymous_id, when, "Experiment Viewed");
    line_ += "\"experiment_id\":\"";
    line_ += experiment.experiment;
    line_ += "\",\"experiment_name\":\"";
    line_ += experiment.name;
    line_ += "\",\"variation_id\":\"";
    line_ += experiment.variants[variant];
    line_ += "\"";
    End();
  }

  void Product(const char* user_id, const char* anonymous_id, double when, const char* event,
               const char* vertical, int product, double price) {
    Begin(user_id, anonymous_id, when, event);
    char text[128];
    std::snprintf(text, sizeof(text), "\"product_id\":\"p%04d\",\"vertical\":\"%s\",\"price\":%.2f",
                  product, vertical, price);
    line_ += text;
    End();
  }

  void Order(const char* user_id, const char* anonymous_id, double when, const char* vertical,
             double revenue, int64_t user) {
    Begin(user_id, anonymous_id, when, "Order Completed");
    char text[160];
    std::snprintf(
        text, sizeof(text),
        "\"order_id\":\"o%lld\",\"vertical\":\"%s\",\"revenue\":%.2f,\"currency\":\"USD\"",
        static_cast<long long>(user), vertical, revenue);
    line_ += text;
    End();
  }

  void AppendTimestamp(double seconds) {
    const int64_t millis = static_cast<int64_t>(seconds * 1000);
    const int64_t second = millis / 1000;
    int year;
    unsigned month, day;
    CivilFromDays(DaysFromCivil(2024, 3, 4) + static_cast<int32_t>(second / 86400), &year, &month,
                  &day);
    const int64_t in_day = second % 86400;
    char text[64];
    std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year, month, day,
                  static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                  static_cast<int>(in_day % 60), static_cast<int>(millis % 1000));
    line_ += text;
  }

  RandomGenerator random_;
  std::string& out_;
  std::string line_;
  int64_t remaining_ = 0;
};

}  // namespace

void GenerateExperimentEvents(const GenerateOptions& options, const std::string& path) {
  WriteChunks(path, "",
              EvenChunks(options.rows, std::clamp<int64_t>(options.rows / 100'000, 1, 4096)), 300,
              [&](int64_t chunk, int64_t rows, std::string& text) {
                UserWriter(options.seed, chunk, text).Write(chunk, rows);
              });
}

}  // namespace berserkr
