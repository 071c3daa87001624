#pragma once
// The first page of the main window: what the program does, the first steps as a checklist with a button each
// (get pretrained weights, classify images, choose a dataset, train), each step saying where this machine stands,
// and what the machine offers (compute device, threads, LibTorch build). Work areas are added beside it as tabs;
// the buttons ask for the work through signals (ui/workspace.cpp connects them).

#include <QWidget>

class QGridLayout;
class QLabel;
class QPushButton;

namespace tl::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    /// The checklist's buttons and state lines, for tests: "weights", "images", "dataset", "train".
    QPushButton* button(const QString& step) const;
    QLabel* stateLine(const QString& step) const;

public Q_SLOTS:
    /// Reads again where the machine stands (weights found, the last dataset); done whenever the page shows.
    void refresh();

Q_SIGNALS:
    void downloadWeightsRequested();
    void importWeightsRequested();
    void openImagesRequested();
    void openDatasetRequested();
    void trainRequested();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    QLabel* title_;
    QLabel* intro_;
    QLabel* system_;
    QLabel* stepsTitle_;
    QLabel* weightsTitle_;
    QLabel* weightsState_;
    QPushButton* download_;
    QPushButton* import_;
    QLabel* imagesTitle_;
    QLabel* imagesState_;
    QPushButton* openImages_;
    QLabel* datasetTitle_;
    QLabel* datasetState_;
    QPushButton* openDataset_;
    QLabel* trainTitle_;
    QLabel* trainState_;
    QPushButton* train_;
    int weightsHere_ = 0;
    int weightsAll_ = 0;
    QString lastDataset_;
};

}  // namespace tl::ui
