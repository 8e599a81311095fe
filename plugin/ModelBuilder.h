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

#include "model/Model.h"
#include "clang/Basic/SourceLocation.h"
#include <memory>

namespace clang {
class ASTContext;
} // namespace clang

namespace forksafe {

class ModelBuilder {
public:
  explicit ModelBuilder(clang::ASTContext &Ctx);
  ~ModelBuilder();

  /// Lowers the whole translation unit.
  Program build();

  /// The clang file of a model file index, for hosts that map positions
  /// back to clang::SourceLocations.
  clang::FileID fileID(uint32_t File) const;

  class Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace forksafe

#endif // FORKSAFE_PLUGIN_MODELBUILDER_H
