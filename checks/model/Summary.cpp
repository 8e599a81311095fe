//===- Summary.cpp - A translation unit's model, written to disk ----------===//

#include "Summary.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/LEB128.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace forksafe {

namespace {

constexpr llvm::StringLiteral Magic = "forksafe summary\n";

class Writer {
public:
  std::string Out;

  void num(uint64_t V) {
    uint8_t Buf[16];
    unsigned N = llvm::encodeULEB128(V, Buf);
    Out.append(reinterpret_cast<const char *>(Buf), N);
  }
  /// An index, or InvalidIndex (written as 0).
  void idx(uint32_t V) { num(V == InvalidIndex ? 0 : uint64_t(V) + 1); }
  void str(llvm::StringRef S) {
    num(S.size());
    Out.append(S.begin(), S.end());
  }
  void pos(const SourcePos &P) {
    idx(P.File);
    num(P.Offset);
    num(P.FromSystemHeader);
  }
  template <typename T, typename Each>
  void list(llvm::ArrayRef<T> Items, Each Write) {
    num(Items.size());
    for (const T &Item : Items)
      Write(Item);
  }

  void slot(const ValueSlot &S) {
    num(S.K);
    num(S.Id);
    num(S.Index);
  }

  void program(const Program &P);
  void function(const Function &F);
  void call(const CallSite &C);
  void ret(const ReturnSite &R);
  void values(const FunctionValues &V);
};

void Writer::program(const Program &P) {
  Out.append(Magic.begin(), Magic.end());
  num(SummaryVersion);
  list(llvm::ArrayRef(P.Files), [&](const SourceFile &F) {
    str(F.Path);
    num(F.IsSystem);
  });
  list(llvm::ArrayRef(P.Names), [&](const std::string &N) { str(N); });
  list(llvm::ArrayRef(P.Units), [&](const Unit &U) {
    std::vector<llvm::StringRef> Names;
    for (const auto &Entry : U.DeclaredFunctions)
      Names.push_back(Entry.getKey());
    llvm::sort(Names);
    list(llvm::ArrayRef(Names), [&](llvm::StringRef N) { str(N); });
    num(U.TargetsGlibc);
    num(U.SharedLibraryCode);
  });
  list(llvm::ArrayRef(P.Functions), [&](const Function &F) { function(F); });
  values(P.Values);
}

void Writer::values(const FunctionValues &V) {
  list(llvm::ArrayRef(V.Flows), [&](const ValueFlow &F) {
    slot(F.To);
    slot(F.From);
    idx(F.Value);
  });
  list(llvm::ArrayRef(V.Calls), [&](const ValueCall &C) {
    idx(C.Caller);
    num(C.Call);
    num(static_cast<uint32_t>(C.Slot - NoSlot));
    slot(C.Through);
    str(C.Spelling);
    num(C.KeepsCallee);
  });
}

void Writer::function(const Function &F) {
  str(F.Name);
  str(F.LookupName);
  str(F.LinkageName);
  pos(F.Pos);
  num(F.NumParams);
  num(F.HasBody | F.IsMain << 1 | F.InSystemHeader << 2 | F.IsCLibrary << 3 |
      F.DeclaredNoReturn << 4 | F.RunsBeforeMain << 5);
  num(F.Unit);
  pos(F.OutsideWrite);
  idx(F.Entry);
  list(F.Blocks, [&](const Block &B) {
    num(B.EventBegin);
    num(B.EventEnd);
    num(B.EdgeBegin);
    num(B.EdgeEnd);
    pos(B.Pos);
  });
  list(F.Events, [&](const Event &E) {
    num(E.K);
    num(E.Index);
  });
  list(F.Edges, [&](const Edge &E) {
    num(E.Target);
    num(E.TestBegin);
    num(E.TestEnd);
  });
  list(F.Tests, [&](const ResultTest &T) {
    num(T.Call);
    num(T.Classes);
  });
  list(F.Calls, [&](const CallSite &C) { call(C); });
  list(F.Returns, [&](const ReturnSite &R) { ret(R); });
  list(llvm::ArrayRef(F.detail().Statements), [&](const StatementSpan &S) {
    idx(S.File);
    num(S.Begin);
    num(S.End);
    num(S.AppendAt);
    num(S.StartsLine | S.IsUnbracedBody << 1);
    str(S.Indent);
  });
  list(llvm::ArrayRef(F.detail().Locals), [&](const LocalVar &V) {
    str(V.Name);
    num(V.ScopeBegin);
    num(V.ScopeEnd);
  });
  list(llvm::ArrayRef(F.detail().Rewrites), [&](const TextEdit &E) {
    idx(E.File);
    num(E.Offset);
    num(E.Length);
    str(E.Replacement);
  });
  list(llvm::ArrayRef(F.detail().Spawns),
       [&](const BodyDetail::SpawnRewrite &S) {
         num(S.Call);
         num(S.Begin);
         num(S.End);
       });
  list(llvm::ArrayRef(F.detail().Writes), [&](const WriteSite &W) {
    pos(W.Pos);
    num(W.Block);
    num(W.Position);
    idx(W.Local);
    idx(W.StoresCall);
    idx(W.CopiesLocal);
  });
}

void Writer::call(const CallSite &C) {
  idx(C.Callee);
  num(static_cast<uint8_t>(C.Kind));
  num(C.DeclaredNoReturn | C.StandsAlone << 1);
  pos(C.Pos);
  idx(C.Statement);
  idx(C.Rewrite);
  list(C.Args, [&](const ArgInfo &A) {
    // Slots are small and may be negative (ObjectSlot, ResultSlot).
    num(static_cast<uint32_t>(A.Slot - NoSlot));
    idx(A.Function);
    idx(A.ForwardsParam);
    num(A.Handle.K);
    num(A.Handle.Id);
    num(A.Handle.Exact | A.IsNull << 1 | A.AddressOf << 2 |
        A.NotifiesByThread << 3 | A.SpelledOut << 4);
    idx(A.HandleType);
    idx(A.Constant);
  });
}

void Writer::ret(const ReturnSite &R) {
  pos(R.Pos);
  num(R.Implicit | R.Unwinds << 1);
  list(R.ValueFromCalls, [&](uint32_t C) { num(C); });
  idx(R.Statement);
  num(R.ExitRewriteBegin);
  num(R.ExitRewriteEnd);
  idx(R.ReturnsLocal);
}

class Reader {
public:
  Reader(llvm::StringRef Data, Program &P) : Data(Data), P(P) {}

  llvm::Error program();

private:
  /// An unsigned LEB128 number, decoded here with its bounds checked:
  /// LLVM's decoder shifts past 64 bits on the over-long numbers of a
  /// damaged file before it says so.
  uint64_t num() {
    if (Failed)
      return 0;
    uint64_t V = 0;
    for (unsigned Shift = 0;; Shift += 7) {
      if (At == Data.size())
        return fail("it ends in the middle of a number");
      uint8_t Byte = static_cast<uint8_t>(Data[At++]);
      uint64_t Slice = Byte & 0x7f;
      if (Shift >= 64 || (Shift == 63 && Slice > 1))
        return fail("a number is too large");
      V |= Slice << Shift;
      if (Byte < 0x80)
        return V;
    }
  }
  uint32_t u32() {
    uint64_t V = num();
    return V > UINT32_MAX ? fail("a number is out of range") : uint32_t(V);
  }
  uint32_t idx() {
    uint64_t V = num();
    if (V > UINT32_MAX)
      return fail("an index is out of range");
    return V == 0 ? InvalidIndex : uint32_t(V - 1);
  }
  bool flag(uint64_t Bits, unsigned Bit) { return (Bits >> Bit) & 1; }
  llvm::StringRef str() {
    uint64_t N = num();
    if (Failed || N > Data.size() - At) {
      fail("it ends in the middle of a string");
      return {};
    }
    llvm::StringRef S = Data.substr(At, N);
    At += N;
    return S;
  }
  SourcePos pos() {
    SourcePos Pos;
    Pos.File = idx();
    Pos.Offset = u32();
    Pos.FromSystemHeader = num() != 0;
    return Pos;
  }
  /// The length of a list whose items take at least one byte each: a
  /// corrupt length cannot make the reader allocate more than the file.
  size_t count() {
    uint64_t N = num();
    return N > Data.size() - At ? fail("a list is longer than the file") : N;
  }
  template <typename T, typename Each>
  llvm::ArrayRef<T> list(Each Read) {
    llvm::SmallVector<T, 8> Items(count());
    for (T &Item : Items)
      Item = Read();
    return P.keep(llvm::ArrayRef(Items));
  }
  uint32_t fail(llvm::StringRef Why) {
    if (!Failed)
      Problem = Why.str();
    Failed = true;
    return 0;
  }

  ValueSlot slot() {
    ValueSlot S;
    uint64_t Kind = num();
    if (Kind > ValueSlot::Return)
      fail("a function value's place is of an unknown kind");
    S.K = static_cast<ValueSlot::Kind>(Kind);
    S.Id = u32();
    S.Index = u32();
    return S;
  }

  Function function();
  CallSite call();
  ReturnSite ret();
  void values();

  llvm::StringRef Data;
  Program &P;
  size_t At = 0;
  bool Failed = false;
  std::string Problem;
};

llvm::Error Reader::program() {
  if (!Data.starts_with(Magic))
    return llvm::createStringError("it is not a forksafe summary");
  At = Magic.size();
  uint64_t Version = num();
  if (!Failed && Version != SummaryVersion)
    return llvm::createStringError(
        "it was written by another version of forksafe (summary format %u; "
        "this forksafe reads format %u): rebuild the summaries",
        unsigned(Version), SummaryVersion);
  P.Files.resize(count());
  for (SourceFile &F : P.Files) {
    F.Path = str().str();
    F.IsSystem = num() != 0;
  }
  P.Names.resize(count());
  for (std::string &N : P.Names)
    N = str().str();
  P.Units.resize(count());
  for (Unit &U : P.Units) {
    for (size_t I = 0, N = count(); I != N && !Failed; ++I)
      U.DeclaredFunctions.insert(str());
    U.TargetsGlibc = num() != 0;
    U.SharedLibraryCode = num() != 0;
  }
  size_t NumFunctions = count();
  P.Functions.reserve(NumFunctions);
  for (size_t I = 0; I != NumFunctions && !Failed; ++I)
    P.Functions.push_back(function());
  if (!Failed)
    values();
  if (!Failed && At != Data.size())
    fail("it goes on after its function values");
  if (Failed)
    return llvm::createStringError("it is malformed: " + Problem);
  return verifyProgram(P);
}

Function Reader::function() {
  Function F;
  F.Name = P.keep(str());
  F.LookupName = P.keep(str());
  F.LinkageName = P.keep(str());
  F.Pos = pos();
  F.NumParams = u32();
  uint64_t Bits = num();
  F.HasBody = flag(Bits, 0);
  F.IsMain = flag(Bits, 1);
  F.InSystemHeader = flag(Bits, 2);
  F.IsCLibrary = flag(Bits, 3);
  F.DeclaredNoReturn = flag(Bits, 4);
  F.RunsBeforeMain = flag(Bits, 5);
  F.Unit = u32();
  F.OutsideWrite = pos();
  F.Entry = idx();
  F.Blocks = list<Block>([&] {
    Block B;
    B.EventBegin = u32();
    B.EventEnd = u32();
    B.EdgeBegin = u32();
    B.EdgeEnd = u32();
    B.Pos = pos();
    return B;
  });
  F.Events = list<Event>([&] {
    Event E;
    E.K = num() ? Event::Return : Event::Call;
    E.Index = u32();
    return E;
  });
  F.Edges = list<Edge>([&] {
    Edge E;
    E.Target = u32();
    E.TestBegin = u32();
    E.TestEnd = u32();
    return E;
  });
  F.Tests = list<ResultTest>([&] {
    ResultTest T;
    T.Call = u32();
    T.Classes = static_cast<uint8_t>(num() & AnyResult);
    return T;
  });
  F.Calls = list<CallSite>([&] { return call(); });
  F.Returns = list<ReturnSite>([&] { return ret(); });
  BodyDetail Detail;
  Detail.Statements.resize(count());
  for (StatementSpan &S : Detail.Statements) {
    S.File = idx();
    S.Begin = u32();
    S.End = u32();
    S.AppendAt = u32();
    uint64_t Bits = num();
    S.StartsLine = flag(Bits, 0);
    S.IsUnbracedBody = flag(Bits, 1);
    S.Indent = str().str();
  }
  Detail.Locals.resize(count());
  for (LocalVar &V : Detail.Locals) {
    V.Name = str().str();
    V.ScopeBegin = u32();
    V.ScopeEnd = u32();
  }
  Detail.Rewrites.resize(count());
  for (TextEdit &E : Detail.Rewrites) {
    E.File = idx();
    E.Offset = u32();
    E.Length = u32();
    E.Replacement = str().str();
  }
  Detail.Spawns.resize(count());
  for (BodyDetail::SpawnRewrite &S : Detail.Spawns) {
    S.Call = u32();
    S.Begin = u32();
    S.End = u32();
  }
  Detail.Writes.resize(count());
  for (WriteSite &W : Detail.Writes) {
    W.Pos = pos();
    W.Block = u32();
    W.Position = u32();
    W.Local = idx();
    W.StoresCall = idx();
    W.CopiesLocal = idx();
  }
  if (!Detail.empty())
    F.editDetail() = std::move(Detail);
  return F;
}

CallSite Reader::call() {
  CallSite C;
  C.Callee = idx();
  uint64_t Kind = num();
  if (Kind > static_cast<uint8_t>(CallKind::Throw))
    fail("a call is of an unknown kind");
  C.Kind = static_cast<CallKind>(Kind);
  uint64_t Bits = num();
  C.DeclaredNoReturn = flag(Bits, 0);
  C.StandsAlone = flag(Bits, 1);
  C.Pos = pos();
  C.Statement = idx();
  C.Rewrite = idx();
  C.Args = list<ArgInfo>([&] {
    ArgInfo A;
    A.Slot = static_cast<int32_t>(u32()) + NoSlot;
    A.Function = idx();
    A.ForwardsParam = idx();
    uint64_t Kind = num();
    if (Kind > HandleKey::Param)
      fail("a handle is of an unknown kind");
    A.Handle.K = static_cast<HandleKey::Kind>(Kind);
    A.Handle.Id = u32();
    uint64_t Bits = num();
    A.Handle.Exact = flag(Bits, 0);
    A.IsNull = flag(Bits, 1);
    A.AddressOf = flag(Bits, 2);
    A.NotifiesByThread = flag(Bits, 3);
    A.SpelledOut = flag(Bits, 4);
    A.HandleType = idx();
    A.Constant = idx();
    return A;
  });
  return C;
}

void Reader::values() {
  size_t NumFlows = count();
  for (size_t I = 0; I != NumFlows && !Failed; ++I) {
    ValueFlow F;
    F.To = slot();
    F.From = slot();
    F.Value = idx();
    P.Values.Flows.push_back(F);
  }
  size_t NumCalls = count();
  for (size_t I = 0; I != NumCalls && !Failed; ++I) {
    ValueCall C;
    C.Caller = idx();
    C.Call = u32();
    C.Slot = static_cast<int32_t>(u32()) + NoSlot;
    C.Through = slot();
    C.Spelling = P.keep(str());
    C.KeepsCallee = num() != 0;
    P.Values.Calls.push_back(C);
  }
}

ReturnSite Reader::ret() {
  ReturnSite R;
  R.Pos = pos();
  uint64_t Bits = num();
  R.Implicit = flag(Bits, 0);
  R.Unwinds = flag(Bits, 1);
  R.ValueFromCalls = list<uint32_t>([&] { return u32(); });
  R.Statement = idx();
  R.ExitRewriteBegin = u32();
  R.ExitRewriteEnd = u32();
  R.ReturnsLocal = idx();
  return R;
}

/// Collects the first index out of range, with what it was.
class Verifier {
public:
  explicit Verifier(const Program &P) : P(P) {}

  llvm::Error run();

private:
  void check(bool InRange, const Function *F, llvm::StringRef What) {
    if (InRange || !Problem.empty())
      return;
    Problem = (F ? "in '" + F->Name.str() + "', " : std::string()) +
              What.str() + " is out of range";
  }
  void pos(const SourcePos &Pos, const Function *F, llvm::StringRef What) {
    check(Pos.File == InvalidIndex || Pos.File < P.Files.size(), F, What);
  }
  void range(uint32_t Begin, uint32_t End, size_t Size, const Function &F,
             llvm::StringRef What) {
    check(Begin <= End && End <= Size, &F, What);
  }
  void function(const Function &F);
  void values();
  bool validSlot(const ValueSlot &S) const {
    switch (S.K) {
    case ValueSlot::None:
      return true;
    case ValueSlot::Global:
    case ValueSlot::Field:
      return S.Id < P.Names.size();
    case ValueSlot::Local:
    case ValueSlot::Param:
    case ValueSlot::Return:
      return S.Id < P.Functions.size();
    }
    return false;
  }

  const Program &P;
  std::string Problem;
};

llvm::Error Verifier::run() {
  for (const Function &F : P.Functions) {
    function(F);
    if (!Problem.empty())
      break;
  }
  if (Problem.empty())
    values();
  if (Problem.empty())
    return llvm::Error::success();
  return llvm::createStringError("it is malformed: " + Problem);
}

void Verifier::values() {
  for (const ValueFlow &F : P.Values.Flows)
    check(validSlot(F.To) && F.To.isValid() && validSlot(F.From) &&
              (F.Value == InvalidIndex ? F.From.isValid()
                                       : F.Value < P.Functions.size()),
          nullptr, "a function value's flow");
  for (const ValueCall &C : P.Values.Calls)
    check(C.Caller < P.Functions.size() &&
              C.Call < P.Functions[C.Caller].Calls.size() &&
              C.Through.isValid() && validSlot(C.Through),
          nullptr, "a call through a function value");
}

void Verifier::function(const Function &F) {
  pos(F.Pos, &F, "the function's position");
  check(F.Unit < P.Units.size() || !F.HasBody, &F, "the translation unit");
  check(F.Blocks.empty() ? F.Entry == InvalidIndex : F.Entry < F.Blocks.size(),
        &F, "the entry block");
  for (const Block &B : F.Blocks) {
    range(B.EventBegin, B.EventEnd, F.Events.size(), F, "a block's events");
    range(B.EdgeBegin, B.EdgeEnd, F.Edges.size(), F, "a block's edges");
    pos(B.Pos, &F, "a block's position");
  }
  for (const Event &E : F.Events)
    check(E.Index < (E.K == Event::Call ? F.Calls.size() : F.Returns.size()),
          &F, "an event");
  for (const Edge &E : F.Edges) {
    check(E.Target < F.Blocks.size(), &F, "an edge's target");
    range(E.TestBegin, E.TestEnd, F.Tests.size(), F, "an edge's tests");
  }
  for (const ResultTest &T : F.Tests)
    check(T.Call < F.Calls.size(), &F, "a test's call");
  auto Optional = [](uint32_t I, size_t Size) {
    return I == InvalidIndex || I < Size;
  };
  for (const CallSite &C : F.Calls) {
    check(Optional(C.Callee, P.Functions.size()), &F, "a callee");
    pos(C.Pos, &F, "a call's position");
    check(Optional(C.Statement, F.detail().Statements.size()), &F,
          "a call's statement");
    check(Optional(C.Rewrite, F.detail().Rewrites.size()), &F,
          "a call's rewrite");
    for (const ArgInfo &A : C.Args) {
      check(Optional(A.Function, P.Functions.size()), &F, "a routine");
      check(Optional(A.ForwardsParam, F.NumParams), &F, "a parameter");
      size_t Ids =
          A.Handle.K == HandleKey::Local ? F.detail().Locals.size()
          : A.Handle.K == HandleKey::Global || A.Handle.K == HandleKey::Field
              ? P.Names.size()
              : SIZE_MAX;
      check(A.Handle.Id < Ids, &F, "a handle");
      check(Optional(A.HandleType, P.Names.size()), &F, "a handle's type");
    }
  }
  for (const ReturnSite &R : F.Returns) {
    pos(R.Pos, &F, "a return's position");
    for (uint32_t C : R.ValueFromCalls)
      check(C < F.Calls.size(), &F, "a returned call");
    check(Optional(R.Statement, F.detail().Statements.size()), &F,
          "a return's statement");
    range(R.ExitRewriteBegin, R.ExitRewriteEnd, F.detail().Rewrites.size(), F,
          "a return's rewrite");
    check(Optional(R.ReturnsLocal, F.detail().Locals.size()), &F,
          "a returned handle");
  }
  for (const StatementSpan &S : F.detail().Statements)
    check(Optional(S.File, P.Files.size()), &F, "a statement's file");
  for (const TextEdit &E : F.detail().Rewrites)
    check(Optional(E.File, P.Files.size()), &F, "a rewrite's file");
  for (const BodyDetail::SpawnRewrite &S : F.detail().Spawns) {
    check(S.Call < F.Calls.size(), &F, "a spawn rewrite's call");
    range(S.Begin, S.End, F.detail().Rewrites.size(), F,
          "a spawn rewrite's edits");
  }
  pos(F.OutsideWrite, &F, "a write's position");
  for (const WriteSite &W : F.detail().Writes) {
    pos(W.Pos, &F, "a write's position");
    check(W.Block < F.Blocks.size(), &F, "a write's block");
    if (W.Block < F.Blocks.size())
      check(W.Position <= F.Blocks[W.Block].EventEnd -
                              F.Blocks[W.Block].EventBegin,
            &F, "a write's place in its block");
    check(Optional(W.Local, F.detail().Locals.size()), &F,
          "a written variable");
    check(Optional(W.StoresCall, F.Calls.size()), &F, "a written call");
    check(Optional(W.CopiesLocal, F.detail().Locals.size()), &F,
          "a copied variable");
  }
}

} // namespace

std::string writeSummary(const Program &P) {
  Writer W;
  W.program(P);
  return std::move(W.Out);
}

llvm::Expected<Program> readSummary(llvm::StringRef Data) {
  Program P;
  if (llvm::Error E = Reader(Data, P).program())
    return E;
  return P;
}

llvm::Error verifyProgram(const Program &P) { return Verifier(P).run(); }

llvm::Error writeSummaryFile(const Program &P, llvm::StringRef Dir,
                             llvm::StringRef Name, llvm::StringRef Key) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create '%s': %s",
                                   Dir.str().c_str(), EC.message().c_str());
  llvm::SmallString<256> Final(Dir);
  llvm::sys::path::append(Final, Name + "." +
                                     llvm::utohexstr(llvm::xxh3_64bits(Key)) +
                                     SummaryExtension);
  llvm::SmallString<256> Model(Final);
  Model += ".tmp-%%%%%%%%";
  int FD = -1;
  llvm::SmallString<256> Temp;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return llvm::createStringError(EC, "cannot write in '%s': %s",
                                   Dir.str().c_str(), EC.message().c_str());
  {
    llvm::raw_fd_ostream Out(FD, /*shouldClose=*/true);
    Out << writeSummary(P);
    Out.close();
    if (std::error_code EC = Out.error()) {
      // A stream destroyed with its error set aborts the process: the
      // compiler's, in the plugin.
      Out.clear_error();
      llvm::sys::fs::remove(Temp);
      return llvm::createStringError(EC, "cannot write '%s': %s", Final.c_str(),
                                     EC.message().c_str());
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Final)) {
    llvm::sys::fs::remove(Temp);
    return llvm::createStringError(EC, "cannot rename '%s' to '%s': %s",
                                   Temp.c_str(), Final.c_str(),
                                   EC.message().c_str());
  }
  return llvm::Error::success();
}

} // namespace forksafe
