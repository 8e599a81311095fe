//===- ModelBuilder.h - Lowers a translation unit into the model -*- C++ -*-===//
//
// The only place where Clang's AST and CFG meet forksafe's model. Every
// function the translation unit defines is lowered, and so are the inline
// and template functions of system headers that they reach; C library
// functions stay bodiless, known by the tables.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_PLUGIN_MODELBUILDER_H
#define FORKSAFE_PLUGIN_MODELBUILDER_H

#include "Options.h"
#include "UnitTriage.h"
#include "model/Model.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"
#include <memory>

namespace clang {
class ASTContext;
} // namespace clang

namespace forksafe {

class ModelBuilder {
public:
  /// Opts brings the project's knowledge (a thread-start wrapper whose body
  /// is in another library is lowered like pthread_create).
  ModelBuilder(clang::ASTContext &Ctx, const Options &Opts);
  ~ModelBuilder();

  /// Lowers the translation unit: of the functions it defines, those of
  /// Only if given (planLowering), and what they reach.
  Program build(const FunctionSet *Only = nullptr);

  /// The clang file of a model file index, for hosts that map positions
  /// back to clang::SourceLocations.
  clang::FileID fileID(uint32_t File) const;
  /// Where a model position is, for a Clang host's diagnostics: the
  /// location the extractor recorded (macro expansions kept), else the file
  /// offset.
  clang::SourceLocation location(const SourcePos &P) const;
  clang::SourceLocation location(uint32_t File, uint32_t Offset) const;
  /// A model edit as a fix-it.
  clang::FixItHint fixIt(const TextEdit &Edit) const;

  class Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_MODELBUILDER_H
