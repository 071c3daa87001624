#pragma once
// The Train tab's settings form: the optimizer, learning rates, epochs of the two phases (the head first, then
// the last block with SGD at a low learning rate, as the tutorials do), batch size and precision, and
// Start / Pause / Resume / Stop. The fields start with the last session's settings (TrainSession remembers them). It edits the session's settings and shows them; while a run trains the
// settings are locked.

#include <QWidget>

#include <utility>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace tl::ui {

class TrainSession;
struct TrainSettings;

class TrainForm : public QWidget {
    Q_OBJECT
public:
    explicit TrainForm(TrainSession* session, QWidget* parent = nullptr);

    QPushButton* startButton() const { return start_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* stopButton() const { return stop_; }
    QSpinBox* epochs() const { return epochs_; }
    QSpinBox* fineTuneEpochs() const { return fineTuneEpochs_; }
    QSpinBox* batchSize() const { return batch_; }
    QDoubleSpinBox* learningRate() const { return lr_; }
    QComboBox* optimizer() const { return optimizer_; }
    QDoubleSpinBox* fineTuneLearningRate() const { return fineTuneLr_; }
    /// The network's input size; 0 ("the model's") shows the model's own.
    QSpinBox* imageSize() const { return imageSize_; }
    QSpinBox* seed() const { return seed_; }
    QComboBox* precision() const { return precision_; }
    /// Why Start is off (the session's blocker), shown under the buttons; hidden while Start can start.
    QLabel* startReason() const { return startReason_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Start: asks the run's name (TrainSession::defaultRunName() suggested), then starts it.
    void askNameAndStart();
    void retranslate();
    void showSettings(const TrainSettings& s);
    void edited();
    void setRunning(bool running);
    void updateStart();

    TrainSession* session_;
    QComboBox* optimizer_ = nullptr;
    QDoubleSpinBox* lr_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* fineTuneEpochs_ = nullptr;
    QDoubleSpinBox* fineTuneLr_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QSpinBox* imageSize_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QComboBox* precision_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* stop_ = nullptr;
    QLabel* startReason_ = nullptr;
    std::vector<std::pair<QLabel*, const char*>> labels_;  ///< the form's labels and their source texts
    bool showing_ = false;
    bool paused_ = false;
};

}  // namespace tl::ui
