//===- Arguments.cpp - What a call's arguments name ------------------------===//
//
// The facts about a call's arguments that thread starts, joins and the
// re-init table need: the routine an argument runs, the parameter it
// forwards, and the thread handle (or handle of the table) it names: a
// variable, a field, a temporary, a container of threads, the variable a
// result is stored in.
//
//===----------------------------------------------------------------------===//

#include "BodyLowering.h"
#include "knowledge/Knowledge.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"

using namespace clang;

namespace forksafe {
namespace lowering {

uint32_t BodyLowering::handleType(QualType T) {
  // Asked of every argument of every call: answered once per type.
  auto [It, Inserted] = B.HandleTypes.try_emplace(T.getTypePtr(), InvalidIndex);
  if (Inserted)
    It->second = handleTypeOf(T);
  return It->second;
}

uint32_t BodyLowering::handleTypeOf(QualType T) {
  T = T.getNonReferenceType();
  while (T->isPointerType() || T->isArrayType())
    T = T->isPointerType() ? T->getPointeeType()
                           : QualType(T->getArrayElementTypeNoTypeQual(), 0);
  std::string Name;
  if (const auto *TT = T->getAs<TypedefType>();
      TT && B.Know.isHandleType(TT->getDecl()->getName()))
    Name = TT->getDecl()->getName().str();
  else if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    Name = RD->getQualifiedNameAsString();
  else if (const auto *RT = T->getAs<RecordType>())
    Name = RT->getDecl()->getName().str();
  return !Name.empty() && B.Know.isHandleType(Name) ? B.internName(Name)
                                                    : InvalidIndex;
}

llvm::SmallVector<ArgInfo, 4>
BodyLowering::describeArgs(const FunctionDecl *Callee, FunctionId CalleeId,
                           llvm::ArrayRef<const Expr *> Args,
                           const Expr *Object, const Expr *Whole) {
  llvm::SmallVector<ArgInfo, 4> Infos;
  const KnownApi Api = B.known(CalleeId);
  auto NamesHandle = [&](int32_t Slot) { return Api.namesHandle(Slot); };
  bool CallsLibrary =
      CalleeId != InvalidIndex && B.Prog.Functions[CalleeId].IsCLibrary;
  // A copy: what describes the arguments may look another callee up.
  const LibraryArgs Library =
      CallsLibrary ? B.libraryArgs(CalleeId) : LibraryArgs();
  const auto &[Handlers, Signals, Descriptors, Mark, Atomic, ObjectArg] =
      Library;
  for (uint32_t I = 0; I != Args.size(); ++I) {
    const Expr *Arg = Args[I];
    ArgInfo Info;
    Info.Slot = I;
    // std::thread(f, args...) calls f(args...).
    Info.Function = routineOf(Arg, Args.drop_front(I + 1));
    for (const HandlerSlot &H : Handlers)
      if (H.Slot == int32_t(I) && !H.Field.empty() &&
          Info.Function == InvalidIndex)
        Info.Function = handlerInRecord(Arg, H.Field);
    Info.ForwardsParam = forwardedParam(Arg);
    Info.HandleType = handleType(Arg->getType());
    bool IsObject = ObjectArg == int32_t(I);
    bool MayPassDescriptor =
        MadeDescriptors && !CallsLibrary && Arg->getType()->isIntegerType();
    if (NamesHandle(I) || Info.HandleType != InvalidIndex || IsObject ||
        MayPassDescriptor) {
      Info.Handle =
          handleKey(Mark || MayPassDescriptor ? descriptorSource(Arg) : Arg);
      const auto *UO = dyn_cast<UnaryOperator>(skipCastsAndParens(Arg));
      Info.AddressOf = UO && UO->getOpcode() == UO_AddrOf;
    }
    // fflush(NULL) flushes every stream; sigaction(sig, NULL, &old) and
    // sigprocmask(how, NULL, &old) only read.
    bool ReadsOnlyIfNull =
        Signals && (Signals->K == SignalApi::Mask
                        ? Signals->SignalSlot == int32_t(I)
                        : !Signals->HandlerField.empty() &&
                              Signals->ValueSlot == int32_t(I));
    Info.IsNull = (Api.isAttributes(I) || Api.isCallback(I) || IsObject ||
                   ReadsOnlyIfNull) &&
                  Arg->isNullPointerConstant(Ctx,
                                             Expr::NPC_ValueDependentIsNotNull);
    Info.NotifiesByThread = Api.isSigevent(I) && notifiesByThread(Arg);
    if (Signals && Signals->K == SignalApi::Disposition &&
        Signals->SignalSlot == int32_t(I))
      Info.Constant = spelledConstant(Arg);
    if (Signals && Signals->ValueSlot == int32_t(I))
      Info.Constant = Signals->HandlerField.empty()
                          ? spelledConstant(Arg)
                          : constantInRecord(Arg, Signals->HandlerField, Whole);
    describeCloexecFlags(Arg, I, Descriptors, Mark, Atomic, Info);
    if (Info.Function != InvalidIndex || Info.ForwardsParam != InvalidIndex ||
        Info.Handle.isKnown() || Info.IsNull || Info.NotifiesByThread ||
        Info.Constant != InvalidIndex || Info.SpelledOut)
      Infos.push_back(Info);
  }
  if (Object && (NamesHandle(ObjectSlot) || isHandleType(Object->getType())))
    Infos.push_back({ObjectSlot, InvalidIndex, InvalidIndex, handleKey(Object)});
  uint32_t ResultType =
      handleType(Callee ? Callee->getReturnType() : Whole->getType());
  if (NamesHandle(ResultSlot) || ResultType != InvalidIndex ||
      (Descriptors && Descriptors->ResultSlot == ResultSlot)) {
    Infos.push_back({ResultSlot, InvalidIndex, InvalidIndex, receiverOf(Whole)});
    Infos.back().HandleType = ResultType;
  }
  return Infos;
}

FunctionId BodyLowering::routineOf(const Expr *E,
                                   llvm::ArrayRef<const Expr *> Args) {
  E = skipMoveAndForward(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    E = skipCastsAndParens(UO->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl()))
      return B.functionFor(Fn);
  // A lambda, a functor, a closure held in a variable: its call operator.
  const CXXRecordDecl *RD = E->getType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return InvalidIndex;
  return callOperatorOf(RD, Args);
}

/// The function that the initialiser Init gives field Field, in its
/// records and unions at any depth.
static const Expr *fieldInitializer(const InitListExpr *Init,
                                    llvm::StringRef Field) {
  if (Init->isSyntacticForm() && Init->getSemanticForm())
    Init = Init->getSemanticForm();
  const RecordDecl *RD = Init->getType()->getAsRecordDecl();
  if (!RD)
    return nullptr;
  auto Look = [&](const FieldDecl *F, const Expr *Value) -> const Expr * {
    if (F->getName() == Field)
      return Value;
    const auto *Inner = dyn_cast<InitListExpr>(Value->IgnoreImplicit());
    return Inner ? fieldInitializer(Inner, Field) : nullptr;
  };
  if (RD->isUnion()) {
    const FieldDecl *F = Init->getInitializedFieldInUnion();
    return F && Init->getNumInits() == 1 ? Look(F, Init->getInit(0)) : nullptr;
  }
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    if (I == Init->getNumInits())
      break;
    if (const Expr *Value = Look(F, Init->getInit(I++)))
      return Value;
  }
  return nullptr;
}

const VarDecl *addressedVariable(const Expr *E) {
  const auto *UO = dyn_cast<UnaryOperator>(skipCastsAndParens(E));
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(skipCastsAndParens(UO->getSubExpr()));
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

llvm::SmallVector<const Expr *, 2>
BodyLowering::fieldValues(const VarDecl *Record, llvm::StringRef Field) const {
  llvm::SmallVector<const Expr *, 2> Values;
  if (const auto *Init = dyn_cast_or_null<InitListExpr>(
          Record->getInit() ? Record->getInit()->IgnoreImplicit() : nullptr))
    if (const Expr *Value = fieldInitializer(Init, Field))
      Values.push_back(Value);
  if (!FD || !FD->getBody())
    return Values;
  auto IsField = [&](const Expr *E) {
    const auto *ME = dyn_cast<MemberExpr>(skipCastsAndParens(E));
    if (!ME || ME->isArrow() || ME->getMemberDecl()->getName() != Field)
      return false;
    const Expr *Base = skipCastsAndParens(ME->getBase());
    while (const auto *Outer = dyn_cast<MemberExpr>(Base))
      Base = skipCastsAndParens(Outer->getBase());
    const auto *BaseRef = dyn_cast<DeclRefExpr>(Base);
    return BaseRef && BaseRef->getDecl() == Record;
  };
  std::vector<const Stmt *> Work{FD->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->getOpcode() == BO_Assign && IsField(BO->getLHS()))
      Values.push_back(BO->getRHS());
    llvm::append_range(Work, S->children());
  }
  return Values;
}

FunctionId BodyLowering::handlerInRecord(const Expr *Arg,
                                         llvm::StringRef Field) {
  const VarDecl *Record = addressedVariable(Arg);
  if (!Record)
    return InvalidIndex;
  for (const Expr *Value : fieldValues(Record, Field))
    if (FunctionId F = routineOf(Value, {}); F != InvalidIndex)
      return F;
  return InvalidIndex;
}

uint32_t BodyLowering::spelledConstant(const Expr *E) {
  // Through the macros that expand to the one the tables know:
  // `#define IGNORE SIG_IGN`.
  for (SourceLocation Loc = E->getBeginLoc(); Loc.isMacroID();
       Loc = SM.getImmediateMacroCallerLoc(Loc)) {
    llvm::StringRef Name =
        Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    if (signalConstant(Name))
      return B.internName(Name);
  }
  return InvalidIndex;
}

void BodyLowering::describeCloexecFlags(
    const Expr *Arg, int32_t Slot, const std::optional<DescriptorApi> &Api,
    const std::optional<CloexecMark> &Mark,
    const std::optional<std::pair<int32_t, llvm::StringRef>> &Atomic,
    ArgInfo &Info) {
  auto SpelledOut = [&] {
    return !Arg->isValueDependent() &&
           (Arg->isIntegerConstantExpr(Ctx) ||
            isa<StringLiteral>(Arg->IgnoreParenImpCasts()));
  };
  llvm::StringRef Wanted;
  if (Api && Api->FlagSlot == Slot) {
    Wanted = Api->Flag;
    Info.SpelledOut = SpelledOut();
  } else if (Mark && Mark->CommandSlot == Slot) {
    Wanted = Mark->Command;
  } else if (Mark && Mark->FlagSlot == Slot) {
    Wanted = Mark->Flag;
    Info.SpelledOut = SpelledOut();
  }
  if (!Wanted.empty() && spellsConstant(Arg, Wanted))
    Info.Constant = B.internName(Wanted);
  else if (Atomic && Atomic->first == Slot &&
           spellsConstant(Arg, Atomic->second))
    Info.Constant = B.internName(Atomic->second);
}

bool BodyLowering::spellsConstant(const Expr *E, llvm::StringRef Name) const {
  // Anywhere in the expression, through the macros that expand to it:
  // `O_RDWR | O_CLOEXEC`, `fcntl(fd, F_GETFD) | FD_CLOEXEC`.
  std::vector<const Stmt *> Work{E};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    // A mode string: fopen(path, "re").
    if (const auto *Text = dyn_cast<StringLiteral>(S)) {
      if (Text->isOrdinary() && Text->getString().contains(Name))
        return true;
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && isa<EnumConstantDecl>(Ref->getDecl()) &&
        Ref->getDecl()->getName() == Name)
      return true;
    for (SourceLocation Loc = S->getBeginLoc(); Loc.isMacroID();
         Loc = SM.getImmediateMacroCallerLoc(Loc))
      if (Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts()) == Name)
        return true;
    llvm::append_range(Work, S->children());
  }
  return false;
}

const Expr *BodyLowering::descriptorSource(const Expr *E) const {
  const auto *CE = dyn_cast<CallExpr>(skipCastsAndParens(E));
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getDeclName().isIdentifier())
    return E;
  std::optional<int32_t> Slot = descriptorOf(Callee->getName());
  return Slot && unsigned(*Slot) < CE->getNumArgs() ? CE->getArg(*Slot) : E;
}

uint32_t BodyLowering::constantInRecord(const Expr *Arg, llvm::StringRef Field,
                                        const Expr *Call) {
  // `&(struct sigaction){.sa_handler = SIG_IGN}`.
  if (const auto *UO = dyn_cast<UnaryOperator>(skipCastsAndParens(Arg));
      UO && UO->getOpcode() == UO_AddrOf)
    if (const auto *Literal = dyn_cast<CompoundLiteralExpr>(
            skipCastsAndParens(UO->getSubExpr())))
      if (const auto *Init = dyn_cast_or_null<InitListExpr>(
              Literal->getInitializer()))
        if (const Expr *Value = fieldInitializer(Init, Field))
          return spelledConstant(Value);
  const VarDecl *Record = addressedVariable(Arg);
  if (!Record || !Call)
    return InvalidIndex;
  // The value set last before the call, in the order of the source: a
  // record reused for several signals holds a handler per call.
  const Expr *Latest = nullptr;
  for (const Expr *Value : fieldValues(Record, Field))
    if (SM.isBeforeInTranslationUnit(Value->getBeginLoc(),
                                     Call->getBeginLoc()) &&
        (!Latest || SM.isBeforeInTranslationUnit(Latest->getBeginLoc(),
                                                 Value->getBeginLoc())))
      Latest = Value;
  return Latest ? spelledConstant(Latest) : InvalidIndex;
}

/// The instantiation of T that a call with Args runs: the only one, or the
/// one whose parameters take the arguments' types as they are.
static const FunctionDecl *instantiationFor(const FunctionTemplateDecl *T,
                                            llvm::ArrayRef<const Expr *> Args) {
  auto Instances = T->specializations();
  if (std::distance(Instances.begin(), Instances.end()) == 1)
    return *Instances.begin();
  auto Bare = [](QualType Ty) {
    return Ty.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  };
  for (const FunctionDecl *Instance : Instances)
    if (Instance->getNumParams() == Args.size() &&
        llvm::all_of(llvm::seq<unsigned>(0, Args.size()), [&](unsigned I) {
          return Bare(Instance->getParamDecl(I)->getType()) ==
                 Bare(Args[I]->getType());
        }))
      return Instance;
  return nullptr;
}

FunctionId BodyLowering::callOperatorOf(const CXXRecordDecl *RD,
                                        llvm::ArrayRef<const Expr *> Args) {
  const FunctionDecl *Call = nullptr;
  auto Found = RD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Call));
  if (Found.isSingleResult()) {
    Call = dyn_cast<CXXMethodDecl>(Found.front());
    // A generic lambda's, or a functor's template operator().
    if (const auto *T = dyn_cast<FunctionTemplateDecl>(Found.front()))
      Call = instantiationFor(T, Args);
  }
  return Call ? B.functionFor(Call) : InvalidIndex;
}

uint32_t BodyLowering::forwardedParam(const Expr *E) const {
  const auto *DRE = dyn_cast<DeclRefExpr>(skipMoveAndForward(E));
  const auto *Param = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!Param || Param->getDeclContext() != FD)
    return InvalidIndex;
  // Only what can be called is a routine: function pointers and objects.
  QualType T = Param->getType().getNonReferenceType();
  if (!T->isFunctionPointerType() && !T->isRecordType() &&
      !T->isFunctionType())
    return InvalidIndex;
  return Param->getFunctionScopeIndex();
}

uint32_t BodyLowering::localIndex(const VarDecl *V) {
  auto [It, Inserted] = Locals.try_emplace(V, Out.detail().Locals.size());
  if (Inserted) {
    LocalVar Var;
    Var.Name = V->getNameAsString();
    std::tie(Var.ScopeBegin, Var.ScopeEnd) = Spans.scopeOf(V);
    Out.editDetail().Locals.push_back(std::move(Var));
  }
  return It->second;
}

HandleKey BodyLowering::temporaryKey(const CXXConstructExpr *Construct) {
  auto [It, Inserted] =
      Locals.try_emplace(Construct, Out.detail().Locals.size());
  if (Inserted)
    Out.editDetail().Locals.push_back({"temporary", 0, 0});
  return {HandleKey::Local, It->second, /*Exact=*/false};
}

/// The container whose range E begins or ends: `c.begin()`, `std::begin(c)`
/// and their const and reverse forms; null for other expressions.
static const Expr *rangeAccessed(const Expr *E) {
  auto IsAccess = [](const NamedDecl *D) {
    return D && D->getIdentifier() &&
           llvm::is_contained({"begin", "end", "cbegin", "cend", "rbegin",
                               "rend"},
                              D->getName());
  };
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (IsAccess(MD) && MD->getParent()->isInStdNamespace())
      return MC->getImplicitObjectArgument();
    return nullptr;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = CE->getDirectCallee();
        IsAccess(FD) && FD->isInStdNamespace() && CE->getNumArgs() == 1)
      return CE->getArg(0);
  return nullptr;
}

HandleKey BodyLowering::handleKey(const Expr *E) {
  bool Exact = true;
  while (true) {
    E = skipMoveAndForward(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_AddrOf) {
        E = UO->getSubExpr();
        continue;
      }
      if (UO->getOpcode() == UO_Deref) {
        const auto *DRE =
            dyn_cast<DeclRefExpr>(skipCastsAndParens(UO->getSubExpr()));
        const auto *Param = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
        if (Param && Param->getDeclContext() == FD)
          return {HandleKey::Param, Param->getFunctionScopeIndex(), Exact};
        return {};
      }
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
      Exact = false;
      continue;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
        OC && OC->getOperator() == OO_Subscript) {
      E = OC->getArg(0);
      Exact = false;
      continue;
    }
    // An iterator over a container's elements: `pool.begin()`,
    // `std::begin(pool)`.
    if (const Expr *Container = rangeAccessed(E)) {
      E = Container;
      Exact = false;
      continue;
    }
    break;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return {};
    // An element of a container: `for (auto &t : pool) t.join();` joins
    // pool's threads.
    if (V->isCXXForRangeDecl() && V->getType()->isReferenceType())
      if (const Expr *Range = rangeOf(V)) {
        HandleKey Container = handleKey(Range);
        Container.Exact = false;
        return Container;
      }
    if (const auto *Param = dyn_cast<ParmVarDecl>(V))
      return Param->getDeclContext() == FD
                 ? HandleKey{HandleKey::Param, Param->getFunctionScopeIndex(),
                             Exact}
                 : HandleKey{};
    if (V->hasLocalStorage() || V->isStaticLocal())
      return {HandleKey::Local, localIndex(V), Exact};
    return {HandleKey::Global, B.internName(V->getQualifiedNameAsString()),
            Exact};
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      return {HandleKey::Field, B.internName(Field->getQualifiedNameAsString()),
              false};
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return temporaryKey(Construct);
  return {};
}

const Expr *BodyLowering::rangeOf(const VarDecl *V) {
  if (!RangeLoops) {
    RangeLoops.emplace();
    llvm::SmallVector<const Stmt *, 16> Work{FD->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (const auto *Loop = dyn_cast<CXXForRangeStmt>(S))
        (*RangeLoops)[Loop->getLoopVariable()] = Loop->getRangeInit();
      for (const Stmt *Child : S->children())
        if (Child)
          Work.push_back(Child);
    }
  }
  return RangeLoops->lookup(V);
}

/// Whether a call of method MD puts its argument into its object, a
/// container: a thread handle given to it is the container's then.
static bool insertsIntoContainer(const CXXMethodDecl *MD) {
  if (!MD || !MD->getParent()->isInStdNamespace() || !MD->getIdentifier())
    return false;
  return llvm::is_contained({"push_back", "push_front", "insert", "push",
                             "emplace_back", "emplace_front", "emplace"},
                            MD->getName());
}

HandleKey BodyLowering::receiverOf(const Expr *E) {
  // A namespace-scope object: the variable being initialised.
  if (!FD) {
    if (Initialized && skipCastsAndParens(Initialized->getInit()) ==
                           skipCastsAndParens(E))
      return {HandleKey::Global,
              B.internName(Initialized->getQualifiedNameAsString()), true};
    return {};
  }
  auto Found = MemberInits.find(E);
  if (Found != MemberInits.end())
    return {HandleKey::Field,
            B.internName(Found->second->getQualifiedNameAsString()), false};
  const Stmt *Child = E;
  const ParentMap &PM = Spans.parents();
  for (const Stmt *Parent = PM.getParent(Child); Parent;
       Child = Parent, Parent = PM.getParent(Parent)) {
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
            ExprWithCleanups, ParenExpr, CXXFunctionalCastExpr>(Parent))
      continue;
    if (const auto *Elidable = dyn_cast<CXXConstructExpr>(Parent);
        Elidable && Elidable->isElidable())
      continue;
    if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D);
            V && V->getInit() && skipCastsAndParens(V->getInit()) ==
                                     skipCastsAndParens(cast<Expr>(Child)))
          return {HandleKey::Local, localIndex(V), true};
      return {};
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(Parent);
        BO && BO->getOpcode() == BO_Assign && BO->getRHS() == Child)
      return handleKey(BO->getLHS());
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Parent);
        OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
        OC->getArg(1) == Child)
      return handleKey(OC->getArg(0));
    // `std::thread(f).detach()`, `return std::thread(f);`.
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && isa<MemberExpr, ReturnStmt>(Parent))
      return temporaryKey(Construct);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Parent);
        MC && insertsIntoContainer(MC->getMethodDecl()) &&
        MC->getImplicitObjectArgument() != Child) {
      HandleKey Container = handleKey(MC->getImplicitObjectArgument());
      Container.Exact = false;
      return Container;
    }
    return {};
  }
  return {};
}

} // namespace lowering
} // namespace forksafe
