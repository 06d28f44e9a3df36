"""Tests for derive.testing.arrays: the dtypes' rounding and ulps, and arrays of other libraries
converted through __dlpack__, __array__ or their own methods, without importing them."""
from __future__ import annotations

import numpy as np
import pytest
from sympy import Sum, exp

from derive.symbols import i, k, n, z
from derive.testing import assert_implementation
from derive.testing.arrays import DTYPES, host_array, summary

SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))


# --------------------------------------------------------------------------- dtypes

_ROUNDING = [
    ("float16", 1 + 2 ** -11, 1.0), ("float16", 1 + 3 * 2 ** -11, 1 + 2 ** -9), ("float16", 70000.0, np.inf),
    ("bfloat16", 1 + 2 ** -8, 1.0), ("bfloat16", 1 + 3 * 2 ** -8, 1 + 2 ** -6), ("bfloat16", 1e-40, 1e-40),
    ("float32", 1 + 2 ** -24, 1.0), ("float32", 0.1, float(np.float32(0.1))),
    ("float64", 0.1, 0.1),
]


@pytest.mark.parametrize("dtype, value, rounded", _ROUNDING)
def test_rounding_to_nearest_even(dtype, value, rounded):
    got = float(DTYPES[dtype].round(np.array([value]))[0])
    if dtype == "bfloat16" and value == 1e-40:
        assert got != 0.0 and abs(got - value) <= 2.0 ** -133           # subnormal spacing of bfloat16
    else:
        assert got == rounded


@pytest.mark.parametrize("dtype, p, emin", [("float16", 11, -14), ("bfloat16", 8, -126),
                                            ("float32", 24, -126), ("float64", 53, -1022)])
def test_ulps_and_unit_roundoff(dtype, p, emin):
    d = DTYPES[dtype]
    assert d.u == 2.0 ** -p and d.tiny == 2.0 ** emin
    assert d.ulp(np.array([1.0, 1.5, -2.0, 0.0])).tolist() == [2.0 ** (1 - p), 2.0 ** (1 - p),
                                                              2.0 ** (2 - p), 2.0 ** (emin + 1 - p)]


# --------------------------------------------------------------------------- arrays of other libraries

class ArrayOnly:
    """Like a JAX array: __array__ and a dtype."""

    def __init__(self, arr):
        self.arr, self.dtype = arr, arr.dtype

    def __array__(self, dtype=None, copy=None):
        return self.arr


class DLPackOnly:
    """Like a tensor that only speaks DLPack."""

    def __init__(self, arr):
        self.arr, self.dtype = arr, arr.dtype

    def __dlpack__(self, **kwargs):
        return self.arr.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self.arr.__dlpack_device__()


class NeedsDetach(DLPackOnly):
    """Like a PyTorch tensor that requires grad: export fails until detached."""

    def __dlpack__(self, **kwargs):
        raise RuntimeError("Can't export tensors that require gradient, use tensor.detach()")

    def detach(self):
        return DLPackOnly(self.arr)


class OnTheGpu:
    """Like a CuPy array: implicit conversion refused, get() copies to the host."""

    def __init__(self, arr):
        self.arr, self.dtype = arr, arr.dtype

    def __array__(self, dtype=None, copy=None):
        raise TypeError("Implicit conversion to a NumPy array is not allowed")

    @property
    def __cuda_array_interface__(self):
        return {"shape": self.arr.shape, "typestr": self.arr.dtype.str, "version": 3}

    def get(self):
        return self.arr


class WithAGetter(ArrayOnly):
    """An array-like whose get() is not a device copy: a queue's get() would block."""

    def get(self):
        raise AssertionError("get() called on an object that is not on a device")


class HalfBrain:
    """Like a bfloat16 tensor: NumPy cannot hold it, float() widens it."""

    dtype = "torch.bfloat16"

    def __init__(self, arr):
        self.arr = arr

    def __array__(self, dtype=None, copy=None):
        raise TypeError("Got unsupported ScalarType BFloat16")

    def float(self):
        return ArrayOnly(self.arr.astype(np.float32))


_LIKES = [("array-only", ArrayOnly, "float64"), ("dlpack-only", DLPackOnly, "float64"),
          ("needs-detach", NeedsDetach, "float64"), ("gpu", OnTheGpu, "float64"),
          ("bfloat16", HalfBrain, "bfloat16")]


@pytest.mark.parametrize("name, cls, dtype", _LIKES, ids=[x[0] for x in _LIKES])
def test_array_likes_convert_and_keep_their_dtype_name(name, cls, dtype):
    arr, found = host_array(cls(np.array([0.25, 0.75])))
    assert arr.tolist() == [0.25, 0.75] and found == dtype


def test_get_is_called_only_on_device_arrays():
    arr, found = host_array(WithAGetter(np.array([0.25, 0.75])))
    assert arr.tolist() == [0.25, 0.75] and found == "float64"


def test_untyped_python_results_have_no_dtype_and_others_are_refused():
    assert host_array([1.0, 2.0])[1] is None and host_array(0.5)[1] is None
    assert host_array(np.float32(1.0))[1] == "float32"
    with pytest.raises(TypeError, match="builtins.object"):
        host_array(object())


@pytest.mark.parametrize("name, cls, dtype", _LIKES[:4], ids=[x[0] for x in _LIKES[:4]])
def test_assert_implementation_accepts_array_likes(name, cls, dtype):
    def fn(v):
        e = np.exp(v - v.max())
        return cls(e / e.sum())
    assert assert_implementation(fn, SOFTMAX, ns=(1, 4), kinds=("normal", "large")) > 0


def test_summary_shows_short_inputs_whole_and_long_ones_by_their_ends():
    assert summary(np.array([0.5, -1.0])) == "[0.5, -1.0]"
    long = summary(np.arange(100.0))
    assert long.startswith("[0.0, 1.0, 2.0, 3.0, ..., 98.0, 99.0]") and "max 99.0 at index 99" in long
    assert summary(np.zeros((5, 2))).startswith("shape (5, 2): [[0.0, 0.0]")


# --------------------------------------------------------------------------- real tensors, when installed

def test_real_torch_tensors_convert():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional)")
    grad = torch.tensor([0.5, 1.5], requires_grad=True) * 2
    assert host_array(grad) [0].tolist() == [1.0, 3.0] and host_array(grad)[1] == "float32"
    half = torch.tensor([0.5, 1.5], dtype=torch.bfloat16)
    assert host_array(half)[0].tolist() == [0.5, 1.5] and host_array(half)[1] == "bfloat16"


def test_real_jax_arrays_convert():
    jnp = pytest.importorskip("jax.numpy", reason="JAX is not installed (optional)")
    arr, name = host_array(jnp.asarray([0.5, 1.5], dtype=jnp.bfloat16))
    assert arr.astype(np.float64).tolist() == [0.5, 1.5] and name == "bfloat16"
