//===- Evidence.cpp - Notes and fix-its the checks share ------------------===//

#include "Evidence.h"
#include "llvm/ADT/STLExtras.h"

namespace forksafe {

namespace {

std::string quoted(llvm::StringRef Name) { return ("'" + Name + "'").str(); }

/// "'g_thread_pool_new' leaves pool threads running" when call C is a
/// library's thread source, else "".
std::string libraryThreads(const Analysis &A, const CallSite &C) {
  const FunctionFacts *G = A.calleeFacts(C);
  if (!G || !G->ThreadSource || !leavesLibraryThreads(C, *G))
    return "";
  std::optional<ThreadSourceApi> Source =
      A.knowledge().threadSource(A.function(C.Callee).LookupName);
  return quoted(A.calleeName(C)) + " leaves " +
         (Source ? Source->What : "threads").str() + " running";
}

} // namespace

std::string forkName(const Analysis &A, const ChildRegion &R) {
  return R.hasSiteCall() ? A.calleeName(A.call(R.Site))
                         : A.function(R.Site.Function).Name.str();
}

SourcePos childStartPos(const Analysis &A, const ChildRegion &R) {
  return R.hasSiteCall() ? A.call(R.Site).Pos : A.function(R.Site.Function).Pos;
}

void forEachForkChild(const Analysis &A,
                      llvm::function_ref<void(const ChildRegion &)> Visit) {
  for (const ChildRegion &R : A.forkSites())
    if (R.Kind != ProcessRole::Vfork)
      Visit(R);
}

bool isExecLike(const Analysis &A, const CallSite &C) {
  const FunctionFacts *G = A.calleeFacts(C);
  return G && G->EndsChild == ChildEnd::Exec;
}

const CallSite *firstChildExec(const Analysis &A, const ChildRegion &R) {
  const Function &Fn = A.function(R.Site.Function);
  const CallSite *Exec = nullptr;
  walkChildPaths(
      Fn, R, R.SitePlace,
      [&](uint32_t, uint32_t, const Event &E) {
        if (Exec || E.K != Event::Call)
          return false;
        const CallSite &C = Fn.Calls[E.Index];
        if (isExecLike(A, C)) {
          Exec = &C;
          return false;
        }
        return !A.neverReturns(C);
      },
      [](SourcePos, EscapeKind, uint32_t) {});
  return Exec;
}

bool isExitCall(const Analysis &A, const CallSite &C) {
  const FunctionFacts *G = A.calleeFacts(C);
  return G && G->Role == ProcessRole::Exit;
}

bool isMainReturn(const Function &Fn, const Event &E) {
  return E.K == Event::Return && Fn.IsMain && !Fn.Returns[E.Index].Unwinds;
}

Safety callSafety(const Analysis &A, const CallSite &C, ForkFlavor Flavor) {
  if (C.Kind == CallKind::Throw)
    return Safety::Unsafe;
  return C.Callee == InvalidIndex ? Safety::Unknown
                                  : A.safety(C.Callee, Flavor).Level;
}

void Evidence::note(SourcePos Pos, std::string Message) {
  if (!Pos.isValid() || Message.empty())
    return;
  bool Taken = false;
  for (const Note &N : F.Notes)
    Taken |= N.Pos.File == Pos.File && N.Pos.Offset == Pos.Offset;
  if (!Taken)
    F.Notes.push_back({Pos, std::move(Message)});
}

void Evidence::forkSite(const ChildRegion &R) {
  std::string Name = quoted(forkName(A, R));
  if (!R.hasSiteCall())
    return note(childStartPos(A, R),
                Name + " runs in a child that its host forked (ChildEntries)");
  const CallSite &Site = A.call(R.Site);
  if (A.facts(Site.Callee).ForkWrapper != ProcessRole::None)
    note(Site.Pos, Name + " forks here and returns in the child");
  else
    note(Site.Pos, "the child of " + Name + " starts here");
}

void Evidence::runningThread(FunctionId Fn, const RunningThread &T) {
  const CallSite &Origin = A.call(T.Origin);
  std::string Library = libraryThreads(A, Origin);
  if (T.Origin.Function == Fn && T.Origin.Call == T.Via) {
    note(Origin.Pos, Library.empty()
                         ? "a thread started here may still be running"
                         : Library);
    return;
  }
  const CallSite &Via = A.function(Fn).Calls[T.Via];
  note(Via.Pos, quoted(A.calleeName(Via)) +
                    " may return with a thread still running");
  note(Origin.Pos, Library.empty() ? "that thread is started here" : Library);
}

void Evidence::threadBeforeMain(const RunningThread &T) {
  FunctionId Init = A.threadsBeforeMain();
  const CallSite &Via = A.function(Init).Calls[T.Via];
  const CallSite &Origin = A.call(T.Origin);
  std::string Library = libraryThreads(A, Origin);
  if (T.Origin.Function == Init && T.Origin.Call == T.Via) {
    note(Via.Pos, Library.empty()
                      ? "a thread started here, before 'main', may still be "
                        "running"
                      : Library + ", from before 'main'");
    return;
  }
  note(Via.Pos, quoted(A.calleeName(Via)) +
                    " runs here before 'main' and may return with a thread "
                    "still running");
  note(Origin.Pos, Library.empty() ? "that thread is started here" : Library);
}

/// The calls that reached Fn, nearest first, at most MaxChainNotes of them.
template <typename ViaFn>
static std::vector<CallRef> nearestHops(FunctionId Fn, ViaFn Via,
                                        CallRef StopAt) {
  std::vector<CallRef> Hops;
  FunctionId Cur = Fn;
  while (Hops.size() != MaxChainNotes) {
    CallRef Hop = Via(Cur);
    if (!Hop.isValid() || Hop == StopAt)
      break;
    Hops.push_back(Hop);
    Cur = Hop.Function;
  }
  std::reverse(Hops.begin(), Hops.end());
  return Hops;
}

void Evidence::threadChain(FunctionId Fn) {
  CallRef Start = A.threadStartOfChain(Fn);
  note(A.call(Start).Pos, "a thread started here runs " +
                              quoted(A.function(A.routineOf(Start)).Name));
  hopNotes(
      nearestHops(Fn, [&](FunctionId F) { return A.threadReach(F); }, Start),
      "in that thread, ", "");
}

void Evidence::contextChain(FunctionId Fn) {
  CallRef Seed = A.contextSeed(Fn);
  runningThread(Seed.Function, A.facts(Seed.Function).runningBefore(Seed.Call));
  std::vector<CallRef> Hops =
      nearestHops(Fn, [&](FunctionId F) { return A.contextReach(F); }, Seed);
  Hops.insert(Hops.begin(), Seed);
  hopNotes(Hops, "", ", while a thread may be running");
}

void Evidence::context(FunctionId Fn, const ContextReason &Why,
                       SourcePos Where) {
  switch (Why.Rule) {
  case ContextRule::None:
    return;
  case ContextRule::InThread:
    return threadChain(Fn);
  case ContextRule::RunningThread:
    return runningThread(Fn, Why.Thread);
  case ContextRule::CalledInContext:
    return contextChain(Fn);
  case ContextRule::HostThreads:
    return note(Where, "the project says the host that runs " +
                           quoted(A.function(Fn).Name) +
                           " in a forked child has other threads "
                           "(ChildEntries)");
  case ContextRule::BeforeMain:
    return threadBeforeMain(Why.Thread);
  case ContextRule::Assumed:
    return note(Where, "other threads are assumed to run everywhere "
                       "(threads=assume)");
  case ContextRule::LibraryCaller:
    return note(Where,
                A.options().WholeProgram
                    ? "this program has no 'main': it is a library, whose "
                      "callers may have threads running (threads=program "
                      "judges it as a program)"
                    : "this code is built as a shared library (-fPIC "
                      "without -fPIE): its callers may have threads running "
                      "(threads=program judges it as a program)");
  }
}

void Evidence::escape(const ChildRegion &R) {
  switch (R.Escape) {
  case EscapeKind::LeavesBranch:
    return note(R.EscapePos, "the child goes on here, in code the parent "
                             "also runs");
  case EscapeKind::JoinsUnforked:
    return note(R.EscapePos, "the child goes on here, in code that also "
                             "runs when the process does not fork");
  case EscapeKind::Returns:
    return note(R.EscapePos, "the child returns from here");
  case EscapeKind::None:
  case EscapeKind::Untested:
  case EscapeKind::Daemon:
  case EscapeKind::ForksAgain:
    return;
  }
}

std::string escapeClause(const Analysis &A, const ChildRegion &R) {
  switch (R.Escape) {
  case EscapeKind::Untested:
    return "its result is never tested, so the child runs all that follows";
  case EscapeKind::Daemon:
    return "the daemon process goes on with this thread alone";
  case EscapeKind::LeavesBranch:
    return "its child goes on into code the parent also runs";
  case EscapeKind::JoinsUnforked:
    return "its child goes on into code that also runs without a fork";
  case EscapeKind::Returns:
    return "its child returns from " +
           quoted(A.function(R.Site.Function).Name);
  case EscapeKind::ForksAgain:
    return "its child loops back to the fork";
  case EscapeKind::None:
    break;
  }
  return "";
}

Finding escapingForkFinding(const Analysis &A, const ChildRegion &R,
                            CheckId Check, const ContextReason &Why) {
  const CallSite &Site = A.call(R.Site);
  std::string Where = Why.Rule == ContextRule::InThread
                          ? "from a thread other than the main thread"
                          : "while other threads may be running";
  Finding F{Check, Site.Pos,
            quoted(forkName(A, R)) + " is called " + Where + ", and " +
                escapeClause(A, R),
            {}, {}};
  Evidence E(A, F);
  E.context(R.Site.Function, Why, Site.Pos);
  E.escape(R);
  E.note(Site.Pos, Why.Rule == ContextRule::InThread
                       ? "fork from the main thread before any thread "
                         "starts, or use posix_spawn"
                       : "fork before starting threads, or use posix_spawn");
  return F;
}

CallRef Evidence::unsafeChain(CallRef C, ForkFlavor Flavor) {
  // The first calls of the chain, in the user's code; then its end.
  std::vector<CallRef> Hops{C};
  for (unsigned Guard = 0; Guard != A.program().Functions.size(); ++Guard) {
    const CallSite &S = A.call(Hops.back());
    if (S.Kind == CallKind::Throw || S.Callee == InvalidIndex)
      break;
    uint32_t Witness = A.safety(S.Callee, Flavor).Witness;
    if (Witness == InvalidIndex)
      break;
    Hops.push_back({S.Callee, Witness});
  }
  hopNotes(Hops, "", "", /*SayFirst=*/false);
  return A.culpritCall(C, Flavor);
}

void Evidence::otherCulprits(CallRef C, CallRef Culprit, ForkFlavor Flavor) {
  const CallSite &S = A.call(C);
  const CallSite &End = A.call(Culprit);
  if (S.Kind == CallKind::Throw || S.Callee == InvalidIndex)
    return;
  const Function &Callee = A.function(S.Callee);
  std::string Names;
  unsigned Count = 0;
  for (FunctionId Other : A.reachedUnsafe(S.Callee, Flavor)) {
    if (Count == MaxOtherCulprits)
      break;
    if (End.Kind != CallKind::Throw && Other == End.Callee)
      continue;
    Names += (Count++ ? ", " : "") + quoted(A.functionName(Other));
  }
  if (Count && !Callee.Pos.FromSystemHeader)
    note(Callee.Pos, quoted(Callee.Name) + " also reaches " + Names);
}

void Evidence::exitChain(CallRef C) {
  // Witnesses point to functions that found theirs first: the chain ends.
  std::vector<CallRef> Hops{C};
  for (size_t Guard = 0; Guard != A.program().Functions.size(); ++Guard) {
    const FunctionFacts &G = A.facts(A.call(Hops.back()).Callee);
    if (G.ExitWitness == InvalidIndex)
      break;
    Hops.push_back({A.call(Hops.back()).Callee, G.ExitWitness});
  }
  hopNotes(Hops, "", "", /*SayFirst=*/false);
}

void Evidence::hopNotes(llvm::ArrayRef<CallRef> Hops, llvm::StringRef Prefix,
                        llvm::StringRef Suffix, bool SayFirst) {
  auto Dispatches = [&](FunctionId F) {
    return F != InvalidIndex && A.function(F).Dispatches;
  };
  unsigned Said = 0;
  for (size_t I = 0; I != Hops.size() && Said != MaxChainNotes; ++I) {
    const CallSite &C = A.call(Hops[I]);
    if (Dispatches(Hops[I].Function) || C.Pos.FromSystemHeader)
      continue;
    std::string Text;
    if (Dispatches(C.Callee)) {
      // What the value turned out to be: the callee of the last
      // dispatcher's call on the chain, if the chain goes that far.
      size_t Last = I + 1;
      while (Last + 1 < Hops.size() && Dispatches(A.call(Hops[Last]).Callee))
        ++Last;
      Text = "called through " + quoted(A.calleeName(C)) + " here";
      if (Last < Hops.size() && Dispatches(Hops[Last].Function))
        Text += ", which may be " + quoted(A.calleeName(A.call(Hops[Last])));
    } else if (I != 0 || SayFirst) {
      Text = quoted(A.function(Hops[I].Function).Name) + " calls " +
             quoted(A.calleeName(C)) + " here";
    } else {
      continue;
    }
    note(C.Pos, (Prefix + Text + Suffix).str());
    ++Said;
  }
}

std::vector<TextEdit> editBesideStatement(const Function &Fn,
                                          uint32_t Statement,
                                          llvm::StringRef Text, Side Where) {
  if (Statement == InvalidIndex)
    return {};
  const StatementSpan &S = Fn.detail().Statements[Statement];
  bool Before = Where == Side::Before;
  // An unbraced body gets braces around the statement and the new one.
  if (S.IsUnbracedBody)
    return {{S.File, S.Begin, 0, Before ? ("{ " + Text + " ").str() : "{ "},
            {S.File, S.End, 0, Before ? " }" : (" " + Text + " }").str()}};
  std::string LineBreak = S.StartsLine ? "\n" + S.Indent : " ";
  if (Before)
    return {{S.File, S.Begin, 0, Text.str() + LineBreak}};
  return {{S.File, S.AppendAt, 0, LineBreak + Text.str()}};
}

} // namespace forksafe
