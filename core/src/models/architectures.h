#pragma once
// Factories of the architecture families; registry.cpp maps names to them. Each returns nullptr for a
// name it does not build.

#include "models/network.h"

namespace tl::models {

NetworkPtr makeVgg(const std::string& arch, const NetworkOptions& options);           // vgg16, vgg16_bn, vgg19
NetworkPtr makeResNet(const std::string& arch, const NetworkOptions& options);        // resnet18, resnet50
NetworkPtr makeInception(const std::string& arch, const NetworkOptions& options);     // inception_v3
NetworkPtr makeMobileNetV2(const std::string& arch, const NetworkOptions& options);   // mobilenet_v2
NetworkPtr makeMobileNetV3(const std::string& arch, const NetworkOptions& options);   // mobilenet_v3_large/_small
NetworkPtr makeEfficientNet(const std::string& arch, const NetworkOptions& options);  // efficientnet_b0

// Keras Applications' architectures with Keras layer names (models/keras_layers.h).
NetworkPtr makeKerasVgg(const std::string& arch, const NetworkOptions& options);        // keras_vgg16[_notop], keras_vgg19[_notop]
NetworkPtr makeKerasMobileNet(const std::string& arch, const NetworkOptions& options);  // keras_mobilenet_v1_{025,050,075,100}
NetworkPtr makeKerasResNet(const std::string& arch, const NetworkOptions& options);     // keras_resnet50
NetworkPtr makeKerasInception(const std::string& arch, const NetworkOptions& options);  // keras_inception_v3

}  // namespace tl::models
