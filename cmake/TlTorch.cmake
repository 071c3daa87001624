# LibTorch: Debian's 1.13 (CPU) by default; the gpu preset points Torch_DIR / CMAKE_PREFIX_PATH at the
# LibTorch inside a CUDA build of Python torch 2.x. Everything torch-specific goes through tl_torch.
find_package(Torch REQUIRED)

set(TL_TORCH_CUDA OFF)
if(TARGET torch_cuda OR TARGET c10_cuda OR CAFFE2_USE_CUDA)
  set(TL_TORCH_CUDA ON)
endif()

add_library(tl_torch INTERFACE)
target_link_libraries(tl_torch INTERFACE ${TORCH_LIBRARIES})
# SYSTEM: LibTorch's headers are not ours to keep warning-free.
target_include_directories(tl_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
if(TORCH_CXX_FLAGS)
  separate_arguments(_tl_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
  target_compile_options(tl_torch INTERFACE ${_tl_torch_flags})
endif()
if(TL_TORCH_CUDA)
  target_compile_definitions(tl_torch INTERFACE TL_WITH_CUDA=1)
endif()
