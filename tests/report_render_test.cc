// The jobs' HTML reports render in a real browser: headless Chromium (Debian's `chromium`,
// installed by `scripts/install-deps.sh --with-chromium`) takes a screenshot of each, and the
// screenshot must show coloured chart marks, not just text on white. Skips without Chromium.

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "berserkr/formats/json_reader.h"
#include "berserkr/jobs/experiments.h"
#include "berserkr/jobs/flyer_dwell.h"
#include "berserkr/jobs/generators.h"
#include "berserkr/jobs/retail_report.h"
#include "test_util.h"

namespace berserkr {
namespace {

std::string ChromiumPath() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    if (std::system(("command -v " + std::string(name) + " >/dev/null 2>&1").c_str()) == 0) {
      return name;
    }
  }
  return "";
}

uint32_t BigEndian(const std::string& bytes, size_t at) {
  return (uint32_t{static_cast<uint8_t>(bytes[at])} << 24) |
         (uint32_t{static_cast<uint8_t>(bytes[at + 1])} << 16) |
         (uint32_t{static_cast<uint8_t>(bytes[at + 2])} << 8) | static_cast<uint8_t>(bytes[at + 3]);
}

// Pixels of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes) whose colour is
// clearly not grey: chart bars, lines and heat cells; text and background are grey.
int64_t CountColouredPixels(const std::string& png) {
  if (png.size() < 33 || png.compare(1, 3, "PNG") != 0) return -1;
  const uint32_t width = BigEndian(png, 16);
  const uint32_t height = BigEndian(png, 20);
  const int channels = png[25] == 6 ? 4 : png[25] == 2 ? 3 : 0;
  if (png[24] != 8 || channels == 0 || png[28] != 0) return -1;
  std::string compressed;
  for (size_t at = 8; at + 12 <= png.size();) {
    const uint32_t length = BigEndian(png, at);
    if (png.compare(at + 4, 4, "IDAT") == 0) compressed += png.substr(at + 8, length);
    at += 12 + length;
  }
  const size_t stride = size_t{width} * channels;
  std::vector<uint8_t> raw((stride + 1) * height);
  uLongf size = raw.size();
  if (uncompress(raw.data(), &size, reinterpret_cast<const Bytef*>(compressed.data()),
                 compressed.size()) != Z_OK) {
    return -1;
  }
  std::vector<uint8_t> previous(stride, 0), current(stride);
  int64_t coloured = 0;
  for (uint32_t row = 0; row < height; ++row) {
    const uint8_t filter = raw[row * (stride + 1)];
    const uint8_t* line = &raw[row * (stride + 1) + 1];
    for (size_t x = 0; x < stride; ++x) {
      const int left = x >= static_cast<size_t>(channels) ? current[x - channels] : 0;
      const int up = previous[x];
      const int up_left = x >= static_cast<size_t>(channels) ? previous[x - channels] : 0;
      int predictor = 0;
      if (filter == 1) predictor = left;
      if (filter == 2) predictor = up;
      if (filter == 3) predictor = (left + up) / 2;
      if (filter == 4) {
        const int p = left + up - up_left;
        const int pa = std::abs(p - left), pb = std::abs(p - up), pc = std::abs(p - up_left);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : up_left;
      }
      current[x] = static_cast<uint8_t>(line[x] + predictor);
    }
    for (size_t x = 0; x + 2 < stride; x += channels) {
      const int red = current[x], green = current[x + 1], blue = current[x + 2];
      if (std::max({red, green, blue}) - std::min({red, green, blue}) > 40) ++coloured;
    }
    std::swap(previous, current);
  }
  return coloured;
}

void ExpectDraws(const std::string& chromium, const std::string& html) {
  SCOPED_TRACE(html);
  const std::string png = html + ".png";
  const std::string command = chromium +
                              " --headless --no-sandbox --disable-gpu --hide-scrollbars "
                              "--window-size=900,2400 --screenshot='" +
                              png + "' 'file://" + html + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const int64_t coloured = CountColouredPixels(testing_util::ReadFileText(png));
  EXPECT_GT(coloured, 5000) << "the screenshot shows no charts";
}

TEST(ReportRenderTest, EveryJobsReportDrawsItsCharts) {
  const std::string chromium = ChromiumPath();
  if (chromium.empty()) {
    GTEST_SKIP() << "Chromium is not installed (scripts/install-deps.sh --with-chromium)";
  }
  testing_util::TempDir directory;
  const std::string retail = std::string(BERSERKR_SOURCE_DIR) + "/data/online-retail/by-day";
  WriteRetailReport(BuildRetailReport(LoadRetailLines({retail}, {}), {}), directory.File("retail"));
  ExpectDraws(chromium, directory.File("retail") + "/report.html");

  GenerateOptions generate;
  generate.rows = 100'000;
  GenerateFlyerEvents(generate, directory.File("flyer.csv"));
  const FlyerDwellOptions flyer;
  WriteFlyerDwell(ComputeFlyerDwell(ScanFlyerEvents({directory.File("flyer.csv")}), flyer), flyer,
                  directory.File("flyer"));
  ExpectDraws(chromium, directory.File("flyer") + "/report.html");

  GenerateExperimentEvents(generate, directory.File("events.jsonl"));
  const ExperimentOptions experiments;
  WriteExperiments(AnalyzeExperiments(ReadJson({directory.File("events.jsonl")}, {}), experiments),
                   experiments, directory.File("experiments"));
  ExpectDraws(chromium, directory.File("experiments") + "/report.html");
}

}  // namespace
}  // namespace berserkr
