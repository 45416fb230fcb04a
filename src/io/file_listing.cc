#include "berserkr/io/file_listing.h"

#include <fnmatch.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "berserkr/common/error.h"
#include "berserkr/io/file_system.h"

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

// Whether a key below `prefix_length` characters has a path component starting with '.' or '_'
// (Spark's hidden files: _SUCCESS, _delta_log/, .crc).
bool HasHiddenComponent(const std::string& location, size_t prefix_length) {
  size_t start = prefix_length;
  while (start < location.size()) {
    size_t end = location.find('/', start);
    if (end == std::string::npos) end = location.size();
    if (end > start && IsHiddenName(location.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

// s3://bucket/key: the object itself; else the objects below key/ (a "directory"); a pattern
// lists the objects under its literal prefix and keeps those it matches, or whose "directory"
// it matches, '*' not crossing '/' as in a shell.
void ExpandS3Source(const std::string& source, std::vector<std::string>& files) {
  FileSystem& file_system = FileSystemFor(source);
  const size_t wildcard = source.find_first_of("*?[");
  if (wildcard != std::string::npos) {
    const size_t listed_from = source.rfind('/', wildcard) + 1;
    const size_t before = files.size();
    for (const FileInfo& object : file_system.List(source.substr(0, wildcard))) {
      const std::string& location = object.location;
      if (HasHiddenComponent(location, listed_from)) continue;
      bool matched = ::fnmatch(source.c_str(), location.c_str(), FNM_PATHNAME) == 0;
      for (size_t slash = location.find('/', wildcard); !matched && slash != std::string::npos;
           slash = location.find('/', slash + 1)) {
        matched = ::fnmatch(source.c_str(), location.substr(0, slash).c_str(), FNM_PATHNAME) == 0;
      }
      if (matched) files.push_back(location);
    }
    if (files.size() == before) throw IoError(source + ": the pattern matches no object");
    return;
  }
  const bool names_prefix = source.back() == '/';
  if (!names_prefix && file_system.Exists(source)) {
    files.push_back(source);
    return;
  }
  const std::string prefix = names_prefix ? source : source + "/";
  const size_t before = files.size();
  for (const FileInfo& object : file_system.List(prefix)) {
    if (!HasHiddenComponent(object.location, prefix.size())) files.push_back(object.location);
  }
  if (files.size() == before) {
    throw IoError("no such object " + source + " (and no objects below " + prefix + ")");
  }
}

}  // namespace

std::vector<std::string> ExpandSources(const std::vector<std::string>& sources) {
  std::vector<std::string> files;
  for (const std::string& source : sources) {
    if (IsS3Location(source)) {
      ExpandS3Source(source, files);
      continue;
    }
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
