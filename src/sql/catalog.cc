#include "sql/catalog.h"

#include <cctype>

#include "berserkr/common/error.h"

namespace berserkr::sql {
namespace {

std::string Lower(std::string text) {
  for (char& character : text) character = static_cast<char>(std::tolower(character));
  return text;
}

}  // namespace

const CatalogEntry* Catalog::Find(const std::string& name) const {
  const auto found = entries_.find(Lower(name));
  return found == entries_.end() ? nullptr : &found->second;
}

void Catalog::Put(CatalogEntry entry, bool replace) {
  const std::string key = Lower(entry.name);
  const auto found = entries_.find(key);
  if (found != entries_.end()) {
    if (!replace) {
      throw InvalidInput(std::string(found->second.view ? "a view" : "a table") + " named '" +
                         found->second.name +
                         "' already exists; use CREATE OR REPLACE or DROP it first");
    }
    found->second = std::move(entry);
    return;
  }
  entries_.emplace(key, std::move(entry));
}

bool Catalog::Remove(const std::string& name) { return entries_.erase(Lower(name)) != 0; }

std::vector<const CatalogEntry*> Catalog::Entries() const {
  std::vector<const CatalogEntry*> entries;
  for (const auto& [key, entry] : entries_) entries.push_back(&entry);
  return entries;
}

std::vector<std::string> Catalog::Names() const {
  std::vector<std::string> names;
  for (const auto& [key, entry] : entries_) names.push_back(entry.name);
  return names;
}

}  // namespace berserkr::sql
