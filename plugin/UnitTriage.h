//===- UnitTriage.h - Whether a translation unit needs a model --*- C++ -*-===//
//
// Every finding starts from a function of Knowledge::mayLeadToFindings: a
// fork, a program run, an atfork child handler's registration, a
// close-on-exec mark, a child entry. Most translation units of a project
// use none of them, and building their model (a CFG and a lowering of
// every body) would cost the most of forksafe's time for nothing. This
// first pass looks at the names the unit uses and defines, before any of
// that.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_UNITTRIAGE_H
#define FORKSAFE_PLUGIN_UNITTRIAGE_H

#include "knowledge/Knowledge.h"

namespace clang {
class ASTContext;
} // namespace clang

namespace forksafe {

/// Whether the checks may find anything in the translation unit: it
/// refers to, or defines, a function that may lead to findings. False only
/// when sure. In a C unit, every function declared at file scope that is
/// defined or referenced, and every function a body or an initialiser
/// refers to, was judged. In a C++ unit, every function that C++ lets
/// have a leading name (one of the global namespace, or an extern "C" one)
/// was looked up by that name; the unit leads if any is referenced or
/// defined, or if the project names a leading function by a qualified
/// name. Objective-C units are taken to need their model (their calls also
/// go through messages).
bool mayHaveFindings(clang::ASTContext &Ctx, const Knowledge &Know);

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_UNITTRIAGE_H
