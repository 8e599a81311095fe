//===- BodyLowering.cpp - One function's CFG into the model ---------------===//
//
// The events of a body: its calls (with the arguments thread starts and
// joins need), returns and writes, block by block, and the source facts
// fix-its need. The edges and their tests are ResultBindings.cpp's.
//
//===----------------------------------------------------------------------===//

#include "BodyLowering.h"
#include "knowledge/Knowledge.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Sequence.h"

using namespace clang;

namespace forksafe {
namespace lowering {

const Expr *skipCastsAndParens(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temp->getSubExpr();
    else if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    else
      return E;
  }
}

// A builtin's number sits behind three attribute lookups: the argument
// count rules out most calls first.
bool isBuiltinExpect(const CallExpr *CE) {
  if (CE->getNumArgs() < 2)
    return false;
  unsigned ID = CE->getBuiltinCallee();
  return ID == Builtin::BI__builtin_expect ||
         ID == Builtin::BI__builtin_expect_with_probability;
}

/// std::move(x) and std::forward<T>(x) are x.
const Expr *skipMoveAndForward(const Expr *E) {
  E = skipCastsAndParens(E);
  while (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (CE->getNumArgs() != 1)
      break;
    unsigned ID = CE->getBuiltinCallee();
    if (ID != Builtin::BImove && ID != Builtin::BIforward)
      break;
    E = skipCastsAndParens(CE->getArg(0));
  }
  return E;
}

void BodyLowering::run() {
  CFG::BuildOptions Opts;
  Opts.AddImplicitDtors = true;
  Opts.AddTemporaryDtors = true;
  Opts.AddInitializers = true;
  Opts.AddCXXDefaultInitExprInCtors = true;
  // Clang would settle every condition with the constant evaluator, at a
  // cost the analysis cannot afford on every branch of every function;
  // feasibleSucc() settles the literal ones programs write.
  Opts.PruneTriviallyFalseEdges = false;
  for (Stmt::StmtClass Class :
       {Stmt::CallExprClass, Stmt::CXXMemberCallExprClass,
        Stmt::CXXOperatorCallExprClass, Stmt::UserDefinedLiteralClass,
        Stmt::CXXConstructExprClass, Stmt::CXXTemporaryObjectExprClass,
        Stmt::CXXNewExprClass, Stmt::CXXDeleteExprClass,
        Stmt::CXXThrowExprClass, Stmt::CXXDefaultArgExprClass,
        Stmt::CXXDefaultInitExprClass, Stmt::BinaryOperatorClass,
        Stmt::CompoundAssignOperatorClass, Stmt::UnaryOperatorClass})
    Opts.setAlwaysAdd(Class);

  Stmt *Body = FD->getBody();
  if (!Body || (Ctx.getDiagnostics().hasErrorOccurred() &&
                SourceEdits::hasErrors(Body)))
    return;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isMemberInitializer() && Init->getInit())
        MemberInits[Init->getInit()->IgnoreImplicit()] = Init->getMember();

  // Clang's CFG puts a coroutine's `promise.unhandled_exception()` on its
  // normal path, where it runs only after a throw.
  if (const auto *Coroutine = dyn_cast<CoroutineBodyStmt>(Body))
    if (const auto *Handler =
            dyn_cast_or_null<Expr>(Coroutine->getExceptionHandler()))
      CoroutineExceptionHandler = Handler->IgnoreImplicit();
  std::unique_ptr<CFG> G = CFG::buildCFG(FD, Body, &Ctx, Opts);
  if (!G)
    return;
  startFlows();
  BodyBlocks.resize(G->getNumBlockIDs());
  Drafts.resize(G->getNumBlockIDs());
  Tracked.resize(G->getNumBlockIDs());
  Out.Entry = G->getEntry().getBlockID();
  ExitBlock = &G->getExit();
  findDeadEdges(*G);
  findLiveBlocks(*G);
  // Clang numbers blocks from the end: lowering them the other way round
  // numbers calls in source order, as readers and notes expect.
  for (const CFGBlock *CB : llvm::reverse(*G))
    if (Live[CB->getBlockID()])
      lowerBlock(*CB);
  runBindingDataflow(*G);
  for (const CFGBlock *CB : *G)
    if (Live[CB->getBlockID()])
      lowerEdges(*CB);
  // A host runs a child entry's body in a child: fix-its edit it as they
  // edit the code after a fork.
  NeedsEdits |= B.Know.childEntry(Out.LookupName).has_value();
  if (NeedsEdits)
    gatherEdits();
  freeze();
}

void BodyLowering::startFlows() {
  FunctionId Self = B.functionFor(FD);
  if (B.Prog.Functions[Self].InSystemHeader)
    return;
  Flows.emplace(B, FD, Self, [this](const Stmt *S) {
    auto Found = CallOfExpr.find(S);
    return Found == CallOfExpr.end() ? InvalidIndex : Found->second;
  });
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->isVirtual())
    Flows->recordOverrider(MD);
}

void BodyLowering::freeze() {
  // Clang's entry block only leads to the first statement's, and its exit
  // block, whose edges became return events, is met by none: a program of
  // small functions is better off without both.
  const uint32_t ClangEntry = Out.Entry;
  const DraftBlock &Entry = Drafts[ClangEntry];
  bool SkipEntry = Entry.Events.empty() && Entry.Succs.size() == 1 &&
                   Entry.Succs[0].Tests.empty();
  if (SkipEntry)
    Out.Entry = Entry.Succs[0].Target;
  auto Dropped = [&](uint32_t B) {
    if (B == ClangEntry)
      return SkipEntry;
    if (B < Live.size() && !Live[B])
      return true;
    return ExitBlock && B == ExitBlock->getBlockID() &&
           Drafts[B].Events.empty() &&
           Drafts[B].Succs.empty();
  };
  std::vector<uint32_t> NewIndex(Drafts.size(), InvalidIndex);
  uint32_t NumKept = 0;
  size_t NumEvents = 0, NumEdges = 0, NumTests = 0;
  for (uint32_t B = 0; B != Drafts.size(); ++B)
    if (!Dropped(B)) {
      NewIndex[B] = NumKept++;
      NumEvents += Drafts[B].Events.size();
      NumEdges += Drafts[B].Succs.size();
      for (const DraftEdge &E : Drafts[B].Succs)
        NumTests += E.Tests.size();
    }
  for (DraftBlock &Draft : Drafts)
    for (DraftEdge &E : Draft.Succs)
      E.Target = NewIndex[E.Target];
  Out.Entry = NewIndex[Out.Entry];

  // Laid out in place, at their final sizes: most functions are small, and
  // growing vectors block by block to copy them cost more than counting.
  Program &P = B.Prog;
  llvm::MutableArrayRef<Block> Kept = P.allocate<Block>(NumKept);
  llvm::MutableArrayRef<Event> Events = P.allocate<Event>(NumEvents);
  llvm::MutableArrayRef<Edge> Edges = P.allocate<Edge>(NumEdges);
  llvm::MutableArrayRef<ResultTest> Tests = P.allocate<ResultTest>(NumTests);
  uint32_t EventsLaid = 0, EdgesLaid = 0, TestsLaid = 0;
  for (uint32_t B = 0; B != Drafts.size(); ++B) {
    if (NewIndex[B] == InvalidIndex)
      continue;
    Block &Laid = Kept[NewIndex[B]];
    Laid = BodyBlocks[B];
    Laid.EventBegin = EventsLaid;
    for (const Event &E : Drafts[B].Events)
      Events[EventsLaid++] = E;
    Laid.EventEnd = EventsLaid;
    Laid.EdgeBegin = EdgesLaid;
    for (const DraftEdge &E : Drafts[B].Succs) {
      uint32_t TestBegin = TestsLaid;
      for (const ResultTest &T : E.Tests)
        Tests[TestsLaid++] = T;
      Edges[EdgesLaid++] = {E.Target, TestBegin, TestsLaid};
    }
    Laid.EdgeEnd = EdgesLaid;
  }
  for (uint32_t R = 0; R != BodyReturns.size(); ++R)
    BodyReturns[R].ValueFromCalls = P.keep(llvm::ArrayRef(ReturnValues[R]));
  freezeWrites(NewIndex);
  Out.Blocks = Kept;
  Out.Events = Events;
  Out.Edges = Edges;
  Out.Tests = Tests;
  Out.Calls = P.keep(llvm::ArrayRef(BodyCalls));
  Out.Returns = P.keep(llvm::ArrayRef(BodyReturns));
}

/// The variable of the function's own frame that a store to E writes (the
/// variable, a field of a local struct, an element of a local array), or
/// null when the store may land outside the frame.
static const VarDecl *frameVariable(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow()) {
      E = ME->getBase();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E);
        AS && AS->getBase()->IgnoreParenImpCasts()->getType()->isArrayType()) {
      E = AS->getBase();
      continue;
    }
    break;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType())
    return nullptr;
  return V;
}

void BodyLowering::noteWrite(const Stmt *S, uint32_t Block) {
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit())
        addWrite(V->getLocation(), nullptr, V, V->getInit(), Block);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    return addWrite(BO->getBeginLoc(), BO->getLHS(), nullptr,
                    BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr,
                    Block);
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->isIncrementDecrementOp())
    addWrite(UO->getBeginLoc(), UO->getSubExpr(), nullptr, nullptr, Block);
}

void BodyLowering::addWrite(SourceLocation Loc, const Expr *Target,
                            const VarDecl *Declared, const Expr *Source,
                            uint32_t Block) {
  const VarDecl *Var = Declared;
  if (Target)
    Var = frameVariable(Target);
  // A static local's initializer runs once, before any fork.
  if (Declared && !Declared->hasLocalStorage())
    return;
  if (!Var && !Out.OutsideWrite.isValid())
    Out.OutsideWrite = B.pos(Loc);
  // Placed only if the function turns out to vfork (freezeWrites).
  DraftWrites.push_back({Loc, Block,
                         static_cast<uint32_t>(Drafts[Block].Events.size()), Var,
                         Source});
}

/// The expressions whose value an assignment's source may have: through
/// a statement expression's last statement, either arm of a conditional,
/// the right of an assignment or a comma.
llvm::SmallVector<const Expr *, 2>
BodyLowering::writtenValues(const Expr *Source) const {
  llvm::SmallVector<const Expr *, 2> Values;
  llvm::SmallVector<const Expr *, 2> Work = {Source};
  while (!Work.empty()) {
    const Expr *E = skipCastsAndParens(Work.pop_back_val());
    if (const auto *SE = dyn_cast<StmtExpr>(E)) {
      if (const CompoundStmt *Body = SE->getSubStmt();
          Body && !Body->body_empty())
        if (const auto *Last = dyn_cast<Expr>(Body->body_back()))
          Work.push_back(Last);
    } else if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
      Work.push_back(CO->getTrueExpr());
      Work.push_back(CO->getFalseExpr());
    } else if (const auto *BO = dyn_cast<BinaryOperator>(E);
               BO && (BO->getOpcode() == BO_Assign ||
                      BO->getOpcode() == BO_Comma)) {
      Work.push_back(BO->getRHS());
    } else {
      Values.push_back(E);
    }
  }
  return Values;
}

void BodyLowering::freezeWrites(llvm::ArrayRef<uint32_t> NewIndex) {
  if (!CallsVfork)
    return;
  for (const DraftWrite &D : DraftWrites) {
    if (NewIndex[D.Block] == InvalidIndex)
      continue;
    WriteSite W;
    W.Pos = B.pos(D.Loc);
    W.Block = NewIndex[D.Block];
    W.Position = D.Position;
    if (D.Var)
      W.Local = localIndex(D.Var);
    if (D.Source)
      for (const Expr *Value : writtenValues(D.Source)) {
        if (const auto *CE = dyn_cast<CallExpr>(Value);
            CE && CallOfExpr.count(CE))
          W.StoresCall = CallOfExpr.lookup(CE);
        else if (const auto *Ref = dyn_cast<DeclRefExpr>(Value))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
              Var && Locals.count(Var))
            W.CopiesLocal = localIndex(Var);
      }
    Out.editDetail().Writes.push_back(W);
  }
}

void BodyLowering::gatherEdits() {
  for (auto [Index, E] : EditableCalls) {
    CallSite &C = BodyCalls[Index];
    C.Statement = Spans.statementOf(E);
    C.StandsAlone = Spans.standsAlone(E);
    const auto *CE = dyn_cast<CallExpr>(E);
    if (!CE)
      continue;
    if (std::optional<TextEdit> Rewrite =
            Spans.rewriteCall(CE, B.Prog.Functions[C.Callee].LookupName)) {
      C.Rewrite = Out.detail().Rewrites.size();
      Out.editDetail().Rewrites.push_back(std::move(*Rewrite));
    }
    ProcessRole Role = B.known(C.Callee).Role;
    if (Role == ProcessRole::Fork || Role == ProcessRole::Vfork)
      if (std::vector<TextEdit> Spawn = Spans.spawnRewrite(CE);
          !Spawn.empty()) {
        BodyDetail &Detail = Out.editDetail();
        uint32_t Begin = Detail.Rewrites.size();
        llvm::append_range(Detail.Rewrites, Spawn);
        Detail.Spawns.push_back(
            {Index, Begin, uint32_t(Detail.Rewrites.size())});
      }
  }
  for (auto [Index, RS] : EditableReturns) {
    ReturnSite &Ret = BodyReturns[Index];
    Ret.Statement = Spans.statementOf(RS);
    if (FD->isMain())
      setExitRewrite(Ret, Spans.returnToExit(RS));
  }
  if (FD->isMain())
    for (ReturnSite &Ret : BodyReturns)
      if (Ret.Implicit)
        setExitRewrite(Ret, Spans.exitAtEnd(cast<CompoundStmt>(FD->getBody())));
}

void BodyLowering::setExitRewrite(ReturnSite &Ret,
                                  llvm::ArrayRef<TextEdit> Edits) {
  Ret.ExitRewriteBegin = Out.detail().Rewrites.size();
  if (!Edits.empty())
    llvm::append_range(Out.editDetail().Rewrites, Edits);
  Ret.ExitRewriteEnd = Out.detail().Rewrites.size();
}

uint32_t BodyLowering::addReturn(ReturnSite Ret) {
  BodyReturns.push_back(std::move(Ret));
  ReturnValues.emplace_back();
  return BodyReturns.size() - 1;
}

uint32_t BodyLowering::addCall(uint32_t Block, CallSite C) {
  uint32_t Index = BodyCalls.size();
  BodyCalls.push_back(std::move(C));
  Drafts[Block].Events.push_back({Event::Call, Index});
  return Index;
}

void BodyLowering::lowerBlock(const CFGBlock &CB) {
  const uint32_t Block = CB.getBlockID();
  for (const CFGElement &El : CB) {
    if (std::optional<CFGStmt> S = El.getAs<CFGStmt>()) {
      if (!BodyBlocks[Block].Pos.isValid())
        BodyBlocks[Block].Pos = B.pos(S->getStmt()->getBeginLoc());
      if (const auto *DS = dyn_cast<DeclStmt>(S->getStmt()))
        noteCleanupScopes(DS);
      lowerStmt(S->getStmt(), Block);
      trackBindings(CB, S->getStmt());
      noteWrite(S->getStmt(), Block);
      if (Flows)
        Flows->record(S->getStmt());
    } else if (std::optional<CFGInitializer> Init = El.getAs<CFGInitializer>()) {
      const CXXCtorInitializer *I = Init->getInitializer();
      if (Flows && I->isMemberInitializer() && I->getInit())
        Flows->recordMemberInit(I->getMember(), I->getInit());
    } else if (std::optional<CFGImplicitDtor> D = El.getAs<CFGImplicitDtor>()) {
      lowerImplicitDtor(*D, Block);
    } else if (std::optional<CFGCleanupFunction> Cleanup =
                   El.getAs<CFGCleanupFunction>()) {
      lowerCleanup(*Cleanup, Block);
    }
  }
  if (const Stmt *T = CB.getTerminatorStmt())
    if (!BodyBlocks[Block].Pos.isValid())
      BodyBlocks[Block].Pos = B.pos(T->getBeginLoc());

  // The block's way out of the function: a return, a throw that leaves it,
  // or the end of the body.
  if (PendingReturn != InvalidIndex) {
    Drafts[Block].Events.push_back({Event::Return, PendingReturn});
    PendingReturn = InvalidIndex;
    return;
  }
  bool ToExit = llvm::any_of(llvm::seq(CB.succ_size()), [&](unsigned I) {
    return feasibleSucc(CB, I) == ExitBlock;
  });
  if (!ToExit || CB.hasNoReturnElement())
    return;
  ReturnSite Ret;
  // A throw, or the dispatch of a try whose handlers may not match: the
  // exception leaves the function.
  const auto *Try = dyn_cast_or_null<CXXTryStmt>(CB.getTerminatorStmt());
  if (Try && handlesAllThrows(Try))
    return;
  bool Throws = Try || llvm::any_of(CB, [](const CFGElement &El) {
                  std::optional<CFGStmt> S = El.getAs<CFGStmt>();
                  return S && isa<CXXThrowExpr>(S->getStmt());
                });
  if (Throws) {
    Ret.Unwinds = true;
    Ret.Pos = BodyBlocks[Block].Pos;
  } else {
    Ret.Implicit = true;
    Ret.Pos = B.pos(FD->getBody()->getEndLoc());
  }
  // Placed by lowerEdges: where the block also goes elsewhere, the return
  // belongs to the edge that leaves the function, not to the block.
  Drafts[Block].ExitReturn = addReturn(std::move(Ret));
}

bool BodyLowering::handlesAllThrows(const CXXTryStmt *Try) const {
  auto Catches = [&](QualType Thrown) {
    Thrown = Thrown.getCanonicalType().getUnqualifiedType();
    for (unsigned I = 0; I != Try->getNumHandlers(); ++I) {
      QualType Caught = Try->getHandler(I)->getCaughtType();
      if (Caught.isNull()) // catch (...)
        return true;
      Caught = Caught.getNonReferenceType().getCanonicalType().getUnqualifiedType();
      if (Ctx.hasSameUnqualifiedType(Caught, Thrown))
        return true;
      const CXXRecordDecl *From = Thrown->getAsCXXRecordDecl();
      const CXXRecordDecl *To = Caught->getAsCXXRecordDecl();
      if (From && To && From->hasDefinition() && From->isDerivedFrom(To))
        return true;
    }
    return false;
  };
  // Without exception edges in the CFG, only the throws written in the try
  // block reach its handlers.
  std::vector<const Stmt *> Work{Try->getTryBlock()};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(S))
      if (!Throw->getSubExpr() || !Catches(Throw->getSubExpr()->getType()))
        return false;
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return true;
}

void BodyLowering::lowerStmt(const Stmt *S, uint32_t Block) {
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    if (CE == CoroutineExceptionHandler)
      return;
    return lowerCall(CE, Block);
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S))
    return lowerConstruct(CE, Block);
  if (const auto *RS = dyn_cast<ReturnStmt>(S))
    return lowerReturn(RS, Block);
  if (const auto *D = dyn_cast<OMPExecutableDirective>(S))
    return lowerOmpDirective(D, Block);
  if (const auto *NE = dyn_cast<CXXNewExpr>(S))
    return addImplicitCall(Block, NE->getOperatorNew(), CallKind::New,
                           NE->getBeginLoc());
  if (const auto *DE = dyn_cast<CXXDeleteExpr>(S)) {
    if (const CXXRecordDecl *RD = DE->getDestroyedType()->getAsCXXRecordDecl())
      if (const CXXDestructorDecl *Dtor = RD->getDestructor();
          Dtor && !Dtor->isTrivial())
        addImplicitCall(Block, Dtor, CallKind::Destruct, DE->getBeginLoc());
    return addImplicitCall(Block, DE->getOperatorDelete(), CallKind::Delete,
                           DE->getBeginLoc());
  }
  if (const auto *TE = dyn_cast<CXXThrowExpr>(S)) {
    CallSite C;
    C.Kind = CallKind::Throw;
    C.Pos = B.pos(TE->getBeginLoc());
    addCall(Block, std::move(C));
  }
  if (const auto *Default = dyn_cast<CXXDefaultArgExpr>(S))
    return lowerBorrowed(Default->getExpr(), Default->getUsedLocation(), Block);
  // A constructor's own default member initializers are lowered in place
  // (AddCXXDefaultInitExprInCtors); an aggregate's, where it is built.
  if (const auto *Default = dyn_cast<CXXDefaultInitExpr>(S);
      Default && !MemberInits.count(Default))
    return lowerBorrowed(Default->getExpr(), Default->getUsedLocation(), Block);
}

void BodyLowering::lowerBorrowed(const Stmt *S, SourceLocation UsedAt,
                                 uint32_t Block) {
  if (!S)
    return;
  uint32_t First = BodyCalls.size();
  // Children first: the order in which they are evaluated.
  llvm::SmallVector<std::pair<const Stmt *, bool>, 8> Work{{S, false}};
  while (!Work.empty()) {
    auto [Node, ChildrenDone] = Work.pop_back_val();
    if (ChildrenDone) {
      lowerStmt(Node, Block);
      continue;
    }
    Work.push_back({Node, true});
    // A lambda's body runs when it is called, not here.
    if (isa<LambdaExpr>(Node))
      continue;
    llvm::SmallVector<const Stmt *, 4> Children(Node->children());
    for (const Stmt *Child : llvm::reverse(Children))
      if (Child)
        Work.push_back({Child, false});
  }
  for (uint32_t I = First; I != BodyCalls.size(); ++I)
    BodyCalls[I].Pos = B.pos(UsedAt);
}

void BodyLowering::addImplicitCall(uint32_t Block, const FunctionDecl *Callee,
                                   CallKind Kind, SourceLocation Loc) {
  if (!Callee)
    return;
  CallSite C;
  C.Callee = B.functionFor(Callee);
  C.Kind = Kind;
  C.Pos = B.pos(Loc);
  addCall(Block, std::move(C));
}

void BodyLowering::lowerImplicitDtor(const CFGImplicitDtor &D, uint32_t Block) {
  // Deletes are lowered at the delete expression.
  if (D.getAs<CFGDeleteDtor>())
    return;
  const CXXDestructorDecl *Dtor = D.getDestructorDecl(Ctx);
  if (!Dtor || Dtor->isTrivial())
    return;
  CallSite C;
  C.Callee = B.functionFor(Dtor);
  C.Kind = CallKind::Destruct;
  if (std::optional<CFGAutomaticObjDtor> Auto = D.getAs<CFGAutomaticObjDtor>()) {
    C.Pos = B.pos(Auto->getTriggerStmt()->getEndLoc());
    HandleKey Object{HandleKey::Local, localIndex(Auto->getVarDecl()), true};
    ArgInfo ObjectArg{ObjectSlot, InvalidIndex, InvalidIndex, Object};
    C.Args = B.Prog.keep(llvm::ArrayRef(ObjectArg));
  } else if (std::optional<CFGMemberDtor> Member = D.getAs<CFGMemberDtor>()) {
    C.Pos = B.pos(FD->getBody()->getEndLoc());
    const FieldDecl *Field = Member->getFieldDecl();
    HandleKey Object{HandleKey::Field,
                     B.internName(Field->getQualifiedNameAsString()), false};
    ArgInfo ObjectArg{ObjectSlot, InvalidIndex, InvalidIndex, Object};
    C.Args = B.Prog.keep(llvm::ArrayRef(ObjectArg));
  } else if (std::optional<CFGTemporaryDtor> Temp = D.getAs<CFGTemporaryDtor>()) {
    C.Pos = B.pos(Temp->getBindTemporaryExpr()->getEndLoc());
  } else {
    C.Pos = B.pos(FD->getBody()->getEndLoc());
  }
  addCall(Block, std::move(C));
}

void BodyLowering::noteCleanupScopes(const DeclStmt *DS) {
  for (const Decl *D : DS->decls()) {
    const auto *V = dyn_cast<VarDecl>(D);
    if (!V || !V->hasAttr<CleanupAttr>())
      continue;
    if (const auto *Scope =
            dyn_cast_or_null<CompoundStmt>(Spans.parents().getParent(DS)))
      CleanupScopeEnds[V] = Scope->getRBracLoc();
  }
}

void BodyLowering::lowerCleanup(const CFGCleanupFunction &Cleanup,
                                uint32_t Block) {
  const VarDecl *V = Cleanup.getVarDecl();
  SourceLocation End = CleanupScopeEnds.lookup(V);
  addImplicitCall(Block, Cleanup.getFunctionDecl(), CallKind::Direct,
                  End.isValid() ? End : V->getLocation());
}

/// The global operator new or delete that __builtin_operator_new or
/// __builtin_operator_delete (which the standard library calls) stands for.
static const FunctionDecl *replaceableOperator(ASTContext &Ctx, unsigned ID) {
  OverloadedOperatorKind Op = ID == Builtin::BI__builtin_operator_new
                                  ? OO_New
                                  : OO_Delete;
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(
           Ctx.DeclarationNames.getCXXOperatorName(Op)))
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      return FD;
  return nullptr;
}

void BodyLowering::lowerCall(const CallExpr *CE, uint32_t Block) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  const unsigned BuiltinID = Callee ? Callee->getBuiltinID() : 0;
  if (BuiltinID == Builtin::BI__builtin_operator_new ||
      BuiltinID == Builtin::BI__builtin_operator_delete) {
    return addImplicitCall(Block, replaceableOperator(Ctx, BuiltinID),
                           BuiltinID == Builtin::BI__builtin_operator_new
                               ? CallKind::New
                               : CallKind::Delete,
                           CE->getBeginLoc());
  }
  // Compiler builtins that are not library functions (__builtin_expect,
  // std::move) are no calls at all.
  if (BuiltinID && (Ctx.BuiltinInfo.isInStdNamespace(BuiltinID) ||
                    (!Ctx.BuiltinInfo.isLibFunction(BuiltinID) &&
                     !Ctx.BuiltinInfo.isPredefinedLibFunction(BuiltinID))))
    return;
  CallSite C;
  // An operator or member call is where its operator or member name is:
  // `out << a << b` holds two calls.
  C.Pos = B.pos(isa<CXXOperatorCallExpr, CXXMemberCallExpr>(CE)
                    ? CE->getExprLoc()
                    : CE->getBeginLoc());
  QualType CalleeType = CE->getCallee()->getType();
  if (CalleeType->isPointerType() || CalleeType->isBlockPointerType())
    CalleeType = CalleeType->getPointeeType();
  if (const auto *FT = CalleeType->getAs<FunctionType>())
    C.DeclaredNoReturn = FT->getNoReturnAttr();
  if (!Callee) {
    C.Kind = CallKind::Indirect;
    llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
    C.Args = B.Prog.keep(
        llvm::ArrayRef(describeArgs(nullptr, InvalidIndex, Args, nullptr, CE)));
    CallOfExpr[CE] = addCall(Block, std::move(C));
    AnyTrackedCall |= isTrackedCall(CE);
    return;
  }
  C.Callee = B.functionFor(Callee);
  C.DeclaredNoReturn |= Callee->isNoReturn();
  // syscall(SYS_exit, n) is _exit(n) by its number.
  if (const FunctionDecl *Same = syscallEquivalent(CE, C.Callee)) {
    C.Callee = B.functionFor(Same);
    C.DeclaredNoReturn |= Same->isNoReturn();
  }
  // `snprintf(...)` that a system header's macro of the same name turns into
  // __builtin___snprintf_chk (glibc's _FORTIFY_SOURCE) is the user's call.
  if (C.Pos.FromSystemHeader && CE->getBeginLoc().isMacroID() &&
      Lexer::getImmediateMacroName(CE->getBeginLoc(), SM, Ctx.getLangOpts()) ==
          canonicalLibraryName(B.Prog.Functions[C.Callee].LookupName) &&
      !B.Prog.Files[C.Pos.File].IsSystem)
    C.Pos.FromSystemHeader = false;
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  const Expr *Object = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
    Object = MC->getImplicitObjectArgument();
  else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
           OC && isa<CXXMethodDecl>(Callee) && !Args.empty()) {
    Object = Args.front();
    Args.erase(Args.begin());
  }
  C.Args = B.Prog.keep(
      llvm::ArrayRef(describeArgs(Callee, C.Callee, Args, Object, CE)));
  // Fix-its edit the functions that fork, where child regions lie, the
  // ones that exec, where a failed exec goes on, and the calls that make
  // descriptors.
  KnownApi Api = B.known(C.Callee);
  NeedsEdits |=
      Api.forks() || Api.Role == ProcessRole::Exec || Api.MakesDescriptors;
  MadeDescriptors |= Api.MakesDescriptors;
  CallsVfork |= Api.Role == ProcessRole::Vfork;
  uint32_t Index = addCall(Block, std::move(C));
  CallOfExpr[CE] = Index;
  EditableCalls.push_back({Index, CE});
  AnyTrackedCall |= isTrackedCall(CE);
}

const FunctionDecl *BodyLowering::syscallEquivalent(const CallExpr *CE,
                                                    FunctionId Callee) {
  llvm::StringRef Name = B.Prog.Functions[Callee].LookupName;
  Expr::EvalResult Number;
  if (!B.Know.makesRawSyscalls(Name) || CE->getNumArgs() == 0 ||
      CE->getArg(0)->isValueDependent() ||
      !CE->getArg(0)->EvaluateAsInt(Number, Ctx))
    return nullptr;
  llvm::StringRef Same = B.Know.syscallEquivalent(
      Name, llvm::Triple::getArchTypeName(Ctx.getTargetInfo().getTriple().getArch()),
      Number.Val.getInt().getExtValue());
  if (Same.empty())
    return nullptr;
  // <unistd.h> declares it beside syscall().
  for (const NamedDecl *D :
       Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Same)))
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      return FD;
  return nullptr;
}

void BodyLowering::lowerConstruct(const CXXConstructExpr *CE, uint32_t Block) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!Ctor || Ctor->isTrivial())
    return;
  CallSite C;
  C.Callee = B.functionFor(Ctor);
  C.Kind = CallKind::Construct;
  C.Pos = B.pos(CE->getBeginLoc());
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  llvm::SmallVector<ArgInfo, 4> Infos =
      describeArgs(Ctor, C.Callee, Args, nullptr, CE);
  if (isHandleType(CE->getType()))
    Infos.push_back({ObjectSlot, InvalidIndex, InvalidIndex, receiverOf(CE)});
  C.Args = B.Prog.keep(llvm::ArrayRef(Infos));
  uint32_t Index = addCall(Block, std::move(C));
  CallOfExpr[CE] = Index;
  EditableCalls.push_back({Index, CE});
}

void BodyLowering::lowerReturn(const ReturnStmt *RS, uint32_t Block) {
  ReturnSite Ret;
  Ret.Pos = B.pos(RS->getReturnLoc());
  if (const Expr *Value = RS->getRetValue(); Value && isHandleType(Value->getType())) {
    // `return t;` moves t out: the handle is t's.
    Value = skipCastsAndParens(Value);
    if (const auto *Move = dyn_cast<CXXConstructExpr>(Value);
        Move && Move->getNumArgs() == 1 &&
        Move->getConstructor()->isCopyOrMoveConstructor())
      Value = Move->getArg(0);
    if (HandleKey K = handleKey(Value); K.K == HandleKey::Local)
      Ret.ReturnsLocal = K.Id;
  }
  uint32_t Index = addReturn(std::move(Ret));
  EditableReturns.push_back({Index, RS});
  PendingReturn = Index;
  Tracked[Block].push_back(
      {TrackedElement::Return, {}, Index, RS->getRetValue()});
}

} // namespace lowering

void lowerBody(ModelBuilder::Impl &B, const FunctionDecl *Def, Function &Out) {
  lowering::BodyLowering(B, Def, Out).run();
}

} // namespace forksafe
