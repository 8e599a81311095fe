//===- BodyLowering.h - One function's CFG into the model ------*- C++ -*-===//
//
// Private to the extractor. BodyLowering walks Clang's CFG of a function
// once to make the model's blocks and events (BodyLowering.cpp), with what
// their calls' arguments name (Arguments.cpp), then runs a small dataflow
// to label the edges that test a call's result, the fork result above all,
// and the returns that hand one back (ResultBindings.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_BODYLOWERING_H
#define FORKSAFE_PLUGIN_BODYLOWERING_H

#include "ModelBuilderImpl.h"
#include "SourceEdits.h"
#include "ValueFlows.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <vector>

namespace forksafe {
namespace lowering {

/// A place a call's result can be kept in: a variable `v`, what a pointer
/// variable points to `*p`, a field of a variable `s.f`, `p->f`, or an
/// element of an array variable `a[i]`, `a[2]`. The second member is null,
/// DerefTag, the field, the index variable, or one of ConstantIndexTags.
using Place = std::pair<const void *, const void *>;
const char DerefTagStorage = 0;
const void *const DerefTag = &DerefTagStorage;
/// Elements with small constant indices are told apart; `pids[0]`..`pids[15]`
/// covers the worker pools that keep pids in arrays.
const char ConstantIndexTags[16] = {};

/// What a value says of a call's result: the result itself (Raw), or a test
/// of it (`fork() == 0`). Either way, the result classes it implies when the
/// value is true (nonzero) and when it is false.
struct Derived {
  uint32_t Call;
  uint8_t WhenTrue;
  uint8_t WhenFalse;
  bool Raw;

  bool operator==(const Derived &O) const {
    return Call == O.Call && WhenTrue == O.WhenTrue &&
           WhenFalse == O.WhenFalse && Raw == O.Raw;
  }
  Derived negated() const { return {Call, WhenFalse, WhenTrue, false}; }
};
using Values = llvm::SmallVector<Derived, 1>;

/// For each place, what it may hold of calls' results.
using Bindings = llvm::SmallDenseMap<Place, Values, 4>;
/// For places that hold many values, the values as numbers (packed Derived).
using ValueSets = llvm::DenseMap<Place, llvm::DenseSet<uint64_t>>;

/// A change to Bindings made by one CFG element: At now holds what Source
/// evaluates to (nothing, when Source is null).
struct BindingEffect {
  Place At;
  const clang::Expr *Source;
};

/// An element of a block that the binding dataflow replays in order.
struct TrackedElement {
  enum Kind : uint8_t { Effect, Return } K;
  BindingEffect Bind;
  uint32_t ReturnIndex = InvalidIndex;
  const clang::Expr *ReturnValue = nullptr;
};

/// E without parentheses, casts and the nodes that only keep temporaries.
const clang::Expr *skipCastsAndParens(const clang::Expr *E);
bool isBuiltinExpect(const clang::CallExpr *CE);
/// std::move(x) and std::forward<T>(x) are x.
const clang::Expr *skipMoveAndForward(const clang::Expr *E);
/// The variable E takes the address of (`&sa`), or null.
const clang::VarDecl *addressedVariable(const clang::Expr *E);

class BodyLowering {
public:
  BodyLowering(ModelBuilder::Impl &B, const clang::FunctionDecl *FD, Function &Out)
      : B(B), Ctx(B.Ctx), SM(B.SM), FD(FD), Out(Out),
        Spans(B, FD, Out) {}

  void run();
  /// Lowers the initialisers of namespace-scope variables (FD is null):
  /// their calls, in order, in one block that returns.
  void runOnInitializers(llvm::ArrayRef<const clang::VarDecl *> Vars);

private:
  /// Starts recording the body's flows of function addresses.
  void startFlows();
  // Events.
  void lowerBlock(const clang::CFGBlock &CB);
  void lowerStmt(const clang::Stmt *S, uint32_t Block);
  /// A default argument or member initializer: an expression written once,
  /// in a declaration, that runs where it is used.
  void lowerBorrowed(const clang::Stmt *S, clang::SourceLocation UsedAt, uint32_t Block);
  void lowerImplicitDtor(const clang::CFGImplicitDtor &D, uint32_t Block);
  /// `__attribute__((cleanup(f)))`: f runs where the variable's scope ends.
  void lowerCleanup(const clang::CFGCleanupFunction &Cleanup, uint32_t Block);
  void noteCleanupScopes(const clang::DeclStmt *DS);
  uint32_t addCall(uint32_t Block, CallSite C);
  uint32_t addReturn(ReturnSite Ret);
  /// Whether every throw in a try block meets one of its handlers.
  bool handlesAllThrows(const clang::CXXTryStmt *Try) const;
  /// A call the source does not spell as one: operator new and delete, a
  /// destructor.
  void addImplicitCall(uint32_t Block, const clang::FunctionDecl *Callee,
                       CallKind Kind, clang::SourceLocation Loc);
  void lowerCall(const clang::CallExpr *CE, uint32_t Block);
  void lowerConstruct(const clang::CXXConstructExpr *CE, uint32_t Block);
  void lowerReturn(const clang::ReturnStmt *RS, uint32_t Block);
  /// An OpenMP directive that starts a team of threads, as a call of the
  /// runtime (a pseudo-function the tables know as a thread source).
  void lowerOmpDirective(const clang::OMPExecutableDirective *D, uint32_t Block);
  void lowerEdges(const clang::CFGBlock &CB);
  /// Records the write S makes, if it is an assignment, an increment or an
  /// initialised declaration.
  void noteWrite(const clang::Stmt *S, uint32_t Block);
  void addWrite(clang::SourceLocation Loc, const clang::Expr *Target, const clang::VarDecl *Declared,
                const clang::Expr *Source, uint32_t Block);

  // Arguments.
  /// The function that a call of a raw system call function is by its
  /// constant number (syscall(SYS_exit, n): _exit), if one is declared.
  const clang::FunctionDecl *syscallEquivalent(const clang::CallExpr *CE,
                                               FunctionId Callee);
  llvm::SmallVector<ArgInfo, 4>
  describeArgs(const clang::FunctionDecl *Callee, FunctionId CalleeId,
               llvm::ArrayRef<const clang::Expr *> Args, const clang::Expr *Object,
               const clang::Expr *Whole);
  /// The function that calling E with arguments Args runs.
  FunctionId routineOf(const clang::Expr *E, llvm::ArrayRef<const clang::Expr *> Args);
  FunctionId callOperatorOf(const clang::CXXRecordDecl *RD,
                            llvm::ArrayRef<const clang::Expr *> Args);
  uint32_t forwardedParam(const clang::Expr *E) const;
  /// The function field Field of the record `&record` (Arg) names, set in
  /// this body (`sa.sa_handler = on_term;`) or in the record's initialiser.
  FunctionId handlerInRecord(const clang::Expr *Arg, llvm::StringRef Field);
  /// The constant of SignalApis.def that E is spelled with, interned, or
  /// InvalidIndex.
  uint32_t spelledConstant(const clang::Expr *E);
  /// For the flags of a call that makes descriptors, and for a call that
  /// makes one close-on-exec: whether Arg, at Slot, is spelled with the
  /// constant the tables look for there, and whether every constant it is
  /// spelled with is there to see.
  void describeCloexecFlags(
      const clang::Expr *Arg, int32_t Slot,
      const std::optional<DescriptorApi> &Api,
      const std::optional<CloexecMark> &Mark,
      const std::optional<std::pair<int32_t, llvm::StringRef>> &Atomic,
      ArgInfo &Info);
  /// Whether E is spelled with the constant Name anywhere in it: a macro
  /// that expands to it, an enumerator, a letter of a mode string.
  bool spellsConstant(const clang::Expr *E, llvm::StringRef Name) const;
  /// What E is the descriptor of: X for `fileno(X)`, else E.
  const clang::Expr *descriptorSource(const clang::Expr *E) const;
  /// The constant that field Field of the record Arg points to holds when
  /// Call runs, as its last assignment before Call in the source sets it.
  uint32_t constantInRecord(const clang::Expr *Arg, llvm::StringRef Field,
                            const clang::Expr *Call);
  /// What field Field of the variable Record receives: the value its
  /// initialiser gives it, then the values this body assigns it
  /// (`sa.sa_handler = f;`, which glibc spells
  /// `sa.__sigaction_handler.sa_handler`).
  llvm::SmallVector<const clang::Expr *, 2>
  fieldValues(const clang::VarDecl *Record, llvm::StringRef Field) const;
  HandleKey handleKey(const clang::Expr *E);
  /// Whether E is `&sev` for a local struct sigevent whose sigev_notify
  /// this function sets to SIGEV_THREAD (an assignment or an initialiser).
  bool notifiesByThread(const clang::Expr *E) const;
  HandleKey receiverOf(const clang::Expr *E);
  /// For the variable of a range-based for loop, the range it walks
  /// (`for (auto &t : pool)`: pool); null for other variables.
  const clang::Expr *rangeOf(const clang::VarDecl *V);
  uint32_t localIndex(const clang::VarDecl *V);
  /// A key for the temporary object that Construct builds, so that a call
  /// on it (`std::thread(f).detach()`) names the same object.
  HandleKey temporaryKey(const clang::CXXConstructExpr *Construct);
  /// The name (Program::Names) of the handle type T is, points to or holds,
  /// or InvalidIndex.
  uint32_t handleType(clang::QualType T);
  uint32_t handleTypeOf(clang::QualType T);
  bool isHandleType(clang::QualType T) { return handleType(T) != InvalidIndex; }

  // Fork results.
  bool isTrackedCall(const clang::CallExpr *CE) const;
  Values valueOf(const clang::Expr *E, const Bindings &State) const;
  /// The value of what valueOf finds under `!`, assignments and the like.
  Values valueOfOperand(const clang::Expr *E, const Bindings &State) const;
  /// What an assignment's value is read from: `a = (b = fork())` is worth
  /// b once the inner assignment, an element evaluated just before, bound
  /// it; a chain of N assignments is then not walked N times.
  const clang::Expr *sourceOf(const clang::Expr *Value) const;
  Values compared(const clang::BinaryOperator *BO, const Bindings &State) const;
  void apply(const BindingEffect &E, Bindings &State) const;
  static std::optional<Place> placeOf(const clang::Expr *E);
  void trackBindings(const clang::CFGBlock &CB, const clang::Stmt *S);
  void runBindingDataflow(const clang::CFG &G);
  void labelBlock(const clang::CFGBlock &CB, const Bindings &AtEnd);
  const clang::Expr *branchCondition(const clang::CFGBlock &CB) const;
  /// CB's successor I, or null where no run can take that edge.
  const clang::CFGBlock *feasibleSucc(const clang::CFGBlock &CB, unsigned I) const;
  void findDeadEdges(const clang::CFG &G);
  void findLiveBlocks(const clang::CFG &G);


  ModelBuilder::Impl &B;
  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  /// Null while lowering initialisers.
  const clang::FunctionDecl *FD;
  Function &Out;
  /// The variable whose initialiser runOnInitializers is lowering.
  const clang::VarDecl *Initialized = nullptr;
  /// Where the body's statements send function addresses; none while
  /// lowering initialisers or a system header's body.
  std::optional<FlowRecorder> Flows;
  SourceEdits Spans;

  llvm::SmallDenseMap<const clang::Stmt *, uint32_t, 8> CallOfExpr;
  /// Variables and temporaries, by their declaration or expression.
  llvm::DenseMap<const void *, uint32_t> Locals;
  llvm::SmallDenseMap<const clang::Expr *, const clang::FieldDecl *, 2> MemberInits;
  /// The ranges of the body's range-based for loops, by loop variable;
  /// gathered when first asked for.
  std::optional<llvm::SmallDenseMap<const clang::VarDecl *, const clang::Expr *, 2>>
      RangeLoops;
  const clang::Expr *CoroutineExceptionHandler = nullptr;
  /// Where the scope of each variable with a cleanup function ends.
  llvm::SmallDenseMap<const clang::VarDecl *, clang::SourceLocation, 1> CleanupScopeEnds;
  std::vector<llvm::SmallVector<TrackedElement, 2>> Tracked;
  std::vector<std::optional<Bindings>> BlockEntry;
  const clang::CFGBlock *ExitBlock = nullptr;
  /// For each block that branches on a literal condition, the successor
  /// that is never taken; -1 for the others.
  std::vector<int8_t> DeadSucc;
  /// Whether a run can reach each block. Code no run reaches (behind a
  /// literal condition, after a call that does not return) holds no events:
  /// a fork there is no fork site, a call there no call.
  std::vector<bool> Live;
  /// Blocks as they are built; flattenBlocks() lays them out in the model.
  struct DraftEdge {
    uint32_t Target;
    llvm::SmallVector<ResultTest, 1> Tests;
  };
  struct DraftBlock {
    llvm::SmallVector<Event, 4> Events;
    llvm::SmallVector<DraftEdge, 2> Succs;
    /// For each of Clang's successors, the index in Succs, or -1.
    llvm::SmallVector<int, 2> EdgeOfSucc;
    /// The implicit return or unwind by which the block leaves the
    /// function, or InvalidIndex.
    uint32_t ExitReturn = InvalidIndex;
  };
  std::vector<DraftBlock> Drafts;
  // The body as it is built, until freeze() lays it out in the program's
  // arena: the blocks (whose events and edges are in Drafts), the calls,
  // the returns and, for each return, the calls whose result it returns.
  llvm::SmallVector<Block, 0> BodyBlocks;
  llvm::SmallVector<CallSite, 0> BodyCalls;
  llvm::SmallVector<ReturnSite, 0> BodyReturns;
  std::vector<llvm::SmallVector<uint32_t, 1>> ReturnValues;
  /// Writes as they are met; freeze() keeps them in functions that call
  /// vfork, where they are in the child's way.
  struct DraftWrite {
    clang::SourceLocation Loc;
    uint32_t Block;
    uint32_t Position;
    const clang::VarDecl *Var;
    const clang::Expr *Source;
  };
  std::vector<DraftWrite> DraftWrites;
  bool CallsVfork = false;
  void freezeWrites(llvm::ArrayRef<uint32_t> NewIndex);
  llvm::SmallVector<const clang::Expr *, 2> writtenValues(const clang::Expr *Source) const;
  void freeze();
  /// Fix-its edit only the functions that hold a fork site, where a child
  /// region lies; the source facts they need are gathered for those alone.
  bool NeedsEdits = false;
  std::vector<std::pair<uint32_t, const clang::Expr *>> EditableCalls;
  std::vector<std::pair<uint32_t, const clang::ReturnStmt *>> EditableReturns;
  void gatherEdits();
  void setExitRewrite(ReturnSite &Ret, llvm::ArrayRef<TextEdit> Edits);
  /// The return statement of the block being lowered: its event goes last,
  /// after the destructors that run on the way out.
  uint32_t PendingReturn = InvalidIndex;
  bool AnyTrackedCall = false;
  /// A call lowered so far makes descriptors: the integers later calls
  /// take may be them (`set_cloexec(fd)`).
  bool MadeDescriptors = false;
  /// Whether some place is ever given a value derived from a tracked call:
  /// without one, no place holds any, and the dataflow has nothing to do.
  bool AnySeed = false;
  void noteSeed(const clang::Expr *Source);
  /// What follows the variable in the places assignments bind (a field, an
  /// index variable): an assignment to a variable that is not one of them
  /// leaves every other place as it was, without a look at each.
  llvm::DenseSet<const void *> Qualifiers;
};

} // namespace lowering
} // namespace forksafe

#endif // FORKSAFE_PLUGIN_BODYLOWERING_H
