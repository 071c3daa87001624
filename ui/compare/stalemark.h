#pragma once
// The mark on a comparison whose checked models changed after it was shown: a line saying so (run it again with
// Ctrl+R) and the results greyed, not cleared (a half-transparent veil over them that lets the mouse through,
// rather than a QGraphicsEffect, which scroll areas and cell widgets draw badly). Compare's Images and Dataset pages each have one.

#include <QLabel>
#include <QList>
#include <QPointer>
#include <QStringList>

namespace tl::ui {

class StaleMark : public QLabel {
    Q_OBJECT
public:
    /// Greys `results` (the table, the chart) while the mark is on. Hidden at first.
    StaleMark(QList<QWidget*> results, QWidget* parent = nullptr);

    /// Puts the mark on (the line shown, the results greyed) or takes it off.
    void setStale(bool stale);
    /// A run of `models` started: its results, once shown, are of these models.
    void runStarted(const QStringList& models) { running_ = models; }
    /// The results of the last run started are shown now; `checked` are the models checked now.
    void resultsShown(const QStringList& checked);
    /// On while results are shown and the checked models are not theirs, off otherwise.
    void compareWith(const QStringList& checked);
    bool stale() const { return stale_; }
    /// Whether `result` is greyed now (a veil lies over it).
    bool greys(const QWidget* result) const;

protected:
    void changeEvent(QEvent* event) override;
    /// Keeps each veil the size of its result.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();

    QList<QPointer<QWidget>> results_;
    QList<QPointer<QWidget>> veils_;  ///< a half-transparent cover over each result: mouse and wheel go through
    bool stale_ = false;
    QStringList running_;  ///< the models of the run going
    QStringList shown_;    ///< the models of the results shown (empty before any)
};

}  // namespace tl::ui
