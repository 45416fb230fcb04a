#pragma once

#include <stdexcept>
#include <string>

namespace berserkr {

// One error style everywhere: typed exceptions thrown where work cannot go on, caught at the CLI,
// Python or thread boundary. Hot loops never throw per value; they validate per batch.
// Messages say what went wrong, where (file, line, column, byte offset) and what to do.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The input is malformed or does not match what was asked for (a user can fix the data or flags).
class InvalidInput : public Error {
 public:
  using Error::Error;
};

// A file or object could not be opened, read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

// The memory limit would be exceeded.
class OutOfMemory : public Error {
 public:
  using Error::Error;
};

// A valid input uses a feature berserkr does not support yet.
class NotImplemented : public Error {
 public:
  using Error::Error;
};

// A bug in berserkr: an invariant did not hold.
class Internal : public Error {
 public:
  using Error::Error;
};

}  // namespace berserkr
