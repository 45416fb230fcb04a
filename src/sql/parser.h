#pragma once

// The SQL parser: text to statements (ast.h). Recursive descent, one function per grammar rule,
// split by clause family over parser_*.cc.

#include <string>
#include <vector>

#include "sql/ast.h"

namespace berserkr::sql {

// Every statement of `text`, separated by ';'. Throws SqlError at the first mistake, pointing at
// the token where it was noticed.
std::vector<Statement> ParseStatements(const std::string& text);

}  // namespace berserkr::sql
