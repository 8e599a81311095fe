//===- SpawnRewrite.cpp - A fork and its child as posix_spawn -------------===//
//
// The rewrite that prefer-posix-spawn offers: the statement that forks
// becomes a block that builds posix_spawn's file actions and attributes
// from what the child did (dup2, close, open, chdir, setsid, setpgid, the
// signal mask, default dispositions) and calls posix_spawn with its exec's
// arguments; the child's `if` goes. The pid variable stays, and a failed
// spawn sets it to -1 with errno set, as a failed fork did, so the error
// handling after it still runs. Any shape or call this file does not know
// gives no rewrite.
//
//===----------------------------------------------------------------------===//

#include "SourceEdits.h"
#include "knowledge/Knowledge.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace forksafe {

namespace {

const Expr *bare(const Expr *E) { return E->IgnoreParenImpCasts(); }

const VarDecl *varOf(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(bare(E));
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

const CallExpr *directCall(const Stmt *S, llvm::StringRef *Name) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  const auto *CE = E ? dyn_cast<CallExpr>(bare(E)) : nullptr;
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getDeclName().isIdentifier())
    return nullptr;
  *Name = Callee->getName();
  return CE;
}

class SpawnRewriter {
public:
  SpawnRewriter(ModelBuilder::Impl &B, SourceEdits &Edits, FileID FID)
      : B(B), Edits(Edits), FID(FID), Buffer(B.SM.getBufferData(FID)) {}

  std::vector<TextEdit> rewrite(const CallExpr *Fork, const Stmt *Holder,
                                const CompoundStmt *Block);

private:
  std::optional<std::string> text(const Expr *E) const {
    auto Range = Edits.expansionRange(E, FID);
    if (!Range)
      return std::nullopt;
    return Buffer.slice(Range->first, Range->second).str();
  }
  bool testsPid(const Expr *Cond, bool Zero) const;
  /// The `if` whose branch is the child's: after the fork, past checks of
  /// its failure, or their `else`.
  const IfStmt *childIf(const Stmt *Holder, const CompoundStmt *Block);
  /// The `pid = fork()` that If's condition tests for failure, if it does.
  const BinaryOperator *forkInFailureTest(const IfStmt *If,
                                          const CallExpr *Fork);
  bool translate(const Stmt *S);
  bool translateCall(const CallExpr *CE, llvm::StringRef Name);
  bool translateStep(const CallExpr *CE, SpawnStep Step);
  bool translateExec(const CallExpr *CE, const SpawnExec &Form);
  bool exitsOnly(const Stmt *S) const;
  std::string spawnBlock(llvm::StringRef Indent) const;
  std::optional<TextEdit> removal(const IfStmt *Child) const;
  std::vector<TextEdit> includes(uint32_t Before) const;
  TextEdit edit(uint32_t Begin, uint32_t End, std::string Text) const {
    return TextEdit{B.fileIndex(FID), Begin, End - Begin, std::move(Text)};
  }

  ModelBuilder::Impl &B;
  SourceEdits &Edits;
  FileID FID;
  llvm::StringRef Buffer;
  const VarDecl *Pid = nullptr;
  // What the child did, as posix_spawn's arguments.
  std::vector<std::string> Actions;
  std::vector<std::string> Flags;
  std::vector<std::string> AttributeCalls;
  std::vector<std::string> DefaultSignals;
  /// An open whose descriptor the child has not moved into place yet:
  /// path, flags, mode.
  llvm::DenseMap<const VarDecl *, std::array<std::string, 3>> Opened;
  std::string SpawnCall;
  bool Exec = false;
  bool ChildIsElse = false;
  /// The fork's assignment, where an `if` tests it for failure.
  const BinaryOperator *InTest = nullptr;
};

bool SpawnRewriter::testsPid(const Expr *Cond, bool Zero) const {
  Cond = bare(Cond);
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond))
    return Zero && Not->getOpcode() == UO_LNot &&
           varOf(Not->getSubExpr()) == Pid;
  const auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (!BO)
    return false;
  const Expr *Other = varOf(BO->getLHS()) == Pid   ? BO->getRHS()
                      : varOf(BO->getRHS()) == Pid ? BO->getLHS()
                                                   : nullptr;
  Expr::EvalResult Value;
  if (!Other || Other->isValueDependent() ||
      !Other->EvaluateAsInt(Value, B.Ctx))
    return false;
  int64_t N = Value.Val.getInt().getExtValue();
  if (Zero)
    return BO->getOpcode() == BO_EQ && N == 0;
  return (BO->getOpcode() == BO_EQ && N == -1) ||
         (BO->getOpcode() == BO_LT && varOf(BO->getLHS()) == Pid && N == 0);
}

const IfStmt *SpawnRewriter::childIf(const Stmt *Holder,
                                     const CompoundStmt *Block) {
  // After the fork, only checks for its failure, then the child's `if`.
  const Stmt *const *It = llvm::find(Block->body(), Holder);
  for (++It; It != Block->body_end(); ++It) {
    const auto *If = dyn_cast<IfStmt>(*It);
    if (!If || If->getInit() || If->getConditionVariable())
      return nullptr;
    if (testsPid(If->getCond(), /*Zero=*/true))
      return If;
    if (!testsPid(If->getCond(), /*Zero=*/false))
      return nullptr;
    if (const auto *Else = dyn_cast_or_null<IfStmt>(If->getElse());
        Else && testsPid(Else->getCond(), /*Zero=*/true)) {
      ChildIsElse = true;
      return Else;
    }
  }
  return nullptr;
}

bool SpawnRewriter::exitsOnly(const Stmt *S) const {
  if (const auto *Body = dyn_cast<CompoundStmt>(S))
    return llvm::all_of(Body->body(),
                        [&](const Stmt *Inner) { return exitsOnly(Inner); });
  llvm::StringRef Name;
  return directCall(S, &Name) && isSpawnFailure(Name);
}

bool SpawnRewriter::translateExec(const CallExpr *CE, const SpawnExec &Form) {
  unsigned NumArgs = CE->getNumArgs();
  if (NumArgs < 2 || (Form.TakesEnv && NumArgs < 3))
    return false;
  std::optional<std::string> Path = text(CE->getArg(0));
  std::optional<std::string> Env =
      Form.TakesEnv ? text(CE->getArg(NumArgs - 1)) : "environ";
  if (!Path || !Env)
    return false;
  std::string Argv;
  if (Form.TakesList) {
    // execl(path, arg0, ..., (char *)0[, envp]).
    unsigned Last = NumArgs - (Form.TakesEnv ? 2 : 1);
    // `(char *)NULL`, which C does not count as a null pointer constant.
    if (!CE->getArg(Last)->IgnoreParenCasts()->isNullPointerConstant(
            B.Ctx, Expr::NPC_ValueDependentIsNotNull))
      return false;
    llvm::SmallVector<std::string, 4> Items;
    for (unsigned I = 1; I != Last; ++I) {
      std::optional<std::string> Item = text(CE->getArg(I));
      if (!Item)
        return false;
      Items.push_back("(char *)" + *Item);
    }
    Items.push_back("NULL");
    Argv = "(char *const[]){" + llvm::join(Items, ", ") + "}";
  } else {
    std::optional<std::string> Vector = text(CE->getArg(1));
    if (!Vector)
      return false;
    Argv = *Vector;
  }
  SpawnCall = Form.Spawn.str() + "(&" + Pid->getName().str() + ", " + *Path +
              ", &actions, &attributes, " + Argv + ", " + *Env + ")";
  Exec = true;
  return true;
}

bool SpawnRewriter::translateCall(const CallExpr *CE, llvm::StringRef Name) {
  if (std::optional<SpawnExec> Form = spawnExec(Name))
    return translateExec(CE, *Form);
  std::optional<SpawnStep> Step = spawnStep(Name);
  return Step && translateStep(CE, *Step);
}

bool SpawnRewriter::translateStep(const CallExpr *CE, SpawnStep Step) {
  auto Arg = [&](unsigned I) -> std::optional<std::string> {
    return I < CE->getNumArgs() ? text(CE->getArg(I)) : std::nullopt;
  };
  switch (Step) {
  case SpawnStep::Dup2: {
    std::optional<std::string> From = Arg(0), To = Arg(1);
    if (!From || !To)
      return false;
    if (const VarDecl *V = varOf(CE->getArg(0)); V && Opened.count(V)) {
      const auto &[Path, OpenFlags, Mode] = Opened[V];
      Actions.push_back("posix_spawn_file_actions_addopen(&actions, " + *To +
                        ", " + Path + ", " + OpenFlags + ", " + Mode + ")");
      Opened[V][0].clear();
      return true;
    }
    Actions.push_back("posix_spawn_file_actions_adddup2(&actions, " + *From +
                      ", " + *To + ")");
    return true;
  }
  case SpawnStep::Close: {
    // The descriptor of an open the spawn makes in place is never open.
    if (const VarDecl *V = varOf(CE->getArg(0)); V && Opened.count(V))
      return Opened[V][0].empty();
    std::optional<std::string> Fd = Arg(0);
    if (!Fd)
      return false;
    Actions.push_back("posix_spawn_file_actions_addclose(&actions, " + *Fd +
                      ")");
    return true;
  }
  case SpawnStep::Open:
    // Only as the initialiser of a descriptor moved into place (translate).
    return false;
  case SpawnStep::Chdir:
  case SpawnStep::Fchdir: {
    std::string Action = Step == SpawnStep::Chdir
                             ? "posix_spawn_file_actions_addchdir_np"
                             : "posix_spawn_file_actions_addfchdir_np";
    std::optional<std::string> Where = Arg(0);
    if (!Where || !B.declares(Action))
      return false;
    Actions.push_back(Action + "(&actions, " + *Where + ")");
    return true;
  }
  case SpawnStep::Setsid:
    Flags.push_back("POSIX_SPAWN_SETSID");
    return Edits.defines("POSIX_SPAWN_SETSID");
  case SpawnStep::Setpgid: {
    Expr::EvalResult Self;
    std::optional<std::string> Group = Arg(1);
    if (!Group || CE->getArg(0)->isValueDependent() ||
        !CE->getArg(0)->EvaluateAsInt(Self, B.Ctx) || Self.Val.getInt() != 0)
      return false;
    Flags.push_back("POSIX_SPAWN_SETPGROUP");
    AttributeCalls.push_back("posix_spawnattr_setpgroup(&attributes, " +
                             *Group + ")");
    return true;
  }
  case SpawnStep::SignalMask: {
    std::optional<std::string> How = Arg(0), Set = Arg(1);
    if (!How || *How != "SIG_SETMASK" || !Set || CE->getNumArgs() != 3 ||
        !CE->getArg(2)->isNullPointerConstant(
            B.Ctx, Expr::NPC_ValueDependentIsNotNull))
      return false;
    Flags.push_back("POSIX_SPAWN_SETSIGMASK");
    AttributeCalls.push_back("posix_spawnattr_setsigmask(&attributes, " + *Set +
                             ")");
    return true;
  }
  case SpawnStep::SignalDefault: {
    std::optional<std::string> Signal = Arg(0), Handler = Arg(1);
    if (!Signal || !Handler || *Handler != "SIG_DFL")
      return false;
    DefaultSignals.push_back(*Signal);
    return true;
  }
  }
  return false;
}

bool SpawnRewriter::translate(const Stmt *S) {
  // After the exec: what a failed exec does, which the spawn's error
  // replaces.
  if (Exec)
    return exitsOnly(S);
  llvm::StringRef Name;
  if (const CallExpr *CE = directCall(S, &Name))
    return translateCall(CE, Name);
  // `int fd = open(path, flags, mode);`, moved into place by a dup2.
  if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl()) {
    const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl());
    const CallExpr *Open =
        V && V->getInit() ? directCall(V->getInit(), &Name) : nullptr;
    if (!Open || Name != "open" || Open->getNumArgs() < 2)
      return false;
    std::optional<std::string> Path = text(Open->getArg(0)),
                               OpenFlags = text(Open->getArg(1));
    std::optional<std::string> Mode =
        Open->getNumArgs() > 2 ? text(Open->getArg(2)) : "0";
    if (!Path || !OpenFlags || !Mode)
      return false;
    Opened[V] = {*Path, *OpenFlags, *Mode};
    return true;
  }
  // `if (dup2(fd, 1) < 0) _exit(1);`: the spawn fails instead.
  if (const auto *If = dyn_cast<IfStmt>(S);
      If && !If->getElse() && exitsOnly(If->getThen())) {
    const auto *Test = dyn_cast<BinaryOperator>(bare(If->getCond()));
    const CallExpr *CE = Test ? directCall(Test->getLHS(), &Name)
                              : directCall(If->getCond(), &Name);
    if (const VarDecl *V = Test ? varOf(Test->getLHS()) : nullptr;
        V && Opened.count(V))
      return true;
    std::optional<SpawnStep> Step = CE ? spawnStep(Name) : std::nullopt;
    return Step && translateStep(CE, *Step);
  }
  if (const auto *Body = dyn_cast<CompoundStmt>(S))
    return llvm::all_of(Body->body(),
                        [&](const Stmt *Inner) { return translate(Inner); });
  return false;
}

std::string SpawnRewriter::spawnBlock(llvm::StringRef Indent) const {
  std::string In = Indent.str() + "  ";
  std::string Text = "{\n";
  auto Line = [&](const std::string &Statement) {
    Text += In + Statement + ";\n";
  };
  if (SpawnCall.find(", environ)") != std::string::npos)
    Line("extern char **environ");
  Line("posix_spawn_file_actions_t actions");
  Line("posix_spawnattr_t attributes");
  Line("posix_spawn_file_actions_init(&actions)");
  Line("posix_spawnattr_init(&attributes)");
  for (const std::string &Action : Actions)
    Line(Action);
  std::vector<std::string> AllFlags = Flags;
  if (!DefaultSignals.empty()) {
    AllFlags.push_back("POSIX_SPAWN_SETSIGDEF");
    Line("sigset_t defaults");
    Line("sigemptyset(&defaults)");
    for (const std::string &Signal : DefaultSignals)
      Line("sigaddset(&defaults, " + Signal + ")");
    Line("posix_spawnattr_setsigdefault(&attributes, &defaults)");
  }
  for (const std::string &Call : AttributeCalls)
    Line(Call);
  if (!AllFlags.empty())
    Line("posix_spawnattr_setflags(&attributes, " +
         llvm::join(AllFlags, " | ") + ")");
  Line("int spawn_error = " + SpawnCall);
  Line("posix_spawn_file_actions_destroy(&actions)");
  Line("posix_spawnattr_destroy(&attributes)");
  Text += In + "if (spawn_error != 0) {\n";
  Text += In + "  errno = spawn_error;\n";
  Text += In + "  " + Pid->getName().str() + " = -1;\n";
  Text += In + "}\n" + Indent.str() + "}";
  return Text;
}

std::optional<TextEdit> SpawnRewriter::removal(const IfStmt *Child) const {
  StatementSpan Span = Edits.span(Child, /*Unbraced=*/false);
  if (Span.File == InvalidIndex)
    return std::nullopt;
  // The parent's branch, if the child's `if` has one, stays.
  if (const Stmt *Else = Child->getElse()) {
    StatementSpan Kept = Edits.span(Else, /*Unbraced=*/false);
    if (Kept.File == InvalidIndex)
      return std::nullopt;
    return edit(Span.Begin, Span.End, Buffer.slice(Kept.Begin, Kept.End).str());
  }
  if (ChildIsElse)
    return edit(Span.Begin, Span.End, "{}");
  // A statement on lines of its own goes with them.
  // A statement on lines of its own goes with them: from the end of the
  // line before, so that what is left starts no line with the removal
  // (which clang widens by a space).
  uint32_t Begin = Span.Begin, End = Span.End;
  size_t LineEnd = Buffer.find_first_not_of(" \t", End);
  uint32_t LineBefore = Span.Begin - Span.Indent.size();
  if (Span.StartsLine && LineBefore > 0 && Buffer[LineBefore - 1] == '\n' &&
      LineEnd != llvm::StringRef::npos && Buffer[LineEnd] == '\n') {
    Begin = LineBefore - 1;
    End = LineEnd;
  }
  return edit(Begin, End, "");
}

std::vector<TextEdit> SpawnRewriter::includes(uint32_t Before) const {
  // After the last #include of the file ahead of the fork that the
  // preprocessor took (not one in a skipped #if), those it lacks.
  const SourceManager &SM = B.SM;
  size_t At = 0;
  for (unsigned I = 0, E = SM.local_sloc_entry_size(); I != E; ++I) {
    const SrcMgr::SLocEntry &Entry = SM.getLocalSLocEntry(I);
    if (!Entry.isFile())
      continue;
    SourceLocation Include = Entry.getFile().getIncludeLoc();
    if (Include.isInvalid() || Include.isMacroID() ||
        SM.getFileID(Include) != FID)
      continue;
    size_t Offset = SM.getFileOffset(Include);
    size_t LineEnd = Buffer.find('\n', Offset);
    if (Offset < Before && LineEnd != llvm::StringRef::npos)
      At = std::max(At, LineEnd + 1);
  }
  std::string Missing;
  if (!Edits.defines("errno"))
    Missing += "#include <errno.h>\n";
  if (!B.declares("posix_spawn"))
    Missing += "#include <spawn.h>\n";
  if (Missing.empty())
    return {};
  return {edit(At, At, Missing)};
}

const BinaryOperator *SpawnRewriter::forkInFailureTest(const IfStmt *If,
                                                       const CallExpr *Fork) {
  // `if ((pid = fork()) < 0)`, `if ((pid = fork()) == -1)`.
  const auto *Test = dyn_cast<BinaryOperator>(bare(If->getCond()));
  const auto *Assign =
      Test ? dyn_cast<BinaryOperator>(bare(Test->getLHS())) : nullptr;
  Expr::EvalResult Value;
  if (If->getInit() || If->getConditionVariable() || !Assign ||
      Assign->getOpcode() != BO_Assign || bare(Assign->getRHS()) != Fork ||
      Test->getRHS()->isValueDependent() ||
      !Test->getRHS()->EvaluateAsInt(Value, B.Ctx))
    return nullptr;
  int64_t N = Value.Val.getInt().getExtValue();
  bool Fails = (Test->getOpcode() == BO_LT && N == 0) ||
               (Test->getOpcode() == BO_EQ && N == -1);
  return Fails ? Assign : nullptr;
}

std::vector<TextEdit> SpawnRewriter::rewrite(const CallExpr *Fork,
                                             const Stmt *Holder,
                                             const CompoundStmt *Block) {
  bool Declares = false;
  if (const auto *DS = dyn_cast<DeclStmt>(Holder); DS && DS->isSingleDecl()) {
    const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (V && V->getInit() && bare(V->getInit()) == Fork &&
        !V->getType().isConstQualified()) {
      Pid = V;
      Declares = true;
    }
  } else if (const auto *Assign = dyn_cast<BinaryOperator>(Holder);
             Assign && Assign->getOpcode() == BO_Assign &&
             bare(Assign->getRHS()) == Fork) {
    Pid = varOf(Assign->getLHS());
  } else if (const auto *If = dyn_cast<IfStmt>(Holder)) {
    InTest = forkInFailureTest(If, Fork);
    Pid = InTest ? varOf(InTest->getLHS()) : nullptr;
  }
  if (!Pid)
    return {};
  const IfStmt *Child = childIf(Holder, Block);
  if (!Child || !translate(Child->getThen()) || !Exec ||
      llvm::any_of(Opened, [](const auto &O) { return !O.second[0].empty(); }))
    return {};
  StatementSpan Forks = Edits.span(Holder, /*Unbraced=*/false);
  std::optional<TextEdit> Removal = removal(Child);
  if (Forks.File == InvalidIndex || !Forks.StartsLine || !Removal)
    return {};
  std::vector<TextEdit> Out = includes(Forks.Begin);
  if (InTest) {
    // The spawn before the `if`, which then tests the pid it set.
    auto Assigned = Edits.expansionRange(InTest, FID);
    if (!Assigned)
      return {};
    Out.push_back(edit(Forks.Begin, Forks.Begin,
                       spawnBlock(Forks.Indent) + "\n" + Forks.Indent));
    Out.push_back(
        edit(Assigned->first, Assigned->second, Pid->getName().str()));
    Out.push_back(std::move(*Removal));
    return Out;
  }
  std::string Replacement;
  if (Declares)
    Replacement = Pid->getType().getAsString(B.Ctx.getPrintingPolicy()) + " " +
                  Pid->getName().str() + ";\n" + Forks.Indent;
  Replacement += spawnBlock(Forks.Indent);
  Out.push_back(edit(Forks.Begin, Forks.End, std::move(Replacement)));
  Out.push_back(std::move(*Removal));
  return Out;
}

} // namespace

std::vector<TextEdit> SourceEdits::spawnRewrite(const CallExpr *Fork) {
  if (!FD->getBody() || Fork->getBeginLoc().isMacroID())
    return {};
  const ParentMap &PM = parents();
  const Stmt *Holder = Fork;
  const Stmt *Parent = PM.getParent(Holder);
  while (Parent && !isa<CompoundStmt>(Parent)) {
    Holder = Parent;
    Parent = PM.getParent(Parent);
  }
  FileID FID = B.SM.getFileID(B.SM.getExpansionLoc(Fork->getBeginLoc()));
  if (!Parent || FID != B.SM.getMainFileID())
    return {};
  return SpawnRewriter(B, *this, FID)
      .rewrite(Fork, Holder, cast<CompoundStmt>(Parent));
}

} // namespace forksafe
