// Date and time functions: registered names only, for now. date_trunc, extract / date_part,
// date_diff, date_add (function form date_add(ts, 'day', 3)), strftime and strptime are the next
// step; binding them throws NotImplemented so that a query says what is missing rather than
// "unknown function". Time zones come later too.

#include "berserkr/common/error.h"
#include "expr/function_registry_internal.h"

namespace berserkr::expr {

void RegisterDateFunctions(FunctionRegistry& registry) {
  for (const char* name :
       {"date_trunc", "extract", "date_part", "date_diff", "date_add", "strftime", "strptime"}) {
    registry.Register(name, [name](const FunctionArguments&) -> std::optional<BoundFunction> {
      throw NotImplemented(std::string(name) + " is not implemented yet");
    });
  }
}

}  // namespace berserkr::expr
