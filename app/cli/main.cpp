// transfer-studio-cli: the engine without a GUI. Every subcommand prints its errors and exits non-zero.

#include "commands.h"

#include "tl/error.h"
#include "tl/runtime.h"
#include "tl/version.h"

#include <iostream>

int main(int argc, char** argv) {
    // The allocator must be configured before the first large allocation: do it before anything else.
    tl::initRuntime();
    tl::RuntimeOptions runtime;
    CLI::App app{"Transfer Studio command line: classify, fine-tune and compare ImageNet-pretrained CNNs", "transfer-studio-cli"};
    app.set_version_flag("-V,--version", std::string("transfer-studio-cli ") + tl::kVersion);
    app.add_option("--threads", runtime.threads, "LibTorch intra-op threads (default: one per core)")->check(CLI::NonNegativeNumber);
    app.require_subcommand(0, 1);
    // Runs after the whole command line is parsed and before any subcommand does its work.
    app.parse_complete_callback([&runtime] {
        if (runtime.threads > 0) tl::initRuntime(runtime);
    });
    app.footer("Run 'transfer-studio-cli SUBCOMMAND --help' for the options of one subcommand.");

    tl::cli::Context ctx;
    tl::cli::addInfoCommand(app, ctx);
    tl::cli::addModelCommands(app, ctx);
    tl::cli::addClassifyCommand(app, ctx);
    tl::cli::addDatasetCommands(app, ctx);
    tl::cli::addTrainCommand(app, ctx);
    tl::cli::addExportCommand(app, ctx);
    tl::cli::addCompareCommand(app, ctx);
    tl::cli::addExplainCommand(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // Unknown subcommands, bad flags and missing values: say what and exit non-zero.
        std::cerr << "error: " << e.what() << "\nRun 'transfer-studio-cli --help' for usage.\n";
        return e.get_exit_code() == 0 ? 2 : e.get_exit_code();
    } catch (const tl::Cancelled& e) {
        std::cerr << "\ncancelled: " << e.what() << '\n';
        return 130;
    } catch (const tl::Error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    if (app.get_subcommands().empty()) {
        std::cerr << "error: a subcommand is required\n\n" << app.help();
        return 2;
    }
    return ctx.exitCode;
}
