// The version roadmapd reports. Defined in a file generated at build time (version.cpp.in), the only
// translation unit that changes with each commit.
#pragma once

namespace roadmapd::daemon {

// The project's version, "0.1.0".
extern const char* const version;
// `git describe --always --dirty` of the source tree it was built from ("23bfe1c", "23bfe1c-dirty"),
// or "unknown" when built outside a git checkout (a source tarball).
extern const char* const git_revision;

}  // namespace roadmapd::daemon
