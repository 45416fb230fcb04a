#include "berserkr/io/file_listing.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "berserkr/common/error.h"

namespace berserkr {
namespace {

bool IsHiddenName(const std::string& name) {
  return !name.empty() && (name[0] == '.' || name[0] == '_');
}

void ListDirectory(const std::filesystem::path& directory, std::vector<std::string>& files) {
  std::vector<std::string> found;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(directory, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (IsHiddenName(name)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) found.push_back(it->path().string());
  }
  if (error) throw IoError(directory.string() + ": cannot list directory: " + error.message());
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

}  // namespace

std::vector<std::string> ExpandSources(const std::vector<std::string>& sources) {
  std::vector<std::string> files;
  for (const std::string& source : sources) {
    if (source.find_first_of("*?[") != std::string::npos && !std::filesystem::exists(source)) {
      glob_t matches{};
      const int status = ::glob(source.c_str(), 0, nullptr, &matches);
      if (status == GLOB_NOMATCH) {
        ::globfree(&matches);
        throw IoError(source + ": the pattern matches no file");
      }
      if (status != 0) {
        ::globfree(&matches);
        throw IoError(source + ": cannot expand the pattern");
      }
      std::vector<std::string> found(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
      ::globfree(&matches);
      for (const std::string& path : found) {
        if (std::filesystem::is_directory(path)) {
          ListDirectory(path, files);
        } else {
          files.push_back(path);
        }
      }
      continue;
    }
    std::error_code error;
    const auto status = std::filesystem::status(source, error);
    if (error || !std::filesystem::exists(status)) {
      throw IoError(source + ": no such file or directory");
    }
    if (std::filesystem::is_directory(status)) {
      const size_t before = files.size();
      ListDirectory(source, files);
      if (files.size() == before) throw IoError(source + ": the directory holds no files");
    } else {
      files.push_back(source);
    }
  }
  return files;
}

}  // namespace berserkr
