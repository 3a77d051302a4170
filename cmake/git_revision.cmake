# Writes OUTPUT from INPUT with ROADMAPD_VERSION (= VERSION) and ROADMAPD_GIT_REVISION, the output of
# `git describe --always --dirty` for SOURCE_DIR. Run at every build (cmake -P); configure_file leaves
# OUTPUT untouched when the revision did not change, so nothing recompiles or relinks then.
# Outside a git checkout of SOURCE_DIR itself (a source tarball, perhaps unpacked inside some other
# repository) the revision is "unknown".
set(ROADMAPD_VERSION "${VERSION}")
set(ROADMAPD_GIT_REVISION "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --show-toplevel
                  OUTPUT_VARIABLE toplevel OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
  file(REAL_PATH "${SOURCE_DIR}" source)
  if(NOT failed AND toplevel)
    file(REAL_PATH "${toplevel}" toplevel)
  endif()
  if(NOT failed AND toplevel STREQUAL source)
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" describe --always --dirty
                    OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
    if(NOT failed AND described)
      set(ROADMAPD_GIT_REVISION "${described}")
    endif()
  endif()
endif()
configure_file("${INPUT}" "${OUTPUT}" @ONLY)
