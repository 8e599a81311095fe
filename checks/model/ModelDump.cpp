//===- ModelDump.cpp - A readable listing of a model ----------------------===//

#include "ModelDump.h"

namespace forksafe {

namespace {

void printClasses(uint8_t Classes, llvm::raw_ostream &OS) {
  OS << (Classes & BelowMinusOne ? "<" : "") << (Classes & MinusOne ? "-" : "")
     << (Classes & Zero ? "0" : "")
     << (Classes & Positive ? "+" : "");
}

void printHandle(const Program &P, const Function &Fn, const HandleKey &K,
                 llvm::raw_ostream &OS) {
  switch (K.K) {
  case HandleKey::Unknown:
    OS << "?";
    return;
  case HandleKey::Local:
    OS << "local:" << Fn.detail().Locals[K.Id].Name;
    break;
  case HandleKey::Global:
    OS << "global:" << P.Names[K.Id];
    break;
  case HandleKey::Field:
    OS << "field:" << P.Names[K.Id];
    break;
  case HandleKey::Param:
    OS << "param:" << K.Id;
    break;
  }
  if (!K.Exact)
    OS << "~";
}

void printCall(const Program &P, const Function &Fn, const CallSite &C,
               llvm::raw_ostream &OS) {
  static const char *Kinds[] = {"call",   "indirect", "construct", "destruct",
                                "new",    "delete",   "throw"};
  OS << Kinds[static_cast<int>(C.Kind)];
  if (C.Callee != InvalidIndex)
    OS << " " << P.Functions[C.Callee].Name;
  if (C.DeclaredNoReturn)
    OS << " noreturn";
  for (const ArgInfo &A : C.Args) {
    OS << " [" << (A.Slot == ObjectSlot   ? "object"
                   : A.Slot == ResultSlot ? "result"
                                          : std::to_string(A.Slot));
    if (A.Function != InvalidIndex)
      OS << " fn=" << P.Functions[A.Function].Name;
    if (A.ForwardsParam != InvalidIndex)
      OS << " param=" << A.ForwardsParam;
    if (A.Handle.isKnown()) {
      OS << " handle=";
      printHandle(P, Fn, A.Handle, OS);
    }
    if (A.IsNull)
      OS << " null";
    if (A.NotifiesByThread)
      OS << " sigev-thread";
    if (A.SpelledOut)
      OS << " spelled-out";
    if (A.Constant != InvalidIndex)
      OS << " constant=" << P.Names[A.Constant];
    OS << "]";
  }
  if (const TextEdit *Rewrite = Fn.rewriteOf(C))
    OS << " rewrite=\"" << Rewrite->Replacement << "\"";
}

void printReturn(const ReturnSite &R, llvm::raw_ostream &OS) {
  OS << (R.Unwinds ? "unwind" : R.Implicit ? "return(implicit)" : "return");
  for (uint32_t C : R.ValueFromCalls)
    OS << " value-of-call=" << C;
}

} // namespace

void dumpProgram(const Program &P, llvm::raw_ostream &OS) {
  for (const Function &Fn : P.Functions) {
    if (!Fn.HasBody || Fn.InSystemHeader)
      continue;
    OS << "function " << Fn.Name << (Fn.IsMain ? " (main)" : "")
       << (Fn.RunsBeforeMain ? " (before main)" : "") << "\n";
    // Highest numbers first: the extractor keeps Clang's block numbers,
    // which count from the end of the function.
    for (uint32_t B = Fn.Blocks.size(); B-- != 0;) {
      if (Fn.events(B).empty() && Fn.succs(B).empty() && B != Fn.Entry)
        continue;
      OS << "  block " << B << (B == Fn.Entry ? " (entry)" : "") << "\n";
      for (const Event &E : Fn.events(B)) {
        OS << "    ";
        if (E.K == Event::Call) {
          OS << "#" << E.Index << " ";
          printCall(P, Fn, Fn.Calls[E.Index], OS);
        } else {
          printReturn(Fn.Returns[E.Index], OS);
        }
        OS << "\n";
      }
      for (const Edge &E : Fn.succs(B)) {
        OS << "    -> " << E.Target;
        for (const ResultTest &T : Fn.tests(E)) {
          OS << " if #" << T.Call << " in ";
          printClasses(T.Classes, OS);
        }
        OS << "\n";
      }
    }
  }
}

} // namespace forksafe
