//===- ModelBuilderImpl.h - State shared while lowering a TU ----*- C++ -*-===//
//
// Private to the extractor: the function and file registries that every
// function body's lowering adds to.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_MODELBUILDERIMPL_H
#define FORKSAFE_PLUGIN_MODELBUILDERIMPL_H

#include "ModelBuilder.h"
#include "knowledge/Knowledge.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Mangle.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <deque>
#include <optional>

namespace forksafe {

/// What the tables say of a function, looked up once per function.
struct KnownApi {
  ProcessRole Role = ProcessRole::None;
  std::optional<ThreadStartApi> Start;
  std::optional<int32_t> Join;
  std::optional<ThreadJoinEachApi> JoinEach;
  std::optional<int32_t> Detach;
  std::optional<ThreadSourceApi> Source;
  /// A C library call that makes descriptors (DescriptorApis.def), which a
  /// fix-it may make close-on-exec.
  bool MakesDescriptors = false;

  bool forks() const {
    return Role == ProcessRole::Fork || Role == ProcessRole::Vfork ||
           Role == ProcessRole::Daemon;
  }
  /// Whether an argument slot of a call holds a thread handle.
  bool isAttributes(int32_t Slot) const {
    return Start && Start->AttrSlot == Slot;
  }
  /// Whether an argument slot holds the callback whose presence makes a
  /// thread source asynchronous.
  bool isCallback(int32_t Slot) const {
    return Source && Source->When == ThreadSourceApi::WithCallback &&
           Source->Slot == Slot;
  }
  /// Whether an argument slot holds the struct sigevent that decides
  /// whether a thread source notifies by a thread.
  bool isSigevent(int32_t Slot) const {
    return Source && Source->When == ThreadSourceApi::SigevThread &&
           Source->Slot == Slot;
  }
  bool namesHandle(int32_t Slot) const {
    return (Start && Start->HandleSlot == Slot) || (Join && *Join == Slot) ||
           (JoinEach && JoinEach->RangeSlot == Slot) ||
           (Detach && *Detach == Slot);
  }
};

/// What the tables say of the arguments of a C library function: the
/// handlers it registers, the signal, descriptor and close-on-exec roles of
/// its arguments, and the one that names the object it acts on (a stream,
/// a lock, a descriptor). Looked up once per function, not per call.
struct LibraryArgs {
  llvm::ArrayRef<HandlerSlot> Handlers;
  std::optional<SignalApi> Signals;
  std::optional<DescriptorApi> Descriptors;
  std::optional<CloexecMark> Mark;
  std::optional<std::pair<int32_t, llvm::StringRef>> Atomic;
  int32_t ObjectArg = NoSlot;
};

class ModelBuilder::Impl {
public:
  Impl(clang::ASTContext &Ctx, const ProjectKnowledge &Project)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LangOpts(Ctx.getLangOpts()),
        Know(Project), Mangler(Ctx) {
    Prog.Units.emplace_back();
  }

  Program build(const FunctionSet *Only);

  /// The model function of a declaration, created on first use; its body
  /// is queued for lowering when the model needs it.
  FunctionId functionFor(const clang::FunctionDecl *FD);
  /// A function the source does not declare, one per Name: the runtime
  /// call the compiler makes for an OpenMP directive ("#pragma omp parallel
  /// for"), known to the tables as Lookup.
  FunctionId pseudoFunction(llvm::StringRef Name, llvm::StringRef Lookup);
  SourcePos pos(clang::SourceLocation Loc);
  uint32_t fileIndex(clang::FileID FID);
  uint32_t internName(llvm::StringRef Name);
  /// What the tables say of F (most functions: nothing).
  KnownApi known(FunctionId F) const {
    return F == InvalidIndex ? KnownApi{} : Known.lookup(F);
  }
  /// What the tables say of the arguments of F, a C library function.
  const LibraryArgs &libraryArgs(FunctionId F);
  /// The symbol that names D across translation units.
  std::string symbolOf(const clang::NamedDecl *D) { return Mangler.getName(D); }
  bool declares(llvm::StringRef Function) const {
    return Prog.Units.front().DeclaredFunctions.contains(Function);
  }

  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  const clang::LangOptions &LangOpts;
  const Knowledge Know;
  Program Prog;
  std::vector<clang::FileID> Files;
  /// What handleType() said of each type (the name it interned, or none).
  llvm::DenseMap<const clang::Type *, uint32_t> HandleTypes;

private:
  void collectDefinitions(const FunctionSet *Only);
  void lowerPendingBodies();
  /// The dynamic initialisation of the namespace-scope objects, as one
  /// function that runs before main (Function::RunsBeforeMain).
  void lowerInitializers();
  void recordDeclaredFunctions();
  /// The flows of function addresses that the initialisers of variables at
  /// namespace scope make (tables of callbacks, hooks).
  void recordGlobalFlows();
  bool wantsBody(const Function &Fn, const clang::FunctionDecl *Def) const;

  llvm::DenseMap<const clang::FunctionDecl *, FunctionId> Ids;
  std::vector<const clang::FunctionDecl *> Definitions;
  llvm::DenseMap<FunctionId, KnownApi> Known;
  llvm::DenseMap<FunctionId, LibraryArgs> LibraryArgsOf;
  std::vector<char> Queued;
  std::deque<FunctionId> Pending;
  llvm::DenseMap<clang::FileID, uint32_t> FileIndices;
  clang::FileID LastFile;
  uint32_t LastFileIndex = 0;
  clang::ASTNameGenerator Mangler;
  llvm::StringMap<uint32_t> NameIndices;
  llvm::StringMap<FunctionId> PseudoIds;
};

/// Lowers the body of Def into Out (blocks, calls, returns).
void lowerBody(ModelBuilder::Impl &B, const clang::FunctionDecl *Def,
               Function &Out);

/// Lowers the initialisers of Vars, in order, into Out as one block.
void lowerInitializers(ModelBuilder::Impl &B,
                       llvm::ArrayRef<const clang::VarDecl *> Vars,
                       Function &Out);

/// Records what the initialisers of variables of static storage store.
void recordGlobalValueFlows(ModelBuilder::Impl &B,
                            llvm::ArrayRef<const clang::VarDecl *> Vars);

/// The names the model and the tables use for a function.
std::string displayName(const clang::FunctionDecl *FD,
                        const clang::SourceManager &SM);
std::string lookupName(const clang::FunctionDecl *FD);
/// lookupName, or the "<*>" form of a class template's member that the
/// tables know by it.
std::string lookupName(const clang::FunctionDecl *FD, const Knowledge &Know);

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_MODELBUILDERIMPL_H
