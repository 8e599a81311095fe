//===- ValueFlows.h - Where the addresses of functions go -------*- C++ -*-===//
//
// Private to the extractor. Records, for the analysis to solve once per
// program (analysis/FunctionValues), the flows of function addresses into
// variables, fields, array elements and tables, parameters, return values
// and std::function objects, and the calls that run what such a place
// holds (Program::Values). A body's statements are fed to it as the CFG
// walk meets them, after their calls are lowered: no walk of its own.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_VALUEFLOWS_H
#define FORKSAFE_PLUGIN_VALUEFLOWS_H

#include "ModelBuilderImpl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <functional>

namespace forksafe {

/// Whether a value of type T holds, points to or is made of function
/// addresses (arrays and pointers count as what they hold): the types whose
/// flows are recorded.
bool holdsFunctions(clang::QualType T);

class FlowRecorder {
public:
  /// FD is the function whose body is recorded (model function Self), or
  /// null for the initialisers of variables of static storage; CallOf
  /// gives the index in Function::Calls of a lowered call expression.
  FlowRecorder(ModelBuilder::Impl &B, const clang::FunctionDecl *FD,
               FunctionId Self,
               std::function<uint32_t(const clang::Stmt *)> CallOf);

  /// One statement of the body: an assignment, a declaration, a return, a
  /// call or a construction.
  void record(const clang::Stmt *S);
  /// What a constructor's member initialiser stores.
  void recordMemberInit(const clang::FieldDecl *Field, const clang::Expr *Init);
  /// What the initialiser of a variable of static storage stores.
  void recordGlobal(const clang::VarDecl *V);
  /// A virtual method flows into the slot of itself and of every method it
  /// overrides, directly or not.
  void recordOverrider(const clang::CXXMethodDecl *MD);

private:
  /// What an expression denotes as a function value: a function, or what
  /// a slot holds.
  struct FunctionSource {
    FunctionId Value = InvalidIndex;
    ValueSlot Slot;
  };
  using FunctionSources = llvm::SmallVector<FunctionSource, 2>;

  void recordCall(const clang::CallExpr *CE);
  void recordConstruct(const clang::CXXConstructExpr *CE);
  void flowInto(ValueSlot To, const clang::Expr *E, clang::QualType T);
  FunctionSources sourcesOf(const clang::Expr *E);
  void addSources(const clang::Expr *E, FunctionSources &Out, unsigned Depth);
  ValueSlot slotOf(const clang::Expr *E);
  ValueSlot slotOfVar(const clang::VarDecl *V);
  ValueSlot fieldSlot(const clang::FieldDecl *Field);
  ValueSlot virtualSlot(const clang::CXXMethodDecl *MD);
  void recordArguments(const clang::FunctionDecl *Callee,
                       llvm::ArrayRef<const clang::Expr *> Args,
                       const clang::Stmt *Call);
  void recordCallThrough(const clang::Stmt *Call, int32_t Slot,
                         const clang::Expr *Through, bool KeepsCallee = false);
  llvm::StringRef spelling(const clang::Expr *E);
  FunctionId callOperator(const clang::CXXRecordDecl *RD);

  ModelBuilder::Impl &B;
  const clang::FunctionDecl *FD;
  FunctionId Self;
  std::function<uint32_t(const clang::Stmt *)> CallOf;
  llvm::DenseMap<const clang::VarDecl *, uint32_t> Locals;
};

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_VALUEFLOWS_H
