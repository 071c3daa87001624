#pragma once
// The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the raw little-endian data. Reading checks every range against the
// file; writing is atomic (temporary file, fsync, rename).

#include "weights/checkpoint_reader.h"

#include <map>
#include <string>

namespace tl::weights {

bool looksLikeSafetensors(const MappedFile& file);
Checkpoint readSafetensors(const MappedFilePtr& file);
void writeSafetensors(const std::string& path, const StateDict& tensors, const std::map<std::string, std::string>& metadata = {});

}  // namespace tl::weights
