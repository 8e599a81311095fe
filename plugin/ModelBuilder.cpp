//===- ModelBuilder.cpp - Lowers a translation unit into the model --------===//

#include "ModelBuilderImpl.h"
#include "knowledge/Knowledge.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/TargetInfo.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace forksafe {

ModelBuilder::ModelBuilder(ASTContext &Ctx, const Options &Opts)
    : P(std::make_unique<Impl>(Ctx, Opts.Project)) {}
ModelBuilder::~ModelBuilder() = default;

Program ModelBuilder::build(const FunctionSet *Only) { return P->build(Only); }

FileID ModelBuilder::fileID(uint32_t File) const {
  return File < P->Files.size() ? P->Files[File] : FileID();
}

SourceLocation ModelBuilder::location(uint32_t File, uint32_t Offset) const {
  FileID FID = fileID(File);
  if (FID.isInvalid())
    return {};
  return P->SM.getLocForStartOfFile(FID).getLocWithOffset(Offset);
}

SourceLocation ModelBuilder::location(const SourcePos &Pos) const {
  if (Pos.HostLocation)
    return SourceLocation::getFromRawEncoding(
        static_cast<SourceLocation::UIntTy>(Pos.HostLocation));
  return location(Pos.File, Pos.Offset);
}

FixItHint ModelBuilder::fixIt(const TextEdit &Edit) const {
  SourceLocation Begin = location(Edit.File, Edit.Offset);
  if (Edit.Length == 0)
    return FixItHint::CreateInsertion(Begin, Edit.Replacement);
  return FixItHint::CreateReplacement(
      CharSourceRange::getCharRange(Begin, Begin.getLocWithOffset(Edit.Length)),
      Edit.Replacement);
}

/// Whether FD is a plain function at file scope, named by its identifier.
static bool isPlainGlobalFunction(const FunctionDecl *FD) {
  return FD->getDeclName().isIdentifier() &&
         FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

std::string displayName(const FunctionDecl *FD, const SourceManager &SM) {
  if (isPlainGlobalFunction(FD))
    return FD->getName().str();
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      MD && MD->getParent()->isLambda()) {
    PresumedLoc PL =
        SM.getPresumedLoc(SM.getExpansionLoc(MD->getParent()->getLocation()));
    if (PL.isValid())
      return ("lambda at " + llvm::sys::path::filename(PL.getFilename()) + ":" +
              llvm::Twine(PL.getLine()) + ":" + llvm::Twine(PL.getColumn()))
          .str();
    return "lambda";
  }
  return FD->getQualifiedNameAsString();
}

/// The name of a member of a class template specialization with "<*>" for
/// the class's arguments ("std::future<*>::get"), or "".
static std::string anyArgumentsName(const FunctionDecl *FD) {
  const auto *Spec =
      dyn_cast<ClassTemplateSpecializationDecl>(FD->getDeclContext());
  if (!Spec)
    return "";
  return Spec->getSpecializedTemplate()->getQualifiedNameAsString() + "<*>::" +
         FD->getNameAsString();
}

std::string lookupName(const FunctionDecl *FD, const Knowledge &Know) {
  std::string Exact = lookupName(FD);
  if (Know.isKnownLibraryFunction(Exact))
    return Exact;
  std::string AnyArguments = anyArgumentsName(FD);
  return !AnyArguments.empty() && Know.isKnownLibraryFunction(AnyArguments)
             ? AnyArguments
             : Exact;
}

std::string lookupName(const FunctionDecl *FD) {
  // C functions, and C++ functions at global scope, as they are spelled;
  // everything else qualified ("std::thread::join").
  if (isPlainGlobalFunction(FD))
    return FD->getName().str();
  // An overloadable function's symbol is mangled: declared in a namespace,
  // it is not the C function of its name.
  bool CFunction = FD->isExternC() && !FD->hasAttr<OverloadableAttr>();
  if (CFunction ||
      FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return FD->getNameAsString();
  return FD->getQualifiedNameAsString();
}

uint32_t ModelBuilder::Impl::fileIndex(FileID FID) {
  // Consecutive positions are mostly in one file.
  if (FID == LastFile)
    return LastFileIndex;
  auto [It, Inserted] = FileIndices.try_emplace(FID, Files.size());
  if (Inserted) {
    Files.push_back(FID);
    SourceFile File;
    // Absolute and without dots: the same file seen from two translation
    // units, or by a host with another working directory, has one name.
    if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(FID)) {
      llvm::SmallString<256> Path(Entry->getName());
      SM.getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      File.Path = Path.str().str();
    }
    File.IsSystem = SrcMgr::isSystem(SM.getFileCharacteristic(
        SM.getLocForStartOfFile(FID)));
    Prog.Files.push_back(std::move(File));
  }
  LastFile = FID;
  LastFileIndex = It->second;
  return It->second;
}

SourcePos ModelBuilder::Impl::pos(SourceLocation Loc) {
  if (Loc.isInvalid())
    return {};
  // Where the text is: a macro argument's own place (`strerror(errno)` in
  // `fprintf(...)` is not where fprintf is), a macro body's expansion.
  auto [FID, Offset] = SM.getDecomposedLoc(SM.getFileLoc(Loc));
  if (FID.isInvalid())
    return {};
  SourcePos P;
  P.File = fileIndex(FID);
  P.Offset = Offset;
  static_assert(sizeof(SourceLocation::UIntTy) <= sizeof(P.HostLocation),
                "a raw SourceLocation fits the model's host location");
  P.HostLocation = Loc.getRawEncoding();
  P.FromSystemHeader = Prog.Files[P.File].IsSystem ||
                       (Loc.isMacroID() && SM.isInSystemMacro(Loc));
  return P;
}

uint32_t ModelBuilder::Impl::internName(llvm::StringRef Name) {
  auto [It, Inserted] = NameIndices.try_emplace(Name, Prog.Names.size());
  if (Inserted)
    Prog.Names.push_back(Name.str());
  return It->second;
}

/// Whether FD is C89's implicit declaration of a function called without
/// one: the user's function, declared by its first call.
static bool isImplicitUserFunction(const FunctionDecl *FD) {
  return FD->isImplicit() && !FD->getBuiltinID() && !isa<CXXMethodDecl>(FD) &&
         FD->getDeclName().isIdentifier();
}

static bool inSystemHeader(const SourceManager &SM, const Decl *D) {
  SourceLocation Loc = D->getLocation();
  // Other implicit declarations (builtins, operator new) come from the
  // compiler, though a builtin's bears the place of its first use.
  const auto *FD = dyn_cast<FunctionDecl>(D);
  bool FromCompiler = D->isImplicit() && !(FD && isImplicitUserFunction(FD));
  return Loc.isInvalid() || FromCompiler ||
         SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

/// The definition to lower for FD, or null.
static const FunctionDecl *loweredDefinition(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def || Def->isInvalidDecl() ||
      Def->isDependentContext() || Def->isLateTemplateParsed())
    return nullptr;
  return Def;
}

bool ModelBuilder::Impl::wantsBody(const Function &Fn,
                                   const FunctionDecl *Def) const {
  return Def && !Fn.IsCLibrary;
}

FunctionId ModelBuilder::Impl::functionFor(const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  auto [It, Inserted] = Ids.try_emplace(FD, Prog.Functions.size());
  if (!Inserted)
    return It->second;
  const FunctionId Id = It->second;
  const FunctionDecl *Def = loweredDefinition(FD);
  const Decl *Located = Def ? static_cast<const Decl *>(Def) : FD;

  Function Fn;
  std::string Display = displayName(FD, SM);
  std::string Lookup = lookupName(FD, Know);
  Fn.Name = Prog.keep(Display);
  Fn.LookupName = Lookup == Display ? Fn.Name : Prog.keep(Lookup);
  if (FD->isExternallyVisible()) {
    std::string Symbol = Mangler.getName(FD);
    Fn.LinkageName = Symbol == Lookup ? Fn.LookupName : Prog.keep(Symbol);
  }
  Fn.Pos = pos(Located->getLocation());
  Fn.NumParams = FD->getNumParams();
  Fn.IsMain = FD->isMain();
  Fn.InSystemHeader = inSystemHeader(SM, Located);
  // A C function of a system header is judged by its body, if it has one,
  // unless the tables know it: glibc's fortified printf or read are inline
  // wrappers whose bodies say less than the tables.
  Fn.IsCLibrary = Fn.InSystemHeader && !isa<CXXMethodDecl>(FD) &&
                  (!LangOpts.CPlusPlus || FD->isExternC() ||
                   FD->getBuiltinID() != 0) &&
                  (!Def || Know.isKnownLibraryFunction(Fn.LookupName));
  Fn.DeclaredNoReturn = FD->isNoReturn();
  KnownApi Api;
  Api.Role = Know.processRole(Fn.LookupName);
  Api.Start = Know.threadStartApi(Fn.LookupName);
  Api.Join = Know.threadJoinSlot(Fn.LookupName);
  Api.JoinEach = Know.threadJoinEach(Fn.LookupName);
  Api.Detach = Know.threadDetachSlot(Fn.LookupName);
  Api.Source = Know.threadSource(Fn.LookupName);
  Api.MakesDescriptors =
      Fn.IsCLibrary && descriptorApi(Fn.LookupName).has_value();
  if (Api.Role != ProcessRole::None || Api.Start || Api.Join || Api.JoinEach ||
      Api.Detach || Api.Source || Api.MakesDescriptors)
    Known[Id] = Api;
  Prog.Functions.push_back(std::move(Fn));
  Definitions.push_back(Def);
  Queued.push_back(0);

  // Bodies in the user's files are lowered anyway; a system header's only
  // when something reaches it.
  if (wantsBody(Prog.Functions[Id], Def) && Prog.Functions[Id].InSystemHeader) {
    Queued[Id] = 1;
    Pending.push_back(Id);
  }
  return Id;
}

const LibraryArgs &ModelBuilder::Impl::libraryArgs(FunctionId F) {
  auto [It, Inserted] = LibraryArgsOf.try_emplace(F);
  if (!Inserted)
    return It->second;
  LibraryArgs &Args = It->second;
  llvm::StringRef Name = Prog.Functions[F].LookupName;
  Args.Handlers = handlerSlots(Name);
  Args.Signals = signalApi(Name);
  Args.Descriptors = descriptorApi(Name);
  Args.Mark = cloexecMark(Name);
  Args.Atomic = atomicCloexec(Name);
  if (std::optional<StdioApi> Stdio = stdioApi(Name))
    Args.ObjectArg = Stdio->StreamArg;
  else if (std::optional<LockApi> Lock = lockApi(Name))
    Args.ObjectArg = Lock->Slot;
  else if (Args.Descriptors && Args.Descriptors->ResultSlot >= 0)
    Args.ObjectArg = Args.Descriptors->ResultSlot;
  else if (Args.Mark)
    Args.ObjectArg = Args.Mark->FdSlot;
  else if (std::optional<int32_t> Closed = closedDescriptor(Name))
    Args.ObjectArg = *Closed;
  return Args;
}

FunctionId ModelBuilder::Impl::pseudoFunction(llvm::StringRef Name,
                                              llvm::StringRef Lookup) {
  auto [It, Inserted] = PseudoIds.try_emplace(Name, Prog.Functions.size());
  if (!Inserted)
    return It->second;
  Function Fn;
  Fn.Name = Prog.keep(Name);
  Fn.LookupName = Prog.keep(Lookup);
  // The runtime's entry point the compiler calls: a library function.
  Fn.InSystemHeader = true;
  Fn.IsCLibrary = true;
  Prog.Functions.push_back(std::move(Fn));
  Definitions.push_back(nullptr);
  Queued.push_back(0);
  return It->second;
}

namespace {

/// Finds the functions defined outside system headers, lambdas included.
class DefinitionCollector : public RecursiveASTVisitor<DefinitionCollector> {
public:
  explicit DefinitionCollector(std::vector<const FunctionDecl *> &Found)
      : Found(Found) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  /// Only C++ defines functions inside function bodies (lambdas, local
  /// classes); C bodies need no walk.
  bool TraverseStmt(Stmt *S, DataRecursionQueue *Queue = nullptr) {
    if (!CPlusPlus)
      return true;
    return RecursiveASTVisitor::TraverseStmt(S, Queue);
  }
  bool CPlusPlus = false;

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext())
      Found.push_back(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    Found.push_back(LE->getCallOperator());
    return true;
  }

private:
  std::vector<const FunctionDecl *> &Found;
};

} // namespace

void ModelBuilder::Impl::collectDefinitions(const FunctionSet *Only) {
  std::vector<const FunctionDecl *> Found;
  DefinitionCollector Collector(Found);
  Collector.CPlusPlus = LangOpts.CPlusPlus;
  // In C, the functions the model will hold: those defined or used. A
  // program of a million functions is not copied as its vector grows.
  size_t Expected = 0;
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    // C defines functions at file scope only: no walk, and no look at the
    // thousands of declarations headers bring.
    if (!LangOpts.CPlusPlus) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      if (!FD)
        continue;
      Expected += FD->isThisDeclarationADefinition() || FD->isReferenced();
      if (FD->doesThisDeclarationHaveABody() && !inSystemHeader(SM, FD))
        Found.push_back(FD);
      continue;
    }
    if (!inSystemHeader(SM, D))
      Collector.TraverseDecl(D);
  }
  Prog.Functions.reserve(Prog.Functions.size() + Expected);
  for (const FunctionDecl *FD : Found) {
    if (Only && !Only->contains(FD->getCanonicalDecl()))
      continue;
    FunctionId Id = functionFor(FD);
    if (!Queued[Id] && wantsBody(Prog.Functions[Id], Definitions[Id])) {
      Queued[Id] = 1;
      Pending.push_back(Id);
    }
  }
}

/// Gathers the variables of DC and of the namespaces in it, outside system
/// headers, whose initialisation runs code before main.
static void collectDynamicInits(const DeclContext *DC, const SourceManager &SM,
                                std::vector<const VarDecl *> &Found) {
  for (const Decl *D : DC->decls()) {
    if (inSystemHeader(SM, D))
      continue;
    if (isa<NamespaceDecl, LinkageSpecDecl>(D)) {
      collectDynamicInits(cast<DeclContext>(D), SM, Found);
      continue;
    }
    const auto *V = dyn_cast<VarDecl>(D);
    if (V && V->hasGlobalStorage() && !V->isStaticLocal() && V->getInit() &&
        V->getTLSKind() == VarDecl::TLS_None && !V->isInvalidDecl() &&
        !V->getType()->isDependentType() &&
        !V->getInit()->isValueDependent() && !V->hasConstantInitialization())
      Found.push_back(V);
  }
}

void ModelBuilder::Impl::lowerInitializers() {
  // C initialises its globals with constants only.
  if (!LangOpts.CPlusPlus)
    return;
  std::vector<const VarDecl *> Vars;
  collectDynamicInits(Ctx.getTranslationUnitDecl(), SM, Vars);
  if (Vars.empty())
    return;
  const FunctionId Id = Prog.Functions.size();
  Prog.Functions.emplace_back();
  Definitions.push_back(nullptr);
  Queued.push_back(0);
  Function Body;
  forksafe::lowerInitializers(*this, Vars, Body);
  std::string Name = "the initialisation of ";
  if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    Name += "'" + llvm::sys::path::filename(Main->getName()).str() + "'";
  else
    Name += "globals";
  Function &Fn = Prog.Functions[Id];
  Body.Name = Prog.keep(Name);
  Body.LookupName = Body.Name;
  Body.Pos = pos(Vars.front()->getLocation());
  Body.RunsBeforeMain = true;
  Body.HasBody = Body.Entry != InvalidIndex;
  Fn = std::move(Body);
}

/// Gathers the variables of DC and of the namespaces in it, outside system
/// headers, that have an initialiser.
static void collectInitializedGlobals(const DeclContext *DC,
                                      const SourceManager &SM,
                                      std::vector<const VarDecl *> &Found) {
  for (const Decl *D : DC->decls()) {
    if (isa<NamespaceDecl, LinkageSpecDecl>(D)) {
      collectInitializedGlobals(cast<DeclContext>(D), SM, Found);
      continue;
    }
    const auto *V = dyn_cast<VarDecl>(D);
    if (V && V->hasGlobalStorage() && V->getInit() && !V->isInvalidDecl() &&
        !V->getType()->isDependentType() && !inSystemHeader(SM, D))
      Found.push_back(V);
  }
}

void ModelBuilder::Impl::recordGlobalFlows() {
  std::vector<const VarDecl *> Vars;
  collectInitializedGlobals(Ctx.getTranslationUnitDecl(), SM, Vars);
  recordGlobalValueFlows(*this, Vars);
}

void ModelBuilder::Impl::lowerPendingBodies() {
  while (!Pending.empty()) {
    FunctionId Id = Pending.front();
    Pending.pop_front();
    // Lowering adds functions, so the body is built aside and moved in.
    Function Body;
    lowerBody(*this, Definitions[Id], Body);
    Function &Fn = Prog.Functions[Id];
    Fn.HasBody = Body.Entry != InvalidIndex;
    Fn.Entry = Body.Entry;
    Fn.Blocks = std::move(Body.Blocks);
    Fn.Events = std::move(Body.Events);
    Fn.Edges = std::move(Body.Edges);
    Fn.Tests = std::move(Body.Tests);
    Fn.Calls = std::move(Body.Calls);
    Fn.Returns = std::move(Body.Returns);
    Fn.takeDetail(Body);
    Fn.OutsideWrite = Body.OutsideWrite;
  }
}

void ModelBuilder::Impl::recordDeclaredFunctions() {
  for (const std::string &Name : Know.fixItFunctions())
    if (!Ctx.getTranslationUnitDecl()
             ->lookup(DeclarationName(&Ctx.Idents.get(Name)))
             .empty())
      Prog.Units.front().DeclaredFunctions.insert(Name);
}

/// Whether the unit is compiled for GNU/Linux ("x86_64-linux-gnu",
/// "arm-linux-gnueabihf"), whose C library is glibc.
static bool targetsGlibc(const ASTContext &Ctx) {
  const llvm::Triple &Target = Ctx.getTargetInfo().getTriple();
  return Target.isOSLinux() && Target.isGNUEnvironment();
}

Program ModelBuilder::Impl::build(const FunctionSet *Only) {
  Prog.Units.front().TargetsGlibc = targetsGlibc(Ctx);
  Prog.Units.front().SharedLibraryCode =
      LangOpts.PICLevel != 0 && !LangOpts.PIE;
  recordDeclaredFunctions();
  collectDefinitions(Only);
  recordGlobalFlows();
  lowerInitializers();
  lowerPendingBodies();
  // The analysis that follows needs the memory more than these do.
  Ids = decltype(Ids)();
  Definitions = {};
  Known = decltype(Known)();
  Queued = {};
  return std::move(Prog);
}

} // namespace forksafe
