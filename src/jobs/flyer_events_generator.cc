// `berserkr gen flyer`: app events in sessions. Users are split into chunks generated in
// parallel, each from its own random stream and with a share of the rows proportional to its
// users' activity, then written in chunk order — so the file depends only on rows and seed.

#include <algorithm>
#include <cmath>
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

constexpr int kDays = 28;
constexpr int kMerchants = 120;
constexpr int kFlyersPerMerchant = 8;
constexpr int64_t kRowsPerUser = 150;
// UTC offsets of users, in minutes, most users in the first.
constexpr int kOffsets[] = {60, 60, 60, 0, 0, -300, -300, -480, 120, 330, 540};

struct Chunk {
  int64_t first_user = 0;
  int64_t end_user = 0;
  int64_t rows = 0;
};

// Activity of user `user`: a Zipf-like weight, so a few users make many sessions.
double UserWeight(int64_t user) { return 1.0 / std::pow(static_cast<double>(user + 1), 0.6); }

class ChunkWriter {
 public:
  ChunkWriter(uint64_t seed, int64_t chunk, std::string& out)
      : random_(seed, static_cast<uint64_t>(chunk)), out_(out) {}

  // Appends sessions of the chunk's users until exactly `rows` rows are written.
  void Write(const Chunk& chunk) {
    std::vector<double> cumulative;
    double total = 0;
    for (int64_t user = chunk.first_user; user < chunk.end_user; ++user) {
      total += UserWeight(user);
      cumulative.push_back(total);
    }
    remaining_ = chunk.rows;
    while (remaining_ > 0) {
      const double pick = random_.Uniform() * total;
      const int64_t user =
          chunk.first_user +
          (std::upper_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin());
      Session(std::min(user, chunk.end_user - 1));
    }
  }

 private:
  double Exponential(double mean) { return -mean * std::log(1.0 - random_.Uniform()); }

  // Skewed choice in [0, count): index k with weight 1 / (k + 1).
  int Skewed(int count) {
    const double harmonic = std::log(static_cast<double>(count)) + 0.5772;
    double pick = random_.Uniform() * harmonic;
    for (int index = 0; index < count; ++index) {
      pick -= 1.0 / (index + 1);
      if (pick <= 0) return index;
    }
    return count - 1;
  }

  // A day with more sessions on Thursdays (new flyers) and weekends; 2024-03-04 is a Monday.
  int Day() {
    static constexpr double kWeekday[] = {1.0, 1.0, 1.0, 1.4, 1.1, 1.5, 1.3};
    while (true) {
      const int day = static_cast<int>(random_.Below(kDays));
      if (random_.Uniform() * 1.5 < kWeekday[day % 7]) return day;
    }
  }

  // Seconds after local midnight: mornings, lunch and a larger evening peak.
  double StartSecond() {
    const double which = random_.Uniform();
    const double hour = which < 0.2   ? 8.5 + Exponential(1.0)
                        : which < 0.4 ? 12.5 + (random_.Uniform() - 0.5) * 2
                        : which < 0.9 ? 19.5 + (random_.Uniform() - 0.5) * 5
                                      : random_.Uniform() * 24;
    return std::clamp(hour, 0.0, 23.99) * 3600;
  }

  void Session(int64_t user) {
    const int offset = kOffsets[user % (sizeof(kOffsets) / sizeof(*kOffsets))];
    const int64_t midnight = (DaysFromCivil(2024, 3, 4) + Day()) * int64_t{86400};
    double local = static_cast<double>(midnight) + StartSecond();
    Event(local, offset, user, "list_flyers", -1, -1);
    const int flyers = 1 + std::min(4, static_cast<int>(Exponential(1.0)));
    for (int visit = 0; visit < flyers && remaining_ > 0; ++visit) {
      const int merchant = Skewed(kMerchants);
      const int flyer = 10000 + merchant * 100 + 1 + Skewed(kFlyersPerMerchant);
      local += 2 + Exponential(6);
      Event(local, offset, user, "flyer_open", flyer, merchant);
      const int items = static_cast<int>(Exponential(2.0));
      for (int item = 0; item < items; ++item) {
        local += 3 + Exponential(15);
        Event(local, offset, user, "item_open", flyer, merchant);
      }
      if (random_.Uniform() < 0.1) {
        local += 1 + Exponential(4);
        Event(local, offset, user, "favorite", flyer, merchant);
      }
      local += 5 + Exponential(20);
    }
    if (random_.Uniform() < 0.15) Event(local, offset, user, "shopping_list_open", -1, -1);
  }

  void Event(double local_seconds, int offset_minutes, int64_t user, const char* event, int flyer,
             int merchant) {
    if (remaining_ == 0) return;
    line_.clear();
    AppendTimestamp(static_cast<int64_t>(local_seconds), offset_minutes);
    line_ += ',';
    line_ += std::to_string(100000 + user);
    line_ += ',';
    line_ += event;
    line_ += ',';
    if (flyer >= 0) line_ += std::to_string(flyer);
    line_ += ',';
    if (merchant >= 0) line_ += std::to_string(1000 + merchant);
    line_ += "\r\n";
    out_ += line_;
    --remaining_;
    if (remaining_ > 0 && random_.Below(200) == 0) {  // an exact duplicate, as exports have
      out_ += line_;
      --remaining_;
    }
  }

  // YYYY-MM-DDTHH:MM:SS+hh:mm of a local time (seconds since the epoch in that offset).
  void AppendTimestamp(int64_t local, int offset_minutes) {
    const int64_t days = local / 86400;
    const int64_t second_of_day = local % 86400;
    int year;
    unsigned month, day;
    CivilFromDays(static_cast<int32_t>(days), &year, &month, &day);
    char text[64];
    const int offset = std::abs(offset_minutes);
    std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", year, month, day,
                  static_cast<int>(second_of_day / 3600), static_cast<int>(second_of_day / 60 % 60),
                  static_cast<int>(second_of_day % 60), offset_minutes < 0 ? '-' : '+', offset / 60,
                  offset % 60);
    line_ += text;
  }

  RandomGenerator random_;
  std::string& out_;
  std::string line_;
  int64_t remaining_ = 0;
};

// Users in chunks, each chunk's rows proportional to its users' total weight.
std::vector<Chunk> MakeChunks(int64_t rows) {
  const int64_t users = std::max<int64_t>(50, rows / kRowsPerUser);
  const int64_t num_chunks = std::clamp<int64_t>(rows / 200'000, 1, std::min<int64_t>(users, 4096));
  std::vector<Chunk> chunks(static_cast<size_t>(num_chunks));
  std::vector<double> weights(chunks.size(), 0);
  double total = 0;
  for (int64_t index = 0; index < num_chunks; ++index) {
    Chunk& chunk = chunks[index];
    chunk.first_user = users * index / num_chunks;
    chunk.end_user = users * (index + 1) / num_chunks;
    for (int64_t user = chunk.first_user; user < chunk.end_user; ++user) {
      weights[index] += UserWeight(user);
    }
    total += weights[index];
  }
  int64_t assigned = 0;
  double cumulative = 0;
  for (int64_t index = 0; index < num_chunks; ++index) {
    cumulative += weights[index];
    const auto end =
        static_cast<int64_t>(std::llround(static_cast<double>(rows) * cumulative / total));
    chunks[index].rows = (index + 1 == num_chunks ? rows : end) - assigned;
    assigned += chunks[index].rows;
  }
  return chunks;
}

}  // namespace

void GenerateFlyerEvents(const GenerateOptions& options, const std::string& path) {
  const std::vector<Chunk> chunks = MakeChunks(options.rows);
  std::string header = "timestamp,user_id,event,flyer_id,merchant_id\r\n";
  if (options.rows == 0) header.resize(header.size() - 2);
  std::vector<int64_t> rows;
  for (const Chunk& chunk : chunks) rows.push_back(chunk.rows);
  WriteChunks(
      path, header, rows, 64,
      [&](int64_t chunk, int64_t, std::string& text) {
        ChunkWriter(options.seed, chunk, text).Write(chunks[static_cast<size_t>(chunk)]);
      },
      // The export's last line has no line break.
      [](std::string& text) {
        if (text.size() >= 2) text.resize(text.size() - 2);
      });
}

}  // namespace berserkr
