//===- ReinitAfterForkCheck.cpp - library state used in a child as is -----===//
//
// docs/semantics.md: at the first use in the child of a handle made before the
// fork, of a library whose state must be re-initialised in a child (libevent,
// libuv, the Python C API) or not carried into one at all (SQLite, GLib's main
// loop). The libraries are rows of knowledge/Reinit.def and of the project's
// .forksafe.yaml. Fix-it: the re-init call at the start of the child region,
// where the handle is in scope.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace forksafe {

namespace {

using HandleSet = llvm::SmallVector<HandleUse, 2>;

bool contains(const HandleSet &S, const HandleUse &U) {
  return llvm::any_of(S, [&](const HandleUse &O) { return sameHandle(O, U); });
}

/// A use of a handle in the child that nothing readied before it.
struct UnreadyUse {
  HandleUse Use;
  EventPlace At;
};

/// Follows the child of R through its region, with the handles that every
/// path has made usable (created or re-initialised) so far, and gathers
/// the uses of the others.
class ChildFlow {
public:
  ChildFlow(const Analysis &A, const ChildRegion &R)
      : A(A), R(R), Fn(A.function(R.Site.Function)) {}

  std::vector<UnreadyUse> run();

private:
  /// The events of block B the child runs from entering it: all of them,
  /// but in the fork's block, only those before the fork.
  uint32_t endOf(uint32_t B) const {
    return B == R.SitePlace.Block ? R.SitePlace.Position
                                  : Fn.events(B).size();
  }
  /// Runs events [From, To) of B from In; returns whether the block's end
  /// is reached. Uses not in the set are passed to Unready.
  bool transfer(uint32_t B, uint32_t From, uint32_t To, HandleSet &In,
                std::vector<UnreadyUse> *Unready) const;
  void flowOut(uint32_t B, uint8_t Classes, const HandleSet &Out,
               std::vector<uint32_t> &Work);

  const Analysis &A;
  const ChildRegion &R;
  const Function &Fn;
  /// What every path into each block the child reaches has made usable.
  llvm::DenseMap<uint32_t, HandleSet> Entry;
};

bool ChildFlow::transfer(uint32_t B, uint32_t From, uint32_t To,
                         HandleSet &In, std::vector<UnreadyUse> *Unready) const {
  llvm::ArrayRef<Event> Events = Fn.events(B);
  for (uint32_t I = From; I < To && I < Events.size(); ++I) {
    if (Events[I].K != Event::Call)
      continue;
    const CallSite &C = Fn.Calls[Events[I].Index];
    const FunctionFacts *G = A.calleeFacts(C);
    if (Unready)
      for (const HandleUse &U :
           handleUsesOf(A.program(), A.knowledge(), C, Events[I].Index, G))
        if (!contains(In, U))
          Unready->push_back({U, {B, I}});
    for (const HandleUse &U :
         handlesReadiedBy(A.knowledge(), C, Events[I].Index, G))
      if (!contains(In, U))
        In.push_back(U);
    if (A.neverReturns(C))
      return false;
  }
  return true;
}

void ChildFlow::flowOut(uint32_t B, uint8_t Classes, const HandleSet &Out,
                        std::vector<uint32_t> &Work) {
  for (const Edge &E : Fn.succs(B)) {
    if (!(R.edgeClasses(E, Classes) & Zero))
      continue;
    auto [It, First] = Entry.try_emplace(E.Target, Out);
    if (First) {
      Work.push_back(E.Target);
      continue;
    }
    HandleSet &In = It->second;
    size_t Before = In.size();
    llvm::erase_if(In, [&](const HandleUse &U) { return !contains(Out, U); });
    if (In.size() != Before)
      Work.push_back(E.Target);
  }
}

std::vector<UnreadyUse> ChildFlow::run() {
  // A must-analysis: a handle counts as usable where every path made it so.
  std::vector<uint32_t> Work;
  HandleSet AfterFork;
  uint32_t Site = R.SitePlace.Block;
  if (transfer(Site, R.SitePlace.Position + 1, Fn.events(Site).size(),
               AfterFork, nullptr))
    flowOut(Site, R.SiteClasses, AfterFork, Work);
  while (!Work.empty()) {
    uint32_t B = Work.back();
    Work.pop_back();
    HandleSet Out = Entry.find(B)->second;
    if (transfer(B, 0, endOf(B), Out, nullptr) && B != Site)
      flowOut(B, R.entryClasses(B), Out, Work);
  }
  std::vector<UnreadyUse> Unready;
  HandleSet Start;
  transfer(Site, R.SitePlace.Position + 1, Fn.events(Site).size(), Start,
           &Unready);
  // In block order, as the findings are listed; the child enters only
  // blocks its region knows.
  R.forEachBlock([&](const RegionBlock &Known) {
    if (auto It = Entry.find(Known.Block); It != Entry.end()) {
      HandleSet In = It->second;
      transfer(Known.Block, 0, endOf(Known.Block), In, &Unready);
    }
  });
  return Unready;
}

class ReinitFinding {
public:
  ReinitFinding(const Analysis &A, const ChildRegion &R)
      : A(A), R(R), Fn(A.function(R.Site.Function)) {}

  Finding make(const UnreadyUse &U);

private:
  std::string handleName(const HandleKey &K) const;
  /// Notes the calls from the child's call down to the one that uses the
  /// handle; returns the name of the function that uses it.
  std::string useChain(Evidence &E, const UnreadyUse &U);
  void noteCreation(Evidence &E, const HandleUse &U);
  std::vector<TextEdit> reinitFix(const UnreadyUse &U) const;
  /// Where the child region starts, on the way to block Target: before a
  /// statement of the child branch, or after daemon()'s.
  struct Insertion {
    uint32_t Statement = InvalidIndex;
    Side Where = Side::Before;
  };
  Insertion childStart(uint32_t Target) const;

  const Analysis &A;
  const ChildRegion &R;
  const Function &Fn;
};

std::string ReinitFinding::handleName(const HandleKey &K) const {
  switch (K.K) {
  case HandleKey::Local:
    return Fn.detail().Locals[K.Id].Name;
  case HandleKey::Global:
  case HandleKey::Field:
    return A.program().Names[K.Id];
  case HandleKey::Param:
  case HandleKey::Unknown:
    break;
  }
  return "";
}

std::string ReinitFinding::useChain(Evidence &E, const UnreadyUse &U) {
  CallRef Cur{R.Site.Function, U.Use.Via};
  HandleUse Wanted = U.Use;
  // Each function once: a recursive chain would go round, and stop where
  // the number of functions says.
  llvm::DenseSet<FunctionId> Entered;
  Entered.insert(R.Site.Function);
  for (unsigned Hops = 0;; ++Hops) {
    const CallSite &C = A.call(Cur);
    const FunctionFacts *G = A.calleeFacts(C);
    if (!G || llvm::any_of(G->rare().Reinit, [&](const ReinitRole &Role) {
          return Role.K == ReinitRole::Use && Role.Api == Wanted.Api;
        }))
      break;
    Entered.insert(C.Callee);
    // The callee's use that its caller sees as Wanted, through a function
    // not entered yet.
    const Function &Callee = A.function(C.Callee);
    const HandleUse *Next =
        llvm::find_if(G->rare().HandleUses, [&](const HandleUse &H) {
          FunctionId Through = Callee.Calls[H.Via].Callee;
          return H.Api == Wanted.Api &&
                 (!H.Key.isKnown() ||
                  mapHandleToCaller(H.Key, C).sameObject(Wanted.Key)) &&
                 (Through == InvalidIndex || !Entered.contains(Through));
        });
    if (Next == G->rare().HandleUses.end())
      break;
    const CallSite &NextCall = Callee.Calls[Next->Via];
    if (Hops < MaxChainNotes)
      E.note(NextCall.Pos, "'" + Callee.Name.str() + "' calls '" +
                               A.calleeName(NextCall) + "' here");
    Wanted = *Next;
    Cur = {C.Callee, Next->Via};
  }
  return A.calleeName(A.call(Cur));
}

void ReinitFinding::noteCreation(Evidence &E, const HandleUse &U) {
  if (!R.hasSiteCall())
    return;
  const CallSite &Site = A.call(R.Site);
  for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
    const CallSite &C = Fn.Calls[I];
    if (C.Pos.File != Site.Pos.File || C.Pos.Offset >= Site.Pos.Offset)
      continue;
    for (const HandleUse &Made :
         handlesReadiedBy(A.knowledge(), C, I, A.calleeFacts(C)))
      if (sameHandle(Made, U)) {
        E.note(C.Pos, "it is created here, before the fork");
        return;
      }
  }
}

ReinitFinding::Insertion ReinitFinding::childStart(uint32_t Target) const {
  // After daemon(), whose child is all that goes on; else the first
  // statement of a block the child enters by a child edge, and from which
  // it reaches Target.
  if (R.Kind == ProcessRole::Daemon)
    return {A.call(R.Site).Statement, Side::After};
  if (R.Kind == ProcessRole::ChildEntry)
    return {};
  // The edge leaves a block the child enters, or the fork's: one the
  // region knows.
  llvm::DenseSet<uint32_t> EnteredByTest;
  std::vector<uint32_t> Entries;
  R.forEachBlock([&](const RegionBlock &P) {
    for (const Edge &E : Fn.succs(P.Block))
      if (R.inBranch(E.Target) && !P.InBranch &&
          (R.edgeClasses(E, R.exitClasses(P.Block)) & Zero) &&
          EnteredByTest.insert(E.Target).second)
        Entries.push_back(E.Target);
  });
  llvm::sort(Entries);
  for (uint32_t B : Entries) {
    // Reaches Target along the child's paths?
    llvm::DenseSet<uint32_t> Seen{B};
    std::vector<uint32_t> Work{B};
    bool Reaches = false;
    while (!Work.empty()) {
      uint32_t Cur = Work.back();
      Work.pop_back();
      Reaches |= Cur == Target;
      for (const Edge &E : Fn.succs(Cur))
        if ((R.edgeClasses(E, R.exitClasses(Cur)) & Zero) &&
            Seen.insert(E.Target).second)
          Work.push_back(E.Target);
    }
    if (!Reaches)
      continue;
    // The statement of the first event the branch runs from B on, through
    // blocks that only lead on; none if that statement cannot be edited.
    uint32_t Cur = B;
    for (size_t Steps = 0; Steps != Fn.Blocks.size() && Fn.events(Cur).empty() &&
                           Fn.succs(Cur).size() == 1 &&
                           R.inBranch(Fn.succs(Cur)[0].Target);
         ++Steps)
      Cur = Fn.succs(Cur)[0].Target;
    if (Fn.events(Cur).empty())
      return {};
    const Event &E = Fn.events(Cur).front();
    return {E.K == Event::Call ? Fn.Calls[E.Index].Statement
                               : Fn.Returns[E.Index].Statement,
            Side::Before};
  }
  return {};
}

std::vector<TextEdit> ReinitFinding::reinitFix(const UnreadyUse &U) const {
  const ReinitApi &Api = A.knowledge().reinitApis()[U.Use.Api];
  if (Api.Reinit.empty() || !A.program().declares(R.Site.Function, Api.Reinit))
    return {};
  std::string Call = Api.Reinit + "(";
  if (!Api.isProcessWide()) {
    const HandleKey &K = U.Use.Key;
    if (!K.Exact || (K.K != HandleKey::Local && K.K != HandleKey::Global))
      return {};
    // Spelled as a call of the function spells it: `&loop` or `base`.
    const ArgInfo *Spelled = nullptr;
    for (const CallSite &C : Fn.Calls)
      for (const ArgInfo &Arg : C.Args)
        if (Arg.Handle.sameObject(K) && Arg.Handle.Exact && !Spelled &&
            Arg.Slot >= 0)
          Spelled = &Arg;
    if (!Spelled)
      return {};
    Call += (Spelled->AddressOf ? "&" : "") + handleName(K);
  }
  Call += ");";
  Insertion At = childStart(A.places(R.Site.Function)[U.Use.Via].Block);
  if (At.Statement == InvalidIndex)
    return {};
  const StatementSpan &S = Fn.detail().Statements[At.Statement];
  if (U.Use.Key.K == HandleKey::Local) {
    const LocalVar &V = Fn.detail().Locals[U.Use.Key.Id];
    if (S.Begin < V.ScopeBegin || S.Begin >= V.ScopeEnd)
      return {};
  }
  return editBesideStatement(Fn, At.Statement, Call, At.Where);
}

Finding ReinitFinding::make(const UnreadyUse &U) {
  const CallSite &C = Fn.Calls[U.Use.Via];
  const ReinitApi &Api = A.knowledge().reinitApis()[U.Use.Api];
  Finding F{CheckId::ReinitAfterFork, C.Pos, "", {}, {}};
  Evidence E(A, F);
  E.forkSite(R);
  noteCreation(E, U.Use);
  std::string User = useChain(E, U);
  std::string Name = A.calleeName(C);
  std::string Handle = Api.What;
  if (std::string Var = handleName(U.Use.Key); !Var.empty())
    Handle += " '" + Var + "'";
  std::string Uses = Name == User ? "call to '" + Name + "' in the child uses "
                                  : "call to '" + Name + "' in the child "
                                    "reaches '" + User + "', which uses ";
  F.Message = Uses + "the " + Handle + " from before the fork";
  if (Api.Reinit.empty()) {
    F.Message += "; " + Api.Advice;
    E.note(C.Pos, "or use the library before the fork only, and exec in "
                  "the child");
  } else {
    F.Message += " without calling '" + Api.Reinit + "' first";
    F.Fixes = reinitFix(U);
    if (F.Fixes.empty())
      E.note(C.Pos, "call '" + Api.Reinit + "' at the start of the child");
  }
  return F;
}

} // namespace

void checkReinitAfterFork(const Analysis &A, std::vector<Finding> &Out) {
  if (A.knowledge().reinitApis().empty())
    return;
  forEachForkChild(A, [&](const ChildRegion &R) {
    const Function &Fn = A.function(R.Site.Function);
    std::vector<UnreadyUse> Unready = ChildFlow(A, R).run();
    // The first use of each handle, in the source.
    std::vector<const UnreadyUse *> First;
    for (const UnreadyUse &U : Unready) {
      auto Same = llvm::find_if(First, [&](const UnreadyUse *O) {
        return sameHandle(O->Use, U.Use);
      });
      auto Offset = [&](const UnreadyUse &X) {
        return Fn.Calls[X.Use.Via].Pos.Offset;
      };
      if (Same == First.end())
        First.push_back(&U);
      else if (Offset(U) < Offset(**Same))
        *Same = &U;
    }
    ReinitFinding Make(A, R);
    for (const UnreadyUse *U : First)
      Out.push_back(Make.make(*U));
  });
}

} // namespace forksafe
