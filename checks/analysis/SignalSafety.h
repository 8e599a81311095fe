//===- SignalSafety.h - Which unsafe functions a function reaches -*- C++ -*-===//
//
// The async-signal-safety part of the per-function facts: for each kind of
// fork's child, the worst level a function reaches, the call that leads to
// the most hazardous function of that level (Hazards.def), and a few of the
// others it reaches, for the notes.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_SIGNALSAFETY_H
#define FORKSAFE_CHECKS_ANALYSIS_SIGNALSAFETY_H

#include "Facts.h"

namespace forksafe {

/// The safety that the tables and the project's word give function F.
void initSafetyFacts(const Function &Fn, FunctionId F, const Options &Opts,
                     const Knowledge &Know, SafetyTable &Table);

/// Recomputes the safety of function F, which has a body, from its
/// callees', over the calls in its Reachable blocks.
void summarizeSafety(const Function &Fn, FunctionId F,
                     llvm::ArrayRef<EventPlace> Places,
                     llvm::ArrayRef<char> Reachable,
                     const std::vector<FunctionFacts> &Facts,
                     SafetyTable &Table);

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_SIGNALSAFETY_H
