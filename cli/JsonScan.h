//===- JsonScan.h - JSON read without building it ---------------*- C++ -*-===//
//
// A baseline is a SARIF log of the whole project, and a compilation database
// lists every command of it: read into llvm::json::Value, each costs more
// than a hundred times its size, and the parser recurses once per level. The
// forksafe command needs a few strings of one and the well-formedness of the
// other: this checks the text in one pass, without recursion, and hands out
// the string values it is asked for.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CLI_JSONSCAN_H
#define FORKSAFE_CLI_JSONSCAN_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace forksafe {

enum class JsonKind { Object, Array, String, Other };

/// Called at each value with its kind, the keys of the objects that lead to
/// it (array elements add none: {"runs", "results", "partialFingerprints",
/// "forksafe/v1"}) and, for a string, its text. Keys and text are as
/// written, escapes not decoded.
using JsonVisitor =
    llvm::function_ref<void(JsonKind Kind, llvm::ArrayRef<llvm::StringRef> Keys,
                            llvm::StringRef String)>;

/// Checks that Text is one JSON value nested at most MaxDepth deep, calling
/// Visit at each value. The error says where, as llvm::json's does:
/// "[line:column, byte=N]: what was expected".
llvm::Error scanJson(llvm::StringRef Text, unsigned MaxDepth,
                     JsonVisitor Visit);

} // namespace forksafe

#endif // FORKSAFE_CLI_JSONSCAN_H
