#include "expr/function_registry_internal.h"

namespace berserkr::expr {

void RegisterTimeZoneFunctions(FunctionRegistry& registry) {}

}  // namespace berserkr::expr
