//===- CallFacts.cpp - What a call does, by its callee's facts ------------===//
//
// The questions the analysis and the checks ask of one call site, answered
// from its arguments and its callee's summary: does it start a thread, join
// or ready a handle, end the process; what does a handle of the callee's
// summary name in the caller.
//
//===----------------------------------------------------------------------===//

#include "Facts.h"
#include "llvm/ADT/STLExtras.h"

namespace forksafe {

bool endsProcess(ProcessRole R) {
  return R == ProcessRole::Exit || R == ProcessRole::ChildExit ||
         R == ProcessRole::Exec;
}

HandleKey handleAt(const CallSite &C, int32_t Slot) {
  const ArgInfo *A = C.arg(Slot);
  return A ? A->Handle : HandleKey{};
}

std::optional<ThreadStartInfo> threadStartOf(const CallSite &C,
                                             const FunctionFacts &Callee) {
  if (!Callee.rare().ThreadStart)
    return std::nullopt;
  // A std::thread constructed from another one (a move) starts nothing: a
  // constructor starts a thread only when it is given something to run.
  const ArgInfo *Routine = C.arg(Callee.rare().ThreadStart->RoutineSlot);
  if (C.Kind == CallKind::Construct &&
      (!Routine || (Routine->Function == InvalidIndex &&
                    Routine->ForwardsParam == InvalidIndex)))
    return std::nullopt;
  // Nor does a thread moved into a container (`emplace_back(std::move(t))`).
  if (Routine && Routine->HandleType != InvalidIndex &&
      Routine->Function == InvalidIndex)
    return std::nullopt;
  return Callee.rare().ThreadStart;
}

bool leavesLibraryThreads(const CallSite &C, const FunctionFacts &Callee) {
  if (!Callee.ThreadSource)
    return false;
  const ArgInfo *A = C.arg(Callee.ThreadSource->Slot);
  switch (Callee.ThreadSource->When) {
  case ThreadSourceApi::Always:
    return true;
  case ThreadSourceApi::WithCallback:
    return !A || !A->IsNull;
  case ThreadSourceApi::SigevThread:
    return A && A->NotifiesByThread;
  }
  return false;
}

bool startsJoinable(const CallSite &C, const ThreadStartInfo &Start) {
  if (Start.MayUseAttributes)
    return false;
  if (Start.AttrSlot == NoSlot)
    return true;
  const ArgInfo *Attr = C.arg(Start.AttrSlot);
  return Attr && Attr->IsNull;
}

CallRef exitPointOf(CallRef C, const CallSite &Site,
                    const std::vector<FunctionFacts> &Facts) {
  if (Site.Callee == InvalidIndex)
    return {};
  const FunctionFacts &G = Facts[Site.Callee];
  if (endsProcess(G.Role))
    return C;
  // A function that ends the process on every path (die(), a child_main()
  // that execs), not one that may on some error path deep inside.
  return G.NoReturn ? G.ExitCall : CallRef{};
}

HandleKey mapHandleToCaller(const HandleKey &K, const CallSite &C) {
  switch (K.K) {
  case HandleKey::Param:
    return handleAt(C, K.Id);
  case HandleKey::Global:
  case HandleKey::Field:
    return K;
  case HandleKey::Local:
  case HandleKey::Unknown:
    return HandleKey{};
  }
  return HandleKey{};
}

llvm::SmallVector<HandleUse, 2> handleUsesOf(const Program &P,
                                             const Knowledge &Know,
                                             const CallSite &C, uint32_t Call,
                                             const FunctionFacts *Callee) {
  llvm::SmallVector<HandleUse, 2> Uses;
  if (!Callee)
    return Uses;
  for (const ReinitRole &Role : Callee->rare().Reinit) {
    if (Role.K != ReinitRole::Use)
      continue;
    const ReinitApi &Api = Know.reinitApis()[Role.Api];
    if (Api.isProcessWide()) {
      Uses.push_back({Role.Api, HandleKey{}, Call});
      continue;
    }
    for (const ArgInfo &A : C.Args)
      if (A.Slot != ResultSlot && A.Handle.isKnown() &&
          A.HandleType != InvalidIndex && P.Names[A.HandleType] == Api.Type)
        Uses.push_back({Role.Api, A.Handle, Call});
  }
  for (const HandleUse &U : Callee->rare().HandleUses) {
    HandleKey Mine = mapHandleToCaller(U.Key, C);
    if (!U.Key.isKnown() || Mine.isKnown())
      Uses.push_back({U.Api, Mine, Call});
  }
  return Uses;
}

llvm::SmallVector<HandleUse, 2> handlesReadiedBy(const Knowledge &Know,
                                                 const CallSite &C,
                                                 uint32_t Call,
                                                 const FunctionFacts *Callee) {
  llvm::SmallVector<HandleUse, 2> Readied;
  if (!Callee)
    return Readied;
  for (const ReinitRole &Role : Callee->rare().Reinit) {
    if (Role.K == ReinitRole::Use)
      continue;
    if (Know.reinitApis()[Role.Api].isProcessWide())
      Readied.push_back({Role.Api, HandleKey{}, Call});
    else if (HandleKey K = handleAt(C, Role.Slot); K.isKnown())
      Readied.push_back({Role.Api, K, Call});
  }
  return Readied;
}

/// Whether call C of std::for_each joins each element of its range: its
/// callback always joins its argument.
static bool joinsEachElement(const CallSite &C, const FunctionFacts &Callee,
                             const std::vector<FunctionFacts> &Facts) {
  if (Callee.JoinEachCallback < 0)
    return false;
  const ArgInfo *Callback = C.arg(Callee.JoinEachCallback);
  return Callback && Callback->Function != InvalidIndex &&
         llvm::any_of(Facts[Callback->Function].rare().AlwaysJoins,
                      [](const HandleKey &K) {
                        return K.K == HandleKey::Param && K.Id == 0;
                      });
}

llvm::SmallVector<HandleKey, 2>
handlesJoinedBy(const CallSite &C, const FunctionFacts *Callee,
                const std::vector<FunctionFacts> &Facts) {
  llvm::SmallVector<HandleKey, 2> Keys;
  if (!Callee)
    return Keys;
  if (Callee->rare().JoinSlot)
    Keys.push_back(handleAt(C, *Callee->rare().JoinSlot));
  if (joinsEachElement(C, *Callee, Facts))
    Keys.push_back(handleAt(C, Callee->JoinEachRange));
  for (const HandleKey &K : Callee->rare().AlwaysJoins)
    Keys.push_back(mapHandleToCaller(K, C));
  llvm::erase_if(Keys, [](const HandleKey &K) { return !K.isKnown(); });
  return Keys;
}

} // namespace forksafe
