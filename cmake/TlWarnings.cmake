# Warnings for our own targets only (third-party headers are included as SYSTEM).
add_library(tl_warnings INTERFACE)
target_compile_options(tl_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wno-unused-parameter>)
option(TL_WERROR "Treat warnings in project code as errors" OFF)
if(TL_WERROR)
  target_compile_options(tl_warnings INTERFACE -Werror)
endif()
