//===- Merge.cpp - The models of many translation units as one ------------===//

#include "Merge.h"
#include "llvm/ADT/StringMap.h"

namespace forksafe {

namespace {

class Merger {
public:
  Program take() { return std::move(Out); }

  /// Gives every file, name and function of U its index in the merged
  /// program, and notes which of U's functions bring their bodies.
  void declare(Program &U);
  /// Copies the bodies U brings, with its indices made the merged ones.
  void define(const Program &U);

private:
  uint32_t fileId(const SourceFile &F);
  uint32_t nameId(const std::string &N);
  FunctionId functionId(const Function &F);
  SourcePos map(SourcePos P) const;
  void copyBody(const Function &From, Function &To);
  CallSite mapCall(const CallSite &C);

  Program Out;
  llvm::StringMap<uint32_t> FileIds;
  llvm::StringMap<uint32_t> NameIds;
  llvm::StringMap<FunctionId> External;

  // The unit being merged: its indices in the merged program.
  std::vector<uint32_t> Files;
  std::vector<uint32_t> Names;
  std::vector<FunctionId> Functions;
  std::vector<char> BringsBody;
  uint32_t FirstUnit = 0;
};

uint32_t Merger::fileId(const SourceFile &F) {
  auto [It, New] = FileIds.try_emplace(F.Path, Out.Files.size());
  if (New)
    Out.Files.push_back(F);
  return It->second;
}

uint32_t Merger::nameId(const std::string &N) {
  auto [It, New] = NameIds.try_emplace(N, Out.Names.size());
  if (New)
    Out.Names.push_back(N);
  return It->second;
}

SourcePos Merger::map(SourcePos P) const {
  if (P.File != InvalidIndex)
    P.File = Files[P.File];
  // A position the host that made the unit could resolve; this one cannot.
  P.HostLocation = 0;
  return P;
}

FunctionId Merger::functionId(const Function &F) {
  if (!F.LinkageName.empty()) {
    auto [It, New] = External.try_emplace(F.LinkageName, Out.Functions.size());
    if (!New) {
      Function &Known = Out.Functions[It->second];
      // The first definition brings the body, and the facts of a
      // definition: where it is, whether it is the C library's.
      if (F.HasBody && !Known.HasBody) {
        Known.HasBody = true;
        Known.Pos = map(F.Pos);
        Known.InSystemHeader = F.InSystemHeader;
        Known.IsCLibrary = F.IsCLibrary;
        BringsBody.back() = true;
      }
      Known.DeclaredNoReturn |= F.DeclaredNoReturn;
      return It->second;
    }
  }
  Function Copy;
  Copy.Name = Out.keep(F.Name);
  Copy.LookupName = Out.keep(F.LookupName);
  Copy.LinkageName = Out.keep(F.LinkageName);
  Copy.Pos = map(F.Pos);
  Copy.NumParams = F.NumParams;
  Copy.HasBody = F.HasBody;
  Copy.IsMain = F.IsMain;
  Copy.RunsBeforeMain = F.RunsBeforeMain;
  Copy.InSystemHeader = F.InSystemHeader;
  Copy.IsCLibrary = F.IsCLibrary;
  Copy.DeclaredNoReturn = F.DeclaredNoReturn;
  BringsBody.back() = F.HasBody;
  Out.Functions.push_back(std::move(Copy));
  return Out.Functions.size() - 1;
}

void Merger::declare(Program &U) {
  Files.clear();
  for (const SourceFile &F : U.Files)
    Files.push_back(fileId(F));
  Names.clear();
  for (const std::string &N : U.Names)
    Names.push_back(nameId(N));
  FirstUnit = Out.Units.size();
  for (Unit &Each : U.Units)
    Out.Units.push_back(std::move(Each));
  Functions.clear();
  BringsBody.clear();
  for (const Function &F : U.Functions) {
    BringsBody.push_back(false);
    Functions.push_back(functionId(F));
  }
}

CallSite Merger::mapCall(const CallSite &C) {
  CallSite Mapped = C;
  if (C.Callee != InvalidIndex)
    Mapped.Callee = Functions[C.Callee];
  Mapped.Pos = map(C.Pos);
  llvm::SmallVector<ArgInfo, 4> Args(C.Args.begin(), C.Args.end());
  for (ArgInfo &A : Args) {
    if (A.Function != InvalidIndex)
      A.Function = Functions[A.Function];
    if (A.Handle.K == HandleKey::Global || A.Handle.K == HandleKey::Field)
      A.Handle.Id = Names[A.Handle.Id];
    if (A.HandleType != InvalidIndex)
      A.HandleType = Names[A.HandleType];
  }
  Mapped.Args = Out.keep(llvm::ArrayRef(Args));
  return Mapped;
}

void Merger::copyBody(const Function &From, Function &To) {
  To.Unit = FirstUnit + From.Unit;
  To.Entry = From.Entry;
  llvm::SmallVector<Block, 8> Blocks(From.Blocks.begin(), From.Blocks.end());
  for (Block &B : Blocks)
    B.Pos = map(B.Pos);
  To.Blocks = Out.keep(llvm::ArrayRef(Blocks));
  To.Events = Out.keep(From.Events);
  To.Edges = Out.keep(From.Edges);
  To.Tests = Out.keep(From.Tests);
  llvm::SmallVector<CallSite, 8> Calls;
  for (const CallSite &C : From.Calls)
    Calls.push_back(mapCall(C));
  To.Calls = Out.keep(llvm::ArrayRef(Calls));
  llvm::SmallVector<ReturnSite, 4> Returns(From.Returns.begin(),
                                           From.Returns.end());
  for (ReturnSite &R : Returns) {
    R.Pos = map(R.Pos);
    R.ValueFromCalls = Out.keep(R.ValueFromCalls);
  }
  To.Returns = Out.keep(llvm::ArrayRef(Returns));
  To.Statements = From.Statements;
  for (StatementSpan &S : To.Statements)
    if (S.File != InvalidIndex)
      S.File = Files[S.File];
  To.Locals = From.Locals;
  To.OutsideWrite = map(From.OutsideWrite);
  To.Writes = From.Writes;
  for (WriteSite &W : To.Writes)
    W.Pos = map(W.Pos);
  To.Rewrites = From.Rewrites;
  for (TextEdit &E : To.Rewrites)
    if (E.File != InvalidIndex)
      E.File = Files[E.File];
}

void Merger::define(const Program &U) {
  for (FunctionId F = 0; F != U.Functions.size(); ++F)
    if (BringsBody[F])
      copyBody(U.Functions[F], Out.Functions[Functions[F]]);
}

} // namespace

Program mergePrograms(std::vector<Program> Units) {
  Merger M;
  for (Program &U : Units) {
    M.declare(U);
    M.define(U);
  }
  return M.take();
}

} // namespace forksafe
