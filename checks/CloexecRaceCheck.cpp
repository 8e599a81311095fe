//===- CloexecRaceCheck.cpp - Close-on-exec set too late -----------------===//
//
// docs/semantics.md, "Descriptors across exec": at a call that makes a
// descriptor without its close-on-exec flag, when the same function later
// sets the flag with fcntl (itself, or through a function it calls), where
// other threads may run, in a program that forks and execs. Between the
// two calls, another thread's child can exec with the descriptor open.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "llvm/ADT/STLExtras.h"

namespace forksafe {

namespace {

/// How deep the functions a call reaches are searched for the fcntl.
constexpr unsigned MarkSearchDepth = 3;

/// Where the program runs another program, which inherits its descriptors.
struct ProgramStart {
  SourcePos Pos;
  std::string Callee;
};

/// The first exec in a forked child, or the first call of a function that
/// runs a program in a child of its own (system, posix_spawn).
std::optional<ProgramStart> firstProgramStart(const Analysis &A) {
  for (const ChildRegion &R : A.forkSites())
    if (const CallSite *Exec = firstChildExec(A, R))
      return ProgramStart{Exec->Pos, A.calleeName(*Exec)};
  for (const Function &Fn : A.program().Functions)
    for (const CallSite &C : Fn.Calls)
      if (C.Callee != InvalidIndex && A.function(C.Callee).IsCLibrary &&
          runsProgram(A.function(C.Callee).LookupName))
        return ProgramStart{C.Pos, A.calleeName(C)};
  return std::nullopt;
}

bool sameDescriptor(const HandleKey &L, const HandleKey &R) {
  return L.sameObject(R);
}

/// Whether call C sets close-on-exec on the descriptor that Key names. An
/// fcntl whose flags the model cannot read is taken to set it: helpers
/// compute them (`flags | FD_CLOEXEC`).
bool marks(const Analysis &A, const CallSite &C, const HandleKey &Key) {
  if (C.Callee == InvalidIndex || !A.function(C.Callee).IsCLibrary)
    return false;
  std::optional<CloexecMark> Mark =
      cloexecMark(A.function(C.Callee).LookupName);
  if (!Mark)
    return false;
  const ArgInfo *Fd = C.arg(Mark->FdSlot);
  const ArgInfo *Command = C.arg(Mark->CommandSlot);
  if (!Fd || !sameDescriptor(Fd->Handle, Key) || !Command ||
      Command->Constant == InvalidIndex)
    return false;
  if (Mark->FlagSlot == NoSlot)
    return true;
  const ArgInfo *Flags = C.arg(Mark->FlagSlot);
  return !Flags || Flags->Constant != InvalidIndex || !Flags->SpelledOut;
}

/// The chain of calls from call C of Fn to the one that sets close-on-exec
/// on Key, within MarkSearchDepth functions; empty if there is none.
std::vector<CallRef> markChain(const Analysis &A, CallRef C,
                               const HandleKey &Key, unsigned Depth = 0) {
  const CallSite &Site = A.call(C);
  if (marks(A, Site, Key))
    return {C};
  if (Depth + 1 == MarkSearchDepth || Site.Callee == InvalidIndex ||
      !A.function(Site.Callee).HasBody)
    return {};
  // The callee marks a parameter that the call gives the descriptor.
  for (const ArgInfo &Arg : Site.Args) {
    if (Arg.Slot < 0 || !sameDescriptor(Arg.Handle, Key))
      continue;
    HandleKey Param{HandleKey::Param, static_cast<uint32_t>(Arg.Slot), true};
    const Function &Callee = A.function(Site.Callee);
    for (uint32_t I = 0; I != Callee.Calls.size(); ++I) {
      std::vector<CallRef> Rest =
          markChain(A, {Site.Callee, I}, Param, Depth + 1);
      if (!Rest.empty()) {
        Rest.insert(Rest.begin(), C);
        return Rest;
      }
    }
  }
  return {};
}

/// Whether call C makes Key name another descriptor, or closes it.
bool replaces(const Analysis &A, const CallSite &C, const HandleKey &Key) {
  if (C.Callee == InvalidIndex || !A.function(C.Callee).IsCLibrary)
    return false;
  llvm::StringRef Name = A.function(C.Callee).LookupName;
  std::optional<int32_t> Slot;
  if (std::optional<DescriptorApi> Api = descriptorApi(Name))
    Slot = Api->ResultSlot;
  else
    Slot = closedDescriptor(Name);
  const ArgInfo *Arg = Slot ? C.arg(*Slot) : nullptr;
  return Arg && sameDescriptor(Arg->Handle, Key);
}

/// The chain of calls to the first call that sets close-on-exec on Key on
/// a path of F after call From, before Key names another descriptor.
std::vector<CallRef> markAfter(const Analysis &A, FunctionId F, uint32_t From,
                               const HandleKey &Key) {
  const Function &Fn = A.function(F);
  EventPlace Start = A.places(F)[From];
  std::vector<char> Seen(Fn.Blocks.size(), 0);
  std::vector<std::pair<uint32_t, uint32_t>> Work{
      {Start.Block, Start.Position + 1}};
  for (size_t Next = 0; Next != Work.size(); ++Next) {
    auto [B, Position] = Work[Next];
    llvm::ArrayRef<Event> Events = Fn.events(B);
    bool GoesOn = true;
    for (uint32_t I = Position; I < Events.size() && GoesOn; ++I) {
      if (Events[I].K != Event::Call)
        continue;
      const CallSite &C = Fn.Calls[Events[I].Index];
      std::vector<CallRef> Chain = markChain(A, {F, Events[I].Index}, Key);
      if (!Chain.empty())
        return Chain;
      GoesOn = !A.neverReturns(C) && !replaces(A, C, Key);
    }
    if (GoesOn)
      for (const Edge &E : Fn.succs(B))
        if (!Seen[E.Target]) {
          Seen[E.Target] = 1;
          Work.push_back({E.Target, 0});
        }
  }
  return {};
}

/// Whether call Call of F is in the child of one of F's forks, which has
/// no other thread to race with.
bool inChild(const Analysis &A, FunctionId F, uint32_t Call) {
  uint32_t Block = A.places(F)[Call].Block;
  return llvm::any_of(A.forkSitesOf(F),
                      [&](const ChildRegion &R) { return R.inBranch(Block); });
}

/// Whether the call makes its descriptors close-on-exec, as far as the
/// model can read its flags; std::nullopt when it cannot.
std::optional<bool> madeCloexec(const CallSite &C, const DescriptorApi &Api) {
  if (Api.FlagSlot == NoSlot)
    return false;
  const ArgInfo *Flags = C.arg(Api.FlagSlot);
  if (!Flags || !Flags->SpelledOut)
    return std::nullopt;
  return Flags->Constant != InvalidIndex;
}

/// Whether F also tries to make such descriptors close-on-exec at once (the
/// same call with the flag, or with flags it cannot read, or the
/// close-on-exec variant): the racy call is its fallback for systems that
/// lack them.
bool triesAtomicFirst(const Analysis &A, FunctionId F, llvm::StringRef MadeBy,
                      const DescriptorApi &Api) {
  for (const CallSite &C : A.function(F).Calls) {
    if (C.Callee == InvalidIndex || !A.function(C.Callee).IsCLibrary)
      continue;
    llvm::StringRef Name = A.function(C.Callee).LookupName;
    if (Name != MadeBy && Name != Api.Variant)
      continue;
    if (std::optional<DescriptorApi> Same = descriptorApi(Name);
        Same && madeCloexec(C, *Same).value_or(true))
      return true;
    if (auto Atomic = atomicCloexec(Name))
      if (const ArgInfo *Arg = C.arg(Atomic->first);
          Arg && Arg->Constant != InvalidIndex &&
          A.program().Names[Arg->Constant] == Atomic->second)
        return true;
  }
  return false;
}

std::string missingFlag(const DescriptorApi &Api) {
  if (Api.Fix == CloexecFix::AddModeLetter)
    return "the \"" + Api.Flag.str() + "\" mode";
  if (!Api.Flag.empty())
    return Api.Flag.str();
  return "close-on-exec";
}

/// How the call that makes the descriptor makes it close-on-exec at once.
std::string remedy(const Analysis &A, const CallSite &Make,
                   const DescriptorApi &Api) {
  std::string Callee = "'" + A.calleeName(Make) + "'";
  if (Api.Variant.empty())
    return "with " + missingFlag(Api) + " in the " + Callee + " call";
  // The flag among what the fix-it adds: "O_CREAT | ... | O_CLOEXEC",
  // "F_DUPFD_CLOEXEC, 0".
  auto [Before, Last] = Api.Added.split(',').first.rsplit('|');
  llvm::StringRef Flag = (Last.empty() ? Before : Last).trim();
  return "with '" + Api.Variant.str() + "' and " + Flag.str() +
         " in place of " + Callee;
}

Finding raceFinding(const Analysis &A, CallRef Make, const DescriptorApi &Api,
                    llvm::ArrayRef<CallRef> Chain, const ContextReason &Why,
                    const std::optional<ProgramStart> &Start) {
  const Function &Fn = A.function(Make.Function);
  const CallSite &C = A.call(Make);
  Finding F{
      CheckId::CloexecRace,
      C.Pos,
      "'" + A.calleeName(C) + "' makes " +
          (Api.ResultSlot == ResultSlot ? "a descriptor" : "descriptors") +
          " without " + missingFlag(Api) +
          " and sets close-on-exec only later: a program that another "
          "thread forks and execs in between inherits " +
          (Api.ResultSlot == ResultSlot ? "it" : "them"),
      {},
      {}};
  Evidence E(A, F);
  E.context(Make.Function, Why, C.Pos);
  const CallSite &Mark = A.call(Chain.back());
  for (CallRef Hop : Chain.drop_back())
    E.note(A.call(Hop).Pos, "'" + A.calleeName(A.call(Hop)) +
                                "' sets close-on-exec through here");
  E.note(Mark.Pos, "close-on-exec is set only here; " + remedy(A, C, Api) +
                       " this '" + A.calleeName(Mark) + "' becomes redundant");
  if (Start)
    E.note(Start->Pos, "'" + Start->Callee +
                           "' runs a new program here, "
                           "with every descriptor not close-on-exec");
  if (const TextEdit *Rewrite = Fn.rewriteOf(C))
    F.Fixes = {*Rewrite};
  return F;
}

} // namespace

void checkCloexecRace(const Analysis &A, std::vector<Finding> &Out) {
  std::optional<ProgramStart> Start = firstProgramStart(A);
  // A library assumed to run among threads is assumed to run in a program
  // that forks and execs too.
  if (!Start && A.options().Threads != ThreadAssumption::Assume &&
      !A.judgedAsLibrary())
    return;
  for (FunctionId F = 0; F != A.program().Functions.size(); ++F) {
    const Function &Fn = A.function(F);
    if (!Fn.HasBody)
      continue;
    for (uint32_t I = 0; I != Fn.Calls.size(); ++I) {
      const CallSite &C = Fn.Calls[I];
      if (C.Callee == InvalidIndex || !A.function(C.Callee).IsCLibrary ||
          A.places(F)[I].Block == InvalidIndex)
        continue;
      std::optional<DescriptorApi> Api =
          descriptorApi(A.function(C.Callee).LookupName);
      if (!Api || madeCloexec(C, *Api).value_or(true))
        continue;
      const ArgInfo *Made = C.arg(Api->ResultSlot);
      if (!Made || !Made->Handle.isKnown())
        continue;
      std::vector<CallRef> Chain = markAfter(A, F, I, Made->Handle);
      if (Chain.empty() || inChild(A, F, I) ||
          triesAtomicFirst(A, F, A.function(C.Callee).LookupName, *Api))
        continue;
      ContextReason Why = A.contextAt(F, I);
      if (Why.isMultithreaded())
        Out.push_back(raceFinding(A, {F, I}, *Api, Chain, Why, Start));
    }
  }
}

} // namespace forksafe
