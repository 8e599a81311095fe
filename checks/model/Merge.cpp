//===- Merge.cpp - The models of many translation units as one ------------===//

#include "Merge.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include <optional>

namespace forksafe {

namespace {

class Merger {
public:
  Program take() { return std::move(Out); }

  /// Gives every file, name and function of U its index in the merged
  /// program, and notes which of U's functions bring their bodies.
  void declare(const Program &U);
  /// Copies the bodies U brings, with its indices made the merged ones.
  void define(const Program &U);

private:
  uint32_t fileId(const SourceFile &F);
  uint32_t nameId(const std::string &N);
  FunctionId functionId(const Function &F);
  SourcePos map(SourcePos P) const;
  void copyBody(const Function &From, Function &To);
  CallSite mapCall(const CallSite &C);
  ValueSlot mapSlot(ValueSlot S) const;
  void copyValues(const FunctionValues &From);

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

void Merger::declare(const Program &U) {
  Files.clear();
  for (const SourceFile &F : U.Files)
    Files.push_back(fileId(F));
  Names.clear();
  for (const std::string &N : U.Names)
    Names.push_back(nameId(N));
  FirstUnit = Out.Units.size();
  for (const Unit &Each : U.Units)
    Out.Units.push_back(Each);
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
    if (A.Constant != InvalidIndex)
      A.Constant = Names[A.Constant];
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
  To.OutsideWrite = map(From.OutsideWrite);
  if (!From.hasDetail())
    return;
  BodyDetail &Detail = To.editDetail();
  Detail = From.detail();
  for (StatementSpan &S : Detail.Statements)
    if (S.File != InvalidIndex)
      S.File = Files[S.File];
  for (WriteSite &W : Detail.Writes)
    W.Pos = map(W.Pos);
  for (TextEdit &E : Detail.Rewrites)
    if (E.File != InvalidIndex)
      E.File = Files[E.File];
}

ValueSlot Merger::mapSlot(ValueSlot S) const {
  switch (S.K) {
  case ValueSlot::None:
    break;
  case ValueSlot::Global:
  case ValueSlot::Field:
    S.Id = Names[S.Id];
    break;
  case ValueSlot::Local:
  case ValueSlot::Param:
  case ValueSlot::Return:
    S.Id = Functions[S.Id];
    break;
  }
  return S;
}

void Merger::copyValues(const FunctionValues &From) {
  for (const ValueFlow &F : From.Flows)
    Out.Values.Flows.push_back(
        {mapSlot(F.To), mapSlot(F.From),
         F.Value == InvalidIndex ? InvalidIndex : Functions[F.Value]});
  // A call's index is in the body that came with it; a body another unit
  // brought first has its own calls through values.
  for (const ValueCall &C : From.Calls)
    if (BringsBody[C.Caller])
      Out.Values.Calls.push_back({Functions[C.Caller], C.Call, C.Slot,
                                  mapSlot(C.Through), Out.keep(C.Spelling),
                                  C.KeepsCallee});
}

void Merger::define(const Program &U) {
  for (FunctionId F = 0; F != U.Functions.size(); ++F)
    if (BringsBody[F])
      copyBody(U.Functions[F], Out.Functions[Functions[F]]);
  copyValues(U.Values);
}

} // namespace

Program mergePrograms(llvm::ArrayRef<const Program *> Units) {
  Merger M;
  for (const Program *U : Units) {
    M.declare(*U);
    M.define(*U);
  }
  return M.take();
}

Program mergePrograms(std::vector<Program> Units) {
  std::vector<const Program *> All;
  for (const Program &U : Units)
    All.push_back(&U);
  return mergePrograms(All);
}

namespace {

bool definesMain(const Program &U) {
  return llvm::any_of(U.Functions,
                      [](const Function &F) { return F.IsMain && F.HasBody; });
}

/// The external names whose definitions U's bodies need from elsewhere:
/// those it calls or takes the address of, and does not define.
std::vector<llvm::StringRef> importsOf(const Program &U) {
  llvm::DenseSet<FunctionId> Used;
  for (const Function &F : U.Functions)
    for (const CallSite &C : F.Calls) {
      Used.insert(C.Callee);
      for (const ArgInfo &A : C.Args)
        Used.insert(A.Function);
    }
  // A function stored in a table is called through it.
  for (const ValueFlow &F : U.Values.Flows)
    if (F.Value != InvalidIndex)
      Used.insert(F.Value);
  std::vector<llvm::StringRef> Imports;
  for (FunctionId Id = 0; Id != U.Functions.size(); ++Id) {
    const Function &F = U.Functions[Id];
    if (Used.contains(Id) && !F.HasBody && !F.LinkageName.empty())
      Imports.push_back(F.LinkageName);
  }
  return Imports;
}

size_t sharedDirectoryLength(llvm::StringRef A, llvm::StringRef B) {
  size_t Shared = 0;
  auto IA = llvm::sys::path::begin(llvm::sys::path::parent_path(A));
  auto IB = llvm::sys::path::begin(llvm::sys::path::parent_path(B));
  auto EA = llvm::sys::path::end(llvm::sys::path::parent_path(A));
  auto EB = llvm::sys::path::end(llvm::sys::path::parent_path(B));
  for (; IA != EA && IB != EB && *IA == *IB; ++IA, ++IB)
    ++Shared;
  return Shared;
}

/// Where each external name is defined: the unit, and the definition's
/// file.
struct Definition {
  size_t UnitIndex;
  llvm::StringRef Path;
};

class ProgramSplitter {
public:
  explicit ProgramSplitter(llvm::ArrayRef<Program> Units) : Units(Units) {
    for (size_t I = 0; I != Units.size(); ++I) {
      IsEntry.push_back(definesMain(Units[I]));
      for (const Function &F : Units[I].Functions)
        if (F.HasBody && !F.LinkageName.empty())
          Definers[F.LinkageName].push_back({I, pathOf(Units[I], F.Pos)});
    }
  }

  std::vector<std::vector<size_t>> split() {
    std::vector<std::vector<size_t>> Programs;
    std::vector<char> Taken(Units.size(), false);
    for (size_t I = 0; I != Units.size(); ++I)
      if (IsEntry[I])
        Programs.push_back(programOf(I, Taken));
    std::vector<llvm::StringSet<>> CalledThrough;
    for (const std::vector<size_t> &Members : Programs)
      CalledThrough.push_back(slotsCalledThrough(Members));
    std::vector<size_t> Rest;
    for (size_t I = 0; I != Units.size(); ++I) {
      if (Taken[I])
        continue;
      bool Joined = false;
      for (size_t Program = 0; Program != Programs.size(); ++Program)
        if (storesInto(Units[I], CalledThrough[Program])) {
          Programs[Program].push_back(I);
          Joined = true;
        }
      if (Joined)
        continue;
      if (std::vector<size_t> Hosts = hostPrograms(I, Programs);
          !Hosts.empty()) {
        for (size_t Program : Hosts)
          Programs[Program].push_back(I);
        continue;
      }
      if (!runsBeforeMain(Units[I]) || Programs.empty())
        Rest.push_back(I);
      else
        for (size_t Program : nearestPrograms(I, Programs))
          Programs[Program].push_back(I);
    }
    if (!Rest.empty())
      Programs.push_back(std::move(Rest));
    return Programs;
  }

private:
  /// Whether the unit's objects are initialised by code of their own, which
  /// runs before main in whatever program links the unit.
  static bool runsBeforeMain(const Program &U) {
    return llvm::any_of(U.Functions, [](const Function &F) {
      return F.RunsBeforeMain && F.HasBody;
    });
  }

  /// The fields and globals that the units Members call through.
  llvm::StringSet<> slotsCalledThrough(llvm::ArrayRef<size_t> Members) const {
    llvm::StringSet<> Names;
    for (size_t I : Members)
      for (const ValueCall &C : Units[I].Values.Calls)
        if (C.Through.K == ValueSlot::Field || C.Through.K == ValueSlot::Global)
          Names.insert(Units[I].Names[C.Through.Id]);
    return Names;
  }

  /// Whether U, which no program calls into, stores a function where a
  /// program calls through (a table of plugins or hooks defined apart from
  /// the code that runs it): it is linked for that table.
  static bool storesInto(const Program &U, const llvm::StringSet<> &Names) {
    return llvm::any_of(U.Values.Flows, [&](const ValueFlow &F) {
      return (F.To.K == ValueSlot::Field || F.To.K == ValueSlot::Global) &&
             Names.contains(U.Names[F.To.Id]);
    });
  }

  /// The programs a unit that no program calls into calls into itself: a
  /// module a program loads at run time (a plugin that registers its
  /// callbacks and starts its threads through the program's API). Of the
  /// programs that define a name it imports, those whose main() is nearest
  /// it in the directory tree.
  std::vector<size_t>
  hostPrograms(size_t Unit,
               llvm::ArrayRef<std::vector<size_t>> Programs) const {
    std::vector<llvm::StringRef> Imports = importsOf(Units[Unit]);
    return nearestOf(unitPath(Unit), Programs, [&](size_t P) {
      return llvm::any_of(Imports, [&](llvm::StringRef Name) {
        auto It = Definers.find(Name);
        return It != Definers.end() &&
               llvm::any_of(It->second, [&](const Definition &D) {
                 return llvm::is_contained(Programs[P], D.UnitIndex);
               });
      });
    });
  }

  /// The file of the first function a unit defines.
  llvm::StringRef unitPath(size_t Unit) const {
    for (const Function &F : Units[Unit].Functions)
      if (F.HasBody)
        return pathOf(Units[Unit], F.Pos);
    return {};
  }

  /// A unit that no program calls into but that initialises its objects
  /// itself (a registry filled by constructors) is linked for that code
  /// alone: it joins the programs whose main() is nearest it in the
  /// directory tree.
  std::vector<size_t>
  nearestPrograms(size_t Unit,
                  llvm::ArrayRef<std::vector<size_t>> Programs) const {
    llvm::StringRef Path;
    for (const Function &F : Units[Unit].Functions)
      if (F.RunsBeforeMain && F.HasBody)
        Path = pathOf(Units[Unit], F.Pos);
    return nearestOf(Path, Programs, [](size_t) { return true; });
  }

  /// Of the programs Eligible accepts, those whose main() shares the
  /// longest directory prefix with Path (all of them on a tie).
  std::vector<size_t>
  nearestOf(llvm::StringRef Path, llvm::ArrayRef<std::vector<size_t>> Programs,
            llvm::function_ref<bool(size_t)> Eligible) const {
    std::vector<size_t> Nearest;
    size_t Best = 0;
    for (size_t P = 0; P != Programs.size(); ++P) {
      if (!Eligible(P))
        continue;
      size_t Shared = sharedDirectoryLength(Path, mainPath(Programs[P][0]));
      if (Nearest.empty() || Shared > Best) {
        Nearest.assign(1, P);
        Best = Shared;
      } else if (Shared == Best) {
        Nearest.push_back(P);
      }
    }
    return Nearest;
  }

  static llvm::StringRef pathOf(const Program &U, SourcePos Pos) {
    return Pos.File < U.Files.size() ? llvm::StringRef(U.Files[Pos.File].Path)
                                     : llvm::StringRef();
  }

  llvm::StringRef mainPath(size_t Entry) const {
    for (const Function &F : Units[Entry].Functions)
      if (F.IsMain && F.HasBody)
        return pathOf(Units[Entry], F.Pos);
    return {};
  }

  /// The units of the program whose main() Entry defines, in the order
  /// they join it; marks them in Taken.
  std::vector<size_t> programOf(size_t Entry, std::vector<char> &Taken) {
    llvm::StringRef Main = mainPath(Entry);
    std::vector<size_t> Members{Entry};
    llvm::DenseSet<size_t> In{Entry};
    llvm::StringSet<> Defined;
    for (size_t Next = 0; Next != Members.size(); ++Next)
      for (const Function &F : Units[Members[Next]].Functions)
        if (F.HasBody && !F.LinkageName.empty())
          Defined.insert(F.LinkageName);
    // Breadth first: a name is taken from the unit nearest the program,
    // once.
    for (size_t Next = 0; Next != Members.size(); ++Next) {
      Taken[Members[Next]] = true;
      for (llvm::StringRef Name : importsOf(Units[Members[Next]])) {
        if (Defined.contains(Name))
          continue;
        std::optional<size_t> From = provider(Name, Main);
        if (!From)
          continue;
        if (In.insert(*From).second) {
          Members.push_back(*From);
          for (const Function &F : Units[*From].Functions)
            if (F.HasBody && !F.LinkageName.empty())
              Defined.insert(F.LinkageName);
        }
      }
    }
    return Members;
  }

  std::optional<size_t> provider(llvm::StringRef Name, llvm::StringRef Main) {
    auto It = Definers.find(Name);
    if (It == Definers.end())
      return std::nullopt;
    std::optional<size_t> Best;
    size_t BestShared = 0;
    for (const Definition &D : It->second) {
      if (IsEntry[D.UnitIndex])
        continue;
      size_t Shared = sharedDirectoryLength(D.Path, Main);
      if (!Best || Shared > BestShared) {
        Best = D.UnitIndex;
        BestShared = Shared;
      }
    }
    return Best;
  }

  llvm::ArrayRef<Program> Units;
  std::vector<char> IsEntry;
  llvm::StringMap<std::vector<Definition>> Definers;
};

} // namespace

std::vector<std::vector<size_t>> programsOf(llvm::ArrayRef<Program> Units) {
  return ProgramSplitter(Units).split();
}

} // namespace forksafe
