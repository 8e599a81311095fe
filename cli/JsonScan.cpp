//===- JsonScan.cpp - JSON read without building it -----------------------===//

#include "JsonScan.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace forksafe {

namespace {

class Scanner {
public:
  Scanner(llvm::StringRef Text, unsigned MaxDepth, JsonVisitor Visit)
      : Text(Text), MaxDepth(MaxDepth), Visit(Visit) {}

  llvm::Error run();

private:
  /// What comes next: a value, an object's key, or what follows a value.
  enum class Expect { Value, Key, AfterValue };

  llvm::Error fail(const llvm::Twine &What) const;
  void skipSpace();
  char peek() const { return Pos < Text.size() ? Text[Pos] : '\0'; }
  bool consume(char C);
  /// A string at Pos, its opening quote included; its text in Out.
  llvm::Error string(llvm::StringRef &Out);
  llvm::Error number();
  /// A value that opens no container; Expect::AfterValue when read.
  llvm::Error scalar();
  llvm::Error open(bool IsObject, Expect &Next);
  llvm::Error afterValue(Expect &Next, bool &Done);

  llvm::StringRef Text;
  unsigned MaxDepth;
  JsonVisitor Visit;
  size_t Pos = 0;
  /// The open containers, innermost last: whether each is an object.
  llvm::SmallVector<bool, 16> Open;
  /// The key of each open object's member being read.
  llvm::SmallVector<llvm::StringRef, 16> Keys;
};

llvm::Error Scanner::fail(const llvm::Twine &What) const {
  size_t Line = 1, LineStart = 0;
  for (size_t I = 0; I != Pos && I != Text.size(); ++I)
    if (Text[I] == '\n') {
      ++Line;
      LineStart = I + 1;
    }
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "[" + llvm::Twine(Line) + ":" + llvm::Twine(Pos - LineStart + 1) +
          ", byte=" + llvm::Twine(Pos + 1) + "]: " + What);
}

void Scanner::skipSpace() {
  while (Pos < Text.size() && llvm::StringRef(" \t\r\n").contains(Text[Pos]))
    ++Pos;
}

bool Scanner::consume(char C) {
  if (peek() != C)
    return false;
  ++Pos;
  return true;
}

llvm::Error Scanner::string(llvm::StringRef &Out) {
  size_t Start = ++Pos;
  while (Pos < Text.size()) {
    unsigned char C = Text[Pos];
    if (C == '"') {
      Out = Text.slice(Start, Pos++);
      return llvm::Error::success();
    }
    if (C < 0x20)
      return fail("a control character in a string");
    if (C != '\\') {
      ++Pos;
      continue;
    }
    ++Pos;
    if (consume('u')) {
      for (int I = 0; I != 4; ++I, ++Pos)
        if (!llvm::isHexDigit(peek()))
          return fail("expected four hex digits after \\u");
    } else if (!llvm::StringRef("\"\\/bfnrt").contains(peek()) ||
               Pos == Text.size()) {
      return fail("an invalid escape in a string");
    } else {
      ++Pos;
    }
  }
  return fail("a string not closed");
}

llvm::Error Scanner::number() {
  auto Digits = [&] {
    size_t From = Pos;
    while (llvm::isDigit(peek()))
      ++Pos;
    return Pos != From;
  };
  consume('-');
  if (!consume('0') && !Digits())
    return fail("expected a value");
  if (consume('.') && !Digits())
    return fail("expected digits after the decimal point");
  if (consume('e') || consume('E')) {
    if (!consume('+'))
      consume('-');
    if (!Digits())
      return fail("expected digits in the exponent");
  }
  return llvm::Error::success();
}

llvm::Error Scanner::scalar() {
  char C = peek();
  if (C == '"') {
    llvm::StringRef Value;
    if (llvm::Error E = string(Value))
      return E;
    Visit(JsonKind::String, Keys, Value);
    return llvm::Error::success();
  }
  Visit(JsonKind::Other, Keys, "");
  for (llvm::StringRef Literal : {"true", "false", "null"})
    if (Text.substr(Pos).starts_with(Literal)) {
      Pos += Literal.size();
      return llvm::Error::success();
    }
  return number();
}

llvm::Error Scanner::open(bool IsObject, Expect &Next) {
  if (Open.size() == MaxDepth)
    return fail("nested more than " + llvm::Twine(MaxDepth) + " deep");
  Visit(IsObject ? JsonKind::Object : JsonKind::Array, Keys, "");
  ++Pos;
  Open.push_back(IsObject);
  skipSpace();
  if (consume(IsObject ? '}' : ']')) {
    Open.pop_back();
    Next = Expect::AfterValue;
    return llvm::Error::success();
  }
  Next = IsObject ? Expect::Key : Expect::Value;
  return llvm::Error::success();
}

llvm::Error Scanner::afterValue(Expect &Next, bool &Done) {
  skipSpace();
  if (Open.empty()) {
    Done = true;
    return Pos == Text.size() ? llvm::Error::success()
                              : fail("text after the end of the value");
  }
  bool InObject = Open.back();
  if (consume(',')) {
    if (InObject)
      Keys.pop_back();
    Next = InObject ? Expect::Key : Expect::Value;
    return llvm::Error::success();
  }
  if (!consume(InObject ? '}' : ']'))
    return fail(InObject ? "expected ',' or '}'" : "expected ',' or ']'");
  if (InObject)
    Keys.pop_back();
  Open.pop_back();
  Next = Expect::AfterValue;
  return llvm::Error::success();
}

llvm::Error Scanner::run() {
  Expect Next = Expect::Value;
  for (bool Done = false; !Done;) {
    llvm::Error E = llvm::Error::success();
    switch (Next) {
    case Expect::Value:
      skipSpace();
      if (peek() == '{' || peek() == '[') {
        E = open(peek() == '{', Next);
      } else {
        E = scalar();
        Next = Expect::AfterValue;
      }
      break;
    case Expect::Key: {
      skipSpace();
      if (peek() != '"')
        return fail("expected a key in quotes");
      llvm::StringRef Key;
      if ((E = string(Key)))
        break;
      skipSpace();
      if (!consume(':'))
        return fail("expected ':'");
      Keys.push_back(Key);
      Next = Expect::Value;
      break;
    }
    case Expect::AfterValue:
      E = afterValue(Next, Done);
      break;
    }
    if (E)
      return E;
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error scanJson(llvm::StringRef Text, unsigned MaxDepth,
                     JsonVisitor Visit) {
  return Scanner(Text, MaxDepth, Visit).run();
}

} // namespace forksafe
