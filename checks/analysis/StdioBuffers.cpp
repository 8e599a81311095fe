//===- StdioBuffers.cpp - What the FILE buffers hold at a call ------------===//

#include "StdioBuffers.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <deque>

namespace forksafe {

namespace {

/// Standard output when no declaration of `stdout` made it a name.
constexpr uint32_t UnnamedStandardOutput = InvalidIndex - 1;

/// Whether a caller can name the stream: locals and parameters are the
/// function's own.
bool outlivesCall(StreamRef S) {
  return S.K == HandleKey::Global || S.K == HandleKey::Field;
}

} // namespace

uint8_t StreamState::bitsOf(StreamRef S) const {
  const StreamBits *Found = find(S);
  return Found ? Found->Bits : Others;
}

const StreamBits *StreamState::find(StreamRef S) const {
  for (const StreamBits &B : Listed)
    if (B.Stream == S)
      return &B;
  return nullptr;
}

void StreamState::set(StreamRef S, uint8_t Bits, CallRef Writer) {
  for (StreamBits &B : Listed)
    if (B.Stream == S) {
      B.Bits = Bits;
      B.Writer = Writer;
      return;
    }
  Listed.push_back({S, Bits, Writer});
}

void StreamState::setAll(uint8_t Bits) {
  Others = Bits;
  Listed.clear();
}

bool StreamState::join(const StreamState &O) {
  if (!O.Reached)
    return false;
  if (!Reached) {
    *this = O;
    return true;
  }
  bool Changed = false;
  // A stream listed on one side only is as the other side's others.
  for (StreamBits &Mine : Listed)
    if (!O.find(Mine.Stream)) {
      Changed |= (Mine.Bits | O.Others) != Mine.Bits;
      Mine.Bits |= O.Others;
    }
  for (const StreamBits &Theirs : O.Listed) {
    auto Mine = llvm::find_if(
        Listed, [&](const StreamBits &B) { return B.Stream == Theirs.Stream; });
    if (Mine == Listed.end()) {
      Listed.push_back({Theirs.Stream, uint8_t(Others | Theirs.Bits),
                        Theirs.Writer});
      Changed = true;
      continue;
    }
    if (!(Mine->Bits & Dirty) && (Theirs.Bits & Dirty))
      Mine->Writer = Theirs.Writer;
    Changed |= (Mine->Bits | Theirs.Bits) != Mine->Bits;
    Mine->Bits |= Theirs.Bits;
  }
  Changed |= (Others | O.Others) != Others;
  Others |= O.Others;
  return Changed;
}

StdioBuffers::StdioBuffers(const Analysis &A) : A(A) {
  const Program &P = A.program();
  StandardOutput = {HandleKey::Global, UnnamedStandardOutput};
  for (uint32_t I = 0; I != P.Names.size(); ++I)
    if (P.Names[I] == "stdout")
      StandardOutput.Id = I;
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    if (P.Functions[F].IsCLibrary)
      if (std::optional<StdioApi> Api = stdioApi(P.Functions[F].LookupName))
        Apis[F] = *Api;
  if (Apis.empty())
    return;
  // What a child does is not what its parent leaves in the buffers.
  for (const ChildRegion &R : A.forkSites())
    if (R.Kind == ProcessRole::Fork && R.hasSiteCall() && !R.Wrapped) {
      std::vector<char> &Skip = ChildBlocks[R.Site.Function];
      Skip.resize(R.InBranch.size());
      for (uint32_t B = 0; B != R.InBranch.size(); ++B)
        Skip[B] |= R.InBranch[B];
    }
  // A stream made unbuffered anywhere is taken to be unbuffered all along:
  // programs do it once, first thing in main.
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    for (const CallSite &C : P.Functions[F].Calls)
      if (std::optional<StreamEffect> E = effectOf(C);
          E && E->Effect == StdioEffect::Unbuffer && !E->Every &&
          outlivesCall(E->Stream) && !llvm::is_contained(Unbuffered, E->Stream))
        Unbuffered.push_back(E->Stream);
  summarise();
  propagateEntries();
}

bool StdioBuffers::isUnbuffered(StreamRef S) const {
  const Program &P = A.program();
  return llvm::is_contained(Unbuffered, S) ||
         (S.K == HandleKey::Global && S.Id < P.Names.size() &&
          isUnbufferedStream(P.Names[S.Id]));
}

std::optional<StreamEffect> StdioBuffers::effectOf(const CallSite &C) const {
  if (C.Callee == InvalidIndex)
    return std::nullopt;
  auto It = Apis.find(C.Callee);
  if (It == Apis.end())
    return std::nullopt;
  const StdioApi &Api = It->second;
  StreamEffect E{Api.Effect, false, {}};
  if (Api.StreamArg == StdioApi::EveryStream) {
    E.Every = true;
  } else if (Api.StreamArg == StdioApi::StandardOutput) {
    E.Stream = StandardOutput;
  } else {
    const ArgInfo *Arg = C.arg(Api.StreamArg);
    if (Arg && Arg->Handle.isKnown() && !Arg->IsNull) {
      E.Stream = {Arg->Handle.K, Arg->Handle.Id};
    } else if (Api.Effect == StdioEffect::Write) {
      // Output to a stream the model cannot name is not followed.
      return std::nullopt;
    } else {
      // fflush(NULL), and the benefit of the doubt for a flush or a close
      // of a stream the model cannot name.
      E.Every = true;
    }
  }
  if (Api.Effect == StdioEffect::Write && isUnbuffered(E.Stream))
    return std::nullopt;
  return E;
}

const StreamState *StdioBuffers::summary(FunctionId F) const {
  auto It = Summaries.find(F);
  return It == Summaries.end() ? nullptr : &It->second;
}

void StdioBuffers::apply(FunctionId F, uint32_t Call, StreamState &S) const {
  const CallSite &C = A.function(F).Calls[Call];
  if (std::optional<StreamEffect> E = effectOf(C)) {
    uint8_t Bits = E->Effect == StdioEffect::Write ? Dirty
                   : E->Effect == StdioEffect::Flush ||
                           E->Effect == StdioEffect::Close
                       ? Flushed
                       : Settled;
    if (E->Every)
      S.setAll(Bits);
    else
      S.set(E->Stream, Bits, {F, Call});
    return;
  }
  if (A.neverReturns(C)) {
    S.Reached = false;
    return;
  }
  const StreamState *Callee =
      C.Callee == InvalidIndex ? nullptr : summary(C.Callee);
  if (!Callee)
    return;
  // What the callee leaves, over what was there where it leaves it as it
  // found it.
  auto Compose = [&](uint8_t Before, uint8_t After) -> uint8_t {
    return (After & AsBefore ? Before : 0) | (After & ~AsBefore);
  };
  for (StreamBits &Mine : S.Listed) {
    uint8_t After = Callee->bitsOf(Mine.Stream);
    Mine.Bits = Compose(Mine.Bits, After);
    if (After & Dirty)
      Mine.Writer = {F, Call};
  }
  for (const StreamBits &Theirs : Callee->Listed)
    if (!S.find(Theirs.Stream))
      S.Listed.push_back({Theirs.Stream, Compose(S.Others, Theirs.Bits),
                          Theirs.Bits & Dirty ? CallRef{F, Call} : CallRef{}});
  S.Others = Compose(S.Others, Callee->Others);
}

llvm::SmallVector<UnflushedOutput, 2>
StdioBuffers::unflushedIn(FunctionId F, const StreamState &S) const {
  llvm::SmallVector<UnflushedOutput, 2> Out;
  for (const StreamBits &B : S.Listed)
    if (B.Bits & Dirty)
      Out.push_back({B.Stream, B.Writer});
  auto Entry = AtEntry.find(F);
  if (Entry == AtEntry.end())
    return Out;
  for (const UnflushedOutput &Before : Entry->second)
    if (S.bitsOf(Before.Stream) & AsBefore &&
        llvm::none_of(Out, [&](const UnflushedOutput &U) {
          return U.Stream == Before.Stream;
        }))
      Out.push_back(Before);
  return Out;
}

llvm::SmallVector<UnflushedOutput, 2>
StdioBuffers::unflushedBefore(FunctionId F, uint32_t Call) const {
  llvm::SmallVector<UnflushedOutput, 2> Out;
  walk(F, [&](const Event &E, const StreamState &Before) {
    if (E.K == Event::Call && E.Index == Call)
      Out = unflushedIn(F, Before);
  });
  return Out;
}

std::string StdioBuffers::streamName(FunctionId Where, StreamRef S) const {
  const Program &P = A.program();
  if (S == StandardOutput)
    return "stdout";
  switch (S.K) {
  case HandleKey::Global:
  case HandleKey::Field:
    return S.Id < P.Names.size() ? P.Names[S.Id] : "a stream";
  case HandleKey::Local:
    if (S.Id < A.function(Where).Locals.size())
      return A.function(Where).Locals[S.Id].Name;
    return "a stream";
  default:
    return "a stream";
  }
}

void StdioBuffers::walk(FunctionId F, StateVisitor Visit) const {
  const Function &Fn = A.function(F);
  if (Fn.Entry == InvalidIndex || Fn.Blocks.empty())
    return;
  std::vector<StreamState> AtBlock(Fn.Blocks.size());
  AtBlock[Fn.Entry].Reached = true;
  std::deque<uint32_t> Work{Fn.Entry};
  std::vector<char> Queued(Fn.Blocks.size());
  Queued[Fn.Entry] = true;
  auto Children = ChildBlocks.find(F);
  auto InChild = [&](uint32_t B) {
    return Children != ChildBlocks.end() && Children->second[B];
  };
  auto Through = [&](uint32_t B, bool Report) {
    StreamState S = AtBlock[B];
    for (const Event &E : Fn.events(B)) {
      if (!S.Reached)
        break;
      if (Report)
        Visit(E, S);
      if (E.K == Event::Call)
        apply(F, E.Index, S);
    }
    return S;
  };
  while (!Work.empty()) {
    uint32_t B = Work.front();
    Work.pop_front();
    Queued[B] = false;
    StreamState Out = Through(B, false);
    for (const Edge &E : Fn.succs(B))
      if (!InChild(E.Target) && AtBlock[E.Target].join(Out) &&
          !Queued[E.Target]) {
        Queued[E.Target] = true;
        Work.push_back(E.Target);
      }
  }
  for (uint32_t B = 0; B != Fn.Blocks.size(); ++B)
    if (AtBlock[B].Reached)
      Through(B, true);
}

bool StdioBuffers::touchesBuffers(FunctionId F) const {
  for (const CallSite &C : A.function(F).Calls)
    if (C.Callee != InvalidIndex &&
        (Apis.count(C.Callee) || Summaries.count(C.Callee)))
      return true;
  return false;
}

void StdioBuffers::summarise() {
  const Program &P = A.program();
  const CallGraph Callers = callerLists(A.callees());
  std::deque<FunctionId> Work;
  llvm::DenseSet<FunctionId> Queued;
  for (const auto &[Api, Unused] : Apis)
    for (FunctionId Caller : Callers[Api])
      if (P.Functions[Caller].HasBody && Queued.insert(Caller).second)
        Work.push_back(Caller);
  while (!Work.empty()) {
    FunctionId F = Work.front();
    Work.pop_front();
    Queued.erase(F);
    StreamState AtReturn;
    walk(F, [&](const Event &E, const StreamState &Before) {
      if (E.K == Event::Return && !A.function(F).Returns[E.Index].Unwinds)
        AtReturn.join(Before);
    });
    // What the callers cannot name is not their concern.
    llvm::erase_if(AtReturn.Listed, [](const StreamBits &B) {
      return !outlivesCall(B.Stream);
    });
    bool Trivial = AtReturn.Others == AsBefore &&
                   llvm::all_of(AtReturn.Listed, [](const StreamBits &B) {
                     return B.Bits == AsBefore;
                   });
    if (!AtReturn.Reached || Trivial)
      continue;
    auto [Known, IsNew] = Summaries.try_emplace(F, AtReturn);
    if (!IsNew && !Known->second.join(AtReturn))
      continue;
    for (FunctionId Caller : Callers[F])
      if (P.Functions[Caller].HasBody && Queued.insert(Caller).second)
        Work.push_back(Caller);
  }
}

void StdioBuffers::propagateEntries() {
  const Program &P = A.program();
  std::deque<FunctionId> Work;
  llvm::DenseSet<FunctionId> Queued;
  auto Enqueue = [&](FunctionId F) {
    if (Queued.insert(F).second)
      Work.push_back(F);
  };
  for (FunctionId F = 0; F != P.Functions.size(); ++F)
    if (P.Functions[F].HasBody && touchesBuffers(F))
      Enqueue(F);
  auto Pass = [&](FunctionId Callee, const UnflushedOutput &Out) {
    if (Callee == InvalidIndex || !P.Functions[Callee].HasBody ||
        P.Functions[Callee].IsCLibrary)
      return;
    auto &Entry = AtEntry[Callee];
    if (llvm::any_of(Entry, [&](const UnflushedOutput &U) {
          return U.Stream == Out.Stream;
        }))
      return;
    Entry.push_back(Out);
    Enqueue(Callee);
  };
  while (!Work.empty()) {
    FunctionId F = Work.front();
    Work.pop_front();
    Queued.erase(F);
    const Function &Fn = P.Functions[F];
    if (!touchesBuffers(F)) {
      // Every call sees what the function was called with.
      llvm::SmallVector<UnflushedOutput, 1> Entry = AtEntry.lookup(F);
      for (const CallSite &C : Fn.Calls)
        for (const UnflushedOutput &Out : Entry)
          Pass(C.Callee, Out);
      continue;
    }
    llvm::SmallVector<std::pair<FunctionId, UnflushedOutput>, 4> Passed;
    walk(F, [&](const Event &E, const StreamState &Before) {
      if (E.K != Event::Call)
        return;
      FunctionId Callee = Fn.Calls[E.Index].Callee;
      for (const UnflushedOutput &Out : unflushedIn(F, Before))
        if (outlivesCall(Out.Stream))
          Passed.push_back({Callee, Out});
    });
    for (const auto &[Callee, Out] : Passed)
      Pass(Callee, Out);
  }
}

} // namespace forksafe
