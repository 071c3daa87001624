// The project's side of the model-zoo benchmark (run_zoo_bench.py runs it beside Python torchvision):
//   bench_zoo load ARCH CHECKPOINT REPEAT   read a torch.save checkpoint and apply it to the model
//   bench_zoo forward ARCH BATCH SIZE REPEAT   eval-mode forward of a random batch
// Prints one JSON object: the median and every sample, in milliseconds.
#include "models/network.h"
#include "weights/checkpoint_reader.h"
#include "weights/state_dict.h"

#include "tl/error.h"
#include "tl/runtime.h"

#include "bench_timing.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

using bench::nowMs;
using bench::timeIt;

int main(int argc, char** argv) {
    const tl::RuntimeInfo info = tl::initRuntime();
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        if (args.size() == 4 && args[0] == "load") {
            auto net = tl::models::createNetwork(args[1]);
            nlohmann::json out = timeIt(std::stoi(args[3]), [&] {
                const auto checkpoint = tl::weights::readCheckpoint(args[2]);
                tl::weights::loadStateDict(*net, checkpoint.tensors, args[2]);
            });
            out["threads"] = info.intraOpThreads;
            out["allocator_configured"] = info.allocatorConfigured;
            std::cout << out.dump() << '\n';
            return 0;
        }
        if (args.size() == 5 && args[0] == "forward") {
            auto net = tl::models::createNetwork(args[1]);
            net->eval();
            const int64_t batch = std::stoll(args[2]), size = std::stoll(args[3]);
            const torch::Tensor x = torch::randn({batch, 3, size, size});
            torch::NoGradGuard noGrad;
            nlohmann::json out = timeIt(std::stoi(args[4]), [&] { net->forward(x); });
            out["threads"] = info.intraOpThreads;
            out["allocator_configured"] = info.allocatorConfigured;
            std::cout << out.dump() << '\n';
            return 0;
        }
        std::cerr << "usage: bench_zoo load ARCH CHECKPOINT REPEAT | forward ARCH BATCH SIZE REPEAT\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
