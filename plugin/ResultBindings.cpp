//===- ResultBindings.cpp - Which calls' results each edge tests ----------===//
//
// A small dataflow over the CFG that follows the results of tracked calls
// (forks, execs) through variables, fields, array elements and `*p`, so
// that each edge of the model carries the result classes it is taken under
// and each return the calls whose result it hands back. Edges no run takes
// (behind a literal condition) are dropped here too.
//
//===----------------------------------------------------------------------===//

#include "BodyLowering.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/Sequence.h"
#include <set>

using namespace clang;

namespace forksafe {
namespace lowering {

//===----------------------------------------------------------------------===//
// Fork results: which calls' results each edge tests.
//===----------------------------------------------------------------------===//

bool BodyLowering::isTrackedCall(const CallExpr *CE) const {
  if (!CE->getType()->isIntegralOrEnumerationType())
    return false;
  auto It = CallOfExpr.find(CE);
  if (It == CallOfExpr.end())
    return false;
  // A call through a function value may turn out to be a fork wrapper's,
  // once the program's function values are solved.
  if (!CE->getDirectCallee())
    return true;
  FunctionId Callee = BodyCalls[It->second].Callee;
  // A C library function is no fork wrapper; the fork functions are. An
  // exec's result tells which way its failure goes.
  KnownApi Api = B.known(Callee);
  return !B.Prog.Functions[Callee].IsCLibrary || Api.forks() ||
         Api.Role == ProcessRole::Exec;
}

/// The classes for which `Value Op K` can be true, and can be false.
static std::pair<uint8_t, uint8_t> compareClasses(BinaryOperatorKind Op,
                                                  int64_t K);

/// Derived as one number, to look it up in a set.
static uint64_t packed(const Derived &D) {
  return uint64_t(D.Call) | uint64_t(D.WhenTrue) << 32 |
         uint64_t(D.WhenFalse) << 40 | uint64_t(D.Raw) << 48;
}

Values BodyLowering::valueOf(const Expr *E, const Bindings &State) const {
  // Chains of `!`, assignments, commas and statement expressions are
  // followed in a loop: they nest as deep as the source does.
  unsigned Negations = 0;
  for (const Expr *Inner = E; Inner;) {
    E = skipCastsAndParens(Inner);
    Inner = nullptr;
    if (const auto *CE = dyn_cast<CallExpr>(E); CE && isBuiltinExpect(CE)) {
      Inner = CE->getArg(0);
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
               UO && UO->getOpcode() == UO_LNot) {
      ++Negations;
      Inner = UO->getSubExpr();
    } else if (const auto *BO = dyn_cast<BinaryOperator>(E);
               BO &&
               (BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_Comma)) {
      Inner = BO->getRHS();
    } else if (const auto *SE = dyn_cast<StmtExpr>(E)) {
      // A GNU statement expression is worth its last statement.
      if (const CompoundStmt *Body = SE->getSubStmt();
          Body && !Body->body_empty())
        Inner = dyn_cast<Expr>(Body->body_back());
    }
  }
  Values Held = valueOfOperand(E, State);
  for (unsigned I = 0; I != Negations; ++I)
    for (Derived &D : Held)
      D = D.negated();
  return Held;
}

Values BodyLowering::valueOfOperand(const Expr *E,
                                    const Bindings &State) const {
  if (const auto *CE = dyn_cast<CallExpr>(E))
    return isTrackedCall(CE) ? Values{{CallOfExpr.lookup(CE),
                                       Negative | Positive, Zero, true}}
                             : Values();
  if (std::optional<Place> At = placeOf(E)) {
    auto It = State.find(*At);
    return It == State.end() ? Values() : It->second;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isComparisonOp())
    return compared(BO, State);
  // `ok ? fork() : -1`: either arm's; on the paths from a fork, its result.
  // An arm behind a literal condition is dead code, not lowered: it has no
  // calls to give a result.
  // A chain of them (`x == 0 ? f() : x == 1 ? g() : ...`) is walked as
  // one, its arms' values gathered once each.
  if (isa<ConditionalOperator>(E)) {
    Values Either;
    llvm::DenseSet<uint64_t> Seen;
    std::vector<const Expr *> Arms{E};
    while (!Arms.empty()) {
      const Expr *Arm = skipCastsAndParens(Arms.back());
      Arms.pop_back();
      if (const auto *CO = dyn_cast<ConditionalOperator>(Arm)) {
        Arms.push_back(CO->getFalseExpr());
        Arms.push_back(CO->getTrueExpr());
        continue;
      }
      for (const Derived &D : valueOf(Arm, State))
        if (Seen.insert(packed(D)).second)
          Either.push_back(D);
    }
    return Either;
  }
  return {};
}

Values BodyLowering::compared(const BinaryOperator *BO,
                              const Bindings &State) const {
  auto Constant = [&](const Expr *E) -> std::optional<int64_t> {
    Expr::EvalResult Result;
    if (E->isValueDependent() || !E->EvaluateAsInt(Result, Ctx))
      return std::nullopt;
    return Result.Val.getInt().tryExtValue();
  };
  // The side that holds a result first: the constant evaluator is too dear
  // to run on every comparison of a function.
  BinaryOperatorKind Op = BO->getOpcode();
  Values Held = valueOf(BO->getLHS(), State);
  const Expr *Other = BO->getRHS();
  if (Held.empty()) {
    Held = valueOf(BO->getRHS(), State);
    Other = BO->getLHS();
    Op = BinaryOperator::reverseComparisonOp(Op);
  }
  if (Held.empty())
    return {};
  std::optional<int64_t> K = Constant(Other);
  if (!K)
    return {};
  Values Result;
  for (const Derived &D : Held) {
    if (D.Raw) {
      auto [True, False] = compareClasses(Op, *K);
      Result.push_back({D.Call, True, False, false});
      continue;
    }
    // A test's value is 0 or 1.
    bool SameAsValue = (Op == BO_NE && *K == 0) || (Op == BO_EQ && *K == 1);
    bool Negates = (Op == BO_EQ && *K == 0) || (Op == BO_NE && *K == 1);
    if (SameAsValue)
      Result.push_back(D);
    else if (Negates)
      Result.push_back(D.negated());
  }
  return Result;
}

std::optional<Place> BodyLowering::placeOf(const Expr *E) {
  E = skipCastsAndParens(E);
  auto VarOf = [](const Expr *Base) -> const VarDecl * {
    const auto *DRE = dyn_cast<DeclRefExpr>(skipCastsAndParens(Base));
    return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  };
  if (const VarDecl *V = VarOf(E))
    return Place{V, nullptr};
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref)
    if (const VarDecl *V = VarOf(UO->getSubExpr()))
      return Place{V, DerefTag};
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const VarDecl *V = VarOf(ME->getBase()))
      if (const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        return Place{V, Field};
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    if (const VarDecl *V = VarOf(AS->getBase())) {
      if (const VarDecl *Index = VarOf(AS->getIdx()))
        return Place{V, Index};
      if (const auto *Lit = dyn_cast<IntegerLiteral>(
              skipCastsAndParens(AS->getIdx()));
          Lit && Lit->getValue().ult(std::size(ConstantIndexTags)))
        return Place{V, &ConstantIndexTags[Lit->getValue().getZExtValue()]};
    }
  return std::nullopt;
}

void BodyLowering::trackBindings(const CFGBlock &CB, const Stmt *S) {
  const uint32_t Block = CB.getBlockID();
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit()) {
        const Expr *Source = sourceOf(V->getInit());
        Tracked[Block].push_back({TrackedElement::Effect,
                                  {Place{V, nullptr}, Source},
                                  InvalidIndex,
                                  nullptr});
        noteSeed(Source);
      }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (!BO->isAssignmentOp())
      return;
    if (std::optional<Place> At = placeOf(BO->getLHS())) {
      Qualifiers.insert(At->second);
      const Expr *Source =
          BO->getOpcode() == BO_Assign ? sourceOf(BO->getRHS()) : nullptr;
      Tracked[Block].push_back(
          {TrackedElement::Effect, {*At, Source}, InvalidIndex, nullptr});
      noteSeed(Source);
    }
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S))
    if (UO->isIncrementDecrementOp())
      if (std::optional<Place> At = placeOf(UO->getSubExpr())) {
        Qualifiers.insert(At->second);
        Tracked[Block].push_back(
            {TrackedElement::Effect, {*At, nullptr}, InvalidIndex, nullptr});
      }
}

const Expr *BodyLowering::sourceOf(const Expr *Value) const {
  const auto *Inner = dyn_cast<BinaryOperator>(skipCastsAndParens(Value));
  if (Inner && Inner->getOpcode() == BO_Assign && placeOf(Inner->getLHS()))
    return Inner->getLHS();
  return Value;
}

void BodyLowering::noteSeed(const Expr *Source) {
  static const Bindings Nothing;
  AnySeed |= AnyTrackedCall && Source && !valueOf(Source, Nothing).empty();
}

void BodyLowering::apply(const BindingEffect &E, Bindings &State) const {
  Values Held;
  if (E.Source)
    Held = valueOf(E.Source, State);
  // A new index makes `a[i]` another element.
  if (!E.At.second && Qualifiers.count(E.At.first))
    for (auto It = State.begin(); It != State.end(); ++It)
      if (It->first.second == E.At.first)
        State.erase(It);
  if (Held.empty())
    State.erase(E.At);
  else
    State[E.At] = std::move(Held);
}

/// Merges From into Into; returns whether Into grew. A place may hold the
/// results of thousands of calls where many paths meet (`rc = g(i); if (rc)
/// goto out;` over and over): past a few values, Sets keeps them as a set
/// for each place of Into, so that each merge costs what it adds.
static bool mergeBindings(Bindings &Into, const Bindings &From,
                          ValueSets &Sets) {
  constexpr size_t ListedValues = 16;
  bool Changed = false;
  for (const auto &[At, Held] : From) {
    Values &Known = Into[At];
    auto Set = Sets.find(At);
    if (Set == Sets.end() && Known.size() + Held.size() <= ListedValues) {
      for (const Derived &D : Held)
        if (!llvm::is_contained(Known, D)) {
          Known.push_back(D);
          Changed = true;
        }
      continue;
    }
    if (Set == Sets.end()) {
      Set = Sets.try_emplace(At).first;
      for (const Derived &D : Known)
        Set->second.insert(packed(D));
    }
    for (const Derived &D : Held)
      if (Set->second.insert(packed(D)).second) {
        Known.push_back(D);
        Changed = true;
      }
  }
  return Changed;
}

/// The blocks of G that its entry reaches, by ID, in reverse post-order.
static std::vector<unsigned> reversePostOrder(const CFG &G) {
  std::vector<unsigned> Post;
  std::vector<char> Seen(G.getNumBlockIDs(), 0);
  // Each block with the index of the next successor to visit.
  std::vector<std::pair<const CFGBlock *, unsigned>> Stack{{&G.getEntry(), 0}};
  Seen[G.getEntry().getBlockID()] = 1;
  while (!Stack.empty()) {
    auto &[CB, Next] = Stack.back();
    if (Next == CB->succ_size()) {
      Post.push_back(CB->getBlockID());
      Stack.pop_back();
      continue;
    }
    const CFGBlock *Succ = *(CB->succ_begin() + Next++);
    if (Succ && !Seen[Succ->getBlockID()]) {
      Seen[Succ->getBlockID()] = 1;
      Stack.push_back({Succ, 0});
    }
  }
  return {Post.rbegin(), Post.rend()};
}

void BodyLowering::runBindingDataflow(const CFG &G) {
  BlockEntry.assign(G.getNumBlockIDs(), std::nullopt);
  if (!AnySeed)
    return;
  std::vector<ValueSets> EntrySets(G.getNumBlockIDs());
  // Blocks in reverse post-order, each in the worklist once: a block where
  // many paths meet is visited after them, not once for each (a label that
  // thousands of gotos reach).
  std::vector<unsigned> Order = reversePostOrder(G);
  std::vector<unsigned> Rank(G.getNumBlockIDs(), 0);
  for (unsigned I = 0; I != Order.size(); ++I)
    Rank[Order[I]] = I;
  std::vector<const CFGBlock *> ByID(G.getNumBlockIDs(), nullptr);
  for (const CFGBlock *CB : G)
    ByID[CB->getBlockID()] = CB;
  std::set<unsigned> Work{Rank[G.getEntry().getBlockID()]};
  BlockEntry[G.getEntry().getBlockID()] = Bindings();
  while (!Work.empty()) {
    const CFGBlock *CB = ByID[Order[*Work.begin()]];
    Work.erase(Work.begin());
    Bindings State = *BlockEntry[CB->getBlockID()];
    for (const TrackedElement &T : Tracked[CB->getBlockID()])
      if (T.K == TrackedElement::Effect)
        apply(T.Bind, State);
    for (unsigned I = 0; I != CB->succ_size(); ++I) {
      const CFGBlock *Target = feasibleSucc(*CB, I);
      if (!Target)
        continue;
      std::optional<Bindings> &Entry = BlockEntry[Target->getBlockID()];
      bool Changed = !Entry;
      if (!Entry)
        Entry = Bindings();
      Changed |= mergeBindings(*Entry, State, EntrySets[Target->getBlockID()]);
      if (Changed)
        Work.insert(Rank[Target->getBlockID()]);
    }
  }
}

const Expr *BodyLowering::branchCondition(const CFGBlock &CB) const {
  const Stmt *T = CB.getTerminatorStmt();
  if (!T || CB.succ_size() != 2)
    return nullptr;
  const Expr *Cond = nullptr;
  if (const auto *If = dyn_cast<IfStmt>(T))
    Cond = If->getCond();
  else if (const auto *While = dyn_cast<WhileStmt>(T))
    Cond = While->getCond();
  else if (const auto *For = dyn_cast<ForStmt>(T))
    Cond = For->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(T))
    Cond = Do->getCond();
  else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(T))
    Cond = CO->getCond();
  else if (const auto *BO = dyn_cast<BinaryOperator>(T);
           BO && BO->isLogicalOp())
    Cond = BO->getLHS();
  // The block that branches on `a && b` as a whole evaluates `b`.
  while (Cond) {
    const auto *BO = dyn_cast<BinaryOperator>(Cond->IgnoreParens());
    if (!BO || !BO->isLogicalOp())
      break;
    Cond = BO->getRHS();
  }
  return Cond;
}

/// The truth of a condition that is the same on every run: `while (1)`,
/// `do ... while (0)`, `if (!0)`, an enumerator, `__builtin_expect(1, 1)`.
static std::optional<bool> literalTruth(const Expr *Cond) {
  Cond = Cond->IgnoreParenCasts();
  if (const auto *Int = dyn_cast<IntegerLiteral>(Cond))
    return !Int->getValue().isZero();
  if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(Cond))
    return Bool->getValue();
  if (const auto *Char = dyn_cast<CharacterLiteral>(Cond))
    return Char->getValue() != 0;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Cond))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return !Enumerator->getInitVal().isZero();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot)
    if (std::optional<bool> Inner = literalTruth(Not->getSubExpr()))
      return !*Inner;
  if (const auto *Call = dyn_cast<CallExpr>(Cond);
      Call && isBuiltinExpect(Call))
    return literalTruth(Call->getArg(0));
  return std::nullopt;
}

void BodyLowering::findDeadEdges(const CFG &G) {
  DeadSucc.assign(G.getNumBlockIDs(), -1);
  for (const CFGBlock *CB : G)
    if (const Expr *Cond = branchCondition(*CB))
      if (std::optional<bool> Truth = literalTruth(Cond))
        DeadSucc[CB->getBlockID()] = *Truth ? 1 : 0;
}

void BodyLowering::findLiveBlocks(const CFG &G) {
  Live.assign(G.getNumBlockIDs(), false);
  llvm::SmallVector<const CFGBlock *, 16> Work = {&G.getEntry()};
  Live[G.getEntry().getBlockID()] = true;
  while (!Work.empty()) {
    const CFGBlock *CB = Work.pop_back_val();
    if (CB->hasNoReturnElement())
      continue;
    for (unsigned I = 0; I != CB->succ_size(); ++I)
      if (const CFGBlock *Succ = feasibleSucc(*CB, I);
          Succ && !Live[Succ->getBlockID()]) {
        Live[Succ->getBlockID()] = true;
        Work.push_back(Succ);
      }
  }
}

const CFGBlock *BodyLowering::feasibleSucc(const CFGBlock &CB,
                                           unsigned I) const {
  if (DeadSucc[CB.getBlockID()] == static_cast<int>(I))
    return nullptr;
  return CB.succ_begin()[I].getReachableBlock();
}

/// The classes for which `Value Op K` can be true, and can be false.
static std::pair<uint8_t, uint8_t> compareClasses(BinaryOperatorKind Op,
                                                  int64_t K) {
  uint8_t True = 0, False = 0;
  for (const ClassRange &R : ClassRanges) {
    bool CanTrue = false, CanFalse = false;
    switch (Op) {
    case BO_EQ:
    case BO_NE: {
      bool Eq = R.Lo <= K && K <= R.Hi, AlwaysEq = R.Lo == K && R.Hi == K;
      CanTrue = Op == BO_EQ ? Eq : !AlwaysEq;
      CanFalse = Op == BO_EQ ? !AlwaysEq : Eq;
      break;
    }
    case BO_LT:
      CanTrue = R.Lo < K, CanFalse = R.Hi >= K;
      break;
    case BO_LE:
      CanTrue = R.Lo <= K, CanFalse = R.Hi > K;
      break;
    case BO_GT:
      CanTrue = R.Hi > K, CanFalse = R.Lo <= K;
      break;
    case BO_GE:
      CanTrue = R.Hi >= K, CanFalse = R.Lo < K;
      break;
    default:
      return {AnyResult, AnyResult};
    }
    True |= CanTrue ? R.Class : 0;
    False |= CanFalse ? R.Class : 0;
  }
  return {True, False};
}

/// The classes the values of a switch case cover.
static uint8_t caseClasses(const CaseStmt *CS, const ASTContext &Ctx) {
  auto Value = [&](const Expr *E) -> std::optional<int64_t> {
    Expr::EvalResult Result;
    if (!E || E->isValueDependent() || !E->EvaluateAsInt(Result, Ctx))
      return std::nullopt;
    return Result.Val.getInt().tryExtValue();
  };
  std::optional<int64_t> Lo = Value(CS->getLHS());
  std::optional<int64_t> Hi = CS->caseStmtIsGNURange() ? Value(CS->getRHS()) : Lo;
  if (!Lo || !Hi)
    return AnyResult;
  return classesOfRange(*Lo, *Hi);
}

void BodyLowering::labelBlock(const CFGBlock &CB, const Bindings &AtEnd) {
  DraftBlock &Draft = Drafts[CB.getBlockID()];
  auto Label = [&](unsigned SuccIndex, uint32_t Call, uint8_t Classes) {
    // A tested result may be a fork wrapper's: the child may be here.
    NeedsEdits = true;
    Draft.Succs[SuccIndex].Tests.push_back({Call, Classes});
  };
  llvm::ArrayRef<int> ModelIndex = Draft.EdgeOfSucc;

  if (const auto *Switch = dyn_cast_or_null<SwitchStmt>(CB.getTerminatorStmt())) {
    llvm::SmallVector<uint32_t, 1> Calls;
    for (const Derived &D : valueOf(Switch->getCond(), AtEnd))
      if (D.Raw)
        Calls.push_back(D.Call);
    if (Calls.empty())
      return;
    uint8_t Default = AnyResult;
    for (unsigned I = 0; I != CB.succ_size(); ++I)
      if (const CFGBlock *Target = feasibleSucc(CB, I))
        if (const auto *CS = dyn_cast_or_null<CaseStmt>(Target->getLabel())) {
          // A case that holds a class of one value takes it from default.
          uint8_t Classes = caseClasses(CS, Ctx);
          if (Classes == Zero || Classes == MinusOne)
            Default &= ~Classes;
        }
    for (unsigned I = 0; I != CB.succ_size(); ++I) {
      const CFGBlock *Target = feasibleSucc(CB, I);
      if (Target && ModelIndex[I] >= 0) {
        const auto *CS = dyn_cast_or_null<CaseStmt>(Target->getLabel());
        for (uint32_t Call : Calls)
          Label(ModelIndex[I], Call, CS ? caseClasses(CS, Ctx) : Default);
      }
    }
    return;
  }

  const Expr *Cond = branchCondition(CB);
  if (!Cond)
    return;
  for (const Derived &D : valueOf(Cond, AtEnd)) {
    if (ModelIndex[0] >= 0)
      Label(ModelIndex[0], D.Call, D.WhenTrue);
    if (ModelIndex[1] >= 0)
      Label(ModelIndex[1], D.Call, D.WhenFalse);
  }
}

void BodyLowering::lowerEdges(const CFGBlock &CB) {
  const uint32_t Block = CB.getBlockID();
  unsigned Reached = llvm::count_if(llvm::seq(CB.succ_size()), [&](unsigned I) {
    return feasibleSucc(CB, I) != nullptr;
  });
  for (unsigned I = 0; I != CB.succ_size(); ++I) {
    const CFGBlock *Target = feasibleSucc(CB, I);
    int Edge = -1;
    // Past a call that does not return, nothing follows.
    if (!Target || CB.hasNoReturnElement()) {
    } else if (Target != ExitBlock) {
      Edge = Drafts[Block].Succs.size();
      Drafts[Block].Succs.push_back({Target->getBlockID(), {}});
    } else if (uint32_t Ret = Drafts[Block].ExitReturn; Ret != InvalidIndex) {
      if (Reached == 1) {
        Drafts[Block].Events.push_back({Event::Return, Ret});
      } else {
        // A block of its own for the return on this edge.
        uint32_t ReturnBlock = Drafts.size();
        Drafts.emplace_back();
        Drafts.back().Events.push_back({Event::Return, Ret});
        BodyBlocks.emplace_back();
        BodyBlocks.back().Pos = BodyReturns[Ret].Pos;
        Edge = Drafts[Block].Succs.size();
        Drafts[Block].Succs.push_back({ReturnBlock, {}});
      }
    }
    Drafts[Block].EdgeOfSucc.push_back(Edge);
  }
  DraftBlock &Draft = Drafts[Block];

  if (!AnyTrackedCall)
    return;
  const std::optional<Bindings> &Entry = BlockEntry[CB.getBlockID()];
  if (AnySeed && !Entry)
    return;
  Bindings State = AnySeed ? *Entry : Bindings();
  for (const TrackedElement &T : Tracked[CB.getBlockID()]) {
    if (T.K == TrackedElement::Effect) {
      if (AnySeed)
        apply(T.Bind, State);
    } else if (T.ReturnValue) {
      for (const Derived &D : valueOf(T.ReturnValue, State))
        if (D.Raw)
          ReturnValues[T.ReturnIndex].push_back(D.Call);
    }
  }
  if (!Draft.Succs.empty())
    labelBlock(CB, State);
}

} // namespace lowering
} // namespace forksafe
