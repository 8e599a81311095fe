//===- StdioBuffers.h - What the FILE buffers hold at a call ----*- C++ -*-===//
//
// A fork copies the parent's stdio buffers into the child: output written
// before it and not yet flushed is written again by whichever process
// flushes it. The streams are StateFlow's keys: a write makes one dirty, a
// flush or a close writes it out, unbuffering or dropping the buffer
// settles it.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_STDIOBUFFERS_H
#define FORKSAFE_CHECKS_ANALYSIS_STDIOBUFFERS_H

#include "StateFlow.h"

namespace forksafe {

/// What a call does to one stream's buffer, or to every stream's (Every).
struct StreamEffect {
  StdioEffect Effect;
  bool Every = false;
  StateKey Stream;
};

class StdioBuffers {
public:
  explicit StdioBuffers(const Analysis &A);
  StdioBuffers(const StdioBuffers &) = delete;
  StdioBuffers &operator=(const StdioBuffers &) = delete;

  /// The streams that may hold output not yet written out just before call
  /// Call of function F, and the calls that wrote it.
  llvm::SmallVector<DirtyKey, 2> unflushedBefore(FunctionId F,
                                                 uint32_t Call) const {
    return Flow->dirtyBefore(F, Call);
  }
  /// What call C of a stdio function does to a buffer; none for other
  /// calls, and for writes to a stream that buffers nothing.
  std::optional<StreamEffect> effectOf(const CallSite &C) const;
  /// What a call of F may leave behind in the buffers, or null when it
  /// leaves them as they were.
  const KeyState *summary(FunctionId F) const { return Flow->summary(F); }
  /// The stream's name, for messages: "stdout", "log", "server::out".
  std::string streamName(FunctionId Where, StateKey S) const;

private:
  bool isUnbuffered(StateKey S) const;

  const Analysis &A;
  StateKey StandardOutput;
  /// The stdio functions of the program, by what they do.
  llvm::DenseMap<FunctionId, StdioApi> Apis;
  /// Streams the program makes unbuffered somewhere (setvbuf).
  llvm::SmallVector<StateKey, 2> Unbuffered;
  std::optional<StateFlow> Flow;
};

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_STDIOBUFFERS_H
