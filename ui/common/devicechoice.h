#pragma once
// The one compute-device choice of the application: where Classify, Train and Compare run their models.
// One setting (settings::device), one object that says when it changes, and one chooser widget bound to it
// (in the main window's status bar and its View menu). Areas read current() when they start work and
// follow changed().

#include <QComboBox>
#include <QObject>
#include <QString>

class QActionGroup;
class QMenu;

namespace tl::ui {

class DeviceChoice : public QObject {
    Q_OBJECT
public:
    /// The application's one instance (created on first use, owned by the application object).
    static DeviceChoice& instance();

    /// "auto" (the GPU when there is one), "cpu" or "cuda" / "cuda:N", as core's Model::setDevice reads it.
    QString current() const;
    /// Stores `device` and announces it when it differs from the current one.
    void set(const QString& device);

    /// The choices offered (data: the device string; text: translated), in menu order.
    static QList<QPair<QString, QString>> choices();
    /// The translated name of `device`, for summaries ("Automatic", "CPU", "GPU", or the string itself).
    static QString displayName(const QString& device);

Q_SIGNALS:
    void changed(const QString& device);

private:
    explicit DeviceChoice(QObject* parent);
};

/// A combo box bound to DeviceChoice: choosing an entry sets the device for the whole application, and a
/// change made elsewhere shows here at once.
class DeviceBox : public QComboBox {
    Q_OBJECT
public:
    explicit DeviceBox(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    void showCurrent();
};

/// Radio actions for the same choice in `menu` (kept in step with DeviceChoice and retranslated on demand).
class DeviceMenu : public QObject {
    Q_OBJECT
public:
    explicit DeviceMenu(QMenu* menu);
    void retranslate();

private:
    void showCurrent();
    QMenu* menu_;
    QActionGroup* group_;
};

}  // namespace tl::ui
