#include "berserkr/io/s3_options.h"

#include <cstdlib>
#include <fstream>

#include "berserkr/common/error.h"

namespace berserkr {
namespace {

std::string Environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

int64_t EnvironmentInteger(const char* name, int64_t fallback, int64_t minimum) {
  const std::string text = Environment(name);
  if (text.empty()) return fallback;
  try {
    size_t used = 0;
    const int64_t value = std::stoll(text, &used);
    if (used == text.size() && value >= minimum) return value;
  } catch (const std::exception&) {
  }
  throw InvalidInput(std::string(name) + "='" + text +
                     "' is not a whole number >= " + std::to_string(minimum));
}

std::optional<bool> EnvironmentFlag(const char* name) {
  const std::string text = Environment(name);
  if (text.empty()) return std::nullopt;
  if (text == "1" || text == "true" || text == "TRUE" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "FALSE" || text == "no") return false;
  throw InvalidInput(std::string(name) + "='" + text + "' is not a switch: use 1 or 0");
}

std::string Trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

// The profile's keys from an INI credentials file (~/.aws/credentials). Values are never put in
// a message: a malformed file is reported by path and line only.
std::optional<S3Credentials> CredentialsFromFile(const std::string& path,
                                                 const std::string& profile) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  S3Credentials credentials;
  bool in_profile = false;
  std::string line;
  while (std::getline(file, line)) {
    line = Trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      in_profile = Trim(line.substr(1, line.size() - 2)) == profile;
      continue;
    }
    if (!in_profile) continue;
    const size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    const std::string name = Trim(line.substr(0, equals));
    const std::string value = Trim(line.substr(equals + 1));
    if (name == "aws_access_key_id") credentials.access_key_id = value;
    if (name == "aws_secret_access_key") credentials.secret_access_key = value;
    if (name == "aws_session_token") credentials.session_token = value;
  }
  if (credentials.access_key_id.empty() && credentials.secret_access_key.empty()) {
    return std::nullopt;
  }
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    throw InvalidInput(path + ": profile [" + profile +
                       "] needs both aws_access_key_id and aws_secret_access_key");
  }
  return credentials;
}

}  // namespace

S3Options S3Options::FromEnvironment() {
  S3Options options;
  options.endpoint = Environment("AWS_ENDPOINT_URL_S3");
  if (options.endpoint.empty()) options.endpoint = Environment("AWS_ENDPOINT_URL");
  options.region = Environment("AWS_REGION");
  if (options.region.empty()) options.region = Environment("AWS_DEFAULT_REGION");
  if (options.region.empty()) options.region = "us-east-1";

  options.path_style = !options.endpoint.empty();
  options.ca_bundle = Environment("AWS_CA_BUNDLE");
  if (auto forced = EnvironmentFlag("AWS_S3_FORCE_PATH_STYLE")) options.path_style = *forced;
  if (auto forced = EnvironmentFlag("BERSERKR_S3_PATH_STYLE")) options.path_style = *forced;

  options.max_attempts =
      static_cast<int>(EnvironmentInteger("BERSERKR_S3_MAX_ATTEMPTS", options.max_attempts, 1));
  options.connect_timeout_ms =
      EnvironmentInteger("BERSERKR_S3_CONNECT_TIMEOUT_MS", options.connect_timeout_ms, 1);
  options.request_timeout_ms =
      EnvironmentInteger("BERSERKR_S3_REQUEST_TIMEOUT_MS", options.request_timeout_ms, 0);
  options.stall_seconds = EnvironmentInteger("BERSERKR_S3_STALL_SECONDS", options.stall_seconds, 1);
  options.part_size = EnvironmentInteger("BERSERKR_S3_PART_SIZE", options.part_size, 5 << 20);
  options.upload_concurrency = static_cast<int>(
      EnvironmentInteger("BERSERKR_S3_UPLOAD_CONCURRENCY", options.upload_concurrency, 1));

  const std::string access_key = Environment("AWS_ACCESS_KEY_ID");
  const std::string secret_key = Environment("AWS_SECRET_ACCESS_KEY");
  if (!access_key.empty() || !secret_key.empty()) {
    if (access_key.empty() || secret_key.empty()) {
      throw InvalidInput(
          "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (one is missing)");
    }
    options.credentials = S3Credentials{access_key, secret_key, Environment("AWS_SESSION_TOKEN")};
    return options;
  }
  std::string file = Environment("AWS_SHARED_CREDENTIALS_FILE");
  if (file.empty()) {
    const std::string home = Environment("HOME");
    if (!home.empty()) file = home + "/.aws/credentials";
  }
  std::string profile = Environment("AWS_PROFILE");
  if (profile.empty()) profile = "default";
  if (!file.empty()) options.credentials = CredentialsFromFile(file, profile);
  return options;
}

}  // namespace berserkr
