//===- FunctionValues.h - Calls through function values ---------*- C++ -*-===//
//
// The extractor records where function addresses flow (Program::Values);
// this solves those flows once per program, field-based and in time linear
// in the flows and the sets they carry, and makes each call through a value
// a call of what the value may hold, so that the rest of the analysis sees
// ordinary calls.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_FUNCTIONVALUES_H
#define FORKSAFE_CHECKS_ANALYSIS_FUNCTIONVALUES_H

#include "knowledge/Knowledge.h"
#include "model/Model.h"

namespace forksafe {

/// Resolves the calls through function values of P:
/// - a call through a value that may hold one function or more calls a
///   dispatcher (a function with Function::Dispatches set, named as the
///   source spells the callee) whose body calls each of them, and returns
///   what they return;
/// - a routine argument of a thread start or of a function with a body
///   that names a value becomes what the value holds (a dispatcher when it
///   holds several);
/// - a function that hands a thread start a trampoline (a routine that calls
///   through a field or a global) after storing one of its parameters there
///   forwards that parameter as its routine: it is a thread wrapper.
/// Call it once per program, then empty P.Values (runChecks does both).
void resolveFunctionValues(Program &P, const Knowledge &Know);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_FUNCTIONVALUES_H
