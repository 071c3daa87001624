#pragma once
// The Compare area's charts, drawn with QCustomPlot:
// - AccuracyLatencyPlot: the models of a dataset comparison, accuracy against latency, one labelled point
//   per model, and the Pareto front as a line through the front's models in order of latency;
// - CatalogChart: every catalog model's published ImageNet top-1 against its GFLOPs (log axis), a bubble
//   whose area is proportional to the parameters, labelled with the name and, once this session measured
//   it, the latency ("ResNet-50 · 41 ms"). The labels are laid out so that no two overlap; one that finds no
//   free place is hidden, and hovering over its bubble names the model.
// Both keep the legend below the axis rect and say a point's figures on hover.

#include "tl/catalog.h"
#include "tl/compare.h"

#include <qcustomplot.h>

#include <QHash>
#include <QList>

namespace tl::ui {

class ChartHover;

class AccuracyLatencyPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit AccuracyLatencyPlot(QWidget* parent = nullptr);

    /// Draws the models of `comparison` that have figures (failed models are left out).
    void setComparison(const ModelComparison& comparison);
    /// One point per model: latency (ms) → accuracy (%).
    QCPGraph* points() const { return points_; }
    /// The Pareto front, in order of latency.
    QCPGraph* front() const { return front_; }
    /// The models' name labels, in the order of points().
    const QList<QCPItemText*>& labels() const { return labels_; }
    ChartHover* hover() const { return hover_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The hover text of the model point near `pixel` ("" when none is).
    QString pointText(const QPoint& pixel) const;
    /// The axis labels and the legend's names, in the current language.
    void retranslate();
    void placeLabels();

    QCPGraph* points_ = nullptr;
    QCPGraph* front_ = nullptr;
    QList<QCPItemText*> labels_;
    ChartHover* hover_ = nullptr;
};

class CatalogChart : public QCustomPlot {
    Q_OBJECT
public:
    explicit CatalogChart(QWidget* parent = nullptr);

    /// Latencies (ms per image) measured in this session, by catalog id: they are added to the labels.
    void setLatencies(const QHash<QString, double>& latencies);
    const QHash<QString, double>& latencies() const { return latencies_; }
    /// One bubble and one label per catalog model, in catalog order. A label that found no place free of the
    /// others is hidden (its bubble names it on hover).
    const QList<QCPItemEllipse*>& bubbles() const { return bubbles_; }
    const QList<QCPItemText*>& labels() const { return labels_; }
    ChartHover* hover() const { return hover_; }
    /// Where `label` is drawn, in pixels (from its own anchors).
    static QRectF labelRect(const QCPItemText* label);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The axis labels and the bubbles' labels, in the current language.
    void retranslate();
    void draw();
    /// Places each label at the first of a few spots around its bubble where it overlaps no label placed before
    /// it and stays inside the axis rect; hides it when there is none. Runs after every layout (sizes change).
    void placeLabels();
    QString labelFor(const ModelSpec& spec) const;
    /// The hover text of the bubble under `pixel` ("" when none is).
    QString bubbleText(const QPoint& pixel) const;

    std::vector<ModelSpec> models_;  ///< the bubbles' models
    std::vector<double> radii_;      ///< the bubbles' radii, pixels
    ChartHover* hover_ = nullptr;
    QHash<QString, double> latencies_;
    QList<QCPItemEllipse*> bubbles_;
    QList<QCPItemText*> labels_;
};

}  // namespace tl::ui
