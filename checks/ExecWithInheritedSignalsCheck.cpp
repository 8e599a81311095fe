//===- ExecWithInheritedSignalsCheck.cpp - Ignored signals across exec ----===//
//
// docs/semantics.md, "Signals across exec": at the first exec of a child
// whose parent may have, at the fork, a signal of SignalApis.def ignored or
// signals blocked, when the child restores neither before it execs. exec
// keeps both: the new program ignores SIGTERM, or gets EPIPE where it
// should die. The signal state is a StateFlow: ignoring or blocking makes
// a key dirty, a handler, the default or an unblocking settles it.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Evidence.h"
#include "analysis/StateFlow.h"

namespace forksafe {

namespace {

/// The key of the signal mask, apart from the signals' names.
constexpr StateKey SignalMask{HandleKey::Global, InvalidIndex - 2};

class SignalState {
public:
  explicit SignalState(const Analysis &A) : A(A) {
    std::vector<FunctionId> Seeds;
    const Program &P = A.program();
    for (FunctionId F = 0; F != P.Functions.size(); ++F)
      if (P.Functions[F].IsCLibrary)
        if (std::optional<SignalApi> Api = signalApi(P.Functions[F].LookupName)) {
          Apis[F] = *Api;
          Seeds.push_back(F);
        }
    Flow.emplace(
        A, [this](const CallSite &C) { return effectOf(C); }, Seeds);
  }
  SignalState(const SignalState &) = delete;
  SignalState &operator=(const SignalState &) = delete;

  bool empty() const { return Apis.empty(); }
  const StateFlow &flow() const { return *Flow; }

  /// What call C does to a signal's disposition or to the mask: Dirty
  /// ignores or blocks, Settled restores (a handler is the default again
  /// after exec; what the model cannot read is given the benefit of the
  /// doubt).
  std::optional<KeyEffect> effectOf(const CallSite &C) const {
    auto It = C.Callee == InvalidIndex ? Apis.end() : Apis.find(C.Callee);
    if (It == Apis.end())
      return std::nullopt;
    const SignalApi &Api = It->second;
    const ArgInfo *Value = C.arg(Api.ValueSlot);
    const ArgInfo *Target = C.arg(Api.SignalSlot);
    if (Api.K == SignalApi::Mask) {
      if (Target && Target->IsNull)
        return std::nullopt;
      bool Blocks = constantOf(Value) == SignalConstant::Block;
      return KeyEffect{uint8_t(Blocks ? Dirty : Settled), false, SignalMask};
    }
    if (Value && Value->IsNull)
      return std::nullopt;
    if (!Target || Target->Constant == InvalidIndex)
      return std::nullopt;
    bool Ignores = constantOf(Value) == SignalConstant::Ignore;
    return KeyEffect{uint8_t(Ignores ? Dirty : Settled), false,
                     {HandleKey::Global, Target->Constant}};
  }

  std::string keyName(StateKey K) const {
    return K == SignalMask ? "the signal mask" : A.program().Names[K.Id];
  }

private:
  std::optional<SignalConstant> constantOf(const ArgInfo *Arg) const {
    if (!Arg || Arg->Constant == InvalidIndex)
      return std::nullopt;
    return signalConstant(A.program().Names[Arg->Constant]);
  }

  const Analysis &A;
  llvm::DenseMap<FunctionId, SignalApi> Apis;
  std::optional<StateFlow> Flow;
};

/// The signal state the child of R may inherit that a new program should
/// not: a reported signal ignored, or signals blocked.
llvm::SmallVector<DirtyKey, 2> inheritedState(const Analysis &A,
                                              const SignalState &Signals,
                                              const ChildRegion &R) {
  llvm::SmallVector<DirtyKey, 2> Keys =
      Signals.flow().dirtyBefore(R.Site.Function, R.Site.Call);
  llvm::erase_if(Keys, [&](const DirtyKey &K) {
    return !(K.Key == SignalMask) &&
           ignoredSignalConsequence(Signals.keyName(K.Key)).empty();
  });
  return Keys;
}

/// Whether the child restores key K anywhere before it ends, itself or
/// in a function it calls; for the call of a fork wrapper, in the wrapper
/// too (nnn's xfork restores the defaults in its child).
bool childRestores(const Analysis &A, const SignalState &Signals,
                   const ChildRegion &R, StateKey K) {
  const Function &Fn = A.function(R.Site.Function);
  FunctionId Site = Fn.Calls[R.Site.Call].Callee;
  if (const KeyState *Wrapper =
          Site == InvalidIndex ? nullptr : Signals.flow().summary(Site);
      Wrapper && Wrapper->bitsOf(K) & Settled)
    return true;
  bool Restores = false;
  A.forEachChildEvent(R, [&](uint32_t, uint32_t, const Event &E) {
    if (E.K != Event::Call || Restores)
      return;
    const CallSite &C = Fn.Calls[E.Index];
    if (std::optional<KeyEffect> Effect = Signals.effectOf(C)) {
      Restores = Effect->Bits == Settled && (Effect->Every || Effect->Key == K);
      return;
    }
    if (const KeyState *Callee =
            C.Callee == InvalidIndex ? nullptr : Signals.flow().summary(C.Callee))
      Restores = Callee->bitsOf(K) & Settled;
  });
  return Restores;
}

std::string restoreAdvice(const SignalState &Signals, StateKey K) {
  if (K == SignalMask)
    return "restore the mask (sigprocmask(SIG_SETMASK, ...)) in the child "
           "before the exec";
  return "call 'signal(" + Signals.keyName(K) +
         ", SIG_DFL)' in the child before the exec";
}

Finding inheritedFinding(const Analysis &A, const SignalState &Signals,
                         const ChildRegion &R, const CallSite &Exec,
                         llvm::ArrayRef<DirtyKey> Keys) {
  const DirtyKey &First = Keys.front();
  std::string Name = Signals.keyName(First.Key);
  std::string Exec_ = "'" + A.calleeName(Exec) + "'";
  std::string Message =
      First.Key == SignalMask
          ? Exec_ + " runs the new program with the signals its parent "
                    "blocked still blocked: they stay pending instead of "
                    "reaching it; "
          : Exec_ + " runs the new program with " + Name +
                " ignored, as its parent left it: it " +
                ignoredSignalConsequence(Name).str() + "; ";
  Finding F{CheckId::ExecWithInheritedSignals, Exec.Pos,
            Message + restoreAdvice(Signals, First.Key), {}, {}};
  Evidence E(A, F);
  for (const DirtyKey &K : Keys) {
    const CallSite &Changer = A.call(K.Changer);
    bool Direct = Signals.effectOf(Changer).has_value();
    std::string What = K.Key == SignalMask
                           ? "signals are blocked"
                           : Signals.keyName(K.Key) + " is ignored";
    E.note(Changer.Pos, Direct ? What + " here"
                               : What + " in '" + A.calleeName(Changer) +
                                     "', called here");
  }
  E.forkSite(R);
  return F;
}

} // namespace

void checkExecWithInheritedSignals(const Analysis &A,
                                   std::vector<Finding> &Out) {
  std::optional<SignalState> Signals;
  forEachForkChild(A, [&](const ChildRegion &R) {
    if (R.Kind != ProcessRole::Fork || !R.hasSiteCall() || R.Wrapped)
      return;
    if (!Signals)
      Signals.emplace(A);
    if (Signals->empty())
      return;
    llvm::SmallVector<DirtyKey, 2> Keys = inheritedState(A, *Signals, R);
    llvm::erase_if(Keys, [&](const DirtyKey &K) {
      return childRestores(A, *Signals, R, K.Key);
    });
    if (Keys.empty())
      return;
    if (const CallSite *Exec = firstChildExec(A, R))
      Out.push_back(inheritedFinding(A, *Signals, R, *Exec, Keys));
  });
}

} // namespace forksafe
