// `berserkr gen retail`: Online Retail-shaped transaction lines. Customers are split into chunks
// generated in parallel from their own random streams and written in chunk order, so the file
// depends only on rows and seed.

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

constexpr int kProducts = 4000;
constexpr int kDays = 364;
constexpr const char* kCountries[] = {"United Kingdom", "Germany",     "France",  "EIRE",
                                      "Spain",          "Netherlands", "Belgium", "Switzerland"};
constexpr const char* kNouns[] = {"MUG",           "CANDLE HOLDER", "CAKESTAND", "BUNTING",
                                  "LUNCH BAG",     "ALARM CLOCK",   "TEA SET",   "JAR",
                                  "CUSHION COVER", "SIGN"};
constexpr const char* kAdjectives[] = {"WHITE", "RED",  "VINTAGE", "REGENCY", "HEART",
                                       "RETRO", "PINK", "JUMBO",   "SPOTTY",  "GLASS"};

// The product's price, fixed by its number.
double Price(int product) {
  uint64_t state = static_cast<uint64_t>(product) * 7919 + 17;
  const double unit = static_cast<double>(SplitMix64(state) >> 11) * 0x1.0p-53;
  return std::round(std::exp(-0.5 + unit * 3.2) * 100) / 100;
}

std::string Description(int product) {
  return std::string(kAdjectives[product % 10]) + " " + kNouns[(product / 10) % 10] +
         (product % 7 == 0 ? " " : "");  // some trailing spaces, as the original
}

class CustomerWriter {
 public:
  CustomerWriter(uint64_t seed, int64_t chunk, std::string& out)
      : random_(seed, static_cast<uint64_t>(chunk)), chunk_(chunk), out_(out) {}

  void Write(int64_t rows) {
    remaining_ = rows;
    for (int64_t customer = 0; remaining_ > 0; ++customer) Customer(customer);
  }

 private:
  double Uniform() { return random_.Uniform(); }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }

  // Popular products first: index k with probability about 1 / (k + 10).
  int Product() {
    const double pick = Uniform();
    return std::min(kProducts - 1,
                    static_cast<int>(10 * (std::pow(kProducts / 10.0 + 1, pick) - 1)));
  }

  void Customer(int64_t local) {
    // A quarter of the shoppers are guests: one invoice, without a customer id.
    const bool guest = Uniform() < 0.25;
    const int64_t id = 12000 + chunk_ * 100000 + local;
    const char* country = Uniform() < 0.85 ? kCountries[0] : kCountries[1 + random_.Below(7)];
    std::vector<int> favourites(3 + random_.Below(10));
    for (int& product : favourites) product = Product();
    const int visits = guest ? 1 : 1 + static_cast<int>(Exponential(4.0));
    double day = Uniform() * kDays;
    const double gap = 10 + Exponential(40);  // this customer's rhythm, in days
    for (int visit = 0; visit < visits && remaining_ > 0 && day < kDays; ++visit) {
      Invoice(guest ? -1 : id, country, static_cast<int>(day), favourites);
      day += gap * (0.5 + Uniform());
    }
  }

  void Invoice(int64_t customer, const char* country, int day, const std::vector<int>& favourites) {
    if (day % 7 == 5) ++day;  // no Saturdays (2023-01-02 is a Monday)
    const int64_t invoice = 500000 + chunk_ * 1000000 + invoices_++;
    const int64_t minute = 8 * 60 + static_cast<int64_t>(Uniform() * 10 * 60);
    const int lines = 1 + static_cast<int>(Exponential(14));
    std::vector<std::pair<int, int>> bought;
    for (int line = 0; line < lines; ++line) {
      const int product =
          Uniform() < 0.45 ? favourites[random_.Below(favourites.size())] : Product();
      if (std::any_of(bought.begin(), bought.end(),
                      [&](const auto& line) { return line.first == product; })) {
        continue;  // one line per product and invoice
      }
      const int quantity = 1 + static_cast<int>(Exponential(product % 3 == 0 ? 20 : 6));
      bought.push_back({product, quantity});
      Line(std::to_string(invoice), product, quantity, day, minute, customer, country);
    }
    if (Uniform() < 0.06) Postage(invoice, day, minute, customer, country);
    // About 2% of invoices are cancelled within days: the same lines, negative.
    if (Uniform() < 0.02 && day + 3 < kDays) {
      const int64_t later = invoice + 500000000;
      for (const auto& [product, quantity] : bought) {
        Line("C" + std::to_string(later), product, -quantity, day + 2, minute, customer, country);
      }
    }
  }

  void Postage(int64_t invoice, int day, int64_t minute, int64_t customer, const char* country) {
    Emit(std::to_string(invoice) + ",POST,POSTAGE,1," + Timestamp(day, minute) + ",18.0," +
         CustomerText(customer) + "," + country + "\n");
  }

  void Line(const std::string& invoice, int product, int quantity, int day, int64_t minute,
            int64_t customer, const char* country) {
    char price[32];
    std::snprintf(price, sizeof(price), "%.2f", Price(product));
    Emit(invoice + "," + std::to_string(20000 + product) + "," + Description(product) + "," +
         std::to_string(quantity) + "," + Timestamp(day, minute) + "," + price + "," +
         CustomerText(customer) + "," + country + "\n");
  }

  static std::string CustomerText(int64_t customer) {
    return customer < 0 ? std::string() : std::to_string(customer) + ".0";
  }

  static std::string Timestamp(int day, int64_t minute) {
    int year;
    unsigned month, day_of_month;
    CivilFromDays(DaysFromCivil(2023, 1, 2) + day, &year, &month, &day_of_month);
    char text[32];
    std::snprintf(text, sizeof(text), "%04d-%02u-%02u %02d:%02d:00", year, month, day_of_month,
                  static_cast<int>(minute / 60), static_cast<int>(minute % 60));
    return text;
  }

  void Emit(const std::string& line) {
    if (remaining_ == 0) return;
    out_ += line;
    --remaining_;
    if (remaining_ > 0 && random_.Below(200) == 0) {  // an exact duplicate line
      out_ += line;
      --remaining_;
    }
  }

  RandomGenerator random_;
  int64_t chunk_;
  std::string& out_;
  int64_t remaining_ = 0;
  int64_t invoices_ = 0;
};

}  // namespace

void GenerateRetailLines(const GenerateOptions& options, const std::string& path) {
  WriteChunks(path,
              "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n",
              EvenChunks(options.rows, std::clamp<int64_t>(options.rows / 200'000, 1, 4096)), 90,
              [&](int64_t chunk, int64_t rows, std::string& text) {
                CustomerWriter(options.seed, chunk, text).Write(rows);
              });
}

}  // namespace berserkr
