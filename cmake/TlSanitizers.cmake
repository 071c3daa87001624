# The asan preset: AddressSanitizer + UndefinedBehaviorSanitizer on every project target.
option(TL_SANITIZE "Build with AddressSanitizer and UBSan" OFF)
if(TL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
