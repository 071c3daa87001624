#pragma once
// Precompiled header of the test suites that look inside core (QT_NO_KEYWORDS: see tests/CMakeLists.txt).
#include <torch/torch.h>

#include <QtTest/QtTest>
