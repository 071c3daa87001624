#pragma once
// What every chart of the UI does the same way (QCustomPlot):
// - the legend sits below the axis rect, in its own layout row, so that it never covers data;
// - hovering shows the nearest point's series, x and y in a tooltip (ChartHover).

#include <QObject>
#include <QPoint>
#include <QString>

#include <functional>

class QCustomPlot;

namespace tl::ui {

/// Moves `plot`'s legend out of the axis rect into a row below it (entries side by side) and shows it.
void placeLegendBelow(QCustomPlot* plot);

/// The tooltip of a chart: on every mouse move over `plot`, the nearest data point of its visible graphs
/// (within kReach pixels) is named: "series\nx-label: x\ny-label: y". A custom text (a colour map's cell, an item)
/// comes first when `custom` gives one for the position.
class ChartHover : public QObject {
    Q_OBJECT
public:
    static constexpr double kReach = 24.0;  ///< pixels
    using Custom = std::function<QString(const QPoint& pixel)>;

    /// Installs itself on `plot` (as its child).
    explicit ChartHover(QCustomPlot* plot, Custom custom = {});
    /// What the tooltip shows (or would show) for the mouse at `pixel`; "" when nothing is near.
    QString textAt(const QPoint& pixel) const;
    /// Written after every y value ("%" for a chart of percentages).
    void setValueSuffix(const QString& suffix) { suffix_ = suffix; }
    /// The text of the last mouse move ("" when nothing was near).
    QString lastText() const { return last_; }

private:
    QCustomPlot* plot_;
    Custom custom_;
    QString last_;
    QString suffix_;
};

}  // namespace tl::ui
