//===- UnitTriage.h - What of a translation unit needs a model --*- C++ -*-===//
//
// Every finding starts from a function of Knowledge::mayLeadToFindings: a
// fork, a program run, an atfork child handler's registration, a
// close-on-exec mark, a child entry. Most translation units of a project
// use none of them, and building their model (a CFG and a lowering of
// every body) would cost the most of forksafe's time for nothing; in a C
// unit that uses one, many bodies still have nothing to do with it
// (FunctionTriage.h). This first pass looks at the names the unit uses and
// defines, before any of that.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_UNITTRIAGE_H
#define FORKSAFE_PLUGIN_UNITTRIAGE_H

#include "knowledge/Knowledge.h"
#include "llvm/ADT/DenseSet.h"
#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace forksafe {

/// Canonical declarations of functions.
using FunctionSet = llvm::DenseSet<const clang::FunctionDecl *>;

/// What a host lowers of a translation unit.
struct LoweringPlan {
  enum Extent {
    /// Nothing: the checks can find nothing in it.
    Nothing,
    /// Every function it defines.
    Whole,
    /// The functions of Functions that it defines.
    Some,
  };
  Extent What = Whole;
  FunctionSet Functions;
  /// For Some: how many bodies the first pass walked, and how many of
  /// them are kept.
  unsigned Bodies = 0;
  unsigned Kept = 0;

  /// The functions to lower, or null for all of them.
  const FunctionSet *only() const {
    return What == Some ? &Functions : nullptr;
  }
  /// "lowering 3 of 10 function bodies", for -ftime-trace; "" unless
  /// Some.
  std::string summary() const;
};

/// What of the translation unit the checks may need. Nothing only when
/// sure: in a C unit, every function declared at file scope that is
/// defined or referenced, and every function a body or an initialiser
/// refers to, was judged. In a C++ unit, every function that C++ lets
/// have a leading name (one of the global namespace, or an extern "C" one)
/// was looked up by that name; the unit leads if any is referenced or
/// defined, or if the project names a leading function by a qualified
/// name, and is then lowered whole. Objective-C units are lowered whole
/// (their calls also go through messages). A C unit that leads is lowered
/// in part (FunctionTriage.h).
LoweringPlan planLowering(clang::ASTContext &Ctx, const Knowledge &Know);

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_UNITTRIAGE_H
