<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>tl::ui::AboutDialog</name>
    <message>
        <source>About Transfer Studio</source>
        <translation>關於 Transfer Studio</translation>
    </message>
    <message numerus="yes">
        <source>available (%1, %n device(s))</source>
        <translation>
            <numerusform>可用（%1，%n 個裝置）</numerusform>
        </translation>
    </message>
    <message>
        <source>not available (no usable GPU found)</source>
        <translation>不可用（找不到可用的 GPU）</translation>
    </message>
    <message>
        <source>not available (CPU build of LibTorch)</source>
        <translation>不可用（LibTorch 為 CPU 版本）</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>OpenCV</source>
        <translation>OpenCV</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>裝置</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>執行緒</translation>
    </message>
    <message>
        <source>%1 of %2 cores</source>
        <translation>%1 / %2 個核心</translation>
    </message>
    <message>
        <source>Transfer Studio</source>
        <translation>Transfer Studio</translation>
    </message>
    <message>
        <source>Fine-tune ImageNet-pretrained CNNs on your own images.</source>
        <translation>在自己的影像上微調 ImageNet 預訓練的卷積神經網路。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
</context>
<context>
    <name>tl::ui::MainWindow</name>
    <message>
        <source>Welcome</source>
        <translation>歡迎</translation>
    </message>
    <message>
        <source>Transfer Studio</source>
        <translation>Transfer Studio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全螢幕(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;About Transfer Studio</source>
        <translation>關於 Transfer Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>關於 &amp;Qt</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>跟隨系統</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU：%1</translation>
    </message>
    <message numerus="yes">
        <source>CPU · %n thread(s)</source>
        <translation>
            <numerusform>CPU · %n 個執行緒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tl::ui::WelcomePage</name>
    <message>
        <source>Transfer Studio</source>
        <translation>Transfer Studio</translation>
    </message>
    <message>
        <source>Classify images with ImageNet-pretrained CNNs, fine-tune them on your own folder of images with the layers you choose frozen, and compare models side by side.</source>
        <translation>用 ImageNet 預訓練的卷積神經網路分類影像；凍結你選擇的層，在自己的影像資料夾上微調；並排比較多個模型。</translation>
    </message>
    <message>
        <source>Compute device: %1
LibTorch %2 with %3 threads on %4 cores
OpenCV %5</source>
        <translation>運算裝置：%1
LibTorch %2，%3 個執行緒，共 %4 個核心
OpenCV %5</translation>
    </message>
    <message>
        <source>GPU (%1)</source>
        <translation>GPU（%1）</translation>
    </message>
    <message>
        <source>CPU (%1)</source>
        <translation>CPU（%1）</translation>
    </message>
</context>
</TS>