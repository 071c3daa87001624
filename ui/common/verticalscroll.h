#pragma once
// A scroll area that scrolls only up and down: as wide as what it holds asks (so labels are never cut off, in any
// language), as short as the window needs. For forms beside a chart or a preview in a window of 1024 × 640.

#include <QScrollArea>
#include <QScrollBar>

namespace tl::ui {

class VerticalScroll : public QScrollArea {
public:
    explicit VerticalScroll(QWidget* content, QWidget* parent = nullptr) : QScrollArea(parent) {
        setWidget(content);
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Expanding);
    }
    QSize minimumSizeHint() const override { return QSize(contentWidth(widget() ? widget()->minimumSizeHint().width() : 0), 60); }
    QSize sizeHint() const override {
        const QSize content = widget() ? widget()->sizeHint() : QSize();
        return QSize(contentWidth(content.width()), content.height());
    }

private:
    int contentWidth(int content) const { return content + verticalScrollBar()->sizeHint().width() + 2 * frameWidth(); }
};

}  // namespace tl::ui
