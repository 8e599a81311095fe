//===- Model.h - The Clang-free model of a translation unit -----*- C++ -*-===//
//
// The narrow waist of forksafe. The extractor (plugin/ModelBuilder) lowers
// Clang's AST and CFG into this model; the analysis and the checks see only
// the model. A later host merges models from many translation units, so
// nothing here may point into a Clang data structure: positions are file
// indices and byte offsets, functions and calls are plain indices.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_MODEL_MODEL_H
#define FORKSAFE_CHECKS_MODEL_MODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Allocator.h"
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace forksafe {

constexpr uint32_t InvalidIndex = ~0u;

using FunctionId = uint32_t;

/// A point in a source file.
struct SourcePos {
  uint32_t File = InvalidIndex;
  uint32_t Offset = 0;
  /// An opaque token the host can use to recover a richer location (in the
  /// plugin: a raw clang::SourceLocation, which keeps macro expansions).
  uint32_t HostLocation = 0;
  /// Spelled in a system header, or in the body of a macro defined in one.
  bool FromSystemHeader = false;

  bool isValid() const { return File != InvalidIndex; }
};

/// A replacement of Length bytes at Offset of File (Length 0 inserts).
struct TextEdit {
  uint32_t File = InvalidIndex;
  uint32_t Offset = 0;
  uint32_t Length = 0;
  std::string Replacement;
};

/// The statement that holds a call or a return, as fix-its need it: where it
/// starts and ends, how it is indented, and whether it is the unbraced body
/// of an if, else or loop (so that inserting beside it needs braces).
struct StatementSpan {
  uint32_t File = InvalidIndex;
  uint32_t Begin = 0;
  /// One past the statement's last character (its ';' included).
  uint32_t End = 0;
  /// Where text appended after the statement goes: the end of its line when
  /// only blanks or a line comment follow it there, else End.
  uint32_t AppendAt = 0;
  bool StartsLine = false;
  bool IsUnbracedBody = false;
  std::string Indent;
};

/// The classes of an integer result that a branch can tell apart: a fork
/// returns -1 on error, 0 in the child and a pid in the parent; an exec
/// returns -1 when it returns at all.
enum ResultClass : uint8_t {
  BelowMinusOne = 1,
  MinusOne = 2,
  Zero = 4,
  Positive = 8,
  Negative = BelowMinusOne | MinusOne,
  AnyResult = Negative | Zero | Positive,
};

/// The values each class holds.
struct ClassRange {
  ResultClass Class;
  int64_t Lo, Hi;
};
constexpr ClassRange ClassRanges[] = {{BelowMinusOne, INT64_MIN, -2},
                                      {MinusOne, -1, -1},
                                      {Zero, 0, 0},
                                      {Positive, 1, INT64_MAX}};

/// The classes that meet the values [Lo, Hi].
inline uint8_t classesOfRange(int64_t Lo, int64_t Hi) {
  uint8_t Classes = 0;
  for (const ClassRange &R : ClassRanges)
    if (Lo <= R.Hi && R.Lo <= Hi)
      Classes |= R.Class;
  return Classes;
}

/// An edge that is taken only when the result of call Call (an index into
/// Function::Calls) lies in Classes.
struct ResultTest {
  uint32_t Call = InvalidIndex;
  uint8_t Classes = AnyResult;
};

/// What a call argument (or the call's object, or the variable that receives
/// its result) denotes, as far as thread handles go.
struct HandleKey {
  enum Kind : uint8_t {
    Unknown,
    Local,  ///< Id indexes Function::Locals.
    Global, ///< Id indexes Program::Names (the variable's name).
    Field,  ///< Id indexes Program::Names ("record::field").
    Param,  ///< Id is the parameter index of the enclosing function.
  };
  Kind K = Unknown;
  uint32_t Id = 0;
  /// The handle is the whole variable (not a field or element of it), so a
  /// fix-it can name it.
  bool Exact = false;

  bool isKnown() const { return K != Unknown; }
  bool sameObject(const HandleKey &O) const {
    return K != Unknown && K == O.K && Id == O.Id;
  }
};

/// Argument slots besides the positional ones.
enum ArgSlot : int32_t {
  ObjectSlot = -1, ///< The object of a member call or of a constructor.
  ResultSlot = -2, ///< The variable that receives the call's result.
  NoSlot = -3,     ///< No argument.
};

/// The facts about one argument that thread starts and joins need.
struct ArgInfo {
  int32_t Slot = 0;
  /// The argument names a function (a routine): a function, a lambda, a
  /// member function pointer or a functor's call operator.
  FunctionId Function = InvalidIndex;
  /// The argument is the enclosing function's parameter with this index.
  uint32_t ForwardsParam = InvalidIndex;
  HandleKey Handle;
  /// The argument is a null pointer constant (default thread attributes, no
  /// callback).
  bool IsNull = false;
  /// The argument is a struct sigevent, or its address, whose sigev_notify
  /// the calling function sets to SIGEV_THREAD: the callee runs the
  /// notification on a thread of its own.
  bool NotifiesByThread = false;
  /// The argument is spelled `&handle`: the handle variable is the object,
  /// not a pointer to it (for a fix-it that passes it on).
  bool AddressOf = false;
  /// The argument is a constant expression or a string literal: every
  /// constant it is spelled with is there to see, so the absence of
  /// Constant means the argument lacks it.
  bool SpelledOut = false;
  /// The handle's type, when it is one the knowledge follows (Program::Names:
  /// "event_base", "pthread_t"); InvalidIndex otherwise.
  uint32_t HandleType = InvalidIndex;
  /// The constant the argument is spelled with, where the tables ask for
  /// one (Program::Names: "SIGPIPE", "SIG_IGN", "SIG_BLOCK"); for a record,
  /// the one its field holds; for flags, the one the tables look for among
  /// them ("O_CLOEXEC"). InvalidIndex otherwise.
  uint32_t Constant = InvalidIndex;
};

enum class CallKind : uint8_t {
  Direct,
  Indirect, ///< Through a function pointer: the callee is unknown.
  Construct,
  Destruct,
  New,
  Delete,
  Throw,
};

struct CallSite {
  FunctionId Callee = InvalidIndex;
  CallKind Kind = CallKind::Direct;
  /// The call's type says it does not return (noreturn on a pointer type).
  bool DeclaredNoReturn = false;
  /// The call is its statement (`execv(p, argv);`), not part of one
  /// (`if (execv(p, argv) < 0) ...`).
  bool StandsAlone = false;
  SourcePos Pos;
  /// Index into Function::Statements, or InvalidIndex.
  uint32_t Statement = InvalidIndex;
  /// Index into Function::Rewrites, or InvalidIndex: a mechanical rewrite of
  /// this call the extractor found, exit -> _exit or printf("text") ->
  /// write(1, "text", 4).
  uint32_t Rewrite = InvalidIndex;
  /// Only the arguments that thread starts and joins care about.
  llvm::ArrayRef<ArgInfo> Args;

  const ArgInfo *arg(int32_t Slot) const {
    for (const ArgInfo &A : Args)
      if (A.Slot == Slot)
        return &A;
    return nullptr;
  }
};

struct ReturnSite {
  SourcePos Pos;
  /// Falls off the end of the body (Pos is the closing brace).
  bool Implicit = false;
  /// A throw that leaves the function.
  bool Unwinds = false;
  /// The calls whose result this returns (through local variables).
  llvm::ArrayRef<uint32_t> ValueFromCalls;
  uint32_t Statement = InvalidIndex;
  /// The thread handle it returns, when a local variable (or temporary)
  /// holds it: Function::Locals' index.
  uint32_t ReturnsLocal = InvalidIndex;
  /// Function::Rewrites[ExitRewriteBegin, ExitRewriteEnd): `return N;` ->
  /// `_exit(N);`, when the statement allows it.
  uint32_t ExitRewriteBegin = 0;
  uint32_t ExitRewriteEnd = 0;
};

struct Event {
  enum Kind : uint8_t { Call, Return };
  Kind K;
  uint32_t Index;
};

/// An edge to block Target, taken only when the tests
/// Function::Tests[TestBegin, TestEnd) hold.
struct Edge {
  uint32_t Target = InvalidIndex;
  uint32_t TestBegin = 0;
  uint32_t TestEnd = 0;
};

/// A basic block: the events Function::Events[EventBegin, EventEnd) in
/// order, then the edges Function::Edges[EdgeBegin, EdgeEnd).
struct Block {
  uint32_t EventBegin = 0;
  uint32_t EventEnd = 0;
  uint32_t EdgeBegin = 0;
  uint32_t EdgeEnd = 0;
  /// Where the block begins in the source, for notes ("the child goes on
  /// here"); invalid for blocks with no statement.
  SourcePos Pos;
};

/// A write to memory (an assignment, an increment, an initialised
/// declaration), as the vfork-child check needs it: kept only in functions
/// that call vfork, whose child may write nothing but the vfork result.
struct WriteSite {
  SourcePos Pos;
  /// The write happens in block Block, before its event Position (after all
  /// of them when Position is the number of its events).
  uint32_t Block = InvalidIndex;
  uint32_t Position = 0;
  /// The local variable written (Function::Locals), when it is one.
  uint32_t Local = InvalidIndex;
  /// The call whose result is written (`pid = vfork()`), or InvalidIndex.
  uint32_t StoresCall = InvalidIndex;
  /// The local variable whose value is written (`copy = pid`), or
  /// InvalidIndex.
  uint32_t CopiesLocal = InvalidIndex;
};

/// A local variable that a thread handle key names.
struct LocalVar {
  std::string Name;
  /// The byte range of the file in which the variable is in scope.
  uint32_t ScopeBegin = 0;
  uint32_t ScopeEnd = 0;
};

/// What only the bodies that fork, handle threads or write outside their
/// frame have: the statements fix-its are made around, the locals a handle
/// names, rewrites, writes. Kept out of Function, which a program has one
/// of for each of its functions, and allocated only for the bodies that
/// have any.
struct BodyDetail {
  /// The edits that replace a fork and its child with a posix_spawn call:
  /// Rewrites[Begin, End), for the fork at call Call.
  struct SpawnRewrite {
    uint32_t Call;
    uint32_t Begin;
    uint32_t End;
  };

  llvm::SmallVector<StatementSpan, 0> Statements;
  llvm::SmallVector<LocalVar, 0> Locals;
  llvm::SmallVector<TextEdit, 0> Rewrites;
  llvm::SmallVector<WriteSite, 0> Writes;
  llvm::SmallVector<SpawnRewrite, 0> Spawns;

  bool empty() const {
    return Statements.empty() && Locals.empty() && Rewrites.empty() &&
           Writes.empty() && Spawns.empty();
  }
};

struct Function {
  /// The name for messages: qualified, or "lambda at file:line:col".
  llvm::StringRef Name;
  /// The name the knowledge tables know it by: plain for C functions,
  /// qualified for C++ ("std::thread::join").
  llvm::StringRef LookupName;
  /// The symbol that names the function across translation units (a C
  /// function's name, a C++ function's mangled name); empty for a function
  /// only its translation unit can call (static, in an anonymous namespace).
  llvm::StringRef LinkageName;
  SourcePos Pos;
  uint32_t NumParams = 0;
  bool HasBody = false;
  bool IsMain = false;
  /// The dynamic initialisation of a translation unit's namespace-scope
  /// objects, which runs before main: a thread it leaves running runs
  /// everywhere in the program.
  bool RunsBeforeMain = false;
  /// Declared (or, with a body, defined) in a system header.
  bool InSystemHeader = false;
  /// A C library function from a system header: known by the tables only,
  /// even where a header gives it an inline body.
  bool IsCLibrary = false;
  bool DeclaredNoReturn = false;
  /// A call through a function value, made a function by the analysis
  /// (FunctionValues): its body calls each function the value may hold.
  bool Dispatches = false;
  /// The first write of the body to memory outside its own frame (a global,
  /// a static, through a pointer or a reference), or invalid: what a vfork
  /// child may not do in a function it calls.
  SourcePos OutsideWrite;
  /// The translation unit (Program::Units) whose body this is.
  uint32_t Unit = 0;

  // A program holds many small functions. What every body has lives in the
  // program's arena, exactly sized and allocated in bulk; what only some
  // bodies have is in their BodyDetail.
  uint32_t Entry = InvalidIndex;
  llvm::ArrayRef<Block> Blocks;
  llvm::ArrayRef<Event> Events;
  llvm::ArrayRef<Edge> Edges;
  llvm::ArrayRef<ResultTest> Tests;
  llvm::ArrayRef<CallSite> Calls;
  llvm::ArrayRef<ReturnSite> Returns;

  bool hasDetail() const { return Detail != nullptr; }
  /// The body's detail; empty for most functions.
  const BodyDetail &detail() const { return Detail ? *Detail : NoDetail; }
  void takeDetail(Function &From) { Detail = std::move(From.Detail); }
  /// The body's detail, to set: allocated on first use.
  BodyDetail &editDetail() {
    if (!Detail)
      Detail = std::make_unique<BodyDetail>();
    return *Detail;
  }

  llvm::ArrayRef<Event> events(uint32_t B) const {
    return Events.slice(Blocks[B].EventBegin,
                        Blocks[B].EventEnd - Blocks[B].EventBegin);
  }
  llvm::ArrayRef<Edge> succs(uint32_t B) const {
    return Edges.slice(Blocks[B].EdgeBegin,
                       Blocks[B].EdgeEnd - Blocks[B].EdgeBegin);
  }
  llvm::ArrayRef<ResultTest> tests(const Edge &E) const {
    return Tests.slice(E.TestBegin, E.TestEnd - E.TestBegin);
  }
  const TextEdit *rewriteOf(const CallSite &C) const {
    return C.Rewrite == InvalidIndex ? nullptr : &detail().Rewrites[C.Rewrite];
  }
  /// The posix_spawn rewrite of the fork at call Call, if there is one.
  llvm::ArrayRef<TextEdit> spawnRewriteOf(uint32_t Call) const {
    for (const BodyDetail::SpawnRewrite &S : detail().Spawns)
      if (S.Call == Call)
        return llvm::ArrayRef(detail().Rewrites)
            .slice(S.Begin, S.End - S.Begin);
    return {};
  }
  llvm::ArrayRef<TextEdit> exitRewriteOf(const ReturnSite &R) const {
    return llvm::ArrayRef(detail().Rewrites)
        .slice(R.ExitRewriteBegin, R.ExitRewriteEnd - R.ExitRewriteBegin);
  }

private:
  static inline const BodyDetail NoDetail{};
  std::unique_ptr<BodyDetail> Detail;
};

/// Where the address of a function can be kept, field-based: one slot per
/// global variable, per field of a record type (shared by all its objects),
/// per local variable, parameter and return value of a function. An array
/// and what a pointer points to are the slot of the array or the pointer.
struct ValueSlot {
  enum Kind : uint8_t {
    None,
    Global, ///< Id indexes Program::Names (the variable's name).
    Field,  ///< Id indexes Program::Names ("record::field", or a virtual
            ///< method's "virtual <symbol>": what overrides it).
    Local,  ///< Id is the function; Index numbers its variables.
    Param,  ///< Id is the function; Index is the parameter's.
    Return, ///< Id is the function.
  };
  Kind K = None;
  uint32_t Id = 0;
  uint32_t Index = 0;

  bool isValid() const { return K != None; }
  bool operator==(const ValueSlot &O) const {
    return K == O.K && Id == O.Id && Index == O.Index;
  }
};

/// What a slot may hold grows by the function Value, or (Value invalid) by
/// all that slot From holds.
struct ValueFlow {
  ValueSlot To;
  ValueSlot From;
  FunctionId Value = InvalidIndex;
};

/// A call of Caller (Function::Calls[Call]) that runs what slot Through
/// holds: the call itself (Slot NoSlot: `ops->run(job)`, a virtual call),
/// or its argument Slot (`pthread_create(&t, 0, w->fn, w)`).
struct ValueCall {
  FunctionId Caller = InvalidIndex;
  uint32_t Call = InvalidIndex;
  int32_t Slot = NoSlot;
  ValueSlot Through;
  /// The callee as the source spells it, for messages ("ops->run").
  llvm::StringRef Spelling;
  /// The call names a function of its own too (a virtual call's method),
  /// which stays among its callees.
  bool KeepsCallee = false;
};

/// The flows of function addresses in a program, solved once per program
/// (analysis/FunctionValues) before the checks run.
struct FunctionValues {
  std::vector<ValueFlow> Flows;
  std::vector<ValueCall> Calls;
};

struct SourceFile {
  /// Absolute, without "." or "..".
  std::string Path;
  bool IsSystem = false;
};

/// A translation unit, as much of it as the checks need once its functions
/// are in the model.
struct Unit {
  /// The functions a fix-it in this unit may call because it declares them.
  llvm::StringSet<> DeclaredFunctions;
  /// The unit is compiled for GNU/Linux (*-linux-gnu*): its C library is
  /// glibc, whose async-signal-safe functions profile=auto takes.
  bool TargetsGlibc = false;
  /// The unit is compiled as position-independent code that is not a
  /// position-independent executable (-fPIC without -fPIE): code of a
  /// shared library, whose callers may have threads running.
  bool SharedLibraryCode = false;
};

/// The model of a translation unit (or, merged, of a program).
struct Program {
  std::vector<SourceFile> Files;
  std::vector<Function> Functions;
  /// Interned names of globals and fields, for HandleKey.
  std::vector<std::string> Names;
  /// One, or for a merged program one per translation unit.
  std::vector<Unit> Units;
  FunctionValues Values;
  /// Where the functions' names and most of their arrays live.
  llvm::BumpPtrAllocator Arena;

  /// A copy of Items in the arena, which runs no destructors.
  template <typename T> llvm::ArrayRef<T> keep(llvm::ArrayRef<T> Items) {
    static_assert(std::is_trivially_destructible_v<T>,
                  "the arena runs no destructors");
    if (Items.empty())
      return {};
    T *Copy = Arena.Allocate<T>(Items.size());
    std::uninitialized_copy(Items.begin(), Items.end(), Copy);
    return {Copy, Items.size()};
  }
  /// Room for N items in the arena, default-constructed, to fill in place.
  template <typename T> llvm::MutableArrayRef<T> allocate(size_t N) {
    static_assert(std::is_trivially_destructible_v<T>,
                  "the arena runs no destructors");
    if (N == 0)
      return {};
    T *Items = Arena.Allocate<T>(N);
    std::uninitialized_default_construct_n(Items, N);
    return {Items, N};
  }
  llvm::StringRef keep(llvm::StringRef Text) {
    // Not llvm::StringSaver: compiled into libLLVM, its allocation misses the
    // sanitizer annotations that a sanitized build of this header makes.
    if (Text.empty())
      return {};
    char *Copy = Arena.Allocate<char>(Text.size());
    std::copy(Text.begin(), Text.end(), Copy);
    return {Copy, Text.size()};
  }

  /// Whether a fix-it in the body of function Where may call Callee.
  bool declares(FunctionId Where, llvm::StringRef Callee) const {
    uint32_t U = Functions[Where].Unit;
    return U < Units.size() && Units[U].DeclaredFunctions.contains(Callee);
  }
};

} // namespace forksafe

#endif // FORKSAFE_CHECKS_MODEL_MODEL_H
