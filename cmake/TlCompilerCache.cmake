# ccache when present. PCH users are cacheable only with these sloppiness settings.
find_program(TL_CCACHE ccache)
if(TL_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      ${TL_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${TL_CCACHE})
  message(STATUS "ccache: ${TL_CCACHE}")
endif()
