#include "compare/comparecharts.h"

#include "common/charts.h"
#include "common/format.h"

#include <QEvent>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

QFont smallFont(const QFont& base) {
    QFont f = base;
    f.setPointSizeF(std::max(7.0, base.pointSizeF() * 0.9));
    return f;
}

/// A colour per model family, in order of first appearance in the catalog.
QColor familyColour(const std::string& family) {
    static const QColor palette[] = {{31, 119, 180}, {214, 39, 40}, {44, 160, 44}, {255, 127, 14}, {148, 103, 189}, {140, 86, 75}, {23, 190, 207}};
    std::vector<std::string> families;
    for (const auto& spec : Catalog::builtin().models())
        if (std::find(families.begin(), families.end(), spec.family) == families.end()) families.push_back(spec.family);
    const auto at = std::find(families.begin(), families.end(), family) - families.begin();
    return palette[static_cast<std::size_t>(at) % std::size(palette)];
}

/// [low, high] of `values`, widened to at least `minSpan`, with `before` and `after` of the span added.
QCPRange padded(const QVector<double>& values, double minSpan, double before, double after) {
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const double span = std::max(*hi - *lo, minSpan);
    return QCPRange(*lo - before * span, *hi + after * span);
}

}  // namespace

AccuracyLatencyPlot::AccuracyLatencyPlot(QWidget* parent) : QCustomPlot(parent) {
    setMinimumSize(320, 240);
    front_ = addGraph();
    front_->setPen(QPen(QColor(230, 120, 20), 2));
    front_->setLineStyle(QCPGraph::lsLine);
    front_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(230, 120, 20), 2), Qt::NoBrush, 15));  // a front of one shows too
    points_ = addGraph();
    points_->setLineStyle(QCPGraph::lsNone);
    points_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(40, 90, 180), 9));
    placeLegendBelow(this);  // never over the points
    legend->setFont(smallFont(font()));
    hover_ = new ChartHover(this, [this](const QPoint& pixel) { return pointText(pixel); });
    xAxis->setRange(0, 100);
    yAxis->setRange(0, 100);
    retranslate();
}

void AccuracyLatencyPlot::retranslate() {
    xAxis->setLabel(tr("latency (ms / image)"));
    yAxis->setLabel(tr("accuracy (%)"));
    front_->setName(tr("Pareto front"));
    points_->setName(tr("models"));
    replot();
}

void AccuracyLatencyPlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QCustomPlot::changeEvent(event);
}

QString AccuracyLatencyPlot::pointText(const QPoint& pixel) const {
    const QCPItemText* nearest = nullptr;
    double best = ChartHover::kReach;
    for (const QCPItemText* label : labels_) {
        const QPointF c = label->position->coords();
        const double d = std::hypot(xAxis->coordToPixel(c.x()) - pixel.x(), yAxis->coordToPixel(c.y()) - pixel.y());
        if (d < best) {
            best = d;
            nearest = label;
        }
    }
    if (!nearest) return {};
    const QPointF c = nearest->position->coords();
    return tr("%1\nlatency %2 ms / image\naccuracy %3").arg(nearest->text(), QLocale().toString(c.x(), 'f', 1), formatAccuracy(c.y() / 100.0));
}

void AccuracyLatencyPlot::setComparison(const ModelComparison& comparison) {
    clearItems();
    labels_.clear();
    QVector<double> x, y, frontX, frontY;
    for (const ComparedModel& m : comparison.models) {
        if (!m.error.empty()) continue;
        const double accuracy = m.evaluation.accuracy * 100.0;
        x << m.latencyMs;
        y << accuracy;
        if (m.pareto) {
            frontX << m.latencyMs;
            frontY << accuracy;
        }
        auto* label = new QCPItemText(this);
        label->position->setCoords(m.latencyMs, accuracy);
        label->setFont(smallFont(font()));
        const QString name = QString::fromStdString(m.name);
        label->setText(name.isEmpty() ? QFileInfo(QString::fromStdString(m.ref)).fileName() : name);
        label->setClipToAxisRect(false);
        labels_ << label;
    }
    points_->setData(x, y);
    front_->setData(frontX, frontY);  // a graph keeps its points in key order: the front by latency
    if (!x.isEmpty()) {
        const QCPRange xr = padded(x, std::max(1.0, 0.2 * *std::max_element(x.begin(), x.end())), 0.25, 0.45);
        xAxis->setRange(std::max(0.0, xr.lower), xr.upper);
        const QCPRange yr = padded(y, 5.0, 0.3, 0.3);
        yAxis->setRange(std::max(0.0, yr.lower), std::min(110.0, yr.upper));
    }
    placeLabels();
    replot();
}

void AccuracyLatencyPlot::placeLabels() {
    // Each label takes the first corner around its point (above right, below right, above left, below left)
    // that no label of a nearby point took already, so that models with similar figures stay readable.
    struct Corner {
        Qt::Alignment alignment;
        QMargins padding;
    };
    static const Corner corners[] = {{Qt::AlignLeft | Qt::AlignBottom, QMargins(7, 0, 0, 5)},
                                     {Qt::AlignLeft | Qt::AlignTop, QMargins(7, 5, 0, 0)},
                                     {Qt::AlignRight | Qt::AlignBottom, QMargins(0, 0, 7, 5)},
                                     {Qt::AlignRight | Qt::AlignTop, QMargins(0, 5, 7, 0)}};
    const double nearX = 0.25 * xAxis->range().size(), nearY = 0.12 * yAxis->range().size();
    std::vector<int> taken;
    for (int i = 0; i < labels_.size(); ++i) {
        const QPointF p = labels_[i]->position->coords();
        std::vector<bool> used(std::size(corners), false);
        for (int j = 0; j < i; ++j) {
            const QPointF q = labels_[j]->position->coords();
            if (std::abs(p.x() - q.x()) < nearX && std::abs(p.y() - q.y()) < nearY)
                used[static_cast<std::size_t>(taken[static_cast<std::size_t>(j)])] = true;
        }
        const auto free = std::find(used.begin(), used.end(), false);
        const int corner = free == used.end() ? i % 4 : static_cast<int>(free - used.begin());
        taken.push_back(corner);
        labels_[i]->setPositionAlignment(corners[corner].alignment);
        labels_[i]->setPadding(corners[corner].padding);
    }
}

CatalogChart::CatalogChart(QWidget* parent) : QCustomPlot(parent) {
    setMinimumSize(320, 240);
    hover_ = new ChartHover(this, [this](const QPoint& pixel) { return bubbleText(pixel); });
    connect(this, &QCustomPlot::afterLayout, this, &CatalogChart::placeLabels);  // the axes' pixels are known now
    xAxis->setScaleType(QCPAxis::stLogarithmic);
    xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    retranslate();
}

void CatalogChart::retranslate() {
    xAxis->setLabel(tr("GFLOPs per image (log scale)"));
    yAxis->setLabel(tr("published ImageNet top-1 (%)"));
    draw();  // the labels name measured latencies in the current language
}

void CatalogChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QCustomPlot::changeEvent(event);
}

void CatalogChart::setLatencies(const QHash<QString, double>& latencies) {
    latencies_ = latencies;
    draw();
}

QString CatalogChart::labelFor(const ModelSpec& spec) const {
    const QString name = QString::fromStdString(spec.name);
    const auto found = latencies_.constFind(QString::fromStdString(spec.id));
    if (found == latencies_.constEnd()) return name;
    return tr("%1 · %2 ms").arg(name).arg(*found, 0, 'f', *found < 10.0 ? 1 : 0);
}

void CatalogChart::draw() {
    clearItems();
    bubbles_.clear();
    labels_.clear();
    models_.clear();
    radii_.clear();
    std::vector<ModelSpec>& models = models_;  // the classifiers: a base without its top has no ImageNet accuracy of its own
    for (const ModelSpec& spec : Catalog::builtin().models())
        if (spec.includeTop) models.push_back(spec);
    if (models.empty()) return;
    double maxParams = 1.0;
    QVector<double> gflops, top1;
    for (const ModelSpec& spec : models) {
        maxParams = std::max(maxParams, static_cast<double>(spec.params));
        gflops << spec.gflops;
        top1 << spec.top1;
    }
    for (const ModelSpec& spec : models) {
        // An invisible anchor at the model's coordinates; the bubble and the label are placed around it in pixels.
        auto* anchor = new QCPItemTracer(this);
        anchor->setStyle(QCPItemTracer::tsNone);
        anchor->position->setCoords(spec.gflops, spec.top1);
        const double r = 4.0 + 24.0 * std::sqrt(static_cast<double>(spec.params) / maxParams);  // area ∝ params
        radii_.push_back(r);
        auto* bubble = new QCPItemEllipse(this);
        for (QCPItemPosition* p : {bubble->topLeft, bubble->bottomRight}) {
            p->setType(QCPItemPosition::ptAbsolute);
            p->setParentAnchor(anchor->position);
        }
        bubble->topLeft->setCoords(-r, -r);
        bubble->bottomRight->setCoords(r, r);
        const QColor colour = familyColour(spec.family);
        bubble->setPen(QPen(colour.darker(130)));
        QColor fill = colour;
        fill.setAlpha(90);
        bubble->setBrush(fill);
        bubble->setClipToAxisRect(false);
        bubbles_ << bubble;
        auto* label = new QCPItemText(this);
        label->position->setType(QCPItemPosition::ptAbsolute);
        label->position->setParentAnchor(anchor->position);
        label->position->setCoords(r + 2.0, 0.0);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setFont(smallFont(font()));
        label->setText(labelFor(spec));
        label->setClipToAxisRect(false);
        labels_ << label;
    }
    const auto [gLo, gHi] = std::minmax_element(gflops.begin(), gflops.end());
    xAxis->setRange(std::max(1e-3, *gLo / 2.5), *gHi * 6.0);
    yAxis->setRange(padded(top1, 2.0, 0.15, 0.15));
    replot();  // placeLabels() after the layout
}

QRectF CatalogChart::labelRect(const QCPItemText* label) { return QRectF(label->topLeft->pixelPosition(), label->bottomRight->pixelPosition()); }

void CatalogChart::placeLabels() {
    struct Spot {
        double dx, dy;  ///< in bubble radii (+ a gap), from the centre
        Qt::Alignment alignment;
    };
    // Right, left, above, below, then the diagonals: the nearest places first.
    static const Spot spots[] = {{1, 0, Qt::AlignLeft | Qt::AlignVCenter},       {-1, 0, Qt::AlignRight | Qt::AlignVCenter},
                                 {0, -1, Qt::AlignHCenter | Qt::AlignBottom},    {0, 1, Qt::AlignHCenter | Qt::AlignTop},
                                 {0.8, -0.8, Qt::AlignLeft | Qt::AlignBottom},   {0.8, 0.8, Qt::AlignLeft | Qt::AlignTop},
                                 {-0.8, -0.8, Qt::AlignRight | Qt::AlignBottom}, {-0.8, 0.8, Qt::AlignRight | Qt::AlignTop}};
    constexpr double kGap = 2.0;  // pixels between a bubble and its label, and kept free between labels
    const QRectF area = axisRect()->rect();
    std::vector<QRectF> placed;
    // The larger models first: their labels get the nearest places.
    std::vector<int> order(static_cast<std::size_t>(labels_.size()));
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(),
                     [this](int a, int b) { return radii_[static_cast<std::size_t>(a)] > radii_[static_cast<std::size_t>(b)]; });
    for (const int i : order) {
        QCPItemText* label = labels_[i];
        const double r = radii_[static_cast<std::size_t>(i)] + kGap;
        const QPointF centre(xAxis->coordToPixel(models_[static_cast<std::size_t>(i)].gflops),
                             yAxis->coordToPixel(models_[static_cast<std::size_t>(i)].top1));
        const QSizeF size = QFontMetricsF(label->font()).boundingRect(QRectF(), Qt::TextDontClip | label->textAlignment(), label->text()).size() +
                            QSizeF(label->padding().left() + label->padding().right(), label->padding().top() + label->padding().bottom());
        bool found = false;
        for (const Spot& spot : spots) {
            const QPointF at = centre + QPointF(spot.dx * r, spot.dy * r);
            QRectF rect(at, size);
            if (spot.alignment & Qt::AlignRight) rect.moveRight(at.x());
            else if (spot.alignment & Qt::AlignHCenter) rect.moveLeft(at.x() - size.width() / 2);
            if (spot.alignment & Qt::AlignBottom) rect.moveBottom(at.y());
            else if (spot.alignment & Qt::AlignVCenter) rect.moveTop(at.y() - size.height() / 2);
            const QRectF kept = rect.adjusted(-kGap, -kGap, kGap, kGap);
            if (!area.contains(rect) || std::any_of(placed.begin(), placed.end(), [&](const QRectF& p) { return p.intersects(kept); })) continue;
            label->position->setCoords(spot.dx * r, spot.dy * r);
            label->setPositionAlignment(spot.alignment);
            placed.push_back(rect);
            found = true;
            break;
        }
        label->setVisible(found);
    }
}

QString CatalogChart::bubbleText(const QPoint& pixel) const {
    for (std::size_t i = 0; i < models_.size(); ++i) {
        const ModelSpec& spec = models_[i];
        const QPointF centre(xAxis->coordToPixel(spec.gflops), yAxis->coordToPixel(spec.top1));
        if (std::hypot(centre.x() - pixel.x(), centre.y() - pixel.y()) > std::max(radii_[i], 6.0)) continue;
        const QLocale locale;
        return tr("%1\n%2 M parameters, %3 GFLOPs, published top-1 %4")
            .arg(labelFor(spec), locale.toString(static_cast<double>(spec.params) / 1e6, 'f', 1), locale.toString(spec.gflops, 'f', 2),
                 formatAccuracy(spec.top1 / 100.0, locale));
    }
    return {};
}

}  // namespace tl::ui
