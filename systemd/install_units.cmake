# Installs roadmapd.service and roadmapd.socket with ExecStart= and Documentation= pointing into the
# install prefix in force at install time (so `cmake --install --prefix` is respected). Run by
# install(SCRIPT) after the top-level CMakeLists.txt set ROADMAPD_UNIT_SOURCE_DIR, ROADMAPD_UNIT_DIR,
# ROADMAPD_BINDIR and ROADMAPD_DOCDIR (each relative to the prefix, or absolute) and
# ROADMAPD_UNIT_STAGING_DIR (in the build tree, where the edited unit is written first).
foreach(name UNIT_DIR BINDIR DOCDIR)
  if(IS_ABSOLUTE "${ROADMAPD_${name}}")
    set(${name} "${ROADMAPD_${name}}")
  else()
    set(${name} "${CMAKE_INSTALL_PREFIX}/${ROADMAPD_${name}}")
  endif()
endforeach()

file(READ "${ROADMAPD_UNIT_SOURCE_DIR}/roadmapd.service" unit)
string(REPLACE "ExecStart=/usr/bin/roadmapd " "ExecStart=${BINDIR}/roadmapd " unit "${unit}")
string(REPLACE "file:///usr/share/doc/roadmapd/" "file://${DOCDIR}/" unit "${unit}")
set(staged "${ROADMAPD_UNIT_STAGING_DIR}")
file(MAKE_DIRECTORY "${staged}")
file(WRITE "${staged}/roadmapd.service" "${unit}")
# file(INSTALL) puts $DESTDIR in front of an absolute DESTINATION itself, as install() does.
file(INSTALL DESTINATION "${UNIT_DIR}" TYPE FILE PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${staged}/roadmapd.service" "${ROADMAPD_UNIT_SOURCE_DIR}/roadmapd.socket")
