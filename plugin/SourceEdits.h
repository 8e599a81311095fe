//===- SourceEdits.h - Source text facts that fix-its need ------*- C++ -*-===//
//
// Where statements start and end, how they are indented, where a variable
// is in scope, and the mechanical rewrites of single calls. Everything here
// reads the source as written, and gives up on text from macros.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_SOURCEEDITS_H
#define FORKSAFE_PLUGIN_SOURCEEDITS_H

#include "ModelBuilderImpl.h"
#include "clang/AST/ParentMap.h"
#include <memory>
#include <optional>
#include <utility>

namespace clang {
class CallExpr;
class DeclStmt;
class ReturnStmt;
class VarDecl;
} // namespace clang

namespace forksafe {

class SourceEdits {
public:
  SourceEdits(ModelBuilder::Impl &B, const clang::FunctionDecl *FD,
              Function &Out);
  ~SourceEdits();

  /// The statement (in Out.Statements) that holds S as a statement of a
  /// block or as the body of an if, else or loop; InvalidIndex when it
  /// cannot be edited (macros, initializers).
  uint32_t statementOf(const clang::Stmt *S);

  /// Whether S is a statement of its own, casts and parentheses aside.
  bool standsAlone(const clang::Stmt *S);

  /// exit(N) -> _exit(N); printf("text") -> write(1, "text", 4);
  /// socket(d, SOCK_STREAM, 0) -> socket(d, SOCK_STREAM | SOCK_CLOEXEC, 0).
  std::optional<TextEdit> rewriteCall(const clang::CallExpr *CE,
                                      llvm::StringRef LookupName);
  /// `return N;` -> `_exit(N);`.
  std::vector<TextEdit> returnToExit(const clang::ReturnStmt *RS);
  /// `_exit(0);` before the closing brace of main, where it falls off the
  /// end (which returns 0).
  std::vector<TextEdit> exitAtEnd(const clang::CompoundStmt *Body);

  /// The edits that replace the fork Fork and its child's `if` with a
  /// posix_spawn call (SpawnRewrite.cpp); none for a child that does what
  /// posix_spawn cannot, or a shape it does not know.
  std::vector<TextEdit> spawnRewrite(const clang::CallExpr *Fork);
  /// Where S is and how it is indented, as fix-its around it need.
  StatementSpan span(const clang::Stmt *S, bool Unbraced) const;

  /// The byte range of the file in which V is in scope.
  std::pair<uint32_t, uint32_t> scopeOf(const clang::VarDecl *V);

  const clang::ParentMap &parents();
  /// The file offsets of the text E expands from, where the call that holds
  /// it is spelled in FID.
  std::optional<std::pair<uint32_t, uint32_t>>
  expansionRange(const clang::Expr *E, clang::FileID FID) const;
  /// Whether the words of Text (the names of constants and functions) are
  /// all macros or declarations the translation unit has.
  bool defines(llvm::StringRef Text) const;

  /// Whether a body holds expressions that failed to compile.
  static bool hasErrors(const clang::Stmt *Body);

private:
  std::optional<TextEdit> rewriteExit(const clang::CallExpr *CE);
  std::optional<TextEdit> rewriteOutput(const clang::CallExpr *CE,
                                        llvm::StringRef LookupName);
  /// The call made to create its descriptors close-on-exec, as Api says.
  std::optional<TextEdit> rewriteCloexec(const clang::CallExpr *CE,
                                         const DescriptorApi &Api);
  /// statementOf's walk up from S, noting the nodes it passes in Climbed.
  uint32_t
  climbToStatement(const clang::Stmt *S,
                   llvm::SmallVectorImpl<const clang::Stmt *> &Climbed);
  /// The file offsets of a range spelled in one file outside macros.
  std::optional<std::pair<uint32_t, uint32_t>>
  fileRange(clang::SourceRange R, clang::FileID *FID = nullptr) const;

  ModelBuilder::Impl &B;
  const clang::FunctionDecl *FD;
  Function &Out;
  std::unique_ptr<clang::ParentMap> Parents;
  llvm::DenseMap<const clang::Stmt *, uint32_t> Spans;
  /// What statementOf said of each node it passed.
  llvm::DenseMap<const clang::Stmt *, uint32_t> Owners;
  llvm::DenseMap<const clang::Decl *, const clang::DeclStmt *> DeclStmts;
};

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_SOURCEEDITS_H
