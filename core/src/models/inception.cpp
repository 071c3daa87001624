// Inception v3 as torchvision builds it (inception.py): module names and order equal torchvision's, the
// auxiliary classifier (AuxLogits) sits between Mixed_6e and Mixed_7a in the module tree and runs on
// Mixed_6e's output in training mode only, and transform_input re-normalises the input exactly as
// torchvision's _transform_input does. Inputs are 299x299.
#include "models/architectures.h"

#include <cmath>

namespace tl::models {
namespace {

namespace nn = torch::nn;

/// Fills `w` from N(0, std^2) truncated to [a, b] (absolute bounds, like torch.nn.init.trunc_normal_ and
/// by the same inverse-CDF method, so the same random stream gives the same values).
void truncNormal(torch::Tensor& w, double std, double a = -2.0, double b = 2.0) {
    torch::NoGradGuard noGrad;
    const auto normCdf = [](double v) { return (1.0 + std::erf(v / std::sqrt(2.0))) / 2.0; };
    const double lo = normCdf(a / std);
    const double hi = normCdf(b / std);
    w.uniform_(2 * lo - 1, 2 * hi - 1);
    w.erfinv_();
    w.mul_(std * std::sqrt(2.0));
    w.clamp_(a, b);
}

/// Convolution without bias, BatchNorm (eps 0.001) and ReLU, as torchvision's BasicConv2d.
class BasicConv2dImpl : public nn::Module {
public:
    BasicConv2dImpl(int64_t in, int64_t out, torch::ExpandingArray<2> kernel, torch::ExpandingArray<2> stride = 1,
                    torch::ExpandingArray<2> padding = 0)
        : nn::Module("BasicConv2d") {
        conv_ = register_module("conv", nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false)));
        bn_ = register_module("bn", nn::BatchNorm2d(nn::BatchNormOptions(out).eps(0.001)));
    }

    torch::Tensor forward(const torch::Tensor& x) { return torch::relu(run(bn_, run(conv_, x))); }

private:
    nn::Conv2d conv_{nullptr};
    nn::BatchNorm2d bn_{nullptr};
};
TORCH_MODULE(BasicConv2d);

/// Kernels (1, k) and (k, 1) of the factorised convolutions, and their "same" paddings (0, k/2), (k/2, 0).
torch::ExpandingArray<2> row(int64_t k) { return torch::ExpandingArray<2>({1, k}); }
torch::ExpandingArray<2> col(int64_t k) { return torch::ExpandingArray<2>({k, 1}); }
torch::ExpandingArray<2> rowPad(int64_t k) { return torch::ExpandingArray<2>({0, k / 2}); }
torch::ExpandingArray<2> colPad(int64_t k) { return torch::ExpandingArray<2>({k / 2, 0}); }

torch::Tensor avgPool3(const torch::Tensor& x) { return torch::avg_pool2d(x, {3, 3}, {1, 1}, {1, 1}); }
torch::Tensor maxPool3s2(const torch::Tensor& x) { return torch::max_pool2d(x, {3, 3}, {2, 2}); }

/// The base of the Inception blocks: registers BasicConv2d children by name, in call order.
class BlockBase : public nn::Module {
protected:
    explicit BlockBase(const std::string& type) : nn::Module(type) {}
    BasicConv2d add(const std::string& name, BasicConv2d conv) { return register_module(name, std::move(conv)); }
};

class InceptionAImpl : public BlockBase {
public:
    InceptionAImpl(int64_t in, int64_t poolFeatures) : BlockBase("InceptionA") {
        b1x1_ = add("branch1x1", BasicConv2d(in, 64, 1));
        b5x5_1_ = add("branch5x5_1", BasicConv2d(in, 48, 1));
        b5x5_2_ = add("branch5x5_2", BasicConv2d(48, 64, 5, 1, 2));
        dbl1_ = add("branch3x3dbl_1", BasicConv2d(in, 64, 1));
        dbl2_ = add("branch3x3dbl_2", BasicConv2d(64, 96, 3, 1, 1));
        dbl3_ = add("branch3x3dbl_3", BasicConv2d(96, 96, 3, 1, 1));
        pool_ = add("branch_pool", BasicConv2d(in, poolFeatures, 1));
    }

    torch::Tensor forward(const torch::Tensor& x) {
        return torch::cat({run(b1x1_, x), run(b5x5_2_, run(b5x5_1_, x)), run(dbl3_, run(dbl2_, run(dbl1_, x))), run(pool_, avgPool3(x))}, 1);
    }

private:
    BasicConv2d b1x1_{nullptr}, b5x5_1_{nullptr}, b5x5_2_{nullptr}, dbl1_{nullptr}, dbl2_{nullptr}, dbl3_{nullptr}, pool_{nullptr};
};
TORCH_MODULE(InceptionA);

class InceptionBImpl : public BlockBase {
public:
    explicit InceptionBImpl(int64_t in) : BlockBase("InceptionB") {
        b3x3_ = add("branch3x3", BasicConv2d(in, 384, 3, 2));
        dbl1_ = add("branch3x3dbl_1", BasicConv2d(in, 64, 1));
        dbl2_ = add("branch3x3dbl_2", BasicConv2d(64, 96, 3, 1, 1));
        dbl3_ = add("branch3x3dbl_3", BasicConv2d(96, 96, 3, 2));
    }

    torch::Tensor forward(const torch::Tensor& x) { return torch::cat({run(b3x3_, x), run(dbl3_, run(dbl2_, run(dbl1_, x))), maxPool3s2(x)}, 1); }

private:
    BasicConv2d b3x3_{nullptr}, dbl1_{nullptr}, dbl2_{nullptr}, dbl3_{nullptr};
};
TORCH_MODULE(InceptionB);

class InceptionCImpl : public BlockBase {
public:
    InceptionCImpl(int64_t in, int64_t c7) : BlockBase("InceptionC") {
        b1x1_ = add("branch1x1", BasicConv2d(in, 192, 1));
        b7_1_ = add("branch7x7_1", BasicConv2d(in, c7, 1));
        b7_2_ = add("branch7x7_2", BasicConv2d(c7, c7, row(7), 1, rowPad(7)));
        b7_3_ = add("branch7x7_3", BasicConv2d(c7, 192, col(7), 1, colPad(7)));
        dbl1_ = add("branch7x7dbl_1", BasicConv2d(in, c7, 1));
        dbl2_ = add("branch7x7dbl_2", BasicConv2d(c7, c7, col(7), 1, colPad(7)));
        dbl3_ = add("branch7x7dbl_3", BasicConv2d(c7, c7, row(7), 1, rowPad(7)));
        dbl4_ = add("branch7x7dbl_4", BasicConv2d(c7, c7, col(7), 1, colPad(7)));
        dbl5_ = add("branch7x7dbl_5", BasicConv2d(c7, 192, row(7), 1, rowPad(7)));
        pool_ = add("branch_pool", BasicConv2d(in, 192, 1));
    }

    torch::Tensor forward(const torch::Tensor& x) {
        const torch::Tensor b7 = run(b7_3_, run(b7_2_, run(b7_1_, x)));
        const torch::Tensor dbl = run(dbl5_, run(dbl4_, run(dbl3_, run(dbl2_, run(dbl1_, x)))));
        return torch::cat({run(b1x1_, x), b7, dbl, run(pool_, avgPool3(x))}, 1);
    }

private:
    BasicConv2d b1x1_{nullptr}, b7_1_{nullptr}, b7_2_{nullptr}, b7_3_{nullptr}, dbl1_{nullptr}, dbl2_{nullptr}, dbl3_{nullptr}, dbl4_{nullptr},
        dbl5_{nullptr}, pool_{nullptr};
};
TORCH_MODULE(InceptionC);

class InceptionDImpl : public BlockBase {
public:
    explicit InceptionDImpl(int64_t in) : BlockBase("InceptionD") {
        b3_1_ = add("branch3x3_1", BasicConv2d(in, 192, 1));
        b3_2_ = add("branch3x3_2", BasicConv2d(192, 320, 3, 2));
        b7_1_ = add("branch7x7x3_1", BasicConv2d(in, 192, 1));
        b7_2_ = add("branch7x7x3_2", BasicConv2d(192, 192, row(7), 1, rowPad(7)));
        b7_3_ = add("branch7x7x3_3", BasicConv2d(192, 192, col(7), 1, colPad(7)));
        b7_4_ = add("branch7x7x3_4", BasicConv2d(192, 192, 3, 2));
    }

    torch::Tensor forward(const torch::Tensor& x) {
        const torch::Tensor b3 = run(b3_2_, run(b3_1_, x));
        const torch::Tensor b7 = run(b7_4_, run(b7_3_, run(b7_2_, run(b7_1_, x))));
        return torch::cat({b3, b7, maxPool3s2(x)}, 1);
    }

private:
    BasicConv2d b3_1_{nullptr}, b3_2_{nullptr}, b7_1_{nullptr}, b7_2_{nullptr}, b7_3_{nullptr}, b7_4_{nullptr};
};
TORCH_MODULE(InceptionD);

class InceptionEImpl : public BlockBase {
public:
    explicit InceptionEImpl(int64_t in) : BlockBase("InceptionE") {
        b1x1_ = add("branch1x1", BasicConv2d(in, 320, 1));
        b3_1_ = add("branch3x3_1", BasicConv2d(in, 384, 1));
        b3_2a_ = add("branch3x3_2a", BasicConv2d(384, 384, row(3), 1, rowPad(3)));
        b3_2b_ = add("branch3x3_2b", BasicConv2d(384, 384, col(3), 1, colPad(3)));
        dbl1_ = add("branch3x3dbl_1", BasicConv2d(in, 448, 1));
        dbl2_ = add("branch3x3dbl_2", BasicConv2d(448, 384, 3, 1, 1));
        dbl3a_ = add("branch3x3dbl_3a", BasicConv2d(384, 384, row(3), 1, rowPad(3)));
        dbl3b_ = add("branch3x3dbl_3b", BasicConv2d(384, 384, col(3), 1, colPad(3)));
        pool_ = add("branch_pool", BasicConv2d(in, 192, 1));
    }

    torch::Tensor forward(const torch::Tensor& x) {
        const torch::Tensor b1 = run(b1x1_, x);
        const torch::Tensor b3 = run(b3_1_, x);
        const torch::Tensor b3cat = torch::cat({run(b3_2a_, b3), run(b3_2b_, b3)}, 1);
        const torch::Tensor dbl = run(dbl2_, run(dbl1_, x));
        const torch::Tensor dblcat = torch::cat({run(dbl3a_, dbl), run(dbl3b_, dbl)}, 1);
        return torch::cat({b1, b3cat, dblcat, run(pool_, avgPool3(x))}, 1);
    }

private:
    BasicConv2d b1x1_{nullptr}, b3_1_{nullptr}, b3_2a_{nullptr}, b3_2b_{nullptr}, dbl1_{nullptr}, dbl2_{nullptr}, dbl3a_{nullptr}, dbl3b_{nullptr},
        pool_{nullptr};
};
TORCH_MODULE(InceptionE);

/// The auxiliary classifier on Mixed_6e's 768x17x17 output.
class InceptionAuxImpl : public nn::Module {
public:
    InceptionAuxImpl(int64_t in, int64_t classes) : nn::Module("InceptionAux") {
        conv0_ = register_module("conv0", BasicConv2d(in, 128, 1));
        conv1_ = register_module("conv1", BasicConv2d(128, 768, 5));
        fc_ = register_module("fc", nn::Linear(768, classes));
    }

    torch::Tensor forward(const torch::Tensor& x) {
        torch::Tensor y = torch::avg_pool2d(x, {5, 5}, {3, 3});
        y = run(conv1_, run(conv0_, y));
        y = torch::flatten(torch::adaptive_avg_pool2d(y, {1, 1}), 1);
        return run(fc_, y);
    }

    void replaceFc(int64_t classes) { fc_ = replace_module("fc", nn::Linear(768, classes)); }
    const nn::Linear& fc() const { return fc_; }

private:
    BasicConv2d conv0_{nullptr}, conv1_{nullptr};
    nn::Linear fc_{nullptr};
};
TORCH_MODULE(InceptionAux);

class Inception3 : public Network {
public:
    Inception3(const std::string& arch, const NetworkOptions& options) : Network(arch), transformInput_(options.transformInput) {
        conv1a_ = register_module("Conv2d_1a_3x3", BasicConv2d(3, 32, 3, 2));
        conv2a_ = register_module("Conv2d_2a_3x3", BasicConv2d(32, 32, 3));
        conv2b_ = register_module("Conv2d_2b_3x3", BasicConv2d(32, 64, 3, 1, 1));
        maxpool1_ = register_module("maxpool1", nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2)));
        conv3b_ = register_module("Conv2d_3b_1x1", BasicConv2d(64, 80, 1));
        conv4a_ = register_module("Conv2d_4a_3x3", BasicConv2d(80, 192, 3));
        maxpool2_ = register_module("maxpool2", nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2)));
        mixed5b_ = register_module("Mixed_5b", InceptionA(192, 32));
        mixed5c_ = register_module("Mixed_5c", InceptionA(256, 64));
        mixed5d_ = register_module("Mixed_5d", InceptionA(288, 64));
        mixed6a_ = register_module("Mixed_6a", InceptionB(288));
        mixed6b_ = register_module("Mixed_6b", InceptionC(768, 128));
        mixed6c_ = register_module("Mixed_6c", InceptionC(768, 160));
        mixed6d_ = register_module("Mixed_6d", InceptionC(768, 160));
        mixed6e_ = register_module("Mixed_6e", InceptionC(768, 192));
        if (options.auxLogits) aux_ = register_module("AuxLogits", InceptionAux(768, options.numClasses));
        mixed7a_ = register_module("Mixed_7a", InceptionD(768));
        mixed7b_ = register_module("Mixed_7b", InceptionE(1280));
        mixed7c_ = register_module("Mixed_7c", InceptionE(2048));
        avgpool_ = register_module("avgpool", nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)));
        dropout_ = register_module("dropout", nn::Dropout(options.dropout < 0 ? 0.5 : options.dropout));
        fc_ = register_module("fc", nn::Linear(2048, options.numClasses));

        // torchvision (init_weights=True): every Conv2d and Linear weight from a normal truncated to [-2, 2]
        // with stddev 0.1, except AuxLogits.fc (0.001). torchvision also marks AuxLogits.conv1 with 0.01, but
        // on the BasicConv2d rather than its Conv2d, so that convolution keeps 0.1. Linear biases keep their
        // default initialisation; BatchNorm weight 1 and bias 0. Same module order, same random stream.
        const nn::Module* auxFc = aux_ ? aux_->fc().get() : nullptr;
        for (auto& m : modules(false)) {
            if (auto* c = m->as<nn::Conv2d>()) {
                truncNormal(c->weight, 0.1);
            } else if (auto* l = m->as<nn::Linear>()) {
                truncNormal(l->weight, l == auxFc ? 0.001 : 0.1);
            } else if (auto* bn = m->as<nn::BatchNorm2d>()) {
                nn::init::ones_(bn->weight);
                nn::init::zeros_(bn->bias);
            }
        }
    }

    torch::Tensor features(const torch::Tensor& input) override { return trunk(input, false); }
    torch::Tensor head(const torch::Tensor& f) override { return run(fc_, f); }

    torch::Tensor forward(const torch::Tensor& x) override {
        auxOut_ = torch::Tensor();
        return head(trunk(x, aux_ && is_training()));
    }

    void replaceHead(int64_t classes) override {
        fc_ = replace_module("fc", nn::Linear(2048, classes));
        // The auxiliary classifier predicts the same classes, so its loss can still be added in training.
        if (aux_) aux_->replaceFc(classes);
    }
    std::string headPrefix() const override { return "fc."; }
    int64_t featureDim() const override { return 2048; }
    int64_t numClasses() const override { return fc_->options.out_features(); }
    torch::Tensor auxLogits() const override { return auxOut_; }

private:
    /// torchvision's _transform_input: ImageNet-normalised channels to the [-1, 1] scaling of the
    /// original weights.
    torch::Tensor transformInput(const torch::Tensor& x) const {
        if (!transformInput_) return x;
        const torch::Tensor c0 = torch::unsqueeze(x.select(1, 0), 1) * (0.229 / 0.5) + (0.485 - 0.5) / 0.5;
        const torch::Tensor c1 = torch::unsqueeze(x.select(1, 1), 1) * (0.224 / 0.5) + (0.456 - 0.5) / 0.5;
        const torch::Tensor c2 = torch::unsqueeze(x.select(1, 2), 1) * (0.225 / 0.5) + (0.406 - 0.5) / 0.5;
        return torch::cat({c0, c1, c2}, 1);
    }

    /// Everything below the head; with `withAux`, also runs AuxLogits on Mixed_6e's output.
    torch::Tensor trunk(const torch::Tensor& input, bool withAux) {
        torch::Tensor x = transformInput(input);
        x = run(maxpool1_, run(conv2b_, run(conv2a_, run(conv1a_, x))));
        x = run(maxpool2_, run(conv4a_, run(conv3b_, x)));
        x = run(mixed5d_, run(mixed5c_, run(mixed5b_, x)));
        x = run(mixed6a_, x);
        x = run(mixed6e_, run(mixed6d_, run(mixed6c_, run(mixed6b_, x))));
        if (withAux) auxOut_ = run(aux_, x);
        x = run(mixed7c_, run(mixed7b_, run(mixed7a_, x)));
        x = run(dropout_, run(avgpool_, x));
        return torch::flatten(x, 1);
    }

    bool transformInput_;
    BasicConv2d conv1a_{nullptr}, conv2a_{nullptr}, conv2b_{nullptr}, conv3b_{nullptr}, conv4a_{nullptr};
    nn::MaxPool2d maxpool1_{nullptr}, maxpool2_{nullptr};
    InceptionA mixed5b_{nullptr}, mixed5c_{nullptr}, mixed5d_{nullptr};
    InceptionB mixed6a_{nullptr};
    InceptionC mixed6b_{nullptr}, mixed6c_{nullptr}, mixed6d_{nullptr}, mixed6e_{nullptr};
    InceptionAux aux_{nullptr};
    InceptionD mixed7a_{nullptr};
    InceptionE mixed7b_{nullptr}, mixed7c_{nullptr};
    nn::AdaptiveAvgPool2d avgpool_{nullptr};
    nn::Dropout dropout_{nullptr};
    nn::Linear fc_{nullptr};
    torch::Tensor auxOut_;
};

}  // namespace

NetworkPtr makeInception(const std::string& arch, const NetworkOptions& options) {
    if (arch == "inception_v3") return std::make_shared<Inception3>(arch, options);
    return nullptr;
}

}  // namespace tl::models
