#include "commands.h"

#include "tl/runtime.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace tl::cli {

void addInfoCommand(CLI::App& root, Context& ctx) {
    auto* cmd = root.add_subcommand("info", "Show versions, the compute device and thread settings");
    auto json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *json, "Print as a JSON object");
    cmd->callback([json, &ctx] {
        const RuntimeInfo info = runtimeInfo();
        if (*json) {
            nlohmann::json j = {
                {"version", info.appVersion},
                {"libtorch", info.torchVersion},
                {"opencv", info.opencvVersion},
                {"cuda_build", info.cudaBuild},
                {"cuda_available", info.cudaAvailable},
                {"cuda_devices", info.cudaDeviceCount},
                {"device", info.device},
                {"device_name", info.deviceName},
                {"threads", info.intraOpThreads},
                {"cores", info.cores},
                {"allocator_configured", info.allocatorConfigured},
                {"blas_single_threaded", info.blasSingleThreaded},
            };
            std::cout << j.dump(2) << '\n';
        } else {
            std::cout << describe(info);
        }
        ctx.exitCode = 0;
    });
}

}  // namespace tl::cli
