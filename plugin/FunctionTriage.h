//===- FunctionTriage.h - Which bodies of a C unit to lower -----*- C++ -*-===//
//
// A unit that forks is modelled, but many of its functions have nothing to
// do with the fork: no path of calls leads from them to a function that may
// lead to findings (Knowledge::mayLeadToFindings), and none leads to them
// from such a function or from a caller of one. What the checks read
// travels along calls only: the facts of a callee up to its callers, the
// context of a child, a thread or a handler down to what it calls. So the
// bodies of those functions can change no finding, and lowering them (a CFG
// and the model of every statement) is most of what the model costs.
//
// This pass walks each body's AST once, for the functions it names (which
// also tells whether the unit leads at all), and keeps:
//  - the seeds: the functions that name a leading function, are one, or
//    call through a pointer (which may reach any function whose address is
//    taken), and every function from which calls lead to a seed;
//  - what those call, transitively, and what is called from the functions
//    that take a function's address or move a function value (any
//    expression but a callee whose type holds functions: a variable, a
//    field, a call's result; the values of indirect calls, thread starts
//    and handler registrations flow there), that call a
//    function whose effect the checks read program-wide, called or not (a
//    thread start, a handler registration, a stream unbuffered:
//    Knowledge::actsProgramWide), from main (whether the unit defines one
//    decides whether it is judged as a library), and from the initialisers
//    of variables.
//  - of a function defined twice (gnu_inline), the body the model lowers.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_FUNCTIONTRIAGE_H
#define FORKSAFE_PLUGIN_FUNCTIONTRIAGE_H

#include "UnitTriage.h"

namespace forksafe {

/// The plan for a C unit: Nothing if it neither defines nor refers to a
/// leading function (at file scope, where a use of any declaration marks
/// it referenced, or in a block or implicitly by a C89 call, where only
/// the code that uses it names it), else the bodies above.
LoweringPlan planCUnit(clang::ASTContext &Ctx, const Knowledge &Know);

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_FUNCTIONTRIAGE_H
