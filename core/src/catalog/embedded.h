#pragma once
// Resources built into the program at compile time (see core/CMakeLists.txt).

namespace tl::embedded {
const char* modelsJson();       ///< resources/models.json
const char* imagenetClasses();  ///< resources/imagenet_classes.txt, one name per line
}  // namespace tl::embedded
