//===- StdioBuffers.h - What the FILE buffers hold at a call ----*- C++ -*-===//
//
// A fork copies the parent's stdio buffers into the child: output written
// before it and not yet flushed is written again by whichever process
// flushes it. This follows, per stream, whether a buffer may hold such
// output at a call: forward through each body, bottom-up through what the
// callees leave behind, and top-down from the state at each call site.
//
//===----------------------------------------------------------------------===//

#ifndef FORKSAFE_CHECKS_ANALYSIS_STDIOBUFFERS_H
#define FORKSAFE_CHECKS_ANALYSIS_STDIOBUFFERS_H

#include "Analysis.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace forksafe {

/// What a path may leave in a stream's buffer, as bits.
enum BufferBits : uint8_t {
  /// As it was where the path began.
  AsBefore = 1,
  /// Empty, or unable to be written twice (unbuffered, discarded).
  Settled = 2,
  /// Written out by a flush or a close on the path.
  Flushed = 4,
  /// Holding output written on the path.
  Dirty = 8,
};

/// A stream as a call names it. Standard output is the global "stdout".
struct StreamRef {
  HandleKey::Kind K = HandleKey::Unknown;
  uint32_t Id = 0;

  bool operator==(const StreamRef &O) const { return K == O.K && Id == O.Id; }
};

/// The state of one stream, and the call that last made it dirty: a write,
/// or a call of a function that writes.
struct StreamBits {
  StreamRef Stream;
  uint8_t Bits = AsBefore;
  CallRef Writer;
};

/// The state of every stream at a point: those listed, and all others.
struct StreamState {
  bool Reached = false;
  uint8_t Others = AsBefore;
  llvm::SmallVector<StreamBits, 2> Listed;

  uint8_t bitsOf(StreamRef S) const;
  const StreamBits *find(StreamRef S) const;
  void set(StreamRef S, uint8_t Bits, CallRef Writer);
  void setAll(uint8_t Bits);
  /// Joins O in; whether anything changed.
  bool join(const StreamState &O);
};

/// What a call does to one stream, or to every stream (Every).
struct StreamEffect {
  StdioEffect Effect;
  bool Every = false;
  StreamRef Stream;
};

/// A stream that may hold output written before a call.
struct UnflushedOutput {
  StreamRef Stream;
  CallRef Writer;
};

class StdioBuffers {
public:
  explicit StdioBuffers(const Analysis &A);

  /// The streams that may hold output not yet written out just before call
  /// Call of function F.
  llvm::SmallVector<UnflushedOutput, 2> unflushedBefore(FunctionId F,
                                                        uint32_t Call) const;
  /// What call C of a stdio function does to a buffer; none for other
  /// calls, and for writes to a stream that buffers nothing.
  std::optional<StreamEffect> effectOf(const CallSite &C) const;
  /// What a call of F may leave behind in the buffers, or null when it
  /// leaves them as they were.
  const StreamState *summary(FunctionId F) const;
  /// The stream's name, for messages: "stdout", "log", "server::out".
  std::string streamName(FunctionId Where, StreamRef S) const;

private:
  using StateVisitor =
      llvm::function_ref<void(const Event &, const StreamState &Before)>;
  /// Follows F's body from its entry, calling Visit with the state before
  /// each event of every reachable block.
  void walk(FunctionId F, StateVisitor Visit) const;
  void apply(FunctionId F, uint32_t Call, StreamState &S) const;
  /// The streams that may hold output in state S of F's body.
  llvm::SmallVector<UnflushedOutput, 2> unflushedIn(FunctionId F,
                                                    const StreamState &S) const;
  /// Whether F calls a stdio function or one with a summary.
  bool touchesBuffers(FunctionId F) const;
  void summarise();
  void propagateEntries();
  bool isUnbuffered(StreamRef S) const;

  const Analysis &A;
  StreamRef StandardOutput;
  /// The stdio functions of the program, by what they do.
  llvm::DenseMap<FunctionId, StdioApi> Apis;
  /// Streams the program makes unbuffered somewhere (setvbuf).
  llvm::SmallVector<StreamRef, 2> Unbuffered;
  /// Per function that forks: the blocks of its children's branches,
  /// which the parent does not run.
  llvm::DenseMap<FunctionId, std::vector<char>> ChildBlocks;
  llvm::DenseMap<FunctionId, StreamState> Summaries;
  /// Per function: the streams dirty where some caller calls it.
  llvm::DenseMap<FunctionId, llvm::SmallVector<UnflushedOutput, 1>> AtEntry;
};

} // namespace forksafe

#endif // FORKSAFE_CHECKS_ANALYSIS_STDIOBUFFERS_H
