#pragma once

// The names a session knows: tables (materialized) and views (lazy plans). Names match without
// case, as SQL identifiers do; each keeps the spelling it was created with.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/plan/data_frame.h"

namespace berserkr::sql {

struct CatalogEntry {
  std::string name;  // as created
  DataFrame frame;
  bool view = false;
  std::string definition;  // a view's SQL text; empty for tables
};

class Catalog {
 public:
  // nullptr when nothing has that name.
  const CatalogEntry* Find(const std::string& name) const;
  // Adds or (with `replace`) replaces; throws InvalidInput when the name is taken otherwise.
  void Put(CatalogEntry entry, bool replace);
  // False when there was nothing of that name.
  bool Remove(const std::string& name);
  // Every entry, in name order.
  std::vector<const CatalogEntry*> Entries() const;
  // Every name, for "did you mean" suggestions.
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, CatalogEntry> entries_;  // by lower-case name
};

}  // namespace berserkr::sql
