#include "common/charts.h"

#include <qcustomplot.h>

#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>

#include <cmath>
#include <limits>

namespace tl::ui {

void placeLegendBelow(QCustomPlot* plot) {
    auto* row = new QCPLayoutGrid;
    plot->plotLayout()->addElement(plot->plotLayout()->rowCount(), 0, row);
    row->setMargins(QMargins(5, 0, 5, 5));
    row->addElement(0, 0, plot->legend);  // taken out of the axis rect's inset layout
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setVisible(true);
    plot->plotLayout()->setRowStretchFactor(plot->plotLayout()->rowCount() - 1, 0.001);  // as tall as the legend
}

ChartHover::ChartHover(QCustomPlot* plot, Custom custom) : QObject(plot), plot_(plot), custom_(std::move(custom)) {
    plot->setMouseTracking(true);
    connect(plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        const QPoint pixel = event->position().toPoint();
        last_ = textAt(pixel);
        if (last_.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(plot_->mapToGlobal(pixel), last_, plot_, QRect(pixel - QPoint(4, 4), QSize(8, 8)));
    });
}

QString ChartHover::textAt(const QPoint& pixel) const {
    if (custom_) {
        const QString text = custom_(pixel);
        if (!text.isEmpty()) return text;
    }
    const QCPGraph* nearest = nullptr;
    double bestDistance = kReach, bestX = 0, bestY = 0;
    for (int g = 0; g < plot_->graphCount(); ++g) {
        const QCPGraph* graph = plot_->graph(g);
        if (!graph->visible()) continue;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            if (std::isnan(it->value)) continue;
            const QPointF at = graph->coordsToPixels(it->key, it->value);
            const double d = std::hypot(at.x() - pixel.x(), at.y() - pixel.y());
            if (d < bestDistance) {
                bestDistance = d;
                nearest = graph;
                bestX = it->key;
                bestY = it->value;
            }
        }
    }
    if (!nearest) return {};
    const QLocale locale;
    const auto number = [&](double v) { return locale.toString(v, 'g', 4); };
    const QString xName = nearest->keyAxis()->label(), yName = nearest->valueAxis()->label();
    return QStringLiteral("%1\n%2: %3\n%4: %5")
        .arg(nearest->name(), xName.isEmpty() ? QStringLiteral("x") : xName, number(bestX), yName.isEmpty() ? QStringLiteral("y") : yName,
             number(bestY) + suffix_);
}

}  // namespace tl::ui
