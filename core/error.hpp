#pragma once
// One error type for every bad input the project reports. Its message is one
// line that names the file (or option) and the fault; the CLI prints it and
// exits non-zero.
#include <stdexcept>
#include <string>

namespace aet {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace aet
