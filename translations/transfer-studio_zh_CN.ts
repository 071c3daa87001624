<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>tl::ui::AboutDialog</name>
    <message>
        <source>About Transfer Studio</source>
        <translation>关于 Transfer Studio</translation>
    </message>
    <message numerus="yes">
        <source>available (%1, %n device(s))</source>
        <translation>
            <numerusform>可用（%1，%n 个设备）</numerusform>
        </translation>
    </message>
    <message>
        <source>not available (no usable GPU found)</source>
        <translation>不可用（未找到可用的 GPU）</translation>
    </message>
    <message>
        <source>not available (CPU build of LibTorch)</source>
        <translation>不可用（LibTorch 为 CPU 版本）</translation>
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
        <translation>设备</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>%1 of %2 cores</source>
        <translation>%1 / %2 个核心</translation>
    </message>
    <message>
        <source>Transfer Studio</source>
        <translation>Transfer Studio</translation>
    </message>
    <message>
        <source>Fine-tune ImageNet-pretrained CNNs on your own images.</source>
        <translation>在自己的图像上微调 ImageNet 预训练的卷积神经网络。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>tl::ui::MainWindow</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>Transfer Studio</source>
        <translation>Transfer Studio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;About Transfer Studio</source>
        <translation>关于 Transfer Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU：%1</translation>
    </message>
    <message numerus="yes">
        <source>CPU · %n thread(s)</source>
        <translation>
            <numerusform>CPU · %n 个线程</numerusform>
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
        <translation>用 ImageNet 预训练的卷积神经网络对图像分类；冻结你选择的层，在自己的图像文件夹上微调；并排比较多个模型。</translation>
    </message>
    <message>
        <source>Compute device: %1
LibTorch %2 with %3 threads on %4 cores
OpenCV %5</source>
        <translation>计算设备：%1
LibTorch %2，%3 个线程，共 %4 个核心
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