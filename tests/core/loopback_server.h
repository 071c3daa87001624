#pragma once
// Starts tests/core/http_server.py (the loopback HTTP server of the download tests) for one test suite and
// stops it when destroyed. See http_server.py for the URL modes (/slow/, /drop=N/, /corrupt/, ...).

#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

class LoopbackServer {
public:
    LoopbackServer() = default;
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;
    ~LoopbackServer() { stop(); }

    /// Serves the files of `root`, logging each request to `log`. Returns false with the reason in `error`.
    bool start(const QString& root, const QString& log, QString* error) {
        process_.setProgram(QStringLiteral(TL_PYTHON));
        process_.setArguments({QStringLiteral(TL_SOURCE_DIR "/tests/core/http_server.py"), QStringLiteral("--root"), root, QStringLiteral("--log"),
                               log, QStringLiteral("--lifetime"), QStringLiteral("600"), QStringLiteral("--exit-on-stdin-eof")});
        process_.setProcessChannelMode(QProcess::SeparateChannels);
        process_.start();
        if (!process_.waitForStarted(30000)) {
            *error = process_.errorString();
            return false;
        }
        QElapsedTimer timer;
        timer.start();
        while (!process_.canReadLine() && timer.elapsed() < 60000) process_.waitForReadyRead(1000);
        bool ok = false;
        const int port = QString::fromLatin1(process_.readLine().trimmed()).toInt(&ok);
        if (!ok || port <= 0) {
            *error = QString::fromLocal8Bit(process_.readAllStandardError());
            return false;
        }
        base_ = QStringLiteral("http://127.0.0.1:%1").arg(port);
        return true;
    }

    /// http://127.0.0.1:PORT
    const QString& base() const { return base_; }

    void stop() {
        if (process_.state() == QProcess::NotRunning) return;
        process_.closeWriteChannel();  // the server exits when its stdin closes
        if (!process_.waitForFinished(10000)) {
            process_.kill();
            process_.waitForFinished(5000);
        }
    }

private:
    QProcess process_;
    QString base_;
};
