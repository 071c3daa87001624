// Compiles tests/core/test_pch.h once; the TORCH test suites reuse the result.
