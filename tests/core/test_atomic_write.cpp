#include "core/atomic_write.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "test_util.hpp"

namespace aet {
namespace {

TEST(AtomicWrite, FailureLeavesNothingAndKeepsOldFile) {
  test::TempDir dir;
  const auto path = dir / "out.txt";
  test::write_text(path, "old");
  EXPECT_THROW(write_stream_atomically(path,
                                       [](std::ostream& out) {
                                         out << "partial";
                                         throw Error("boom");
                                       }),
               Error);
  EXPECT_EQ(test::read_text(path), "old");
  EXPECT_EQ(dir.file_count(), 1u);  // no temporary left behind
}

TEST(AtomicWrite, SuccessReplaces) {
  test::TempDir dir;
  const auto path = dir / "out.txt";
  write_stream_atomically(path, [](std::ostream& out) { out << "new"; });
  EXPECT_EQ(test::read_text(path), "new");
  EXPECT_EQ(dir.file_count(), 1u);
}

TEST(AtomicWrite, MissingFolderIsAnError) {
  test::TempDir dir;
  EXPECT_THROW(write_stream_atomically(dir / "no/such/out.txt", [](std::ostream& out) { out << "x"; }), Error);
}

}  // namespace
}  // namespace aet
