//===- Evidence.h - Notes and fix-its the checks share ----------*- C++ -*-===//
//
// The evidence a diagnostic carries is the same few stories told in many
// checks: where the fork is, why threads may run there, which call chain
// reaches an unsafe function. They are written once, here.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_EVIDENCE_H
#define FORKSAFE_CHECKS_EVIDENCE_H

#include "Finding.h"
#include "analysis/Analysis.h"
#include <string>

namespace forksafe {

/// A call chain longer than this is told by its ends.
constexpr unsigned MaxChainNotes = 8;
/// How many unsafe functions a call reaches besides the one it is
/// reported for, that a note names.
constexpr unsigned MaxOtherCulprits = 3;
static_assert(MaxOtherCulprits < MaxReachedUnsafe,
              "the facts remember the culprit and the others");

/// The name of the function a fork site calls ("fork", "daemon", a wrapper).
std::string forkName(const Analysis &A, const ChildRegion &R);

/// Where the child of R starts: the fork site, or the child entry.
SourcePos childStartPos(const Analysis &A, const ChildRegion &R);

/// Whether call C ends the child by an exec (possibly failing) or an
/// exec-like function.
bool isExecLike(const Analysis &A, const CallSite &C);
bool isExitCall(const Analysis &A, const CallSite &C);
/// The first exec on the paths of R's child, if any.
const CallSite *firstChildExec(const Analysis &A, const ChildRegion &R);
/// Whether event E of Fn returns from main, which calls exit().
bool isMainReturn(const Function &Fn, const Event &E);

/// The async-signal-safety of what call C reaches in the child of a fork
/// of kind Flavor.
Safety callSafety(const Analysis &A, const CallSite &C, ForkFlavor Flavor);

/// Builds the notes of one finding, keeping one note per location.
class Evidence {
public:
  Evidence(const Analysis &A, Finding &F) : A(A), F(F) {}

  void note(SourcePos Pos, std::string Message);
  /// "the child of 'fork' starts here".
  void forkSite(const ChildRegion &R);
  /// Why other threads may run at call Call of Fn.
  void context(FunctionId Fn, const ContextReason &Why, SourcePos Where);
  /// Where an escaping child goes astray.
  void escape(const ChildRegion &R);
  /// The chain from call C to the most hazardous unsafe function it
  /// reaches in the child of a fork of kind Flavor; returns the call of
  /// that function.
  CallRef unsafeChain(CallRef C, ForkFlavor Flavor);
  /// At the definition of the function call C calls: the other unsafe
  /// functions it reaches than Culprit, at most MaxOtherCulprits of them.
  void otherCulprits(CallRef C, CallRef Culprit, ForkFlavor Flavor);
  /// The chain from call C to the exit() it runs (or to the library
  /// function, like err(), that runs it).
  void exitChain(CallRef C);
  void runningThread(FunctionId Fn, const RunningThread &T);
  /// A thread the initialisation of the program's objects leaves running.
  void threadBeforeMain(const RunningThread &T);

private:
  void threadChain(FunctionId Fn);
  void contextChain(FunctionId Fn);
  /// A note per call of the chain Hops, in order: "'f' calls 'g' here",
  /// between Prefix and Suffix. A call through a function value is one
  /// note, "called through 'ops->run' here, which may be 'g'", at the call
  /// that the source spells; the dispatchers' own calls make none. The
  /// first hop is said only when SayFirst holds or it is such a call.
  void hopNotes(llvm::ArrayRef<CallRef> Hops, llvm::StringRef Prefix,
                llvm::StringRef Suffix, bool SayFirst = true);

  const Analysis &A;
  Finding &F;
};

/// How an escaping child goes astray, for a message: "its child ...".
std::string escapeClause(const Analysis &A, const ChildRegion &R);

/// The finding of fork-in-thread or fork-with-threads at an escaping fork.
Finding escapingForkFinding(const Analysis &A, const ChildRegion &R,
                            CheckId Check, const ContextReason &Why);

enum class Side { Before, After };

/// The edits that put statement Text before or after statement Statement of
/// Fn, on a line of its own where that statement has one, and in braces
/// with it where it is the unbraced body of an if, else or loop; none when
/// the statement cannot be edited.
std::vector<TextEdit> editBesideStatement(const Function &Fn,
                                          uint32_t Statement,
                                          llvm::StringRef Text, Side Where);

/// Calls Visit for each fork site whose child the checks look at: all but
/// vfork's, which the vfork-child check alone judges.
void forEachForkChild(const Analysis &A,
                      llvm::function_ref<void(const ChildRegion &)> Visit);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_EVIDENCE_H
