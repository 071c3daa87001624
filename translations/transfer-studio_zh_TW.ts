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
    <name>tl::ui::AccuracyLatencyPlot</name>
    <message>
        <source>latency (ms / image)</source>
        <translation>延遲（毫秒/影像）</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>準確率（%）</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>柏拉圖前緣</translation>
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
延遲 %2 毫秒/影像
準確率 %3</translation>
    </message>
</context>
<context>
    <name>tl::ui::AugmentPanel</name>
    <message>
        <source>&amp;Augment the training images (turns bottleneck mode off)</source>
        <translation>增強訓練影像（會關閉瓶頸特徵模式）(&amp;A)</translation>
    </message>
    <message>
        <source>Horizontal flip</source>
        <translation>水平翻轉</translation>
    </message>
    <message>
        <source>Vertical flip</source>
        <translation>垂直翻轉</translation>
    </message>
    <message>
        <source>Rotation (±):</source>
        <translation>旋轉（±）：</translation>
    </message>
    <message>
        <source>Shear (±):</source>
        <translation>剪切（±）：</translation>
    </message>
    <message>
        <source>Fill mode:</source>
        <translation>填補方式：</translation>
    </message>
    <message>
        <source>Brightness (±):</source>
        <translation>亮度（±）：</translation>
    </message>
    <message>
        <source>Contrast (±):</source>
        <translation>對比度（±）：</translation>
    </message>
    <message>
        <source>Saturation (±):</source>
        <translation>飽和度（±）：</translation>
    </message>
    <message>
        <source>Hue (±):</source>
        <translation>色相（±）：</translation>
    </message>
    <message>
        <source>Augmentation is off: every epoch sees the same crop.</source>
        <translation>未啟用增強：每一輪看到的都是同樣的裁切。</translation>
    </message>
    <message>
        <source>Keras zoom_range: the x and y scale factors are drawn from [low, high]; above 1 zooms out</source>
        <translation>Keras zoom_range：x 與 y 方向的縮放係數分別從 [下限, 上限] 中抽取；大於 1 為縮小</translation>
    </message>
    <message>
        <source>The pixel value (0–255) outside the image when the fill mode is constant</source>
        <translation>填補模式為 constant 時影像外部的像素值（0–255）</translation>
    </message>
    <message>
        <source>Random resized crop instead of the centre crop</source>
        <translation>隨機縮放裁切（取代中心裁切）</translation>
    </message>
    <message>
        <source>The fraction of the image&apos;s area the crop covers, drawn from [low, high]</source>
        <translation>裁切區域佔影像面積的比例，從 [下限, 上限] 中抽取</translation>
    </message>
    <message>
        <source>The crop&apos;s width / height, drawn log-uniformly from [low, high]</source>
        <translation>裁切區域的寬高比，在 [下限, 上限] 中依對數均勻抽取</translation>
    </message>
    <message>
        <source>Zoom range:</source>
        <translation>縮放範圍：</translation>
    </message>
    <message>
        <source>Fill value:</source>
        <translation>填補值：</translation>
    </message>
    <message>
        <source>Crop area (fraction):</source>
        <translation>裁切面積（比例）：</translation>
    </message>
    <message>
        <source>Crop aspect ratio:</source>
        <translation>裁切寬高比：</translation>
    </message>
    <message>
        <source>Shift (fraction):</source>
        <translation>平移（比例）：</translation>
    </message>
    <message>
        <source>&amp;Reshuffle</source>
        <translation>重新抽樣(&amp;R)</translation>
    </message>
    <message>
        <source>New random draws of the variants</source>
        <translation>重新隨機產生各個變體</translation>
    </message>
    <message>
        <source>Preview I&amp;mage…</source>
        <translation>預覽影像(&amp;M)…</translation>
    </message>
    <message>
        <source>Show the variants of any image file (or drop one here)</source>
        <translation>顯示任意影像檔的變體（或拖放到此處）</translation>
    </message>
    <message>
        <source>Width shift: a fraction of the width</source>
        <translation>水平平移：寬度的比例</translation>
    </message>
    <message>
        <source>Height shift: a fraction of the height</source>
        <translation>垂直平移：高度的比例</translation>
    </message>
    <message>
        <source>Preview: choose a dataset, or an image with Preview Image… (or drop one here)</source>
        <translation>預覽：選擇資料集，或用「預覽影像…」選擇一張影像（或拖放到此處）</translation>
    </message>
    <message>
        <source>Preview: %1, as the network sees it in training (each variant a random draw)</source>
        <translation>預覽：%1，即訓練時網路看到的樣子（每個變體為一次隨機抽樣）</translation>
    </message>
    <message>
        <source>Preview image</source>
        <translation>預覽影像</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)</source>
        <translation>影像 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>tl::ui::CatalogChart</name>
    <message>
        <source>GFLOPs per image (log scale)</source>
        <translation>每張影像的 GFLOPs（對數刻度）</translation>
    </message>
    <message>
        <source>published ImageNet top-1 (%)</source>
        <translation>公布的 ImageNet top-1 準確率（%）</translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation>%1 · %2 毫秒</translation>
    </message>
    <message>
        <source>%1
%2 M parameters, %3 GFLOPs, published top-1 %4</source>
        <translation>%1
%2 M 參數，%3 GFLOPs，公布的 top-1 準確率 %4</translation>
    </message>
</context>
<context>
    <name>tl::ui::ClassifyArea</name>
    <message>
        <source>Classify</source>
        <translation>分類</translation>
    </message>
    <message>
        <source>Ready: %1</source>
        <translation>就緒：%1</translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation>無法載入模型：%1</translation>
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
            <numerusform> · 剩餘 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Getting the weights failed: %1</source>
        <translation>取得權重失敗：%1</translation>
    </message>
    <message>
        <source>Download cancelled; it will resume where it stopped.</source>
        <translation>下載已取消；下次將從中斷處繼續。</translation>
    </message>
    <message>
        <source>Downloading the weights of %1…</source>
        <translation>正在下載 %1 的權重…</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>匯入權重</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在匯入 %1…</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Download weights</source>
        <translation>下載權重(&amp;D)</translation>
    </message>
    <message>
        <source>Download the pretrained weights from the address in the model catalog (resumable; checked with SHA-256)</source>
        <translation>從模型目錄中的位址下載預訓練權重（可續傳；以 SHA-256 校驗）</translation>
    </message>
    <message>
        <source>&amp;Import weights…</source>
        <translation>匯入權重(&amp;I)…</translation>
    </message>
    <message>
        <source>Use a weights file you already have, e.g. copied from another machine</source>
        <translation>使用已有的權重檔，例如從另一台電腦複製來的</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>開啟…</translation>
    </message>
    <message>
        <source>Open images (%1)</source>
        <translation>開啟圖片（%1）</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>開啟資料夾…</translation>
    </message>
    <message>
        <source>Open a folder of images, searched recursively (%1)</source>
        <translation>開啟圖片資料夾，包含子資料夾（%1）</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>匯出 CSV…</translation>
    </message>
    <message>
        <source>Save every result as CSV (%1)</source>
        <translation>將所有結果儲存為 CSV（%1）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Paste images</source>
        <translation>貼上圖片</translation>
    </message>
    <message>
        <source>Original (dashed: the part the network sees)</source>
        <translation>原圖（虛線框：網路看到的部分）</translation>
    </message>
    <message>
        <source>Network input, before normalisation</source>
        <translation>網路輸入（正規化之前）</translation>
    </message>
    <message>
        <source>Drop images or folders here,
or open them (%1), or paste them (%2).</source>
        <translation>將圖片或資料夾拖放到這裡，
或者開啟（%1）、貼上（%2）。</translation>
    </message>
    <message>
        <source>The weights of %1 are not on this machine: download them, or import a file you have.</source>
        <translation>本機沒有 %1 的權重：請下載，或匯入已有的檔案。</translation>
    </message>
    <message>
        <source>Loading %1 from %2…</source>
        <translation>正在從 %2 載入 %1…</translation>
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
        <translation>開啟圖片</translation>
    </message>
    <message>
        <source>Open a folder of images</source>
        <translation>開啟圖片資料夾</translation>
    </message>
    <message>
        <source>The clipboard holds no image and no image files.</source>
        <translation>剪貼簿中沒有圖片，也沒有圖片檔。</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>匯出結果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔案 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>無法寫入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n result(s) to %1</source>
        <translation>
            <numerusform>已將 %n 筆結果儲存到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (fine-tuned)</source>
        <translation>%1（微調）</translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)</source>
        <translation>權重 (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>%1 is now the weights of %2 (%3): train a new top from it in the Train area.</source>
        <translation>%1 現在是 %2（%3）的權重：請在「訓練」中以它訓練新的頂層。</translation>
    </message>
    <message>
        <source>&amp;Import Keras or TF-slim weights…</source>
        <translation>匯入 Keras 或 TF-slim 權重(&amp;I)…</translation>
    </message>
    <message>
        <source>A Keras .h5 file (Keras Applications&apos; downloads, model.save) or a TF-slim checkpoint (its .index file)</source>
        <translation>Keras .h5 檔案（Keras Applications 下載的檔案、model.save 儲存的檔案）或 TF-slim 檢查點（其 .index 檔案）</translation>
    </message>
    <message>
        <source>Import Keras or TF-slim weights</source>
        <translation>匯入 Keras 或 TF-slim 權重</translation>
    </message>
    <message>
        <source>Keras weights (*.h5 *.hdf5);;TF-slim checkpoints (*.index);;All files (*)</source>
        <translation>Keras 權重 (*.h5 *.hdf5);;TF-slim 檢查點 (*.index);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>&amp;Open Images…</source>
        <translation>開啟圖片(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>開啟資料夾(&amp;F)…</translation>
    </message>
    <message>
        <source>No images found in %1 (JPEG, PNG, BMP, WebP, TIFF and GIF files are read).</source>
        <translation>在 %1 中找不到圖片（可讀取 JPEG、PNG、BMP、WebP、TIFF 和 GIF 檔案）。</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;All files (*)</source>
        <translation>圖片 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Available only</source>
        <translation>僅顯示可用</translation>
    </message>
    <message>
        <source>List only the models whose weights are on this machine</source>
        <translation>只列出權重已在本機上的模型</translation>
    </message>
    <message>
        <source>%1 · not on this machine</source>
        <translation>%1 · 本機沒有權重</translation>
    </message>
    <message>
        <source>The weights are on this machine.</source>
        <translation>權重已在本機上。</translation>
    </message>
    <message>
        <source>Download the weights, or import a file you have.</source>
        <translation>請下載權重，或匯入已有的檔案。</translation>
    </message>
    <message>
        <source>classified once the model&apos;s weights are on this machine</source>
        <translation>本機有此模型的權重後即進行分類</translation>
    </message>
    <message>
        <source>Nothing was imported: the checksum of %1 did not match.</source>
        <translation>未匯入任何內容：%1 的檢查碼不符。</translation>
    </message>
    <message>
        <source>Importing %1 as unverified weights…</source>
        <translation>正在將 %1 作為未驗證的權重匯入…</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未匯入任何內容。</translation>
    </message>
    <message>
        <source>Writing the model file %1…</source>
        <translation>正在寫入模型檔案 %1…</translation>
    </message>
    <message>
        <source>Without a connection: import a copy you have (Import weights…), or copy %1 into %2.</source>
        <translation>沒有網路連線時：匯入已有的副本（匯入權重…），或將 %1 複製到 %2。</translation>
    </message>
    <message>
        <source>Your runs</source>
        <translation>你的訓練</translation>
    </message>
    <message>
        <source>Trained in the Train area: %1</source>
        <translation>在「訓練」區訓練：%1</translation>
    </message>
    <message>
        <source>Choose the catalog model that %1 holds the weights of, then drop it again.</source>
        <translation>請選擇 %1 所含權重對應的目錄模型，然後再次拖放。</translation>
    </message>
</context>
<context>
    <name>tl::ui::ClassifySession</name>
    <message numerus="yes">
        <source>%1 (fine-tuned %2, %n class(es)) · %3</source>
        <translation>
            <numerusform>%1（由 %2 微調，%n 個類別）· %3</numerusform>
        </translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>檔案或資料夾不存在</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareArea</name>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>影像</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>資料集</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>模型目錄</translation>
    </message>
    <message>
        <source>The catalog&apos;s published ImageNet figures: top-1 accuracy against the computation per image. A bubble&apos;s area is proportional to the model&apos;s parameters; latencies measured in this session are added to the names.</source>
        <translation>模型目錄中公布的 ImageNet 數據：top-1 準確率與每張影像的運算量對照。泡泡面積與模型參數量成正比；本次工作階段中測得的延遲會附在名稱後。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the comparison (Esc)</source>
        <translation>停止比較（Esc）</translation>
    </message>
    <message>
        <source>model %1 of %2: %3 / %4 images</source>
        <translation>第 %1 個模型（共 %2 個）：%3 / %4 張影像</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在載入…</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareDatasetPage</name>
    <message>
        <source>A labelled folder: one sub-folder per class (or train/ and validation/ with class folders)</source>
        <translation>帶標籤的資料夾：每個類別一個子資料夾（或包含類別資料夾的 train/ 與 validation/）</translation>
    </message>
    <message>
        <source>Choose &amp;dataset…</source>
        <translation>選擇資料集(&amp;D)…</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>test</source>
        <translation>測試</translation>
    </message>
    <message>
        <source>The images every model is evaluated on (validation falls back to all when the dataset has none)</source>
        <translation>用來評估每個模型的影像（資料集沒有驗證集時改用全部影像）</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>執行(&amp;R)</translation>
    </message>
    <message>
        <source>Evaluate every checked model on the dataset (Ctrl+R)</source>
        <translation>在資料集上評估每個勾選的模型（Ctrl+R）</translation>
    </message>
    <message>
        <source>Choose a dataset whose class names the checked models know, then run.</source>
        <translation>請選擇一個類別名稱為所勾選模型所認得的資料集，然後執行。</translation>
    </message>
    <message>
        <source>Export C&amp;SV…</source>
        <translation>匯出 CSV(&amp;S)…</translation>
    </message>
    <message>
        <source>Export &amp;JSON…</source>
        <translation>匯出 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>資料集：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>劃分：</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n model(s) on %1…</source>
        <translation>
            <numerusform>正在 %1 上比較 %n 個模型…</numerusform>
        </translation>
    </message>
    <message>
        <source>Comparison cancelled; the table shows the last complete one.</source>
        <translation>比較已取消；表格顯示的是上一次完整的比較。</translation>
    </message>
    <message>
        <source>The comparison failed: %1</source>
        <translation>比較失敗：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) of the %1 split of %2, on %3.</source>
        <translation>
            <numerusform>%2 的%1劃分中的 %n 張影像，裝置 %3。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) could not be compared: see the Error column.</source>
        <translation>
            <numerusform>%n 個模型無法比較：請查看「錯誤」欄。</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a labelled dataset folder</source>
        <translation>選擇帶標籤的資料集資料夾</translation>
    </message>
    <message>
        <source>Export the comparison as JSON</source>
        <translation>將比較匯出為 JSON</translation>
    </message>
    <message>
        <source>Export the comparison as CSV</source>
        <translation>將比較匯出為 CSV</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 檔案 (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔案 (*.csv)</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>匯出比較</translation>
    </message>
    <message>
        <source>Run a comparison on a dataset to export its table.</source>
        <translation>先在資料集上執行比較，才能匯出表格。</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareImagesPage</name>
    <message>
        <source>Add &amp;images…</source>
        <translation>新增影像(&amp;I)…</translation>
    </message>
    <message>
        <source>Choose images for every checked model to classify</source>
        <translation>選擇影像，由每個勾選的模型進行分類</translation>
    </message>
    <message>
        <source>Compare &amp;again</source>
        <translation>再次比較(&amp;A)</translation>
    </message>
    <message>
        <source>Classify the same images with the models checked now (Ctrl+R)</source>
        <translation>用目前勾選的模型對同樣的影像重新分類（Ctrl+R）</translation>
    </message>
    <message>
        <source>Drop images or folders here: every checked model classifies every image.</source>
        <translation>將影像或資料夾拖放到這裡：每個勾選的模型都會對每張影像進行分類。</translation>
    </message>
    <message numerus="yes">
        <source>Classifying with %n model(s)…</source>
        <translation>
            <numerusform>正在用 %n 個模型分類…</numerusform>
        </translation>
    </message>
    <message>
        <source>Add images</source>
        <translation>新增影像</translation>
    </message>
    <message>
        <source>Comparison cancelled.</source>
        <translation>比較已取消。</translation>
    </message>
    <message>
        <source>The comparison failed: %1</source>
        <translation>比較失敗：%1</translation>
    </message>
    <message>
        <source>%1 of %2 images: all models agree</source>
        <translation>%2 張影像中有 %1 張：所有模型一致</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) could not classify: their column says why.</source>
        <translation>
            <numerusform>%n 個模型無法分類：原因見其所在欄。</numerusform>
        </translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;All files (*)</source>
        <translation>圖片 (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareSession</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>無法寫入 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a Transfer Studio model file.</source>
        <translation>%1 不是 Transfer Studio 模型檔案。</translation>
    </message>
    <message>
        <source>A comparison is running: wait for it or cancel it (Esc).</source>
        <translation>正在進行比較：請等待其完成或取消（Esc）。</translation>
    </message>
    <message>
        <source>Check at least two models to compare.</source>
        <translation>請至少勾選兩個模型進行比較。</translation>
    </message>
    <message>
        <source>Choose a dataset folder first.</source>
        <translation>請先選擇資料集資料夾。</translation>
    </message>
    <message>
        <source>There are no images among the files and folders given.</source>
        <translation>給定的檔案和資料夾中沒有影像。</translation>
    </message>
    <message>
        <source>There is no dataset comparison to export yet.</source>
        <translation>還沒有可匯出的資料集比較。</translation>
    </message>
</context>
<context>
    <name>tl::ui::CompareWeightsImport</name>
    <message>
        <source>Nothing was imported: the checksum of %1 did not match.</source>
        <translation>未匯入任何內容：%1 的檢查碼不符。</translation>
    </message>
    <message>
        <source>Importing %1 as unverified weights…</source>
        <translation>正在將 %1 作為未驗證的權重匯入…</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未匯入任何內容。</translation>
    </message>
    <message>
        <source>Writing the model file %1…</source>
        <translation>正在寫入模型檔案 %1…</translation>
    </message>
    <message>
        <source>The weights could not be imported: %1</source>
        <translation>無法匯入權重：%1</translation>
    </message>
    <message>
        <source>%1 joined the comparison.</source>
        <translation>%1 已加入比較。</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>匯入權重</translation>
    </message>
    <message>
        <source>Which model are the weights of %1 for?</source>
        <translation>%1 中的權重屬於哪個模型？</translation>
    </message>
    <message>
        <source>An import is going; drop %1 again when it ends.</source>
        <translation>正在匯入；匯入結束後請再次拖放 %1。</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在匯入 %1…</translation>
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
        <translation>準確率</translation>
    </message>
    <message>
        <source>Top-5</source>
        <translation>Top-5</translation>
    </message>
    <message>
        <source>Latency
(ms/image)</source>
        <translation>延遲
（毫秒/影像）</translation>
    </message>
    <message>
        <source>Images/s</source>
        <translation>影像/秒</translation>
    </message>
    <message>
        <source>Params
(M)</source>
        <translation>參數
（M）</translation>
    </message>
    <message>
        <source>GFLOPs</source>
        <translation>GFLOPs</translation>
    </message>
    <message>
        <source>Weights
(MB)</source>
        <translation>權重
（MB）</translation>
    </message>
    <message>
        <source>Peak memory
(MB)</source>
        <translation>峰值記憶體
（MB）</translation>
    </message>
    <message>
        <source>Pareto</source>
        <translation>柏拉圖</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <source>On the accuracy-vs-latency Pareto front: no other model is at least as accurate and at least as fast, and better in one</source>
        <translation>位於準確率-延遲柏拉圖前緣：沒有其他模型在準確率和速度上都不遜於它且至少一項更好</translation>
    </message>
    <message>
        <source>Mean time per image at batch size 1: decoding, preprocessing and the forward pass</source>
        <translation>批次大小為 1 時每張影像的平均耗時：解碼、前處理和前向傳遞</translation>
    </message>
    <message>
        <source>The process&apos;s peak resident memory while the model loaded and ran</source>
        <translation>模型載入和執行期間處理程序的峰值常駐記憶體</translation>
    </message>
    <message>
        <source>%1 could not be compared: %2</source>
        <translation>%1 無法比較：%2</translation>
    </message>
    <message>
        <source>Weights: %1</source>
        <translation>權重：%1</translation>
    </message>
</context>
<context>
    <name>tl::ui::DeviceBox</name>
    <message>
        <source>This machine has no usable GPU: a run on the GPU would fail</source>
        <translation>這台電腦沒有可用的 GPU：在 GPU 上執行會失敗</translation>
    </message>
    <message>
        <source>Where Classify, Train and Compare run the models (one choice for the whole application)</source>
        <translation>分類、訓練與比較在哪裡執行模型（整個程式只有這一個選擇）</translation>
    </message>
</context>
<context>
    <name>tl::ui::DeviceChoice</name>
    <message>
        <source>Automatic (the GPU when there is one)</source>
        <translation>自動（有 GPU 時使用 GPU）</translation>
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
        <translation>自動</translation>
    </message>
</context>
<context>
    <name>tl::ui::DeviceMenu</name>
    <message>
        <source>Compute &amp;Device</source>
        <translation>運算裝置(&amp;D)</translation>
    </message>
</context>
<context>
    <name>tl::ui::EvaluationView</name>
    <message>
        <source>&amp;Normalise each row (share of the true class)</source>
        <translation>按列正規化（佔真實類別的比例）(&amp;N)</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>預測</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真實類別</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精確率</translation>
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
        <translation>影像數</translation>
    </message>
    <message>
        <source>Misclassified images, the most confident mistakes first:</source>
        <translation>分類錯誤的影像（信心度最高的錯誤在前）：</translation>
    </message>
    <message>
        <source>Evaluating %1 on %2…</source>
        <translation>正在以 %2 評估 %1…</translation>
    </message>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>評估失敗：%1</translation>
    </message>
    <message>
        <source>%1 images: accuracy %2, top-5 %3, loss %4; %5 misclassified%6.</source>
        <translation>%1 張影像：準確率 %2，top-5 %3，損失 %4；%5 張分類錯誤%6。</translation>
    </message>
    <message numerus="yes">
        <source>, %n unreadable</source>
        <translation>
            <numerusform>，%n 張無法讀取</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 → %2 (%3%)</source>
        <translation>%1 → %2（%3%）</translation>
    </message>
    <message>
        <source>When a run ends, its model is evaluated here on the validation images.</source>
        <translation>訓練結束後，模型會在這裡以驗證影像評估。</translation>
    </message>
    <message>
        <source>&amp;Save model as…</source>
        <translation>模型另存為(&amp;S)…</translation>
    </message>
    <message>
        <source>no model yet</source>
        <translation>還沒有模型</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Save the model</source>
        <translation>儲存模型</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>The model was not saved: %1</source>
        <translation>模型未儲存：%1</translation>
    </message>
    <message>
        <source>The model was not exported: %1</source>
        <translation>模型未匯出：%1</translation>
    </message>
    <message>
        <source>Open in &amp;Classify</source>
        <translation>在「分類」中開啟(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>匯出(&amp;X)…</translation>
    </message>
    <message>
        <source>ONNX for any runtime, checked against the app on the validation images; or PyTorch / Keras weights for Python</source>
        <translation>匯出為 ONNX（任何執行環境皆可用，並在驗證圖片上與本程式核對），或匯出 PyTorch / Keras 權重供 Python 使用</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <source>No evaluation yet: train a model, or open an earlier run.</source>
        <translation>還沒有評估：請訓練模型，或開啟先前的執行。</translation>
    </message>
    <message>
        <source>No misclassified images.</source>
        <translation>沒有分類錯誤的影像。</translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3</source>
        <translation>真實類別 %1，預測 %2：%3</translation>
    </message>
    <message>
        <source>Go to the Run Tab</source>
        <translation>前往「執行」頁</translation>
    </message>
</context>
<context>
    <name>tl::ui::ExportDialog</name>
    <message>
        <source>Cancelled; nothing was kept.</source>
        <translation>已取消，未保留任何檔案。</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>匯出 %1</translation>
    </message>
    <message>
        <source>ONNX — for ONNX Runtime, OpenCV, TensorRT, OpenVINO (checked against the app)</source>
        <translation>ONNX — 用於 ONNX Runtime、OpenCV、TensorRT、OpenVINO（與本程式核對）</translation>
    </message>
    <message>
        <source>PyTorch state dict (.pth) — torchvision&apos;s names</source>
        <translation>PyTorch state dict (.pth) — torchvision 的參數名稱</translation>
    </message>
    <message>
        <source>Keras weights (.h5) — Keras&apos; layer names</source>
        <translation>Keras 權重 (.h5) — Keras 的層名稱</translation>
    </message>
    <message>
        <source>Float16 weights (half the file, computed in float32)</source>
        <translation>Float16 權重（檔案減半，仍以 float32 計算）</translation>
    </message>
    <message>
        <source>Takes the raw uint8 RGB crop (the normalisation inside the model)</source>
        <translation>輸入原始 uint8 RGB 裁切圖（正規化在模型內完成）</translation>
    </message>
    <message>
        <source>Choose &amp;images…</source>
        <translation>選擇圖片(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>瀏覽(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>匯出(&amp;E)</translation>
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
        <translation>核對所用圖片：</translation>
    </message>
    <message>
        <source>&amp;Save as:</source>
        <translation>儲存為(&amp;S)：</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) and folder(s) chosen</source>
        <translation>
            <numerusform>已選擇 %n 個檔案和資料夾</numerusform>
        </translation>
    </message>
    <message>
        <source>the validation images of the run it comes from</source>
        <translation>其訓練執行的驗證圖片</translation>
    </message>
    <message>
        <source>no images yet: only ONNX&apos;s checker runs unless you choose some</source>
        <translation>尚未選擇圖片：除非選擇圖片，否則只執行 ONNX 檢查器</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Keras weights (*.h5)</source>
        <translation>Keras 權重 (*.h5)</translation>
    </message>
    <message>
        <source>PyTorch state dict (*.pth *.pt)</source>
        <translation>PyTorch 狀態字典 (*.pth *.pt)</translation>
    </message>
    <message>
        <source>Save the exported model</source>
        <translation>儲存匯出的模型</translation>
    </message>
    <message>
        <source>Images to check the export on</source>
        <translation>用於核對匯出結果的圖片</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在寫入…</translation>
    </message>
    <message>
        <source>the images chosen</source>
        <translation>所選圖片</translation>
    </message>
    <message>
        <source>Finding the run&apos;s validation images…</source>
        <translation>正在尋找該執行的驗證圖片…</translation>
    </message>
    <message>
        <source>the run&apos;s validation images</source>
        <translation>該執行的驗證圖片</translation>
    </message>
    <message>
        <source>Tracing the network…</source>
        <translation>正在追蹤網路…</translation>
    </message>
    <message>
        <source>Writing and checking the ONNX file…</source>
        <translation>正在寫入並檢查 ONNX 檔案…</translation>
    </message>
    <message>
        <source>Comparing with the app: image %1 of %2</source>
        <translation>正在與本程式比較：第 %1 / %2 張圖片</translation>
    </message>
    <message>
        <source>Wrote %1. This Python loads it:

%2</source>
        <translation>已寫入 %1。以下 Python 程式碼可載入它：

%2</translation>
    </message>
    <message>
        <source>Wrote %1: ONNX opset %2, input “%3”, %4 MB.</source>
        <translation>已寫入 %1：ONNX opset %2，輸入「%3」，%4 MB。</translation>
    </message>
    <message>
        <source>ONNX&apos;s checker passed. No images were compared: choose some to check that it predicts as the app does.</source>
        <translation>ONNX 檢查器已通過。未比較任何圖片：請選擇圖片，以確認其預測與本程式一致。</translation>
    </message>
    <message>
        <source>%1 on %2 (%3 images): the same top-1 class on %4, largest difference of a probability %5 (mean %6, allowed %7): %8.</source>
        <translation>%1 在%2上（%3 張圖片）：%4 張的 top-1 類別相同，機率最大差異 %5（平均 %6，允許 %7）：%8。</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通過</translation>
    </message>
    <message>
        <source>FAILED — the file is kept; see the images below</source>
        <translation>未通過 — 檔案已保留；請檢視下列圖片</translation>
    </message>
    <message>
        <source>%1: the app says %2, the export %3 (difference %4)</source>
        <translation>%1：本程式判為 %2，匯出模型判為 %3（差異 %4）</translation>
    </message>
    <message>
        <source>not read: %1</source>
        <translation>無法讀取：%1</translation>
    </message>
    <message>
        <source>The report: %1
How to run it: %2</source>
        <translation>報告：%1
執行方式：%2</translation>
    </message>
    <message>
        <source>The model was not exported: %1</source>
        <translation>模型未匯出：%1</translation>
    </message>
    <message>
        <source>The largest difference of any class&apos;s probability between the app and the exported file that the check accepts</source>
        <translation>核對時所允許的、本程式與匯出檔案之間任一類別機率的最大差異</translation>
    </message>
    <message>
        <source>Allowed &amp;difference:</source>
        <translation>允許的差異(&amp;D)：</translation>
    </message>
</context>
<context>
    <name>tl::ui::FileActions</name>
    <message>
        <source>Open a model</source>
        <translation>開啟模型</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>Open Recent</source>
        <translation>最近開啟</translation>
    </message>
    <message>
        <source>%1 is no longer there; it was taken off the list.</source>
        <translation>%1 已不存在，已從清單中移除。</translation>
    </message>
    <message>
        <source>image</source>
        <translation>圖片</translation>
    </message>
    <message>
        <source>folder of images</source>
        <translation>圖片資料夾</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>資料集</translation>
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
        <translation>開啟資料集(&amp;D)…</translation>
    </message>
    <message>
        <source>Choose a folder with one subfolder of images per class, to train on</source>
        <translation>選擇用於訓練的資料夾：每個類別一個圖片子資料夾</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>開啟模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Open a fine-tuned model file (.safetensors) in Classify, or in Compare when it is shown</source>
        <translation>在「分類」中開啟微調後的模型檔案（.safetensors）；目前顯示「比較」時則在「比較」中開啟</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近開啟(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Clear the List</source>
        <translation>清除清單(&amp;C)</translation>
    </message>
</context>
<context>
    <name>tl::ui::ForeignImport</name>
    <message>
        <source>Reading %1…</source>
        <translation>正在讀取 %1…</translation>
    </message>
    <message>
        <source>Copying %1 into the weights folder…</source>
        <translation>正在將 %1 複製到權重資料夾…</translation>
    </message>
    <message>
        <source>Writing the model file %1…</source>
        <translation>正在寫入模型檔案 %1…</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>匯入 %1</translation>
    </message>
    <message>
        <source>Use as the weights of %1</source>
        <translation>用作 %1 的權重</translation>
    </message>
    <message>
        <source>Copied into the weights folder under the catalog&apos;s file name; the model is then ready in every area</source>
        <translation>以模型目錄中的檔名複製到權重資料夾；之後各個區域都可以使用該模型</translation>
    </message>
    <message>
        <source>Save as a model file…</source>
        <translation>另存為模型檔案…</translation>
    </message>
    <message>
        <source>Use it as a catalog model&apos;s weights, or save it as a model file (%1 classes) that Classify and Compare open.</source>
        <translation>可以用作目錄中某個模型的權重，也可以另存為模型檔案（%1 個類別），供「分類」和「比較」開啟。</translation>
    </message>
    <message>
        <source>It has no classifier (Keras&apos; include_top=False): use it as the weights to train a new top from, in the Train area.</source>
        <translation>它沒有分類器（Keras 的 include_top=False）：請用作權重，在「訓練」中訓練新的頂層。</translation>
    </message>
    <message>
        <source>No catalog model is of this architecture, and without a classifier it cannot be a model file.</source>
        <translation>目錄中沒有這種架構的模型；沒有分類器，也無法成為模型檔案。</translation>
    </message>
    <message>
        <source>Save the model file</source>
        <translation>儲存模型檔案</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>匯入權重</translation>
    </message>
    <message>
        <source>The file was not imported: %1</source>
        <translation>檔案未匯入：%1</translation>
    </message>
    <message>
        <source>It has no classifier (Keras&apos; include_top=False), and the catalog has no %1 without one to take it: train from it on the command line, with transfer-studio-cli train --model %2 --weights FILE.</source>
        <translation>它沒有分類器（Keras 的 include_top=False），目錄中也沒有不帶分類器的 %1 可以使用它：請在命令列中用它訓練：transfer-studio-cli train --model %2 --weights 檔案。</translation>
    </message>
</context>
<context>
    <name>tl::ui::ImageComparisonTable</name>
    <message>
        <source>Image</source>
        <translation>影像</translation>
    </message>
    <message>
        <source>%1 could not classify: %2</source>
        <translation>%1 無法分類：%2</translation>
    </message>
</context>
<context>
    <name>tl::ui::LayerTreeModel</name>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>輸出形狀</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>參數</translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation>可訓練</translation>
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
    <message>
        <source>&amp;Export a Model…</source>
        <translation>匯出模型(&amp;E)…</translation>
    </message>
    <message>
        <source>Export a model</source>
        <translation>匯出模型</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>%1 cannot be exported: %2</source>
        <translation>%1 無法匯出：%2</translation>
    </message>
</context>
<context>
    <name>tl::ui::ModelChecklist</name>
    <message>
        <source>Check the models to compare: catalog models whose weights are on this machine, and fine-tuned model files</source>
        <translation>勾選要比較的模型：權重已在本機上的目錄模型，以及微調後的模型檔案</translation>
    </message>
    <message>
        <source>Add &amp;model file…</source>
        <translation>新增模型檔案(&amp;M)…</translation>
    </message>
    <message>
        <source>Add a fine-tuned model file (.safetensors) to the list</source>
        <translation>將微調後的模型檔案（.safetensors）新增到清單</translation>
    </message>
    <message>
        <source>R&amp;emove</source>
        <translation>移除(&amp;E)</translation>
    </message>
    <message>
        <source>Remove the selected model file from the list</source>
        <translation>從清單中移除所選的模型檔案</translation>
    </message>
    <message>
        <source>Models to compare:</source>
        <translation>要比較的模型：</translation>
    </message>
    <message numerus="yes">
        <source>%1 fine-tuned for %n class(es)</source>
        <translation>
            <numerusform>%1，針對 %n 個類別微調</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 M parameters, %3 GFLOPs, published top-1 %4%
Weights: %5</source>
        <translation>%1：%2 M 參數，%3 GFLOPs，公布的 top-1 準確率 %4%
權重：%5</translation>
    </message>
    <message>
        <source>The weights of %1 are not on this machine: download them in the Classify area.</source>
        <translation>%1 的權重不在本機上：請在「分類」區域下載。</translation>
    </message>
    <message>
        <source>Add model files</source>
        <translation>新增模型檔案</translation>
    </message>
    <message>
        <source>Transfer Studio model (*.safetensors)</source>
        <translation>Transfer Studio 模型 (*.safetensors)</translation>
    </message>
    <message>
        <source>%1 · weights not on this machine</source>
        <translation>%1 · 本機沒有權重</translation>
    </message>
    <message>
        <source>Trained in the Train area: %1</source>
        <translation>在「訓練」區訓練：%1</translation>
    </message>
</context>
<context>
    <name>tl::ui::ModelPanel</name>
    <message>
        <source>Filter layers (e.g. layer4, conv, bn)</source>
        <translation>篩選層（例如 layer4、conv、bn）</translation>
    </message>
    <message>
        <source>Train the head only</source>
        <translation>只訓練分類頭</translation>
    </message>
    <message>
        <source>Fine-tune the last block</source>
        <translation>微調最後一個卷積塊</translation>
    </message>
    <message>
        <source>Freeze the first N layers</source>
        <translation>凍結前 N 層</translation>
    </message>
    <message>
        <source>Train all layers</source>
        <translation>訓練所有層</translation>
    </message>
    <message>
        <source>Custom (as checked below)</source>
        <translation>自訂（依下方勾選）</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>N = </translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>全連接層（Linear）</translation>
    </message>
    <message>
        <source>Dense → ReLU → Dropout → Dense</source>
        <translation>Dense → ReLU → Dropout → Dense</translation>
    </message>
    <message>
        <source>Layers that train:</source>
        <translation>參與訓練的層：</translation>
    </message>
    <message>
        <source>Head:</source>
        <translation>分類頭：</translation>
    </message>
    <message>
        <source>Hidden units:</source>
        <translation>隱藏單元：</translation>
    </message>
    <message>
        <source>Dropout:</source>
        <translation>Dropout：</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>類別：</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es): %1</source>
        <translation>
            <numerusform>%n 個類別：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Total params: %1 · Trainable: %2 · Non-trainable: %3</source>
        <translation>參數總數：%1 · 可訓練：%2 · 不可訓練：%3</translation>
    </message>
    <message>
        <source>N classes (from the dataset): until one is chosen, the head in the tree has the catalog&apos;s outputs</source>
        <translation>N 個類別（來自資料集）：在選擇資料集之前，樹中的輸出頭使用目錄模型的輸出</translation>
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
        <translation>錯誤：%1</translation>
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
        <translation>資料集：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>輪數：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批次大小：</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>影像尺寸：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>學習率：</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>最佳化器：</translation>
    </message>
    <message>
        <source>Frozen layers:</source>
        <translation>凍結的層：</translation>
    </message>
    <message>
        <source>Augmentation:</source>
        <translation>資料增強：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>隨機種子：</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>類別：</translation>
    </message>
    <message>
        <source>Best validation accuracy:</source>
        <translation>最佳驗證準確率：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>狀態：</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>開始時間：</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>持續時間：</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Click a run to see how it was set up and how it went.</source>
        <translation>按一下一次執行，檢視其設定與結果。</translation>
    </message>
    <message>
        <source>%1 — its events cannot be read: %2</source>
        <translation>%1 — 無法讀取其訓練紀錄：%2</translation>
    </message>
    <message>
        <source>%1 px</source>
        <translation>%1 像素</translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation>模型預設</translation>
    </message>
    <message>
        <source>on</source>
        <translation>啟用</translation>
    </message>
    <message>
        <source>off</source>
        <translation>未啟用</translation>
    </message>
    <message>
        <source>all but the head</source>
        <translation>除分類頭外的所有層</translation>
    </message>
    <message>
        <source>all but the last block and the head</source>
        <translation>除最後一個卷積塊和分類頭外的所有層</translation>
    </message>
    <message numerus="yes">
        <source>the first %n layer(s)</source>
        <translation>
            <numerusform>前 %n 層</numerusform>
        </translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message numerus="yes">
        <source>%n chosen layer(s)</source>
        <translation>
            <numerusform>所選的 %n 層</numerusform>
        </translation>
    </message>
    <message>
        <source>, then </source>
        <translation>，然後 </translation>
    </message>
    <message>
        <source>its configuration cannot be read: %1</source>
        <translation>無法讀取其設定：%1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message numerus="yes">
        <source>%n: %1</source>
        <translation>
            <numerusform>%n 個：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 at epoch %2</source>
        <translation>%1（第 %2 輪）</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚無</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>無法讀取</translation>
    </message>
    <message numerus="yes">
        <source>%1 after %n epoch(s)</source>
        <translation>
            <numerusform>%1，共 %n 輪</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>not ended (%n epoch(s) done)</source>
        <translation>
            <numerusform>未結束（已完成 %n 輪）</numerusform>
        </translation>
    </message>
    <message>
        <source>— can be resumed</source>
        <translation>— 可以繼續</translation>
    </message>
</context>
<context>
    <name>tl::ui::RunsList</name>
    <message>
        <source>Double-click a run to show its curves and evaluate its model</source>
        <translation>按兩下一次執行以顯示其曲線並評估其模型</translation>
    </message>
    <message>
        <source>Cannot open the run: %1</source>
        <translation>無法開啟此執行：%1</translation>
    </message>
    <message>
        <source>Open &amp;Folder</source>
        <translation>開啟資料夾(&amp;F)</translation>
    </message>
    <message>
        <source>Cannot open the folder %1</source>
        <translation>無法開啟資料夾 %1</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>繼續(&amp;R)</translation>
    </message>
    <message>
        <source>Open in &amp;Classify</source>
        <translation>在「分類」中開啟(&amp;C)</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>比較(&amp;M)</translation>
    </message>
    <message>
        <source>Compare c&amp;urves</source>
        <translation>比較曲線(&amp;U)</translation>
    </message>
    <message>
        <source>Restore &amp;Settings</source>
        <translation>還原設定(&amp;S)</translation>
    </message>
    <message>
        <source>The settings were not restored: %1</source>
        <translation>設定未還原：%1</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>刪除(&amp;D)…</translation>
    </message>
    <message>
        <source>%1 is training: stop it before deleting it.</source>
        <translation>%1 正在訓練：請先停止訓練，再刪除。</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>刪除執行</translation>
    </message>
    <message numerus="yes">
        <source>Move %n run folder(s) to the trash?</source>
        <translation>
            <numerusform>將 %n 個執行目錄移到垃圾桶？</numerusform>
        </translation>
    </message>
    <message>
        <source>Not deleted: %1 — %2</source>
        <translation>未刪除：%1 — %2</translation>
    </message>
</context>
<context>
    <name>tl::ui::RunsOverlay</name>
    <message>
        <source>Compare the runs&apos; curves</source>
        <translation>比較各次執行的曲線</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>輪次</translation>
    </message>
    <message>
        <source>validation accuracy (%), solid</source>
        <translation>驗證準確率（%），實線</translation>
    </message>
    <message>
        <source>validation loss, dashed</source>
        <translation>驗證損失，虛線</translation>
    </message>
    <message>
        <source>Each colour is one run: its validation accuracy per epoch as a solid line, its validation loss as a dashed line.</source>
        <translation>每種顏色代表一次執行：實線為其每輪的驗證準確率，虛線為其驗證損失。</translation>
    </message>
    <message>
        <source>No validation epochs in: %1.</source>
        <translation>以下執行沒有驗證輪次：%1。</translation>
    </message>
</context>
<context>
    <name>tl::ui::StaleMark</name>
    <message>
        <source>The checked models changed: run the comparison again (Ctrl+R).</source>
        <translation>勾選的模型已變更：請重新執行比較（Ctrl+R）。</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainArea</name>
    <message>
        <source>Train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>A folder with one sub-folder per class (or train/ and validation/ with class folders)</source>
        <translation>每個類別一個子資料夾的資料夾（或包含類別資料夾的 train/ 與 validation/）</translation>
    </message>
    <message>
        <source>Choose &amp;dataset…</source>
        <translation>選擇資料集(&amp;D)…</translation>
    </message>
    <message>
        <source>Choose or drop a dataset folder.</source>
        <translation>選擇或拖入一個資料集資料夾。</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>測試</translation>
    </message>
    <message>
        <source>Skipped files and warnings appear here.</source>
        <translation>略過的檔案和警告會顯示在這裡。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>資料集</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>資料集：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Choose a dataset folder</source>
        <translation>選擇資料集資料夾</translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>正在掃描 %1…</translation>
    </message>
    <message>
        <source>The dataset cannot be used: %1</source>
        <translation>無法使用此資料集：%1</translation>
    </message>
    <message>
        <source>%1 classes: %2 training, %3 validation and %4 test images; %5 file(s) skipped.</source>
        <translation>%1 個類別：%2 張訓練、%3 張驗證、%4 張測試影像；略過 %5 個檔案。</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>The same image in two splits: %1 and %2</source>
        <translation>同一影像出現在兩個劃分中：%1 和 %2</translation>
    </message>
    <message>
        <source>Skipped %1: %2</source>
        <translation>已略過 %1：%2</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在載入 %1…</translation>
    </message>
    <message>
        <source>This model cannot be trained here yet: %1</source>
        <translation>暫時無法在此訓練此模型：%1</translation>
    </message>
    <message numerus="yes">
        <source>%1 with a new head for %n class(es); weights: %2</source>
        <translation>
            <numerusform>%1，新的分類頭對應 %n 個類別；權重：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>評估</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>資料增強</translation>
    </message>
    <message>
        <source>Cancel scan</source>
        <translation>取消掃描</translation>
    </message>
    <message>
        <source>Stop scanning (Esc); the dataset in use before stays</source>
        <translation>停止掃描（Esc）；繼續使用先前的資料集</translation>
    </message>
    <message>
        <source>A run is training: stop it before choosing another dataset.</source>
        <translation>正在訓練：請先停止訓練，再選擇其他資料集。</translation>
    </message>
    <message numerus="yes">
        <source>Scan cancelled; still using %1 (%n class(es)).</source>
        <translation>
            <numerusform>掃描已取消；繼續使用 %1（%n 個類別）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan cancelled. Choose or drop a dataset folder.</source>
        <translation>掃描已取消。請選擇或拖入資料集資料夾。</translation>
    </message>
    <message>
        <source>The weights of %1 are imported; a new run uses them.</source>
        <translation>%1 的權重已匯入；新的訓練會使用它們。</translation>
    </message>
    <message numerus="yes">
        <source>%1 with a new head for %n class(es), trained from scratch (no pretrained weights)</source>
        <translation>
            <numerusform>%1，新的分類頭對應 %n 個類別，從頭訓練（不使用預訓練權重）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 with a new head for %n class(es); unverified weights: %2</source>
        <translation>
            <numerusform>%1，新的分類頭對應 %n 個類別；未驗證的權重：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Run</source>
        <translation>執行</translation>
    </message>
    <message>
        <source>Downloading the weights… %1%</source>
        <translation>正在下載權重… %1%</translation>
    </message>
    <message>
        <source>Downloading the weights…</source>
        <translation>正在下載權重…</translation>
    </message>
    <message numerus="yes">
        <source>%1 holds a classifier of %n class(es), not the catalog model&apos;s: open it in the Classify area as a model file.</source>
        <translation><numerusform>%1 含有 %n 個類別的分類器，而不是目錄模型的：請在「分類」區將其作為模型檔開啟。</numerusform></translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>匯入權重</translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)</source>
        <translation>權重 (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在匯入 %1…</translation>
    </message>
    <message>
        <source>no model was built</source>
        <translation>未建構模型</translation>
    </message>
    <message>
        <source>%1&apos;s layers, from its architecture: its pretrained weights are not on this machine. The head gets one output per class once a dataset is chosen.</source>
        <translation>%1 的各層，來自其架構：本機沒有其預訓練權重。選擇資料集後，輸出頭將為每個類別提供一個輸出。</translation>
    </message>
    <message>
        <source>%1&apos;s layers, from its architecture (no weights loaded yet). The head gets one output per class once a dataset is chosen.</source>
        <translation>%1 的各層，來自其架構（尚未載入權重）。選擇資料集後，輸出頭將為每個類別提供一個輸出。</translation>
    </message>
    <message numerus="yes">
        <source>%1 with a new head for %n class(es); its pretrained weights are not on this machine: download or import them here, or train from scratch.</source>
        <translation><numerusform>%1 帶有 %n 個類別的新輸出頭；本機沒有其預訓練權重：請在此下載或匯入，或從頭訓練。</numerusform></translation>
    </message>
    <message>
        <source>Scanning the dataset…</source>
        <translation>正在掃描資料集…</translation>
    </message>
    <message>
        <source>Choose a dataset first: a folder with one sub-folder of images per class.</source>
        <translation>請先選擇資料集：一個資料夾，每個類別一個影像子資料夾。</translation>
    </message>
    <message>
        <source>Choose Dataset…</source>
        <translation>選擇資料集…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 is not the published file of these weights (its checksum differs): it may be a fine-tune or another release.</source>
        <translation>%1 不是這些權重的官方發布檔案（校驗和不同）：可能是微調後的版本或其他發布版本。</translation>
    </message>
    <message>
        <source>Use as &amp;Unverified Weights</source>
        <translation>作為未驗證權重使用(&amp;U)</translation>
    </message>
    <message>
        <source>Importing %1 as unverified weights…</source>
        <translation>正在將 %1 作為未驗證的權重匯入…</translation>
    </message>
    <message>
        <source>The pretrained weights of %1 are not on this machine.</source>
        <translation>本機沒有 %1 的預訓練權重。</translation>
    </message>
    <message>
        <source>The last try failed: %1</source>
        <translation>上次嘗試失敗：%1</translation>
    </message>
    <message>
        <source>Do&amp;wnload…</source>
        <translation>下載(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>匯入(&amp;I)…</translation>
    </message>
    <message>
        <source>Train from &amp;Scratch</source>
        <translation>從頭訓練(&amp;S)</translation>
    </message>
    <message>
        <source>%1 cannot be built with these weights: %2</source>
        <translation>無法用這些權重建構 %1：%2</translation>
    </message>
    <message>
        <source>Use the Pretrained &amp;Weights</source>
        <translation>使用預訓練權重(&amp;W)</translation>
    </message>
    <message>
        <source>Building %1…</source>
        <translation>正在建構 %1…</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainCharts</name>
    <message>
        <source>epoch</source>
        <translation>輪次</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
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
        <translation>訓練（每輪）</translation>
    </message>
    <message>
        <source>validation (epoch)</source>
        <translation>驗證（每輪）</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <source>train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>best epoch</source>
        <translation>最佳輪次</translation>
    </message>
    <message>
        <source>epoch %1/%2 · batch %3/%4</source>
        <translation>第 %1/%2 輪 · 批次 %3/%4</translation>
    </message>
    <message>
        <source> phase %1</source>
        <translation> 階段 %1</translation>
    </message>
    <message>
        <source>epoch %1 (phase %2): loss %3, accuracy %4</source>
        <translation>第 %1 輪（階段 %2）：損失 %3，準確率 %4</translation>
    </message>
    <message>
        <source> | validation loss %1, accuracy %2, top-5 %3</source>
        <translation> | 驗證損失 %1，準確率 %2，top-5 %3</translation>
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
        <translation>對數刻度(&amp;L)</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis: small late improvements stay visible</source>
        <translation>以對數座標軸顯示損失：後期的微小改善也清晰可見</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainForm</name>
    <message>
        <source>none</source>
        <translation>不進行</translation>
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
        <translation>開始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暫停(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>最佳化器：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>學習率：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>輪數：</translation>
    </message>
    <message>
        <source>Then fine-tune the last block for:</source>
        <translation>然後微調最後一個卷積塊的輪數：</translation>
    </message>
    <message>
        <source>Fine-tuning learning rate (SGD):</source>
        <translation>微調學習率（SGD）：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批次大小：</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>繼續(&amp;R)</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>影像尺寸：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>隨機種子：</translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation>模型預設</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Start a run</source>
        <translation>開始訓練</translation>
    </message>
    <message>
        <source>Name of the run (Classify and Compare list its model by this name):</source>
        <translation>訓練名稱（「分類」和「比較」將以此名稱列出其模型）：</translation>
    </message>
    <message>
        <source>Start is off: %1</source>
        <translation>無法開始：%1</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainPanel</name>
    <message>
        <source>Earlier runs:</source>
        <translation>先前的執行：</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainRunner</name>
    <message>
        <source>A run is still going.</source>
        <translation>仍有訓練在進行。</translation>
    </message>
</context>
<context>
    <name>tl::ui::TrainSession</name>
    <message>
        <source>Ready.</source>
        <translation>就緒。</translation>
    </message>
    <message>
        <source>Run folder: %1 — %2 training and %3 validation images on %4</source>
        <translation>執行目錄：%1 — %2 張訓練影像、%3 張驗證影像，裝置 %4</translation>
    </message>
    <message>
        <source>Phase %1 · loss %2 · %3 images/s · %4 left</source>
        <translation>階段 %1 · 損失 %2 · %3 張/秒 · 剩餘 %4</translation>
    </message>
    <message>
        <source>Bottleneck mode: the features are computed once and cached; only the head trains.</source>
        <translation>瓶頸特徵模式：特徵只計算一次並快取，只訓練分類頭。</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暫停。</translation>
    </message>
    <message>
        <source>%1 after %2 epoch(s); best validation accuracy %3 at epoch %4. Model: %5</source>
        <translation>%1：共 %2 輪；最佳驗證準確率 %3（第 %4 輪）。模型：%5</translation>
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
        <translation>訓練失敗：%1</translation>
    </message>
    <message>
        <source>%1 — %2, %3 epoch(s), best %4</source>
        <translation>%1 — %2，%3 輪，最佳 %4</translation>
    </message>
    <message>
        <source>%1 — cannot be read</source>
        <translation>%1 — 無法讀取</translation>
    </message>
    <message>
        <source>a run is going</source>
        <translation>有訓練正在進行</translation>
    </message>
    <message>
        <source>%1 holds no training events</source>
        <translation>%1 中沒有訓練紀錄</translation>
    </message>
    <message>
        <source>Run %1: %2 epoch(s), best validation accuracy %3 at epoch %4.</source>
        <translation>執行 %1：%2 輪，最佳驗證準確率 %3（第 %4 輪）。</translation>
    </message>
    <message numerus="yes">
        <source>%n damaged line(s) of its events were skipped.</source>
        <translation>
            <numerusform>已略過其事件中 %n 行損壞的記錄。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>無法開始：%1</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>目前批次結束後停止…</translation>
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
        <translation>%1 中沒有訓練階段</translation>
    </message>
    <message>
        <source>The settings of %1 are back in the form.</source>
        <translation>%1 的設定已還原到表單中。</translation>
    </message>
    <message>
        <source>Cannot resume: %1</source>
        <translation>無法繼續：%1</translation>
    </message>
    <message>
        <source>Resuming %1…</source>
        <translation>正在繼續 %1…</translation>
    </message>
    <message>
        <source>it is the run going; stop it first</source>
        <translation>它是正在進行的訓練；請先停止訓練</translation>
    </message>
    <message>
        <source>%1 is not a folder any more</source>
        <translation>%1 已不再是資料夾</translation>
    </message>
    <message>
        <source>it cannot be moved to the trash here, so nothing was deleted</source>
        <translation>此處無法將其移到垃圾桶，因此未刪除任何內容</translation>
    </message>
    <message>
        <source>there is no trash here; the folder was moved to %1 instead</source>
        <translation>此處沒有垃圾桶；已改為將資料夾移到 %1</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>正在開始 %1…</translation>
    </message>
</context>
<context>
    <name>tl::ui::WeightsChoice</name>
    <message>
        <source>Pretrained (weights folder)</source>
        <translation>預訓練（權重資料夾）</translation>
    </message>
    <message>
        <source>From a file</source>
        <translation>來自檔案</translation>
    </message>
    <message>
        <source>None (train from scratch)</source>
        <translation>無（從頭訓練）</translation>
    </message>
    <message>
        <source>The weights training starts from: the model&apos;s pretrained weights (downloaded or imported), a state dict file (.pth, .safetensors) of the same architecture, or none</source>
        <translation>訓練起始的權重：模型的預訓練權重（下載或匯入的）、相同網路架構的 state dict 檔案（.pth、.safetensors），或不使用</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <source>Choose a state dict file (.pth, .pt, .safetensors) to start from</source>
        <translation>選擇作為起點的 state dict 檔案（.pth、.pt、.safetensors）</translation>
    </message>
    <message>
        <source>Weights to start from</source>
        <translation>起始權重</translation>
    </message>
    <message>
        <source>State dicts (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)</source>
        <translation>State dict (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>tl::ui::WeightsFetcher</name>
    <message>
        <source>%1 — unverified weights</source>
        <translation>%1 — 未驗證的權重</translation>
    </message>
</context>
<context>
    <name>tl::ui::WeightsPrompts</name>
    <message>
        <source>Import weights</source>
        <translation>匯入權重</translation>
    </message>
    <message>
        <source>%1 is not the published file of %2: its checksum differs.</source>
        <translation>%1 不是 %2 公布的檔案：其檢查碼不同。</translation>
    </message>
    <message>
        <source>It may be a fine-tune or another release. You can use it as unverified weights: it is checked against the architecture, kept apart from verified weights, and marked as unverified wherever the model is shown.</source>
        <translation>它可能是微調後的權重或其他版本。可以將其作為未驗證的權重使用：會先以網路架構檢查，與已驗證的權重分開保存，並在顯示該模型的每個地方標示未驗證。</translation>
    </message>
    <message>
        <source>Expected a SHA-256 starting with: %1
The file&apos;s SHA-256: %2</source>
        <translation>預期的 SHA-256 開頭：%1
此檔案的 SHA-256：%2</translation>
    </message>
    <message>
        <source>Use as Unverified Weights</source>
        <translation>作為未驗證的權重使用</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>類別 %1</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>匯入 %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 holds a classifier of %n class(es), not ImageNet&apos;s: it becomes a model file. Name its classes, one a line, in output order:</source>
        <translation>
            <numerusform>%1 的分類器有 %n 個類別，不是 ImageNet 的：它將成為一個模型檔案。請依輸出順序填寫類別名稱，每行一個：</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 names were given, but the classifier has %2 outputs: give exactly %2 names.</source>
        <translation>給了 %1 個名稱，但分類器有 %2 個輸出：請正好給 %2 個名稱。</translation>
    </message>
    <message>
        <source>Save the model file</source>
        <translation>儲存模型檔案</translation>
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
    <message>
        <source>First steps</source>
        <translation>快速入門</translation>
    </message>
    <message>
        <source>1. Pretrained weights</source>
        <translation>1. 預訓練權重</translation>
    </message>
    <message>
        <source>The weights of %1 of the %2 catalog models are on this machine.</source>
        <translation>模型目錄中的 %2 個模型裡，本機已有 %1 個模型的權重。</translation>
    </message>
    <message>
        <source>No pretrained weights on this machine yet: download them (about 15–550 MB a model), or import a file you have (.pth, .h5, a TF-slim checkpoint).</source>
        <translation>本機還沒有預訓練權重：請下載（每個模型約 15–550 MB），或匯入已有的檔案（.pth、.h5、TF-slim 檢查點）。</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>下載…</translation>
    </message>
    <message>
        <source>Choose a model in the Classify area and download its weights</source>
        <translation>在「分類」區域中選擇模型並下載其權重</translation>
    </message>
    <message>
        <source>Import a File…</source>
        <translation>匯入檔案…</translation>
    </message>
    <message>
        <source>Use a weights file you already have for the model chosen in the Classify area</source>
        <translation>為「分類」區域中所選的模型使用已有的權重檔</translation>
    </message>
    <message>
        <source>2. Classify images</source>
        <translation>2. 影像分類</translation>
    </message>
    <message>
        <source>Drop photos on the Classify area, or open them: the top-5 classes show beside the crop the network saw.</source>
        <translation>將照片拖放到「分類」區域，或開啟照片：top-5 類別會顯示在網路所見的裁切圖旁邊。</translation>
    </message>
    <message>
        <source>Open Images…</source>
        <translation>開啟圖片…</translation>
    </message>
    <message>
        <source>3. Your dataset</source>
        <translation>3. 你的資料集</translation>
    </message>
    <message>
        <source>A folder with one subfolder of images per class (or train/ and validation/ with class folders).</source>
        <translation>每個類別一個影像子資料夾的資料夾（或包含類別資料夾的 train/ 與 validation/）。</translation>
    </message>
    <message>
        <source>Last used: %1</source>
        <translation>上次使用：%1</translation>
    </message>
    <message>
        <source>Open Dataset…</source>
        <translation>開啟資料集…</translation>
    </message>
    <message>
        <source>4. Train</source>
        <translation>4. 訓練</translation>
    </message>
    <message>
        <source>Choose which layers to freeze, start, and watch the loss and accuracy as it trains.</source>
        <translation>選擇要凍結的層，開始訓練，並在訓練過程中觀察損失和準確率。</translation>
    </message>
    <message>
        <source>Go to Train</source>
        <translation>前往「訓練」</translation>
    </message>
</context>
</TS>
