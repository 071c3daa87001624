#pragma once
// An HDF5 identifier closed with its own close function: the Keras reader (keras_h5_read.cpp, in the child
// process) and writer (keras_h5.cpp) share it. Only sources built with HDF5's include folders include this.

#include <hdf5.h>

namespace tl::weights::h5 {

class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
    hid_t get() const { return id_; }
    bool ok() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

}  // namespace tl::weights::h5
