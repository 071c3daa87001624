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
    <name>tl::ui::AccuracyLatencyPlot</name>
    <message>
        <source>latency (ms / image)</source>
        <translation>延迟（毫秒/图像）</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>帕累托前沿</translation>
    </message>
    <message>
        <source>models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>%1
latency %2 ms / image
accuracy %3</source>
        <translation>%1
延迟 %2 毫秒/图像
准确率 %3</translation>
    </message>
</context>
<context>
    <name>tl::ui::AugmentPanel</name>
    <message>
        <source>&amp;Augment the training images (turns bottleneck mode off)</source>
        <translation>增强训练图像（会关闭瓶颈特征模式）(&amp;A)</translation>
    </message>
    <message>
        <source>Horizontal flip</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <source>Vertical flip</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <source>Rotation (±):</source>
        <translation>旋转（±）：</translation>
    </message>
    <message>
        <source>Shear (±):</source>
        <translation>剪切（±）：</translation>
    </message>
    <message>
        <source>Fill mode:</source>
        <translation>填充方式：</translation>
    </message>
    <message>
        <source>Brightness (±):</source>
        <translation>亮度（±）：</translation>
    </message>
    <message>
        <source>Contrast (±):</source>
        <translation>对比度（±）：</translation>
    </message>
    <message>
        <source>Saturation (±):</source>
        <translation>饱和度（±）：</translation>
    </message>
    <message>
        <source>Hue (±):</source>
        <translation>色调（±）：</translation>
    </message>
    <message>
        <source>Augmentation is off: every epoch sees the same crop.</source>
        <translation>未启用增强：每一轮看到的都是同样的裁剪。</translation>
    </message>
    <message>
        <source>Keras zoom_range: the x and y scale factors are drawn from [low, high]; above 1 zooms out</source>
        <translation>Keras zoom_range：x 与 y 方向的缩放系数分别从 [下限, 上限] 中抽取；大于 1 为缩小</translation>
    </message>
    <message>
        <source>The pixel value (0–255) outside the image when the fill mode is constant</source>
        <translation>填充模式为 constant 时图像外部的像素值（0–255）</translation>
    </message>
    <message>
        <source>Random resized crop instead of the centre crop</source>
        <translation>随机缩放裁剪（代替中心裁剪）</translation>
    </message>
    <message>
        <source>The fraction of the image&apos;s area the crop covers, drawn from [low, high]</source>
        <translation>裁剪区域占图像面积的比例，从 [下限, 上限] 中抽取</translation>
    </message>
    <message>
        <source>The crop&apos;s width / height, drawn log-uniformly from [low, high]</source>
        <translation>裁剪区域的宽高比，在 [下限, 上限] 中按对数均匀抽取</translation>
    </message>
    <message>
        <source>Zoom range:</source>
        <translation>缩放范围：</translation>
    </message>
    <message>
        <source>Fill value:</source>
        <translation>填充值：</translation>
    </message>
    <message>
        <source>Crop area (fraction):</source>
        <translation>裁剪面积（比例）：</translation>
    </message>
    <message>
        <source>Crop aspect ratio:</source>
        <translation>裁剪宽高比：</translation>
    </message>
    <message>
        <source>Shift (fraction):</source>
        <translation>平移（比例）：</translation>
    </message>
    <message>
        <source>&amp;Reshuffle</source>
        <translation>重新抽样(&amp;R)</translation>
    </message>
    <message>
        <source>New random draws of the variants</source>
        <translation>重新随机生成各个变体</translation>
    </message>
    <message>
        <source>Preview I&amp;mage…</source>
        <translation>预览图像(&amp;M)…</translation>
    </message>
    <message>
        <source>Show the variants of any image file (or drop one here)</source>
        <translation>显示任意图像文件的变体（或拖放到此处）</translation>
    </message>
    <message>
        <source>Width shift: a fraction of the width</source>
        <translation>水平平移：宽度的比例</translation>
    </message>
    <message>
        <source>Height shift: a fraction of the height</source>
        <translation>垂直平移：高度的比例</translation>
    </message>
    <message>
        <source>Preview: choose a dataset, or an image with Preview Image… (or drop one here)</source>
        <translation>预览：选择数据集，或用“预览图像…”选择一张图像（或拖放到此处）</translation>
    </message>
    <message>
        <source>Preview: %1, as the network sees it in training (each variant a random draw)</source>
        <translation>预览：%1，即训练时网络看到的样子（每个变体为一次随机抽样）</translation>
    </message>
    <message>
        <source>Preview image</source>
        <translation>预览图像</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)</source>
        <translation>图像 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>tl::ui::CatalogChart</name>
    <message>
        <source>GFLOPs per image (log scale)</source>
        <translation>每张图像的 GFLOPs（对数刻度）</translation>
    </message>
    <message>
        <source>published ImageNet top-1 (%)</source>
        <translation>公布的 ImageNet top-1 准确率（%）</translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation>%1 · %2 毫秒</translation>
    </message>
    <message>
        <source>%1
%2 M parameters, %3 GFLOPs, published top-1 %4</source>
        <translation>%1
%2 M 参数，%3 GFLOPs，公布的 top-1 准确率 %4</translation>
    </message>
</context>
<context>
    <name>tl::ui::ClassifyArea</name>
    <message>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Ready: %1</source>
        <translation>就绪：%1</translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>%1 of %2 MiB</source>
        <translation>%1 / %2 MiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source> · %1 MiB/s</source>
        <translation> · %1 MiB/秒</translation>
    </message>
    <message numerus="yes">
        <source> · %n s left</source>
        <translation>
            <numerusform> · 剩余 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Getting the weights failed: %1</source>
        <translation>获取权重失败：%1</translation>
    </message>
    <message>
        <source>Download cancelled; it will resume where it stopped.</source>
        <translation>下载已取消；下次将从中断处继续。</translation>
    </message>
    <message>
        <source>Downloading the weights of %1…</source>
        <translation>正在下载 %1 的权重…</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>导入权重</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Download weights</source>
        <translation>下载权重(&amp;D)</translation>
    </message>
    <message>
        <source>Download the pretrained weights from the address in the model catalog (resumable; checked with SHA-256)</source>
        <translation>从模型目录中的地址下载预训练权重（可断点续传；用 SHA-256 校验）</translation>
    </message>
    <message>
        <source>&amp;Import weights…</source>
        <translation>导入权重(&amp;I)…</translation>
    </message>
    <message>
        <source>Use a weights file you already have, e.g. copied from another machine</source>
        <translation>使用已有的权重文件，例如从另一台机器复制来的</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open images (%1)</source>
        <translation>打开图片（%1）</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Open a folder of images, searched recursively (%1)</source>
        <translation>打开图片文件夹，包含子文件夹（%1）</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save every result as CSV (%1)</source>
        <translation>将全部结果保存为 CSV（%1）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Paste images</source>
        <translation>粘贴图片</translation>
    </message>
    <message>
        <source>Original (dashed: the part the network sees)</source>
        <translation>原图（虚线框：网络看到的部分）</translation>
    </message>
    <message>
        <source>Network input, before normalisation</source>
        <translation>网络输入（归一化之前）</translation>
    </message>
    <message>
        <source>Drop images or folders here,
or open them (%1), or paste them (%2).</source>
        <translation>将图片或文件夹拖到这里，
或者打开（%1）、粘贴（%2）。</translation>
    </message>
    <message>
        <source>The weights of %1 are not on this machine: download them, or import a file you have.</source>
        <translation>本机没有 %1 的权重：请下载，或导入已有的文件。</translation>
    </message>
    <message>
        <source>Loading %1 from %2…</source>
        <translation>正在从 %2 加载 %1…</translation>
    </message>
    <message>
        <source>waiting for the model…</source>
        <translation>等待模型…</translation>
    </message>
    <message>
        <source>%1 × %2 pixels · %3 ms</source>
        <translation>%1 × %2 像素 · %3 毫秒</translation>
    </message>
    <message>
        <source>Open images</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Open a folder of images</source>
        <translation>打开图片文件夹</translation>
    </message>
    <message>
        <source>The clipboard holds no image and no image files.</source>
        <translation>剪贴板中没有图片，也没有图片文件。</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n result(s) to %1</source>
        <translation>
            <numerusform>已将 %n 条结果保存到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (fine-tuned)</source>
        <translation>%1（微调）</translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)</source>
        <translation>权重 (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 is now the weights of %2 (%3): train a new top from it in the Train area.</source>
        <translation>%1 现在是 %2（%3）的权重：请在“训练”中基于它训练新的顶层。</translation>
    </message>
    <message>
        <source>&amp;Import Keras or TF-slim weights…</source>
        <translation>导入 Keras 或 TF-slim 权重(&amp;I)…</translation>
    </message>
    <message>
        <source>A Keras .h5 file (Keras Applications&apos; downloads, model.save) or a TF-slim checkpoint (its .index file)</source>
        <translation>Keras .h5 文件（Keras Applications 下载的文件、model.save 保存的文件）或 TF-slim 检查点（其 .index 文件）</translation>
    </message>
    <message>
        <source>Import Keras or TF-slim weights</source>
        <translation>导入 Keras 或 TF-slim 权重</translation>
    </message>
    <message>
        <source>Keras weights (*.h5 *.hdf5);;TF-slim checkpoints (*.index);;All files (*)</source>
        <translation>Keras 权重 (*.h5 *.hdf5);;TF-slim 检查点 (*.index);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Open Images…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>No images found in %1 (JPEG, PNG, BMP, WebP, TIFF and GIF files are read).</source>
        <translation>在 %1 中没有找到图片（可读取 JPEG、PNG、BMP、WebP、TIFF 和 GIF 文件）。</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Available only</source>
        <translation>仅显示可用</translation>
    </message>
    <message>
        <source>List only the models whose weights are on this machine</source>
        <translation>只列出权重已在本机上的模型</translation>
    </message>
    <message>
        <source>%1 · not on this machine</source>
        <translation>%1 · 本机没有权重</translation>
    </message>
    <message>
        <source>The weights are on this machine.</source>
        <translation>权重已在本机上。</translation>
    </message>
    <message>
        <source>Download the weights, or import a file you have.</source>
        <translation>请下载权重，或导入已有的文件。</translation>
    </message>
    <message>
        <source>classified once the model&apos;s weights are on this machine</source>
        <translation>本机有该模型的权重后即进行分类</translation>
    </message>
    <message>
        <source>Nothing was imported: the checksum of %1 did not match.</source>
        <translation>未导入任何内容：%1 的校验和不匹配。</translation>
    </message>
    <message>
        <source>Importing %1 as unverified weights…</source>
        <translation>正在将 %1 作为未验证的权重导入…</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <source>Writing the model file %1…</source>
        <translation>正在写入模型文件 %1…</translation>
    </message>
    <message>
        <source>Without a connection: import a copy you have (Import weights…), or copy %1 into %2.</source>
        <translation>没有网络连接时：导入已有的副本（导入权重…），或将 %1 复制到 %2。</translation>
    </message>
    <message>
        <source>Your runs</source>
        <translation>你的训练</translation>
    </message>
    <message>
        <source>Trained in the Train area: %1</source>
        <translation>在“训练”区训练：%1</translation>
    </message>
    <message>
        <source>Choose the catalog model that %1 holds the weights of, then drop it again.</source>
        <translation>请选择 %1 所含权重对应的目录模型，然后再次拖放。</translation>
    </message>
</context>
<context>
    <name>tl::ui::ClassifySession</name>
    <message numerus="yes">
        <source>%1 (fine-tuned %2, %n class(es)) · %3</source>
        <translation>
            <numerusform>%1（由 %2 微调，%n 个类别）· %3</numerusform>
        </translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>文件或文件夹不存在</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareArea</name>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>The catalog&apos;s published ImageNet figures: top-1 accuracy against the computation per image. A bubble&apos;s area is proportional to the model&apos;s parameters; latencies measured in this session are added to the names.</source>
        <translation>模型目录中公布的 ImageNet 数据：top-1 准确率与每张图像的计算量对比。气泡面积与模型参数量成正比；本次会话中测得的延迟会附在名称后。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the comparison (Esc)</source>
        <translation>停止比较（Esc）</translation>
    </message>
    <message>
        <source>model %1 of %2: %3 / %4 images</source>
        <translation>第 %1 个模型（共 %2 个）：%3 / %4 张图像</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareDatasetPage</name>
    <message>
        <source>A labelled folder: one sub-folder per class (or train/ and validation/ with class folders)</source>
        <translation>带标签的文件夹：每个类别一个子文件夹（或包含类别文件夹的 train/ 与 validation/）</translation>
    </message>
    <message>
        <source>Choose &amp;dataset…</source>
        <translation>选择数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>The images every model is evaluated on (validation falls back to all when the dataset has none)</source>
        <translation>用来评估每个模型的图像（数据集没有验证集时改用全部图像）</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Evaluate every checked model on the dataset (Ctrl+R)</source>
        <translation>在数据集上评估每个勾选的模型（Ctrl+R）</translation>
    </message>
    <message>
        <source>Choose a dataset whose class names the checked models know, then run.</source>
        <translation>请选择一个类别名称为所勾选模型所认识的数据集，然后运行。</translation>
    </message>
    <message>
        <source>Export C&amp;SV…</source>
        <translation>导出 CSV(&amp;S)…</translation>
    </message>
    <message>
        <source>Export &amp;JSON…</source>
        <translation>导出 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>划分：</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n model(s) on %1…</source>
        <translation>
            <numerusform>正在 %1 上比较 %n 个模型…</numerusform>
        </translation>
    </message>
    <message>
        <source>Comparison cancelled; the table shows the last complete one.</source>
        <translation>比较已取消；表格显示的是上一次完整的比较。</translation>
    </message>
    <message>
        <source>The comparison failed: %1</source>
        <translation>比较失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) of the %1 split of %2, on %3.</source>
        <translation>
            <numerusform>%2 的%1划分中的 %n 张图像，设备 %3。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) could not be compared: see the Error column.</source>
        <translation>
            <numerusform>%n 个模型无法比较：请查看“错误”列。</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a labelled dataset folder</source>
        <translation>选择带标签的数据集文件夹</translation>
    </message>
    <message>
        <source>Export the comparison as JSON</source>
        <translation>将比较导出为 JSON</translation>
    </message>
    <message>
        <source>Export the comparison as CSV</source>
        <translation>将比较导出为 CSV</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>导出比较</translation>
    </message>
    <message>
        <source>Run a comparison on a dataset to export its table.</source>
        <translation>先在数据集上运行比较，才能导出表格。</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareImagesPage</name>
    <message>
        <source>Add &amp;images…</source>
        <translation>添加图像(&amp;I)…</translation>
    </message>
    <message>
        <source>Choose images for every checked model to classify</source>
        <translation>选择图像，由每个勾选的模型进行分类</translation>
    </message>
    <message>
        <source>Compare &amp;again</source>
        <translation>再次比较(&amp;A)</translation>
    </message>
    <message>
        <source>Classify the same images with the models checked now (Ctrl+R)</source>
        <translation>用当前勾选的模型对同样的图像重新分类（Ctrl+R）</translation>
    </message>
    <message>
        <source>Drop images or folders here: every checked model classifies every image.</source>
        <translation>将图像或文件夹拖放到这里：每个勾选的模型都会对每张图像进行分类。</translation>
    </message>
    <message numerus="yes">
        <source>Classifying with %n model(s)…</source>
        <translation>
            <numerusform>正在用 %n 个模型分类…</numerusform>
        </translation>
    </message>
    <message>
        <source>Add images</source>
        <translation>添加图像</translation>
    </message>
    <message>
        <source>Comparison cancelled.</source>
        <translation>比较已取消。</translation>
    </message>
    <message>
        <source>The comparison failed: %1</source>
        <translation>比较失败：%1</translation>
    </message>
    <message>
        <source>%1 of %2 images: all models agree</source>
        <translation>%2 张图像中有 %1 张：所有模型一致</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) could not classify: their column says why.</source>
        <translation>
            <numerusform>%n 个模型无法分类：原因见其所在列。</numerusform>
        </translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareSession</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a Transfer Studio model file.</source>
        <translation>%1 不是 Transfer Studio 模型文件。</translation>
    </message>
    <message>
        <source>A comparison is running: wait for it or cancel it (Esc).</source>
        <translation>正在进行比较：请等待其完成或取消（Esc）。</translation>
    </message>
    <message>
        <source>Check at least two models to compare.</source>
        <translation>请至少勾选两个模型进行比较。</translation>
    </message>
    <message>
        <source>Choose a dataset folder first.</source>
        <translation>请先选择数据集文件夹。</translation>
    </message>
    <message>
        <source>There are no images among the files and folders given.</source>
        <translation>给定的文件和文件夹中没有图像。</translation>
    </message>
    <message>
        <source>There is no dataset comparison to export yet.</source>
        <translation>还没有可导出的数据集比较。</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareWeightsImport</name>
    <message>
        <source>Nothing was imported: the checksum of %1 did not match.</source>
        <translation>未导入任何内容：%1 的校验和不匹配。</translation>
    </message>
    <message>
        <source>Importing %1 as unverified weights…</source>
        <translation>正在将 %1 作为未验证的权重导入…</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <source>Writing the model file %1…</source>
        <translation>正在写入模型文件 %1…</translation>
    </message>
    <message>
        <source>The weights could not be imported: %1</source>
        <translation>无法导入权重：%1</translation>
    </message>
    <message>
        <source>%1 joined the comparison.</source>
        <translation>%1 已加入比较。</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>导入权重</translation>
    </message>
    <message>
        <source>Which model are the weights of %1 for?</source>
        <translation>%1 中的权重属于哪个模型？</translation>
    </message>
    <message>
        <source>An import is going; drop %1 again when it ends.</source>
        <translation>正在导入；导入结束后请再次拖放 %1。</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
</context>
<context>
    <name>tl::ui::ComparisonModel</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Top-5</source>
        <translation>Top-5</translation>
    </message>
    <message>
        <source>Latency
(ms/image)</source>
        <translation>延迟
（毫秒/图像）</translation>
    </message>
    <message>
        <source>Images/s</source>
        <translation>图像/秒</translation>
    </message>
    <message>
        <source>Params
(M)</source>
        <translation>参数
（M）</translation>
    </message>
    <message>
        <source>GFLOPs</source>
        <translation>GFLOPs</translation>
    </message>
    <message>
        <source>Weights
(MB)</source>
        <translation>权重
（MB）</translation>
    </message>
    <message>
        <source>Peak memory
(MB)</source>
        <translation>峰值内存
（MB）</translation>
    </message>
    <message>
        <source>Pareto</source>
        <translation>帕累托</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>On the accuracy-vs-latency Pareto front: no other model is at least as accurate and at least as fast, and better in one</source>
        <translation>位于准确率-延迟帕累托前沿：没有其他模型在准确率和速度上都不逊于它且至少一项更好</translation>
    </message>
    <message>
        <source>Mean time per image at batch size 1: decoding, preprocessing and the forward pass</source>
        <translation>批大小为 1 时每张图像的平均耗时：解码、预处理和前向传播</translation>
    </message>
    <message>
        <source>The process&apos;s peak resident memory while the model loaded and ran</source>
        <translation>模型加载和运行期间进程的峰值常驻内存</translation>
    </message>
    <message>
        <source>%1 could not be compared: %2</source>
        <translation>%1 无法比较：%2</translation>
    </message>
    <message>
        <source>Weights: %1</source>
        <translation>权重：%1</translation>
    </message>
</context>
<context>
    <name>tl::ui::DeviceBox</name>
    <message>
        <source>This machine has no usable GPU: a run on the GPU would fail</source>
        <translation>这台机器没有可用的 GPU：在 GPU 上运行会失败</translation>
    </message>
    <message>
        <source>Where Classify, Train and Compare run the models (one choice for the whole application)</source>
        <translation>分类、训练和比较在哪里运行模型（整个程序只有这一个选择）</translation>
    </message>
</context>
<context>
    <name>tl::ui::DeviceChoice</name>
    <message>
        <source>Automatic (the GPU when there is one)</source>
        <translation>自动（有 GPU 时用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>tl::ui::DeviceMenu</name>
    <message>
        <source>Compute &amp;Device</source>
        <translation>计算设备(&amp;D)</translation>
    </message>
</context>
<context>
    <name>tl::ui::EvaluationView</name>
    <message>
        <source>&amp;Normalise each row (share of the true class)</source>
        <translation>按行归一化（占真实类别的比例）(&amp;N)</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>Misclassified images, the most confident mistakes first:</source>
        <translation>分类错误的图像（置信度最高的错误在前）：</translation>
    </message>
    <message>
        <source>Evaluating %1 on %2…</source>
        <translation>正在用 %2 评估 %1…</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>%1 images: accuracy %2, top-5 %3, loss %4; %5 misclassified%6.</source>
        <translation>%1 张图像：准确率 %2，top-5 %3，损失 %4；%5 张分类错误%6。</translation>
    </message>
    <message numerus="yes">
        <source>, %n unreadable</source>
        <translation>
            <numerusform>，%n 张无法读取</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 → %2 (%3%)</source>
        <translation>%1 → %2（%3%）</translation>
    </message>
    <message>
        <source>When a run ends, its model is evaluated here on the validation images.</source>
        <translation>训练结束后，模型会在这里用验证图像评估。</translation>
    </message>
    <message>
        <source>&amp;Save model as…</source>
        <translation>模型另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>no model yet</source>
        <translation>还没有模型</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Save the model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>The model was not saved: %1</source>
        <translation>模型未保存：%1</translation>
    </message>
    <message>
        <source>The model was not exported: %1</source>
        <translation>模型未导出：%1</translation>
    </message>
    <message>
        <source>Open in &amp;Classify</source>
        <translation>在“分类”中打开(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>ONNX for any runtime, checked against the app on the validation images; or PyTorch / Keras weights for Python</source>
        <translation>导出为 ONNX（任何运行时均可用，并在验证图片上与本程序核对），或导出 PyTorch / Keras 权重供 Python 使用</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>No evaluation yet: train a model, or open an earlier run.</source>
        <translation>还没有评估：请训练模型，或打开以前的运行。</translation>
    </message>
    <message>
        <source>No misclassified images.</source>
        <translation>没有分类错误的图像。</translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3</source>
        <translation>真实类别 %1，预测 %2：%3</translation>
    </message>
    <message>
        <source>Go to the Run Tab</source>
        <translation>转到“运行”页</translation>
    </message>
</context>
<context>
    <name>tl::ui::ExportDialog</name>
    <message>
        <source>Cancelled; nothing was kept.</source>
        <translation>已取消，未保留任何文件。</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>ONNX — for ONNX Runtime, OpenCV, TensorRT, OpenVINO (checked against the app)</source>
        <translation>ONNX — 用于 ONNX Runtime、OpenCV、TensorRT、OpenVINO（与本程序核对）</translation>
    </message>
    <message>
        <source>PyTorch state dict (.pth) — torchvision&apos;s names</source>
        <translation>PyTorch state dict (.pth) — torchvision 的参数名</translation>
    </message>
    <message>
        <source>Keras weights (.h5) — Keras&apos; layer names</source>
        <translation>Keras 权重 (.h5) — Keras 的层名</translation>
    </message>
    <message>
        <source>Float16 weights (half the file, computed in float32)</source>
        <translation>Float16 权重（文件减半，仍以 float32 计算）</translation>
    </message>
    <message>
        <source>Takes the raw uint8 RGB crop (the normalisation inside the model)</source>
        <translation>输入原始 uint8 RGB 裁剪图（归一化在模型内完成）</translation>
    </message>
    <message>
        <source>Choose &amp;images…</source>
        <translation>选择图片(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>Checked on:</source>
        <translation>核对所用图片：</translation>
    </message>
    <message>
        <source>&amp;Save as:</source>
        <translation>保存为(&amp;S)：</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) and folder(s) chosen</source>
        <translation>
            <numerusform>已选择 %n 个文件和文件夹</numerusform>
        </translation>
    </message>
    <message>
        <source>the validation images of the run it comes from</source>
        <translation>其训练运行的验证图片</translation>
    </message>
    <message>
        <source>no images yet: only ONNX&apos;s checker runs unless you choose some</source>
        <translation>尚未选择图片：除非选择图片，否则只运行 ONNX 检查器</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Keras weights (*.h5)</source>
        <translation>Keras 权重 (*.h5)</translation>
    </message>
    <message>
        <source>PyTorch state dict (*.pth *.pt)</source>
        <translation>PyTorch 状态字典 (*.pth *.pt)</translation>
    </message>
    <message>
        <source>Save the exported model</source>
        <translation>保存导出的模型</translation>
    </message>
    <message>
        <source>Images to check the export on</source>
        <translation>用于核对导出结果的图片</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入…</translation>
    </message>
    <message>
        <source>the images chosen</source>
        <translation>所选图片</translation>
    </message>
    <message>
        <source>Finding the run&apos;s validation images…</source>
        <translation>正在查找该运行的验证图片…</translation>
    </message>
    <message>
        <source>the run&apos;s validation images</source>
        <translation>该运行的验证图片</translation>
    </message>
    <message>
        <source>Tracing the network…</source>
        <translation>正在追踪网络…</translation>
    </message>
    <message>
        <source>Writing and checking the ONNX file…</source>
        <translation>正在写入并检查 ONNX 文件…</translation>
    </message>
    <message>
        <source>Comparing with the app: image %1 of %2</source>
        <translation>正在与本程序比较：第 %1 / %2 张图片</translation>
    </message>
    <message>
        <source>Wrote %1. This Python loads it:

%2</source>
        <translation>已写入 %1。以下 Python 代码可加载它：

%2</translation>
    </message>
    <message>
        <source>Wrote %1: ONNX opset %2, input “%3”, %4 MB.</source>
        <translation>已写入 %1：ONNX opset %2，输入“%3”，%4 MB。</translation>
    </message>
    <message>
        <source>ONNX&apos;s checker passed. No images were compared: choose some to check that it predicts as the app does.</source>
        <translation>ONNX 检查器已通过。未比较任何图片：请选择图片，以确认其预测与本程序一致。</translation>
    </message>
    <message>
        <source>%1 on %2 (%3 images): the same top-1 class on %4, largest difference of a probability %5 (mean %6, allowed %7): %8.</source>
        <translation>%1 在%2上（%3 张图片）：%4 张的 top-1 类别相同，概率最大差异 %5（平均 %6，允许 %7）：%8。</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAILED — the file is kept; see the images below</source>
        <translation>未通过 — 文件已保留；请查看下列图片</translation>
    </message>
    <message>
        <source>%1: the app says %2, the export %3 (difference %4)</source>
        <translation>%1：本程序判为 %2，导出模型判为 %3（差异 %4）</translation>
    </message>
    <message>
        <source>not read: %1</source>
        <translation>未能读取：%1</translation>
    </message>
    <message>
        <source>The report: %1
How to run it: %2</source>
        <translation>报告：%1
运行方法：%2</translation>
    </message>
    <message>
        <source>The model was not exported: %1</source>
        <translation>模型未导出：%1</translation>
    </message>
    <message>
        <source>The largest difference of any class&apos;s probability between the app and the exported file that the check accepts</source>
        <translation>核对时所允许的、本程序与导出文件之间任一类别概率的最大差异</translation>
    </message>
    <message>
        <source>Allowed &amp;difference:</source>
        <translation>允许的差异(&amp;D)：</translation>
    </message>
</context>
<context>
    <name>tl::ui::FileActions</name>
    <message>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>Open Recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>%1 is no longer there; it was taken off the list.</source>
        <translation>%1 已不存在，已从列表中移除。</translation>
    </message>
    <message>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>folder of images</source>
        <translation>图片文件夹</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>&amp;%1 %2 — %3</source>
        <translation>&amp;%1 %2 — %3</translation>
    </message>
    <message>
        <source>Open &amp;Dataset…</source>
        <translation>打开数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>Choose a folder with one subfolder of images per class, to train on</source>
        <translation>选择用于训练的文件夹：每个类别一个图片子文件夹</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Open a fine-tuned model file (.safetensors) in Classify, or in Compare when it is shown</source>
        <translation>在“分类”中打开微调后的模型文件（.safetensors）；当前显示“比较”时则在“比较”中打开</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Clear the List</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
</context>
<context>
    <name>tl::ui::ForeignImport</name>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Copying %1 into the weights folder…</source>
        <translation>正在将 %1 复制到权重文件夹…</translation>
    </message>
    <message>
        <source>Writing the model file %1…</source>
        <translation>正在写入模型文件 %1…</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <source>Use as the weights of %1</source>
        <translation>用作 %1 的权重</translation>
    </message>
    <message>
        <source>Copied into the weights folder under the catalog&apos;s file name; the model is then ready in every area</source>
        <translation>以模型目录中的文件名复制到权重文件夹；之后各个区域都可以使用该模型</translation>
    </message>
    <message>
        <source>Save as a model file…</source>
        <translation>另存为模型文件…</translation>
    </message>
    <message>
        <source>Use it as a catalog model&apos;s weights, or save it as a model file (%1 classes) that Classify and Compare open.</source>
        <translation>可以用作目录中某个模型的权重，也可以另存为模型文件（%1 个类别），供“分类”和“比较”打开。</translation>
    </message>
    <message>
        <source>It has no classifier (Keras&apos; include_top=False): use it as the weights to train a new top from, in the Train area.</source>
        <translation>它没有分类器（Keras 的 include_top=False）：请用作权重，在“训练”中训练新的顶层。</translation>
    </message>
    <message>
        <source>No catalog model is of this architecture, and without a classifier it cannot be a model file.</source>
        <translation>目录中没有这种架构的模型；没有分类器，也不能成为模型文件。</translation>
    </message>
    <message>
        <source>Save the model file</source>
        <translation>保存模型文件</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>导入权重</translation>
    </message>
    <message>
        <source>The file was not imported: %1</source>
        <translation>文件未导入：%1</translation>
    </message>
    <message>
        <source>It has no classifier (Keras&apos; include_top=False), and the catalog has no %1 without one to take it: train from it on the command line, with transfer-studio-cli train --model %2 --weights FILE.</source>
        <translation>它没有分类器（Keras 的 include_top=False），目录中也没有不带分类器的 %1 可以使用它：请在命令行中用它训练：transfer-studio-cli train --model %2 --weights 文件。</translation>
    </message>
</context>
<context>
    <name>tl::ui::ImageComparisonTable</name>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>%1 could not classify: %2</source>
        <translation>%1 无法分类：%2</translation>
    </message>
</context>
<context>
    <name>tl::ui::LayerTreeModel</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation>可训练</translation>
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
    <message>
        <source>&amp;Export a Model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <source>Export a model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>%1 cannot be exported: %2</source>
        <translation>%1 无法导出：%2</translation>
    </message>
</context>
<context>
    <name>tl::ui::ModelChecklist</name>
    <message>
        <source>Check the models to compare: catalog models whose weights are on this machine, and fine-tuned model files</source>
        <translation>勾选要比较的模型：权重已在本机上的目录模型，以及微调后的模型文件</translation>
    </message>
    <message>
        <source>Add &amp;model file…</source>
        <translation>添加模型文件(&amp;M)…</translation>
    </message>
    <message>
        <source>Add a fine-tuned model file (.safetensors) to the list</source>
        <translation>将微调后的模型文件（.safetensors）添加到列表</translation>
    </message>
    <message>
        <source>R&amp;emove</source>
        <translation>移除(&amp;E)</translation>
    </message>
    <message>
        <source>Remove the selected model file from the list</source>
        <translation>从列表中移除所选的模型文件</translation>
    </message>
    <message>
        <source>Models to compare:</source>
        <translation>要比较的模型：</translation>
    </message>
    <message numerus="yes">
        <source>%1 fine-tuned for %n class(es)</source>
        <translation>
            <numerusform>%1，针对 %n 个类别微调</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 M parameters, %3 GFLOPs, published top-1 %4%
Weights: %5</source>
        <translation>%1：%2 M 参数，%3 GFLOPs，公布的 top-1 准确率 %4%
权重：%5</translation>
    </message>
    <message>
        <source>The weights of %1 are not on this machine: download them in the Classify area.</source>
        <translation>%1 的权重不在本机上：请在“分类”区域下载。</translation>
    </message>
    <message>
        <source>Add model files</source>
        <translation>添加模型文件</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>%1 · weights not on this machine</source>
        <translation>%1 · 本机没有权重</translation>
    </message>
    <message>
        <source>Trained in the Train area: %1</source>
        <translation>在“训练”区训练：%1</translation>
    </message>
</context>
<context>
    <name>tl::ui::ModelPanel</name>
    <message>
        <source>Filter layers (e.g. layer4, conv, bn)</source>
        <translation>筛选层（例如 layer4、conv、bn）</translation>
    </message>
    <message>
        <source>Train the head only</source>
        <translation>只训练分类头</translation>
    </message>
    <message>
        <source>Fine-tune the last block</source>
        <translation>微调最后一个卷积块</translation>
    </message>
    <message>
        <source>Freeze the first N layers</source>
        <translation>冻结前 N 层</translation>
    </message>
    <message>
        <source>Train all layers</source>
        <translation>训练所有层</translation>
    </message>
    <message>
        <source>Custom (as checked below)</source>
        <translation>自定义（按下方勾选）</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>N = </translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>全连接层（Linear）</translation>
    </message>
    <message>
        <source>Dense → ReLU → Dropout → Dense</source>
        <translation>Dense → ReLU → Dropout → Dense</translation>
    </message>
    <message>
        <source>Layers that train:</source>
        <translation>参与训练的层：</translation>
    </message>
    <message>
        <source>Head:</source>
        <translation>分类头：</translation>
    </message>
    <message>
        <source>Hidden units:</source>
        <translation>隐藏单元：</translation>
    </message>
    <message>
        <source>Dropout:</source>
        <translation>Dropout：</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>类别：</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es): %1</source>
        <translation>
            <numerusform>%n 个类别：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Total params: %1 · Trainable: %2 · Non-trainable: %3</source>
        <translation>参数总数：%1 · 可训练：%2 · 不可训练：%3</translation>
    </message>
    <message>
        <source>N classes (from the dataset): until one is chosen, the head in the tree has the catalog&apos;s outputs</source>
        <translation>N 个类别（来自数据集）：在选择数据集之前，树中的输出头使用目录模型的输出</translation>
    </message>
</context>
<context>
    <name>tl::ui::ResultsModel</name>
    <message>
        <source>waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>%1 — %2%</source>
        <translation>%1 — %2%</translation>
    </message>
</context>
<context>
    <name>tl::ui::RunDetails</name>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>图像尺寸：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <source>Frozen layers:</source>
        <translation>冻结的层：</translation>
    </message>
    <message>
        <source>Augmentation:</source>
        <translation>数据增强：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Best validation accuracy:</source>
        <translation>最佳验证准确率：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>开始时间：</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>时长：</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Click a run to see how it was set up and how it went.</source>
        <translation>单击一次运行，查看其设置和结果。</translation>
    </message>
    <message>
        <source>%1 — its events cannot be read: %2</source>
        <translation>%1 — 无法读取其训练记录：%2</translation>
    </message>
    <message>
        <source>%1 px</source>
        <translation>%1 像素</translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>on</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>off</source>
        <translation>未启用</translation>
    </message>
    <message>
        <source>all but the head</source>
        <translation>除分类头外的所有层</translation>
    </message>
    <message>
        <source>all but the last block and the head</source>
        <translation>除最后一个卷积块和分类头外的所有层</translation>
    </message>
    <message numerus="yes">
        <source>the first %n layer(s)</source>
        <translation>
            <numerusform>前 %n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <source>%n chosen layer(s)</source>
        <translation>
            <numerusform>所选的 %n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>, then </source>
        <translation>，然后 </translation>
    </message>
    <message>
        <source>its configuration cannot be read: %1</source>
        <translation>无法读取其配置：%1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message numerus="yes">
        <source>%n: %1</source>
        <translation>
            <numerusform>%n 个：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at epoch %2</source>
        <translation>%1（第 %2 轮）</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message numerus="yes">
        <source>%1 after %n epoch(s)</source>
        <translation>
            <numerusform>%1，共 %n 轮</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>not ended (%n epoch(s) done)</source>
        <translation>
            <numerusform>未结束（已完成 %n 轮）</numerusform>
        </translation>
    </message>
    <message>
        <source>— can be resumed</source>
        <translation>— 可以继续</translation>
    </message>
</context>
<context>
    <name>tl::ui::RunsList</name>
    <message>
        <source>Double-click a run to show its curves and evaluate its model</source>
        <translation>双击一次运行以显示其曲线并评估其模型</translation>
    </message>
    <message>
        <source>Cannot open the run: %1</source>
        <translation>无法打开该运行：%1</translation>
    </message>
    <message>
        <source>Open &amp;Folder</source>
        <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>Cannot open the folder %1</source>
        <translation>无法打开文件夹 %1</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Open in &amp;Classify</source>
        <translation>在“分类”中打开(&amp;C)</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>比较(&amp;M)</translation>
    </message>
    <message>
        <source>Compare c&amp;urves</source>
        <translation>比较曲线(&amp;U)</translation>
    </message>
    <message>
        <source>Restore &amp;Settings</source>
        <translation>恢复设置(&amp;S)</translation>
    </message>
    <message>
        <source>The settings were not restored: %1</source>
        <translation>设置未恢复：%1</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>%1 is training: stop it before deleting it.</source>
        <translation>%1 正在训练：请先停止训练，再删除。</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message numerus="yes">
        <source>Move %n run folder(s) to the trash?</source>
        <translation>
            <numerusform>将 %n 个运行目录移到回收站？</numerusform>
        </translation>
    </message>
    <message>
        <source>Not deleted: %1 — %2</source>
        <translation>未删除：%1 — %2</translation>
    </message>
</context>
<context>
    <name>tl::ui::RunsOverlay</name>
    <message>
        <source>Compare the runs&apos; curves</source>
        <translation>比较各次运行的曲线</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>validation accuracy (%), solid</source>
        <translation>验证准确率（%），实线</translation>
    </message>
    <message>
        <source>validation loss, dashed</source>
        <translation>验证损失，虚线</translation>
    </message>
    <message>
        <source>Each colour is one run: its validation accuracy per epoch as a solid line, its validation loss as a dashed line.</source>
        <translation>每种颜色代表一次运行：实线为其每轮的验证准确率，虚线为其验证损失。</translation>
    </message>
    <message>
        <source>No validation epochs in: %1.</source>
        <translation>以下运行没有验证轮次：%1。</translation>
    </message>
</context>
<context>
    <name>tl::ui::StaleMark</name>
    <message>
        <source>The checked models changed: run the comparison again (Ctrl+R).</source>
        <translation>勾选的模型已更改：请重新运行比较（Ctrl+R）。</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainArea</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>A folder with one sub-folder per class (or train/ and validation/ with class folders)</source>
        <translation>每个类别一个子文件夹的文件夹（或包含类别文件夹的 train/ 与 validation/）</translation>
    </message>
    <message>
        <source>Choose &amp;dataset…</source>
        <translation>选择数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>Choose or drop a dataset folder.</source>
        <translation>选择或拖入一个数据集文件夹。</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Skipped files and warnings appear here.</source>
        <translation>跳过的文件和警告会显示在这里。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Choose a dataset folder</source>
        <translation>选择数据集文件夹</translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>正在扫描 %1…</translation>
    </message>
    <message>
        <source>The dataset cannot be used: %1</source>
        <translation>无法使用该数据集：%1</translation>
    </message>
    <message>
        <source>%1 classes: %2 training, %3 validation and %4 test images; %5 file(s) skipped.</source>
        <translation>%1 个类别：%2 张训练、%3 张验证、%4 张测试图像；跳过 %5 个文件。</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>The same image in two splits: %1 and %2</source>
        <translation>同一图像出现在两个划分中：%1 和 %2</translation>
    </message>
    <message>
        <source>Skipped %1: %2</source>
        <translation>已跳过 %1：%2</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>This model cannot be trained here yet: %1</source>
        <translation>暂时无法在此训练该模型：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 with a new head for %n class(es); weights: %2</source>
        <translation>
            <numerusform>%1，新的分类头对应 %n 个类别；权重：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Cancel scan</source>
        <translation>取消扫描</translation>
    </message>
    <message>
        <source>Stop scanning (Esc); the dataset in use before stays</source>
        <translation>停止扫描（Esc）；继续使用之前的数据集</translation>
    </message>
    <message>
        <source>A run is training: stop it before choosing another dataset.</source>
        <translation>正在训练：请先停止训练，再选择其他数据集。</translation>
    </message>
    <message numerus="yes">
        <source>Scan cancelled; still using %1 (%n class(es)).</source>
        <translation>
            <numerusform>扫描已取消；继续使用 %1（%n 个类别）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan cancelled. Choose or drop a dataset folder.</source>
        <translation>扫描已取消。请选择或拖入数据集文件夹。</translation>
    </message>
    <message>
        <source>The weights of %1 are imported; a new run uses them.</source>
        <translation>%1 的权重已导入；新的训练会使用它们。</translation>
    </message>
    <message numerus="yes">
        <source>%1 with a new head for %n class(es), trained from scratch (no pretrained weights)</source>
        <translation>
            <numerusform>%1，新的分类头对应 %n 个类别，从头训练（不使用预训练权重）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 with a new head for %n class(es); unverified weights: %2</source>
        <translation>
            <numerusform>%1，新的分类头对应 %n 个类别；未验证的权重：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Downloading the weights… %1%</source>
        <translation>正在下载权重… %1%</translation>
    </message>
    <message>
        <source>Downloading the weights…</source>
        <translation>正在下载权重…</translation>
    </message>
    <message numerus="yes">
        <source>%1 holds a classifier of %n class(es), not the catalog model&apos;s: open it in the Classify area as a model file.</source>
        <translation><numerusform>%1 含有 %n 个类别的分类器，而不是目录模型的：请在“分类”区将其作为模型文件打开。</numerusform></translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>导入权重</translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)</source>
        <translation>权重 (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>no model was built</source>
        <translation>未构建模型</translation>
    </message>
    <message>
        <source>%1&apos;s layers, from its architecture: its pretrained weights are not on this machine. The head gets one output per class once a dataset is chosen.</source>
        <translation>%1 的各层，来自其架构：本机没有其预训练权重。选择数据集后，输出头将为每个类别提供一个输出。</translation>
    </message>
    <message>
        <source>%1&apos;s layers, from its architecture (no weights loaded yet). The head gets one output per class once a dataset is chosen.</source>
        <translation>%1 的各层，来自其架构（尚未加载权重）。选择数据集后，输出头将为每个类别提供一个输出。</translation>
    </message>
    <message numerus="yes">
        <source>%1 with a new head for %n class(es); its pretrained weights are not on this machine: download or import them here, or train from scratch.</source>
        <translation><numerusform>%1 带有 %n 个类别的新输出头；本机没有其预训练权重：请在此下载或导入，或从头训练。</numerusform></translation>
    </message>
    <message>
        <source>Scanning the dataset…</source>
        <translation>正在扫描数据集…</translation>
    </message>
    <message>
        <source>Choose a dataset first: a folder with one sub-folder of images per class.</source>
        <translation>请先选择数据集：一个文件夹，每个类别一个图像子文件夹。</translation>
    </message>
    <message>
        <source>Choose Dataset…</source>
        <translation>选择数据集…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 is not the published file of these weights (its checksum differs): it may be a fine-tune or another release.</source>
        <translation>%1 不是这些权重的官方发布文件（校验和不同）：可能是微调后的版本或其他发布版本。</translation>
    </message>
    <message>
        <source>Use as &amp;Unverified Weights</source>
        <translation>作为未验证权重使用(&amp;U)</translation>
    </message>
    <message>
        <source>Importing %1 as unverified weights…</source>
        <translation>正在将 %1 作为未验证的权重导入…</translation>
    </message>
    <message>
        <source>The pretrained weights of %1 are not on this machine.</source>
        <translation>本机没有 %1 的预训练权重。</translation>
    </message>
    <message>
        <source>The last try failed: %1</source>
        <translation>上次尝试失败：%1</translation>
    </message>
    <message>
        <source>Do&amp;wnload…</source>
        <translation>下载(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Train from &amp;Scratch</source>
        <translation>从头训练(&amp;S)</translation>
    </message>
    <message>
        <source>%1 cannot be built with these weights: %2</source>
        <translation>无法用这些权重构建 %1：%2</translation>
    </message>
    <message>
        <source>Use the Pretrained &amp;Weights</source>
        <translation>使用预训练权重(&amp;W)</translation>
    </message>
    <message>
        <source>Building %1…</source>
        <translation>正在构建 %1…</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainCharts</name>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>batch, smoothed</source>
        <translation>批次（平滑）</translation>
    </message>
    <message>
        <source>train (epoch)</source>
        <translation>训练（每轮）</translation>
    </message>
    <message>
        <source>validation (epoch)</source>
        <translation>验证（每轮）</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>best epoch</source>
        <translation>最佳轮次</translation>
    </message>
    <message>
        <source>epoch %1/%2 · batch %3/%4</source>
        <translation>第 %1/%2 轮 · 批次 %3/%4</translation>
    </message>
    <message>
        <source> phase %1</source>
        <translation> 阶段 %1</translation>
    </message>
    <message>
        <source>epoch %1 (phase %2): loss %3, accuracy %4</source>
        <translation>第 %1 轮（阶段 %2）：损失 %3，准确率 %4</translation>
    </message>
    <message>
        <source> | validation loss %1, accuracy %2, top-5 %3</source>
        <translation> | 验证损失 %1，准确率 %2，top-5 %3</translation>
    </message>
    <message>
        <source>  (best)</source>
        <translation>  （最佳）</translation>
    </message>
    <message>
        <source> · %1 s</source>
        <translation> · %1 秒</translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>对数刻度(&amp;L)</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis: small late improvements stay visible</source>
        <translation>以对数坐标轴显示损失：后期的微小改进也清晰可见</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainForm</name>
    <message>
        <source>none</source>
        <translation>不进行</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <source>bf16 (GPU)</source>
        <translation>bf16（GPU）</translation>
    </message>
    <message>
        <source>fp16 (GPU)</source>
        <translation>fp16（GPU）</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Then fine-tune the last block for:</source>
        <translation>然后微调最后一个卷积块的轮数：</translation>
    </message>
    <message>
        <source>Fine-tuning learning rate (SGD):</source>
        <translation>微调学习率（SGD）：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>图像尺寸：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Start a run</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Name of the run (Classify and Compare list its model by this name):</source>
        <translation>训练名称（“分类”和“比较”将以此名称列出其模型）：</translation>
    </message>
    <message>
        <source>Start is off: %1</source>
        <translation>无法开始：%1</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainPanel</name>
    <message>
        <source>Earlier runs:</source>
        <translation>以前的运行：</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainRunner</name>
    <message>
        <source>A run is still going.</source>
        <translation>仍有训练在进行。</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainSession</name>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Run folder: %1 — %2 training and %3 validation images on %4</source>
        <translation>运行目录：%1 — %2 张训练图像、%3 张验证图像，设备 %4</translation>
    </message>
    <message>
        <source>Phase %1 · loss %2 · %3 images/s · %4 left</source>
        <translation>阶段 %1 · 损失 %2 · %3 张/秒 · 剩余 %4</translation>
    </message>
    <message>
        <source>Bottleneck mode: the features are computed once and cached; only the head trains.</source>
        <translation>瓶颈特征模式：特征只计算一次并缓存，只训练分类头。</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暂停。</translation>
    </message>
    <message>
        <source>%1 after %2 epoch(s); best validation accuracy %3 at epoch %4. Model: %5</source>
        <translation>%1：共 %2 轮；最佳验证准确率 %3（第 %4 轮）。模型：%5</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Stopped early</source>
        <translation>已提前停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>%1 — %2, %3 epoch(s), best %4</source>
        <translation>%1 — %2，%3 轮，最佳 %4</translation>
    </message>
    <message>
        <source>%1 — cannot be read</source>
        <translation>%1 — 无法读取</translation>
    </message>
    <message>
        <source>a run is going</source>
        <translation>有训练正在进行</translation>
    </message>
    <message>
        <source>%1 holds no training events</source>
        <translation>%1 中没有训练记录</translation>
    </message>
    <message>
        <source>Run %1: %2 epoch(s), best validation accuracy %3 at epoch %4.</source>
        <translation>运行 %1：%2 轮，最佳验证准确率 %3（第 %4 轮）。</translation>
    </message>
    <message numerus="yes">
        <source>%n damaged line(s) of its events were skipped.</source>
        <translation>
            <numerusform>已跳过其事件中 %n 行损坏的记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>无法开始：%1</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>当前批次结束后停止…</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>已提前停止</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>%1 holds no training phase</source>
        <translation>%1 中没有训练阶段</translation>
    </message>
    <message>
        <source>The settings of %1 are back in the form.</source>
        <translation>%1 的设置已恢复到表单中。</translation>
    </message>
    <message>
        <source>Cannot resume: %1</source>
        <translation>无法继续：%1</translation>
    </message>
    <message>
        <source>Resuming %1…</source>
        <translation>正在继续 %1…</translation>
    </message>
    <message>
        <source>it is the run going; stop it first</source>
        <translation>它是正在进行的训练；请先停止训练</translation>
    </message>
    <message>
        <source>%1 is not a folder any more</source>
        <translation>%1 已不再是文件夹</translation>
    </message>
    <message>
        <source>it cannot be moved to the trash here, so nothing was deleted</source>
        <translation>此处无法将其移到回收站，因此未删除任何内容</translation>
    </message>
    <message>
        <source>there is no trash here; the folder was moved to %1 instead</source>
        <translation>此处没有回收站；已改为将文件夹移到 %1</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>正在开始 %1…</translation>
    </message>
</context>
<context>
    <name>tl::ui::WeightsChoice</name>
    <message>
        <source>Pretrained (weights folder)</source>
        <translation>预训练（权重文件夹）</translation>
    </message>
    <message>
        <source>From a file</source>
        <translation>来自文件</translation>
    </message>
    <message>
        <source>None (train from scratch)</source>
        <translation>无（从头训练）</translation>
    </message>
    <message>
        <source>The weights training starts from: the model&apos;s pretrained weights (downloaded or imported), a state dict file (.pth, .safetensors) of the same architecture, or none</source>
        <translation>训练起始的权重：模型的预训练权重（下载或导入的）、同一网络结构的 state dict 文件（.pth、.safetensors），或不使用</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose a state dict file (.pth, .pt, .safetensors) to start from</source>
        <translation>选择作为起点的 state dict 文件（.pth、.pt、.safetensors）</translation>
    </message>
    <message>
        <source>Weights to start from</source>
        <translation>起始权重</translation>
    </message>
    <message>
        <source>State dicts (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)</source>
        <translation>State dict (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>tl::ui::WeightsFetcher</name>
    <message>
        <source>%1 — unverified weights</source>
        <translation>%1 — 未验证的权重</translation>
    </message>
</context>
<context>
    <name>tl::ui::WeightsPrompts</name>
    <message>
        <source>Import weights</source>
        <translation>导入权重</translation>
    </message>
    <message>
        <source>%1 is not the published file of %2: its checksum differs.</source>
        <translation>%1 不是 %2 公布的文件：其校验和不同。</translation>
    </message>
    <message>
        <source>It may be a fine-tune or another release. You can use it as unverified weights: it is checked against the architecture, kept apart from verified weights, and marked as unverified wherever the model is shown.</source>
        <translation>它可能是微调后的权重或其他版本。可以将其作为未验证的权重使用：会先用网络结构检查，与已验证的权重分开保存，并在显示该模型的每个地方标明未验证。</translation>
    </message>
    <message>
        <source>Expected a SHA-256 starting with: %1
The file&apos;s SHA-256: %2</source>
        <translation>期望的 SHA-256 开头：%1
该文件的 SHA-256：%2</translation>
    </message>
    <message>
        <source>Use as Unverified Weights</source>
        <translation>作为未验证的权重使用</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 holds a classifier of %n class(es), not ImageNet&apos;s: it becomes a model file. Name its classes, one a line, in output order:</source>
        <translation>
            <numerusform>%1 的分类器有 %n 个类别，不是 ImageNet 的：它将成为一个模型文件。请按输出顺序填写类别名称，每行一个：</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 names were given, but the classifier has %2 outputs: give exactly %2 names.</source>
        <translation>给出了 %1 个名称，但分类器有 %2 个输出：请正好给出 %2 个名称。</translation>
    </message>
    <message>
        <source>Save the model file</source>
        <translation>保存模型文件</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
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
    <message>
        <source>First steps</source>
        <translation>快速入门</translation>
    </message>
    <message>
        <source>1. Pretrained weights</source>
        <translation>1. 预训练权重</translation>
    </message>
    <message>
        <source>The weights of %1 of the %2 catalog models are on this machine.</source>
        <translation>模型目录中的 %2 个模型里，本机已有 %1 个模型的权重。</translation>
    </message>
    <message>
        <source>No pretrained weights on this machine yet: download them (about 15–550 MB a model), or import a file you have (.pth, .h5, a TF-slim checkpoint).</source>
        <translation>本机还没有预训练权重：请下载（每个模型约 15–550 MB），或导入已有的文件（.pth、.h5、TF-slim 检查点）。</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>下载…</translation>
    </message>
    <message>
        <source>Choose a model in the Classify area and download its weights</source>
        <translation>在“分类”区域中选择模型并下载其权重</translation>
    </message>
    <message>
        <source>Import a File…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Use a weights file you already have for the model chosen in the Classify area</source>
        <translation>为“分类”区域中所选的模型使用已有的权重文件</translation>
    </message>
    <message>
        <source>2. Classify images</source>
        <translation>2. 图像分类</translation>
    </message>
    <message>
        <source>Drop photos on the Classify area, or open them: the top-5 classes show beside the crop the network saw.</source>
        <translation>将照片拖放到“分类”区域，或打开照片：top-5 类别会显示在网络所见的裁剪图旁边。</translation>
    </message>
    <message>
        <source>Open Images…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <source>3. Your dataset</source>
        <translation>3. 你的数据集</translation>
    </message>
    <message>
        <source>A folder with one subfolder of images per class (or train/ and validation/ with class folders).</source>
        <translation>每个类别一个图像子文件夹的文件夹（或包含类别文件夹的 train/ 与 validation/）。</translation>
    </message>
    <message>
        <source>Last used: %1</source>
        <translation>上次使用：%1</translation>
    </message>
    <message>
        <source>Open Dataset…</source>
        <translation>打开数据集…</translation>
    </message>
    <message>
        <source>4. Train</source>
        <translation>4. 训练</translation>
    </message>
    <message>
        <source>Choose which layers to freeze, start, and watch the loss and accuracy as it trains.</source>
        <translation>选择要冻结的层，开始训练，并在训练过程中观察损失和准确率。</translation>
    </message>
    <message>
        <source>Go to Train</source>
        <translation>前往“训练”</translation>
    </message>
</context>
</TS>
