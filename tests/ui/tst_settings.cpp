// Remembered folders and language: what the next start of the program finds.
#include "common/language.h"
#include "common/settings.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

namespace settings = tl::ui::settings;

class TestSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TransferStudioTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_settings"));
    }
    void init() { QSettings().clear(); }

    void lastFolderDefaultsToHome() { QCOMPARE(settings::lastFolder(QStringLiteral("images")), QDir::homePath()); }

    void lastFolderPerPurpose() {
        QTemporaryDir a, b;
        settings::setLastFolder(QStringLiteral("images"), a.path());
        settings::setLastFolder(QStringLiteral("dataset"), b.path());
        QCOMPARE(settings::lastFolder(QStringLiteral("images")), a.path());
        QCOMPARE(settings::lastFolder(QStringLiteral("dataset")), b.path());
    }

    void filePathStoresItsFolder() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("猫.jpg"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        settings::setLastFolder(QStringLiteral("images"), file);
        QCOMPARE(settings::lastFolder(QStringLiteral("images")), dir.path());
    }

    void vanishedFolderFallsBackToHome() {
        QString gone;
        {
            QTemporaryDir dir;
            gone = dir.path();
            settings::setLastFolder(QStringLiteral("weights"), gone);
        }
        QVERIFY(!QFileInfo::exists(gone));
        QCOMPARE(settings::lastFolder(QStringLiteral("weights")), QDir::homePath());
    }

    void languageRoundTrip() {
        QCOMPARE(settings::language(), QString());
        settings::setLanguage(QStringLiteral("zh_TW"));
        QCOMPARE(settings::language(), QStringLiteral("zh_TW"));
    }

    void translationsAreEmbedded() {
        QCOMPARE(tl::ui::language::available(), (QStringList{QStringLiteral("zh_CN"), QStringLiteral("zh_TW")}));
        for (const QString& code : tl::ui::language::available()) {
            QVERIFY2(QFile::exists(QStringLiteral(":/i18n/transfer-studio_%1.qm").arg(code)), qPrintable(code));
            QCOMPARE(tl::ui::language::apply(code), code);
        }
        QCOMPARE(tl::ui::language::apply(QStringLiteral("en")), QStringLiteral("en"));
        // A language with no translation falls back to English.
        QCOMPARE(tl::ui::language::apply(QStringLiteral("fr_FR")), QStringLiteral("en"));
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
