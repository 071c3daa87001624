#pragma once
// The Train area's starting weights, as the CLI's train --weights says them: the chosen model's weights from the
// store (the default; verified or unverified), a state dict file the user chose (.pth/.pt/.safetensors, or a Keras
// or TF-slim file; checked against the architecture when the model is built), or none (train from scratch). The
// choice and the file are remembered in the settings (train/weights, train/weightsFile).

#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace tl::ui {

class WeightsChoice : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Store, File, None };

    explicit WeightsChoice(QWidget* parent = nullptr);

    Mode mode() const { return mode_; }
    /// The chosen file (also kept while another mode is chosen); "" when none was chosen.
    QString file() const { return file_; }
    /// Sets the mode (File without a file asks for one, unless `file` is given) and remembers it.
    void setMode(Mode mode);
    void setFile(const QString& file);
    /// TrainConfig::weights for this choice: "" (the store's), the file's path, or tl::kNoWeights.
    std::string configWeights() const;

    QComboBox* combo() const { return combo_; }
    QPushButton* chooseButton() const { return choose_; }

Q_SIGNALS:
    /// The mode or the file changed (by the user or by a call).
    void changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void chooseFile();
    void show(Mode mode);

    QComboBox* combo_;
    QPushButton* choose_;
    QLabel* fileLabel_;
    Mode mode_ = Mode::Store;
    QString file_;
};

}  // namespace tl::ui
