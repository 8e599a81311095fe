//===- ValueFlows.cpp - Where the addresses of functions go ---------------===//
//
// Field-based: a store into `S::cb` reaches every call through `S::cb`,
// whatever the object. A virtual method flows into a slot named after each
// method it overrides, which the virtual calls of those methods go through.
//
//===----------------------------------------------------------------------===//

#include "ValueFlows.h"
#include "BodyLowering.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace forksafe {

/// The standard library's type-erased callables.
static bool isFunctionObjectType(const CXXRecordDecl *RD) {
  if (!RD || !RD->isInStdNamespace() || !RD->getIdentifier())
    return false;
  return llvm::is_contained({"function", "move_only_function",
                             "copyable_function", "function_ref"},
                            RD->getName());
}

bool holdsFunctions(QualType T) {
  while (true) {
    if (T->isBuiltinType())
      return false;
    T = T.getNonReferenceType();
    if (T->isFunctionType() || T->isMemberFunctionPointerType())
      return true;
    if (T->isPointerType())
      T = T->getPointeeType();
    else if (T->isArrayType())
      T = QualType(T->getArrayElementTypeNoTypeQual(), 0);
    else
      return isFunctionObjectType(T->getAsCXXRecordDecl());
  }
}

namespace {

using lowering::skipCastsAndParens;
using lowering::skipMoveAndForward;

/// A call of std::bind or std::bind_front: its first argument is what it
/// calls.
bool isBind(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  return Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
         (Callee->getName() == "bind" || Callee->getName() == "bind_front") &&
         CE->getNumArgs() != 0;
}

} // namespace

FlowRecorder::FlowRecorder(ModelBuilder::Impl &B, const FunctionDecl *FD,
                           FunctionId Self,
                           std::function<uint32_t(const Stmt *)> CallOf)
    : B(B), FD(FD), Self(Self), CallOf(std::move(CallOf)) {}

void FlowRecorder::record(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() == BO_Assign && holdsFunctions(BO->getLHS()->getType()))
      flowInto(slotOf(BO->getLHS()), BO->getRHS(), BO->getLHS()->getType());
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit())
        flowInto(slotOfVar(V), V->getInit(), V->getType());
  } else if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
    if (FD && RS->getRetValue() && holdsFunctions(FD->getReturnType()))
      flowInto({ValueSlot::Return, Self, 0}, RS->getRetValue(),
               FD->getReturnType());
  } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
    recordCall(CE);
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    recordConstruct(Construct);
  }
}

void FlowRecorder::recordMemberInit(const FieldDecl *Field, const Expr *Init) {
  flowInto(fieldSlot(Field), Init, Field->getType());
}

void FlowRecorder::recordGlobal(const VarDecl *V) {
  flowInto(slotOfVar(V), V->getInit(), V->getType());
}

void FlowRecorder::flowInto(ValueSlot To, const Expr *E, QualType T) {
  // Most stores are of numbers and data pointers: said at once.
  if (!To.isValid() || !E ||
      !(holdsFunctions(T) || T->isRecordType() || T->isArrayType()))
    return;
  E = skipCastsAndParens(E);
  if (const auto *ILE = dyn_cast<InitListExpr>(E)) {
    if (ILE->isSyntacticForm() && ILE->getSemanticForm())
      ILE = ILE->getSemanticForm();
    T = T.getNonReferenceType();
    if (const auto *AT = T->getAsArrayTypeUnsafe()) {
      for (const Expr *Element : ILE->inits())
        flowInto(To, Element, AT->getElementType());
      return;
    }
    const RecordDecl *RD = T->getAsRecordDecl();
    if (!RD || ILE->getNumInits() == 0)
      return;
    if (const FieldDecl *Union = ILE->getInitializedFieldInUnion())
      return flowInto(fieldSlot(Union), ILE->getInit(0), Union->getType());
    unsigned I = 0;
    for (const FieldDecl *Field : RD->fields()) {
      if (I == ILE->getNumInits())
        break;
      flowInto(fieldSlot(Field), ILE->getInit(I++), Field->getType());
    }
    return;
  }
  if (!holdsFunctions(T))
    return;
  for (const FunctionSource &S : sourcesOf(E))
    if (S.Value != InvalidIndex || !(S.Slot == To))
      B.Prog.Values.Flows.push_back({To, S.Slot, S.Value});
}

FlowRecorder::FunctionSources FlowRecorder::sourcesOf(const Expr *E) {
  FunctionSources Out;
  addSources(E, Out, 0);
  return Out;
}

void FlowRecorder::addSources(const Expr *E, FunctionSources &Out,
                              unsigned Depth) {
  // Nested `?:` arms are few in real code; a generated chain of thousands
  // stops here rather than overflow the stack.
  if (!E || Depth > 32)
    return;
  E = skipMoveAndForward(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref))
    return addSources(UO->getSubExpr(), Out, Depth + 1);
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    addSources(CO->getTrueExpr(), Out, Depth + 1);
    return addSources(CO->getFalseExpr(), Out, Depth + 1);
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && (BO->getOpcode() == BO_Comma || BO->getOpcode() == BO_Assign))
    return addSources(BO->getRHS(), Out, Depth + 1);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl()))
      Out.push_back({B.functionFor(Fn), {}});
    else if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (ValueSlot S = slotOfVar(V); S.isValid())
        Out.push_back({InvalidIndex, S});
    return;
  }
  if (isa<MemberExpr, ArraySubscriptExpr>(E)) {
    if (ValueSlot S = slotOf(E); S.isValid())
      Out.push_back({InvalidIndex, S});
    return;
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(E))
    return Out.push_back({B.functionFor(LE->getCallOperator()), {}});
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (isBind(CE))
      return addSources(CE->getArg(0), Out, Depth + 1);
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
        OC && OC->getOperator() == OO_Subscript)
      return addSources(OC->getArg(0), Out, Depth + 1);
    if (const FunctionDecl *Callee = CE->getDirectCallee();
        Callee && !Callee->getBuiltinID())
      Out.push_back({InvalidIndex, {ValueSlot::Return, B.functionFor(Callee), 0}});
    return;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    // std::function<void()> f(job), f = job: what it is made from.
    if (isFunctionObjectType(Construct->getType()->getAsCXXRecordDecl())) {
      if (Construct->getNumArgs() != 0)
        addSources(Construct->getArg(0), Out, Depth + 1);
      return;
    }
  }
  // A functor: its call operator.
  if (FunctionId Call = callOperator(E->getType()->getAsCXXRecordDecl());
      Call != InvalidIndex)
    Out.push_back({Call, {}});
}

FunctionId FlowRecorder::callOperator(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition() || isFunctionObjectType(RD))
    return InvalidIndex;
  auto Found = RD->lookup(B.Ctx.DeclarationNames.getCXXOperatorName(OO_Call));
  if (!Found.isSingleResult())
    return InvalidIndex;
  const auto *MD = dyn_cast<CXXMethodDecl>(Found.front());
  return MD ? B.functionFor(MD) : InvalidIndex;
}

ValueSlot FlowRecorder::slotOf(const Expr *E) {
  while (true) {
    E = skipMoveAndForward(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)) {
      E = UO->getSubExpr();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      continue;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
        OC && OC->getOperator() == OO_Subscript) {
      E = OC->getArg(0);
      continue;
    }
    break;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      return slotOfVar(V);
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      return fieldSlot(Field);
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = CE->getDirectCallee();
        Callee && !Callee->getBuiltinID())
      return {ValueSlot::Return, B.functionFor(Callee), 0};
  return {};
}

ValueSlot FlowRecorder::slotOfVar(const VarDecl *V) {
  if (const auto *Param = dyn_cast<ParmVarDecl>(V))
    return FD && Param->getDeclContext() == FD
               ? ValueSlot{ValueSlot::Param, Self,
                           Param->getFunctionScopeIndex()}
               : ValueSlot{};
  if (V->hasLocalStorage()) {
    if (!FD)
      return {};
    auto [It, New] = Locals.try_emplace(V, Locals.size());
    return {ValueSlot::Local, Self, It->second};
  }
  // A static variable is its unit's (or its function's): its name says so,
  // since other units may have one of the same name.
  std::string Name = V->getQualifiedNameAsString();
  if (V->isStaticLocal() && FD)
    Name = FD->getQualifiedNameAsString() + "::" + Name;
  if (!V->isExternallyVisible())
    if (OptionalFileEntryRef Main =
            B.SM.getFileEntryRefForID(B.SM.getMainFileID()))
      Name = llvm::sys::path::filename(Main->getName()).str() + "#" + Name;
  return {ValueSlot::Global, B.internName(Name), 0};
}

ValueSlot FlowRecorder::fieldSlot(const FieldDecl *Field) {
  const RecordDecl *RD = Field->getParent();
  std::string Record = RD->getQualifiedNameAsString();
  // `typedef struct { ... } ops_t;`: the typedef names the record.
  if (!RD->getIdentifier())
    if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
      Record = TD->getQualifiedNameAsString();
  return {ValueSlot::Field, B.internName(Record + "::" + Field->getName().str()),
          0};
}

ValueSlot FlowRecorder::virtualSlot(const CXXMethodDecl *MD) {
  return {ValueSlot::Field,
          B.internName("virtual " + B.symbolOf(MD->getCanonicalDecl())), 0};
}

void FlowRecorder::recordOverrider(const CXXMethodDecl *MD) {
  const FunctionId Value = B.functionFor(MD);
  llvm::SmallVector<const CXXMethodDecl *, 4> Work{MD};
  llvm::SmallPtrSet<const CXXMethodDecl *, 4> Seen;
  while (!Work.empty()) {
    const CXXMethodDecl *M = Work.pop_back_val();
    if (!Seen.insert(M->getCanonicalDecl()).second)
      continue;
    B.Prog.Values.Flows.push_back({virtualSlot(M), {}, Value});
    for (const CXXMethodDecl *Overridden : M->overridden_methods())
      Work.push_back(Overridden);
  }
}

llvm::StringRef FlowRecorder::spelling(const Expr *E) {
  SourceRange Range = E->getSourceRange();
  std::string Text;
  if (Range.isValid() && !Range.getBegin().isMacroID() &&
      !Range.getEnd().isMacroID())
    Text = Lexer::getSourceText(CharSourceRange::getTokenRange(Range), B.SM,
                                B.LangOpts)
               .str();
  // One line, and short: it is quoted in messages.
  llvm::erase_if(Text, [](char C) { return C == '\n' || C == '\r'; });
  if (Text.empty() || Text.size() > 60)
    Text = "a function pointer";
  return B.Prog.keep(Text);
}

void FlowRecorder::recordCallThrough(const Stmt *Call, int32_t Slot,
                                     const Expr *Through, bool KeepsCallee) {
  uint32_t Index = CallOf(Call);
  if (Index == InvalidIndex)
    return;
  for (const FunctionSource &S : sourcesOf(Through))
    if (S.Slot.isValid())
      B.Prog.Values.Calls.push_back(
          {Self, Index, Slot, S.Slot, spelling(Through), KeepsCallee});
}

/// Whether an argument of a call of Callee may pass a function on.
static bool passesFunctions(const FunctionDecl *Callee,
                            llvm::ArrayRef<const Expr *> Args) {
  // A parameter's type is what its argument becomes; a variadic or
  // unprototyped argument keeps its own.
  for (uint32_t I = 0; I != Args.size(); ++I)
    if (holdsFunctions(I < Callee->getNumParams()
                           ? Callee->getParamDecl(I)->getType()
                           : Args[I]->getType()))
      return true;
  return false;
}

void FlowRecorder::recordArguments(const FunctionDecl *CalleeDecl,
                                   llvm::ArrayRef<const Expr *> Args,
                                   const Stmt *Call) {
  if (!passesFunctions(CalleeDecl, Args))
    return;
  const FunctionId Callee = B.functionFor(CalleeDecl);
  const KnownApi Api = B.known(Callee);
  // The C library keeps no callback the program's own calls go through,
  // but a thread start runs one.
  bool Library = B.Prog.Functions[Callee].IsCLibrary;
  for (uint32_t I = 0; I != Args.size(); ++I) {
    QualType T = I < CalleeDecl->getNumParams()
                     ? CalleeDecl->getParamDecl(I)->getType()
                     : Args[I]->getType();
    if (!holdsFunctions(T) && !holdsFunctions(Args[I]->getType()))
      continue;
    if (!Library)
      flowInto({ValueSlot::Param, Callee, I}, Args[I], Args[I]->getType());
    if (!Library || (Api.Start && Api.Start->RoutineSlot == int32_t(I)))
      recordCallThrough(Call, I, Args[I]);
  }
}

void FlowRecorder::recordCall(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  // A direct call of a C function that is given no function: nothing to
  // record (the common case, said without a lookup).
  if (Callee && !isa<CXXMethodDecl>(Callee) &&
      !passesFunctions(Callee, llvm::ArrayRef(CE->getArgs(), CE->getNumArgs())))
    return;
  if (Callee && Callee->getBuiltinID())
    return;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
    const Expr *Object = OC->getNumArgs() ? OC->getArg(0) : nullptr;
    bool OfFunctionObject =
        Object && isFunctionObjectType(Object->getType()->getAsCXXRecordDecl());
    // f = job, f(args) on a std::function f.
    if (OfFunctionObject && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
      flowInto(slotOf(Object), OC->getArg(1), Object->getType());
    if (OfFunctionObject && OC->getOperator() == OO_Call)
      recordCallThrough(CE, NoSlot, Object);
    return;
  }
  if (!Callee) {
    const Expr *Through = CE->getCallee();
    if (!isa<BinaryOperator>(skipCastsAndParens(Through))) // obj.*pm
      recordCallThrough(CE, NoSlot, Through);
    return;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
    if (const CXXMethodDecl *MD = MC->getMethodDecl(); MD && MD->isVirtual()) {
      const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
      bool Qualified = ME && ME->hasQualifier();
      if (!Qualified && !MD->hasAttr<FinalAttr>() &&
          !MD->getParent()->hasAttr<FinalAttr>())
        if (uint32_t Index = CallOf(CE); Index != InvalidIndex)
          B.Prog.Values.Calls.push_back(
              {Self, Index, NoSlot, virtualSlot(MD), B.Prog.keep(MD->getQualifiedNameAsString()),
               !MD->isPureVirtual()});
    }
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  if (isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(Callee) && !Args.empty())
    Args.erase(Args.begin());
  recordArguments(Callee, Args, CE);
}

void FlowRecorder::recordConstruct(const CXXConstructExpr *CE) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!Ctor || Ctor->isTrivial() ||
      isFunctionObjectType(CE->getType()->getAsCXXRecordDecl()))
    return;
  llvm::SmallVector<const Expr *, 4> Args(CE->arguments());
  recordArguments(Ctor, Args, CE);
}

void recordGlobalValueFlows(ModelBuilder::Impl &B,
                            llvm::ArrayRef<const VarDecl *> Vars) {
  FlowRecorder Recorder(B, nullptr, InvalidIndex,
                        [](const Stmt *) { return InvalidIndex; });
  for (const VarDecl *V : Vars)
    Recorder.recordGlobal(V);
}

} // namespace forksafe
