#pragma once
// The mark on a comparison whose checked models changed after it was shown: a line saying so (run it again with
// Ctrl+R) and the results greyed, not cleared. Compare's Images and Dataset pages each have one.

#include <QLabel>
#include <QList>
#include <QPointer>

namespace tl::ui {

class StaleMark : public QLabel {
    Q_OBJECT
public:
    /// Greys `results` (the table, the chart) while the mark is on. Hidden at first.
    StaleMark(QList<QWidget*> results, QWidget* parent = nullptr);

    /// Puts the mark on (the line shown, the results greyed) or takes it off.
    void setStale(bool stale);
    bool stale() const { return stale_; }
    /// How much of its colour a greyed result keeps.
    static constexpr double kGreyedOpacity = 0.35;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QList<QPointer<QWidget>> results_;
    bool stale_ = false;
};

}  // namespace tl::ui
