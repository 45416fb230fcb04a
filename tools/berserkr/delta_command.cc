// `berserkr vacuum TABLE` and `berserkr history TABLE`: maintenance and the commit log of Delta
// tables (docs/delta.md).

#include <charconv>
#include <cstdio>

#include "berserkr/commands.h"
#include "berserkr/lake/delta_log.h"
#include "berserkr/read_sources.h"

namespace berserkr::cli {
namespace {

std::string OnlyTable(const Arguments& arguments) {
  if (arguments.positionals().size() != 1) {
    throw UsageError("name exactly one Delta table (a directory or s3:// prefix)");
  }
  return arguments.positionals()[0];
}

// Applies only the --s3-* options: these commands read no data files.
void AddS3Arguments(Arguments& arguments) {
  arguments.AddOption("s3-endpoint", "URL",
                      "S3-compatible server for s3:// tables (default: AWS_ENDPOINT_URL_S3, "
                      "AWS_ENDPOINT_URL, else AWS)");
  arguments.AddOption("s3-region", "REGION", "S3 region (default: AWS_REGION or us-east-1)");
  arguments.AddOption("s3-url-style", "path|virtual",
                      "bucket in the path or the host name (default: path with an endpoint)");
}

std::string FormatMillis(int64_t millis) {
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &utc);
  return text;
}

}  // namespace

int RunVacuum(int argc, char** argv, int first) {
  Arguments arguments(
      "vacuum", "berserkr vacuum TABLE [--retain-hours N] [--dry-run]",
      "Deletes the data files of a Delta table that its latest version no longer uses and that\n"
      "left it more than --retain-hours ago (files of failed writes too, on local disk). Time\n"
      "travel to versions older than the retention stops working for the files deleted.");
  arguments.AddOption("retain-hours", "N",
                      "keep files removed less than N hours ago (default: 168)");
  arguments.AddFlag("dry-run", "list what would be deleted, delete nothing");
  arguments.AddFlag("allow-short-retention",
                    "allow --retain-hours under 168 (only when no one else reads or writes)");
  AddS3Arguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  const std::string table = OnlyTable(arguments);
  double hours = 168;
  if (const std::optional<std::string> text = arguments.Get("retain-hours")) {
    const auto result = std::from_chars(text->data(), text->data() + text->size(), hours);
    if (result.ec != std::errc() || result.ptr != text->data() + text->size() || hours < 0) {
      throw UsageError("--retain-hours takes a number of hours, not '" + *text + "'");
    }
  }
  ApplyResourceArguments(arguments);
  const bool dry_run = arguments.Has("dry-run");
  const VacuumResult result =
      VacuumDelta(table, hours, dry_run, arguments.Has("allow-short-retention"));
  for (const std::string& file : result.deleted) std::printf("%s\n", file.c_str());
  std::fprintf(stderr, "berserkr: %s %zu file%s (%.1f MB)\n", dry_run ? "would delete" : "deleted",
               result.deleted.size(), result.deleted.size() == 1 ? "" : "s",
               static_cast<double>(result.bytes) / 1e6);
  return 0;
}

int RunHistory(int argc, char** argv, int first) {
  Arguments arguments("history", "berserkr history TABLE [--limit N]",
                      "Lists the commits of a Delta table, newest first: version, time (UTC),\n"
                      "operation, files added and removed.");
  arguments.AddOption("limit", "N", "show only the newest N commits");
  AddS3Arguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  const std::string table = OnlyTable(arguments);
  const int64_t limit = PositiveNumberOption(arguments, "limit", 0);
  ApplyResourceArguments(arguments);
  std::printf("version  time (UTC)           operation        added  removed\n");
  for (const DeltaHistoryEntry& entry : ReadDeltaHistory(table, limit)) {
    std::printf("%7lld  %-19s  %-15s  %5lld  %7lld\n", static_cast<long long>(entry.version),
                entry.timestamp ? FormatMillis(*entry.timestamp).c_str() : "-",
                entry.operation.empty() ? "-" : entry.operation.c_str(),
                static_cast<long long>(entry.files_added),
                static_cast<long long>(entry.files_removed));
  }
  return 0;
}

}  // namespace berserkr::cli
