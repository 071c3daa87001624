#include "io/child_process.h"

#include "tl/error.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tl::io {

namespace {

constexpr std::size_t kMaxOut = 1u << 20;
constexpr std::size_t kMaxErrTail = 16u << 10;

using Fd = OwnedFd;

}  // namespace

void OwnedFd::reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

std::string signalText(int signal) {
    const char* name = ::strsignal(signal);
    return "signal " + std::to_string(signal) + (name ? std::string(" (") + name + ")" : std::string());
}

std::string executableDir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.parent_path().string();
}

ChildResult runChild(const std::string& program, const std::vector<std::string>& args, const std::vector<std::pair<int, int>>& fds,
                     const std::vector<std::string>& env, std::chrono::milliseconds timeout) {
    int outPipe[2], errPipe[2];
    if (::pipe2(outPipe, O_CLOEXEC) != 0) throw Error(program, std::string("cannot be started: ") + std::strerror(errno));
    Fd outRead{outPipe[0]}, outWrite{outPipe[1]};
    if (::pipe2(errPipe, O_CLOEXEC) != 0) throw Error(program, std::string("cannot be started: ") + std::strerror(errno));
    Fd errRead{errPipe[0]}, errWrite{errPipe[1]};

    // Descriptors handed on are first moved above every target number, so that no dup2 lands on a source.
    std::vector<Fd> moved(fds.size());
    for (std::size_t i = 0; i < fds.size(); ++i) {
        moved[i].fd = ::fcntl(fds[i].first, F_DUPFD_CLOEXEC, 64);
        if (moved[i].fd < 0) throw Error(program, std::string("cannot be started: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outWrite.fd, 1);
    posix_spawn_file_actions_adddup2(&actions, errWrite.fd, 2);
    for (std::size_t i = 0; i < fds.size(); ++i) posix_spawn_file_actions_adddup2(&actions, moved[i].fd, fds[i].second);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> argStore{program};
    argStore.insert(argStore.end(), args.begin(), args.end());
    std::vector<char*> argv, envp;
    for (auto& a : argStore) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> envStore = env;
    for (auto& e : envStore) envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (spawned != 0) throw Error(program, std::string("cannot be started: ") + std::strerror(spawned));
    outWrite.reset();
    errWrite.reset();
    for (auto& m : moved) m.reset();

    ChildResult result;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buffer[65536];
    bool outOpen = true, errOpen = true;
    while (outOpen || errOpen) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            result.timedOut = true;
            break;
        }
        pollfd p[2] = {{outOpen ? outRead.fd : -1, POLLIN, 0}, {errOpen ? errRead.fd : -1, POLLIN, 0}};
        const int ready = ::poll(p, 2, static_cast<int>(std::min<long long>(left, 1000)));
        if (ready < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(p[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                (i == 0 ? outOpen : errOpen) = false;
                continue;
            }
            if (i == 0) {
                if (result.out.size() < kMaxOut) result.out.append(buffer, static_cast<std::size_t>(n));
            } else {
                result.errTail.append(buffer, static_cast<std::size_t>(n));
                if (result.errTail.size() > 2 * kMaxErrTail) result.errTail.erase(0, result.errTail.size() - kMaxErrTail);
            }
        }
    }
    if (result.timedOut) ::kill(pid, SIGKILL);
    int status = 0;
    // The streams are closed: the child has ended or is about to; a child that closed them and lives on is
    // waited for until the deadline, then killed.
    while (true) {
        const pid_t r = ::waitpid(pid, &status, result.timedOut ? 0 : WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) break;
        if (r == 0) {
            if (std::chrono::steady_clock::now() >= deadline) {
                result.timedOut = true;
                ::kill(pid, SIGKILL);
            } else {
                ::usleep(2000);
            }
        }
    }
    if (result.errTail.size() > kMaxErrTail) result.errTail.erase(0, result.errTail.size() - kMaxErrTail);
    if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    return result;
}

}  // namespace tl::io
