#pragma once
// The Compare area's charts, drawn with QCustomPlot:
// - AccuracyLatencyPlot: the models of a dataset comparison, accuracy against latency, one labelled point
//   per model, and the Pareto front as a line through the front's models in order of latency;
// - CatalogChart: every catalog model's published ImageNet top-1 against its GFLOPs (log axis), a bubble
//   whose area is proportional to the parameters, labelled with the name and, once this session measured
//   it, the latency ("ResNet-50 · 41 ms").

#include "tl/catalog.h"
#include "tl/compare.h"

#include <qcustomplot.h>

#include <QHash>
#include <QList>

namespace tl::ui {

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

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The axis labels and the legend's names, in the current language.
    void retranslate();
    void placeLabels();

    QCPGraph* points_ = nullptr;
    QCPGraph* front_ = nullptr;
    QList<QCPItemText*> labels_;
};

class CatalogChart : public QCustomPlot {
    Q_OBJECT
public:
    explicit CatalogChart(QWidget* parent = nullptr);

    /// Latencies (ms per image) measured in this session, by catalog id: they are added to the labels.
    void setLatencies(const QHash<QString, double>& latencies);
    const QHash<QString, double>& latencies() const { return latencies_; }
    /// One bubble and one label per catalog model, in catalog order.
    const QList<QCPItemEllipse*>& bubbles() const { return bubbles_; }
    const QList<QCPItemText*>& labels() const { return labels_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The axis labels and the bubbles' labels, in the current language.
    void retranslate();
    void draw();
    QString labelFor(const ModelSpec& spec) const;

    QHash<QString, double> latencies_;
    QList<QCPItemEllipse*> bubbles_;
    QList<QCPItemText*> labels_;
};

}  // namespace tl::ui
